"""Fit the pair model of ``drift.scoring`` on the dev half of eval/pairs/labelled.jsonl.

Usage: python eval/calibrate.py [--model NAME] [--cache-dir DIR]

Scores every labelled pair with the rules as configured, fits the logistic
pair model (embedding dissimilarity, words added and dropped, the rules'
errors and warnings) on the dev pairs, and prints its coefficients (to copy
into drift/config.py) and the ROC-AUC on both halves. It also prints the
ROC-AUC that the embedding features alone reach on the pairs no rule
explains: the reason the meaning-drift rule is an outlier test, not a
probability. Nothing is written: a change of calibration is a reviewed commit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from drift.config import thresholds_for
from drift.embed import CachedEncoder, EmbeddingCache, load_encoder
from drift.pairs import PairInput, pair_features, read_pairs, score_pairs
from drift.records import Category
from drift.scoring import LogisticModel

HERE = Path(__file__).resolve().parent
EXPLAINING = {Category.NUMBER, Category.ENTITY, Category.QUOTE, Category.MEANING, Category.OMISSION}


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.001, steps: int = 20000) -> LogisticModel:
    """L2-regularised logistic regression by gradient descent (small data, no dependency)."""
    weights = np.zeros(x.shape[1])
    intercept = 0.0
    rate = 0.5
    for _ in range(steps):
        z = x @ weights + intercept
        p = 1 / (1 + np.exp(-z))
        gradient = x.T @ (p - y) / len(y) + l2 * weights
        weights -= rate * gradient
        intercept -= rate * float(np.mean(p - y))
    return LogisticModel(round(float(intercept), 3), tuple(round(float(w), 3) for w in weights))


def auc(scores: list[float], labels: list[int]) -> float:
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--cache-dir", default=str(HERE.parent / ".drift_cache"))
    args = parser.parse_args(argv)
    encoder = CachedEncoder(load_encoder(args.model), EmbeddingCache(Path(args.cache_dir) / "embeddings.sqlite3"))
    thresholds = thresholds_for(encoder.family)
    lines = (HERE / "pairs" / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
    gold = {record["id"]: record for record in map(json.loads, lines)}
    pairs = [pair for pair in read_pairs(lines) if isinstance(pair, PairInput)]
    split = {pair.line: gold[pair.id]["split"] for pair in pairs}
    label = {pair.line: int(gold[pair.id]["label"] == "drift") for pair in pairs}
    results = score_pairs(pairs, encoder, thresholds)
    features = _features(pairs, encoder, [(r.line, r.findings) for r in results])

    unexplained = [r.line for r in results if not any(f.category in EXPLAINING for f in r.findings)]
    for half in ("dev", "test"):
        lines_of = [line for line in unexplained if split[line] == half]
        scores = [features[line].dissimilarity for line in lines_of]
        labels = [label[line] for line in lines_of]
        print(
            f"{half}: ROC-AUC of embedding dissimilarity on {len(lines_of)} pairs no rule explains: "
            f"{auc(scores, labels):.3f}"
        )

    dev_lines = [r.line for r in results if split[r.line] == "dev"]
    x = np.array([features[line].vector(with_rules=True) for line in dev_lines])
    y = np.array([label[line] for line in dev_lines])
    pair_model = fit_logistic(x, y)
    print(f"pair model: {pair_model}  (fitted on {len(dev_lines)} dev pairs)")
    for half in ("dev", "test"):
        lines_of = [r.line for r in results if split[r.line] == half]
        scores = [pair_model.probability(features[line].vector(with_rules=True)) for line in lines_of]
        labels = [label[line] for line in lines_of]
        accuracy = np.mean([(s >= 0.5) == bool(y) for s, y in zip(scores, labels, strict=True)])
        print(f"{half}: ROC-AUC {auc(scores, labels):.3f}, accuracy at 0.5 {accuracy:.3f} ({len(lines_of)} pairs)")
    return 0


def _features(pairs, encoder, rows):  # type: ignore[no-untyped-def]
    """PairFeatures per line, recomputed from the pairs (same code path as drift pairs)."""
    from drift.embed import embed_articles
    from drift.pairs import _article
    from drift.segment import segment_articles

    articles = segment_articles([_article(p.line, side, getattr(p, side)) for p in pairs for side in "ab"])
    vectors = embed_articles(articles, encoder)
    by_id = {a.id: a for a in articles}
    result = {}
    for line, found in rows:
        ref, var = by_id[f"{line}:a"], by_id[f"{line}:b"]
        result[line] = pair_features(ref, var, vectors[ref.id], vectors[var.id], found)
    return result


if __name__ == "__main__":
    sys.exit(main())
