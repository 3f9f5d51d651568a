"""Loading the data folder for the app.

The data folder is read from the environment at call time
(``extract.settings.data_dir()``, read at call time), so tests can point
the app at a temporary copy. Loads are cached keyed by the file's path,
modification time and size, so a regenerated or appended file is picked up on
the next rerun without clearing anything by hand. positions.csv is read through
an Arrow copy of the checked table in ``<data dir>/.cache/dashboard/`` (see
``_load_positions``).
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.filters import (SEARCH_TEXT, Filters, apply_filters, country_positions, current_positions,
                               filter_mask, with_speaker)
from extract.schema import COLUMNS

COALITION_COLUMNS = ["grouping", "country", "joined", "left", "source"]
# The 110m map file leaves Kosovo without an ISO numeric id; give it the code
# data/country_codes.csv uses so it can be coloured.
_MISSING_IDS = {"Kosovo": "383"}


def data_dir() -> Path:
    from extract import settings
    return settings.data_dir()


def _stamp(path: Path) -> tuple[str, float, int]:
    try:
        st_ = path.stat()
        return str(path), st_.st_mtime_ns, st_.st_size
    except OSError:
        return str(path), 0.0, -1


# The columnar cache of positions.csv: the CSV stays the interchange format (the extractor and
# the store write it, people open it), but checking and parsing 100k CSV rows costs seconds.
# The checked table is kept as an uncompressed Arrow IPC file, memory-mapped on read: a restarted
# server opens 1M rows in a fraction of a second (Parquet's decoding took ~7 s at 1M rows under
# load), and the OS keeps the pages, not the server's heap. Bump the version when the cached
# columns change.
#
# An add appends to the CSV (extract.io.store), so the copy follows it the same way: the rows
# appended since the copy was made are read alone and kept in a second file, the tail
# (positions.tail.arrow), beside the base; the next open maps both. What makes it an append is
# checked, not assumed: the CSV's first `covered` bytes (what the copy was made from) still hash to
# the copy's sha256, and the copy had no problem lines. Anything else (an edit by hand, a rewrite
# by a removal, a damaged appended line) rebuilds the copy from the whole CSV, as does a tail grown
# past a quarter of the base (so the two-chunk columns stay the exception and the rebuilds stay
# O(new rows) over time).
CACHE_VERSION = "4"   # 2: rows of a file without its position column are kept; 3: Arrow IPC; 4: + tail
CACHE_NAME = Path(".cache") / "dashboard" / "positions.arrow"   # inside the data folder (git-ignored)
TAIL_NAME = "positions.tail.arrow"
META = b"coalition_cache"
TAIL_MIN = 10_000   # a tail may hold this many rows, or a quarter of the base's if more
VERSION = "coalition_version"   # frame.attrs key: the (path, mtime, size) the loaded table came from


def cache_path(csv_path: Path) -> Path:
    return Path(csv_path).parent / CACHE_NAME


def tail_path(csv_path: Path) -> Path:
    return cache_path(csv_path).with_name(TAIL_NAME)


def _meta(mtime: float, size: int, covered: int, sha256: str, problems: list[str], base: str | None) -> dict:
    """What a cache file says it holds: the CSV's stamp (mtime, size), the bytes it was read from
    (the first ``covered``, and their sha256), the problem lines, and for a tail its base's sha256."""
    return {"version": CACHE_VERSION, "columns": COLUMNS, "mtime_ns": mtime, "size": size, "covered": covered,
            "sha256": sha256, "problems": problems, "base": base}


def _open_arrow(path: Path):
    """(table, meta) of a cache file, memory-mapped; None when absent, torn or of another version."""
    import pyarrow as pa
    try:
        reader = pa.ipc.open_file(pa.memory_map(str(path)))
        meta = json.loads((reader.schema.metadata or {})[META])
        if meta.get("version") != CACHE_VERSION or meta.get("columns") != COLUMNS:
            return None
        return reader.read_all(), meta
    except (OSError, ValueError, KeyError, pa.ArrowInvalid):   # absent, half-written by a crash, another version
        return None


def _open_cache(csv_path: Path):
    """(tables, meta): the base and, when it extends that very base, the tail; meta is the newest
    file's (what the pair covers). None without a base."""
    base = _open_arrow(cache_path(csv_path))
    if base is None:
        return None
    tail = _open_arrow(tail_path(csv_path))
    if tail is not None and tail[1].get("base") == base[1]["sha256"]:
        return [base[0], tail[0]], tail[1]
    return [base[0]], base[1]


def _frame(tables) -> pd.DataFrame:
    """The cached tables as one frame; columns stay the mapped Arrow buffers (a tail adds a chunk)."""
    import pyarrow as pa
    return (tables[0] if len(tables) == 1 else pa.concat_tables(tables)).to_pandas()


def _read_cache(csv_path: Path, mtime: float, size: int) -> tuple[pd.DataFrame, list[str]] | None:
    """The cached table when it was made from the CSV as it is now (its stamp)."""
    opened = _open_cache(csv_path)
    if opened is None or (opened[1]["mtime_ns"], opened[1]["size"]) != (mtime, size):
        return None
    return _frame(opened[0]), opened[1]["problems"]


def _write_arrow(path: Path, frame: pd.DataFrame | None, meta: dict, table=None) -> bool:
    """Temp file then rename, so a reader never sees half a file (one that has it mapped keeps the
    old one); False when the folder is read-only (the table then goes uncached)."""
    import os
    import pyarrow as pa
    if table is None:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.combine_chunks()   # one chunk a column (a take from a chunked column copies it whole)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), META: json.dumps(meta).encode()})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        os.replace(tmp, path)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False


HASH_CHUNK = 1 << 23


def _appended(csv_path: Path, mtime: float, size: int) -> tuple[pd.DataFrame, list[str]] | None:
    """The cached table with the rows appended to the CSV since, read alone and saved as the new
    tail; None (rebuild from the whole file) unless the CSV is the cached one plus whole new lines."""
    import hashlib
    import pyarrow as pa
    from extract.io import journal
    from extract.io.store import load_clean
    opened = _open_cache(csv_path)
    if opened is None:
        return None
    tables, meta = opened
    covered, rows = meta["covered"], [t.num_rows for t in tables]
    if meta["problems"] or not rows[0] or size <= covered:
        return None
    end = journal.committed_size(csv_path, size)
    if end == covered:   # all that grew is an append still running (or torn): not read, as by the store
        return _frame(tables), meta["problems"]
    if end < covered:
        return None
    digest = hashlib.sha256()
    try:
        with open(csv_path, "rb") as fh:
            header = fh.readline()
            fh.seek(0)
            left = covered
            while left > 0:   # the cached bytes, hashed from the page cache without holding them
                chunk = fh.read(min(HASH_CHUNK, left))
                if not chunk:
                    return None
                digest.update(chunk)
                left -= len(chunk)
                last = chunk[-1:]
            if digest.hexdigest() != meta["sha256"] or last != b"\n":
                return None   # not an append to what was cached (or the cached part ended mid-line)
            new = fh.read(end - covered)
    except OSError:
        return None
    frame = load_clean(header + new) if len(new) == end - covered else None
    if frame is None or not len(frame):
        return None   # a problem in the new lines: the whole-file read names them by line
    if sum(rows[1:]) + len(frame) > max(TAIL_MIN, rows[0] // 4):
        return None   # the tail would outgrow the base: made into one again
    digest.update(new)
    added = pa.Table.from_pandas(prepare(frame), preserve_index=False).cast(tables[0].schema)
    tail = added if len(tables) == 1 else pa.concat_tables([tables[1], added])
    base_sha = meta["base"] or meta["sha256"]   # a base's own meta has no "base"
    if not _write_arrow(tail_path(csv_path), None, _meta(mtime, size, end, digest.hexdigest(), [], base_sha),
                        table=tail):
        return None
    return _read_cache(csv_path, mtime, size)


def _rebuild(path: Path, mtime: float, size: int) -> tuple[pd.DataFrame, list[str], bool]:
    """(prepared table, problems, whether it is cached on disk now) from the whole CSV."""
    import hashlib
    from extract.io.store import load_positions, read_committed
    try:
        raw = read_committed(path)
    except OSError:
        raw = None   # load_positions says what is wrong
    # hashed beside the parse: hashlib lets go of the GIL, and the parse leaves a core idle at times
    digest: list[str] = []
    hasher = threading.Thread(target=lambda: digest.append(hashlib.sha256(raw).hexdigest()), daemon=True)
    if raw is not None:
        hasher.start()
    try:
        frame, problems = load_positions(path, raw)
    except Exception as exc:  # a reader bug must not take the app down
        return prepare(_empty()), [f"positions.csv could not be read: {type(exc).__name__}: {exc}"], False
    frame = prepare(frame)
    if raw is None or size < 0:
        return frame, problems, False
    hasher.join()
    meta = _meta(mtime, size, len(raw), digest[0], problems, None)
    del raw
    written = _write_arrow(cache_path(path), frame, meta)
    if written:   # the old tail extends the old base (its "base" no longer matches): gone
        with contextlib.suppress(OSError):
            tail_path(path).unlink()
    return frame, problems, written


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """The loaded table plus what every rerun would otherwise recompute: ``speaker`` and the
    search text (filters.SEARCH_TEXT). Built once per version of the file."""
    from dashboard.filters import search_text, with_speaker
    frame = with_speaker(frame)
    frame[SEARCH_TEXT] = search_text(frame)
    return frame


# cache_resource, not cache_data: cache_data hands every rerun its own unpickled copy, which at
# 100k rows cost more than the rest of the rerun. The frame is shared, so nothing may modify it
# in place (pandas' copy-on-write keeps derived frames from writing through).
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_positions(path: str, mtime: float, size: int) -> tuple[pd.DataFrame, list[str]]:
    csv_path = Path(path)
    cached = _read_cache(csv_path, mtime, size) if size >= 0 else None
    if cached is None and size >= 0:
        cached = _appended(csv_path, mtime, size)
    if cached is None:
        frame, problems, written = _rebuild(csv_path, mtime, size)
        # the table as a restarted server reads it: mapped (the pages are the OS's, not a second
        # copy on the heap) and one chunk a column (a take from a chunked column copied it whole)
        again = _read_cache(csv_path, mtime, size) if written else None
        cached = again if again is not None and len(again[0]) == len(frame) else (frame, problems)
    _share(cached[0], (path, mtime, size))
    return cached


# The shared tables (the loaded one, and it with the corrections): version -> weak reference.
# Only such a table itself is keyed by its version: a frame derived from it carries the same attrs
# but other rows.
_SHARED: dict = {}


def _share(frame: pd.DataFrame, version) -> pd.DataFrame:
    import weakref
    frame.attrs[VERSION] = version
    _SHARED[version] = weakref.ref(frame)
    return frame


def version_of(df: pd.DataFrame):
    """The version key of a shared table (None for any other frame): what per-version caches use."""
    version = df.attrs.get(VERSION)
    ref = _SHARED.get(version) if version is not None else None
    return version if ref is not None and ref() is df else None


def filter_key(f: Filters) -> tuple:
    """The sidebar filters that decide which rows every view stands on (not position, not as-of)."""
    return (tuple(f.countries), tuple(f.leaders), tuple(f.sources), tuple(f.topics), f.date_from, f.date_to)


def summary(df: pd.DataFrame, f: Filters, as_of: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every speaker's current position, every country's) over the rows after the sidebar filters
    of the loaded table ``df``: the same as apply_filters(positions=False) -> current_positions ->
    country_positions, kept per filter and as-of date, so a rerun that changes neither (a tab,
    a search, a chart click, the next visitor) does not recompute them. The rows themselves are not
    taken (base_rows takes them when a view needs them): a filter keeping most of 1M rows copied
    hundreds of MB, and sixteen such copies were kept."""
    version, key = version_of(df), filter_key(f)
    if version is None:
        return _summarise(df, key, as_of)
    return _cached_summary(version, key, as_of, df)


def _filters(key: tuple) -> Filters:
    countries, leaders, sources, topics, date_from, date_to = key
    return Filters(countries=list(countries), leaders=list(leaders), sources=list(sources), topics=list(topics),
                   date_from=date_from, date_to=date_to)


def _where(df: pd.DataFrame, key: tuple) -> np.ndarray | None:
    """The rows apply_filters(positions=False) keeps, as a mask (1 byte a row); None: every row."""
    version = version_of(df)
    if version is not None:
        return _cached_where(version, key, df)
    mask = filter_mask(with_speaker(df), _filters(key), positions=False).to_numpy()
    return None if mask.all() else mask


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_where(version: tuple, key: tuple, _df: pd.DataFrame) -> np.ndarray | None:
    mask = filter_mask(_df, _filters(key), positions=False).to_numpy()
    return None if mask.all() else mask


def _summarise(df: pd.DataFrame, key: tuple, as_of: dt.date):
    rows = df.drop(columns=[SEARCH_TEXT], errors="ignore")   # a new frame, no copy
    current = current_positions(rows, as_of, where=_where(df, key))
    return current, country_positions(current)


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_summary(version: tuple, key: tuple, as_of: dt.date, _df: pd.DataFrame):
    return _summarise(_df, key, as_of)


def base_rows(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """apply_filters(df, f, positions=False): the rows after the sidebar filters, for the views that
    list or chart rows (timeline, what changed, a chart click, the briefing). Kept for the last two
    filters only: each can be most of the table."""
    version = version_of(df)
    if version is None:
        return apply_filters(df, f, positions=False)
    return _cached_rows(version, filter_key(f), df)


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_rows(version: tuple, key: tuple, _df: pd.DataFrame) -> pd.DataFrame:
    mask = _where(_df, key)
    rows = _df.drop(columns=[SEARCH_TEXT], errors="ignore")
    return rows if mask is None else rows[mask]


def quotes_found(df: pd.DataFrame, f: Filters, key: tuple | None) -> pd.DataFrame:
    """The quote explorer's rows: apply_filters(df, f, positions, search, as_of), kept per view key
    (view_key), as-of and search text, so the reruns of one search (a page of cards, a chart click)
    do not search again; ``key`` None keeps nothing."""
    if key is None:
        return apply_filters(df, f, positions=True, search=True, as_of=True)
    return _cached_quotes(key, f.as_of, f.search.strip(), f, df)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_quotes(key: tuple, as_of, search: str, _f: Filters, _df: pd.DataFrame) -> pd.DataFrame:
    return apply_filters(_df, _f, positions=True, search=True, as_of=True)


def view_key(df: pd.DataFrame, f: Filters, as_of: dt.date) -> tuple | None:
    """What every chart of a view stands on: the table's version, the filters (position included)
    and the as-of date; None for a frame that is not a shared table (nothing is then kept)."""
    version = version_of(df)
    return None if version is None else (version, filter_key(f), tuple(f.positions), as_of)


def freshness(df: pd.DataFrame, f: Filters, as_of: dt.date) -> str:
    """export.freshness of the rows after the sidebar filters (base_rows) as of ``as_of``, kept per
    filter; it reads four columns, so only those are taken."""
    version = version_of(df)
    if version is None:
        return _freshness(df, filter_key(f), as_of)
    return _cached_freshness(version, filter_key(f), as_of, df)


FRESHNESS_COLUMNS = ("article_id", "date", "source", "url")   # what export.freshness reads


def _freshness(df: pd.DataFrame, key: tuple, as_of: dt.date) -> str:
    from dashboard.export import freshness as line
    mask = _where(df, key)
    rows = df[[c for c in FRESHNESS_COLUMNS if c in df]]
    return line(rows if mask is None else rows[mask], as_of.isoformat())


@st.cache_resource(show_spinner=False, max_entries=16)
def _cached_freshness(version: tuple, key: tuple, as_of: dt.date, _df: pd.DataFrame) -> str:
    return _freshness(_df, key, as_of)


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=str) for c in COLUMNS})
    frame["confidence"] = pd.Series([], dtype=float)
    return frame


# Work done in the background so that no visitor waits for it: the search index of each newly
# loaded table, the chart renderer's start, the briefing's pictures. On two cores it still takes a
# core from whatever runs beside it, so it runs only when no script run has started for IDLE
# seconds and nothing holds it (hold_background). vl-convert keeps the GIL for the whole of a
# drawing (seconds a chart under load), and while it does the server's event loop is frozen for
# every session: a file picked in the uploader then sends its upload-URL request during the freeze,
# the request is answered just before the rerun the page had asked for starts, and streamlit clears
# the outgoing queue at that start, answer included; the uploader waits for it for ever.
IDLE = 3.0
_last_run = [time.monotonic()]
_held_until = [0.0]
HOLD = 30.0   # seconds the background stays put after the upload view or an extraction was last seen
_tasks: list = []
_worker: list[threading.Thread] = []
_worker_lock = threading.Lock()
_queued: set = set()


def in_background(key, task, *args) -> bool:
    """Run ``task(*args)`` in the app's background thread when the app is idle, once per ``key``;
    only under ``streamlit run`` (which imports streamlit.web.bootstrap: AppTest runs inside test
    processes that switch data folders, and the model's leader patterns come from the folder)."""
    if "streamlit.web.bootstrap" not in sys.modules:
        return False
    with _worker_lock:
        if key in _queued:
            return False
        _queued.add(key)
        _tasks.append((task, args))
        if not _worker:
            _worker.append(threading.Thread(target=_work, name="coalition-background", daemon=True))
            _worker[0].start()
    return True


def hold_background(seconds: float = HOLD) -> None:
    """Keep the background work from starting anything for ``seconds`` from now: the upload view
    calls it on every run (a file may be picked at any moment), the extraction's progress every
    second (the worker process wants the cores)."""
    _held_until[0] = max(_held_until[0], time.monotonic() + seconds)


def mark_run() -> None:
    """A script run is under way (or has just ended): the background starts nothing for IDLE seconds."""
    _last_run[0] = time.monotonic()


def busy() -> bool:
    """True while a script run started less than IDLE seconds ago or the background is held."""
    now = time.monotonic()
    return now - _last_run[0] < IDLE or now < _held_until[0]


def wait_idle() -> None:
    """Block the calling (background) thread until busy() is False; between the pieces of a long task."""
    while busy():
        time.sleep(0.25)


def _work() -> None:
    _lower_priority()
    while True:
        wait_idle()
        with _worker_lock:
            if not _tasks:
                _worker.clear()
                return
            task, args = _tasks.pop(0)
        try:
            task(*args)
        except Exception:  # noqa: BLE001 - background work only saves time; without it all still works
            pass


def _lower_priority() -> None:
    """This thread below the server's other threads (Linux: a thread's own niceness), so that on busy
    cores the script runs of visitors get the CPU before the background's pandas work."""
    import os
    from dashboard.drawing import NICE
    with contextlib.suppress(AttributeError, OSError):
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + NICE)


def start_worker() -> None:
    """Start the server's extraction worker (dashboard/worker.py) now, so its model is loaded before the
    first upload; only under ``streamlit run`` (AppTest's test processes switch data folders)."""
    if "streamlit.web.bootstrap" in sys.modules:
        from dashboard import worker
        worker.shared(str(data_dir()))


def load_positions() -> tuple[pd.DataFrame, list[str]]:
    """(positions, problems) from ``<data dir>/positions.csv``; never raises.

    Opening the folder first tidies what a killed add left there (extract.io.store.tidy). A newly
    loaded table gets its search index in load_table; the server's extraction worker starts when
    the app is next idle."""
    from extract.io.store import tidy
    mark_run()
    tidy(data_dir())
    loaded = _load_positions(*_stamp(data_dir() / "positions.csv"))
    mark_run()    # a first read of a big CSV can take seconds: idle from here
    # once the first page is drawn: the model's load is seconds of a core on a 2-core machine; an
    # upload before then starts the worker itself (worker.Job)
    in_background("worker", start_worker)
    return loaded


def load_table() -> tuple[pd.DataFrame, list[str]]:
    """(positions with the reviewers' corrections, problems): what every view reads. One shared
    frame per version of positions.csv and corrections.csv (nothing may modify it in place), so the
    per-version caches (summary, options, search index) hit on every rerun."""
    from dashboard.filters import build_index
    df, problems = load_positions()
    table = _corrected(df.attrs.get(VERSION), _stamp(data_dir() / "corrections.csv"), df)
    # until the index is there a search scans the text, with the same result
    in_background(("index", table.attrs.get(VERSION), id(table)), build_index, table)
    return table, problems


@st.cache_resource(show_spinner=False, max_entries=4)
def _corrected(version, corrections_stamp, _df: pd.DataFrame) -> pd.DataFrame:
    from dashboard.views.common import with_corrections
    table = with_corrections(_df, load_corrections(_df))
    if version is None:     # not a shared table (a reader bug's empty frame): nothing to key on
        return table
    return _share(table, (version, corrections_stamp))


def options(df: pd.DataFrame) -> dict:
    """The sidebar's choices (sorted distinct countries, speakers, sources, topics, without "") and
    the newest statement date ("newest", ISO or None), the topics in topics_in's order
    ("ranked_topics"), once per version of a shared table."""
    version = version_of(df)
    return _options(version, df) if version is not None else _compute_options(df)


def _compute_options(df: pd.DataFrame) -> dict:
    from dashboard.export import newest_date
    from dashboard.topics import rank_topics
    return {col: sorted(set(df[col].unique()) - {""}) if col in df else []
            for col in ("country", "speaker", "source", "topic")} | {"newest": newest_date(df),
                                                                     "ranked_topics": rank_topics(df)}


@st.cache_resource(show_spinner=False, max_entries=8)
def _options(version, _df: pd.DataFrame) -> dict:
    return _compute_options(_df)


@st.cache_data(show_spinner=False, max_entries=8)
def _load_table(path: str, mtime: float, size: int, columns: tuple[str, ...]) -> tuple[pd.DataFrame | None, list[str]]:
    p = Path(path)
    if size < 0:
        return None, []
    try:
        text = p.read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return None, [f"{p.name}: could not be read ({exc})"]
    df = pd.DataFrame(rows, columns=list(columns)) if rows else pd.DataFrame(columns=list(columns))
    missing = [c for c in columns if rows and c not in rows[0]]
    problems = [f"{p.name}: missing column '{c}'" for c in missing]
    return df.fillna("").astype(str), problems


def load_coalitions() -> tuple[pd.DataFrame | None, list[str]]:
    """``data/coalitions.csv`` (grouping,country,joined,left,source) or None if absent."""
    return _load_table(*_stamp(data_dir() / "coalitions.csv"), tuple(COALITION_COLUMNS))


def load_corrections(positions: pd.DataFrame | None = None) -> pd.DataFrame:
    """``data/corrections.csv`` (written by the review step), keyed by article, holder and quote
    hash (dashboard/corrections.py; a file in the old quote-keyed form is migrated in memory
    against ``positions``): an empty frame if absent or unreadable."""
    from dashboard import corrections
    try:
        return corrections.read(data_dir() / corrections.FILE, positions)
    except (OSError, UnicodeDecodeError, csv.Error):
        return pd.DataFrame(columns=corrections.COLUMNS)


def load_registry() -> pd.DataFrame:
    """The article registry as the store reads it (``data/articles.csv`` plus an add that was
    interrupted before its entry was written); an empty frame if absent or unreadable."""
    from extract.io.store import PENDING_FILE
    return _load_registry(str(data_dir()), _stamp(data_dir() / "articles.csv"), _stamp(data_dir() / PENDING_FILE))


@st.cache_data(show_spinner=False, max_entries=8)
def _load_registry(folder: str, *stamps) -> pd.DataFrame:   # stamps: the cache key, so a changed file reloads
    from extract.io.store import ARTICLE_COLUMNS, StoreError, load_registry as read
    try:
        rows, problem = read(folder), None
    except StoreError as exc:
        rows, problem = [], str(exc)
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS).fillna("").astype(str)
    frame.attrs["problem"] = problem   # shown with the load problems: a damaged registry is not hidden
    return frame


def load_country_codes() -> pd.DataFrame:
    df, _ = _load_table(*_stamp(data_dir() / "country_codes.csv"), ("country", "iso_numeric"))
    if df is None or df.empty:
        # Fall back to the copy shipped next to the code.
        from extract import settings
        df, _ = _load_table(*_stamp(Path(settings.ROOT) / "data" / "country_codes.csv"),
                            ("country", "iso_numeric"))
    df = df if df is not None else pd.DataFrame(columns=["country", "iso_numeric"])
    return with_map_points(df)


def with_map_points(codes: pd.DataFrame) -> pd.DataFrame:
    """The codes with each country's symbol point (lon, lat) from data/map_points.csv
    (dashboard/map_points.py makes it), so the map can draw its second channel."""
    from extract import settings
    for folder in (data_dir(), Path(settings.ROOT) / "data"):
        p = folder / "map_points.csv"
        if p.exists():
            pts, _ = _load_table(*_stamp(p), ("iso_numeric", "name", "lon", "lat"))
            if pts is not None and not pts.empty:
                keyed = pts.drop_duplicates("iso_numeric").set_index("iso_numeric")
                iso = codes["iso_numeric"].astype(str).str.zfill(3)
                return codes.assign(lon=pd.to_numeric(iso.map(keyed["lon"]), errors="coerce"),
                                    lat=pd.to_numeric(iso.map(keyed["lat"]), errors="coerce"))
    return codes


@st.cache_resource(show_spinner=False)
def _load_topo(path: str, mtime: float) -> dict | None:
    try:
        topo = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for geom in topo.get("objects", {}).get("countries", {}).get("geometries", []):
        name = (geom.get("properties") or {}).get("name")
        if geom.get("id") is None and name in _MISSING_IDS:
            geom["id"] = _MISSING_IDS[name]
    return topo


def load_topo() -> dict | None:
    """The world-atlas countries-110m TopoJSON shipped in data/ (None if missing)."""
    for folder in (data_dir(), Path(__file__).resolve().parent.parent / "data"):
        p = folder / "countries-110m.json"
        if p.exists():
            return _load_topo(str(p), p.stat().st_mtime)
    return None


def clear_caches() -> None:
    """After the data changed from inside the app (add / remove an article)."""
    _load_positions.clear()
    _corrected.clear()
    _options.clear()
    _cached_summary.clear()
    _cached_where.clear()
    _cached_rows.clear()
    _cached_freshness.clear()
    _cached_quotes.clear()
    _load_table.clear()
