"""Reviewers' corrections (data/corrections.csv), keyed by a stable row identity.

A correction belongs to one row: (article id, holder, quote hash). The quote text alone is no key:
one reporter's sentence often names two leaders, and a correction of one of them must not mark
the other. The holder is the row's speaker as stored (the leader, or "France (government)"), so
after a corrected name the key is the corrected one. The quote is kept beside the key for the
reader; it is never matched on.

A file written before the key existed (article_id,quote,field,...) is read and migrated: each old
correction goes to the rows of its article with that quote whose corrected field holds the
corrected value (the row the reviewer changed); ``python -m dashboard.corrections DATA_DIR``
rewrites such a file in the new form, under the data lock.
"""
from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import pandas as pd

FILE = "corrections.csv"
COLUMNS = ["article_id", "holder", "quote_hash", "field", "original", "corrected", "corrected_at", "quote"]
OLD_COLUMNS = ["article_id", "quote", "field", "original", "corrected", "corrected_at"]


def quote_hash(quote) -> str:
    """sha256 of the quote with its white space folded, first 16 hex digits."""
    text = " ".join(str(quote or "").split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def holder(leader, country) -> str:
    from dashboard.filters import speaker_label
    return speaker_label(str(country or ""), str(leader or ""))


def row_key(row) -> tuple[str, str, str]:
    """(article id, holder, quote hash) of a positions row (dict or Series)."""
    get = row.get
    return (str(get("article_id") or ""), holder(get("leader"), get("country")), quote_hash(get("quote")))


def migrate(old: pd.DataFrame, positions: pd.DataFrame) -> pd.DataFrame:
    """Old corrections (keyed by quote text) -> the keyed form, one line per row they belong to.
    A correction whose row is gone keeps its quote hash and an empty holder (nothing is dropped)."""
    out = []
    pos = positions.fillna("") if positions is not None and not positions.empty else pd.DataFrame(
        columns=["article_id", "leader", "country", "quote"])
    for _, c in old.fillna("").iterrows():
        same = pos[(pos["article_id"].astype(str) == c["article_id"]) & (pos["quote"].astype(str) == c["quote"])]
        if c["field"] in same.columns:
            changed = same[same[c["field"]].astype(str) == c["corrected"]]
            same = changed if not changed.empty else same
        holders = sorted({holder(r["leader"], r["country"]) for _, r in same.iterrows()}) or [""]
        for h in holders:
            out.append({**{k: c.get(k, "") for k in OLD_COLUMNS}, "holder": h, "quote_hash": quote_hash(c["quote"])})
    return pd.DataFrame(out, columns=COLUMNS)


def read(path: Path, positions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The corrections in the keyed form (an old file migrated in memory); empty if absent."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=COLUMNS)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        header = reader.fieldnames or []
    frame = pd.DataFrame(rows, columns=header).fillna("").astype(str)
    if "quote_hash" not in header:
        return migrate(frame.reindex(columns=OLD_COLUMNS, fill_value=""), positions)
    return frame.reindex(columns=COLUMNS, fill_value="")


def record(data_dir, article_id: str, changes: list[dict], when: str) -> None:
    """Append corrections, each change {"leader", "country", "quote", "field", "original",
    "corrected"} of one row, under the data lock and atomically; an old-form file is migrated as
    it is rewritten."""
    from extract.io.store import data_lock, load_positions, write_csv_atomic
    path = Path(data_dir) / FILE
    with data_lock(data_dir):
        positions = load_positions(Path(data_dir) / "positions.csv")[0] if (Path(data_dir) / "positions.csv").exists() else None
        old = read(path, positions)
        new = [{"article_id": article_id, "holder": holder(c.get("leader"), c.get("country")),
                "quote_hash": quote_hash(c.get("quote")), "field": c["field"], "original": c["original"],
                "corrected": c["corrected"], "corrected_at": when, "quote": " ".join(str(c.get("quote") or "").split())}
               for c in changes]
        write_csv_atomic(path, old.to_dict("records") + new, COLUMNS)


def mark(df: pd.DataFrame, corrections: pd.DataFrame) -> pd.Series:
    """For each row of ``df``: 'position: conditional → support (2026-12-01)' when a reviewer
    corrected that row, '' otherwise."""
    out = pd.Series("", index=df.index, dtype=object)
    if corrections is None or corrections.empty or df.empty:
        return out
    c = corrections.fillna("")
    c = c.assign(text=c["field"] + ": " + c["original"].replace("", "(empty)") + " → " + c["corrected"]
                 + " (" + c["corrected_at"].str[:10] + ")")
    joined = c.groupby(["article_id", "holder", "quote_hash"])["text"].agg("; ".join)
    # only the corrected articles' rows are hashed (a 100k-row table has few)
    mine = df["article_id"].astype(str).isin(set(c["article_id"]))
    if not mine.any():
        return out
    sub = df[mine]
    keys = [row_key(r) for r in sub[["article_id", "leader", "country", "quote"]].to_dict("records")]
    out.loc[sub.index] = joined.reindex(pd.MultiIndex.from_tuples(keys)).fillna("").to_numpy()
    return out


def main(argv: list[str]) -> int:
    """Rewrite DATA_DIR/corrections.csv in the keyed form (a no-op for a file already keyed)."""
    if len(argv) != 1:
        print("usage: python -m dashboard.corrections DATA_DIR", file=sys.stderr)
        return 2
    from extract.io.store import data_lock, load_positions, write_csv_atomic
    folder = Path(argv[0])
    path = folder / FILE
    if not path.exists():
        print(f"{path}: no corrections")
        return 0
    with data_lock(folder):
        frame = read(path, load_positions(folder / "positions.csv")[0])
        write_csv_atomic(path, frame.to_dict("records"), COLUMNS)
    print(f"{path}: {len(frame)} correction(s), keyed by article, holder and quote hash")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
