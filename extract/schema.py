"""The shapes every stage agrees on, in the order an article travels:

Article (text) -> Mention (actors) -> Reading (stance) -> Statement (attribution, with the rules
that made it) -> row (judge; the tidy table's `COLUMNS`, in this order) -> ArticleError on failure.
All but Article are frozen: a stage makes new values, it never patches the ones it was given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # annotations only: the dashboard imports this module without loading spaCy
    from spacy.tokens import Span, Token

POSITIONS = ("support", "conditional", "oppose")
QUOTE_TYPES = ("direct", "reported")

# One row per (article, speaker, statement).
COLUMNS = [
    "article_id",   # file name without extension (or the upload's name)
    "leader",       # canonical full name; empty for a government with no named person
    "country",      # English short name ("United Kingdom"); "European Union" / "NATO" for their officials
    "role",         # role on the statement's date ("Prime Minister", "Chancellor", "government")
    "role_kind",    # head (of state or government) / minister / other / government, from data/roles.csv
    "date",         # ISO date of the statement (publication date unless the text dates it)
    "topic",        # topic name (file stem in data/topics/)
    "position",     # support / conditional / oppose
    "quote",        # verbatim sentence(s) from the article carrying the position
    "quote_type",   # direct (inside quotation marks) / reported
    "source",       # outlet (publication) name
    "url",          # article URL, http(s) only, may be empty
    "confidence",   # 0-1, the estimated chance the row is right (judge/confidence.py; one per holder)
    "title",        # article title
    "published",    # ISO publication date of the article, may be empty
    "mention",      # how the article names the holder ("the German chancellor", "he", "Berlin")
    "cue",          # the cue word(s) the position was read from
    "rule",         # the rules that made the row: attribution rule, then stance rules ("subject / cue_oppose")
]

# Columns added since the first tables were written: a table without them is read as complete.
OPTIONAL_COLUMNS = frozenset({"rule", "role_kind"})


class ArticleError(Exception):
    """The one error type a reader or extractor lets escape: names the file and the reason."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass
class Article:
    article_id: str
    text: str
    title: str = ""
    published: str = ""     # ISO yyyy-mm-dd or ""
    url: str = ""
    outlet: str = ""
    name: str = ""          # the file / upload name it came from, for messages
    warnings: list[str] = field(default_factory=list)
    read_seconds: float = field(default=0.0, compare=False)   # reading it took; counts in its time budget
    language: str = ""      # the language the text reads as, when not English (text.language; its note is a warning)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Mention:
    start: int           # token index in the Doc
    end: int
    actor: Actor
    kind: str            # name / surname / title / pronoun / government / unknown
    text: str
    head: int = -1       # token index of the mention's syntactic head


@dataclass(frozen=True)
class Reading:
    position: str | None   # support / conditional / oppose / None (no cue on the path)
    cue: str               # the words the position was read from
    strong: bool = False   # explicit: a rejection conditions do not soften, or a stated condition
                           # (not a bare hedge such as "could be considered")
    rules: tuple[str, ...] = ()   # the stance rules that made it (registry names)


@dataclass(frozen=True)
class Statement:
    holder: Mention
    sent: Span
    reading: Reading
    method: str
    hit: Token                 # the topic term or anaphor
    extra_sents: tuple = ()    # other sentences the quote needs (the speaker's tag)
    relayed: bool = False
    anaphor: bool = False      # the topic came from 'the idea', not a topic term
    rule: str = ""             # the attribution rule that found the holder (registry name)
