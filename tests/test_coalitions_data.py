"""data/coalitions.csv: who belongs to the EU, NATO and the coalition of the willing, and since when."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

PATH = Path(__file__).resolve().parent.parent / "data" / "coalitions.csv"
GROUPINGS = {"EU", "NATO", "Coalition of the willing"}


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(PATH, dtype=str, keep_default_na=False)


def members(data: pd.DataFrame, grouping: str, on: str) -> set[str]:
    day = pd.Timestamp(on)
    rows = data[data["grouping"] == grouping]
    joined = pd.to_datetime(rows["joined"], format="%Y-%m-%d")
    left = pd.to_datetime(rows["left"].replace("", None), format="%Y-%m-%d")
    # "left" is the last day of membership
    inside = (joined <= day) & (left.isna() | (left >= day))
    return set(rows.loc[inside, "country"])


def test_columns(data):
    assert list(data.columns) == ["grouping", "country", "joined", "left", "source"]


def test_groupings(data):
    assert set(data["grouping"]) == GROUPINGS


def test_dates_parse(data):
    joined = pd.to_datetime(data["joined"], format="%Y-%m-%d", errors="coerce")
    assert joined.notna().all(), data.loc[joined.isna()]
    has_left = data["left"] != ""
    left = pd.to_datetime(data.loc[has_left, "left"], format="%Y-%m-%d", errors="coerce")
    assert left.notna().all()
    assert (left > joined[has_left]).all()


def test_no_duplicate_memberships(data):
    assert not data.duplicated(["grouping", "country"]).any()


def test_every_row_has_a_source(data):
    assert (data["source"].str.strip() != "").all()
    assert (data["country"].str.strip() == data["country"]).all()


def test_eu_has_27_members_in_2025(data):
    eu = members(data, "EU", "2025-06-01")
    assert len(eu) == 27
    assert {"Czech Republic", "Netherlands", "Croatia", "Germany"} <= eu
    assert "United Kingdom" not in eu


def test_uk_left_the_eu(data):
    assert "United Kingdom" in members(data, "EU", "2020-01-31")
    assert len(members(data, "EU", "2020-01-31")) == 28
    assert "United Kingdom" not in members(data, "EU", "2020-02-01")
    assert "United Kingdom" not in members(data, "EU", "2021-01-01")


def test_nato_has_32_members_in_2025(data):
    nato = members(data, "NATO", "2025-06-01")
    assert len(nato) == 32
    assert {"United States", "United Kingdom", "Turkey", "North Macedonia", "Finland", "Sweden"} <= nato


def test_nordic_accessions(data):
    assert "Sweden" not in members(data, "NATO", "2023-06-01")
    assert "Finland" in members(data, "NATO", "2023-06-01")
    assert "Finland" not in members(data, "NATO", "2023-04-03")
    assert "Sweden" in members(data, "NATO", "2024-03-07")


def test_coalition_of_the_willing(data):
    rows = data[data["grouping"] == "Coalition of the willing"]
    assert {"United Kingdom", "France"} <= set(rows["country"])
    assert (rows["joined"] >= "2025-03-01").all()
    assert "Ukraine" not in set(rows["country"])  # the partner, not a contributor
    assert members(data, "Coalition of the willing", "2025-02-01") == set()


def test_country_names_are_the_project_short_names(data):
    names = set(data["country"])
    assert not names & {"UK", "USA", "Czechia", "Türkiye", "The Netherlands", "Macedonia"}
