"""Support vs opposition: current position per country and per leader (diverging bars)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.views import common
from dashboard.views.common import Context, md


def render(ctx: Context) -> None:
    if ctx.df.empty:
        st.subheader("Support vs opposition")
        return common.no_data()
    if ctx.current.empty:
        st.subheader("Support vs opposition")
        return common.no_match(ctx, "support")
    if ctx.present:
        # a projector: the country chart first and full width, in large type; the rest below the fold
        common.show_chart(common.kept_chart(ctx, charts.country_bar, ctx.countries, row_px=46),
                          "chart_support_country", present=True)
        _metrics(ctx)
        common.show_chart(common.kept_chart(ctx, charts.leader_bar, ctx.current, row_px=46),
                          "chart_support_leader", present=True)
        return
    st.subheader("Support vs opposition")
    st.caption(
        f"Positions as they stood on {ctx.as_of.isoformat()}: each speaker's latest statement on or "
        "before that day. A country's position is its head of government/state's; without one, the "
        "most frequent among its speakers. Click a bar to see the quotes behind it."
    )
    _metrics(ctx)

    by_country, by_leader = st.columns(2)
    with by_country:
        chart = common.kept_chart(ctx, charts.country_bar, ctx.countries)
        common.show_chart(chart, "chart_support_country")
        common.chart_downloads(chart, "support-by-country", "support_country", ctx=ctx)
    with by_leader:
        chart = common.kept_chart(ctx, charts.leader_bar, ctx.current)
        common.show_chart(chart, "chart_support_leader")
        n = len(ctx.current)
        if n > charts.MAX_LEADERS:
            st.caption(f"Showing the {charts.MAX_LEADERS} most-quoted of {n} speakers; narrow with the filters.")
        common.chart_downloads(chart, "support-by-leader", "support_leader", ctx=ctx)

    if ctx.focus:
        st.markdown(f"**Quotes behind your selection:** {md(common.focus_text(ctx.focus))}")
        st.button("Clear the chart selection", key="clear_focus_support", on_click=common.clear_focus)
        rows = common.apply_focus(ctx.base[ctx.base["date"] <= ctx.as_of.isoformat()], ctx.focus)
        common.quote_table(rows, key="support_focus_quotes")

    if not ctx.present:
        # drawn only once opened: a table on the first screen costs the browser its grid code
        table_box = st.expander("Country table", key="support_country_box", on_change="rerun")
        if not table_box.open:
            return
        with table_box:
            # the country's position and who decides it first, the speakers behind it after
            table = ctx.countries[["country", "position", "leader", "role", "basis", "support", "conditional",
                                   "oppose", "speakers", "latest"]]
            st.dataframe(table, hide_index=True, key="support_country_table",
                         placeholder=common.EMPTY_CELL)
            common.table_download(table, "country-positions", "support_countries", ctx=ctx)


def european(countries: pd.DataFrame) -> pd.DataFrame:
    """The European countries among them (not the EU/NATO officials, not the countries the map
    lists as outside its Europe frame)."""
    from dashboard.filters import ORGANISATIONS
    from dashboard.views.map import _outside_europe
    return countries[~countries["country"].isin(set(ORGANISATIONS) | _outside_europe())]


def _metrics(ctx: Context) -> None:
    if not ctx.present:
        st.toggle("Count European countries only", key="kpi_europe",
                  help="Leave out the United States, Canada and other countries outside Europe, and the "
                       "EU and NATO officials.")
    only_europe = bool(st.session_state.get("kpi_europe"))
    shown = european(ctx.countries) if only_europe else ctx.countries
    counts = shown["position"].value_counts()
    cols = st.columns(3)
    where = "European countries" if only_europe else "Countries"
    for col, pos in zip(cols, charts.POSITIONS):
        col.metric(f"{where}: {charts.POSITION_LABELS[pos].lower()}", int(counts.get(pos, 0)))
