"""python -m extract.topics list | check NAME | explain NAME ARTICLE | words [NAME]

list      every topic in data/topics: name, label, file, number of terms (a broken file says why)
check     validate a topic (a name in data/topics, or a path to a .toml file) and summarise it;
          exit 1 with one line naming the file, the key and the fix when it is malformed
explain   for each sentence of ARTICLE on the topic: the terms that put it there, then the
          holder, cue, rule and position of each row it gives, or why it gave none
words     the engine's generic stance words and phrases, class by class, with the file of each
          class; with NAME, the topic's own marked + and the generic ones it removes marked -
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import lexicon
from .spec import TopicError, read_spec
from .topics import NAME, available, load_topic, topic_dir, topic_path


def _list() -> int:
    names = available()
    if not names:
        print(f"no topics in {topic_dir()}")
        return 1
    bad = 0
    for name in names:
        try:
            t = load_topic(name)
        except TopicError as err:
            bad += 1
            print(f"{name}\tBROKEN: {err}")
            continue
        print(f"{t.name}\t{t.label}\t{t.file}\t{len(t.terms) + len(t.phrases)} terms")
    return 1 if bad else 0


def summary(name: str) -> list[str]:
    """The checked topic in a few lines; TopicError (one line) when it is malformed."""
    path = topic_path(name)
    spec = read_spec(path)            # the template is checked too, though its name is no topic's
    if not NAME.fullmatch(path.stem):
        return [f"{path}: valid, but not a topic: its file name is no topic name (lower-case letters, "
                f"digits and _); copy it to data/topics/<name>.toml"]
    t = load_topic(str(path))
    n_terms = len(t.terms) + len(t.phrases)
    plain = n_terms - len(t.strong)
    lines = [f"{t.name}: OK ({path})",
             f"  label: {t.label}",
             f"  terms: {n_terms} ({len(t.phrases)} multi-word); {len(t.strong)} strong, {plain} count only "
             f"with an anchor ({', '.join(t.anchors) or 'none!'})",
             f"  follow-up terms: {len(t.context)}; anaphors: {len(t.anaphors)}",
             f"  exclusions: {len(t.exclude_modifiers)} modifiers, {len(t.off_target_places)} places, "
             f"{len(t.idiom_terms)} idiom terms, {len(t.deploy_nouns)} object-checked terms, "
             f"{len(t.measure_words)} measure words"]
    for table in ("cue_words", "cue_phrases", "remove_cue_words", "remove_cue_phrases"):
        parts = [f"{len(v)} {k}" for k, v in getattr(spec, table).model_dump().items() if v]
        lines.append(f"  {table}: {', '.join(parts) or 'none'}")
    for table, generic, _file in _generic_tables():
        for cls, entries in generic.items():
            again = [w for w in getattr(getattr(spec, table), cls) if w.lower() in entries]
            if again:
                lines.append(f"  warning: {table}.{cls} {', '.join(repr(w) for w in again)} already in the engine's "
                             f"list (python -m extract.topics words); adding does nothing, drop it")
    for place in spec.off_target_places:
        if " " in place.strip():
            lines.append(f"  warning: off_target_places '{place}' has a space, so it never matches "
                         f"(places are compared word by word)")
    lines += _anaphor_warnings(spec.anaphors, t)
    if not plain and not t.anchors:
        lines.append("  note: no anchors, so only the strong terms count")
    return lines


def _anaphor_warnings(anaphors, t) -> list[str]:
    """Anaphors that can never count, or count where a term would not: an anaphor is one word that
    points back either as a noun after 'the / this / its' ("the idea") or as an object pronoun
    ("rejected it") (topic.terms.anaphor_hits); the small model tags each word as in a short sentence."""
    out, words = [], []
    for a in anaphors:
        if " " in a.strip() or "-" in a.strip():
            out.append(f"  warning: anaphor '{a}' is more than one word, so it never counts (the text is "
                       f"compared word by word); name its noun ('{a.split()[-1]}')")
        elif a.lower() in t.terms:
            out.append(f"  warning: anaphor '{a}' is also a term; as an anaphor it counts after a topic sentence "
                       f"even where exclude_modifiers or the anchor rule take the term off the topic")
        else:
            words.append(a)
    if words:
        from ..nlp.parse import load_nlp
        nlp = load_nlp()
        for a in words:
            noun = nlp(f"The ministers rejected the {a.lower()}.")[4]
            pron = nlp(f"The ministers rejected {a.lower()}.")[3]
            if noun.pos_ != "NOUN" and pron.pos_ != "PRON":
                out.append(f"  warning: anaphor '{a}' is neither a noun nor a pronoun, so it never counts "
                           f"(only 'the / this <noun>' and object pronouns such as 'it' point back)")
    return out


def _generic_tables():
    """(topic table, the engine's entries by class, their file's prefix in extract/rules/)."""
    return (("cue_words", lexicon.stance_cues(), "stance/"), ("cue_phrases", lexicon.stance_phrases(), "stance/phrases_"))


def words(name: str | None = None) -> list[str]:
    """The generic cue words and phrases a topic starts from, by class (so a topic file adds only
    what is missing), and with a topic what it adds (+) and removes (-)."""
    spec = read_spec(topic_path(name)) if name else None
    lines = []
    for table, generic, kind in _generic_tables():
        for cls, entries in generic.items():
            entries = sorted(entries)
            added = sorted({w.lower() for w in getattr(getattr(spec, table), cls)} - set(entries)) if spec else []
            removed = {w.lower() for w in getattr(getattr(spec, "remove_" + table), cls)} if spec else set()
            lines.append(f"[{table}] {cls}: {len(entries)} generic (extract/rules/{kind}{cls}.txt)"
                         + (f", {len(added)} added, {len(removed)} removed" if spec else ""))
            shown = [f"-{w}" if w in removed else w for w in entries] + [f"+{w}" for w in added]
            lines.append("  " + " | ".join(shown) if shown else "  (none)")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m extract.topics", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list", help="the topics in data/topics")
    c = sub.add_parser("check", help="validate a topic file and summarise it")
    c.add_argument("name", help="a topic name, or a path to a .toml file")
    e = sub.add_parser("explain", help="why an article's rows appeared, or did not")
    e.add_argument("name", help="a topic name, or a path to a .toml file")
    e.add_argument("article", help="an article file (.txt, .md, .html)")
    e.add_argument("--manifest", help="CSV with the article's title, outlet, url, published")
    w = sub.add_parser("words", help="the engine's generic stance words and phrases (and a topic's changes)")
    w.add_argument("name", nargs="?", help="a topic name, or a path to a .toml file")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "list":
            return _list()
        if args.cmd == "check":
            print("\n".join(summary(args.name)))
            return 0
        if args.cmd == "words":
            print("\n".join(words(args.name)))
            return 0
        return _explain(args)
    except TopicError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # "… check x | head -1": the reader left; say nothing more (and let Python not complain at exit)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _explain(args) -> int:
    from ..schema import ArticleError
    from ..text.read import load_manifest, read_path
    from .explain import explain
    topic = load_topic(args.name)    # checked before the article is read
    try:
        manifest = load_manifest(args.manifest) if args.manifest else {}
        article = read_path(args.article, manifest.get(Path(args.article).stem))
    except (ArticleError, ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print("\n".join(explain(article, topic)))
    return 0
