"""Chart pictures drawn in a process of their own while the app is served.

vl-convert (1.9) keeps the GIL for the whole of a drawing, and a drawing at 1M rows takes seconds:
drawn in the server's process it freezes the event loop, so every session's clicks wait (a filter
took 6.4 s in the browser at 1M rows while the briefing's pictures were drawn in the background)
and a file picked in the uploader can lose its upload-URL answer (app.py's data.IDLE note). Under
``streamlit run`` each spec therefore goes to one spawned process that only draws; the server's
thread that waits for the answer lets go of the GIL. Elsewhere (tests, benchmarks, the command
line) the drawing stays in the calling process. The process is started on first use; one that
died is replaced at the next drawing. A spec the renderer refuses raises its ValueError here, as
an in-process drawing would.
"""
from __future__ import annotations

import os
import sys
import threading

NICE = 10            # added to the drawing process's niceness (and the app's background thread's: data.py)
_POOL: list = [None]
_LOCK = threading.Lock()


def served() -> bool:
    """True under ``streamlit run`` (it imports streamlit.web.bootstrap; AppTest and tests do not)."""
    return "streamlit.web.bootstrap" in sys.modules


def draw_here(kind: str, spec: str, scale: float) -> bytes:
    """PNG (``kind`` "png") or SVG bytes of a Vega-Lite spec (JSON text), external URLs refused."""
    import vl_convert as vlc
    if kind == "png":
        return vlc.vegalite_to_png(spec, scale=scale, allowed_base_urls=[])
    return vlc.vegalite_to_svg(spec, allowed_base_urls=[]).encode("utf-8")


def draw(kind: str, spec: str, scale: float) -> bytes:
    """draw_here's bytes: in the drawing process when the app is served, else in this one."""
    if not served():
        return draw_here(kind, spec, scale)
    from concurrent.futures.process import BrokenProcessPool
    pool = _pool()
    try:
        return pool.submit(draw_here, kind, spec, scale).result()
    except BrokenProcessPool:   # the process died (killed, out of memory): the next drawing starts another
        with _LOCK:
            if _POOL[0] is pool:
                _POOL[0] = None
        raise


def _pool():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    with _LOCK:
        if _POOL[0] is None:
            # spawn, not fork: the server is threaded; one process: the other core serves the sessions;
            # below the server's priority (NICE), so on busy cores a visitor's rerun goes first
            _POOL[0] = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=os.nice, initargs=(NICE,))
        return _POOL[0]
