"""Rule learned_fallback: a holder the article names on the topic, whom no rule gave a statement,
gets the position the topic's model reads from those sentences, when it is likely enough.

Real news names most holders in sentences the rules cannot parse into a statement (a live blog's
"Starmer is asked how he will lead the coalition with Macron"); about a fifth of the gold rows of
the real dev sets were lost there. The row quotes the sentence, says in its cue that a model read
it and how sure it was, and carries the rule name, so a reader can tell it from a rule's row."""
from __future__ import annotations

from ..registry import declare, on
from ..schema import Reading, Statement
from .features import SUBJECT_DEPS, head_token, holder_features, is_speaker
from .model import load_model

declare("learned_fallback", "judge",
        "Starmer is being asked how he intends to lead the coalition with Macron. (no rule links a cue; "
        "the model reads support for both)")

RECORD: list | None = None   # learned.train sets a list here to collect (article_id, key, features)


def holder_places(unlinked: list, held: set) -> dict[tuple, list]:
    """`attribution.window.Unlinked` places by holder, for holders with no row yet. The speaker of
    a sentence that gave someone else's statement relays it, and holds no position by it
    (ANNOTATION.md: "Zelensky said Macron had promised troops" is Macron's)."""
    out: dict[tuple, list] = {}
    for place in unlinked:
        key = place.mention.actor.key
        if key not in held and not (place.others_stated and is_speaker(place.mention, place.sent)):
            out.setdefault(key, []).append(place)
    return out


def _best_place(places: list):
    """The sentence to quote: the first where the holder is a subject, else the first."""
    for place in places:
        if head_token(place.mention, place.sent.doc).dep_ in SUBJECT_DEPS:
            return place
    return places[0]


def fallback_statements(article_id: str, topic_name: str, unlinked: list, held: set) -> list[tuple]:
    """(statement, window) for each holder the model gives a position; `unlinked` holds the
    `attribution.window.Unlinked` places of one article."""
    if not on("learned_fallback"):
        return []
    model = load_model(topic_name)
    if model is None and RECORD is None:
        return []
    out = []
    for key, places in holder_places(unlinked, held).items():
        actor = places[0].mention.actor
        feats = holder_features(actor.country, bool(actor.name), places)
        if RECORD is not None:
            RECORD.append((article_id, key, feats))
        if model is None or RECORD is not None:   # training reads the rules' rows alone
            continue
        position, prob = model.decide(feats)
        if position is None:
            continue
        place = _best_place(places)
        reading = Reading(position, f"model {prob:.2f}", False, ("learned_fallback",))
        out.append((Statement(place.mention, place.sent, reading, "learned", place.hit, rule="learned_fallback"),
                    place.window))
    return out
