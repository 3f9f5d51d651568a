"""The data folder: positions.csv + articles.csv, written atomically under a lock.

Every read-modify-write of the folder happens inside `data_lock(data_dir)`
(an `fcntl.flock` on `data_dir/.lock`, so it works across processes), and
every file is replaced whole with `write_csv_atomic` (temp file in the same
folder, fsync, `os.replace`).  Readers never see a half-written file.

Adding an article replaces two files, positions.csv then articles.csv.  Its
registry entry is first saved in a pending file (.pending-articles.csv); if
the process dies between the two replacements, `load_registry` still shows the
entry and the next locked operation writes it to articles.csv (`_recover`).

(Over 300 lines: the write half, the crash recovery and `load_positions`, the dashboard's lossless
reader, share the lock and the damage checks; the pandas loader is to move to the dashboard.)
"""
from __future__ import annotations

import contextlib
import csv
import errno
import fcntl
import functools
import hashlib
import math
import os
import re
import tempfile
import threading
import time
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

import pandas as pd

from .. import settings
from ..schema import COLUMNS, POSITIONS, Article
from . import journal
from .tables import StoreError, fast_table, read_strict, scan  # noqa: F401 (StoreError is part of this API)

POSITIONS_FILE = "positions.csv"
ARTICLES_FILE = "articles.csv"
LOCK_FILE = ".lock"
PENDING_FILE = ".pending-articles.csv"   # registry entries of an add in progress (see _recover)
ARTICLE_COLUMNS = ["article_id", "title", "outlet", "url", "published", "sha256", "origin", "added_at"]
ORIGINS = ("seed", "cli", "upload", "paste")
MAX_PROBLEMS = 50   # row problems listed one by one; the rest are summarised in one line

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def positions_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / POSITIONS_FILE


def articles_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / ARTICLES_FILE


# ---------------------------------------------------------------------------
# atomic write

def _cell(value: Any) -> str:
    """A CSV cell: None/NaN -> "", everything else str()."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        if value is pd.NA or value is pd.NaT:
            return ""
    except Exception:  # pragma: no cover
        pass
    return str(value)


def write_csv_atomic(path: Path | str, rows: Iterable[dict], columns: list[str]) -> None:
    """Write `rows` (dicts; extra keys dropped, missing keys empty) to `path` whole or not at all.

    The rows are written to a temporary file in the same folder, flushed and
    fsynced, then moved over `path` with `os.replace`.  If anything fails
    (including the `rows` iterator raising) the old file is left untouched and
    the temporary file is removed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_cell(row.get(col)) for col in columns])
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (best effort; not every file system allows it)."""
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


# ---------------------------------------------------------------------------
# lock

_held = threading.local()


@contextlib.contextmanager
def data_lock(data_dir: Path | str, timeout: float | None = None) -> Iterator[None]:
    """Exclusive lock on the data folder (`data_dir/.lock`, fcntl.flock), across processes.

    Re-entrant within a thread.  Waits at most `timeout` seconds
    (default `settings.LOCK_TIMEOUT`; None there means forever), then raises
    TimeoutError.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    key = str(data_dir.resolve())
    depth: dict[str, int] = getattr(_held, "depth", None) or {}
    _held.depth = depth
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return

    wait = settings.LOCK_TIMEOUT if timeout is None else timeout
    fd = os.open(data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait if wait is not None and wait >= 0 else None
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if deadline is not None and time.monotonic() >= deadline:
                    raise TimeoutError(f"{data_dir}: data folder is locked by another process "
                                       f"(waited {wait:g} s)") from None
                time.sleep(delay)
                # short polls: with long ones a process that adds in a loop re-takes the lock
                # before a waiting one looks again, and the waiter starves
                delay = min(delay * 2, 0.01)
        depth[key] = 1
        try:
            _remove_stale_temps(data_dir)
            _recover(data_dir)
            yield
        finally:
            depth[key] = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _remove_stale_temps(data_dir: Path) -> None:
    """Temp files of positions.csv / articles.csv left by a writer that was killed mid-write.

    Called with the lock just taken: every writer of those two files holds the lock, so any
    such temp file seen now belongs to no running writer.  They never hide the data (readers
    only open the real names); this only keeps the folder from filling up.
    """
    for name in (POSITIONS_FILE, ARTICLES_FILE, PENDING_FILE):
        for tmp in data_dir.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()


def tidy(data_dir: Path | str) -> None:
    """Recover or remove what a killed add left behind (temp files, the pending entry).

    Called whenever the folder is opened (the app's load, every command), not only by the next
    add.  Never waits: if another process holds the lock its files are live, and a later open
    tidies up.
    """
    data_dir = Path(data_dir)
    names = (POSITIONS_FILE, ARTICLES_FILE, PENDING_FILE)
    try:
        left = (data_dir / PENDING_FILE).exists() or (data_dir / journal.JOURNAL_FILE).exists() or any(
            next(data_dir.glob(f".{name}.*.tmp"), None) for name in names)
    except OSError:
        return
    if not left:
        return
    with contextlib.suppress(TimeoutError, OSError, StoreError):
        with data_lock(data_dir, timeout=0):
            pass


def check_folder(data_dir: Path | str) -> None:
    """Tidy the folder, then raise StoreError (one line: file, line, problem) unless both
    tables read back losslessly: a batch refuses a damaged folder before extracting anything."""
    tidy(data_dir)
    if journal.read_stamp(Path(data_dir), positions_path(data_dir), articles_path(data_dir)) is None:
        _read_raw(positions_path(data_dir), COLUMNS)   # else as the store left it, checked then
    _read_raw(articles_path(data_dir), ARTICLE_COLUMNS)


# ---------------------------------------------------------------------------
# raw reading (for read-modify-write: keep every row as it is)

def _read_raw(path: Path, columns: list[str]) -> list[dict]:
    """All data rows of a CSV as dicts over `columns`; raises StoreError naming the line of any
    damage, so a read-modify-write never silently overwrites a file it could not read whole.
    A running or torn append is not read (journal.committed)."""
    return read_strict(path, columns, cut=journal.committed)


def load_registry(data_dir: Path | str) -> list[dict]:
    """The article registry (articles.csv) as a list of dicts; [] when there is none.

    Includes the entry of an add killed between its two file replacements
    (its rows are in positions.csv, its entry not yet in articles.csv).
    """
    registry = _read_raw(articles_path(data_dir), ARTICLE_COLUMNS)
    return registry + _unregistered_pending(Path(data_dir), registry)


def _unregistered_pending(data_dir: Path, registry: list[dict]) -> list[dict]:
    """Pending entries whose rows reached positions.csv but which are not in `registry`.

    A pending entry with no rows in positions.csv is an add that died before
    replacing positions.csv: it never happened, so it is not returned.
    """
    pending = _read_raw(data_dir / PENDING_FILE, ARTICLE_COLUMNS)
    known = {entry["article_id"] for entry in registry}
    missing = [entry for entry in pending if entry["article_id"] not in known]
    if not missing:
        return []
    stored = {row["article_id"] for row in _read_raw(positions_path(data_dir), COLUMNS)}
    return [entry for entry in missing if entry["article_id"] in stored]


def _recover(data_dir: Path) -> None:
    """Finish an add killed between its two writes (called with the lock just taken): a torn
    append to positions.csv is cut away first, so its pending entry counts only whole rows."""
    journal.recover(data_dir)
    pending = data_dir / PENDING_FILE
    if not pending.exists():
        return
    try:
        registry = _read_raw(articles_path(data_dir), ARTICLE_COLUMNS)
        found = _unregistered_pending(data_dir, registry)
    except StoreError:
        return   # left for later: the operation that reads the bad file reports it
    if found:
        write_csv_atomic(articles_path(data_dir), registry + found, ARTICLE_COLUMNS)
    with contextlib.suppress(FileNotFoundError):
        pending.unlink()


def text_sha256(text: str) -> str:
    """sha256 of the article text, NFC-normalised and stripped (the dedupe key)."""
    return hashlib.sha256(unicodedata.normalize("NFC", text or "").strip().encode("utf-8")).hexdigest()


def _position_row(row: dict | Any, article_id: str | None = None) -> dict:
    out = {col: _cell(row.get(col)) for col in COLUMNS}
    if article_id is not None:
        out["article_id"] = article_id
    return out


# ---------------------------------------------------------------------------
# read-modify-write operations

def add_article_rows(data_dir: Path | str, article: Article, rows: list[dict], origin: str,
                     replace: bool = False, topics=None) -> str:
    """Register `article` and append its position rows; returns the final article_id or "duplicate".

    Under the data lock: an article whose text hash is already registered is a
    duplicate (nothing changes).  An article_id already used (in the registry
    or in positions.csv) by different content gets the first free `<id>-2`,
    `<id>-3`...; the rows are rewritten to that id.  positions.csv is written
    first, then articles.csv, each atomically; the new entry is saved in the
    pending file before, so a crash in between loses nothing (see `_recover`).

    With `replace`, a known article gets its rows replaced and its registry
    metadata (title, outlet, url, published) refreshed from `article`.

    `topics`: the topic names this extraction covered (default: the topics of `rows`). A known
    article read for a topic it has no rows of yet gets that topic's rows added under its id
    (one article, every topic); with `replace`, only the covered topics' rows are replaced, so
    re-reading an article for topic B keeps its rows of topic A.
    """
    if origin not in ORIGINS:
        raise ValueError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
    data_dir = Path(data_dir)
    sha = text_sha256(article.text)
    with data_lock(data_dir):
        # While both files are as the last locked write left them (the stamp; journal.py), neither
        # is re-checked, and the registry is looked at as bytes: an article whose hash and id are
        # not in it, the usual add, is new. Anything else reads it whole, as before.
        extra = journal.read_stamp(data_dir, positions_path(data_dir), articles_path(data_dir))
        raw = articles_path(data_dir).read_bytes() if extra is not None and articles_path(data_dir).exists() else None
        if raw is not None and sha.encode() not in raw and article.article_id not in extra \
                and b"\n" + _csv_cell(article.article_id) + b"," not in raw:
            registry = None
        else:
            registry = load_registry(data_dir)
        same = [entry for entry in registry if entry["sha256"] == sha] if registry is not None else []
        covered = {str(t) for t in topics} if topics is not None else {_cell(r.get("topic")) for r in rows}
        if same and replace:
            # Re-extracting a known article (the command line after a rule change or a manifest
            # edit): its rows are replaced and its metadata refreshed; its id, origin and added_at
            # are kept, nothing else touched.  A crash between the two writes leaves the new rows
            # with the old metadata (every row still registered); running the command again
            # finishes it.
            entry = same[0]
            kept_id = entry["article_id"]
            # with no topic named and no rows, what was read is unknown: all its rows go, as before
            every = topics is None and not rows
            positions = [row for row in _read_raw(positions_path(data_dir), COLUMNS)
                         if row["article_id"] != kept_id or not every and row["topic"] not in covered]
            write_csv_atomic(positions_path(data_dir), positions + [_position_row(row, kept_id) for row in rows], COLUMNS)
            fresh = _metadata(article)
            if any(entry[key] != value for key, value in fresh.items()):
                entry.update(fresh)   # `entry` is the dict inside `registry`
                write_csv_atomic(articles_path(data_dir), registry, ARTICLE_COLUMNS)
            journal.write_stamp(data_dir, positions_path(data_dir), articles_path(data_dir),
                                {row["article_id"] for row in positions} - {e["article_id"] for e in registry})
            return kept_id
        if same:
            kept_id = same[0]["article_id"]
            old = _read_raw(positions_path(data_dir), COLUMNS)
            stored = {row["topic"] for row in old if row["article_id"] == kept_id}
            fresh = [_position_row(row, kept_id) for row in rows if _cell(row.get("topic")) not in stored]
            if not fresh or "" in stored:   # rows of no named topic (an older store) may be of any
                return "duplicate"
            # the same article read for another topic: that topic's rows join the stored ones
            if not _append(data_dir, positions_path(data_dir), COLUMNS, fresh):
                write_csv_atomic(positions_path(data_dir), old + fresh, COLUMNS)
            journal.write_stamp(data_dir, positions_path(data_dir), articles_path(data_dir),
                                {row["article_id"] for row in old} - {e["article_id"] for e in registry})
            return kept_id
        registered = {entry["article_id"] for entry in registry} if registry is not None else set()
        positions = None
        if extra is None:   # positions.csv re-read, every line checked
            positions = _read_raw(positions_path(data_dir), COLUMNS)
            extra = {row["article_id"] for row in positions} - registered
        taken = registered | extra
        final_id = article.article_id
        n = 2
        while final_id in taken:
            final_id = f"{article.article_id}-{n}"
            n += 1
        new_rows = [_position_row(row, final_id) for row in rows]
        entry = {"article_id": final_id, **_metadata(article), "sha256": sha, "origin": origin,
                 "added_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        # Appended (O(new rows)), in the file's own form (BOM, CRLF); a missing file, or one with an
        # older header, is rewritten whole in the store's form.
        if new_rows:
            write_csv_atomic(data_dir / PENDING_FILE, [entry], ARTICLE_COLUMNS)
            if not _append(data_dir, positions_path(data_dir), COLUMNS, new_rows):
                old = positions if positions is not None else _read_raw(positions_path(data_dir), COLUMNS)
                write_csv_atomic(positions_path(data_dir), old + new_rows, COLUMNS)
        if not _append(data_dir, articles_path(data_dir), ARTICLE_COLUMNS, [entry]):
            registry = registry if registry is not None else load_registry(data_dir)
            write_csv_atomic(articles_path(data_dir), registry + [entry], ARTICLE_COLUMNS)
        (data_dir / PENDING_FILE).unlink(missing_ok=True)
        journal.write_stamp(data_dir, positions_path(data_dir), articles_path(data_dir), extra)
        return final_id


def _csv_cell(value: str) -> bytes:
    """``value`` as csv.writer writes it (quoted when it holds a comma, quote or line break)."""
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value.encode("utf-8")


def _append(data_dir: Path, path: Path, columns: list[str], rows: list[dict]) -> bool:
    """Append rows to a table whose header is exactly the store's, in the file's own form (a
    byte-order mark, CRLF line ends: as a spreadsheet saves it), so not one byte of it changes;
    False, nothing written, for any other file (an older header: rewritten whole). The journal goes
    first, so a kill mid-append is cut away (journal.py)."""
    import io
    bom = "\ufeff".encode()
    header = ",".join(columns).encode()
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(bom) + len(header) + 2)
            fh.seek(-2, os.SEEK_END)
            last = fh.read(2)
    except OSError:
        return False
    head = (head[len(bom):] if head.startswith(bom) else head)[:len(header) + 2]
    end = b"\r\n" if head == header + b"\r\n" else b"\n" if head[:len(header) + 1] == header + b"\n" else None
    if end is None or not last.endswith(end):
        return False
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=end.decode())
    for row in rows:
        writer.writerow([_cell(row.get(col)) for col in columns])
    payload = buf.getvalue().encode("utf-8")
    old = path.stat().st_size
    journal.begin(data_dir, path.name, old, old + len(payload))
    journal.append_bytes(path, payload)
    journal.end(data_dir)
    return True


def _metadata(article: Article) -> dict:
    """The registry fields that come from the article (and the manifest), as CSV cells."""
    return {"title": _cell(article.title), "outlet": _cell(article.outlet), "url": _cell(article.url),
            "published": _cell(article.published)}


def remove_article(data_dir: Path | str, article_id: str) -> int:
    """Drop an article's registry entry and its rows; returns the number of rows removed."""
    data_dir = Path(data_dir)
    with data_lock(data_dir):
        positions = _read_raw(positions_path(data_dir), COLUMNS)
        kept = [row for row in positions if row["article_id"] != article_id]
        removed = len(positions) - len(kept)
        if removed:
            write_csv_atomic(positions_path(data_dir), kept, COLUMNS)
        registry = load_registry(data_dir)
        kept_entries = [entry for entry in registry if entry["article_id"] != article_id]
        if len(kept_entries) != len(registry):
            write_csv_atomic(articles_path(data_dir), kept_entries, ARTICLE_COLUMNS)
        journal.write_stamp(data_dir, positions_path(data_dir), articles_path(data_dir),
                            {row["article_id"] for row in kept} - {e["article_id"] for e in kept_entries})
        return removed


def replace_positions(data_dir: Path | str, rows: Iterable[dict] | pd.DataFrame) -> None:
    """Rewrite positions.csv whole (atomically, under the lock) with `rows` in COLUMNS order."""
    if isinstance(rows, pd.DataFrame):
        rows = rows.to_dict("records")
    data_dir = Path(data_dir)
    with data_lock(data_dir):
        journal.forget_stamp(data_dir)   # the next add checks the new file whole
        write_csv_atomic(positions_path(data_dir), (_position_row(row) for row in rows), COLUMNS)


# ---------------------------------------------------------------------------
# validated reading for the dashboard

def _empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame({col: pd.Series([], dtype=str) for col in COLUMNS})
    frame["confidence"] = pd.Series([], dtype=float)
    return frame


@functools.lru_cache(maxsize=4096)
def _date_problem(value: str) -> str | None:
    """Memoised: a data set has few distinct dates, and strptime was half the load time at 100k rows."""
    if not _ISO_DATE.fullmatch(value):
        return f"date '{value}' is not yyyy-mm-dd"
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return f"date '{value}' is not a real date"
    return None


def _cell_problem(col: str, value: str) -> str | None:
    """What is wrong with a stripped position, date or confidence cell (None: nothing)."""
    if col == "position":
        return None if value in POSITIONS else f"unknown position '{value}'"
    if col == "date":
        return _date_problem(value) if value else None
    try:
        number = float(value)
    except ValueError:
        return f"confidence '{value}' is not a number" if value else "confidence is empty"
    if not (0.0 <= number <= 1.0):   # also rejects nan
        return f"confidence {value} is not between 0 and 1"
    return None


CHECKED = ("position", "date", "confidence")


def _row_problem(row: dict, present: set[str]) -> str | None:
    # without the column (a damaged header, said once for the file) the rows are kept, position empty
    for col in CHECKED:
        if col in present:
            problem = _cell_problem(col, row[col])
            if problem:
                return problem
    return None


def _load_clean(data: bytes) -> pd.DataFrame | None:
    """load_positions of a clean file, column by column in Arrow (a tenth of the time of the
    checked read at 100k rows): None when the file or any row has a problem, which the checked
    read then names by line. The rules are the same (_cell_problem, asked once per distinct
    position, date and confidence cell), and confidence is converted as the checked read does."""
    import pyarrow as pa
    import pyarrow.compute as pc
    cells = fast_table(data, COLUMNS)
    if cells is None:
        return None
    n = len(next(iter(cells.values())))
    if not n:
        return _empty_frame()
    dicts = {}
    for col in CHECKED:   # each distinct cell checked once, stripped as the checked read does
        coded = pc.dictionary_encode(cells[col].combine_chunks())
        values = coded.dictionary.to_pylist()
        dicts[col] = [v.strip().lower() if col == "position" else v.strip() for v in values]
        if any(_cell_problem(col, v) for v in dicts[col]):
            return None
        cells[col] = pa.DictionaryArray.from_arrays(coded.indices, pa.array(dicts[col], pa.large_string()))
    conf = dicts["confidence"]
    number = pd.to_numeric(pd.Series(conf, dtype=str).replace("", None), errors="coerce").astype(float)
    columns = {}
    for col in COLUMNS:
        # one chunk a column (a take from a chunked column copies it whole), one column at a time
        arr = cells.pop(col, None)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if arr is None:
            columns[col] = pd.Series([""] * n, dtype=str)
        elif col == "confidence":
            columns[col] = pd.Series(number.to_numpy()[arr.indices.to_numpy(zero_copy_only=False)])
        else:
            if isinstance(arr, pa.DictionaryArray):
                arr = arr.dictionary.take(arr.indices)
            columns[col] = pd.Series(pd.array(arr, dtype="str"))
    return pd.DataFrame(columns, columns=COLUMNS)


def load_clean(data: bytes) -> pd.DataFrame | None:
    """The rows of a positions table's bytes (a header line, then records) when not one of them
    has a problem, else None: the dashboard reads the rows appended to a file it has already
    loaded this way (it rebuilds from the whole file on None, so problems are named by line)."""
    return _load_clean(data)


def read_committed(path: Path | str) -> bytes:
    """positions.csv's bytes as of the last whole write (without a torn or running append)."""
    path = Path(path)
    return journal.committed(path, path.read_bytes())


def load_positions(path: Path | str, data: bytes | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read positions.csv, keeping good rows and listing the problems.

    Returns (frame with COLUMNS — every column str except float `confidence`,
    problems like "positions.csv line 7: unknown position 'maybe' — row skipped").
    A missing file is an empty frame with no problem; a file that is not a
    CSV positions table is an empty frame with one problem.  A missing column
    is one problem for the whole file and is filled empty (NaN for confidence);
    a missing `position` column too: its rows are kept, with an empty position.
    ``data``: the file's bytes (read_committed) when the caller has read them already (the
    dashboard keeps a hash of what it loaded).
    """
    path = Path(path)
    label = path.name
    try:
        data = read_committed(path) if data is None else data
    except FileNotFoundError:
        return _empty_frame(), []
    except OSError as exc:
        return _empty_frame(), [f"{label}: cannot read the file ({exc.strerror or exc})"]
    if not data or data.isspace():   # not data.strip(): a copy of the whole file
        return _empty_frame(), [f"{label}: file is empty (no header row)"]
    fast = _load_clean(data)
    if fast is not None:
        return fast, []
    table = scan(data, COLUMNS)
    if table.fatal:
        what = " (not a positions table)" if "none of the expected" in table.fatal else ""
        return _empty_frame(), [f"{label} {table.fatal}{what} — nothing loaded"]
    problems: list[str] = []
    n = len(table.records)
    for problem in table.header_problems:
        what = ("filled empty" if problem.startswith("missing") else
                "ignored" if problem.startswith("unknown") else "the first one is used")
        if problem == "missing column 'position'":   # the rows say who said what, just not which position
            what = (f"its {n:,} row(s) are shown without a position (no chart or count by position includes "
                    "them); adding or removing articles is refused until the header is fixed")
        problems.append(f"{label} line 1 (the header): {problem} — {what}")
    present = set(table.header) & set(COLUMNS)
    index = table.index
    skipped = 0
    damage = sorted(table.line_problems)
    # Column by column (a row dict each and a frame built from dicts were most of the time at 100k rows).
    lines, records = zip(*table.records) if n else ((), ())
    cells = list(zip(*records)) or [()] * len(table.header)   # one tuple per header position
    columns = {col: list(cells[index[col]]) if col in index else [""] * n for col in COLUMNS}
    columns["position"] = [v.strip().lower() for v in columns["position"]]
    columns["date"] = [v.strip() for v in columns["date"]]
    columns["confidence"] = [v.strip() for v in columns["confidence"]]
    keep: list[int] = []
    for i, (position, date, confidence) in enumerate(zip(columns["position"], columns["date"],
                                                          columns["confidence"])):
        problem = _row_problem({"position": position, "date": date, "confidence": confidence}, present)
        if problem:
            damage.append((lines[i], problem))
        else:
            keep.append(i)
    for line, problem in sorted(damage):
        skipped += 1
        if skipped <= MAX_PROBLEMS:
            problems.append(f"{label} line {line}: {problem} — row skipped")
    if skipped > MAX_PROBLEMS:
        problems.append(f"{label}: {skipped - MAX_PROBLEMS} more rows skipped")

    if not keep:
        return _empty_frame(), problems
    if len(keep) < n:
        columns = {col: [values[i] for i in keep] for col, values in columns.items()}
    frame = pd.DataFrame(columns, columns=COLUMNS).astype(str)
    frame["confidence"] = pd.to_numeric(frame["confidence"].replace("", None), errors="coerce").astype(float)
    return frame.reset_index(drop=True), problems
