"""Re-runs: rows per article, kept on disk under a key of the article's content and the extractor.

The key is the hash of everything the rows are made of: the article (id, text,
title, date, url, outlet) and the extractor version. The version hashes the
extractor's sources (extract/*.py, extract/rules/*), the tables the rules read
(actors.csv, roles.csv, places.csv), every topic file read and the model name
and version, so a rule change, a table edit or another model starts afresh.

Layout: DIR/<version[:16]>/<key[:2]>/<key>.jsonl, one row (a JSON object) a
line; an article with no rows is an empty file. Writes are atomic (temp file,
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
TABLES = ("actors.csv", "roles.csv", "places.csv")


def _model_version(model: str) -> str:
    try:
        from importlib.metadata import version
        return version(model)
    except Exception:
        return "?"


@functools.lru_cache(maxsize=8)
def extractor_version(topics: str | tuple[str, ...], model: str | None = None, data_dir: str | None = None) -> str:
    """Hash of the extractor: sources, rule lists, data tables, topic files, model name and version.
    `topics`: topic names or paths to topic files, as a tuple or "a,b" ("all": every file in data/topics),
    in the order the rows follow."""
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
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            self.misses += 1
            return None
        try:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            self.misses += 1
            return None
        self.hits += 1
        return rows

    def put(self, key: str, rows: list[dict]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
