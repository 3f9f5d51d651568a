"""Reading a data-folder CSV table with every damage found and named by line.

Two uses share one scanner (`scan`):

- a read-modify-write (the store adding or removing an article) must keep every
  byte of data it read, so it calls `read_strict`, which raises `StoreError` on
  the first damage: bad bytes, an unknown, missing or duplicate column, a line
  with the wrong number of fields, broken quoting, a truncated last line;
- the dashboard calls `scan` itself and shows the good records plus one
  problem per damaged line.

A BOM and CRLF line ends are not damage: the cells read back exactly.
"""
from __future__ import annotations

import contextlib
import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..schema import OPTIONAL_COLUMNS

# A quote cell can be a whole long sentence; the csv module's default limit (128 KiB) would
# make a file we wrote unreadable.  The file-size limit bounds it instead.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

# Cells that may legitimately hold a line break.  A line break anywhere else is a sign of a
# stray quote that swallowed the following lines into one cell.
NUL = b"\x00"
MULTILINE = frozenset({"quote", "title", "mention"})


class StoreError(Exception):
    """A data file that cannot be read back losslessly (it is never overwritten)."""


@dataclass
class Table:
    header: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)     # column -> position of its first occurrence
    records: list[tuple[int, list[str]]] = field(default_factory=list)   # (first line, cells) of good records
    header_problems: list[str] = field(default_factory=list)  # unknown / missing / duplicate columns
    line_problems: list[tuple[int, str]] = field(default_factory=list)   # (line, problem) of skipped records
    fatal: str | None = None        # nothing usable: unreadable, binary header, no known column


def _bad_bytes(line: bytes) -> str | None:
    if b"\x00" in line:
        return f"NUL byte at column {line.index(NUL) + 1}"
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start + 1})"
    return None


def scan(data: bytes, columns: list[str]) -> Table:
    """Every record of a CSV file's bytes, checked against the expected `columns`."""
    table = Table()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        return table
    lines = data.split(b"\n")
    bad = {}
    # A line is bad for a NUL byte or invalid UTF-8; "\n" never falls inside a UTF-8 sequence,
    # so a whole file that is clean has no bad line, and the line-by-line look (seconds at 100k
    # lines) is only needed when it is not.
    text = None
    if NUL not in data:
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode("utf-8")
    for n, raw in (enumerate(lines, 1) if text is None else ()):
        problem = _bad_bytes(raw)
        if problem:
            bad[n] = problem
    if 1 in bad:
        table.fatal = f"line 1 (the header): {bad[1]}"
        return table
    if bad:   # decode what can be decoded; the records touching a bad line are skipped below
        text = "\n".join(raw.replace(b"\x00", b"").decode("utf-8", "replace") for raw in lines)
    elif text is None:
        text = data.decode("utf-8")

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        table.fatal = f"line 1 (the header): not valid CSV ({exc})"
        return table
    expected = set(columns)
    if not set(header) & expected:
        table.fatal = "line 1 (the header): none of the expected columns"
        return table
    table.header = header
    table.index = {name: i for i, name in reversed(list(enumerate(header)))}
    seen: set[str] = set()
    for i, name in enumerate(header, 1):
        if name in seen:
            table.header_problems.append(f"duplicate column '{name}' (column {i})")
        elif name not in expected:
            table.header_problems.append(f"unknown column '{name}' (column {i})")
        seen.add(name)
    # a column added since a table was written (OPTIONAL_COLUMNS) is filled empty, not damage
    table.header_problems += [f"missing column '{col}'" for col in columns
                              if col not in seen and col not in OPTIONAL_COLUMNS]

    line_ends = not text.endswith(("\n", "\r"))
    start = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            end = reader.line_num
            span = f"lines {start}-{end}" if end > start else f"line {start}"
            reason = ("a quote opened here is never closed" if "end of data" in str(exc)
                      else f"broken quoting, a stray '\"'? ({exc})")
            table.line_problems.append((start, f"{reason} ({span})" if end > start else reason))
            start = end + 1
            continue
        line, start = start, reader.line_num + 1
        if not record or not any(cell.strip() for cell in record):
            continue
        damaged = [bad[n] for n in range(line, start) if n in bad] if bad else None
        if damaged:
            table.line_problems.append((line, damaged[0]))
        elif len(record) != len(header):
            table.line_problems.append((line, f"has {len(record)} fields, expected {len(header)}"))
        # a cell holding a line break makes its record span lines: only then look for one
        elif start - line > 1 and any(("\n" in cell or "\r" in cell) and name not in MULTILINE
                                      for name, cell in zip(header, record)):
            name = next(name for name, cell in zip(header, record)
                        if ("\n" in cell or "\r" in cell) and name not in MULTILINE)
            table.line_problems.append(
                (line, f"column '{name}' runs over lines {line}-{start - 1} (a stray '\"'?)"))
        elif line_ends and start > len(lines):
            table.line_problems.append((line, "the last line has no line end (a truncated file?)"))
        else:
            table.records.append((line, record))
    return table


def read_strict(path: Path | str, columns: list[str], cut=None) -> list[dict]:
    """All data rows of `path` as dicts over `columns`; [] when the file is missing or empty.
    ``cut(path, data) -> data`` trims what an unfinished write appended (extract.io.journal).

    Raises StoreError naming the file, the line and the problem at the first damage, so a
    read-modify-write never rewrites a file it could not read whole.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if cut is not None:
        data = cut(path, data)
    table = scan(data, columns)
    advice = "the folder was not changed; fix or remove the file first"
    if table.fatal:
        raise StoreError(f"{path}: {table.fatal}; {advice}")
    if table.header_problems:
        more = f" (and {len(table.header_problems) - 1} more)" if len(table.header_problems) > 1 else ""
        raise StoreError(f"{path}: line 1 (the header): {table.header_problems[0]}{more}; {advice}")
    if table.line_problems:
        line, problem = table.line_problems[0]
        more = f" (and {len(table.line_problems) - 1} more damaged lines)" if len(table.line_problems) > 1 else ""
        raise StoreError(f"{path}: line {line}: {problem}{more}; {advice}")
    index = table.index
    return [{col: record[index[col]] if col in index else "" for col in columns} for _, record in table.records]


# ---------------------------------------------------------------------------
# the fast path for a clean table

_FIELD_ENDS = np.frombuffer(b',\n\r', dtype=np.uint8)


def _positions_of(raw: np.ndarray, byte: int, step: int = 1 << 20) -> np.ndarray:
    """np.flatnonzero(raw == byte), a piece at a time: the whole file's boolean array (hundreds of
    MB at 1M rows) cost eight times the scan itself."""
    parts = [np.flatnonzero(raw[i:i + step] == byte) + i for i in range(0, len(raw), step)]
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.intp)


def _quoting_is_plain(raw: np.ndarray) -> bool:
    """Every '"' in the file opens a field, closes it (then a ',' or a line end follows), or is one
    of a doubled pair inside a quoted field: the only quoting csv.writer makes, and the only one
    that Arrow's parser and the csv module read alike (they differ on a stray quote, which then
    takes the checked path). Vectorised: the in-quotes state before each run of quotes is the
    parity of the quotes before it."""
    q = _positions_of(raw, 34)
    if not len(q):
        return True
    if len(q) % 2:                   # a quote left open
        return False
    first = np.r_[True, np.diff(q) != 1]
    starts = np.flatnonzero(first)                   # index into q of each run's first quote
    lengths = np.diff(np.r_[starts, len(q)])
    outside = starts % 2 == 0                        # not inside a quoted field before the run
    before, after = q[starts] - 1, q[starts + lengths - 1] + 1
    prev_ok = (before < 0) | np.isin(raw[np.maximum(before, 0)], _FIELD_ENDS)
    if not prev_ok[outside].all():   # a quote in the middle of an unquoted field
        return False
    closed = (starts + lengths) % 2 == 0             # outside a quoted field after the run
    next_ok = (after >= len(raw)) | np.isin(raw[np.minimum(after, len(raw) - 1)], _FIELD_ENDS)
    return bool(next_ok[closed].all())


def fast_table(data: bytes, columns: list[str]) -> dict | None:
    """The cells of a clean table as Arrow string arrays, column name -> array (a missing
    optional column is absent), read by Arrow's CSV parser in a fraction of scan's time; None
    whenever anything is unusual (bad bytes, header problems, odd quoting, a line break in a
    one-line column, a blank record, wrong field counts, no final line end), so that scan,
    which names every damage by line, reads the file. When it returns cells, they are the ones
    scan would return."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.compute as pc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.isspace() or NUL in data or not data.endswith((b"\n", b"\r")):
        return None
    first = data[:data.find(b"\n")]   # invalid UTF-8 further on makes Arrow's reader fail
    first = first[:-1] if first.endswith(b"\r") else first
    try:
        header = [h.strip() for h in first.decode("utf-8").split(",")]
    except UnicodeDecodeError:
        return None
    if b'"' in first or b"\r" in first:
        return None
    if (len(set(header)) != len(header) or not set(header) <= set(columns)
            or any(c not in header and c not in OPTIONAL_COLUMNS for c in columns)):
        return None
    if not _quoting_is_plain(np.frombuffer(data, dtype=np.uint8)):
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pcsv.read_csv(
            pa.py_buffer(data),
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=True),
            convert_options=pcsv.ConvertOptions(column_types={n: pa.large_string() for n in names},
                                                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    cells = {name: table.column(n) for name, n in zip(header, names)}
    lines = table.num_rows + 1
    # no cell holds a line break: no column to look into (each count is a pass over the file: the
    # CRLF one only when there are CRs)
    newlines = data.count(b"\n")
    returns = data.count(b"\r") if b"\r" in data else 0   # the look for one is a fraction of a count
    one_line_each = newlines == lines and (returns == 0 or (returns == lines and data.count(b"\r\n") == lines))
    for name, arr in cells.items():
        if not one_line_each and name not in MULTILINE \
                and any(pc.any(pc.match_substring(arr, end)).as_py() for end in "\n\r"):
            return None
    # the csv module's reader skips a record whose cells are all blank: sure not blank is a cell
    # holding a printable ASCII character; the other rows take the checked path
    rows = None
    for arr in cells.values():
        part = arr if rows is None else arr.take(rows)
        unsure = pc.invert(pc.match_substring_regex(part, "[!-~]"))
        rows = pc.indices_nonzero(unsure) if rows is None else rows.filter(unsure)
        if not len(rows):
            break
    else:
        return None
    return cells
