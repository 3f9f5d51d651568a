"""Appending to positions.csv in O(new rows), with the store's guarantees kept.

An add used to read, check and rewrite the whole of positions.csv (seconds, and hundreds of MB
written, at a million rows). Now it appends the new rows, and two small records keep it safe:

- the **journal** (`.append-journal.json`, written atomically before the append): the file's size
  before and after it. A reader that finds it cuts the file to the size before unless the append
  is whole, so no reader sees half an append; the next locked operation (`recover`) truncates a
  torn append away, or keeps a whole one, and removes the journal.
- the **stamp** (kept in the lock file, `.lock`, so the folder holds no new file): the size and
  modification time of positions.csv and articles.csv as the last locked writer left them, and the
  article ids in positions.csv that the registry does not hold. While both files still match it,
  the next add needs neither to re-check positions.csv for damage nor to read its ids; any other
  change (an edit by hand, a file copied in) fails the match, and the whole file is checked again,
  as before.
"""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

JOURNAL_FILE = ".append-journal.json"
LOCK_FILE = ".lock"


def _stat(path: Path) -> list[int]:
    try:
        s = path.stat()
        return [s.st_size, s.st_mtime_ns]
    except FileNotFoundError:
        return [-1, 0]


# ---------------------------------------------------------------- the journal

def begin(data_dir: Path, name: str, old_size: int, new_size: int) -> None:
    """Record an append to ``name`` (temp file, fsync, rename) before any byte of it is written."""
    path = Path(data_dir) / JOURNAL_FILE
    tmp = path.with_name(f"{JOURNAL_FILE}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"file": name, "old": old_size, "new": new_size}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def end(data_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (Path(data_dir) / JOURNAL_FILE).unlink()


def _entry(data_dir: Path) -> dict | None:
    try:
        entry = json.loads((Path(data_dir) / JOURNAL_FILE).read_text(encoding="utf-8"))
        return entry if isinstance(entry, dict) and {"file", "old", "new"} <= set(entry) else None
    except (OSError, ValueError):
        return None


def committed(path: Path, data: bytes) -> bytes:
    """``data`` (the bytes of ``path``) as of the last whole write: without a torn or running append."""
    path = Path(path)
    entry = _entry(path.parent)
    if entry is None or entry["file"] != path.name or len(data) == entry["new"]:
        return data
    return data[:entry["old"]]


def committed_size(path: Path, size: int) -> int:
    """The length ``committed`` would keep of ``path``'s first ``size`` bytes."""
    path = Path(path)
    entry = _entry(path.parent)
    if entry is None or entry["file"] != path.name or size == entry["new"]:
        return size
    return min(size, entry["old"])


def recover(data_dir: Path) -> None:
    """With the lock just taken: truncate a torn append away (a whole one stays), drop the journal."""
    entry = _entry(data_dir)
    if entry is not None:
        path = Path(data_dir) / entry["file"]
        size = _stat(path)[0]
        if size != entry["new"] and size > entry["old"] >= 0:
            with open(path, "r+b") as fh:
                fh.truncate(entry["old"])
                fh.flush()
                os.fsync(fh.fileno())
    end(data_dir)
    for tmp in Path(data_dir).glob(f"{JOURNAL_FILE}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def append_bytes(path: Path, payload: bytes, chunk: int = 1 << 20) -> None:
    """Append ``payload`` to ``path`` and fsync (in 1 MiB pieces: a kill can land in between)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        view = memoryview(payload)
        for start in range(0, len(view), chunk):
            os.write(fd, view[start:start + chunk])
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- the stamp

def read_stamp(data_dir: Path, positions: Path, articles: Path) -> set[str] | None:
    """The unregistered article ids of positions.csv if both files are as the last writer left
    them (checked then: whole, readable, with the canonical header), else None."""
    try:
        stamp = json.loads((Path(data_dir) / LOCK_FILE).read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("positions") != _stat(positions) \
            or stamp.get("articles") != _stat(articles) or not isinstance(stamp.get("extra_ids"), list):
        return None
    return set(stamp["extra_ids"])


def write_stamp(data_dir: Path, positions: Path, articles: Path, extra_ids: set[str]) -> None:
    """Called under the lock after a write that left both files checked (written by the store)."""
    body = json.dumps({"positions": _stat(positions), "articles": _stat(articles),
                       "extra_ids": sorted(extra_ids)}).encode()
    fd = os.open(Path(data_dir) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:   # a torn stamp is no stamp (it fails to parse): the next add checks the files again
        os.ftruncate(fd, 0)
        os.pwrite(fd, body, 0)
    finally:
        os.close(fd)


def forget_stamp(data_dir: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(Path(data_dir) / LOCK_FILE, os.O_RDWR)
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)
