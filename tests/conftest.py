"""Fixtures shared by the app tests."""
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A copy of data/ the app under test reads and writes (COALITION_DATA_DIR points at it)."""
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d, ignore=shutil.ignore_patterns(".lock", ".cache"))
    monkeypatch.setenv("COALITION_DATA_DIR", str(d))
    return d
