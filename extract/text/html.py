"""HTML -> main text and page metadata (trafilatura), with a linear fallback that needs no tree."""
from __future__ import annotations

import re

from .datelines import parse_date


def _html_fallback_text(html: str) -> str:
    """Text of <body> without script/style/etc., one block per line."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for el in doc.xpath("//script|//style|//noscript|//template|//head|//svg|//iframe|//object"):
        el.drop_tree()
    for el in doc.iter(etree.Comment, etree.ProcessingInstruction):
        el.drop_tree() if el.getparent() is not None else None
    blocks = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
              "blockquote", "section", "article", "header", "footer", "ul", "ol", "table", "pre"}
    for el in doc.iter():
        if isinstance(el.tag, str) and el.tag.lower() in blocks:
            el.tail = "\n" + (el.tail or "")
    body = doc.find("body")
    root = body if body is not None else doc
    text = root.text_content()
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


_CUT = re.compile(r"<!--|<(script|style|noscript|template|svg|math|iframe|object|embed|applet|head)\b")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|blockquote|section|article|header|footer|ul|ol|table|pre)\b[^<>]*>",
                        re.I)
_ANY_TAG = re.compile(r"<[^<>]*>")   # linear: each attempt stops at the next '<' or '>'


def _text_without_tree(html: str) -> str:
    """The text of a page nested too deeply for the HTML parser (libxml2 stops at 256 levels, so
    the text below is lost): comments and active elements cut out by finding their ends, every tag
    dropped, block tags as line breaks. str.find keeps it linear, where a lazy regex over an
    unclosed '<script' would scan to the end once per opening."""
    import html as html_lib

    low, out, i = html.lower(), [], 0
    while (m := _CUT.search(low, i)) is not None:
        out.append(html[i:m.start()])
        end_mark = "-->" if m.group(0) == "<!--" else f"</{m.group(1)}"
        end = low.find(end_mark, m.end())
        if end < 0:
            i = len(html)   # unclosed: a browser would not show the rest either
            break
        close = low.find(">", end)
        i = len(html) if close < 0 else close + 1
    out.append(html[i:])
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", "".join(out)))
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in html_lib.unescape(text).split("\n"))


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s/]+", url, re.I) and not re.search(r"\s", url) else ""


_ACTIVE = "//script|//style|//noscript|//template|//svg|//math|//iframe|//object|//embed|//applet"


def _without_active_content(html: str) -> str:
    """The page without scripts, styles, embedded objects and comments (their text must
    never become article text or the title: trafilatura's metadata reads an <h1> whole)."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for el in doc.xpath(_ACTIVE):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(doc.iter(etree.Comment, etree.ProcessingInstruction)):
        if el.getparent() is not None:
            el.drop_tree()
    return lxml.html.tostring(doc, encoding="unicode")


def _read_html(html: str) -> dict:
    """text/title/published/url/outlet from an HTML page."""
    import trafilatura

    found = {"text": "", "title": "", "published": "", "url": "", "outlet": ""}
    original, html = html, _without_active_content(html)
    try:
        text = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_recall=True,
            output_format="txt", with_metadata=False,
        )
    except Exception:
        text = None
    found["text"] = text or ""
    try:
        meta = trafilatura.extract_metadata(html, date_config={"extensive_search": False, "original_date": True})
    except Exception:
        meta = None
    if meta is not None:
        found["title"] = (getattr(meta, "title", None) or "").strip()
        found["published"] = parse_date(getattr(meta, "date", None) or "")
        found["url"] = _clean_url(getattr(meta, "url", None) or "")
        found["outlet"] = (getattr(meta, "sitename", None) or "").strip()
    if not found["text"].strip():
        found["text"] = _html_fallback_text(html)
    if not found["text"].strip():
        found["text"] = _text_without_tree(original)
    return found
