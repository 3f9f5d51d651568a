"""Generated worst cases for read -> extract, each (file name, bytes) of about `chars` characters.

Shared by tests/test_hostile.py (small sizes), bench/fuzz.py and bench/worst_cases.py (500,000
characters, the article limit).  Only generated text: no third-party content.
"""
from __future__ import annotations

NAMES = ["Emmanuel Macron", "Keir Starmer", "Donald Tusk", "Friedrich Merz", "Giorgia Meloni",
         "Pedro Sánchez", "Olaf Scholz", "Mark Rutte", "Ursula von der Leyen", "Ulf Kristersson"]
TOPIC = "Macron said France would send troops to Ukraine. "


def _fill(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def worst_cases(chars: int = 500_000) -> dict[str, tuple[str, bytes]]:
    """kind -> (file name, bytes)."""
    names = " ".join(NAMES)
    text = {
        "repeated topic words": ("topic.txt", _fill("troops Ukraine deploy send troops ", chars)),
        "repeated topic sentences": ("sentences.txt", _fill(TOPIC, chars)),
        "one giant sentence": ("giant.txt", _fill("Macron, Starmer and Tusk said troops would go to Ukraine, and ",
                                                  chars)),
        "giant sentence with line breaks": ("lines.txt", _fill("troops to Ukraine\n", chars)),
        "unclosed quotes": ("quotes.txt", "Macron said: “" + _fill("we will send troops to Ukraine, ", chars)),
        "many quote marks": ("marks.txt", _fill("“troops” ‘Ukraine’ \"send\" «deploy» ", chars)),
        "thousands of names": ("names.txt", _fill(names + " said troops to Ukraine, ", chars)),
        "names without topic": ("names_only.txt", _fill(names + ", ", chars)),
        "deep html nesting": ("deep.html", "<html><body>" + "<div>" * (chars // 10) + TOPIC * 20
                              + "</div>" * (chars // 10) + "</body></html>"),
        "deep markdown nesting": ("deep.md", _fill("> " * 200 + TOPIC + "\n", chars)),
        "markdown emphasis run": ("stars.md", _fill("**a ", chars)),
        "markdown brackets": ("brackets.md", "[" * chars),
        "markdown images": ("images.md", _fill("![", chars)),
        "markup characters in text": ("markup.txt", _fill("*_[]()<>#`~|\\", chars)),
        "topic words in markup": ("markup_topic.md", _fill("**troops** [Ukraine](x) _send_ ", chars)),
        "no spaces": ("nospace.txt", _fill("troopsUkraineMacron", chars)),
        "punctuation only": ("punct.txt", _fill(".,;:!?", chars)),
        "many html elements": ("elements.html", "<html><body>" + _fill("<p><b>troops</b> to Ukraine</p>", chars)
                               + "</body></html>"),
        "html tags only": ("tags.html", "<html><body>" + _fill("<b></b><i>", chars) + "</body></html>"),
    }
    return {kind: (name, body[:chars].encode("utf-8")) if not name.endswith(".html") else (name, body.encode("utf-8"))
            for kind, (name, body) in text.items()}
