"""Topics in the dashboard (issue 11): one topic at a time in every view and the briefing pack, the
Compare topics view, and uploads extracted on the chosen topics.

The data is tests/topics/two_topics.csv (invented quotes by real leaders; its README gives the
comparison it is built to show). Chart expectations are computed from that CSV with the same
filters functions; the comparison is also checked against the README's table, written by hand.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from dashboard import topics as tp
from dashboard.filters import country_positions, current_positions, with_speaker
from tests.apptest import run, wait_extracted
from tests.test_dashboard_app import chart_tables, needs_pipeline, rows_with, texts

ROOT = Path(__file__).resolve().parent.parent
TWO = ROOT / "tests" / "topics" / "two_topics.csv"
TROOPS, SPENDING = "troops_to_ukraine", "nato_spending"
TROOPS_LABEL = "Sending European troops to Ukraine"   # data/topics/troops_to_ukraine.json's label
AS_OF = "2025-06-24"
# tests/topics/README.md: (country, troops, spending), written by hand from the quotes
EXPECTED = {
    "France": ("support", "conditional"), "Germany": ("conditional", "support"),
    "Hungary": ("oppose", "no statement"), "Italy": ("conditional", "conditional"),
    "Lithuania": ("no statement", "support"), "Poland": ("oppose", "support"),
    "Spain": ("no statement", "oppose"), "Sweden": ("conditional", "no statement"),
    "United Kingdom": ("support", "conditional"),
}


@pytest.fixture
def two_topics(data_dir):
    shutil.copy(TWO, data_dir / "positions.csv")
    return data_dir


def rows_of(topic: str) -> pd.DataFrame:
    df = with_speaker(pd.read_csv(TWO, dtype=str, keep_default_na=False))
    df["confidence"] = df["confidence"].astype(float)
    return df[df["topic"] == topic]


def country_table(topic: str) -> pd.DataFrame:
    return country_positions(current_positions(rows_of(topic), AS_OF))


# ---- pure functions ----------------------------------------------------------------------------

def test_compare_keeps_countries_with_one_topic_and_uses_the_country_rule():
    table = tp.compare(country_table(TROOPS), country_table(SPENDING))
    got = {r.country: (r.position_a, r.position_b) for r in table.itertuples()}
    assert got == EXPECTED
    germany = table[table["country"] == "Germany"].iloc[0]
    # the chancellor decides over the defence minister's support
    assert (germany["speaker_a"], germany["date_a"]) == ("Friedrich Merz", "2025-06-02")
    assert table[table["country"] == "Spain"].iloc[0]["speaker_a"] == ""
    # ordered by the position on A, then on B
    ranks = [("support", "conditional", "oppose", "no statement").index(p) for p in table["position_a"]]
    assert ranks == sorted(ranks)


def test_chosen_topic_and_labels():
    df = pd.concat([rows_of(SPENDING), rows_of(TROOPS)])
    assert tp.topics_in(df) == [TROOPS, SPENDING]          # the default topic first
    assert tp.chosen_topic(df, [SPENDING]) == SPENDING
    assert tp.chosen_topic(df, ["no_such_topic"]) == TROOPS
    assert tp.topic_label(TROOPS) == TROOPS_LABEL         # from the topic file
    assert tp.topic_label("no_such_topic") == "No such topic"


# ---- the app ---------------------------------------------------------------------------------------

def test_comparison_view_table_and_chart(two_topics):
    at = run(view="compare", as_of=AS_OF)
    assert at.selectbox(key="compare_a").value == TROOPS and at.selectbox(key="compare_b").value == SPENDING
    table = next(d.value for d in at.dataframe if "position_a" in d.value.columns)
    assert {r.country: (r.position_a, r.position_b) for r in table.itertuples()} == EXPECTED
    cells = rows_with(at, "side")
    label_b = tp.topic_label(SPENDING)
    assert {(c["country"], c["topic"]): c["position"] for c in cells} == {
        **{(k, TROOPS_LABEL): v[0] for k, v in EXPECTED.items()},
        **{(k, label_b): v[1] for k, v in EXPECTED.items()}}
    # the second channel: every cell writes its position with its shape
    assert all(c["text"] == tp.with_glyph(c["position"]) for c in cells)
    assert f"{TROOPS_LABEL} vs {label_b}" in json.dumps([json.loads(c.proto.spec) for c in at.get("vega_lite_chart")])


def test_comparison_quotes_behind_a_row(two_topics):
    at = run(view="compare", as_of=AS_OF)
    at.selectbox(key="compare_country").set_value("Germany").run()
    shown = texts(at).replace("\\", "")
    # the deciding quote on each topic, with speaker, date and source; the minister's as another statement
    for quote in ("Merz said German soldiers would go only with American backing",
                  "Merz said Germany would meet the new five per cent goal",
                  "Pistorius said the Bundeswehr should be ready"):
        assert quote in shown, quote
    assert "Berlin Test Courier" in shown and "Summit Test Review" in shown and "2025-06-24" in shown
    # a country with one topic: the other cell says so
    at.selectbox(key="compare_country").set_value("Spain").run()
    assert "No statement on this topic" in texts(at)


def test_a_click_on_the_comparison_picks_the_row(two_topics):
    at = run(view="compare", as_of=AS_OF, focus_country="Poland")
    assert at.selectbox(key="compare_country").value == "Poland"
    assert "Tusk repeated that no Polish soldiers" in texts(at)


def _datasets_countries(at) -> set[str]:
    return {r["country"] for rows in chart_tables(at) for r in rows if isinstance(r, dict) and r.get("country")}


@pytest.mark.parametrize("topic", [TROOPS, SPENDING])
def test_the_selector_filters_every_chart(two_topics, topic):
    expected = country_table(topic)
    speakers = set(current_positions(rows_of(topic), AS_OF)["speaker"])
    other = {TROOPS: SPENDING, SPENDING: TROOPS}[topic]
    only_other = set(country_table(other)["country"]) - set(expected["country"])
    at = run(view="support", topic=topic, as_of=AS_OF)
    assert at.selectbox(key="f_topic").value == topic
    assert {r["country"]: r["position"] for r in rows_with(at, "decided_by")} == \
        dict(zip(expected["country"], expected["position"]))
    assert {r["speaker"] for r in rows_with(at, "speaker")} == speakers
    metrics = {m.label: int(m.value) for m in at.metric}
    assert metrics["Countries: support"] == int((expected["position"] == "support").sum())
    assert tp.topic_label(topic) in texts(at)          # the title line names the topic
    # map, timeline: the same topic's data only
    at = run(view="map", topic=topic, as_of=AS_OF)
    mapped = [r for rows in chart_tables(at) for r in rows if isinstance(r, dict) and "position" in r]
    assert mapped and not (only_other & _datasets_countries(at))
    at = run(view="timeline", topic=topic, as_of=AS_OF)
    assert {p["lane"] for p in rows_with(at, "lane")} == set(rows_of(topic)["speaker"])
    assert not (only_other & _datasets_countries(at))
    # the quote explorer: only this topic's quotes
    at = run(view="quotes", topic=topic, as_of=AS_OF)
    quotes = set(rows_of(topic)["quote"])
    shown = texts(at).replace("\\", "")
    assert all(q[:40] in shown for q in quotes)
    assert not any(q[:40] in shown for q in set(rows_of(other)["quote"]))


def test_the_selector_in_the_sidebar_switches_the_topic(two_topics):
    at = run(view="support", as_of=AS_OF)
    at.selectbox(key="f_topic").set_value(SPENDING).run()
    assert {r["country"] for r in rows_with(at, "decided_by")} == set(country_table(SPENDING)["country"])
    assert at.query_params["topic"] == [SPENDING] or at.query_params["topic"] == SPENDING


def test_one_topic_no_selector_and_no_comparison(data_dir):
    at = run(view="compare")      # a link to the comparison on one-topic data opens the first view
    assert not [s for s in at.selectbox if s.key == "f_topic"]
    assert "Compare topics" not in [t.label for t in at.tabs]
    assert at.query_params["view"] in ("support", ["support"])
    assert TROOPS_LABEL in texts(at)


# ---- the briefing pack ----------------------------------------------------------------------------

def _pdf_text(pdf: bytes, tmp_path: Path) -> list[str]:
    (tmp_path / "b.pdf").write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(tmp_path / "b.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [" ".join(p.split()) for p in out.split("\f") if p.strip()]


def test_the_pack_names_the_topic_and_compares_two(tmp_path):
    from dashboard import export
    pptx = pytest.importorskip("pptx")
    rows = rows_of(SPENDING).drop(columns=["speaker"])
    label_a, label_b = tp.topic_label(SPENDING), TROOPS_LABEL
    table = tp.compare(country_table(SPENDING), country_table(TROOPS))
    title = f"Coalition Positions — {label_a}"
    pdf = export.briefing_pdf(rows, {}, AS_OF, title, topic_label=label_a, comparison=(label_a, label_b, table))
    pages = _pdf_text(pdf, tmp_path)
    n_quotes = len(export.top_quotes(rows, AS_OF))
    assert len(pages) == export.briefing_page_count(0, len(country_table(SPENDING)), n_quotes, len(table))
    assert all(title in p for p in pages)
    assert "Positions on NATO's 5%-of-GDP defence-spending target," in pages[0]   # an acronym keeps its case
    page = next(p for p in pages if f"{label_a} vs {label_b}" in p)
    for country, (troops, spending) in EXPECTED.items():
        assert f"{country} " in page
    assert "● support" in page and "– no statement" in page
    assert "measured on the topic" in pages[-1]            # the method page: not this topic's numbers
    slides = pptx.Presentation(io.BytesIO(export.briefing_pptx(
        rows, {}, AS_OF, title, topic_label=label_a, comparison=(label_a, label_b, table)))).slides
    grid = next(sh.table for s in slides for sh in s.shapes if sh.has_table and "vs" in " ".join(
        x.text_frame.text for x in s.shapes if x.has_text_frame))
    got = {grid.cell(i, 0).text: (grid.cell(i, 1).text, grid.cell(i, 3).text) for i in range(1, len(table) + 1)}
    assert got == {c: (tp.with_glyph(b), tp.with_glyph(a)) for c, (a, b) in EXPECTED.items()}


def test_exports_without_a_second_topic_have_no_comparison(tmp_path):
    from dashboard import export
    rows = rows_of(TROOPS).drop(columns=["speaker"])
    pages = _pdf_text(export.briefing_pdf(rows, {}, AS_OF, topic_label=TROOPS_LABEL), tmp_path)
    assert not any(" vs " in p for p in pages)
    assert not any("measured on the topic" in p for p in pages)


# ---- upload with topics ---------------------------------------------------------------------------

# Written for this test: one statement on each topic.
ARTICLE = ("Denmark ready to send troops\n\nCOPENHAGEN, 17 February 2025 — Danish Prime Minister Mette "
           "Frederiksen said Denmark is ready to send troops to Ukraine as part of a peace deal.\n"
           "Frederiksen also said Denmark would raise defence spending this year.\n")
BUDGET = ROOT / "tests" / "topics" / "defence_budget.toml"   # a second topic written for the tests


@needs_pipeline
def test_upload_extracts_each_chosen_topic_and_rows_show_it(data_dir):
    shutil.copy(BUDGET, data_dir / "topics" / BUDGET.name)
    budget = BUDGET.stem
    at = run(view="add")
    assert at.multiselect(key="add_topics").value == [TROOPS]
    at.multiselect(key="add_topics").set_value([TROOPS, budget])
    at.text_input(key="add_title").set_value("Denmark ready to send troops")
    at.text_area(key="add_text").set_value(ARTICLE)
    wait_extracted(at.button(key="add_extract_paste").click().run())
    rows = at.data_editor[0].value
    mine = rows[rows["leader"] == "Mette Frederiksen"]
    assert set(mine["topic"]) == {TROOPS_LABEL, tp.topic_label(budget)} and tp.topic_label(budget) != budget
    by_topic = dict(zip(mine["topic"], mine["quote"]))
    assert "send troops" in by_topic[TROOPS_LABEL] and "defence spending" in by_topic[tp.topic_label(budget)]
    add_key = next(b.key for b in at.button if b.key.startswith("add_") and "extract" not in b.key)
    at.button(key=add_key).click().run()
    from extract.io.store import load_positions
    stored, _ = load_positions(data_dir / "positions.csv")
    dk = stored[stored["leader"] == "Mette Frederiksen"]
    assert set(dk["topic"]) == {TROOPS, budget}
    # the data now holds two topics: the selector and the comparison appear, Denmark on both
    at = run(view="compare")
    assert at.selectbox(key="f_topic").value == TROOPS
    assert "Compare topics" in [t.label for t in at.tabs]
    table = next(d.value for d in at.dataframe if "position_a" in d.value.columns)
    denmark = table[table["country"] == "Denmark"].iloc[0]
    assert "no statement" not in (denmark["position_a"], denmark["position_b"])
