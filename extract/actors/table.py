"""The actor table: people with aliases and date-bounded roles, places and demonyms.

Modelled on PETRARCH's actor dictionaries: each person has aliases and
date-bounded roles, so "the German chancellor" is Olaf Scholz in February
2025 and Friedrich Merz from 6 May 2025. Places (demonyms, capitals,
metonyms such as "the Kremlin") resolve to a country's government.

Everything here reads the tables in `data/` (actors.csv, roles.csv,
places.csv); nothing is hard-coded about particular people.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..lexicon import word_list
from ..schema import Actor
HONORIFICS = word_list("honorifics.txt")
FEMALE_GIVEN = word_list("female_given_names.txt")


@functools.lru_cache(maxsize=65536)
def mend_split_hyphen(text: str) -> str:
    """'Kosiniak- Kamysz' -> 'Kosiniak-Kamysz': a hyphen the web split from the rest of a name."""
    return re.sub(r"(\w)- +(?=\w)", r"\1-", text)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, single spaces: the key every name lookup uses (cached: the rules fold
    the same few thousand words again and again, tens of thousands of calls per hundred articles)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s$", "", text.strip())
    text = re.sub(r"[^\w\s'-]", " ", text.casefold())
    text = mend_split_hyphen(text)
    return " ".join(text.split())


def strip_honorifics(name: str) -> str:
    words = name.split()
    while words and fold(words[0]).rstrip(".") in HONORIFICS:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Role:
    name: str
    gender: str
    country: str
    role: str
    start: str
    end: str

    def active(self, date: str) -> bool:
        if not date:
            return not self.end
        return (not self.start or self.start <= date) and (not self.end or date <= self.end)


@dataclass
class ActorTable:
    roles: list[Role]
    aliases: dict[str, str]                  # folded alias -> canonical name
    surnames: dict[str, set[str]]            # folded surname -> canonical names
    titles: dict[str, list[tuple[str, str]]]  # folded title -> [(canonical role, kind)]: "defence minister" is several
    places: dict[str, tuple[str, str]]       # exact text -> (country, kind)
    demonyms: dict[str, str] = field(default_factory=dict)  # folded demonym/name -> country

    @functools.cached_property
    def place_starts(self) -> frozenset[str]:
        """Every prefix of a place's first word: a span can only be a place if its first token is one."""
        return frozenset(w[:i] for text in self.places for w in text.split()[:1] for i in range(1, len(w) + 1))

    @functools.cached_property
    def aliases_by_initial(self) -> dict[str, list[tuple[str, str]]]:
        """Multi-word aliases by the first letter of their last word: the candidates a misspelt
        name is compared with (a misspelling seldom changes a surname's first letter)."""
        out: dict[str, list[tuple[str, str]]] = {}
        for alias, name in self.aliases.items():
            if " " in alias:
                out.setdefault(alias.split()[-1][:1], []).append((alias, name))
        return out

    @functools.cached_property
    def one_word_names(self) -> frozenset[str]:
        """Folded surnames and one-word places: the words `glued` may split off a run-together word."""
        return frozenset(self.surnames) | frozenset(fold(p) for p in self.places if " " not in p)

    @functools.cached_property
    def title_words(self) -> frozenset[str]:
        return frozenset(w for t in self.titles for w in t.split())

    @functools.cached_property
    def title_heads(self) -> frozenset[str]:
        """The last word of each title: the post's own noun ("ambassador", "minister")."""
        return frozenset(t.split()[-1] for t in self.titles)

    def roles_of(self, name: str, date: str) -> list[Role]:
        mine = [r for r in self.roles if r.name == name]
        on_date = [r for r in mine if r.active(date)]
        return on_date or sorted(mine, key=lambda r: r.start, reverse=True)

    def person(self, name: str, date: str) -> Actor:
        roles = self.roles_of(name, date)
        if not roles:
            return Actor(name, "", "", "", known=False)
        r = roles[0]
        return Actor(name, r.country, r.role, r.gender)

    def holders(self, country: str, title: str, date: str) -> list[Actor]:
        """The people holding a title in a country on a date, the table's order (a country's own word for
        the post first; two deputy foreign ministers: both)."""
        out: dict[str, Actor] = {}
        for role, _ in self.titles.get(fold(title), []):
            for r in self.roles:
                if r.country == country and r.role == role and r.active(date):
                    out.setdefault(r.name, Actor(r.name, r.country, r.role, r.gender))
        return list(out.values())

    def holder(self, country: str, title: str, date: str) -> Actor | None:
        """The person holding a title in a country on a date ("the German chancellor" in May 2025)."""
        return next(iter(self.holders(country, title, date)), None)

    def only_holder(self, title: str, date: str) -> Actor | None:
        """The one person holding, on the date, a post whose own name is the title, when one country
        alone has a post of that name ("the Defence Secretary": the UK's; "the prime minister": None)."""
        held = {r.name: r for r in self.roles if fold(r.role) == fold(title) and r.active(date)}
        if len(held) != 1:   # one person, so one country
            return None
        r = next(iter(held.values()))
        return Actor(r.name, r.country, r.role, r.gender)

    def heads(self, country: str, date: str) -> list[Actor]:
        return [Actor(r.name, r.country, r.role, r.gender) for r in self.roles
                if r.country == country and r.active(date) and ("head" in {k for _, k in self.titles.get(fold(r.role), [])})]


def _read(path: Path) -> list[dict]:
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:   # one line naming the table, not a traceback
        raise ValueError(f"{path}: cannot read the table ({exc})") from None


@functools.lru_cache(maxsize=4)
def load_table(data_dir: str | None = None) -> ActorTable:
    data = Path(data_dir or settings.data_dir())
    roles, aliases, surnames = [], {}, {}
    for row in _read(data / "actors.csv"):
        name = row["name"].strip()
        if not name:
            continue
        roles.append(Role(name, row.get("gender", "").strip(), row["country"].strip(), row["role"].strip(),
                          row.get("start", "").strip(), row.get("end", "").strip()))
        forms = [name] + [a for a in (row.get("aliases") or "").split("|") if a.strip()]
        for form in forms:
            form = strip_honorifics(form.strip())
            aliases[fold(form)] = name
            if len(form.split()) > 1:
                surnames.setdefault(fold(form.split()[-1]), set()).add(name)
        # Compound surnames ("von der Leyen", "Malmer Stenergard") are aliases in the table.
    titles: dict[str, list[tuple[str, str]]] = {}
    for r in _read(data / "roles.csv"):
        titles.setdefault(fold(r["title"]), []).append((r["role"].strip(), (r.get("kind") or "").strip()))
    for r in roles:  # every canonical role is also a title of itself
        titles.setdefault(fold(r.role), [(r.role, "minister")])
    places, demonyms = {}, {}
    for row in _read(data / "places.csv"):
        text = row["text"].strip()
        if text.lower().startswith("the "):
            text = text[4:]
        places.setdefault(text, (row["country"].strip(), row["kind"].strip()))
        if row["kind"].strip() in ("demonym", "name"):
            demonyms.setdefault(fold(text), row["country"].strip())
    return ActorTable(roles, aliases, surnames, titles, places, demonyms)


def person_patterns(table: ActorTable) -> list[dict]:
    """Entity-ruler patterns: every known name and alias is a PERSON (the small model tags some as ORG)."""
    seen, patterns = set(), []
    for alias in table.aliases:
        if alias in seen or " " not in alias:
            continue
        seen.add(alias)
        patterns.append({"label": "PERSON", "pattern": alias})   # a phrase pattern: matched on LOWER (see parse.py)
    for name in {r.name for r in table.roles}:
        # The name as written and without accents ("Peter Szijjarto"), single names included.
        plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        for form in {name.lower(), plain.lower()} - seen:
            seen.add(form)
            patterns.append({"label": "PERSON", "pattern": form})
    return patterns


def person_labelled(label: str, table: ActorTable, date: str) -> Actor | None:
    """The known person a speaker label names ("PRIME MINISTER ULF KRISTERSSON", "De Wever",
    "ORPO"): a name or alias at its end, or a surname one person has (or one holds office with
    on the date), after nothing but titles and honorifics. None for "Q", "QUESTION (…)" and
    anything else."""
    words = fold(label).split()
    if not 0 < len(words) <= 6:
        return None
    for k in range(len(words)):
        before, tail = words[:k], " ".join(words[k:])
        if any(w.rstrip(".") not in HONORIFICS and w not in table.title_words for w in before):
            return None
        if tail in table.aliases:
            return table.person(table.aliases[tail], date)
        if k == len(words) - 1:
            known = surname_holder(table, tail, date)
            return table.person(known, date) if known else None
    return None


def surname_holder(table: ActorTable, word: str, date: str, seen_people=(), sitting_only: bool = False) -> str | None:
    """Whom a lone surname names: the last person with it named earlier in the article, else the
    one who holds office with it on the date, else (unless `sitting_only` and the date is known) the
    only one in the table who has it."""
    candidates = table.surnames.get(fold(word), set())
    earlier = [n for n in seen_people if n in candidates]
    if earlier:
        return earlier[-1]
    active = {n for n in candidates if any(r.active(date) for r in table.roles_of(n, date))} if date else candidates
    for pick in (active,) if sitting_only and date else (active, candidates):
        if len(pick) == 1:
            return next(iter(pick))
    return None


@functools.lru_cache(maxsize=8)
def role_kinds(data_dir: str) -> dict[str, str]:
    """Role name (folded) -> its kind in roles.csv: head / minister / other. A role listed under
    several titles keeps the highest kind (a head beats a minister beats other); a title that is
    not itself a role takes its role's kind."""
    rank = {"head": 0, "minister": 1, "other": 2}
    out: dict[str, str] = {}
    rows = _read(Path(data_dir) / "roles.csv")
    for r in rows:
        role, kind = fold(r["role"]), (r.get("kind") or "other").strip() or "other"
        if role not in out or rank.get(kind, 3) < rank.get(out[role], 3):
            out[role] = kind
    for r in rows:   # a title used as a role ("Taoiseach") has its role's kind
        out.setdefault(fold(r["title"]), out[fold(r["role"])])
    return out


def role_kind(role: str, data_dir: str | None = None) -> str:
    """The kind of a role as the dashboard's head rule reads it; "government" for a government row."""
    if not role or fold(role) == "government":
        return "government" if role else "other"
    return role_kinds(str(data_dir or settings.data_dir())).get(fold(role), "other")
