"""Validation of the knowledge tables in data/: actors.csv, roles.csv, places.csv."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"

ACTOR_COLUMNS = ["name", "aliases", "gender", "country", "role", "start", "end"]
ROLE_COLUMNS = ["role", "title", "kind"]
PLACE_COLUMNS = ["country", "kind", "text"]

# Roles held by one person at a time per country.
SINGLE_HOLDER = {
    "President", "Prime Minister", "Chancellor", "Vice President",
    "Foreign Minister", "Foreign Secretary", "Secretary of State",
    "Defence Minister", "Defence Secretary", "Defense Secretary",
    "Secretary General", "European Commission President",
    "European Council President", "High Representative",
    "Kremlin Spokesman", "Commander-in-Chief", "Chief of the Defence Staff",
}
FAR_FUTURE = dt.date(9999, 12, 31)


def _read(name: str) -> tuple[list[str], list[dict]]:
    with open(DATA / name, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def actors():
    return _read("actors.csv")


@pytest.fixture(scope="module")
def roles():
    return _read("roles.csv")


@pytest.fixture(scope="module")
def places():
    return _read("places.csv")


def _date(s: str, default: dt.date | None = None) -> dt.date:
    if not s and default is not None:
        return default
    return dt.date.fromisoformat(s)


def holder(actors_rows, country: str, role: str, on: str) -> list[str]:
    day = dt.date.fromisoformat(on)
    return [
        r["name"] for r in actors_rows
        if r["country"] == country and r["role"] == role
        and _date(r["start"]) <= day <= _date(r["end"], FAR_FUTURE)
    ]


def test_columns(actors, roles, places):
    assert actors[0] == ACTOR_COLUMNS
    assert roles[0] == ROLE_COLUMNS
    assert places[0] == PLACE_COLUMNS


def test_actor_rows_well_formed(actors):
    rows = actors[1]
    assert len(rows) >= 300
    for r in rows:
        where = f"{r['name']!r} {r['country']} {r['role']}"
        assert r["name"].strip() and r["name"] == r["name"].strip(), where
        assert r["gender"] in ("m", "f"), where
        assert r["country"] and r["role"], where
        start = _date(r["start"])
        end = _date(r["end"], FAR_FUTURE)
        assert start <= end, where
        aliases = [a for a in r["aliases"].split("|") if a] if r["aliases"] else []
        for a in aliases:
            assert a == a.strip() and a != r["name"], where
        assert len(aliases) == len(set(aliases)), where


def test_person_attributes_consistent(actors):
    seen: dict[str, tuple[str, str]] = {}
    for r in actors[1]:
        key = (r["aliases"], r["gender"])
        assert seen.setdefault(r["name"], key) == key, r["name"]


def test_no_overlap_for_single_holder_roles(actors):
    by_post: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = {}
    for r in actors[1]:
        if r["role"] in SINGLE_HOLDER:
            by_post.setdefault((r["country"], r["role"]), []).append(
                (_date(r["start"]), _date(r["end"], FAR_FUTURE), r["name"]))
    for post, spans in by_post.items():
        spans.sort()
        for (s1, e1, n1), (s2, e2, n2) in zip(spans, spans[1:]):
            assert s2 > e1, f"{post}: {n1} ({s1}..{e1}) overlaps {n2} ({s2}..{e2})"


def test_roles_table(roles):
    rows = roles[1]
    for r in rows:
        assert r["role"] and r["title"], r
        assert r["title"] == r["title"].lower().strip(), r
        assert r["kind"] in ("head", "minister", "other"), r
    pairs = [(r["role"], r["title"]) for r in rows]
    assert len(pairs) == len(set(pairs))
    # every canonical role can be found by its own name
    for role in {r["role"] for r in rows}:
        assert (role, role.lower()) in set(pairs), role


def test_actor_roles_in_roles_table(actors, roles):
    known = {r["role"] for r in roles[1]}
    missing = {r["role"] for r in actors[1]} - known
    assert not missing


def test_places_table(places):
    rows = places[1]
    for r in rows:
        assert r["country"] and r["text"] == r["text"].strip() and r["text"], r
        assert r["kind"] in ("name", "demonym", "capital", "metonym"), r
        assert not r["text"].lower().startswith("the ") or r["text"] == "The Hague", r
    triples = [(r["country"], r["kind"], r["text"]) for r in rows]
    assert len(triples) == len(set(triples))
    names = {r["country"] for r in rows if r["kind"] == "name"}
    assert names == {r["country"] for r in rows}, "every country needs a name row"


def test_actor_countries_in_places(actors, places):
    known = {r["country"] for r in places[1]}
    missing = {r["country"] for r in actors[1]} - known
    assert not missing


@pytest.mark.parametrize("country,role,on,expected", [
    ("Germany", "Chancellor", "2025-02-18", "Olaf Scholz"),
    ("Germany", "Chancellor", "2025-05-05", "Olaf Scholz"),
    ("Germany", "Chancellor", "2025-05-06", "Friedrich Merz"),
    ("Germany", "Chancellor", "2025-06-01", "Friedrich Merz"),
    ("Germany", "Defence Minister", "2022-06-01", "Christine Lambrecht"),
    ("Germany", "Defence Minister", "2025-02-18", "Boris Pistorius"),
    ("United Kingdom", "Prime Minister", "2022-06-01", "Boris Johnson"),
    ("United Kingdom", "Prime Minister", "2022-10-01", "Liz Truss"),
    ("United Kingdom", "Prime Minister", "2024-01-01", "Rishi Sunak"),
    ("United Kingdom", "Prime Minister", "2025-02-18", "Keir Starmer"),
    ("United Kingdom", "Foreign Secretary", "2024-01-01", "David Cameron"),
    ("United Kingdom", "Defence Secretary", "2025-03-01", "John Healey"),
    ("NATO", "Secretary General", "2024-06-01", "Jens Stoltenberg"),
    ("NATO", "Secretary General", "2025-01-01", "Mark Rutte"),
    ("Netherlands", "Prime Minister", "2024-01-01", "Mark Rutte"),
    ("Netherlands", "Prime Minister", "2025-01-01", "Dick Schoof"),
    ("United States", "President", "2024-06-01", "Joe Biden"),
    ("United States", "President", "2025-02-18", "Donald Trump"),
    ("United States", "Defense Secretary", "2024-06-01", "Lloyd Austin"),
    ("United States", "Defense Secretary", "2025-02-18", "Pete Hegseth"),
    ("United States", "Secretary of State", "2025-03-01", "Marco Rubio"),
    ("United States", "Vice President", "2025-03-01", "JD Vance"),
    ("France", "President", "2025-02-18", "Emmanuel Macron"),
    ("France", "Prime Minister", "2023-06-01", "Élisabeth Borne"),
    ("France", "Prime Minister", "2024-10-01", "Michel Barnier"),
    ("France", "Prime Minister", "2025-02-18", "François Bayrou"),
    ("Italy", "Prime Minister", "2020-06-01", "Giuseppe Conte"),
    ("Italy", "Prime Minister", "2022-06-01", "Mario Draghi"),
    ("United Kingdom", "Leader of the Opposition", "2025-03-01", "Kemi Badenoch"),
    ("Italy", "Prime Minister", "2025-05-17", "Giorgia Meloni"),
    ("Poland", "Prime Minister", "2023-06-01", "Mateusz Morawiecki"),
    ("Poland", "Prime Minister", "2025-02-18", "Donald Tusk"),
    ("Sweden", "Foreign Minister", "2025-02-18", "Maria Malmer Stenergard"),
    ("Ukraine", "President", "2025-02-18", "Volodymyr Zelensky"),
    ("Russia", "Kremlin Spokesman", "2025-02-18", "Dmitry Peskov"),
    ("European Union", "High Representative", "2025-02-18", "Kaja Kallas"),
    ("European Union", "European Commission President", "2025-02-18", "Ursula von der Leyen"),
])
def test_date_bounded_roles(actors, country, role, on, expected):
    assert holder(actors[1], country, role, on) == [expected]


def test_dannatt(actors):
    rows = [r for r in actors[1] if r["name"] == "Richard Dannatt"]
    assert rows and rows[0]["role"] == "former Army chief"
    assert rows[0]["country"] == "United Kingdom" and rows[0]["gender"] == "m"
    assert "Lord Dannatt" in rows[0]["aliases"].split("|")
