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


def all_rules() -> dict[str, Rule]:
    """Every registered rule: importing the rule modules registers them."""
    from .attribution import quoted, walk, window  # noqa: F401
    from .stance import clause, reading  # noqa: F401
    from .topic import terms  # noqa: F401
    return RULES


def disable(names) -> None:
    """Switch rules off for this process and the workers it starts; unknown names are an error."""
    names = [n for n in names if n]
    unknown = [n for n in names if n not in all_rules()]
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(unknown)} (see `python -m extract.registry`)")
    os.environ[ENV] = ",".join(sorted(set(names) | disabled()))


def main() -> int:
    """`python -m extract.registry`: every rule, its stage and its example sentence."""
    from extract import registry   # the package's module, not this __main__ copy
    for r in sorted(registry.all_rules().values(), key=lambda r: (r.stage, r.name)):
        print(f"{r.stage:<12} {r.name:<24} {r.example}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
