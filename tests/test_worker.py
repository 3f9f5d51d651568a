"""dashboard.worker: the upload's extraction in a real worker process, with the time budget and cancel."""
from __future__ import annotations

import time

from dashboard import worker
from dashboard.worker import Job

ARTICLE = ("Denmark ready to send troops\n\nCOPENHAGEN, 17 February 2025 — Danish Prime Minister Mette "
           "Frederiksen said Denmark is ready to send troops to Ukraine as part of a peace deal.\n")


def _wait(job: Job, timeout: float = 180) -> Job:
    deadline = time.monotonic() + timeout
    while not job.finished:
        assert time.monotonic() < deadline, job.status()
        time.sleep(0.2)
        job.poll()
    return job


def test_articles_are_extracted_in_the_worker(data_dir):
    job = _wait(Job([("dk.txt", ARTICLE.encode(), None, "upload", "k1"), ("empty.txt", b"", None, "upload", "k2")],
                    None, str(data_dir), 30))
    assert set(job.results) == {"k1"} and job.errors == ["empty.txt: file is empty"]
    assert "Mette Frederiksen" in {r["leader"] for r in job.results["k1"]["rows"]}
    assert not job.proc.is_alive()


def test_an_article_over_the_budget_is_stopped_and_the_rest_goes_on(data_dir, monkeypatch):
    """Reading an 8 MB HTML page takes many seconds (trafilatura; reading has no budget of its own):
    the worker is killed at the budget (plus the margin), the article fails in one line, the next
    one is read."""
    monkeypatch.setattr(worker, "KILL_MARGIN", 0.5)
    page = "<html><body>" + "<p>Macron said France would send troops to Ukraine.</p>" * 150_000 + "</body></html>"
    hostile = ("big.html", page.encode(), None, "upload", "slow")
    job = Job([hostile, ("dk.txt", ARTICLE.encode(), None, "upload", "k1")], None, str(data_dir), 1.0)
    start = time.monotonic()
    _wait(job)
    assert job.errors == ["big.html: stopped after the time budget of 1 s (setting COALITION_ARTICLE_SECONDS); "
                          "no rows from this article"]
    assert set(job.results) == {"k1"}
    assert time.monotonic() - start < 120


def test_cancel_stops_the_worker(data_dir):
    job = Job([("dk.txt", ARTICLE.encode(), None, "upload", "k1")], None, str(data_dir), 30)
    job.poll()
    job.cancel()
    assert job.finished and job.cancelled and not job.proc.is_alive() and job.results == {}
