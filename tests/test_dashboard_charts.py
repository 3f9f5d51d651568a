"""Pure tests of dashboard.charts: aggregated chart data, one colour scale, 100k rows."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import charts
from dashboard.filters import POSITIONS, country_positions, current_positions, with_speaker
from dashboard.views.common import selection_to_focus
from extract.schema import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def seed():
    from extract.io.store import load_positions
    df, problems = load_positions(DATA / "positions.csv")
    return df


def datasets(chart) -> list[list[dict]]:
    return list(chart.to_dict()["datasets"].values())


def dataset_with(chart, column: str) -> list[dict]:
    found = [d for d in datasets(chart) if isinstance(d, list) and d and column in d[0]]
    assert len(found) == 1, f"expected one dataset with {column}"
    return found[0]


def generated(n: int = 100_000, countries: int = 40, leaders_per_country: int = 5, seed_: int = 1):
    rng = np.random.default_rng(seed_)
    c = rng.integers(0, countries, n)
    l = rng.integers(0, leaders_per_country, n)
    days = rng.integers(0, 900, n)
    date = (pd.Timestamp("2023-01-01") + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d")
    df = pd.DataFrame({col: [""] * n for col in COLUMNS})
    df["country"] = [f"Country {i:02d}" for i in c]
    df["leader"] = [f"Leader {i:02d}-{j}" for i, j in zip(c, l)]
    df["role"] = np.where(l == 0, "Prime Minister", "Minister")
    df["date"] = list(date)
    df["position"] = np.array(POSITIONS)[rng.integers(0, 3, n)]
    df["quote"] = "q"
    df["confidence"] = 0.8
    return df


def test_country_bar_one_row_per_country_with_its_position():
    df = seed()
    countries = country_positions(current_positions(df))
    rows = dataset_with(charts.country_bar(countries), "decided_by")
    assert sorted(r["country"] for r in rows) == sorted(df["country"].unique())
    want = dict(zip(countries["country"], countries["position"]))
    assert {r["country"]: r["position"] for r in rows} == want
    side = {"support": (0, 1), "conditional": (-0.5, 0.5), "oppose": (-1, 0)}
    assert all((r["x0"], r["x1"]) == side[r["position"]] for r in rows)
    # sorted by the position it draws
    ranks = [POSITIONS.index(r["position"]) for r in sorted(rows, key=lambda r: r["order"])]
    assert ranks == sorted(ranks)


def test_country_bar_draws_the_country_position_not_a_speaker_count():
    # The head of government supports; one retired general opposes: the bar is all support,
    # with the general among the speakers behind it.
    rows = pd.DataFrame({col: [""] * 2 for col in COLUMNS})
    rows["country"] = "United Kingdom"
    rows["leader"] = ["Keir Starmer", "Richard Dannatt"]
    rows["role"] = ["Prime Minister", "former army chief"]
    rows["role_kind"] = ["head", "other"]
    rows["date"] = ["2025-02-17", "2025-02-18"]
    rows["position"] = ["support", "oppose"]
    rows["quote"] = "q"
    countries = country_positions(current_positions(rows))
    chart = charts.country_bar(countries)
    (row,) = dataset_with(chart, "decided_by")
    assert row["position"] == "support" and (row["x0"], row["x1"]) == (0, 1)
    assert row["label"] == "United Kingdom · Keir Starmer"
    assert row["decided_by"] == "Keir Starmer, Prime Minister"
    assert row["behind"] == "2 speakers · 1 oppose"   # the dissent, inside the bar
    bars = [layer for layer in chart.to_dict()["layer"] if layer["mark"]["type"] == "bar"]
    assert [b["encoding"]["color"]["field"] for b in bars] == ["position"]
    marks = _rect_fills(chart)
    assert marks == [charts.POSITION_COLORS["support"].lower()]


def _rect_fills(chart) -> list[str]:
    import re
    from dashboard.export import chart_svg
    svg = chart_svg(chart).decode()
    group = svg[svg.index('class="mark-rect'):]
    group = group[:group.index("</g>")]
    return [f.lower() for f in re.findall(r'fill="(#[0-9a-fA-F]{6})"', group)]


def test_leader_bar_one_row_per_speaker():
    df = seed()
    cur = current_positions(df)
    rows = dataset_with(charts.leader_bar(cur), "speaker")
    assert len(rows) == len(cur)
    want = dict(zip(cur["speaker"], cur["position"]))
    assert {r["speaker"]: r["position"] for r in rows} == want
    side = {"support": (0, 1), "conditional": (-0.5, 0.5), "oppose": (-1, 0)}
    assert all((r["x0"], r["x1"]) == side[r["position"]] for r in rows)


def _scales(spec, found=None):
    found = [] if found is None else found
    if isinstance(spec, dict):
        scale = spec.get("scale")
        if (isinstance(scale, dict) and scale.get("domain", [None])[:3] == list(POSITIONS)
                and "range" in scale and str(scale["range"][0]).startswith("#")):
            found.append(scale["range"][:3])
        for k, v in spec.items():
            if k != "datasets":
                _scales(v, found)
    elif isinstance(spec, list):
        for v in spec:
            _scales(v, found)
    return found


def test_one_colour_scale_everywhere():
    df = seed()
    cur = current_positions(df)
    countries = country_positions(cur)
    topo = json.loads((DATA / "countries-110m.json").read_text())
    codes = pd.read_csv(DATA / "country_codes.csv", dtype=str)
    members = pd.DataFrame({"grouping": ["NATO", "NATO"], "country": ["France", "Poland"],
                            "position": ["support", "oppose"]})
    built = [charts.country_bar(countries), charts.leader_bar(cur), charts.map_chart(countries, codes, topo),
             charts.timeline_chart(df), charts.grouping_chart(members)]
    want = [charts.POSITION_COLORS[p] for p in POSITIONS]
    for chart in built:
        found = _scales(chart.to_dict())
        assert found and all(f == want for f in found)


def test_map_keys_match_the_topojson_ids():
    topo = json.loads((DATA / "countries-110m.json").read_text())
    ids = {g.get("id") for g in topo["objects"]["countries"]["geometries"]}
    codes = pd.read_csv(DATA / "country_codes.csv", dtype=str)
    for name in ["Germany", "France", "United Kingdom", "Austria", "Poland", "Ukraine", "Czech Republic",
                 "United States", "Turkey", "Russia"]:
        code = codes.set_index("country").loc[name, "iso_numeric"]
        assert code in ids, name
    countries = pd.DataFrame({"country": ["Austria", "NATO", "European Union", "Atlantis"],
                              "position": ["support", "oppose", "conditional", "oppose"],
                              "basis": "", "support": 1, "conditional": 0, "oppose": 0, "latest": "2025-01-01"})
    rows, off = charts.map_data(countries, codes)
    assert rows["iso_numeric"].tolist() == ["040"]
    assert off == ["NATO", "European Union", "Atlantis"]
    spec = charts.map_chart(countries, codes, topo).to_dict()
    assert spec["projection"]["type"] == "conicConformal" and "scale" in spec["projection"]


def test_timeline_lanes_keep_a_country_together():
    df = seed()
    data, bucket = charts.timeline_data(with_speaker(df))
    assert bucket == "day"
    order = data.drop_duplicates("lane").sort_values("lane_order")
    ger = order[order["country"] == "Germany"]["lane"].tolist()
    assert ger.index("Olaf Scholz") < ger.index("Friedrich Merz")
    assert data["statements"].sum() == (df["date"] != "").sum()


@pytest.fixture(scope="module")
def big():
    return generated()


def test_100k_rows_aggregate_before_charting(big):
    cur = current_positions(big)
    countries = country_positions(cur)
    n_countries, n_speakers = big["country"].nunique(), len(cur)
    assert n_speakers == big.groupby(["country", "leader"]).ngroups

    rows = dataset_with(charts.country_bar(countries), "decided_by")
    assert len(rows) == n_countries
    rows = dataset_with(charts.leader_bar(cur), "speaker")
    assert len(rows) <= min(n_speakers, charts.MAX_LEADERS)

    timeline = charts.timeline_chart(big)
    tl = dataset_with(timeline, "lane")
    assert len(tl) <= charts.MAX_TIMELINE_POINTS
    assert len({r["lane"] for r in tl}) == charts.MAX_LANES      # 200 speakers: the busiest 60
    by_country = dataset_with(charts.timeline_chart(big, "country"), "lane")
    assert len(by_country) <= charts.MAX_TIMELINE_POINTS
    assert sum(r["statements"] for r in by_country) == len(big)   # 40 countries: nothing dropped

    for chart in (charts.country_bar(countries), charts.leader_bar(cur), timeline):
        assert charts.chart_rows(chart) < 5000   # far under Altair's limit, no raw rows


def test_timeline_buckets_grow_when_days_would_be_too_many(big):
    data, bucket = charts.timeline_data(with_speaker(big), "speaker", max_points=2000)
    assert bucket in ("week", "month", "quarter", "year") and len(data) <= 2000
    assert data.attrs["lanes_total"] == big.groupby(["country", "leader"]).ngroups
    assert data["lane"].nunique() == min(charts.MAX_LANES, data.attrs["lanes_total"])


@pytest.mark.parametrize("state, focus", [
    ({"selection": {"pick_country": [{"country": "France"}]}}, {"country": ["France"]}),
    ({"selection": {"pick_country": [{"country": "France"}, {"country": "Poland"}]}},
     {"country": ["France", "Poland"]}),
    ({"selection": {"pick_leader": [{"speaker": "Keir Starmer"}]}}, {"speaker": ["Keir Starmer"]}),
    ({"selection": {"pick_country": []}}, {}),
    ({}, {}), (None, {}),
])
def test_selection_to_focus(state, focus):
    assert selection_to_focus(state) == focus


def _symbol_positions(chart) -> list[tuple[float, float, str]]:
    """(x, y, fill) of every point the chart draws, read from its rendered SVG."""
    import re
    from dashboard.export import chart_svg
    svg = chart_svg(chart).decode()
    group = svg[svg.index('class="mark-symbol'):]
    group = group[:group.index("</g>")]
    return [(float(x), float(y), fill) for x, y, fill in
            re.findall(r'transform="translate\(([\d.]+),([\d.]+)\)"[^>]*fill="(#[0-9a-fA-F]{6})"', group)]


def test_timeline_marks_of_different_positions_never_overlap():
    # One lane, one day, all three positions: three marks, one above the other, none hidden.
    rows = pd.DataFrame({col: [""] * 3 for col in COLUMNS})
    rows["country"], rows["leader"], rows["date"] = "France", "Emmanuel Macron", "2025-03-01"
    rows["position"], rows["quote"] = list(POSITIONS), "q"
    marks = _symbol_positions(charts.timeline_chart(rows))
    assert len(marks) == 3
    assert len({x for x, _, _ in marks}) == 1            # same day
    assert len({y for _, y, _ in marks}) == 3            # three rows
    assert {f.lower() for _, _, f in marks} == {charts.POSITION_COLORS[p].lower() for p in POSITIONS}


def test_timeline_at_100k_rows_shows_every_position_in_every_lane(big):
    data, _ = charts.timeline_data(with_speaker(big), "country")
    assert data.groupby("lane")["position"].nunique().eq(3).all()
    spec = charts.timeline_chart(big, "country").to_dict()
    points = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "point"][0]
    assert points["encoding"]["yOffset"]["field"] == "position"


def test_map_tooltips_never_say_null():
    df = seed()
    countries = country_positions(current_positions(df))
    topo = json.loads((DATA / "countries-110m.json").read_text())
    codes = pd.read_csv(DATA / "country_codes.csv", dtype=str)
    spec = charts.map_chart(countries, codes, topo).to_dict()["layer"][0]   # the countries' shapes
    fields = [t["field"] for t in spec["encoding"]["tooltip"]]
    calc = {c["as"]: c["calculate"] for c in spec["transform"] if "calculate" in c}
    for f in fields:
        if f != "name":   # every tooltip field but the name is guarded against a missing value
            assert f in calc and "isValid" in calc[f] and "no statement" in calc[f] or "—" in calc[f]
    # and the rendered SVG of a map with countries lacking data carries no "null" anywhere
    from dashboard.export import chart_svg
    assert "null" not in chart_svg(charts.map_chart(countries, codes, topo, select=False)).decode()


# ---------------------------------------------------------------- issue 12: second channel, zero line, lanes

def test_map_draws_a_symbol_per_position_inside_each_country():
    from dashboard import data
    df = seed()
    countries = country_positions(current_positions(df))
    codes = data.with_map_points(pd.read_csv(DATA / "country_codes.csv", dtype=str))
    topo = json.loads((DATA / "countries-110m.json").read_text())
    spec = charts.map_chart(countries, codes, topo, select=False).to_dict()
    points = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    assert len(points) == 2    # a dark outline under the symbol in the position's colour
    symbol = points[-1]
    shape = symbol["encoding"]["shape"]
    assert shape["field"] == "position_text"
    assert shape["scale"]["range"][:3] == [charts.POSITION_SHAPES[p] for p in POSITIONS]
    assert len(set(shape["scale"]["range"][:3])) == 3           # three different shapes
    assert symbol["encoding"]["longitude"]["field"] == "lon" and symbol["encoding"]["latitude"]["field"] == "lat"
    rows = spec["datasets"][symbol["data"]["name"]]
    mapped = countries[countries["country"].isin(codes["country"])]
    # on the Europe frame, every mapped country inside the frame (the symbols are not clipped, so
    # one outside it, the United States, is left out rather than drawn in the margin); on the
    # world frame every mapped country
    inside = {c: p for c, p in zip(mapped["country"], mapped["position"]) if c != "United States"}
    assert "United States" in set(mapped["country"])
    assert {r["country"]: r["position"] for r in rows} == inside
    assert all(layer["mark"].get("clip") is False for layer in points)
    world = charts.map_chart(countries, codes, topo, region="World", select=False).to_dict()
    world_symbol = [layer for layer in world["layer"] if layer["mark"]["type"] == "point"][-1]
    world_rows = world["datasets"][world_symbol["data"]["name"]]
    assert {r["country"]: r["position"] for r in world_rows} == dict(zip(mapped["country"], mapped["position"]))
    # one legend, colour and shape together: the countries' colour and the symbols' shape share field and title
    assert spec["layer"][0]["encoding"]["color"]["field"] == shape["field"]
    assert spec["layer"][0]["encoding"]["color"]["legend"]["title"] == shape["legend"]["title"] == "Position"


def test_map_points_lie_inside_their_country():
    from dashboard.map_points import _arcs, _inside, _ring
    topo = json.loads((DATA / "countries-110m.json").read_text())
    arcs = _arcs(topo)
    pts = pd.read_csv(DATA / "map_points.csv", dtype={"iso_numeric": str}).set_index("iso_numeric")
    geoms = {str(g.get("id")): g for g in topo["objects"]["countries"]["geometries"]}
    # Croatia's crescent has its centroid in Bosnia; Norway and Italy are long and thin
    for iso in ("191", "578", "380", "250", "826", "642"):
        g = geoms[iso]
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        lon, lat = pts.loc[iso, "lon"], pts.loc[iso, "lat"]
        inside = any(_inside(_ring(arcs, p[0]), np.array([[lon]]), np.array([[lat]]))[0] for p in polys)
        assert inside, pts.loc[iso, "name"]


def test_zero_line_is_drawn_under_the_bars():
    df = seed()
    current = current_positions(df)
    for chart in (charts.country_bar(country_positions(current)), charts.leader_bar(current)):
        layers = chart.to_dict()["layer"]
        assert layers[0]["mark"]["type"] == "rule"           # first: under every bar
        assert [layer["mark"]["type"] for layer in layers].index("bar") > 0


def test_lane_and_bar_labels_are_never_cut():
    df = seed()
    current = current_positions(df)
    built = [charts.country_bar(country_positions(current)), charts.leader_bar(current),
             charts.timeline_chart(with_speaker(df), "speaker")]
    for chart in built:
        for presented in (chart, charts.for_presentation(chart)):
            spec = presented.to_dict()
            limits = [layer["encoding"]["y"].get("axis", {}).get("labelLimit") for layer in spec["layer"]
                      if "y" in layer.get("encoding", {}) and layer["encoding"]["y"].get("axis")]
            assert limits and all(v == 0 for v in limits)
            assert spec.get("config", {}).get("axis", {}).get("labelLimit", 0) == 0


def test_grouping_names_are_never_cut():
    membership = pd.DataFrame({"grouping": ["Coalition of the willing", "EU"], "country": ["France", "Spain"],
                               "position": ["support", ""]})
    spec = charts.grouping_chart(membership).to_dict()
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0


def test_timeline_shades_every_other_lane():
    df = with_speaker(seed())
    chart = charts.timeline_chart(df, "speaker")
    spec = chart.to_dict()
    band = spec["layer"][0]
    assert band["mark"]["type"] == "rect"
    assert {"filter": "datum.lane_order % 2 == 1"} in band["transform"]
    lanes = df[df["date"] != ""]["speaker"].nunique()
    assert band["mark"]["height"] == pytest.approx(spec["height"] / lanes)   # one whole lane step
    points = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"][0]
    assert points["mark"]["stroke"] == "#333333"     # the light diamond keeps an outline


def test_clicked_bar_or_country_stays_solid_and_the_rest_fade():
    df = seed()
    current = current_positions(df)
    countries = country_positions(current)
    topo = json.loads((DATA / "countries-110m.json").read_text())
    codes = pd.read_csv(DATA / "country_codes.csv", dtype=str)
    built = {"pick_country": charts.country_bar(countries), "pick_leader": charts.leader_bar(current),
             "map": charts.map_chart(countries, codes, topo)}
    for name, chart in built.items():
        spec = chart.to_dict()
        layer = next(layer for layer in spec["layer"] if "opacity" in layer.get("encoding", {}))
        params = [p["name"] for p in spec.get("params", []) + layer.get("params", [])]
        param = "pick_country" if name == "map" else name
        assert param in params
        opacity = layer["encoding"]["opacity"]
        assert opacity["condition"]["param"] == param and opacity["condition"]["value"] == 1.0
        assert opacity["value"] < 0.5
    # without a selection (exports) nothing fades
    assert "opacity" not in charts.country_bar(countries, select=False).to_dict()["layer"][1]["encoding"]
