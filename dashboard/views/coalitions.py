"""Coalition membership: the willing, the hedging, the opposed, against the formal groupings."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.views import common
from dashboard.views.common import Context, md

CAMPS = {"support": "willing", "conditional": "hedging", "oppose": "opposed", "": "no statement"}


def members_on(coalitions: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """(grouping, country) pairs that were members on ``as_of``: joined on or before it
    (or no date), and not left on or before it."""
    day = as_of.isoformat()
    c = coalitions.fillna("")
    joined = c["joined"].str.strip()
    left = c["left"].str.strip()
    ok = ((joined == "") | (joined <= day)) & ((left == "") | (left > day))
    return c[ok & (c["country"].str.strip() != "")][["grouping", "country"]].drop_duplicates()


def membership_table(countries: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per country (with a position or in a grouping): position, camp, one
    True/False column per grouping."""
    groupings = sorted(members["grouping"].unique())
    names = sorted(set(countries["country"]) | set(members["country"]))
    pos = dict(zip(countries["country"], countries["position"]))
    basis = dict(zip(countries["country"], countries["basis"]))
    rows = []
    for name in names:
        p = pos.get(name, "") or ""
        row = {"country": name, "camp": CAMPS.get(p, p), "position": p, "basis": basis.get(name, "")}
        mine = set(members.loc[members["country"] == name, "grouping"])
        for g in groupings:
            row[g] = g in mine
        rows.append(row)
    return pd.DataFrame(rows, columns=["country", "camp", "position", "basis", *groupings])


def grouping_sources(coalitions: pd.DataFrame) -> pd.DataFrame:
    """One line per (grouping, source) of data/coalitions.csv, with the member countries it backs."""
    c = coalitions.fillna("")
    c = c.assign(source=c["source"].str.strip().replace("", "unsourced (no source in coalitions.csv)"))
    out = c.groupby(["grouping", "source"], sort=True)["country"].agg(
        lambda s: ", ".join(sorted(set(s) - {""}))).rename("countries").reset_index()
    return out[["grouping", "source", "countries"]]


def render(ctx: Context) -> None:
    if not ctx.present:   # on a projector the view switcher names the view, and the chart comes first
        st.subheader("Coalition membership")
    if ctx.df.empty:
        return common.no_data()
    coalitions, problems = data.load_coalitions()
    for p in problems:
        st.warning(md(p))
    countries = ctx.countries
    if countries.empty:
        return common.no_match(ctx, "coalitions")
    camp_counts = countries["position"].map(CAMPS).value_counts()
    if not ctx.present:
        cols = st.columns(3)
        for col, (pos, camp) in zip(cols, list(CAMPS.items())[:3]):
            col.metric(f"{camp.capitalize()} ({pos})", int(camp_counts.get(camp, 0)))

    if coalitions is None or coalitions.empty:
        st.info("No formal groupings: data/coalitions.csv is missing or empty "
                "(columns grouping,country,joined,left,source). Camps by current position:")
        table = membership_table(countries, pd.DataFrame(columns=["grouping", "country"]))
        st.dataframe(table, hide_index=True, key="coalition_table", placeholder=common.EMPTY_CELL)
        common.table_download(table, "camps", "coalitions", ctx=ctx)
        return

    members = members_on(coalitions, ctx.as_of)
    if ctx.filters.countries:
        members = members[members["country"].isin(ctx.filters.countries)]
    table = membership_table(countries, members)
    groupings = [c for c in table.columns if c not in ("country", "camp", "position", "basis")]
    membership = table.melt(id_vars=["country", "position"], value_vars=groupings,
                            var_name="grouping", value_name="member")
    membership = membership[membership["member"].astype(bool)]
    if ctx.filters.positions:
        membership = membership[membership["position"].isin(ctx.filters.positions)]
        table = table[table["position"].isin(ctx.filters.positions)]

    if not ctx.present:
        st.caption(f"Membership and positions as of {ctx.as_of.isoformat()}. Source: data/coalitions.csv.")
    counts = charts.grouping_counts(membership) if not membership.empty else pd.DataFrame(
        columns=["grouping", "position", "countries"])
    pivot = (counts.pivot_table(index="grouping", columns="position", values="countries",
                                aggfunc="sum", fill_value=0)
             .reindex(columns=[*charts.POSITIONS, "no statement"], fill_value=0)
             .rename(columns={"support": "willing (support)", "conditional": "hedging (conditional)",
                              "oppose": "opposed (oppose)"}))
    pivot["members"] = pivot.sum(axis=1)
    # chart, then the counts full width (a narrow column cut the table off), then the sources
    if not membership.empty:
        chart = charts.grouping_chart(membership)
        common.show_chart(chart, "chart_coalitions", selectable=False, present=ctx.present)
        if not ctx.present:
            common.chart_downloads(chart, "coalitions", "coalitions", ctx=ctx)
    if ctx.present:   # no widgets on a projector
        return
    st.markdown("**Members per grouping by camp**")
    st.dataframe(pivot.reset_index(), hide_index=True, key="coalition_counts",
                 placeholder=common.EMPTY_CELL, width="stretch")
    st.markdown("**Sources of the membership**")
    st.dataframe(grouping_sources(coalitions), hide_index=True, key="coalition_sources",
                 placeholder=common.EMPTY_CELL, width="stretch",
                 column_config={"source": st.column_config.TextColumn("Source", width="large")})

    st.markdown("**Who, in which grouping?**")
    c1, c2 = st.columns(2)
    grouping = c1.selectbox("Grouping", groupings, key="coal_grouping") if groupings else None
    camps = c2.multiselect("Camp", list(CAMPS.values()), default=["opposed"], key="coal_camps")
    if grouping:
        pick = table[table[grouping] & table["camp"].isin(camps)]
        st.caption(f"{len(pick)} {md(grouping)} member(s) in camp {md(', '.join(camps) or 'any')}.")
        st.dataframe(pick[["country", "camp", "position", "basis"]], hide_index=True, key="coalition_pick",
                     placeholder=common.EMPTY_CELL)

    with st.expander("Full membership table"):
        st.dataframe(table, hide_index=True, key="coalition_table", placeholder=common.EMPTY_CELL,
                     column_config={g: st.column_config.CheckboxColumn(g) for g in groupings})
        common.table_download(table, "coalition-membership", "coalitions", ctx=ctx)
