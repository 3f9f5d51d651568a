"""The command line: a batch with bad files goes on, says why, exits 1, and writes OUT whole."""
import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "extract", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_seeds_with_manifest(tmp_path):
    out = tmp_path / "positions.csv"
    proc = run("seeds", "-o", out, "--manifest", "seeds/manifest.csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["article_id"] for r in rows} == {"000_57a277f517d4234b", "002_88275ef64904e8de"}
    merz = [r for r in rows if r["leader"] == "Friedrich Merz"]
    assert merz and all(r["date"] == "2025-05-17" and r["source"] == "Caliber.Az" for r in merz)
    assert "read 2 article(s)" in proc.stderr


def test_bad_inputs_are_reported_and_the_rest_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Swedish Prime Minister Ulf Kristersson said on Monday Sweden was ready to send troops to Ukraine.\n",
                    encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04zip")
    (tmp_path / "latin1.txt").write_bytes("Le Premier ministre Pedro Sánchez a parlé. Spanish Prime Minister Pedro "
                                          "Sánchez said Spain would not rule out sending troops to Ukraine.".encode("cp1252"))
    out = tmp_path / "out" / "rows.csv"
    proc = run(tmp_path, "-o", out)
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if "FAILED" in line]
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("fake.txt" in e and "PDF" in e for e in errors)
    assert any("notes.docx" in e for e in errors)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    who = {(r["article_id"], r["leader"], r["position"]) for r in rows}
    assert ("good", "Ulf Kristersson", "support") in who
    assert ("latin1", "Pedro Sánchez", "conditional") in who
    assert "3 failed" in proc.stderr


def test_output_is_replaced_whole_or_not_at_all(tmp_path):
    out = tmp_path / "rows.csv"
    out.write_text("previous,content\n", encoding="utf-8")
    proc = run(tmp_path / "missing-folder", "-o", out, "--topic", "no_such_topic")
    assert proc.returncode != 0 and "no_such_topic" in proc.stderr
    assert out.read_text(encoding="utf-8") == "previous,content\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_add_to_keeps_other_articles_and_is_idempotent(tmp_path):
    import shutil
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".cache", ".lock"))
    (data / "positions.csv").unlink()
    (data / "articles.csv").unlink()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "oslo.txt").write_text("Norwegian Prime Minister Jonas Gahr Støre said Norway would not send troops to Ukraine.\n",
                                   encoding="utf-8")
    assert run(mine, "--add-to", data).returncode == 0
    for _ in range(2):   # the seeds twice: their rows are replaced, not doubled; oslo stays
        proc = run("seeds", "--manifest", "seeds/manifest.csv", "--add-to", data)
        assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader((data / "positions.csv").open(encoding="utf-8")))
    registry = list(csv.DictReader((data / "articles.csv").open(encoding="utf-8")))
    assert sorted(r["article_id"] for r in registry) == ["000_57a277f517d4234b", "002_88275ef64904e8de", "oslo"]
    assert ("oslo", "Jonas Gahr Støre", "oppose") in {(r["article_id"], r["leader"], r["position"]) for r in rows}
    seed_rows = [r for r in rows if r["article_id"].startswith("00")]
    proc = run("seeds", "--manifest", "seeds/manifest.csv", "-o", tmp_path / "seeds.csv")
    fresh = list(csv.DictReader((tmp_path / "seeds.csv").open(encoding="utf-8")))
    assert len(seed_rows) == len(fresh) and {r["quote"] for r in seed_rows} == {r["quote"] for r in fresh}


def test_add_to_again_refreshes_the_registry_entry(tmp_path):
    data = tmp_path / "data"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "oslo.txt").write_text("Norwegian Prime Minister Jonas Gahr Støre said Norway would not send troops to Ukraine.\n",
                                   encoding="utf-8")
    manifest = tmp_path / "manifest.csv"

    def add(title, published, outlet, url):
        manifest.write_text(f"article_id,title,outlet,url,published\noslo,{title},{outlet},{url},{published}\n",
                            encoding="utf-8")
        proc = run(mine, "--manifest", manifest, "--add-to", data)
        assert proc.returncode == 0, proc.stderr
        rows = list(csv.DictReader((data / "positions.csv").open(encoding="utf-8")))
        registry = list(csv.DictReader((data / "articles.csv").open(encoding="utf-8")))
        return rows, registry

    rows1, (first,) = add("Old title", "2025-03-01", "Old Paper", "https://old.example/oslo")
    assert (first["title"], first["published"], first["outlet"]) == ("Old title", "2025-03-01", "Old Paper")
    rows2, registry = add("New title", "2025-03-05", "New Paper", "https://new.example/oslo")
    assert len(registry) == 1
    (entry,) = registry
    assert (entry["article_id"], entry["title"], entry["published"], entry["outlet"], entry["url"]) == \
        ("oslo", "New title", "2025-03-05", "New Paper", "https://new.example/oslo")
    assert (entry["sha256"], entry["origin"], entry["added_at"]) == (first["sha256"], "cli", first["added_at"])
    # the rows were replaced, not doubled, and carry the new metadata too
    assert rows1 and len(rows2) == len(rows1) and {r["article_id"] for r in rows2} == {"oslo"}
    assert {(r["title"], r["published"], r["source"]) for r in rows2} == {("New title", "2025-03-05", "New Paper")}
