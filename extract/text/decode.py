"""Bytes -> str: binary sniffing, byte-order marks, declared and guessed encodings, tidy text."""
from __future__ import annotations

import re
import unicodedata
_MAGIC = [
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/ODT document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "an executable"),
]
_BOMS = [  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
# Single-byte code pages of Latin-script languages: for these cp1252 (the
# superset of latin-1 used by Windows and most mislabelled "latin-1" files)
# is preferred when it decodes the bytes just as cleanly.
_WESTERN_CODEPAGES = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_1", "iso8859_2",
    "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13",
    "iso8859_14", "iso8859_15", "iso8859_16", "mac_roman", "mac_latin2",
    "mac_iceland", "mac_turkish", "cp437", "cp850", "cp852", "cp858", "cp775",
    "hp_roman8", "ascii",
}
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff\u2060]")
# C0/C1 control characters other than tab, newline, form feed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _sniff_binary(data: bytes) -> str | None:
    """A reason if the bytes are a known binary format, else None."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"looks like {what}, not text"
    return None


def _decode(data: bytes, ext: str) -> str:
    """Decode text bytes; raises ValueError with a reason when impossible."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ValueError(f"cannot decode text: starts with a {encoding} byte-order mark "
                                 f"but is not valid {encoding} ({exc.reason})") from None
    if b"\x00" in data:
        raise ValueError("contains NUL bytes; looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if ext in (".html", ".htm"):
        match = _HTML_CHARSET.search(data[:4096])
        if match:
            declared = match.group(1).decode("ascii", "replace")
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass    # lying declaration: fall through to detection
    try:
        import charset_normalizer
        matches = list(charset_normalizer.from_bytes(data))
    except Exception:   # a detector failure is just "could not detect"
        matches = []
    if not matches:
        raise ValueError("cannot decode text: not UTF-8 and no other encoding fits")
    best = matches[0]
    chosen = best.encoding
    if best.encoding in _WESTERN_CODEPAGES:
        cp1252 = [m for m in matches if m.encoding == "cp1252"]
        if cp1252 and cp1252[0].chaos <= best.chaos + 0.01:
            chosen = "cp1252"
        elif best.encoding in ("latin_1", "iso8859_1", "ascii"):
            try:
                data.decode("cp1252")
                chosen = "cp1252"
            except UnicodeDecodeError:
                pass
    try:
        return data.decode(chosen)
    except (LookupError, UnicodeDecodeError):
        return str(best)


def normalise_text(text: str) -> str:
    """NFC, unix newlines, no zero-width characters, no stray control chars."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = text.replace("\u00a0", " ")
    text = _CONTROL.sub("", text)
    return text


def _tidy(text: str) -> str:
    """Trailing spaces off every line, at most one blank line in a row, stripped."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out).strip()
