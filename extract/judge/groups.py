"""A group's row becomes one government row per member (rule group_name, actors.groups).

ANNOTATION (lists and groups): a group name stands for its members when the article does not name
them separately. A member the article names itself (its name, capital or demonym, or one of its
people) gets no row from the group: its own statements decide. A group's row read through an
anaphor ("the idea", "the talks" rather than a topic term) gives no member a row: one weak reading
would become a row for each member.
"""
from __future__ import annotations

import re

from .. import settings
from ..actors.groups import load_groups
from ..actors.table import load_table
from ..schema import Actor


def named_countries(text: str, people: list[Actor]) -> set[str]:
    """The countries the text names: any of their places (data/places.csv) as a whole word, or a person of theirs."""
    table = load_table(str(settings.data_dir()))
    out = {a.country for a in people if a.country}
    for place, (country, _) in table.places.items():
        if country not in out and re.search(rf"(?<!\w){re.escape(place)}(?!\w)", text):
            out.add(country)
    return out


def member_rows(rows: list[dict], text: str, people: list[Actor]) -> list[dict]:
    """Each row held by a group (its country is the group's name) as one row per member, in table
    order, when the text names none of its members separately (ANNOTATION.md, "Lists and groups":
    a member named on its own speaks for itself, and the group's line is then not read as theirs);
    other rows as they are."""
    groups = load_groups(str(settings.data_dir()))
    if not any(r["country"] in groups.members and not r["leader"] for r in rows):
        return rows
    named = named_countries(text, people)
    out = []
    for r in rows:
        if r["leader"] or r["country"] not in groups.members:
            out.append(r)
            continue
        if "anaphor" in r["rule"].split(" / "):
            continue   # "the talks" for the topic: too weak a reading to give three to five governments a row
        members = groups.members[r["country"]]
        if any(country in named for country in members):
            continue
        for country in members:
            out.append({**r, "country": country, "rule": "group_name / " + r["rule"]})
    return out
