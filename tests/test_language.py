"""A text in another language is read, gives no rows, and says why (extract/text/language.py).

The texts are written for this test: a Spanish and a German paragraph on the question, and an
English one that quotes a foreign phrase, which must still read as English."""
import csv
import subprocess
import sys
from pathlib import Path

from extract.run.article import extract_article
import pytest

from extract.text import language
from extract.text.language import language_of, language_words, note, shares
from extract.text.read import read_bytes

ROOT = Path(__file__).resolve().parent.parent

SPANISH = ("El presidente del Gobierno, Pedro Sánchez, dijo el martes que España está dispuesta a enviar "
           "tropas a Ucrania como parte de una fuerza de paz europea, pero solo cuando se firme un alto el "
           "fuego. La oposición pidió que el Congreso vote antes cualquier despliegue, y el ministro de "
           "Exteriores explicó que la decisión se tomará con los socios de la Unión Europea.")
GERMAN = ("Bundeskanzler Friedrich Merz sagte am Mittwoch, Deutschland werde sich an einer Friedenstruppe "
          "in der Ukraine nicht beteiligen, solange es keinen Waffenstillstand gibt. Die Opposition im "
          "Bundestag forderte eine klare Antwort, und der Verteidigungsminister erklärte, die Bundeswehr "
          "sei für einen solchen Einsatz derzeit nicht ausgerüstet.")
ENGLISH = ("Spanish Prime Minister Pedro Sánchez said on Tuesday that Spain was ready to send troops to "
           "Ukraine once a ceasefire is signed. 'España no dará la espalda a Ucrania', he told reporters in "
           "Madrid, adding that the Congress would vote on any deployment before it began.")


CHINESE = ("法国总统马克龙周二表示，一旦停火协议签署，法国准备向乌克兰派遣部队，作为欧洲保障部队的一部分。"
           "他说，英国和法国的军事规划人员已经制定了部署计划，其他欧洲国家也在考虑参与。")
FACTBOX = ("- **France**: ready to send troops (Emmanuel Macron, 17 Feb)\n- **Britain**: ready (Keir Starmer, 16 Feb)\n"
           "- **Germany**: premature (Olaf Scholz, 17 Feb)\n- **Poland**: no troops (Donald Tusk, 17 Feb)\n"
           "- **Sweden**: possible (Ulf Kristersson, 17 Feb)\n- **Italy**: no troops (Giorgia Meloni, 18 Feb)\n"
           "- **Spain**: premature (Pedro Sánchez, 18 Feb)\n- **EU**: Ursula von der Leyen, Kaja Kallas, António Costa")


def test_other_languages_are_named_and_english_passes():
    assert language_of(SPANISH) == "Spanish" and language_of(GERMAN) == "German"
    assert language_of(CHINESE) == "Chinese"   # no spaces between words: told by its script
    assert language_of(ENGLISH) == ""          # a quoted Spanish sentence does not make it foreign
    n, share = shares(ENGLISH)
    assert n > 30 and share["English"] >= 0.11
    assert language_of("Sánchez: España enviará tropas") == ""   # too short to judge: no claim
    # few function words, but none of another language either: a list of names is not German
    assert shares(FACTBOX)[1]["English"] < 0.08 and language_of(FACTBOX) == ""


def test_no_other_list_shares_a_word_with_english():
    words = language_words()
    assert {lang: sorted(ws & words["English"]) for lang, ws in words.items()
            if lang != "English" and ws & words["English"]} == {}


def test_a_malformed_word_file_is_named(tmp_path, monkeypatch):
    bad = tmp_path / "language_words.csv"
    bad.write_text("language,words\nSpanish,el los las\nGerman\n", encoding="utf-8")
    monkeypatch.setattr(language, "WORDS_FILE", bad)
    language_words.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"language_words.csv: line 3: needs 'language,words'"):
            language_words()
        bad.write_text("language,words\nSpanish,el los las\n", encoding="utf-8")
        language_words.cache_clear()
        with pytest.raises(ValueError, match="no English line"):
            language_words()
    finally:
        language_words.cache_clear()


def test_the_reader_warns_and_the_extractor_gives_no_rows():
    article = read_bytes("sanchez_es.txt", SPANISH.encode("utf-8"))
    assert article.language == "Spanish" and note("Spanish") in article.warnings
    assert note("Spanish").startswith("the text reads as Spanish, not English") and "will miss the positions" in note("Spanish")
    assert extract_article(article) == []
    english = read_bytes("sanchez_en.txt", ENGLISH.encode("utf-8"))
    assert english.language == "" and not [w for w in english.warnings if "not English" in w]
    assert [(r["leader"], r["position"]) for r in extract_article(english)] == [("Pedro Sánchez", "support")]


def test_the_command_line_says_which_file_is_not_english(tmp_path):
    (tmp_path / "es.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    out = tmp_path / "rows.csv"
    proc = subprocess.run([sys.executable, "-m", "extract", str(tmp_path), "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if "reads as Spanish" in ln]
    assert len(lines) == 1 and "es.txt: the text reads as Spanish, not English" in lines[0]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["article_id"] for r in rows} == {"en"}
