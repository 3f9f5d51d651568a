"""Bytes -> Article: the reader's public API, file names and folders, Markdown and titles.

Decoding is in `decode`, HTML in `html`, datelines in `datelines`. Over 300 lines because the
folder walk, the manifest and the size checks belong with the one entry point they guard.

Everything here is a pure function of its inputs except `read_path` /
`iter_input_paths` / `load_manifest`, which touch the file system.  The only
exception allowed to escape is `ArticleError` (name + one-line reason).
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
import time
from pathlib import Path
from typing import Iterable, Iterator

from .. import settings
from ..schema import Article, ArticleError
from .datelines import DATELINE_LINES, dateline_date, parse_date  # noqa: F401 (dateline_date: part of this API)
from .decode import _CONTROL, _decode, _sniff_binary, _tidy, normalise_text
from .html import _clean_url, _read_html
from .language import language_of, note

SUPPORTED_EXTENSIONS = (".txt", ".md", ".html", ".htm")
# Files inside input folders that are neither articles nor worth an error.
SKIPPED_EXTENSIONS = (".csv", ".json")
SKIPPED_NAMES = ("manifest.csv", "readme.md")
META_KEYS = ("title", "outlet", "url", "published")
NO_DATE_WARNING = "no publication date found; statement dates left empty"

TITLE_MAX_CHARS = 200
_START_TAG = re.compile(r"<[A-Za-z]")   # an HTML element's start tag (counted against settings.MAX_HTML_TAGS)

# ---------------------------------------------------------------------------
# names

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]")


def _unsupported_reason(ext: str) -> str:
    shown = f"'{ext}'" if ext else "(no extension)"
    return f"unsupported file type {shown} (expected .txt, .md, .html or .htm)"


def _basename(name: str) -> str:
    """The last path component, whichever separator the name uses."""
    return re.split(r"[\\/]", str(name))[-1]


def _extension(name: str) -> str:
    base = _basename(name)
    dot = base.rfind(".")
    if dot <= 0:        # no dot, or a leading-dot name such as ".txt"
        return ""
    return base[dot:].lower()


_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                        r"\u2060-\u206f\ufeff\ufff9-\ufffb]")


def display_name(name: str) -> str:
    """`name` as it may appear in a one-line message: control, line-break, zero-width and
    bidi-override characters are written as escapes (\\n, \\u202e), so a crafted name can
    neither break a message into lines nor visually reverse it."""
    name = str(name)

    def esc(m: re.Match) -> str:
        ch = m.group(0)
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or f"\\u{ord(ch):04x}"

    return _INVISIBLE.sub(esc, name)


def _one_line(error: ArticleError) -> ArticleError:
    """The same error with a displayable name and a reason on one line."""
    name = display_name(error.name)
    reason = re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", error.reason).strip()
    if name == error.name and reason == error.reason:
        return error
    return ArticleError(name, reason)


def safe_id(value: str) -> str:
    """Characters outside [A-Za-z0-9._-] become `_`; leading/trailing dots go.

    Never empty: an id that would be empty becomes "article".
    """
    cleaned = _UNSAFE_ID_CHARS.sub("_", value).strip(".")
    return cleaned or "article"


def article_id_for(name: str) -> str:
    """`name`'s basename without its extension, made safe (never a path)."""
    base = _basename(name)
    if _extension(base):
        base = base[: base.rfind(".")]
    return safe_id(base)


# ---------------------------------------------------------------------------
# bytes -> str


# ---------------------------------------------------------------------------
# dates


# ---------------------------------------------------------------------------
# text formats

def strip_markdown(text: str) -> str:
    """Markdown -> plain text (text/markdown.py: markdown-it-py, linear in the input)."""
    from .markdown import to_text
    return to_text(text)


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    if not line or len(line) >= TITLE_MAX_CHARS:
        return False
    return not line.rstrip("\"'”’»)").endswith(".")


def split_title(text: str) -> tuple[str, str]:
    """(title, body): the first non-empty line is the title when short and not a sentence.

    The title line is removed from the body only when it is used as the title
    and something is left after it.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            rest = "\n".join(lines[i + 1:]).strip()
            if _looks_like_title(line) and rest and not parse_date(line):
                return line.strip(), rest
            return "", text.strip()
    return "", ""


# ---------------------------------------------------------------------------
# HTML


# ---------------------------------------------------------------------------
# public API

def _size_reason(size: int) -> str:
    limit = settings.MAX_FILE_BYTES
    return (f"file is {size / 1_048_576:.1f} MB ({size:,} bytes), over the limit of "
            f"{limit / 1_048_576:.1f} MB ({limit:,} bytes)")


def _clean_meta(name: str, meta: dict | None) -> dict:
    """The known manifest keys, stripped, non-empty only; `published` as ISO."""
    out: dict[str, str] = {}
    for key in META_KEYS:
        value = (meta or {}).get(key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        value = str(value).strip()
        if not value:
            continue
        if key == "published":
            iso = parse_date(value)
            if not iso:
                raise ArticleError(name, f"manifest date '{value}' is not a date (expected yyyy-mm-dd)")
            value = iso
        out[key] = value
    return out


def read_bytes(name: str, data: bytes, meta: dict | None = None) -> Article:
    """Turn a file's (or upload's) bytes into an Article; any failure is an ArticleError."""
    name = str(name)
    try:
        return _read_bytes(name, data, meta)
    except ArticleError as exc:
        fixed = _one_line(exc)
        if fixed is exc:
            raise
        raise fixed from None
    except RecursionError:      # very deep markup: a clear reason, not a traceback
        raise _one_line(ArticleError(name, "markup is nested too deeply to read")) from None
    except MemoryError:
        raise _one_line(ArticleError(name, "not enough memory to read the file")) from None
    except Exception as exc:    # nothing but ArticleError may escape
        raise _one_line(ArticleError(name, f"could not read the file ({type(exc).__name__}: {exc})")) from exc


def _read_bytes(name: str, data: bytes, meta: dict | None) -> Article:
    ext = _extension(name)
    if ext not in SUPPORTED_EXTENSIONS:
        raise ArticleError(name, _unsupported_reason(ext))
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ArticleError(name, f"expected bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data) > settings.MAX_FILE_BYTES:
        raise ArticleError(name, _size_reason(len(data)))
    if not data.strip():
        raise ArticleError(name, "file is empty" if not data else "file contains only whitespace")
    clean_meta = _clean_meta(name, meta)
    binary = _sniff_binary(data)
    if binary:
        raise ArticleError(name, binary)
    try:
        raw = _decode(data, ext)
    except ValueError as exc:
        raise ArticleError(name, str(exc)) from None
    controls = len(_CONTROL.findall(raw))
    if controls > 8 and controls > len(raw) // 100:
        raise ArticleError(name, "contains control characters; looks like a binary file, not text")
    raw = normalise_text(raw)
    if not raw.strip():
        raise ArticleError(name, "file contains only whitespace")

    warnings: list[str] = []
    page = {"title": "", "published": "", "url": "", "outlet": ""}
    if ext in (".html", ".htm"):
        tags = sum(1 for _ in _START_TAG.finditer(raw))   # before any parsing: its cost grows with them
        if tags > settings.MAX_HTML_TAGS:
            raise ArticleError(name, f"page has {tags:,} HTML elements, over the limit of {settings.MAX_HTML_TAGS:,} "
                                     "(setting COALITION_MAX_HTML_TAGS; a news page has a few thousand)")
        page = _read_html(raw)
        text = _tidy(normalise_text(page.pop("text")))
        title = normalise_text(page["title"]).strip()
        first, _, rest = text.partition("\n")
        if title and rest.strip() and first.strip().casefold() == title.casefold():
            text = rest.strip()     # the <h1> repeating the title, as for .txt
        head_for_date = text
    else:
        if len(raw) > settings.MAX_ARTICLE_CHARS:   # before any parsing: its cost grows with the input
            raise ArticleError(name, f"text is {len(raw):,} characters before extraction, over the limit of "
                                     f"{settings.MAX_ARTICLE_CHARS:,} (setting COALITION_MAX_ARTICLE_CHARS)")
        plain = raw
        if ext == ".md":
            from .markdown import MAX_MARKUP, markup_count
            if markup_count(raw) > MAX_MARKUP:   # no article has that much; parsing it would take seconds
                warnings.append(f"more than {MAX_MARKUP:,} Markdown markup characters: read as plain text")
            else:
                plain = strip_markdown(raw)
        plain = _tidy(plain)
        title, text = split_title(plain)
        head_for_date = (title + "\n" + text) if title else text

    if not text.strip():
        raise ArticleError(name, "no article text found")
    if len(text) > settings.MAX_ARTICLE_CHARS:
        raise ArticleError(name, f"text is {len(text):,} characters after extraction, "
                                 f"over the limit of {settings.MAX_ARTICLE_CHARS:,}")

    language = language_of(text)
    if language:
        warnings.append(note(language))

    published = (clean_meta.get("published") or page.get("published")
                 or dateline_date(head_for_date, DATELINE_LINES + (1 if title and ext not in (".html", ".htm") else 0)))
    if not published:
        warnings.append(NO_DATE_WARNING)

    url = clean_meta.get("url") or page.get("url") or ""
    if url and not _clean_url(url):
        warnings.append(f"url '{url[:100]}' is not an http(s) address; left empty")
        url = ""

    return Article(
        article_id=article_id_for(name),
        text=text,
        title=clean_meta.get("title") or title or "",
        published=published,
        url=url,
        outlet=clean_meta.get("outlet") or page.get("outlet") or "",
        name=display_name(name),
        warnings=warnings,
        language=language,
    )


def read_path(path: Path | str, meta: dict | None = None) -> Article:
    """Read a file from disk; the size is checked with stat before any byte is read."""
    path = Path(path)
    name = display_name(str(path))
    ext = _extension(path.name)
    if ext not in SUPPORTED_EXTENSIONS:
        raise ArticleError(name, _unsupported_reason(ext))
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ArticleError(name, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise ArticleError(name, "is not a regular file")
        if st.st_size > settings.MAX_FILE_BYTES:
            raise ArticleError(name, _size_reason(st.st_size))
        with open(path, "rb") as fh:
            data = fh.read(settings.MAX_FILE_BYTES + 1)  # a file growing meanwhile is still capped
    except FileNotFoundError:
        raise ArticleError(name, "no such file") from None
    except PermissionError:
        raise ArticleError(name, "permission denied") from None
    except OSError as exc:
        raise ArticleError(name, f"cannot read the file ({exc.strerror or exc})") from None
    return read_bytes(str(path), data, meta)


def _skipped_in_folder(path: Path) -> bool:
    lower = path.name.lower()
    return lower in SKIPPED_NAMES or path.suffix.lower() in SKIPPED_EXTENSIONS


def iter_input_paths(inputs: Iterable[str | Path]) -> Iterator[tuple[Path, ArticleError | None]]:
    """Expand files and folders into (path, None) or (path, error) pairs.

    Folders are walked recursively in sorted order, without following symlinked
    folders or files (a linked file is reported, not read); hidden files/folders, manifest.csv, other .csv/.json files and
    README.md are skipped; other unsupported files come with an error so the
    summary can name them.  Each file is yielded once.
    """
    seen: set[Path] = set()

    def once(p: Path) -> bool:
        try:
            key = p.resolve()
        except (OSError, RuntimeError):
            key = p.absolute()
        if key in seen:
            return False
        seen.add(key)
        return True

    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found: list[Path] = []
            errors: list[tuple[Path, ArticleError]] = []

            def onerror(exc: OSError) -> None:
                where = Path(exc.filename) if exc.filename else path
                errors.append((where, ArticleError(str(where), f"cannot list folder ({exc.strerror or exc})")))

            for root, dirs, files in os.walk(path, onerror=onerror):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if not f.startswith("."):
                        found.append(Path(root) / f)
            for p, err in errors:
                yield p, err
            for p in sorted(found):
                if _skipped_in_folder(p):
                    continue
                if p.is_symlink():   # a link in a folder may point anywhere (a system file): never read it
                    yield p, ArticleError(str(p), "is a symbolic link inside a folder; not followed "
                                                  "(name the file itself to read it)")
                    continue
                if not once(p):
                    continue
                ext = _extension(p.name)
                if ext in SUPPORTED_EXTENSIONS:
                    yield p, None
                else:
                    yield p, ArticleError(str(p), _unsupported_reason(ext))
        elif path.exists():
            if once(path):
                yield path, None
        else:
            yield path, ArticleError(str(path), "no such file or folder")


def read_inputs(listed: Iterable[tuple[Path, ArticleError | None]], manifest: dict[str, dict]
                ) -> Iterator[tuple[Path, Article | ArticleError]]:
    """Each listed file (from `iter_input_paths`) read into an Article with its manifest row,
    or the ArticleError saying why not."""
    for path, err in listed:
        if err is None:
            try:
                start = time.monotonic()
                article = read_path(path, manifest.get(Path(path).stem))
                article.read_seconds = time.monotonic() - start   # the budget covers reading too
                yield path, article
                continue
            except ArticleError as e:
                err = e
        yield path, err


def load_manifest(path: Path | str) -> dict[str, dict]:
    """manifest.csv -> {article_id: {title, outlet, url, published}} (only non-empty values)."""
    path = Path(path)
    name = str(path)
    try:
        if path.stat().st_size > settings.MAX_FILE_BYTES:
            raise ArticleError(name, _size_reason(path.stat().st_size))
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(name, "no such file") from None
    except OSError as exc:
        raise ArticleError(name, f"cannot read the manifest ({exc.strerror or exc})") from None
    if _sniff_binary(data) or b"\x00" in data:
        raise ArticleError(name, "manifest is not a CSV text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    text = normalise_text(text)
    try:
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        if header is None:
            raise ArticleError(name, "manifest is empty (no header row with an 'article_id' column)")
        columns = [h.strip().lower() for h in header]
        if "article_id" not in columns:
            raise ArticleError(name, f"manifest has no 'article_id' column (found: {', '.join(c for c in columns if c) or 'nothing'})")
        manifest: dict[str, dict] = {}
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            record = {col: (row[i] if i < len(row) else "") for i, col in enumerate(columns) if col}
            raw_id = record.get("article_id", "").strip()
            if not raw_id:
                raise ArticleError(name, f"line {line}: empty article_id")
            key = article_id_for(raw_id) if _extension(raw_id) in SUPPORTED_EXTENSIONS else safe_id(raw_id)
            try:
                entry = _clean_meta(name, record)
            except ArticleError:
                raise ArticleError(name, f"line {line}: published date '{record.get('published', '').strip()}' "
                                         "is not a date (expected yyyy-mm-dd)") from None
            if key in manifest:
                raise ArticleError(name, f"line {line}: article_id '{raw_id}' appears twice")
            manifest[key] = entry
        return manifest
    except csv.Error as exc:
        raise ArticleError(name, f"manifest is not valid CSV ({exc})") from None
