"""Coalition Positions — who supports, who hedges and who opposes, one policy question (topic) at a time.

Run: ``streamlit run dashboard/app.py``.  Layout: sidebar filters (they apply to
every view and live in the URL), one tab per view, or presentation mode
(``?present=1``: big type, no sidebar, one view per screen chosen by ``?view=``).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import data  # noqa: E402
from dashboard import topics as topics_mod  # noqa: E402
from dashboard.filters import (  # noqa: E402
    POSITIONS, Filters, restrict_positions,
)
from dashboard.views import (  # noqa: E402
    add, changes, coalitions, common, compare, map as map_view, methodology, quotes, support, timeline,
)

VIEWS = {  # URL slug -> (tab label, renderer)
    "support": ("Support vs opposition", support.render),
    "map": ("Map", map_view.render),
    "timeline": ("Timeline", timeline.render),
    "coalitions": ("Coalitions", coalitions.render),
    "quotes": ("Quote explorer", quotes.render),
    "changes": ("What changed", changes.render),
    "compare": ("Compare topics", compare.render),   # only when the data holds two topics or more
    "method": ("Methodology", methodology.render),
    "add": ("Add articles", add.render),
}
LABEL_TO_SLUG = {label: slug for slug, (label, _) in VIEWS.items()}
SHORT_LABELS = {"Support vs opposition": "Support", "Quote explorer": "Quotes", "What changed": "Changes",
                "Methodology": "Method", "Compare topics": "Compare"}
TAB_KEY = "view_tab"
# sidebar widget keys -> Filters attribute
WIDGETS = {"f_country": "countries", "f_leader": "leaders", "f_position": "positions",
           "f_source": "sources", "f_topic": "topics", "f_from": "date_from", "f_to": "date_to",
           "f_as_of": "as_of"}
MIN_DATE = dt.date(1990, 1, 1)

# Presentation: every text >= 24 px (a 1280x720 projector), little chrome above the first chart,
# quote cards in large type (their containers' keys hold "quotecard").
PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"], [data-testid="stElementToolbar"] {display: none;}
html, body, [data-testid="stAppViewContainer"] {font-size: 24px;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li, button p {font-size: 24px !important;}
h1 {font-size: 2.4rem !important;} h2, h3 {font-size: 1.6rem !important; padding: 0.2rem 0 !important;}
[data-testid="stMetricValue"] {font-size: 2.6rem;} [data-testid="stMetricLabel"] p {font-size: 24px !important;}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p, .stCaption {font-size: 24px !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 0.6rem !important; max-width: 100%;}
[class*="quotecard"] [data-testid="stMarkdownContainer"] p {font-size: 32px !important; line-height: 1.35;}
[data-testid="stButtonGroup"] button {padding-left: 0.6rem !important; padding-right: 0.6rem !important;}
</style>
"""


def _qp_all(key: str) -> list[str]:
    try:
        return list(st.query_params.get_all(key))
    except Exception:
        return []


def _qp_one(key: str, default: str = "") -> str:
    vals = _qp_all(key)
    return vals[-1] if vals else default


def _sanitize(f: Filters, df) -> Filters:
    """Drop URL values that are not in the data (a stale or hand-edited link)."""
    known = data.options(df)   # kept per version of the table
    f.countries = [c for c in f.countries if c in set(known["country"])]
    f.leaders = [s for s in f.leaders if s in set(known["speaker"])]
    f.sources = [s for s in f.sources if s in set(known["source"])]
    f.topics = [t for t in f.topics if t in set(known["topic"])]
    f.positions = [p for p in f.positions if p in POSITIONS]
    return f


def newest_statement(df) -> dt.date:
    """The default "as of": the newest statement, not today (a months-old data set must not read
    as today's); today only when nothing is dated."""
    newest = data.options(df)["newest"]   # kept per version of the table
    return dt.date.fromisoformat(newest) if newest else dt.date.today()


def _clear_filters() -> None:
    for key in WIDGETS:
        if key in ("f_as_of", "f_topic"):   # the topic is the question asked, not a narrowing filter
            continue
        st.session_state[key] = [] if key not in ("f_from", "f_to") else None
    st.session_state["f_q"] = ""
    st.session_state["_search"] = ""
    st.session_state["focus"] = {}


def _sidebar(df, url: Filters) -> Filters:
    """Filter widgets, seeded from the URL the first time they appear."""
    seed = {"f_country": url.countries, "f_leader": url.leaders, "f_position": url.positions,
            "f_source": url.sources, "f_topic": topics_mod.chosen_topic(df, url.topics), "f_from": url.date_from,
            "f_to": url.date_to, "f_as_of": url.as_of or newest_statement(df)}
    newest = newest_statement(df)
    # "as of" left at its default follows the newest statement (an article just added is newer);
    # a date the reader chose stays
    default = st.session_state.get("_as_of_default")
    # only on a change: writing a widget's own value back each run would make the page rerun forever
    if default is not None and newest != default and st.session_state.get("f_as_of") == default:
        st.session_state["f_as_of"] = newest
    st.session_state["_as_of_default"] = newest
    for key, value in seed.items():
        if key not in st.session_state:
            st.session_state[key] = value
    names = topics_mod.topics_in(df)
    if st.session_state.get("f_topic") not in names:   # a topic whose rows were all removed
        st.session_state["f_topic"] = topics_mod.chosen_topic(df, None)
    sb = st.sidebar
    sb.header("Filters")
    sb.caption("They apply to every view, and the page address keeps them: share the link.")
    sb.date_input("As of", key="f_as_of", min_value=MIN_DATE, max_value=dt.date.today() + dt.timedelta(days=366),
                  help="Positions as they stood on this day: statements after it are ignored everywhere.")
    known = data.options(df)   # the choices, kept per version of the table
    sb.multiselect("Country", known["country"], key="f_country")
    sb.multiselect("Leader", known["speaker"], key="f_leader")
    sb.multiselect("Position", list(POSITIONS), key="f_position")
    c1, c2 = sb.columns(2)
    c1.date_input("From", key="f_from", min_value=MIN_DATE, max_value=dt.date.today() + dt.timedelta(days=366))
    c2.date_input("To", key="f_to", min_value=MIN_DATE, max_value=dt.date.today() + dt.timedelta(days=366))
    sources = known["source"]
    if sources:
        sb.multiselect("Source", sources, key="f_source")
    if len(names) > 1:   # one topic at a time: positions on two questions are never counted together
        sb.selectbox("Topic", names, key="f_topic", format_func=topics_mod.topic_label,
                     help="Every view and the briefing pack show this topic; Compare topics puts two side by side.")
    sb.button("Clear the filters", key="clear_sidebar", on_click=_clear_filters)
    f = Filters()
    for key, attr in WIDGETS.items():
        if key in st.session_state:
            setattr(f, attr, st.session_state[key])
    f.positions = list(f.positions or [])
    return f


def _one_topic(f: Filters, df) -> Filters:
    """The filters on exactly one topic (the selector's, the link's, else the default one)."""
    name = topics_mod.chosen_topic(df, f.topics)
    f.topics = [name] if name else []
    return f


SHOWN_PROBLEMS = 10   # damage listed in the open; the rest in an expander


def _load_problems(problems: list[str], n_rows: int) -> None:
    """Damage in the data folder, in the open: how many rows were shown, then the problem lines."""
    problem = data.load_registry().attrs.get("problem")
    if problem:
        problems = [f"articles.csv cannot be read, so no article can be added or removed: {problem}"] + problems
    if not problems:
        return
    st.error(f"⚠ {len(problems)} problem(s) in the data folder: {n_rows:,} good row(s) are shown; "
             "the lines below name each damage (file, line, column) and what was done with it.")
    for p in problems[:SHOWN_PROBLEMS]:
        st.text(p)
    if len(problems) > SHOWN_PROBLEMS:
        with st.expander(f"{len(problems) - SHOWN_PROBLEMS} more problem(s)"):
            for p in problems[SHOWN_PROBLEMS:]:
                st.text(p)


def _briefing(ctx: common.Context, where) -> None:
    try:
        from dashboard import export
    except Exception:
        return
    if ctx.df.empty:
        return
    from dashboard import pack
    data.in_background("renderer", export.warm_renderer)   # once per server, when it is idle

    def inputs():
        # no copy of every row when all are dated in time
        rows = restrict_positions(ctx.base, ctx.filters)
        dated = (rows["date"] != "") & (rows["date"] <= ctx.as_of.isoformat())
        rows = rows if dated.all() else rows[dated]
        # the charts paged (15 bars or 10 lanes a page), so every label is legible on paper; kept per
        # view, so the PDF and the PPTX (and a second click) share the charts and their images
        figs = pack.kept_pack(ctx.key, lambda: pack.pack_charts(ctx.countries, ctx.current, rows, ctx.codes,
                                                                ctx.topo, ctx.as_of))
        return rows, figs

    def build(render) -> bytes:
        rows, figs = inputs()
        # with a second topic in the data, a page of this topic beside another (the comparison view's pair)
        pair = compare.pair(ctx) if len(ctx.topics) > 1 else None
        title = f"Coalition Positions — {ctx.topic_label}" if ctx.topic else "Coalition Positions — briefing"
        return render(rows.drop(columns=["speaker"], errors="ignore"), figs, ctx.as_of.isoformat(), title,
                      topic_label=ctx.topic_label or None, comparison=pair)

    if ctx.key is not None:
        # the pack's pictures are most of a briefing's time (seconds at 100k rows): drawn while the
        # reader looks at the view, so the click finds them; only for the newest view asked for
        _PACK_WANTED[0] = ctx.key
        data.in_background(("pack", ctx.key), _draw_pack, ctx.key, inputs)
    about = "Charts, country table and key quotes for the current filters and as-of date."
    name = common.file_name("briefing", ctx)
    where.download_button("Briefing pack (PDF)", data=lambda: build(export.briefing_pdf), file_name=f"{name}.pdf",
                          mime="application/pdf", key="briefing_pdf", on_click="ignore", help=about)
    where.download_button("Briefing slides (PPTX)", data=lambda: build(export.briefing_pptx), file_name=f"{name}.pptx",
                          mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                          key="briefing_pptx", on_click="ignore", help=about)


_PACK_WANTED: list = [None]   # the view key whose pack pictures the background should draw


def _draw_pack(key, inputs) -> None:
    """Background task: the briefing's chart pictures for view ``key``, unless a newer view was
    asked for since (its own task draws that one)."""
    if _PACK_WANTED[0] != key:
        return
    from dashboard import export
    rows, figs = inputs()
    # each chart waits while the app is busy: a drawing freezes the server for its duration (data.IDLE)
    export.print_images(figs, export.freshness(rows.drop(columns=["speaker"], errors="ignore"),
                                               key[-1].isoformat()), before_each=data.wait_idle)


def _write_query(f: Filters, view: str, present: bool, focus: dict) -> None:
    q: dict = {"view": view, **f.to_query()}
    if present:
        q["present"] = "1"
    since = st.session_state.get("changes_since")
    if view == "changes" and since:
        q["since"] = since.isoformat()
    for key, param in common.URL_STATE.items():   # map frame, timeline lanes
        value = st.session_state.get(key)
        if value and (view == {"map_region": "map", "timeline_by": "timeline"}[key] or param in st.query_params):
            q[param] = value
    for fieldname, values in (focus or {}).items():
        if values:
            q[f"focus_{'leader' if fieldname == 'speaker' else fieldname}"] = list(values)
    want = {k: (list(v) if isinstance(v, list) else [v]) for k, v in q.items()}
    have = {k: _qp_all(k) for k in st.query_params}
    if want != have:
        st.query_params.from_dict(q)


def main() -> None:
    st.set_page_config(page_title="Coalition Positions", page_icon="🤝", layout="wide")
    df, problems = data.load_table()   # one shared frame per version of the data: never modified

    # --- state from the URL, once per session or whenever the widgets are absent
    present = _qp_one("present") in ("1", "true", "yes")
    if "present_toggle" in st.session_state:
        present = bool(st.session_state["present_toggle"]) if not present else present
    url_f = _sanitize(Filters.from_query(_qp_all), df)
    view = _qp_one("view", "support")
    if view not in VIEWS:
        view = "support"
    if "focus" not in st.session_state:
        focus = {}
        if _qp_all("focus_country"):
            focus["country"] = _qp_all("focus_country")
        if _qp_all("focus_leader"):
            focus["speaker"] = _qp_all("focus_leader")
        st.session_state["focus"] = focus
    if "_search" not in st.session_state:
        st.session_state["_search"] = url_f.search
    if "f_q" in st.session_state:
        st.session_state["_search"] = st.session_state["f_q"]
    elif not present:
        st.session_state["f_q"] = st.session_state["_search"]

    if present:
        f = url_f
        f.as_of = f.as_of or newest_statement(df)
        st.markdown(PRESENT_CSS, unsafe_allow_html=True)  # static CSS only, never data
    else:
        f = _sidebar(df, url_f)
        st.sidebar.divider()
        st.sidebar.toggle("Presentation mode", key="present_toggle",
                          help="Big type, no sidebar, one view per screen (or add ?present=1 to the link).")
    f = _one_topic(f, df)
    f.search = st.session_state.get("_search", "")
    as_of = f.as_of or newest_statement(df)

    cur_all, countries_all = data.summary(df, f, as_of)   # kept per filter and date
    former = common.former_holders(cur_all["leader"] if "leader" in cur_all else [], as_of)
    # a new frame, not the cached one changed in place
    cur_all = cur_all.assign(former=cur_all["leader"].isin(former) if len(cur_all) else pd_bool())
    ctx = common.Context(
        df=df, filters=f, as_of=as_of, base_rows=lambda: data.base_rows(df, f),
        current=restrict_positions(cur_all, f),
        countries=restrict_positions(_with_former(countries_all, former), f),
        codes=data.load_country_codes(), topo=data.load_topo(), present=present,
        focus=st.session_state.get("focus", {}), clear_filters=_clear_filters,
        topic=f.topics[0] if f.topics else "", topics=topics_mod.topics_in(df),
        key=data.view_key(df, f, as_of),
    )

    ctx.note = plain_note = data.freshness(df, f, as_of)   # kept per filter and date
    if ctx.topic:   # every chart image, page and slide says which question it answers
        ctx.note = f"{ctx.topic_label} · {ctx.note}"
    # the comparison needs two topics; a link to it on data with one opens the first view
    views = {slug: v for slug, v in VIEWS.items() if slug != "compare" or len(ctx.topics) > 1}
    if view not in views:
        view = "support"
    if present:
        top = st.columns([7, 1])
        labels = [label for slug, (label, _) in views.items() if slug != "add"]
        if st.session_state.get("present_view") not in labels:
            st.session_state["present_view"] = VIEWS.get(view, VIEWS["support"])[0] \
                if VIEWS.get(view, VIEWS["support"])[0] in labels else labels[0]
        # short names, so every view fits one row on a 1280 px projector in 24 px type
        chosen = top[0].segmented_control("View", labels, key="present_view", label_visibility="collapsed",
                                          format_func=lambda label: SHORT_LABELS.get(label, label))
        chosen = chosen or labels[0]
        if top[1].button("Exit", key="exit_present", help="Leave presentation mode"):
            st.session_state["present_toggle"] = False
            present = False
            _write_query(f, LABEL_TO_SLUG[chosen], False, ctx.focus)
            st.rerun()
        view = LABEL_TO_SLUG[chosen]
        # one line above the chart on a projector: the topic is named there only when there are several
        _caption_filters(f, as_of, ctx.note if len(ctx.topics) > 1 else plain_note)
        VIEWS[view][1](ctx)
    else:
        st.title("Coalition Positions")
        st.caption(f"{common.md(ctx.topic_label or 'Positions')}: who supports, who hedges, who opposes — "
                   "from statements extracted from news articles.")
        _load_problems(problems, len(df))
        st.markdown(f"**{common.md(ctx.note)}**", help="Every view and export stands on these rows: "
                    "the statements on or before the as-of date that the filters keep.")
        _briefing(ctx, st.sidebar)
        labels = [label for label, _ in views.values()]
        if st.session_state.get(TAB_KEY) not in labels:
            st.session_state[TAB_KEY] = views[view][0]
        tabs = st.tabs(labels, key=TAB_KEY, on_change="rerun")
        for tab, (slug, (label, render)) in zip(tabs, views.items()):
            if tab.open:
                view = slug
                with tab:
                    render(ctx)
    _write_query(f, view, present, st.session_state.get("focus", {}))
    if view == "add" or st.session_state.get(add.JOB) is not None:
        data.hold_background()   # a file may be picked at any moment; an extraction wants the cores
    # idle counts from the end of the run: a first visit at 1M rows runs for seconds after the load,
    # and the background's pack (pandas over every row, holding the GIL) then slowed the next click
    data.mark_run()


def pd_bool():
    import pandas as pd
    return pd.Series([], dtype=bool)


def _with_former(countries, former: set[str]):
    countries = countries.copy()
    countries["former"] = countries["leader"].isin(former) if len(countries) else pd_bool()
    return countries


def _caption_filters(f: Filters, as_of: dt.date, note: str = "") -> None:
    parts = [note or f"as of {as_of.isoformat()}", f"as of {as_of.isoformat()}"]
    for name, values in (("countries", f.countries), ("leaders", f.leaders), ("positions", f.positions),
                         ("sources", f.sources)):
        if values:
            parts.append(f"{name}: {', '.join(values)}")
    if f.date_from or f.date_to:
        parts.append(f"statements {f.date_from or '…'} to {f.date_to or '…'}")
    st.caption(common.md(" · ".join(parts)))


# `streamlit run` and AppTest run this file as __main__; a spawned process (the extraction worker)
# imports it as __mp_main__ and must not draw the whole app in bare mode first
if __name__ == "__main__":
    main()
