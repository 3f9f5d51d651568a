"""Mentions: the spans of a Doc that name a holder, each linked to the actor table.

Names and aliases, honorifics ("Mr Farage"), lone surnames, titles on a date ("the German
chancellor"), places and governments ("Berlin", "the Kremlin") and pronouns. (A little over 300
lines: each kind of mention is one small `_add_*` pass over the same Doc, read in order.)
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..lexicon import word_list
from ..registry import declare, on
from ..schema import Actor, Mention
from ..text.quotes import QuoteSpans, in_quote, quote_spans
from .groups import group_mentions
from .table import FEMALE_GIVEN, HONORIFICS, ActorTable, fold, mend_split_hyphen, strip_honorifics, surname_holder

PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
# Words that make a title mention refer to someone other than the sitting office holder.
NOT_SITTING = word_list("not_sitting")
GOVERNMENT_NOUNS = word_list("government_nouns")
REPORTING = word_list("reporting_verbs")
DEONTIC_AUX = frozenset({"should", "must", "ought"})   # a demand on a country, not its own word
PROPOSER_NOUNS = word_list("proposer_nouns")


def _country_near(tokens: list[Token], table: ActorTable) -> str:
    """The country named by a demonym or a possessive inside a title phrase ("Poland's", "German")."""
    for i, tok in enumerate(tokens):
        for n in (3, 2, 1):  # multiword names first: "United Kingdom", "Czech Republic"
            chunk = tokens[i:i + n]
            if len(chunk) < n:
                continue
            text = " ".join(t.text for t in chunk)
            text = re.sub(r"\s*['’]s$", "", text)
            hit = table.places.get(text)
            if hit and hit[1] in ("demonym", "name", "metonym"):   # "White House press secretary"
                return hit[0]
            if fold(text) in table.demonyms and chunk[0].text[:1].isupper():
                return table.demonyms[fold(text)]
    return ""


PRESS_NOUNS = word_list("press_nouns")
QUESTION_AUX = frozenset({"will", "would", "can", "could", "should", "shall", "may", "might", "must", "does", "do", "is", "are"})
declare("press_name", "actors", "Bloomberg columnist Marc Champion warned… (the press, not a holder; nor 'Will Germany' in a question)")


def _press(doc: Doc, ent: Span) -> bool:
    """A name the words just before it call a newspaper or a writer, or with a photo credit's slash."""
    before = [t.lower_ for t in doc[max(ent.sent.start, ent.start - 3):ent.start]]
    return any(w in PRESS_NOUNS for w in before) or "/" in ent.text


EXPERT_WORDS = word_list("expert_words")
declare("outside_expert", "actors", "Professor Anna Berg of the Nordic Defence Institute said a force would deter "
        "Moscow. (a commentator outside the table holds no position)")


def _outside_expert(doc: Doc, ent: Span) -> bool:
    """An unknown name described as an academic or analyst: by the words just before it ("Professor",
    "defence analyst"), by an institution right after it ("… of the Nordic Defence Institute") or by a
    description set off after it ("Anna Berg, a defence researcher in Oslo, said")."""
    before = [t.lower_.rstrip(".") for t in doc[max(ent.sent.start, ent.start - 3):ent.start]]
    after = [t.lower_ for t in doc[ent.end:min(ent.sent.end, ent.end + 7)]]
    if after[:1] == [","]:
        after = after[1:]
        if after[:1] in (["a"], ["an"], ["the"]):   # the description up to its closing comma
            after = after[:after.index(",")] if "," in after else after
            return any(w in EXPERT_WORDS for w in after)
    tail = after[:1] in (["from"], ["of"], ["at"]) and any(w in EXPERT_WORDS for w in after[1:])
    return any(w in EXPERT_WORDS for w in before) or tail


def _title_words(doc: Doc, start: int) -> list[Token]:
    """The title-like words right before a name: adjectives, nouns, names, possessives."""
    lo = start
    while lo > doc[start].sent.start and start - lo < 8 and (
            doc[lo - 1].pos_ in ("ADJ", "NOUN", "PROPN") or doc[lo - 1].text in ("'s", "’s", ".")):
        lo -= 1
    return list(doc[lo:start])


def _title_before(doc: Doc, start: int, table: ActorTable) -> tuple[str, str]:
    """Role and country from the words before a name ("Sweden's Foreign Minister", "former British Army chief")."""
    window = _title_words(doc, start)
    roles = _title_roles(window, table)
    return (roles[0] if roles else ""), _country_near(window, table)


def _title_roles(window: list[Token], table: ActorTable) -> list[str]:
    """Every role the first title in the words can mean ("Defence Secretary": the Defence Minister,
    Defence Secretary and Defense Secretary posts of the roles table), the table's first first."""
    for a in range(len(window)):
        for b in range(len(window), a, -1):
            hit = table.titles.get(fold(" ".join(t.text for t in window[a:b])))
            if hit:
                return [r for r, _ in hit]
    return []


declare("digit_name", "actors", "Speaking on the radio programme P1 Morgon, Foreign Minister Maria Malmer Stenergard "
        "said … (no person's name has a digit: the programme is nobody)")
HEADLINE_VERBS = word_list("headline_verbs") | REPORTING
declare("headline_verb_name", "actors", "Zelenskyy Calls for 200,000 Troops in Ukraine (the name is Zelenskyy; "
        "'Calls' is the headline's verb)")


def _headline_cut(doc: Doc, start: int, end: int) -> int:
    """Where a name ends in a Title Case line: before the first word after its first that is a verb
    of the headline ("Zelenskyy Calls", "Polyanskiy Warns Against Western Troops")."""
    if not on("headline_verb_name") or end - start < 2:
        return end
    words = [t for t in doc[start].sent if t.is_alpha and len(t) > 3]
    if sum(t.text[:1].isupper() for t in words) < 0.6 * len(words):
        return end   # not a Title Case line
    for t in doc[start + 1:end]:
        low = t.lower_
        if t.text[:1].isupper() and (low in HEADLINE_VERBS or low.endswith("s") and low[:-1] in HEADLINE_VERBS):
            return t.i
    return end


def find_mentions(doc: Doc, table: ActorTable, date: str, prior: tuple[Actor, ...] = ()) -> list[Mention]:
    """Every mention of a person or government in the Doc, in order, resolved where possible.

    `prior`: known people named in text before the Doc (an article read from a window, see
    `gate.statement_windows`), in order; surnames, pronouns and bare titles may point back to them."""
    mentions: list[Mention] = []
    seen_people: list[str] = list(dict.fromkeys(a.name for a in prior))   # canonical names, first mention first
    taken = set()

    def add(m: Mention):
        mentions.append(m)
        taken.update(range(m.start, m.end))
        if m.actor.name and m.actor.name not in seen_people:
            seen_people.append(m.actor.name)

    for ent in doc.ents:
        if ent.label_ != "PERSON" and not _appositive_name(ent, table):
            continue
        start = ent.start
        while start < ent.end and not doc[start].text[:1].isalpha():
            start += 1   # "16:50 - Macron is speaking": a live blog's time stamp is not part of the name
        if start == ent.end:
            continue
        ent = doc[start:_headline_cut(doc, start, ent.end)]
        text = strip_honorifics(re.sub(r"\s*['’]s$", "", ent.text))
        text = mend_split_hyphen(text)
        if _only_ranks(text):
            continue   # "Lieutenant General (retd) Richard Harlow": the rank alone names nobody
        if any(ch.isdigit() for ch in text) and on("digit_name"):
            continue   # "the radio programme P1 Morgon", "G7": no person's name has a digit
        while len(text.split()) > 2 and (fold(text.split()[0]) in table.titles or fold(text.split()[0]) in DESCRIBING_NOUNS):
            text = text.split(None, 1)[1]   # "Chairperson Özgür Özel": the model took the title in
        if not text:
            continue
        key = fold(text)
        head = ent.root.i
        if key in table.aliases:
            name = table.aliases[key]
            add(Mention(ent.start, ent.end, table.person(name, date), "name", ent.text, head))
            continue
        known = surname_holder(table, text, date, seen_people) if len(text.split()) == 1 else None
        if known:
            add(Mention(ent.start, ent.end, table.person(known, date), "surname", ent.text, head))
            continue
        if len(text.split()) == 1:
            # A surname of someone named in full earlier but not in the table.
            prev = _named_before(mentions, text)
            if prev is not None:
                add(Mention(ent.start, ent.end, prev, "surname", ent.text, head))
            elif text != ent.text.strip():
                # "Lord Ricketts", "General Hillier": an honorific or rank makes a lone surname a person
                role, country = _title_before(doc, ent.start, table)
                add(Mention(ent.start, ent.end, Actor(text, country, role or _free_title(doc, ent.start, table),
                                                      _gender_of(doc, ent.start, text), known=False),
                            "unknown", ent.text, head))
            continue
        near = near_alias(table, key) if on("fuzzy_name") else None
        if near:   # "Emanuel Macron", "Olof Sholz", "Volodimir Zelensky": the table's person, not a second one
            add(Mention(ent.start, ent.end, table.person(near, date), "fuzzy", ent.text, head))
            continue
        window = _title_words(doc, ent.start)   # read once: its roles serve titled_surname too
        posts = _title_roles(window, table)
        role, country = (posts[0] if posts else ""), _country_near(window, table)
        titled = titled_surname(table, key, posts, country, date) if on("titled_surname") and posts else None
        if titled:   # "Defence Secretary Grant Healey": the post and the surname are the table's John Healey
            add(Mention(ent.start, ent.end, table.person(titled, date), "fuzzy", ent.text, head))
            continue
        role_text = _free_title(doc, ent.start, table)
        if on("press_name") and (_press(doc, ent) or ent.start == ent.sent.start and doc[ent.start].lower_ in QUESTION_AUX):
            continue   # "the Spanish daily El País", "Bloomberg columnist Marc Champion"; "Will Germany really…?"
        if on("outside_expert") and not posts and _outside_expert(doc, ent):
            continue   # "Professor Anna Berg of the Nordic Defence Institute": a commentator, not a holder
        add(Mention(ent.start, ent.end, Actor(text, country, role or role_text, _gender_of(doc, ent.start, text),
                                              known=False), "unknown", ent.text, head))

    _add_honorific_names(doc, table, date, mentions, taken, add)
    _add_surnames(doc, table, date, seen_people, taken, add, mentions)
    _add_titles(doc, table, date, mentions, taken, add, prior)
    for m in group_mentions(doc, taken):   # "the Baltic states": its members hold it (rule group_name)
        add(m)
    _add_places(doc, table, mentions, taken, add)
    _add_pronouns(doc, mentions, add, prior, table)
    mentions.sort(key=lambda m: m.start)
    return mentions


declare("title_named_before", "actors", "Prime Minister Fico spoke. … the Slovak leader said (Fico, not the president)")
declare("title_unqualified", "actors", "Prime Minister Albanese … British Prime Minister Starmer … the prime minister said (Albanese)")
declare("title_one_candidate", "actors", "Italian Foreign Minister Antonio Tajani spoke. … “Italy will not send "
        "soldiers,” said the foreign minister. (the one person named with such a post)")
declare("subject_phrase_name", "actors", "Russia's ambassador to the UK Andrei Kelin told the BBC he rejected the "
        "idea. (he: Kelin, though the parse hangs him on 'to')")
declare("title_appositive", "actors", "The envoy of Russia to the UN, Ivan Orlov, said Moscow would not accept "
        "foreign troops. (Orlov, not the table's envoy)")
declare("regional_title", "actors", "Bavarian premier Markus Söder said … (not the country's prime minister)")
declare("bound_pronoun", "actors", "Schoof spoke, but Wilders surprised them by saying he would not send troops. (he: Wilders)")
declare("described_subject", "actors", "Sánchez wrote to Rutte. … the socialist Spanish leader stressed that he would "
        "not block it. (he: the Spanish leader, so Sánchez, not Rutte)")
declare("fuzzy_name", "actors", "Emanuel Macron said France was ready to send troops. (the table's Emmanuel Macron)")


declare("titled_surname", "actors", "Defence Secretary Grant Healey said British troops were ready. (the table's "
        "John Healey: the post he holds on the date and his surname, whatever the given name)")


def titled_surname(table: ActorTable, key: str, roles: list[str], country: str, date: str) -> str | None:
    """The one person in the table with this surname who holds the title before the name on the
    date (in the title's country, when it names one): a given name mistyped or mistranslated past
    `near_alias`'s reach still names the office holder the title names."""
    surname, posts = key.split()[-1], set(roles)
    if len(key.split()) < 2 or len(surname) < 4:
        return None
    found = set()
    for alias, name in table.aliases_by_initial.get(surname[0], ()):
        if alias.split()[-1] != surname or len(alias.split()) < 2:
            continue
        held = [r for r in table.roles_of(name, date) if r.active(date)]
        if any(r.role in posts and (not country or r.country == country) for r in held):
            found.add(name)
    return found.pop() if len(found) == 1 else None


def near_alias(table: ActorTable, key: str) -> str | None:
    """The one person in the table a misspelt full name stands for: the surname and the given name
    each close in spelling (difflib ratio >= 0.8; an initial matches its name), only one candidate."""
    import difflib
    words = key.split()
    if len(words) < 2 or len(words[-1]) < 4:
        return None
    given, surname = _sound(words[0]), _sound(words[-1])
    found = set()
    for alias, name in table.aliases_by_initial.get(words[-1][0], ()):
        a = [_sound(w) for w in alias.split()]
        if len(a) < 2:
            continue
        close = difflib.SequenceMatcher(None, a[-1], surname).ratio()
        if close < 0.8:
            continue
        # "Olof" for Olaf, "Volodimir" for Volodymyr: a given name of the same first letter may differ
        # more; with the surname spelt right, any given name of that letter ("George Meloni" from a
        # translated page) is the table's person
        same_first = a[0][0] == given[0]
        if (len(given.rstrip(".")) == 1 and same_first) or (same_first and close >= 0.95) or \
                difflib.SequenceMatcher(None, a[0], given).ratio() >= (0.7 if same_first else 0.8):
            found.add(name)
    return found.pop() if len(found) == 1 else None


def _sound(word: str) -> str:
    """A folded name spelt by sound, so transliterations meet: "Vladislav Kosinyak-Kamysh" and
    "Wladyslaw Kosiniak-Kamysz" both read "vladislav kosiniak-kamish"."""
    for a, b in (("sz", "sh"), ("w", "v"), ("y", "i"), ("j", "i"), ("ph", "f"), ("ck", "k")):
        word = word.replace(a, b)
    return word


def _only_ranks(name: str) -> bool:
    return all(fold(w).rstrip(".") in HONORIFICS or fold(w) in DESCRIBING_NOUNS for w in name.split())


def _add_honorific_names(doc, table, date, mentions, taken, add):
    """'Lord Ricketts', 'General Pierre de Villiers' when the model found no person there: capitalised
    words after an honorific or a rank."""
    for tok in doc:
        if tok.i in taken or tok.text.rstrip(".").lower() not in HONORIFICS or not tok.text[:1].isupper():
            continue
        end = tok.i + 1
        while end < len(doc) and end not in taken and (doc[end].text[:1].isupper() or doc[end].lower_ in ("de", "von", "van", "der")) \
                and doc[end].pos_ in ("PROPN", "ADP") and doc[end].ent_type_ not in ("GPE", "NORP", "DATE"):
            end += 1
        if end == tok.i + 1 or doc[end - 1].pos_ != "PROPN":
            continue
        name = doc[tok.i + 1:end].text
        if fold(name) in table.aliases or _only_ranks(name):
            continue   # a known person the ruler would have caught; or "Lieutenant General" with no name
        prev = [m.actor for m in mentions if m.actor.name.split()[-1:] == name.split()[-1:]]
        if not prev and " " not in name and tok.lower_ in ("sir", "dame"):
            # "Sir Keir", "Dame Kaja": British usage puts the honorific before the given name
            prev = [m.actor for m in mentions if m.actor.known and m.actor.name.split()[:1] == [name]]
        if not prev and " " not in name and (known := surname_holder(table, name, date)):
            prev = [table.person(known, date)]   # "Mr Farage": a surname the table knows
        actor = prev[-1] if prev else Actor(name, _title_before(doc, tok.i, table)[1],
                                            _free_title(doc, tok.i, table), _gender_of(doc, tok.i + 1, name), known=False)
        add(Mention(tok.i + 1, end, actor, "surname" if prev else "unknown", name, end - 1))


def _named_before(mentions, surname: str, before: int | None = None) -> Actor | None:
    """The person outside the table last named with this surname before token `before` (as first
    named: the mention with the title that gave the country)."""
    full = [m.actor.name for m in mentions if m.kind == "unknown" and m.actor.name.split()[-1] == surname
            and (before is None or m.end <= before)]
    return next(m.actor for m in mentions if m.actor.name == full[-1]) if full else None


def _add_surnames(doc, table, date, seen_people, taken, add, mentions=()):
    """Surnames the model did not tag as people ("Orpo said…" at a sentence start): a known
    surname of someone already named in full in this article."""
    for tok in doc:
        # the small model tags a capitalised surname at a sentence start as a common noun as well
        # ("Starmer said…": NOUN, ORG); only a surname the table knows is read
        if tok.i in taken or tok.pos_ not in ("PROPN", "NOUN") or not tok.text[:1].isupper() \
                or tok.pos_ == "NOUN" and (not on("noun_surname") or tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":"
                                           or tok.dep_ == "compound"):   # "Farage voters": his voters
            continue   # (not an interview's speaker label, "Stubb: …", which speaker_label reads)
        bearers = table.surnames.get(fold(tok.text), ())
        names = [n for n in seen_people if n in bearers]
        if names:
            add(Mention(tok.i, tok.i + 1, table.person(names[-1], date), "surname", tok.text, tok.i))
            continue
        # "Sören Pellmann … Pellmann said", the second time tagged as an organisation: someone
        # named in full earlier in this text, though not in the table
        earlier = _named_before(mentions, tok.text, tok.i)
        if earlier is not None and tok.ent_type_ in ("", "ORG", "NORP", "GPE", "PERSON"):
            add(Mention(tok.i, tok.i + 1, earlier, "surname", tok.text, tok.i))
            continue
        # "… ,” Ryabkov said." on a page that never gives his first name, the surname tagged as an
        # organisation: the subject of a reporting verb whose surname one office holder on the date has,
        # when the text names no one else with it ("Professor Henrik Martin … Martin said")
        if bearers and on("reporting_surname") and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORTING \
                and tok.ent_type_ in ("", "ORG", "NORP", "PERSON") and tok.text not in table.places \
                and not any(e.label_ == "PERSON" and len(e) > 1 and e[-1].text == tok.text
                            and fold(e.text) not in table.aliases for e in doc.ents):
            # on a dated article only a sitting holder: "Johnson said" in 2025 is no Boris Johnson
            if known := surname_holder(table, tok.text, date, sitting_only=True):
                add(Mention(tok.i, tok.i + 1, table.person(known, date), "surname", tok.text, tok.i))


declare("noun_surname", "actors", "Starmer said Britain would send troops to Ukraine. (the model tags the "
        "capitalised surname as a common noun; the table knows it)")
DESCRIBING_NOUNS = word_list("describing_nouns")
# the last word of a body's name, not a person's: "Royal Navy", "Defence Committee", "United Nations"
BODY_WORDS = GOVERNMENT_NOUNS | word_list("institution_nouns") | word_list("body_words")
declare("reporting_surname", "actors", "“Western contingents have no place there,” Grushko said. (a lone surname, tagged "
        "as an organisation, that one office holder on the date has, as the subject of a reporting verb)")


declare("post_before_name", "actors", "Russia's ambassador Ivan Orlov said Moscow would never accept foreign troops. "
        "(the model tags the name as an organisation; the post's noun before it makes it a person)")


def _appositive_name(ent: Span, table: ActorTable) -> bool:
    """A name the small model mislabels ("The Conservative leader, Kemi Badenoch," as GPE): two or
    three capitalised words set beside a describing noun, and not a place we know."""
    words = ent.text.split()
    if ent.label_ not in ("GPE", "ORG", "NORP", "LOC") or not 2 <= len(words) <= 3 or ent.text in table.places:
        return False
    if not all(w[:1].isupper() for w in words):
        return False
    if fold(words[-1]) in BODY_WORDS or ent.end < len(ent.doc) and ent.doc[ent.end].pos_ == "NOUN":
        return False   # "the spokesman Royal Navy", "the ambassador United Nations diplomats quoted": a body
    root = ent.root
    beside = [root.head] if root.dep_ == "appos" else [c for c in root.children if c.dep_ == "appos"]
    if any(fold(t.text) in DESCRIBING_NOUNS or fold(t.text) in table.titles or fold(t.text) in table.title_heads
           for t in beside):
        return True
    # rule post_before_name: "Russia's ambassador Murat Zyazikov", "presidential adviser Dainius
    # Žikevičius" (tagged ORG): a post's own noun right before the name, lower-case as in running text
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return on("post_before_name") and before is not None and before.is_lower and before.pos_ == "NOUN" \
        and (before.lower_ in table.title_heads or before.lower_ in DESCRIBING_NOUNS)


def _gender_of(doc: Doc, start: int, name: str) -> str:
    """For someone not in the table: from an honorific before the name, else the given name."""
    words = [t.text.lower().rstrip(".") for t in doc[max(0, start - 2):start]]
    for w in reversed(words):
        if w in ("sir", "lord", "mr", "baron"):
            return "m"
        if w in ("dame", "mrs", "ms", "lady", "baroness", "miss"):
            return "f"
    parts = name.split()
    return ("f" if fold(parts[0]) in FEMALE_GIVEN else "m") if len(parts) > 1 else ""


def _free_title(doc: Doc, start: int, table: ActorTable) -> str:
    """The words before an unknown person's name that describe them ("former British Army chief")."""
    lo = start
    while lo > 0 and start - lo < 6 and doc[lo - 1].pos_ in ("ADJ", "NOUN", "PROPN") \
            and doc[lo - 1].ent_type_ != "PERSON" and not doc[lo - 1].is_sent_start:
        lo -= 1
    words = [t.text for t in doc[lo:start] if fold(t.text) not in table.demonyms and t.text.lower() not in HONORIFICS]
    return " ".join(words)


def _add_titles(doc, table, date, mentions, taken, add, prior=()):
    """Titles without a name after them: "the German chancellor", "Poland's prime minister"."""
    max_len = max((len(t.split()) for t in table.titles), default=1)
    first_words = {t.split()[0] for t in table.titles}
    folded = [fold(t.text) for t in doc]   # once per doc: titles are looked up by n-grams of these
    i = 0
    while i < len(doc):
        if i in taken or folded[i] not in first_words:
            i += 1
            continue
        hit = None
        for n in range(max_len, 0, -1):
            span = doc[i:i + n]
            if len(span) < n or any(t.i in taken for t in span):
                continue
            if " ".join(folded[i:i + n]) in table.titles and span[-1].pos_ in ("NOUN", "PROPN"):
                hit = span
                break
        if hit is None:
            i += 1
            continue
        nxt = doc[hit.end] if hit.end < len(doc) else None
        if nxt is not None and nxt.text == "," and hit.end + 1 < len(doc):
            nxt = doc[hit.end + 1]   # "Australia's prime minister, Anthony Albanese,"
        if nxt is not None and nxt.ent_type_ == "PERSON":
            i = hit.end  # a title before a name: the name carries the mention
            continue
        if on("title_appositive") and any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in hit.root.children):
            i = hit.end  # "the envoy of Russia to the UN, Ivan Orlov,": the name set beside it carries it
            continue
        if _describes_name_before(doc, hit):
            i = hit.end  # "Jean-Luc Mélenchon, the leader of …": it describes the name before it
            continue
        title = fold(hit.text)
        roles = {role for role, _ in table.titles[title]}
        left = list(doc[max(hit.sent.start, hit.start - 4):hit.start])
        if any(t.lower_ in NOT_SITTING for t in left[-2:]) or any(t.lower_ in ("a", "an") for t in left[-3:]):
            # "a former minister", "a government spokesman": not the sitting holder of a post
            i = hit.end
            continue
        if left and _regional(left[-1], table):
            i = hit.end   # "Bavarian premier", "the Scottish first minister": a region's post
            continue
        right = list(doc[hit.end:min(hit.sent.end, hit.end + 3)])
        # the title's own words only: in "send troops to Ukraine, the prime minister said" Ukraine is
        # where the troops go, not whose prime minister speaks
        cut = max((k + 1 for k, t in enumerate(left) if t.is_punct or t.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ")
                   and t.tag_ != "POS"), default=0)
        country = _country_near(left[cut:], table)
        if not country and right and right[0].lower_ == "of":
            # "the president of France", not "the leader of La France Insoumise"
            rest = [t for t in doc[hit.end + 1:min(hit.sent.end, hit.end + 6)]]
            rest = rest[1:] if rest and rest[0].lower_ == "the" else rest
            if rest and (len(rest) == 1 or rest[1].pos_ != "PROPN"):
                country = _country_near(rest[:1], table)
        before = [m for m in mentions if m.start < hit.start and m.actor.role in roles and m.actor.name]
        earlier = [a for a in prior if a.role in roles and a.name]
        # "the Slovak leader" after Fico was named: the one of that country's posts the article has
        # been talking about, not the first post of the table (its president).
        own = [a for a in [*earlier, *(m.actor for m in before)] if a.country == country] if country else []
        actor = own[-1] if own and on("title_named_before") else (table.holder(country, title, date) if country else None)
        if actor is None and not country and len(roles) == 1:
            # "the prime minister" with no country: the person with that role the article is about.
            actor = _unqualified_latest(doc, table, before, earlier)
        if actor is None and not country and len(roles) > 1 and on("title_one_candidate") \
                and not any(t.lower_ in GENERIC_HOLDER | {"no"} for t in left[-2:]):
            # "the foreign minister" (a Foreign Minister, Secretary or Secretary of State): the one person
            # the article has named with such a post (and who holds it on the article's date)
            named = {a.name: a for a in [*earlier, *(m.actor for m in before)]
                     if a.country and table.holder(a.country, title, date) == a}
            actor = next(iter(named.values())) if len(named) == 1 else None
        if actor is None and not country and on("one_country_title") and title in ONE_COUNTRY_TITLES \
                and not any(m.actor.role in roles for m in mentions if m.actor.name) \
                and not any(a.role in roles for a in prior) \
                and not any(t.lower_ in GENERIC_HOLDER for t in left[-2:]) and not _other_country_post(folded, title, table):
            # "The Defence Secretary said…" on a page that never names him or anyone with such a post:
            # one country has that post ("any defence secretary", "Australia's defence secretary": not him)
            actor = table.only_holder(title, date)
        if actor is None and not country and on("title_of_reported_country") and not before and not earlier \
                and not _former_post_named(folded, hit, title) \
                and not any(t.lower_ in GENERIC_HOLDER | {"no"} for t in left[-2:]):
            # "the prime minister said Britain would play its full part": a bare title reporting
            # what a country will do is that country's holder of the post (when the page has named
            # no one with such a post: then it may be theirs)
            reported = _reported_country(hit.root, table)
            # a post two people hold there ("the deputy foreign minister") names no one
            held = table.holders(reported, title, date) if reported else []
            actor = held[0] if len(held) == 1 else None
        if actor is not None:
            lo = max(hit.sent.start, hit.start - len(left))
            add(Mention(hit.start, hit.end, actor, "title", doc[lo:hit.end].text.strip(), hit.root.i))
        i = hit.end


def _former_post_named(folded: list[str], hit: Span, title: str) -> bool:
    """The text before the title (its folded words) speaks of a former holder of the post ("Former
    Foreign Minister Di Maio spoke…"): the bare title may be theirs."""
    before = " ".join(folded[max(0, hit.start - 400):hit.start])
    return re.search(r"\bformer (?:\S+ ){0,2}" + re.escape(title) + r"\b", before) is not None


def _reported_country(title: Token, table: ActorTable) -> str:
    """The country that is the subject of the clause a title's reporting verb reports ("the prime
    minister said Britain would…": the United Kingdom), or ""."""
    verb = title.head
    if title.dep_ != "nsubj" or verb.lemma_.lower() not in REPORTING:
        return ""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None) if clause is not None else None
    if subject is None or subject.pos_ != "PROPN" or any(
            c.dep_ == "aux" and c.lower_ in DEONTIC_AUX or c.lemma_ == "need" for c in clause.children) \
            or clause.lemma_ == "need":
        return ""   # "said Germany must send troops", "said Ukraine needed troops": a demand on another country
    return _country_near([subject], table)


declare("title_of_reported_country", "actors", "The prime minister said Britain would send troops to Ukraine. "
        "(Britain's prime minister: the country his report is about)")


def _describes_name_before(doc: Doc, hit: Span) -> bool:
    """"Jean-Luc Mélenchon, the leader of …", "Keith Kellogg, the president's special envoy": a title
    in apposition to the name before it (only a determiner or a possessor between comma and title)."""
    for j in range(hit.start - 1, max(-1, hit.start - 6), -1):
        t = doc[j]
        if t.text == ",":
            return j > 0 and doc[j - 1].ent_type_ == "PERSON"
        if t.pos_ not in ("DET", "PROPN", "NOUN", "PART") and t.tag_ != "POS":
            return False
    return False


def _regional(word: Token, table: ActorTable) -> bool:
    """A capitalised adjective before a title that names no country: "Bavarian", "Flemish"."""
    return (word.pos_ in ("ADJ", "PROPN") and word.text[:1].isupper() and word.dep_ in ("amod", "compound")
            and word.text not in table.places and on("regional_title"))


ONE_COUNTRY_TITLES = word_list("one_country_titles")
GENERIC_HOLDER = frozenset({"any", "every", "successive", "next", "each", "future"})


def _other_country_post(words: list[str], title: str, table: ActorTable) -> bool:
    """The text (its folded words) gives the post to a country somewhere ("Australia's defence
    secretary", "the Indian foreign secretary"): then the bare title may be that country's, not the one
    holder's in the table."""
    n = len(title.split())
    for i in range(1, len(words) - n + 1):
        if " ".join(words[i:i + n]) == title:
            before = words[i - 1] if words[i - 1] not in ("'s", "’s") or i < 2 else words[i - 2]
            if before in table.demonyms and table.demonyms[before] != "United Kingdom":
                return True
    return False
declare("one_country_title", "actors", "The Defence Secretary said British troops could be deployed to Ukraine. "
        "(a post only one country has: its sitting holder)")


def _unqualified_latest(doc: Doc, table: ActorTable, before: list[Mention], prior: list[Actor]) -> Actor | None:
    """The person a bare title means, by how each was first introduced: a writer qualifies the
    foreign office holders ("British Prime Minister Sir Keir Starmer") and gives the home one the
    title alone ("Prime Minister Anthony Albanese … the prime minister will take part" is Albanese).
    Titled without a country beats untitled, which beats qualified; the latest wins within a class."""
    rank: dict[str, int] = {}
    for m in before:
        if m.actor.name not in rank:
            role, country = _title_before(doc, m.start, table)
            rank[m.actor.name] = 0 if country else (2 if role else 1)
    if before and on("title_unqualified"):
        top = max(rank.values())
        return next(m.actor for m in reversed(before) if rank[m.actor.name] == top)
    named = [*prior, *(m.actor for m in before)]
    return named[-1] if named else None


DASHES = frozenset({"-", "–", "—", "--"})
declare("dateline_place", "actors", "The Hague, Netherlands, June 25 (Lusa) - Montenegro said… (the dateline's places hold nothing)")


def _in_dateline(span) -> bool:
    """A place before the dash of a dateline ("BRUSSELS, 2 July 2025 —", "The Hague, Netherlands,
    June 25, 2025 (Lusa) -"): the start of a sentence, a date, then a dash within its first words."""
    if not on("dateline_place"):
        return False
    sent = span.sent
    head = list(sent)[:16]
    dash = next((t for t in head if t.text in DASHES), None)
    return dash is not None and span.end <= dash.i and span.start - sent.start <= 4 and any(
        t.ent_type_ == "DATE" or t.like_num for t in sent.doc[span.end:dash.i])


def _add_places(doc, table, mentions, taken, add):
    """Capitals, metonyms, country names and "the German government" as a government actor."""
    starts = table.place_starts
    for tok in doc:
        if tok.i in taken or tok.text not in starts:
            continue
        for n in (3, 2, 1):
            span = doc[tok.i:tok.i + n]
            if len(span) < n or any(t.i in taken for t in span):
                continue
            text = re.sub(r"\s*['’]s$", "", span.text)
            hit = table.places.get(text)
            if not hit:
                continue
            country, kind = hit
            if kind == "demonym":
                # "the German government", "a Danish official": a demonym modifying a government noun.
                gov = _compound_top(span.root.head)   # "a Greek government spokesman": the spokesman
                if gov.lower_ in GOVERNMENT_NOUNS and gov.i > span.end - 1:
                    add(Mention(span.start, gov.i + 1, Actor("", country, "government"), "government",
                                doc[span.start:gov.i + 1].text, gov.i))
                elif _nominal_demonym(span):
                    add(Mention(span.start - 1, span.end, Actor("", country, "government"), "government",
                                doc[span.start - 1:span.end].text, span.root.i))
                break
            head = span.root
            if _in_dateline(span):
                break   # "The Hague, Netherlands, June 25, 2025 (Lusa) - …": where the story was filed
            if head.dep_ == "poss" and head.head.i in taken:
                break   # "Poland's prime minister": part of a title mention
            # "Germany's government", "the government of Poland" - the government noun is the head.
            if head.dep_ == "poss" and head.head.lower_ in GOVERNMENT_NOUNS:
                add(Mention(span.start, head.head.i + 1, Actor("", country, "government"), "government",
                            doc[span.start:head.head.i + 1].text, head.head.i))
            elif head.dep_ == "compound" and (top := _compound_top(head)).lower_ in INSTITUTIONS and on("government_compound"):
                # "the UK Defence Ministry said": a country name compounded onto one of its institutions
                add(Mention(span.start, top.i + 1, Actor("", country, "government"), "government",
                            doc[span.start:top.i + 1].text, top.i))
            elif head.dep_ in ("nsubj", "nsubjpass", "pobj", "poss", "conj", "appos", "ROOT", "dobj", "dep", "npadvmod", "attr") \
                    or head.dep_ == "compound" and _owned_plan(head):
                add(Mention(span.start, span.end, Actor("", country, "government"), "government", span.text, head.i))
            break


declare("nominal_demonym", "actors", "The French and the British are ready to send troops to Ukraine. (a people named "
        "by 'the' and its demonym is its government: France and the UK support)")
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "conj", "appos", "dobj"})


def _nominal_demonym(span) -> bool:
    """'the French', 'the Germans', 'the Poles' as a noun in a holder's place: the way news and
    officials name a government ("we are talking about the British, the French and the Germans, who
    will deploy forces"). Only a people's form (a plural, or one like 'French', 'Dutch', 'Swiss'):
    'the German said' is one person. Not 'the French president' (the demonym modifies a noun there),
    'most Germans' (a people, not its state: only 'the' makes it the state), or 'the Germans polled
    by Forsa' (a clause on it says which people)."""
    head, text = span.root, span.text
    people = text.istitle() and text.endswith(("s", "ish", "ch", "sh", "ese"))
    return (on("nominal_demonym") and people and span.start > 0 and span.doc[span.start - 1].lower_ == "the"
            and head.dep_ in NOMINAL_DEPS and head.pos_ in ("PROPN", "NOUN")
            and not any(c.dep_ in ("acl", "relcl") and c.i > head.i and c.tag_ == "VBN" for c in head.children))


# The government nouns that name an institution of the state (not "officials" or "sources", which a
# country name before them does not make its government's: "UK officials" may be anyone's).
INSTITUTIONS = GOVERNMENT_NOUNS - {"official", "officials", "source", "sources", "diplomat", "diplomats",
                                   "country", "nation", "state", "leadership"}
declare("government_compound", "actors", "The UK Defence Ministry said it would not send troops; a Greek government "
        "spokesman said there was no plan to. (the UK; Greece)")


def _compound_top(tok: Token) -> Token:
    """The noun a compound chain ends in ('UK' -> 'Defence' -> 'Ministry'), when it is a government
    noun; else the token itself (rule government_compound)."""
    top = tok
    while top.dep_ == "compound" and top.head is not top and top.head.i > top.i:
        top = top.head
    return top if top is not tok and top.lower_ in GOVERNMENT_NOUNS and on("government_compound") else tok


def _owned_plan(tok: Token) -> bool:
    """'a UK-France plan', 'the US peace proposal': a place compounded onto a proposal names its owner
    (a place compounded onto anything else - 'UK officials', 'France visit' - names no holder)."""
    while tok.dep_ == "compound" and tok.head is not tok:
        tok = tok.head
    return tok.lemma_.lower() in PROPOSER_NOUNS


def _governing_subject(tok: Token, before: list[Mention]) -> Mention | None:
    """The named subject of a clause the pronoun's clause hangs from, nearest first: in "Schoof said
    …, but Wilders surprised his partners by saying he would not support it", "he" is Wilders."""
    by_head = {m.head: m for m in before}
    for anc in tok.head.ancestors:
        for c in anc.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i in by_head:
                return by_head[c.i]
    return None


def _in_subject(tok: Token, title_heads: frozenset = frozenset(), name_start: int = -1) -> bool:
    """Part of a subject: the subject itself or a name in apposition or conjoined to it ("The
    Bavarian premier and CSU chairman Markus Söder told…"), or inside its prepositional phrase ("Russia's
    ambassador to the UK Andrei Kelin told the BBC he…": the small model hangs the name on "to")."""
    while tok.dep_ in ("appos", "conj", "compound", "flat") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.lower_ in title_heads \
            and any(t.ent_type_ in ("GPE", "ORG", "LOC", "NORP") for t in tok.doc[tok.head.i + 1:max(name_start, tok.head.i + 1)]) \
            and on("subject_phrase_name"):
        # the parse glued the post's object to the name ("to [the UK Andrei Kelin]"); not "an aide to Zelensky"
        tok = tok.head.head   # a post's phrase ("ambassador to …"), not "the talks between Trump and Putin"
    return tok.dep_ in ("nsubj", "nsubjpass")


def _reports(subject: Token) -> bool:
    """Whether the subject's verb is a reporting verb ("Trump SAID that …")."""
    return subject.dep_ == "nsubj" and subject.head.lemma_.lower() in REPORTING


declare("pronoun_not_object", "actors",
        "Farage spoke next. After praising the Prime Minister's tone, he said no troops could go. (he: Farage)")
declare("quoted_third_person", "actors",
        "Trump said Putin would accept troops. \"Yeah, he will accept that,\" Trump added. ('he' is Putin)")


def _described_country(tok: Token, heads: set[int], table: ActorTable) -> str:
    """'the socialist Spanish leader stressed that he …': the clause above has a subject that only
    describes a person (no mention: 'socialist' keeps it from being the sitting office holder) and
    says their country; the pronoun is that person, so someone of that country."""
    for anc in tok.head.ancestors:
        for c in anc.children:
            if c.dep_ == "nsubj" and c.i not in heads and (fold(c.text) in DESCRIBING_NOUNS or fold(c.text) in table.titles):
                for a in c.children:
                    if a.dep_ in ("amod", "compound") and fold(a.text) in table.demonyms:
                        return table.demonyms[fold(a.text)]
                return ""
    return ""


JUDGING = word_list("judging_verbs")
declare("object_possessive", "actors", "Salvini criticised the French president over his support for sending "
        "troops. ('his' is the president's, the one criticised)")


def _object_owner(tok: Token, before: list[Mention]) -> Mention | None:
    """'criticised Macron over HIS plan', 'praised the chancellor for HER support': a possessive in a
    phrase on the verb whose object is a person points to that object, not to the verb's subject."""
    if tok.dep_ != "poss" or tok.head.dep_ != "pobj" or tok.head.head.dep_ != "prep":
        return None
    verb = tok.head.head.head
    if verb.pos_ != "VERB" or tok.head.head.lower_ not in ("over", "for", "about", "on") \
            or verb.lemma_.lower() not in JUDGING or any(c.lower_ == "own" for c in tok.head.children):
        return None   # "briefed Starmer on his plan", "warned Macron about his own refusal": the subject's
    objects = {c.i for c in verb.children if c.dep_ == "dobj"}
    return next((m for m in reversed(before) if m.head in objects), None)


def _add_pronouns(doc, mentions, add, prior=(), table: ActorTable | None = None):
    """he / she / "her country" resolve to the last compatible person mentioned (prefer subjects)."""
    people = sorted([m for m in mentions if m.actor.name], key=lambda m: m.start)
    title_heads = table.title_heads if table is not None else frozenset()
    quotes = QuoteSpans(quote_spans(doc.text))
    heads = {m.head for m in mentions}
    for tok in doc:
        g = PRONOUNS.get(tok.lower_)
        if not g or tok.dep_ not in ("nsubj", "nsubjpass", "poss"):
            continue
        before = [m for m in people if m.end <= tok.i and m.actor.gender in (g, "")]
        earlier = [a for a in prior if a.gender in (g, "")]
        described = _described_country(tok, heads, table) if table is not None and on("described_subject") else ""
        if described:
            before = [m for m in before if m.actor.country == described]
            earlier = [a for a in earlier if a.country == described]
            if not before and not earlier:
                continue   # a person of that country the article has not named: nobody we know
        bound = _governing_subject(tok, before) if on("bound_pronoun") else None
        target = _object_owner(tok, before) if on("object_possessive") else None
        if target is not None:
            ref = target   # "Salvini criticised the French president over his support for…": the president's
        elif bound is not None:
            ref = bound   # "Wilders surprised his partners by saying he would not…": the clause above's subject
        elif before:
            # Journalistic default: the subject of the latest sentence that names a compatible person.
            own_start = tok.sent.start
            if tok.dep_ in ("nsubj", "nsubjpass") and on("pronoun_not_object") and not any(
                    m.start >= own_start and m.head >= 0 and _in_subject(doc[m.head], title_heads, m.start) for m in before):
                # "After praising the Prime Minister's tone, he said…": a subject "he" is not a person
                # named only as an object or possessor before it in its own sentence
                before = [m for m in before if m.start < own_start] or before
            last_sent = before[-1]
            sent_start = tok.doc[last_sent.start].sent.start
            same_sent = [m for m in before if m.start >= sent_start]
            subj = [m for m in same_sent if m.head >= 0 and (doc[m.head].dep_ in ("nsubj", "nsubjpass") or (
                m.start >= own_start and _in_subject(doc[m.head], title_heads, m.start)))]
            if on("quoted_third_person") and in_quote(tok, quotes):
                # "Trump said Putin will accept troops. 'Yeah, he will accept that,' Trump told reporters":
                # a speaker says "I" of himself, so a quoted "he" is someone the speaker talks about
                others = [m for m in subj if not _reports(doc[m.head])]
                subj = others or subj
            ref = (subj or same_sent)[0]
        elif earlier:
            ref = Mention(-1, -1, earlier[-1], "name", earlier[-1].name)   # named before the window
        else:
            continue
        if tok.dep_ == "poss" and tok.head.lower_ in GOVERNMENT_NOUNS:
            # "her country", "his government" -> that person's government
            add(Mention(tok.i, tok.head.i + 1, Actor("", ref.actor.country, "government"), "government",
                        doc[tok.i:tok.head.i + 1].text, tok.head.i))
            continue
        add(Mention(tok.i, tok.i + 1, ref.actor, "pronoun", tok.text, tok.i))
