"""Running the dashboard under streamlit's AppTest, shared by the app and safety tests."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def run(**params) -> AppTest:
    """The app run once with these query parameters; fails on any exception it shows."""
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def wait_extracted(at: AppTest, timeout: float = 180) -> AppTest:
    """After a click on an Extract button: rerun until the background extraction (a worker
    process, dashboard/worker.py) has finished and its results are in the review."""
    import time
    deadline = time.monotonic() + timeout
    while "add_job" in at.session_state:
        assert time.monotonic() < deadline, "the extraction did not finish"
        time.sleep(0.5)
        at.run()
    return at
