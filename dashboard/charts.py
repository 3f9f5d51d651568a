"""Pure chart builders: DataFrame -> altair.Chart.

Every builder aggregates first and hands Altair a small table (one row per
country, per leader, or per leader-day), so the number of rows a chart carries
is bounded by the number of countries / speakers / time buckets, never by the
number of statements. The ``*_data`` functions are the aggregation, separately
testable; the chart functions only draw.

One colour scale for positions everywhere (``position_color``).
"""
from __future__ import annotations

import pandas as pd
import altair as alt

from dashboard.filters import POSITIONS, ORGANISATIONS

from dashboard.palette import (NO_DATA_COLOR, OTHER_COLOR, POSITION_COLORS, POSITION_LABELS,  # noqa: F401
                               POSITION_SHAPES, POSITION_TEXT)
# Points in a timeline beyond this are bucketed by week, then by month.
MAX_TIMELINE_POINTS = 4000
MAX_LEADERS = 60
MAX_LANES = 60      # timeline lines at most (most statements first)


# Streamlit stretches a chart without its own autosize to the column ("fit"), which squeezes the
# set height over title, legend and axes; fit the width only and let the height be the bars'.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def position_scale() -> alt.Scale:
    return alt.Scale(domain=list(POSITIONS), range=[POSITION_COLORS[p] for p in POSITIONS])


def position_legend(title: str = "Position", symbol: str | None = None, **extra) -> alt.Legend:
    label_expr = " : ".join(
        f"datum.value == '{p}' ? '{POSITION_LABELS[p]}'" for p in POSITIONS
    ) + " : datum.value == 'no statement' ? 'No statement' : datum.value"
    return alt.Legend(title=title, orient="top", labelExpr=label_expr, symbolType=symbol or alt.Undefined, **extra)


def position_color(field: str = "position", title: str = "Position", symbol: str | None = None) -> alt.Color:
    return alt.Color(f"{field}:N", scale=position_scale(), legend=position_legend(title, symbol),
                     sort=list(POSITIONS))


def chart_rows(chart: alt.TopLevelMixin) -> int:
    """Rows of inline data a chart carries (for tests and sanity checks)."""
    spec = chart.to_dict()
    return sum(len(v) for v in spec.get("datasets", {}).values() if isinstance(v, list))


# --------------------------------------------------------------------------
# Support vs opposition
# --------------------------------------------------------------------------
# Where each position's bar sits on the -1..1 axis (oppose left, conditional straddling zero, support
# right); the country and the leader chart share it.
POSITION_SPAN = {"support": (0.0, 1.0), "conditional": (-0.5, 0.5), "oppose": (-1.0, 0.0)}


def speakers_text(support: int, conditional: int, oppose: int, position: str = "") -> str:
    """'3 speakers · 1 oppose': how many speakers stand behind a country's position, and those of
    them who hold another one (short, so it fits inside the bar in presentation type)."""
    n = support + conditional + oppose
    others = [f"{k} {p}" for p, k in zip(POSITIONS, (support, conditional, oppose)) if k and p != position]
    return " · ".join([f"{n} speaker{'s' if n != 1 else ''}", *others])


def _highlight(chart: alt.Chart, pick) -> alt.Chart:
    """The clicked bar or country stays solid and the others fade, so the quotes below it are seen
    to be its quotes (nothing clicked: everything solid)."""
    # channel objects, not shorthand strings or dicts: Altair resolves those against its schema,
    # most of a chart's build time (the spec is the same)
    return chart.add_params(pick).encode(
        opacity=alt.OpacityValue(value=0.3, condition={"param": pick.name, "value": 1.0}))


def _zero_rule() -> alt.Chart:
    """The zero line, drawn first: under the bars, so it never cuts through a conditional bar (which
    straddles zero) or the text inside it; it shows between the bars."""
    return alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#555").encode(x=alt.X("x:Q"))


def country_bar_data(countries: pd.DataFrame) -> pd.DataFrame:
    """One row per country: the country's position (the one the map and headline counts use,
    ``filters.country_positions``) as the bar, the deciding speaker in the label, and the speakers
    behind it as text. Sorted by the position drawn: support, conditional, oppose, then by name."""
    cols = ["country", "position", "basis", *POSITIONS, "speakers", "net", "latest", "leader", "role"]
    d = countries.reindex(columns=cols).copy()
    for p in POSITIONS:
        d[p] = pd.to_numeric(d[p], errors="coerce").fillna(0).astype(int)
    d["x0"] = d["position"].map({p: v[0] for p, v in POSITION_SPAN.items()}).fillna(0.0)
    d["x1"] = d["position"].map({p: v[1] for p, v in POSITION_SPAN.items()}).fillna(0.0)
    d["decided_by"] = [f"{l}, {r}" if l else f"{c} government" if r == "government" or not r else r
                       for l, r, c in zip(d["leader"].fillna(""), d["role"].fillna(""), d["country"])]
    former = countries["former"].fillna(False).astype(bool).to_numpy() if "former" in countries else [False] * len(d)
    d["label"] = [(f"{c} · {l}" if l else c) + (" (former)" if f else "")
                  for c, l, f in zip(d["country"], d["leader"].fillna(""), former)]
    d["behind"] = [speakers_text(*k) for k in zip(d["support"], d["conditional"], d["oppose"], d["position"])]
    d["text_x"] = (d["x0"] + d["x1"]) / 2    # the speakers' text sits inside the bar
    d["text_colour"] = d["position"].map(POSITION_TEXT).fillna("#222222")
    order = {p: i for i, p in enumerate(POSITIONS)}
    d["_rank"] = d["position"].map(order).fillna(len(order))
    d = d.sort_values(["_rank", "country"], kind="stable")
    d["order"] = range(len(d))
    d["latest"] = d["latest"].astype(str)
    return d.drop(columns="_rank").reset_index(drop=True)


def country_bar(countries: pd.DataFrame, select: bool = True, row_px: int = 26) -> alt.Chart:
    """Each country's position as one bar (colour and side), its deciding speaker in the label,
    and the speakers behind it as text beside the bar."""
    d = country_bar_data(countries)
    base = alt.Chart(d)
    y = alt.Y("label:N", sort=alt.EncodingSortField("order", order="ascending"),
              title=None, axis=alt.Axis(labelLimit=0))
    x = alt.X("x0:Q", title="← oppose · conditional · support →",
              scale=alt.Scale(domain=[-1, 1]), axis=alt.Axis(labels=False, ticks=False))
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("position:N", title="Country position"),
        alt.Tooltip("decided_by:N", title="Decided by"),
        alt.Tooltip("basis:N", title="Because"),
        alt.Tooltip("behind:N", title="Speakers"),
        alt.Tooltip("latest:N", title="Latest statement"),
    ]
    chart = base.mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=x, x2=alt.X2("x1:Q"), y=y, color=position_color(symbol="square"), tooltip=tooltip)
    if select:
        chart = _highlight(chart, alt.selection_point(name="pick_country", fields=["country"]))
    inside = base.mark_text(align="center", baseline="middle").encode(
        # its own colour field, unscaled: a second scale on "position" would be merged with the bars'
        x=alt.X("text_x:Q"), y=y, text=alt.Text("behind:N"), color=alt.Color("text_colour:N", scale=None))
    height = max(120, row_px * len(d))
    return alt.layer(_zero_rule(), chart, inside).properties(
        height=height, autosize=FIT_WIDTH,
        title=alt.TitleParams("Current position by country",
                              subtitle="The country's position (its head of government/state's); "
                                       "the speakers behind it inside each bar"))


def leader_bar_data(current: pd.DataFrame, limit: int = MAX_LEADERS) -> pd.DataFrame:
    """One row per speaker: support to the right of zero, oppose to the left,
    conditional straddling it. At most ``limit`` speakers (most statements first)."""
    d = current.copy()
    if "speaker" not in d.columns:
        from dashboard.filters import with_speaker
        d = with_speaker(d)
    if "statements" not in d.columns:
        d["statements"] = 1
    d = d.sort_values(["statements", "date"], ascending=[False, False], kind="stable").head(limit)
    x0 = {"support": 0.0, "conditional": -0.5, "oppose": -1.0}
    d["x0"] = d["position"].map(x0).fillna(0.0)
    d["x1"] = d["x0"] + 1.0
    former = d["former"].fillna(False).astype(bool) if "former" in d else pd.Series(False, index=d.index)
    d["label"] = [(f"{s} · {c}" if s != f"{c} (government)" else s) + (" (former)" if f else "")
                  for s, c, f in zip(d["speaker"], d["country"], former)]
    order = {p: i for i, p in enumerate(POSITIONS)}
    d["_rank"] = d["position"].map(order).fillna(len(order))
    d = d.sort_values(["_rank", "country", "speaker"], kind="stable")
    d["order"] = range(len(d))
    keep = ["speaker", "label", "leader", "country", "role", "position", "date",
            "statements", "quote", "x0", "x1", "order"]
    return d.reindex(columns=keep).reset_index(drop=True)


def leader_bar(current: pd.DataFrame, select: bool = True, limit: int = MAX_LEADERS, row_px: int = 22) -> alt.Chart:
    d = leader_bar_data(current, limit)
    chart = alt.Chart(d).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("x0:Q", title="← oppose · conditional · support →",
                scale=alt.Scale(domain=[-1, 1]), axis=alt.Axis(labels=False, ticks=False)),
        x2=alt.X2("x1:Q"),
        y=alt.Y("label:N", sort=alt.EncodingSortField("order", order="ascending"),
                title=None, axis=alt.Axis(labelLimit=0)),
        color=position_color(),
        tooltip=[
            alt.Tooltip("speaker:N", title="Speaker"),
            alt.Tooltip("role:N", title="Role"),
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("position:N", title="Position"),
            alt.Tooltip("date:N", title="As stated on"),
            alt.Tooltip("statements:Q", title="Statements"),
            alt.Tooltip("quote:N", title="Quote"),
        ],
    )
    if select:
        chart = _highlight(chart, alt.selection_point(name="pick_leader", fields=["speaker"]))
    return alt.layer(_zero_rule(), chart).properties(height=max(120, row_px * len(d)), autosize=FIT_WIDTH,
                                             title="Current position by leader")


# --------------------------------------------------------------------------
# Map
# --------------------------------------------------------------------------
def map_data(countries: pd.DataFrame, codes: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Country positions joined to ISO numeric codes.

    Returns (rows for the map, names left off: organisations and unknown names).
    """
    codes = codes.copy()
    codes["iso_numeric"] = codes["iso_numeric"].astype(str).str.zfill(3)
    d = countries.merge(codes, on="country", how="left")
    off = d[d["iso_numeric"].isna()]["country"].tolist()
    d = d[d["iso_numeric"].notna()]
    keep = ["iso_numeric", "country", "position", "basis", *POSITIONS, "latest", "lon", "lat"]
    d = d.reindex(columns=keep).copy()
    d["latest"] = d["latest"].astype(str)
    return d.reset_index(drop=True), off


PROJECTIONS = {
    # Fixed frames: auto-fit would zoom out to include French overseas territories.
    "Europe": dict(type="conicConformal", rotate=[-15, 0], center=[0, 51],
                   parallels=[35, 65], scale=560, translate=[330, 290]),
    "World": dict(type="equalEarth", scale=130, translate=[330, 240]),
}


# The map's drawing area (map_chart's fixed width and height), and how far outside it a country's
# outline may reach and still be kept (an edge between two outside points can cross the frame).
MAP_SIZE = (660, 540)
FRAME_MARGIN = 200


def _conic_conformal(lon, lat, proj: dict):
    """Screen x, y of degrees lon/lat under PROJECTIONS' conicConformal, as d3-geo computes them
    (rotate, then the raw projection; center and translate place the centre at ``translate``)."""
    import numpy as np
    rad = np.pi / 180
    y0, y1 = (v * rad for v in proj["parallels"])
    tany = lambda y: np.tan((np.pi / 2 + y) / 2)  # noqa: E731
    n = np.log(np.cos(y0) / np.cos(y1)) / np.log(tany(y1) / tany(y0))
    f = np.cos(y0) * tany(y0) ** n / n

    def raw(x, y):
        y = np.maximum(y, -np.pi / 2 + 1e-6)
        r = f / tany(y) ** n
        return r * np.sin(n * x), f - r * np.cos(n * x)
    lam = (lon + proj["rotate"][0]) * rad
    lam = (lam + np.pi) % (2 * np.pi) - np.pi
    k, (tx, ty) = proj["scale"], proj["translate"]
    cx, cy = raw(proj["center"][0] * rad, proj["center"][1] * rad)
    px, py = raw(lam, lat * rad)
    return tx + k * (px - cx), ty - k * (py - cy)


_FRAMED: dict = {}


def framed_topo(topo: dict, region: str) -> dict:
    """``topo`` with only the countries that reach into the region's frame. Outside it they are
    clipped away anyway, but the renderers still draw them: the Europe map's PNG took 4-9 s with
    the whole world (Antarctica, the Americas at that projection's scale) and a fraction without.
    Kept per topology object (the app's is loaded once)."""
    proj = PROJECTIONS.get(region, PROJECTIONS["Europe"])
    if proj["type"] != "conicConformal" or "transform" not in topo:
        return topo
    key = (id(topo), region)
    if key in _FRAMED and _FRAMED[key][0] is topo:
        return _FRAMED[key][1]
    import numpy as np
    scale, shift = topo["transform"]["scale"], topo["transform"]["translate"]
    w, h = MAP_SIZE
    inside = []
    for arc in topo["arcs"]:   # quantized and delta-encoded (TopoJSON)
        pts = np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + shift
        x, y = _conic_conformal(pts[:, 0], pts[:, 1], proj)
        inside.append(bool(((x > -FRAME_MARGIN) & (x < w + FRAME_MARGIN)
                            & (y > -FRAME_MARGIN) & (y < h + FRAME_MARGIN)).any()))

    def arcs_of(node) -> list[int]:
        if isinstance(node, list):
            return [i for part in node for i in arcs_of(part)]
        return [node if node >= 0 else ~node]
    countries = topo["objects"]["countries"]
    kept = [g for g in countries["geometries"] if any(inside[i] for i in arcs_of(g.get("arcs", [])))]
    framed = {**topo, "objects": {**topo["objects"], "countries": {**countries, "geometries": kept}}}
    _FRAMED[key] = (topo, framed)
    return framed


class _Shapes:
    """The map's TopoJSON inside a chart, handed to Altair as one opaque value (its ``to_dict`` is
    the topology itself): Altair otherwise checks, walks and deep-copies every arc of it each time
    the chart is layered, projected or sized, which took seconds per map at any data size."""
    _schema = {"type": "object"}   # what Altair's SchemaLike protocol asks for

    def __init__(self, topo: dict):
        self.topo = topo

    def to_dict(self, *args, **kwargs) -> dict:
        return self.topo


def map_chart(countries: pd.DataFrame, codes: pd.DataFrame, topo: dict,
              region: str = "Europe", select: bool = True, title: str | None = "Current position by country") -> alt.Chart:
    d, _ = map_data(countries, codes)
    proj = PROJECTIONS.get(region, PROJECTIONS["Europe"])
    # named, so it stays inline where Altair would move it to the top-level datasets unconverted
    shapes = alt.InlineData(values=_Shapes(framed_topo(topo, region)), name=f"countries-{region.lower()}",
                            format=alt.DataFormat(type="topojson", feature="countries"))
    base = alt.Chart(shapes).transform_lookup(
        lookup="id",
        from_=alt.LookupData(data=d, key="iso_numeric",
                             fields=["country", "position", "basis", *POSITIONS, "latest"]),
    ).transform_calculate(
        name="isValid(datum.country) ? datum.country : datum.properties.name",
        # a country with no statement says so in its tooltip, never "null"
        position_text="isValid(datum.position) ? datum.position : 'no statement'",
        basis_text="isValid(datum.basis) ? datum.basis : '—'",
        latest_text="isValid(datum.latest) ? datum.latest : '—'",
    )
    chart = base.mark_geoshape(stroke="white", strokeWidth=0.5, clip=True).encode(
        # "no statement" is a value of its own (grey), so neither a tooltip nor an aria-label says "null"
        # the legend is the symbols' (colour and shape in one), drawn from the same scale
        color=alt.Color("position_text:N", sort=[*POSITIONS, "no statement"], scale=_map_colour_scale(),
                        legend=MAP_LEGEND()),
        tooltip=[
            alt.Tooltip("name:N", title="Country"),
            alt.Tooltip("position_text:N", title="Position"),
            alt.Tooltip("basis_text:N", title="Because"),
            alt.Tooltip("latest_text:N", title="Latest statement"),
        ],
    )
    if select:
        chart = _highlight(chart, alt.selection_point(name="pick_country", fields=["country"]))
    layers = [chart, *_map_symbols(d, proj)]
    # A fixed size: the projection's scale and translate are set for it, so the page must not stretch it.
    props = dict(width=MAP_SIZE[0], height=MAP_SIZE[1], autosize=alt.AutoSizeParams(type="pad"))
    if title:
        props["title"] = title
    return alt.layer(*layers).project(**proj).properties(**props)


def MAP_LEGEND() -> alt.Legend:
    """The map's one legend: colour and symbol together, the symbol outlined as on the map."""
    return position_legend(symbolStrokeColor="#111111", symbolStrokeWidth=1.5)


def _map_colour_scale() -> alt.Scale:
    return alt.Scale(domain=[*POSITIONS, "no statement"],
                     range=[*(POSITION_COLORS[p] for p in POSITIONS), NO_DATA_COLOR])


def _in_frame(pts: pd.DataFrame, proj: dict) -> pd.Series:
    """Which points fall inside the map's drawing area (MAP_SIZE) under the projection; the
    world frame shows every point."""
    if proj.get("type") != "conicConformal":
        return pd.Series(True, index=pts.index)
    x, y = _conic_conformal(pts["lon"].astype(float).to_numpy(), pts["lat"].astype(float).to_numpy(), proj)
    w, h = MAP_SIZE
    return pd.Series((x >= 0) & (x <= w) & (y >= 0) & (y <= h), index=pts.index)


def _map_symbols(d: pd.DataFrame, proj: dict | None = None) -> list[alt.Chart]:
    """The map's second channel: each country's position as a symbol (the palette's shape) at a point
    inside it, in the position's colour on a dark outline, so support, conditional and oppose stay
    apart in grayscale print and under colour blindness, and a small state is still seen."""
    pts = d[d["lon"].notna() & d["lat"].notna() & d["position"].isin(POSITIONS)] if "lon" in d else d.iloc[0:0]
    if pts.empty:
        return []
    # the points outside the frame left out here, and the symbols not clipped: a clipped layer
    # cost the exported image two seconds (vl-convert's rasteriser masks the whole layer)
    pts = pts[_in_frame(pts, proj or PROJECTIONS["Europe"])]
    if pts.empty:
        return []
    pts = pts[["country", "position", "lon", "lat", "basis", "latest"]].copy()
    pts[["basis", "latest"]] = pts[["basis", "latest"]].fillna("—").replace("", "—")   # never "null"
    pts["position_text"] = pts["position"]   # the geoshapes' field, so their legend and the symbols' merge
    # "no statement" gets a square in the legend only (no country with no statement has a symbol)
    shape = alt.Shape("position_text:N", scale=alt.Scale(domain=[*POSITIONS, "no statement"],
                                                    range=[*(POSITION_SHAPES[p] for p in POSITIONS), "square"]),
                      legend=MAP_LEGEND())
    where = dict(longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), shape=shape)
    outline = alt.Chart(pts).mark_point(filled=True, color="#111111", size=230, opacity=1, clip=False).encode(**where)
    symbol = alt.Chart(pts).mark_point(filled=True, size=95, opacity=1, clip=False).encode(
        **where, color=alt.Color("position_text:N", scale=_map_colour_scale(), legend=MAP_LEGEND()),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("position:N", title="Position"),
                 alt.Tooltip("basis:N", title="Because"), alt.Tooltip("latest:N", title="Latest statement")])
    return [outline, symbol]


# --------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------
BUCKETS = ("day", "week", "month", "quarter", "year")


def timeline_columns(by: str = "speaker") -> list[str]:
    """The columns of the rows that timeline_data (so timeline_chart) reads."""
    return list(dict.fromkeys(["date", "speaker", "country", "position", "quote", by]))


def timeline_data(rows: pd.DataFrame, by: str = "speaker",
                  max_points: int = MAX_TIMELINE_POINTS, max_lanes: int | None = None,
                  bucket: str | None = None) -> tuple[pd.DataFrame, str]:
    """Statements bucketed per (lane, date bucket, position), with a count and
    one example quote. ``by`` is "speaker" or "country". At most ``max_lanes``
    lanes (the ones with most statements); buckets are days, or weeks, months,
    quarters, years when finer buckets would exceed ``max_points`` (or ``bucket``'s, when given:
    the pack's pages of lanes take the whole timeline's).
    Returns (data, bucket); ``data.attrs["lanes_total"]`` is the lane count before the cap."""
    max_lanes = MAX_LANES if max_lanes is None else max_lanes
    if "speaker" not in rows.columns:
        from dashboard.filters import with_speaker
        rows = with_speaker(rows)
    # only the columns read here, without the table's attrs (each group would copy them): taking
    # every column (quotes, titles, search text) of 100k rows was most of the time
    d = rows.reindex(columns=timeline_columns(by))
    d.attrs = {}
    d = d[d["date"].fillna("").astype(str) != ""]
    days = d["date"].astype(str)
    distinct = days.unique()   # each day parsed once
    d = d.assign(when=days.map(dict(zip(distinct, pd.to_datetime(pd.Series(distinct), errors="coerce")))))
    d = d[d["when"].notna()]
    d["when"] = pd.to_datetime(d["when"])
    d["lane"] = d[by]
    cols = ["lane", "bucket", "position", "statements", "speakers", "quote", "country", "first", "last"]
    if d.empty:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in cols + ["lane_order"]})
        out.attrs["lanes_total"] = 0
        return out, "day"
    sizes = d["lane"].value_counts()
    lanes_total = len(sizes)
    if lanes_total > max_lanes:
        d = d[d["lane"].isin(sizes.index[:max_lanes])]
    for bucket in (BUCKETS if bucket is None else (bucket,)):
        if bucket == "day":
            d["bucket"] = d["when"].dt.normalize()
        elif bucket == "week":
            d["bucket"] = (d["when"] - pd.to_timedelta(d["when"].dt.day_of_week, unit="D")).dt.normalize()
        else:
            d["bucket"] = d["when"].dt.to_period({"month": "M", "quarter": "Q", "year": "Y"}[bucket]).dt.to_timestamp()
        g = d.groupby(["lane", "bucket", "position"], sort=True)
        if g.ngroups <= max_points:
            break
    out = g.agg(
        statements=("quote", "size"),
        quote=("quote", "last"),
        country=("country", "first"),
        first=("date", "min"),
        last=("date", "max"),
    )
    # the first five distinct speakers of each point by name, without a Python call per point's rows
    keys = ["lane", "bucket", "position"]
    names = d[keys + ["speaker"]].drop_duplicates().sort_values(keys + ["speaker"], kind="stable")
    names = names[names.groupby(keys, sort=False).cumcount() < 5]
    out["speakers"] = names.groupby(keys, sort=True)["speaker"].agg(", ".join)
    out = out.reset_index()
    out["bucket"] = out["bucket"].dt.strftime("%Y-%m-%d")
    # Lanes ordered by country, then by first appearance: Scholz above Merz.
    lane_key = out.groupby("lane").agg(c=("country", "first"), f=("first", "min"))
    lane_key = lane_key.sort_values(["c", "f"], kind="stable")
    out["lane_order"] = out["lane"].map({k: i for i, k in enumerate(lane_key.index)})
    out = out[cols + ["lane_order"]]
    out.attrs["lanes_total"] = lanes_total
    return out, bucket


def timeline_page(d: pd.DataFrame, lanes) -> pd.DataFrame:
    """timeline_data's frame for some of its lanes: what timeline_data gives on those lanes' rows
    with the same bucket (every point is one lane's; only the lanes are numbered again)."""
    page = d[d["lane"].isin(set(lanes))].reset_index(drop=True)
    order = sorted(set(page["lane_order"]))
    page["lane_order"] = page["lane_order"].map({k: i for i, k in enumerate(order)})
    page.attrs["lanes_total"] = len(order)
    return page


def timeline_chart(rows: pd.DataFrame, by: str = "speaker", as_of=None,
                   max_points: int = MAX_TIMELINE_POINTS, domain: tuple[str, str] | None = None,
                   lanes_total: int | None = None, bucket: str | None = None,
                   data: pd.DataFrame | None = None) -> alt.Chart:
    """``domain`` fixes the date axis (the pack's pages of lanes share one); ``lanes_total`` is the
    lane count of the whole timeline when this chart draws a page of it, ``bucket`` its buckets;
    ``data``, when given, is timeline_data(rows, by, bucket=bucket)'s frame, already made."""
    d, bucket = (data, bucket) if data is not None else timeline_data(rows, by, max_points, bucket=bucket)
    lanes = d["lane"].nunique() if len(d) else 1
    title = {"speaker": "Leader", "country": "Country"}.get(by, by)
    base = alt.Chart(d)
    lane_sort = alt.EncodingSortField("lane_order", op="min", order="ascending")
    # past a year, every tick names its year ("Dec 2025 … Dec 2026", not "December … December")
    span = pd.to_datetime(pd.Series(list(domain) if domain else d["bucket"].tolist()), errors="coerce")
    long = len(span.dropna()) and (span.max() - span.min()).days > 300
    x = alt.X("bucket:T", title=f"Statement date (per {bucket})",
              axis=alt.Axis(format="%b %Y") if long else alt.Undefined,
              scale=alt.Scale(padding=24, domain=list(domain)) if domain else alt.Scale(padding=24))
    line = base.mark_line(color="#bbb", strokeWidth=1).encode(
        x=x, y=alt.Y("lane:N", title=None, sort=lane_sort, scale=alt.Scale(type="band", paddingInner=0.15)),
        detail=alt.Detail("lane:N"))
    # Each position has its own row inside a lane (yOffset), so marks of different positions never
    # sit on top of each other: a conditional under an oppose stays visible, and at 100k rows a lane
    # shows all three positions instead of whichever was drawn last.
    # Every other lane on a light band, so a lane's three position rows read as one lane and an
    # oppose row is not taken for the next lane's support row.
    # (the band's height in pixels, one lane step: a relative band size follows the yOffset rows)
    height = max(140, 42 * lanes)
    band = base.transform_filter("datum.lane_order % 2 == 1").transform_aggregate(
        groupby=["lane", "lane_order"]).mark_rect(color="#eef1f5", height=height / max(lanes, 1)).encode(
        y=alt.Y("lane:N", title=None, sort=lane_sort, scale=alt.Scale(type="band", paddingInner=0.15)))
    # a dark outline: the light conditional diamond stays visible on white and in grayscale print
    points = base.mark_point(filled=True, opacity=0.95, stroke="#333333", strokeWidth=0.6).encode(
        x=x,
        # labelLimit 0: a lane's name is never cut (presentation type makes them long)
        y=alt.Y("lane:N", title=title, sort=lane_sort, axis=alt.Axis(labelLimit=0),
                scale=alt.Scale(type="band", paddingInner=0.15)),
        yOffset=alt.YOffset("position:N", sort=list(POSITIONS),
                            scale=alt.Scale(domain=list(POSITIONS), paddingOuter=0.2)),
        color=position_color(),
        shape=alt.Shape("position:N", scale=alt.Scale(domain=list(POSITIONS),
                                                      range=[POSITION_SHAPES[p] for p in POSITIONS]),
                        legend=None),
        size=alt.Size("statements:Q", legend=None, scale=alt.Scale(range=[40, 160], zero=True)),
        tooltip=[
            alt.Tooltip("lane:N", title=title),
            alt.Tooltip("bucket:T", title=bucket.capitalize()),
            alt.Tooltip("position:N", title="Position"),
            alt.Tooltip("statements:Q", title="Statements"),
            alt.Tooltip("speakers:N", title="Speakers"),
            alt.Tooltip("quote:N", title="Quote"),
        ],
    )
    layers = [band, line, points]
    if as_of:
        rule = alt.Chart(pd.DataFrame({"as_of": [str(as_of)], "label": [f"as of {as_of}"]}))
        layers.append(rule.mark_rule(strokeDash=[4, 4], color="#333").encode(x=alt.X("as_of:T")))
        layers.append(rule.mark_text(align="left", dx=4, dy=-6, color="#333").encode(
            x=alt.X("as_of:T"), y=alt.YValue(0), text=alt.Text("label:N")))
    total = d.attrs.get("lanes_total", lanes)
    shown = lanes
    if lanes_total is not None:
        total, shown = lanes_total, min(lanes_total, MAX_LANES)
    sub = f"the {shown} with most statements of {total}; narrow with the filters" if total > shown else ""
    return alt.layer(*layers).properties(
        height=height, autosize=FIT_WIDTH,
        title=alt.TitleParams(f"Statements over time, by {title.lower()}", subtitle=sub or alt.Undefined))


# --------------------------------------------------------------------------
# Coalitions
# --------------------------------------------------------------------------
def grouping_counts(membership: pd.DataFrame) -> pd.DataFrame:
    """Counts per (grouping, position) from a membership table that has one row per
    (grouping, country) and a ``position`` column ("" = no statement)."""
    d = membership.copy()
    d["position"] = d["position"].replace("", "no statement").fillna("no statement")
    out = d.groupby(["grouping", "position"]).size().rename("countries").reset_index()
    return out


def grouping_chart(membership: pd.DataFrame) -> alt.Chart:
    d = grouping_counts(membership)
    domain = [*POSITIONS, "no statement"]
    rng = [POSITION_COLORS[p] for p in POSITIONS] + [OTHER_COLOR]
    labels = {**POSITION_LABELS, "no statement": "No statement"}
    label_expr = " : ".join(f"datum.value == '{k}' ? '{v}'" for k, v in labels.items()) + " : datum.value"
    d["order"] = d["position"].map({p: i for i, p in enumerate(domain)})
    return alt.Chart(d).mark_bar().encode(
        x=alt.X("countries:Q", title="Member countries", stack="zero"),
        y=alt.Y("grouping:N", title=None, axis=alt.Axis(labelLimit=0)),   # "Coalition of the willing" whole
        color=alt.Color("position:N", scale=alt.Scale(domain=domain, range=rng),
                        legend=alt.Legend(title="Position", orient="top", labelExpr=label_expr)),
        order=alt.Order("order:Q"),
        tooltip=["grouping:N", "position:N", "countries:Q"],
    ).properties(title="Members of each grouping by current position", height=40 * max(1, d["grouping"].nunique()),
                 autosize=FIT_WIDTH)


def is_map_country(name: str) -> bool:
    return name not in ORGANISATIONS


# --------------------------------------------------------------------------
# Presentation mode
# --------------------------------------------------------------------------
PRESENT_FONT = 24   # px: the smallest text on a projected chart (a 1280x720 projector, a room)


def for_presentation(chart: alt.TopLevelMixin, font: int = PRESENT_FONT, legend: str = "top") -> alt.TopLevelMixin:
    """The chart with every text at least ``font`` px and the legend allowed its full labels."""
    return (chart.configure_axis(labelFontSize=font, titleFontSize=font, labelLimit=0)
            .configure_legend(labelFontSize=font, titleFontSize=font, symbolSize=font * 16,
                              labelLimit=400, orient=legend)
            .configure_title(fontSize=font + 8, subtitleFontSize=font)
            .configure_text(fontSize=font)
            .configure_header(labelFontSize=font, titleFontSize=font))
