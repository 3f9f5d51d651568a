"""Several short articles' statement windows parsed in one model call.

The model's time on one short article is mostly per-call cost: the parser and the entity
recogniser step through a batch of docs together, and a batch of one or two small docs pays
for each step almost what sixteen would (here, the windows of tests/real's 75 articles took
7.4-8.1 CPU s one doc per call, 6.5 s four or eight, 5.6 s sixteen). So the pieces of
consecutive articles are read together, in calls of at most JOINT_CHARS characters: the bound
of one article's own calls (bounds.MAX_WINDOW_CHARS), so neither what the time limit cannot
cut (bounds.MARGIN) nor the memory of a call (the model's arrays grow with the batch's tokens:
over tests/real's texts twice, one article per call peaked at 171 MB, calls of the bound at 183 MB,
calls of twice the bound at 215 MB) is more than one long article already takes.
A Doc is the same whatever else shares its batch: the rows are those of parsing each article
alone.

The call's time is shared among its articles' budgets by their characters. It runs under the
smallest time limit left among them; an article that would run out there is parsed on its own
instead (`run.article._rows`), so it fails alone, as before.
"""
from __future__ import annotations

import time

from ..bounds import MAX_WINDOW_CHARS, OverBudget, time_limit

JOINT_CHARS = MAX_WINDOW_CHARS


def groups(entries, size_of):
    """Consecutive entries in groups whose sizes (`size_of(entry)`, 0 for an entry that is not
    parsed together: nothing to parse, failed, or an article over MAX_WINDOW_CHARS on its own) add
    up to at most JOINT_CHARS; in order, every entry once."""
    group, size = [], 0
    for e in entries:
        n = size_of(e)
        if group and size + n > JOINT_CHARS:
            yield group
            group, size = [], 0
        group.append(e)
        size += n
    if group:
        yield group


def parse_together(nlp, members) -> dict[int, list]:
    """members: [(article, budget, parts)] -> {id(article): [(doc, start)]}, each article's parts
    parsed in one call with the others'; {} when fewer than two articles share it or the smallest
    budget left would not hold it (each is then parsed on its own)."""
    if len(members) < 2:
        return {}
    texts = [(a, a.text[s:e], s) for a, _, parts in members for s, e in parts]
    limits = [b.left() for _, b, _ in members if b.seconds > 0]
    limit = min(limits) if limits else 0.0
    if limits and limit <= 0.01:
        return {}
    start = time.monotonic()
    try:
        with time_limit(limit):
            docs = list(nlp.pipe([t for _, t, _ in texts], batch_size=len(texts)))
    except OverBudget:
        return {}
    spent = time.monotonic() - start
    chars = sum(len(t) for _, t, _ in texts) or 1
    out: dict[int, list] = {}
    for (a, text, s), doc in zip(texts, docs):
        out.setdefault(id(a), []).append((doc, s))
    for a, b, parts in members:
        b.used += spent * sum(e - s for s, e in parts) / chars
    return out
