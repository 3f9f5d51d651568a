"""Quote explorer: full-text search over the quotes, every filter, chart clicks."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.views import common
from dashboard.views.common import Context, md

SEARCH_KEY = "f_q"
MAX_SHOWN = 500    # the table behind the expander: every row is sent on each search, collapsed or not
PRESENT_CARDS = 6


def render(ctx: Context) -> None:
    st.subheader("Quote explorer")
    if ctx.df.empty:
        return common.no_data()
    if not ctx.present:
        st.text_input("Search the quotes", key=SEARCH_KEY,
                      placeholder='words or "a phrase" — in quote, speaker, role, country, title, source')
    rows = data.quotes_found(ctx.df, ctx.filters, ctx.key)   # kept per view and search
    if ctx.focus:
        rows = common.apply_focus(rows, ctx.focus)
        c1, c2 = st.columns([4, 1])
        c1.info(f"Narrowed by a chart click to: {md(common.focus_text(ctx.focus))}")
        c2.button("Clear the chart selection", key="clear_focus_quotes", on_click=common.clear_focus)
    if rows.empty:
        return common.no_match(ctx, "quotes")
    st.caption(f"{len(rows)} quote(s) from {rows['speaker'].nunique()} speaker(s), "
               f"statements on or before {ctx.as_of.isoformat()}. Newest first.")
    # Full quotes, wrapped, with speaker and source: a table cell cuts them at its width.
    cards = PRESENT_CARDS if ctx.present else common.MAX_CARDS
    # a count and pages: on a projector six cards a page, in the app twenty; none is out of reach
    offset = common.card_pager(len(rows), cards, "quote_cards")
    common.quote_cards(rows, key="quotes", limit=cards, offset=offset)
    if ctx.present:
        return
    if len(rows) > MAX_SHOWN:
        # Sending 100k quotes to the browser on every keystroke stalls the page; the CSV has them all.
        st.caption(f"Showing the newest {MAX_SHOWN:,}; search or filter to narrow, or download them all.")
    with st.expander(f"All {len(rows):,} as a table (sortable)"):
        common.quote_table(rows, key="quote_table", limit=MAX_SHOWN)
    if not ctx.present:
        # made when clicked: cleaning every row for a file nobody asked for was most of a search
        common.table_download(lambda: common.quote_frame(rows), "quotes", "quotes", "Download these quotes (CSV)",
                              ctx=ctx)
