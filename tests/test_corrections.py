"""dashboard/corrections.py: corrections keyed by (article, holder, quote hash), old files migrated."""
from __future__ import annotations

import csv

import pandas as pd

from dashboard import corrections
from dashboard.views.common import with_corrections
from extract.schema import COLUMNS

# One reporter's sentence names two leaders: the same quote, two rows.
SHARED = "Macron and Starmer both said they were ready to send troops."


def positions() -> pd.DataFrame:
    rows = [
        {"article_id": "a1", "leader": "Emmanuel Macron", "country": "France", "position": "support", "quote": SHARED},
        {"article_id": "a1", "leader": "Keir Starmer", "country": "United Kingdom", "position": "conditional",
         "quote": SHARED},
        {"article_id": "a1", "leader": "", "country": "Germany", "position": "oppose",
         "quote": "Berlin ruled it out."},
        {"article_id": "a2", "leader": "Emmanuel Macron", "country": "France", "position": "support", "quote": SHARED},
    ]
    return pd.DataFrame(rows).reindex(columns=COLUMNS, fill_value="")


def test_a_correction_marks_only_its_own_row(tmp_path):
    df = positions()
    (tmp_path / "positions.csv").write_text(df.to_csv(index=False), encoding="utf-8")
    # the reviewer changed Starmer's row from support to conditional; Macron's row shares the sentence
    corrections.record(tmp_path, "a1", [{"leader": "Keir Starmer", "country": "United Kingdom", "quote": SHARED,
                                          "field": "position", "original": "support", "corrected": "conditional"}],
                       "2026-12-01T12:00:00+00:00")
    stored = pd.read_csv(tmp_path / corrections.FILE, dtype=str, keep_default_na=False)
    assert list(stored.columns) == corrections.COLUMNS
    assert stored.loc[0, "holder"] == "Keir Starmer"
    assert stored.loc[0, "quote_hash"] == corrections.quote_hash(SHARED)
    marked = with_corrections(df, corrections.read(tmp_path / corrections.FILE))["corrected"].tolist()
    assert marked == ["", "position: support → conditional (2026-12-01)", "", ""]


def test_a_government_row_is_keyed_by_its_country():
    df = positions()
    key = corrections.row_key(df.iloc[2])
    assert key == ("a1", "Germany (government)", corrections.quote_hash("Berlin ruled it out."))
    # white space in the quote does not change the key
    assert corrections.quote_hash("Berlin  ruled\nit out.") == key[2]


def _write_old(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=corrections.OLD_COLUMNS)
        w.writeheader()
        w.writerows(rows)


def test_old_quote_keyed_corrections_are_migrated_to_their_row(tmp_path):
    df = positions()
    (tmp_path / "positions.csv").write_text(df.to_csv(index=False), encoding="utf-8")
    _write_old(tmp_path / corrections.FILE, [
        # the corrected value tells which of the two rows sharing the sentence was changed
        {"article_id": "a1", "quote": SHARED, "field": "position", "original": "support",
         "corrected": "conditional", "corrected_at": "2026-11-30T09:00:00+00:00"},
        {"article_id": "a1", "quote": "Berlin ruled it out.", "field": "country", "original": "Austria",
         "corrected": "Germany", "corrected_at": "2026-11-30T09:00:00+00:00"},
        # its row is gone: kept, matching nothing
        {"article_id": "gone", "quote": "Nothing.", "field": "position", "original": "oppose",
         "corrected": "support", "corrected_at": "2026-11-30T09:00:00+00:00"},
    ])
    read = corrections.read(tmp_path / corrections.FILE, df)
    assert read[["article_id", "holder", "field"]].values.tolist() == [
        ["a1", "Keir Starmer", "position"], ["a1", "Germany (government)", "country"], ["gone", "", "position"]]
    marked = with_corrections(df, read)["corrected"].tolist()
    assert marked == ["", "position: support → conditional (2026-11-30)", "country: Austria → Germany (2026-11-30)", ""]
    # the command rewrites the file in the keyed form, and a second run changes nothing
    assert corrections.main([str(tmp_path)]) == 0
    once = (tmp_path / corrections.FILE).read_text(encoding="utf-8")
    assert once.splitlines()[0] == ",".join(corrections.COLUMNS)
    assert corrections.main([str(tmp_path)]) == 0
    assert (tmp_path / corrections.FILE).read_text(encoding="utf-8") == once
    # a new correction appended to a migrated file keeps the old ones
    corrections.record(tmp_path, "a1", [{"leader": "Emmanuel Macron", "country": "France", "quote": SHARED,
                                          "field": "date", "original": "", "corrected": "2025-02-17"}],
                       "2026-12-01T10:00:00+00:00")
    assert len(pd.read_csv(tmp_path / corrections.FILE, dtype=str)) == 4


def test_no_file_means_no_corrections(tmp_path):
    assert corrections.read(tmp_path / corrections.FILE).empty
    assert with_corrections(positions(), corrections.read(tmp_path / corrections.FILE))["corrected"].eq("").all()
