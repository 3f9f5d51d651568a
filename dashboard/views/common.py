"""Shared bits for the views: the context every view gets, empty states,
download buttons, safe text, the quote table, chart-click focus."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from dashboard.filters import Filters

NO_DATA = ("No data yet: add articles in the **Add articles** tab, "
           "or run `python -m extract` on a folder of articles.")
NO_MATCH = "No rows match: clear the filters (sidebar, or the button below)."


@dataclass
class Context:
    df: pd.DataFrame                 # every loaded row (+ speaker)
    filters: Filters
    as_of: dt.date
    current: pd.DataFrame            # speakers' current positions (position filter applied)
    countries: pd.DataFrame          # country positions (position filter applied)
    codes: pd.DataFrame
    topo: dict | None
    present: bool = False
    focus: dict = field(default_factory=dict)   # {"country": [...]} or {"speaker": [...]}
    clear_filters: object = None     # callback
    note: str = ""                   # "TOPIC · data through DATE · N articles · M statements"
    topic: str = ""                  # the one topic every view shows (its name; "" with no rows)
    topics: list = field(default_factory=list)   # every topic the data holds (dashboard.topics.topics_in)
    key: tuple | None = None         # data version, filters, as-of date (data.view_key): charts are kept per key
    base_rows: object = None         # () -> the rows after the sidebar filters (data.base_rows)
    _base: pd.DataFrame | None = field(default=None, init=False, repr=False)

    @property
    def base(self) -> pd.DataFrame:
        """Rows after the sidebar filters (not position, not as-of), taken the first time a view
        reads them: the support and map views read only the current positions, and a filter keeping
        most of 1M rows took seconds to copy them."""
        if self._base is None:
            self._base = self.base_rows()
        return self._base

    @property
    def topic_label(self) -> str:
        from dashboard.topics import topic_label
        return topic_label(self.topic)


def file_name(stem: str, ctx: "Context | None") -> str:
    """'support-by-country_2025-05-17_France-Poland_oppose': the as-of date and the filters in the
    name, so two downloads of the same chart are told apart."""
    if ctx is None:
        return stem
    f = ctx.filters
    parts = [stem, ctx.as_of.isoformat()]
    if len(ctx.topics) > 1 and ctx.topic:   # with several topics, the name says which one
        parts.insert(1, ctx.topic)
    for values in (f.countries, f.leaders, f.positions, f.sources):
        if values:
            parts.append("-".join(values[:3]) + ("-etc" if len(values) > 3 else ""))
    name = "_".join(parts)
    return re.sub(r"[^A-Za-z0-9._-]+", "", name.replace(" ", "-"))[:120]


# Characters that start markup anywhere in a line (":" for Streamlit's :color[...] / :icon: syntax).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|<>~$:])")
# Characters that are markup only at the start of a line: list items (- + * 1. 1)), rules, setext.
_MD_LINE_START = re.compile(r"^(\s*)(\d+[.)]|[-+=])", re.MULTILINE)


def md(text) -> str:
    """Markdown-escape text from the data (names, titles, file names, error messages) for
    st.markdown / caption / info / error: every markup character becomes a literal, so no
    link, image, HTML tag or emphasis in the data is ever rendered. Plain dots and hyphens
    inside a line are left alone ("empty.txt", "evil-2") since they cannot start markup there."""
    text = _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def no_data() -> None:
    st.info(NO_DATA)


def no_match(ctx: Context, key: str) -> None:
    st.warning(NO_MATCH)
    if ctx.clear_filters is not None:
        st.button("Clear the filters", key=f"clear_{key}", on_click=ctx.clear_filters)


# What st.dataframe shows in a cell with no value. Streamlit draws a missing cell (None, NaN,
# NA) as a grey "None" unless the table gets a placeholder; "" leaves the cell empty. Empty
# links stay missing (None), not "": LinkColumn would make "" a clickable cell opening a
# blank tab, while a missing cell has no link at all. Pass `placeholder=EMPTY_CELL` to every
# st.dataframe.
EMPTY_CELL = ""


def safe_url(url) -> str | None:
    """The link if it is http(s), else None (a missing cell: shown empty, not clickable)."""
    url = "" if url is None else str(url).strip()
    return url if re.match(r"^https?://", url, re.IGNORECASE) else None


def _export():
    try:
        from dashboard import export
    except Exception:  # the module is optional; no buttons without it
        return None
    return export


def chart_downloads(chart: "alt.TopLevelMixin | KeptChart", name: str, key: str, ctx: "Context | None" = None) -> None:
    """PNG + SVG download buttons for a chart (rendered only when clicked); the image carries the
    freshness line under its title, the file name the date and filters."""
    export = _export()
    if export is None:
        return
    chart = chart.chart if isinstance(chart, KeptChart) else chart
    note = ctx.note if ctx is not None else None
    name = file_name(name, ctx)
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button("PNG", icon=":material/download:", help="Download the chart as PNG",
                       data=lambda: export.chart_png(chart, note=note), file_name=f"{name}.png",
                       mime="image/png", key=f"png_{key}", on_click="ignore")
    c2.download_button("SVG", icon=":material/download:", help="Download the chart as SVG",
                       data=lambda: export.chart_svg(chart, note=note), file_name=f"{name}.svg",
                       mime="image/svg+xml", key=f"svg_{key}", on_click="ignore")


def table_download(df, name: str, key: str, label: str = "Download table (CSV)",
                   ctx: "Context | None" = None) -> None:
    """``df``: the table, or a function making it (then only made when the button is clicked)."""
    export = _export()
    if export is None:
        return
    name = file_name(name, ctx)
    st.download_button(label, data=lambda: export.table_csv(df() if callable(df) else df), file_name=f"{name}.csv",
                       mime="text/csv", key=f"csv_{key}", on_click="ignore")


QUOTE_COLUMNS = ["date", "speaker", "role", "country", "position", "quote", "source", "url", "title",
                 "quote_type", "confidence", "corrected", "article_id"]


def with_corrections(df: pd.DataFrame, corrections: pd.DataFrame) -> pd.DataFrame:
    """A ``corrected`` column: 'position: conditional → support (2026-12-01)' for a row a reviewer
    corrected (matched by article, holder and quote hash, dashboard/corrections.py), '' otherwise,
    so views show a correction as one."""
    from dashboard.corrections import mark
    out = df.copy(deep=False)   # copy-on-write: the new column never reaches df (no second copy of the table)
    out["corrected"] = mark(out, corrections).to_numpy() if len(out) else ""
    return out


def newest_first(rows: pd.DataFrame, limit: int | None = None) -> "pd.Index":
    """The positions of ``rows`` newest first (then by country, speaker; stable), sorted on the three
    key columns alone: a sort of the whole frame (quotes, titles, search text) was most of a search
    at 100k rows. The quote table, the cards and their pages all take rows in this order. With
    ``limit``, at least the first ``limit`` positions (only rows dated on or after the limit-th
    newest date are sorted: a search matching a quarter of 1M rows shows 50 of them)."""
    keys = rows.reindex(columns=["date", "country", "speaker"]).reset_index(drop=True)
    if limit is not None and 0 < limit and len(keys) > 4 * limit and not keys["date"].isna().any():
        counts = keys["date"].value_counts().sort_index(ascending=False)
        threshold = counts.index[np.searchsorted(counts.cumsum().to_numpy(), limit)]
        keys = keys[keys["date"] >= threshold]   # every other row is older than all of these
    return keys.sort_values(["date", "country", "speaker"], ascending=[False, True, True], kind="stable").index


def quote_frame(rows: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The quote table's columns, newest first (the newest ``limit``), links only when http(s)."""
    from dashboard.export import UNSOURCED, is_unsourced, text_column
    # Vectorised (a row-by-row safe_url was most of a search at 100k rows); only the rows shown
    # are taken and cleaned.
    order = newest_first(rows, limit).to_numpy()
    if limit is not None:
        order = order[:limit]
    t = rows.reindex(columns=QUOTE_COLUMNS).iloc[order].reset_index(drop=True)
    url = text_column(t, "url")
    t["url"] = url.where(url.str.match(r"https?://", case=False), None)   # safe_url
    src = text_column(t, "source")
    # an outlet, else the link names the source; else the flag
    t["source"] = src.where(src != "", t["url"].fillna("")).where(~is_unsourced(t), UNSOURCED)
    return t


def quote_table(rows: pd.DataFrame, key: str, height: int | str = "auto", limit: int | None = None) -> pd.DataFrame:
    """The quotes as a read-only table (the newest `limit`); returns the table shown."""
    t = quote_frame(rows, limit)
    st.dataframe(
        t, key=key, hide_index=True, height=height, placeholder=EMPTY_CELL,
        column_config={
            "date": st.column_config.TextColumn("Date", width="small"),
            "speaker": st.column_config.TextColumn("Speaker"),
            "role": st.column_config.TextColumn("Role"),
            "country": st.column_config.TextColumn("Country"),
            "position": st.column_config.TextColumn("Position", width="small"),
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "source": st.column_config.TextColumn("Source"),
            "url": st.column_config.LinkColumn("Link", display_text="open ↗"),
            "title": st.column_config.TextColumn("Article"),
            "quote_type": st.column_config.TextColumn("Quote type", width="small"),
            "confidence": st.column_config.NumberColumn("Confidence", format="%.2f", width="small"),
            "corrected": st.column_config.TextColumn("Corrected by a reviewer"),
            "article_id": st.column_config.TextColumn("Article id"),
        },
    )
    return t


# ---- chart clicks ----------------------------------------------------------
FOCUS_FIELDS = {"pick_country": "country", "pick_leader": "speaker"}


def selection_to_focus(selection) -> dict:
    """A chart's selection state -> {"country": [...]} / {"speaker": [...]} ({} if none)."""
    out: dict[str, list[str]] = {}
    sel = (selection or {}).get("selection", {}) if isinstance(selection, dict) or hasattr(selection, "get") else {}
    for param, fieldname in FOCUS_FIELDS.items():
        points = sel.get(param) if hasattr(sel, "get") else None
        if not points:
            continue
        values = []
        for p in points:
            v = p.get(fieldname) if hasattr(p, "get") else None
            if v and v not in values:
                values.append(str(v))
        if values:
            out[fieldname] = values
    return out


def on_chart_select(chart_key: str):
    def _cb():
        state = st.session_state.get(chart_key)
        st.session_state["focus"] = selection_to_focus(state)
    return _cb


class KeptChart:
    """A chart built once per view key (``kept_chart``), with the Vega-Lite spec Streamlit sends for
    it converted once per look: Altair's conversion and schema validation cost more than the rest
    of a rerun at 100k rows."""

    def __init__(self, chart: alt.TopLevelMixin):
        self.chart = chart
        self._specs: dict = {}

    def spec(self, present: bool = False, legend: str = "top") -> dict:
        if (present, legend) not in self._specs:
            from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec   # what st.altair_chart does
            chart = self.chart
            if present:
                from dashboard.charts import for_presentation
                chart = for_presentation(chart, legend=legend)
            self._specs[(present, legend)] = _convert_altair_to_vega_lite_spec(chart)
        return self._specs[(present, legend)]   # Streamlit copies it before changing it


@st.cache_resource(show_spinner=False, max_entries=64)
def _kept(key: tuple, _build) -> KeptChart:
    return KeptChart(_build())


def kept_chart(ctx: "Context", build, *args, **params) -> KeptChart:
    """``build(*args, **params)`` kept per ``ctx.key``: the frames in ``args`` must be ctx's (or
    derived from ctx alone), so the key, the builder and ``params`` say what the chart shows."""
    if ctx.key is None:
        return KeptChart(build(*args, **params))
    return _kept((ctx.key, build.__module__, build.__qualname__, tuple(sorted(params.items()))),
                 lambda: build(*args, **params))


def show_chart(chart: "alt.TopLevelMixin | KeptChart", key: str, selectable: bool = True, present: bool = False,
               legend: str = "top") -> None:
    spec = (chart if isinstance(chart, KeptChart) else KeptChart(chart)).spec(present, legend)
    # A chart that sets its own width (the map: its projection is fixed) keeps it.
    width = "content" if isinstance(spec.get("width"), int) else "stretch"
    if selectable:
        st.vega_lite_chart(spec=spec, key=key, on_select=on_chart_select(key), selection_mode=None, width=width)
    else:
        st.vega_lite_chart(spec=spec, key=key, width=width)


def apply_focus(rows: pd.DataFrame, focus: dict) -> pd.DataFrame:
    for fieldname, values in (focus or {}).items():
        if fieldname in rows.columns and values:
            rows = rows[rows[fieldname].isin(values)]
    return rows


def focus_text(focus: dict) -> str:
    parts = [", ".join(v) for v in (focus or {}).values() if v]
    return "; ".join(parts)


def clear_focus() -> None:
    st.session_state["focus"] = {}


# ---- quotes as cards -------------------------------------------------------
MAX_CARDS = 20   # cards a page: each is three elements the browser lays out on every search


def page_span(n: int, per_page: int, page: int) -> tuple[int, int, int]:
    """(first, last, page) of a page of ``per_page`` among ``n`` items, the page clamped to the range:
    page_span(123, 50, 2) == (100, 123, 2)."""
    pages = max(1, -(-n // per_page))
    page = min(max(0, int(page)), pages - 1)
    return page * per_page, min(n, (page + 1) * per_page), page


def card_pager(n: int, per_page: int, key: str) -> int:
    """'Quotes 7–12 of 123' with Previous / Next: the cards are never silently capped. Returns the
    offset of the page to show (the page is kept in the session, clamped when the rows change)."""
    state = f"{key}_page"
    first, last, page = page_span(n, per_page, st.session_state.get(state, 0))
    st.session_state[state] = page
    pages = max(1, -(-n // per_page))

    def go(step: int):
        def _cb():
            st.session_state[state] = st.session_state.get(state, 0) + step
        return _cb

    c1, c2, c3 = st.columns([4, 1, 1])
    c1.markdown(f"**Quotes {first + 1:,}–{last:,} of {n:,}**" + (f" · page {page + 1} of {pages:,}" if pages > 1 else ""))
    if pages > 1:
        c2.button("← Previous", key=f"{key}_prev", on_click=go(-1), disabled=page == 0)
        c3.button("Next →", key=f"{key}_next", on_click=go(+1), disabled=page >= pages - 1)
    return first


def quote_cards(rows: pd.DataFrame, key: str, limit: int = MAX_CARDS, offset: int = 0) -> int:
    """The quotes as cards, newest first: the full quote wrapped (in marks only when wholly the
    speaker's words), the speaker, role, country, position, date and source (or the unsourced flag),
    and the link; ``limit`` cards from ``offset``. Returns the number of cards shown."""
    from dashboard.export import quote_display, source_text
    t = rows
    if "speaker" not in t:
        from dashboard.filters import with_speaker
        t = with_speaker(t)
    t = t.iloc[newest_first(t, offset + limit).to_numpy()[offset:offset + limit]]   # only the page's rows are taken
    for i, (_, r) in enumerate(t.iterrows()):
        text, who = quote_display(r)
        position = str(r.get("position") or "")
        # the container's key becomes a CSS class (st-key-…-quotecard-N): presentation mode's static
        # CSS sets the card text large; the data itself is only ever escaped Markdown
        with st.container(border=True, key=f"{key}-quotecard-{i}"):
            st.markdown(md(text))
            meta = [f"**{md(who)}**", f"**{md(position)}**", md(r.get('date') or "undated")]
            verbatim = not text.startswith("Reported: ")
            if verbatim:
                meta.append(md(source_text(r)))
            if str(r.get("corrected") or ""):
                meta.append(f"corrected: {md(r.get('corrected'))}")
            st.markdown(" · ".join(meta))
            url = safe_url(r.get("url"))
            if url:
                st.markdown(f"[{md(url)}]({url})")
    return len(t)


# ---- view state kept in the link -------------------------------------------
URL_STATE = {"map_region": "scope", "timeline_by": "lanes"}   # widget key -> query parameter


def seed_from_url(key: str, param: str, choices: list[str]) -> None:
    """A view's widget starts from the link (?scope=World, ?lanes=country); app.py writes it back."""
    if key in st.session_state and st.session_state[key] in choices:
        return
    try:
        wanted = st.query_params.get(param)
    except Exception:
        wanted = None
    st.session_state[key] = wanted if wanted in choices else choices[0]


# ---- former office holders ---------------------------------------------------
def former_holders(names, as_of: dt.date) -> set[str]:
    """The names among ``names`` that held no office on ``as_of`` by data/actors.csv (every line of
    theirs ended before it, or their only role is a 'former …' one): marked '(former)' in views."""
    from dashboard import data
    path = data.data_dir() / "actors.csv"
    if not path.exists():
        return set()
    terms = _terms_of_office(str(path), path.stat().st_mtime)
    day = as_of.isoformat()
    return {name for name in set(n for n in names if n) if name in terms
            and not any(start <= day and (end == "" or end >= day) for start, end in terms[name])}


@st.cache_resource(show_spinner=False)
def _terms_of_office(path: str, mtime: float) -> dict[str, list[tuple[str, str]]]:
    """name -> (start, end) of each of their roles that is not a 'former …' one (one lookup per name:
    a filter over the table per speaker cost seconds at 150 speakers)."""
    actors = pd.read_csv(path, dtype=str, keep_default_na=False)
    terms: dict[str, list[tuple[str, str]]] = {}
    for name, role, start, end in zip(actors["name"], actors["role"], actors["start"], actors["end"]):
        terms.setdefault(name, [])
        if not role.lower().startswith("former"):
            terms[name].append((start, end))
    return terms
