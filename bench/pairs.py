"""Throughput of ``drift pairs`` on a synthetic dataset of sentence pairs (the goal: 50 pairs/s or more).

Usage: python bench/pairs.py [--pairs 10000] [--batch-size 32] [--model NAME]

Builds N distinct pairs from eval/pairs/labelled.jsonl (each copy gets its own
place name and figures, so the embedding cache cannot serve repeats), scores
them as ``drift pairs`` does (``drift.pairs.score_batches``, each line
serialized) on a fresh cache, and prints pairs per second next to the raw
encoder's sentences per second on the same texts, in one process so the ratio
is fair on a noisy machine. Not a timed test.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from drift.embed import CachedEncoder, EmbeddingCache, load_encoder
from drift.pairmodel import PairModel
from drift.pairs import (
    PairInput,
    PairsSummary,
    _article,
    decode_lines,
    line_record,
    read_pairs,
    score_batches,
)
from drift.report.machine import json_line
from drift.segment import segment_articles

ROOT = Path(__file__).resolve().parent.parent
PLACES = ["Arden", "Belmora", "Cassel", "Dorvik", "Elsen", "Farrow", "Galt", "Hessel", "Ivra", "Jorvan"]


def synthetic_pairs(count: int, seed: int = 7) -> list[dict[str, str]]:
    """Distinct pairs: labelled pairs with a varying place and year added to both sides."""
    source = [json.loads(line) for line in (ROOT / "eval" / "pairs" / "labelled.jsonl").read_text().splitlines()]
    rng = random.Random(seed)
    pairs = []
    for number in range(count):
        base = source[number % len(source)]
        place = f"{rng.choice(PLACES)}{number // len(PLACES)}"
        year = 1900 + number % 120
        tail = f" The report was filed in {place} in {year}."
        pairs.append({"id": f"p{number}", "a": base["a"] + tail, "b": base["b"] + tail})
    return pairs


def score_file(path: Path, encoder: CachedEncoder, batch_size: int, judge: PairModel) -> PairsSummary:
    """What ``drift pairs`` does with a file, but for writing it out: every line parsed, scored, serialized."""
    summary = PairsSummary()
    with path.open("rb") as stream:
        for batch in score_batches(read_pairs(decode_lines(stream)), encoder, batch_size=batch_size, judge=judge):
            for item, outcome in batch:
                summary.count(outcome)
                json_line(line_record(item, outcome))
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    pairs = synthetic_pairs(args.pairs)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "pairs.jsonl"
        path.write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
        inner = load_encoder(args.model)
        inner.encode(["Warm-up sentence so that loading the model is not timed."])
        encoder = CachedEncoder(inner, EmbeddingCache(Path(work) / "cache.sqlite3"))
        started = time.perf_counter()
        judge = PairModel()
        load = time.perf_counter() - started
        memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        summary = score_file(path, encoder, args.batch_size, judge)
        elapsed = time.perf_counter() - started
        inputs = [p for p in read_pairs(path.read_text().splitlines()) if isinstance(p, PairInput)]
        sentences = [
            s.norm
            for article in segment_articles([_article(p.line, side, getattr(p, side)) for p in inputs for side in "ab"])
            for s in article.sentences
        ]
        started = time.perf_counter()
        for start in range(0, len(sentences), 1024):
            inner.encode(sentences[start : start + 1024])
        raw = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pairs scored: {summary.scored} ({summary.drift} drift), malformed {len(summary.problems)}")
    print(f"drift pairs: {elapsed:.1f} s, {summary.scored / elapsed:.1f} pairs/s with the pair model (goal: 50)")
    print(f"pair model: loaded in {load:.2f} s; peak memory {memory_before:.0f} MiB after loading it")
    extra = encoder.stats.misses - len(set(sentences))
    print(
        f"texts embedded: {encoder.stats.misses} ({len(set(sentences))} distinct sentences + {extra} quotes and names)"
    )
    print(
        f"raw encoder on the same {len(sentences)} sentences: {raw:.1f} s, {len(sentences) / raw:.0f} sentences/s "
        f"(= {summary.scored / raw:.1f} pairs/s if embedding were all)"
    )
    print(f"drift pairs time / raw encoder time: {elapsed / raw:.2f}")
    print(f"peak memory: {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
