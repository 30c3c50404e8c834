"""Sentence alignment on the public dev documents (``../shared/aligndev``): drift next to a Gale-Church baseline.

Each set is one document pair, one sentence per physical line (blank lines
included), with gold beads ``[src]:[tgt]``. Strict and lax precision, recall and
F1 are computed as the set's README defines them (micro-averaged over documents).
The baseline is the length-based DP of Gale and Church (1993): what sentence
lengths alone achieve, so that a regression of drift's aligner shows.

Moved-block variants: in each target document a block of three consecutive 1-1
gold beads is moved, deterministically, from a third of the way through the
document to two thirds; the gold is renumbered and the moved beads counted.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from drift.embed import Encoder
from drift.pipeline import align_documents

Bead = tuple[frozenset[int], frozenset[int]]

# Gale & Church (1993), table 5 and section 3: bead priors, and the variance of target length per source character.
_GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (2, 2): 0.011}
_GC_VARIANCE = 6.8


@dataclass(frozen=True)
class Counts:
    """Hits for strict and lax precision and recall."""

    strict_hits: int = 0
    strict_found: int = 0
    lax_hits: int = 0
    lax_found: int = 0
    predicted: int = 0
    gold: int = 0

    def scores(self) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        return _prf(self.strict_hits, self.predicted, self.strict_found, self.gold), _prf(
            self.lax_hits, self.predicted, self.lax_found, self.gold
        )


def _prf(hits: int, predicted: int, found: int, gold: int) -> tuple[float, float, float]:
    precision, recall = hits / max(predicted, 1), found / max(gold, 1)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def read_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def read_gold(path: Path) -> list[Bead]:
    beads = []
    for line in read_lines(path):
        src, tgt = line.split("]:[")
        beads.append((_indices(src), _indices(tgt)))
    return beads


def _indices(text: str) -> frozenset[int]:
    return frozenset(int(x) for x in text.strip("[]").split(",") if x.strip())


def score(predicted: Sequence[Bead], gold: Sequence[Bead]) -> Counts:
    """Strict: exact gold beads; lax: sharing a sentence on both sides. Recall over gold beads with both sides."""
    linked = [bead for bead in gold if bead[0] and bead[1]]
    gold_set = set(gold)

    def overlaps(x: Bead, y: Bead) -> bool:
        return bool(x[0] & y[0] and x[1] & y[1])

    predicted_set = set(predicted)
    return Counts(
        strict_hits=sum(1 for bead in predicted if bead in gold_set),
        strict_found=sum(1 for bead in linked if bead in predicted_set),
        lax_hits=sum(1 for bead in predicted if any(overlaps(bead, g) for g in linked)),
        lax_found=sum(1 for g in linked if any(overlaps(bead, g) for bead in predicted)),
        predicted=len(predicted),
        gold=len(linked),
    )


def gale_church(src: Sequence[str], tgt: Sequence[str]) -> list[Bead]:
    """The length-based alignment: each bead costs -log(prior) - log P(length difference)."""
    n, m = len(src), len(tgt)
    ratio = (sum(map(len, tgt)) + 1) / (sum(map(len, src)) + 1)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for (a, b), prior in _GC_PRIORS.items():
                if a > i or b > j or cost[i - a][j - b] == inf:
                    continue
                ls, lt = sum(len(s) for s in src[i - a : i]), sum(len(t) for t in tgt[j - b : j])
                delta = (lt - ls * ratio) / math.sqrt(max(ls, 1) * _GC_VARIANCE)
                tail = max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)
                value = cost[i - a][j - b] - math.log(prior) - math.log(tail)
                if value < cost[i][j]:
                    cost[i][j], back[i][j] = value, (a, b)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        a, b = step
        beads.append((frozenset(range(i - a, i)), frozenset(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def drift_beads(src: Path, tgt: Path, encoder: Encoder, multilingual: Encoder | None) -> list[tuple[Bead, bool]]:
    """drift's beads as ``drift align --presegmented`` finds them, each with its moved mark."""
    _, _, alignment = align_documents(str(src), str(tgt), encoder, presegmented=True, multilingual=multilingual)
    return [((frozenset(p.ref), frozenset(p.var)), p.moved) for p in alignment.pairs]


def moved_variant(tgt: list[str], gold: list[Bead]) -> tuple[list[str], list[Bead], list[Bead]]:
    """The target with three consecutive 1-1 gold beads moved from a third of the way to two thirds.

    Returns the new target lines, the renumbered gold, and the moved gold beads.
    """
    ones = [k for k, (s, t) in enumerate(gold) if len(s) == 1 and len(t) == 1]
    first = next(k for k in ones if k >= len(gold) // 3 and {k + 1, k + 2} <= set(ones))
    block = sorted(next(iter(gold[k][1])) for k in (first, first + 1, first + 2))
    after = max(max(t) for s, t in gold[: 2 * len(gold) // 3] if t)  # the block goes after this target line
    order = [j for j in range(len(tgt)) if j not in block]
    cut = order.index(after) + 1
    order = order[:cut] + block + order[cut:]
    new_index = {old: new for new, old in enumerate(order)}
    renumbered = [(s, frozenset(new_index[j] for j in t)) for s, t in gold]
    moved = [renumbered[k] for k in (first, first + 1, first + 2)]
    return [tgt[j] for j in order], renumbered, moved


def _row(name: str, counts: Counts) -> str:
    strict, lax = counts.scores()
    shown = " ".join("/".join(f"{x:.3f}" for x in part) for part in (strict, lax))
    return f"{name:10} {shown}"


def evaluate(directory: Path, encoder: Encoder, multilingual: Encoder | None) -> None:
    """Print strict and lax P/R/F1 per set for drift and the baseline, and the moved-block variants."""
    sets = sorted(path for path in directory.iterdir() if (path / "dev.gold").is_file()) if directory.is_dir() else []
    if not sets:
        print(f"alignment dev documents: none in {directory} (skipped)")
        return
    print(f"alignment on {directory} (strict P/R/F1, lax P/R/F1)")
    print(f"  {'set':18} {'aligner':10} {'strict P/R/F1':17} {'lax P/R/F1':17}")
    moved_total = moved_found = 0
    for path in sets:
        src, tgt, gold = read_lines(path / "dev.src"), read_lines(path / "dev.tgt"), read_gold(path / "dev.gold")
        ours = drift_beads(path / "dev.src", path / "dev.tgt", encoder, multilingual)
        plain = score([bead for bead, _ in ours], gold)
        print(f"  {path.name:18} {_row('drift', plain)}")
        print(f"  {'':18} {_row('gale-church', score(gale_church(src, tgt), gold))}")
        variant, renumbered, moved = moved_variant(tgt, gold)
        with tempfile.TemporaryDirectory() as folder:
            moved_tgt = Path(folder) / "dev.tgt"
            moved_tgt.write_text("\n".join(variant) + "\n", encoding="utf-8")
            beads = drift_beads(path / "dev.src", moved_tgt, encoder, multilingual)
        found = {bead for bead, _ in beads}
        unmodified = {bead for bead, _ in ours}
        kept = [k for k in range(len(gold)) if renumbered[k] not in moved]
        before = sum(1 for k in kept if gold[k] in unmodified)
        after = sum(1 for k in kept if renumbered[k] in found)
        recovered = sum(1 for bead in moved if bead in found)
        marked = sum(1 for bead, is_moved in beads if is_moved and bead in moved)
        moved_total += len(moved)
        moved_found += recovered
        print(
            f"  {'':18} moved block: {recovered}/{len(moved)} moved beads recovered ({marked} marked moved); "
            f"other gold beads found {after} (unmodified document: {before})"
        )
    print(f"  moved beads recovered: {moved_found}/{moved_total}")
