"""Group names ("the Baltic states", "the Nordic countries", "Benelux", "V4") as holders.

`data/groups.csv` lists each group's members (group,country,names,source; members named as in
data/places.csv, each membership with its source). A group name is found as one mention whose
country is the group; `judge.groups.member_rows` then gives each member the group's row, for the
members the article does not name separately (ANNOTATION: lists and groups).
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from .. import settings
from ..registry import declare, on
from ..schema import Actor, Mention

declare("group_name", "attribution", "The Baltic states said they were ready to send troops to Ukraine. "
        "(Estonia, Latvia and Lithuania each support, unless the article names one of them itself)")

# The parse roles in which a group name can hold a statement (as for a country name, mentions._add_places).
HOLDER_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "poss", "conj", "appos", "ROOT", "dobj", "dep", "attr"})


@dataclass(frozen=True)
class Groups:
    members: dict[str, tuple[str, ...]]            # group -> member countries, in table order
    names: dict[tuple[str, ...], str]              # lower-cased words of a name, "the" dropped -> group

    @functools.cached_property
    def lengths(self) -> dict[str, tuple[int, ...]]:
        """First word of a name -> the lengths of the names it starts, longest first: a word that
        starts none is passed over at once (most words of a text)."""
        out: dict[str, set[int]] = {}
        for words in self.names:
            out.setdefault(words[0], set()).add(len(words))
        return {w: tuple(sorted(ns, reverse=True)) for w, ns in out.items()}


@functools.lru_cache(maxsize=4)
def load_groups(data_dir: str | None = None) -> Groups:
    path = Path(data_dir or settings.data_dir()) / "groups.csv"
    if not path.exists():
        return Groups({}, {})
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(f"{path}: cannot read the table ({exc})") from None
    members: dict[str, list[str]] = {}
    names: dict[tuple[str, ...], str] = {}
    for line, row in enumerate(rows, start=2):
        group, country = (row.get("group") or "").strip(), (row.get("country") or "").strip()
        if not group or not country:
            raise ValueError(f"{path}: line {line} needs a group and a country")
        members.setdefault(group, []).append(country)
        for name in (row.get("names") or "").split("|"):
            words = tuple(name.lower().split())
            if words[:1] == ("the",):
                words = words[1:]
            if words:
                names[words] = group
    return Groups({g: tuple(m) for g, m in members.items()}, names)


def group_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """The group names of the Doc as government mentions of the group (country = the group's name),
    the longest name first where two start at one word."""
    groups = load_groups(str(settings.data_dir()))
    if not groups.names or not on("group_name"):
        return []
    lower = [t.lower_ for t in doc]
    out, i = [], 0
    while i < len(doc):
        hit = None
        for n in groups.lengths.get(lower[i], ()):
            if i + n <= len(doc) and tuple(lower[i:i + n]) in groups.names and not any(j in taken for j in range(i, i + n)):
                hit = n
                break
        if hit is None:
            i += 1
            continue
        span = doc[i:i + hit]
        start = i - 1 if i > 0 and lower[i - 1] == "the" and i - 1 not in taken else i
        # "the Nordic and Baltic countries": two groups share one noun, a union the table does not list
        shared = start >= 2 and lower[start - 1] in ("and", "or", ",") and doc[start - 2].pos_ == "ADJ"
        if span.root.dep_ in HOLDER_DEPS and not shared:
            out.append(Mention(start, i + hit, Actor("", groups.names[tuple(lower[i:i + hit])], "government"),
                               "government", doc[start:i + hit].text, span.root.i))
        i += hit
    return out
