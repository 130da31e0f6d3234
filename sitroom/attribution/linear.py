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
from itertools import repeat
from operator import mul
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
        return self.probability_of_sum(sum(map(mul, map(self.weights.get, features,
                                                        repeat(0.0)), features.values())))

    def probability_of_sum(self, total: float) -> float:
        """The probability of features whose weights times values sum to `total`."""
        z = self.bias + total
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


@dataclass(frozen=True)
class SoftmaxModel:
    """A multinomial logistic regression: one weight table and bias per class."""

    classes: tuple[str, ...]
    weights: dict[str, dict[str, float]]  # feature → class → weight
    biases: dict[str, float]
    about: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, features: Features) -> dict[str, float]:
        z = dict(self.biases)
        for name, value in features.items():
            for label, weight in self.weights.get(name, {}).items():
                z[label] += weight * value
        top = max(z.values())
        exp = {label: math.exp(v - top) for label, v in z.items()}
        total = sum(exp.values())
        return {label: exp[label] / total for label in self.classes}

    def to_json(self) -> str:
        weights = {name: {c: round(w, 5) for c, w in sorted(per.items())}
                   for name, per in sorted(self.weights.items())}
        return json.dumps({"about": self.about, "classes": list(self.classes),
                           "biases": {c: round(b, 5) for c, b in self.biases.items()},
                           "weights": weights}, indent=0, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SoftmaxModel:
        data = json.loads(text)
        return cls(classes=tuple(data["classes"]), weights=data["weights"],
                   biases=data["biases"], about=data.get("about", {}))


def _model_text(name: str) -> str:
    path = resources.files("sitroom.data").joinpath("models").joinpath(f"{name}.json")
    if not path.is_file():
        raise ModelError(f"sitroom/data/models/{name}.json: not installed with sitroom; "
                         "reinstall the package (or train it: python -m benchmarks.train_models)")
    return path.read_text(encoding="utf-8")


@cache
def load_softmax(name: str) -> SoftmaxModel:
    """The shipped multinomial model `name`."""
    return SoftmaxModel.from_json(_model_text(name))


@cache
def load_model(name: str) -> LinearModel:
    """The shipped model `name` (package data; its absence is a broken install)."""
    return LinearModel.from_json(_model_text(name))
