"""Topics in the dashboard: which topics the data holds, the one the views show, their labels,
and two topics side by side, country by country.

Positions on two questions are never mixed: every view and the briefing pack stand on one topic
at a time (the sidebar's selector, ``?topic=`` in the link); the comparison view puts two of
them next to each other. Pure functions, no streamlit.
"""
from __future__ import annotations

import json
import textwrap

import pandas as pd

from dashboard.filters import POSITIONS

NO_STATEMENT = "no statement"
# The compared positions' second channel beside the colour (the palette's shapes, as text glyphs:
# a table cell or a rect carries text, not a point shape).
GLYPHS = {"support": "●", "conditional": "◆", "oppose": "■", NO_STATEMENT: "–"}
COMPARE_COLUMNS = ["country", "position_a", "position_b", "speaker_a", "date_a", "speaker_b", "date_b"]


def topics_in(df: pd.DataFrame) -> list[str]:
    """The topics the rows hold: the default topic (settings.DEFAULT_TOPIC) first, then the others
    by their number of rows, most first, then by name. Kept per version of the app's shared table
    (dashboard.data.options): every rerun asks several times."""
    from dashboard import data
    if data.version_of(df) is not None:
        return list(data.options(df)["ranked_topics"])
    return rank_topics(df)


def rank_topics(df: pd.DataFrame) -> list[str]:
    """topics_in, computed."""
    from extract import settings
    if df.empty or "topic" not in df:
        return []
    counts = df["topic"].fillna("").astype(str).value_counts()
    names = [t for t in counts.index if t]
    return sorted(names, key=lambda t: (t != settings.DEFAULT_TOPIC, -int(counts[t]), t))


def chosen_topic(df: pd.DataFrame, wanted: list[str] | str | None) -> str | None:
    """The one topic the views show: the wanted one (the selector, the link) when the data holds
    it, else the first of ``topics_in``; None when no row has a topic."""
    names = topics_in(df)
    wanted = [wanted] if isinstance(wanted, str) else list(wanted or [])
    for name in wanted:
        if name in names:
            return name
    return names[0] if names else None


def topic_label(name: str | None) -> str:
    """The topic's label from its topic file ("Sending European troops to Ukraine"; the engine
    re-reads a changed file); without a readable file, its name made readable ("nato_spending" ->
    "Nato spending"), so rows of a removed or broken topic still show."""
    if not name:
        return ""
    from extract.topic.topics import load_topic
    try:
        label = load_topic(name).label
    except Exception:   # noqa: BLE001 - the file gone or broken: its rows still show, under their name
        label = ""
    return label or name.replace("_", " ").strip().capitalize()


def compare(countries_a: pd.DataFrame, countries_b: pd.DataFrame) -> pd.DataFrame:
    """One row per country with a position on topic A or topic B (``filters.country_positions``
    output for each): its position on each, and the speaker and date that decide it. A country
    with a position on one topic only has ``NO_STATEMENT`` for the other, never dropped. Ordered
    by the position on A (support, conditional, oppose, none), then on B, then by name."""
    def side(countries: pd.DataFrame, s: str) -> pd.DataFrame:
        c = countries.reindex(columns=["country", "position", "leader", "date"]).fillna("")
        speaker = [l or f"{k} (government)" for l, k in zip(c["leader"].astype(str), c["country"])]
        return pd.DataFrame({"country": c["country"].astype(str), f"position_{s}": c["position"].astype(str),
                             f"speaker_{s}": speaker, f"date_{s}": c["date"].astype(str)})

    out = side(countries_a, "a").merge(side(countries_b, "b"), on="country", how="outer")
    for s in ("a", "b"):
        out[f"position_{s}"] = out[f"position_{s}"].fillna(NO_STATEMENT).replace("", NO_STATEMENT)
        out[f"speaker_{s}"] = out[f"speaker_{s}"].fillna("")
        out[f"date_{s}"] = out[f"date_{s}"].fillna("")
    rank = {p: i for i, p in enumerate((*POSITIONS, NO_STATEMENT))}
    out = out.assign(_ra=out["position_a"].map(rank), _rb=out["position_b"].map(rank))
    out = out.sort_values(["_ra", "_rb", "country"], kind="stable")
    return out[COMPARE_COLUMNS].reset_index(drop=True).astype(str)


def with_glyph(position: str) -> str:
    """'● support': the position with its shape, so a cell reads without its colour."""
    return f"{GLYPHS.get(position, '')} {position}".strip()


def restrict(table: pd.DataFrame, positions: list[str]) -> pd.DataFrame:
    """The sidebar's position filter on a comparison: countries holding one of them on either topic."""
    if not positions:
        return table
    return table[table["position_a"].isin(positions) | table["position_b"].isin(positions)]


def compare_chart_data(table: pd.DataFrame, label_a: str, label_b: str) -> pd.DataFrame:
    """The comparison as one row per (country, topic) cell, for the chart."""
    from dashboard.palette import POSITION_TEXT
    cells = []
    for order, r in enumerate(table.to_dict("records")):
        for s, label in (("a", label_a), ("b", label_b)):
            position = r[f"position_{s}"]
            cells.append({"country": r["country"], "topic": label, "side": s, "position": position,
                          "text": with_glyph(position), "speaker": r[f"speaker_{s}"], "date": r[f"date_{s}"],
                          "text_colour": POSITION_TEXT.get(position, "#555555"), "order": order})
    return pd.DataFrame(cells, columns=["country", "topic", "side", "position", "text", "speaker", "date",
                                        "text_colour", "order"])


def compare_chart(table: pd.DataFrame, label_a: str, label_b: str, select: bool = True, row_px: int = 28,
                  font: int = 13):
    """Each country's position on topic A beside topic B: one row per country, one coloured cell per
    topic (the palette's colour, and the position written with its shape), empty grey cells for
    "no statement". A click on a row picks the country (its quotes are listed below the chart).
    ``font``: the px size of the labels and cell texts (24 on a projector)."""
    import altair as alt
    from dashboard.palette import NO_DATA_COLOR, POSITION_COLORS, POSITION_LABELS
    d = compare_chart_data(table, label_a, label_b)
    domain = [*POSITIONS, NO_STATEMENT]
    colour = alt.Color("position:N", scale=alt.Scale(domain=domain, range=[*(POSITION_COLORS[p] for p in POSITIONS),
                                                                           NO_DATA_COLOR]),
                       legend=alt.Legend(title="Position", orient="top", symbolType="square", symbolStrokeColor="#999",
                                         symbolStrokeWidth=0.5,
                                         labelExpr=" : ".join(f"datum.value == '{p}' ? '{POSITION_LABELS[p]}'"
                                                              for p in POSITIONS) + " : 'No statement'"))
    # long topic labels on two or more lines, so the two column heads never run into each other; Vega
    # draws the extra lines below the first, so the padding lifts the block clear of the cells
    lines = {lab: textwrap.wrap(lab, 24) or [lab] for lab in (label_a, label_b)}
    wrapped = " : ".join(f"datum.value == {json.dumps(lab)} ? {json.dumps(ls)}" for lab, ls in lines.items()) \
        + " : datum.label"
    padding = 6 + (max(len(ls) for ls in lines.values()) - 1) * round(font * 1.25)
    x = alt.X("topic:N", sort=[label_a, label_b], title=None,
              axis=alt.Axis(orient="top", labelAngle=0, labelLimit=520, labelFontSize=font, labelFontWeight="bold",
                            labelColor="#222", labelExpr=wrapped, labelAlign="center", labelBaseline="bottom",
                            labelLineHeight=round(font * 1.25), labelPadding=padding))
    y = alt.Y("country:N", sort=alt.EncodingSortField("order", order="ascending"), title=None,
              axis=alt.Axis(labelLimit=300, labelFontSize=font, labelColor="#222"))
    base = alt.Chart(d)
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y, color=colour,
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("topic:N", title="Topic"),
                 alt.Tooltip("position:N", title="Position"), alt.Tooltip("speaker:N", title="Decided by"),
                 alt.Tooltip("date:N", title="On")])
    if select:
        # the name the app's chart-click focus reads (views.common.FOCUS_FIELDS)
        cells = cells.add_params(alt.selection_point(name="pick_country", fields=["country"]))
    words = base.mark_text(fontSize=font).encode(x=x, y=y, text="text:N", color=alt.Color("text_colour:N", scale=None))
    return alt.layer(cells, words).properties(
        height=max(80, row_px * len(table)), autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        title=alt.TitleParams(f"{label_a} vs {label_b}",
                              subtitle="Each country's position on each topic, decided as in the other views"))
