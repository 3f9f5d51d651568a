"""A topic's fallback model: multinomial logistic regression weights as a JSON data file,
`data/learned/<topic>.json` (written by `learned.train`); reading it needs no learning library."""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from .. import settings


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]            # "none" and the positions
    weights: dict                       # feature -> tuple of one weight per class
    bias: tuple[float, ...]
    threshold: float                    # least probability of a position for a row
    trained_on: tuple[str, ...] = ()

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        scores = list(self.bias)
        for f, v in feats.items():
            for i, w in enumerate(self.weights.get(f, ())):
                scores[i] += w * v
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}

    def decide(self, feats: dict[str, float]) -> tuple[str | None, float]:
        """(position, its probability), or (None, p) when no position is likely enough."""
        probs = self.probabilities(feats)
        position = max((c for c in self.classes if c != "none"), key=probs.get)
        said = 1.0 - probs.get("none", 0.0)
        return (position if said >= self.threshold else None), probs[position]


def model_path(topic_name: str, data_dir: str | None = None) -> Path:
    return Path(data_dir or settings.data_dir()) / "learned" / f"{topic_name}.json"


@functools.lru_cache(maxsize=None)
def load_model(topic_name: str, data_dir: str | None = None) -> Model | None:
    """The topic's model, or None when it has none (a new topic: its rules alone read it)."""
    path = model_path(topic_name, data_dir)
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Model(tuple(raw["classes"]), {f: tuple(w) for f, w in raw["weights"].items()},
                 tuple(raw["bias"]), float(raw["threshold"]), tuple(raw.get("trained_on", ())))


def save_model(model: Model, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = {"classes": list(model.classes), "threshold": model.threshold, "trained_on": list(model.trained_on),
           "bias": [round(b, 5) for b in model.bias],
           "weights": {f: [round(x, 5) for x in w] for f, w in sorted(model.weights.items())}}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(raw, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
