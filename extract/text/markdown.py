"""Markdown -> plain text with a kept parser (markdown-it-py, CommonMark).

The markup goes, the words and quotation marks stay verbatim: link text without
the address, images without their alt text (as before), code as its text, HTML
tags dropped.  Blocks are separated by a blank line, and lines inside a block
keep their breaks.  markdown-it's cost grows linearly with the input (about
15-25 µs per character of dense markup on the development machine), unlike the
regular expressions this replaces.
"""
from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt

# markdown-it spends 20-30 µs on each character of dense markup (a run of '[' or '*a*'): 500,000
# of them took 10-16 s.  An article with 100 links and some emphasis has under 1,000 markup
# characters; a text with more than MAX_MARKUP is read as plain text (a warning says so).
MAX_MARKUP = 20_000
_MARKUP = re.compile(r"[\[\]()*_`!<>~\\|#&]")


def markup_count(text: str) -> int:
    return sum(1 for _ in _MARKUP.finditer(text))


_NESTING = re.compile(r"^(?:[ \t]*(?:[>*+-]|\d+[.)])(?=[ \t>]|$))+[ \t]*", re.MULTILINE)
_TAG = re.compile(r"<[^<>]*>")   # linear: each attempt stops at the next '<' or '>'


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark's preset stops at 20 levels of nesting (what is deeper is dropped, see to_text);
    # keep it: the cost of a run of '[' grows with this limit (100 made it 10 times slower)
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _inline(children) -> str:
    out: list[str] = []
    for tok in children or ():
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append("\n")
        # images (and their alt text), inline HTML tags and the markup tokens add nothing
    return "".join(out)


def to_text(markdown: str) -> str:
    """The plain text of a Markdown document."""
    blocks: list[str] = []
    cells: list[str] | None = None   # the cells of the table row being read
    for tok in _parser().parse(markdown):
        if tok.type == "tr_open":
            cells = []
        elif tok.type == "tr_close":
            blocks.append(" ".join(c for c in cells or [] if c))   # a table row is one line of its cells
            cells = None
        elif tok.type == "inline":
            (cells if cells is not None else blocks).append(_inline(tok.children))
        elif tok.type in ("fence", "code_block"):
            blocks.append(tok.content.rstrip("\n"))
        elif tok.type == "html_block":
            text = _TAG.sub("", tok.content).strip()
            if text:
                blocks.append(text)
    text = "\n\n".join(blocks)
    # nested past maxNesting, nothing is left: the text as written, less the quote and list
    # markers that nest it (hundreds of '>' per line would each be a token), loses no word
    return text if text.strip() or not markdown.strip() else _NESTING.sub("", markdown)
