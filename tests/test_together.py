"""Several articles' windows in one model call: the same Docs as one article per call, each
article's budget charged its share, and an article short of budget parsed on its own."""
from pathlib import Path

from extract.bounds import Budget
from extract.nlp.parse import load_nlp
from extract.run import together
from extract.run.article import extract_articles, union_windows
from extract.text.read import load_manifest, read_path
from extract.topic.topics import load_topics

ROOT = Path(__file__).resolve().parents[1]


def articles():
    folder = ROOT / "tests" / "articles"
    manifest = load_manifest(folder / "manifest.csv")
    return [read_path(p, manifest.get(p.stem)) for p in sorted(folder.glob("*.txt"))]


def members(arts):
    topic = load_topics(None)
    out = []
    for a in arts:
        parts = union_windows(a.text, topic)
        if parts:
            out.append((a, Budget(a), parts))
    return out


def view(doc):
    return [(t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i, t.is_sent_start, t.ent_type_, t.ent_iob_)
            for t in doc]


def test_groups_keep_every_entry_in_order_within_the_bound():
    k = together.JOINT_CHARS // 10
    sizes = [4 * k, 0, 5 * k, 3 * k, 0, 10 * k, 2 * k, 0]
    got = list(together.groups(sizes, lambda n: n))
    assert [n for g in got for n in g] == sizes
    assert all(sum(g) <= together.JOINT_CHARS for g in got)
    assert got == [[4 * k, 0, 5 * k], [3 * k, 0], [10 * k], [2 * k, 0]]


def test_docs_parsed_together_are_the_docs_parsed_alone():
    nlp = load_nlp()
    ms = members(articles())[:12]
    docs = together.parse_together(nlp, ms)
    assert set(docs) == {id(a) for a, _, _ in ms}
    for a, _, parts in ms:
        alone = list(nlp.pipe([a.text[s:e] for s, e in parts]))
        assert [s for _, s in docs[id(a)]] == [s for s, _ in parts]
        assert [view(d) for d, _ in docs[id(a)]] == [view(d) for d in alone], a.name


def test_the_call_is_charged_to_each_budget_by_its_characters():
    nlp = load_nlp()
    ms = members(articles())[:6]
    before = [b.used for _, b, _ in ms]
    assert together.parse_together(nlp, ms)
    shares = [b.used - u for (_, b, _), u in zip(ms, before)]
    chars = [sum(e - s for s, e in parts) for _, _, parts in ms]
    assert all(x > 0 for x in shares)
    ratios = [x / n for x, n in zip(shares, chars)]
    assert max(ratios) - min(ratios) < 1e-9 * max(ratios) + 1e-12   # one rate per character


def test_an_article_without_budget_left_is_not_parsed_with_the_others():
    nlp = load_nlp()
    ms = members(articles())[:4]
    ms[2][1].used = ms[2][1].seconds   # spent
    assert together.parse_together(nlp, ms) == {}
    assert together.parse_together(nlp, ms[:1]) == {}   # one article: its own calls, as before


def test_rows_are_those_of_one_article_at_a_time():
    arts = articles()
    topic = load_topics(None)
    nlp = load_nlp()
    joint = [rows for _, rows in extract_articles(articles(), topic, nlp)]
    alone = [rows for a in arts for _, rows in extract_articles([a], topic, nlp)]
    assert joint == alone and sum(map(len, joint)) > 100
