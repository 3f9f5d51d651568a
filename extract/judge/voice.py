"""A government's words spoken by a named member of it: the government row becomes theirs.

"Norway will not take part in such a force. Foreign Minister X said so on Monday." The reader finds
the government ("Norway") as the holder; the annotators give the position to the person who said it
(ANNOTATION: a government row only when no named person of that country carries the position). This
reads the plain text around the row's sentence, so it also catches speakers in sentences the topic
gate left unparsed ("This was stated by spokeswoman X").
"""
from __future__ import annotations

import re

from ..actors.table import role_kind
from ..lexicon import word_list
from ..registry import declare, on
from ..schema import Actor

declare("government_speaker", "attribution",
        "Norway will not take part in such a force. Foreign Minister Jonas Vik said so on Monday. "
        "(Vik's row, not Norway's)")

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


def _sentence_of(starts: list[int], offset: int) -> int:
    return max(i for i, s in enumerate(starts) if s <= offset)


def speakers_for_governments(rows: list[dict], text: str, people: list[Actor]) -> list[dict]:
    """Government rows whose words a named member of that government says next to them: theirs.

    `people` are the known people the article names; a country that already has a person's row
    keeps its government row (consolidate decides between them)."""
    if not on("government_speaker") or not rows:
        return rows
    voiced = {r["country"] for r in rows if r["leader"]}
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    verbs = _verbs()
    said: dict[str, list[tuple[int, Actor]]] = {}   # country -> (offset, speaker)
    for a in {p.name: p for p in people if p.country and _speaker_role(p)}.values():
        names = {a.name, a.name.split()[-1]}
        for m in re.finditer("|".join(re.escape(n) for n in names), text):
            if _speaks_after(text[m.end():m.end() + 60], verbs) or _speaks_before(text[max(0, m.start() - 80):m.start()], verbs):
                said.setdefault(a.country, []).append((m.start(), a))
    chosen: dict[str, tuple[int, Actor]] = {}   # country -> (distance, speaker), the nearest over its rows
    for r in rows:
        at = text.find(r["quote"])
        if r["leader"] or r["country"] in voiced or r["country"] not in said or at < 0:
            continue
        first, last = _sentence_of(starts, at), _sentence_of(starts, at + len(r["quote"]) - 1)
        # a speaker next door speaks for a sentence that has no speaker of its own ("..., a former
        # ambassador suggested that Warsaw might send...": not the minister of the next sentence)
        own = re.search(rf"\b(?:{verbs})\b", r["quote"])
        for off, a in said[r["country"]]:
            i = _sentence_of(starts, off)
            if (first <= i <= last or (not own and first - REACH <= i <= last + REACH)) and \
                    (r["country"] not in chosen or abs(off - at) < chosen[r["country"]][0]):
                chosen[r["country"]] = (abs(off - at), a)
    # the government is one holder: all its rows go to the member who speaks for it
    return [{**r, "leader": a.name, "role": a.role, "role_kind": role_kind(a.role),
             "rule": r["rule"] + " / government_speaker"} if not r["leader"] and (a := chosen.get(r["country"], (0, None))[1])
            else r for r in rows]
