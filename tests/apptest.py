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
