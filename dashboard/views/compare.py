"""Compare topics: each country's position on topic A beside topic B (who backs troops for Ukraine
but resists the spending target), one row per country, and the quotes behind each cell.

Each side is the country position the map and the headline counts use
(``filters.country_positions``, through the same cached ``data.summary``), under the same
sidebar filters and as-of date; only the topic differs."""
from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard import topics as tp
from dashboard.views import common
from dashboard.views.common import Context, md

KEY_A, KEY_B, KEY_COUNTRY = "compare_a", "compare_b", "compare_country"
OTHER_STATEMENTS = 10   # cards per cell below its deciding quote


def _summary(ctx: Context, topic: str):
    """(speakers' current positions, country positions) of one topic under the sidebar filters."""
    return data.summary(ctx.df, dataclasses.replace(ctx.filters, topics=[topic]), ctx.as_of)


def chosen_pair(ctx: Context) -> tuple[str, str]:
    """Topic A and topic B: the reader's choice when both are still in the data, else the topic the
    views show and the first other one."""
    names = ctx.topics
    a = st.session_state.get(KEY_A)
    b = st.session_state.get(KEY_B)
    if a not in names:
        a = ctx.topic if ctx.topic in names else names[0]
    if b not in names:
        b = next((t for t in names if t != a), a)
    return a, b


def pair(ctx: Context) -> tuple[str, str, pd.DataFrame] | None:
    """(label A, label B, comparison table) for the briefing pack; None with fewer than two topics."""
    if len(ctx.topics) < 2:
        return None
    a, b = chosen_pair(ctx)
    if a == b:
        return None
    return tp.topic_label(a), tp.topic_label(b), _table(ctx, a, b)


def _table(ctx: Context, a: str, b: str) -> pd.DataFrame:
    return tp.restrict(tp.compare(_summary(ctx, a)[1], _summary(ctx, b)[1]), ctx.filters.positions)


def render(ctx: Context) -> None:
    if not ctx.present:
        st.subheader("Compare topics")
    if ctx.df.empty:
        return common.no_data()
    if len(ctx.topics) < 2:
        st.info("The data holds one topic; add articles on another topic to compare them.")
        return
    a, b = chosen_pair(ctx)
    if not ctx.present:
        st.session_state.setdefault(KEY_A, a)
        st.session_state.setdefault(KEY_B, b)
        c1, c2 = st.columns(2)
        a = c1.selectbox("Topic A", ctx.topics, key=KEY_A, format_func=tp.topic_label)
        b = c2.selectbox("Topic B", ctx.topics, key=KEY_B, format_func=tp.topic_label)
    if a == b:
        st.warning("Choose two different topics.")
        return
    label_a, label_b = tp.topic_label(a), tp.topic_label(b)
    table = _table(ctx, a, b)
    if table.empty:
        return common.no_match(ctx, "compare")
    chart = tp.compare_chart(table, label_a, label_b, row_px=46 if ctx.present else 28,
                             font=24 if ctx.present else 13)
    common.show_chart(chart, "chart_compare", present=ctx.present)
    if ctx.present:
        return
    st.caption(f"Positions as they stood on {ctx.as_of.isoformat()}, each topic decided as in the other views "
               "(the head of government/state's latest statement, else the most frequent among the speakers). "
               "Grey: no statement on that topic. Click a row for the quotes behind it."
               + (" Countries holding a selected position on either topic." if ctx.filters.positions else ""))
    common.chart_downloads(chart, f"compare-{a}-{b}", "compare", ctx=ctx)
    with st.expander("Comparison table"):
        st.dataframe(table, hide_index=True, key="compare_table", placeholder=common.EMPTY_CELL,
                     column_config={
                         "country": st.column_config.TextColumn("Country"),
                         "position_a": st.column_config.TextColumn(label_a),
                         "position_b": st.column_config.TextColumn(label_b),
                         "speaker_a": st.column_config.TextColumn(f"Decided by ({label_a})"),
                         "date_a": st.column_config.TextColumn("On", width="small"),
                         "speaker_b": st.column_config.TextColumn(f"Decided by ({label_b})"),
                         "date_b": st.column_config.TextColumn("On", width="small"),
                     })
        common.table_download(table, f"compare-{a}-{b}", "compare", ctx=ctx)
    _quotes(ctx, table, (a, label_a), (b, label_b))


def _quotes(ctx: Context, table: pd.DataFrame, *sides: tuple[str, str]) -> None:
    """The quotes behind one row: the country a chart click picked, or the one chosen here."""
    countries = list(table["country"])
    clicked = (ctx.focus or {}).get("country") or []
    if clicked and clicked[0] in countries and st.session_state.get("_compare_clicked") != clicked[0]:
        st.session_state[KEY_COUNTRY] = clicked[0]     # a new click moves the choice; a later choice stays
    st.session_state["_compare_clicked"] = clicked[0] if clicked else None
    if st.session_state.get(KEY_COUNTRY) not in countries:
        st.session_state[KEY_COUNTRY] = countries[0]
    st.markdown("#### Quotes behind a row")
    country = st.selectbox("Country", countries, key=KEY_COUNTRY)
    row = table[table["country"] == country].iloc[0]
    for col, (topic, label), s in zip(st.columns(2), sides, ("a", "b")):
        with col:
            st.markdown(f"**{md(label)}: {md(tp.with_glyph(row[f'position_{s}']))}**")
            _cell_quotes(ctx, topic, country, s)


def _cell_quotes(ctx: Context, topic: str, country: str, side: str) -> None:
    from dashboard.export import deciding_rows
    current, countries = _summary(ctx, topic)
    mine = countries[countries["country"] == country]
    if mine.empty:
        st.caption("No statement on this topic on or before the as-of date.")
        return
    decider = deciding_rows(current, mine.reset_index(drop=True))
    who, basis = mine["leader"].iloc[0] or f"{country} (government)", str(mine["basis"].iloc[0])
    why = "the head of government/state" if basis.startswith("head of") else basis
    st.caption(f"Decided by {md(who)} ({md(why)}):")
    common.quote_cards(decider, key=f"compare-{side}-decides", limit=1)
    day = ctx.as_of.isoformat()
    base = data.base_rows(ctx.df, dataclasses.replace(ctx.filters, topics=[topic]))
    rows = base[(base["country"] == country) & (base["date"] != "") & (base["date"] <= day)]
    shown = decider[["article_id", "quote"]].astype(str).agg("\0".join, axis=1).tolist()
    others = rows[~rows[["article_id", "quote"]].astype(str).agg("\0".join, axis=1).isin(shown)]
    if not others.empty:
        st.caption(f"Other statements on this topic ({len(others)}; the newest {min(len(others), OTHER_STATEMENTS)}):")
        common.quote_cards(others, key=f"compare-{side}-others", limit=OTHER_STATEMENTS)
