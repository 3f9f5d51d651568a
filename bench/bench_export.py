"""The briefing pack's cost at 1k/10k/100k rows, outside the browser: the pack's charts, the PDF, the PPTX.

    .venv/bin/python bench/bench_export.py [--sizes 1000 10000 100000] [--seed 7]

For each size a data folder is generated as bench_dashboard.py does, loaded the way app.py loads it
(data.load_table, data.summary with no filter, as of the newest statement) and the briefing built
the way app.py's download buttons build it: pack.pack_charts, then export.briefing_pdf and
export.briefing_pptx on the same charts. "draw" is export.print_images, the pictures the app draws
in the background while a view is read (app._draw_pack); "pdf" and "pptx" then only lay out pages,
as for a reader who looked at the view first. "cold" is a PDF on new chart objects with no kept
image, as for a click right after the view changed. Wall seconds and this process's CPU seconds (steadier on a shared
machine; vl-convert draws in its own threads, so CPU can exceed wall). The browser's figure for a
download (bench_browser.py) is this plus the page's round trip.
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

from bench_dashboard import make_data_dir  # noqa: E402


def timed(fn):
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t, time.process_time() - c


def build_inputs():
    """What app.py hands the briefing buttons, with no filter set."""
    import datetime as dt
    from dashboard import data
    from dashboard.filters import Filters, restrict_positions
    from dashboard.views import common
    df, _ = data.load_table()
    f = Filters()
    names = sorted(set(df["topic"])) if "topic" in df else []
    f.topics = names[:1]
    newest = data.options(df)["newest"]
    as_of = dt.date.fromisoformat(newest) if newest else dt.date.today()
    cur_all, countries_all = data.summary(df, f, as_of)
    base = data.base_rows(df, f)
    former = common.former_holders(cur_all["leader"] if "leader" in cur_all else [], as_of)
    cur_all = cur_all.assign(former=cur_all["leader"].isin(former))
    countries_all = countries_all.assign(former=countries_all["leader"].isin(former))
    rows = restrict_positions(base, f)
    rows = rows[(rows["date"] != "") & (rows["date"] <= as_of.isoformat())]
    return (restrict_positions(countries_all, f), restrict_positions(cur_all, f), rows,
            data.load_country_codes(), data.load_topo(), as_of)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    import logging
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from dashboard import export, pack
    load = os.getloadavg()
    print(f"# load: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min), {os.cpu_count()} cores", flush=True)
    print(f"{'rows':>8} | {'step':<6} | {'wall s':>7} | {'cpu s':>6} | out")
    with tempfile.TemporaryDirectory(prefix="bench_export_") as tmp:
        for n in args.sizes:
            os.environ["COALITION_DATA_DIR"] = str(make_data_dir(n, args.seed, Path(tmp)))
            countries, current, rows, codes, topo, as_of = build_inputs()
            if n == args.sizes[0]:
                export.warm_renderer()   # the app does this in the background at start
            figs, w, c = timed(lambda: pack.pack_charts(countries, current, rows, codes, topo, as_of))
            print(f"{n:>8} | {'charts':<6} | {w:>7.2f} | {c:>6.2f} | {len(figs)} pages of charts", flush=True)
            body = rows.drop(columns=["speaker"], errors="ignore")
            _, w, c = timed(lambda: export.print_images(figs, export.freshness(body, as_of.isoformat())))
            print(f"{n:>8} | {'draw':<6} | {w:>7.2f} | {c:>6.2f} | the pictures (the app draws them while the "
                  "view is read)", flush=True)
            for name, make in (("pdf", export.briefing_pdf), ("pptx", export.briefing_pptx)):
                out, w, c = timed(lambda: make(body, figs, as_of.isoformat()))
                print(f"{n:>8} | {name:<6} | {w:>7.2f} | {c:>6.2f} | {len(out) / 1e6:.2f} MB", flush=True)
            export._render.cache_clear()
            figs = pack.pack_charts(countries, current, rows, codes, topo, as_of)
            out, w, c = timed(lambda: export.briefing_pdf(body, figs, as_of.isoformat()))
            print(f"{n:>8} | {'cold':<6} | {w:>7.2f} | {c:>6.2f} | PDF with its drawing: new charts, no kept "
                  "image (a click at once)", flush=True)
    print("target (issue 13): PDF / PPTX <= 3 s from the click at 100k rows, in the browser")
    load = os.getloadavg()
    print(f"# load after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
