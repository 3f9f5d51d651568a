"""Who is speaking: the actor table and the mentions that resolve to it.

Modelled on PETRARCH's actor dictionaries: each person has aliases and
date-bounded roles, so "the German chancellor" is Olaf Scholz in February
2025 and Friedrich Merz from 6 May 2025. Places (demonyms, capitals,
metonyms such as "the Kremlin") resolve to a country's government.

Everything here reads the tables in `data/` (actors.csv, roles.csv,
places.csv) and a spaCy Doc; nothing is hard-coded about particular people.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from . import settings

RULES = Path(__file__).parent / "rules"


def rule_words(name: str) -> frozenset[str]:
    """A word list from extract/rules/: one entry per line, lower-cased; '#' starts a comment line."""
    return frozenset(w.strip().lower() for w in (RULES / name).read_text(encoding="utf-8").split("\n")
                     if w.strip() and not w.startswith("#"))


HONORIFICS = rule_words("honorifics.txt")
FEMALE_GIVEN = rule_words("female_given_names.txt")
PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
# Words that make a title mention refer to someone other than the sitting office holder.
NOT_SITTING = {"former", "ex", "ex-", "late", "then", "previous", "future", "next", "deputy", "vice", "opposition", "shadow",
               "conservative", "labour", "party", "socialist", "green", "liberal", "democratic", "republican",
               "democrat", "far-right", "populist", "regional", "provincial", "state"}
GOVERNMENT_NOUNS = {"government", "administration", "cabinet", "leadership", "authorities", "official",
                    "officials", "source", "sources", "ministry", "spokesman", "spokeswoman",
                    "spokesperson", "diplomat", "diplomats", "country", "nation", "state"}


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, single spaces: the key every name lookup uses."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"'s$", "", text.strip())
    text = re.sub(r"[^\w\s'-]", " ", text.casefold())
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
class Actor:
    """A resolved speaker: a person (name set) or a government (name empty)."""
    name: str
    country: str
    role: str
    gender: str = ""
    known: bool = True  # in the actor table (False: found by NER only)

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.country if not self.name else "")


@dataclass
class Mention:
    start: int           # token index in the Doc
    end: int
    actor: Actor
    kind: str            # name / surname / title / pronoun / government / unknown
    text: str
    head: int = -1       # token index of the mention's syntactic head
    via: Mention | None = None   # "his country": the person whose country it is


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
    def title_words(self) -> frozenset[str]:
        return frozenset(w for t in self.titles for w in t.split())

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

    def holder(self, country: str, title: str, date: str) -> Actor | None:
        """The person holding a title in a country on a date ("the German chancellor" in May 2025)."""
        roles = [role for role, _ in self.titles.get(fold(title), [])]
        for role in roles:   # the table's order: a country's own word for the post first
            for r in self.roles:
                if r.country == country and r.role == role and r.active(date):
                    return Actor(r.name, r.country, r.role, r.gender)
        return None

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


# --- finding mentions in a parsed article -------------------------------------------------------

def _country_near(tokens: list[Token], table: ActorTable) -> str:
    """The country named by a demonym or a possessive inside a title phrase ("Poland's", "German")."""
    for i, tok in enumerate(tokens):
        for n in (3, 2, 1):  # multiword names first: "United Kingdom", "Czech Republic"
            chunk = tokens[i:i + n]
            if len(chunk) < n:
                continue
            text = " ".join(t.text for t in chunk)
            text = re.sub(r"\s*['’]s$", "", text)
            hit = table.places.get(text)
            if hit and hit[1] in ("demonym", "name", "metonym"):   # "White House press secretary"
                return hit[0]
            if fold(text) in table.demonyms and chunk[0].text[:1].isupper():
                return table.demonyms[fold(text)]
    return ""


def _title_before(doc: Doc, start: int, table: ActorTable) -> tuple[str, str]:
    """Role and country from the words before a name ("Sweden's Foreign Minister", "former British Army chief")."""
    lo = start
    while lo > doc[start].sent.start and start - lo < 8 and (
            doc[lo - 1].pos_ in ("ADJ", "NOUN", "PROPN") or doc[lo - 1].text in ("'s", "’s", ".")):
        lo -= 1
    window = list(doc[lo:start])
    role = ""
    for a in range(len(window)):
        for b in range(len(window), a, -1):
            hit = table.titles.get(fold(" ".join(t.text for t in window[a:b])))
            if hit:
                role = hit[0][0]
                break
        if role:
            break
    return role, _country_near(window, table)


def find_mentions(doc: Doc, table: ActorTable, date: str, prior: tuple[Actor, ...] = ()) -> list[Mention]:
    """Every mention of a person or government in the Doc, in order, resolved where possible.

    `prior`: known people named in text before the Doc (an article read from a window, see
    `gate.statement_windows`), in order; surnames, pronouns and bare titles may point back to them."""
    mentions: list[Mention] = []
    seen_people: list[str] = list(dict.fromkeys(a.name for a in prior))   # canonical names, first mention first
    taken = set()

    def add(m: Mention):
        mentions.append(m)
        taken.update(range(m.start, m.end))
        if m.actor.name and m.actor.name not in seen_people:
            seen_people.append(m.actor.name)

    for ent in doc.ents:
        if ent.label_ != "PERSON" and not _appositive_name(ent, table):
            continue
        start = ent.start
        while start < ent.end and not doc[start].text[:1].isalpha():
            start += 1   # "16:50 - Macron is speaking": a live blog's time stamp is not part of the name
        if start == ent.end:
            continue
        ent = doc[start:ent.end]
        text = strip_honorifics(re.sub(r"\s*['’]s$", "", ent.text))
        if _only_ranks(text):
            continue   # "Lieutenant General (retd) Richard Harlow": the rank alone names nobody
        while len(text.split()) > 2 and (fold(text.split()[0]) in table.titles or fold(text.split()[0]) in DESCRIBING_NOUNS):
            text = text.split(None, 1)[1]   # "Chairperson Özgür Özel": the model took the title in
        if not text:
            continue
        key = fold(text)
        head = ent.root.i
        if key in table.aliases:
            name = table.aliases[key]
            add(Mention(ent.start, ent.end, table.person(name, date), "name", ent.text, head))
            continue
        known = surname_holder(table, text, date, seen_people) if len(text.split()) == 1 else None
        if known:
            add(Mention(ent.start, ent.end, table.person(known, date), "surname", ent.text, head))
            continue
        if len(text.split()) == 1:
            # A surname of someone named in full earlier but not in the table.
            full = [m.actor.name for m in mentions if m.kind == "unknown" and m.actor.name.split()[-1] == text]
            if full:
                prev = next(m.actor for m in mentions if m.actor.name == full[-1])
                add(Mention(ent.start, ent.end, prev, "surname", ent.text, head))
            elif text != ent.text.strip():
                # "Lord Ricketts", "General Hillier": an honorific or rank makes a lone surname a person
                role, country = _title_before(doc, ent.start, table)
                add(Mention(ent.start, ent.end, Actor(text, country, role or _free_title(doc, ent.start, table),
                                                      _gender_of(doc, ent.start, text), known=False),
                            "unknown", ent.text, head))
            continue
        role, country = _title_before(doc, ent.start, table)
        role_text = _free_title(doc, ent.start, table)
        add(Mention(ent.start, ent.end, Actor(text, country, role or role_text, _gender_of(doc, ent.start, text),
                                              known=False), "unknown", ent.text, head))

    _add_honorific_names(doc, table, date, mentions, taken, add)
    _add_surnames(doc, table, date, seen_people, taken, add)
    _add_titles(doc, table, date, mentions, taken, add, prior)
    _add_places(doc, table, mentions, taken, add)
    _add_pronouns(doc, mentions, add, prior)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _only_ranks(name: str) -> bool:
    return all(fold(w).rstrip(".") in HONORIFICS or fold(w) in DESCRIBING_NOUNS for w in name.split())


def surname_holder(table: ActorTable, word: str, date: str, seen_people=()) -> str | None:
    """Whom a lone surname names: the last person with it named earlier in the article, else the
    one who holds office with it on the date, else the only one in the table who has it."""
    candidates = table.surnames.get(fold(word), set())
    earlier = [n for n in seen_people if n in candidates]
    if earlier:
        return earlier[-1]
    active = {n for n in candidates if any(r.active(date) for r in table.roles_of(n, date))} if date else candidates
    for pick in (active, candidates):
        if len(pick) == 1:
            return next(iter(pick))
    return None


def _add_honorific_names(doc, table, date, mentions, taken, add):
    """'Lord Ricketts', 'General Pierre de Villiers' when the model found no person there: capitalised
    words after an honorific or a rank."""
    for tok in doc:
        if tok.i in taken or tok.text.rstrip(".").lower() not in HONORIFICS or not tok.text[:1].isupper():
            continue
        end = tok.i + 1
        while end < len(doc) and end not in taken and (doc[end].text[:1].isupper() or doc[end].lower_ in ("de", "von", "van", "der")) \
                and doc[end].pos_ in ("PROPN", "ADP") and doc[end].ent_type_ not in ("GPE", "NORP", "DATE"):
            end += 1
        if end == tok.i + 1 or doc[end - 1].pos_ != "PROPN":
            continue
        name = doc[tok.i + 1:end].text
        if fold(name) in table.aliases or _only_ranks(name):
            continue   # a known person the ruler would have caught; or "Lieutenant General" with no name
        prev = [m.actor for m in mentions if m.actor.name.split()[-1:] == name.split()[-1:]]
        if not prev and " " not in name and (known := surname_holder(table, name, date)):
            prev = [table.person(known, date)]   # "Mr Farage": a surname the table knows
        actor = prev[-1] if prev else Actor(name, _title_before(doc, tok.i, table)[1],
                                            _free_title(doc, tok.i, table), _gender_of(doc, tok.i + 1, name), known=False)
        add(Mention(tok.i + 1, end, actor, "surname" if prev else "unknown", name, end - 1))


def _add_surnames(doc, table, date, seen_people, taken, add):
    """Surnames the model did not tag as people ("Orpo said…" at a sentence start): a known
    surname of someone already named in full in this article."""
    for tok in doc:
        if tok.i in taken or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            continue
        bearers = table.surnames.get(fold(tok.text), ())
        names = [n for n in seen_people if n in bearers]
        if names:
            add(Mention(tok.i, tok.i + 1, table.person(names[-1], date), "surname", tok.text, tok.i))


DESCRIBING_NOUNS = {"leader", "chief", "head", "adviser", "advisor", "expert", "analyst", "commander", "general",
                    "spokesman", "spokeswoman", "spokesperson", "deputy", "senator", "mp", "lawmaker", "politician",
                    "chairman", "chairwoman", "chair", "chairperson", "founder", "director", "researcher", "professor", "envoy"}


def _appositive_name(ent: Span, table: ActorTable) -> bool:
    """A name the small model mislabels ("The Conservative leader, Kemi Badenoch," as GPE): two or
    three capitalised words set beside a describing noun, and not a place we know."""
    words = ent.text.split()
    if ent.label_ not in ("GPE", "ORG", "NORP", "LOC") or not 2 <= len(words) <= 3 or ent.text in table.places:
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    root = ent.root
    beside = [root.head] if root.dep_ == "appos" else [c for c in root.children if c.dep_ == "appos"]
    return any(fold(t.text) in DESCRIBING_NOUNS or fold(t.text) in table.titles for t in beside)


def _gender_of(doc: Doc, start: int, name: str) -> str:
    """For someone not in the table: from an honorific before the name, else the given name."""
    words = [t.text.lower().rstrip(".") for t in doc[max(0, start - 2):start]]
    for w in reversed(words):
        if w in ("sir", "lord", "mr", "baron"):
            return "m"
        if w in ("dame", "mrs", "ms", "lady", "baroness", "miss"):
            return "f"
    parts = name.split()
    return ("f" if fold(parts[0]) in FEMALE_GIVEN else "m") if len(parts) > 1 else ""


def _free_title(doc: Doc, start: int, table: ActorTable) -> str:
    """The words before an unknown person's name that describe them ("former British Army chief")."""
    lo = start
    while lo > 0 and start - lo < 6 and doc[lo - 1].pos_ in ("ADJ", "NOUN", "PROPN") \
            and doc[lo - 1].ent_type_ != "PERSON" and not doc[lo - 1].is_sent_start:
        lo -= 1
    words = [t.text for t in doc[lo:start] if fold(t.text) not in table.demonyms and t.text.lower() not in HONORIFICS]
    return " ".join(words)


def _add_titles(doc, table, date, mentions, taken, add, prior=()):
    """Titles without a name after them: "the German chancellor", "Poland's prime minister"."""
    max_len = max((len(t.split()) for t in table.titles), default=1)
    first_words = {t.split()[0] for t in table.titles}
    folded = [fold(t.text) for t in doc]   # once per doc: titles are looked up by n-grams of these
    i = 0
    while i < len(doc):
        if i in taken or folded[i] not in first_words:
            i += 1
            continue
        hit = None
        for n in range(max_len, 0, -1):
            span = doc[i:i + n]
            if len(span) < n or any(t.i in taken for t in span):
                continue
            if " ".join(folded[i:i + n]) in table.titles and span[-1].pos_ in ("NOUN", "PROPN"):
                hit = span
                break
        if hit is None:
            i += 1
            continue
        nxt = doc[hit.end] if hit.end < len(doc) else None
        if nxt is not None and nxt.text == "," and hit.end + 1 < len(doc):
            nxt = doc[hit.end + 1]   # "Australia's prime minister, Anthony Albanese,"
        if nxt is not None and nxt.ent_type_ == "PERSON":
            i = hit.end  # a title before a name: the name carries the mention
            continue
        before = [t for t in doc[max(0, hit.start - 3):hit.start] if t.lower_ not in ("the", "a", "an")]
        if len(before) >= 2 and before[-1].text == "," and before[-2].ent_type_ == "PERSON":
            i = hit.end  # "Jean-Luc Mélenchon, the leader of …": it describes the name before it
            continue
        title = fold(hit.text)
        roles = {role for role, _ in table.titles[title]}
        left = list(doc[max(hit.sent.start, hit.start - 4):hit.start])
        if any(t.lower_ in NOT_SITTING for t in left[-2:]) or any(t.lower_ in ("a", "an") for t in left[-3:]):
            # "a former minister", "a government spokesman": not the sitting holder of a post
            i = hit.end
            continue
        right = list(doc[hit.end:min(hit.sent.end, hit.end + 3)])
        country = _country_near(left, table)
        if not country and right and right[0].lower_ == "of":
            # "the president of France", not "the leader of La France Insoumise"
            rest = [t for t in doc[hit.end + 1:min(hit.sent.end, hit.end + 6)]]
            rest = rest[1:] if rest and rest[0].lower_ == "the" else rest
            if rest and (len(rest) == 1 or rest[1].pos_ != "PROPN"):
                country = _country_near(rest[:1], table)
        actor = table.holder(country, title, date) if country else None
        if actor is None and not country:
            # "the prime minister" with no country: the last person with that role in this article.
            prev = [a for a in [*prior, *(m.actor for m in mentions)] if a.role in roles and a.name] if len(roles) == 1 else []
            actor = prev[-1] if prev else None
        if actor is not None:
            lo = max(hit.sent.start, hit.start - len(left))
            add(Mention(hit.start, hit.end, actor, "title", doc[lo:hit.end].text.strip(), hit.root.i))
        i = hit.end


def _add_places(doc, table, mentions, taken, add):
    """Capitals, metonyms, country names and "the German government" as a government actor."""
    starts = table.place_starts
    for tok in doc:
        if tok.i in taken or tok.text not in starts:
            continue
        for n in (3, 2, 1):
            span = doc[tok.i:tok.i + n]
            if len(span) < n or any(t.i in taken for t in span):
                continue
            text = re.sub(r"\s*['’]s$", "", span.text)
            hit = table.places.get(text)
            if not hit:
                continue
            country, kind = hit
            if kind == "demonym":
                # "the German government", "a Danish official": a demonym modifying a government noun.
                gov = span.root.head
                if gov.lower_ in GOVERNMENT_NOUNS and gov.i > span.end - 1:
                    add(Mention(span.start, gov.i + 1, Actor("", country, "government"), "government",
                                doc[span.start:gov.i + 1].text, gov.i))
                break
            head = span.root
            if head.dep_ == "poss" and head.head.i in taken:
                break   # "Poland's prime minister": part of a title mention
            # "Germany's government", "the government of Poland" - the government noun is the head.
            if head.dep_ == "poss" and head.head.lower_ in GOVERNMENT_NOUNS:
                add(Mention(span.start, head.head.i + 1, Actor("", country, "government"), "government",
                            doc[span.start:head.head.i + 1].text, head.head.i))
            elif head.dep_ in ("nsubj", "nsubjpass", "pobj", "poss", "conj", "appos", "ROOT", "dobj"):
                add(Mention(span.start, span.end, Actor("", country, "government"), "government", span.text, head.i))
            break


def _add_pronouns(doc, mentions, add, prior=()):
    """he / she / "her country" resolve to the last compatible person mentioned (prefer subjects)."""
    people = sorted([m for m in mentions if m.actor.name], key=lambda m: m.start)
    for tok in doc:
        g = PRONOUNS.get(tok.lower_)
        if not g or tok.dep_ not in ("nsubj", "nsubjpass", "poss"):
            continue
        before = [m for m in people if m.end <= tok.i and m.actor.gender in (g, "")]
        earlier = [a for a in prior if a.gender in (g, "")]
        if before:
            # Journalistic default: the subject of the latest sentence that names a compatible person.
            last_sent = before[-1]
            sent_start = tok.doc[last_sent.start].sent.start
            same_sent = [m for m in before if m.start >= sent_start]
            subj = [m for m in same_sent if m.head >= 0 and doc[m.head].dep_ in ("nsubj", "nsubjpass")]
            ref = (subj or same_sent)[0]
        elif earlier:
            ref = Mention(-1, -1, earlier[-1], "name", earlier[-1].name)   # named before the window
        else:
            continue
        if tok.dep_ == "poss" and tok.head.lower_ in GOVERNMENT_NOUNS:
            # "her country", "his government" -> that person's government
            add(Mention(tok.i, tok.head.i + 1, Actor("", ref.actor.country, "government"), "government",
                        doc[tok.i:tok.head.i + 1].text, tok.head.i, via=ref))
            continue
        add(Mention(tok.i, tok.i + 1, ref.actor, "pronoun", tok.text, tok.i))
