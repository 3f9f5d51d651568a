"""Methodology: how the positions are made and how far to trust them (the app's page and the
pack's slide read the same lines)."""
from __future__ import annotations

MEASURED_ON = "2026-12-04"
# Measured with extract.evaluate (README, "Evaluating") on real news articles nobody had seen when
# the rules were written (tests/real15, collected in round 13 and held out all of it, scored with the
# round's starting and final code: 0.525 and 0.525, not one row different; 40 articles, 35 with a position;
# the unseen sets so far ranged 0.42-0.59), and on the dev set the rules were tuned on (tests/real, rules
# alone: the learned fallback was trained on it).
REAL_F1, REAL_P, REAL_R, REAL_ARTICLES = 0.53, 0.55, 0.50, 40
UNSEEN_RANGE = (0.42, 0.59)
DEV_F1, DEV_ARTICLES = 0.78, 50
INVENTED_RANGE = (0.82, 0.94)
MEASURED_TOPIC = "troops_to_ukraine"   # the topic these numbers were measured on
# Confidence bands (extract.evaluate's bands, 2026-12-04, round 13's final code; the weights are round 9's,
# bench/calibrate.py): (band, holders right, holders judged) on the 40 real articles of tests/real15, held out
# all round 13, and on the 565 articles of the fourteen troops dev sets (tests/real's dev split, tests/real2 to
# tests/real14; the rules were written on them and the weights fitted on most). No row reaches 0.8.
CONFIDENCE_HELDOUT = (("0.7–0.8", 11, 17), ("0.6–0.7", 11, 16), ("below 0.6", 25, 52))
CONFIDENCE_DEV = (("0.7–0.8", 202, 254), ("0.6–0.7", 260, 310), ("below 0.6", 445, 586))


def _bands(bands) -> str:
    return ", ".join(f"{band} {right / rows:.0%} ({right} of {rows})" for band, right, rows in bands)



def topic_note(label: str | None) -> str:
    """For a topic other than the measured one: a line saying the numbers are not its own ("" else)."""
    from dashboard.topics import topic_label
    measured = topic_label(MEASURED_TOPIC)
    if not label or label == measured:
        return ""
    return (f"These numbers were measured on the topic '{measured}'; the topic shown here, '{label}', "
            "has its own accuracy, not measured on this page.")

TITLE = "Method and accuracy"
HEADLINE = (f"On {REAL_ARTICLES} real news articles unseen when the rules were written ({MEASURED_ON}) the "
            f"stance F1 is {REAL_F1:.2f} (precision {REAL_P:.2f}, recall {REAL_R:.2f}; {UNSEEN_RANGE[0]:.2f}–"
            f"{UNSEEN_RANGE[1]:.2f} over the unseen sets so far): about half the positions are missed or wrong. "
            "Check a position against its quote before you rely on it.")
POINTS = [
    "Positions (support / conditional / oppose) are read by rules over a spaCy parse of each article. "
    "Where no rule reads a leader or government named in a sentence on the topic, a small model trained on "
    "nine annotated real-news sets may: its rows say 'model' and its probability in the cue column and "
    "carry a lower confidence (about two in three are right). Nothing is sent to a server.",
    f"Measured on {REAL_ARTICLES} real 2025–26 news articles unseen when the rules were written (tests/real15, "
    f"{MEASURED_ON}): stance F1 {REAL_F1:.2f}, precision {REAL_P:.2f}, recall {REAL_R:.2f}. On the "
    f"{DEV_ARTICLES} articles the rules were developed on it is {DEV_F1:.2f}: expect the lower figure.",
    f"Invented test sets give {INVENTED_RANGE[0]:.2f}–{INVENTED_RANGE[1]:.2f}: they overstate real-news accuracy "
    "and are regression tests only. Gold labels follow the shared ANNOTATION rules (shared/eval/ANNOTATION.md), "
    "by two annotators per real set who had not seen the rules (agreement 0.89–1.00).",
    "A row's confidence estimates the chance that its holder's position is right, from how it was found "
    "(stance, a named holder, an official, 'the idea', several sentences; extract/rules/confidence_model.csv). "
    "On real articles held out "
    f"from that fit the rows were right: {_bands(CONFIDENCE_HELDOUT)}; on the articles it was fitted on "
    f"{_bands(CONFIDENCE_DEV)}. No row reaches 0.8, and on new text the bands part little: read a row as "
    "about two in three right at 0.6 or more and one in two below; below 0.6 a row is marked for a second look.",
    "A country's position is its head of government or state's latest statement on or before the as-of "
    "date; without one, the most frequent latest position among its speakers.",
    "Quote marks surround only a speaker's own words; a reporter's sentence is shown as reported, "
    "with the speaker and the outlet named. Articles with no outlet or link are flagged as unsourced.",
]


def render(ctx=None) -> None:
    import streamlit as st
    from dashboard.views.common import md
    st.subheader(TITLE)
    note = topic_note(getattr(ctx, "topic_label", None))
    if note:
        st.warning(md(note))
    st.markdown(f"**{md(HEADLINE)}**")
    for p in POINTS:
        st.markdown(f"- {md(p)}")
    c1, c2, c3 = st.columns(3)
    c1.metric("Stance F1, real news", f"{REAL_F1:.2f}", help=f"{REAL_ARTICLES} articles, {MEASURED_ON}")
    c2.metric("Precision", f"{REAL_P:.2f}")
    c3.metric("Recall", f"{REAL_R:.2f}")
