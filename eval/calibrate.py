"""Fit drift's pair score (``drift.thresholds.PAIR_MODEL``) on the natural dev split of ``../shared/pairdata``.

Usage: python eval/calibrate.py [--pairdata DIR] [--model NAME] [--cache-dir DIR] [--folds 5]

Scores every dev pair with the rules and the pair model as configured, then fits the
logistic score over ``drift.scoring.PAIR_FEATURES`` on the labelled (same/drift) pairs.
It reports the cross-validated ROC-AUC (folds stratified by source, each fold scored by
a model fitted on the others) per source beside MiniLM cosine and difflib, and prints
the coefficients fitted on all of them, to copy into ``drift/thresholds.py``. Nothing is
written: a change of calibration is a reviewed commit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

from drift.embed import CachedEncoder, EmbeddingCache, load_encoder
from drift.scoring import PAIR_FEATURES
from drift.thresholds import LogisticModel

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pairdev import PAIRDATA, DevPair, read_dev, report, score_dev  # noqa: E402


def fit_logistic(
    x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None, l2: float = 0.001, steps: int = 5000
) -> LogisticModel:
    """L2-regularised logistic regression by gradient descent (small data, no dependency)."""
    weights = np.zeros(x.shape[1])
    intercept = 0.0
    rate = 1.0
    share = np.ones(len(y)) if sample_weight is None else sample_weight / sample_weight.mean()
    for _ in range(steps):
        z = x @ weights + intercept
        p = 1 / (1 + np.exp(-z))
        gradient = x.T @ ((p - y) * share) / len(y) + l2 * weights
        weights -= rate * gradient
        intercept -= rate * float(np.mean((p - y) * share))
    return LogisticModel(round(float(intercept), 3), tuple(round(float(w), 3) for w in weights))


def balanced_weights(pairs: list[DevPair]) -> np.ndarray:
    """Each source weighs the same, and within it each label: the NLI sets (every pair drifts) and the largest
    source would otherwise teach the score to tell sources apart rather than drift from paraphrase within one,
    which is what a corpus of unseen sources asks of it (on the dev split, CV AUC: IteraTeR 0.726 -> 0.811,
    SummEdits 0.687 -> 0.699)."""
    counts: dict[tuple[str, str | None], int] = {}
    for pair in pairs:
        counts[pair.source, pair.label] = counts.get((pair.source, pair.label), 0) + 1
    return np.array([1.0 / counts[pair.source, pair.label] for pair in pairs])


def cross_validated(pairs: list[DevPair], folds: int, seed: int = 0) -> dict[str, float]:
    """Each labelled pair's score from a model fitted on the other folds (stratified by source)."""
    labelled = [p for p in pairs if p.label in ("same", "drift")]
    rng = random.Random(seed)
    fold_of: dict[str, int] = {}
    by_source: dict[str, list[DevPair]] = {}
    for pair in labelled:
        by_source.setdefault(pair.source, []).append(pair)
    for group in by_source.values():
        rng.shuffle(group)
        for i, pair in enumerate(group):
            fold_of[pair.id] = i % folds
    x = np.array([p.result.features.vector() for p in labelled])  # type: ignore[union-attr]
    y = np.array([p.label == "drift" for p in labelled], dtype=float)
    fold = np.array([fold_of[p.id] for p in labelled])
    scores: dict[str, float] = {}
    weights = balanced_weights(labelled)
    for k in range(folds):
        model = fit_logistic(x[fold != k], y[fold != k], weights[fold != k])
        for pair, row in zip((p for p, f in zip(labelled, fold, strict=True) if f == k), x[fold == k], strict=True):
            scores[pair.id] = model.probability(row)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairdata", default=str(PAIRDATA))
    parser.add_argument("--model", default=None)
    parser.add_argument("--cache-dir", default=str(HERE.parent / ".drift_cache"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--share", type=float, default=1.0, help="score this share of each source (quick runs)")
    args = parser.parse_args(argv)
    if not (Path(args.pairdata) / "dev.jsonl.gz").is_file():
        print(f"calibrate: no dev.jsonl.gz in {args.pairdata}", file=sys.stderr)
        return 2
    encoder = CachedEncoder(load_encoder(args.model), EmbeddingCache(Path(args.cache_dir) / "embeddings.sqlite3"))
    pairs = score_dev(read_dev(Path(args.pairdata), args.share), encoder)
    cv = cross_validated(pairs, args.folds)
    scores = [cv.get(p.id, p.result.score) for p in pairs]
    print(f"cross-validated ({args.folds} folds, stratified by source):")
    print("\n".join(report(pairs, scores, title="drift-cv")))
    labelled = [p for p in pairs if p.label in ("same", "drift")]
    x = np.array([p.result.features.vector() for p in labelled])  # type: ignore[union-attr]
    y = np.array([p.label == "drift" for p in labelled], dtype=float)
    model = fit_logistic(x, y, balanced_weights(labelled))
    dump = Path(args.cache_dir) / "pairdev-features.json"
    dump.write_text(
        json.dumps([[p.id, p.source, p.label, p.result.features.vector()] for p in labelled]),  # type: ignore[union-attr]
        encoding="utf-8",
    )
    print(f"features: {', '.join(PAIR_FEATURES)}")
    print(f"PAIR_MODEL = {model}  (fitted on {len(labelled)} labelled dev pairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
