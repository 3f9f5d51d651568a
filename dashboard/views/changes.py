"""What changed since a date: new positions, shifts (conditional -> support, ...), the quotes
before and after; for countries and for speakers."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.filters import country_positions, current_positions

ORDER = {"support": 0, "conditional": 1, "oppose": 2}


def speaker_changes(rows: pd.DataFrame, since: str, as_of: str) -> pd.DataFrame:
    """One line per speaker whose current position on ``as_of`` is new since ``since`` (no statement
    on or before it) or differs from theirs on ``since``; with the quote before and after."""
    cols = ["speaker", "country", "leader", "role", "change", "before", "after", "before_date", "after_date",
            "before_quote", "after_quote", "source", "url", "quote_type", "before_quote_type"]
    after = current_positions(rows, as_of)
    if after.empty:
        return pd.DataFrame(columns=cols)
    before = current_positions(rows, since)
    key = ["country", "leader"]
    b = before.set_index(key) if not before.empty else pd.DataFrame(columns=["position", "date", "quote"])
    out = []
    for _, r in after.iterrows():
        k = (r["country"], r["leader"])
        was = b.loc[k] if k in b.index else None
        if was is not None and was["position"] == r["position"]:
            continue
        if was is None and str(r["date"]) <= since:
            continue
        out.append({
            "speaker": r["speaker"], "country": r["country"], "leader": r["leader"], "role": r.get("role", ""),
            "change": "new" if was is None else f"{was['position']} → {r['position']}",
            "before": "" if was is None else was["position"], "after": r["position"],
            "before_date": "" if was is None else was["date"], "after_date": r["date"],
            "before_quote": "" if was is None else was["quote"], "after_quote": r["quote"],
            "source": r.get("source", ""), "url": r.get("url", ""), "quote_type": r.get("quote_type", ""),
            "before_quote_type": "" if was is None else was.get("quote_type", ""),
        })
    d = pd.DataFrame(out, columns=cols)
    return d.sort_values(["change", "country", "speaker"], kind="stable").reset_index(drop=True)


def country_changes(rows: pd.DataFrame, since: str, as_of: str) -> pd.DataFrame:
    """One line per country whose position (the map's and the headline's) is new or shifted."""
    cols = ["country", "change", "before", "after", "decided_before", "decided_after"]
    cur = current_positions(rows, as_of)
    if cur.empty:
        return pd.DataFrame(columns=cols)
    after = country_positions(cur).set_index("country")
    prev = current_positions(rows, since)
    before = country_positions(prev).set_index("country") if not prev.empty else None
    out = []
    for country, r in after.iterrows():
        was = before.loc[country] if before is not None and country in before.index else None
        if was is not None and was["position"] == r["position"]:
            continue
        out.append({"country": country,
                    "change": "new" if was is None else f"{was['position']} → {r['position']}",
                    "before": "" if was is None else was["position"], "after": r["position"],
                    "decided_before": "" if was is None else (was["leader"] or f"{country} government"),
                    "decided_after": r["leader"] or f"{country} government"})
    return pd.DataFrame(out, columns=cols)


def render(ctx) -> None:
    import streamlit as st
    from dashboard.export import quote_display
    from dashboard.filters import parse_date, restrict_positions
    from dashboard.views import common
    from dashboard.views.common import md

    if not ctx.present:
        st.subheader("What changed")
    if ctx.df.empty:
        return common.no_data()
    if "changes_since" not in st.session_state:
        url = parse_date(st.query_params.get("since") or "")
        st.session_state["changes_since"] = url or (ctx.as_of - dt.timedelta(days=30))
    if not ctx.present:
        st.date_input("Since", key="changes_since", max_value=ctx.as_of,
                      help="Positions on this day against the positions on the as-of date.")
    since = st.session_state["changes_since"]
    rows = ctx.base
    # the position filter keeps the changes that end in a chosen position
    countries = restrict_positions(country_changes(rows, since.isoformat(), ctx.as_of.isoformat())
                                   .rename(columns={"after": "position"}), ctx.filters)
    speakers = restrict_positions(speaker_changes(rows, since.isoformat(), ctx.as_of.isoformat())
                                  .rename(columns={"after": "position"}), ctx.filters)
    st.caption(f"Between {since.isoformat()} and {ctx.as_of.isoformat()}: {len(countries)} country "
               f"position(s) new or shifted, {len(speakers)} speaker(s).")
    st.markdown("**Countries**")
    if countries.empty:
        st.info("No country's position is new or shifted in this period.")
    else:
        st.dataframe(countries, hide_index=True, key="changes_countries", placeholder=common.EMPTY_CELL,
                     width="stretch", column_config={
                         "country": "Country", "change": "Change", "before": f"On {since.isoformat()}",
                         "position": f"On {ctx.as_of.isoformat()}", "decided_before": "Decided then by",
                         "decided_after": "Decided now by"})
    st.markdown("**Speakers: the quote before and after**")
    for i, r in speakers.iterrows():
        with st.container(border=True, key=f"changes-quotecard-{i}"):
            st.markdown(f"**{md(r['speaker'])}** ({md(r['country'])}) · **{md(r['change'])}**")
            if r["before_quote"]:
                text, _ = quote_display({"quote": r["before_quote"], "quote_type": r["before_quote_type"]})
                st.markdown(f"Before ({md(r['before_date'])}, {md(r['before'])}): {md(text)}")
            text, who = quote_display({**r.to_dict(), "quote": r["after_quote"]})
            st.markdown(f"After ({md(r['after_date'])}, {md(r['position'])}): {md(text)}")
            st.caption(md(who))
