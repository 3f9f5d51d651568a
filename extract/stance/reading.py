"""Stance: the position a clause takes on the topic, read from cue words and their scope.

The clause is given as the dependency path from the topic term up to the
holder's predicate, innermost first. Each step's cue (from the topic file)
transforms the position carried so far, so "rejected [the proposal to send
troops]" is oppose and "would not rule out [sending forces]" is conditional.
Conditions anywhere in the clause ("only with a US backstop", "without the
full commitment of the United States") turn a plain yes or a plain no into
conditional, but not an explicit rejection.

Longer than ~300 lines: `read_path` is one fold, and its small helpers (negation, "not only",
"not … until", a "no" subject) each read one step of it.
"""
from __future__ import annotations

import itertools

from spacy.tokens import Token

from ..lexicon import word_list
from ..schema import Reading
from ..topic.topics import Topic
from ..deps import CLAUSAL_EDGES, CLAUSAL_SUBJECTS, GROUP_DEPS, NOMINAL_SUBJECTS, OBJECT_PATH_DEPS
from ..registry import declare, declare_all, on

declare_all("stance", [
    ("cue_rule_out", "Tusk ruled out sending Polish troops. (oppose; 'not rule out' is conditional)"),
    ("cue_oppose", "Orban rejected the idea of sending troops."),
    ("cue_support", "Starmer is ready to send British troops."),
    ("cue_hedge", "Sending troops is a possibility, Kristersson said. (conditional)"),
    ("adopted_document", "Macron and Starmer signed a declaration committing to a force. (signing a plan backs it)"),
    ("cue_carrier", "Fico said there are no plans to send soldiers. (a carrier noun: 'no plans' is oppose)"),
    ("cue_action_object", "Italy will provide training to a force of troops. ('provide' backs only what it provides)"),
    ("negation", "Meloni is not ready to send Italian troops. (a negator flips the cue)"),
    ("modal_hedge", "Sweden could send troops. (a hedging modal makes a plain yes conditional)"),
    ("content_modal", "Macron said 26 countries back guarantees that could include troops in Ukraine. (what a plan "
                      "may contain hedges no one: support)"),
    ("modal_offer", "Belgium could send roughly 300 soldiers. (a counted or own offer stays support)"),
    ("proposed_modal", "Macron suggested that a future force could include French soldiers. (the modal is the "
     "proposal's mood, not a hedge of the proposer: support)"),
    ("condition_clause", "Once Washington says how it backs the force, we will decide on troops. (conditional)"),
    ("reported_clause", "Rutte said that Britain would send troops. (verbs above a finite clause only report it)"),
    ("rejected_clause", "Tusk denied that Polish troops would be sent to Ukraine. (a rejecting word above a finite "
     "clause refuses what it says: oppose)"),
    ("criticised_refusal", "Trump criticised Spain for refusing to send troops. (criticising a refusal backs it)"),
    ("limited_denial", "British troops will not be deployed near the front line. (a limit, not a refusal)"),
    ("avoided_front", "Healey said British units would avoid the combat zone. (where they go, not a refusal)"),
    ("negated_belief", "Tusk said he did not think Poland should send troops. (a negated verb of belief denies the "
     "clause it reports: oppose)"),
    ("nor_conjunct", "Fico said Slovakia will not join the coalition, nor will it send soldiers. ('nor' denies the "
     "verb after it)"),
    ("double_negation", "She refused to rule out sending troops. (openness: conditional, not oppose)"),
    ("clausal_subject", "Sending soldiers means exposing them to war. (a subject, not an offer)"),
    ("national_commitment", "British troops will help secure the skies; Danish troops could be based there. (a country's troops, 'will' or a modal: an offer)"),
    ("denied_offer", "Meloni said Italy will not send troops. (a refusal of what is to come: it outweighs the "
     "holder's openness elsewhere, judge.consolidate; 'Slovenia does not take part' only reports the present)"),
    ("future_denial", "There will be no American troops in Ukraine. (oppose)"),
    ("denied_complement", "Our contribution will not be soldiers. (oppose)"),
    ("part_cue", "Canada will take part in the force. ('part' of take / play / be; not 'took part in the summit')"),
    ("call_for", "Macron called for a European force. ('called for', not 'called it')"),
    ("describing_troops", "Soldiers deployed to Ukraine would be targets. (describes troops, takes no side)"),
    ("light_verb", "Australia would give consideration to taking part in a force. (the object's cue: conditional)"),
    ("whether_open", "Canada cannot yet say whether it will send troops. (an open question: conditional)"),
    ("described_relative", "Trump said Spain is the only ally that did not raise spending to 5%. (the relative "
     "clause is the described ally's doing; the speaker takes no side by it)"),
    ("not_mind", "Trump said he would not mind European peacekeepers going to Ukraine. (no objection: support)"),
    ("instead_of", "Poland will provide logistics rather than sending troops. (the troops are turned down: oppose)"),
    ("without_sending", "Italy may send mine-clearing experts without sending combat troops. (oppose)"),
    ("commitment_open", "Germany is ready to help secure a ceasefire, but without committing to sending troops. "
     "(not committing is no refusal: conditional)"),
    ("not_only", "Committing to 5% would not only be unreasonable but also counterproductive. ('not only' adds, it negates nothing)"),
    ("denied_subject", "Orbán warned that no member state would be able to meet 5%. (a 'no' subject denies the predicate)"),
    ("copular_relative", "Five percent is the goal we want to achieve, the minister said. (the relative clause is the view)"),
    ("not_blocking", "Slovakia would not block the consensus on the 5% target. (undertaking not to block signs up: support)"),
    ("timed_denial", "This goal will not be achieved until after 2030. (a date for the commitment, not a refusal)"),
    ("laggard_consequence", "Trump said allies that do not pay 5% will not be protected. (a consequence for those who "
     "fall short backs what they fall short of; for those who do it, opposes it)"),
    ("judged_refusal", "Trump called Spain's refusal to meet the 5% target disrespectful. (a refusal judged badly: "
     "the judge wants what was refused)"),
    ("make_pay", "Trump said he would make Spain pay after Madrid rejected the 5% target. (a punishment for "
     "a refusal backs what was refused)"),
    ("displeased_refusal", "Trump said he was unhappy with Madrid's refusal to lift spending to 5%. (displeasure "
     "at a refusal wants what was refused)"),
    ("called_complement", "Trump called Spain's refusal to meet the 5% target disrespectful. (the adjective the parser "
     "hangs on the object's last noun is what 'called' says of the object)"),
    ("described_as", "Bouchez described the 5% target as collective hysteria. (the 'as' complement judges the "
     "object, wherever the parser hangs it)"),
    ("cost_warning", "Sánchez said a bigger spending increase would require cuts to pensions. (the cost the "
     "speaker names is held against it)"),
    ("danger_warning", "Shoigu said bringing peacekeepers into Ukraine could lead to a third world war. (a "
     "warning of what it brings is held against it: oppose)"),
    ("term_entails", "The 5% target will not require Italy to cut pensions, Meloni said. (what the term "
     "entails, as its subject, is no view of it)"),
    ("taken_decision", "Finland decided in April to raise spending to 3.5%. (a decision taken commits; 'will "
     "decide' still hedges)"),
    ("purpose_clause", "Meloni said Italy will not need a flexibility clause to meet the 5% goal. (a negation "
     "above an infinitive of purpose denies the means, not the goal)"),
    ("talk_object", "The question was also raised at Orbán's press conference on 5%; he backed up his claim. "
     "('raise a question', 'back up a claim' take no side)"),
    ("threat_to_laggards", "Trump threatened not to protect allies spending too little on the 5% goal. (a threat at "
     "those who fall short backs what they fall short of; at those who do it, opposes it)"),
])

NEG_WORDS = word_list("negators")
RELATIVE = word_list("relative_pronouns")
HEDGE_AUX = word_list("hedge_auxiliaries")
PROPOSING_VERBS = word_list("proposing_verbs")
FUTURE_AUX = word_list("future_auxiliaries")
OBLIGATION_AUX = word_list("obligation_auxiliaries")
PART_VERBS = word_list("part_verbs")
UNIT_NOUNS = word_list("unit_nouns")
LIGHT_VERBS = word_list("light_verbs")
NEED_WORDS = word_list("need_words")
FRONT_NOUNS = word_list("front_nouns")
MEETING_NOUNS = word_list("meeting_nouns")
PUNISHING_VERBS = word_list("punishing_verbs")
OFFER_VERBS = word_list("offer_verbs")
LIMIT_PREPS = frozenset({"near", "beyond", "along"})   # where troops would not go, not whether they go
DISCUSSING_VERBS = word_list("discussing_verbs")
ATTENDING_VERBS = word_list("joining_verbs")   # "joined the summit" is attendance, "joined the force" support
ADOPTING_VERBS = word_list("adopting_verbs")
DOCUMENT_NOUNS = word_list("document_nouns")
BLOCKING_VERBS = word_list("blocking_verbs")
REJECTING = word_list("rejecting_words")
SHORTFALL = word_list("shortfall_phrases")
BELIEF_VERBS = word_list("belief_verbs")
REPORTING = word_list("reporting_verbs")
# rules that read a condition the holder states; a negated belief over one does not refuse it
STATED_CONDITIONS = frozenset({"condition_clause", "conditional_phrase", "if_clause", "only_if", "without_condition"})
CALLING_VERBS = frozenset({"call", "deem", "brand", "label", "dub", "term"})
DESCRIBING_VERBS = CALLING_VERBS | {"describe", "hail", "characterise", "characterize"}
RAISED_OBJECTS = word_list("raised_objects")
THREAT_WORDS = frozenset({"threaten", "threat"})
ENTAILING_VERBS = frozenset({"require", "need", "entail", "mean", "necessitate"})
COST_NOUNS = word_list("cost_nouns")
DANGER_NOUNS = word_list("danger_nouns")
CONSEQUENCE_VERBS = word_list("consequence_verbs")
SUPPORT, CONDITIONAL, OPPOSE = "support", "conditional", "oppose"
IF_MARKS = word_list("condition_marks")
COND_MARKS = IF_MARKS | word_list("timing_marks")


DEPLOYING = frozenset({"deployment", "introduction", "presence", "dispatch", "arrival", "sending", "send",
                       "deploy", "station", "introduce", "stationing"})
UNDOING = frozenset({"without", "not", "no", "withdraw", "withdrawal", "absence", "threat", "attack"})


def _deploying(subject: Token, term: Token) -> bool:
    """The subject is the deployment itself: the topic term, or a deployment noun or gerund over it
    ("the introduction of peacekeeping forces", "sending Western troops"), with nothing that undoes
    it ("a ceasefire without troops", "not sending troops", "Moscow's threats against peacekeepers")."""
    if term not in subject.subtree or any(t.lemma_.lower() in UNDOING for t in subject.subtree):
        return False
    return subject.i == term.i or subject.lemma_.lower() in DEPLOYING


def _brings_danger(verb: Token) -> bool:
    """The verb's result (its object, or what its 'to' / 'in' / 'into' leads to) is a danger
    (danger_nouns.txt), read on the result's own noun and its compounds: "lead to a direct
    confrontation", "trigger uncontrolled escalation", not "bring an end to the war"."""
    results = [c for c in verb.children if c.dep_ == "dobj"]
    results += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "in", "into")
                for g in c.children if g.dep_ == "pobj"]
    return any(t.lemma_.lower() in DANGER_NOUNS or t.lower_ in DANGER_NOUNS
               for r in results for t in [r, *(c for c in r.children if c.dep_ == "compound")])


def group(tok: Token) -> list[Token]:
    """A predicate and the words that make its cue: negation, auxiliaries, a predicative adjective.
    An adjective after its noun is predicative too ("called the idea of a force unrealistic")."""
    words = [tok] + [c for c in tok.children if c.dep_ in GROUP_DEPS or c.pos_ == "ADJ" and (c.dep_ != "amod" or c.i > tok.i)]
    # "will not join the coalition, nor will it send soldiers": the parser hangs 'nor' on the first verb
    if tok.dep_ == "conj" and on("nor_conjunct") and (tok.pos_ in ("VERB", "AUX") or not any(
            c.lower_ == "neither" for c in tok.head.children)):
        words += [c for c in tok.head.children if c.dep_ == "cc" and c.lower_ == "nor" and tok.head.i < c.i < tok.i]
    # "will play its part in the force", "took part": the object that carries the cue
    words += [c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() == "part"]
    # "would give consideration to taking part": a light verb's object carries the cue
    if tok.lemma_.lower() in LIGHT_VERBS and on("light_verb"):
        words += [c for c in tok.children if c.dep_ == "dobj" and c.pos_ == "NOUN"]
    # "was a dangerous path": the adjective on a predicate noun
    words += [a for c in tok.children if c.dep_ in ("attr", "oprd") for a in c.children if a.dep_ == "amod"]
    # "5% is the goal we want to achieve": the relative clause on a predicate noun says the speaker's view
    if tok.lemma_ == "be" and on("copular_relative"):
        words += [r for c in tok.children if c.dep_ == "attr" for r in c.children
                  if r.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ in ("we", "i") for g in r.children)]
    # "called Spain's refusal to meet the target disrespectful": the small model hangs the complement on a
    # word inside the object (the last noun, or as the object of "meet"); it is what "called" says of the object
    if tok.lemma_.lower() in CALLING_VERBS and on("called_complement"):
        for obj in (c for c in tok.children if c.dep_ == "dobj"):
            last = list(obj.subtree)[-1]
            if last.pos_ == "ADJ" and last.i > obj.i and last.head.i != obj.i and last.head.i < last.i:
                words.append(last)
    # "described talk of a deployment as a dangerous fantasy": the complement after "as"
    # "described the 5% target as collective hysteria": the parser may hang the "as" on the object
    holders = [tok] + ([c for c in tok.children if c.dep_ == "dobj"]
                       if tok.lemma_.lower() in DESCRIBING_VERBS and on("described_as") else [])
    for h in holders:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "as" and tok.pos_ == "VERB":
                for obj in c.children:
                    words += [obj] + [a for a in obj.children if a.dep_ == "amod"]
    return words


def denies_belief(verb: Token, clause: Token) -> bool:
    """'did not think that troops should go': a negated verb of belief over the clause it reports;
    not over a question ('cannot imagine what the outcome will be', 'does not know whether…')."""
    return verb.lemma_.lower() in BELIEF_VERBS and negated(group(verb)) and not any(
        t.tag_ in ("WDT", "WP", "WP$", "WRB") or t.lower_ in ("whether", "if") for t in verb.doc[verb.i + 1:clause.i])


def plain_clause(path: list[Token], top: Token, topic) -> bool:
    """Between the term's first verb and `top` only cue words and 'be' ('would refuse to send', 'would be
    ready to send'): not 'would hesitate to send', 'the only country ready to send', 'needed permission to'."""
    below = path[:path.index(top) + 1]
    first = next((k for k, t in enumerate(below) if t.pos_ in ("VERB", "AUX")), None)
    return first is not None and all(t.pos_ in ("VERB", "AUX", "ADJ") and (t.lemma_ == "be" or cue_class(t, topic))
                                     or t.pos_ == "ADP" and t.head.lemma_ == "be"   # "it's about sending troops"
                                     for t in below[first + 1:])


def negated(tokens: list[Token]) -> bool:
    if any(t.lower_ == "longer" and any(c.lower_ == "no" for c in t.children) for t in tokens):
        return True   # "no longer ruling out"
    return any(_plain(t) in NEG_WORDS and t.dep_ in ("neg", "det", "advmod", "preconj", "cc", "ROOT", "dep")
               and not _not_only(t) for t in tokens if t.lower_ != "without")


def _plain(t: Token) -> str:
    """'n’t' read as "n't" (rule curly_apostrophe, declared in stance.clause with the phrase matcher)."""
    return t.lower_.replace("\u2019", "'") if on("curly_apostrophe") else t.lower_


NOT_ONLY = frozenset({"only", "just", "merely", "simply"})


def _not_only(t: Token) -> bool:
    """'would not only be unreasonable but also counterproductive', "the target isn't just a goal, it's a
    done deal": 'not only … but' adds a second judgement to the first; it denies neither."""
    if not (on("not_only") and _plain(t) in ("not", "n't") and t.i + 1 < len(t.doc)):
        return False
    nxt = t.doc[t.i + 1]
    # "can't simply send troops", "will not just go": a denied action, not a second judgement;
    # but "will not just send troops but also lead the force" adds the second action
    return nxt.lower_ == "only" or nxt.lower_ in NOT_ONLY and (nxt.head.pos_ != "VERB" or _but_also(nxt.head))


def _but_also(verb: Token) -> bool:
    """The verb has a conjunct after 'but' with 'also', 'too' or 'as well' ('… but also lead the force')."""
    return any(c.dep_ == "cc" and c.lower_ == "but" for c in verb.children) and any(
        c.dep_ == "conj" and any(d.lower_ in ("also", "too", "well") for d in c.children) for c in verb.children)


CONTENT_NOUNS = word_list("content_nouns")
CONTENT_VERBS = frozenset({"include", "involve", "contain", "comprise", "feature", "entail", "cover"})


def _content_modal(verb: Token, topic: Topic) -> bool:
    """'guarantees that could eventually include troops', 'the plan could involve a European force':
    the modal says what a plan may contain, and hedges no holder (rule content_modal). Not a
    country's own troops ("the guarantees may include Danish troops": its own hedge), and not
    another verb ("a scheme could be supported by Sweden")."""
    if not on("content_modal") or verb.lemma_.lower() not in CONTENT_VERBS:
        return False
    if any(c.dep_ == "dobj" and any(m.ent_type_ in ("NORP", "GPE") and m.lower_ not in topic.collectives
                                    or m.lower_ in ("our", "my") for m in c.children) for c in verb.children):
        return False
    for c in verb.children:
        if c.dep_ not in ("nsubj", "nsubjpass"):
            continue
        noun = verb.head if c.lower_ in ("that", "which") and verb.dep_ == "relcl" else c
        return noun.lemma_.lower() in CONTENT_NOUNS or noun.lower_ in CONTENT_NOUNS
    return False


NOBODY = frozenset({"nobody", "none", "noone", "no-one"})


def _denied_subject(tok: Token, came_from: Token | None) -> bool:
    """'no member state would be able to meet 5%', 'nobody can fulfil it': the subject denies the
    predicate. Not a subject the walk came up through ("no Italian soldier will be sent": the term
    itself is denied, which future_denial reads)."""
    return on("denied_subject") and any(
        c.dep_ in ("nsubj", "nsubjpass") and (came_from is None or c.i != came_from.i)
        and (c.lower_ in NOBODY or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children))
        for c in tok.children)


TIMED_PREPS = frozenset({"until", "till"})


def _timed(tok: Token) -> bool:
    """'will not be achieved until after 2030', 'won't get there until 2032': the negation dates the
    commitment (ANNOTATION: a commitment framed by when it happens is still one); it refuses nothing.
    A later year than the topic's deadline is more time asked for, which the topic's phrases catch."""
    return on("timed_denial") and any(c.dep_ in ("prep", "advmod", "mark") and c.lower_ in TIMED_PREPS
                                      for c in tok.children)


def counted_term(term: Token) -> bool:
    """'300 soldiers', 'several hundred troops', 'a battalion': troops counted or in a unit, a concrete offer."""
    return any(c.dep_ == "nummod" or c.like_num for c in term.children) or term.lemma_.lower() in UNIT_NOUNS


declare("country_modal_offer", "stance", "Belgium could send troops to Ukraine. (a country's modal offer is "
        "an offer of its own troops: support, ANNOTATION 'Modal offers are offers')")


def _concrete_offer(path: list[Token], verb: Token, topic: Topic) -> bool:
    """'could send roughly 300 soldiers', 'might provide a battalion', 'we could deploy troops': a modal
    offer of something counted or of one's own is an offer (ANNOTATION: modal offers are offers)."""
    counted = counted_term(path[0])
    term = path[0]
    own = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("we", "i") for c in verb.children) \
        or any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in term.children) \
        or any(_national_subject(c, topic) for c in verb.children)   # "Danish troops could be based there"
    # rule country_modal_offer: "Belgium could send troops", "the UK and France signalled they may send a
    # force": a country (or they) offering is offering its own
    country = on("country_modal_offer") and any(
        c.dep_ == "nsubj" and (c.ent_type_ == "GPE" and c.pos_ == "PROPN" or c.lower_ == "they" and _they_countries(verb))
        for c in verb.children)
    return counted or own or country


def _they_countries(verb: Token) -> bool:
    """'The UK and France signalled they may send', 'allies, including the UK and France, signalled they
    may send': 'they' are the countries that say it (not 'Russian commanders … They could send')."""
    head = verb.head if verb.dep_ in ("ccomp", "xcomp") else None
    if head is None or head.lemma_.lower() not in REPORTING or negated(group(head)):
        return False   # "Germany and Italy doubt they could send", "did not say they could send"
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    return subject is not None and sum(t.ent_type_ == "GPE" and t.pos_ == "PROPN" and _names_subject(t, subject)
                                       for t in subject.subtree) >= 2


def _names_subject(t: Token, subject: Token) -> bool:
    """The country is the subject, a conjunct or apposition of it, or a member it lists ("allies, including
    the UK and France"); not where the subject is from ("lawmakers in Germany and Italy")."""
    while t.i != subject.i:
        if t.dep_ not in ("conj", "appos", "pobj", "prep") or t.dep_ == "pobj" and t.head.lower_ not in LISTING \
                or t.dep_ == "prep" and t.lower_ not in LISTING:
            return False
        t = t.head
    return True


LISTING = frozenset({"including", "like", "as", "of"})   # "allies, including the UK": a member, not a place


def _national_subject(subject: Token | None, topic: Topic) -> bool:
    """'Danish troops', 'our soldiers' as the subject: a country's own troops, not troops in general."""
    return subject is not None and subject.dep_ in NOMINAL_SUBJECTS and any(
        c.ent_type_ in ("NORP", "GPE") and c.lower_ not in topic.collectives or c.lower_ in ("our", "my")
        for c in subject.children)


def _in_future(term: Token) -> bool:
    """A denied term is a refusal when it is about what will happen ("no troops will be sent"),
    not a report of what is ("Estonia currently has no troops in Ukraine")."""
    for node in [term.head, term.head.head]:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX | OBLIGATION_AUX
               for c in node.children):
            return True
    return False


def negated_term(tok: Token) -> bool:
    """'not one Slovak soldier', 'no American ground troops': the topic term itself is denied."""
    return any(t.lower_ in ("no", "not", "never", "zero") for c in tok.lefts for t in c.subtree)


def cue_class(tok: Token, topic: Topic, object_path: bool = True) -> str | None:
    lemma, low = tok.lemma_.lower(), tok.lower_
    cues = topic.cues
    if tok.pos_ == "NOUN" and (lemma in cues.get("carrier", ()) or low in cues.get("carrier", ())):
        return "carrier"
    if tok.pos_ == "VERB" and lemma in DISCUSSING_VERBS and on("cue_carrier"):
        return "carrier"   # "to discuss sending peacekeepers", like "talk about sending"
    if lemma == "part" and on("part_cue"):   # "take part", "be part of", "play our part" - not "parts of Donetsk"
        if attends(tok.head):
            return None   # "took part in the summit": attending a meeting is no position (ANNOTATION)
        return "support" if tok.lower_ == "part" and tok.head.lemma_.lower() in PART_VERBS else None
    if lemma in ATTENDING_VERBS and on("part_cue") and attends(tok):
        return None   # "will join a phone hook-up with other leaders": attendance
    if lemma == "call" and tok.pos_ == "VERB" and on("call_for"):
        return "support" if any(c.lower_ == "for" for c in tok.children) else None   # "called for", not "called it"
    if lemma in cues.get("actions", ()) and lemma not in cues.get("support", ()):
        return "support" if object_path else None
    if lemma in cues.get("actions", ()) and on("describing_troops") and any(
            c.dep_ in NOMINAL_SUBJECTS and c.lemma_.lower() in topic.terms for c in tok.children) \
            and not any(c.lower_ in FUTURE_AUX for c in tok.children):
        return None   # "soldiers deployed to Ukraine would be…" describes troops, takes no side
    if lemma == "decide" and tok.tag_ in ("VBD", "VBN") and on("taken_decision") and any(
            c.dep_ == "xcomp" for c in tok.children):
        return None   # "had decided to raise spending to 5%": a decision taken commits, it hedges nothing
    if lemma in cues.get("rule_out", ()) and (lemma == "exclude" or any(c.lower_ == "out" for c in tok.children)):
        return "rule_out"
    if tok.pos_ == "VERB" and on("talk_object") and lemma in cues.get("support", ()) and (
            any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in RAISED_OBJECTS for c in tok.children)
            or lemma == "back" and any(c.dep_ == "prt" and c.lower_ == "up" for c in tok.children)):
        return None   # "the question was raised", "raised concerns", "backed up his claim": talk, no side
    if lemma == "avoid" and on("avoided_front") and any(
            c.dep_ == "dobj" and any(t.lemma_.lower() in FRONT_NOUNS for t in [c, *c.children]
                                     if t is c or t.dep_ in ("compound", "amod")) for c in tok.children):
        return None   # "units would avoid the combat zone": where they go, not whether ("opposes combat troops" refuses)
    for cls, key in (("oppose", "oppose"), ("support", "support"), ("hedge", "hedge")):
        if lemma in cues.get(key, ()) or low in cues.get(key, ()):
            return cls
    return None


def attends(verb: Token) -> bool:
    """'took part (for the first time) in a coalition meeting', 'will join a phone hook-up': the
    verb's object or its "in" phrase is a meeting, however the parser hangs the phrase."""
    for g in verb.subtree:
        if g.lemma_.lower() in MEETING_NOUNS or g.lower_ in MEETING_NOUNS:
            steps = [g, *list(g.ancestors)[:3]]   # a compound ("a phone hook-up") counts as its noun
            between = list(itertools.takewhile(lambda a: a.i != verb.i, g.ancestors)) if g.i != verb.i else []
            if any(a.pos_ in ("VERB", "AUX") or a.lower_ == "response" for a in between):
                continue   # "a force that was agreed in a call", "in response to calls from Kyiv": not what is joined
            if any(a.dep_ == "dobj" and a.head.i == verb.i for a in steps[:2]) \
                    or any(a.dep_ == "prep" and a.lower_ == "in" for a in steps):
                return True
    return False


def punishes(verb: Token, below: list[Token]) -> bool:
    """'criticised Spain FOR refusing', 'to target Spain on the trade front FOR its refusal': a
    punishing verb with an object, reached through a for / over phrase (the last steps below it)."""
    pay = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() == "pay"]
    if verb.lemma_.lower() == "make" and pay and on("make_pay"):
        # "will make Spain pay for failing to meet 5%", "… pay double after Madrid rejected the target"
        return any(t.dep_ == "prep" and t.lower_ in ("for", "over", "after") or t.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in ("after", "because", "since") for m in t.children)
            for t in [*pay[0].children, *verb.children])
    return verb.lemma_.lower() in PUNISHING_VERBS and any(c.dep_ == "dobj" for c in verb.children) \
        and any(t.dep_ == "prep" and t.lower_ in ("for", "over") for t in below[-3:])


def _threatened(verb: Token, topic: Topic) -> Token | None:
    """The party a threatened act is aimed at: the object of 'to punish SPAIN', 'not to protect ALLIES',
    when it is a government, a people, a person or a group of them (not 'to veto the target')."""
    for c in verb.children:
        if c.dep_ == "dobj" and (c.ent_type_ in ("GPE", "NORP", "PERSON") or c.lemma_.lower() in _GROUPS) \
                and c.lemma_.lower() not in topic.terms:
            return c
    return None


_GROUPS = word_list("group_nouns")


SHIELD_VERBS = frozenset({"protect", "defend", "help", "shield", "guarantee", "save"})


def _consequence(verb: Token) -> bool:
    """What befalls the ones who fall short: not being protected or defended, or being punished."""
    neg = any(c.dep_ == "neg" for c in verb.children)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    return neg and verb.lemma_.lower() in SHIELD_VERBS or passive and not neg and verb.lemma_.lower() in PUNISHING_VERBS


def _falls_short(party: Token) -> bool:
    """'allies spending too little', 'countries that fail to pay': the party is described as falling short."""
    words = " " + " ".join(_plain(t) for t in party.subtree) + " "
    return any(f" {p} " in words for p in SHORTFALL)


def _refusal_object(noun: Token | None, topic: Topic) -> bool:
    """The step below is a refusal noun that the judging word takes as its object: 'called Spain's
    REFUSAL … disrespectful', 'slammed the REJECTION of the target' (not 'rejected the idea as dangerous');
    through a preposition, 'unhappy WITH its REFUSAL', 'angry OVER Madrid's REJECTION' (rule displeased_refusal)."""
    if noun is not None and noun.dep_ == "prep" and noun.lower_ in ("with", "over", "about", "at", "by") \
            and on("displeased_refusal"):
        noun = next((c for c in noun.children if c.dep_ == "pobj"), None)
        return noun is not None and noun.pos_ == "NOUN" and cue_class(noun, topic) == "oppose"
    return noun is not None and noun.pos_ == "NOUN" and noun.dep_ in ("dobj", "nsubjpass", "nsubj") \
        and cue_class(noun, topic) == "oppose"


def _flip(position: str | None) -> str:
    return OPPOSE if position in (None, SUPPORT, CONDITIONAL) else CONDITIONAL


# "if we HAVE a peace deal", "once they REACH a ceasefire": the object is the time, as a subject is
HAVING_VERBS = frozenset({"have", "reach", "get", "achieve", "sign", "conclude", "secure", "agree"})


def timing_only(clause: Token, topic: Topic) -> bool:
    """'if a peace deal is reached', 'if there is peace' only date an offer (ANNOTATION: still support);
    'if necessary', 'if needed' set no condition either; 'if it is part of a deal Russia can accept'
    sets a condition."""
    if not on("timing_only"):
        return False
    if not any(c.dep_ in NOMINAL_SUBJECTS | {"expl"} for c in clause.children) and clause.lemma_.lower() in NEED_WORDS:
        return True
    if " what it takes" in " ".join(t.lower_ for t in clause.subtree):
        return True   # "ready to put boots on the ground, if that is what it takes": resolve, not a condition
    return any((c.dep_ in NOMINAL_SUBJECTS | {"attr"} or c.dep_ == "dobj" and clause.lemma_.lower() in HAVING_VERBS)
               and (c.lemma_.lower() in topic.timing_nouns or c.text in topic.anchors) for c in clause.children)


def _judged_object(verb: Token, obj: Token) -> bool:
    """'declared the plan a provocation', 'declared plans to send troops unacceptable': the object is
    judged, not adopted. The small model hangs the judgement on the verb or on the carrier's own verb
    (a second object, or an adjective, after the topic's object)."""
    if verb.lemma_.lower() != "declare":
        return False
    if any(c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") for c in verb.children):
        return True
    return any(sum(c.dep_ == "dobj" for c in t.children) >= 2
               or any(c.pos_ == "ADJ" and c.dep_ in ("advcl", "acomp", "oprd", "ccomp") for c in t.children)
               for t in obj.subtree if t.pos_ == "VERB")


def read_path(path: list[Token], topic: Topic, skip: set[int] = frozenset()) -> Reading:
    """Fold the cues along `path` (innermost first) into a position.

    `skip` holds path tokens whose cues do not apply (a conjoined head whose
    subject is only borrowed: in "is not ready and will not send troops" the
    second verb carries the clause)."""
    pos: str | None = None
    strong = False
    cues: list[str] = []
    fired: list[str] = []    # the rules that made the reading, for the row's `rule` column
    used: set[int] = set()   # a word counts once, though it may sit in two steps' groups
    weak = False             # the position so far rests only on a bare hedge ("to discuss troops")
    conditioned = False      # the path came up through a condition clause
    frozen = False           # a finite clause below has its position; only a condition above reopens it
    prev = None
    ruled_out = False
    carried: str | None | bool = False   # what a carrier noun just below held (False: no carrier below)
    before: dict[int, str | None] = {}   # the position just before each step, for a threat above it
    purposed = False                     # the path came up through an infinitive of purpose that backs it
    modal = False                        # the position so far is conditional only by a modal ("could", "may")
    for tok in path:
        before[tok.i] = pos
        # A finite clause below (one with its own subject) has already said what it says.
        crossed = prev is not None and prev.dep_ in CLAUSAL_EDGES and any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") for c in prev.children)
        # Verbs like "provide" carry support only when the topic term is what is provided.
        object_path = prev is None or prev.dep_ in OBJECT_PATH_DEPS or not on("cue_action_object")
        came_from = prev
        prev = tok
        if came_from is not None and pos == SUPPORT and any(c.dep_ == "aux" and c.lower_ == "to" for c in came_from.children) \
                and (came_from.dep_ == "advcl" or came_from.dep_ == "xcomp" and any(
                    c.dep_ == "dobj" and c.i < came_from.i for c in tok.children)):
            purposed = True   # "… to meet the 5% goal", "use a clause to meet it": an infinitive of purpose below
        if came_from is not None and came_from.dep_ == "advcl" and on("condition_clause") and any(
                c.dep_ == "mark" and c.lower_ in COND_MARKS for c in came_from.children) \
                and not timing_only(came_from, topic):   # "if a ceasefire is established" only dates it
            # Below was a condition ("once Washington says how it would back the force"): what the
            # holder says of it is conditional at most.
            pos, strong, conditioned, frozen = None, False, True, False
            crossed = False
            fired = ["condition_clause"]
        if came_from is not None and not frozen and on("whether_open") and tok.pos_ == "VERB" \
                and tok.lemma_.lower() in DISCUSSING_VERBS and any(c.dep_ == "mark" and c.lower_ == "whether"
                                                                  for c in came_from.children):
            pos, strong, frozen = None, False, True   # "met to discuss whether to send troops": talk, no position
            continue
        if came_from is not None and pos == SUPPORT and not frozen and on("whether_open") and any(
                c.dep_ == "mark" and c.lower_ == "whether" for c in came_from.children):
            # "Canada cannot say whether it will send troops", "will decide whether to send": an open question
            pos, strong = CONDITIONAL, True
            cues.append("whether")
            fired.append("whether_open")
        if came_from is not None and came_from.dep_ == "relcl" and tok.dep_ == "attr" and on("described_relative") \
                and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in RELATIVE for c in came_from.children):
            # "they're the only country that didn't raise it to 5%": the relative clause says what the
            # described one does; the speaker who describes them takes no side by it
            pos, strong, frozen = None, False, True
        if tok.i in skip or frozen:
            continue
        if crossed and pos in (SUPPORT, CONDITIONAL) and not weak and on("rejected_clause") \
                and tok.lemma_.lower() in REJECTING and not negated(group(tok)):
            pos, strong, frozen = OPPOSE, True, True   # "denied that troops would be sent": the clause is refused
            cues.append(tok.text)
            fired.append("rejected_clause")
            continue
        if crossed and pos is not None and not weak and on("negated_belief") and denies_belief(tok, came_from) \
                and plain_clause(path, came_from, topic):
            # "I don't think we should send troops": the negation of a verb of belief is the clause's
            if not (pos == CONDITIONAL and STATED_CONDITIONS & set(fired)):   # "unless the US backs it" stays
                pos = CONDITIONAL if pos == OPPOSE else OPPOSE
            strong, frozen = True, True
            cues.append(tok.text)
            fired.append("negated_belief")
            continue
        if crossed and pos is not None and not weak and on("reported_clause"):
            frozen = True   # the clause said what it says; verbs above only report it
            continue
        # (not "announcing the two powers' decision", not "declared the plan a provocation")
        if came_from is not None and pos is None and tok.lemma_.lower() in ADOPTING_VERBS and on("adopted_document") \
                and not any(c.dep_ == "poss" for c in came_from.children) and not _judged_object(tok, came_from) and (
                carried is not False and came_from.dep_ == "dobj"
                # "signed a declaration of intent on the deployment of forces": the "on" hangs on the verb
                or came_from.dep_ == "prep" and any(c.dep_ == "dobj" and c.lemma_.lower() in DOCUMENT_NOUNS
                                                    for c in tok.children)):
            # "signed a declaration committing to a force": the signer adopts what the document says
            pos, strong = carried or SUPPORT, True
            cues.append(tok.text)
            fired.append("adopted_document")
            carried = False
            continue
        carried = False
        if came_from is not None and tok.lower_ in ("of", "than") and on("instead_of") and any(
                c.lower_ in ("instead", "rather") for c in tok.children):
            # "Poland may send companies instead of soldiers": the troops are what is turned down
            pos, strong = OPPOSE, True
            cues.append(next(c.text for c in tok.children if c.lower_ in ("instead", "rather")) + " " + tok.text)
            fired.append("instead_of")
            continue
        if came_from is not None and tok.lower_ == "without" and came_from.dep_ == "pcomp" \
                and came_from.lemma_.lower() in OFFER_VERBS and on("without_sending"):
            # "may provide experts, without sending combat troops": the deployment is what is left out;
            # "ready to help, but without committing to sending troops" leaves it open (commitment_open)
            uncommitted = came_from.lemma_.lower() == "commit" and on("commitment_open")
            pos, strong = (CONDITIONAL if uncommitted else OPPOSE), True
            cues.append(f"without {came_from.text}")
            fired.append("without_sending")
            if uncommitted:
                fired.append("commitment_open")
            continue
        if came_from is not None and came_from.dep_ in ("nsubj", "nsubjpass") and (pos is not None or _falls_short(came_from)) \
                and _consequence(tok) and on("laggard_consequence") and (
                    came_from.lemma_.lower() in _GROUPS or came_from.ent_type_ in ("GPE", "NORP")):
            # "allies that do not pay 5% will not be protected", "countries that refuse will be punished";
            # "countries that send troops will be punished" is aimed at those who do it
            short = pos in (OPPOSE, CONDITIONAL) or _falls_short(came_from)
            pos, strong = (SUPPORT if short else OPPOSE), True
            cues.append(tok.text)
            fired.append("laggard_consequence")
            used.update(t.i for t in group(tok))
            continue
        party = _threatened(came_from, topic) if came_from is not None and came_from.dep_ in ("xcomp", "ccomp", "acl") \
            and tok.lemma_.lower() in THREAT_WORDS and on("threat_to_laggards") else None
        if party is not None:
            # "threatened to punish Spain for refusing 5%", "threatened not to protect allies spending too
            # little": the threat is aimed at those who fall short, so it backs what they fall short of;
            # "threatened to target any country that sends troops" is aimed at those who do it
            aimed = OPPOSE if _falls_short(party) else before.get(came_from.i)
            if aimed is not None:
                pos, strong = (SUPPORT if aimed in (OPPOSE, CONDITIONAL) else OPPOSE), True
                cues.append(tok.text)
                fired.append("threat_to_laggards")
                used.update(t.i for t in group(tok))
                continue
        if came_from is not None and came_from.dep_ == "nsubj" and path[0] in came_from.subtree \
                and tok.lemma_.lower() in ENTAILING_VERBS and not negated(group(tok)) and on("cost_warning") \
                and any(t.lemma_.lower() in COST_NOUNS for c in tok.children if c.dep_ == "dobj" for t in c.subtree):
            # "any greater spending increase would necessitate cuts to public services": its cost, held against it
            pos, strong = OPPOSE, True
            cues.append(tok.text)
            fired.append("cost_warning")
            used.update(t.i for t in group(tok))
            continue
        if came_from is not None and came_from.dep_ in ("nsubj", "csubj") and _deploying(came_from, path[0]) \
                and tok.lemma_.lower() in CONSEQUENCE_VERBS and on("danger_warning") and _brings_danger(tok):
            # "the introduction of peacekeepers could lead to World War III": a warning, held against it;
            # "would not lead to a war" denies the danger, which is no offer: what is below stands, weakly
            if negated(group(tok)):
                strong = False
            else:
                pos, strong = OPPOSE, True
            cues.append(tok.text)
            fired.append("danger_warning")
            used.update(t.i for t in group(tok))
            continue
        if came_from is not None and came_from.dep_ == "nsubj" \
                and (came_from.i == path[0].i or came_from.lemma_.lower() in topic.terms) \
                and tok.lemma_.lower() in ENTAILING_VERBS and on("term_entails"):
            # "the targets will not require Italy to divert funds": what the term entails, not a view of it
            used.update(t.i for t in group(tok))
            fired.append("term_entails")
            continue
        if pos == OPPOSE and punishes(tok, path[:path.index(tok)]) and on("criticised_refusal"):
            pos, strong = SUPPORT, True   # "criticised Spain for refusing to send troops": wants what was refused
            cues.append(tok.text)
            fired.append("criticised_refusal")
            continue
        toks = [t for t in group(tok) if t.i not in used]
        used.update(t.i for t in toks)
        classes = [(cue_class(t, topic, object_path if t is tok else False), t) for t in toks]
        classes = [(c, t) for c, t in classes if c and on("cue_" + c)]
        order = ("rule_out", "oppose", "support", "hedge", "carrier")
        classes.sort(key=lambda ct: order.index(ct[0]))
        cls, word = classes[0] if classes else (None, None)
        if cls == "support" and word is tok and tok.dep_ in CLAUSAL_SUBJECTS and on("clausal_subject"):
            cls, word = None, None   # "Sending soldiers means exposing them to war": a subject, not an offer
        # a "no" subject only flips what the words below said ("no state would be able to meet 5%")
        neg = (negated(toks) or pos is not None and _denied_subject(tok, came_from)) and on("negation")
        if neg and _timed(tok):
            neg = False
            fired.append("timed_denial")
        if neg and purposed and tok.lemma_.lower() in NEED_WORDS | {"have"} and on("purpose_clause"):
            neg = False   # "will not need to use a flexibility clause to meet the 5% goal": the goal stands
            fired.append("purpose_clause")
        if neg and tok.lemma_.lower() == "mind" and tok.pos_ == "VERB" and on("not_mind"):
            fired.append("not_mind")   # "would not mind sending European peacekeepers": fine with it
            continue
        if neg and on("limited_denial") and any(c.dep_ == "prep" and (c.lower_ in LIMIT_PREPS or c.lower_ in ("on", "at", "in") and any(
                o.dep_ == "pobj" and o.lemma_.lower() in FRONT_NOUNS for o in c.children)) for c in tok.children):
            continue   # "they will not be deployed near the front line": a limit on a deployment, not a refusal
        hedged = any(t.lower_ in HEDGE_AUX and t.dep_ == "aux" for t in toks) and on("modal_hedge")
        if cls == "hedge" and word.lower_ in HEDGE_AUX and tok.lemma_.lower() in OFFER_VERBS and on("modal_offer") \
                and _national_subject(came_from, topic):
            cls, word = "support", tok     # "Danish troops could be based there after a deal": an offer
            fired.append("modal_offer")
        if cls is None and pos is None and on("national_commitment") and _national_subject(came_from, topic) \
                and any(c.lower_ in FUTURE_AUX | HEDGE_AUX and c.dep_ == "aux" for c in tok.children):
            cls, word = "support", tok     # "British troops will help secure the skies": a commitment
            fired.append("national_commitment")
        if cls is None:
            if neg and pos is not None:
                pos, strong = _flip(pos), False
                fired.append("negation")
            elif (neg or negated_term(tok)) and came_from is None and on("future_denial") and _in_future(tok):
                pos, strong = OPPOSE, True                     # "there will be no American troops", "not one soldier would go"
                cues.append("no " + tok.text)
                fired.append("future_denial")
            elif neg and pos is None and came_from is not None and on("denied_complement") and (
                    tok.lemma_ == "be" and came_from.dep_ == "attr"
                    or tok.lemma_ == "have" and came_from.dep_ in ("dobj", "ccomp", "xcomp")):
                pos, strong = OPPOSE, True                     # "our contribution will not be soldiers"
                cues.append("not " + tok.text)
                fired.append("denied_complement")
            continue
        cues.append(("not " if neg else "") + word.text)
        if fired[-1:] != ["national_commitment"] or word is not tok:
            fired.append("cue_" + cls)
        if neg:
            fired.append("negation")
        weak = False
        below_ruled_out, ruled_out = ruled_out, cls == "rule_out" and not neg   # a refusal of a plain "rule out" is openness
        if cls == "rule_out":
            pos, strong = (CONDITIONAL, True) if neg else (OPPOSE, True)
        elif cls == "oppose":
            if neg and word.lemma_.lower() in BLOCKING_VERBS and word.pos_ == "VERB" and on("not_blocking"):
                pos, strong = SUPPORT, False              # "would not block the consensus": signs up to it
                fired.append("not_blocking")
            elif neg:
                pos, strong = CONDITIONAL, True           # "not opposed to", "did not reject"
            elif below_ruled_out and on("double_negation"):
                pos, strong = CONDITIONAL, True           # "refused to rule out", "her refusal to exclude"
                fired.append("double_negation")
            elif pos == OPPOSE and _refusal_object(came_from, topic) and on("judged_refusal"):
                pos, strong = SUPPORT, True               # "called Spain's refusal disrespectful", "slammed its rejection"
                fired.append("judged_refusal")
                if came_from is not None and came_from.dep_ == "prep":
                    fired.append("displeased_refusal")    # "unhappy with its refusal"

            else:
                # Redundant refusals ("warned against", "rejected … as dangerous") stay refusals.
                pos, strong = OPPOSE, True
        elif cls == "support":
            if neg:
                pos, strong = _flip(pos or SUPPORT), False   # "not ready to send", "will not send"
                if pos == OPPOSE and on("denied_offer") and any(
                        t.dep_ == "aux" and (t.lower_ in FUTURE_AUX or t.lower_ == "wo") for t in toks):
                    fired.append("denied_offer")   # "Italy will not send troops": a refusal of what is to come
            else:
                if pos == CONDITIONAL and modal and not strong and word is tok and tok.pos_ == "VERB" \
                        and tok.lemma_.lower() in PROPOSING_VERBS and on("proposed_modal"):
                    pos = SUPPORT                              # "suggested a force could include French soldiers"
                    fired.append("proposed_modal")
                pos = pos or SUPPORT
                if hedged and pos == SUPPORT and not (on("modal_offer") and _concrete_offer(path, tok, topic)) \
                        and not _content_modal(tok, topic):
                    pos = CONDITIONAL                          # "could send troops"
                    fired.append("modal_hedge")
                    modal = True
        elif cls == "hedge":
            if neg:
                pos, strong = OPPOSE, False                    # "not being considered", "no possibility"
            elif pos in (None, SUPPORT):
                pos, weak = CONDITIONAL, pos is None
                modal = word.lower_ in HEDGE_AUX
                continue
        elif cls == "carrier":
            if neg:
                pos, strong = OPPOSE, False                    # "no plans to send", "no decision on"
            elif pos in (SUPPORT, CONDITIONAL) and not strong:
                carried = pos
                pos = None    # "talk about sending soldiers", "plans for a force that could include troops"
            elif pos is None:
                carried = None
    if conditioned and pos == SUPPORT:
        pos, strong = CONDITIONAL, True
    return Reading(pos, " / ".join(cues), strong, tuple(fired) if pos is not None else ())
