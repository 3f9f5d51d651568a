"""A slice of the fuzz harness (bench/fuzz.py) in CI: hostile inputs through read -> extract with a
time budget each; no traceback, none over the budget, and the report names the slowest."""
from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import fuzz  # noqa: E402


def test_a_fuzz_slice_has_no_traceback_and_none_over_budget(monkeypatch):
    from extract import settings
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", settings.ARTICLE_SECONDS)   # the harness sets it
    out = io.StringIO()
    result = fuzz.run(n=80, budget=5.0, seed=1, max_chars=8_000, out=out)
    fuzz.report(result, 5.0, slowest=3, out=out)
    assert result.n == 80
    assert result.tracebacks == [], result.tracebacks[:1]
    assert result.over_budget == []
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("fuzz: 80 inputs in ") and "0 tracebacks, 0 over the budget of 5 s" in lines[0]
    assert lines[1].startswith("  0 wrong exit codes, 0 stopped by the watchdog; max ") and "peak memory" in lines[1]
    assert lines[2] == "slowest 3:" and len(lines) == 6 and all(" s  " in line for line in lines[3:])


def test_a_fuzz_slice_through_the_command_line_has_only_right_exit_codes(monkeypatch):
    """Each input a file through extract.cli.main: exit 0 with its rows, or 1 with one line naming it."""
    from extract import settings
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", settings.ARTICLE_SECONDS)
    result = fuzz.run(n=30, budget=5.0, seed=2, max_chars=8_000, out=io.StringIO(), via="cli")
    assert result.n == 30 and result.article_errors > 0
    assert result.tracebacks == [] and result.wrong_exit == []
