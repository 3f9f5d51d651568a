"""dashboard/views/changes.py: what changed since a date (pure), and its view."""
from __future__ import annotations

import pandas as pd

from dashboard.filters import with_speaker
from dashboard.views.changes import country_changes, speaker_changes
from tests.apptest import run
from tests.test_export import sample_df


def test_country_shifts_and_new_positions():
    rows = with_speaker(sample_df())
    ch = country_changes(rows, "2025-02-28", "2025-06-01").set_index("country")
    # Sweden: the minister's conditional, then the prime minister's support
    assert ch.loc["Sweden", "change"] == "conditional → support"
    assert ch.loc["Sweden", "decided_before"] == "Maria Malmer Stenergard"
    assert ch.loc["Sweden", "decided_after"] == "Ulf Kristersson"
    # Italy, Canada, Estonia: first statements after the date
    assert {"Italy", "Canada", "Estonia"} <= {c for c in ch.index if ch.loc[c, "change"] == "new"}
    # Germany: Scholz opposed, Merz opposes: no change, though the speaker changed
    assert "Germany" not in ch.index and "United Kingdom" not in ch.index


def test_speaker_changes_carry_the_quotes_before_and_after():
    rows = with_speaker(sample_df())
    rows.loc[len(rows)] = {**rows.iloc[4].to_dict(), "date": "2025-04-01", "position": "support",
                           "quote": "Norway will send troops."}     # Støre: conditional -> support
    ch = speaker_changes(rows, "2025-03-15", "2025-06-01").set_index("speaker")
    støre = ch.loc["Jonas Gahr Støre"]
    assert støre["change"] == "conditional → support"
    assert støre["before_quote"] == "Norway will take part in the discussion on security guarantees."
    assert støre["after_quote"] == "Norway will send troops."
    assert ch.loc["Friedrich Merz", "change"] == "new"
    assert "Keir Starmer" not in ch.index       # support before and after


def test_the_view_lists_changes_and_keeps_since_in_the_link(data_dir):
    from extract.io.store import load_positions
    df, _ = load_positions(data_dir / "positions.csv")
    dates = sorted(set(df["date"]) - {""})
    at = run(view="changes", since=dates[0])
    assert at.query_params["since"] == dates[0]
    want = country_changes(with_speaker(df), dates[0], dates[-1])
    if want.empty:
        assert any("No country's position" in i.value for i in at.info)
    else:
        shown = next(t.value for t in at.dataframe if "decided_after" in t.value.columns)
        assert set(shown["country"]) == set(want["country"])
    cards = [c for c in at.markdown if c.value.startswith("After (")]
    assert len(cards) == len(speaker_changes(with_speaker(df), dates[0], dates[-1]))


def test_the_view_with_a_position_filter(data_dir):
    at = run(view="changes", since="2025-01-01", position="oppose")
    cards = [c.value for c in at.markdown if c.value.startswith("After (")]
    assert cards and all(", oppose)" in c for c in cards)
