"""dashboard.worker: the uploads' extraction in one warm worker process, under a watchdog, with cancel."""
from __future__ import annotations

import os
import signal
import time

import pytest

from dashboard.worker import Job, Worker

ARTICLE = ("Denmark ready to send troops\n\nCOPENHAGEN, 17 February 2025 — Danish Prime Minister Mette "
           "Frederiksen said Denmark is ready to send troops to Ukraine as part of a peace deal.\n")
# about 19,000 HTML elements, just under settings.MAX_HTML_TAGS: seconds of reading (trafilatura),
# and reading has no check of its own between its steps, only the watchdog
SLOW_PAGE = ("<html><body>" + "<p>Macron said France would send <b>troops</b> to Ukraine.</p>" * 9_500
             + "</body></html>").encode()


@pytest.fixture
def worker(data_dir):
    w = Worker(str(data_dir))
    yield w
    w.close()


def _wait(job: Job, timeout: float = 300) -> Job:
    deadline = time.monotonic() + timeout
    while not job.finished:
        assert time.monotonic() < deadline, job.status()
        time.sleep(0.2)
    return job


def _wait_ready(w: Worker, timeout: float = 300) -> int:
    deadline = time.monotonic() + timeout
    while not w.ready:
        assert time.monotonic() < deadline and w.proc.is_alive() or not w.broken, "the worker did not start"
        time.sleep(0.2)
    return w.pid


def _files(data_dir) -> dict:
    return {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}


def test_articles_are_extracted_in_one_warm_worker_reused_by_every_job(worker, data_dir):
    pid = _wait_ready(worker)
    job = _wait(Job([("dk.txt", ARTICLE.encode(), None, "upload", "k1"), ("empty.txt", b"", None, "upload", "k2")],
                    None, str(data_dir), 30, worker=worker))
    assert set(job.results) == {"k1"} and job.errors == ["empty.txt: file is empty"]
    assert "Mette Frederiksen" in {r["leader"] for r in job.results["k1"]["rows"]}
    again = _wait(Job([("dk2.txt", ARTICLE.replace("Denmark is", "Denmark remains").encode(), None, "upload", "k3")],
                      None, str(data_dir), 30, worker=worker))
    assert "Mette Frederiksen" in {r["leader"] for r in again.results["k3"]["rows"]}
    # the same process (the model loaded once) served both jobs, and it is still there for the next
    assert worker.pid == pid and worker.starts == 1 and worker.proc.is_alive()


def test_a_file_past_the_budget_fails_and_the_same_worker_takes_the_next(worker, data_dir):
    """A file still being read at the budget: the worker stops it itself (extract.bounds.time_limit),
    the file fails in one line naming it and the step, and the same process, its model still loaded,
    extracts the next file; nothing is stored."""
    first = _wait_ready(worker)
    before = _files(data_dir)
    job = _wait(Job([("slow.html", SLOW_PAGE, None, "upload", "slow"), ("dk.txt", ARTICLE.encode(), None, "upload", "k1")],
                    None, str(data_dir), 0.5, worker=worker))
    assert job.errors == ["slow.html: stopped after the time budget of 0.5 s while reading the file "
                          "(setting COALITION_ARTICLE_SECONDS); no rows from this article"]
    assert set(job.results) == {"k1"} and "Mette Frederiksen" in {r["leader"] for r in job.results["k1"]["rows"]}
    assert worker.starts == 1 and worker.pid == first and worker.proc.is_alive()
    assert _files(data_dir) == before


def test_the_watchdog_kills_a_worker_that_does_not_answer_and_a_fresh_one_takes_the_next(worker, data_dir):
    """A worker that does not answer MARGIN seconds after the budget (here: stopped from outside, so not
    even its own timer can act): the watchdog kills it, the file fails in one line naming it and the
    step, a new process extracts the next file, and the killed one's pipe reader ends with it."""
    first = _wait_ready(worker)
    job = Job([("slow.html", SLOW_PAGE, None, "upload", "slow"), ("dk.txt", ARTICLE.encode(), None, "upload", "k1")],
              None, str(data_dir), 0.5, worker=worker)
    while job.current is None:
        time.sleep(0.01)
    os.kill(first, signal.SIGSTOP)
    old_reader = worker.reader
    _wait(job)
    assert job.errors == ["slow.html: stopped after the time budget of 0.5 s while reading the file "
                          "(setting COALITION_ARTICLE_SECONDS); no rows from this article"]
    assert set(job.results) == {"k1"} and job.results["k1"]["rows"]
    assert worker.starts == 2 and worker.pid != first and worker.proc.is_alive()
    old_reader.join(timeout=10)
    assert not old_reader.is_alive()


def test_a_killed_worker_fails_its_file_and_is_restarted(worker, data_dir):
    """The worker dies under a file (here: killed from outside, as the OOM killer would): the reader of
    its answers sees the end of the pipe (nothing waits on a half-sent answer)."""
    _wait_ready(worker)
    job = Job([("slow.html", SLOW_PAGE, None, "upload", "slow"), ("dk.txt", ARTICLE.encode(), None, "upload", "k1")],
              None, str(data_dir), 0, worker=worker)   # no budget: only the death stops it
    while job.current is None:
        time.sleep(0.05)
    old_reader = worker.reader
    worker.proc.kill()
    _wait(job)
    assert len(job.errors) == 1 and job.errors[0].startswith("slow.html: the extraction worker stopped (exit code -9) "
                                                              "while reading the file")
    assert set(job.results) == {"k1"} and worker.starts == 2
    old_reader.join(timeout=10)
    assert not old_reader.is_alive()


def test_a_large_answer_comes_whole(worker, data_dir):
    """The largest answer there can be: an article at the length limit (its text goes back with the rows)."""
    from extract import settings
    from extract.text.read import read_bytes
    _wait_ready(worker)
    text = ARTICLE + ("Filler about the weather in the capital. " * 20_000)[:settings.MAX_ARTICLE_CHARS - len(ARTICLE)]
    job = _wait(Job([("big.txt", text.encode(), None, "upload", "big")], None, str(data_dir), 0, worker=worker))
    assert job.errors == [] and job.results["big"]["article"]["text"] == read_bytes("big.txt", text.encode()).text
    assert len(job.results["big"]["article"]["text"]) > settings.MAX_ARTICLE_CHARS - 1000
    assert "Mette Frederiksen" in {r["leader"] for r in job.results["big"]["rows"]}


def test_two_sessions_take_turns(worker, data_dir):
    """Two jobs at once: the second job's file is extracted before the first job's second (slow) file."""
    _wait_ready(worker)
    a = Job([("a0.txt", ARTICLE.encode(), None, "upload", "a0"), ("slow.html", SLOW_PAGE, None, "upload", "a1")],
            None, str(data_dir), 0, worker=worker)
    b = Job([("b0.txt", ARTICLE.replace("Denmark is", "Denmark remains").encode(), None, "upload", "b0")],
            None, str(data_dir), 30, worker=worker)
    _wait(b)
    assert set(b.results) == {"b0"} and set(a.results) == {"a0"} and not a.finished
    assert "1/1" not in a.status() and a.status().startswith("2/2: slow.html, reading the file")
    a.cancel()


def test_cancel_stops_the_file_and_drops_the_rest(worker, data_dir):
    _wait_ready(worker)
    job = Job([("slow.html", SLOW_PAGE, None, "upload", "slow"), ("dk.txt", ARTICLE.encode(), None, "upload", "k1")],
              None, str(data_dir), 0, worker=worker)
    while job.current is None:
        time.sleep(0.05)
    old = worker.proc
    job.cancel()
    assert job.finished and job.cancelled and job.results == {} and worker.jobs == []
    deadline = time.monotonic() + 60
    while worker.starts < 2 or old.is_alive():   # the watchdog thread stops it and starts another
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # the fresh worker serves the next job
    assert _wait(Job([("dk.txt", ARTICLE.encode(), None, "upload", "k1")], None, str(data_dir), 30,
                     worker=worker)).results["k1"]["rows"]
