"""Map: countries coloured by their current position (map file shipped in data/)."""
from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.filters import ORGANISATIONS
from dashboard.views import common
from dashboard.views.common import Context, md


def render(ctx: Context) -> None:
    if not ctx.present:   # on a projector the view switcher names the view
        st.subheader("Map")
    if ctx.df.empty:
        return common.no_data()
    if ctx.countries.empty:
        return common.no_match(ctx, "map")
    if ctx.topo is None:
        st.error("The map file data/countries-110m.json is missing; the table below has the same data.")
        st.dataframe(ctx.countries, hide_index=True, placeholder=common.EMPTY_CELL)
        return
    common.seed_from_url("map_region", "scope", ["Europe", "World"])
    if ctx.present:   # no widgets on a projector: the frame comes from the link (?scope=World)
        region = st.session_state["map_region"]
    else:
        region = st.radio("Frame", ["Europe", "World"], horizontal=True, key="map_region",
                          label_visibility="collapsed")
    chart = common.kept_chart(ctx, charts.map_chart, ctx.countries, ctx.codes, ctx.topo, region=region,
                              title=None if ctx.present else "Current position by country")
    common.show_chart(chart, "chart_map", present=ctx.present, legend="right")
    _, off = charts.map_data(ctx.countries, ctx.codes)
    orgs = [o for o in off if o in ORGANISATIONS]
    unknown = [o for o in off if o not in ORGANISATIONS]
    notes = [f"Positions as they stood on {ctx.as_of.isoformat()}. Grey: no statement."]
    if orgs:
        notes.append(f"Not countries, so not on the map: {md(', '.join(orgs))}.")
    if unknown:
        notes.append(f"No map code for: {md(', '.join(unknown))} (add them to data/country_codes.csv).")
    if region == "Europe":
        outside = ctx.countries[ctx.countries["country"].isin(_outside_europe())]
        if not outside.empty:
            listed = ", ".join(f"{c} ({p})" for c, p in zip(outside["country"], outside["position"]))
            notes.append(f"Outside this frame: {md(listed)}; switch to World.")
    notes.append("Small states (Malta, Liechtenstein, ...) are too small for this map; see the table.")
    st.caption(" ".join(notes))
    if not ctx.present:
        common.chart_downloads(chart, "map", "map", ctx=ctx)
    if ctx.focus:
        st.markdown(f"**Quotes behind your selection:** {md(common.focus_text(ctx.focus))}")
        st.button("Clear the chart selection", key="clear_focus_map", on_click=common.clear_focus)
        rows = common.apply_focus(ctx.base[ctx.base["date"] <= ctx.as_of.isoformat()], ctx.focus)
        common.quote_table(rows, key="map_focus_quotes")


def _outside_europe() -> set[str]:
    return {"United States", "Canada", "Mexico", "Brazil", "Argentina", "Australia", "New Zealand",
            "Japan", "South Korea", "North Korea", "China", "India", "Pakistan", "Indonesia",
            "South Africa", "Saudi Arabia", "United Arab Emirates", "Qatar", "Iran", "Iraq"}
