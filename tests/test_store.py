"""extract.io.store: real files, real processes, no mocks."""
from __future__ import annotations

import csv
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from extract.schema import COLUMNS, Article
from extract.io.store import (
    ARTICLE_COLUMNS,
    add_article_rows,
    articles_path,
    data_lock,
    load_positions,
    load_registry,
    positions_path,
    remove_article,
    replace_positions,
    text_sha256,
    write_csv_atomic,
)


def _article(article_id: str, text: str, **kw) -> Article:
    return Article(article_id=article_id, text=text, title=kw.get("title", "T"),
                   published=kw.get("published", "2025-02-17"), url=kw.get("url", ""),
                   outlet=kw.get("outlet", "Outlet"))


def _row(leader: str, position: str = "support", **kw) -> dict:
    row = {"article_id": "ignored", "leader": leader, "country": "France", "role": "President",
           "date": "2025-02-17", "topic": "troops_to_ukraine", "position": position,
           "quote": f"{leader} said “yes, troops”, with a comma\nand a newline", "quote_type": "direct",
           "source": "Outlet", "url": "", "confidence": 0.9, "title": "T", "published": "2025-02-17",
           "mention": leader, "cue": "send", "role_kind": "head", "rule": "subject / cue_support"}
    row.update(kw)
    return row


def _csv_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- atomic write -------------------------------------------------------------

def test_write_csv_atomic_roundtrip(tmp_path):
    path = tmp_path / "sub" / "t.csv"
    write_csv_atomic(path, [{"a": "1", "b": "x,y", "extra": "dropped"}, {"a": None}], ["a", "b"])
    assert path.read_text(encoding="utf-8") == 'a,b\n1,"x,y"\n,\n'
    assert [p.name for p in path.parent.iterdir()] == ["t.csv"]


def test_write_csv_atomic_keeps_old_file_when_writer_raises(tmp_path):
    path = tmp_path / "t.csv"
    write_csv_atomic(path, [{"a": "old"}], ["a"])
    before = path.read_bytes()

    def rows():
        for i in range(10_000):
            if i == 5_000:
                raise RuntimeError("disk on fire")
            yield {"a": f"new {i}"}

    with pytest.raises(RuntimeError, match="disk on fire"):
        write_csv_atomic(path, rows(), ["a"])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]     # temp file cleaned up


def test_write_csv_atomic_bad_row_type_keeps_old_file(tmp_path):
    path = tmp_path / "t.csv"
    write_csv_atomic(path, [{"a": "old"}], ["a"])
    with pytest.raises(AttributeError):
        write_csv_atomic(path, [{"a": "new"}, "not a dict"], ["a"])  # type: ignore[list-item]
    assert _csv_rows(path) == [{"a": "old"}]


# --- add / duplicate / rename / remove ---------------------------------------

def test_add_then_duplicate(tmp_path):
    article = _article("merz", "Merz said no troops.")
    assert add_article_rows(tmp_path, article, [_row("Friedrich Merz", "oppose")], "cli") == "merz"
    before = (positions_path(tmp_path).read_bytes(), articles_path(tmp_path).read_bytes())
    # same text modulo whitespace and Unicode normal form -> duplicate, nothing changes
    again = _article("other-name", "  Merz said no troops.\n")
    assert add_article_rows(tmp_path, again, [_row("Friedrich Merz")], "upload") == "duplicate"
    assert (positions_path(tmp_path).read_bytes(), articles_path(tmp_path).read_bytes()) == before

    rows = _csv_rows(positions_path(tmp_path))
    assert list(rows[0].keys()) == COLUMNS
    assert rows[0]["article_id"] == "merz" and rows[0]["position"] == "oppose"
    assert rows[0]["quote"] == "Friedrich Merz said “yes, troops”, with a comma\nand a newline"
    registry = load_registry(tmp_path)
    assert len(registry) == 1
    entry = registry[0]
    assert list(entry) == ARTICLE_COLUMNS
    assert entry["sha256"] == text_sha256("Merz said no troops.")
    assert entry["origin"] == "cli" and entry["outlet"] == "Outlet" and entry["added_at"]


def test_nfc_makes_duplicate(tmp_path):
    assert add_article_rows(tmp_path, _article("a", "S\u00e1nchez"), [], "paste") == "a"
    assert add_article_rows(tmp_path, _article("b", "Sa\u0301nchez"), [], "paste") == "duplicate"


def test_same_id_different_content_gets_suffix(tmp_path):
    assert add_article_rows(tmp_path, _article("x", "one"), [_row("A")], "cli") == "x"
    assert add_article_rows(tmp_path, _article("x", "two"), [_row("B"), _row("C")], "cli") == "x-2"
    assert add_article_rows(tmp_path, _article("x", "three"), [_row("D")], "upload") == "x-3"
    rows = _csv_rows(positions_path(tmp_path))
    assert [(r["article_id"], r["leader"]) for r in rows] == [("x", "A"), ("x-2", "B"), ("x-2", "C"), ("x-3", "D")]
    assert [e["article_id"] for e in load_registry(tmp_path)] == ["x", "x-2", "x-3"]


def test_id_used_only_in_positions_counts_as_taken(tmp_path):
    replace_positions(tmp_path, [_row("Seeded", article_id="seed1")])
    assert add_article_rows(tmp_path, _article("seed1", "new text"), [_row("N")], "cli") == "seed1-2"
    assert [r["article_id"] for r in _csv_rows(positions_path(tmp_path))] == ["seed1", "seed1-2"]


@pytest.mark.parametrize(
    "row, expected",
    [
        ({"leader": "L", "extra_key": "dropped"}, {"leader": "L", "position": "", "confidence": ""}),
        ({"leader": None, "confidence": 0.75}, {"leader": "", "confidence": "0.75"}),
        ({"confidence": float("nan")}, {"confidence": ""}),
    ],
)
def test_rows_are_normalised_to_columns(tmp_path, row, expected):
    add_article_rows(tmp_path, _article("n", "text"), [row], "cli")
    (written,) = _csv_rows(positions_path(tmp_path))
    assert list(written) == COLUMNS and written["article_id"] == "n"
    for key, value in expected.items():
        assert written[key] == value


def test_bad_origin(tmp_path):
    with pytest.raises(ValueError, match="origin"):
        add_article_rows(tmp_path, _article("a", "t"), [], "email")


def test_remove_article(tmp_path):
    add_article_rows(tmp_path, _article("a", "text a"), [_row("A1"), _row("A2")], "cli")
    add_article_rows(tmp_path, _article("b", "text b"), [_row("B1")], "cli")
    assert remove_article(tmp_path, "a") == 2
    assert [r["leader"] for r in _csv_rows(positions_path(tmp_path))] == ["B1"]
    assert [e["article_id"] for e in load_registry(tmp_path)] == ["b"]
    assert remove_article(tmp_path, "a") == 0
    assert remove_article(tmp_path, "nope") == 0
    # once removed, the same text can be added again
    assert add_article_rows(tmp_path, _article("a", "text a"), [_row("A1")], "cli") == "a"


def test_replace_positions_accepts_frame(tmp_path):
    replace_positions(tmp_path, pd.DataFrame([_row("A", confidence=0.5)]))
    frame, problems = load_positions(positions_path(tmp_path))
    assert problems == [] and frame.loc[0, "leader"] == "A" and frame.loc[0, "confidence"] == 0.5


def test_refresh_updates_registry_metadata(tmp_path):
    add_article_rows(tmp_path, _article("a", "text a", title="Old", published="2025-01-01"), [_row("A")], "upload")
    (before,) = load_registry(tmp_path)
    newer = _article("a", "text a", title="New", published="2025-02-02", url="https://x.org/a", outlet="Paper")
    assert add_article_rows(tmp_path, newer, [_row("A"), _row("B")], "cli", replace=True) == "a"
    (after,) = load_registry(tmp_path)
    assert (after["title"], after["published"], after["url"], after["outlet"]) == \
        ("New", "2025-02-02", "https://x.org/a", "Paper")
    # identity kept: the same id, hash, origin and time of the first add
    assert {k: after[k] for k in ("article_id", "sha256", "origin", "added_at")} == \
        {k: before[k] for k in ("article_id", "sha256", "origin", "added_at")}
    assert [r["leader"] for r in _csv_rows(positions_path(tmp_path))] == ["A", "B"]


# --- a writer killed between the two file replacements of an add ---------------

KILL_AT = r"""
import os, signal, sys
from extract.schema import Article
from extract.io import journal, store

data_dir, victim = sys.argv[1], sys.argv[2]
real_replace, real_append = os.replace, journal.append_bytes

def replace(src, dst):
    if os.path.basename(dst) == victim:     # die right before this file is replaced
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)

def append(path, payload, *a, **k):          # ... or appended to (positions.csv on an add)
    if os.path.basename(path) == victim:
        os.kill(os.getpid(), signal.SIGKILL)
    real_append(path, payload, *a, **k)

os.replace, journal.append_bytes = replace, append
row = {"leader": "B", "position": "support", "date": "2025-03-01", "confidence": "0.8", "quote": "q"}
store.add_article_rows(data_dir, Article(article_id="b", text="text b", title="B title", published="2025-03-01",
                                         url="https://x.org/b", outlet="Paper"), [row, row], "upload")
"""


def _add_killed_before_replacing(data_dir: Path, victim: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run([sys.executable, "-c", KILL_AT, str(data_dir), victim], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr


def _leftovers(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.iterdir() if p.name not in ("positions.csv", "articles.csv", ".lock"))


def test_add_killed_between_positions_and_registry_is_completed(tmp_path):
    replace_positions(tmp_path, [_row("Seeded", article_id="seed1")])     # rows with no entry, on purpose
    add_article_rows(tmp_path, _article("a", "text a"), [_row("A")], "cli")
    _add_killed_before_replacing(tmp_path, "articles.csv")
    # the half state really happened: b's rows are stored, articles.csv does not know b
    assert [r["article_id"] for r in _csv_rows(positions_path(tmp_path))] == ["seed1", "a", "b", "b"]
    assert [e["article_id"] for e in _csv_rows(articles_path(tmp_path))] == ["a"]
    # a reader already sees b's whole entry (seed1 stays unregistered, as it was)
    registry = load_registry(tmp_path)
    assert [e["article_id"] for e in registry] == ["a", "b"]
    b = registry[1]
    assert (b["title"], b["published"], b["url"], b["outlet"], b["origin"]) == \
        ("B title", "2025-03-01", "https://x.org/b", "Paper", "upload")
    assert b["sha256"] == text_sha256("text b") and b["added_at"]
    # the next locked operation writes it to articles.csv and clears the leftovers
    with data_lock(tmp_path):
        pass
    assert _csv_rows(articles_path(tmp_path)) == registry
    assert _leftovers(tmp_path) == []
    # nothing lost, nothing doubled: the same text again is a duplicate
    assert add_article_rows(tmp_path, _article("b", "text b"), [_row("B")], "upload") == "duplicate"
    assert [r["article_id"] for r in _csv_rows(positions_path(tmp_path))] == ["seed1", "a", "b", "b"]
    frame, problems = load_positions(positions_path(tmp_path))
    assert problems == [] and len(frame) == 4


def test_add_killed_before_replacing_positions_never_happened(tmp_path):
    add_article_rows(tmp_path, _article("a", "text a"), [_row("A")], "cli")
    before = (positions_path(tmp_path).read_bytes(), articles_path(tmp_path).read_bytes())
    _add_killed_before_replacing(tmp_path, "positions.csv")
    assert (positions_path(tmp_path).read_bytes(), articles_path(tmp_path).read_bytes()) == before
    assert [e["article_id"] for e in load_registry(tmp_path)] == ["a"]    # the pending entry is not shown
    with data_lock(tmp_path):
        pass
    assert (positions_path(tmp_path).read_bytes(), articles_path(tmp_path).read_bytes()) == before
    assert _leftovers(tmp_path) == []
    # the add can simply be done again, under its own id
    assert add_article_rows(tmp_path, _article("b", "text b"), [_row("B")], "upload") == "b"
    assert [e["article_id"] for e in load_registry(tmp_path)] == ["a", "b"]


# --- lock -----------------------------------------------------------------------

def _hold_lock(data_dir: str, seconds: float, ready) -> None:
    with data_lock(data_dir):
        ready.set()
        time.sleep(seconds)


def test_lock_excludes_other_process_and_times_out(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    proc = ctx.Process(target=_hold_lock, args=(str(tmp_path), 3.0, ready))
    proc.start()
    try:
        assert ready.wait(30)
        with pytest.raises(TimeoutError, match="locked"):
            with data_lock(tmp_path, timeout=0.2):
                pass
    finally:
        proc.join(30)
    with data_lock(tmp_path, timeout=1):    # free again
        with data_lock(tmp_path, timeout=1):    # and re-entrant in one thread
            pass


def _add_many(data_dir: str, prefix: str, n: int) -> None:
    for i in range(n):
        article = _article(f"{prefix}{i}", f"{prefix} article number {i}")
        add_article_rows(data_dir, article, [_row(f"{prefix}-leader-{i}")], "cli")


def test_two_processes_add_concurrently(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_add_many, args=(str(tmp_path), p, 20)) for p in ("p", "q")]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    rows = _csv_rows(positions_path(tmp_path))
    assert len(rows) == 40
    assert sorted(r["article_id"] for r in rows) == sorted([f"p{i}" for i in range(20)] + [f"q{i}" for i in range(20)])
    assert len(load_registry(tmp_path)) == 40
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- load_positions -------------------------------------------------------------

def _write_positions(path: Path, rows: list[list[str]], header: list[str] = COLUMNS) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _cells(**kw) -> list[str]:
    row = {k: str(v) for k, v in _row("L").items()}
    row.update(kw)
    return [row[c] for c in COLUMNS]


@pytest.mark.parametrize(
    "bad, problem",
    [
        (dict(position="maybe"), "unknown position 'maybe'"),
        (dict(date="17/02/2025"), "date '17/02/2025' is not yyyy-mm-dd"),
        (dict(date="2025-02-30"), "date '2025-02-30' is not a real date"),
        (dict(confidence="high"), "confidence 'high' is not a number"),
        (dict(confidence="1.5"), "confidence 1.5 is not between 0 and 1"),
        (dict(confidence="nan"), "confidence nan is not between 0 and 1"),
        (dict(confidence=""), "confidence is empty"),
    ],
)
def test_load_positions_skips_bad_row_with_line_number(tmp_path, bad, problem):
    path = tmp_path / "positions.csv"
    # every quote spans two physical lines: header=1, A=2-3, B=4-5, C=6-7, D=8-9
    _write_positions(path, [_cells(leader="A"), _cells(leader="B"), _cells(leader="C", **bad), _cells(leader="D")])
    frame, problems = load_positions(path)
    assert problems == [f"positions.csv line 6: {problem} — row skipped"]
    assert list(frame["leader"]) == ["A", "B", "D"]
    assert list(frame.columns) == COLUMNS
    assert frame["confidence"].dtype == float


def test_load_positions_line_numbers_are_physical(tmp_path):
    path = tmp_path / "positions.csv"
    plain = _cells(leader="A", quote="one line")
    _write_positions(path, [plain, _cells(leader="B"), _cells(leader="X", position="maybe"), plain])
    # header=1, A=2, B=3-4 (quote with a newline), X=5-6
    _, problems = load_positions(path)
    assert problems == ["positions.csv line 5: unknown position 'maybe' — row skipped"]


def test_load_positions_types_and_values(tmp_path):
    path = tmp_path / "positions.csv"
    _write_positions(path, [_cells(leader="A", confidence="0.25", date="", position=" Oppose ")])
    frame, problems = load_positions(path)
    assert problems == []
    assert frame.loc[0, "confidence"] == 0.25
    assert frame.loc[0, "position"] == "oppose"
    assert frame.loc[0, "date"] == ""
    for col in COLUMNS:
        if col != "confidence":
            assert all(isinstance(v, str) for v in frame[col])


def test_load_positions_missing_column(tmp_path):
    path = tmp_path / "positions.csv"
    header = [c for c in COLUMNS if c != "cue"]
    _write_positions(path, [[c for c, h in zip(_cells(leader="A"), COLUMNS) if h != "cue"]], header)
    frame, problems = load_positions(path)
    assert problems == ["positions.csv line 1 (the header): missing column 'cue' — filled empty"]
    assert list(frame.columns) == COLUMNS and frame.loc[0, "cue"] == "" and frame.loc[0, "leader"] == "A"


def test_load_positions_wrong_field_count(tmp_path):
    path = tmp_path / "positions.csv"
    path.write_text(",".join(COLUMNS) + "\nonly,three,fields\n", encoding="utf-8")
    frame, problems = load_positions(path)
    assert frame.empty
    assert problems == [f"positions.csv line 2: has 3 fields, expected {len(COLUMNS)} — row skipped"]


@pytest.mark.parametrize(
    "content, problem",
    [
        (None, None),
        (b"", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "line 1 (the header): not UTF-8 (byte 0x89 at column 1)"),
        (b"\xff\xfe\xfa not utf8", "line 1 (the header): not UTF-8 (byte 0xff"),
        (b"Dear editor,\nthis is a letter.\n", "not a positions table"),
    ],
)
def test_load_positions_unreadable(tmp_path, content, problem):
    path = tmp_path / "positions.csv"
    if content is not None:
        path.write_bytes(content)
    frame, problems = load_positions(path)
    assert frame.empty and list(frame.columns) == COLUMNS
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0] and problems[0].startswith("positions.csv")


def test_load_positions_caps_problem_list(tmp_path):
    path = tmp_path / "positions.csv"
    _write_positions(path, [_cells(quote="q", position="maybe")] * 60)
    frame, problems = load_positions(path)
    assert frame.empty
    assert len(problems) == 51 and problems[-1] == "positions.csv: 10 more rows skipped"


def test_repo_positions_file_loads_cleanly():
    path = Path(__file__).resolve().parent.parent / "data" / "positions.csv"
    if not path.exists():
        pytest.skip("no data/positions.csv")
    frame, problems = load_positions(path)
    assert problems == []
    assert set(frame["position"]) <= {"support", "conditional", "oppose"}


def test_a_second_topic_of_a_stored_article_adds_its_rows(tmp_path):
    """One article, every topic: the same text read for another topic adds that topic's rows under
    its id (it is no duplicate); read again for a topic it has rows of, it is one."""
    text = "Merz said no troops. Merz backed the 5% target."
    assert add_article_rows(tmp_path, _article("merz", text), [_row("Friedrich Merz", "oppose")], "cli") == "merz"
    spending = [_row("Friedrich Merz", "support", topic="nato_spending")]
    assert add_article_rows(tmp_path, _article("again", text), spending, "upload") == "merz"
    got = sorted((r["article_id"], r["topic"], r["position"]) for r in _csv_rows(positions_path(tmp_path)))
    assert got == [("merz", "nato_spending", "support"), ("merz", "troops_to_ukraine", "oppose")]
    assert [e["article_id"] for e in _csv_rows(articles_path(tmp_path))] == ["merz"]
    before = positions_path(tmp_path).read_bytes()
    assert add_article_rows(tmp_path, _article("third", text), spending, "upload") == "duplicate"
    assert positions_path(tmp_path).read_bytes() == before


def test_replacing_one_topic_keeps_the_other_topics_rows(tmp_path):
    """The command line re-reads an article for the topics it was asked for: only their rows are replaced."""
    text = "Merz said no troops. Merz backed the 5% target."
    add_article_rows(tmp_path, _article("merz", text), [_row("Friedrich Merz", "oppose")], "cli")
    add_article_rows(tmp_path, _article("merz", text), [_row("Friedrich Merz", "support", topic="nato_spending")], "cli")
    # re-read for the spending topic only, which now finds nothing: its rows go, the troops row stays
    assert add_article_rows(tmp_path, _article("merz", text), [], "cli", replace=True, topics=["nato_spending"]) == "merz"
    got = [(r["topic"], r["position"]) for r in _csv_rows(positions_path(tmp_path))]
    assert got == [("troops_to_ukraine", "oppose")]
