"""extract.text.read: real fixture files and real bytes, no mocks."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract import settings
from extract.text.read import (
    NO_DATE_WARNING,
    article_id_for,
    dateline_date,
    iter_input_paths,
    load_manifest,
    parse_date,
    read_bytes,
    read_path,
    strip_markdown,
)
from extract.schema import Article, ArticleError

FIXTURES = Path(__file__).parent / "fixtures"


# --- formats ----------------------------------------------------------------

@pytest.mark.parametrize(
    "fixture, expected",
    [
        ("article.txt", dict(
            article_id="article",
            title="Starmer ready to put British troops on the ground in Ukraine",
            published="2025-02-17", url="", outlet="",
            text_starts="Published: 17 February 2025",
            text_has=['"ready and willing"', "“I do not say that lightly,” Starmer wrote"])),
        ("article.md", dict(
            article_id="article",
            title="Sweden does not rule out sending troops",
            published="2025-02-17", url="", outlet="",
            text_starts="February 17, 2025",
            text_has=["Maria Malmer Stenergard said her country would not rule out sending forces.",
                      "“We have to win the peace,” she told Sveriges Radio.",
                      "The summit was held in Paris."])),
        ("article_meta.html", dict(
            article_id="article_meta",
            title="Merz rules out sending German troops to Ukraine",
            published="2025-02-17",
            url="https://news.example.com/world/merz-troops",
            outlet="Example News",
            text_starts="German Chancellor Friedrich Merz said on Monday",
            text_has=["“There is no decision and no discussion about sending soldiers,” Merz told reporters",
                      "NATO’s Article 5"])),
        ("article_dateline.htm", dict(
            article_id="article_dateline",
            title="Tusk says Poland will not send troops",
            published="2025-02-17", url="", outlet="",
            text_starts="WARSAW, Feb 17, 2025 (Reuters) - Poland will not send soldiers",
            text_has=['"We do not plan to send Polish soldiers to the territory of Ukraine," Tusk'])),
    ],
)
def test_formats(fixture, expected):
    article = read_path(FIXTURES / fixture)
    assert isinstance(article, Article)
    assert article.article_id == expected["article_id"]
    assert article.title == expected["title"]
    assert article.published == expected["published"]
    assert article.url == expected["url"]
    assert article.outlet == expected["outlet"]
    assert article.text.startswith(expected["text_starts"])
    for piece in expected["text_has"]:
        assert piece in article.text
    assert article.warnings == []
    assert article.name.endswith(fixture)


@pytest.mark.parametrize("fixture", ["article_meta.html", "article_dateline.htm"])
def test_html_never_returns_script_or_style(fixture):
    article = read_path(FIXTURES / fixture)
    for marker in ("SCRIPT", "STYLE_PAYLOAD", "dataLayer", "console.log", "document.write", "display: none"):
        assert marker not in article.text
        assert marker not in article.title


def test_html_fallback_when_trafilatura_finds_nothing():
    html = (b"<html><head><title>T</title><script>var s='SCRIPT_X';</script>"
            b"<style>p{color:red}</style></head>"
            b"<body><div>Tusk: no Polish troops.</div><script>alert('SCRIPT_Y')</script></body></html>")
    article = read_bytes("tiny.html", html)
    assert "Tusk: no Polish troops." in article.text
    assert "SCRIPT" not in article.text and "color" not in article.text


def test_html_with_only_script_has_no_text():
    with pytest.raises(ArticleError, match=r"only_script\.html: no article text found"):
        read_bytes("only_script.html", b"<html><body><script>var a = 'x';</script></body></html>")


def test_html_declared_charset_is_used():
    html = ('<html><head><meta charset="windows-1252"><title>Sánchez</title></head><body>'
            '<p>Pedro Sánchez said “we are not there yet” on sending troops to Ukraine, '
            'speaking to reporters in Madrid on Tuesday after the Paris meeting.</p></body></html>')
    article = read_bytes("es.html", html.encode("cp1252"))
    assert "Pedro Sánchez said “we are not there yet”" in article.text


def test_txt_single_line_is_text_not_title():
    article = read_bytes("one.txt", b"Macron wants troops in Ukraine")
    assert article.title == ""
    assert article.text == "Macron wants troops in Ukraine"


@pytest.mark.parametrize(
    "first_line, is_title",
    [
        ("Merz rules out troops", True),
        ("Will Europe send troops?", True),
        ("Merz said Germany would not send troops.", False),
        ("x" * 199, True),
        ("x" * 200, False),
    ],
)
def test_txt_title_rule(first_line, is_title):
    body = "Body sentence one. Body sentence two."
    article = read_bytes("t.txt", f"\n\n{first_line}\n{body}\n".encode())
    if is_title:
        assert article.title == first_line
        assert article.text == body
    else:
        assert article.title == ""
        assert article.text == f"{first_line}\n{body}"


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("## Heading ##", "Heading"),
        ("**bold** and *italic* and __b2__ and _i2_", "bold and italic and b2 and i2"),
        ("see [the report](https://x.org/a_(b)) now", "see the report now"),
        ("![alt text](img.png)Photo", "Photo"),
        ("> “Quoted,” he said.", "“Quoted,” he said."),
        ("- item one", "item one"),
        ("snake_case_name and 2 * 3 * 4 stay", "snake_case_name and 2 * 3 * 4 stay"),
        ("| who | said |\n|---|---|\n| Macron | yes |", "who said\n\nMacron yes"),
        ("<div>Starmer <b>agreed</b>.</div>\n\npara\nline two", "Starmer agreed.\n\npara\nline two"),
        ("**a **a [b [c ![d", "**a **a [b [c ![d"),
        ('He said "no troops" -- and *“no planes”*.', 'He said "no troops" -- and “no planes”.'),
        ("`code` \\*escaped\\*", "code *escaped*"),
        ("Title\n=====", "Title"),
    ],
)
def test_strip_markdown(markdown, expected):
    assert strip_markdown(markdown) == expected


# --- encodings --------------------------------------------------------------

@pytest.mark.parametrize("fixture", ["cp1252.txt", "latin1.txt", "utf16.txt", "utf8_bom.txt"])
def test_encodings(fixture):
    article = read_path(FIXTURES / fixture)
    assert article.title == "Sánchez and Støre reject troop plan"
    assert "Pedro Sánchez" in article.text and "Jonas Gahr Støre" in article.text
    assert "\r" not in article.text and "\ufeff" not in article.text
    assert article.published == "2025-02-18"
    if fixture != "latin1.txt":     # latin-1 has no curly quotes
        assert "“it is premature to talk about sending troops”" in article.text
        assert "Norway’s" in article.text


def test_nfc_and_zero_width_removed():
    decomposed = "Sa\u0301nchez said no\u200b troops\u2060 today\ufeff."
    article = read_bytes("z.txt", decomposed.encode("utf-8"))
    assert article.text == "Sánchez said no troops today."


# --- bad inputs -------------------------------------------------------------

@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\t\r\n  ", "only whitespace"),
        ("bom_only.txt", b"\xef\xbb\xbf \n", "only whitespace"),
        ("nul.txt", b"hello\x00world\x00" * 10, "NUL bytes"),
        ("doc.txt", b"%PDF-1.4\n...", "looks like a PDF, not text"),
        ("word.txt", b"PK\x03\x04\x14\x00\x06\x00", "looks like a ZIP archive"),
        ("pic.md", b"\x89PNG\r\n\x1a\n\x00\x00", "looks like a PNG image, not text"),
        ("photo.html", b"\xff\xd8\xff\xe0\x00\x10JFIF", "looks like a JPEG image, not text"),
        ("anim.htm", b"GIF89a\x01\x00\x01\x00", "looks like a GIF image, not text"),
        ("packed.txt", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "looks like a gzip archive, not text"),
        ("report.pdf", b"%PDF-1.4", "unsupported file type '.pdf' (expected .txt, .md, .html or .htm)"),
        ("noext", b"text", "unsupported file type"),
        ("data.docx", b"PK\x03\x04", "unsupported file type '.docx'"),
        ("bad16.txt", b"\xff\xfe\x00\xd8", "cannot decode text"),
    ],
)
def test_bad_bytes(name, data, reason):
    with pytest.raises(ArticleError) as info:
        read_bytes(name, data)
    message = str(info.value)
    assert message.startswith(f"{name}: ")
    assert reason in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "fixture, reason",
    [("fake_pdf.txt", "looks like a PDF, not text"), ("fake_png.md", "looks like a PNG image, not text")],
)
def test_renamed_binaries(fixture, reason):
    with pytest.raises(ArticleError) as info:
        read_path(FIXTURES / fixture)
    assert fixture in str(info.value) and reason in str(info.value)


def test_huge_file_refused_before_reading(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:                 # 50 MB of real text
        line = b"Leaders discussed sending troops to Ukraine again today.\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size > 50 * 1024 * 1024
    with pytest.raises(ArticleError) as info:
        read_path(big)
    message = str(info.value)
    assert "huge.txt" in message
    assert "50.0 MB" in message and f"{settings.MAX_FILE_BYTES:,} bytes" in message


def test_large_bytes_refused():
    data = b"a" * (settings.MAX_FILE_BYTES + 1)
    with pytest.raises(ArticleError, match=r"big\.txt: file is .* over the limit"):
        read_bytes("big.txt", data)


def test_text_over_char_limit(tmp_path):
    # under the byte limit (multi-byte chars count once) but over the char limit
    n = settings.MAX_ARTICLE_CHARS + 10
    assert n <= settings.MAX_FILE_BYTES
    with pytest.raises(ArticleError) as info:
        read_bytes("long.txt", b"x" * n)
    assert "long.txt" in str(info.value)
    assert f"{settings.MAX_ARTICLE_CHARS:,}" in str(info.value)


def test_missing_path_and_folder(tmp_path):
    with pytest.raises(ArticleError, match="no such file"):
        read_path(tmp_path / "missing.txt")
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(ArticleError, match="is a folder"):
        read_path(folder)


def test_undecodable_garbage_never_escapes_other_errors():
    # random-looking bytes that are not UTF-8 and have no NUL: ArticleError or an Article, nothing else
    data = bytes(range(1, 256)) * 40
    try:
        read_bytes("noise.txt", data)
    except ArticleError as exc:
        assert "noise.txt" in str(exc)


def test_non_bytes_input_is_article_error():
    with pytest.raises(ArticleError, match="expected bytes"):
        read_bytes("x.txt", "a str")  # type: ignore[arg-type]


# --- names ------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, article_id",
    [
        ("../../etc/passwd.txt", "passwd"),
        ("..\\..\\windows\\win.ini.txt", "win.ini"),
        ("/abs/path/Report 2025 (final).HTML", "Report_2025__final_"),
        ("résumé.md", "r_sum_"),
        ("..txt", "article"),
        ("a/b/.hidden.txt", "hidden"),
        ("simple.htm", "simple"),
    ],
)
def test_article_id(name, article_id):
    assert article_id_for(name) == article_id
    if name.lower().endswith((".txt", ".md", ".html", ".htm")):
        assert read_bytes(name, b"Some article text.").article_id == article_id


# --- dates ------------------------------------------------------------------

@pytest.mark.parametrize(
    "head, expected",
    [
        ("17 February 2025\nText.", "2025-02-17"),
        ("February 17, 2025\nText.", "2025-02-17"),
        ("2025-02-17\nText.", "2025-02-17"),
        ("Feb. 17, 2025\nText.", "2025-02-17"),
        ("Sept. 3, 2024 - text", "2024-09-03"),
        ("Monday 17th February, 2025", "2025-02-17"),
        ("Published: 17 Feb 2025 10:32 GMT", "2025-02-17"),
        ("Updated 2025-02-17T10:32:00Z", "2025-02-17"),
        ("LONDON, Feb 17, 2025 (Reuters) - Britain said", "2025-02-17"),
        ("Title 2025\nLONDON, Feb 17 (Reuters) - Britain said", "2025-02-17"),
        ("LONDON, Feb 17 (Reuters) - Britain said", ""),            # no year anywhere: unknown
        ("31 February 2025", ""),                                  # not a real date
        ("Title\nline two\nline three\n17 February 2025", ""),    # only the first 3 lines
        ("No date here at all.", ""),
        ("In 2025, leaders met.", ""),
    ],
)
def test_dateline(head, expected):
    assert dateline_date(head) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-02-17", "2025-02-17"),
        ("2025-02-17T09:30:00+00:00", "2025-02-17"),
        ("17 February 2025", "2025-02-17"),
        ("Feb. 17, 2025", "2025-02-17"),
        ("2025/2/7", "2025-02-07"),
        ("soon", ""),
        ("2025-13-01", ""),
        ("17 February 2025 and more words", ""),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_no_date_warning():
    article = read_bytes("nodate.txt", b"Merz rules out troops\nMerz said no troops would be sent.")
    assert article.published == ""
    assert article.warnings == [NO_DATE_WARNING]


# --- manifest ---------------------------------------------------------------

def test_manifest_wins_over_file():
    manifest = load_manifest(FIXTURES / "manifest.csv")
    assert manifest["article"] == {
        "title": "Manifest title for the txt", "outlet": "The Manifest Times",
        "url": "https://manifest.example.org/a", "published": "2025-03-01",
    }
    assert manifest["article_meta"] == {}        # empty cells do not override
    article = read_path(FIXTURES / "article.txt", manifest["article"])
    assert (article.title, article.outlet, article.url, article.published) == (
        "Manifest title for the txt", "The Manifest Times", "https://manifest.example.org/a", "2025-03-01")
    html = read_path(FIXTURES / "article_meta.html", manifest["article_meta"])
    assert html.title == "Merz rules out sending German troops to Ukraine"
    assert html.published == "2025-02-17"


@pytest.mark.parametrize(
    "meta, field, expected",
    [
        ({"published": "17 Feb 2025"}, "published", "2025-02-17"),
        ({"published": ""}, "published", ""),
        ({"title": "  Spaced  "}, "title", "Spaced"),
        ({"url": "javascript:alert(1)"}, "url", ""),
        ({"unknown": "x", "outlet": "BBC"}, "outlet", "BBC"),
    ],
)
def test_meta_values(meta, field, expected):
    article = read_bytes("m.txt", b"Some text about troops.", meta)
    assert getattr(article, field) == expected


def test_bad_manifest_date_in_read_bytes():
    with pytest.raises(ArticleError) as info:
        read_bytes("m.txt", b"Some text.", {"published": "next Tuesday"})
    assert str(info.value).startswith("m.txt: ") and "'next Tuesday'" in str(info.value)


@pytest.mark.parametrize(
    "content, error",
    [
        ("id,title\na,b\n", "no 'article_id' column"),
        ("article_id,published\na,2025-01-01\nb,yesterday\n", "line 3: published date 'yesterday'"),
        ("article_id,title\na,x\na,y\n", "line 3: article_id 'a' appears twice"),
        ("", "manifest is empty"),
    ],
)
def test_bad_manifest(tmp_path, content, error):
    path = tmp_path / "manifest.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ArticleError) as info:
        load_manifest(path)
    assert str(path) in str(info.value) and error in str(info.value)


def test_manifest_ids_are_sanitised_and_extensions_dropped(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text("\ufeffArticle_ID , Title\nreport one.txt,T1\nx/y,T2\n", encoding="utf-8")
    assert load_manifest(path) == {"report_one": {"title": "T1"}, "x_y": {"title": "T2"}}


def test_manifest_missing():
    with pytest.raises(ArticleError, match="no such file"):
        load_manifest(FIXTURES / "nope.csv")


# --- inputs -----------------------------------------------------------------

def test_iter_input_paths(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    for rel in ["b.txt", "a.HTML", "sub/c.md", "sub/d.pdf", "manifest.csv", "other.csv",
                "meta.json", "README.md", ".hidden.txt", ".git/x.txt", "notes.docx"]:
        (root / rel).write_text("x")
    single = tmp_path / "single.txt"
    single.write_text("x")
    got = list(iter_input_paths([root, str(single), tmp_path / "missing", single]))
    names = [(p.relative_to(tmp_path).as_posix(), err is None) for p, err in got]
    assert names == [
        ("in/a.HTML", True),
        ("in/b.txt", True),
        ("in/notes.docx", False),
        ("in/sub/c.md", True),
        ("in/sub/d.pdf", False),
        ("single.txt", True),
        ("missing", False),
    ]
    errors = {p.name: str(err) for p, err in got if err}
    assert "unsupported file type '.pdf'" in errors["d.pdf"]
    assert "no such file or folder" in errors["missing"]


# --- robustness -------------------------------------------------------------

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402


@hsettings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), ext=st.sampled_from([".txt", ".md", ".html", ".htm"]))
def test_arbitrary_bytes_only_raise_article_error(data, ext):
    try:
        article = read_bytes(f"fuzz{ext}", data)
    except ArticleError as exc:
        assert str(exc).startswith(f"fuzz{ext}: ") and "\n" not in str(exc)
    else:
        assert article.text.strip() and "\x00" not in article.text


@hsettings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500), ext=st.sampled_from([".txt", ".md", ".html"]))
def test_arbitrary_text_only_raises_article_error(text, ext):
    try:
        read_bytes(f"t{ext}", text.encode("utf-8", "surrogatepass"))
    except ArticleError:
        pass
