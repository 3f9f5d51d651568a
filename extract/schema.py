"""The shapes every stage agrees on: the article, the row, the error.

The tidy table (`data/positions.csv`) has exactly `COLUMNS`, in this order.
"""
from __future__ import annotations

from dataclasses import dataclass, field

POSITIONS = ("support", "conditional", "oppose")
QUOTE_TYPES = ("direct", "reported")

# One row per (article, speaker, statement).
COLUMNS = [
    "article_id",   # file name without extension (or the upload's name)
    "leader",       # canonical full name; empty for a government with no named person
    "country",      # English short name ("United Kingdom"); "European Union" / "NATO" for their officials
    "role",         # role on the statement's date ("Prime Minister", "Chancellor", "government")
    "date",         # ISO date of the statement (publication date unless the text dates it)
    "topic",        # topic name (file stem in data/topics/)
    "position",     # support / conditional / oppose
    "quote",        # verbatim sentence(s) from the article carrying the position
    "quote_type",   # direct (inside quotation marks) / reported
    "source",       # outlet (publication) name
    "url",          # article URL, http(s) only, may be empty
    "confidence",   # 0-1, from how the row was found
    "title",        # article title
    "published",    # ISO publication date of the article, may be empty
    "mention",      # how the article names the holder ("the German chancellor", "he", "Berlin")
    "cue",          # the cue word(s) the position was read from
]


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
