"""Output and upload safety: article text never runs as HTML/Markdown, links are http(s) only,
upload names never become paths, the limits give clear messages, the server config is safe."""
from __future__ import annotations

import csv
import importlib.util
import math
import re
import tomllib
from pathlib import Path

import pytest

from tests.apptest import run, wait_extracted

from extract import settings
from extract.schema import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MDLINK = "[click](javascript:alert(1))"
BOLD = "**bold**"
EVIL_URL = "javascript:alert(1)"
# kinds whose body Streamlit renders as Markdown (with or without HTML)
MARKDOWN_KINDS = ("markdown", "caption", "info", "warning", "error", "success", "title", "header",
                  "subheader", "toast", "exception")


def _hostile_rows() -> list[dict]:
    rows = []
    for i, evil in enumerate((SCRIPT, IMG, MDLINK, BOLD)):
        rows.append({
            "article_id": f"evil{i}", "leader": f"{evil} Leader{i}", "country": "France",
            "role": "President", "date": f"2025-03-0{i + 1}", "topic": "troops_to_ukraine",
            "position": "support", "quote": f"He said {evil} we will send troops.", "quote_type": "direct",
            "source": f"{evil} Gazette", "url": EVIL_URL if i % 2 == 0 else f"https://example.org/{i}",
            "confidence": "0.9", "title": f"{evil} title", "published": f"2025-03-0{i + 1}",
            "mention": evil, "cue": "send", "role_kind": "head", "rule": "subject",
        })
    return rows


@pytest.fixture
def hostile(data_dir):
    with open(data_dir / "positions.csv", "a", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows([[r[c] for c in COLUMNS] for r in _hostile_rows()])
    reg = data_dir / "articles.csv"
    new = not reg.exists()
    with open(reg, "a", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        if new:
            w.writerow(["article_id", "title", "outlet", "url", "published", "sha256", "origin", "added_at"])
        for i, r in enumerate(_hostile_rows()):
            w.writerow([r["article_id"], r["title"], r["source"], r["url"], r["published"], f"{i:064d}",
                        "upload", "2025-03-01T00:00:00+00:00"])
    return data_dir




def _rendered_markdown(at) -> list[str]:
    out = []
    for kind in MARKDOWN_KINDS:
        for el in at.get(kind):
            out.append(str(getattr(el, "value", "") or ""))
            out.append(str(getattr(el, "label", "") or ""))
    for el in at.get("expander"):
        out.append(str(el.label))
    return out


def assert_nothing_runs(at) -> None:
    for body in _rendered_markdown(at):
        # md() turns every markup character into an escape: the raw forms must not be there
        # (a backslash before < [ ( : * makes it a literal character in Markdown)
        for raw in (r"(?<!\\)<script", r"(?<!\\)<img", r"(?<!\\)\]\(javascript", r"javascript(?<!\\):",
                    r"(?<!\\)\*(?<!\\)\*bold"):
            assert not re.search(raw, body), (raw, body)
    for el in list(at.dataframe) + list(at.data_editor):
        frame = el.value
        for col in frame.columns:
            if str(col).lower() in ("url", "link"):
                for v in frame[col]:
                    assert v is None or v == "" or (isinstance(v, float) and math.isnan(v)) \
                        or re.match(r"https?://", str(v)), v


def test_hostile_rows_are_shown_as_text_in_every_view(hostile):
    seen_quotes = False
    for view in ("support", "map", "timeline", "coalitions", "quotes", "add"):
        at = run(view=view)
        assert_nothing_runs(at)
        if view == "quotes":
            frame = at.dataframe[0].value
            mine = frame[frame["article_id"].astype(str).str.startswith("evil")]
            assert len(mine) == 4
            # the text itself is there, verbatim, in a text cell (rendered as text, not markup)
            assert any(SCRIPT in q for q in mine["quote"]) and any(MDLINK in t for t in mine["title"])
            assert EVIL_URL not in set(mine["url"].dropna())
            assert {u for u in mine["url"].dropna()} == {"https://example.org/1", "https://example.org/3"}
            seen_quotes = True
    assert seen_quotes


@pytest.mark.parametrize("evil", [SCRIPT, IMG, MDLINK, BOLD])
def test_hostile_names_in_filters_focus_and_presentation(hostile, evil):
    leader = next(r["leader"] for r in _hostile_rows() if evil in r["leader"])
    at = run(view="quotes", leader=leader, focus_leader=leader)
    assert_nothing_runs(at)
    at = run(view="support", focus_leader=leader)
    assert_nothing_runs(at)
    at = run(view="map", focus_country="France", present="1", leader=leader)
    assert_nothing_runs(at)


def test_hostile_load_problems_are_text(data_dir):
    with open(data_dir / "positions.csv", "a", encoding="utf-8") as fh:
        row = dict(_hostile_rows()[0], article_id="x", leader=SCRIPT, position=MDLINK, confidence="0.5", url="")
        fh.write(",".join(row[c].replace(",", " ") for c in COLUMNS) + "\n")
    at = run(view="support")
    assert_nothing_runs(at)
    assert any("unknown position" in t.value for t in at.text)


def test_unsafe_html_is_never_used_with_data():
    """The only unsafe_allow_html is the static presentation CSS; no st.html / components.html."""
    uses = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"unsafe_allow_html\s*=\s*True|st\.html\(|components\.v1|components\.html", line):
                uses.append((path.name, n, line.strip()))
    assert uses == [("app.py", uses[0][1], "st.markdown(PRESENT_CSS, unsafe_allow_html=True)  "
                                           "# static CSS only, never data")], uses
    app = (ROOT / "dashboard" / "app.py").read_text(encoding="utf-8")
    css = re.search(r'PRESENT_CSS = """(.*?)"""', app, re.S).group(1)
    assert "{" in css and "<script" not in css and "%s" not in css and "format" not in css


def test_every_csv_download_goes_through_table_csv():
    calls = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"download_button\((.*?)\n", text):
            calls.append((path.name, m.group(1)))
    csv_calls = [c for c in calls if "text/csv" in c[1] or ".csv" in c[1] or "csv" in c[1].lower()]
    assert calls and all(c[0] in ("common.py", "app.py") for c in calls), calls
    # CSV downloads: only common.table_download, whose data is export.table_csv
    common = (ROOT / "dashboard" / "views" / "common.py").read_text(encoding="utf-8")
    assert 'data=lambda: export.table_csv(df() if callable(df) else df), file_name=f"{name}.csv"' in common
    assert len(csv_calls) == 1, csv_calls
    mimes = re.findall(r'mime="([^"]+)"', "\n".join((ROOT / "dashboard").joinpath(*p).read_text()
                                                   for p in (("app.py",), ("views", "common.py"))))
    assert sorted(mimes) == sorted(["application/pdf", "image/png", "image/svg+xml", "text/csv",
                                    "application/vnd.openxmlformats-officedocument.presentationml.presentation"])


# ---------------------------------------------------------------- config

def test_streamlit_config_is_safe():
    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = conf["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    assert server["headless"] is True
    assert conf["browser"]["gatherUsageStats"] is False
    default_bytes = 10 * 1024 * 1024
    assert server["maxUploadSize"] == math.ceil(default_bytes / (1024 * 1024))
    if settings.MAX_FILE_BYTES == default_bytes:      # not overridden in this environment
        assert server["maxUploadSize"] * 1024 * 1024 >= settings.MAX_FILE_BYTES


# ---------------------------------------------------------------- uploads

needs_pipeline = pytest.mark.skipif(importlib.util.find_spec("extract.run.article") is None,
                                    reason="extract.run.article not available")

ARTICLE = ("COPENHAGEN, March 3, 2025 — Danish Prime Minister Mette Frederiksen said on Monday that "
           "Denmark is ready to send troops to Ukraine as part of a European force to secure a ceasefire. "
           "\"We are ready to contribute soldiers on the ground,\" Frederiksen told reporters.")


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@needs_pipeline
def test_upload_names_never_become_paths(data_dir, tmp_path, monkeypatch):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)      # "../../evil.txt" from here would land in tmp_path
    before_tmp = _tree(tmp_path)
    at = run(view="add")
    up = at.get("file_uploader")[0]
    up.upload("../../evil.txt", ("Denmark ready\n\n" + ARTICLE).encode(), "text/plain")
    up.upload("..\\..\\evil.html", f"<html><body><h1>Other</h1><p>{ARTICLE} Again.</p></body></html>".encode(),
              "text/html")
    at.run()
    wait_extracted(at.button(key="add_extract_files").click().run())
    assert not at.exception
    captions = [c.value for c in at.caption if c.value.startswith("Article id:")]
    assert len(captions) == 2 and all(c.startswith("Article id: evil ") for c in captions), captions
    ok = []
    for _ in range(2):
        add_key = next(b.key for b in at.button if b.key.startswith("add_") and "extract" not in b.key)
        at.button(key=add_key).click().run()
        ok += [s.value for s in at.success]
    assert any("as article evil." in s for s in ok) and any("as article evil-2." in s for s in ok), ok
    from extract.io.store import load_registry
    assert {"evil", "evil-2"} <= {e["article_id"] for e in load_registry(data_dir)}
    # nothing named after the upload, anywhere
    new = _tree(tmp_path) - before_tmp
    assert not [p for p in new if "evil" in p.lower()], new
    assert {p for p in new if not p.startswith("data")} == set(), new
    # (other sessions may write to the real data/ meanwhile: look only for the upload's name)
    near = _tree(ROOT / "data") | {x.name for x in ROOT.iterdir()} | {x.name for x in ROOT.parent.iterdir()}
    assert not [p for p in near if "evil" in p.lower()]
    assert not list(tmp_path.rglob("*evil*"))


@needs_pipeline
def test_files_per_upload_limit(data_dir, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILES_PER_UPLOAD", 2)
    at = run(view="add")
    up = at.get("file_uploader")[0]
    for i in range(3):
        up.upload(f"f{i}.txt", (f"Title {i}\n\n" + ARTICLE + f" Number {i}.").encode(), "text/plain")
    at.run()
    wait_extracted(at.button(key="add_extract_files").click().run())
    errors = " ".join(e.value for e in at.error)
    assert "at most 2" in errors and "the first 2 are processed" in errors and "f2" in errors
    assert len(at.data_editor) == 2


def test_file_size_limit(data_dir, monkeypatch):
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 1000)
    at = run(view="add")
    up = at.get("file_uploader")[0]
    up.upload("big.txt", b"a " * 1000, "text/plain")
    at.run()
    wait_extracted(at.button(key="add_extract_files").click().run())
    errors = " ".join(e.value for e in at.error)
    assert "big.txt: file is 2,000 bytes, over the limit of 1,000 bytes per file" in errors
    assert "setting COALITION_MAX_FILE_BYTES" in errors
    assert len(at.data_editor) == 0


def test_pasted_text_limit(data_dir, monkeypatch):
    monkeypatch.setattr(settings, "MAX_ARTICLE_CHARS", 100)
    at = run(view="add")
    at.text_area(key="add_text").set_value("x " * 100)
    wait_extracted(at.button(key="add_extract_paste").click().run())
    errors = " ".join(e.value for e in at.error)
    assert "200 characters" in errors and "limit of 100 characters" in errors
    assert len(at.data_editor) == 0


@needs_pipeline
@pytest.mark.parametrize("evil", [SCRIPT, MDLINK, BOLD])
def test_hostile_title_and_file_name_in_the_add_flow(data_dir, evil):
    at = run(view="add")
    at.text_input(key="add_title").set_value(f"{evil} Denmark")
    at.text_area(key="add_text").set_value(ARTICLE)
    wait_extracted(at.button(key="add_extract_paste").click().run())
    assert_nothing_runs(at)
    add_key = next(b.key for b in at.button if b.key.startswith("add_") and "extract" not in b.key)
    at.button(key=add_key).click().run()
    assert_nothing_runs(at)
    assert any("added" in s.value for s in at.success)
    up = at.get("file_uploader")[0]
    up.upload(f"{evil}.txt", b"", "text/plain")          # an error message carrying the name
    at.run()
    wait_extracted(at.button(key="add_extract_files").click().run())
    assert at.error
    assert_nothing_runs(at)


def test_the_app_listens_on_this_machine_only_by_default(tmp_path):
    """A plain `streamlit run` from the checkout (what run.sh execs) binds 127.0.0.1, not every interface."""
    import socket
    import subprocess
    import time
    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert conf["server"]["address"] == "127.0.0.1"
    assert 'address="${ADDRESS:-127.0.0.1}"' in (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "streamlit"), "run", "dashboard/app.py",
                             "--server.port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        listening = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not listening:
            time.sleep(0.5)
            for table in ("/proc/net/tcp", "/proc/net/tcp6"):
                for line in open(table).read().splitlines()[1:]:
                    local, state = line.split()[1], line.split()[3]
                    address, hexport = local.rsplit(":", 1)
                    if state == "0A" and int(hexport, 16) == port:   # 0A: LISTEN
                        listening.add(address)
        assert listening == {"0100007F"}, listening    # 127.0.0.1 only: no 0.0.0.0, no ::
    finally:
        proc.terminate()
        proc.wait(timeout=30)
