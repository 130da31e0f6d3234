"""Small learned components: a logistic regression over named sparse features.

A model is a JSON file in `sitroom/data/models/`: feature weights, a bias, the decision
threshold, and a note of what it was trained on and by which command. Scoring is a sum over
the features a sentence has — no numerical library is needed at run time. The training
script (`python -m benchmarks.train_models`) is the only place scikit-learn is used.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..errors import ModelError

Features = dict[str, float]


@dataclass(frozen=True)
class LinearModel:
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    about: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: Features) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value
                            for name, value in features.items())
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def decide(self, features: Features) -> tuple[bool, float]:
        p = self.probability(features)
        return p >= self.threshold, p

    def to_json(self) -> str:
        return json.dumps({"about": self.about, "bias": round(self.bias, 5),
                           "threshold": self.threshold,
                           "weights": {k: round(v, 5) for k, v in sorted(self.weights.items())}},
                          indent=0, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> LinearModel:
        data = json.loads(text)
        return cls(weights=data["weights"], bias=data["bias"], threshold=data["threshold"],
                   about=data.get("about", {}))


@cache
def load_model(name: str) -> LinearModel:
    """The shipped model `name` (package data; its absence is a broken install)."""
    path = resources.files("sitroom.data").joinpath("models").joinpath(f"{name}.json")
    if not path.is_file():
        raise ModelError(f"sitroom/data/models/{name}.json: not installed with sitroom; "
                         "reinstall the package (or train it: python -m benchmarks.train_models)")
    return LinearModel.from_json(path.read_text(encoding="utf-8"))
