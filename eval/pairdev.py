"""drift on the natural dev split of ``../shared/pairdata/`` (public pairs none of us wrote), beside baselines.

Used by ``eval/evaluate.py`` (``make eval``) and ``eval/calibrate.py``. For every dev pair
it runs ``drift.pairs.score_pairs`` (rules and pair model) and two plain baselines in the
same run: MiniLM cosine (``1 - cos`` of the two sides' vectors) and difflib's word ratio
(``1 - ratio``). It prints ROC-AUC per source and per kind, the share of benign pairs
(label ``same``) that get an error finding, and each rule's firing rate on benign pairs
and precision (share of its firings on labelled pairs that fall on ``drift`` pairs).
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

from drift.embed import Encoder
from drift.pairmodel import load_pair_model
from drift.pairs import PairInput, PairResult, score_pairs
from drift.records import Severity
from drift.thresholds import thresholds_for

ROOT = Path(__file__).resolve().parents[1]
PAIRDATA = ROOT.parent / "shared" / "pairdata"


@dataclass(frozen=True)
class DevPair:
    """A dev pair with drift's result and the baselines' scores."""

    id: str
    source: str
    kind: str
    label: str | None  # "same", "drift" or None (NLI entailment: no same/drift label)
    result: PairResult
    cosine: float  # 1 - cosine (higher: more drift)
    difflib: float  # 1 - word ratio


def read_dev(pairdata: Path = PAIRDATA, share: float = 1.0, seed: int = 0) -> list[dict]:
    """The dev records; ``share`` < 1 keeps that share of each source (a fixed random sample), for quick runs."""
    with gzip.open(pairdata / "dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    if share >= 1.0:
        return records
    rng = random.Random(seed)
    return [record for record in records if rng.random() < share]


def score_dev(records: Sequence[dict], encoder: Encoder, batch_size: int = 256) -> list[DevPair]:
    """drift's results and the baselines for every record, in batches (one encoder call each)."""
    thresholds = thresholds_for(encoder.family)
    judge = load_pair_model()
    scored: list[DevPair] = []
    for start in range(0, len(records), batch_size):
        batch = records[start : start + batch_size]
        pairs = [PairInput(start + i + 1, r["id"], r["a"], r["b"]) for i, r in enumerate(batch)]
        results = score_pairs(pairs, encoder, thresholds, judge=judge)
        a = encoder.encode([r["a"] for r in batch])
        b = encoder.encode([r["b"] for r in batch])
        cosines = np.einsum("ij,ij->i", a, b)
        for record, result, cosine in zip(batch, results, cosines, strict=True):
            ratio = SequenceMatcher(a=record["a"].split(), b=record["b"].split(), autojunk=False).ratio()
            scored.append(
                DevPair(
                    record["id"],
                    record["source"],
                    record["kind"],
                    record["label"],
                    result,
                    1.0 - float(cosine),
                    1.0 - ratio,
                )
            )
    return scored


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """ROC-AUC by ranks (ties count half); nan when one class is missing."""
    values = np.asarray(scores, dtype=float)
    truth = np.asarray(labels, dtype=bool)
    positives, negatives = int(truth.sum()), int((~truth).sum())
    if not positives or not negatives:
        return float("nan")
    order = values.argsort(kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_values[j + 1] == sorted_values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[truth].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def _auc_row(pairs: Sequence[DevPair], score: Iterable[float] | None = None) -> tuple[float, float, float]:
    labelled = [p for p in pairs if p.label in ("same", "drift")]
    labels = [int(p.label == "drift") for p in labelled]
    drift = [p.result.score for p in labelled] if score is None else list(score)
    return (
        auc(drift, labels),
        auc([p.cosine for p in labelled], labels),
        auc([p.difflib for p in labelled], labels),
    )


def report(pairs: Sequence[DevPair], scores: Sequence[float] | None = None, title: str = "drift") -> list[str]:
    """The printed tables: AUC per source and kind beside the baselines, errors on benign pairs, per rule."""
    score_of = {p.id: s for p, s in zip(pairs, scores, strict=True)} if scores is not None else None

    def row_scores(group: Sequence[DevPair]) -> list[float] | None:
        if score_of is None:
            return None
        return [score_of[p.id] for p in group if p.label in ("same", "drift")]

    lines = [f"pairdata dev split: {len(pairs)} pairs (ROC-AUC drift vs same; higher is better)"]
    lines.append(f"  {'source':<22} {'pairs':>6} {title:>7} {'cosine':>7} {'difflib':>7}")
    by_source: dict[str, list[DevPair]] = defaultdict(list)
    by_kind: dict[str, list[DevPair]] = defaultdict(list)
    for pair in pairs:
        by_source[pair.source].append(pair)
        by_kind[pair.kind].append(pair)
    for name, group in [*sorted(by_source.items()), ("pooled", list(pairs))]:
        labelled = [p for p in group if p.label in ("same", "drift")]
        ours, cosine, difflib = _auc_row(labelled, row_scores(group))
        lines.append(f"  {name:<22} {len(labelled):>6} {ours:>7.3f} {cosine:>7.3f} {difflib:>7.3f}")
    lines.append(f"  {'kind':<22} {'pairs':>6}")
    for name, group in sorted(by_kind.items()):
        labelled = [p for p in group if p.label in ("same", "drift")]
        if len({p.label for p in labelled}) < 2:
            continue
        ours, cosine, difflib = _auc_row(labelled, row_scores(group))
        lines.append(f"  {name:<22} {len(labelled):>6} {ours:>7.3f} {cosine:>7.3f} {difflib:>7.3f}")
    benign = [p for p in pairs if p.label == "same"]
    drifted = [p for p in pairs if p.label == "drift"]

    def with_error(group: Sequence[DevPair]) -> float:
        hits = sum(any(f.severity is Severity.ERROR for f in p.result.findings) for p in group)
        return hits / max(1, len(group))

    lines.append(
        f"  benign pairs with an error finding: {with_error(benign):.1%} of {len(benign)}; "
        f"drift pairs with one: {with_error(drifted):.1%} of {len(drifted)}"
    )
    fired: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pair in pairs:
        for finding in pair.result.findings:
            key = pair.label or "null"
            fired[finding.rule][key].add(pair.id)
            if finding.severity is Severity.ERROR:
                fired[finding.rule][f"{key}-error"].add(pair.id)
    lines.append(f"  {'rule':<7} {'on benign':>10} {'errors':>8} {'precision':>10} {'firings':>8}")
    for rule, seen in sorted(fired.items()):
        on_benign = len(seen["same"]) / max(1, len(benign))
        errors = len(seen["same-error"]) / max(1, len(benign))
        labelled = len(seen["same"]) + len(seen["drift"])
        precision = len(seen["drift"]) / labelled if labelled else float("nan")
        lines.append(f"  {rule:<7} {on_benign:>10.1%} {errors:>8.1%} {precision:>10.3f} {labelled:>8}")
    return lines
