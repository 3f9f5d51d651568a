"""One judgement per (article, holder), as the annotation rules ask."""
from __future__ import annotations

from ..lexicon import word_list
from ..registry import declare, on
from ..schema import COLUMNS
from .confidence import calibrated

EUROPEAN = word_list("european_countries")
ORGANISATIONS = word_list("organisations")
declare("government_voice", "stance", "Denmark is ready to send troops. Frederiksen said it depends on the US. (one row: hers)")
declare("bare_organisation", "stance", "NATO agreed on the 5% target. (no row: the alliance is no government; its officials are)")
declare("refusal_outweighs", "stance", "Sánchez rejected the 5% target. ... Sánchez backs a strong defence. (oppose)")
declare("stated_condition", "stance", "Denmark is ready to send troops. Frederiksen said it would only go with a US "
        "backstop. (a condition the holder sets qualifies their yes: conditional)")
declare("outside_europe", "stance", "Trump backs a European force but rules out US troops. (support: ANNOTATION, outside Europe)")


def backing_beyond_own_troops(rows: list[dict]) -> list[dict]:
    """ANNOTATION, outside Europe: a leader of a country outside Europe who backs a European deployment
    is support, even while ruling out their own troops; their refusals of their own troops then go.
    One who only rules out their own country's troops stays oppose."""
    if not on("outside_europe"):
        return rows
    backers = {_key(r) for r in rows if r["position"] == "support" and r["country"]
               and r["country"].lower() not in EUROPEAN and not r["_own"]}
    return [r for r in rows if not (_key(r) in backers and r["position"] == "oppose" and r["_own"])]


OPENNESS = word_list("openness_phrases")
GENERIC_CONDITIONS = word_list("stance/phrases_conditional")
# rules that read a condition the holder sets on taking part ("only if", "requires a vote", "provided …")
CONDITION_RULES = frozenset({"only_if", "needs_approval", "before_deciding", "if_clause", "without_condition",
                             "condition_clause"})


def _stated_condition(r: dict) -> bool:
    """A conditional row that rests on a condition the holder sets, not on openness or indecision
    ('would not rule out', 'too early'): only such a row qualifies the holder's plain yeses."""
    if r["position"] != "conditional" or not r["_strong"]:
        return False
    rules = set(r["rule"].split(" / "))
    if "threat_to_laggards" in rules:
        return False   # "threatened to punish allies if they refuse to pay": the condition is on others
    if rules & CONDITION_RULES:
        return True
    # a condition in the engine's own words ("depends on", "provided"): a topic's own conditional words
    # may also name a state already reached ("thanks to the flexibility in implementation granted")
    phrase = r["cue"].split(" / ")[-1].strip()
    return "conditional_phrase" in rules and phrase not in OPENNESS and phrase in GENERIC_CONDITIONS


def _key(r: dict) -> tuple:
    return (r["leader"], r["country"] if not r["leader"] else "")
# Within one sentence: an explicit refusal beats a stated condition, which beats a softer "no"
# (a negated offer next to a condition is the condition), then a plain yes, then a bare hedge
# ("who has championed the idea, said a force could be ready" is support).
SENTENCE_PRIORITY = {("oppose", True): 4, ("conditional", True): 3, ("oppose", False): 2,
                     ("support", False): 1, ("support", True): 1, ("conditional", False): 0}


REFUSAL_WEIGHT = 2.0


def _weight(r: dict) -> float:
    """An explicit refusal outweighs a holder's plain yeses elsewhere in the article (QUESTION.md: a
    rejection stays a rejection): opposers are often also described as backing defence in general."""
    rules = set(r["rule"].split(" / "))
    # a refusal word or phrase ("rejected", "unreasonable", "well below"); not "ruled out our own
    # troops" or "is not part of it", which outside Europe go with backing a force (ANNOTATION)
    explicit = rules & {"cue_oppose", "oppose_phrase"} and not rules & {"negation", "cue_rule_out"}
    if on("refusal_outweighs") and r["position"] == "oppose" and r["_strong"] and explicit:
        return REFUSAL_WEIGHT
    # "Italy will not send troops": a denied offer outweighs a word of openness about something else; outside
    # Europe a leader's refusal of their own troops has already gone beside their backing (outside_europe)
    return REFUSAL_WEIGHT if r["position"] == "oppose" and "denied_offer" in rules else 1.0


def consolidate(rows: list[dict]) -> list[dict]:
    """One judgement per (article, holder), as the annotation rules ask.

    Rows of the same holder in the same sentence collapse to the surest; if a
    holder's rows disagree, the position with the most evidence (judge.rows)
    wins and the stray rows go (they are usually a misread clause). A government
    row goes when a named person of that country holds the same position. Last,
    each row gets its holder's confidence (judge.confidence), which changes no row."""
    rows = backing_beyond_own_troops(rows)
    if on("bare_organisation"):
        rows = [r for r in rows if r["leader"] or r["country"].lower() not in ORGANISATIONS]
    best: dict[tuple, dict] = {}
    for r in rows:
        key = (r["leader"], r["country"] if not r["leader"] else "", r["quote"])
        # Within one sentence a refusal beats an offer ("will provide intelligence, but no ground
        # troops") and a condition beats a plain yes ("ready, but only with a US backstop").
        if key not in best or SENTENCE_PRIORITY[r["position"], r["_strong"]] > \
                SENTENCE_PRIORITY[best[key]["position"], best[key]["_strong"]]:
            best[key] = r
    rows = list(best.values())
    weight: dict[tuple, dict[str, float]] = {}
    for r in rows:
        w = weight.setdefault((r["leader"], r["country"] if not r["leader"] else ""), {})
        w[r["position"]] = w.get(r["position"], 0) + r["_evidence"] * _weight(r)
    winner = {k: max(v, key=v.get) for k, v in weight.items()}
    if on("stated_condition"):
        # "ready to send troops … only with a US backstop" said in two sentences is still one conditional yes
        # a counted offer ("prepared to send several hundred soldiers") is support whatever procedure it awaits
        conditioned = {_key(r) for r in rows if _stated_condition(r)} - {_key(r) for r in rows if r.get("_counted")}
        winner = {k: "conditional" if p == "support" and k in conditioned else p for k, p in winner.items()}
    rows = [r for r in rows if winner[(r["leader"], r["country"] if not r["leader"] else "")] == r["position"]]
    named = {(r["country"], r["position"]) for r in rows if r["leader"]}
    speakers = {(r["country"], r["quote"]) for r in rows if r["leader"]}
    # A government row goes when a named person of that country holds the same position in the
    # article, or speaks in the same sentence (they are the one who said it).
    # A head of state or government, or a minister, speaks for the government: the bare country's
    # row ("Denmark has said it is ready") goes whatever it says (annotators give the government's
    # words to them); an official's reported words ("a German official said…") stay their own.
    voices = {r["country"] for r in rows if r["leader"] and r.get("role_kind") in ("head", "minister")} \
        if on("government_voice") else set()
    rows = [r for r in rows if r["leader"] or ((r["country"], r["position"]) not in named
                                               and (r["country"], r["quote"]) not in speakers
                                               and not (r["country"] in voices and r["role"] == "government"))]
    order = {id(r): i for i, r in enumerate(rows)}
    return calibrated([{c: None if c == "confidence" else r[c] for c in COLUMNS}   # set by calibrated
                       for r in sorted(rows, key=lambda r: order[id(r)])])
