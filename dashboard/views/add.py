"""Adding articles: upload or paste, extract (same function as the command line),
review and correct, add to the data set; remove an added article."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import re

import pandas as pd
import streamlit as st

from dashboard import data
from extract import settings
from extract.text.language import note
from dashboard.filters import POSITIONS
from dashboard.views.common import Context, md

PENDING = "add_pending"      # {content hash: {"name", "origin", "article": dict, "rows": [...]}}
JOB = "add_job"              # the running extraction (dashboard.worker.Job), if any
MESSAGES = "add_messages"    # [(kind, text)] shown after the rerun that follows an add/remove
MB = 1024 * 1024
EDIT_COLUMNS = ["keep", "check", "topic", "leader", "country", "role", "date", "position", "confidence", "cue", "rule",
                "quote_type", "quote"]
CORRECTED_FIELDS = ("leader", "country", "role", "date", "position")
DOUBTFUL = 0.6   # rows under this confidence are marked for a second look


def content_key(name: str, payload: bytes, meta: dict | None, topics: list[str] | None = None) -> str:
    """The upload's key in the review: its name, bytes, metadata and the topics chosen (another
    choice of topics is another extraction)."""
    h = hashlib.sha256()
    h.update(name.encode("utf-8", "replace") + b"\0" + payload + b"\0")
    h.update(json.dumps(meta or {}, sort_keys=True).encode())
    if topics:
        h.update(b"\0" + json.dumps(sorted(topics)).encode())
    return h.hexdigest()


TOPICS_KEY = "add_topics"


def topic_choices() -> list[str]:
    """The topics an upload can be extracted on: the topic files of the data folder."""
    from extract.topic.topics import available
    return available()


def _topic_picker(ctx: Context | None) -> list[str]:
    """Which topic(s) to extract: the topic the views show first; every topic file can be chosen."""
    from dashboard.topics import topic_label
    names = topic_choices()
    if not names:
        return []
    if TOPICS_KEY not in st.session_state or not set(st.session_state[TOPICS_KEY]) <= set(names):
        shown = getattr(ctx, "topic", "") if ctx is not None else ""
        st.session_state[TOPICS_KEY] = [shown if shown in names else
                                        settings.DEFAULT_TOPIC if settings.DEFAULT_TOPIC in names else names[0]]
    return st.multiselect("Topics to extract", names, key=TOPICS_KEY, format_func=topic_label,
                          help="Each article is read for every topic chosen; each row says its topic.")


def _slug(title: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()
    return s[:60] or "pasted-article"


def extract_items(items: list[tuple[str, bytes, dict | None, str]], fallback_date: dt.date | None,
                  topics: list[str] | None = None) -> None:
    """Start extracting each (name, bytes, meta, origin) not extracted yet in this session.

    The work runs in the server's warm worker process (dashboard/worker.py), under a watchdog that
    stops a file at the time budget, so a slow article never blocks the server; `_job_panel` shows its progress and a Cancel button, and moves the results to
    ``st.session_state[PENDING]`` (keyed by content hash, so a rerun never re-extracts) when done.
    """
    from dashboard.worker import Job

    if not items:
        return
    pending: dict = st.session_state.setdefault(PENDING, {})
    todo = [(*it, content_key(it[0], it[1], it[2], topics)) for it in items]
    todo = [it for it in todo if it[4] not in pending]
    if not todo:
        st.info("Already extracted: see the review below.")
        return
    old = st.session_state.get(JOB)
    if old is not None and not old.finished:
        old.cancel()
    st.session_state[JOB] = Job(todo, fallback_date.isoformat() if fallback_date else None,
                                str(data.data_dir()), settings.ARTICLE_SECONDS, topics=topics or None)


@st.fragment(run_every=1.0)
def _job_panel() -> None:
    """Progress of the running extraction, polled every second without blocking the page."""
    job = st.session_state.get(JOB)
    if job is None:
        return
    data.hold_background()   # a fragment run is no script run: say that the app is busy here
    job.poll()
    if not job.finished:
        with st.container(border=True):
            st.markdown(f"**Extracting {len(job.items)} article(s)** in the background; the rest of the app "
                        "stays usable.")
            st.progress(job.progress(), text=md(job.status()))
            if st.button("Cancel the extraction", key="add_cancel"):
                job.cancel()
                _finish(job)
                st.rerun()
        return
    _finish(job)
    st.rerun()   # the whole page: the review below shows the new results


def _finish(job) -> None:
    """Move a finished (or cancelled) job's results into the review and its errors into messages."""
    st.session_state.pop(JOB, None)
    st.session_state.setdefault(PENDING, {}).update(job.results)
    errors = list(job.errors)
    if job.cancelled:
        left = [it[0] for it in job.items if it[4] not in job.results][:10]
        errors.append("Extraction cancelled" + (f"; not extracted: {', '.join(left)}" if left else "."))
    st.session_state["add_errors"] = errors
    ok = len(job.results)
    _say("success" if ok else "info", f"Extracted {ok} of {len(job.items)} article(s)"
         + (f"; {len(job.errors)} failed" if job.errors else "") + ".")


def _messages() -> None:
    for kind, text in st.session_state.pop(MESSAGES, []):
        getattr(st, kind)(text)     # built with md() around every piece of data
    for text in st.session_state.get("add_refused", []):
        st.error(text)
    for e in st.session_state.get("add_errors", []):
        st.error(md(e))


def _say(kind: str, text: str) -> None:
    st.session_state.setdefault(MESSAGES, []).append((kind, text))


def render(ctx: Context | None = None) -> None:
    st.subheader("Add articles")
    st.caption("Articles are read and their positions extracted here with the same code as the "
               "command line. Review the rows, correct or drop them, then add them to the data set.")
    _messages()

    fallback = st.date_input("Publication date for articles that carry none (optional)", value=None,
                             min_value=dt.date(1990, 1, 1), max_value=dt.date.today() + dt.timedelta(days=1),
                             key="add_date")
    chosen_topics = _topic_picker(ctx)
    up, paste = st.columns(2)
    with up:
        st.markdown("**Upload files** (.txt, .md, .html)")
        files = st.file_uploader("Article files", type=["txt", "md", "html", "htm"],
                                 accept_multiple_files=True, key="add_files", label_visibility="collapsed",
                                 max_upload_size=max(1, math.ceil(settings.MAX_FILE_BYTES / MB)),
                                 help=f"At most {settings.MAX_FILES_PER_UPLOAD} files of "
                                      f"{_mb(settings.MAX_FILE_BYTES)} each.")
        if st.button("Extract from the uploaded files", key="add_extract_files",
                     disabled=not files or not chosen_topics):
            st.session_state["add_errors"], st.session_state["add_refused"] = [], []
            extract_items(_within_limits(files), fallback, chosen_topics)
    with paste:
        st.markdown("**Or paste an article**")
        title = st.text_input("Title", key="add_title")
        # no max_chars: the browser would cut a longer paste silently; the check below says why instead
        text = st.text_area("Text", key="add_text", height=180,
                            help=f"At most {settings.MAX_ARTICLE_CHARS:,} characters.")
        c1, c2 = st.columns(2)
        outlet = c1.text_input("Outlet (optional)", key="add_outlet")
        url = c2.text_input("URL (optional)", key="add_url")
        if st.button("Extract from the pasted text", key="add_extract_paste"):
            if not chosen_topics:
                st.error("Choose at least one topic to extract.")
            elif not text.strip():
                st.error("Paste the article text first.")
            elif len(text) > settings.MAX_ARTICLE_CHARS:
                st.error(f"The pasted text is {len(text):,} characters, over the limit of "
                         f"{settings.MAX_ARTICLE_CHARS:,} characters per article (setting "
                         "COALITION_MAX_ARTICLE_CHARS); shorten it or split it into several articles.")
            else:
                meta = {"title": title.strip(), "outlet": outlet.strip(), "url": url.strip()}
                payload = ((title.strip() + "\n\n") if title.strip() else "") + text
                extract_items([(f"{_slug(title)}.txt", payload.encode("utf-8"), meta, "paste")], fallback,
                              chosen_topics)

    if st.session_state.get(JOB) is not None:   # the fragment polls only while there is a job
        _job_panel()
    _review()
    _remove()


def _mb(n: int) -> str:
    """A size for a message: "10.0 MB (10,485,760 bytes)", "12.3 KB (12,600 bytes)", "999 bytes"."""
    if n >= MB:
        return f"{n / MB:.1f} MB ({n:,} bytes)"
    return f"{n / 1024:.1f} KB ({n:,} bytes)" if n >= 10_000 else f"{n:,} bytes"


def _refuse(text: str) -> None:
    """Shown now, and kept so that the reruns while the extraction runs show it too (`text` is
    built with md() around every piece of data)."""
    st.error(text)
    st.session_state.setdefault("add_refused", []).append(text)


def _within_limits(files) -> list[tuple[str, bytes, None, str]]:
    """The uploads to extract: the first MAX_FILES_PER_UPLOAD files under MAX_FILE_BYTES each.

    The refused ones are named in an error message; the upload's name is only ever used as a
    label and (through read.safe_id) for the article id, never as a path.
    """
    limit = settings.MAX_FILES_PER_UPLOAD
    if len(files) > limit:
        extra = files[limit:]
        names = ", ".join(md(f.name) for f in extra[:10]) + (", …" if len(extra) > 10 else "")
        _refuse(f"{len(files)} files chosen, but at most {limit} can be added per upload "
                f"(setting COALITION_MAX_FILES_PER_UPLOAD): the first {limit} are processed, "
                f"these {len(extra)} were refused — upload them again afterwards: {names}")
        files = files[:limit]
    items = []
    for f in files:
        size = getattr(f, "size", None)
        if size is None:
            size = len(f.getvalue())
        if size > settings.MAX_FILE_BYTES:
            _refuse(f"{md(f.name)}: file is {_mb(size)}, over the limit of "
                    f"{_mb(settings.MAX_FILE_BYTES)} per file (setting COALITION_MAX_FILE_BYTES); not read.")
            continue
        items.append((f.name, f.getvalue(), None, "upload"))
    return items


def _review() -> None:
    pending: dict = st.session_state.get(PENDING, {})
    if not pending:
        return
    st.divider()
    st.markdown(f"### Review ({len(pending)} article(s))")
    st.caption("Untick **keep** to drop a row; correct leader, country, role, date or position in place.")
    for key, item in list(pending.items()):
        art = item["article"]
        with st.container(border=True):
            st.markdown(f"**{md(art.get('title') or item['name'])}** · {md(item['name'])}")
            st.caption(f"Article id: {md(art.get('article_id', ''))} (made from the file name; "
                       "a number is added if it is taken)")
            unread = note(art["language"]) if art.get("language") else None
            for w in art.get("warnings", []):   # a text the model cannot read is said loudly, the rest quietly
                (st.warning if w == unread else st.caption)(md(w))
            # provenance: every article has an outlet or link, or is added knowingly as unsourced
            s1, s2 = st.columns(2)
            s1.text_input("Outlet", value=art.get("outlet") or "", key=f"outlet_{key[:16]}",
                          help="The publication the article comes from.")
            s2.text_input("URL", value=art.get("url") or "", key=f"url_{key[:16]}",
                          help="http(s) link to the article.")
            if not (st.session_state.get(f"outlet_{key[:16]}", "").strip()
                    or st.session_state.get(f"url_{key[:16]}", "").strip()):
                st.warning("Unsourced: no outlet and no link. It will be flagged as unsourced in every "
                           "view and export; add the outlet or the URL if you have them.")
            rows = item["rows"]
            date_needed = not art.get("published") or any(not r.get("date") for r in rows)
            chosen = None
            if date_needed:
                chosen = st.date_input("This article has no date: when was it published?", value=None,
                                       min_value=dt.date(1990, 1, 1), key=f"date_{key[:16]}")
            _missed_row_form(key, item)   # a row the extractor missed, from a sentence of the text
            rows = item["rows"]
            if not rows:
                st.info("No statement on the chosen topic(s) was found in this article; nothing to add.")
                if st.button("Discard", key=f"drop_{key[:16]}"):
                    pending.pop(key, None)
                    st.rerun()
                continue
            frame = review_frame(rows)
            st.caption("Doubtful rows first (lowest confidence). **check** flags names that are not in "
                       "the actor table or look like a known leader's misspelling.")
            edited = st.data_editor(
                frame, key=f"review_{key[:16]}", hide_index=True, num_rows="fixed",
                column_config={
                    "keep": st.column_config.CheckboxColumn("keep", help="untick to drop the row"),
                    "check": st.column_config.TextColumn("check", width="medium"),
                    "position": st.column_config.SelectboxColumn("position", options=list(POSITIONS),
                                                                 required=True),
                    "date": st.column_config.TextColumn("date", help="yyyy-mm-dd"),
                    "confidence": st.column_config.NumberColumn("confidence", format="%.2f"),
                    "quote": st.column_config.TextColumn("quote", width="large"),
                    "topic": st.column_config.TextColumn("topic", width="medium"),
                },
                disabled=["check", "topic", "quote", "quote_type", "confidence", "cue", "rule"],
            )
            with st.expander("Full quotes, holder and cue marked", expanded=True):
                for i, r in frame.iterrows():
                    flag = f" · :orange[{md(r['check'])}]" if r["check"] else ""
                    st.markdown(f"{md(r['confidence'] if pd.notna(r['confidence']) else '')} · {md(r['topic'])} · "
                                f"**{md(r['leader'] or r['country'])}** · {md(r['position'])} · "
                                f"rule {md(r['rule'])}{flag}  \n" + marked_quote(rows[i]))
            b1, b2, _ = st.columns([1, 1, 3])
            add = b1.button("Add to data set", key=f"add_{key[:16]}", type="primary",
                            disabled=date_needed and chosen is None)
            if date_needed and chosen is None:
                st.caption("Pick the date to add this article.")
            if b2.button("Discard", key=f"drop_{key[:16]}"):
                pending.pop(key, None)
                st.rerun()
            if add:
                _add(key, item, edited, chosen)
                st.rerun()


# ---- a row the extractor missed ------------------------------------------------
REVIEWER_RULE = "reviewer"   # the rule column of a row a reviewer added
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'A-Z0-9À-Ý])")


def sentences(text: str, limit: int = 400) -> list[str]:
    """The article's sentences, in order (the evidence a reviewer picks): 'Tusk said no. He left.'
    -> ['Tusk said no.', 'He left.']. Line breaks end a sentence too."""
    out = []
    for line in str(text or "").splitlines():
        for piece in _SENTENCE_END.split(line.strip()):
            piece = " ".join(piece.split())
            if len(piece) > 3:
                out.append(piece)
    return out[:limit]


def missed_row(article: dict, quote: str, leader: str, country: str, role: str, position: str,
               date: str, topic: str) -> dict:
    """A positions row the reviewer adds from a sentence of the article: the sentence is the quote,
    shown as reported (it is the article's sentence, not known to be the speaker's own words)."""
    from extract.schema import COLUMNS
    row = {c: "" for c in COLUMNS}
    row.update({"article_id": article.get("article_id", ""), "leader": leader.strip(), "country": country.strip(),
                "role": role.strip() or ("government" if not leader.strip() else ""), "date": date,
                "topic": topic, "position": position, "quote": " ".join(quote.split()), "quote_type": "reported",
                "confidence": 1.0, "title": article.get("title", ""), "published": article.get("published", ""),
                "mention": leader.strip() or country.strip(), "cue": "", "rule": REVIEWER_RULE})
    return row


def _missed_row_form(key: str, item: dict) -> None:
    art = item["article"]
    k = key[:16]
    with st.expander("Add a row the extractor missed"):
        st.caption("Pick the sentence that carries the position (the evidence), then who holds it. "
                   "The row is stored as a reviewer's correction and marked so in every view.")
        evidence = st.selectbox("Evidence: a sentence of the article", sentences(art.get("text", "")),
                                index=None, key=f"miss_ev_{k}", placeholder="type a word to find the sentence")
        c1, c2, c3, c4 = st.columns(4)
        leader = c1.text_input("Leader (empty: the government)", key=f"miss_leader_{k}")
        country = c2.text_input("Country", key=f"miss_country_{k}")
        role = c3.text_input("Role", key=f"miss_role_{k}")
        position = c4.selectbox("Position", list(POSITIONS), key=f"miss_pos_{k}")
        if st.button("Add this row to the review", key=f"miss_add_{k}", disabled=not (evidence and country.strip())):
            topic = next((r.get("topic") for r in item["rows"] if r.get("topic")), settings.DEFAULT_TOPIC)
            item["rows"].append(missed_row(art, evidence, leader, country, role, position,
                                           art.get("published") or "", topic))
            for field in ("ev", "leader", "country", "role"):
                st.session_state.pop(f"miss_{field}_{k}", None)
            st.rerun()
        if evidence and not country.strip():
            st.caption("Give the country to add the row.")


def _add(key: str, item: dict, edited: pd.DataFrame, chosen: dt.date | None) -> None:
    from extract.schema import Article
    from extract.io.store import add_article_rows

    art = dict(item["article"])
    if chosen is not None and not art.get("published"):
        art["published"] = chosen.isoformat()
    outlet = str(st.session_state.get(f"outlet_{key[:16]}", art.get("outlet") or "")).strip()
    url = str(st.session_state.get(f"url_{key[:16]}", art.get("url") or "")).strip()
    if url and not re.match(r"^https?://\S+$", url, re.IGNORECASE):
        _say("error", f"{md(art.get('title') or item['name'])}: not added — the URL must start with "
                      "http:// or https://")
        return
    art["outlet"], art["url"] = outlet, url
    # an article without a headline is stored under a title that says so, never an empty one
    art["title"] = (art.get("title") or "").strip() or f"Untitled article ({item['name']})"
    fields = {f.name for f in dataclasses.fields(Article)}
    article = Article(**{k: v for k, v in art.items() if k in fields})
    rows = []
    bad = []
    changes = []
    for i, rec in edited.sort_index().iterrows():   # the index is the row's place in the extraction
        if not bool(rec.get("keep", True)):
            continue
        row = dict(item["rows"][i])
        row["source"], row["url"], row["title"] = outlet, url, art["title"]
        mine = []
        for col in CORRECTED_FIELDS:
            val = rec.get(col)
            before = str(row.get(col) or "")
            row[col] = "" if val is None or (isinstance(val, float) and val != val) else str(val).strip()
            if row[col] != before:
                mine.append({"field": col, "original": before, "corrected": row[col]})
        if row.get("rule") == REVIEWER_RULE:     # a row the reviewer added is a correction too
            mine = [{"field": "row", "original": "", "corrected": "added by a reviewer"}]
        # each correction keyed by the row as stored: its (corrected) holder and its quote
        changes += [{**c, "leader": row["leader"], "country": row["country"], "quote": row.get("quote", "")}
                    for c in mine]
        if not row["date"] and chosen is not None:
            row["date"] = chosen.isoformat()
        if not row.get("published") and art.get("published"):
            row["published"] = art["published"]
        if row["position"] not in POSITIONS:
            bad.append(f"row {i + 1}: position must be one of {', '.join(POSITIONS)}")
        if row["date"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]):
            bad.append(f"row {i + 1}: date '{row['date']}' is not yyyy-mm-dd")
        rows.append(row)
    title = md(article.title or item["name"])
    if bad:
        _say("error", f"{title}: not added — " + "; ".join(bad))
        return
    if not rows:
        _say("warning", f"{title}: every row was dropped; nothing added.")
        return
    try:
        result = add_article_rows(data.data_dir(), article, rows, item["origin"])
    except Exception as exc:
        _say("error", f"{title}: could not be added ({md(type(exc).__name__)}: {md(exc)})")
        return
    st.session_state[PENDING].pop(key, None)
    if result == "duplicate":
        _say("warning", f"{title}: already in the data set; nothing added.")
    else:
        if changes:
            try:
                record_corrections(data.data_dir(), result, changes)
            except Exception as exc:
                _say("error", f"{title}: added, but the corrections could not be recorded "
                              f"({md(type(exc).__name__)}: {md(exc)})")
        data.clear_caches()
        _say("success", f"{title}: added {len(rows)} row(s) as article {md(result)}"
                        + (f", {len(changes)} correction(s) recorded." if changes else "."))


def record_corrections(data_dir, article_id: str, changes: list[dict]) -> None:
    """Append corrections (original value, corrected value, when) to data/corrections.csv, each keyed
    by its row (article, holder, quote hash: dashboard/corrections.py), under the data lock and
    atomically, so a correction stays visible as one, not as the extractor's output."""
    from dashboard import corrections
    when = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    corrections.record(data_dir, article_id, changes, when)


def review_frame(rows: list[dict]) -> pd.DataFrame:
    """The review table: one line per extracted row (index = its place in the extraction), doubtful
    (low-confidence) rows first, with a check column for names to look at."""
    from dashboard.topics import topic_label
    frame = pd.DataFrame(rows).reindex(columns=EDIT_COLUMNS[2:])
    frame["topic"] = [topic_label(r.get("topic")) for r in rows]   # the label: read, never edited
    frame.insert(0, "check", [name_check(r.get("leader") or "", r.get("confidence")) for r in rows])
    frame.insert(0, "keep", True)
    conf = pd.to_numeric(frame["confidence"], errors="coerce").fillna(0.0)
    return frame.loc[conf.sort_values(kind="stable").index]


@st.cache_data(show_spinner=False)
def _actor_names(path: str, mtime: float) -> tuple[list[str], dict[str, str]]:
    """(canonical names, alias -> name) from data/actors.csv."""
    import csv
    names, alias = [], {}
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            names.append(r["name"])
            alias[r["name"].casefold()] = r["name"]
            for a in (r.get("aliases") or "").split("|"):
                if a.strip():
                    alias[a.strip().casefold()] = r["name"]
    return sorted(set(names)), alias


def name_check(leader: str, confidence=None) -> str:
    """'not in the actor table', 'like Keir Starmer?' (a near-duplicate of a known leader), or ''."""
    import difflib
    from pathlib import Path
    parts = []
    try:
        conf = float(confidence)
    except (TypeError, ValueError):
        conf = None
    if conf is not None and conf < DOUBTFUL:
        parts.append("doubtful")
    if leader:
        path = Path(data.data_dir()) / "actors.csv"
        if not path.exists():
            path = Path(settings.ROOT) / "data" / "actors.csv"
        names, alias = _actor_names(str(path), path.stat().st_mtime if path.exists() else 0.0)
        if leader.casefold() not in alias:
            close = difflib.get_close_matches(leader, names, n=1, cutoff=0.8)
            parts.append(f"like {close[0]}?" if close else "not in the actor table")
    return "; ".join(parts)


def marked_quote(row: dict) -> str:
    """The full quote as escaped Markdown, the holder's mention in bold and the cue highlighted."""
    quote = " ".join(str(row.get("quote") or "").split())
    marks = []
    for text, kind in ((row.get("mention") or "", "holder"), (row.get("cue") or "", "cue")):
        for piece in [p.strip() for p in re.split(r"[|/]", str(text)) if p.strip()][:3]:   # "send / ready"
            at = quote.casefold().find(piece.casefold())
            if at >= 0:
                marks.append((at, at + len(piece), kind))
    marks.sort()
    out, pos = [], 0
    for start, end, kind in marks:
        if start < pos:
            continue    # overlapping marks: the first one wins
        out.append(md(quote[pos:start]))
        piece = md(quote[start:end])
        out.append(f"**{piece}**" if kind == "holder" else f":orange-background[{piece}]")
        pos = end
    out.append(md(quote[pos:]))
    return "".join(out)


def _remove() -> None:
    registry = data.load_registry()
    mine = registry[registry["origin"].isin(["upload", "paste"])] if not registry.empty else registry
    st.divider()
    st.markdown("### Remove an added article")
    if mine.empty:
        st.caption("No article has been added from the app yet.")
        return
    labels = {r.article_id: f"{r.title or r.article_id} — {r.article_id} ({r.origin}, {r.added_at})"
              for r in mine.itertuples()}
    choice = st.selectbox("Article", list(labels), format_func=labels.get, key="remove_choice")
    n_rows = int((data.load_positions()[0]["article_id"] == choice).sum())
    # a removal cannot be undone from the app: it waits for an explicit confirmation
    sure = st.checkbox(f"Yes, remove this article and its {n_rows} row(s) from the data set",
                       key="remove_confirm")
    if st.button("Remove the article and its rows", key="remove_button", disabled=not sure):
        st.session_state.pop("remove_confirm", None)
        from extract.io.store import remove_article
        try:
            n = remove_article(data.data_dir(), choice)
        except Exception as exc:
            _say("error", f"Could not remove {md(choice)}: {md(type(exc).__name__)}: {md(exc)}")
        else:
            data.clear_caches()
            _say("success", f"Removed {choice} ({n} row(s)).")
        st.rerun()
