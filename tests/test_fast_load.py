"""The fast read of a clean positions.csv (Arrow's CSV parser, extract.io.store._load_clean) gives
exactly what the checked read (the csv module, row by row) gives, or steps aside (None) so the
checked read names the damage: on clean tables, on tables with tricky cells, and on tables with
stray quotes, commas and line breaks put in at random places."""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, example, given, settings as hsettings, strategies as st

from extract.io import store
from extract.schema import COLUMNS


def _checked(path):
    """load_positions through the checked read only."""
    fast, store._load_clean = store._load_clean, lambda data: None
    try:
        return store.load_positions(path)
    finally:
        store._load_clean = fast


def _row(i: int, quote: str, leader: str) -> dict:
    return {"article_id": f"a{i}", "leader": leader, "country": "France", "role": "President",
            "date": "2025-02-17", "topic": "troops_to_ukraine", "position": [" Support", "oppose", "conditional"][i % 3],
            "quote": quote, "quote_type": "direct", "source": "Outlet, Daily", "url": "", "confidence": ["0.9", " 1", ".5"][i % 3],
            "title": "T", "published": "2025-02-17", "mention": "he", "cue": "send", "rule": "subject"}


def _table(quotes: list[str], leaders: list[str], lineterminator: str = "\n") -> bytes:
    out = io.StringIO(newline="")
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator=lineterminator)
    w.writeheader()
    w.writerows(_row(i, q, leaders[i % len(leaders)]) for i, q in enumerate(quotes))
    return out.getvalue().encode("utf-8")


def _same(tmp_path, data: bytes, *, must_be_fast: bool = False) -> None:
    path = tmp_path / "positions.csv"
    path.write_bytes(data)
    fast = store._load_clean(data)
    if must_be_fast:
        assert fast is not None
    frame, problems = _checked(path)
    if fast is not None:
        assert problems == []
        assert fast.equals(frame), (fast.compare(frame) if fast.shape == frame.shape else fast.shape)
        assert list(fast.dtypes.astype(str)) == list(frame.dtypes.astype(str))
        assert store.load_positions(path)[0].equals(frame)


TRICKY = ['He said "yes", then "no"', "two\nlines", "crlf\r\nlines", '"quoted at the start', 'ends in a quote"',
          "comma, comma", "plain", "é ü — “curly”", '""', '"', ",", "  spaces  "]


def test_clean_tables_with_tricky_cells_read_the_same(tmp_path):
    _same(tmp_path, _table(TRICKY * 3, ["Leader A", ""]), must_be_fast=True)
    _same(tmp_path, _table(TRICKY, ["Leader A"], lineterminator="\r\n"), must_be_fast=True)
    _same(tmp_path, b"\xef\xbb\xbf" + _table(TRICKY, ["Leader A"]), must_be_fast=True)
    _same(tmp_path, _table([], ["x"]))


def test_a_file_without_optional_columns_reads_the_same(tmp_path):
    text = _table(TRICKY, ["Leader A"]).decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    keep = [i for i, c in enumerate(rows[0]) if c not in ("rule", "role_kind")]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
    _same(tmp_path, out.getvalue().encode(), must_be_fast=True)


def test_bad_cells_step_aside(tmp_path):
    for old, new in ((b"2025-02-17,troops", b"2025-02-30,troops"), (b",oppose,", b",maybe,"), (b",0.9,", b",2,"),
                     (b",0.9,", b",,"), (b",0.9,", b",0_5,")):
        data = _table(TRICKY, ["Leader A"]).replace(old, new, 1)
        assert store._load_clean(data) is None
        _same(tmp_path, data)


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quotes=st.lists(st.sampled_from(TRICKY), min_size=1, max_size=6),
       cuts=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(['"', ",", "\n", "\r", '""', " ", ",,"])),
                     min_size=1, max_size=3))
@example(quotes=["plain"], cuts=[(300, '"')])
def test_damaged_tables_read_the_same_or_take_the_checked_path(tmp_path, quotes, cuts):
    data = _table(quotes, ["Leader A", ""])
    head = data.index(b"\n") + 1
    for at, what in cuts:   # damage after the header (a damaged header always takes the checked path)
        at = head + at % (len(data) - head)
        data = data[:at] + what.encode() + data[at:]
    _same(tmp_path, data)


def test_the_quote_scan_by_pieces_finds_every_quote_across_the_pieces_edges():
    import numpy as np
    from extract.io.tables import _positions_of
    raw = np.frombuffer(b'"a",""b"",c\n' * 50 + b'"', dtype=np.uint8)
    want = np.flatnonzero(raw == 34)
    for step in (1, 3, 7, 64, 1 << 20):
        assert _positions_of(raw, 34, step).tolist() == want.tolist()
    assert _positions_of(np.frombuffer(b"", dtype=np.uint8), 34).tolist() == []
