"""The same extraction on a Dask cluster and on a local process pool: the same rows, in the same order."""
from pathlib import Path

import pytest

from extract.run.article import extract_articles
from extract.run.stream import extract_stream
from extract.text.read import load_manifest, read_bytes, read_path

ROOT = Path(__file__).resolve().parents[1]


def own_articles():
    arts = []
    for folder in (ROOT / "seeds", ROOT / "tests" / "articles"):
        manifest = load_manifest(folder / "manifest.csv")
        arts += [read_path(p, manifest.get(p.stem)) for p in sorted(folder.glob("*.txt"))]
    return arts


def capped():
    """An article one of the caps cuts (a sentence of about 700 tokens is skipped), with its warning."""
    from tests.hostile_inputs import worst_cases
    return read_bytes(*worst_cases(4000)["one giant sentence"])


CAP_WARNING = "1 sentence(s) over 250 tokens skipped (the first at character 0)"


@pytest.fixture(scope="module")
def single():
    return [(a.article_id, rows) for a, rows in extract_articles(own_articles())]


def test_dask_local_cluster_rows_equal_single_process(single):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        got = [(a.article_id, rows) for a, rows in extract_stream(own_articles(), scheduler=client, batch_size=4)]
        # An address works too (the CLI's --scheduler).
        by_address = [(a.article_id, rows) for a, rows in
                      extract_stream(own_articles()[:5], scheduler=cluster.scheduler_address, batch_size=2)]
        [(cut, _)] = extract_stream([capped()], scheduler=client)   # the worker's warnings come back
    assert cut.warnings[-1:] == [CAP_WARNING] and cut.warnings.count(CAP_WARNING) == 1
    assert got == single
    assert by_address == single[:5]


def test_process_pool_rows_equal_single_process(single):
    got = [(a.article_id, rows) for a, rows in extract_stream(own_articles(), workers=2, batch_size=4)]
    assert got == single


def test_a_started_pool_has_every_process_up_with_one_thread_each_and_serves_a_stream(single):
    """Pool.start brings up both processes (the executor would start the second only when a task
    finds none idle); each runs one BLAS/OpenMP thread; extract_stream can use the started pool."""
    from extract.run.backends import Pool
    from extract.topic.topics import load_topics
    topic = load_topics(None)
    pool = Pool(2, None, topic, True, 4)
    try:
        pids = pool.start()
        assert len(set(pids)) == 2
        for pid in pids:   # the environment each process started with, which numpy read on import
            env = dict(kv.split("=", 1) for kv in Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in kv)
            assert env.get("OPENBLAS_NUM_THREADS") == "1" and env.get("OMP_NUM_THREADS") == "1", pid
        got = [(a.article_id, rows) for a, rows in extract_stream(own_articles(), topic, backend=pool)]
        assert got == single
        assert pool.start() == pids   # the stream left the pool open, the same processes
    finally:
        pool.close()


def test_pool_processes_share_the_session_unless_the_setting_gives_each_its_own(monkeypatch):
    """Off (the default): a pool process is in the session that started it, so Linux's autogroup
    counts the pool as one; COALITION_WORKER_SESSIONS=1: each process leads a session of its own."""
    import os
    from extract.run.backends import Pool
    from extract.topic.topics import load_topics
    topic = load_topics(None)
    for value, own in (("0", False), ("1", True)):
        monkeypatch.setenv("COALITION_WORKER_SESSIONS", value)   # read by the spawned process
        pool = Pool(1, None, topic, True, 4)
        try:
            [pid] = pool.start()
            assert (os.getsid(pid) == pid) is own and (os.getsid(pid) == os.getsid(0)) is not own, value
            got = [len(rows) for _, rows in extract_stream(own_articles()[:3], topic, backend=pool)]
            assert got == [len(rows) for _, rows in extract_articles(own_articles()[:3])]
        finally:
            pool.close()


def test_cap_warnings_reach_the_user_from_worker_processes(tmp_path, capsys):
    """--workers 2: the warning a cap left in a worker process is printed, naming the file."""
    from extract.cli import main
    from tests.hostile_inputs import worst_cases
    name, data = worst_cases(4000)["one giant sentence"]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "dk.txt").write_text("Danish Prime Minister Mette Frederiksen said Denmark is ready to send "
                                     "troops to Ukraine.", encoding="utf-8")
    assert main([str(tmp_path), "-o", str(tmp_path / "out.csv"), "--workers", "2", "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert f"warning: {tmp_path / name}: {CAP_WARNING}" in err
    assert "2 worker(s)" in err


def test_cli_scheduler_flag_parses():
    from extract.cli import parse_args
    args = parse_args(["x", "-o", "y.csv", "--scheduler", "tcp://127.0.0.1:8786", "--no-gate", "--no-cache"])
    assert args.scheduler == "tcp://127.0.0.1:8786" and args.no_gate and args.no_cache
