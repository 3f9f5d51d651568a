"""Pure filtering and the "current position" rules. No Streamlit in here.

Vocabulary
----------
speaker
    One voice in the data: a named leader, or a government with no named person.
    Keyed by ``(country, leader)``; a government row has ``leader == ""`` and is
    shown as "<country> (government)".
current position (of a speaker, as of a date)
    The position of that speaker's latest statement dated on or before the as-of
    date. Statements on the same day are ordered by confidence, then by their
    order in the file; the last one wins.
country position (as of a date)
    1. If the country has current speakers whose role is head of government or
       head of state (the row's ``role_kind`` is "head", which the extractor reads
       from data/roles.csv), the current position of the one of them
       who spoke most recently.  So Germany under Scholz and then Merz takes
       whichever of the two spoke last on or before the as-of date.
    2. Otherwise the most frequent current position among its speakers; a tie
       goes to the position whose latest statement is the most recent.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

POSITIONS = ("support", "conditional", "oppose")
# Not countries: their officials speak for an organisation. Kept in tables and
# bar charts, left off the map.
ORGANISATIONS = ("European Union", "NATO")



def role_kinds(df: pd.DataFrame) -> pd.Series:
    """Each row's role kind (head / minister / other / government), as the extractor wrote it; a
    table written before the column existed gets it from the same roles.csv lookup."""
    from extract.actors.table import role_kind
    roles = df["role"].astype("string").fillna("") if "role" in df else pd.Series("", index=df.index)
    if "role_kind" in df:
        kinds = df["role_kind"].astype("string").fillna("")
        missing = kinds == ""
        if not missing.any():
            return kinds
        return kinds.where(~missing, roles.map(role_kind))
    return roles.map(role_kind)


def speaker_label(country: str, leader: str) -> str:
    return leader if leader else f"{country} (government)"


@dataclass
class Filters:
    """What the user narrowed the data to. Every field empty = no filter."""

    countries: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)     # speaker labels
    positions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    as_of: dt.date | None = None                          # None = no cut-off
    search: str = ""

    # ---- URL round trip ------------------------------------------------
    _LISTS = {"countries": "country", "leaders": "leader", "positions": "position",
              "sources": "source", "topics": "topic"}
    _DATES = {"date_from": "from", "date_to": "to", "as_of": "as_of"}

    def to_query(self) -> dict[str, str | list[str]]:
        """Query parameters for a shareable link (empty fields left out)."""
        out: dict[str, str | list[str]] = {}
        for attr, key in self._LISTS.items():
            values = getattr(self, attr)
            if values:
                out[key] = list(values)
        for attr, key in self._DATES.items():
            value = getattr(self, attr)
            if value:
                out[key] = value.isoformat()
        if self.search:
            out["q"] = self.search
        return out

    @classmethod
    def from_query(cls, get_all) -> "Filters":
        """Build from query parameters. ``get_all(key) -> list[str]``.

        Unknown or malformed values are dropped, never raised.
        """
        f = cls()
        for attr, key in cls._LISTS.items():
            values = [v for v in get_all(key) if v]
            if attr == "positions":
                values = [v for v in values if v in POSITIONS]
            setattr(f, attr, values)
        for attr, key in cls._DATES.items():
            vals = get_all(key)
            setattr(f, attr, parse_date(vals[-1]) if vals else None)
        q = get_all("q")
        f.search = q[-1] if q else ""
        return f


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def with_speaker(df: pd.DataFrame) -> pd.DataFrame:
    """Add a ``speaker`` column (leader, or "<country> (government)"); a frame that has one
    (the app's loaded table) is returned as it is."""
    if "speaker" in df.columns:
        return df
    out = df.copy()
    leader = out["leader"].fillna("").astype(str)
    country = out["country"].fillna("").astype(str)
    # speaker_label, vectorised
    out["speaker"] = leader.where(leader != "", country + " (government)")
    return out


def apply_filters(df: pd.DataFrame, f: Filters, *, positions: bool = True,
                  search: bool = False, as_of: bool = False) -> pd.DataFrame:
    """Rows matching the filters.

    ``positions`` filters rows by position (turn it off before computing current
    positions, then filter the result, so "oppose" means "currently opposes",
    not "said something opposing once").  ``search`` applies the free-text
    search (the quote explorer's); ``as_of`` drops statements after the as-of date.
    """
    if "speaker" not in df.columns:
        df = with_speaker(df)
    mask = filter_mask(df, f, positions=positions, search=search, as_of=as_of)
    # the rows without the search text: the largest column, an index of the loaded table, never
    # shown; taking it with the rows was a third of the time and memory of a broad filter ("Select
    # all" countries keeps 950k of 1M rows) or of a search matching many rows (a search of the
    # rows rebuilds it). The drop is a new frame, no copy (copy-on-write keeps df safe).
    df = df.drop(columns=[SEARCH_TEXT], errors="ignore")
    return df if mask.all() else df[mask]


def filter_mask(df: pd.DataFrame, f: Filters, *, positions: bool = True,
                search: bool = False, as_of: bool = False) -> pd.Series:
    """Which rows of ``df`` (a frame with ``speaker``) apply_filters keeps, as a boolean Series: the
    dashboard keeps this, not the rows (a filter keeping most of 1M rows copied hundreds of MB)."""
    mask = pd.Series(True, index=df.index)
    if f.countries:
        mask &= df["country"].isin(f.countries)
    if f.leaders:
        mask &= df["speaker"].isin(f.leaders)
    if f.sources:
        mask &= df["source"].isin(f.sources)
    if f.topics:
        mask &= df["topic"].isin(f.topics)
    date = df["date"].fillna("").astype(str)
    if f.date_from:
        mask &= date >= _iso(f.date_from)
    if f.date_to:
        mask &= (date <= _iso(f.date_to)) & (date != "")
    if as_of and f.as_of:
        mask &= (date <= _iso(f.as_of)) & (date != "")
    if positions and f.positions:
        mask &= df["position"].isin(f.positions)
    if search and f.search.strip():
        index, terms = _index_of(df), _terms(f.search)
        if index is not None and not any(" " in t.casefold() for t in terms):
            for term in terms:
                mask &= index.matches(term.casefold())
        else:   # searched only where the other filters left rows
            hay = df[SEARCH_TEXT] if SEARCH_TEXT in df.columns else search_text(df)
            mask = pd.Series(_matches(hay, f.search, mask.to_numpy()).to_numpy(), index=df.index)
    return mask


SEARCH_COLUMNS = ("quote", "leader", "country", "role", "title", "source", "mention", "cue")
# The searched text of each row, casefolded; the app's loaded table carries it (dashboard.data
# builds it once per version of the file), so a search is a substring scan of one column.
SEARCH_TEXT = "_search_text"


def search_text(df: pd.DataFrame) -> pd.Series:
    """The row's SEARCH_COLUMNS joined by spaces, casefolded."""
    cols = [c for c in SEARCH_COLUMNS if c in df.columns]
    if not cols:
        return pd.Series("", index=df.index, dtype=str)
    # In Arrow, not element by element: pandas' str.cat and str.casefold took seconds at 100k rows.
    # Column by column, then joined: casefolding maps each character on its own, so folding the
    # cells folds their join, and a column with few distinct cells folds only those.
    if not len(df):
        return pd.Series([], index=df.index, dtype="str")
    parts = [_casefolded(pa.array(df[c].fillna("").astype(str).array)) for c in cols]
    whole = pc.binary_join_element_wise(*parts, pa.scalar(" ", pa.large_string()))
    if isinstance(whole, pa.ChunkedArray):   # a table read by Arrow's CSV reader comes in chunks
        whole = whole.combine_chunks()
    return pd.Series(pd.array(whole, dtype="str"), index=df.index)


def _casefolded(values) -> pa.Array:
    """str.casefold of each string: Arrow lower-cases the ASCII ones (the same thing for them); the
    others are casefolded in Python, once per distinct string."""
    values = pc.cast(values, pa.large_string())
    if isinstance(values, pa.ChunkedArray):   # replace_with_mask takes no chunked mask (a concatenated frame)
        values = values.combine_chunks()
    out = pc.ascii_lower(values)
    other = pc.invert(pc.string_is_ascii(values))
    if pc.any(other).as_py():
        coded = pc.dictionary_encode(pc.filter(values, other))
        if isinstance(coded, pa.ChunkedArray):
            coded = coded.combine_chunks()   # one dictionary
        folded = pa.array([text.casefold() for text in coded.dictionary.to_pylist()], pa.large_string())
        out = pc.replace_with_mask(out, other, folded.take(coded.indices))
    return out


def search_mask(df: pd.DataFrame, text: str) -> pd.Series:
    """Every word of ``text`` appears (case-insensitively) somewhere in the row.

    A phrase in double quotes must appear as written: ``"full commitment" Berlin``.
    """
    return _matches(df[SEARCH_TEXT] if SEARCH_TEXT in df.columns else search_text(df), text)


def _terms(text: str) -> list[str]:
    return [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', text)]


def _matches(hay: pd.Series, text: str, where: np.ndarray | None = None) -> pd.Series:
    """Which rows of ``hay`` hold every term of ``text`` (only rows where ``where`` is True)."""
    terms = _terms(text)
    # pyarrow's substring kernel straight on the Arrow strings: Series.str.contains adds
    # two thirds on top of it at 100k rows. A term scans the rows still in when they are few;
    # else the whole column (taking most of 1M rows of text first copied more than it saved).
    arr = pa.array(hay.array) if len(hay) else None
    keep = np.ones(len(hay), dtype=bool) if where is None else np.array(where, dtype=bool)
    for term in terms:
        if not keep.any():
            break
        where_in = np.flatnonzero(keep)
        if len(where_in) > len(keep) // 4:
            keep &= _contains(arr, term.casefold())
        else:
            keep[where_in] = _contains(arr.take(where_in), term.casefold())
    return pd.Series(keep, index=hay.index)


def _contains(arr, term: str) -> np.ndarray:
    """Which strings of ``arr`` hold ``term``: RE2 on the literal (between \\Q and \\E) ran three
    times as fast as Arrow's plain substring kernel on 1M rows; a term with a backslash, which
    could end the literal, takes the plain kernel."""
    found = None
    if "\\" not in term:
        with contextlib.suppress(pa.ArrowInvalid):
            found = pc.match_substring_regex(arr, f"\\Q{term}\\E")
    if found is None:
        found = pc.match_substring(arr, term)
    return found.to_numpy(zero_copy_only=False) == True  # noqa: E712 (a missing cell matches nothing)


class WordIndex:
    """The rows holding each space-separated word of a search text column.

    A term with no space in it can only occur inside one word, so the rows holding it are the
    rows of the vocabulary words that contain it: a scan of the vocabulary (thousands of words)
    instead of the text (tens of MB at 100k rows). Phrases with a space take the full scan."""

    def __init__(self, hay: pd.Series):
        arr = pa.array(hay.array)
        if isinstance(arr, pa.ChunkedArray):   # list_parent_indices counts within a chunk
            arr = arr.combine_chunks()
        words = pc.split_pattern(arr, " ")
        coded = pc.dictionary_encode(pc.list_flatten(words))
        codes = coded.indices.to_numpy(zero_copy_only=False)
        order = np.argsort(codes, kind="stable")
        self.vocab = coded.dictionary.to_pylist()
        self.rows = pc.list_parent_indices(words).to_numpy().astype(np.int32)[order]
        self.starts = np.searchsorted(codes[order], np.arange(len(self.vocab) + 1))
        self.size = len(hay)

    def matches(self, term: str) -> np.ndarray:
        """Which rows contain ``term`` (casefolded, no space in it)."""
        found = np.zeros(self.size, dtype=bool)
        for i, word in enumerate(self.vocab):
            if term in word:
                found[self.rows[self.starts[i]:self.starts[i + 1]]] = True
        return found


# Indexes of loaded tables (dashboard.data builds one per version of the file, in the background):
# id -> (weak reference, index); a frame gets its index only while it is that very object.
_INDEXES: dict[int, tuple] = {}
INDEX_MAX_ROWS = 500_000   # beyond this the index costs more memory (~50 B a word) than it saves


def build_index(df: pd.DataFrame) -> WordIndex | None:
    """Index ``df``'s search text so apply_filters' search reads the index. ``df`` must never be
    modified afterwards (the app's loaded table is shared and read-only)."""
    import weakref
    if SEARCH_TEXT not in df.columns or len(df) > INDEX_MAX_ROWS:
        return None
    index = WordIndex(df[SEARCH_TEXT])
    for key in [k for k, (ref, _) in _INDEXES.items() if ref() is None]:
        _INDEXES.pop(key, None)
    _INDEXES[id(df)] = (weakref.ref(df), index)
    return index


def _index_of(df: pd.DataFrame) -> WordIndex | None:
    entry = _INDEXES.get(id(df))
    return entry[1] if entry is not None and entry[0]() is df else None


def current_positions(df: pd.DataFrame, as_of: dt.date | str | None = None,
                      where: np.ndarray | pd.Series | None = None) -> pd.DataFrame:
    """Each speaker's latest statement on or before ``as_of`` (see module doc).

    Returns one row per speaker with the original columns plus ``speaker``,
    ``statements`` (how many statements the speaker made up to as_of) and
    ``first_date`` (their first one). ``where``: a boolean mask of the rows to read (the same as
    current_positions(df[where]), without copying the rows).
    """
    if "speaker" not in df.columns:
        df = with_speaker(df)
    date = df["date"].fillna("").astype(str)
    keep = date != ""
    if where is not None:
        keep &= np.asarray(where, dtype=bool)
    if as_of:
        keep &= date <= (as_of if isinstance(as_of, str) else as_of.isoformat())
    keys = ["country", "leader"]
    if not keep.any():
        d = df[keep].copy()
        return d.assign(statements=pd.Series(dtype="int64"), first_date=pd.Series(dtype="str"))
    # The winner of each speaker is the row with the greatest (date, confidence, file order): one
    # integer per row ranks the three, so a group-by max finds it without sorting the rows (sorting
    # 1M rows by three keys was most of the time; only the few columns the rule reads are coded).
    rows = np.flatnonzero(keep.to_numpy())
    day, days = pd.factorize(date.iloc[rows], sort=True)
    conf = (pd.to_numeric(df["confidence"].iloc[rows], errors="coerce").fillna(0.0)
            if "confidence" in df else pd.Series(0.0, index=rows))
    level, levels = pd.factorize(conf, sort=True)
    speaker = _group_codes(df[keys].iloc[rows])
    n = len(rows)
    rank = (day.astype(np.int64) * len(levels) + level) * n + np.arange(n)
    grouped = pd.Series(rank).groupby(speaker, sort=False)
    best = grouped.max().to_numpy()
    out = df.iloc[rows[best % n]]
    out = out[keys + [c for c in out.columns if c not in keys]].reset_index(drop=True)
    out["statements"] = grouped.size().to_numpy()
    out["first_date"] = pd.Series(np.asarray(days, dtype=object)[pd.Series(day).groupby(speaker, sort=False).min()
                                                                  .to_numpy()], dtype="str")
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def _group_codes(df: pd.DataFrame) -> np.ndarray:
    """One integer per distinct combination of ``df``'s columns, numbered in order of first
    appearance (a missing value is a value of its own, as groupby(dropna=False) groups it)."""
    codes = np.zeros(len(df), dtype=np.int64)
    for key in df.columns:
        code, uniques = pd.factorize(df[key], use_na_sentinel=False)
        codes = codes * (len(uniques) + 1) + code
    return pd.factorize(codes)[0]


def country_positions(current: pd.DataFrame) -> pd.DataFrame:
    """One row per country from ``current_positions`` output (rule in module doc).

    Columns: country, position, basis ("head of government/state: <name>" or
    "most frequent of N"), support, conditional, oppose (speaker counts), speakers,
    net (support - oppose), latest (date of the latest statement), and the deciding
    speaker's leader, role and date (the head, else the latest speaker holding the position).
    """
    cols = ["country", "position", "basis", *POSITIONS, "speakers", "net", "latest", "leader", "role", "date"]
    if current.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    # Plain Python over the speakers' rows (a few hundred): per-country pandas calls cost ~1 s.
    table = pd.DataFrame({"country": current["country"], "leader": current["leader"],
                          "position": current["position"], "date": current["date"],
                          "role": current["role"] if "role" in current else "", "kind": role_kinds(current)})
    by_country: dict = {}
    for r in table.to_dict("records"):
        if r["country"] == r["country"]:      # groupby leaves out a missing (NaN) country
            by_country.setdefault(r["country"], []).append(r)

    def last_by_date(rs: list[dict]) -> dict:   # the last of the latest, as a stable sort's iloc[-1]
        latest = max(r["date"] for r in rs)
        return [r for r in rs if r["date"] == latest][-1]

    out = []
    for country in sorted(by_country):
        g = by_country[country]
        counts = {p: sum(r["position"] == p for r in g) for p in POSITIONS}
        heads = [r for r in g if r["kind"] == "head"]
        if heads:
            top = last_by_date(heads)
            position = top["position"]
            basis = f"head of government/state: {top['leader'] or 'government'}"
        else:
            latest_by_pos = {p: max(r["date"] for r in g if r["position"] == p) for p in POSITIONS if counts[p]}
            ranked = sorted((p for p in POSITIONS if counts[p]), key=lambda p: (counts[p], latest_by_pos[p]))
            position = ranked[-1] if ranked else ""
            basis = f"most frequent of {len(g)} speaker(s)"
            holding = [r for r in g if r["position"] == position]
            top = last_by_date(holding) if holding else g[-1]
        out.append({
            "country": country, "position": position, "basis": basis, **counts,
            "speakers": len(g), "net": counts["support"] - counts["oppose"],
            "latest": max(r["date"] for r in g),
            # the speaker whose statement decides the country's position (views and exports alike)
            "leader": top["leader"], "role": top["role"], "date": top["date"],
        })
    return pd.DataFrame(out, columns=cols)


def restrict_positions(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Keep rows whose position is among the selected ones (no selection = all)."""
    if not f.positions:
        return df
    return df[df["position"].isin(f.positions)]


def filter_fields() -> list[str]:
    return [x.name for x in fields(Filters)]
