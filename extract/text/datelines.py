"""Publication dates written in the text: a dateline in the first lines, or a date in any form."""
from __future__ import annotations

import re
from datetime import datetime

from .dates import MONTHS

DATELINE_LINES = 3          # non-empty lines after the title searched for a dateline
DATELINE_LINE_CHARS = 300   # only the start of each of those lines is searched
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_PATTERNS = [
    # 2025-02-17, 2025-02-17T10:00:00Z, 2025/02/17
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"),
    # 17 February 2025, 17 Feb. 2025, 17th February, 2025, Monday 17 February 2025
    re.compile(r"(?<![\w])" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"(?!\d)", re.I),
    # February 17, 2025, Feb. 17, 2025, Feb 17 2025
    re.compile(r"(?<![\w])" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)", re.I),
]
# Wire-service dateline without a year: "LONDON, Feb 17 (Reuters) -"
_WIRE_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'/-]*,\s+" + _MONTH + r"\s+" + _DAY + r"\s*\((?:Reuters|AP|AFP|Bloomberg|dpa|ANSA|PAP|RIA)\)",
    re.I,
)
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _make_date(year: str, month: str, day: str) -> str | None:
    """ISO string if the parts form a real date, else None."""
    m = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if not m:
        return None
    try:
        return datetime.strptime(f"{int(year):04d}-{m:02d}-{int(day):02d}", "%Y-%m-%d").date().isoformat()
    except ValueError:
        return None


def find_date(line: str) -> str:
    """The first real date written in `line`, as ISO, or ""."""
    found: list[tuple[int, str]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            iso = _make_date(match.group("year"), match.group("month"), match.group("day"))
            if iso:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else ""


def parse_date(value: str) -> str:
    """A whole value that is a date ("2025-02-17", "17 Feb 2025", ISO datetime...) -> ISO, else ""."""
    value = (value or "").strip()
    if not value or len(value) > 60:
        return ""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(value)
        if not match:
            continue
        rest = (value[: match.start()] + value[match.end():]).strip(" ,")
        # allow a weekday before and a time after, nothing else
        rest = re.sub(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?", "", rest, flags=re.I).strip(" ,")
        if rest and not re.fullmatch(r"(?:T|\s)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[AP]M|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?", rest, re.I):
            continue
        iso = _make_date(match.group("year"), match.group("month"), match.group("day"))
        if iso:
            return iso
    return ""


def dateline_date(text: str, lines: int = DATELINE_LINES) -> str:
    """A publication date from the first `lines` non-empty lines of `text`, or ""."""
    head = [line.strip()[:DATELINE_LINE_CHARS] for line in text.split("\n") if line.strip()][:lines]
    for line in head:
        iso = find_date(line)
        if iso:
            return iso
    for line in head:
        match = _WIRE_DATELINE.match(line)
        if match:
            years = [y for l in head for y in _ANY_YEAR.findall(l)]
            if years:
                iso = _make_date(years[0], match.group("month"), match.group("day"))
                if iso:
                    return iso
    return ""
