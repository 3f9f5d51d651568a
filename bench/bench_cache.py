"""The dashboard's Arrow copy of positions.csv after the CSV changed, by table size.

    .venv/bin/python bench/bench_cache.py [--sizes 100000 1000000] [--rows 4]

For each size a data folder is written (bench_store.write_folder: positions.csv and articles.csv,
streamed). Then, in this process and outside Streamlit's runner (dashboard.data._load_positions,
its in-process cache cleared before each step, as for a new server), timed:

  build        no Arrow copy yet: the CSV is read, checked, prepared and written (a first visit)
  restart      the Arrow copy is there and current: read back (memory-mapped)
  add 1, add 2 an article of --rows rows added through the store (as `--add-to` and the dashboard
               do), then the load: the first visit after an add
  restart 2    the load again (a new server after the adds)
  edit         one confidence cell changed in place ("0.80" -> "0.90", the file's size unchanged),
               then a row appended: not an append of the old file, so the copy must be made again
  first visit  the phases of a build, each timed alone: store.load_positions (read + check),
               data.prepare (speaker, search text), the Arrow write

Each step checks the loaded rows (count, and the edited cell), so a fast wrong answer shows.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")

from bench_store import write_folder  # noqa: E402


def _load(d: Path):
    from dashboard import data
    data._load_positions.clear()
    t0 = time.perf_counter()
    frame, problems = data._load_positions(*data._stamp(d / "positions.csv"))
    return time.perf_counter() - t0, frame, problems


def _add(d: Path, i: int, rows: int) -> None:
    from extract.io.store import add_article_rows
    from extract.schema import Article
    new = [{"leader": "Bench Leader", "country": "France", "role": "President", "date": "2025-06-10",
            "topic": "troops_to_ukraine", "position": "support", "quote": f"We are ready, number {i} {j}.",
            "quote_type": "direct", "source": "Bench Wire", "confidence": "0.9"} for j in range(rows)]
    add_article_rows(d, Article(article_id=f"new_{i}", text=f"a new bench article {i}"), new, "cli")


def _edit_in_place(path: Path) -> int:
    """Change the first "0.80" confidence cell after the middle of the file to "0.90" (same size);
    returns the byte offset changed."""
    with open(path, "r+b") as fh:
        fh.seek(path.stat().st_size // 2)
        chunk = fh.read(1 << 20)
        at = chunk.index(b",0.80,")
        fh.seek(path.stat().st_size // 2 + at + 1)
        fh.write(b"0.90")
    return path.stat().st_size // 2 + at + 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--rows", type=int, default=4, help="rows per added article")
    args = ap.parse_args()
    import logging
    for name in ("streamlit", "streamlit.runtime.caching.cache_data_api",
                 "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    from dashboard import data
    from extract.io.store import load_positions
    print(f"# load: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min), {os.cpu_count()} cores", flush=True)
    table = []
    with tempfile.TemporaryDirectory(prefix="bench_cache_") as tmp:
        for n in args.sizes:
            d = Path(tmp) / f"data_{n}"
            write_folder(d, n)
            csv_path = d / "positions.csv"
            got = {}
            got["build"], frame, _ = _load(d)
            assert len(frame) == n, len(frame)
            got["restart"], frame, _ = _load(d)
            assert len(frame) == n
            for i in (1, 2):
                _add(d, i, args.rows)
                got[f"add {i}"], frame, problems = _load(d)
                assert len(frame) == n + i * args.rows and not problems, (len(frame), problems[:2])
            got["restart 2"], frame, _ = _load(d)   # a new server after the adds
            assert len(frame) == n + 2 * args.rows
            offset = _edit_in_place(csv_path)
            _add(d, 3, args.rows)
            got["edit"], frame, _ = _load(d)
            assert len(frame) == n + 3 * args.rows
            line = csv_path.read_bytes()[:offset].count(b"\n")   # the edited row's index (0-based data row)
            assert frame["confidence"].iloc[line - 1] == 0.9, frame["confidence"].iloc[line - 1]
            del frame
            # the phases of a first visit, one at a time
            t0 = time.perf_counter()
            loaded, problems = load_positions(csv_path)
            got["read+check"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            prepared = data.prepare(loaded)
            got["prepare"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            if hasattr(data, "_write_arrow"):
                data._write_arrow(Path(tmp) / "phase.arrow", prepared, {"problems": problems})
            else:   # the code before the tail (to run this on older commits)
                data._write_cache(Path(tmp) / "phase.arrow", b"x", prepared, problems)
            got["arrow write"] = time.perf_counter() - t0
            del loaded, prepared
            (Path(tmp) / "phase.arrow").unlink(missing_ok=True)
            table.append((n, csv_path.stat().st_size / 1e6, got))
            print(f"# {n} rows: " + ", ".join(f"{k} {v:.2f}" for k, v in got.items())
                  + f" (load {os.getloadavg()[0]:.2f})", flush=True)
            import shutil
            shutil.rmtree(d, ignore_errors=True)
    steps = list(table[0][2]) if table else []
    print("\nSeconds to load positions.csv into the dashboard (in-process cache cleared each time):")
    print(f"{'rows':>9} | {'MB':>5} | " + " | ".join(f"{s:>11}" for s in steps))
    for n, mb, got in table:
        print(f"{n:>9} | {mb:>5.0f} | " + " | ".join(f"{got[s]:>11.2f}" for s in steps))
    print(f"# load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
