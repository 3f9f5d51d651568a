"""Timeline: each leader's (or country's) statements over time."""
from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.filters import restrict_positions
from dashboard.views import common
from dashboard.views.common import Context


def render(ctx: Context) -> None:
    if not ctx.present:
        st.subheader("Timeline")
    if ctx.df.empty:
        return common.no_data()
    rows = restrict_positions(ctx.base, ctx.filters)
    rows = rows[(rows["date"] != "") & (rows["date"] <= ctx.as_of.isoformat())]
    if rows.empty:
        return common.no_match(ctx, "timeline")
    common.seed_from_url("timeline_by", "lanes", ["leader", "country"])
    if ctx.present:   # no widgets on a projector: the lanes come from the link (?lanes=country)
        by = st.session_state["timeline_by"]
    else:
        by = st.radio("One line per", ["leader", "country"], horizontal=True, key="timeline_by")
    chart = common.kept_chart(ctx, charts.timeline_chart, rows, by="speaker" if by == "leader" else "country",
                              as_of=ctx.as_of)
    common.show_chart(chart, "chart_timeline", selectable=False, present=ctx.present)
    st.caption(f"Statements up to the as-of date ({ctx.as_of.isoformat()}, dashed line). "
               "Per country, a change of leader shows as a change of colour on the same line.")
    if not ctx.present:
        common.chart_downloads(chart, "timeline", "timeline", ctx=ctx)
