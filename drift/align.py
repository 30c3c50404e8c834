"""Sentence alignment of two versions of a story: N:M beads, gaps, and moved paragraphs.

The published aligners (Vecalign, Bertalign) run one monotone dynamic program over
the similarity of sentences and of their concatenations. That is right for
translations that keep the order, and wrong for news rewrites, which move whole
paragraphs (a quote from the end put first). drift keeps their DP and repeats it
on what is left:

1. Score every bead (up to 3 sentences a side, e.g. 1:1, 1:2, 2:1, 1:3, 2:2)
   by the cosine of the beads' embeddings. A concatenation's embedding is first
   approximated by the length-weighted mean of its sentences' vectors; beads that
   could win are then re-scored with a real embedding of the joined text
   (coarse to fine, so only a few extra sentences are encoded).
2. A monotone DP picks the set of non-crossing beads with the largest total gain,
   where a bead's gain is its similarity above the acceptance threshold and a gap
   costs nothing. The threshold is the larger of a per-encoder floor and a high
   percentile of the pair's own similarity matrix (the data's score
   distribution: two versions of a topic-heavy story are similar everywhere).
3. The sentences no bead took are aligned again by the same DP, and again, until
   a pass finds nothing: each pass recovers one more moved block, and a block
   stays monotone inside. What is still left is an omission (reference side) or
   an insertion (variant side).

The result is deterministic for given vectors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from drift.language import content_stems
from drift.records import AlignedPair, Alignment, Article, Relation

Side = str  # "ref" or "var"
SpanRequest = tuple[Side, int, int]  # side, first sentence, number of sentences
SpanEncoder = Callable[[Sequence[SpanRequest]], np.ndarray]

# Bead shapes (reference sentences, variant sentences), simplest first so that ties
# go to the simpler explanation.
BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2))


@dataclass(frozen=True)
class AlignParams:
    """Alignment thresholds; defaults per encoder live in ``drift.config``."""

    min_similarity: float = 0.6  # floor of the acceptance threshold (cosine)
    background_percentile: float = 99.0  # the pair's own high percentile of non-matching similarity, if higher
    max_threshold: float = 0.75  # never demand more than this, however similar the texts are
    merge_penalty: float = 0.05  # per extra sentence in a bead: prefer 1:1 when it is as good
    refine_slack: float = 0.08  # re-score concatenations whose estimate is this close to winning
    poach_margin: float = 0.05  # a merged sentence may not match something outside its bead this much better
    defer_margin: float = 0.02  # a bead waits a pass if a sentence of it has a free partner this much better
    component_similarity: float = 0.35  # each sentence of a merged bead must be this similar to the other side
    fragment_containment: float = 0.6  # a leftover joins a neighbouring bead holding this share of its words
    fragment_similarity: float = 0.35  # ... and at least this similar to it
    fragment_min_words: int = 2
    lexical_weight: float = 0.15  # bonus per unit of shared-word Dice, same-language pairs only
    max_passes: int = 6
    max_retries: int = 4


def acceptance_threshold(similarity: np.ndarray, params: AlignParams) -> float:
    """The cosine a bead must beat: a floor, raised for pairs that are similar everywhere.

    The background is the similarity of sentences that are not each other's
    best match (mutual best pairs, the likely links, are left out): in a short
    document the true matches would otherwise fill the top percentiles.
    """
    rows = np.arange(similarity.shape[0])
    best_of_row = similarity.argmax(axis=1)
    mutual = similarity.argmax(axis=0)[best_of_row] == rows
    background_mask = np.ones(similarity.shape, dtype=bool)
    background_mask[rows[mutual], best_of_row[mutual]] = False
    values = similarity[background_mask]
    if values.size < 16:
        return params.min_similarity
    background = float(np.percentile(values, params.background_percentile))
    return float(min(params.max_threshold, max(params.min_similarity, background)))


class _BeadScorer:
    """Similarity of spans of consecutive sentences, estimated first and encoded on demand."""

    def __init__(
        self,
        ref: np.ndarray,
        var: np.ndarray,
        ref_weights: np.ndarray,
        var_weights: np.ndarray,
        encode_spans: SpanEncoder | None,
        stems: dict[Side, Sequence[set[str]]] | None = None,
        lexical_weight: float = 0.0,
    ):
        self._vectors = {"ref": ref, "var": var}
        self._stems = stems
        self._lexical_weight = lexical_weight
        self._unions: dict[SpanRequest, frozenset[str]] = {}
        self._weights = {"ref": ref_weights, "var": var_weights}
        self._encode_spans = encode_spans
        self._exact: dict[SpanRequest, np.ndarray] = {}
        self.similarity = ref @ var.T

    def estimate(self, side: Side, starts: np.ndarray, length: int) -> np.ndarray:
        """Unit vectors for spans ``[s, s+length)``: encoded ones if known, else the weighted mean."""
        vectors, weights = self._vectors[side], self._weights[side]
        if length == 1:
            return vectors[starts]
        total = np.zeros((len(starts), vectors.shape[1]), dtype=np.float32)
        for offset in range(length):
            total += vectors[starts + offset] * weights[starts + offset, None]
        total /= np.maximum(np.linalg.norm(total, axis=1, keepdims=True), 1e-9)
        for row, start in enumerate(starts):
            exact = self._exact.get((side, int(start), length))
            if exact is not None:
                total[row] = exact
        return total

    def _union(self, side: Side, start: int, length: int) -> frozenset[str]:
        key = (side, start, length)
        if key not in self._unions:
            assert self._stems is not None
            self._unions[key] = frozenset().union(*self._stems[side][start : start + length])
        return self._unions[key]

    def score(self, ref_starts: np.ndarray, a: int, var_starts: np.ndarray, b: int) -> np.ndarray:
        """Bead scores: cosine of the spans, plus a bonus for shared topical words (same language).

        Embeddings of two sentences about the same meeting are close even when
        they report different things; the words they share tell which of two
        close candidates says the same thing.
        """
        cosine = self.estimate("ref", ref_starts, a) @ self.estimate("var", var_starts, b).T
        if self._stems is None or not self._lexical_weight:
            return cosine
        ref_sets = [self._union("ref", int(start), a) for start in ref_starts]
        var_sets = [self._union("var", int(start), b) for start in var_starts]
        dice = np.zeros_like(cosine)
        for row, first in enumerate(ref_sets):
            if not first:
                continue
            for column, second in enumerate(var_sets):
                if second:
                    dice[row, column] = 2 * len(first & second) / (len(first) + len(second))
        return cosine + self._lexical_weight * dice

    def refine(self, requests: Sequence[SpanRequest]) -> None:
        wanted = [request for request in dict.fromkeys(requests) if request not in self._exact]
        if not wanted or self._encode_spans is None:
            return
        vectors = self._encode_spans(wanted)
        for request, vector in zip(wanted, vectors, strict=True):
            self._exact[request] = vector


def _runs(indices: np.ndarray, length: int) -> np.ndarray:
    """Positions p in ``indices`` where ``indices[p : p+length]`` are consecutive sentences."""
    if len(indices) < length:
        return np.zeros(0, dtype=np.int64)
    positions = np.arange(len(indices) - length + 1)
    ok = indices[positions + length - 1] - indices[positions] == length - 1
    return positions[ok]


def _bead_gains(
    scorer: _BeadScorer,
    ref_idx: np.ndarray,
    var_idx: np.ndarray,
    threshold: float,
    params: AlignParams,
) -> dict[tuple[int, int], np.ndarray]:
    """Gain of every bead shape at every residual position (-inf where the bead cannot be)."""
    gains: dict[tuple[int, int], np.ndarray] = {}
    pending: list[tuple[tuple[int, int], np.ndarray, np.ndarray]] = []
    for a, b in BEADS:
        grid = np.full((len(ref_idx), len(var_idx)), -np.inf, dtype=np.float32)
        ref_pos, var_pos = _runs(ref_idx, a), _runs(var_idx, b)
        if len(ref_pos) and len(var_pos):
            scores = scorer.score(ref_idx[ref_pos], a, var_idx[var_pos], b)
            grid[np.ix_(ref_pos, var_pos)] = _gain(scores, a, b, threshold, params)
            if a + b > 2:
                pending.append(((a, b), ref_pos, var_pos))
        gains[(a, b)] = grid
    # Rule out merges that cannot win before paying for any encoding: the checks
    # only read single-sentence vectors (exact) and, for N:N beads, an estimate.
    nearly = {(a, b): -params.refine_slack * (a + b) / 2 for (a, b), _, _ in pending}
    for (a, b), _, _ in pending:
        grid = gains[(a, b)]
        _forbid_decomposable(grid, a, b, gains[(1, 1)])
        _forbid_poached_merges(grid, a, b, ref_idx, var_idx, scorer.similarity, threshold, params, nearly[(a, b)])
        _forbid_unsupported_merges(grid, a, b, ref_idx, var_idx, scorer, params, nearly[(a, b)])
    # Coarse to fine: encode the concatenations whose estimate is close to winning.
    requests: list[SpanRequest] = []
    for (a, b), _, _ in pending:
        for r, v in zip(*np.nonzero(gains[(a, b)] > nearly[(a, b)]), strict=True):
            if a > 1:
                requests.append(("ref", int(ref_idx[r]), a))
            if b > 1:
                requests.append(("var", int(var_idx[v]), b))
    if requests:
        scorer.refine(requests)
        for (a, b), ref_pos, var_pos in pending:
            cells = np.ix_(ref_pos, var_pos)
            scores = _gain(scorer.score(ref_idx[ref_pos], a, var_idx[var_pos], b), a, b, threshold, params)
            gains[(a, b)][cells] = np.where(gains[(a, b)][cells] > -np.inf, scores, -np.inf)
        # An N:N bead's whole span is now encoded: check its parts against it again. (In the other
        # shapes one side is a single sentence, exact from the start: the check above stands.)
        for (a, b), _, _ in pending:
            if a > 1 and b > 1:
                _forbid_unsupported_merges(gains[(a, b)], a, b, ref_idx, var_idx, scorer, params, 0.0)
    return gains


def _forbid_decomposable(grid: np.ndarray, a: int, b: int, singles: np.ndarray) -> None:
    """Drop an N:N bead whose diagonal pairs are each a bead already: N 1:1 beads say more."""
    if a != b:
        return
    for r, v in zip(*np.nonzero(grid > -np.inf), strict=True):
        inside = r + a <= singles.shape[0] and v + b <= singles.shape[1]
        if inside and all(singles[r + k, v + k] > 0 for k in range(a)):
            grid[r, v] = -np.inf


def _forbid_unsupported_merges(
    grid: np.ndarray,
    a: int,
    b: int,
    ref_idx: np.ndarray,
    var_idx: np.ndarray,
    scorer: _BeadScorer,
    params: AlignParams,
    above: float,
) -> None:
    """Drop merged beads (of gain above ``above``) with a sentence that says nothing of the other side.

    A concatenation scores about as well as its longest part, so a strong pair
    could otherwise absorb a neighbour that has nothing to do with it (an
    inserted sentence, a stray fragment) and hide it from the gap rules.
    """
    for r, v in zip(*np.nonzero(grid > above), strict=True):
        spans = {"ref": (int(ref_idx[r]), a), "var": (int(var_idx[v]), b)}
        for side, other in (("ref", "var"), ("var", "ref")):
            first, length = spans[side]
            if length < 2:
                continue
            other_first, other_length = spans[other]
            whole = scorer.estimate(other, np.array([other_first]), other_length)[0]
            parts = scorer.estimate(side, np.arange(first, first + length), 1)
            if float((parts @ whole).min()) < params.component_similarity:
                grid[r, v] = -np.inf
                break


def _forbid_poached_merges(
    grid: np.ndarray,
    a: int,
    b: int,
    ref_idx: np.ndarray,
    var_idx: np.ndarray,
    similarity: np.ndarray,
    threshold: float,
    params: AlignParams,
    above: float,
) -> None:
    """Drop merged beads (of gain above ``above``) that take in a sentence whose real counterpart is elsewhere.

    A concatenation scores about as well as its best part, so without this a
    strong pair could swallow a neighbour that belongs to a moved paragraph
    (and hide it from the later passes that would align it properly).
    """
    residual = similarity[np.ix_(ref_idx, var_idx)]
    for r, v in zip(*np.nonzero(grid > above), strict=True):
        inside = residual[r : r + a, v : v + b]
        for rows, own in ((residual, inside), (residual.T, inside.T)):
            first, count = (r, a) if rows is residual else (v, b)
            lo, hi = (v, v + b) if rows is residual else (r, r + a)
            for k in range(count):
                row = rows[first + k]
                outside = float(max(row[:lo].max(initial=-1.0), row[hi:].max(initial=-1.0)))
                if outside >= threshold and outside > float(own[k].max()) + params.poach_margin:
                    grid[r, v] = -np.inf


def _gain(similarity: np.ndarray, a: int, b: int, threshold: float, params: AlignParams) -> np.ndarray:
    """What a bead adds to the alignment: its margin over the threshold, per sentence it covers.

    Weighting by the sentences covered (as Vecalign's per-sentence gap cost does)
    lets a sentence split in two win over its better half alone, while the
    merge penalty keeps 1:1 when the concatenation is no better.
    """
    bar = threshold + params.merge_penalty * (a + b - 2)
    return (similarity - bar) * ((a + b) / 2)


def _monotone_pass(gains: dict[tuple[int, int], np.ndarray], n: int, m: int) -> list[tuple[int, int, int, int]]:
    """The best set of non-crossing beads with positive gain; returns (ref_pos, a, var_pos, b)."""
    score = np.zeros((n + 1, m + 1), dtype=np.float64)
    # choice: -1 skip a reference sentence, -2 skip a variant sentence, k >= 0 bead BEADS[k]
    choice = np.zeros((n + 1, m + 1), dtype=np.int8)
    choice[0, 1:] = -2
    choice[1:, 0] = -1
    for i in range(1, n + 1):
        best = score[i - 1].copy()
        best_choice = np.full(m + 1, -1, dtype=np.int8)
        for k, (a, b) in enumerate(BEADS):
            if a > i:
                continue
            gain = gains[(a, b)][i - a]  # gains for beads whose reference span starts at i - a
            candidate = np.full(m + 1, -np.inf)
            candidate[b:] = score[i - a, : m + 1 - b] + gain[: m + 1 - b]
            candidate[b:][gain[: m + 1 - b] <= 0] = -np.inf
            better = candidate > best
            best[better] = candidate[better]
            best_choice[better] = k
        # A gap in the variant is a move to the right at no cost: a running maximum.
        row = np.maximum.accumulate(best)
        moved_right = np.r_[False, row[1:] > best[1:]]
        best_choice[moved_right] = -2
        score[i], choice[i] = row, best_choice
    beads: list[tuple[int, int, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = int(choice[i, j])
        if step == -1:
            i -= 1
        elif step == -2:
            j -= 1
        else:
            a, b = BEADS[step]
            beads.append((i - a, a, j - b, b))
            i, j = i - a, j - b
    beads.reverse()
    return beads


def align_sentences(
    ref: np.ndarray,
    var: np.ndarray,
    *,
    ref_lengths: Sequence[int],
    var_lengths: Sequence[int],
    params: AlignParams,
    encode_spans: SpanEncoder | None = None,
    ref_words: Sequence[set[str]] | None = None,
    var_words: Sequence[set[str]] | None = None,
) -> tuple[AlignedPair, ...]:
    """Align two documents' sentence vectors (rows L2-normalized).

    ``*_lengths`` (characters per sentence) weight the estimate of a concatenation.
    ``encode_spans`` embeds the joined text of sentence spans, for the fine step.
    ``*_words`` (topical word stems per sentence, same-language pairs only) let a
    leftover fragment join the bead whose other side contains its words.
    Returns beads, omissions (``var == ()``) and insertions (``ref == ()``) in
    reading order of the reference, insertions placed after what precedes them in
    the variant.
    """
    n, m = len(ref), len(var)
    if n == 0 or m == 0:
        return tuple([AlignedPair((i,), (), None) for i in range(n)] + [AlignedPair((), (j,), None) for j in range(m)])
    similarity = ref @ var.T
    threshold = acceptance_threshold(similarity, params)
    stems: dict[Side, Sequence[set[str]]] | None = (
        {"ref": ref_words, "var": var_words} if ref_words is not None and var_words is not None else None
    )
    scorer = _BeadScorer(
        ref,
        var,
        np.asarray(ref_lengths, dtype=np.float32),
        np.asarray(var_lengths, dtype=np.float32),
        encode_spans,
        stems,
        params.lexical_weight,
    )
    scorer.similarity = scorer.score(np.arange(n), 1, np.arange(m), 1)
    ref_free = np.ones(n, dtype=bool)
    var_free = np.ones(m, dtype=bool)
    matched: list[AlignedPair] = []
    for _ in range(params.max_passes):
        ref_idx, var_idx = np.flatnonzero(ref_free), np.flatnonzero(var_free)
        if not len(ref_idx) or not len(var_idx):
            break
        gains = _bead_gains(scorer, ref_idx, var_idx, threshold, params)
        accepted = _settled_beads(gains, ref_idx, var_idx, scorer.similarity, ref_free, var_free, params)
        if not accepted:
            break
        for ref_span, var_span in accepted:
            cosine = float(
                scorer.estimate("ref", np.array([ref_span[0]]), len(ref_span))[0]
                @ scorer.estimate("var", np.array([var_span[0]]), len(var_span))[0]
            )
            matched.append(AlignedPair(ref_span, var_span, round(cosine, 4)))
            ref_free[list(ref_span)] = False
            var_free[list(var_span)] = False
    if stems is not None:
        _absorb_fragments(matched, ref_free, var_free, scorer, stems, params)
    return _reading_order(matched, np.flatnonzero(ref_free), np.flatnonzero(var_free))


def _absorb_fragments(
    matched: list[AlignedPair],
    ref_free: np.ndarray,
    var_free: np.ndarray,
    scorer: _BeadScorer,
    stems: dict[Side, Sequence[set[str]]],
    params: AlignParams,
) -> None:
    """Attach a leftover sentence to the neighbouring bead it is a piece of.

    A round trip often breaks one sentence into a sentence and a fragment
    ("... in the event of a failed negotiation. Pledge not to deploy ..."). The
    fragment alone matches nothing well enough for a bead, but its words are all
    in the neighbouring bead's other side: it belongs there, not among the
    insertions.
    """
    free = {"ref": ref_free, "var": var_free}
    other = {"ref": "var", "var": "ref"}
    for side in ("var", "ref"):
        for x in [int(i) for i in np.flatnonzero(free[side])]:
            words = stems[side][x]
            if len(words) < params.fragment_min_words:
                continue
            best: tuple[float, int] | None = None
            for position, pair in enumerate(matched):
                span = getattr(pair, side)
                if not span or (x != span[-1] + 1 and x != span[0] - 1):
                    continue
                counterpart: tuple[int, ...] = getattr(pair, other[side])
                there = set().union(*(stems[other[side]][i] for i in counterpart))
                contained = len(words & there) / len(words)
                vector = scorer.estimate(other[side], np.array([counterpart[0]]), len(counterpart))[0]
                similarity = float(scorer.estimate(side, np.array([x]), 1)[0] @ vector)
                fits = contained >= params.fragment_containment and similarity >= params.fragment_similarity
                if fits and (best is None or similarity > best[0]):
                    best = (similarity, position)
            if best is not None:
                pair = matched[best[1]]
                grown = tuple(sorted((*getattr(pair, side), x)))
                matched[best[1]] = (
                    AlignedPair(pair.ref, grown, pair.similarity)
                    if side == "var"
                    else AlignedPair(grown, pair.var, pair.similarity)
                )
                free[side][x] = False


def _settled_beads(
    gains: dict[tuple[int, int], np.ndarray],
    ref_idx: np.ndarray,
    var_idx: np.ndarray,
    scores: np.ndarray,
    ref_free: np.ndarray,
    var_free: np.ndarray,
    params: AlignParams,
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """One pass: the monotone DP's beads that no sentence contests (see ``_uncontested``).

    When every bead found is contested, those beads are ruled out and the DP
    runs again, so a sentence's better partner gets its chance in this pass.
    """
    for _ in range(params.max_retries):
        found = _monotone_pass(gains, len(ref_idx), len(var_idx))
        if not found:
            return []
        beads = [
            (
                (r, a, v, b),
                (tuple(int(x) for x in ref_idx[r : r + a]), tuple(int(x) for x in var_idx[v : v + b])),
            )
            for r, a, v, b in found
        ]
        settled = [spans for _, spans in beads if _uncontested(spans, scores, ref_free, var_free, params)]
        if settled:
            return settled
        for (r, a, v, b), _ in beads:
            gains[(a, b)][r, v] = -np.inf
    return [spans for _, spans in beads]


def _uncontested(
    bead: tuple[tuple[int, ...], tuple[int, ...]],
    scores: np.ndarray,
    ref_free: np.ndarray,
    var_free: np.ndarray,
    params: AlignParams,
) -> bool:
    """True unless a sentence of the bead has a clearly better free partner outside it.

    The monotone pass must keep order, so next to a moved paragraph it can pair a
    sentence with a weak partner that merely comes in the right place. Such a
    bead waits for a later pass, where the sentence's real partner is free to
    take it.
    """
    ref_span, var_span = bead
    for i in ref_span:
        inside = float(scores[i, list(var_span)].max())
        outside = np.where(var_free, scores[i], -np.inf)
        outside[list(var_span)] = -np.inf
        if float(outside.max()) > inside + params.defer_margin:
            return False
    for j in var_span:
        inside = float(scores[list(ref_span), j].max())
        outside = np.where(ref_free, scores[:, j], -np.inf)
        outside[list(ref_span)] = -np.inf
        if float(outside.max()) > inside + params.defer_margin:
            return False
    return True


def _reading_order(matched: list[AlignedPair], omitted: np.ndarray, inserted: np.ndarray) -> tuple[AlignedPair, ...]:
    """Reference order; each insertion goes after the pair holding the variant sentence before it."""
    anchored = sorted(matched + [AlignedPair((int(i),), (), None) for i in omitted], key=lambda pair: pair.ref[0])
    owner = {j: position for position, pair in enumerate(anchored) for j in pair.var}
    after: dict[int, list[AlignedPair]] = {}
    for j in (int(x) for x in inserted):
        previous = max((k for k in owner if k < j), default=None)
        after.setdefault(-1 if previous is None else owner[previous], []).append(AlignedPair((), (j,), None))
    ordered = list(after.get(-1, []))
    for position, pair in enumerate(anchored):
        ordered.append(pair)
        ordered.extend(after.get(position, []))
    return tuple(ordered)


def coverage(pairs: Sequence[AlignedPair], lengths: Sequence[int], side: Side) -> float:
    """Share of one side's characters that some bead renders."""
    total = sum(lengths)
    if total == 0:
        return 0.0
    covered = sum(lengths[i] for pair in pairs if pair.ref and pair.var for i in getattr(pair, side))
    return covered / total


def align_articles(
    ref: Article,
    var: Article,
    ref_vectors: np.ndarray,
    var_vectors: np.ndarray,
    *,
    params: AlignParams,
    rendering_coverage: float,
    encode: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> Alignment:
    """Align one version with the version it is compared with, and say how they relate.

    ``encode`` embeds joined sentence texts for the fine step (None: estimates only).
    """
    articles = {"ref": ref, "var": var}

    def encode_spans(requests: Sequence[SpanRequest]) -> np.ndarray:
        assert encode is not None
        texts = [
            " ".join(sentence.norm for sentence in articles[side].sentences[start : start + length])
            for side, start, length in requests
        ]
        return encode(texts)

    ref_lengths = [len(sentence.norm) for sentence in ref.sentences]
    var_lengths = [len(sentence.norm) for sentence in var.sentences]
    same_language = ref.language == var.language
    pairs = align_sentences(
        ref_vectors,
        var_vectors,
        ref_lengths=ref_lengths,
        var_lengths=var_lengths,
        params=params,
        encode_spans=encode_spans if encode is not None else None,
        ref_words=[content_stems(sentence.norm, ref.language) for sentence in ref.sentences] if same_language else None,
        var_words=[content_stems(sentence.norm, var.language) for sentence in var.sentences] if same_language else None,
    )
    covered = coverage(pairs, ref_lengths, "ref")
    relation = Relation.RENDERING if covered >= rendering_coverage else Relation.SAME_STORY
    return Alignment(ref.id, var.id, relation, round(covered, 4), pairs)
