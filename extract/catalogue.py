"""Every rule, registered: importing the rule modules fills `registry.RULES`.

    python -m extract.catalogue      # each rule's stage, name and example sentence

Kept apart from `registry` so that the rule modules, which import the registry, are imported
by nothing they import.
"""
from __future__ import annotations

from . import registry
from .registry import RULES, Rule


def all_rules() -> dict[str, Rule]:
    from .actors import mentions  # noqa: F401
    from .attribution import holders, quoted, walk, window  # noqa: F401
    from .judge import consolidate  # noqa: F401
    from .stance import clause, reading  # noqa: F401
    from .topic import terms  # noqa: F401
    return RULES


def disable(names) -> None:
    """Switch rules off by name (`--disable-rule`); an unknown name is an error, not a silent no-op."""
    names = [n for n in names if n]
    unknown = [n for n in names if n not in all_rules()]
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(unknown)} (see `python -m extract.catalogue`)")
    registry.disable(names)


def main() -> int:
    for r in sorted(all_rules().values(), key=lambda r: (r.stage, r.name)):
        print(f"{r.stage:<12} {r.name:<24} {r.example}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
