"""Attribution: who holds the position a topic sentence expresses.

Each rule walks the dependency parse the way textacy's `extract/triples.py`
does, and each yields `Statement`s. Rules, with the case each catches:

* subject   - the subject of a predicate above the topic term:
              "Tusk rejected the notion of deploying troops".
* passive   - the agent of a passive or a participle on the topic noun:
              "the idea, proposed by Macron and supported by Starmer".
* possessor - the owner of a proposal/willingness: "Macron's proposal to send troops".
* relay     - a government clause inside a person's report moves to the person
              when they are of the same country ("Hegseth confirmed that
              Washington would not deploy troops"); otherwise it stays with
              the inner holder ("Zelensky said Putin rejected…" is Putin's).
* tag       - a reporting clause beside the statement: "Rome would help with
              training, she said, but no Italian soldier would go"; "according to X".
* signatory - "the declaration signed by Macron and Starmer commits both countries to…".

Questions state nothing ("Will Poland send soldiers?"); in "asked whether …,
X said …" the answer, not the question, carries the position.
Quotes, speaker labels and echoes are in `attribution.quoted`.

Longer than ~300 lines because the walk's branch rules share its state (the path, the inner
holder, the node of the last outer holder); the sentence-level agent rules (`_agent_verbs`,
`_what_clause`) could move to a module of their own.
"""
from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Span, Token

from ..lexicon import word_list
from ..deps import NOMINAL_SUBJECTS, TAG_DEPS
from ..registry import declare_all, on
from ..schema import Mention, Reading, Statement
from ..stance.clause import condition_clause_on, phrase_hits, read_clause, with_if_clause
from ..stance.reading import (COND_MARKS, CONDITIONAL, HEDGE_AUX, OBLIGATION_AUX, OPPOSE, PROPOSING_VERBS,
                              STATED_CONDITIONS, SUPPORT, cue_class, denies_belief, negated_term, plain_clause, punishes,
                              read_path)
from ..topic.topics import Topic
from .founders import founders
from .holders import (GROUP_NOUNS, PROPOSER_NOUNS, OPPONENT_NOUNS, REPORTING, SUBJ_DEPS, _members, _opaque_speaker,
                      _participles, _possessors, _signatories, _subjects, _with_country, mention_at, tail_members)

ASKING = word_list("asking_verbs")
QUESTION_MARKS = word_list("question_marks")
CONTRAST_MARKS = word_list("contrast_marks")
MEETING_NOUNS = word_list("meeting_nouns")
ROLE_NOUNS = word_list("role_nouns")
ENDORSING = word_list("endorsing_verbs")
DEMANDING = word_list("demanding_verbs")
HELPING = frozenset({"help", "enable"})   # "a model to HELP countries reach 5%" (rule addressed_demand)
DEMAND_NOUNS = word_list("demand_nouns")
ASSESSORS = word_list("assessor_nouns")


declare_all("attribution", [
    ("shared_predicate", "Austria, Greece and Portugal declined to send soldiers. (each conjunct holds it)"),
    ("stance_object", "The plan has backers, above all Keir Starmer; it drew criticism from Orban. (the role noun's side)"),
    ("subject", "Tusk rejected the notion of deploying troops. (the subject of a predicate above the term)"),
    ("conj_agent", "The scheme was dismissed by Orban and is opposed by Fico. (a conjoined verb's own agent)"),
    ("participle_agent", "The idea, proposed by Macron and supported by Starmer, ... (an agent on the topic noun)"),
    ("host_speaker", "Zelensky said the deployment of foreign troops is being discussed. (the host asks for them)"),
    ("appositive_agent", "Spain rejects the 5% target, a figure proposed by Rutte. (an agent on the term's apposition)"),
    ("loose_apposition", "Spain is the only holdout against the 5% target, a figure proposed by Rutte. (the parser "
     "makes 'a figure' a second attribute; after the comma that closes the term's phrase it renames the term)"),
    ("absolute_clause", "Merz backed it, with his minister dismissing the 5% figure. (the 'with' clause is the minister's)"),
    ("amid_circumstance", "Fico hinted at a change of course amid pressure to lift spending to 5%. (what "
     "an 'amid' phrase names is the setting, not the subject's view)"),
    ("background_clause", "As NATO leaders prepare to discuss 5%, Sánchez rejected the plan. (the time clause is the leaders')"),
    ("trailing_aside", "Bardella restated his red lines on sending French troops, something he opposes. (the "
     "relative clause on a renaming noun is its subject's view)"),
    ("framed_relay", "Stenergard said it is not inconceivable that Sweden would join a force in Ukraine. (an "
     "open frame over the relayed clause: conditional)"),
    ("denied_veto", "Lammy said Putin should not have a veto over a deployment of European troops. (Lammy "
     "backs it; Putin holds nothing)"),
    ("what_clause", "Allies will reach 5% by 2035, in what Rutte described as a quantum leap. (the speaker judges the clause)"),
    ("as_agent", "Allies agreed to raise spending to 5%, as demanded by Trump. (the agent of an 'as' participle)"),
    ("meeting_name", "A call of the coalition of the willing, joined by Meloni. (attendees hold nothing)"),
    ("meeting_clause", "Albanese joined a call that was chaired by Starmer and included the coalition of the willing. "
     "(a relative clause on a meeting says who chaired or joined it: no position)"),
    ("asked_whether", "Asked whether Canadian troops could take part (or: asked about the force), Carney said everything "
     "was open. (the answer)"),
    ("possessor", "Macron's proposal to send troops. (the owner of a proposal or refusal)"),
    ("proposal_noun", "Macron's proposal to send troops. (a proposal is support)"),
    ("copular_proposal", "That 5% target is a wish of Trump. (the one whose wish or proposal it is wants it)"),
    ("signatory", "The declaration signed by Macron and Starmer commits both to deploying forces."),
    ("condition_holder", "Once Washington says how it backs the force, Paris will decide. (no holder in a condition)"),
    ("outside_assessment", "Canada and Italy will struggle to reach 5%, analysts said. (a forecast about "
     "governments by outside judges is not the governments' position)"),
    ("opaque_speaker", "Officials said France would send troops. (unnamed officials: nobody above holds it)"),
    ("unnamed_group", "Plenković said European countries remain ready to contribute. (theirs, not his)"),
    ("demand_source", "Allies agreed to 5%, a figure proposed following pressure from Trump. (the one the pressure "
     "or demand comes from backs what it is about)"),
    ("proposal_frame", "Under a compromise put forward by Rutte, allies would spend 3.5% on core defence. (the "
     "proposal that frames the clause is its owner's)"),
    ("figure_owner", "Fiala said Trump's 5% target was too ambitious; Belgium accepted the Trump-backed 5% target. "
     "(the one whose figure it is, or who backed it, backs it)"),
    ("addressed_demand", "Trump expects NATO member states to raise spending to 5%. (a demand on the group: his call)"),
    ("demand_content", "The plan matches the president's demand that members lift their budgets to 5%. (the 'that' "
     "clause of a demand or proposal noun says what its owner asks of the group)"),
    ("sibling_clause", "Peskov said any soldiers deployed would be legitimate targets. (a split clause read)"),
    ("endorsement", "Peskov said he had nothing to add to Lavrov's words, who rejected any troops. (Peskov holds it)"),
    ("outer_holder", "Fico rejected Macron's proposal to send troops. (a position on the inner one)"),
    ("obligation_of_other", "Rutte said Spain will need to spend 3.5% of GDP. (an obligation on another "
     "country is the speaker's call, not that country's view)"),
    ("relay", "Hegseth confirmed that Washington would not deploy troops. (a government clause moves to its reporter)"),
    ("proposed_relay", "Merz suggested his country could soon sign up to sending troops. (a modal offer the "
     "leader proposes for his own country: support)"),
    ("reporter_of_holder", "Spokesperson Leavitt said Trump wants allies to meet 5%. (Trump's position; she reports it)"),
    ("according_to", "According to Zelensky, Macron has promised troops. (the attribution is a phrase)"),
    ("speech_tag", "Rome would help with training, she said, but no Italian soldier would go."),
    ("contrast_clause", "Meloni offered no participation, while Fiala called the debate premature. (Meloni holds no view of Fiala's)"),
])


def statements_in_sentence(sent: Span, hits: list[Token], topic: Topic, by_token: dict[int, Mention],
                           spans) -> list[Statement]:
    out: list[Statement] = []
    for hit in hits:
        out.extend(_walk_up(hit, sent, topic, by_token))
        # "The scheme has been dismissed by Orbán and is opposed by Fico": a conjoined verb's own agent
        for verb in [hit] + list(hit.ancestors)[:4] if on("conj_agent") else []:
            for cj in verb.conjuncts:
                if cj.i > verb.i and cj.pos_ == "VERB" and not any(c.dep_ in NOMINAL_SUBJECTS for c in cj.children):
                    for m in _subjects(cj, by_token):
                        reading = read_path([cj], topic)
                        if reading.position is not None:
                            out.append(Statement(m, sent, reading, "passive", hit, rule="conj_agent"))
        for noun in [hit] + [a for a in hit.ancestors if a.pos_ == "NOUN"][:2]:
            below = [a for a in [hit, *hit.ancestors] if a.head.i == noun.i and a.i != noun.i]
            if noun.i != hit.i and below and _names_meeting(noun, below[0]):
                break   # who joined or chaired such a meeting is an attendee, not a holder
            for verb, rule_name in _agent_verbs(noun, hit):
                reading = read_path([verb], topic)
                for m in _subjects(verb, by_token):
                    if reading.position is None:
                        continue
                    out.append(Statement(m, sent, reading, "passive", hit, rule=rule_name))
        # "allies agreed to raise spending to 5%, as demanded by Trump": the agent of an "as" participle
        for verb in [hit, *hit.ancestors][:6] if on("as_agent") else ():
            for adv in verb.children:
                if adv.dep_ == "advcl" and adv.tag_ == "VBN" and any(c.dep_ == "mark" and c.lower_ == "as" for c in adv.children):
                    reading = read_path([adv], topic)
                    if reading.position is not None:
                        out.extend(Statement(m, sent, dataclasses.replace(reading, rules=reading.rules + ("as_agent",)),
                                             "passive", hit, rule="as_agent")
                                   for m in _subjects(adv, by_token) if any(c.dep_ == "agent" for c in adv.children))
    if hits and on("what_clause"):
        out.extend(_what_clause(sent, hits, topic, by_token))
    if hits and on("trailing_aside"):
        out.extend(_trailing_aside(sent, hits, topic, by_token))
    if hits and on("demand_source"):
        out.extend(_demand_sources(sent, hits, by_token))
    if hits and on("figure_owner"):
        out.extend(_figure_owners(sent, hits, topic, by_token))
    out.extend(founders(sent, hits, by_token))
    if hits and on("proposal_frame"):
        out.extend(_proposal_frames(sent, hits, by_token))
    return out


FRAME_PREPS = frozenset({"under", "following", "after"})
FRAME_NOUNS = frozenset({"compromise", "formula", "blueprint", "scheme"})


def _proposal_frames(sent: Span, hits: list[Token], by_token) -> list[Statement]:
    """'Under a compromise proposed by Rutte, 3.5% would go to core defence', 'committed to 3.5%,
    following a proposal by Rutte', 'according to the proposal presented by Rutte, the 5% target
    would…': a clause framed by someone's proposal says what they propose (they back it)."""
    out = []
    for noun in sent:
        if noun.pos_ != "NOUN" or noun.dep_ != "pobj" or negated_term(noun) \
                or noun.lemma_.lower() not in PROPOSER_NOUNS | FRAME_NOUNS or noun.lemma_.lower() in DEMAND_NOUNS:
            continue   # "following pressure from Trump" is demand_source's
        prep = noun.head
        framed = prep.head.head if prep.lower_ == "to" and prep.head.lower_ == "according" else prep.head
        if not (prep.lower_ in FRAME_PREPS or framed is not prep.head):
            continue
        hit = next((h for h in hits if h.i not in {t.i for t in noun.subtree}
                    and (framed in h.ancestors or framed is h)), None)
        if hit is None:
            continue
        owners = [c for c in noun.children if c.dep_ == "poss"]
        owners += [g for p in noun.children if p.dep_ == "prep" and p.lower_ in ("by", "of", "from")
                   for g in p.children if g.dep_ == "pobj"]
        owners += [g for v in noun.children if v.dep_ == "acl" and v.tag_ == "VBN"
                   for a in v.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        for x in (x for o in owners for x in (o, *o.conjuncts)):
            m = mention_at(x, by_token)
            if m is not None and m.actor.name:
                out.append(Statement(m, sent, Reading(SUPPORT, noun.text, False, ("proposal_frame",)), "passive",
                                     hit, rule="proposal_frame"))
    return out


def _figure_owners(sent: Span, hits: list[Token], topic: Topic, by_token) -> list[Statement]:
    """"Trump's 5% target", "the Trump-backed 5% target": a named person who owns or backed the term
    itself, when it names the figure (QUESTION.md: the force behind the target). Not "Sánchez's
    rejection of the target" (the noun is not the term) nor "Sánchez's 2.1% target" (no figure)."""
    out = []
    doc = sent.doc
    for tok in sent:
        if tok.dep_ == "poss" and tok.head in hits and tok.head.pos_ == "NOUN":
            noun, cue = tok.head, tok.head.text
        elif tok.dep_ in ("npadvmod", "compound") and tok.head.tag_ == "VBN" and tok.head.dep_ == "amod" \
                and tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" and tok.head.head in hits \
                and cue_class(tok.head, topic) == SUPPORT:
            noun, cue = tok.head.head, tok.head.text
        else:
            continue
        m = mention_at(tok, by_token)
        words = " " + " ".join(t.lower_ for t in noun.subtree) + " "
        if m is None or not m.actor.name or not any(f" {p} " in words for p in topic.strong):
            continue
        out.append(Statement(m, sent, Reading(SUPPORT, cue, False, ("figure_owner",)), "passive", noun,
                             rule="figure_owner"))
    return out


def _demand_sources(sent: Span, hits: list[Token], by_token) -> list[Statement]:
    """'a figure proposed by Rutte following pressure from Trump', 'in line with the demands of Trump',
    'the demand … came from Trump': a named person a demand or pressure comes from backs what it is
    about, when the noun sits close to the topic term (QUESTION.md: the force behind the target)."""
    out = []
    for noun in sent:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in DEMAND_NOUNS or negated_term(noun):
            continue
        preps = [p for p in noun.children if p.dep_ == "prep" and p.lower_ in ("of", "from", "by")]
        if noun.dep_ == "nsubj" and noun.head.lemma_ == "come":   # "the demand … came from Trump"
            preps += [p for p in noun.head.children if p.dep_ == "prep" and p.lower_ == "from"]
        # "the demand made by Trump", "pressure exerted by Washington": the agent of a participle on the noun
        preps += [a for v in noun.children if v.dep_ == "acl" and v.tag_ == "VBN" for a in v.children if a.dep_ == "agent"]
        sources = [x for p in preps for g in p.children if g.dep_ == "pobj" for x in (g, *g.conjuncts)]
        hit = next((h for h in hits if _close(noun, h)), None)
        for src in sources if hit is not None else ():
            m = mention_at(src, by_token)
            if m is not None and m.actor.name:
                out.append(Statement(m, sent, Reading(SUPPORT, noun.text, False, ("demand_source",)), "passive",
                                     hit, rule="demand_source"))
    return out


def _close(noun: Token, hit: Token, steps: int = 4) -> bool:
    """The noun and the term meet within a few steps of the parse (one phrase or clause about it)."""
    up = [noun, *noun.ancestors][:steps + 1]
    for i, a in enumerate([hit, *hit.ancestors][:steps + 1]):
        if a in up:
            return True
    return False


WHAT_VERBS = frozenset({"describe", "call", "term", "hail", "dub", "brand"})


def _what_clause(sent: Span, hits: list[Token], topic: Topic, by_token) -> list[Statement]:
    """'…reach the 3.5% target, in what Rutte described as a "quantum leap"': the speaker's words
    judge the whole clause, wherever the parser hangs the "in what" phrase."""
    out = []
    for verb in sent:
        if verb.dep_ != "pcomp" or verb.head.lower_ != "in" or verb.lemma_.lower() not in WHAT_VERBS \
                or not any(c.dep_ == "dobj" and c.lower_ == "what" for c in verb.children):
            continue
        inside = {t.i for t in verb.head.subtree}
        hit = next((h for h in hits if h.i not in inside), None)
        reading = read_path([verb], topic)
        if hit is None or reading.position is None:
            continue
        out.extend(Statement(m, sent, reading, "subject", hit, rule="what_clause")
                   for m in _subjects(verb, by_token))
    return out


ASIDE_NOUNS = word_list("aside_nouns")
ASIDE_MARKS = frozenset({",", "-", "–", "—"})   # ", a plan …", "– a proposal that Russia has opposed"
ACT_NOUNS = frozenset({"move", "step", "something"})   # rename the whole predicate, not just its object


def _trailing_aside(sent: Span, hits: list[Token], topic: Topic, by_token) -> list[Statement]:
    """'Bardella restated his red lines on sending French troops, something he opposes': a noun after a
    comma or dash renames what came before it, and its relative clause is its subject's view of it. Of several
    relative clauses ('a plan Russia has made clear it would never accept') the last that takes a side
    says it; its holder is the first clause's subject."""
    out = []
    for noun in sent:
        if noun.lemma_.lower() not in ASIDE_NOUNS or noun.dep_ not in ("appos", "npadvmod") \
                or noun.left_edge.i == 0 or noun.doc[noun.left_edge.i - 1].text not in ASIDE_MARKS:
            continue
        hit = next((h for h in reversed(hits) if h.i < noun.i), None)
        clauses = [c for c in noun.children if c.dep_ == "relcl"]
        holders = [m for c in clauses[:1] for m in _subjects(c, by_token)]
        if hit is None or not holders:
            continue
        # the aside follows the term's own clause, not another conjunct ("… and pushed for sanctions, a move …")
        chain = [hit, *hit.ancestors]
        other = {t.i for a in chain for c in a.children if c.dep_ == "conj" and c not in chain for t in c.subtree}
        if noun.left_edge.i < 2 or noun.left_edge.i - 2 in other:
            continue
        reading = next((r for r in (read_path([c], topic) for c in reversed(clauses)) if r.position is not None), None)
        if reading is not None and noun.lemma_.lower() in ACT_NOUNS:
            # an act noun renames the whole predicate: welcoming a refusal is a refusal, criticising it backs the troops
            up, t = [], hit
            while t.head.i != t.i and t.i != noun.head.i:
                up.append(t)
                t = t.head
            ante = read_path(up + [t], topic)
            if ante.position in (OPPOSE, CONDITIONAL):
                reading = _compose(ante, reading)
        if reading is not None:
            out.extend(Statement(m, sent, reading, "subject", hit, rule="trailing_aside") for m in holders)
    return out


BACKGROUND_MARKS = frozenset({"as", "when", "while", "after", "before", "since", "until", "ahead"})


def _background(node: Token) -> bool:
    """A time clause with a subject of its own that holds no one ("as NATO leaders prepare to…",
    "when member states meet…") sets the scene; what it says of the topic is not the main subject's."""
    return on("background_clause") and node.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS for c in node.children) and any(
        c.dep_ in NOMINAL_SUBJECTS and c.lower_ not in ("it", "he", "she", "they", "we", "i") for c in node.children)


def _agent_verbs(noun: Token, hit: Token):
    """The participles that may name an agent of what the noun is: on the noun itself ('the idea,
    proposed by Macron'), or on its apposition ('the 5% target, a figure proposed by Rutte'; 'an
    agreement to reach 5%, a move advocated by Trump': the apposition renames the noun)."""
    if on("participle_agent"):
        yield from ((v, "participle_agent") for v in _participles(noun))
    if on("appositive_agent"):
        # the parser often hangs the apposition on the phrase's last noun ("to 5% of GDP, a move …")
        for app in noun.subtree:
            if app.dep_ == "appos" and app.pos_ == "NOUN" and app.i > hit.i and not any(a.i == app.i for a in hit.ancestors):
                yield from ((v, "appositive_agent") for v in _participles(app))
    if on("loose_apposition"):
        app = _loose_apposition(noun)
        if app is not None:
            yield from ((v, "loose_apposition") for v in _participles(app))


def _loose_apposition(noun: Token) -> Token | None:
    """'… approving the 5% of GDP target, a figure proposed by Rutte': the small model often makes the
    noun after the comma a second object or attribute of the verb, not an apposition; a noun phrase
    that starts right after the comma closing the term's phrase renames it all the same."""
    doc = noun.doc
    comma = noun.right_edge.i + 1
    if comma + 1 >= len(doc) or doc[comma].text != ",":
        return None
    for x in doc[comma + 1:min(len(doc), comma + 4)]:
        if x.pos_ == "NOUN" and x.left_edge.i == comma + 1 and x.dep_ in ("attr", "npadvmod", "dobj", "conj") \
                and not any(a.i == x.i for a in noun.ancestors):
            return x
    return None


def _stance_objects(node: Token, path: list[Token], by_token, topic: Topic):
    """'The plan has backers, above all Keir Starmer', 'its share of supporters, notably Starmer', 'won
    support from Starmer', 'drew criticism from Orban': a noun naming a side, beside the path, and the
    people or governments it names hold that side of what the path is about."""
    on_path = {t.i for t in path}
    for c in node.children:
        if c.i in on_path or c.dep_ not in ("dobj", "attr", "nsubj"):
            continue
        nouns = [c] + [g for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                       if g.dep_ == "pobj"]   # "its share of supporters"
        for noun in nouns:
            if noun.lemma_.lower() not in ROLE_NOUNS and noun.lower_ not in ROLE_NOUNS:
                continue
            side = cue_class(noun, topic)
            if side not in (SUPPORT, OPPOSE):
                continue
            members = [a for n in (c, noun) for a in n.children if a.dep_ == "appos"]
            # "drew criticism from Orban": the parser may hang the "from" on the verb
            members += [g for n in (noun, node) for p in n.children if p.dep_ == "prep"
                        and p.lower_ in (("from", "by", "of", "among") if n is noun else ("from",))
                        for g in p.children if g.dep_ == "pobj"]
            members = [x for m in members for x in (m, *m.conjuncts)] or tail_members(noun, by_token)
            for x in members:
                m = mention_at(x, by_token)
                if m is not None:
                    yield m, Reading(side, noun.text, True, ("stance_object",))
            break


def _unnamed_group(node: Token, hit: Token, by_token) -> bool:
    """The clause's subject is a group that names no one ("European countries remain ready to
    contribute", "some countries will send their own forces"): describing what others do is no
    position of the one who describes it (ANNOTATION: not statements). A clause that says what
    they should do ("European countries must send troops") is the speaker's call, and stays; so is
    one that judges their doing it ("allies contributing troops would make it credible")."""
    subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(hit in s.subtree for s in subj):
        return False
    if _addressed(node):
        return False
    return bool(subj) and all(
        s.lemma_.lower() in GROUP_NOUNS and s.i not in by_token and s.tag_ == "NNS"
        and not any(c.dep_ == "nummod" for c in s.children)
        and not _members(s, by_token) and not tail_members(s, by_token) for s in subj) \
        and not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in node.children)


def _addressed(node: Token) -> bool:
    """'Trump expects NATO member states to raise spending to 5%', 'promised to ensure that partners
    spend 5%': the group's clause is the complement of a verb that demands it of them, so it says
    what they should do (the speaker's call), not what they do."""
    if not on("addressed_demand"):
        return False
    if node.dep_ in ("ccomp", "xcomp") and node.head.lemma_.lower() in DEMANDING:
        return True
    helper = node.head
    if node.dep_ in ("ccomp", "xcomp") and helper.lemma_.lower() in HELPING and helper.dep_ in ("xcomp", "acl", "relcl") \
            and helper.head.lemma_.lower() in PROPOSING_VERBS | PROPOSER_NOUNS:
        return True   # "proposed a model to help countries reach 5%": what the proposal helps them do, it asks
    # "Trump's demand that allies raise spending to 5%", "Rutte's proposal that members spend 3.5%":
    # the clause is the content of a demand or proposal noun, so its owner asks it of them
    noun = node.head
    if noun.tag_ == "VBN" and noun.dep_ == "acl":   # "the demand made by Trump that allies invest 5%"
        noun = noun.head
    return on("demand_content") and node.dep_ in ("acl", "ccomp", "relcl") and noun.pos_ == "NOUN" \
        and noun.lemma_.lower() in DEMAND_NOUNS | PROPOSER_NOUNS \
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children)


def _phone_call(noun: Token) -> bool:
    """'his call with the coalition' is a meeting; 'his call for a European force' a proposal."""
    return noun.lemma_.lower() == "call" and not any(c.dep_ == "prep" and c.lower_ == "for" for c in noun.children)


def _holder_rule(m: Mention, possessors: list[Mention], owners: list[Mention]) -> str:
    """Which rule found the holder: a possessor, a signatory (the other owners), else the subject."""
    return "possessor" if m in possessors else "signatory" if m in owners else "subject"


def _meeting_noun(noun: Token) -> bool:
    """'a summit', 'a phone hook-up' (the parser makes 'up' the noun, 'hook' its compound)."""
    words = noun.doc[noun.left_edge.i:noun.i + 1].text.lower().split()
    return noun.pos_ == "NOUN" and (noun.lemma_.lower() in MEETING_NOUNS or bool(words) and words[-1] in MEETING_NOUNS)


def _relative_on(clause: Token) -> bool:
    """The clause is a true relative on its noun ('a call THAT was chaired by…', 'a summit AT WHICH 26
    countries pledged…', 'WHERE…'), not a 'said on the call that Italy…' complement the parser hangs there."""
    return any(c.dep_ in NOMINAL_SUBJECTS and c.lower_ in ("that", "which", "who")
               or c.dep_ == "advmod" and c.lower_ == "where"
               or c.dep_ == "prep" and any(g.lower_ == "which" for g in c.children) for c in clause.children)


def _names_meeting(node: Token, below: Token | None) -> bool:
    """The walk reached a meeting noun from its name: "a call OF the coalition", "a coalition meeting"."""
    return below is not None and on("meeting_name") and node.pos_ == "NOUN" and node.lemma_.lower() in MEETING_NOUNS \
        and (below.dep_ == "prep" and below.lower_ == "of" or below.dep_ in ("compound", "nmod"))


def _walk_up(hit: Token, sent: Span, topic: Topic, by_token) -> list[Statement]:
    """Walk from the topic term to the root, yielding a statement for each holder met."""
    out: list[Statement] = []
    path: list[Token] = []
    skip: set[int] = set()
    inner: Statement | None = None
    inner_node: Token | None = None
    outer_node: Token | None = None   # where an outer holder took a position of their own
    node, prev = hit, None
    veto_node, under = None, None   # where a denied veto was met, and the reading below it
    while True:
        if on("asked_whether") and (any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in node.children)
                                    or node.dep_ == "pobj" and node.head.lower_ in ("about", "on")
                                    and node.head.head is not node.head and node.head.head.lemma_.lower() in ASKING
                                    and node.head.head.tag_ == "VBN") \
                and (node.head.lemma_.lower() in ASKING or node.dep_ == "pobj"):
            # "asked whether Canadian troops could take part, Trudeau said everything was on the table":
            # the question only names the topic; the position is in the answer above it.
            if inner is not None or node.head is node:
                break
            path, skip = [], set()
            # "Asked about the coalition's force, …": the walk goes on from the asking verb
            prev, node = (node.head, node.head.head) if node.dep_ == "pobj" else (node, node.head)
            continue
        if _names_meeting(node, prev):
            break   # "a video call of the coalition of the willing, joined by Meloni": the topic names a meeting
        if node.dep_ == "relcl" and on("meeting_clause") and _meeting_noun(node.head) and _relative_on(node):
            break   # "a hook-up that was chaired by Starmer and included the coalition": who chaired or joined it
        if inner is not None and not inner.holder.actor.name and on("outside_assessment") \
                and node.lemma_.lower() in REPORTING and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in ASSESSORS and c.i not in by_token for c in node.children):
            # "Canada and Italy will struggle to meet 5%, experts said": a forecast about them, not their view
            return [o for o in out if o.holder.actor.name]
        path.append(node)
        if prev is not None and prev.dep_ == "conj" and node.pos_ in ("VERB", "AUX", "ADJ"):
            skip.add(node.i)   # a conjoined verb only lends its subject
        possessors = _possessors(node, by_token) if node.lemma_.lower() in PROPOSER_NOUNS | OPPONENT_NOUNS \
            and on("possessor") and not _phone_call(node) else []
        owners = possessors + (_signatories(node, by_token) if on("signatory") else [])
        wish = _owned_attribute(node, prev) if inner is None and on("copular_proposal") else None
        if wish is not None:   # "the 5% target is a wish of Trump": the one whose wish it is wants it
            possessors = possessors + [m for m in _possessors(wish, by_token) if m not in owners]
            owners += [m for m in possessors if m not in owners]
        subjects = _subjects(node, by_token) if on("subject") else []
        if on("stance_object"):
            out.extend(Statement(m, sent, r, "subject", hit, rule="stance_object")
                       for m, r in _stance_objects(node, path, by_token, topic) if m.start > hit.i or m.end <= hit.i)
        holders = [m for m in subjects + owners if m.start > hit.i or m.end <= hit.i]
        if holders and node.dep_ == "advcl" and on("condition_holder") and any(
                c.dep_ == "mark" and c.lower_ in COND_MARKS for c in node.children):
            holders = []   # a holder inside a condition ("once Washington has said how it would back the force")
        if not holders and inner is None and on("opaque_speaker") and _opaque_speaker(node, by_token):
            break          # "officials said France would…" belongs to unnamed officials, not to whoever is above
        if not holders and inner is None and on("unnamed_group") and _unnamed_group(node, hit, by_token):
            break          # "Plenković stressed that European countries remain ready": theirs, not his
        if inner is None and prev is not None and on("denied_veto") and denied_veto(node, prev):
            # "Britain will not give Putin a veto": the giver is the one who denies it, and keeps the view
            giver = node.lemma_.lower() in ("give", "grant", "hand") and not any(
                c.dep_ in ("nsubjpass", "auxpass") for c in node.children)
            if not giver:
                holders = []   # "Putin should not get a veto over a deployment": no view of Putin's
            veto_node = node
            under = read_path(path[:path.index(prev)], topic, skip)   # "over Slovakia's decision not to send"
        if holders:
            seg = path if inner is None else path[path.index(inner_node) + 1:]
            reading = read_clause(seg, node, topic, skip)
            if veto_node is not None and inner is None and _only_reporting(
                    [t for t in path[path.index(veto_node) + 1:] if t.i not in skip], topic):
                # … "Lammy said": the one who denies another a veto over it wants it (not "Lavrov rejected
                # claims that…"); a veto denied over a refusal backs the refusal
                pos = OPPOSE if under.position == OPPOSE else SUPPORT   # not "a veto on whether they can deploy"
                reading = Reading(pos, "veto", True, ("denied_veto",))
            if node.pos_ == "NOUN" and node.lemma_.lower() in PROPOSER_NOUNS and reading.position is None \
                    and on("proposal_noun"):
                reading = Reading(SUPPORT, node.text, rules=("proposal_noun",))   # "Macron's proposal to send troops"
            if wish is not None and (reading.position is None or any(c.dep_ in ("relcl", "acl") for c in wish.children)):
                # "a wish of Trump that Spain will never accept": the relative clause is Spain's view, not Trump's
                reading = Reading(SUPPORT, wish.text, True, ("copular_proposal",))
            if reading.position is None and inner is None and node.lemma_.lower() in REPORTING and on("sibling_clause"):
                reading = _sibling_reading(node, path, topic)
            for m in holders:
                if inner is None:
                    mine = reading
                    if reading.position is None and m.actor.name and _host_asks(m, hit, topic) and any(
                            _reporting_verb(t) or t.lower_ == "according" for t in [*seg, *node.children]):
                        # speaking of it, not "Zelensky stayed in Paris for the discussions"
                        mine = Reading(SUPPORT, node.text, rules=("host_speaker",))
                    if mine.position is not None:
                        inner = Statement(m, sent, mine, "subject", hit, rule=_holder_rule(m, possessors, owners))
                        out.append(inner)
                        inner_node = node
                    continue
                if "host_speaker" in inner.reading.rules and m.actor.country not in topic.hosts:
                    continue   # "Zelensky and Macron discussed the force": asking for it is the host's alone
                if node.i == inner_node.i and on("shared_predicate"):
                    # "Austria, Greece and Portugal declined…": each holder of one predicate holds its reading
                    out.append(dataclasses.replace(inner, holder=m, rule="shared_predicate"))
                    continue
                if m.actor.key == inner.holder.actor.key or (on("nmod_conjunct") and any(
                        o.hit is hit and o.rule == "shared_predicate" and o.holder.actor.key == m.actor.key for o in out)):
                    continue   # the same speaker again ("a German official said Berlin would not…")
                # An outer holder: a reporter, or someone taking a position on the inner one.
                own = reading.position is not None and not _only_reporting([t for t in seg if t.i not in skip], topic)
                if own and outer_node is not None and outer_node.i != node.i and on("reporter_of_holder"):
                    # "spokesperson Leavitt said Trump wants allies to meet 5%": above Trump's own verb
                    # she only reports; the words below are his
                    above = path[path.index(outer_node) + 1:]
                    own = not _only_reporting([t for t in above if t.i not in skip], topic)
                    if not own:
                        continue
                if inner.reading.position == OPPOSE and on("criticised_refusal") and any(
                        punishes(t, seg[:i]) for i, t in enumerate(seg)):
                    # "Trump vowed to target Spain for its refusal to spend 5%": Spain refuses, Trump wants it
                    out.append(Statement(m, sent, Reading(SUPPORT, inner.reading.cue, True, ("criticised_refusal",)),
                                         "subject", hit, rule="outer_holder"))
                    continue
                if not own and on("endorsement") and _endorses(seg) \
                        and not (inner_node.lemma_ == "be" and inner_node.tag_ == "VBG"):
                    # (not "was referring to Spain being the only member not to commit": a state described)
                    # "Peskov referred to Lavrov's earlier rejection of the idea": the speaker shares it
                    out.append(Statement(m, sent, inner.reading, "relay", hit, relayed=True, rule="endorsement"))
                    continue
                if own and _declines(node, hit, topic):
                    continue   # "declined to confirm reports that Italy would send troops": says nothing
                if own and on("outer_holder"):
                    out.append(Statement(m, sent, _compose(inner.reading, reading), "subject", hit, rule="outer_holder"))
                    outer_node = outer_node if outer_node is not None and outer_node.i != node.i else node
                elif not own and on("obligation_of_other") and m.actor.name and not inner.holder.actor.name \
                        and inner.reading.position == SUPPORT \
                        and m.actor.country != inner.holder.actor.country and _obliged(inner_node) and _reports(seg, node):
                    # "Rutte says Spain will need to spend 3.5%": what another country must do is the speaker's call
                    out.remove(inner)
                    inner = Statement(m, sent, dataclasses.replace(inner.reading, rules=inner.reading.rules + (
                        "obligation_of_other",)), "subject", hit, rule="obligation_of_other")
                    out.append(inner)
                elif not own and on("relay") and m.actor.name and not inner.holder.actor.name and _reports(seg, node) \
                        and not _declines(node, hit, topic) and (
                        m.actor.country == inner.holder.actor.country or not m.actor.known and not m.actor.country):
                    out.remove(inner)
                    relayed = inner.reading
                    if relayed.position == CONDITIONAL and not relayed.strong and node.lemma_.lower() in PROPOSING_VERBS \
                            and any(c.dep_ == "aux" and c.lower_ in HEDGE_AUX for c in inner_node.children) \
                            and on("proposed_relay"):
                        # "Merz suggested his country could soon sign up to sending troops": what a leader
                        # proposes for his own country with a modal is a proposal (as proposed_modal)
                        relayed = Reading(SUPPORT, relayed.cue, False, relayed.rules + ("proposed_relay",))
                    framing = _framing_phrase(seg, topic) if relayed.position == SUPPORT and on("framed_relay") \
                        and not any(t.dep_ in ("conj", "advcl", "relcl", "acl") for t in path[path.index(inner_node):-1]) else ""
                    if framing:
                        # "said it is not inconceivable that Sweden would take part": the frame is open
                        relayed = Reading(CONDITIONAL, f"{relayed.cue} / {framing}", True, relayed.rules + ("framed_relay",))
                    # the verb right above the inner clause is the one that reports it
                    if relayed.position is not None and on("negated_belief") and seg and seg[0].i not in skip \
                            and inner_node.dep_ == "ccomp" and denies_belief(seg[0], inner_node) \
                            and plain_clause(path, inner_node, topic):
                        # "Kristersson said he did not believe Sweden would send troops": his doubt denies it
                        kept = relayed.position == CONDITIONAL and STATED_CONDITIONS & set(relayed.rules)
                        relayed = Reading(relayed.position if kept else CONDITIONAL if relayed.position == OPPOSE
                                          else OPPOSE, node.text, True, relayed.rules + ("negated_belief",))
                    if condition_clause_on(node, topic, frozenset(t.i for t in path)):
                        # "Norway could send troops, Støre said, if the US provides a backstop": the
                        # condition hangs on the report, and bounds what it reports
                        relayed = with_if_clause(relayed)
                    moved = Statement(_with_country(m, inner.holder.actor.country), sent, relayed, "relay",
                                      hit, relayed=True, rule="relay")
                    out.append(moved)
                    inner = moved
            if inner is not None and holders and inner.holder in holders:
                inner_node = node
        if node.head is node or node.dep_ == "ROOT":
            break
        if node.dep_ == "pcomp" and node.head.lower_ in ("with", "without") and on("absolute_clause") and any(
                c.dep_ in NOMINAL_SUBJECTS for c in node.children):
            break   # "Merz backed it, with his minister Klingbeil dismissing the 5% figure": Klingbeil's, not Merz's
        if inner is None and node.dep_ == "pobj" and node.head.lower_ in ("amid", "amidst") and on("amid_circumstance"):
            break   # "hinting at a shift amid rising pressure to raise spending": the pressure is others'
        if inner is None and not holders and _background(node):
            break   # "As NATO leaders prepare to discuss 5%, Sánchez rejected…": the time clause has its own actor
        if inner is not None and node.dep_ == "advcl" and on("contrast_clause") and any(
                c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in node.children) and any(
                c.dep_ in NOMINAL_SUBJECTS for c in node.children):   # not "…, while making clear that…": same speaker
            break   # "…, while Fiala called it premature": the clause above is another holder's, not a view of this one
        prev, node = node, node.head
    return _speech_tag(out, inner, path, hit, sent, topic, by_token, skip)


def _owned_attribute(node: Token, prev: Token | None):
    """'That 5 percent is an emphatic wish of Trump', 'the target is Rutte's proposal': the copula's
    complement is a proposal noun that names its owner, and the walk came up through the subject."""
    if node.lemma_ != "be" or prev is None or prev.dep_ not in ("nsubj", "nsubjpass") \
            or any(c.dep_ == "neg" for c in node.children):   # "is not a wish of Sánchez": no view of his
        return None
    return next((c for c in node.children if c.dep_ == "attr" and c.lemma_.lower() in PROPOSER_NOUNS), None)


FRAME_DEPS = frozenset({"neg", "acomp", "attr", "advmod", "aux", "auxpass"})


def _framing_phrase(seg: list[Token], topic: Topic) -> str:
    """A conditional phrase (the engine's and the topic's) in the words of the clause that reports
    another's: 'it is not inconceivable that…', 'it is possible that…'."""
    words = sorted({t.i: t for s in seg for t in [s, *(c for c in s.children if c.dep_ in FRAME_DEPS)]}.items())
    text = " ".join(t.lower_ for _i, t in words)
    hits = [h for h in phrase_hits(text, topic.cue_phrases.get("conditional", ()))
            if h.startswith(("not ", "n't ", "no ")) or re.search(r"\b(not|n't|no longer) " + re.escape(h), text)
            is None]   # "it was not premature to say that…" is no frame of doubt
    return hits[0] if hits else ""


VETO_VERBS = frozenset({"have", "get", "give", "hold", "grant", "hand"})


def denied_veto(verb: Token, below: Token) -> bool:
    """'Russia does not have a veto over…', 'Putin should not be given a veto', 'has no veto on…': the walk
    came up through the veto, and it is denied."""
    return verb.lemma_.lower() in VETO_VERBS and below.lemma_.lower() == "veto" and below.head.i == verb.i \
        and below.dep_ in ("dobj", "nsubjpass", "attr") and (
            any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "det" and c.lower_ == "no" for c in below.children))


def _speech_tag(out, inner, path, hit, sent, topic, by_token, skip) -> list[Statement]:
    """'Rome would help with training, she said, but no Italian soldier would go': a reporting
    clause hanging off the sentence (parataxis) names who speaks for the clause above it."""
    if inner is not None and inner.holder.actor.name:
        return out
    for tok in sent:
        if tok.lower_ == "according" and tok.head in path and on("according_to"):
            # "According to Zelensky, Macron has promised troops" - the attribution is a phrase
            speakers = [by_token[g.i] for t in tok.children for g in t.children if g.i in by_token]
        elif tok.lemma_.lower() not in REPORTING or tok.dep_ not in TAG_DEPS \
                or tok.head not in path or not on("speech_tag"):
            continue
        else:
            speakers = _subjects(tok, by_token)
        speakers = [m for m in speakers if m.actor.name]
        if not speakers:
            continue
        speaker = speakers[0]
        tag_rule = "according_to" if tok.lower_ == "according" else "speech_tag"
        if inner is None:
            reading = read_clause(path, path[-1], topic, skip)
            if reading.position is None and _host_asks(speaker, hit, topic):
                reading = Reading(SUPPORT, tok.text, rules=("host_speaker",))   # "According to Zelensky, Ukraine is forming a contingent"
            if reading.position is not None:
                return [Statement(speaker, sent, reading, "quote", hit, rule=tag_rule)]
        elif speaker.actor.country == inner.holder.actor.country:
            return [Statement(speaker, sent, inner.reading, "relay", hit, relayed=True, rule=tag_rule)]
    return out


def _host_asks(m: Mention, hit: Token, topic: Topic) -> bool:
    """'Zelensky said the deployment of foreign troops is being discussed': a leader of the host
    country speaking of a topic term (not of 'the idea') asks for it (rule host_speaker)."""
    return m.actor.country in topic.hosts and on("host_speaker") and hit.lemma_.lower() not in topic.anaphors


def _sibling_reading(verb: Token, path: list[Token], topic: Topic) -> Reading:
    """A misparse can split what was said into two clauses under the reporting verb ("said any
    soldiers deployed to Ukraine … would be considered legitimate targets"), and an answer sits
    beside its question ("asked whether…, said everything was on the table"): read the other one."""
    for c in verb.children:
        if c.dep_ in ("ccomp", "conj") and c not in path:
            reading = read_clause([c], c, topic, set())
            if reading.position is not None:
                return reading
    return Reading(None, "")


def _obliged(node: Token | None) -> bool:
    """'Spain will need to / has to / must spend 3.5%': the predicate states an obligation on its subject."""
    if node is None:
        return False
    if node.lemma_.lower() in ("need", "have") and any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in node.children):
        return True
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in node.children) \
        and not any(c.dep_ == "auxpass" for c in node.children)   # not "should be expelled"


def _endorses(seg: list[Token]) -> bool:
    """A verb of the outer segment makes the inner holder's position the speaker's: 'echoed',
    'referred to', 'had nothing to add to'."""
    for t in seg:
        lemma = t.lemma_.lower()
        if lemma in ENDORSING and (lemma != "add" or any(c.lower_ in ("nothing", "no") for c in (t.head, *t.subtree))):
            return True
    return False


def _declines(node: Token, hit: Token, topic: Topic) -> bool:
    """'Peskov declined to comment on Trump's claim that Russia would accept…': who declines to
    comment relays nothing (rule relay)."""
    # not the words of another conjunct: "declined to name the date but confirmed Britain would send troops"
    drop, t = set(), hit
    while t.i != node.i and t.head.i != t.i:
        if t.dep_ == "conj":
            drop |= {x.i for c in t.head.children if c.i != t.i and c.i < t.i for x in c.subtree}
        t = t.head
    before = " ".join(t.lower_ for t in node.subtree if t.i < hit.i and t.i not in drop)
    return bool(phrase_hits(before, topic.cue_phrases.get("neutral", ())))


def _reports(seg: list[Token], node: Token) -> bool:
    """The holder reports the inner clause: the reporting verb is theirs, or has no subject of its own."""
    for t in seg:
        if _reporting_verb(t) and (t is node or not any(c.dep_ in SUBJ_DEPS for c in t.children)):
            return True
    return False


def _reporting_verb(t: Token) -> bool:
    """'said', and the two-word ones of the list: 'made (it) clear that Greece will not send troops'."""
    return t.lemma_.lower() in REPORTING or any(
        c.dep_ in ("acomp", "ccomp", "oprd", "advmod") and f"{t.lemma_.lower()} {c.lower_}" in REPORTING for c in t.children)


def _only_reporting(seg: list[Token], topic: Topic) -> bool:
    """True when the outer segment holds only reporting verbs and carriers ('said', 'told', 'stating')."""
    for t in seg:
        lemma = t.lemma_.lower()
        if lemma in REPORTING:
            continue
        for c in [t] + [c for c in t.children if c.dep_ in ("neg", "acomp", "prt", "dobj")]:
            if c.lemma_.lower() in topic.cues.get("support", ()) | topic.cues.get("oppose", ()) | topic.cues.get("rule_out", ()):
                if c.lemma_.lower() not in REPORTING:
                    return False
    return True


def _compose(inner: Reading, outer: Reading) -> Reading:
    """The outer holder's position on the inner statement: backing a refusal is a refusal."""
    if outer.position == OPPOSE and outer.strong:
        pos = SUPPORT if inner.position == OPPOSE else OPPOSE
        return Reading(pos, outer.cue, True, outer.rules)
    if outer.position == SUPPORT:
        return Reading(inner.position, f"{outer.cue} / {inner.cue}", inner.strong, outer.rules + inner.rules)
    return outer
