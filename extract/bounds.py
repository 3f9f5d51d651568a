"""What bounds the cost of extracting one article, whatever its text.

- The model reads statement windows of at most MAX_WINDOW_CHARS characters and MAX_PIECE_TOKENS
  tokens: a longer one is split at line breaks (else at a space), so a doc's memory is bounded
  and the time budget is checked between the pieces.
- The model reads at most `settings.MAX_PARSED_TOKENS` tokens of an article's statement
  windows, the first ones (a long news article has far fewer); the rest is not read.
- A sentence of more than MAX_SENTENCE_TOKENS tokens is skipped, and only the first
  MAX_SENTENCE_HITS topic terms of a sentence are read: attribution walks the sentence once per
  term, so these two caps bound the work per sentence.  The longest sentence in the test sets has
  83 tokens and the most topic terms in one is 5, so neither cap changes a row there.
- A time budget per article (`settings.ARTICLE_SECONDS`): past it the article fails with one
  line naming it, and the batch goes on with the model still loaded.  It holds wherever the work
  is (`time_limit`: a timer signal stops the article between two Python steps, so within MARGIN
  seconds even inside the model); in a thread, where no signal arrives (a Dask worker), it is
  checked between pieces and sentences only.  The app's upload worker uses the same limit.

Each cap that cut something leaves one warning on the article.
"""
from __future__ import annotations

import re
import signal
import threading
import time
from contextlib import contextmanager

from . import settings
from .schema import Article, ArticleError

MAX_WINDOW_CHARS = 10_000   # a piece parses in well under a second: the budget is checked often
# ... and at most this many tokens (10,000 characters of prose are about 2,000): a piece is one
# call into the model's compiled code, which the time limit cannot cut, so this bounds how late
# an article stops (MARGIN)
MAX_PIECE_TOKENS = 2_500
MAX_SENTENCE_TOKENS = 250
MAX_SENTENCE_HITS = 12
# How long past its budget an article may still run: the longest step the timer cannot cut (one
# call into the model's compiled code on a piece of MAX_WINDOW_CHARS, one parse of a page by lxml);
# well under this here.  The upload worker's watchdog kills a process only after budget + MARGIN.
MARGIN = 1.0


class OverBudget(BaseException):
    """Raised where the work is when a `time_limit` runs out.  A BaseException, like
    KeyboardInterrupt, so that no `except Exception` on the way swallows it."""


_limits: list[float] = []   # deadlines (time.monotonic) of the time limits in force, innermost last
_held = [0, False]          # `uninterrupted` depth, and whether a limit ran out meanwhile


@contextmanager
def time_limit(seconds: float):
    """Raise OverBudget in the body when `seconds` have passed, wherever it is: a timer signal
    (SIGALRM), so it needs the main thread; elsewhere the body runs unlimited.  Nested limits: the
    earliest deadline holds.  0 or less: no limit.

    The signal can land as the body ends, in this manager's exit: put the `try` that catches
    OverBudget around the `with` (as `Budget.run` does), never inside it.  Never put a `yield` of a
    generator in the body (the timer would run on in the consumer's code)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    if signal.getsignal(signal.SIGALRM) is not _ring:
        # kept afterwards (it does nothing without a limit): a signal already on its way when the
        # limit ends then finds it, not the default action, which ends the process
        signal.signal(signal.SIGALRM, _ring)
    _limits.append(min([time.monotonic() + seconds] + _limits[-1:]))
    _arm()
    try:
        yield
    finally:
        _limits.pop()   # first: a signal from now on finds no limit of this body and does nothing
        if _limits:
            _arm()
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def uninterrupted():
    """A step that must not stop half-way (it changes state that outlives the article, such as the
    tokenizer's special cases): a limit that runs out meanwhile stops the work right after it."""
    _held[0] += 1
    try:
        yield
    finally:
        _held[0] -= 1
        if not _held[0] and _held[1]:
            _held[1] = False
            if _limits and time.monotonic() >= _limits[-1]:
                raise OverBudget()


def _arm() -> None:
    signal.setitimer(signal.ITIMER_REAL, max(_limits[-1] - time.monotonic(), 0.001))


def _ring(signum, frame) -> None:
    if not _limits:
        return
    if time.monotonic() < _limits[-1]:   # early (a clock's rounding): wait for the rest
        _arm()
    elif _held[0]:
        _held[1] = True
    else:
        raise OverBudget()


class Budget:
    """The time budget of one article, and what the caps cut from it (for its warnings).

    The time reading its file took (`Article.read_seconds`) and the time inside `run()` count:
    an article's work comes in parts (its windows are
    found when it is read in, its parse and rules when its batch's turn comes), and the articles
    of a batch wait for each other in between."""

    def __init__(self, article: Article, seconds: float | None = None):
        self.article = article
        self.seconds = settings.ARTICLE_SECONDS if seconds is None else seconds
        self.used = article.read_seconds   # reading the file is part of the article's work
        self.since: float | None = None   # start of the part running now
        self.long_sentences: list[int] = []   # character offsets of the skipped sentences
        self.cut_hits = 0
        self.split_windows = 0
        self.unread = 0   # characters of statement windows past settings.MAX_PARSED_TOKENS

    def run(self, fn, *args):
        """fn(*args) as a part of the article's work: its time counts, and past the budget it stops
        where it is with the article's ArticleError (`time_limit`)."""
        if self.seconds <= 0:
            return fn(*args)
        self.check()
        self.since = time.monotonic()
        try:
            with time_limit(self.seconds - self.used):
                return fn(*args)
        except OverBudget:
            raise self.error() from None
        finally:
            self.used += time.monotonic() - self.since
            self.since = None

    def left(self) -> float:
        """Seconds of the budget left (infinite without a budget)."""
        if self.seconds <= 0:
            return float("inf")
        return self.seconds - self.used - (time.monotonic() - self.since if self.since else 0)

    def check(self) -> None:
        """Between pieces: where no timer signal arrives (a thread), this is what holds the budget."""
        if self.seconds > 0 and self.used + (time.monotonic() - self.since if self.since else 0) > self.seconds:
            raise self.error()

    def error(self) -> ArticleError:
        return ArticleError(self.article.name or self.article.article_id,
                            f"extraction stopped after the time budget of {self.seconds:g} s "
                            "(setting COALITION_ARTICLE_SECONDS); no rows from this article")

    def warn(self) -> None:
        """One warning per cap that cut something."""
        w = self.article.warnings
        if self.split_windows:
            w.append(f"{self.split_windows} part(s) of the text over {MAX_WINDOW_CHARS:,} characters or "
                     f"{MAX_PIECE_TOKENS:,} tokens were read in pieces; a statement across a piece boundary "
                     "may be missed")
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
            n, cut, piece = 0, b, a
            for m in _TOKEN.finditer(text, a, b):
                if n == left:
                    cut = m.start()
                    break
                n += 1
                if n % MAX_PIECE_TOKENS == 0:   # a dense piece (markup, quote marks): in two
                    end = _before(text, piece, m.end())
                    parts.append((piece, end))
                    piece = end
                    budget.split_windows += 1
            if cut < b:   # cut at the last line break or space before the limit, when there is one
                cut = _before(text, piece, cut)
                budget.unread += b - cut
            if cut > piece:
                parts.append((piece, cut))
            left -= n
    return parts


def _before(text: str, start: int, cut: int) -> int:
    """`cut`, moved back to just after the last line break or space after `start`, when there is one."""
    space = max(text.rfind("\n", start, cut), text.rfind(" ", start, cut))
    return space + 1 if space > start else cut


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
