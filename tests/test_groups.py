"""data/groups.csv and rule group_name: a group name stands for the members the article does not name."""
from __future__ import annotations

import csv
from pathlib import Path

from extract.actors.groups import load_groups
from extract.judge.groups import member_rows
from extract.nlp.parse import load_nlp
from extract.run.article import extract_article
from extract.schema import Actor, Article

ROOT = Path(__file__).resolve().parent.parent


def test_every_member_is_a_country_of_places_csv_and_every_row_has_a_source():
    countries = {r["country"] for r in csv.DictReader(open(ROOT / "data/places.csv", encoding="utf-8"))}
    rows = list(csv.DictReader(open(ROOT / "data/groups.csv", encoding="utf-8")))
    assert rows and {r["country"] for r in rows} <= countries
    assert all(r["source"].startswith("https://") and r["names"] for r in rows)
    groups = load_groups(str(ROOT / "data"))
    assert groups.members["Baltic states"] == ("Estonia", "Latvia", "Lithuania")
    assert groups.names[("baltics",)] == "Baltic states" and groups.names[("v4",)] == "Visegrad Group"


def test_a_group_stands_for_its_members_only_when_the_text_names_none_of_them():
    """ANNOTATION.md, "Lists and groups": a member named in the text (by name, demonym or one of its
    people) speaks for itself, and the group's line then gives no member a row."""
    row = {"leader": "", "country": "Benelux", "position": "support", "rule": "subject"}
    alone = member_rows([row], "Benelux said so.", [])
    assert [(r["country"], r["rule"]) for r in alone] == [
        ("Belgium", "group_name / subject"), ("Luxembourg", "group_name / subject"),
        ("Netherlands", "group_name / subject")]
    assert member_rows([row], "Benelux said so. The Dutch were silent.", []) == []
    assert member_rows([row], "Benelux said so.", [Actor("Luc Frieden", "Luxembourg", "Prime Minister")]) == []


def test_an_article_gives_each_member_the_groups_position_unless_it_names_one():
    group = "The Visegrad Group said it would not send troops to Ukraine."
    got = extract_article(Article("v4", group, published="2026-03-31"), "troops_to_ukraine", load_nlp())
    assert sorted((r["country"], r["position"]) for r in got) == [
        ("Czech Republic", "oppose"), ("Hungary", "oppose"), ("Poland", "oppose"), ("Slovakia", "oppose")]
    text = group + "\n\nPoland, for its part, said it was ready to send troops to Ukraine."
    got = extract_article(Article("v4b", text, published="2026-03-31"), "troops_to_ukraine", load_nlp())
    assert sorted((r["country"], r["position"]) for r in got) == [("Poland", "support")]


def test_a_groups_row_read_through_an_anaphor_gives_its_members_none():
    row = {"leader": "", "country": "Nordic countries", "position": "conditional", "rule": "subject / anaphor / cue_hedge"}
    assert member_rows([row], "The Nordic countries could face the talks.", []) == []
