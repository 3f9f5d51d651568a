"""A damaged data folder: an add refuses it (no byte changes, the error names file and line),
the loader shows the good rows and the damage by line, the command line says one line."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.io.journal import JOURNAL_FILE
from extract.schema import COLUMNS, Article
from extract.io.store import (
    StoreError, add_article_rows, articles_path, check_folder, load_positions, positions_path,
    remove_article,
)

ROOT = Path(__file__).resolve().parent.parent
N_ROWS = 200
BAD = 120          # the row that gets damaged
BAD_LINE = BAD + 3  # header = 1, row 0 = lines 2-3 (its quote has a line break), row i = line i + 3


def _row(i: int) -> dict:
    quote = f"Leader {i} said “yes, troops”,\nwith a line break" if i == 0 else f"Leader {i} said \"yes\", maybe"
    return {"article_id": f"a{i % 7}", "leader": f"Leader {i}", "country": "France", "role": "President",
            "date": "2025-02-17", "topic": "troops_to_ukraine", "position": "support", "quote": quote,
            "quote_type": "direct", "source": "Outlet", "url": "", "confidence": "0.9", "title": "T",
            "published": "2025-02-17", "mention": "he", "cue": "send"}


@pytest.fixture
def folder(tmp_path):
    """A data folder with N_ROWS rows (written by the store) and one registered article."""
    d = tmp_path / "data"
    add_article_rows(d, Article(article_id="a0", text="first text", title="T", published="2025-02-17"),
                     [_row(0)], "cli")
    lines = positions_path(d).read_bytes()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r.get(c, "") for c in COLUMNS] for r in map(_row, range(1, N_ROWS))])
    positions_path(d).write_bytes(lines + out.getvalue().encode("utf-8"))
    assert positions_path(d).read_bytes().count(b"\n") == N_ROWS + 2
    return d


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def _damage(path: Path, kind: str) -> None:
    lines = _lines(path)
    if kind == "renamed header":
        lines[0] = lines[0].replace(b"position", b"stance")
    elif kind == "missing header":
        del lines[0]
    elif kind == "duplicate header":
        lines[0] = lines[0].replace(b"role", b"leader")
    elif kind == "missing column":
        lines = [b",".join(line.split(b",")[:-1]) if i else line.replace(b",cue", b"")
                 for i, line in enumerate(lines)][:2]   # header + a one-line row, no cue anywhere
    elif kind == "truncated line":
        path.write_bytes(path.read_bytes()[:-12])
        return
    elif kind == "stray quote":
        lines[BAD_LINE - 1] = lines[BAD_LINE - 1].replace(b",France,", b',"France,')
    elif kind == "NUL":
        lines[BAD_LINE - 1] = lines[BAD_LINE - 1].replace(b"France", b"Fra\x00nce")
    elif kind == "bad encoding":
        lines[BAD_LINE - 1] = lines[BAD_LINE - 1].replace(b"France", b"Fran\xe7e")
    elif kind == "1000 columns":
        lines[BAD_LINE - 1] = lines[BAD_LINE - 1] + b",x" * (1000 - len(COLUMNS))
    elif kind == "BOM":
        lines[0] = b"\xef\xbb\xbf" + lines[0]
    elif kind == "CRLF":
        lines = [line + b"\r" if line else line for line in lines]
    path.write_bytes(b"\n".join(lines))


# kind -> (the line the error names, what it says)
REFUSED = {
    "renamed header": (1, f"unknown column 'stance' (column {COLUMNS.index('position') + 1}) (and 1 more)"),
    "missing header": (1, "none of the expected columns"),
    "duplicate header": (1, f"duplicate column 'leader' (column {COLUMNS.index('role') + 1})"),
    "missing column": (1, "missing column 'cue'"),
    "truncated line": (N_ROWS + 2, f"has {len(COLUMNS) - 3} fields, expected {len(COLUMNS)}"),
    "stray quote": (BAD_LINE, "broken quoting"),
    "NUL": (BAD_LINE, "NUL byte at column"),
    "bad encoding": (BAD_LINE, "not UTF-8 (byte 0xe7 at column"),
    "1000 columns": (BAD_LINE, f"has 1000 fields, expected {len(COLUMNS)}"),
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_add_refuses_a_damaged_table_and_changes_no_byte(folder, kind):
    _damage(positions_path(folder), kind)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    line, what = REFUSED[kind]
    new = Article(article_id="new", text="another text", title="N", published="2025-03-01")
    for attempt in (lambda: add_article_rows(folder, new, [_row(1)], "cli"),
                    lambda: add_article_rows(folder, new, [_row(1)], "cli", replace=True),
                    lambda: remove_article(folder, "a3"),
                    lambda: check_folder(folder)):
        with pytest.raises(StoreError) as err:
            attempt()
        message = str(err.value)
        assert "\n" not in message
        assert message.startswith(f"{positions_path(folder)}: line {line}")
        assert what in message and "the folder was not changed" in message
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize("kind", ["BOM", "CRLF"])
def test_bom_and_crlf_are_read_losslessly(folder, kind):
    """Not damage: every cell reads back exactly, so an add keeps every value."""
    _, old_problems = load_positions(positions_path(folder))
    old, _ = load_positions(positions_path(folder))
    _damage(positions_path(folder), kind)
    frame, problems = load_positions(positions_path(folder))
    assert problems == old_problems == [] and len(frame) == N_ROWS
    before = positions_path(folder).read_bytes()
    add_article_rows(folder, Article(article_id="new", text="another text", published="2025-03-01"),
                     [_row(1)], "cli")
    assert positions_path(folder).read_bytes().startswith(before)   # not one byte of the old data changed
    after, problems = load_positions(positions_path(folder))
    assert problems == [] and len(after) == N_ROWS + 1
    kept = after.iloc[:N_ROWS].reset_index(drop=True)
    if kind == "CRLF":   # the line break inside row 0's quote was converted too, and is kept as it is
        assert kept.loc[0, "quote"] == old.loc[0, "quote"].replace("\n", "\r\n")
        kept.loc[0, "quote"] = old.loc[0, "quote"]
    assert kept.equals(old)


LOADED = {   # kind -> the problems the loader lists (the other rows are all shown)
    "stray quote": [f"positions.csv line {BAD_LINE}: broken quoting"],
    "NUL": [f"positions.csv line {BAD_LINE}: NUL byte at column 18 — row skipped"],
    "bad encoding": [f"positions.csv line {BAD_LINE}: not UTF-8 (byte 0xe7 at column 19) — row skipped"],
    "1000 columns": [f"positions.csv line {BAD_LINE}: has 1000 fields, expected {len(COLUMNS)} — row skipped"],
    "truncated line": [f"positions.csv line {N_ROWS + 2}: has {len(COLUMNS) - 3} fields, expected {len(COLUMNS)} — row skipped"],
}


@pytest.mark.parametrize("kind", sorted(LOADED))
def test_loader_shows_the_good_rows_and_the_damage_by_line(folder, kind):
    _damage(positions_path(folder), kind)
    frame, problems = load_positions(positions_path(folder))
    assert len(problems) == 1 and problems[0].startswith(LOADED[kind][0]), problems
    leaders = set(frame["leader"])
    expected_missing = {f"Leader {BAD}"} if kind != "truncated line" else {f"Leader {N_ROWS - 1}"}
    assert leaders == {f"Leader {i}" for i in range(N_ROWS)} - expected_missing


def test_loader_shows_every_row_of_a_table_without_its_position_column(folder):
    """The header's `position` renamed: the rows still say who said what, so all are shown (position
    empty), and the damage is named once, by line and column."""
    _damage(positions_path(folder), "renamed header")
    frame, problems = load_positions(positions_path(folder))
    column = COLUMNS.index("position") + 1
    assert problems == [
        f"positions.csv line 1 (the header): unknown column 'stance' (column {column}) — ignored",
        f"positions.csv line 1 (the header): missing column 'position' — its {N_ROWS} row(s) are shown without a "
        "position (no chart or count by position includes them); adding or removing articles is refused until "
        "the header is fixed"]
    assert set(frame["leader"]) == {f"Leader {i}" for i in range(N_ROWS)} and set(frame["position"]) == {""}


def test_app_shows_a_table_without_its_position_column_and_refuses_adds(data_dir):
    """The real data set with `position` renamed in the header: the quote explorer shows every row,
    the damage is an error in the open, every view renders, and an add from the app is refused with
    the file's bytes unchanged."""
    from extract.io.store import add_article_rows as add
    from tests.apptest import run
    path = positions_path(data_dir)
    n_rows = len(load_positions(path)[0])
    _damage(path, "renamed header")
    at = run(view="quotes")
    errors = [e.value for e in at.error]
    assert any(f"{n_rows:,} good row(s) are shown" in e for e in errors), errors
    shown = [t.value for t in at.text]
    assert any(t.startswith("positions.csv line 1 (the header): missing column 'position' — its "
                            f"{n_rows} row(s) are shown without a position") for t in shown), shown
    assert len(at.dataframe[0].value) == n_rows
    for view in ("support", "map", "timeline", "coalitions", "changes", "add"):
        run(view=view)
    def files():   # the lock file aside: it holds no data
        return {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file() and p.name != ".lock"}
    before = files()
    with pytest.raises(StoreError, match=r"line 1 \(the header\): unknown column 'stance'"):
        add(data_dir, Article(article_id="new", text="another text"), [_row(1)], "upload")
    assert files() == before


def test_damaged_registry_is_refused_too(folder):
    path = articles_path(folder)
    path.write_bytes(path.read_bytes().replace(b",cli,", b",c\x00li,"))
    before = positions_path(folder).read_bytes()
    with pytest.raises(StoreError, match=r"articles.csv: line 2: NUL byte"):
        add_article_rows(folder, Article(article_id="n", text="new text"), [_row(1)], "upload")
    assert positions_path(folder).read_bytes() == before


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "extract", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def test_command_line_refuses_a_damaged_folder_in_one_line(folder):
    _damage(positions_path(folder), "renamed header")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    proc = _cli(str(ROOT / "seeds"), "--manifest", str(ROOT / "seeds" / "manifest.csv"), "--add-to", str(folder),
                "--no-cache")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"error: {positions_path(folder)}: line 1 (the header): unknown column 'stance'")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_command_line_lock_timeout_is_one_line_per_article_and_the_batch_goes_on(folder, tmp_path):
    """The folder is locked by another process for the whole run: each article fails in one line."""
    import fcntl
    src = tmp_path / "in"
    src.mkdir()
    for name in ("one", "two"):
        (src / f"{name}.txt").write_text(f"Macron said France would send troops to Ukraine ({name}).",
                                         encoding="utf-8")
    with open(folder / ".lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        proc = _cli(str(src), "--add-to", str(folder), "--no-cache", env={"COALITION_LOCK_TIMEOUT": "0.2"})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    failed = [line for line in proc.stderr.splitlines() if "FAILED" in line]
    assert len(failed) == 2 and all("data folder is locked by another process" in line for line in failed)
    assert "one.txt: not added" in failed[0] and "two.txt: not added" in failed[1]


def test_app_shows_the_good_rows_and_the_damage_in_the_open(data_dir):
    """A NUL in one row of the real data set: every other row is shown, the damage is an error."""
    from tests.apptest import run
    path = positions_path(data_dir)
    lines = _lines(path)
    n_rows, _ = load_positions(path)
    lines[2] = lines[2][:5] + b"\x00" + lines[2][5:]   # row 2 is on line 3 (one-line quotes in the seeds)
    path.write_bytes(b"\n".join(lines))
    at = run(view="quotes")
    errors = [e.value for e in at.error]
    assert any(f"{len(n_rows) - 1:,} good row(s) are shown" in e for e in errors), errors
    assert "positions.csv line 3: NUL byte at column 6 — row skipped" in [t.value for t in at.text]
    assert len(at.dataframe[0].value) == len(n_rows) - 1


def test_opening_the_folder_clears_what_a_killed_add_left(data_dir):
    """Leftovers of a killed add (temp files, the pending entry) go when the app loads the folder."""
    from tests.apptest import run
    before = positions_path(data_dir).read_bytes()
    (data_dir / ".positions.csv.abc123.tmp").write_text("half", encoding="utf-8")
    (data_dir / ".pending-articles.csv").write_text(
        "article_id,title,outlet,url,published,sha256,origin,added_at\nghost,,,,,x,cli,\n", encoding="utf-8")
    run(view="support")
    assert not (data_dir / ".positions.csv.abc123.tmp").exists()
    assert not (data_dir / ".pending-articles.csv").exists()    # its add never reached positions.csv
    assert positions_path(data_dir).read_bytes() == before


@pytest.mark.parametrize("victim", ["positions.csv", "articles.csv"])
def test_a_killed_add_leaves_nothing_after_the_next_command(tmp_path, data_dir, victim):
    """SIGKILL mid-add leaves a temp file or the append journal (and the pending entry); any
    command opening the folder (here an -o run that only reads its tables) recovers or removes them."""
    from tests.test_store import _add_killed_before_replacing
    d = data_dir
    (d / "articles.csv").unlink(missing_ok=True)
    add_article_rows(d, Article(article_id="a", text="text a"), [_row(1)], "cli")
    tables = {p.name for p in d.iterdir()}

    def _leftovers(d):
        return sorted({p.name for p in d.iterdir()} - tables - {".cache"})
    _add_killed_before_replacing(d, victim)
    assert any(name.endswith(".tmp") or name == JOURNAL_FILE for name in _leftovers(d)) \
        and ".pending-articles.csv" in _leftovers(d)
    (tmp_path / "in.txt").write_text("Nothing on the topic here.", encoding="utf-8")
    proc = _cli(str(tmp_path / "in.txt"), "-o", str(tmp_path / "out.csv"), "--no-cache",
                env={"COALITION_DATA_DIR": str(d)})
    assert proc.returncode == 0, proc.stderr
    assert _leftovers(d) == []
    registered = [line.split(",")[0] for line in articles_path(d).read_text().splitlines()[1:]]
    assert registered == (["a", "b"] if victim == "articles.csv" else ["a"])


@pytest.mark.parametrize("victim", ["positions.csv", "articles.csv"])
def test_a_killed_add_leaves_nothing_after_the_app_loads(data_dir, victim):
    """The same real SIGKILL mid-add; the next open is the app's load: nothing is left but the tables."""
    from tests.apptest import run
    from tests.test_store import _add_killed_before_replacing
    tables = {p.name for p in data_dir.iterdir()}
    _add_killed_before_replacing(data_dir, victim)
    assert ".pending-articles.csv" in {p.name for p in data_dir.iterdir()} - tables
    run(view="support")
    assert sorted({p.name for p in data_dir.iterdir()} - tables - {".lock", ".cache"}) == []


def test_a_killed_output_run_leaves_no_temp_after_the_next_run(tmp_path):
    out = tmp_path / "out.csv"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".out.csv.{dead.stdout.strip()}.x1y2.tmp"   # what a killed run's temp file is named
    alive = tmp_path / f".out.csv.{os.getpid()}.x1y2.tmp"          # a running writer's: kept
    stale.write_text("half", encoding="utf-8")
    alive.write_text("half", encoding="utf-8")
    (tmp_path / "in.txt").write_text("Nothing on the topic here.", encoding="utf-8")
    assert _cli(str(tmp_path / "in.txt"), "-o", str(out), "--no-cache").returncode == 0
    assert not stale.exists() and alive.exists() and out.exists()
