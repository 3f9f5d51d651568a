"""Re-runs: rows per article, kept on disk under a key of the article's content and the extractor.

The key is the hash of everything the rows are made of: the article (id, text,
title, date, url, outlet) and the extractor version. The version hashes the
extractor's sources (extract/*.py, extract/rules/*), the tables the rules read
(actors.csv, roles.csv, places.csv, groups.csv), every topic file read, the learned models
(data/learned/*.json), the model name and
version and the caps on what the model reads (`caps`), so a rule change, a
table edit, another model or other caps start afresh.

An entry also keeps the warnings its extraction left (the caps that cut
something), so an article from the cache warns as it did when extracted.

Layout: DIR/<version[:16]>/<key[:2]>/<key>.jsonl, one row (a JSON object) a
line, after a line {"_warnings": [...]} when the extraction warned; an article
with no rows and no warning is an empty file. Writes are atomic (temp file,
then rename), so a killed run leaves no half entry.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .. import registry, settings
from ..schema import COLUMNS, Article

# The whole package: every module and word list that can change a row, however deep it sits.
SOURCE_DIR = Path(__file__).resolve().parent.parent
TABLES = ("actors.csv", "roles.csv", "places.csv", "groups.csv")
WARNINGS = "_warnings"   # the key of an entry's line of warnings (a row has no such column)


def _model_version(model: str) -> str:
    try:
        from importlib.metadata import version
        return version(model)
    except Exception:
        return "?"


def extractor_version(topics: str | tuple[str, ...], model: str | None = None, data_dir: str | None = None) -> str:
    """Hash of the extractor: sources, rule lists, data tables, topic files, model name and version,
    and the caps of extract/bounds.py as they are set now (a row made under other caps is other).
    `topics`: topic names or paths to topic files, as a tuple or "a,b" ("all": every file in data/topics),
    in the order the rows follow."""
    h = hashlib.sha256(_sources_version(topics, model, data_dir).encode())
    h.update(caps().encode())
    return h.hexdigest()


def caps() -> str:
    """The settings and constants that bound what the model reads, so change the rows."""
    from .. import bounds
    return (f"parsed_tokens={settings.MAX_PARSED_TOKENS}|window={bounds.MAX_WINDOW_CHARS}|"
            f"sentence_tokens={bounds.MAX_SENTENCE_TOKENS}|sentence_hits={bounds.MAX_SENTENCE_HITS}|"
            f"piece_tokens={bounds.MAX_PIECE_TOKENS}")


@functools.lru_cache(maxsize=8)
def _sources_version(topics: str | tuple[str, ...], model: str | None = None, data_dir: str | None = None) -> str:
    """The files' part of the version (read once per process: they do not change during a run)."""
    import spacy
    h = hashlib.sha256()
    model = model or settings.MODEL
    data = Path(data_dir or settings.data_dir())
    files = sorted(SOURCE_DIR.rglob("*.py")) + sorted(p for p in (SOURCE_DIR / "rules").rglob("*") if p.is_file())
    files += [data / t for t in TABLES]
    for name in (topics.split(",") if isinstance(topics, str) else topics):
        name = name.strip()
        if name == "all":
            files += sorted((data / "topics").glob("*.toml"))
        else:
            files.append(Path(name) if name.endswith(".toml") or "/" in name else data / "topics" / f"{name}.toml")
    files += sorted((data / "learned").glob("*.json"))   # a topic's fallback model (learned.model)
    for f in files:
        h.update(str(f.relative_to(SOURCE_DIR) if f.is_relative_to(SOURCE_DIR) else f.name).encode() + b"\0")
        h.update(f.read_bytes() if f.is_file() else b"<missing>")
        h.update(b"\0")
    h.update(f"model={model}|{_model_version(model)}|spacy={spacy.__version__}|cols={','.join(COLUMNS)}".encode())
    h.update(f"disabled={','.join(sorted(registry.disabled()))}".encode())   # --disable-rule changes rows
    return h.hexdigest()


def article_key(article: Article) -> str:
    """Hash of the fields the rows are made of (not `name` or `warnings`)."""
    h = hashlib.sha256()
    for value in (article.article_id, article.title, article.published, article.url, article.outlet, article.text):
        h.update(value.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


class RowCache:
    def __init__(self, root: Path | str, version: str):
        self.root = Path(root)
        self.dir = self.root / version[:16]
        self.hits = self.misses = 0

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.jsonl"

    def get(self, key: str) -> list[dict] | None:
        entry = self.get_entry(key)
        return None if entry is None else entry[0]

    def get_entry(self, key: str) -> tuple[list[dict], list[str]] | None:
        """(rows, warnings of the extraction) of an entry, or None when there is none."""
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            self.misses += 1
            return None
        try:
            lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            self.misses += 1
            return None
        self.hits += 1
        warnings = [w for line in lines if WARNINGS in line for w in line[WARNINGS]]
        return [line for line in lines if WARNINGS not in line], warnings

    def put(self, key: str, rows: list[dict], warnings: list[str] = ()) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                if warnings:
                    fh.write(json.dumps({WARNINGS: list(warnings)}, ensure_ascii=False) + "\n")
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
