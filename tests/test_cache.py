"""Re-runs: only new or changed articles are extracted; the output is the same as a fresh run."""
import csv
import shutil
from pathlib import Path

from extract.run import cache as cache_mod
from extract.run.cache import RowCache, article_key, extractor_version
from extract.cli import main
from extract.schema import Article

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "articles"
PICK = ["neg_01_rule_out", "pron_01_across_sentences", "off_04_sports", "title_02_premiers"]


def _folder(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in PICK:
        shutil.copy(ARTICLES / f"{name}.txt", src)
    shutil.copy(ARTICLES / "manifest.csv", tmp_path / "manifest.csv")
    return src


def _run(src, out, tmp_path, *extra, capsys=None):
    code = main([str(src), "-o", str(out), "--manifest", str(tmp_path / "manifest.csv"), "--quiet", *extra])
    assert code == 0
    return out.read_text(encoding="utf-8")


def test_rerun_uses_cache_and_matches_fresh_run(tmp_path, capsys):
    src = _folder(tmp_path)
    fresh = _run(src, tmp_path / "fresh.csv", tmp_path, "--no-cache")
    first = _run(src, tmp_path / "a.csv", tmp_path, "--cache", str(tmp_path / "c"))
    assert "0 from the cache, 4 extracted" in capsys.readouterr().err
    second = _run(src, tmp_path / "b.csv", tmp_path, "--cache", str(tmp_path / "c"))
    assert "4 from the cache, 0 extracted" in capsys.readouterr().err
    assert fresh == first == second
    assert len(list(csv.DictReader(second.splitlines()))) > 3

    # A changed article is extracted again, the others come from the cache.
    p = src / "neg_01_rule_out.txt"
    p.write_text(p.read_text(encoding="utf-8") + "\nItalian Prime Minister Giorgia Meloni said Italy would never "
                 "send soldiers to Ukraine.\n", encoding="utf-8")
    third = _run(src, tmp_path / "c.csv", tmp_path, "--cache", str(tmp_path / "c"))
    assert "3 from the cache, 1 extracted" in capsys.readouterr().err
    assert third == _run(src, tmp_path / "d.csv", tmp_path, "--no-cache")


def test_default_cache_sits_beside_out(tmp_path):
    src = _folder(tmp_path)
    _run(src, tmp_path / "out" / "rows.csv", tmp_path)
    assert list((tmp_path / "out" / ".cache" / "extract").rglob("*.jsonl"))


def test_version_changes_with_sources_and_tables(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "topics", data / "topics")
    for t in cache_mod.TABLES:
        shutil.copy(ROOT / "data" / t, data / t)
    v1 = extractor_version("troops_to_ukraine", None, str(data))
    assert v1 == _fresh_version("troops_to_ukraine", None, str(data))
    with open(data / "roles.csv", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert _fresh_version("troops_to_ukraine", None, str(data)) != v1
    assert _fresh_version("troops_to_ukraine", "other_model", str(data)) != v1
    src = tmp_path / "src"
    src.mkdir()
    (src / "rules").mkdir()
    (src / "x.py").write_text("A = 1\n")
    monkeypatch.setattr(cache_mod, "SOURCE_DIR", src)
    v2 = _fresh_version("troops_to_ukraine", None, str(data))
    (src / "x.py").write_text("A = 2\n")
    assert _fresh_version("troops_to_ukraine", None, str(data)) != v2


def _fresh_version(*args):
    cache_mod._sources_version.cache_clear()   # the files are read once per process
    return extractor_version(*args)


def test_version_changes_with_the_caps(monkeypatch):
    v1 = extractor_version("troops_to_ukraine")
    monkeypatch.setattr(cache_mod.settings, "MAX_PARSED_TOKENS", 60)
    assert extractor_version("troops_to_ukraine") != v1
    from extract import bounds
    monkeypatch.undo()
    assert extractor_version("troops_to_ukraine") == v1
    monkeypatch.setattr(bounds, "MAX_SENTENCE_TOKENS", 40)
    assert extractor_version("troops_to_ukraine") != v1


def test_rows_made_under_other_caps_are_not_reused_and_cached_rows_keep_their_warnings(tmp_path, capsys,
                                                                                        monkeypatch):
    """A seed article read under a small token cap gives fewer rows and a warning; a run under the
    default caps with the same cache extracts it again (all its rows); a run under the small cap again
    takes the small-cap rows from the cache, and says the same warning."""
    from extract import settings
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(ROOT / "seeds" / "000_57a277f517d4234b.txt", src)
    shutil.copy(ROOT / "seeds" / "manifest.csv", tmp_path / "manifest.csv")
    cache = ["--cache", str(tmp_path / "c")]

    def run(out, tokens):
        monkeypatch.setattr(settings, "MAX_PARSED_TOKENS", tokens)
        code = main([str(src), "-o", str(tmp_path / out), "--manifest", str(tmp_path / "manifest.csv"), *cache])
        assert code == 0
        return list(csv.DictReader((tmp_path / out).read_text(encoding="utf-8").splitlines())), capsys.readouterr().err

    cut_warning = "the last"
    small, err = run("small.csv", 150)
    assert "0 from the cache, 1 extracted" in err and "model reads per article" in err and cut_warning in err
    full, err = run("full.csv", 10_000)
    assert "0 from the cache, 1 extracted" in err and "model reads per article" not in err
    assert len(full) > len(small) > 0
    again, err = run("again.csv", 150)
    assert "1 from the cache, 0 extracted" in err and again == small
    assert "warning: " in err and "model reads per article" in err


def test_key_covers_metadata_and_roundtrip(tmp_path):
    a = Article("a", "text", title="T", published="2025-01-01", url="https://x", outlet="O")
    b = Article("a", "text", title="T2", published="2025-01-01", url="https://x", outlet="O")
    assert article_key(a) != article_key(b)
    assert article_key(a) == article_key(Article("a", "text", title="T", published="2025-01-01",
                                                 url="https://x", outlet="O", name="other.txt"))
    c = RowCache(tmp_path, "v" * 64)
    assert c.get("k" * 64) is None
    rows = [{"article_id": "a", "confidence": 0.81, "quote": "“Ja,” sagte er.\nNein"}]
    c.put("k" * 64, rows)
    c.put("e" * 64, [])
    c.put("w" * 64, rows, ["1 sentence(s) over 250 tokens skipped (the first at character 0)"])
    assert c.get("k" * 64) == rows and c.get("e" * 64) == [] and c.get("w" * 64) == rows
    assert c.get_entry("w" * 64) == (rows, ["1 sentence(s) over 250 tokens skipped (the first at character 0)"])
    assert c.get_entry("k" * 64) == (rows, [])
    assert not list(tmp_path.rglob("*.tmp"))
