"""dashboard/drawing.py: under `streamlit run` chart pictures are drawn in a process of their own
(vl-convert keeps the GIL for a whole drawing, which froze the server's event loop); elsewhere in
the calling process. Real vl-convert both ways, real charts."""
from __future__ import annotations

import json
import os
import sys

import pytest

from dashboard import drawing, export

SPEC = json.dumps({"data": {"values": [{"a": "x", "b": 3}, {"a": "y", "b": 5}]}, "mark": "bar",
                   "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}}})


@pytest.fixture
def served(monkeypatch):
    """What `streamlit run` imports (drawing.served() looks for it); the drawing process is stopped after."""
    import types
    monkeypatch.setitem(sys.modules, "streamlit.web.bootstrap", types.ModuleType("streamlit.web.bootstrap"))
    yield
    pool, drawing._POOL[0] = drawing._POOL[0], None
    if pool is not None:
        pool.shutdown(wait=True)


def test_outside_the_server_the_drawing_stays_in_this_process():
    assert not drawing.served()
    png = drawing.draw("png", SPEC, 1.0)
    assert png == drawing.draw_here("png", SPEC, 1.0) and drawing._POOL[0] is None


def test_when_served_the_drawing_is_done_by_another_process_with_the_same_picture(served):
    here = drawing.draw_here("png", SPEC, 1.0)
    there = drawing.draw("png", SPEC, 1.0)
    assert there[:8] == b"\x89PNG\r\n\x1a\n" and export.png_size(there) == export.png_size(here)
    assert there == here
    pids = list(drawing._POOL[0]._processes)
    assert len(pids) == 1 and pids[0] != os.getpid()
    svg = drawing.draw("svg", SPEC, 1.0).decode("utf-8")
    assert svg.startswith("<svg") and ">x<" in svg and ">y<" in svg
    assert list(drawing._POOL[0]._processes) == pids        # one process, kept


def test_when_served_a_refused_spec_raises_its_error_and_the_next_drawing_works(served):
    bad = json.loads(SPEC) | {"mark": "no-such-mark"}
    with pytest.raises(ValueError, match="conversion failed"):
        drawing.draw("png", json.dumps(bad), 1.0)
    assert drawing.draw("png", SPEC, 1.0)[:8] == b"\x89PNG\r\n\x1a\n"


def test_when_served_a_dead_drawing_process_is_replaced(served):
    from concurrent.futures.process import BrokenProcessPool
    drawing.draw("png", SPEC, 1.0)
    (pid,) = list(drawing._POOL[0]._processes)
    os.kill(pid, 9)
    with pytest.raises(BrokenProcessPool):
        drawing.draw("png", SPEC, 1.0)        # the drawing under way when it died fails ...
    assert drawing.draw("png", SPEC, 1.0)[:8] == b"\x89PNG\r\n\x1a\n"   # ... the next one has a new process
    assert list(drawing._POOL[0]._processes) != [pid]


def test_the_drawing_process_runs_below_the_servers_priority(served):
    drawing.draw("png", SPEC, 1.0)
    (pid,) = list(drawing._POOL[0]._processes)
    assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + drawing.NICE)
