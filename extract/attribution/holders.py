"""Holders of a predicate: its subjects, agents, possessors and signatories, as Mentions."""
from __future__ import annotations

from spacy.tokens import Token

from ..deps import SUBJECTS as SUBJ_DEPS
from ..lexicon import phrase_list, word_list
from ..registry import declare, on
from ..schema import Actor, Mention

PROPOSER_NOUNS = word_list("proposer_nouns")
OPPONENT_NOUNS = word_list("opponent_nouns")
DOCUMENT_NOUNS = word_list("document_nouns")
ADOPTING_VERBS = word_list("adopting_verbs")
SPOKES_NOUNS = word_list("spokes_nouns")
# Subjects that speak for nobody in the actor table: "officials said", "diplomats say".
OPAQUE_SPEAKER_POS = frozenset({"NOUN", "PROPN"})
REPORTING = word_list("reporting_verbs")
RELATIVE = word_list("relative_pronouns")
GROUP_NOUNS = word_list("group_nouns")
LEADING = word_list("leading_verbs")
MEMBER_PREPS = word_list("member_prepositions")
LIST_MARKS = tuple(tuple(p.split()) for p in phrase_list("list_marks"))
declare("group_members", "attribution", "Countries such as Poland and Hungary said they cannot take part. (each member holds it)")


def mention_at(tok: Token, by_token: dict[int, Mention]) -> Mention | None:
    return by_token.get(tok.i)


def _subjects(node: Token, by_token) -> list[Mention]:
    """Subjects and passive agents of a predicate, conjuncts included ("Macron and Starmer said").
    A relative pronoun stands for the noun its clause hangs on ("Macron, who has championed the idea")."""
    out = []
    for c in node.children:
        if c.dep_ in SUBJ_DEPS or c.dep_ == "agent":
            targets = [c] if c.dep_ != "agent" else [g for g in c.children if g.dep_ == "pobj"]
            if c.lower_ in RELATIVE and node.dep_ == "relcl":
                targets = [node.head]
            for t in targets:
                # "Britain's defence secretary, John Healey, said": the name is an apposition;
                # "her office said", "Macron's spokesman said": the person speaks through them
                apps = [a for a in t.children if a.dep_ == "appos"]
                if t.lemma_.lower() in SPOKES_NOUNS:
                    apps += [p for p in t.children if p.dep_ == "poss" and p.i in by_token and by_token[p.i].actor.name]
                members = _members(t, by_token) if t.lemma_.lower() in GROUP_NOUNS and on("group_members") else []
                if not members and t.lemma_.lower() in GROUP_NOUNS and on("list_tail"):
                    members = tail_members(t, by_token)
                if not members and t.lemma_.lower() in GROUP_NOUNS and on("next_sentence_list"):
                    members = next_sentence_members(t, by_token)
                listed = _spelled_list(t, node, by_token) if on("spelled_list") else []
                for x in (members or [t]) + apps + [cc for cc in t.conjuncts] + _nmod_conjuncts(t) + listed:
                    m = mention_at(x, by_token)
                    if m and m not in out:
                        out.append(m)
        elif c.dep_ == "compound" and node.lemma_.lower() in PROPOSER_NOUNS and on("compound_owner"):
            # "a UK-France plan to deploy a force": the governments named before the noun own it
            for x in [c, *(g for g in c.children if g.dep_ == "compound")]:
                m = mention_at(x, by_token)
                if m and m.kind == "government" and m not in out:
                    out.append(m)
    if out and on("co_subject"):
        out += [m for m in _co_subjects(node, by_token) if m not in out]
    if not out and on("swallowed_subject") and not any(c.dep_ in SUBJ_DEPS for c in node.children):
        out = _swallowed_subjects(node, by_token)
    if not out and on("orphan_subject") and not any(c.dep_ in SUBJ_DEPS for c in node.children):
        out = _orphan_subject(node, by_token)
    return out


CO_SUBJECT = (("along", "with"), ("together", "with"), ("alongside",), ("jointly", "with"))


def _co_subjects(node: Token, by_token) -> list[Mention]:
    """'Belgium, along with Britain and France, aims to send troops': the ones set beside the subject,
    between it and its verb or before both ('Together with Latvia, Estonia is ready to send troops'),
    share the predicate (not 'aims to send troops along with Britain')."""
    subject = next((c for c in node.children if c.dep_ in SUBJ_DEPS), None)
    if subject is None:
        return []
    out = []
    # between the subject and its verb, or fronted before both ("Together with Latvia, Estonia is ready")
    for tok in node.doc[min(subject.i + 1, node.left_edge.i):node.i]:
        words = tuple(t.lower_ for t in node.doc[tok.i:tok.i + 2])
        mark = next((m for m in CO_SUBJECT if words[:len(m)] == m), None)
        if mark is None:
            continue
        span = list(node.doc[tok.i:tok.i + len(mark)])
        # the phrase hangs on the subject or its verb, not on a participle or relative clause between
        # them ("Spain, which fought alongside Britain", "Macron, speaking alongside Starmer")
        if any(t.head not in (node, subject, *span) for t in span):
            continue
        prep = node.doc[tok.i + len(mark) - 1]
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if any(c.dep_ == "relcl" for x in (obj, *obj.conjuncts) for c in x.children):
                continue   # "Together with the US, which has refused to commit troops, …": its own predicate
            out += [m for x in (obj, *obj.conjuncts) if (m := mention_at(x, by_token)) and m not in out]
    return out


declare("co_subject", "attribution", "Belgium, along with Britain and France, aims to send troops to Ukraine. "
        "(the three share the predicate)")


# Dependency labels the small model gives a name it could not place ("President Radev, amid talks of a
# force, spoke out against it": Radev comes out as a 'prep' of the comma).
ORPHAN_DEPS = frozenset({"prep", "dep", "npadvmod", "nmod", "punct", "meta"})


def _orphan_subject(verb: Token, by_token) -> list[Mention]:
    """A finite verb with no subject takes the one holder named before it that the parse left with no
    role: the name has an odd label (ORPHAN_DEPS) and only punctuation lies between it and the verb in
    the tree, so it is no object, possessor or prepositional object of anything else."""
    if verb.pos_ not in ("VERB", "AUX") or not (verb.tag_ in ("VBD", "VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") for c in verb.children)):
        return []
    found = []
    for t in verb.doc[verb.sent.start:verb.i]:
        m = by_token.get(t.i)
        if m is None or t.dep_ not in ORPHAN_DEPS:
            continue
        chain, up = [], t.head
        while up.i != verb.i and up.i != up.head.i:
            chain.append(up)
            up = up.head
        if up.i == verb.i and all(c.pos_ == "PUNCT" for c in chain) and m not in found:
            found.append(m)
    return found if len(found) == 1 else []


declare("orphan_subject", "attribution", "Earlier, President Radev, amid talk of a force, spoke out against "
        "sending soldiers. (the parse gives Radev no role and the verb no subject: he is its subject)")


def _swallowed_subjects(verb: Token, by_token) -> list[Mention]:
    """'After the meeting in Paris, Germany and Italy ruled out sending troops': the small model hangs
    the list on the opening phrase's noun (Paris, conj Germany, conj Italy) and leaves the verb with no
    subject. The names that follow the phrase's noun after a comma, up to the verb's auxiliaries, are
    the subjects; the phrase's own noun (where, when) is not."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].dep_ in VERB_PARTS and doc[i].head.i == verb.i:
        i -= 1
    last = doc[i] if i >= 0 else None
    if last is None or last.dep_ != "conj" or last.i not in by_token:
        return []
    root = last
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    # the chain's first word is the opening phrase's noun, inside a phrase that hangs on this verb
    if root.i >= last.i or root.i + 1 >= len(doc) or doc[root.i + 1].lower_ != "," or verb not in root.ancestors:
        return []
    opener = next((a for a in root.ancestors if a.head.i == verb.i), None)
    if opener is None or opener.dep_ not in ("prep", "advcl", "npadvmod", "advmod"):
        return []
    listed = [c for c in root.conjuncts if c.i > root.i]
    # one 'and' / 'or', just before the last name: "Unlike Germany, Italy, and Spain, Sweden and Finland
    # have offered troops" chains two lists, and which names hold it cannot be told
    joins = [t for t in doc[root.i:last.i] if t.dep_ == "cc"]
    if len(joins) != 1 or joins[0].i != last.i - 1:
        return []
    out = []
    for c in listed:
        m = by_token.get(c.i)
        if m is None:
            return []   # "In Paris, talks and Macron …": every listed one must be a holder
        if m not in out:
            out.append(m)
    return out if len({m.kind == "government" for m in out}) == 1 else []


declare("swallowed_subject", "attribution", "After the meeting in Paris, Germany and Italy ruled out sending "
        "soldiers to Ukraine. (the model hangs the list on Paris; both hold it)")


def _nmod_conjuncts(t: Token) -> list[Token]:
    """'Prime Minister Keir Starmer and President Emmanuel Macron, who are pushing…': the small model
    often hangs the first name on the second as a modifier that carries the 'and'; it is a conjunct."""
    if not on("nmod_conjunct"):
        return []
    return [x for x in t.children if x.dep_ in ("nmod", "compound") and x.i < t.i
            and any(c.dep_ == "cc" and c.lower_ in ("and", "&") for c in x.children)]


declare("nmod_conjunct", "attribution", "UK Prime Minister Keir Starmer and French President Emmanuel Macron, "
        "who back a force for Ukraine, met. (both hold it; the model hangs Starmer on Macron)")
declare("compound_owner", "attribution", "Pevkur dismissed a UK-France plan to deploy troops. (the UK and France own the plan)")


VERB_PARTS = frozenset({"aux", "auxpass", "neg", "advmod"})


def _spelled_list(subject: Token, verb: Token, by_token) -> list[Token]:
    """The mentions of a comma list that runs from the subject up to its verb, whatever the parser
    hung them on ("Croatia, Romania, Greece and the Czech Republic refused…" with Romania parsed as
    a modifier of Croatia): every listed one is a subject too."""
    m = by_token.get(subject.i)
    if m is None or verb.i <= subject.i:
        return []
    out = _listed_before(m, subject.doc, by_token)
    i = m.end
    while i < verb.i:
        tok = subject.doc[i]
        other = by_token.get(i)
        if other is not None and other.start == i:
            if (other.kind == "government") != (m.kind == "government"):
                return []
            out.append(subject.doc[other.head if other.head >= 0 else other.start])
            i = other.end
        elif tok.lower_ in (",", "and", "the"):
            i += 1
        elif all(t.dep_ in VERB_PARTS for t in subject.doc[i:verb.i]):
            break   # "the British, the French and the Germans will deploy": the verb's auxiliaries end the list
        else:
            return []
    return out


def _listed_before(m: Mention, doc, by_token) -> list[Token]:
    """'…, France, Great Britain, and Ukraine signed': the mentions listed before the subject, when
    an 'and' joins the last of them to it (without the 'and', 'In talks with Macron, Starmer said')."""
    i = m.start - 1
    if i < 0 or doc[i].lower_ != "and" and not (doc[i].lower_ == "," and i > 0 and doc[i - 1].lower_ == "and"):
        return []
    starts = {x.end - 1: x for x in by_token.values()}
    out = []
    while i >= 0:
        other = starts.get(i)
        if other is not None:
            head = doc[other.head if other.head >= 0 else other.start]
            if (other.kind == "government") != (m.kind == "government") or head.dep_ == "pobj":
                break   # "after the talks in Paris, Germany and Norway signed": Paris is where, not who
            out.append(head)
            i = other.start - 1
        elif doc[i].lower_ in (",", "and", "the"):
            i -= 1
        else:
            break
    return out[::-1]


declare("spelled_list", "attribution",
        "Croatia, Romania, Greece and the Czech Republic refused to send troops. (each one listed, however parsed)")


def _members(group: Token, by_token) -> list[Token]:
    """The governments a group noun lists: "countries such as Poland and Hungary", "the leaders of
    the UK, France and Germany", "several allies, including Austria, Greece and Portugal". Each one
    listed holds what the group does (ANNOTATION: lists and groups)."""
    out: list[Token] = []
    for child in group.children:
        if child.dep_ == "prep" and child.lower_ in MEMBER_PREPS:
            objects = [o for o in child.children if o.dep_ == "pobj"]
        elif child.dep_ == "acl" and child.lemma_.lower() in LEADING and on("group_leaders"):
            # "two dozen countries, led by France and Britain, pledged troops": the leaders pledge too
            objects = [o for a in child.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        else:
            continue
        out += [x for obj in objects for x in [obj, *obj.conjuncts] if x.i in by_token]
    return list(dict.fromkeys(out))


declare("group_leaders", "attribution",
        "Two dozen countries, led by France and Britain, pledged troops for Ukraine; eastern members led by "
        "Estonia support the 5% target. (the leaders of a group hold what it does)")
declare("list_tail", "attribution",
        "A number of allies declined to send soldiers, among them Austria, Greece and Portugal. (each listed one)")


def tail_members(noun: Token, by_token) -> list[Token]:
    """The mentions of a list that a marker opens after `noun`, to the end of its clause: "allies have
    declined to send soldiers, among them Austria, Greece and Portugal", "has backers, above all X".
    The parser hangs such a tail anywhere; the words' order is what says whose list it is."""
    sent = noun.sent
    words = [t.lower_ for t in sent]
    base = sent.start
    for i in range(noun.i - base + 1, len(words)):
        mark = next((m for m in LIST_MARKS if tuple(words[i:i + len(m)]) == m), None)
        if mark is None:
            continue
        out: list[Token] = []
        for tok in sent[i + len(mark):]:
            if tok.pos_ in ("VERB", "AUX") or tok.lower_ in (";", ":", "who", "which", "that") \
                    or tok.i == base + i + len(mark) and tok.pos_ == "ADP":
                break   # "including to cities such as Kyiv": where the verb goes, no member
            m = by_token.get(tok.i)
            if m is not None and tok.i == m.head and tok not in out:
                out.append(tok)
        return out
    return []


declare("next_sentence_list", "attribution",
        "Several allies have refused to send soldiers to Ukraine. These include Greece and Portugal. (each one the "
        "next sentence lists holds what the group does)")
POINTING_BACK = word_list("pointing_back_words")


def next_sentence_members(noun: Token, by_token) -> list[Token]:
    """The governments that the next sentence lists for a group noun with no members of its own:
    "Four governments are ready to send troops. These include Sweden and Finland.", "… Among them are
    Hungary and Slovakia." The listing sentence is "THESE/THEY/THOSE include …" with nothing else in the
    subject ("those willing to go include…" is another group), or opens "Among them" or "Among the
    countries (named)" ("among the countries that met in Paris" is another group);
    the listed ones are what the verb lists (not "in Paris"), and all of them are governments (a person
    there would be a statement of its own)."""
    doc, end = noun.doc, noun.sent.end
    if end >= len(doc):
        return []
    nxt = doc[end].sent
    root = nxt.root
    among = nxt[0].lower_ == "among" and len(nxt) > 2 and (
        nxt[1].lower_ in POINTING_BACK or nxt[1].lower_ == "the" and nxt[2].lemma_.lower() in GROUP_NOUNS and all(
            c.dep_ == "det" or c.lemma_.lower() in ("name", "mention", "list", "cite") for c in nxt[2].children))
    if among and root.lemma_.lower() == "be":
        listed = [c for c in root.children if c.dep_ in ("nsubj", "attr") and c.i > root.i]
    elif root.lemma_.lower() in ("include", "comprise") and any(
            c.dep_ == "nsubj" and c.lower_ in POINTING_BACK and not list(c.children) for c in root.children):
        listed = [c for c in root.children if c.dep_ == "dobj"]
    else:
        return []
    heads = [t for c in listed for x in (c, *c.conjuncts) for t in x.subtree
             if t.i in by_token and by_token[t.i].head == t.i and t.head.dep_ != "prep"]
    heads = list(dict.fromkeys(heads))
    if not heads or any(by_token[t.i].kind != "government" for t in heads):
        return []
    return heads


def _possessors(node: Token, by_token) -> list[Mention]:
    out = []
    for c in node.children:
        if c.dep_ == "poss":
            m = mention_at(c, by_token)
            if m:
                out.append(m)
        elif c.dep_ == "prep" and c.lower_ in ("by", "from", "of") and node.lemma_.lower() in PROPOSER_NOUNS | OPPONENT_NOUNS:
            for g in c.children:   # "the proposal by Britain and France": each conjunct proposes
                for x in ([g, *g.conjuncts] if g.dep_ == "pobj" else []):
                    m = mention_at(x, by_token)
                    if m and m not in out:
                        out.append(m)
    return out


def _participles(noun: Token):
    """Verbs hanging off a noun that may carry an agent: 'the idea, proposed by Macron and supported by Starmer'."""
    for c in noun.children:
        if c.dep_ in ("acl", "relcl"):
            yield c
            for cj in c.conjuncts:
                yield cj


def _signatories(verb: Token, by_token) -> list[Mention]:
    """'The declaration signed by Macron and Starmer commits both countries to deploying forces':
    the signatories of a document hold what the document says."""
    out = []
    for subj in verb.children:
        if subj.dep_ == "nsubj" and subj.lemma_.lower() in DOCUMENT_NOUNS and subj.i not in by_token:
            # "the declaration signed by…", "the declaration of intent signed by…"
            nouns = [subj] + [g for c in subj.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            for acl in (c for n in nouns for c in n.children if c.dep_ == "acl"):
                # "the proposal, expected to be tabled by Rutte": the agent of the verb the participle raises
                # only a verb that makes the document its holder's ("tabled", "signed"), not "expected to be
                # rejected by Hungary" or "not expected to be endorsed by Spain"
                raised = [x for x in acl.children if x.dep_ == "xcomp" and x.tag_ == "VBN"
                          and x.lemma_.lower() in ADOPTING_VERBS
                          and not any(c.dep_ == "neg" for v in (acl, x) for c in v.children)] if on("raised_agent") else []
                out += [m for v in (acl, *raised) for m in _subjects(v, by_token) if m not in out]
    return out


declare("raised_agent", "attribution", "The 5% proposal, expected to be tabled by Secretary General Rutte, "
        "includes 3.5% for core defence. (Rutte tables it: support)")


def _with_country(m: Mention, country: str) -> Mention:
    """Someone not in the actor table who speaks for a country ("Farage said Britain…") is of it."""
    if m.actor.country or m.actor.known:
        return m
    actor = Actor(m.actor.name, country, m.actor.role, m.actor.gender, known=False)
    return Mention(m.start, m.end, actor, m.kind, m.text, m.head)


def _opaque_speaker(node: Token, by_token) -> bool:
    return node.lemma_.lower() in REPORTING and any(
        c.dep_ == "nsubj" and c.pos_ in OPAQUE_SPEAKER_POS and c.i not in by_token for c in node.children)
