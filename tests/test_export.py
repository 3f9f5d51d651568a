"""dashboard/export.py: chart images, the safe CSV, the country table and the briefing PDF."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from dashboard.views import methodology as method
from dashboard import export
from dashboard.export import (
    briefing_page_count,
    briefing_pdf,
    chart_png,
    chart_svg,
    country_table,
    png_size,
    table_csv,
    top_quotes,
)
from extract.schema import COLUMNS

AS_OF = "2025-06-01"

# (leader, country, role, date, position, quote, confidence, url)
_STATEMENTS = [
    ("Keir Starmer", "United Kingdom", "Prime Minister", "2025-02-17", "support",
     "I am ready and willing to consider putting our own troops on the ground if necessary.", 0.95,
     "https://example.org/uk-1"),
    ("Keir Starmer", "United Kingdom", "Prime Minister", "2025-03-02", "support",
     "We are at a crossroads in history.", 0.7, ""),
    ("Emmanuel Macron", "France", "President", "2025-02-18", "support",
     "Nothing should be ruled out, including troops on the ground.", 0.9, "https://example.org/fr"),
    ("Pedro Sánchez", "Spain", "Prime Minister", "2025-03-06", "conditional",
     "It is premature to talk about sending troops — we need a “just and lasting” peace first.", 0.97,
     "https://example.org/es"),
    ("Jonas Gahr Støre", "Norway", "Prime Minister", "2025-03-05", "conditional",
     "Norway will take part in the discussion on security guarantees.", 0.85, ""),
    ("Recep Tayyip Erdoğan", "Turkey", "President", "2025-03-04", "conditional",
     "Turkey could contribute if a peace deal is reached.", 0.8, ""),
    ("Olaf Scholz", "Germany", "Chancellor", "2025-02-18", "oppose",
     "This is a highly inappropriate debate at the wrong time.", 0.9, ""),
    ("", "Germany", "government", "2025-02-19", "conditional",
     "Berlin would not send forces without the full commitment of the United States.", 0.6, ""),
    ("Friedrich Merz", "Germany", "Chancellor", "2025-05-17", "oppose",
     "The deployment of NATO or EU military personnel to Ukraine is not being considered.", 0.8, ""),
    ("Donald Tusk", "Poland", "Prime Minister", "2025-02-17", "oppose",
     "We do not plan to send Polish soldiers to Ukraine.", 0.9, ""),
    ("Giorgia Meloni", "Italy", "Prime Minister", "2025-03-02", "oppose",
     "Sending Italian troops has never been on the agenda.", 0.88, ""),
    ("Viktor Orbán", "Hungary", "Prime Minister", "2025-03-01", "oppose",
     "Hungary will not send soldiers to Ukraine.", 0.75, ""),
    ("Дмитрий Песков", "Russia", "Kremlin spokesman", "2025-03-07", "oppose",
     "Any deployment of European troops would be unacceptable.", 0.7, ""),
    ("Maria Malmer Stenergard", "Sweden", "Foreign Minister", "2025-02-18", "conditional",
     "Sweden does not rule out sending forces.", 0.65, ""),
    ("Mette Frederiksen", "Denmark", "Prime Minister", "2025-02-17", "conditional",
     "Denmark is open to sending troops.", 0.7, ""),
    ("Dick Schoof", "Netherlands", "Prime Minister", "2025-03-02", "conditional",
     "The Netherlands is prepared to discuss a contribution.", 0.6, ""),
    ("Petr Fiala", "Czech Republic", "Prime Minister", "2025-03-02", "conditional",
     "We are ready to help guarantee the peace.", 0.6, ""),
    ("Ulf Kristersson", "Sweden", "Prime Minister", "2025-03-10", "support",
     "Sweden is ready to contribute.", 0.55, ""),
    ("Kristen Michal", "Estonia", "Prime Minister", "2025-03-11", "support",
     "Estonia is ready to send troops.", 0.6, ""),
    ("Mark Carney", "Canada", "Prime Minister", "2025-03-20", "support",
     "Canada will be part of the reassurance force.", 0.5, ""),
    # after the cut-off: must not count anywhere
    ("Giorgia Meloni", "Italy", "Prime Minister", "2025-07-01", "support",
     "This statement is after the cut-off.", 1.0, ""),
]


def sample_df() -> pd.DataFrame:
    rows = []
    for i, (leader, country, role, date, position, quote, conf, url) in enumerate(_STATEMENTS):
        rows.append({
            "article_id": f"a{i % 7:02d}", "leader": leader, "country": country, "role": role,
            "date": date, "topic": "troops_to_ukraine", "position": position, "quote": quote,
            "quote_type": "direct", "source": "Example Times", "url": url, "confidence": conf,
            "title": "t", "published": date, "mention": leader, "cue": "troops",
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def bar_chart(df: pd.DataFrame) -> alt.Chart:
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y("country:N", sort="-x", title=None),
        x=alt.X("count():Q", title="Statements"),
        color=alt.Color("position:N"),
    ).properties(width=400, height=300)


def layered_chart(df: pd.DataFrame) -> alt.LayerChart:
    base = alt.Chart(df).encode(x=alt.X("date:T", title="Date"), y=alt.Y("count():Q", title="Statements"))
    line = base.mark_line()
    points = base.mark_point(size=60).encode(color="position:N")
    cutoff = alt.Chart(pd.DataFrame({"date": [AS_OF]})).mark_rule(color="black").encode(x="date:T")
    return alt.layer(line, points, cutoff).properties(width=500, height=250)


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return sample_df()


@pytest.fixture(scope="module")
def charts(df) -> dict:
    return {"Statements by country": bar_chart(df), "Statements over time": layered_chart(df)}


# ---------------------------------------------------------------- charts

@pytest.mark.parametrize("make", [bar_chart, layered_chart])
def test_chart_png_is_a_png_of_plausible_size(df, make):
    png = chart_png(make(df), scale=2.0)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = png_size(png)
    # the plot area alone is 400-500 x 250-300 px at scale 1: twice that, plus axes and legend
    assert 800 <= width <= 2000
    assert 500 <= height <= 1200


def test_chart_png_scale_changes_size(df):
    w1, h1 = png_size(chart_png(bar_chart(df), scale=1.0))
    w2, h2 = png_size(chart_png(bar_chart(df), scale=2.0))
    assert (w2, h2) == (2 * w1, 2 * h1)


def test_chart_svg_is_xml_with_the_labels(df):
    svg = chart_svg(bar_chart(df))
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = {t.text for t in root.iter() if t.tag.endswith("text")}
    assert {"United Kingdom", "Spain", "Turkey", "Russia"} <= texts
    assert "support" in texts  # legend


def test_chart_svg_of_layered_chart(df):
    root = ET.fromstring(chart_svg(layered_chart(df)))
    texts = {t.text for t in root.iter() if t.tag.endswith("text")}
    assert "Statements" in texts and "Date" in texts


def test_charts_with_external_urls_are_refused():
    chart = alt.Chart(alt.UrlData("https://example.org/data.csv")).mark_point().encode(x="a:Q")
    with pytest.raises(ValueError, match="URL"):
        chart_png(chart)
    with pytest.raises(ValueError, match="URL"):
        chart_svg(chart)


# ---------------------------------------------------------------- CSV

@pytest.mark.parametrize("value, expected", [
    ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
    ("+1", "'+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    (" =1+1", "' =1+1"),
    ("\n=1+1", "'\n=1+1"),
    ("\uff1d1+1", "'\uff1d1+1"),       # full-width ＝
    ("\uff20SUM(A1)", "'\uff20SUM(A1)"),   # full-width ＠
    ("Keir Starmer", "Keir Starmer"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_table_csv_neutralises_formulas(value, expected):
    frame = pd.DataFrame({"text": [value], "confidence": [0.8], "delta": [-1]})
    data = table_csv(frame)
    back = pd.read_csv(io.BytesIO(data), keep_default_na=False, dtype={"text": str})
    assert back.loc[0, "text"] == expected
    assert back.loc[0, "confidence"] == 0.8  # numbers untouched
    assert back.loc[0, "delta"] == -1


def test_table_csv_plain_utf8_and_object_columns():
    frame = pd.DataFrame({"leader": ["Recep Tayyip Erdoğan", "=1+1"],
                          "mixed": pd.Series([0.8, "-x"], dtype=object)})
    data = table_csv(frame)
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text == "leader,mixed\r\nRecep Tayyip Erdoğan,0.8\r\n'=1+1,'-x\r\n"


def test_table_csv_quotes_embedded_line_breaks():
    frame = pd.DataFrame({"quote": ["line one\rline two", "a\nb", 'say "no"']})
    back = pd.read_csv(io.BytesIO(table_csv(frame)), keep_default_na=False)
    assert back["quote"].tolist() == ["line one\rline two", "a\nb", 'say "no"']


def test_table_csv_keeps_columns_and_rows(df):
    back = pd.read_csv(io.BytesIO(table_csv(df)), keep_default_na=False)
    assert list(back.columns) == COLUMNS
    assert len(back) == len(df)


# ---------------------------------------------------------------- country table & quotes

def test_country_table_one_line_per_country(df):
    table = country_table(df, AS_OF)
    assert list(table.columns) == ["country", "leader", "role", "position", "date", "source"]
    assert table["country"].is_unique
    assert sorted(table["country"]) == sorted(set(df["country"]))
    by = table.set_index("country")
    # head of government's latest statement wins (Merz after Scholz; not the official)
    assert by.loc["Germany", "leader"] == "Friedrich Merz"
    assert by.loc["Germany", "date"] == "2025-05-17"
    # the statement after the cut-off does not count
    assert by.loc["Italy", "position"] == "oppose"
    # Sweden: the PM outranks the foreign minister
    assert by.loc["Sweden", "leader"] == "Ulf Kristersson"
    # Russia: no head of state speaking, so the spokesman's position
    assert by.loc["Russia", "position"] == "oppose"


def test_country_table_most_common_without_head():
    rows = pd.DataFrame({
        "leader": ["A", "B", "C", "A"], "country": ["X"] * 4,
        "role": ["Foreign Minister", "Defence Minister", "spokesman", "Foreign Minister"],
        "date": ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04"],
        "position": ["oppose", "support", "support", "support"],
    })
    line = country_table(rows, "2025-12-31").iloc[0]
    assert line["position"] == "support"
    assert (line["leader"], line["date"]) == ("A", "2025-01-04")
    # as of Jan 3: A oppose, B support, C support -> support (latest holder C)
    line = country_table(rows, "2025-01-03").iloc[0]
    assert (line["position"], line["leader"]) == ("support", "C")


def test_country_table_same_day_goes_to_higher_confidence():
    rows = pd.DataFrame({
        "leader": ["A", "A"], "country": ["X", "X"], "role": ["President", "President"],
        "date": ["2025-01-01", "2025-01-01"], "position": ["support", "oppose"],
        "confidence": [0.9, 0.5],
    })
    assert country_table(rows, "2025-01-01").iloc[0]["position"] == "support"


def test_country_table_agrees_with_the_dashboard(df):
    filters = pytest.importorskip("dashboard.filters")
    ours = country_table(df, AS_OF).set_index("country")["position"]
    theirs = filters.country_positions(filters.current_positions(df, AS_OF)).set_index("country")["position"]
    assert ours.to_dict() == theirs.to_dict()


def test_country_table_empty():
    table = country_table(sample_df().iloc[0:0], AS_OF)
    assert table.empty and list(table.columns) == ["country", "leader", "role", "position", "date", "source"]


def test_top_quotes_are_the_ones_that_decide_each_country(df):
    quotes = top_quotes(df, AS_OF)
    table = country_table(df, AS_OF)
    assert len(quotes) == len(table) == df[df["date"] <= AS_OF]["country"].nunique()
    decided = dict(zip(table["country"], zip(table["leader"].fillna(""), table["position"])))
    for _, q in quotes.iterrows():
        assert (q["leader"], q["position"]) == decided[q["country"]]
    # Germany: Merz, the head, decides; not the official's higher-confidence conditional
    ger = quotes[quotes["country"] == "Germany"].iloc[0]
    assert ger["leader"] == "Friedrich Merz" and ger["quote"].startswith("The deployment of NATO")
    # support first, then conditional, then oppose
    ranks = [("support", "conditional", "oppose").index(p) for p in quotes["position"]]
    assert ranks == sorted(ranks)
    assert "This statement is after the cut-off." not in set(quotes["quote"])


def test_top_quotes_never_repeat_a_sentence():
    shared = "Starmer and Macron both backed sending troops."
    rows = sample_df()
    rows = rows[rows["country"].isin(["United Kingdom", "France"])].copy()
    rows.loc[rows["leader"] == "Emmanuel Macron", ["quote", "date"]] = [shared, "2025-03-02"]
    rows.loc[rows.index[rows["leader"] == "Keir Starmer"][-1], "quote"] = shared
    quotes = top_quotes(rows, AS_OF)
    assert quotes["quote"].is_unique and len(quotes) == 2
    # Starmer's latest sentence is the shared one: his earlier support stands in for it
    uk = quotes[quotes["country"] == "United Kingdom"].iloc[0]
    assert uk["quote"].startswith("I am ready and willing")


def test_top_quotes_equal_the_walk_over_every_row():
    """top_quotes walks only the deciding speakers' rows: on a generated table (150 speakers, some
    sentences shared by several rows) it picks what the walk over every dated row picks: per country
    in support / conditional / oppose order, the decider's newest row of the country's position (by
    date, confidence, file order) whose sentence was not printed yet."""
    import random
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from bench_dashboard import generate
    from dashboard.filters import country_positions, current_positions
    rows = pd.DataFrame(generate(3000, 11), columns=COLUMNS)
    rows["confidence"] = rows["confidence"].astype(float)
    rng = random.Random(3)
    for i in rng.sample(range(len(rows)), 600):   # a sentence reported for two leaders
        rows.loc[i, "quote"] = rows.loc[rng.randrange(len(rows)), "quote"]
    as_of = sorted(rows["date"])[2500]
    got = top_quotes(rows, as_of)
    countries = country_positions(current_positions(rows, as_of))
    countries = countries.assign(_rank=countries["position"].map(["support", "conditional", "oppose"].index))
    dated = [(r["date"], r["confidence"], i, r) for i, r in enumerate(rows.to_dict("records"))
             if r["date"] and r["date"] <= as_of and r["quote"].strip()]
    used, want = set(), []
    for c in countries.sort_values(["_rank", "country"], kind="stable").to_dict("records"):
        mine = sorted((d for d in dated if (d[3]["country"], d[3]["leader"], d[3]["position"])
                       == (c["country"], c["leader"], c["position"])), key=lambda d: d[:3], reverse=True)
        for *_, r in mine:
            if " ".join(r["quote"].split()) not in used:
                used.add(" ".join(r["quote"].split()))
                want.append((r["country"], r["leader"], r["quote"], r["date"]))
                break
    assert list(zip(got["country"], got["leader"], got["quote"], got["date"])) == want and len(want) > 20


# ---------------------------------------------------------------- PDF

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="poppler-utils (pdftotext, pdfinfo) not installed",
)


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "briefing.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def _pdf_pages(data: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.fixture(scope="module")
def briefing(df, charts) -> bytes:
    return briefing_pdf(df, charts, AS_OF)


def test_briefing_pdf_is_a_pdf(briefing):
    assert briefing.startswith(b"%PDF")
    assert len(briefing) > 10_000


@needs_poppler
def test_briefing_pdf_text(briefing, df, tmp_path):
    text = _pdf_text(briefing, tmp_path)
    assert AS_OF in text
    assert "2025-05-17" in text  # latest statement on or before the cut-off
    for country in set(df["country"]):
        assert country in text
    for name in ("Pedro Sánchez", "Jonas Gahr Støre", "Recep Tayyip Erdoğan", "Дмитрий Песков"):
        assert name in text
    assert "Statements by country" in text and "Statements over time" in text
    assert "after the cut-off" not in text
    assert "https://example.org/es" in text


@needs_poppler
def test_briefing_pdf_page_count(briefing, df, charts, tmp_path):
    n_countries = df["country"].nunique()  # 16 -> 2 table pages of 10
    expected = briefing_page_count(len(charts), n_countries, n_countries)
    assert expected == 1 + 2 + 2 + 6 + 1  # title, charts, table, one quote per country (3 a page), method
    assert _pdf_pages(briefing, tmp_path) == expected


@needs_poppler
def test_briefing_pdf_minimal(tmp_path):
    empty = sample_df().iloc[0:0]
    data = briefing_pdf(empty, {}, AS_OF, title="Empty")
    assert _pdf_pages(data, tmp_path) == briefing_page_count(0, 0, 0) == 4
    text = _pdf_text(data, tmp_path)
    assert "No statements on or before 2025-06-01" in text


@needs_poppler
def test_briefing_pdf_without_the_unicode_font(df, tmp_path):
    data = briefing_pdf(df, {}, AS_OF, font_dir=tmp_path / "no-fonts-here")
    assert data.startswith(b"%PDF")
    text = _pdf_text(data, tmp_path)
    assert "Pedro Sánchez" in text and "Jonas Gahr Støre" in text  # Latin-1 survives
    assert "Recep Tayyip Erdogan" in text  # ğ folded
    assert "Russia" in text


def test_briefing_pdf_rejects_bad_cutoff(df):
    with pytest.raises(ValueError):
        briefing_pdf(df, {}, "not a date")


def test_font_dir_default_is_dejavu():
    assert export.FONT_DIR.name == "dejavu"


def test_briefing_pptx(df, charts):
    pptx = pytest.importorskip("pptx")
    data = export.briefing_pptx(df, charts, AS_OF)
    assert data[:2] == b"PK"
    prs = pptx.Presentation(io.BytesIO(data))
    assert len(prs.slides) == briefing_page_count(len(charts), df["country"].nunique(), df["country"].nunique())
    text = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                text.append(shape.text_frame.text)
            if shape.has_table:
                text += [c.text for row in shape.table.rows for c in row.cells]
    text = "\n".join(text)
    assert AS_OF in text
    for country in set(df["country"]):
        assert country in text
    assert "Pedro Sánchez" in text and "Recep Tayyip Erdoğan" in text
    assert sum(1 for s in prs.slides for sh in s.shapes if sh.shape_type == 13) == len(charts)  # pictures


@pytest.mark.parametrize("quote, shown", [
    ("We are ready.", "“We are ready.”"),
    ("“We are ready,” Macron said.", "“We are ready,” Macron said."),
    ('Macron said: "We are ready."', 'Macron said: "We are ready."'),
    ("Macron’s view: ready.", "“Macron’s view: ready.”"),    # an apostrophe is not a quotation mark
])
def test_direct_quotes_get_one_pair_of_marks(quote, shown):
    assert export.with_marks(quote, "“", "”") == shown


def test_briefing_quotes_are_not_marked_twice(df, charts, tmp_path):
    pptx = pytest.importorskip("pptx")
    data = export.briefing_pptx(df, charts, AS_OF)
    text = "\n".join(sh.text_frame.text for s in pptx.Presentation(io.BytesIO(data)).slides
                     for sh in s.shapes if sh.has_text_frame)
    assert "we need a “just and lasting” peace first." in text and "““" not in text and "””" not in text
    if shutil.which("pdftotext"):
        pdf = " ".join(_pdf_text(briefing_pdf(df, charts, AS_OF), tmp_path).split())
        assert "we need a “just and lasting” peace" in pdf and "“It is premature" not in pdf


# ---------------------------------------------------------------- quoting (issue 12, blocker 1)

@pytest.mark.parametrize("quote, quote_type, text, who", [
    # wholly the speaker's words: in marks, the speaker named
    ("We are ready.", "direct", "“We are ready.”", "Keir Starmer, Prime Minister, United Kingdom"),
    # a reporter's sentence around a quoted fragment: never inside marks of ours
    ("German Chancellor Olaf Scholz declared it “highly inappropriate” to discuss troop deployments.",
     "direct", "Reported: German Chancellor Olaf Scholz declared it “highly inappropriate” to discuss troop deployments.",
     "Reported by Example Times, about Keir Starmer, Prime Minister, United Kingdom"),
    ("Starmer called it ‘the right thing’.", "direct", "Reported: Starmer called it ‘the right thing’.", None),
    ("Starmer called it 'the right thing'.", "direct", "Reported: Starmer called it 'the right thing'.", None),
    ("Starmer voiced support for the plan.", "reported", "Reported: Starmer voiced support for the plan.", None),
    ("The allies' plan is ready.", "direct", "“The allies' plan is ready.”", None),   # an apostrophe
])
def test_quote_marks_surround_only_the_speakers_words(quote, quote_type, text, who):
    row = {"quote": quote, "quote_type": quote_type, "leader": "Keir Starmer", "role": "Prime Minister",
           "country": "United Kingdom", "source": "Example Times"}
    shown, attribution = export.quote_display(row)
    assert shown == text
    if who:
        assert attribution == who


def test_a_position_the_model_read_says_so_in_its_attribution():
    row = {"quote": "Reported text.", "quote_type": "reported", "leader": "Emmanuel Macron", "role": "President",
           "country": "France", "source": "Example Times", "rule": "learned_fallback", "cue": "model 0.71"}
    assert export.quote_display(row)[1] == ("Reported by Example Times, about Emmanuel Macron, President, France; "
                                            "read by the model, not a rule (model 0.71)")
    direct = {**row, "quote": "We are ready.", "quote_type": "direct"}
    assert export.quote_display(direct)[1].endswith("; read by the model, not a rule (model 0.71)")
    assert "model" not in export.quote_display({**row, "rule": "subject / cue_support"})[1]


def test_unsourced_rows_say_so():
    row = {"quote": "Reported text.", "quote_type": "reported", "leader": "", "country": "Germany",
           "source": "", "url": ""}
    assert export.quote_display(row)[1] == ("Reported in an unsourced article (no outlet or link), "
                                            "about Germany government")


def test_pack_prints_a_reported_sentence_as_reported(tmp_path):
    rows = sample_df().iloc[[0, 2]].copy()      # Starmer, Macron: each decides a country
    rows.loc[0, "quote"] = "Prime Minister Keir Starmer said Britain was “ready and willing” to send troops."
    rows.loc[2, ["quote", "quote_type"]] = ["We are at a crossroads in history.", "reported"]
    pptx = pytest.importorskip("pptx")
    slides = pptx.Presentation(io.BytesIO(export.briefing_pptx(rows, {}, AS_OF))).slides
    text = "\n".join(sh.text_frame.text for s in slides for sh in s.shapes if sh.has_text_frame)
    assert "Reported: Prime Minister Keir Starmer said Britain was “ready and willing” to send troops." in text
    assert "“Prime Minister Keir Starmer" not in text
    assert "Reported: We are at a crossroads in history." in text
    assert "“We are at a crossroads" not in text
    if shutil.which("pdftotext"):
        pdf = " ".join(_pdf_text(briefing_pdf(rows, {}, AS_OF), tmp_path).split())
        assert "Reported: Prime Minister Keir Starmer said" in pdf and "“Prime Minister" not in pdf
        assert "Reported by Example Times, about Keir Starmer" in pdf
        assert "Reported: We are at a crossroads in history." in pdf


# ---------------------------------------------------------------- exported charts are whole (blocker 2)

def _app_charts():
    from dashboard import charts as app_charts
    from dashboard.filters import country_positions, current_positions, with_speaker
    rows = with_speaker(sample_df())
    rows = rows[rows["date"] <= AS_OF]
    current = current_positions(rows, AS_OF)
    return {"country": app_charts.country_bar(country_positions(current), select=False),
            "leader": app_charts.leader_bar(current, select=False),
            "timeline": app_charts.timeline_chart(rows, "country", as_of=AS_OF)}


@pytest.mark.parametrize("name", ["country", "leader", "timeline"])
def test_exported_app_charts_are_not_clipped(name):
    from PIL import Image
    chart = _app_charts()[name]
    png = chart_png(chart, scale=1.0)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    w, h = img.size
    assert w > 600   # not squeezed into vl-convert's default 600 px
    # Nothing drawn at the image's edges: a clipped title, legend or axis label would touch them.
    edge = [img.getpixel((x, y)) for x in range(w) for y in (0, 1, h - 2, h - 1)]
    edge += [img.getpixel((x, y)) for y in range(h) for x in (0, 1, w - 2, w - 1)]
    assert all(min(p) >= 250 for p in edge), f"{name}: ink at the image edge"
    svg = chart_svg(chart).decode()
    root = ET.fromstring(svg)
    assert float(root.get("width")) == w
    texts = "".join(root.itertext())
    for label in ("Support", "Conditional", "Oppose"):
        assert label in texts


def test_exported_leader_chart_keeps_its_title_whole():
    svg = chart_svg(_app_charts()["leader"]).decode()
    assert "Current position by leader" in "".join(ET.fromstring(svg).itertext())


def test_every_country_line_names_its_source_or_says_unsourced():
    df = sample_df()
    df.loc[df["leader"] == "Donald Tusk", ["source", "url"]] = ["", ""]
    df.loc[df["leader"] == "Emmanuel Macron", "source"] = ""     # a link is a source
    table = country_table(df, AS_OF).set_index("country")
    assert table.loc["Poland", "source"] == export.UNSOURCED
    assert table.loc["France", "source"] == "https://example.org/fr"
    assert table.loc["Spain", "source"] == "Example Times"
    note = export.freshness(df, AS_OF)
    assert note.endswith(" · 1 unsourced article") or " unsourced article" in note
    tusk_articles = df.loc[df["leader"] == "Donald Tusk", "article_id"].unique()
    assert export.unsourced_articles(df[df["date"] <= AS_OF]) == len(tusk_articles)


def test_pack_has_a_method_page_with_the_measured_figures(df, tmp_path):
    pptx = pytest.importorskip("pptx")
    want = [f"stance F1 {method.REAL_F1:.2f}", f"precision {method.REAL_P:.2f}", f"recall {method.REAL_R:.2f}", method.MEASURED_ON, f"{method.REAL_ARTICLES} real",
            "0.82–0.94", "ANNOTATION", method._bands(method.CONFIDENCE_HELDOUT[:1])]
    slides = list(pptx.Presentation(io.BytesIO(export.briefing_pptx(df, {}, AS_OF))).slides)
    last = "\n".join(sh.text_frame.text for sh in slides[-1].shapes if sh.has_text_frame)
    assert "Method and accuracy" in last
    for w in want:
        assert w in last, w
    assert f"F1 {method.REAL_F1:.2f}" in slides[-1].notes_slide.notes_text_frame.text
    if shutil.which("pdftotext"):
        pages = _pdf_text(briefing_pdf(df, {}, AS_OF), tmp_path).split("\f")
        page = " ".join([p for p in pages if p.strip()][-1].split())
        for w in want:
            assert w in page, w


def test_pptx_country_and_leader_charts_are_native_and_notes_carry_quotes(df):
    pptx = pytest.importorskip("pptx")
    from dashboard import palette
    figs = _app_charts()
    charts_in = {"Current position by country": figs["country"], "Current position by leader": figs["leader"],
                 "Timeline": figs["timeline"]}
    prs = pptx.Presentation(io.BytesIO(export.briefing_pptx(df, charts_in, AS_OF)))
    slides = list(prs.slides)
    native = [sh for s in slides for sh in s.shapes if sh.has_chart]
    assert len(native) == 2
    table = country_table(df, AS_OF)
    country_chart = native[0].chart
    cats = list(country_chart.plots[0].categories)
    assert len(cats) == len(table)
    # every country's bar is in its own position's series, coloured from the palette
    by_label = {f"{c} · {l}" if l else c: p for c, l, p in zip(table["country"], table["leader"].fillna(""),
                                                              table["position"])}
    for series in country_chart.series:
        pos = series.name.lower()
        assert "#" + str(series.format.fill.fore_color.rgb).lower() == palette.POSITION_COLORS[pos]
        for cat, v in zip(cats, series.values):
            assert (v == 1) == (by_label[cat] == pos)
    assert sum(1 for s in slides for sh in s.shapes if sh.shape_type == 13) == 1     # the timeline picture
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide)
    spain = df[(df["leader"] == "Pedro Sánchez")].iloc[0]
    assert spain["quote"] in notes.replace("Reported: ", "")
    assert "source: Example Times" in notes
    assert "https://example.org/es" in notes


# ---------------------------------------------------------------- the pack as looked at (issue 12, review)

def _pack(df):
    """The pack's charts the way the app builds them (dashboard/pack.py)."""
    from dashboard import pack
    from dashboard.filters import country_positions, current_positions, with_speaker
    rows = with_speaker(df)
    rows = rows[rows["date"] <= AS_OF]
    current = current_positions(rows, AS_OF)
    return pack.pack_charts(country_positions(current), current, rows, None, None, AS_OF)   # no map


def _big_df(countries: int = 40, per: int = 3) -> pd.DataFrame:
    """40 countries with three speakers each, every position, dated over a year."""
    rows = []
    for c in range(countries):
        for k in range(per):
            pos = ("support", "conditional", "oppose")[(c + k) % 3]
            rows.append({"article_id": f"b{c:02d}", "leader": f"Leader {c:02d}-{k}", "country": f"Country {c:02d}",
                         "role": "Prime Minister" if k == 0 else "Foreign Minister", "date": f"2025-{1 + k:02d}-1{c % 9}",
                         "topic": "troops_to_ukraine", "position": pos, "quote": f"Country {c} speaker {k} is {pos}.",
                         "quote_type": "direct", "source": "Example Times", "url": "", "confidence": 0.8,
                         "title": "t", "published": "2025-01-10", "mention": "", "cue": "troops"})
    return pd.DataFrame(rows, columns=COLUMNS)


def test_pack_pages_long_charts_so_labels_stay_legible():
    from dashboard import pack
    figs = _pack(_big_df())
    country_pages = [n for n in figs if pack.base_name(n) == "Current position by country"]
    assert country_pages == [f"Current position by country ({i}/3)" for i in (1, 2, 3)]   # 40 at 15 a page
    drawn = [export._bar_table(figs[n]) for n in country_pages]
    assert [len(t) for t in drawn] == [15, 15, 10]
    assert len({c for t in drawn for c in t["country"]}) == 40      # every country once
    # support first, then conditional, then oppose, across the pages
    order = [p for t in drawn for p in t["position"]]
    assert order == sorted(order, key=["support", "conditional", "oppose"].index)
    timeline = [n for n in figs if pack.base_name(n) == "Timeline"]
    assert len(timeline) == 4                                   # 40 lanes, 10 a page
    domains = {tuple(next(layer for layer in figs[n].to_dict()["layer"] if layer["mark"]["type"] == "point")
                     ["encoding"]["x"]["scale"]["domain"]) for n in timeline}
    assert len(domains) == 1                                    # one date axis on every page
    # every exported chart carries the print type (16 px labels), unless the chart sets its own
    spec = export._offline_spec(figs[country_pages[0]])
    assert spec["config"]["axis"]["labelFontSize"] == 16 and spec["config"]["legend"]["labelFontSize"] == 16


def test_pptx_native_pages_show_the_charts_rows_and_pictures_fit_above_the_footer():
    pptx = pytest.importorskip("pptx")
    from pptx.util import Inches
    df = _big_df()
    figs = _pack(df)
    prs = pptx.Presentation(io.BytesIO(export.briefing_pptx(df, figs, AS_OF)))
    slides = list(prs.slides)
    native = [sh.chart for s in slides for sh in s.shapes if sh.has_chart]
    assert len(native) == 3 + 4      # country pages; leader pages (the 60 most quoted of 120, 15 a page)
    assert [len(list(c.plots[0].categories)) for c in native[:3]] == [15, 15, 10]
    for s in slides:
        texts = [sh for sh in s.shapes if sh.has_text_frame]
        footer = [sh for sh in texts if "data through" in sh.text_frame.text]
        assert footer, "every slide has the freshness line"
        for sh in s.shapes:
            if sh.shape_type == 13 or sh.has_chart or sh.has_table:    # picture, chart, table
                assert sh.top + sh.height <= footer[0].top, "drawn over the footer"
    # the table: ten rows a slide, unsourced shown short with its note
    tables = [sh.table for s in slides for sh in s.shapes if sh.has_table]
    assert [len(t.rows) - 1 for t in tables] == [10, 10, 10, 10]
    assert max(len(t.columns) for t in tables) == 6


def test_pack_table_says_unsourced_in_short_with_a_note(tmp_path):
    pptx = pytest.importorskip("pptx")
    df = sample_df()
    df.loc[df["leader"] == "Donald Tusk", ["source", "url"]] = ["", ""]
    prs = pptx.Presentation(io.BytesIO(export.briefing_pptx(df, {}, AS_OF)))
    cells, notes = [], []
    for s in prs.slides:
        for sh in s.shapes:
            if sh.has_table:
                cells += [[c.text for c in row.cells] for row in sh.table.rows]
                notes += [x.text_frame.text for x in s.shapes if x.has_text_frame]
    poland = next(r for r in cells if r[0] == "Poland")
    assert poland[-1] == "unsourced"
    assert export.UNSOURCED_NOTE in notes
    if shutil.which("pdftotext"):
        text = _pdf_text(briefing_pdf(df, {}, AS_OF), tmp_path)
        assert export.UNSOURCED_NOTE in " ".join(text.split())
        assert "unsourced (no outlet or li…" not in text       # never cut, as the old table did


def test_method_slide_shows_the_measured_figures_large():
    pptx = pytest.importorskip("pptx")
    from dashboard.views import methodology as m
    slides = list(pptx.Presentation(io.BytesIO(export.briefing_pptx(sample_df(), {}, AS_OF))).slides)
    big = {}
    for sh in slides[-1].shapes:
        if sh.has_text_frame and sh.text_frame.paragraphs[0].runs:
            run = sh.text_frame.paragraphs[0].runs[0]
            big[run.text] = run.font.size.pt
    for value in (f"{method.REAL_F1:.2f}", f"{method.REAL_P:.2f}", f"{method.REAL_R:.2f}", str(m.REAL_ARTICLES)):
        assert big.get(value, 0) >= 28, value


def test_leader_slide_labels_a_government_once():
    pptx = pytest.importorskip("pptx")
    df = sample_df()
    figs = _pack(df)
    prs = pptx.Presentation(io.BytesIO(export.briefing_pptx(df, figs, AS_OF)))
    cats = [c for s in prs.slides for sh in s.shapes if sh.has_chart for c in sh.chart.plots[0].categories]
    assert "Germany (government)" in cats and "Germany (government) · Germany" not in cats


@pytest.mark.skipif(not shutil.which("libreoffice") or not shutil.which("pdftotext"),
                    reason="LibreOffice (a viewing tool) is not installed")
def test_pptx_renders_in_libreoffice_with_the_freshness_line_on_every_slide(tmp_path):
    df = sample_df()
    figs = _pack(df)
    path = tmp_path / "pack.pptx"
    path.write_bytes(export.briefing_pptx(df, figs, AS_OF))
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pages = _pdf_text((tmp_path / "pack.pdf").read_bytes(), tmp_path).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == len(figs) + 1 + 2 + 6 + 1
    note = export.freshness(df, AS_OF)
    for i, page in enumerate(pages):
        assert note.split(" · ")[0] in " ".join(page.split()), f"slide {i + 1} lacks the freshness line"


def test_every_pack_chart_passes_the_vega_lite_schema_and_is_drawn_once_for_pdf_and_slides():
    """Exports skip Altair's schema check (a third of their conversion time): this test is the check,
    for every page the pack builds, the map included. print_images draws each page's picture once,
    two at a time, and the PDF's pages find them kept."""
    import json as _json
    from pathlib import Path
    from dashboard import pack
    from dashboard.data import with_map_points
    from dashboard.filters import country_positions, current_positions, with_speaker
    data_dir = Path(__file__).resolve().parents[1] / "data"
    rows = with_speaker(_big_df())
    rows = rows[rows["date"] <= AS_OF]
    current = current_positions(rows, AS_OF)
    codes = with_map_points(pd.read_csv(data_dir / "country_codes.csv", dtype=str))
    topo = _json.loads((data_dir / "countries-110m.json").read_text())
    figs = pack.pack_charts(country_positions(current), current, rows, codes, topo, AS_OF)
    assert "Map" in figs and len(figs) >= 8
    for name, chart in figs.items():
        chart.to_dict(validate=True)          # raises on a spec Vega-Lite would not accept
    export.print_images(figs, "a note")
    drawn = [export._IMAGES.get((id(c), "png", export.PRINT_SCALE, "a note")) for c in figs.values()]
    assert all(hit is not None and hit[1][:8] == b"\x89PNG\r\n\x1a\n" for hit in drawn)
    jpegs = [export._IMAGES.get((id(c), "pdf-jpeg", export.PRINT_SCALE, "a note")) for c in figs.values()]
    assert all(hit is not None and hit[1][:2] == b"\xff\xd8" for hit in jpegs)


def _point_chart(mark: str = "point") -> alt.Chart:
    chart = alt.Chart(pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2]})).mark_point().encode(x="x:Q", y="y:Q")
    chart.mark = mark    # an unknown mark is passed through (no schema check) and refused by vl-convert
    return chart


def test_a_drawing_that_fails_holds_no_lock_and_leaves_nothing_behind():
    """vl-convert refuses the spec (an unknown mark): the two callers waiting on that image both get
    the error, none waits for ever; no per-image lock is left behind; the same chart, mended, then
    draws, once, and is kept."""
    import threading
    chart, note = _point_chart("no-such-mark"), "a failing drawing"
    errors: list[Exception] = []

    def draw() -> None:
        try:
            export.chart_png(chart, note=note)
        except ValueError as exc:
            errors.append(exc)
    threads = [threading.Thread(target=draw) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a caller still waits for the failed drawing"
    assert len(errors) == 2 and all("conversion failed" in str(e) for e in errors), errors
    assert not [k for k in export._DRAWING if k[0] == id(chart)]
    chart.mark = "point"                      # same object, so the same image key as the failure
    png = export.chart_png(chart, note=note)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and min(export.png_size(png)) > 50
    assert export.chart_png(chart, note=note) is png      # kept: not drawn again
    assert not [k for k in export._DRAWING if k[0] == id(chart)]


def test_a_second_caller_waits_for_the_drawing_under_way_and_does_not_redraw():
    """Two callers of one image (the background's drawing and a click): one drawing, both get it."""
    import json as _json
    import threading
    import time
    chart = _point_chart()
    key = (id(chart), "png", 1.0, "shared")
    calls: list[int] = []
    go = threading.Event()

    def make() -> bytes:
        calls.append(1)
        assert go.wait(60)
        return export._render("png", _json.dumps(export._offline_spec(chart, "shared")), 1.0)
    out: list[bytes] = []
    first = threading.Thread(target=lambda: out.append(export._memo(chart, "png", 1.0, "shared", make)))
    second = threading.Thread(target=lambda: out.append(export._memo(chart, "png", 1.0, "shared", make)))
    first.start()
    deadline = time.monotonic() + 60
    while not calls:                          # the first is drawing
        assert time.monotonic() < deadline
        time.sleep(0.01)
    second.start()
    while export._DRAWING.get(key, [None, 0])[1] < 2:   # the second waits on the same lock
        assert time.monotonic() < deadline
        time.sleep(0.01)
    go.set()
    first.join(60)
    second.join(60)
    assert len(calls) == 1 and len(out) == 2 and out[0] is out[1] and out[0][:8] == b"\x89PNG\r\n\x1a\n"
    assert key not in export._DRAWING


def test_the_packs_timeline_pages_show_what_each_pages_rows_with_every_column_show():
    """timeline_pages masks only the columns a timeline reads (charts.timeline_columns): each page's
    data is that of timeline_chart on the page's rows with every column, as before."""
    from dashboard import charts, pack
    from dashboard.filters import with_speaker
    rows = with_speaker(_big_df())
    rows = rows[rows["date"] <= AS_OF]
    pages = pack.timeline_pages(rows, AS_OF)
    assert len(pages) == 4                 # 40 country lanes, 10 a page
    d, bucket = charts.timeline_data(rows, "country")
    lanes = d.drop_duplicates("lane").sort_values("lane_order")["lane"].tolist()
    dated = pd.to_datetime(rows["date"]).dropna()
    domain = (dated.min().date().isoformat(), AS_OF)
    for (name, chart), chunk in zip(pages.items(), [lanes[i:i + 10] for i in range(0, 40, 10)]):
        whole = charts.timeline_chart(rows[rows["country"].isin(chunk)], "country", as_of=AS_OF, domain=domain,
                                      lanes_total=40, bucket=bucket)
        assert chart.to_dict() == whole.to_dict(), name
        assert {r["lane"] for r in chart.to_dict()["datasets"][next(iter(chart.to_dict()["datasets"]))]} == set(chunk)
