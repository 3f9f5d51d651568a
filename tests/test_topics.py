"""Topic files: TOML, checked by a schema (one line naming file, key and fix), the
`python -m extract.topics` commands, and several topics read from one parse.

The articles here are written for these tests; tests/topics/defence_budget.toml is a small
second topic written for them too."""
from __future__ import annotations

import csv
import tomllib
import re
import shutil
from pathlib import Path

import pytest
from spacy.language import Language

from extract import cli
from extract.nlp.parse import load_nlp
from extract.run.article import extract_article, extract_articles, union_windows
from extract.run.cache import _sources_version, extractor_version
from extract.run.stream import extract_stream
from extract.schema import Article
from extract.topic import command
from extract.topic.spec import TopicError, TopicFile, read_spec
from extract.topic.topics import available, load_topic, load_topics, term_words

ROOT = Path(__file__).resolve().parents[1]
BUDGET = ROOT / "tests" / "topics" / "defence_budget.toml"

GOOD = '''label = "Raising defence budgets"
question = "Does the leader back raising the defence budget?"
terms = ["spending", "budget"]
strong_terms = ["spending"]
anchors = ["defence"]
'''

# (what is wrong, the file's text, the message it must give after "<file>: ")
MALFORMED = [
    ("misspelt key", GOOD.replace("anchors", "anchours"), "unknown key 'anchours'; did you mean 'anchors'?"),
    ("misspelt key in a table", GOOD + '[cue_words]\nsuport = ["raise"]\n',
     "unknown key 'cue_words.suport'; did you mean 'cue_words.support'?"),
    ("misspelt table", GOOD + '[cue_word]\nsupport = ["raise"]\n', "unknown key 'cue_word'; did you mean 'cue_words'?"),
    ("old key", GOOD + 'about = "x"\n', "unknown key 'about'"),
    ("name key", 'name = "x"\n' + GOOD, "key 'name' is not used: a topic's name is its file name; remove the line"),
    ("missing terms", re.sub(r'terms = .*\n', "", GOOD, count=1).replace('strong_terms = ["spending"]\n', ""),
     "missing key 'terms'; add it, e.g. terms = [\"troops\", \"peacekeepers\"]"),
    ("missing label", GOOD.replace('label = "Raising defence budgets"\n', ""), "missing key 'label'; add it"),
    ("terms as a string", GOOD.replace('terms = ["spending", "budget"]', 'terms = "spending"'),
     "key 'terms' must be a list of words in [ ], e.g. terms = [\"spending\"], not str \"spending\""),
    ("empty terms", GOOD.replace('terms = ["spending", "budget"]', "terms = []").replace('strong_terms = ["spending"]\n', ""),
     "key 'terms' is empty; list at least one word"),
    ("a number in a list", GOOD.replace('"budget"]', '"budget", 5]'),
     "entry 3 of 'terms' is int 5; write a word in double quotes"),
    ("an empty word", GOOD.replace('"budget"]', '"budget", " "]'), "entry 3 of 'terms' is empty"),
    ("a strong term that is no term", GOOD.replace('strong_terms = ["spending"]', 'strong_terms = ["spend"]'),
     "key 'strong_terms': 'spend' is not in terms; add it to terms too"),
    ("a removal that removes nothing", GOOD + '[remove_cue_words]\noppose = ["targett"]\n',
     "key 'remove_cue_words.oppose': 'targett' is not in the engine's list (extract/rules/stance/oppose.txt), "
     "so removing it does nothing; did you mean 'target'?"),
    ("terms as a table", GOOD.replace('terms = ["spending", "budget"]', "[terms]\nstrong = [\"x\"]"),
     "key 'terms' must be a list of words in [ ], e.g. terms = [\"...\"], not a table"),
    ("a cue table as a list", GOOD + 'cue_words = ["raise"]\n', "key 'cue_words' must be a table of word lists"),
    ("nothing can count", GOOD.replace('anchors = ["defence"]\n', "").replace('strong_terms = ["spending"]\n', ""),
     "key 'anchors': no anchors and no strong_terms, so no term can ever count"),
    ("not TOML", GOOD.replace('label = "Raising defence budgets"', "label = Raising defence budgets"), "not valid TOML: "),
]


@pytest.mark.parametrize("what,text,message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_topic_stops_with_one_line_naming_file_key_and_fix(tmp_path, what, text, message):
    path = tmp_path / "defence_budget.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TopicError) as err:
        load_topic(str(path))
    line = str(err.value)
    assert line.startswith(f"{path}: ") and "\n" not in line
    assert line[len(f"{path}: "):].startswith(message), line


def test_the_command_line_stops_before_reading_any_article(tmp_path, capsys):
    (tmp_path / "bad.toml").write_text(GOOD.replace("anchors", "anchours"), encoding="utf-8")
    out = tmp_path / "out.csv"
    code = cli.main([str(tmp_path / "no_such_article.txt"), "-o", str(out), "--topic", str(tmp_path / "bad.toml")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and not out.exists()
    # one line, the topic's; the missing article was never looked at, and no traceback
    assert err == [f"error: {tmp_path / 'bad.toml'}: unknown key 'anchours'; did you mean 'anchors'?"]
    assert command.main(["check", str(tmp_path / "bad.toml")]) == 1
    assert capsys.readouterr().err.strip().splitlines() == err


def test_unknown_topic_names_suggest_and_an_old_json_file_says_toml(tmp_path, monkeypatch):
    (tmp_path / "topics").mkdir()
    shutil.copy(BUDGET, tmp_path / "topics" / "defence_budget.toml")
    (tmp_path / "topics" / "troops.json").write_text("{}")
    monkeypatch.setenv("COALITION_DATA_DIR", str(tmp_path))
    with pytest.raises(TopicError, match=r"^unknown topic 'defence_budgets'; did you mean 'defence_budget'\?"):
        load_topics("defence_budgets")
    with pytest.raises(TopicError, match=r"troops\.json: topics are TOML files now; rewrite it as troops\.toml"):
        load_topic("troops")


def test_the_upload_entry_point_and_list_report_a_broken_topic_in_one_line(tmp_path, monkeypatch, capsys):
    """The dashboard's upload calls extract_article with the chosen topics: a broken file raises the
    same one line before the article is looked at; `list` names it and exits 1."""
    (tmp_path / "topics").mkdir()
    shutil.copy(BUDGET, tmp_path / "topics" / "defence_budget.toml")
    (tmp_path / "topics" / "sanctions.toml").write_text(GOOD.replace("terms = [", "terms = [3, "), encoding="utf-8")
    monkeypatch.setenv("COALITION_DATA_DIR", str(tmp_path))
    with pytest.raises(TopicError) as err:
        extract_article(Article("x", "any text"), ["defence_budget", "sanctions"])
    assert str(err.value) == (f"{tmp_path / 'topics' / 'sanctions.toml'}: entry 1 of 'terms' is int 3; "
                              f"write a word in double quotes, e.g. \"troops\"")
    assert command.main(["list"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("defence_budget\tRaising defence budgets\t")
    assert lines[1] == f"sanctions\tBROKEN: {err.value}"


def test_shipped_topic_and_template_are_valid_and_every_key_is_explained():
    t = load_topic("troops_to_ukraine")
    assert t.name == "troops_to_ukraine" and Path(t.file).name == "troops_to_ukraine.toml"   # the name is the stem
    assert "troops" in t.terms and ("boots", "on", "the", "ground") in t.phrases and "boots on the ground" in t.strong
    template = ROOT / "data" / "topics" / "TEMPLATE.toml"
    spec = read_spec(template)
    assert spec.terms and "TEMPLATE" not in available() and available() == sorted(available())
    text = template.read_text(encoding="utf-8")
    for key in TopicFile.model_fields:   # every key is set (and so commented) in the template
        assert re.search(rf"^(\[{key}\]|{key} = )", text, re.M), key
    for cls in type(spec.cue_words).model_fields:
        assert re.search(rf"^#\s+{cls}\s", text, re.M), cls   # each cue class is explained
    for cls in type(spec.cue_phrases).model_fields:
        assert re.search(rf"^#\s+{cls}\s", text, re.M), cls


def test_terms_with_punctuation_match_as_the_text_is_split():
    assert term_words("5%") == ("5", "%") and term_words("U.S. troops") == ("u.s.", "troops")
    topic = load_topic(str(BUDGET))
    assert ("5", "%") in topic.phrases and "target" not in topic.cues["oppose"]
    from extract.topic.gate import on_topic
    from extract.topic.terms import term_hits
    nlp = load_nlp()
    sent = next(nlp("Allies agreed on 5% of output for defence by 2035.").sents)
    assert [t.text for t in term_hits(sent, topic, article_anchored=False)] == ["%"]
    assert on_topic("they agreed on 5 % for defence", topic) and not on_topic("they agreed on 3.4 for defence", topic)


def test_list_and_check_print_the_topics(capsys):
    assert command.main(["list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [ln.split("\t")[0] for ln in lines] == available()
    name, label, file, n = lines[available().index("troops_to_ukraine")].split("\t")
    terms = tomllib.loads((ROOT / "data" / "topics" / "troops_to_ukraine.toml").read_text(encoding="utf-8"))["terms"]
    assert (label, Path(file).name, n) == ("Sending European troops to Ukraine", "troops_to_ukraine.toml",
                                           f"{len(terms)} terms")
    assert command.main(["check", str(BUDGET)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"defence_budget: OK ({BUDGET})")
    assert "terms: 4 (1 multi-word); 1 strong, 3 count only with an anchor (defence, defense)" in out
    assert "cue_words: 3 support" in out and "remove_cue_words: 1 oppose" in out


def test_check_warns_of_anaphors_that_never_count(tmp_path, capsys):
    """An anaphor is one word, a noun ("the idea") or an object pronoun ("rejected it"): 'the plan'
    (two words) and 'there' (an adverb) never count; 'budget' is a term already, and as an anaphor it
    would count where the term's exclusions take it off the topic. 'idea' and 'it' are fine."""
    path = tmp_path / "budget_anaphors.toml"
    path.write_text(GOOD + 'anaphors = ["idea", "it", "the plan", "there", "budget"]\n', encoding="utf-8")
    assert command.main(["check", str(path)]) == 0
    warnings = [ln for ln in capsys.readouterr().out.splitlines() if "warning: anaphor" in ln]
    assert [re.search(r"anaphor '([^']+)'", ln).group(1) for ln in warnings] == ["the plan", "budget", "there"]
    assert "more than one word" in warnings[0] and "also a term" in warnings[1] and "never counts" in warnings[2]


EXPLAINED = """Ministers on a force for Ukraine

PARIS, 5 March 2025 — Polish Prime Minister Donald Tusk said on Wednesday that Poland would not send soldiers to Ukraine.
Russian troops massed along the border overnight.
Would Britain send troops?
Many soldiers were seen in the capital.
"""


def test_explain_shows_terms_holder_cue_rule_and_position(tmp_path, capsys):
    path = tmp_path / "tusk.txt"
    path.write_text(EXPLAINED, encoding="utf-8")
    assert command.main(["explain", "troops_to_ukraine", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    [row] = extract_article(Article("tusk", EXPLAINED.split("\n", 2)[2], title=EXPLAINED.split("\n")[0],
                                    published="2025-03-05"))
    assert out[0] == f"{path}: 1 row(s) on 'troops_to_ukraine' (Sending European troops to Ukraine)"
    i = next(i for i, ln in enumerate(out) if "Poland would not send soldiers" in ln)
    assert out[i + 1] == "  on the topic by: 'soldiers' (term; the sentence names the anchor 'Ukraine')"
    assert out[i + 2] == (f"  holder: Donald Tusk (Poland) as 'Donald Tusk' · cue: {row['cue']} · "
                          f"rule: {row['rule']} · position: oppose -> a row")
    assert row["cue"] == "not send" and "negation" in row["rule"]
    i = next(i for i, ln in enumerate(out) if "Russian troops massed" in ln)
    assert out[i + 1] == "  not counted: 'troops' (term_excluded_owner: someone else's, by exclude_modifiers)"
    i = next(i for i, ln in enumerate(out) if "Would Britain send troops?" in ln)
    assert out[i + 2] == "  no row: a question states no position (rule question)"
    i = next(i for i, ln in enumerate(out) if "Many soldiers were seen" in ln)
    assert out[i + 1] == "  on the topic by: 'soldiers' (term; the article names the anchor 'Ukraine')"
    assert out[i + 2].startswith("  no row: no holder found")


def test_explain_says_where_a_statement_without_a_row_went():
    from extract.topic.explain import _final_of
    final = [{"leader": "Mette Frederiksen", "country": "Denmark", "position": "support", "quote": "Denmark will send troops."}]
    gov = {"leader": "", "country": "Denmark", "position": "support"}
    assert _final_of(final, gov) == "no row: a named person of Denmark holds the same position (one judgement per holder)"
    assert _final_of(final, dict(final[0], position="oppose")) == \
        'no row: one judgement per holder, and theirs is support ("Denmark will send troops....")'
    assert _final_of([], gov).startswith("no row: dropped when the holder's rows were consolidated")


BOTH = ("BRUSSELS, 2 June 2025 — Polish Prime Minister Donald Tusk said Poland was ready to send troops to "
        "Ukraine after a ceasefire.\nTusk also called on European nations to raise defence spending.\n")


@pytest.fixture
def parses(monkeypatch):
    """The texts the model parses (Language.pipe and Language.__call__), in order."""
    seen: list[str] = []
    pipe, call = Language.pipe, Language.__call__

    def counting_pipe(self, texts, *a, **k):
        def each():
            for t in texts:
                seen.append(t if isinstance(t, str) else t[0])
                yield t
        return pipe(self, each(), *a, **k)

    def counting_call(self, text, *a, **k):
        seen.append(text)
        return call(self, text, *a, **k)

    monkeypatch.setattr(Language, "pipe", counting_pipe)
    monkeypatch.setattr(Language, "__call__", counting_call)
    return seen


def test_two_topics_one_parse_each_row_says_its_topic(parses):
    article = Article("both", BOTH, published="2025-06-02")
    topics = load_topics(["troops_to_ukraine", str(BUDGET)])
    rows = extract_article(article, topics, load_nlp())
    assert [(r["leader"], r["topic"], r["position"]) for r in rows] == [
        ("Donald Tusk", "troops_to_ukraine", "support"), ("Donald Tusk", "defence_budget", "support")]
    assert "troops" in rows[0]["quote"] and "defence spending" in rows[1]["quote"]
    assert len(parses) == 1 and parses == [BOTH[s:e] for s, e in union_windows(BOTH, topics)]
    # each topic alone gives the same rows, at the cost of a parse each
    parses.clear()
    alone = [r for t in topics for r in extract_article(article, t, load_nlp())]
    assert alone == rows and len(parses) == 2


def test_several_topics_leave_each_topics_rows_as_they_were():
    """The union of the topics' windows is parsed: the troops rows of our own articles do not move."""
    from extract.text.read import load_manifest, read_path
    folder = ROOT / "tests" / "articles"
    manifest = load_manifest(folder / "manifest.csv")
    arts = [read_path(p, manifest.get(p.stem)) for p in sorted(folder.glob("*.txt"))[:12]]
    alone = [rows for _, rows in extract_articles(arts, "troops_to_ukraine")]
    both = [rows for _, rows in extract_articles(arts, ["troops_to_ukraine", str(BUDGET)])]
    assert sum(map(len, alone)) > 10
    assert [[r for r in rs if r["topic"] == "troops_to_ukraine"] for rs in both] == alone


def test_cli_topics_in_one_pass_all_and_the_cache_key(tmp_path, monkeypatch, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "both.txt").write_text(BOTH, encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("positions.csv", "articles.csv", ".*"))
    for other in (data / "topics").glob("*.toml"):   # "all" is then exactly the two topics below
        if other.stem not in ("troops_to_ukraine", "TEMPLATE"):
            other.unlink()
    shutil.copy(BUDGET, data / "topics" / "defence_budget.toml")
    monkeypatch.setenv("COALITION_DATA_DIR", str(data))
    assert [t.name for t in load_topics("all")] == ["defence_budget", "troops_to_ukraine"]
    out = tmp_path / "out.csv"
    stats = {}
    got = list(extract_stream([Article("both", BOTH, published="2025-06-02")], "troops_to_ukraine,defence_budget",
                              stats=stats))
    assert [r["topic"] for r in got[0][1]] == ["troops_to_ukraine", "defence_budget"]
    assert stats["parsed"] == 1 and stats["on_topic"] == 1
    assert cli.main([str(src), "-o", str(out), "--topic", "all", "--quiet"]) == 0
    with out.open(encoding="utf-8") as fh:
        assert [(r["leader"], r["topic"]) for r in csv.DictReader(fh)] == [
            ("Donald Tusk", "defence_budget"), ("Donald Tusk", "troops_to_ukraine")]
    files = tuple(t.file for t in load_topics("all"))
    _sources_version.cache_clear()   # the files' part is read once per process
    v = extractor_version(files, None, str(data))
    assert v != extractor_version(files[1:], None, str(data))   # the key covers every topic file
    with open(data / "topics" / "defence_budget.toml", "a", encoding="utf-8") as fh:
        fh.write("# an edit\n")
    _sources_version.cache_clear()
    assert v != extractor_version(files, None, str(data))


def test_an_anchor_starts_a_word_and_may_run_on_into_it():
    from extract.topic.topics import anchor_in, load_topic
    spending = load_topic("nato_spending")
    assert anchor_in("NATO's members met", spending) == "NATO"
    assert anchor_in("the SENATOR spoke of 2.5% growth", spending) is None   # not inside another word
    troops = load_topic("troops_to_ukraine")
    assert anchor_in("a pro-Ukraine rally", troops) == "Ukraine"
    assert anchor_in("Ukrainian soldiers", troops) == "Ukrainian"


def test_check_survives_a_reader_that_leaves():
    import subprocess, sys
    out = subprocess.run(f"{sys.executable} -m extract.topics check troops_to_ukraine | head -1",
                         shell=True, capture_output=True, text=True, cwd=str(__import__('pathlib').Path(__file__).parent.parent))
    assert out.stdout.startswith("troops_to_ukraine: OK")
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr


def test_words_prints_the_generic_lists_and_a_topics_changes(tmp_path, capsys):
    """`words` shows the engine's stance lists a topic starts from; with a topic, what it adds (+)
    and removes (-); `check` warns of an added word the engine already has."""
    from extract import lexicon
    path = tmp_path / "budget_words.toml"
    path.write_text(GOOD + '[cue_words]\nsupport = ["earmark", "back"]\n[remove_cue_words]\noppose = ["target"]\n'
                    '[cue_phrases]\nsupport = ["squarely in favour"]\n', encoding="utf-8")
    assert command.main(["words"]) == 0
    lines = capsys.readouterr().out.splitlines()
    support = lines[lines.index(next(ln for ln in lines if ln.startswith("[cue_words] support:"))) + 1]
    assert support.strip().split(" | ") == sorted(lexicon.stance_cues()["support"])
    assert any(ln.startswith("[cue_phrases] support:") and "phrases_support.txt" in ln for ln in lines)
    assert command.main(["words", str(path)]) == 0
    out = capsys.readouterr().out
    assert "+earmark" in out and "+back" not in out and "-target" in out and "+squarely in favour" in out
    assert "[cue_words] support: " in out and "1 added, 0 removed" in out
    assert command.main(["check", str(path)]) == 0
    warns = [ln for ln in capsys.readouterr().out.splitlines() if "already in the engine's list" in ln]
    assert len(warns) == 1 and "cue_words.support 'back'" in warns[0]


def test_shipped_topics_add_no_word_the_engine_already_has(capsys):
    for name in available():
        assert command.main(["check", name]) == 0
        assert "already in the engine's list" not in capsys.readouterr().out, name
