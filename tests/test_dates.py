"""Statement dates resolve against the publication date."""
import pytest

from extract.text.dates import resolve


@pytest.mark.parametrize("expr, published, expected", [
    ("Monday", "2025-02-18", "2025-02-17"),            # a Tuesday article, the day before
    ("on Tuesday", "2025-02-18", "2025-02-18"),         # the same day
    ("last Tuesday", "2025-02-18", "2025-02-11"),
    ("Sunday", "2025-02-18", "2025-02-16"),
    ("yesterday", "2025-03-01", "2025-02-28"),
    ("17 February", "2025-02-18", "2025-02-17"),
    ("February 17, 2025", "2025-06-01", "2025-02-17"),
    ("28 December", "2025-01-03", "2024-12-28"),        # no year, after publication: the year before
    ("next Monday", "2025-02-18", ""),                  # the future dates no statement
    ("in the coming weeks", "2025-02-18", ""),
    ("Monday", "", ""),                                 # no publication date, nothing to resolve against
])
def test_resolve(expr, published, expected):
    assert resolve(expr, published) == expected
