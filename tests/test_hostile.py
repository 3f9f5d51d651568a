"""Heavy and hostile input: the cost of reading and extracting stays bounded and linear."""
from __future__ import annotations

import pytest

from extract.text.read import read_bytes


@pytest.mark.parametrize("unit, n", [("**a ", 20_000), ("[", 80_000), ("![", 40_000), ("_a ", 30_000),
                                     ("[a](", 20_000), ("<a ", 30_000)])
def test_markdown_runs_of_markup_keep_their_words(unit, n):
    """The shapes that made the old regex stripper quadratic (32.5 s on 80 KB of "**a "): markdown-it
    reads them through and keeps the words (their cost, linear, is printed by bench/worst_cases.py
    --markdown)."""
    from extract.text.markdown import to_text
    text = to_text("Title\n\nMacron said France would send troops.\n\n" + unit * n)
    assert text.startswith("Title\n\nMacron said France would send troops.")
    words = "".join(ch for ch in unit if ch.isalpha())
    assert text.count(words) >= n if words else len(text) > len("Title Macron said France would send troops.")


def test_markdown_with_too_much_markup_is_read_as_plain_text():
    article = read_bytes("x.md", ("Title\n\nMacron said France would send troops. " + "*a*" * 100_000).encode())
    assert article.warnings[0] == "more than 20,000 Markdown markup characters: read as plain text"
    assert article.text.startswith("Macron said France would send troops. *a**a*")


def test_markdown_is_refused_over_the_limit_before_parsing(monkeypatch):
    """Refused on its raw length: the parser never sees it."""
    from extract import settings
    from extract.schema import ArticleError
    from extract.text import markdown
    parsed = []
    monkeypatch.setattr(settings, "MAX_ARTICLE_CHARS", 1000)
    monkeypatch.setattr(markdown, "to_text", lambda text, real=markdown.to_text: parsed.append(text) or real(text))
    with pytest.raises(ArticleError, match=r"x.md: text is 2,000,000 characters before extraction, over the limit of 1,000"):
        read_bytes("x.md", b"[" * 2_000_000)
    assert parsed == []
    read_bytes("y.md", b"Macron said France would send troops.")
    assert parsed == ["Macron said France would send troops."]   # the spy sees what is parsed


# --- bounded extraction ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    from extract.nlp.parse import load_nlp
    return load_nlp()


def _extract(name, data, nlp):
    from extract.run.article import extract_article
    article = read_bytes(name, data)
    return article, extract_article(article, nlp=nlp)


def test_every_worst_case_ends_with_rows_or_one_line_naming_it(nlp):
    """Each generated worst case at 30,000 characters: rows, or a one-line ArticleError naming the file
    (the seconds each takes at 500,000 characters: bench/worst_cases.py)."""
    from extract.schema import ArticleError
    from tests.hostile_inputs import worst_cases
    outcomes = {}
    for kind, (name, data) in worst_cases(30_000).items():
        try:
            article, rows = _extract(name, data, nlp)
            outcomes[kind] = "rows"
            assert all(r["article_id"] == name.rsplit(".", 1)[0] for r in rows)
        except ArticleError as exc:
            assert str(exc).startswith(f"{name}: ") and "\n" not in str(exc)
            outcomes[kind] = "error"
    assert outcomes["repeated topic sentences"] == "rows" and outcomes["deep html nesting"] == "rows"


def test_a_long_sentence_is_skipped_with_a_warning(nlp):
    from extract.bounds import MAX_SENTENCE_TOKENS
    long = "Macron said France would send troops to Ukraine, " + "and Paris, " * MAX_SENTENCE_TOKENS + "he said.\n"
    text = "Chancellor Friedrich Merz said Germany would send troops to Ukraine.\n" + long
    article, rows = _extract("long.txt", text.encode(), nlp)
    assert [r["leader"] for r in rows] == ["Friedrich Merz"]
    assert article.warnings[-1] == f"1 sentence(s) over {MAX_SENTENCE_TOKENS} tokens skipped (the first at character 69)"


def test_the_model_reads_a_bounded_number_of_tokens(nlp, monkeypatch):
    from extract import settings
    monkeypatch.setattr(settings, "MAX_PARSED_TOKENS", 40)
    text = "Chancellor Friedrich Merz said Germany would send troops to Ukraine.\n\n" + "Filler line.\n" * 30 + \
        "Prime Minister Donald Tusk said Poland would not send troops to Ukraine.\n"
    article, rows = _extract("two.txt", text.encode(), nlp)
    assert [r["leader"] for r in rows] == ["Friedrich Merz"]
    assert "(setting COALITION_MAX_PARSED_TOKENS): the last" in article.warnings[-1]


def test_the_time_budget_fails_the_article_in_one_line(nlp, monkeypatch):
    from extract import settings
    from extract.schema import ArticleError
    from tests.hostile_inputs import worst_cases
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", 0.01)
    name, data = worst_cases(60_000)["repeated topic sentences"]
    with pytest.raises(ArticleError) as err:
        _extract(name, data, nlp)
    assert str(err.value) == ("sentences.txt: extraction stopped after the time budget of 0.01 s "
                              "(setting COALITION_ARTICLE_SECONDS); no rows from this article")


def test_the_time_reading_a_file_took_counts_in_its_budget(nlp, monkeypatch):
    """A file whose reading used up the budget fails before its extraction starts; the next article,
    read quickly, is extracted as usual."""
    from extract import settings
    from extract.run.article import extract_articles
    from extract.schema import ArticleError
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", 2.0)
    text = "Keir Starmer said Britain was ready to send troops to Ukraine."
    slow, quick = read_bytes("slow.txt", text.encode()), read_bytes("quick.txt", text.encode())
    slow.read_seconds = 2.5
    out = dict((a.name, r) for a, r in extract_articles([slow, quick], nlp=nlp))
    assert isinstance(out["slow.txt"], ArticleError) and "time budget of 2 s" in str(out["slow.txt"])
    assert [(r["leader"], r["position"]) for r in out["quick.txt"]] == [("Keir Starmer", "support")]


def test_a_500000_character_worst_case_ends_with_the_caps_warning_or_the_budget(nlp):
    """At the length limit: rows with the token cap's warning, or (on a busy machine) the budget's one
    line; its seconds are bench/worst_cases.py's."""
    from extract.schema import ArticleError
    from tests.hostile_inputs import worst_cases
    name, data = worst_cases(500_000)["repeated topic words"]
    try:
        article, _ = _extract(name, data, nlp)
        assert any("COALITION_MAX_PARSED_TOKENS" in w for w in article.warnings)
    except ArticleError as exc:
        assert str(exc).startswith("topic.txt: extraction stopped after the time budget of ")


# --- the time limit itself --------------------------------------------------------------------------

def test_a_time_limit_stops_a_loop_that_never_ends_and_is_gone_after():
    """The limit acts inside the work, not between pieces: a loop with no check of its own stops."""
    import os
    import signal
    from extract.bounds import OverBudget, time_limit
    with pytest.raises(OverBudget):
        with time_limit(0.05):
            while True:
                pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    os.kill(os.getpid(), signal.SIGALRM)   # a late signal (one on its way as a limit ends) does nothing
    assert sum(range(1000)) == 499500


def test_a_time_limit_stops_the_model_and_the_model_reads_on_after(nlp):
    """Stopped in the middle of model calls, the model reads the next text as before."""
    import itertools
    from extract.bounds import OverBudget, time_limit
    text = "Chancellor Friedrich Merz said Germany would send troops to Ukraine."
    before = [(t.text, t.pos_, t.dep_, t.head.i) for t in nlp(text)]
    calls = 0
    with pytest.raises(OverBudget):
        with time_limit(0.2):
            for _ in itertools.count():
                nlp(text * 50)
                calls += 1
    assert [(t.text, t.pos_, t.dep_, t.head.i) for t in nlp(text)] == before


def test_nested_time_limits_the_earliest_holds_and_the_outer_goes_on():
    from extract.bounds import OverBudget, time_limit
    got = []
    with time_limit(60):
        with pytest.raises(OverBudget):
            with time_limit(0.05):
                while True:
                    pass
        got.append("outer goes on")
    assert got == ["outer goes on"]


def test_a_limit_that_runs_out_as_the_work_ends_is_the_articles_error_not_a_traceback(monkeypatch):
    """The signal can land in the exit of the limit itself (the fuzz run found it): Budget.run catches
    it there too, as the article's one-line error."""
    from extract import bounds
    from extract.schema import Article, ArticleError
    real = bounds.time_limit

    @bounds.contextmanager
    def late(seconds):   # the body is over, then the limit runs out in the exit
        with real(seconds):
            yield
            while True:
                pass
    monkeypatch.setattr(bounds, "time_limit", late)
    with pytest.raises(ArticleError, match=r"^late.txt: extraction stopped after the time budget of 0.05 s"):
        bounds.Budget(Article(article_id="late", text="", name="late.txt"), 0.05).run(lambda: "done")


def test_an_uninterrupted_step_ends_and_the_work_stops_right_after():
    import time
    from extract.bounds import OverBudget, time_limit, uninterrupted
    steps = []
    with pytest.raises(OverBudget):
        with time_limit(0.05):
            with uninterrupted():
                end = time.monotonic() + 0.3   # the limit runs out meanwhile
                while time.monotonic() < end:
                    pass
                steps.append("whole")
            steps.append("after")   # not reached
    assert steps == ["whole"]


def test_in_a_thread_the_budget_is_checked_between_pieces(nlp, monkeypatch):
    """No timer signal reaches a thread (a Dask worker's): the checks between pieces stop the article."""
    import threading
    from extract import settings
    from extract.schema import ArticleError
    from tests.hostile_inputs import worst_cases
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", 0.01)
    name, data = worst_cases(60_000)["repeated topic sentences"]
    got = []

    def run():
        try:
            _extract(name, data, nlp)
        except ArticleError as exc:
            got.append(str(exc))
    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert got == ["sentences.txt: extraction stopped after the time budget of 0.01 s "
                   "(setting COALITION_ARTICLE_SECONDS); no rows from this article"]


def test_the_command_line_fails_an_article_past_the_budget_and_goes_on(tmp_path, capsys, monkeypatch):
    """A batch: the article past the budget fails in one line naming it; the next is extracted by the
    same model, its rows the same as alone; the output is whole."""
    import csv
    from extract import settings
    from extract.cli import main
    from tests.hostile_inputs import worst_cases
    name, data = worst_cases(500_000)["one giant sentence"]
    (tmp_path / "a_big.txt").write_bytes(data)
    (tmp_path / "b_dk.txt").write_text("Danish Prime Minister Mette Frederiksen said Denmark is ready to send "
                                       "troops to Ukraine.", encoding="utf-8")
    alone = tmp_path / "alone.csv"
    assert main([str(tmp_path / "b_dk.txt"), "-o", str(alone), "--no-cache", "--quiet"]) == 0
    monkeypatch.setattr(settings, "ARTICLE_SECONDS", 0.3)
    out = tmp_path / "out.csv"
    assert main([str(tmp_path / "a_big.txt"), str(tmp_path / "b_dk.txt"), "-o", str(out), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert (f"[1/2] FAILED {tmp_path / 'a_big.txt'}: extraction stopped after the time budget of 0.3 s "
            "(setting COALITION_ARTICLE_SECONDS); no rows from this article") in err.splitlines()
    assert "Traceback" not in err and "[2/2] b_dk: 1 row(s)" in err
    with open(out, encoding="utf-8") as a, open(alone, encoding="utf-8") as b:
        assert list(csv.DictReader(a)) == list(csv.DictReader(b))


@pytest.mark.parametrize("depth", [10, 300, 5000, 15_000])
def test_deeply_nested_html_keeps_its_text(depth):
    """libxml2 stops at 256 levels; below that the text used to be "no article text found"."""
    html = ("<html><body>" + "<div>" * depth + "Macron said France would send troops.<script>alert(1)</script>"
            "<!-- hidden -->" + "</div>" * depth + "</body></html>")
    article = read_bytes("deep.html", html.encode())
    assert article.text == "Macron said France would send troops."


def test_a_page_with_too_many_elements_is_refused_before_parsing_and_the_batch_goes_on(tmp_path, capsys):
    """An 8 MB page of 150,000 paragraphs (22 s in trafilatura) is refused before any parsing, in one
    line naming it, the limit and the setting; the next file of the batch is extracted."""
    from extract import settings
    from extract.cli import main
    page = "<html><body>" + "<p>Macron said France would send troops to Ukraine.</p>" * 150_000 + "</body></html>"
    (tmp_path / "big.html").write_text(page, encoding="utf-8")
    (tmp_path / "dk.txt").write_text("Danish Prime Minister Mette Frederiksen said Denmark is ready to send "
                                     "troops to Ukraine.", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main([str(tmp_path), "-o", str(out), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert (f"FAILED {tmp_path / 'big.html'}: page has 150,002 HTML elements, over the limit of "
            f"{settings.MAX_HTML_TAGS:,} (setting COALITION_MAX_HTML_TAGS; a news page has a few thousand)") in err
    assert "Traceback" not in err
    assert "Mette Frederiksen" in out.read_text(encoding="utf-8")


def test_a_page_nested_past_the_element_limit_is_refused_in_one_line():
    from extract.schema import ArticleError
    html = "<html><body>" + "<div>" * 50_000 + "Macron said France would send troops." + "</div>" * 50_000
    with pytest.raises(ArticleError, match=r"^deep.html: page has 50,002 HTML elements, over the limit of "):
        read_bytes("deep.html", html.encode())


def test_symlinks_inside_a_folder_are_reported_not_read(tmp_path):
    from extract.text.read import iter_input_paths
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "real.txt").write_text("text", encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    got = [(p.name, str(err) if err else None) for p, err in iter_input_paths([folder])]
    assert got == [("passwd.txt", f"{folder / 'passwd.txt'}: is a symbolic link inside a folder; not followed "
                                  "(name the file itself to read it)"), ("real.txt", None)]


@pytest.mark.parametrize("depth", [15, 500])
def test_deeply_nested_markdown_keeps_its_words(depth):
    """Past markdown-it's 20 levels nothing would be left: then the text as written is read."""
    article = read_bytes("deep.md", ("> " * depth + "Macron said France would send troops.\n").encode())
    assert article.text.endswith("Macron said France would send troops.")
