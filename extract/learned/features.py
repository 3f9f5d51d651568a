"""A holder's features: what the sentences that name it on the topic say, as named strings.

Pure functions over spaCy tokens. The words are lemmas, not names (a name is a fact about one
article; "refuse", "only", "never" carry over to the next), plus where the holder stands in its
sentence and which country it is (a government's known line is a real prior on a question)."""
from __future__ import annotations

from ..lexicon import word_list

KEEP_STOP = frozenset({"not", "no", "never", "nor", "only", "if", "unless", "without", "would", "could",
                       "should", "must", "may", "might", "will", "can", "cannot", "against", "any",
                       "all", "first", "after", "before", "until", "once", "also", "even"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
REPORTING = word_list("reporting_verbs")


def governor(tok):
    """The verb a token hangs from (itself if it is one)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:   # a Token is made anew on each access: no `is`
        tok = tok.head
    return tok


def sentence_words(sent) -> set[str]:
    """Lemmas of the sentence's content words and kept function words; 'neg:' marks a negated verb."""
    out = set()
    for t in sent:
        if not t.is_alpha or t.pos_ == "PROPN" or (t.is_stop and t.lower_ not in KEEP_STOP):
            continue
        out.add("w=" + t.lemma_.lower())
        if any(c.dep_ == "neg" for c in t.children):
            out.add("neg=" + t.lemma_.lower())
    return out


def head_token(mention, doc):
    """The token a mention hangs by (its last token when the parse gave none)."""
    return doc[mention.head] if 0 <= mention.head < len(doc) else doc[mention.end - 1]


def is_speaker(mention, sent) -> bool:
    """The mention is the subject of a reporting verb ("Zelensky said …")."""
    head = head_token(mention, sent.doc)
    return head.dep_ in SUBJECT_DEPS and governor(head).lemma_.lower() in REPORTING


def mention_features(mention, sent, others_stated: bool = False) -> set[str]:
    """Where one mention stands: its kind, its dependency, the verb it hangs from, and whether its
    sentence gave someone else a statement (then a speaker here mostly relays it)."""
    head = head_token(mention, sent.doc)
    verb = governor(head)
    out = {"kind=" + mention.kind, "dep=" + head.dep_, "gov=" + verb.lemma_.lower()}
    if head.dep_ in SUBJECT_DEPS:
        out.add("subject")
    if is_speaker(mention, sent):
        out.add("speaker")
        if others_stated:
            out.add("relays")
    if others_stated:
        out.add("others_stated")
    if any(c in sent.text for c in "\"“”"):
        out.add("quoted")
    return out


def holder_features(country: str, person: bool, places) -> dict[str, float]:
    """One holder's features from the places that name it on the topic (`attribution.window.Unlinked`:
    its mention, sentence, and whether that sentence gave someone else's statement)."""
    feats = {"holder=person" if person else "holder=government", "country=" + country}
    sents = {}
    for place in places:
        feats |= mention_features(place.mention, place.sent, place.others_stated)
        sents[place.sent.start] = place.sent
    for sent in sents.values():
        feats |= sentence_words(sent)
    feats.add(f"sentences={min(len(sents), 3)}")
    return dict.fromkeys(sorted(feats), 1.0)
