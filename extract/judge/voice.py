"""A government's words spoken by a named member of it: the government row becomes theirs.

"Norway will not take part in such a force. Foreign Minister X said so on Monday." The reader finds
the government ("Norway") as the holder; the annotators give the position to the person who said it
(ANNOTATION: a government row only when no named person of that country carries the position). This
reads the plain text around the row's sentence, so it also catches speakers in sentences the topic
gate left unparsed ("This was stated by spokeswoman X").
"""
from __future__ import annotations

import functools
import re

from .. import settings
from ..actors.table import load_table, role_kind
from ..lexicon import stance_cues, stance_phrases, word_list
from ..registry import declare, on
from ..schema import Actor

declare("government_speaker", "attribution",
        "Norway will not take part in such a force. Foreign Minister Jonas Vik said so on Monday. "
        "(Vik's row, not Norway's)")

declare("speaker_on_topic", "attribution",
        "Poland might send soldiers to Ukraine. Defence Minister Jan Nowak said the army would buy tanks. "
        "(a minister next door who speaks of something else does not take Poland's row)")

declare("quoted_speaker", "attribution",
        "Latvia could send a platoon. «We will decide it in parliament,» Defence Minister Andris Sprūds told "
        "reporters. (the quote that follows the sentence is his, and so is the sentence: Sprūds's row)")

declare("document_signer", "attribution",
        "Spain and Italy signed a pledge to send troops. Pedro Sánchez signed it alongside Giorgia Meloni in Rome. "
        "(Sánchez's and Meloni's rows: the government that signs is the leader who signed)")

REACH = 1   # the speaker is named in the row's sentence or the one next to it, either side
IRREGULAR = {"say": "said", "tell": "told", "write": "wrote", "think": "thought", "hold": "held"}
_SENTENCE_END = re.compile(r"(?<=[.!?»\"”])\s+(?=[«\"“A-Z])|\n+")


def _forms(lemma: str) -> set[str]:
    forms = {lemma, IRREGULAR.get(lemma, "")}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    elif lemma.endswith(("sh", "ch", "ss", "x")):
        forms |= {lemma + "es", lemma + "ed"}
    else:
        forms |= {lemma + "s", lemma + "ed"}
    return forms - {""}


@functools.lru_cache(maxsize=None)
def _verbs() -> str:
    return "|".join(sorted({f for v in word_list("reporting_verbs") for f in _forms(v)}, key=len, reverse=True))


def _speaks_after(after: str, verbs: str) -> bool:
    """'X said', 'X (DP) told', 'X had previously stated', 'X, speaking in Oslo, warned' -> True."""
    return bool(re.match(rf"(?:\s*\([^)]*\))?[\s,]*(?:[a-z]+\s+){{0,2}}(?:{verbs})\b", after))


def _speaks_before(before: str, verbs: str) -> bool:
    """'stated by spokeswoman X', 'according to Minister X' -> True."""
    return bool(re.search(rf"\b(?:(?:{verbs})\s+by|according\s+to)\b[^.!?]*$", before, re.I))


def _speaker_role(a: Actor) -> bool:
    """A member of the government: a head, a minister, or its spokesperson (not a former one)."""
    r = a.role.lower()
    return not r.startswith("former") and (role_kind(a.role) in ("head", "minister") or "spokes" in r
                                           or "press secretary" in r)


_CLOSE = {"«": "»", "“": "”", '"': '"'}


def _quote_after(text: str, end: int) -> tuple[int, int] | None:
    """(start, end) of a quotation that opens right where a sentence ends ('... meet. «The design ...»'),
    or None; a quotation longer than a paragraph or two is not one."""
    opening = next((i for i in range(max(1, end - 3), min(len(text), end + 4))
                    if text[i] in _CLOSE and text[i - 1].isspace()), None)
    if opening is None:
        return None
    close = text.find(_CLOSE[text[opening]], opening + 1)
    return (opening, close) if 0 < close - opening < 1500 else None


def _aliases(name: str) -> set[str]:
    """The actor table's aliases of a name and their last words, capitalised as names are printed."""
    return _alias_index(str(settings.data_dir())).get(name, set())


@functools.lru_cache(maxsize=None)
def _alias_index(data_dir: str) -> dict[str, set[str]]:
    """Canonical name -> its printed aliases, built once per table (not per speaker and article)."""
    index: dict[str, set[str]] = {}
    for k, v in load_table(data_dir).aliases.items():
        index.setdefault(v, set()).update({k.title(), k.title().split()[-1]})
    return index


# "said so", "told reporters this", "This was stated by…" ("that" is left out: "said that…" opens a clause)
_PLAIN = re.compile(r"\b(?:so|this|it|these|the (?:statement|remarks?|words|announcement|decision|position))\b", re.I)


@functools.lru_cache(maxsize=None)
def _refusals() -> tuple[frozenset[str], tuple[str, ...]]:
    """The word forms of the engine's refusal and rule-out cues, and its oppose and condition phrases."""
    cues = stance_cues()
    forms = frozenset(f for c in ("oppose", "rule_out") for lemma in cues[c] for f in _forms(lemma))
    phrases = stance_phrases()
    return forms, phrases["oppose"] + phrases["conditional"]


def _speaks_to_it(sentence: str, words: frozenset[str], verbs: str) -> bool:
    """A neighbour sentence speaks for the row's sentence when it is on the topic (names a topic
    word: "troops", "the mission", "the idea") or is a plain attribution ("X said so", "This was
    stated by X", "X made the remarks in Oslo"); "X said the army would buy tanks" is about else."""
    if not words or not on("speaker_on_topic"):
        return True
    low = [w.lower() for w in re.findall(r"[\w'-]+", sentence)]
    if any(w in words or w.rstrip("s") in words or w in _refusals()[0] for w in low):
        return True
    # a refusal or warning of its own ("X warned such actions could trigger escalation")
    if any(p in " ".join(low) for p in _refusals()[1]):
        return True
    return bool(re.search(rf"\b(?:{verbs})\s+(?:\w+\s+){{0,2}}{_PLAIN.pattern}", sentence, re.I)
                or re.search(rf"{_PLAIN.pattern}\s+(?:was|were|has been|had been)\s+(?:{verbs})\s+by\b", sentence, re.I))


def _sentence_of(starts: list[int], offset: int) -> int:
    return max(i for i, s in enumerate(starts) if s <= offset)


_SIGN = re.compile(r"\bsign(?:s|ed|ing)?\b")


def _signers(text: str, starts: list[int], people: list[Actor]) -> dict[str, list[tuple[int, Actor]]]:
    """Country -> (offset, head) of each head of government or state named in a sentence that says
    something was signed ("X signed the agreement alongside Y and Z": X, Y and Z)."""
    found: dict[str, list[tuple[int, Actor]]] = {}
    ends = starts[1:] + [len(text)]
    for s, e in zip(starts, ends):
        sentence = text[s:e]
        if not _SIGN.search(sentence):
            continue
        for a in {p.name: p for p in people if p.country and role_kind(p.role) == "head"}.values():
            if (m := re.search(r"\b(?:" + re.escape(a.name) + "|" + re.escape(a.name.split()[-1]) + r")\b", sentence)):
                found.setdefault(a.country, []).append((s + m.start(), a))
    return found


def speakers_for_governments(rows: list[dict], text: str, people: list[Actor],
                             misspelt: dict[str, Actor] | None = None,
                             topic_words: frozenset[str] = frozenset()) -> list[dict]:
    """Government rows whose words a named member of that government says next to them: theirs.

    `people` are the known people the article names; a country that already has a person's row
    keeps its government row (consolidate decides between them). `topic_words` (the topic's terms
    and noun anaphors) decide whether a speaker in a neighbour sentence speaks to it (rule
    speaker_on_topic); empty, any neighbour does."""
    if not on("government_speaker") or not rows:
        return rows
    voiced = {r["country"] for r in rows if r["leader"]}
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    verbs = _verbs()
    said: dict[str, list[tuple[int, Actor]]] = {}   # country -> (offset, speaker)
    spelt: dict[str, set[str]] = {}   # the table's name -> the page's misspellings of it
    for form, a in (misspelt or {}).items():
        spelt.setdefault(a.name, set()).update({form, form.split()[-1]})
    for a in {p.name: p for p in [*people, *(misspelt or {}).values()] if p.country and _speaker_role(p)}.values():
        # the table's other spellings too ("Zelenskyy"), each a whole word ("Dan" is not in "Danish")
        names = {a.name, a.name.split()[-1]} | spelt.get(a.name, set()) | _aliases(a.name)
        for m in re.finditer(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", text):
            if _speaks_after(text[m.end():m.end() + 60], verbs) or _speaks_before(text[max(0, m.start() - 80):m.start()], verbs):
                said.setdefault(a.country, []).append((m.start(), a))
    signed = _signers(text, starts, people) if on("document_signer") else {}
    chosen: dict[str, tuple[int, Actor, str]] = {}   # country -> (distance, speaker), the nearest over its rows
    for r in rows:
        at = text.find(r["quote"])
        if r["leader"] or r["country"] in voiced or at < 0:
            continue
        first, last = _sentence_of(starts, at), _sentence_of(starts, at + len(r["quote"]) - 1)
        if _SIGN.search(r["quote"]):   # "the UK and France signed a declaration" + "Starmer signed it"
            for off, a in signed.get(r["country"], ()):
                if first - REACH <= _sentence_of(starts, off) <= last + REACH and \
                        (r["country"] not in chosen or abs(off - at) < chosen[r["country"]][0]):
                    chosen[r["country"]] = (abs(off - at), a, "document_signer")
        if r["country"] not in said:
            continue
        # a speaker next door speaks for a sentence that has no speaker of its own ("..., a former
        # ambassador suggested that Warsaw might send...": not the minister of the next sentence)
        own = re.search(rf"\b(?:{verbs})\b", r["quote"])
        # rule quoted_speaker: the speaker named after the quotation that follows the sentence said both
        quoted = _quote_after(text, at + len(r["quote"])) if on("quoted_speaker") and not own else None
        for off, a in said[r["country"]]:
            i = _sentence_of(starts, off)
            # '...» Backes told', '...,» Defence Minister X said': at most a title between
            after = quoted is not None and 0 < off - quoted[1] < 50 and \
                re.fullmatch(r"[\s,]*(?:[\w.'-]+\s+){0,4}", text[quoted[1] + 1:off]) is not None
            near = not own and first - REACH <= i <= last + REACH and \
                _speaks_to_it(text[starts[i]:(starts + [len(text)])[i + 1]], topic_words, verbs)
            if (first <= i <= last or after or near) and \
                    (r["country"] not in chosen or abs(off - at) < chosen[r["country"]][0]):
                chosen[r["country"]] = (abs(off - at), a, "government_speaker")
    # the government is one holder: all its rows go to the member who speaks for it
    return [{**r, "leader": c[1].name, "role": c[1].role, "role_kind": role_kind(c[1].role),
             "rule": r["rule"] + " / " + c[2]} if not r["leader"] and (c := chosen.get(r["country"]))
            else r for r in rows]
