"""Downloads for the dashboard: chart images, a safe CSV, a briefing PDF.

Pure functions, offline: nothing here touches the network or the file system
(except reading a font file). Charts are rendered with vl-convert with every
external URL refused, so a chart must carry its data inline (the map chart
inlines its topojson).
"""
from __future__ import annotations

import functools
import io
import json
import math
import re
import struct
import unicodedata
import threading
from pathlib import Path

import altair as alt
import pandas as pd

from dashboard.filters import country_positions, current_positions
from dashboard.palette import POSITION_INK_RGB, POSITION_RGB

# ---------------------------------------------------------------- freshness


def newest_date(df: pd.DataFrame) -> str | None:
    """The newest statement date in the rows (ISO), or None when no row is dated."""
    if df is None or df.empty or "date" not in df:
        return None
    # each distinct date parsed once (a few hundred days, not a million rows)
    dates = pd.to_datetime(pd.Series(df["date"].unique()), errors="coerce", format="ISO8601")
    dates = dates[dates.notna()]
    return dates.max().date().isoformat() if not dates.empty else None


def freshness(df: pd.DataFrame, as_of: str | None = None) -> str:
    """'data through 2025-05-17 · 3 articles · 16 statements': the rows a view or export stands on
    (statements on or before as_of), stated on every view and every export."""
    rows = df
    if as_of and df is not None and not df.empty and "date" in df:
        d = df["date"].fillna("").astype(str)
        rows = df[(d != "") & (d <= str(as_of))]
    n_rows = 0 if rows is None else len(rows)
    n_articles = rows["article_id"].nunique() if n_rows and "article_id" in rows else 0
    through = newest_date(rows) or "no dated statement"
    line = (f"data through {through} · {n_articles:,} article{'s' if n_articles != 1 else ''} · "
            f"{n_rows:,} statement{'s' if n_rows != 1 else ''}")
    unsourced = unsourced_articles(rows) if n_rows else 0
    return line + (f" · {unsourced:,} unsourced article{'s' if unsourced != 1 else ''}" if unsourced else "")


def text_column(df: pd.DataFrame, name: str) -> pd.Series:
    """A column as stripped text, "" where empty or missing. Made text before filling: an all-empty
    column reads as float NaN, which fillna("") would have to up-cast (pandas 4 refuses)."""
    if name not in df:
        return pd.Series("", index=df.index, dtype=object)
    column = df[name]
    if isinstance(column.dtype, pd.StringDtype):   # text already: filled and stripped in Arrow (0.3 s -> 0.01 s
        return column.fillna("").str.strip()       # at 1M rows; through object it was every cell in Python)
    return column.astype(object).fillna("").astype(str).str.strip()


def is_unsourced(df: pd.DataFrame) -> pd.Series:
    """Rows whose article has neither an outlet nor an http(s) link."""
    return (text_column(df, "source") == "") & ~text_column(df, "url").str.match(r"(?i)^https?://")


def unsourced_articles(df: pd.DataFrame) -> int:
    if df is None or df.empty or "article_id" not in df:
        return 0
    return int(df.loc[is_unsourced(df), "article_id"].nunique())


# ---------------------------------------------------------------- charts


def _external_urls(node) -> list[str]:
    """Every string under a "url" key in a Vega-Lite spec (data or image URLs).

    Inline data ("datasets", "values") is skipped: a row may well have a url column.
    """
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("datasets", "values"):
                continue
            if key == "url" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_external_urls(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_external_urls(item))
    return found


# The plot width of an exported chart. In the app a chart fits its column (autosize fit-x); with
# no column to fit, vl-convert would squeeze it into 600 px and clip title, legend and axis.
EXPORT_WIDTH = 820


def _with_note(spec: dict, note: str) -> dict:
    """The note as the last subtitle line, so an image taken out of the app still says what it shows."""
    title = spec.get("title")
    if not title:   # Vega draws no subtitle without a title: the note becomes the title
        spec["title"] = {"text": note, "fontSize": 11, "fontWeight": "normal", "color": "#555"}
        return spec
    if isinstance(title, str):
        title = {"text": title}
    sub = title.get("subtitle", [])
    sub = [sub] if isinstance(sub, str) else list(sub)
    spec["title"] = {**title, "subtitle": sub + [note], "subtitleColor": "#555"}
    return spec


# Type for a chart taken out of the app (PNG, SVG, the pack): a 16 px label on an ~1100 px image is
# about 11 pt across an A4 page or a slide. A chart's own config (presentation mode) wins.
PRINT_CONFIG = {
    "axis": {"labelFontSize": 16, "titleFontSize": 16},
    "legend": {"labelFontSize": 16, "titleFontSize": 16, "symbolSize": 220},
    "title": {"fontSize": 22, "subtitleFontSize": 15},
    "text": {"fontSize": 15},
}


def _with_print_type(spec: dict) -> dict:
    config = spec.setdefault("config", {})
    for section, values in PRINT_CONFIG.items():
        mine = config.setdefault(section, {})
        for key, value in values.items():
            mine.setdefault(key, value)
    return spec


def _offline_spec(chart: alt.TopLevelMixin, note: str | None = None) -> dict:
    # not checked against the Vega-Lite schema here: that check was a third of a pack's conversion
    # time, and every chart the app builds is checked by the tests (test_export: the pack's charts)
    spec = _with_print_type(chart.to_dict(validate=False))
    if note:
        spec = _with_note(spec, note)
    urls = _external_urls(spec)
    if urls:
        raise ValueError(f"chart references an external URL (inline the data): {urls[0]}")
    if not isinstance(spec.get("width"), (int, float)) and not any(k in spec for k in ("hconcat", "vconcat", "concat")):
        spec["width"] = EXPORT_WIDTH
    # "pad" grows the image around the plot to hold every label, legend and title
    spec["autosize"] = {"type": "pad"}
    return spec


# A chart object's images: (id, kind, scale, note) -> (weak reference to the chart, bytes). The pack's
# charts are kept per view (app.py), so the PDF, the PPTX and a second click skip Altair's
# conversion and check of the chart too, not only the drawing (_render's cache).
_IMAGES: dict = {}
_IMAGES_LOCK = threading.Lock()   # print_images draws in two threads, the app's background thread too
_DRAWING: dict = {}               # image key -> [the lock its drawing holds, callers using it]


def _memo(chart, kind: str, scale: float, note: str | None, make) -> bytes:
    import weakref
    key = (id(chart), kind, scale, note)
    hit = _IMAGES.get(key)
    if hit is not None and hit[0]() is chart:
        return hit[1]
    with _IMAGES_LOCK:   # one drawing per image: a click waits for the background's, never redraws it
        entry = _DRAWING.setdefault(key, [threading.Lock(), 0])
        entry[1] += 1
    try:
        with entry[0]:
            hit = _IMAGES.get(key)
            if hit is not None and hit[0]() is chart:
                return hit[1]
            out = make()   # may raise (a spec the renderer refuses): the lock is released all the same
            try:
                ref = weakref.ref(chart)
            except TypeError:
                return out
            with _IMAGES_LOCK:
                for k in [k for k, (r, _) in _IMAGES.items() if r() is None]:
                    _IMAGES.pop(k, None)
                _IMAGES[key] = (ref, out)
            return out
    finally:
        # the entry goes with its last user, drawn or failed: none is left behind for a later chart
        # of the same id, and while one waits, a newcomer shares its lock (never a second drawing)
        with _IMAGES_LOCK:
            entry[1] -= 1
            if entry[1] == 0 and _DRAWING.get(key) is entry:
                _DRAWING.pop(key, None)


PRINT_SCALE = 2.0   # the pack's images: ~2200 px across an A4 page or a slide


def print_images(charts: dict[str, alt.TopLevelMixin], note: str | None, workers: int = 2,
                 before_each=None) -> None:
    """Draw every chart's print image (the PNG the slides use and the JPEG the PDF embeds) ahead of
    the pages, ``workers`` at a time (Pillow's JPEG work runs outside the GIL; vl-convert 1.9 keeps
    it for the whole drawing). The pages then find them kept (_memo). ``before_each()``, if given,
    is called before each chart: the app's background thread waits there while the app is busy."""
    from concurrent.futures import ThreadPoolExecutor

    def one(chart) -> None:
        if before_each is not None:
            before_each()
        png = chart_png(chart, scale=PRINT_SCALE, note=note)
        _memo(chart, "pdf-jpeg", PRINT_SCALE, note, lambda: _as_jpeg(png))

    with ThreadPoolExecutor(max(1, workers)) as pool:
        list(pool.map(one, charts.values()))   # list(): a chart that fails raises here


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0, note: str | None = None) -> bytes:
    """PNG bytes of an Altair chart (no network: external URLs are refused); ``note`` goes under the title."""
    return _memo(chart, "png", scale, note,
                 lambda: _render("png", json.dumps(_offline_spec(chart, note), sort_keys=True), scale))


def chart_svg(chart: alt.TopLevelMixin, note: str | None = None) -> bytes:
    """SVG (UTF-8 bytes) of an Altair chart (no network: external URLs are refused)."""
    return _memo(chart, "svg", 1.0, note,
                 lambda: _render("svg", json.dumps(_offline_spec(chart, note), sort_keys=True), 1.0))


def warm_renderer() -> None:
    """Start vl-convert's JavaScript engine (seconds, once per process; in the drawing process when
    the app is served: dashboard/drawing.py) with a one-point chart, so the first chart image or
    briefing a visitor asks for does not pay for it (app.py runs this in the background when the
    server is idle)."""
    from dashboard import drawing
    drawing.draw("png", json.dumps({"data": {"values": [{"x": 1}]}, "mark": "point",
                                    "encoding": {"x": {"field": "x", "type": "quantitative"}}}), 1.0)


@functools.lru_cache(maxsize=32)
def _render(kind: str, spec: str, scale: float) -> bytes:
    """Kept per spec: the PDF and the PPTX of one view draw the same charts, and a map's PNG takes
    seconds. Drawn outside the server's process when the app is served (dashboard/drawing.py)."""
    from dashboard import drawing
    return drawing.draw(kind, spec, scale)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", png[16:24])


# ---------------------------------------------------------------- CSV

# Also a leading space or line break (a spreadsheet may trim it and run what follows) and the
# full-width forms of the formula characters (some spreadsheets fold them to ASCII).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", " ", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


_MARKS = set('“”„«»"‘‹›')
# A straight single-quoted fragment ('ready'), but not an apostrophe (Macron's, the allies').
_SINGLE_QUOTED = re.compile(r"(?:^|[\s(\[—–-])'[^'\n]+'(?=[\s.,;:!?)\]—–-]|$)")


def has_marks(text: str) -> bool:
    """Does the sentence carry quotation marks of its own (double, guillemets, ‘single’)?"""
    return bool(_MARKS & set(text)) or bool(_SINGLE_QUOTED.search(text))


def with_marks(text: str, open_q: str, close_q: str) -> str:
    """Direct speech in quotation marks, unless the sentence already carries its own
    ('“We are ready,” Macron said.' must not become '““We are ready,” Macron said.”')."""
    return text if has_marks(text) else open_q + text + close_q


def _val(row, key) -> str:
    v = row.get(key) if hasattr(row, "get") else None
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def is_verbatim(quote: str, quote_type: str) -> bool:
    """Only a direct quote with no marks of its own is wholly the speaker's words. A sentence
    that carries marks is the reporter's (around a quoted fragment, or around '“…,” he said'),
    so the pack never puts it inside marks of its own: the marks may surround only what was said."""
    return quote_type == "direct" and bool(quote.strip()) and not has_marks(quote)


UNSOURCED = "unsourced (no outlet or link)"


def source_text(row) -> str:
    """The outlet, or the unsourced flag (every article has a source or says it has none)."""
    src = _val(row, "source").strip()
    if src:
        return src
    url = _val(row, "url").strip()
    return url if url.startswith(("http://", "https://")) else UNSOURCED


def quote_display(row, open_q: str = "“", close_q: str = "”", limit: int | None = None) -> tuple[str, str]:
    """(quote text, attribution line) as a briefing prints them.

    Verbatim speech: '“We are ready.”' / 'Keir Starmer, Prime Minister, United Kingdom'.
    Anything else is shown as the article's sentence, with no marks added, and named as reported:
    'Reported: British Prime Minister … voiced support …' / 'Reported by Caliber.Az, about Keir Starmer, …'.
    """
    quote = " ".join(_val(row, "quote").split())
    verbatim = is_verbatim(quote, _val(row, "quote_type"))
    if limit and len(quote) > limit:   # cut inside the marks, so the closing one stays
        quote = quote[:limit - 1].rstrip() + "…"
    who = ", ".join(v for v in (_val(row, "leader") or (f"{_val(row, 'country')} government"
                                                          if _val(row, "country") else ""),
                                _val(row, "role") if _val(row, "leader") else "",
                                _val(row, "country") if _val(row, "leader") else "") if v)
    # a position no rule read (extract/learned) says so wherever it is shown: cards, PDF, slides
    learned = f"; read by the model, not a rule ({_val(row, 'cue')})" if "learned_fallback" in _val(row, "rule") else ""
    if verbatim:
        return open_q + quote + close_q, who + learned
    src = source_text(row)
    by = "Reported in an unsourced article (no outlet or link)" if src == UNSOURCED else f"Reported by {src}"
    return f"Reported: {quote}", f"{by}, about {who or 'an unnamed speaker'}{learned}"


def table_csv(df: pd.DataFrame) -> bytes:
    """Plain UTF-8 CSV (no BOM, no index, CRLF lines) with spreadsheet formulas neutralised.

    A string cell starting with = + - @ (or their full-width forms), a tab, CR, LF or a space gets a leading ' (OWASP CSV
    injection advice); numeric columns and non-string cells are untouched.
    """
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if series.dtype == object:   # cells of any type: only the strings are looked at
            out[col] = series.map(_neutralise, na_action="ignore")
        elif pd.api.types.is_string_dtype(series):   # all strings: the same test, column-wise
            risky = series.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out[col] = series.where(~risky, "'" + series)
    # header names are cells too
    out.columns = [_neutralise(str(c)) for c in out.columns]
    # CRLF (RFC 4180): the csv writer then also quotes a field holding a bare CR
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


# ---------------------------------------------------------------- country table

def _dated(df: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Rows with a parseable date on or before as_of, oldest first.

    Same-day statements are ordered by confidence, then file order (the last wins),
    as in the dashboard's filters.current_positions.
    """
    out = df.copy()
    out["_date"] = pd.to_datetime(out["date"], errors="coerce", format="ISO8601")
    out = out[out["_date"].notna() & (out["_date"] <= pd.Timestamp(as_of))]
    out["_order"] = range(len(out))
    conf = pd.to_numeric(out["confidence"], errors="coerce") if "confidence" in out else 0.0
    out["_conf"] = conf if isinstance(conf, float) else conf.fillna(0.0)
    return out.sort_values(["_date", "_conf", "_order"], kind="stable")


def country_table(df: pd.DataFrame, as_of: str, current: pd.DataFrame | None = None) -> pd.DataFrame:
    """One line per country: country, leader, role, position, date.

    The dashboard's rule (`filters.current_positions` / `country_positions`): each speaker's
    latest statement on or before `as_of`; the country's line is its head of state/government's,
    else the most common position, shown with the latest speaker holding it.
    """
    cols = ["country", "leader", "role", "position", "date", "source"]
    current = current_positions(df, as_of) if current is None else current   # a briefing passes its own
    if current.empty:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in cols})
    countries = country_positions(current)
    deciding = deciding_rows(current, countries)
    countries["source"] = [source_text(r) for _, r in deciding.iterrows()]
    return countries[cols].reset_index(drop=True).astype("string")


def deciding_rows(current: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """For each line of ``country_positions``, the current statement of the speaker who decides it
    (same order as ``countries``): its quote, source and link."""
    cur = current.copy()
    cur["leader"] = cur["leader"].fillna("")
    keyed = cur.drop_duplicates(["country", "leader"], keep="last").set_index(["country", "leader"])
    keys = list(zip(countries["country"], countries["leader"].fillna("")))
    return keyed.reindex(keys).reset_index()


def top_quotes(df: pd.DataFrame, as_of: str, n: int | None = None,
               current: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quotes that decide each country's position on or before as_of: one per country (the
    deciding speaker of ``filters.country_positions``), in the order support, conditional, oppose,
    then by country; at most n. A sentence is printed once: when the decider's latest statement
    repeats one already shown (one reporter's sentence naming two leaders), their latest earlier
    statement of the same position stands in; without one, the country shows the shared sentence
    only once."""
    current = current_positions(df, as_of) if current is None else current   # a briefing passes its own
    # the walk reads six columns: sorting and masking all of them was most of the time at 100k rows;
    # the picked rows are taken whole at the end (_pos)
    light = df.reindex(columns=["date", "confidence", "country", "leader", "position", "quote"])
    if current.empty:
        return df.iloc[0:0].reset_index(drop=True)
    countries = country_positions(current)
    # only the deciding speakers' rows are walked: dating and sorting every row was most of a
    # briefing's page work at 1M rows
    deciders = (light["country"].isin(set(countries["country"]))
                & light["leader"].fillna("").isin(set(countries["leader"].fillna(""))))
    rows = _dated(light.assign(_pos=range(len(df)))[deciders.to_numpy()], as_of)
    if rows.empty:
        return df.iloc[0:0].reset_index(drop=True)
    order = {p: i for i, p in enumerate(("support", "conditional", "oppose"))}
    countries = countries.assign(_rank=countries["position"].map(order).fillna(3)).sort_values(
        ["_rank", "country"], kind="stable")
    rows = rows.assign(leader=rows["leader"].fillna(""))
    quotes = rows["quote"].fillna("").astype(str)
    # each (country, leader, position)'s rows with a quote, oldest first, found once (a mask over
    # every row per country and a row-by-row walk were seconds at 100k rows)
    quoted = (quotes.str.strip() != "").to_numpy()
    said = rows[quoted]
    groups = said.groupby(["country", "leader", "position"], sort=False).indices
    texts = quotes[quoted].tolist()
    used: set[str] = set()
    picked = []
    for country, leader, position in zip(countries["country"], countries["leader"], countries["position"]):
        for i in groups.get((country, leader or "", position), [])[::-1]:     # newest first
            key = " ".join(texts[i].split())
            if key not in used:
                used.add(key)
                picked.append(i)
                break
    out = df.iloc[said["_pos"].to_numpy()[picked]] if picked else df.iloc[0:0]
    out = out.assign(leader=out["leader"].fillna("")).reset_index(drop=True)
    return out if n is None else out.head(n)


# ---------------------------------------------------------------- PDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
TABLE_ROWS_PER_PAGE = 10   # a row may wrap to two lines: ten still fit a page or slide
QUOTES_PER_PAGE = 3        # a 300-character quote, its speaker and source, three to a page in 18 pt
MAX_QUOTE_LINES = 5        # PDF: five lines of 14 pt (about 600 characters); the PPTX notes carry them whole

_INK = (33, 37, 41)
_MUTED = (108, 117, 125)
_ACCENT = (31, 78, 121)
_POSITION_COLOURS = POSITION_RGB   # the app's colours (dashboard/palette.py): fills
_POSITION_INK = POSITION_INK_RGB   # the same positions as text on white
_ASCII_FOR = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u00a0": " ",
}


def briefing_page_count(n_charts: int, n_countries: int, n_quotes: int, n_compared: int | None = None) -> int:
    """Pages of a briefing: title + one per chart + table pages + quote pages (each section >= 1 page)
    + the comparison of two topics when there is one (``n_compared`` countries) + the method page."""
    table_pages = max(1, math.ceil(n_countries / TABLE_ROWS_PER_PAGE))
    quote_pages = max(1, math.ceil(n_quotes / QUOTES_PER_PAGE))
    compare_pages = 0 if n_compared is None else max(1, math.ceil(n_compared / TABLE_ROWS_PER_PAGE))
    return 1 + n_charts + table_pages + quote_pages + compare_pages + 1


# fpdf is imported on the first briefing, not with this module: the app imports this module on its
# first run (freshness, newest_date), where fpdf's import was a second under load. _briefing_class
# also binds the fpdf enums the page functions read.
MethodReturnValue = XPos = YPos = None


@functools.lru_cache(maxsize=1)
def _briefing_class() -> type:
    global MethodReturnValue, XPos, YPos
    from fpdf import FPDF
    from fpdf.enums import MethodReturnValue, XPos, YPos
    return type("_Briefing", (_Briefing, FPDF), {})


class _Briefing:
    """The briefing's pages on top of fpdf.FPDF (the class itself: _briefing_class())."""

    def __init__(self, title: str, font_dir: Path | None):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.brief_title = title
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(False)
        regular = font_dir / "DejaVuSans.ttf" if font_dir else None
        if regular is not None and regular.is_file():
            bold = font_dir / "DejaVuSans-Bold.ttf"
            self.add_font("DejaVu", "", str(regular))
            self.add_font("DejaVu", "B", str(bold if bold.is_file() else regular))
            self.family = "DejaVu"
            self.unicode_ok = True
        else:
            self.family = "Helvetica"
            self.unicode_ok = False

    def txt(self, value) -> str:
        """Text safe for the current font (the core font only knows Latin-1)."""
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        text = str(value)
        if self.unicode_ok:
            return text
        text = "".join(_ASCII_FOR.get(ch, ch) for ch in text)
        out = []
        for ch in text:
            if ord(ch) < 256:
                out.append(ch)
                continue
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            out.append(base if base and all(ord(c) < 256 for c in base) else "?")
        return "".join(out)

    def font(self, size: float, bold: bool = False, colour=_INK):
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def wrap(self, width: float, text: str) -> list[str] | None:
        """``text`` word-wrapped at ``width`` (mm) in the current font as multi_cell wraps it, in one
        pass (fpdf measures a line again for every character it adds: most of a long briefing's
        layout time); None when a word is wider than the column (multi_cell then cuts it)."""
        avail = width - 2 * self.c_margin
        space = self.get_string_width(" ")
        out: list[str] = []
        for paragraph in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in paragraph.split():
                w = self.get_string_width(word)
                if w > avail:
                    return None
                if line and used + space + w > avail:
                    out.append(" ".join(line))
                    line, used = [word], w
                else:
                    used = used + space + w if line else w
                    line.append(word)
            out.append(" ".join(line))
        return out

    def lines(self, width: float, text: str) -> list[str]:
        """The lines write_lines gives ``text`` at ``width``."""
        out = self.wrap(width, text)
        return out if out is not None else self.multi_cell(width, 1, text, dry_run=True, output=MethodReturnValue.LINES)

    def write_lines(self, width: float, h: float, text: str) -> None:
        """multi_cell(width, h, text, align="L") from the current x, then to the left margin of the
        next line; with wrap's lines, one cell each."""
        lines = self.wrap(width, text)
        if lines is None:
            self.multi_cell(width, h, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            return
        x = self.get_x()
        for line in lines:
            self.set_x(x)
            self.cell(width, h, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def fit(self, text: str, width: float) -> str:
        """Cut text with an ellipsis so it fits width (mm) in the current font."""
        ellipsis = "…" if self.unicode_ok else "..."
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + ellipsis) > width:
            text = text[:-1]
        return text.rstrip() + ellipsis

    brief_note = ""

    def footer(self):
        # every page says what data it stands on
        self.set_y(-11)
        self.font(9, colour=_MUTED)
        left = " · ".join(v for v in (self.brief_title, self.brief_note) if v)
        self.cell(0, 5, self.fit(self.txt(left), self.epw - 12), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"{self.page_no()}", align="R")

    def heading(self, text: str):
        self.set_xy(self.l_margin, self.t_margin)
        for size in (22, 20, 18, 16):   # a long heading (two topics' labels) shrinks before it is cut
            self.font(size, bold=True, colour=_ACCENT)
            if self.get_string_width(self.txt(text)) <= self.epw:
                break
        self.cell(0, 11, self.fit(self.txt(text), self.epw), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*_ACCENT)
        self.set_line_width(0.6)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.set_y(self.get_y() + 5)


def _title_page(pdf: _Briefing, df: pd.DataFrame, as_of: str, table: pd.DataFrame,
                topic_label: str = "Sending European troops to Ukraine"):
    pdf.add_page()
    pdf.set_fill_color(*_ACCENT)
    pdf.rect(0, 0, pdf.w, 8, style="F")
    pdf.set_xy(pdf.l_margin, 45)
    pdf.font(32, bold=True, colour=_ACCENT)
    pdf.multi_cell(pdf.epw, 14, pdf.txt(pdf.brief_title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    dates = pd.to_datetime(df["date"], errors="coerce", format="ISO8601") if "date" in df else pd.Series([])
    in_range = dates[dates.notna() & (dates <= pd.Timestamp(as_of))]
    latest = in_range.max().date().isoformat() if not in_range.empty else "none"
    n_rows = len(df)
    n_articles = df["article_id"].nunique() if "article_id" in df else 0
    facts = [
        ("Data through (newest statement)", latest),
        ("Data cut-off (as of)", as_of),
        ("Statements", f"{n_rows:,}"),
        ("Articles", f"{n_articles:,}"),
        ("Countries", f"{len(table):,}"),
    ]
    for label, value in facts:
        pdf.font(16, colour=_MUTED)
        pdf.cell(125, 11, pdf.txt(label))
        pdf.font(18, bold=True)
        pdf.cell(0, 11, pdf.txt(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if not table.empty:
        counts = table["position"].value_counts()
        pdf.font(16, colour=_MUTED)
        pdf.cell(125, 11, pdf.txt("Countries by current position"))
        for position in _POSITION_COLOURS:
            label = f"{position} {int(counts.get(position, 0))}"
            pdf.font(18, bold=True, colour=_POSITION_INK[position])
            pdf.cell(pdf.get_string_width(label) + 9, 11, label)
        pdf.ln(11)
    pdf.set_y(pdf.h - 24)
    pdf.font(11, colour=_MUTED)
    pdf.multi_cell(
        pdf.epw, 6,
        pdf.txt(f"Positions on {_in_sentence(topic_label)}, as extracted from news articles: "
                "support / conditional / oppose. Each country's line is its head of state or "
                "government's latest statement, else the most common latest position of its speakers."),
    )


def _in_sentence(label: str) -> str:
    """A label inside a sentence: "Sending troops" -> "sending troops", but "NATO's target" stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _chart_page(pdf: _Briefing, name: str, chart: alt.TopLevelMixin):
    png = chart_png(chart, scale=PRINT_SCALE, note=pdf.brief_note)
    w_px, h_px = png_size(png)
    pdf.add_page()
    pdf.heading(name)
    top = pdf.get_y()
    box_w, box_h = pdf.epw, pdf.h - 16 - top
    ratio = min(box_w / w_px, box_h / h_px)
    w, h = w_px * ratio, h_px * ratio
    # as a JPEG (full colour resolution, high quality), kept per chart: fpdf embeds a JPEG as it is,
    # where it decodes a PNG and compresses its pixels again, which cost as much as drawing the chart
    jpeg = _memo(chart, "pdf-jpeg", PRINT_SCALE, pdf.brief_note, lambda: _as_jpeg(png))
    pdf.image(io.BytesIO(jpeg), x=pdf.l_margin + (box_w - w) / 2, y=top, w=w, h=h)


def _as_jpeg(png: bytes) -> bytes:
    from PIL import Image
    with Image.open(io.BytesIO(png)) as img:
        rgb = Image.new("RGB", img.size, "white")
        rgb.paste(img, mask=img.getchannel("A") if "A" in img.getbands() else None)
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=92, subsampling=0)
    return out.getvalue()


_TABLE_COLS = [("Country", "country", 0.15), ("Leader", "leader", 0.21), ("Role", "role", 0.16),
               ("Position", "position", 0.13), ("Date", "date", 0.12), ("Source", "source", 0.23)]
UNSOURCED_SHORT = "unsourced"
UNSOURCED_NOTE = "unsourced: the article names no outlet and has no link."


def _table_heading(as_of: str, page: int, pages: int) -> str:
    return f"Positions by country, as of {as_of}" + (f" ({page + 1}/{pages})" if pages > 1 else "")


def _cell(row, key) -> str:
    value = "" if pd.isna(row[key]) else str(row[key])
    return UNSOURCED_SHORT if key == "source" and value == UNSOURCED else value


def _table_pages(pdf: _Briefing, table: pd.DataFrame, as_of: str):
    pages = max(1, math.ceil(len(table) / TABLE_ROWS_PER_PAGE))
    line_h, pad = 6.0, 1.6
    for page in range(pages):
        chunk = table.iloc[page * TABLE_ROWS_PER_PAGE:(page + 1) * TABLE_ROWS_PER_PAGE]
        pdf.add_page()
        pdf.heading(_table_heading(as_of, page, pages))
        pdf.set_fill_color(*_ACCENT)
        pdf.font(13, bold=True, colour=(255, 255, 255))
        for label, _, frac in _TABLE_COLS:
            pdf.cell(pdf.epw * frac, 9, " " + label, fill=True)
        pdf.ln(9)
        if chunk.empty:
            pdf.font(14, colour=_MUTED)
            pdf.cell(0, 12, pdf.txt(f"No statements on or before {as_of}."))
            continue
        for i, (_, row) in enumerate(chunk.iterrows()):
            # every cell wrapped, never cut: the row is as tall as its tallest cell
            cells = []
            for _, key, frac in _TABLE_COLS:
                value = pdf.txt(_cell(row, key))
                pdf.font(12, bold=key in ("country", "position"))
                cells.append((key, frac, value, len(pdf.lines(pdf.epw * frac - 3, value or " "))))
            row_h = max(n for *_, n in cells) * line_h + 2 * pad
            top, x = pdf.get_y(), pdf.l_margin
            pdf.set_fill_color(*((241, 244, 248) if i % 2 else (255, 255, 255)))
            pdf.rect(pdf.l_margin, top, pdf.epw, row_h, style="F")
            for key, frac, value, _ in cells:
                width = pdf.epw * frac
                colour = _POSITION_INK.get(value, _INK) if key == "position" else _INK
                pdf.font(12, bold=key in ("country", "position"), colour=colour)
                pdf.set_xy(x + 1.5, top + pad)
                pdf.write_lines(width - 3, line_h, value)
                x += width
            pdf.set_xy(pdf.l_margin, top + row_h)
        if (chunk["source"] == UNSOURCED).any():
            pdf.ln(2)
            pdf.font(10, colour=_MUTED)
            pdf.cell(0, 5, pdf.txt(UNSOURCED_NOTE))


def _quote_pages(pdf: _Briefing, quotes: pd.DataFrame, as_of: str):
    pages = max(1, math.ceil(len(quotes) / QUOTES_PER_PAGE))
    open_q, close_q = ("“", "”") if pdf.unicode_ok else ('"', '"')
    for page in range(pages):
        chunk = quotes.iloc[page * QUOTES_PER_PAGE:(page + 1) * QUOTES_PER_PAGE]
        pdf.add_page()
        suffix = f" ({page + 1}/{pages})" if pages > 1 else ""
        pdf.heading(f"The quotes behind each country's position{suffix}")
        if chunk.empty:
            pdf.font(14, colour=_MUTED)
            pdf.cell(0, 12, pdf.txt(f"No quotes on or before {as_of}."))
            continue
        first = pdf.get_y()
        slot = (pdf.h - 16 - first) / QUOTES_PER_PAGE
        for i, (_, q) in enumerate(chunk.iterrows()):
            top = first + i * slot
            position = pdf.txt(q.get("position"))
            colour = _POSITION_COLOURS.get(position, _MUTED)
            pdf.set_fill_color(*colour)
            pdf.rect(pdf.l_margin, top, 1.6, slot - 6, style="F")
            x = pdf.l_margin + 5
            width = pdf.epw - 5
            # the quote, at most MAX_QUOTE_LINES lines (a longer one ends in "…" inside its marks)
            pdf.set_xy(x, top)
            pdf.font(14)
            text, who = quote_display(q, open_q, close_q)
            text, who = pdf.txt(text), pdf.txt(who)
            lines = pdf.lines(width, text)
            if len(lines) > MAX_QUOTE_LINES:
                text, who = quote_display(q, open_q, close_q, limit=len(" ".join(lines[:MAX_QUOTE_LINES])) - 12)
                text, who = pdf.txt(text), pdf.txt(who)
            pdf.write_lines(width, 7, text)
            # who, when, stance
            pdf.set_x(x)
            # who said it (or who it is reported about) on a line of its own, never cut short
            pdf.font(12, bold=True)
            pdf.write_lines(width, 6.5, who)
            pdf.set_x(x)
            pdf.font(12, bold=True, colour=_POSITION_INK.get(position, _MUTED))
            pdf.cell(pdf.get_string_width(position) + 4, 6.5, position)
            pdf.font(12, colour=_MUTED)
            verbatim = is_verbatim(_val(q, "quote"), _val(q, "quote_type"))
            src = " · ".join(v for v in (pdf.txt(q.get("date")),
                                         pdf.txt(source_text(q)) if verbatim else "") if v)
            if not pdf.unicode_ok:
                src = src.replace("·", "-")
            pdf.cell(0, 6.5, pdf.fit(src, pdf.w - pdf.r_margin - pdf.get_x()),
                     new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            url = pdf.txt(q.get("url"))
            if url.startswith(("http://", "https://")):
                pdf.set_x(x)
                pdf.font(10, colour=_ACCENT)
                pdf.cell(0, 5.5, pdf.fit(url, width), link=url)


def method_figures() -> list[tuple[str, str]]:
    """The measured figures, large on the method page and slide: (value, what)."""
    from dashboard.views import methodology as m
    return [(f"{m.REAL_F1:.2f}", "stance F1 on real news"), (f"{m.REAL_P:.2f}", "precision"),
            (f"{m.REAL_R:.2f}", "recall"), (f"{m.REAL_ARTICLES}", f"real articles, scored {m.MEASURED_ON}")]


def _method_page(pdf: _Briefing, topic_label: str | None = None):
    from dashboard.views import methodology as m
    pdf.add_page()
    pdf.heading(m.TITLE)
    if m.topic_note(topic_label):
        pdf.font(13, bold=True, colour=_POSITION_INK["oppose"])
        pdf.multi_cell(pdf.epw, 7, pdf.txt(m.topic_note(topic_label)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    pdf.font(16, bold=True)
    pdf.multi_cell(pdf.epw, 8, pdf.txt(m.HEADLINE), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    top, w = pdf.get_y(), pdf.epw / len(method_figures())
    for i, (value, what) in enumerate(method_figures()):
        pdf.set_xy(pdf.l_margin + i * w, top)
        pdf.font(22, bold=True, colour=_ACCENT)
        pdf.cell(w, 10, pdf.txt(value))
        pdf.set_xy(pdf.l_margin + i * w, top + 10)
        pdf.font(11, colour=_MUTED)
        pdf.cell(w, 6, pdf.txt(what))
    pdf.set_xy(pdf.l_margin, top + 20)
    bullet = "•" if pdf.unicode_ok else "-"
    points = [pdf.txt(f"{bullet} {point}") for point in m.POINTS]
    room = pdf.h - 13 - pdf.get_y()   # above the footer line, which says what data the page stands on
    for size in (12, 11.5, 11, 10.5, 10, 9.5, 9):   # the longest text that fits, not text over the footer
        pdf.font(size)
        line = size / 2
        lines = [pdf.wrap(pdf.epw, p) for p in points]
        if all(ln is not None for ln in lines) and sum(len(ln) * line + 1.2 for ln in lines) <= room:
            break
    for point in points:
        pdf.multi_cell(pdf.epw, line, point, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.2)


def briefing_pdf(
    df: pd.DataFrame,
    charts: dict[str, alt.TopLevelMixin],
    as_of: str,
    title: str = "Coalition Positions — briefing",
    *,
    font_dir: Path | None = FONT_DIR,
    topic_label: str | None = None,
    comparison: tuple[str, str, pd.DataFrame] | None = None,
) -> bytes:
    """A landscape A4 briefing: title page, one page per chart, country table, top quotes.

    `df` has the positions.csv columns, already filtered to what the reader
    chose; `as_of` (ISO date) is the cut-off: statements after it are ignored
    in the table and quotes. ``topic_label`` names the topic the rows are on; ``comparison``
    (label A, label B, ``dashboard.topics.compare`` table) adds its pages. Pages: see
    briefing_page_count().
    """
    pd.Timestamp(as_of)  # fail early on a bad date
    current = current_positions(df, as_of)   # once, for the table and the quotes
    table = country_table(df, as_of, current)
    quotes = top_quotes(df, as_of, current=current)
    pdf = _briefing_class()(title, font_dir)
    pdf.brief_note = freshness(df, as_of)
    pdf.set_title(pdf.txt(title))
    pdf.set_creator("Coalition Positions")
    _title_page(pdf, df, as_of, table, *((topic_label,) if topic_label else ()))
    print_images(charts, pdf.brief_note)
    for name, chart in charts.items():
        _chart_page(pdf, name, chart)
    _table_pages(pdf, table, as_of)
    _quote_pages(pdf, quotes, as_of)
    if comparison is not None:
        from dashboard.compare_export import comparison_pages
        comparison_pages(pdf, *comparison)
    _method_page(pdf, topic_label)
    return bytes(pdf.output())


# ---------------------------------------------------------------- PPTX


def _native_position_bars(slide, labels: list[str], positions: list[str], x, y, w, h):
    """A native (editable) PowerPoint bar chart: one bar per label in its position's colour and
    series (support / conditional / oppose), the palette's colours, the first label on top."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt
    data = CategoryChartData()
    data.categories = list(reversed(labels))       # PowerPoint draws the first category at the bottom
    for p in ("support", "conditional", "oppose"):
        data.add_series(p.capitalize(), [1 if q == p else 0 for q in reversed(positions)])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, x, y, w, h, data)
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(16)
    chart.value_axis.visible = False
    chart.value_axis.has_major_gridlines = False
    chart.category_axis.tick_labels.font.size = Pt(14 if len(labels) <= 16 else 10)
    for series, p in zip(chart.series, ("support", "conditional", "oppose")):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor(*_POSITION_COLOURS[p])
    chart.plots[0].gap_width = 40
    return chart


def _bar_table(chart) -> pd.DataFrame | None:
    """The rows a country or leader bar chart draws (label, position, ...), read from the chart
    itself, so a native PowerPoint chart shows exactly the page the picture would."""
    layers = getattr(chart, "layer", None) or [chart]
    for layer in layers:
        data = getattr(layer, "data", None)
        mark = getattr(layer, "mark", None)
        kind = mark if isinstance(mark, str) else getattr(mark, "type", None)
        if kind == "bar" and isinstance(data, pd.DataFrame) and {"label", "position"} <= set(data.columns):
            return data
    return None


def briefing_pptx(
    df: pd.DataFrame,
    charts: dict[str, alt.TopLevelMixin],
    as_of: str,
    title: str = "Coalition Positions — briefing",
    *,
    topic_label: str | None = None,
    comparison: tuple[str, str, pd.DataFrame] | None = None,
) -> bytes:
    """The briefing as 16:9 slides: same sections and pagination as briefing_pdf (``topic_label``
    and ``comparison`` as there)."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    from dashboard.filters import speaker_label
    from dashboard.pack import base_name

    pd.Timestamp(as_of)
    current = current_positions(df, as_of)   # once, for the table and the quotes
    table = country_table(df, as_of, current)
    quotes = top_quotes(df, as_of, current=current)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    margin = Inches(0.5)
    width = prs.slide_width - 2 * margin
    body_top = Inches(1.25)
    body_bottom = prs.slide_height - Inches(0.6)    # the footer line sits below it
    body_h = body_bottom - body_top

    def text_box(slide, x, y, w, h, lines, gap: float = 0):
        """lines: [(text, size, bold, rgb)] or [(text, size, bold, rgb, space_before_pt)], one paragraph each."""
        frame = slide.shapes.add_textbox(x, y, w, h).text_frame
        frame.word_wrap = True
        for i, line in enumerate(lines):
            text, size, bold, rgb = line[:4]
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            before = line[4] if len(line) > 4 else gap
            if i and before:
                para.space_before = Pt(before)
            run = para.add_run()
            run.text = text
            run.font.size, run.font.bold = Pt(size), bold
            run.font.color.rgb = RGBColor(*rgb)
        return frame

    note = freshness(df, as_of)

    def add_slide():
        slide = prs.slides.add_slide(blank)
        # every slide says what data it stands on
        text_box(slide, margin, prs.slide_height - Inches(0.45), width, Inches(0.35),
                 [(f"{title} · {note}", 11, False, _MUTED)])
        return slide

    def new_slide(heading):
        slide = add_slide()
        text_box(slide, margin, Inches(0.3), width, Inches(0.8), [(heading, 30, True, _ACCENT)])
        return slide

    def notes(slide, text):
        slide.notes_slide.notes_text_frame.text = text

    def quote_note(q) -> str:
        """A quote in full for the speaker's notes: text, who, position, date, source and link."""
        text, who = quote_display(q)
        link = _val(q, "url")
        return " ".join(v for v in (text, f"— {who}.", f"{_val(q, 'position')}, {_val(q, 'date') or 'undated'},",
                                     f"source: {source_text(q)}" + (f" ({link})" if link else "") + ".") if v)

    # title
    slide = add_slide()
    dates = pd.to_datetime(df["date"], errors="coerce", format="ISO8601")
    in_range = dates[dates.notna() & (dates <= pd.Timestamp(as_of))]
    latest = in_range.max().date().isoformat() if not in_range.empty else "none"
    counts = table["position"].value_counts()
    text_box(slide, margin, Inches(1.5), width, Inches(4.5), [
        (title, 40, True, _ACCENT),
        (f"Data through {latest} (newest statement)", 22, True, _INK, 6),
        (f"Data cut-off (as of): {as_of}", 22, False, _INK),
        (f"Statements: {len(df):,}   Articles: {df['article_id'].nunique():,}   "
         f"Countries: {len(table):,}", 22, False, _INK),
        ("Countries by current position: "
         + ", ".join(f"{p} {int(counts.get(p, 0))}" for p in _POSITION_COLOURS), 22, False, _INK),
    ])

    if not current.empty:
        current = current.assign(speaker=[speaker_label(c, l) for c, l in
                                          zip(current["country"], current["leader"].fillna(""))])
    deciding = {r["country"]: r for _, r in quotes.iterrows()}
    # charts: the country and leader charts as native, editable PowerPoint charts (the page's own
    # rows, read from the chart); the others as pictures
    native = {"Current position by country": "country", "Current position by leader": "leader"}
    print_images({n: c for n, c in charts.items() if not native.get(base_name(n))}, note)   # the pictures
    for name, chart in charts.items():
        slide = new_slide(name)
        kind = native.get(base_name(name))
        bars = _bar_table(chart) if kind else None
        if bars is not None and not bars.empty:
            _native_position_bars(slide, list(bars["label"]), list(bars["position"]), margin, body_top, width,
                                  body_h)
            if kind == "country":
                notes(slide, f"{note}. Each country's position is its deciding speaker's. " + " ".join(
                    f"{c}: {quote_note(deciding[c])}" for c in bars["country"] if c in deciding))
            else:
                who = current.set_index("speaker") if not current.empty else None
                notes(slide, f"{note}. " + " ".join(
                    f"{s}: {quote_note(who.loc[s])}" for s in bars["speaker"]
                    if who is not None and s in who.index and isinstance(who.loc[s], pd.Series)))
            continue
        notes(slide, note)
        png = chart_png(chart, scale=PRINT_SCALE, note=note)
        w_px, h_px = png_size(png)
        ratio = min(width / w_px, body_h / h_px)
        w, h = int(w_px * ratio), int(h_px * ratio)
        slide.shapes.add_picture(io.BytesIO(png), Emu(margin + (width - w) // 2), body_top, Emu(w), Emu(h))
    # country table
    pages = max(1, math.ceil(len(table) / TABLE_ROWS_PER_PAGE))
    for page in range(pages):
        chunk = table.iloc[page * TABLE_ROWS_PER_PAGE:(page + 1) * TABLE_ROWS_PER_PAGE]
        slide = new_slide(_table_heading(as_of, page, pages))
        if chunk.empty:
            text_box(slide, margin, Inches(1.4), width, Inches(1), [
                (f"No statements on or before {as_of}.", 20, False, _MUTED)])
            continue
        shape = slide.shapes.add_table(len(chunk) + 1, len(_TABLE_COLS), margin, body_top,
                                       width, Inches(0.4) * (len(chunk) + 1))
        grid = shape.table
        for j, (label, _, frac) in enumerate(_TABLE_COLS):
            grid.columns[j].width = int(width * frac)
            grid.cell(0, j).text = label
            grid.cell(0, j).text_frame.paragraphs[0].runs[0].font.size = Pt(15)
        for i, (_, row) in enumerate(chunk.iterrows(), start=1):
            grid.rows[i].height = Inches(0.4)
            for j, (_, key, _) in enumerate(_TABLE_COLS):
                cell = grid.cell(i, j)
                cell.text = _cell(row, key)
                cell.margin_left = cell.margin_right = Inches(0.08)
                font = cell.text_frame.paragraphs[0].runs[0].font if cell.text else None
                if font is not None:
                    font.size = Pt(14)
                    if key == "position" and cell.text in _POSITION_COLOURS:
                        font.bold = True
                        font.color.rgb = RGBColor(*_POSITION_INK[cell.text])
        if (chunk["source"] == UNSOURCED).any():
            text_box(slide, margin, body_bottom - Inches(0.3), width, Inches(0.3),
                     [(UNSOURCED_NOTE, 12, False, _MUTED)])
    # quotes
    pages = max(1, math.ceil(len(quotes) / QUOTES_PER_PAGE))
    for page in range(pages):
        chunk = quotes.iloc[page * QUOTES_PER_PAGE:(page + 1) * QUOTES_PER_PAGE]
        suffix = f" ({page + 1}/{pages})" if pages > 1 else ""
        slide = new_slide(f"The quotes behind each country's position{suffix}")
        lines = [] if not chunk.empty else [(f"No quotes on or before {as_of}.", 20, False, _MUTED)]
        for _, q in chunk.iterrows():
            text, who = quote_display(q, limit=300)
            verbatim = is_verbatim(_val(q, "quote"), _val(q, "quote_type"))
            # a reported sentence names its outlet in the "Reported by" line already
            meta = " · ".join(v for v in (_val(q, "position"), _val(q, "date"),
                                          source_text(q) if verbatim else "", _val(q, "url")) if v)
            lines += [(text, 18, False, _INK, 16), (who, 14, True, _INK, 3), (meta, 12, False, _MUTED, 1)]
        text_box(slide, margin, body_top, width, body_h, lines)
        # the notes carry every quote whole (the slide cuts at 300 characters), with its source
        notes(slide, "\n\n".join(quote_note(q) for _, q in chunk.iterrows()) or note)
    if comparison is not None:
        from dashboard.compare_export import comparison_slides
        comparison_slides(new_slide, notes, comparison, margin, width)
    # method: the headline (and which topic it was measured on), the measured figures large, then the points
    from dashboard.views import methodology as m
    slide = new_slide(m.TITLE)
    text_box(slide, margin, body_top - Inches(0.1), width, Inches(1.0),
             [(n, 16, True, _POSITION_INK["oppose"]) for n in [m.topic_note(topic_label)] if n]
             + [(m.HEADLINE, 18, True, _INK)])
    figures = method_figures()
    cell_w = width // len(figures)
    for i, (value, what) in enumerate(figures):
        text_box(slide, margin + i * cell_w, body_top + Inches(1.0), cell_w, Inches(0.85),
                 [(value, 32, True, _ACCENT), (what, 13, False, _MUTED)])
    text_box(slide, margin, body_top + Inches(1.95), width, body_h - Inches(1.95),
             [("• " + p, 13, False, _INK) for p in m.POINTS], gap=3)
    slide.notes_slide.notes_text_frame.text = (
        f"Accuracy measured {m.MEASURED_ON} with extract.evaluate on the real-news dev set "
        f"({m.REAL_ARTICLES} articles): F1 {m.REAL_F1:.2f}, P {m.REAL_P:.2f}, R {m.REAL_R:.2f}.")
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()

