"""The charts of the briefing pack (PDF and PPTX), paged so every label stays legible.

A chart of 40 countries or 60 lanes shrunk onto one A4 page or slide has 4-point labels; the pack
splits it instead: at most COUNTRIES_PER_PAGE bars or LANES_PER_PAGE timeline lanes a page, named
"Current position by country (2/3)". Every page of a chart keeps the chart's order (support,
conditional, oppose; lanes by country) and the timeline pages share one date axis.
"""
from __future__ import annotations

import re
import threading

import altair as alt
import pandas as pd

from dashboard import charts

COUNTRIES_PER_PAGE = 15
LEADERS_PER_PAGE = 15
LANES_PER_PAGE = 10
ROW_PX = 30          # a bar's height in the pack (the app's is 26 / 22)

_PAGE = re.compile(r" \(\d+/\d+\)$")


def base_name(name: str) -> str:
    """'Current position by country (2/3)' -> 'Current position by country'."""
    return _PAGE.sub("", name)


def _paged(title: str, chunks: list) -> list[tuple[str, object]]:
    n = len(chunks)
    return [(title if n == 1 else f"{title} ({i + 1}/{n})", c) for i, c in enumerate(chunks)]


def _chunks(items: list, per: int) -> list[list]:
    return [items[i:i + per] for i in range(0, len(items), per)] or [[]]


def pack_charts(countries: pd.DataFrame, current: pd.DataFrame, rows: pd.DataFrame,
                codes: pd.DataFrame | None, topo: dict | None, as_of) -> dict[str, alt.TopLevelMixin]:
    """{page name: chart} for the pack: country bars, leader bars (the most-quoted MAX_LEADERS),
    the map, the timeline by country; each paged."""
    figs: dict[str, alt.TopLevelMixin] = {}
    order = charts.country_bar_data(countries)["country"].tolist()
    for name, chunk in _paged("Current position by country", _chunks(order, COUNTRIES_PER_PAGE)):
        figs[name] = charts.country_bar(countries[countries["country"].isin(chunk)], select=False, row_px=ROW_PX)
    speakers = charts.leader_bar_data(current)["speaker"].tolist()
    cur = current if "speaker" in current else _with_speaker(current)
    for name, chunk in _paged("Current position by leader", _chunks(speakers, LEADERS_PER_PAGE)):
        figs[name] = charts.leader_bar(cur[cur["speaker"].isin(chunk)], select=False, row_px=ROW_PX)
    if topo is not None and codes is not None:
        figs["Map"] = charts.map_chart(countries, codes, topo, select=False)
    figs.update(timeline_pages(rows, as_of))
    return figs


_PACKS: dict = {}     # view key -> {page name: chart}, the newest KEPT_PACKS
KEPT_PACKS = 4
_PACKS_LOCK = threading.Lock()   # the app's background thread draws a view's pack ahead of the click


def kept_pack(key, build) -> dict[str, alt.TopLevelMixin]:
    """``build()`` (pack_charts of one view) kept per view key (data.view_key: the data's version,
    the filters, the as-of date); None (a table that is not the app's shared one) keeps nothing."""
    if key is None:
        return build()
    figs = _PACKS.get(key)
    if figs is None:
        figs = build()   # outside the lock: the app's background thread may build one meanwhile
        with _PACKS_LOCK:
            figs = _PACKS.setdefault(key, figs)
            while len(_PACKS) > KEPT_PACKS:
                _PACKS.pop(next(iter(_PACKS)))
    return figs


def timeline_pages(rows: pd.DataFrame, as_of, by: str = "country") -> dict[str, alt.TopLevelMixin]:
    """The timeline, LANES_PER_PAGE lanes a page (the MAX_LANES with most statements), one date axis
    and one bucket (day, week, ...) on every page."""
    d, bucket = charts.timeline_data(rows if "speaker" in rows else _with_speaker(rows), by)
    if d.empty:
        return {"Timeline": charts.timeline_chart(rows, by, as_of=as_of)}
    lanes = d.drop_duplicates("lane").sort_values("lane_order")["lane"].tolist()
    dated = pd.to_datetime(pd.Series(rows["date"].unique()), errors="coerce").dropna()   # each day once
    domain = (dated.min().date().isoformat(), str(as_of or dated.max().date().isoformat()))
    total = d.attrs.get("lanes_total", len(lanes))
    out = {}
    for name, chunk in _paged("Timeline", _chunks(lanes, LANES_PER_PAGE)):
        # the whole timeline's buckets on every page: a page of 10 lanes would otherwise take days
        # where the app's 60 take weeks, and draw (and cost) several times the points for the same page;
        # each page's points are the whole timeline's for its lanes (a timeline_data of each page's
        # rows was most of the pack's time at 1M rows)
        out[name] = charts.timeline_chart(None, by, as_of=as_of, domain=domain, lanes_total=total, bucket=bucket,
                                          data=charts.timeline_page(d, chunk))
    return out


def _with_speaker(df: pd.DataFrame) -> pd.DataFrame:
    from dashboard.filters import with_speaker
    return with_speaker(df)
