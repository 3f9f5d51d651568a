"""Stance over a whole clause: phrases, if-clauses and 'without' conditions on top of the path reading."""
from __future__ import annotations

import re

from spacy.tokens import Token

from ..lexicon import word_list
from ..schema import Reading
from ..topic.topics import Topic
from ..deps import NOMINAL_SUBJECTS, SCOPE_DEPS
from ..registry import declare, on
from .reading import CONDITIONAL, HEDGE_AUX, IF_MARKS, NEG_WORDS, OPPOSE, SUPPORT, read_path, timing_only

# "would only be credible with American support": a condition however it is phrased
ONLY_IF = re.compile(r"\bonly\b(?: \S+){0,4} (?:if|with|when|under|provided|through)\b")
# "a ceasefire must hold before Ankara makes decisions on the mission": what must come first is a condition
# "any German deployment would require Bundestag approval": a vote or mandate the deployment waits for
NEEDS_APPROVAL = re.compile(r"\b(?:require|requires|required|requiring|need|needs|needed|needing)\b"
                            r"(?: (?!no\b|not\b|without\b)\S+){0,3} (?:approval|vote|consent|authori[sz]ation|mandate)\b")
# only what must, or is wanted, first, or a clause that opens with it ("Before Spain makes a decision, …"):
# "would consult allies before deciding how many" only dates a step
BEFORE_DECIDING = re.compile(r"(?:^(?:\S+ ){0,2}|\b(?:must|need|needs|needed|want|wants|wait|waits|waiting|first|"
                             r"require|requires)\b(?: \S+){0,8} )before\b(?: \S+){0,6} (?:decide|decides|deciding|decision|decisions|"
                             r"commit|commits|committing)\b")
# "MPs will get a vote before any deployment", "any decision would be put to the Bundestag for approval": a vote
# the deployment waits for, however it is phrased. Not one already held ("approved", "voted"), not a refusal
# ("voted against", "would reject", "will not approve"), and "say" only as the noun ("a say", "its say")
LEGISLATURES = word_list("legislature_nouns")
_LEG = "(?:" + "|".join(sorted(map(re.escape, LEGISLATURES))) + ")"
_SAY = r"(?:vote|approval|approve|consent|(?:a|its|their|the) say|authori[sz]ation|authori[sz]e|green light|consulted)"
_NOT_IN_GAP = r"(?!against\b|not\b|n't\b|never\b|reject\w*\b|refus\w*\b|block\w*\b|already\b)"
LEGISLATURE_SAY = re.compile(rf"\b{_LEG}\b(?: {_NOT_IN_GAP}\S+){{0,6}} {_SAY}\b(?! against\b)"
                             rf"|\b{_SAY}\b(?: \S+){{0,4}} (?:by|of|from|in|to) (?:the )?(?:\S+ )?{_LEG}\b")
# "has no problem with deploying troops", "would not object to it": a negated objection is openness
# (ANNOTATION: double negation), not the refusal the negation reads
NO_OBJECTION = re.compile(r"\bno (?:\S+ )?(?:problem|problems|issue|issues|objection|objections) (?:with|to|about)\b"
                          r"|\b(?:not|n't) (?:\S+ )?object\b")
# "it is premature to discuss troops", "has made no decision yet", "has not committed troops yet": the
# decision is pending, not refused (ANNOTATION: "premature until…", "will be decided when…")
# ("yet" after a comma is the conjunction: "would not send soldiers, yet it backs the force")
PENDING = re.compile(r"\b(?:premature(?:ly)?|too (?:early|soon)|undecided|wait and see|wait-and-see"
                     r"|no (?:final |formal |firm |such )?decisions?|yet to (?:decide|make|take|commit|be decided)"
                     # "there was no concrete proposal for such an operation", "no concrete plans have been made"
                     r"|no concrete (?:proposals?|plans?|decisions?)"
                     r"|(?:not|n't|no)(?: [^\s,]+){0,4} yet|not at (?:that|this) (?:point|stage|moment))\b")
# with no reading on the path, only words of deciding or of talking about it make a pending decision a
# position ("we cannot talk about this yet"; "no troops are there yet" is a fact)
PENDING_ALONE = re.compile(r"\b(?:decid\w*|decision\w*|commit\w*|premature\w*|too early|too soon|undecided|concrete"
                           r"|speak|talk|discuss)\b")
VERDICT_WORDS = word_list("verdict_words")
CONDITION_WORDS = word_list("condition_words")
IDIOM_CONDITIONS = word_list("idiom_conditions")


declare("curly_apostrophe", "stance", "Spain said it won’t be able to meet the 5% target. (a typographic "
        "apostrophe negates like a straight one: 'n’t' is 'n't')")


def plain(text: str) -> str:
    """Lower case with typographic apostrophes made straight: the word lists write "n't" and "won't",
    news pages often print "n’t" (rule curly_apostrophe)."""
    text = text.lower()
    return text.replace("’", "'") if on("curly_apostrophe") else text


def phrase_hits(text: str, phrases: tuple[str, ...]) -> list[str]:
    padded = f" {plain(text)} "
    return [p for p in phrases if f" {p} " in padded]


declare("neutral_phrase", "stance", "The ministry declined to comment on possible deployments. (no position)")
declare("denied_report", "stance", "Beijing denied media reports that it was considering joining a force. (a report "
        "called untrue: no position)")
declare("support_phrase", "stance", "Greece is fully behind a reassurance force for Ukraine. (a backing phrase "
        "where no word on the path took a side; 'not fully behind' refuses)")
declare("oppose_phrase", "stance", "Moscow said troops would be met with all available means. (a refusal phrase)")
declare("phrase_over_modal", "stance", "The Czech Republic could stay well below 5%. (a refusal phrase beats the hedge of 'could')")
declare("conditional_phrase", "stance", "Berlin would send troops only with a US backstop. (a condition phrase)")
declare("only_if", "stance", "A force would only be credible with American support. ('only … if / with')")
declare("needs_approval", "stance", "Any German deployment would require Bundestag approval. (conditional)")
declare("before_deciding", "stance", "A ceasefire must hold before Ankara makes any decision on the mission. (conditional)")
declare("if_clause", "stance", "We would support a European force if it is part of a deal. (conditional)")
declare("timing_only", "stance", "We will send troops if a peace deal is reached. (a time, not a condition: support)")
declare("sourcing_idiom", "stance", "A source, speaking on condition of anonymity, said Ankara would send troops. "
        "(how the source speaks, not a condition: support; also 'depending on how you see it', rules/idiom_conditions.txt)")
declare("timing_phrase", "stance", "Lithuania would send troops only if peace is ensured. (the 'only if' dates "
        "the offer, as 'only after a ceasefire' does: support)")
declare("condition_object", "stance", "Fico would accept the 5% target only with an exemption for infrastructure. "
        "(the refusal word is what the condition asks for: conditional)")
declare("no_objection", "stance", "Lisbon has no problem with Portuguese soldiers serving in Ukraine, the minister "
        "said. (a negated objection is openness: conditional)")
declare("legislature_say", "stance", "Frederiksen said the Folketing would vote before Danish soldiers were "
        "deployed. (a vote the deployment waits for: conditional)")
declare("pending_decision", "stance", "Pistorius dismissed the talk of German troops as premature. (a decision "
        "put off is not a refusal: conditional; 'premature and inappropriate' calls it wrong: oppose)")
declare("second_condition", "stance", "Ankara would send troops only if a ceasefire is established and the mission "
        "of each country is clearly defined. (a condition beside the time: conditional)")
declare("without_condition", "stance", "No force can work without the full commitment of the United States.")


def says_nothing(text: str, topic: Topic) -> bool:
    """The words decide that there is no position: "declined to comment on possible deployments"
    (rule neutral_phrase), "denied media reports that it was considering joining" (denied_report)."""
    return bool((on("neutral_phrase") and phrase_hits(text, topic.cue_phrases.get("neutral", ())))
                or (on("denied_report") and _denied_report(text)))


def support_phrase(seg: list[Token], topic: Topic) -> Reading | None:
    """Rule support_phrase: a backing phrase whose last word is on the way from the term to its holder
    ("is fully BEHIND a reassurance force"; not "fully behind Ukraine, adding that troops…"), read
    where no word on the path took a side; a negation just before it refuses ("not fully behind"),
    but not "not only on board with"."""
    if not on("support_phrase") or not seg:
        return None
    doc = seg[0].doc
    for phrase in topic.cue_phrases.get("support", ()):
        words = phrase.split()
        for t in seg:
            start = t.i - len(words) + 1
            if start < 0 or [w.lower_ for w in doc[start:t.i + 1]] != words:
                continue
            before = [w.lower_ for w in doc[max(0, start - 2):start]]
            if NEG_WORDS & set(before) and before[-1] not in ("only", "just"):
                return Reading(OPPOSE, "not " + phrase, True, ("support_phrase", "negation"))
            return Reading(SUPPORT, phrase, False, ("support_phrase",))
    return None


def apply_phrases(reading: Reading, scope_text: str, clause_text: str, topic: Topic) -> Reading:
    """Phrases over the clause's words: explicit refusals, then conditions and hedges."""
    pos, strong, cue, fired = reading.position, reading.strong, reading.cue, list(reading.rules)
    if on("sourcing_idiom"):   # the source's terms or the reader's view, not the holder's condition
        for idiom in IDIOM_CONDITIONS:
            clause_text = clause_text.replace(idiom, "")
    if says_nothing(scope_text, topic):
        return Reading(None, "")
    opp = phrase_hits(scope_text, topic.cue_phrases.get("oppose", ())) if on("oppose_phrase") else []
    if not opp and pos is None and on("oppose_phrase"):
        # nothing on the path: a refusal elsewhere in the holder's clause ("… would be met with all available means")
        opp = phrase_hits(clause_text, topic.cue_phrases.get("oppose", ()))
    cond = phrase_hits(clause_text, topic.cue_phrases.get("conditional", ())) if on("conditional_phrase") else []
    split = ONLY_IF.search(clause_text) if on("only_if") else None   # "would only be credible with American support"
    if on("timing_phrase"):
        cond = [c for c in cond if not _timing_phrase(clause_text, c, topic)]
        split = None if split and _timing_phrase(clause_text, split.group(0), topic) else split
    if split and not cond:
        cond = [split.group(0)]
    before = BEFORE_DECIDING.search(clause_text) if on("before_deciding") and not (cond or split) else None
    if before:
        cond, split = [before.group(0)], before
    approval = NEEDS_APPROVAL.search(clause_text) if on("needs_approval") and not (cond or split) else None
    approval_rule = "needs_approval"
    if approval is None and on("legislature_say") and not (cond or split):
        approval, approval_rule = LEGISLATURE_SAY.search(clause_text), "legislature_say"
    if approval:
        cond, split = [approval.group(0)], approval
    # a conditional that rests only on a modal or a bare hedge ("could stay well below 5%") is no condition
    # set by the speaker: the refusal phrase says what the clause says
    modal_only = pos == CONDITIONAL and not strong and on("phrase_over_modal")
    if opp and not any(c.startswith(("not ", "n't ")) for c in cond) and (pos != CONDITIONAL or modal_only):
        pos, strong, cue = OPPOSE, True, (cue + " / " if cue else "") + opp[0]
        fired.append("oppose_phrase")
        if modal_only:
            fired.append("phrase_over_modal")
    cond_rule = "conditional_phrase" if not split or cond != [split.group(0)] else \
        "before_deciding" if split is before else approval_rule if split is approval else "only_if"
    if cond and pos == OPPOSE and strong and on("condition_object") and _asked_for(cue, cond, clause_text):
        strong = False   # "only with an exemption": the exemption is the condition, not a refusal
        fired.append("condition_object")
    if cond and pos is not None and not (pos == OPPOSE and strong):
        pos, strong, cue = CONDITIONAL, True, (cue + " / " if cue else "") + cond[0]
        fired.append(cond_rule)
    elif cond and pos is None:
        pos, strong, cue = CONDITIONAL, True, cond[0]   # "a European force could work, but only if…"
        fired = [cond_rule]
    unopposed = NO_OBJECTION.search(clause_text) if on("no_objection") else None
    # only a refusal the negation itself made ("has no problem with" read as "no"), never a phrase's or an offer
    if unopposed and pos == OPPOSE and "negation" in fired and "oppose_phrase" not in fired:
        pos, strong, cue = CONDITIONAL, True, cue + " / " + unopposed.group(0)
        fired.append("no_objection")
    pending = PENDING.search(clause_text) if on("pending_decision") else None
    verdict = _verdict(clause_text, topic) if pending else None
    if pending and verdict is None and pos != CONDITIONAL and (pos is not None or PENDING_ALONE.search(pending.group(0))):
        pos, strong, cue = CONDITIONAL, True, (cue + " / " if cue else "") + pending.group(0)
        fired.append("pending_decision")
    elif verdict and pos == CONDITIONAL:
        pos, strong, cue = OPPOSE, True, cue + " / " + verdict   # "premature and inappropriate": a verdict
        fired.append("pending_decision")
    return Reading(pos, cue, strong, tuple(fired) if pos is not None else ())


def _verdict(clause_text: str, topic: Topic) -> str | None:
    """The refusal beside a decision put off, if the clause has one: a verdict word ("premature and
    inappropriate") or a refusal phrase ("no plans", "never"). The pending words then only add when."""
    words = clause_text.split()
    hit = next((w for w in words if w in VERDICT_WORDS), None)
    return hit or next(iter(phrase_hits(clause_text, topic.cue_phrases.get("oppose", ()))), None)


# the words that open a condition clause: "only IF peace is ensured", "PROVIDED THAT a deal is reached"
CLAUSE_OPENERS = frozenset({"if", "when", "that", "once"})


def _timing_phrase(clause_text: str, phrase: str, topic: Topic) -> bool:
    """A condition phrase that ends in a subordinator whose clause names only a time ('only if peace is
    ensured', 'provided that a peace agreement has been reached first'): ANNOTATION, timing is not a
    condition. The time word must come within three words ('only if it is part of a deal' is a condition)."""
    if phrase.split()[-1] not in CLAUSE_OPENERS:
        return False
    i = f" {clause_text} ".find(f" {phrase} ")
    rest = f" {clause_text} "[i + len(phrase) + 2:].split() if i >= 0 else []
    if not set(rest[:3]) & topic.timing_nouns:
        return False
    # "only if a ceasefire is established AND the mission of each country is clearly defined": a
    # second condition joined to the time is the speaker's own (rule timing_phrase, second_condition)
    if on("second_condition"):
        cond = rest[:rest.index(",")] if "," in rest else rest
        if any(w == "and" and set(cond[j + 1:j + 8]) & CONDITION_WORDS for j, w in enumerate(cond)):
            return False
    return True


REPORT_NOUNS = word_list("report_nouns")
DENYING = re.compile(r"\bden(?:y|ies|ied|ying)\b((?: \S+){1,4})")


def _denied_report(text: str) -> bool:
    """A denial whose object, within four words, is a report or 'considering' ('denied media reports',
    'denies claims in the media', 'denies considering participation')."""
    return any(REPORT_NOUNS & set(m.group(1).lower().split()) for m in DENYING.finditer(text))


def _asked_for(cue: str, cond: list[str], clause_text: str) -> bool:
    """The refusal word sits right after the condition phrase ('only with an EXEMPTION', 'provided
    that it gets a WAIVER'): it names what the condition asks for."""
    words = {w.strip().lower() for w in cue.split(" / ")}
    for c in cond:
        i = f" {clause_text} ".find(f" {c} ")
        if i >= 0 and words & set(f" {clause_text} "[i + len(c) + 2:].split()[:5]):
            return True
    return False


def without_condition(tokens: list[Token], topic: Topic) -> str:
    """'without the full commitment of the United States': a condition phrased as a refusal."""
    nouns = set(topic.cue_phrases.get("without_condition", ()))
    for t in tokens:
        if t.lower_ == "without":
            # the object of "without" itself, not a gerund's ("without waiting for guarantees")
            for obj in t.children:
                if obj.dep_ == "pobj" and (obj.lemma_.lower() in nouns or obj.lower_ in nouns):
                    return f"without … {obj.text}"
    return ""




declare("others_plans", "stance", "'Some countries will contribute their own forces,' Plenković said. (what unnamed "
        "others plan is no position of the speaker's)")
declare("own_condition_only", "stance", "Britain is ready to send troops, but it warned that peace can only hold if "
        "the US helps. (the 'if' is the warning's: support)")
declare("own_clause", "stance", "Meloni offered no participation, while Fiala called it premature. (Fiala's words are not Meloni's)")
CONTRAST_MARKS = word_list("contrast_marks")


OBLIGING = frozenset({"must", "should", "need", "needs", "ought"})


def _parliament_must(clause: Token) -> bool:
    """'…, but parliament must have a vote': a clause whose subject is a parliament with no country
    of its own named ("Italy's parliament" is another's) and that says it must or should have a say."""
    subject = next((c for c in clause.children if c.dep_ in NOMINAL_SUBJECTS), None)
    return subject is not None and subject.lemma_.lower() in LEGISLATURES \
        and not any(m.dep_ in ("poss", "compound", "amod") and m.ent_type_ in ("GPE", "NORP") for m in subject.children) \
        and any(t.lower_ in OBLIGING or t.lower_ == "to" and t.head.lemma_ == "have" for t in clause.subtree if t.i < clause.i + 3) \
        and bool(LEGISLATURE_SAY.search(" ".join(t.lower_ for t in clause.subtree)))


def _own_clause(top: Token, seg: list[Token]) -> list[Token]:
    """The words of the holder's clause that phrases are matched over: the subtree of `top`, less
    clauses beside the path that have a subject of their own ("…, while Fiala called it premature",
    "… and Rome said …"): another holder's words are not this one's."""
    if not on("own_clause"):
        return list(top.subtree)
    on_path = {t.i for t in seg} | {top.i}
    cut: set[int] = set()
    for node in [top, *seg]:
        for c in node.children:
            if c.i in on_path or not any(g.dep_ in NOMINAL_SUBJECTS for g in c.children):
                continue
            if any(t.lower_ in IF_MARKS for t in (c.children if on("own_condition_only") else c.subtree)):
                continue   # "…, but only if the United States stands behind it": the holder's own condition
            # (rule own_condition_only: an "if" deeper down is another predicate's, as in "…, but they warned
            # that peace can only be guaranteed if the US helps")
            if on("legislature_say") and c.dep_ in ("conj", "parataxis") and _parliament_must(c):
                continue   # "…, but parliament must have a vote": the vote it waits for is the holder's condition
            if c.dep_ in ("conj", "parataxis") or c.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in CONTRAST_MARKS for m in c.children):
                cut.update(t.i for t in c.subtree)
    return [t for t in top.subtree if t.i not in cut]


OPEN_QUESTION_VERBS = word_list("open_question_verbs")
# a reporting verb leaves an "if" open as well: "refused to say if Canada would send troops"
REPORTING_VERBS = word_list("reporting_verbs")


def _open_whether(top: Token) -> bool:
    """The holder's predicate is a "whether" clause that a verb leaves open: refused or declined to
    say, would not say, will decide ("if" under a reporting verb too). Not "a question about whether …",
    which only frames the answer that follows, nor "met to discuss whether" (no position)."""
    marks = {c.lower_ for c in top.children if c.dep_ == "mark"}
    verb = top.head
    if verb is top or verb.pos_ not in ("VERB", "AUX"):
        return False
    if "whether" not in marks and not ("if" in marks and verb.lemma_.lower() in REPORTING_VERBS):
        return False
    refused = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("refuse", "decline")
    # "it is too early to discuss whether …": the talk is put off, so the question stays open
    put_off = PENDING.search(" ".join(t.lower_ for t in verb.doc[max(verb.sent.start, verb.i - 5):verb.i]))
    return refused or put_off is not None or any(c.dep_ == "neg" for c in verb.children) \
        or verb.lemma_.lower() in OPEN_QUESTION_VERBS


def _provided_clause(c: Token) -> bool:
    """'willing to deploy troops, provided the US offers backing': the parser makes 'provided' a
    preposition over a clause with its own subject; it is a condition like 'if'."""
    return c.dep_ == "prep" and c.lower_ in ("provided", "providing") and any(
        p.dep_ in ("pcomp", "advcl", "ccomp") and any(g.dep_ in ("nsubj", "nsubjpass") for g in p.children)
        for p in c.children)


# "SOME countries will contribute", "OTHERS are ready", "EVERYONE will take part": other, unnamed parties
GENERIC_SUBJECTS = frozenset({"everyone", "everybody", "others", "some", "many", "several"})
GENERIC_DETS = frozenset({"some", "other", "many", "several", "most", "few"})
GROUP_NOUNS = word_list("group_nouns")
OBLIGATION = frozenset({"should", "must", "need", "have", "ought"})


def _others_plans(verb: Token) -> bool:
    """The predicate's subject is unnamed other parties ('some countries will contribute forces', 'others
    are ready to send troops'): the speaker describes what others plan, which is no position of theirs
    (ANNOTATION: not statements). A call on them ('some countries should send troops') is one."""
    if any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in verb.children):
        return False
    return any(c.dep_ in NOMINAL_SUBJECTS and (c.lower_ in GENERIC_SUBJECTS or c.lemma_.lower() in GROUP_NOUNS and any(
        d.dep_ in ("det", "amod") and d.lower_ in GENERIC_DETS for d in c.children)) for c in verb.children)


def condition_clause_on(verb: Token, topic: Topic, path: frozenset[int] = frozenset()) -> bool:
    """The verb carries an if- or provided-clause that sets a condition, outside `path` (the clause the
    topic term is in). Not a time ("if and when a deal is signed"), and not "even if" (despite), "as if"
    (a manner) or "if only" (a purpose). ("if asked" is a condition: "may send a contribution if asked".)"""
    return any((c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in IF_MARKS for m in c.children)
                and not _no_condition_if(c) or _provided_clause(c))
               and c.i not in path and not timing_only(c, topic) for c in verb.children)


def _no_condition_if(clause: Token) -> bool:
    doc = clause.doc
    mark = next(m for m in clause.children if m.dep_ == "mark" and m.lower_ in IF_MARKS)
    before = doc[mark.i - 1].lower_ if mark.i > 0 else ""
    after = doc[mark.i + 1].lower_ if mark.i + 1 < len(doc) else ""
    return before in ("even", "as") or after == "only" or any(m.lower_ == "as" and m.dep_ == "mark" for m in clause.children)


def with_if_clause(reading: Reading) -> Reading:
    """Rule if_clause: a support or refusal that a stated condition bounds is conditional."""
    if reading.position in (SUPPORT, OPPOSE) and not reading.strong and on("if_clause"):
        return Reading(CONDITIONAL, reading.cue + " / if", True, reading.rules + ("if_clause",))
    return reading


def read_clause(seg: list[Token], top: Token, topic: Topic, skip: set[int]) -> Reading:
    reading = read_path(seg, topic, skip)
    if reading.position is None:
        reading = support_phrase([t for t in seg if t.i not in skip], topic) or reading
    if reading.position in (SUPPORT, CONDITIONAL) and on("others_plans") and any(_others_plans(t) for t in seg):
        return Reading(None, "")   # "Some countries will contribute with their own forces," the premier said
    clause = _own_clause(top, seg)
    scope = sorted({t.i for s in seg for c in [s] + [c for c in s.children if c.dep_ in SCOPE_DEPS]
                    for t in (list(c.subtree)[:5] if c.dep_ == "prep" else [c])})
    doc = top.doc
    # the tokenizer splits "open-minded" into three tokens; the phrase lists write it whole
    scope_text = " ".join(doc[i].lower_ for i in scope).replace(" - ", "-")
    clause_text = " ".join(t.lower_ for t in clause).replace(" - ", "-")
    reading = apply_phrases(reading, scope_text, clause_text, topic)
    # "would support a European force if it's part of a deal": an if-clause on the predicate
    if any(condition_clause_on(s, topic) for s in seg):
        reading = with_if_clause(reading)
    if reading.position == SUPPORT and on("whether_open") and _open_whether(top):
        # "would not say whether Canadian soldiers would go": the holder's own predicate is the open question
        reading = Reading(CONDITIONAL, reading.cue + " / whether", True, reading.rules + ("whether_open",))
    cond = without_condition(clause, topic) if on("without_condition") else ""
    if cond and reading.position in (OPPOSE, SUPPORT) and not reading.strong:
        reading = Reading(CONDITIONAL, reading.cue + " / " + cond, True, reading.rules + ("without_condition",))
    return reading
