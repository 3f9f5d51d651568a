"""What bounds the cost of extracting one article, whatever its text.

- The model reads statement windows of at most MAX_WINDOW_CHARS characters: a longer one is
  split at line breaks (else at a space), so a doc's memory is bounded and the time budget is
  checked between the pieces.
- The model reads at most `settings.MAX_PARSED_TOKENS` tokens of an article's statement
  windows, the first ones (a long news article has far fewer); the rest is not read.
- A sentence of more than MAX_SENTENCE_TOKENS tokens is skipped, and only the first
  MAX_SENTENCE_HITS topic terms of a sentence are read: attribution walks the sentence once per
  term, so these two caps bound the work per sentence.  The longest sentence in the test sets has
  83 tokens and the most topic terms in one is 5, so neither cap changes a row there.
- A time budget per article (`settings.ARTICLE_SECONDS`): past it the article fails with one
  line naming it, and the batch goes on.

Each cap that cut something leaves one warning on the article.
"""
from __future__ import annotations

import re
import time

from . import settings
from .schema import Article, ArticleError

MAX_WINDOW_CHARS = 10_000   # a piece parses in well under a second: the budget is checked often
MAX_SENTENCE_TOKENS = 250
MAX_SENTENCE_HITS = 12


class Budget:
    """The time budget of one article, and what the caps cut from it (for its warnings)."""

    def __init__(self, article: Article, seconds: float | None = None):
        self.article = article
        self.seconds = settings.ARTICLE_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds if self.seconds > 0 else None
        self.long_sentences: list[int] = []   # character offsets of the skipped sentences
        self.cut_hits = 0
        self.split_windows = 0
        self.unread = 0   # characters of statement windows past settings.MAX_PARSED_TOKENS

    def spend(self, seconds: float) -> None:
        """Count time spent on the article before the budget was made (finding its windows)."""
        if self.deadline is not None:
            self.deadline -= seconds

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ArticleError(self.article.name or self.article.article_id,
                               f"extraction stopped after the time budget of {self.seconds:g} s "
                               "(setting COALITION_ARTICLE_SECONDS); no rows from this article")

    def warn(self) -> None:
        """One warning per cap that cut something."""
        w = self.article.warnings
        if self.split_windows:
            w.append(f"{self.split_windows} part(s) of the text over {MAX_WINDOW_CHARS:,} characters were "
                     "read in pieces; a statement across a piece boundary may be missed")
        if self.unread:
            w.append(f"the text has more statement windows than the {settings.MAX_PARSED_TOKENS:,} tokens "
                     f"the model reads per article (setting COALITION_MAX_PARSED_TOKENS): the last "
                     f"{self.unread:,} characters were not read")
        if self.long_sentences:
            w.append(f"{len(self.long_sentences)} sentence(s) over {MAX_SENTENCE_TOKENS} tokens skipped "
                     f"(the first at character {self.long_sentences[0]:,})")
        if self.cut_hits:
            w.append(f"{self.cut_hits} topic term(s) beyond {MAX_SENTENCE_HITS} in one sentence not read")


_TOKEN = re.compile(r"\w+|[^\w\s]")   # about what spaCy's tokenizer makes of a text


def read_parts(text: str, windows: list[tuple[int, int]], budget: Budget) -> list[tuple[int, int]]:
    """The pieces of the statement windows the model reads: each window split to at most
    MAX_WINDOW_CHARS, and about `settings.MAX_PARSED_TOKENS` tokens in all (the first ones).

    The model's time grows with the tokens (a run of quotation marks is a token per character),
    so tokens, not characters, are counted, by a regular expression close to the tokenizer."""
    parts, left = [], settings.MAX_PARSED_TOKENS
    for s, e in windows:
        for a, b in split_window(text, s, e, budget):
            if left <= 0:
                budget.unread += b - a
                continue
            n, cut = 0, b
            for m in _TOKEN.finditer(text, a, b):
                if n == left:
                    cut = m.start()
                    break
                n += 1
            if cut < b:   # cut at the last line break or space before the limit, when there is one
                space = max(text.rfind("\n", a, cut), text.rfind(" ", a, cut))
                cut = space + 1 if space > a else cut
                budget.unread += b - cut
            parts.append((a, cut))
            left -= n
    return parts


def split_window(text: str, start: int, end: int, budget: Budget | None = None,
                 limit: int = MAX_WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of text[start:end] of at most `limit` characters, cut after a line
    break when there is one in the second half of a piece, else after a space, else anywhere."""
    if end - start <= limit:
        return [(start, end)]
    pieces = []
    while end - start > limit:
        cut = text.rfind("\n", start + limit // 2, start + limit)
        if cut < 0:
            cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut + 1 if cut >= 0 else start + limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    if budget is not None:
        budget.split_windows += 1
    return pieces


def too_long(sent, budget: Budget | None) -> bool:
    """A sentence over MAX_SENTENCE_TOKENS tokens, which is skipped (and noted for the warning)."""
    if len(sent) <= MAX_SENTENCE_TOKENS:
        return False
    if budget is not None:
        budget.long_sentences.append(sent.start_char)
    return True


def sentence_hits(sent, hits: list, budget: Budget | None) -> list:
    """The topic terms of a sentence to read: at most MAX_SENTENCE_HITS."""
    if len(hits) > MAX_SENTENCE_HITS:
        if budget is not None:
            budget.cut_hits += len(hits) - MAX_SENTENCE_HITS
        return hits[:MAX_SENTENCE_HITS]
    return hits
