"""The nato_spending topic (data/topics/nato_spending.toml) on articles written for these tests in
our own words (tests/spending_topic/, see its README): one sentence per phenomenon of
tests/real_spending/QUESTION.md, and the rows the topic gives, as (person, country, position).

engine_gaps.txt holds sentence shapes the engine once read wrongly (strict xfails until the engine
rules absolute_clause and not_blocking fixed them); described_and_reported.txt the generic shapes
of described opposers, agents and reporters (extract/ rules named beside each row)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.nlp.parse import load_nlp
from extract.run.article import extract_article
from extract.text.read import read_path

HERE = Path(__file__).resolve().parent / "spending_topic"

EXPECTED = {
    "summit_split": {
        ("Ulf Kristersson", "Sweden", "support"),        # "would reach 5% by 2030": a dated commitment
        ("Viktor Orbán", "Hungary", "oppose"),           # "called the 5% target unaffordable"
        ("Bart De Wever", "Belgium", "conditional"),     # "only if infrastructure spending is counted"
        ("Robert Fico", "Slovakia", "oppose"),           # "would not commit to the 5% target"
        ("Mette Frederiksen", "Denmark", "support"),     # "2035 was far too late"
        ("Mark Carney", "Canada", "oppose"),             # "cannot afford to spend 5%"
        # no row: Støre ("spend more", no 5%), Mitsotakis ("has not yet endorsed"),
        # Moscow ("legitimate targets" is no spending target)
    },
    "exemptions_and_pace": {
        ("", "Spain", "oppose"),                         # "reports say Spain has secured an exemption"
        ("Donald Trump", "United States", "support"),    # "demanded that every ally spend 5%"
        ("Donald Tusk", "Poland", "support"),            # "warned that ... by 2035 would be too late"
        ("Giorgia Meloni", "Italy", "conditional"),      # "may reach 5% but needed more time"
        ("Dick Schoof", "Netherlands", "support"),       # "praised the target"
        ("Petr Fiala", "Czech Republic", "support"),     # "had decided to raise spending to 5%"
        ("Kristen Michal", "Estonia", "support"),        # "stick to its commitment" (a follow-up word)
        # no row: Montenegro ("meet the old goal first" is the 2% goal)
    },
    "pace_and_reading": {
        ("Friedrich Merz", "Germany", "support"),        # flexibility already granted: still support
        ("Ulf Kristersson", "Sweden", "conditional"),    # "called for more flexibility"
        ("Viktor Orbán", "Hungary", "oppose"),           # "rejected the 5% target"
        ("Petteri Orpo", "Finland", "support"),          # "commit to the 3.5% core share"
        ("Jonas Gahr Støre", "Norway", "conditional"),   # "open to the 5% target"
        ("Petr Fiala", "Czech Republic", "conditional"),  # "would not rule out reaching 5%"
        ("Mette Frederiksen", "Denmark", "oppose"),      # "the 5% goal was arbitrary"
    },
    "below_and_later": {
        ("Pedro Sánchez", "Spain", "oppose"),           # "would stay well below 5%"
        ("Bart De Wever", "Belgium", "oppose"),          # "5% was out of reach"
        ("Luís Montenegro", "Portugal", "conditional"),  # "would need until 2040": more time
        ("Giorgia Meloni", "Italy", "conditional"),      # "at its own pace"
        ("Mark Carney", "Canada", "oppose"),             # "would not be able to reach 5%"
        ("Ulf Kristersson", "Sweden", "support"),        # "urged allies to reach the 5% target faster"
        ("Viktor Orbán", "Hungary", "oppose"),           # "refused to sign up"
        ("Robert Fico", "Slovakia", "conditional"),      # "decide for itself how fast"
    },
    "lines_before_summit": {
        ("Donald Trump", "United States", "support"),    # "insisted on 5%", "wants allies to pay 5%"
        ("Keir Starmer", "United Kingdom", "support"),   # "committed the UK to the 3.5% core share"
        ("Emmanuel Macron", "France", "support"),        # "the 5% target was necessary"
        ("Pedro Sánchez", "Spain", "oppose"),            # "unreasonable and counterproductive"
        ("Dick Schoof", "Netherlands", "support"),       # "would sign the declaration on 5%"
        ("Giorgia Meloni", "Italy", "oppose"),           # "too ambitious"
        ("Robert Fico", "Slovakia", "oppose"),           # "other priorities than the 5% target"
        ("Bart De Wever", "Belgium", "conditional"),     # "feasible only if infrastructure counts"
        ("Donald Tusk", "Poland", "support"),            # "called on others to follow"
    },
    "described_and_reported": {
        ("", "Canada", "oppose"),                        # "laggards such as Canada and Belgium have resisted"
        ("", "Belgium", "oppose"),                       #   (group_members: laggards list their members)
        ("Donald Trump", "United States", "support"),    # "as demanded by Trump" (as_agent); Leavitt only
                                                         #   reports him (reporter_of_holder)
        ("", "Portugal", "support"),                     # "signed up to the 5% target"
        ("Mark Rutte", "NATO", "support"),               # "a goal championed by Rutte"
        ("Pedro Sánchez", "Spain", "oppose"),            # "not only unreasonable but also" (not_only);
                                                         #   beats "backed higher spending" (refusal_outweighs)
        ("Jonas Gahr Støre", "Norway", "support"),       # "not reached until after 2030" (timed_denial)
        ("Viktor Orbán", "Hungary", "conditional"),      # "no member state … under the current EU rules"
                                                         #   (denied_subject + a condition)
        ("Robert Fico", "Slovakia", "oppose"),           # "could stay well below 5%" (phrase_over_modal)
        ("Luc Frieden", "Luxembourg", "oppose"),         # "impossible for Luxembourg"
        # no row: Fiala (the "as NATO ministers prepared" clause is theirs: background_clause),
        # NATO itself (bare_organisation), Karoline Leavitt
    },
    "threats_and_headlines": {
        ("Luc Frieden", "Luxembourg", "oppose"),         # the headline "Frieden rejects NATO's 5% target"
                                                         #   (headline: the body gives him no position)
        ("Donald Trump", "United States", "support"),    # "threatened not to defend allies spending too
                                                         #   little" (threat_to_laggards)
        ("Donald Tusk", "Poland", "support"),            # "expects all NATO member states to reach 5%"
                                                         #   (addressed_demand)
        ("", "Belgium", "support"),                      # "agreed to the 3.5% core share"
        ("Mark Rutte", "NATO", "support"),               # "following pressure from Rutte" (demand_source)
        ("Pedro Sánchez", "Spain", "oppose"),            # "threatened to veto": aimed at the target itself
        ("Kyriakos Mitsotakis", "Greece", "support"),    # after "budget.Greek" (glued_stop)
        ("Dick Schoof", "Netherlands", "conditional"),   # "only if infrastructure counts"
        ("Ruben Brekelmans", "Netherlands", "conditional"),  # "backed the message" (echo: rules/echo_*.txt)
        ("Gitanas Nausėda", "Lithuania", "support"),     # "called Slovakia's refusal … disrespectful"
        ("", "Slovakia", "oppose"),                      #   (called_complement; Slovakia's refusal is its own)
        ("Mark Carney", "Canada", "support"),            # "welcomed"; his threat's "if they refuse" is a
                                                         #   condition on others (stated_condition skips it)
        # no row: Fico ("the question was raised at his press conference": talk_object)
    },
    "owners_and_consequences": {
        ("Pete Hegseth", "United States", "support"),    # "allies that do not pay 5% will not be protected"
                                                         #   (laggard_consequence)
        ("Petr Fiala", "Czech Republic", "oppose"),      # "too ambitious"
        ("Mark Rutte", "NATO", "support"),               # "Rutte's 5% target" (figure_owner)
        ("Kyriakos Mitsotakis", "Greece", "support"),    # "welcomed"
        ("Alexander Stubb", "Finland", "support"),       # "the Stubb-backed 5% goal" (figure_owner)
        # no row: Fico (discussing), Sánchez ("Sánchez's 2.1% plan" names no 5% figure)
    },
    "acceptance_with_terms": {
        ("Robert Fico", "Slovakia", "conditional"),      # "accept … only with an exemption" (condition_object)
        ("Luís Montenegro", "Portugal", "conditional"),  # "achievable with some flexibility"
        ("Jonas Gahr Støre", "Norway", "conditional"),   # "needed time to reach" (more time asked for)
        ("Luc Frieden", "Luxembourg", "support"),        # "thanks to the flexibility NATO granted"
        ("Viktor Orbán", "Hungary", "oppose"),           # "not achievable"
    },
    "headline_surname": {
        ("Mark Carney", "Canada", "support"),            # the headline "Carney commits Canada to NATO's
                                                         #   5% goal" (headline; parsed with the full name)
    },
    "quotes_and_apostrophes": {
        ("Pedro Sánchez", "Spain", "oppose"),           # "won’t be able to meet" (curly_apostrophe)
        ("Mark Rutte", "NATO", "support"),               # "the 5% of GDP target, a figure proposed by Rutte"
                                                         #   (loose_apposition)
        ("Robert Fico", "Slovakia", "oppose"),           # "spoke against the 5% target"
        ("Friedrich Merz", "Germany", "support"),        # "an idea that has been promoted by Merz"
        ("Alexander Stubb", "Finland", "support"),       # "the lofty targets set by Stubb" (topic cue "set")
        # no row: Belgium ("….” Belgium announced that …" is a new report, not the quote's tag: tag_only),
        # Reuters ("…,” said Reuters": the press holds nothing), Trump ("the only ally that did not
        # raise its spending" describes another: described_relative)
    },
    "frames_and_obligations": {
        ("Mark Rutte", "NATO", "support"),               # "under a compromise put forward by Rutte, allies would
                                                         #   spend 3.5%" (proposal_frame); "Belgium will need to
                                                         #   spend 3.5%, said Rutte" (obligation_of_other)
        ("Giorgia Meloni", "Italy", "support"),          # "will not need to use a flexibility clause to meet the
                                                         #   5% commitment" (purpose_clause)
        ("Pedro Sánchez", "Spain", "oppose"),            # "honour its commitments with the help of 2.1 percent"
        ("Dick Schoof", "Netherlands", "oppose"),        # "rejected the demand made by Trump that member states
        ("Donald Trump", "United States", "support"),    #   invest five percent" (demand_content, demand_source)
        ("Karol Nawrocki", "Poland", "support"),         # "would make Madrid pay after Spain rejected" (make_pay)
        ("Conner Rousseau", "Belgium", "oppose"),        # "labelled these figures as ridiculous" ('these' points back)
        ("Gitanas Nausėda", "Lithuania", "support"),     # "had decided in May to raise spending to 5%" (taken_decision)
        ("Mette Frederiksen", "Denmark", "support"),     # "make Spain pay … after its refusal" (make_pay)
        ("Mark Carney", "Canada", "oppose"),             # "the 5% target would require deep cuts" (cost_warning)
        # no row: Canada, Portugal ("will struggle to reach 5%, analysts said": outside_assessment), Fico
        # ("softened his tone amid pressure to raise spending to 5%": amid_circumstance), Belgium (the
        # obligation is Rutte's call), Mitsotakis ("the targets will not require Greece to cut pensions":
        # term_entails), Kristersson ("was referring to Spain being the only ally not to commit": a state
        # described, not a view he endorses)
    },
    "praise_and_displeasure": {
        ("Donald Trump", "United States", "support"),    # "Trump's demand that member states lift … to 5%"
                                                         #   (demand_content)
        ("Georges-Louis Bouchez", "Belgium", "oppose"),  # "described the 5% target as collective hysteria"
                                                         #   (described_as; a party leader in the actor table)
        ("", "Spain", "oppose"),                         # "Madrid's refusal to raise spending to 5%"
        ("Karol Nawrocki", "Poland", "support"),         # "unhappy with Madrid's refusal": wants what was refused
        ("Kristen Michal", "Estonia", "support"),        # "hailed the decision … as a milestone" (praise)
        ("Mark Rutte", "NATO", "support"),               # "has justified the 5% goal"
        ("Friedrich Merz", "Germany", "support"),        # "Merz's cabinet approved the 3.5% core share"
        ("", "Portugal", "oppose"),                      # "failed to meet the 5% goal"
    },
    "waivers_and_pledges": {
        ("", "Spain", "oppose"),                         # "opted out of the 5% target"
        ("", "Slovakia", "oppose"),                      # "won a waiver from the target"
        ("", "Italy", "support"),                        # "has agreed to the 5% target"
        ("", "Germany", "support"),                      # "committed to reaching 3.5% core ... by 2029"
        ("", "Canada", "support"),                       # "signed up to the spending pledge"
        ("", "Belgium", "oppose"),                       # "obtained a carve-out"
    },
}

@pytest.fixture(scope="module")
def rows_of():
    nlp = load_nlp()
    cache: dict[str, set] = {}

    def rows(name: str) -> set[tuple[str, str, str]]:
        if name not in cache:
            article = read_path(HERE / f"{name}.txt")
            cache[name] = {(r["leader"], r["country"], r["position"])
                           for r in extract_article(article, "nato_spending", nlp)}
        return cache[name]
    return rows


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_spending_topic_gives_these_rows(rows_of, name):
    assert rows_of(name) == EXPECTED[name]


def test_every_row_is_on_the_spending_topic_and_quotes_its_sentence():
    nlp = load_nlp()
    article = read_path(HERE / "summit_split.txt")
    rows = extract_article(article, "nato_spending", nlp)
    assert {r["topic"] for r in rows} == {"nato_spending"}
    orban = next(r for r in rows if r["leader"] == "Viktor Orbán")
    assert orban["quote"] == "Hungarian Prime Minister Viktor Orbán called the 5% target unaffordable for a country of Hungary's size."
    assert orban["cue"] == "unaffordable" and orban["date"] == "2025-06-20"


def test_the_troops_topic_finds_nothing_in_these_spending_articles():
    nlp = load_nlp()
    for name in sorted(EXPECTED):
        assert extract_article(read_path(HERE / f"{name}.txt"), "troops_to_ukraine", nlp) == [], name


def test_criticising_a_refusal_backs_the_target(rows_of):
    """'criticised Spain for refusing to meet the 5% target': the criticism backs it (rule criticised_refusal)."""
    assert ("Donald Trump", "United States", "support") in rows_of("engine_gaps")


def test_absolute_clause_and_not_blocking(rows_of):
    """Once strict xfails: 'Merz backed the target, with his finance minister … dismissing the 5%
    figure' is Merz's support (the 'with' clause is the minister's: absolute_clause); 'would not
    block the consensus' signs up (QUESTION.md; not_blocking)."""
    rows = rows_of("engine_gaps")
    assert ("Friedrich Merz", "Germany", "support") in rows
    assert ("Robert Fico", "Slovakia", "support") in rows


def test_a_headline_row_quotes_the_headline_as_printed(rows_of):
    """The headline is parsed as "Mark Carney commits …" (the small model reads "Carney commits" as a
    noun phrase), but its row quotes it as the page printed it."""
    article = read_path(HERE / "headline_surname.txt")
    [row] = extract_article(article, "nato_spending", load_nlp())
    assert row["quote"] == "Carney commits Canada to NATO's 5% goal by 2035"
    assert row["rule"].startswith("headline / ") and row["cue"] == "commits"


@pytest.mark.parametrize("text, expected", [
    # "help" asks it of the group (rules/demanding_verbs.txt): the proposer holds it
    ("NATO Secretary General Mark Rutte has proposed a model to help countries reach the five percent target.",
     {("Mark Rutte", "NATO", "support")}),
    # without it, what the group does is only described (unnamed_group): no row for the describer
    ("NATO Secretary General Mark Rutte said many countries reach the five percent target already.", set()),
])
def test_helping_the_allies_reach_it_is_asking_it_of_them(text, expected):
    from extract.schema import Article
    rows = extract_article(Article(article_id="help", text=text, published="2025-06-01"), "nato_spending", load_nlp())
    assert {(r["leader"], r["country"], r["position"]) for r in rows} == expected
