"""Fuzz: bytes -> read_bytes -> extract_article, with the real spaCy model.

Only ArticleError may escape, and its message starts with the file's name.
Whatever is returned must be well-formed: a safe article id, no script text,
rows with every column, known positions, quotes taken from the article text.

The test calls the two public functions the app and the command line chain
(`read_then_extract` below: the wrapper proposed for extract/run/article.py);
it deliberately does NOT turn extractor exceptions into ArticleError, so an
extractor crash on weird text fails here with Hypothesis' minimal input.

Budget: about 60 s in all (max_examples per test, deadline=None); the model
is loaded once per module.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings as hsettings, strategies as st

from extract.text.read import display_name, read_bytes
from extract.schema import COLUMNS, POSITIONS, QUOTE_TYPES, ArticleError

pipeline = pytest.importorskip("extract.run.article")

EXTS = [".txt", ".md", ".html", ".htm"]
SAFE_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                   HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def nlp():
    from extract.nlp.parse import load_nlp
    return load_nlp()


def read_then_extract(name: str, data: bytes, nlp, meta: dict | None = None):
    """What the app's upload and the CLI do with one file: (Article, rows)."""
    article = read_bytes(name, data, meta)
    rows = pipeline.extract_article(article, nlp=nlp)
    return article, rows


def check(name: str, data: bytes, nlp, *, forbidden: tuple[str, ...] = ()):
    try:
        article, rows = read_then_extract(name, data, nlp)
    except ArticleError as exc:
        msg = str(exc)
        assert exc.name == display_name(name) and msg.startswith(f"{exc.name}: "), msg
        assert exc.reason.strip() and "\n" not in msg, msg
        return None
    assert article.text.strip() and "\x00" not in article.text
    assert SAFE_ID.fullmatch(article.article_id), article.article_id
    assert article.name == display_name(name)
    for bad in forbidden:
        assert bad not in article.text, bad
        assert bad not in article.title, bad
    assert isinstance(rows, list)
    for row in rows:
        missing = [c for c in COLUMNS if c not in row]
        assert not missing, missing
        assert row["position"] in POSITIONS, row["position"]
        assert row["quote_type"] in QUOTE_TYPES, row["quote_type"]
        assert 0.0 <= float(row["confidence"]) <= 1.0
        assert row["article_id"] == article.article_id
        # verbatim from the article: its text, or its headline (rule headline quotes the title)
        assert row["quote"] and (row["quote"] in article.text or row["quote"] == article.title.strip()), row
        assert row["url"] == "" or re.match(r"https?://", row["url"])
        assert row["date"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"])
    return article, rows


# ---------------------------------------------------------------- strategies

ZERO_WIDTH_RTL = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a",
                  "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
                  "\u061c", "\u00ad", "\u034f"]
QUOTES = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "「", "」", "``", "''"]
NAMES = ["Emmanuel Macron", "Macron", "Keir Starmer", "Starmer", "Friedrich Merz", "Olaf Scholz",
         "Giorgia Meloni", "Donald Tusk", "Viktor Orbán", "the French president", "the chancellor", "He",
         "She", "They", "Berlin", "NATO", "The government", "Mette Frederiksen"]
VERBS = ["said", "told reporters", "ruled out", "insisted", "warned", "added", "is ready to", "refused to",
         "would consider", "has said", "does not rule out", "could"]
TOPICS = ["send troops to Ukraine", "deploy soldiers to Ukraine", "a peacekeeping force in Ukraine",
          "boots on the ground", "the reassurance force", "troops", "the idea", "European forces in Ukraine",
          "a ceasefire", "if the US provides a backstop"]
FILLER = ["on Monday", "in Paris", "after talks", "—", ",", ";", ".", "?", "!", ":", "(", ")", "\n", "\n\n",
          "February 17, 2025", "2025-02-30", "LONDON, Feb 17 (Reuters) -", "not", "no", "never", "only if"]


@st.composite
def topical_text(draw):
    """Sentences near the extractor's vocabulary, with weird characters and unclosed quotes mixed in."""
    pieces = draw(st.lists(st.one_of(
        st.sampled_from(NAMES), st.sampled_from(VERBS), st.sampled_from(TOPICS), st.sampled_from(FILLER),
        st.sampled_from(QUOTES), st.sampled_from(ZERO_WIDTH_RTL),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    ), min_size=1, max_size=60))
    sep = draw(st.sampled_from([" ", "", " \u200b", "\u202e ", "\t"]))
    return sep.join(pieces)


def _html_of(body: str, draw) -> str:
    wrap = draw(st.sampled_from([
        "<html><head><title>{t}</title></head><body>{b}</body></html>",
        "<p>{b}",                                     # no html/body, unclosed
        "<html><body><article><h1>{t}</h1><p>{b}</p></article>",
        "<!doctype html><body><div><p>{b}</div></span></p></body>",
        "{b}",
        "<body><table><tr><td>{b}<td>{t}</table>",
        "<html><head><meta charset=\"{t}\"></head><body><p>{b}</p></body></html>",
    ]))
    title = draw(st.text(max_size=30))
    return wrap.replace("{t}", title).replace("{b}", body)


HOSTILE = [
    "<script>alert('XSS-SCRIPT')</script>",
    "<script type=\"text/javascript\">document.write('XSS-SCRIPT')",           # never closed
    "<img src=x onerror=\"alert('XSS-ONERROR')\">",
    "<a href=\"javascript:alert(1)\" onclick=\"alert('XSS-ONCLICK')\">link</a>",
    "<style>body{background:url('XSS-STYLE')}</style>",
    "<iframe src=\"javascript:alert(1)\">XSS-IFRAME</iframe>",
    "<svg onload=\"alert(1)\"><script>XSS-SVG</script></svg>",
    "<!-- XSS-COMMENT -->",
    "<noscript>XSS-NOSCRIPT</noscript>",
    "<template>XSS-TEMPLATE</template>",
]
HOSTILE_MARKERS = ("XSS-SCRIPT", "XSS-ONERROR", "XSS-ONCLICK", "XSS-STYLE", "XSS-COMMENT", "XSS-SVG")


SAFE_TAGS = ["<p>", "</p>", "<div>", "</div>", "<br>", "<b>", "</b>", "<i>", "</i>", "&amp;", "&#x202e;",
             "&nbsp;", "&#8220;", "<h1>", "</h1>", "<article>", "<li>"]
BROKEN = ["<p class='x", '<a href="', "<", ">", "</", "&#0;", "&#xD800;", "<![CDATA[", "]]>", "<?xml ?>",
          "<!--", "-->", "<script>", "</script>", "<style>", "<textarea>", "<plaintext>", "<table><td>",
          "<math><mi>", "<svg><desc>", "\x00", "\ufffe"]


@st.composite
def hostile_html(draw):
    """Well-formed markup (text escaped) with scripts, styles, comments and event handlers in it:
    none of their content may reach the article text."""
    import html as _html
    parts = draw(st.lists(st.one_of(st.sampled_from(HOSTILE), topical_text().map(_html.escape),
                                    st.sampled_from(SAFE_TAGS)),
                          min_size=1, max_size=25))
    return _html_of("".join(parts), draw)


@st.composite
def broken_html(draw):
    """Anything goes: unclosed tags, attributes and comments, stray brackets, raw text."""
    parts = draw(st.lists(st.one_of(st.sampled_from(HOSTILE), topical_text(), st.sampled_from(SAFE_TAGS),
                                    st.sampled_from(BROKEN), st.text(max_size=20)),
                          min_size=1, max_size=30))
    return _html_of("".join(parts), draw)


@st.composite
def nested_html(draw):
    depth = draw(st.integers(min_value=1, max_value=5000))
    tag = draw(st.sampled_from(["div", "span", "b", "blockquote", "li", "table", "p", "i"]))
    close = draw(st.booleans())
    body = draw(topical_text())
    return ("<html><body>" + f"<{tag}>" * depth + body + (f"</{tag}>" * depth if close else "")
            + "</body></html>")


name_strategy = st.one_of(
    st.just("fuzz"),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=20),
    st.sampled_from(["../../evil", "..\\..\\evil", "/etc/passwd", "a/b/c", "..", ".", " ", "CON",
                     "\u202eexe.txt", "\u200b"]),
)


# ---------------------------------------------------------------- the tests

@hsettings(max_examples=150, **FUZZ)
@given(data=st.binary(max_size=3000), ext=st.sampled_from(EXTS), stem=name_strategy)
def test_random_bytes(nlp, data, ext, stem):
    check(stem + ext, data, nlp)


@hsettings(max_examples=150, **FUZZ)
@given(text=st.text(max_size=1500), ext=st.sampled_from(EXTS))
@example(text="\u202e\u200b“ Macron said France will send troops to Ukraine", ext=".txt")
@example(text="«" * 500, ext=".md")
@example(text='"' * 999 + "troops", ext=".txt")
def test_random_unicode(nlp, text, ext):
    check("fuzz" + ext, text.encode("utf-8", "surrogatepass"), nlp)


@hsettings(max_examples=250, **FUZZ)
@given(text=topical_text(), ext=st.sampled_from([".txt", ".md"]))
@example(text="Macron said “France is ready to send troops to Ukraine. He added", ext=".txt")
@example(text="“Starmer: “we will ‘send troops to Ukraine” if „the US ‹backs› it", ext=".txt")
@example(text="\u202eMerz ruled out \u200bsending\u200b troops to Ukraine\u202c.", ext=".txt")
def test_topical_text_with_weird_characters(nlp, text, ext):
    check("fuzz" + ext, text.encode("utf-8", "surrogatepass"), nlp)


@hsettings(max_examples=60, **FUZZ)
@given(html=hostile_html(), ext=st.sampled_from([".html", ".htm"]))
@example(ext=".html", html="<html><head><title></title></head><body><h1><script>alert('XSS-SCRIPT')</script>"
              "<noscript>XSS-NOSCRIPT</noscript></body></html>")
def test_html_scripts_and_event_handlers_never_reach_the_text(nlp, html, ext):
    check("fuzz" + ext, html.encode("utf-8"), nlp, forbidden=HOSTILE_MARKERS)


@hsettings(max_examples=100, **FUZZ)
@given(html=broken_html(), ext=st.sampled_from([".html", ".htm"]))
def test_broken_html(nlp, html, ext):
    check("fuzz" + ext, html.encode("utf-8", "surrogatepass"), nlp)


@hsettings(max_examples=25, **FUZZ)
@given(html=nested_html())
@example(html="<html><body>" + "<div>" * 5000 + "Macron said France will send troops to Ukraine.</body></html>")
def test_deeply_nested_html(nlp, html):
    check("nested.html", html.encode("utf-8"), nlp)


@hsettings(max_examples=3, **FUZZ)
@given(unit=topical_text(), chars=st.integers(min_value=5_000, max_value=15_000),
       ext=st.sampled_from(EXTS), newline=st.booleans())
@example(unit="Merz “ruled out troops\u202e", chars=30_000, ext=".txt", newline=False)
def test_huge_lines(nlp, unit, chars, ext, newline):
    """One enormous line (no newline at all), or the same with line breaks, near the sizes users paste."""
    unit = (unit or "x") + (" Macron said France will send troops to Ukraine. " if not newline else "\n")
    text = (unit * (chars // max(len(unit), 1) + 1))[:chars]
    check("huge" + ext, text.encode("utf-8", "surrogatepass"), nlp)


def test_over_the_limits_is_an_article_error_naming_the_file(nlp, monkeypatch):
    from extract import settings
    monkeypatch.setattr(settings, "MAX_ARTICLE_CHARS", 1000)
    with pytest.raises(ArticleError, match=r"^long\.txt: text is 2,000 characters.*limit of 1,000"):
        read_then_extract("long.txt", b"a" * 2000, nlp)
    monkeypatch.setattr(settings, "MAX_FILE_BYTES", 100)
    with pytest.raises(ArticleError, match=r"^big\.html: file is .*over the limit"):
        read_then_extract("big.html", b"<p>" + b"a" * 200, nlp)
