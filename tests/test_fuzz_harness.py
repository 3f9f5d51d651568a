"""A slice of the fuzz harness (bench/fuzz.py) in CI: hostile inputs through read -> extract with a
time budget each; no traceback, every error one line naming its file, and the report names the
slowest.  How many went over the budget is the report's number (the full run's is in the note);
a test does not assert a time."""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import fuzz  # noqa: E402


def test_a_fuzz_slice_has_no_traceback_and_the_report_counts_and_names_the_slowest(monkeypatch):
    from extract import settings
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", settings.ARTICLE_SECONDS)   # the harness sets it
    out = io.StringIO()
    result = fuzz.run(n=80, budget=5.0, seed=1, max_chars=8_000, out=out)
    fuzz.report(result, 5.0, slowest=3, out=out)
    assert result.n == 80 == len(result.timings)
    assert result.tracebacks == [], result.tracebacks[:1]
    assert result.article_errors == sum(o.startswith("error: ") for _, _, o in result.timings)
    lines = out.getvalue().splitlines()
    assert re.fullmatch(rf"fuzz: 80 inputs in [0-9.]+ s; {result.rows:,} rows, {result.article_errors:,} one-line "
                        rf"errors, 0 tracebacks, {len(result.over_budget)} over the budget of 5 s", lines[0])
    assert lines[1].startswith("  0 wrong exit codes, 0 worker(s) killed by the watchdog; max ") and "peak memory" in lines[1]
    slowest = sorted(result.timings, key=lambda t: -t[0])[:3]
    assert lines[2] == "slowest 3:" and len(lines) == 6
    assert [line.split(" s  ", 1)[1] for line in lines[3:]] == [f"{what}  -> {outcome}" for _, what, outcome in slowest]


def test_a_fuzz_slice_through_the_command_line_has_only_right_exit_codes(monkeypatch):
    """Each input a file through extract.cli.main: exit 0 with its rows, or 1 with one line naming it."""
    from extract import settings
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", settings.ARTICLE_SECONDS)
    result = fuzz.run(n=30, budget=5.0, seed=2, max_chars=8_000, out=io.StringIO(), via="cli")
    assert result.n == 30 and result.article_errors > 0
    assert result.tracebacks == [] and result.wrong_exit == []
