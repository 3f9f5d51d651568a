"""Loading the data folder for the app.

The data folder is read from the environment at call time
(``extract.settings.data_dir()``, read at call time), so tests can point
the app at a temporary copy. Loads are cached with ``st.cache_data`` keyed by
the file's path, modification time and size, so a regenerated or appended file
is picked up on the next rerun without clearing anything by hand.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import streamlit as st

from extract.schema import COLUMNS

COALITION_COLUMNS = ["grouping", "country", "joined", "left", "source"]
# The 110m map file leaves Kosovo without an ISO numeric id; give it the code
# data/country_codes.csv uses so it can be coloured.
_MISSING_IDS = {"Kosovo": "383"}


def data_dir() -> Path:
    from extract import settings
    return settings.data_dir()


def _stamp(path: Path) -> tuple[str, float, int]:
    try:
        st_ = path.stat()
        return str(path), st_.st_mtime_ns, st_.st_size
    except OSError:
        return str(path), 0.0, -1


@st.cache_data(show_spinner=False, max_entries=8)
def _load_positions(path: str, mtime: float, size: int) -> tuple[pd.DataFrame, list[str]]:
    try:
        from extract.io.store import load_positions
    except ImportError:  # pragma: no cover - store not there yet
        return _fallback_load(Path(path))
    try:
        return load_positions(path)
    except Exception as exc:  # a reader bug must not take the app down
        return _empty(), [f"positions.csv could not be read: {type(exc).__name__}: {exc}"]


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=str) for c in COLUMNS})
    frame["confidence"] = pd.Series([], dtype=float)
    return frame


def _fallback_load(path: Path) -> tuple[pd.DataFrame, list[str]]:
    if not path.exists():
        return _empty(), []
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = df.reindex(columns=COLUMNS, fill_value="")
    df["confidence"] = pd.to_numeric(df["confidence"], errors="coerce")
    return df, []


def load_positions() -> tuple[pd.DataFrame, list[str]]:
    """(positions, problems) from ``<data dir>/positions.csv``; never raises.

    Opening the folder first tidies what a killed add left there (extract.store.tidy)."""
    from extract.io.store import tidy
    tidy(data_dir())
    return _load_positions(*_stamp(data_dir() / "positions.csv"))


@st.cache_data(show_spinner=False, max_entries=8)
def _load_table(path: str, mtime: float, size: int, columns: tuple[str, ...]) -> tuple[pd.DataFrame | None, list[str]]:
    p = Path(path)
    if size < 0:
        return None, []
    try:
        text = p.read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return None, [f"{p.name}: could not be read ({exc})"]
    df = pd.DataFrame(rows, columns=list(columns)) if rows else pd.DataFrame(columns=list(columns))
    missing = [c for c in columns if rows and c not in rows[0]]
    problems = [f"{p.name}: missing column '{c}'" for c in missing]
    return df.fillna("").astype(str), problems


def load_coalitions() -> tuple[pd.DataFrame | None, list[str]]:
    """``data/coalitions.csv`` (grouping,country,joined,left,source) or None if absent."""
    return _load_table(*_stamp(data_dir() / "coalitions.csv"), tuple(COALITION_COLUMNS))


CORRECTION_COLUMNS = ["article_id", "quote", "field", "original", "corrected", "corrected_at"]


def load_corrections() -> pd.DataFrame:
    """``data/corrections.csv`` (written by the review step): an empty frame if absent."""
    df, _ = _load_table(*_stamp(data_dir() / "corrections.csv"), tuple(CORRECTION_COLUMNS))
    return df if df is not None else pd.DataFrame(columns=CORRECTION_COLUMNS)


def load_registry() -> pd.DataFrame:
    """The article registry as the store reads it (``data/articles.csv`` plus an add that was
    interrupted before its entry was written); an empty frame if absent or unreadable."""
    from extract.io.store import PENDING_FILE
    return _load_registry(str(data_dir()), _stamp(data_dir() / "articles.csv"), _stamp(data_dir() / PENDING_FILE))


@st.cache_data(show_spinner=False, max_entries=8)
def _load_registry(folder: str, *stamps) -> pd.DataFrame:   # stamps: the cache key, so a changed file reloads
    from extract.io.store import ARTICLE_COLUMNS, StoreError, load_registry as read
    try:
        rows, problem = read(folder), None
    except StoreError as exc:
        rows, problem = [], str(exc)
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS).fillna("").astype(str)
    frame.attrs["problem"] = problem   # shown with the load problems: a damaged registry is not hidden
    return frame


def load_country_codes() -> pd.DataFrame:
    df, _ = _load_table(*_stamp(data_dir() / "country_codes.csv"), ("country", "iso_numeric"))
    if df is None or df.empty:
        # Fall back to the copy shipped next to the code.
        from extract import settings
        df, _ = _load_table(*_stamp(Path(settings.ROOT) / "data" / "country_codes.csv"),
                            ("country", "iso_numeric"))
    return df if df is not None else pd.DataFrame(columns=["country", "iso_numeric"])


@st.cache_resource(show_spinner=False)
def _load_topo(path: str, mtime: float) -> dict | None:
    try:
        topo = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for geom in topo.get("objects", {}).get("countries", {}).get("geometries", []):
        name = (geom.get("properties") or {}).get("name")
        if geom.get("id") is None and name in _MISSING_IDS:
            geom["id"] = _MISSING_IDS[name]
    return topo


def load_topo() -> dict | None:
    """The world-atlas countries-110m TopoJSON shipped in data/ (None if missing)."""
    for folder in (data_dir(), Path(__file__).resolve().parent.parent / "data"):
        p = folder / "countries-110m.json"
        if p.exists():
            return _load_topo(str(p), p.stat().st_mtime)
    return None


def clear_caches() -> None:
    """After the data changed from inside the app (add / remove an article)."""
    _load_positions.clear()
    _load_table.clear()
