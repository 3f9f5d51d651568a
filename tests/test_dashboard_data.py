"""The dashboard's data layer: positions.csv read through its Parquet cache (dashboard/data.py),
the prebuilt search text and speaker columns (dashboard/filters.py)."""
from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard import data
from dashboard.filters import SEARCH_COLUMNS, SEARCH_TEXT, search_mask, search_text, speaker_label, with_speaker
from extract.io.store import load_positions
from extract.schema import COLUMNS

ROOT = Path(__file__).resolve().parent.parent


def _load(path: Path):
    """What the app gets for this file now (the in-process cache cleared: the Parquet copy, or
    a fresh read of the CSV when the copy is stale or missing)."""
    data._load_positions.clear()
    return data._load_positions(*data._stamp(path))


def _rows_in(path: Path) -> int:
    """The data rows of a positions CSV (the seeds' rows change when the extractor does)."""
    with open(path, newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


@pytest.fixture
def positions(tmp_path) -> Path:
    shutil.copy(ROOT / "data" / "positions.csv", tmp_path / "positions.csv")
    return tmp_path / "positions.csv"


def _expected(path: Path) -> tuple[pd.DataFrame, list[str]]:
    frame, problems = load_positions(path)
    frame = frame.copy()
    frame["speaker"] = [speaker_label(c, l) for c, l in zip(frame["country"], frame["leader"])]
    frame[SEARCH_TEXT] = frame[list(SEARCH_COLUMNS)].agg(" ".join, axis=1).str.casefold()
    return frame, problems


def test_the_cache_holds_the_checked_table_and_is_read_back(positions):
    expected, _ = _expected(positions)
    assert len(expected) == _rows_in(positions) > 10
    frame, problems = _load(positions)
    cache = data.cache_path(positions)
    assert cache == positions.parent / ".cache" / "dashboard" / "positions.arrow" and cache.exists()
    pd.testing.assert_frame_equal(frame, expected)
    assert problems == []
    # the second load reads the Arrow copy: a CSV rewritten with the same bytes, size and
    # modification time (a copy) is not parsed again
    stamp = os.stat(positions)
    positions.write_bytes(b"\0" * stamp.st_size)    # same size, NUL bytes: unreadable as CSV
    os.utime(positions, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    again, problems = _load(positions)
    pd.testing.assert_frame_equal(again, expected)


def test_a_changed_csv_is_read_again(positions):
    _load(positions)
    with open(positions, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["quote"] = "A NEW Quote about Troops"
    with open(positions, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows[:5])
    frame, _ = _load(positions)
    assert len(frame) == 5
    assert frame.loc[0, "quote"] == "A NEW Quote about Troops"
    assert "a new quote about troops" in frame.loc[0, SEARCH_TEXT]
    assert search_mask(frame, "NEW quote").tolist() == [True, False, False, False, False]


def test_problems_are_kept_in_the_cache(positions):
    rows = _rows_in(positions)
    text = positions.read_text(encoding="utf-8").splitlines()
    bad = text[1].replace("support", "maybe").replace("conditional", "maybe").replace("oppose", "maybe")
    positions.write_text("\n".join([text[0], bad, *text[2:]]) + "\n", encoding="utf-8")
    frame, problems = _load(positions)
    assert len(frame) == rows - 1   # the bad row skipped, every other kept
    assert problems == ["positions.csv line 2: unknown position 'maybe' — row skipped"]
    data._load_positions.clear()
    assert data._read_cache(positions, *data._stamp(positions)[1:])[1] == problems


def test_a_missing_file_is_empty_and_writes_no_cache(tmp_path):
    frame, problems = _load(tmp_path / "positions.csv")
    assert frame.empty and problems == [] and {"speaker", SEARCH_TEXT} <= set(frame.columns)
    assert not (tmp_path / ".cache").exists()


def test_a_read_only_folder_is_read_without_a_cache(positions):
    os.chmod(positions.parent, 0o555)
    try:
        if os.access(positions.parent, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        frame, _ = _load(positions)
        assert len(frame) == _rows_in(positions) and not data.cache_path(positions).exists()
    finally:
        os.chmod(positions.parent, 0o755)


def test_search_text_is_the_rows_joined_cells():
    frame, _ = load_positions(ROOT / "data" / "positions.csv")
    old = frame[list(SEARCH_COLUMNS)].fillna("").astype(str).agg(" ".join, axis=1).str.casefold()
    assert search_text(frame).tolist() == old.tolist()
    # without the prebuilt column the same mask is computed
    plain = search_mask(frame, "Macron")
    prebuilt = search_mask(frame.assign(**{SEARCH_TEXT: search_text(frame)}), "Macron")
    assert plain.tolist() == prebuilt.tolist() and 0 < plain.sum() < len(frame)


def test_with_speaker_labels_governments_and_keeps_a_prepared_frame():
    frame = pd.DataFrame({"leader": ["Emmanuel Macron", "", ""], "country": ["France", "Poland", ""]})
    out = with_speaker(frame)
    assert out["speaker"].tolist() == ["Emmanuel Macron", "Poland (government)", " (government)"]
    assert "speaker" not in frame.columns
    assert with_speaker(out) is out


def test_summary_is_the_filters_pipeline_kept_per_filter(positions):
    import datetime as dt
    from dashboard.export import freshness
    from dashboard.filters import Filters, apply_filters, country_positions, current_positions
    df, _ = _load(positions)
    for cached in (data._cached_summary, data._cached_where, data._cached_rows, data._cached_freshness):
        cached.clear()
    for f, as_of in [(Filters(), dt.date(2030, 1, 1)), (Filters(countries=["France"]), dt.date(2030, 1, 1)),
                     (Filters(), dt.date(2025, 1, 1)), (Filters(countries=["Nowhere"]), dt.date(2030, 1, 1))]:
        current, countries = data.summary(df, f, as_of)
        want_base = apply_filters(df, f, positions=False)
        pd.testing.assert_frame_equal(data.base_rows(df, f), want_base)
        pd.testing.assert_frame_equal(current, current_positions(want_base, as_of))
        pd.testing.assert_frame_equal(countries, country_positions(current_positions(want_base, as_of)))
        assert data.freshness(df, f, as_of) == freshness(want_base, as_of.isoformat())
        assert data.summary(df, f, as_of)[0] is current       # the second time from the cache
        assert data.base_rows(df, f) is data.base_rows(df, f)
    # what is kept per filter is the speakers' rows and a mask, never the filtered table
    assert data._where(df, data.filter_key(Filters())) is None
    france = data._where(df, data.filter_key(Filters(countries=["France"])))
    assert france.dtype == bool and france.tolist() == (df["country"] == "France").tolist()
    everyone = data.summary(df, Filters(), dt.date(2030, 1, 1))[1]
    assert "France" in set(everyone["country"]) and len(everyone) > 1
    assert set(data.summary(df, Filters(countries=["France"]), dt.date(2030, 1, 1))[1]["country"]) == {"France"}
    # a frame derived from the loaded one (same attrs, other rows) is computed, not looked up
    part = df[df["country"] == "France"]
    assert set(data.summary(part, Filters(), dt.date(2030, 1, 1))[1]["country"]) == {"France"}
    pd.testing.assert_frame_equal(data.base_rows(part, Filters(leaders=["Emmanuel Macron"])),
                                  apply_filters(part, Filters(leaders=["Emmanuel Macron"]), positions=False))


def test_current_positions_of_a_mask_are_those_of_the_masked_rows(positions):
    import datetime as dt
    import numpy as np
    from dashboard.filters import current_positions
    df, _ = _load(positions)
    rng = np.random.default_rng(3)
    for _ in range(5):
        mask = rng.random(len(df)) < 0.6
        for as_of in (None, dt.date(2025, 3, 1)):
            pd.testing.assert_frame_equal(current_positions(df, as_of, where=mask), current_positions(df[mask], as_of))


def test_quote_frame_orders_newest_first_and_keeps_only_web_links():
    from dashboard.views.common import QUOTE_COLUMNS, quote_frame, safe_url
    urls = ["javascript:alert(1)", " HTTPS://example.org/a ", "", "ftp://x.org", "http://ok.org", None]
    rows = pd.DataFrame({"date": ["2025-01-02", "2025-03-01", "2025-03-01", "", "2025-01-02", "2025-02-01"],
                         "country": ["France", "Spain", "Italy", "Poland", "Austria", "France"],
                         "speaker": ["A", "B", "C", "D", "E", "F"], "url": urls},
                        index=[10, 3, 7, 1, 4, 2])
    t = quote_frame(rows)
    assert list(t.columns) == QUOTE_COLUMNS
    assert t["speaker"].tolist() == ["C", "B", "F", "E", "A", "D"]
    by_speaker = dict(zip(rows["speaker"], urls))
    assert [None if u != u else u for u in t["url"]] == [safe_url(by_speaker[s]) for s in t["speaker"]]
    assert t.loc[t["speaker"] == "B", "url"].item() == "HTTPS://example.org/a"


def test_an_indexed_search_finds_the_same_rows_as_the_scan():
    import datetime as dt
    from dashboard.filters import Filters, apply_filters, build_index
    df, _ = load_positions(ROOT / "data" / "positions.csv")
    df = data.prepare(df)
    index = build_index(df)
    assert index is not None and "macron" in index.vocab
    plain = df.copy(deep=False)    # another object: not indexed, scanned
    queries = ["Macron", "macr troops", "ON", "zzz", '"european troops"', "é", "ß", "a e i"]
    found = 0
    for q in queries:
        for f in [Filters(search=q), Filters(search=q, countries=["France"], as_of=dt.date(2025, 3, 1))]:
            indexed = apply_filters(df, f, search=True, as_of=True)
            pd.testing.assert_frame_equal(indexed, apply_filters(plain, f, search=True, as_of=True))
            found += len(indexed)
    assert 0 < found
    assert len(apply_filters(df, Filters(search="Macron"), search=True)) == int(search_mask(df, "Macron").sum()) > 0


def test_background_work_runs_once_per_key_when_the_app_is_idle(monkeypatch):
    import sys
    import threading
    import time

    # what `streamlit run` imports (only under it is there background work); for this test only
    monkeypatch.setitem(sys.modules, "streamlit.web.bootstrap", sys.modules["streamlit"])
    monkeypatch.setattr(data, "IDLE", 0.2)
    done = threading.Event()
    ran: list[str] = []
    data._last_run[0] = time.monotonic()
    started = time.monotonic()
    assert data.in_background(("test", started), lambda x: (ran.append(x), done.set()), "first")
    assert not data.in_background(("test", started), ran.append, "again")    # queued once per key
    assert done.wait(10)
    assert ran == ["first"] and time.monotonic() - started >= 0.2


def test_the_background_thread_runs_below_the_servers_priority(monkeypatch):
    """On busy cores a visitor's script run gets the CPU before the background's work (Linux niceness
    of the background thread alone; the test's own thread keeps its own)."""
    import os
    import sys
    import threading
    import time
    from dashboard.drawing import NICE

    monkeypatch.setitem(sys.modules, "streamlit.web.bootstrap", sys.modules["streamlit"])
    monkeypatch.setattr(data, "IDLE", 0.0)
    monkeypatch.setattr(data, "_held_until", [0.0])
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []
    done = threading.Event()
    assert data.in_background(("nice", time.monotonic()),
                              lambda: (seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id())),
                                       done.set()))
    assert done.wait(10)
    assert seen[0] >= min(19, mine + NICE)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine


def test_newest_first_with_a_limit_starts_as_the_full_order():
    import random
    from dashboard.views.common import newest_first
    rng = random.Random(3)
    rows = pd.DataFrame({"date": [rng.choice(["", "2025-01-02", "2025-01-03", "2025-02-01", "2024-12-31"])
                                  for _ in range(500)],
                         "country": [rng.choice("ABC") for _ in range(500)],
                         "speaker": [rng.choice("xyz") for _ in range(500)]}, index=range(1000, 1500))
    full = newest_first(rows).to_numpy()
    for limit in (1, 7, 50, 100, 124):
        assert newest_first(rows, limit).to_numpy()[:limit].tolist() == full[:limit].tolist()


def test_held_background_work_waits_for_the_hold_to_end(monkeypatch):
    """The upload view holds the background (data.hold_background): a drawing keeps the GIL and
    would freeze the server while a file is picked; the task runs once the hold is over."""
    import sys
    import threading
    import time

    monkeypatch.setitem(sys.modules, "streamlit.web.bootstrap", sys.modules["streamlit"])
    monkeypatch.setattr(data, "IDLE", 0.1)
    monkeypatch.setattr(data, "_held_until", [0.0])
    data._last_run[0] = time.monotonic() - 1
    assert not data.busy()
    data.hold_background(1.0)
    assert data.busy()
    done = threading.Event()
    ran_at: list[float] = []
    started = time.monotonic()
    assert data.in_background(("held", started), lambda: (ran_at.append(time.monotonic()), done.set()))
    assert done.wait(10)
    assert ran_at[0] - started >= 0.9 and not data.busy()
    data.hold_background(0.5)
    data.wait_idle()             # what the pack's drawing calls before each chart
    assert time.monotonic() - started >= 1.4 and not data.busy()


def test_search_text_folds_each_column_as_the_joined_row_folds():
    """search_text folds column by column (each distinct non-ASCII cell once): the same text as
    casefolding each row's joined cells, on a generated table with cells that fold to more or other
    characters (ß, ﬁ, İ, Σ, combining marks) repeated across rows and columns."""
    import random
    rng = random.Random(5)
    pieces = ["Straße", "ΣΟΦΙΑ", "ﬁnal", "İstanbul", "e\u0301", "Macron", "ÅSA", "naïve", "“quoted”", "", " ",
              "plain words", "ǅ", "ﬀ", "Ὰ", "ŉ", "K", "ẞ", "µ", "x"]
    rows = [{c: "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3))) for c in SEARCH_COLUMNS}
            for _ in range(400)]
    frame = pd.DataFrame(rows)
    want = frame[list(SEARCH_COLUMNS)].agg(" ".join, axis=1).map(str.casefold)
    assert search_text(frame).tolist() == want.tolist()
    chunked = frame.astype("str")   # Arrow-backed columns, as the loaded table's
    assert search_text(chunked).tolist() == want.tolist()


def test_the_quote_explorers_rows_are_apply_filters_kept_per_view_and_search(positions):
    import datetime as dt
    from dashboard.filters import Filters, apply_filters
    df, _ = _load(positions)
    data._cached_quotes.clear()
    for f in [Filters(search="Macron", as_of=dt.date(2030, 1, 1)), Filters(search="troops", countries=["France"]),
              Filters(search='"european troops"', positions=["support"], as_of=dt.date(2025, 3, 1)),
              Filters(countries=["Poland", "France"], date_from=dt.date(2025, 2, 18)), Filters()]:
        key = data.view_key(df, f, f.as_of or dt.date(2030, 1, 1))
        found = data.quotes_found(df, f, key)
        pd.testing.assert_frame_equal(found, apply_filters(df, f, positions=True, search=True, as_of=True))
        assert data.quotes_found(df, f, key) is found                    # the second time from the cache
        other = Filters(**{**f.__dict__, "search": f.search + " zzzz"})
        assert data.quotes_found(df, other, key).empty                   # another search, another entry
        pd.testing.assert_frame_equal(data.quotes_found(df, f, None), found)   # no key: computed


def test_filtered_rows_never_carry_the_search_text_and_are_the_tables_rows(positions):
    """apply_filters leaves the search text (the loaded table's index column) out of every result,
    filtered or not, searched or not; the other columns are the table's rows as they were."""
    import datetime as dt
    from dashboard.filters import Filters, apply_filters
    df, _ = _load(positions)
    for f, search in [(Filters(), False), (Filters(countries=["France"]), False), (Filters(search="troops"), True),
                      (Filters(date_from=dt.date(2025, 2, 18), search="Macron"), True)]:
        rows = apply_filters(df, f, search=search)
        assert SEARCH_TEXT not in rows.columns and SEARCH_TEXT in df.columns
        pd.testing.assert_frame_equal(rows, df.loc[rows.index].drop(columns=[SEARCH_TEXT]))
    assert len(apply_filters(df, Filters())) == len(df)


# --- the Arrow copy follows an append (base + tail), and is rebuilt for anything else ---------

def _rebuilt(path: Path):
    """The table made from scratch: no Arrow copy on disk, nothing in memory."""
    data.cache_path(path).unlink(missing_ok=True)
    data.tail_path(path).unlink(missing_ok=True)
    return _load(path)


def _new_rows(n: int, start: int = 0, **kw) -> list[dict]:
    return [{"article_id": f"added_{start + i}", "leader": "Donald Tusk", "country": "Poland", "role": "Prime Minister",
             "date": f"2025-03-{1 + (start + i) % 28:02d}", "topic": "troops_to_ukraine", "position": "oppose",
             "quote": f"Poland will not send troops, number {start + i} — «Ça va», Straße", "quote_type": "direct",
             "source": "Wire", "url": "https://example.org/a", "confidence": "0.7", "title": "A, \"quoted\" title",
             "mention": "Tusk", "cue": "will not", **kw} for i in range(n)]


def _append(path: Path, rows: list[dict], line_end: str = "\n") -> None:
    """Rows appended to the file as any writer would append them (csv.writer, no rewrite)."""
    with open(path, "a", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator=line_end).writerows(rows)


def _ids(path: Path) -> tuple:
    s = os.stat(path)
    return s.st_ino, s.st_mtime_ns


def test_an_append_extends_the_cache_and_equals_a_rebuild_row_for_row(positions):
    first, _ = _load(positions)
    base = data.cache_path(positions)
    before = _ids(base)
    _append(positions, _new_rows(3))
    frame, problems = _load(positions)
    # the append path was taken: a tail beside the base, the base not written again
    assert data.tail_path(positions).exists() and _ids(base) == before
    assert len(frame) == len(first) + 3 and problems == []
    assert frame.loc[len(first) + 2, "quote"].startswith("Poland will not send troops, number 2")
    expected, _ = _expected(positions)
    pd.testing.assert_frame_equal(frame, expected)
    # a second append grows the tail; the table read back (a restarted server) is the same
    _append(positions, _new_rows(2, start=3))
    frame, problems = _load(positions)
    assert _ids(base) == before and len(frame) == len(first) + 5 and problems == []
    data._load_positions.clear()
    again = data._read_cache(positions, *data._stamp(positions)[1:])
    pd.testing.assert_frame_equal(again[0], frame)
    # the table in two pieces (base and tail) is searched, filtered and indexed as the rebuilt one
    from dashboard.filters import Filters, WordIndex, apply_filters
    import pyarrow as pa
    assert pa.array(frame[SEARCH_TEXT].array).num_chunks == 2
    searches = [Filters(search="poland troops"), Filters(search='"number 4"'), Filters(search="straße"),
                Filters(countries=["Poland"], search="ça")]
    found = [apply_filters(frame, f, search=True) for f in searches]
    index = WordIndex(frame[SEARCH_TEXT])
    rebuilt = _rebuilt(positions)[0]
    pd.testing.assert_frame_equal(frame, rebuilt)
    assert not data.tail_path(positions).exists()   # the rebuild leaves no tail
    for f, rows in zip(searches, found):
        assert len(rows) > 0
        pd.testing.assert_frame_equal(rows, apply_filters(rebuilt, f, search=True))
    assert index.matches("straße").tolist() == WordIndex(rebuilt[SEARCH_TEXT]).matches("straße").tolist()


def test_an_add_through_the_store_extends_the_cache(positions):
    from extract.io.store import add_article_rows
    from extract.schema import Article
    folder = positions.parent
    first, _ = _load(positions)
    before = _ids(data.cache_path(positions))
    for i in range(2):
        final = add_article_rows(folder, Article(article_id=f"new_{i}", text=f"a new article {i}"),
                                 _new_rows(2, start=10 * i), "cli")
        assert final == f"new_{i}"
        frame, problems = _load(positions)
        assert len(frame) == len(first) + 2 * (i + 1) and problems == []
    assert _ids(data.cache_path(positions)) == before
    assert frame["article_id"].tolist()[-4:] == ["new_0", "new_0", "new_1", "new_1"]
    pd.testing.assert_frame_equal(frame, _rebuilt(positions)[0])


def test_an_edit_that_keeps_the_size_then_an_append_rebuilds(positions):
    """A cell changed in the cached part (same size: only the hash can tell) and then a row appended:
    not an append of what was cached, so the copy is made again from the whole file."""
    first, _ = _load(positions)
    raw = positions.read_bytes()
    last = len(first) - 1
    old = list(csv.DictReader(raw.decode().splitlines(keepends=True)))[last]["confidence"]
    new = old[:-1] + ("1" if old[-1] != "1" else "2")   # as long as the old one
    at = raw.rindex(f",{old},".encode())   # in the last row (the cells after it hold no such number)
    positions.write_bytes(raw[:at] + f",{new},".encode() + raw[at + len(old) + 2:])
    assert positions.stat().st_size == len(raw)
    _append(positions, _new_rows(1))
    frame, _ = _load(positions)
    assert frame.loc[last, "confidence"] == float(new) and len(frame) == len(first) + 1
    assert not data.tail_path(positions).exists()   # not taken for an append: rebuilt
    pd.testing.assert_frame_equal(frame, _expected(positions)[0])


def test_an_appended_damaged_line_is_named_by_its_line(positions):
    _load(positions)
    lines = positions.read_bytes().count(b"\n")
    _append(positions, _new_rows(1) + _new_rows(1, start=1, position="maybe") + _new_rows(1, start=2))
    frame, problems = _load(positions)
    assert problems == [f"positions.csv line {lines + 2}: unknown position 'maybe' — row skipped"]
    assert (frame, problems)[1] == load_positions(positions)[1]
    pd.testing.assert_frame_equal(frame, _expected(positions)[0])
    # a copy with problems takes no tail: the next append rebuilds, the problem still named
    _append(positions, _new_rows(1, start=3))
    frame, again = _load(positions)
    assert again == problems and not data.tail_path(positions).exists()
    pd.testing.assert_frame_equal(frame, _expected(positions)[0])


def test_a_tail_past_its_limit_is_folded_into_a_new_base(positions, monkeypatch):
    monkeypatch.setattr(data, "TAIL_MIN", 3)   # the 14-row base takes a tail of at most 3 rows
    first, _ = _load(positions)
    _append(positions, _new_rows(3))
    _load(positions)
    assert data.tail_path(positions).exists()
    _append(positions, _new_rows(1, start=3))
    frame, _ = _load(positions)
    assert not data.tail_path(positions).exists() and len(frame) == len(first) + 4
    pd.testing.assert_frame_equal(frame, _expected(positions)[0])


def test_a_running_append_is_not_read_and_its_whole_rows_are_read_after(positions):
    from extract.io import journal
    first, _ = _load(positions)
    size = positions.stat().st_size
    payload = "".join(f"{line}\n" for line in _csv_lines(_new_rows(4)))
    journal.begin(positions.parent, positions.name, size, size + len(payload.encode()))
    with open(positions, "a", encoding="utf-8", newline="") as fh:
        fh.write(payload[: len(payload) // 2])   # half the append, as a reader may see it mid-write
    before = _ids(data.cache_path(positions))
    frame, _ = _load(positions)
    pd.testing.assert_frame_equal(frame, first)
    assert _ids(data.cache_path(positions)) == before   # the copy was right as it is
    with open(positions, "a", encoding="utf-8", newline="") as fh:
        fh.write(payload[len(payload) // 2:])
    journal.end(positions.parent)
    frame, problems = _load(positions)
    assert len(frame) == len(first) + 4 and problems == []
    pd.testing.assert_frame_equal(frame, _expected(positions)[0])


def _csv_lines(rows: list[dict]) -> list[str]:
    import io
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n").writerows(rows)
    return buf.getvalue().splitlines()


def test_a_crlf_file_with_a_bom_takes_appends_in_its_own_form(positions):
    text = positions.read_text(encoding="utf-8")
    positions.write_bytes("\ufeff".encode() + text.replace("\n", "\r\n").encode())
    first, _ = _load(positions)
    _append(positions, _new_rows(2), line_end="\r\n")
    frame, problems = _load(positions)
    assert data.tail_path(positions).exists() and len(frame) == len(first) + 2 and problems == []
    pd.testing.assert_frame_equal(frame, _expected(positions)[0])


def test_text_column_of_text_equals_the_object_path():
    import numpy as np
    from dashboard.export import is_unsourced, text_column
    cells = [" Wire ", None, "", "https://x.org/a", "  ", "Ça\u00a0"]
    df = pd.DataFrame({"source": pd.array(cells, dtype="str"), "url": pd.array(cells[::-1], dtype="str"),
                       "empty": [np.nan] * len(cells)})
    for name in ("source", "url", "empty", "missing"):
        want = df[name].astype(object).fillna("").astype(str).str.strip() if name in df else None
        got = text_column(df, name)
        assert got.tolist() == (want.tolist() if want is not None else [""] * len(cells))
    assert is_unsourced(df).tolist() == [False, True, False, False, True, False]


def test_search_text_of_a_frame_in_chunks_folds_like_one_in_one_piece():
    one = pd.DataFrame({"quote": pd.array(["Straße ÇA", "plain", "ΣΊΣΥΦΟΣ"], dtype="str"),
                        "leader": pd.array(["Émile", "", "Ödön"], dtype="str")})
    chunked = pd.concat([one.iloc[:1], one.iloc[1:]], ignore_index=True)   # columns of two Arrow chunks
    want = [f"{q} {l}".casefold() for q, l in zip(one["quote"], one["leader"])]
    assert search_text(chunked).tolist() == search_text(one).tolist() == want
