"""A text in another language is read, gives no rows, and says why (extract/text/language.py).

The texts are written for this test: a Spanish and a German paragraph on the question, and an
English one that quotes a foreign phrase, which must still read as English."""
import csv
import subprocess
import sys
from pathlib import Path

from extract.run.article import extract_article
from extract.text.language import not_english, shares
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


def test_other_languages_are_named_and_english_passes():
    assert "reads as Spanish" in not_english(SPANISH)
    assert "reads as German" in not_english(GERMAN)
    assert not_english(ENGLISH) is None   # a quoted Spanish sentence does not make it foreign
    n, share = shares(ENGLISH)
    assert n > 30 and share["English"] >= 0.11
    assert not_english("Sánchez: España enviará tropas") is None   # too short to judge: no claim


def test_the_reader_warns_and_the_extractor_gives_no_rows():
    article = read_bytes("sanchez_es.txt", SPANISH.encode("utf-8"))
    [warning] = [w for w in article.warnings if "English" in w]
    assert warning.startswith("the text reads as Spanish") and "finds no positions" in warning
    assert extract_article(article) == []
    english = read_bytes("sanchez_en.txt", ENGLISH.encode("utf-8"))
    assert not [w for w in english.warnings if "English" in w]
    assert [(r["leader"], r["position"]) for r in extract_article(english)] == [("Pedro Sánchez", "support")]


def test_the_command_line_says_which_file_is_not_english(tmp_path):
    (tmp_path / "es.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    out = tmp_path / "rows.csv"
    proc = subprocess.run([sys.executable, "-m", "extract", str(tmp_path), "-o", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if "reads as Spanish" in ln]
    assert len(lines) == 1 and "es.txt: the text reads as Spanish" in lines[0]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["article_id"] for r in rows} == {"en"}
