"""A calibrated drift score for an aligned pair: how likely the variant no longer says the same.

Two logistic models over a few features, fitted on the dev half of the
labelled pairs in ``eval/pairs/`` by ``eval/calibrate.py`` (coefficients in
``drift.config``):

* ``meaning``: from the pair alone (embedding dissimilarity, words added,
  words dropped). Used by the meaning-drift rule on pairs the specific rules
  do not explain;
* ``pair``: the same features plus the rules' evidence (errors and warnings
  found); the score ``drift pairs`` reports.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from drift.language import content_stems


@dataclass(frozen=True)
class PairFeatures:
    """What a score is computed from; all in [0, 1]."""

    dissimilarity: float  # 1 - cosine of the two sides
    added: float  # share of the variant's topical words the reference does not use
    dropped: float  # share of the reference's topical words the variant does not use
    errors: float = 0.0  # error findings of the rules, capped at 3, over 3
    warnings: float = 0.0  # warning findings, capped at 3, over 3

    def vector(self, with_rules: bool) -> list[float]:
        base = [self.dissimilarity, self.added, self.dropped]
        return [*base, self.errors, self.warnings] if with_rules else base


def word_change(
    reference: str, variant: str, reference_language: str | None, variant_language: str | None
) -> tuple[float, float]:
    """(added, dropped): shares of topical word stems on one side only (0 for different languages)."""
    if reference_language != variant_language:
        return 0.0, 0.0
    old, new = content_stems(reference, reference_language), content_stems(variant, variant_language)
    added = len(new - old) / len(new) if new else 0.0
    dropped = len(old - new) / len(old) if old else 0.0
    return added, dropped


@dataclass(frozen=True)
class LogisticModel:
    """``sigmoid(intercept + weights · features)``."""

    intercept: float
    weights: tuple[float, ...]

    def probability(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
