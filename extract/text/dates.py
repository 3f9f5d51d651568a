"""A statement's date: the publication date unless the sentence dates it ("on Monday")."""
from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                            "august", "september", "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9   # the one month table: read.py's datelines use it too


def resolve(expr: str, published: str) -> str:
    """Resolve a date expression against the publication date; '' when it cannot be read."""
    if not published:
        return ""
    pub = date.fromisoformat(published)
    low = expr.lower().strip()
    if low in ("yesterday", "last night"):
        return (pub - timedelta(days=1)).isoformat()
    if low in ("today", "this morning", "tonight", "this afternoon", "this evening"):
        return pub.isoformat()
    for i, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", low):
            back = (pub.weekday() - i) % 7
            if "next" in low:
                return ""
            if "last" in low and back == 0:
                back = 7
            return (pub - timedelta(days=back)).isoformat()
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?", low) \
        or re.search(r"\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", low)
    if m:
        a, b, year = m.groups()
        day_s, month_s = (a, b) if a.isdigit() else (b, a)
        month = MONTHS.get(month_s)
        if month:
            y = int(year) if year else pub.year
            try:
                d = date(y, month, int(day_s))
            except ValueError:
                return ""
            if not year and d > pub:
                d = date(y - 1, month, int(day_s))  # "on 28 December" in a January article
            return d.isoformat()
    return ""


def statement_date(ents, published: str) -> str:
    """The first DATE entity of a sentence (its `ents`) that resolves to a day on or before publication."""
    for ent in ents:
        if ent.label_ in ("DATE", "TIME"):
            d = resolve(ent.text, published)
            if d and d <= published:
                return d
    return published
