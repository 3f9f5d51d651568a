"""The rule registry: every topic, attribution and stance rule by name, with an example sentence.

A rule is a small named function (or the named branch of one) registered with `@rule(...)` or
`declare(...)`. `on(name)` says whether it is switched on: `--disable-rule NAME` on the command line,
or `COALITION_DISABLE_RULES=a,b` in the environment (which pool and Dask workers inherit), turns
rules off without editing code. Every row's `rule` column lists the rules that made it, so a row
can be traced and `extract.evaluate` can group misses by rule.

`tests/rule_cases.csv` pins each rule with the articles whose rows change when it is off;
`tests/test_rules.py` fails for a registered rule that changes none of its own cases.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

ENV = "COALITION_DISABLE_RULES"


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str      # topic / attribution / stance
    example: str    # one sentence the rule decides


RULES: dict[str, Rule] = {}


def declare(name: str, stage: str, example: str) -> str:
    """Register a rule that is a branch of a larger function; returns its name."""
    if name in RULES and RULES[name] != Rule(name, stage, example):
        raise ValueError(f"rule '{name}' is declared twice")
    RULES[name] = Rule(name, stage, example)
    return name


def declare_all(stage: str, rules: list[tuple[str, str]]) -> None:
    """Register several branch rules of one stage: [(name, example sentence)]."""
    for name, example in rules:
        declare(name, stage, example)


def rule(name: str, stage: str, example: str):
    """Decorator: register a function as the rule `name`."""
    declare(name, stage, example)

    def wrap(fn):
        fn.rule = name
        return fn
    return wrap


_cache: tuple[str, frozenset[str]] = ("", frozenset())


def disabled() -> frozenset[str]:
    """The rules switched off, read from the environment at call time (a test or CLI may set it)."""
    global _cache
    raw = os.environ.get(ENV, "")
    if raw != _cache[0]:
        _cache = (raw, frozenset(n.strip() for n in raw.split(",") if n.strip()))
    return _cache[1]


def on(name: str) -> bool:
    return name not in disabled()


def disable(names) -> None:
    """Switch rules off for this process and the workers it starts (`catalogue.disable` checks the names)."""
    names = [n for n in names if n]
    os.environ[ENV] = ",".join(sorted(set(names) | disabled()))

