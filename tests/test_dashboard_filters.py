"""Pure tests of dashboard.filters: current positions, country rule, filters, URL round trip."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard.filters import (
    Filters, apply_filters, country_positions, current_positions, search_mask,
    with_speaker,
)
from extract.schema import COLUMNS

ROOT = Path(__file__).resolve().parent.parent


def table(*rows: dict) -> pd.DataFrame:
    """A positions frame from partial rows (missing columns empty, confidence 0.8)."""
    full = []
    for r in rows:
        row = {c: "" for c in COLUMNS}
        row["confidence"] = 0.8
        row.update(r)
        full.append(row)
    df = pd.DataFrame(full, columns=COLUMNS)
    df["confidence"] = df["confidence"].astype(float)
    return df


GERMANY = table(
    dict(leader="Olaf Scholz", country="Germany", role="Chancellor", date="2025-02-18", position="oppose",
         quote="highly inappropriate"),
    dict(leader="", country="Germany", role="German government official", date="2025-02-18",
         position="conditional", quote="full commitment"),
    dict(leader="Friedrich Merz", country="Germany", role="Chancellor", date="2025-05-17", position="support",
         quote="we are ready"),
    dict(leader="Boris Pistorius", country="Germany", role="Defence Minister", date="2025-06-01",
         position="conditional", quote="only with a ceasefire"),
)


@pytest.mark.parametrize("as_of, expected", [
    ("2025-02-17", None),                       # nobody had spoken
    ("2025-02-18", "oppose"),                  # Scholz, the head of government
    ("2025-05-16", "oppose"),
    ("2025-05-17", "support"),                 # Merz now the latest head
    ("2025-12-31", "support"),                 # Pistorius is not head: Merz still decides
    (None, "support"),
])
def test_country_follows_head_of_government_across_as_of(as_of, expected):
    countries = country_positions(current_positions(GERMANY, as_of))
    if expected is None:
        assert countries.empty
    else:
        assert countries.set_index("country").loc["Germany", "position"] == expected


@pytest.mark.parametrize("as_of, speakers", [
    ("2025-02-18", {"Olaf Scholz": "oppose", "Germany (government)": "conditional"}),
    ("2025-05-17", {"Olaf Scholz": "oppose", "Germany (government)": "conditional",
                    "Friedrich Merz": "support"}),
    ("2025-06-01", {"Olaf Scholz": "oppose", "Germany (government)": "conditional",
                    "Friedrich Merz": "support", "Boris Pistorius": "conditional"}),
])
def test_current_positions_one_row_per_speaker(as_of, speakers):
    cur = current_positions(GERMANY, dt.date.fromisoformat(as_of))
    assert dict(zip(cur["speaker"], cur["position"])) == speakers


def test_latest_statement_wins_and_as_of_cuts():
    df = table(
        dict(leader="Keir Starmer", country="United Kingdom", role="Prime Minister", date="2025-01-05",
             position="conditional"),
        dict(leader="Keir Starmer", country="United Kingdom", role="Prime Minister", date="2025-03-02",
             position="support"),
        dict(leader="Keir Starmer", country="United Kingdom", role="Prime Minister", date="2025-09-09",
             position="oppose"),
    )
    for as_of, want in [("2025-01-05", "conditional"), ("2025-03-01", "conditional"),
                        ("2025-03-02", "support"), ("2025-09-08", "support"), ("2025-09-09", "oppose")]:
        cur = current_positions(df, as_of)
        assert cur["position"].tolist() == [want], as_of
    assert current_positions(df, "2025-09-09")["statements"].tolist() == [3]
    assert current_positions(df, "2025-03-02")["statements"].tolist() == [2]


def test_same_day_higher_confidence_wins():
    df = table(
        dict(leader="A", country="X", date="2025-01-01", position="support", confidence=0.9),
        dict(leader="A", country="X", date="2025-01-01", position="oppose", confidence=0.5),
    )
    assert current_positions(df)["position"].tolist() == ["support"]


def test_rows_without_date_are_ignored_for_positions():
    df = table(dict(leader="A", country="X", date="", position="support"))
    assert current_positions(df, "2025-01-01").empty
    assert current_positions(df).empty


@pytest.mark.parametrize("positions, dates, expected", [
    (["oppose", "oppose", "support"], ["2025-01-01"] * 3, "oppose"),          # majority
    (["support", "oppose"], ["2025-01-01", "2025-02-01"], "oppose"),           # tie: most recent
    (["oppose", "support"], ["2025-01-01", "2025-02-01"], "support"),
    (["conditional"], ["2025-01-01"], "conditional"),
])
def test_country_without_head_takes_most_frequent(positions, dates, expected):
    df = table(*[dict(leader=f"Minister {i}", country="Sweden", role="Foreign Minister", date=d, position=p)
                 for i, (p, d) in enumerate(zip(positions, dates))])
    countries = country_positions(current_positions(df))
    row = countries.iloc[0]
    assert row["position"] == expected
    assert row["basis"].startswith("most frequent")
    assert [row["support"], row["conditional"], row["oppose"]] == [
        positions.count("support"), positions.count("conditional"), positions.count("oppose")]


@pytest.mark.parametrize("role, kind", [
    ("Prime Minister", "head"), ("President", "head"), ("Chancellor", "head"), ("Taoiseach", "head"),
    ("Foreign Minister", "minister"), ("Defence Minister", "minister"), ("European Parliament President", "other"),
    ("government", "government"), ("", "other"), ("a title nobody uses", "other"),
])
def test_role_kind_comes_from_the_roles_table(role, kind):
    from extract.actors.table import role_kind
    assert role_kind(role) == kind


def test_country_position_reads_the_rows_role_kind():
    """The head rule reads `role_kind` from the rows: a row the extractor marked 'head' decides,
    whatever its role's words; a table without the column gets it from roles.csv."""
    df = table(dict(leader="A", country="Sweden", role="Foreign Minister", date="2025-01-02", position="oppose"),
               dict(leader="B", country="Sweden", role="Foreign Minister", date="2025-01-01", position="support"))
    assert country_positions(current_positions(df)).iloc[0]["position"] == "oppose"   # no head: most recent tie
    df["role_kind"] = ["other", "head"]
    row = country_positions(current_positions(df)).iloc[0]
    assert (row["position"], row["leader"], row["basis"]) == ("support", "B", "head of government/state: B")


def test_apply_filters_each_field():
    df = with_speaker(GERMANY)
    assert set(apply_filters(df, Filters(leaders=["Olaf Scholz"]))["leader"]) == {"Olaf Scholz"}
    assert set(apply_filters(df, Filters(leaders=["Germany (government)"]))["leader"]) == {""}
    assert len(apply_filters(df, Filters(positions=["conditional"]))) == 2
    assert len(apply_filters(df, Filters(positions=["conditional"]), positions=False)) == 4
    got = apply_filters(df, Filters(date_from=dt.date(2025, 5, 1), date_to=dt.date(2025, 5, 31)))
    assert got["leader"].tolist() == ["Friedrich Merz"]
    assert apply_filters(df, Filters(countries=["France"])).empty
    assert len(apply_filters(df, Filters(as_of=dt.date(2025, 3, 1)), as_of=True)) == 2
    assert len(apply_filters(df, Filters(as_of=dt.date(2025, 3, 1)))) == 4   # as_of off by default


@pytest.mark.parametrize("query, n", [
    ("commitment", 1), ("COMMITMENT", 1), ('"full commitment"', 1), ('"commitment full"', 0),
    ("germany chancellor", 2), ("ready merz", 1), ("", 4), ("nothing-like-this", 0),
])
def test_search(query, n):
    df = with_speaker(GERMANY)
    assert int(search_mask(df, query).sum()) == n
    assert len(apply_filters(df, Filters(search=query), search=True)) == n


def test_filters_url_round_trip():
    f = Filters(countries=["Germany", "France"], leaders=["Olaf Scholz"], positions=["oppose"],
                sources=["Reuters"], date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 6, 30),
                as_of=dt.date(2025, 3, 1), search='"full commitment"')
    q = f.to_query()
    assert q["country"] == ["Germany", "France"] and q["as_of"] == "2025-03-01"

    def get_all(key):
        v = q.get(key, [])
        return v if isinstance(v, list) else [v]

    assert Filters.from_query(get_all) == f


def test_filters_from_bad_query_drop_values():
    bad = {"position": ["maybe", "oppose"], "as_of": ["yesterday"], "from": ["2025-13-01"], "country": [""]}
    f = Filters.from_query(lambda k: bad.get(k, []))
    assert f.positions == ["oppose"] and f.as_of is None and f.date_from is None and f.countries == []


def test_seed_csv_current_positions_match_groupby():
    """On the shipped CSV: one current row per (country, leader), equal to its latest-dated row."""
    from extract.io.store import load_positions
    df, _ = load_positions(ROOT / "data" / "positions.csv")
    cur = current_positions(df)
    dated = df[df["date"] != ""]
    assert len(cur) == dated.groupby(["country", "leader"]).ngroups
    for _, row in cur.iterrows():
        mine = dated[(dated["country"] == row["country"]) & (dated["leader"] == row["leader"])]
        assert row["date"] == mine["date"].max()
        assert row["position"] in set(mine[mine["date"] == row["date"]]["position"])
    countries = country_positions(cur)
    assert sorted(countries["country"]) == sorted(dated["country"].unique())


def test_head_rule_agrees_with_the_roles_table():
    """A country's position is its head's: every role in actors.csv is a head in the dashboard's
    rule exactly when roles.csv calls it one (a party's or a parliament's president is not)."""
    import csv
    from extract import settings
    from extract.actors.table import role_kind
    data = settings.data_dir()
    with open(data / "roles.csv", encoding="utf-8") as fh:
        kinds = {r["role"]: r["kind"] for r in csv.DictReader(fh) if r["title"] == r["role"].lower()}
    with open(data / "actors.csv", encoding="utf-8") as fh:
        roles = {r["role"] for r in csv.DictReader(fh)}
    assert {r for r in roles if (role_kind(r) == "head") != (kinds.get(r) == "head")} == set()
    assert role_kind("European Parliament President") != "head" and role_kind("President") == "head"


def test_a_term_is_found_as_plain_text_whatever_its_characters():
    """The search's fast kernel (RE2 on a quoted literal) finds what a plain substring test finds."""
    import pyarrow as pa
    from dashboard.filters import _contains
    texts = ["a.b*c (x) [y] {z} ^$ | ? + \\\\ \\\\q \\\\e \\\\E end", "ünïcödé — “quotes” ß", "plain words here", ""]
    arr = pa.array(texts)
    for term in [".", "*", "(x)", "[y]", "{z}", "^$", "|", "?", "+", "\\\\", "\\\\E", "\\\\e", "ß", "“quotes”", "ï",
                 "words here", "a.b", "nothing", "e end", "Q", "\\\\Q"]:
        assert _contains(arr, term).tolist() == [term in t for t in texts], term


def _current_row_by_row(df: pd.DataFrame, as_of: str | None) -> list[tuple]:
    """The current-position rule read off the rows one by one: per (country, leader), the dated row
    on or before as_of with the greatest (date, confidence, file order); its count and first date."""
    best: dict = {}
    for i, r in enumerate(df.to_dict("records")):
        date = r["date"]
        if not date or (as_of and date > as_of):
            continue
        conf = r["confidence"] if r["confidence"] == r["confidence"] else 0.0
        key = (r["country"], r["leader"])
        n, first, rank, row = best.get(key, (0, date, None, None))
        if rank is None or (date, conf, i) > rank:
            rank, row = (date, conf, i), r
        best[key] = (n + 1, min(first, date), rank, row)
    return sorted((country, leader, row["position"], row["quote"], row["date"], n, first)
                  for (country, leader), (n, first, _, row) in best.items())


def test_current_positions_equal_the_rule_read_row_by_row():
    """current_positions' group-by (one rank per row, no sort) picks the rows the rule picks, on
    generated tables with same-day statements, tied and missing confidences, undated rows and
    government speakers."""
    import random
    for seed in range(6):
        rng = random.Random(seed)
        people = [("France", "Emmanuel Macron"), ("France", ""), ("Poland", "Donald Tusk"), ("Poland", ""),
                  ("Italy", "Giorgia Meloni"), ("Germany", "Friedrich Merz"), ("Germany", "Boris Pistorius")]
        rows = []
        for i in range(rng.randint(1, 400)):
            country, leader = rng.choice(people[:rng.randint(1, len(people))])
            rows.append(dict(country=country, leader=leader, quote=f"q{i}",
                             date=rng.choice(["", "2025-01-0%d" % rng.randint(1, 9), "2025-02-01"]),
                             position=rng.choice(["support", "conditional", "oppose"]),
                             confidence=rng.choice([0.5, 0.9, 0.9, float("nan")])))
        df = table(*rows)
        for as_of in (None, "2025-01-05", "2024-12-31"):
            got = current_positions(df, as_of)
            want = _current_row_by_row(df, as_of)
            have = sorted(zip(got["country"], got["leader"], got["position"], got["quote"], got["date"],
                              got["statements"], got["first_date"]))
            assert have == want, (seed, as_of)
            assert list(zip(got["country"], got["leader"])) == sorted(zip(got["country"], got["leader"]))
