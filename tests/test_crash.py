"""Storage under failure: writers killed mid-write, two processes adding at the same moment.

Real processes, real SIGKILL, no mocks of the file system.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.schema import COLUMNS, Article
from extract.io.store import (add_article_rows, articles_path, data_lock, load_positions, load_registry,
                           positions_path, replace_positions, tidy)

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys, time
from extract.schema import COLUMNS, Article
from extract.io import store

kind, data_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])

def rows():
    for i in range(n):
        yield {**{c: f"new-{c}-{i}" for c in COLUMNS}, "position": "oppose", "date": "2025-02-01",
               "confidence": "0.5", "quote": "new quote, with a comma and \"quotes\"\nand a newline " + "q" * 250}

print("ready", flush=True)
if kind == "replace":
    store.replace_positions(data_dir, rows())
else:
    art = Article(article_id="big", text="a big new article", title="Big")
    store.add_article_rows(data_dir, art, list(rows()), "cli")
print("done", flush=True)
"""

OLD_ROWS = 50
NEW_ROWS = 150_000


def _old(data_dir: Path) -> tuple[bytes, bytes]:
    rows = [{**{c: f"old-{c}-{i}" for c in COLUMNS}, "position": "support", "date": "2025-01-01",
             "confidence": "0.9"} for i in range(OLD_ROWS)]
    replace_positions(data_dir, rows)
    add_article_rows(data_dir, Article(article_id="small", text="the old article", title="Old"), [], "cli")
    return positions_path(data_dir).read_bytes(), articles_path(data_dir).read_bytes()


def _temps(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.iterdir() if p.name.endswith(".tmp"))


def _writing(data_dir: Path, kind: str, old_positions: bytes) -> bool:
    """The write of positions.csv has begun: a temp file (replace), or the file has grown (add)."""
    if kind == "replace":
        return bool(_temps(data_dir))
    return positions_path(data_dir).stat().st_size > len(old_positions)


@pytest.mark.parametrize("kind", ["replace", "add"])
def test_killed_writer_leaves_old_or_new_file(tmp_path, kind):
    outcomes = []
    temps_at_kill = 0
    # "temp": kill as soon as the write has begun (replace: the temp file is there; add: positions.csv
    # has started to grow, as an add appends), so one kill lands during the write however loaded the
    # machine is (building the rows can take seconds)
    for n, delay in enumerate([0.0, 0.05, 0.2, 0.5, 0.9, 1.4, 2.2, "temp", 30.0]):
        d = tmp_path / f"run{n}"
        old_positions, old_registry = _old(d)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen([sys.executable, "-c", CHILD, kind, str(d), str(NEW_ROWS)],
                                stdout=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))
        try:
            assert proc.stdout.readline().strip() == "ready"
            if delay == "temp":
                while not _writing(d, kind, old_positions) and proc.poll() is None:
                    time.sleep(0.01)
                delay = 0.0
            if delay < 30:
                time.sleep(delay)
                temps_at_kill += _writing(d, kind, old_positions)
                proc.send_signal(signal.SIGKILL)
            proc.wait(120)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        # what a reader sees at once: the old rows or all the new ones (a torn append is not read)
        frame, problems = load_positions(positions_path(d))
        assert problems == [], problems[:3]
        assert len(frame) in (OLD_ROWS, NEW_ROWS + (OLD_ROWS if kind == "add" else 0))
        # positions.csv once the folder is opened (tidy, as the app's load and every command do: a
        # torn append is cut away, temp files and the pending entry go): byte-for-byte the old file,
        # or the whole new one, and nothing else is left in the folder
        tidy(d)
        assert sorted(p.name for p in d.iterdir()) == [".lock", "articles.csv", "positions.csv"]
        frame, problems = load_positions(positions_path(d))
        assert problems == [], problems[:3]
        if positions_path(d).read_bytes() == old_positions:
            state = "old"
            assert len(frame) == OLD_ROWS
        else:
            state = "new"
            assert len(frame) == NEW_ROWS + (OLD_ROWS if kind == "add" else 0)
            assert (frame["position"] == "oppose").sum() == NEW_ROWS
        # articles.csv: old or old + "big" (add writes it second, so it can lag behind positions.csv)
        registry = load_registry(d)
        assert [e["article_id"] for e in registry] in (["small"], ["small", "big"])
        if articles_path(d).read_bytes() != old_registry:
            assert state == "new"
        outcomes.append(state)
        # a leftover temp file never hides the data, and the next locked operation clears it
        with data_lock(d):
            pass
        assert _temps(d) == []
        assert len(load_positions(positions_path(d))[0]) == len(frame)
    assert outcomes[0] == "old" and outcomes[-1] == "new", outcomes
    assert temps_at_kill >= 1, "no kill landed while positions.csv was being written"


# --- two app sessions adding at the same moment ------------------------------

def _article(i: int, prefix: str, same: bool = False) -> Article:
    """``same``: the text does not depend on the prefix (both sessions add the same articles)."""
    return Article(article_id=f"{prefix}{i}", text=f"{'' if same else prefix} article number {i}", title="T",
                   published="2025-02-17", outlet="O")


def _row(leader: str) -> dict:
    return {"leader": leader, "country": "France", "role": "President", "date": "2025-02-17",
            "topic": "troops_to_ukraine", "position": "support", "quote": "q", "quote_type": "direct",
            "confidence": 0.9}


def _adder(data_dir: str, prefix: str, n: int, start_at: float, out: str, unlocked: bool,
           same: bool = False, min_seconds: float = 0.0) -> None:
    from extract.io import journal, store
    if unlocked:     # the control: the same code without the lock, with a widened race window
        import contextlib
        store.data_lock = lambda *a, **k: contextlib.nullcontext()
        real, real_begin = store._read_raw, journal.begin

        def slow(*a, **k):
            rows = real(*a, **k)
            time.sleep(0.01)
            return rows

        def slow_begin(*a, **k):   # between the duplicate check and the append
            time.sleep(0.01)
            return real_begin(*a, **k)
        store._read_raw, journal.begin = slow, slow_begin
    spans = []
    while time.time() < start_at:
        time.sleep(0.0005)
    i = 0
    # at least n adds, and for at least `min_seconds`: appends take milliseconds, so a loaded
    # machine's start skew could otherwise let one process finish before the other begins
    while i < n or time.time() < start_at + min_seconds:
        t0 = time.time()
        store.add_article_rows(data_dir, _article(i, prefix, same), [_row(f"{prefix}-leader-{i}")], "upload")
        spans.append((t0, time.time()))
        i += 1
    Path(out).write_text(json.dumps(spans))


def _race(tmp_path: Path, unlocked: bool, n: int = 30, same: bool = False,
          min_seconds: float = 0.0) -> tuple[list, list, list]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    ctx = multiprocessing.get_context("spawn")
    start_at = time.time() + 4.0       # both processes are imported and waiting by then
    procs = [ctx.Process(target=_adder, args=(str(tmp_path), p, n, start_at, str(tmp_path / f"{p}.json"),
                                              unlocked, same, min_seconds))
             for p in ("p", "q")]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(120)
        assert proc.exitcode == 0
    spans = {p: json.loads((tmp_path / f"{p}.json").read_text()) for p in ("p", "q")}
    rows, _ = load_positions(positions_path(tmp_path))
    return spans["p"], spans["q"], rows


def _interleavings(p: list, q: list) -> int:
    """How often the order of call starts switches between the two processes."""
    events = sorted([(s, "p") for s, _ in p] + [(s, "q") for s, _ in q])
    return sum(1 for a, b in zip(events, events[1:]) if a[1] != b[1])


def _overlapping_calls(p: list, q: list) -> int:
    """Pairs of calls (one per process) that were running at the same time."""
    return sum(1 for a0, a1 in p for b0, b1 in q if a0 < b1 and b0 < a1)


def test_two_sessions_adding_at_the_same_moment_lose_nothing(tmp_path):
    n = 30
    p, q, rows = _race(tmp_path, unlocked=False, n=n, min_seconds=2.0)
    # the timing really overlapped: both started together, calls ran at the same time
    assert abs(p[0][0] - q[0][0]) < 0.5   # started together (a loaded machine can delay one start by tens of ms)
    assert _overlapping_calls(p, q) >= n, (_overlapping_calls(p, q), _interleavings(p, q))
    want = sorted([f"p{i}" for i in range(len(p))] + [f"q{i}" for i in range(len(q))])
    assert sorted(rows["article_id"]) == want
    assert sorted(e["article_id"] for e in load_registry(tmp_path)) == want
    assert not [x.name for x in tmp_path.iterdir() if x.name.endswith(".tmp")]


def test_the_race_is_real_without_the_lock(tmp_path):
    """Control for the test above: with the lock switched off, two sessions adding the same
    articles at once both pass the duplicate check (a read, then a write), so an article is
    registered twice; with the lock, each once. (Rows are appended, so distinct articles lose
    nothing even unlocked; a lost update is what the rewrite of the whole file risked.)"""
    n = 30
    p, q, rows = _race(tmp_path / "unlocked", unlocked=True, n=n, same=True)
    assert _overlapping_calls(p, q) >= n
    texts = [e["sha256"] for e in load_registry(tmp_path / "unlocked")]
    assert len(texts) > len(set(texts)) == n or len(rows) < 2 * n
    _, _, rows = _race(tmp_path / "locked", unlocked=False, n=n, same=True)
    texts = [e["sha256"] for e in load_registry(tmp_path / "locked")]
    assert len(texts) == len(set(texts)) == n and len(rows) == n


# --- a damaged or hand-edited positions.csv, in the app -------------------------

def test_app_shows_what_it_could_load_and_says_what_it_skipped(tmp_path, monkeypatch):
    import csv
    import io
    import shutil

    from streamlit.testing.v1 import AppTest

    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d, ignore=shutil.ignore_patterns(".lock", ".cache"))
    monkeypatch.setenv("COALITION_DATA_DIR", str(d))
    with open(d / "positions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 4
    header = [c for c in COLUMNS if c != "cue"]            # damage 1: a column deleted by hand
    rows[1]["date"] = "17/02/2025"                          # damage 2: a date in the wrong format
    rows[2]["position"] = "maybe"                           # damage 3: an unknown position
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    lines = {}
    line = 2
    for i, r in enumerate(rows):
        lines[i] = line
        chunk = io.StringIO()
        csv.writer(chunk, lineterminator="\n").writerow([r[c] for c in header])
        out.write(chunk.getvalue())
        line += chunk.getvalue().count("\n")
    (d / "positions.csv").write_text(out.getvalue(), encoding="utf-8")

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120)
    at.query_params["view"] = "quotes"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("3 problem(s)" in e.value and f"{len(rows) - 2:,} good row(s) are shown" in e.value
               for e in at.error), [e.value for e in at.error]
    shown = [t.value for t in at.text]
    assert "positions.csv line 1 (the header): missing column 'cue' — filled empty" in shown
    assert f"positions.csv line {lines[1]}: date '17/02/2025' is not yyyy-mm-dd — row skipped" in shown
    assert f"positions.csv line {lines[2]}: unknown position 'maybe' — row skipped" in shown
    assert len(at.dataframe[0].value) == len(rows) - 2          # everything else is shown
