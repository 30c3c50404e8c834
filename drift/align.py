"""Sentence alignment of two versions of a story: one monotone DP with skip costs, then moved blocks.

As in Vecalign and Bertalign, one monotone dynamic program over the whole pair
of documents picks the beads (1-1 up to 1-4 / 4-1 and 2-3 / 3-2) of largest
total score, and a sentence left unaligned scores a small negative constant.
There is no similarity floor: a weak pair in the right place is linked, and
labelled weak, because position tells it apart from chance when similarity
alone cannot.

1. Every bead is scored once by the cosine of its two sides' embeddings, less a
   margin (how close the sides are to their nearest sentences anyway), a
   length-ratio penalty and a small penalty per merged sentence. Coarse to fine: a concatenation is first estimated by
   the length-weighted mean of its sentences' vectors; the multi-sentence beads
   near the first path that could win are then encoded for real and the DP runs
   again on real scores only.
2. News rewrites move paragraphs, which a monotone path cannot follow. Runs of
   sentences the path left unaligned on both sides are aligned with each other
   by the same DP, and a block of consecutive beads found there is kept, as
   moved, only when its mean similarity is that of a confident link (see
   ``acceptance_threshold``).
3. A sentence still left over joins a neighbouring bead when it brings the bead
   closer (a fragment of a sentence the other side writes whole). What is still
   left is an omission (reference side) or an insertion (variant side).

The result is deterministic for given vectors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from drift.records import AlignedPair, Alignment, Article, Relation
from drift.thresholds import AlignParams

Side = str  # "ref" or "var"
SpanRequest = tuple[Side, int, int]  # side, first sentence, number of sentences
SpanEncoder = Callable[[Sequence[SpanRequest]], np.ndarray]
Bead = tuple[int, int, int, int]  # first reference sentence, count, first variant sentence, count

# Bead shapes (reference sentences, variant sentences), simplest first so that ties go to the simpler
# explanation. Up to 4 sentences against one and 3 against 2: what the Text+Berg gold holds besides rare 1-5s.
BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1), (2, 3), (3, 2))


MIN_CHANCE_CELLS = 16  # fewer chance pairs than this say nothing about a pair's chance level: the floors stand


def chance_cells(similarity: np.ndarray) -> np.ndarray:
    """Mask of the pairs that are not each other's best match: the likely links left out, chance is the rest."""
    rows = np.arange(similarity.shape[0])
    best_of_row = similarity.argmax(axis=1)
    mutual = similarity.argmax(axis=0)[best_of_row] == rows
    mask = np.ones(similarity.shape, dtype=bool)
    mask[rows[mutual], best_of_row[mutual]] = False
    return mask


def acceptance_threshold(similarity: np.ndarray, params: AlignParams) -> float:
    """The cosine of a confident link: a floor, raised for pairs that are similar everywhere.

    The background is the similarity of chance pairs (``chance_cells``): in a
    short document the true matches would otherwise fill the top percentiles.
    Beads below it are labelled weak, and a moved block must reach it on average.
    """
    values = similarity[chance_cells(similarity)]
    if values.size < MIN_CHANCE_CELLS:
        return params.min_similarity
    background = float(np.percentile(values, params.background_percentile))
    return float(min(params.max_threshold, max(params.min_similarity, background)))


class _BeadScorer:
    """Scores of beads of consecutive sentences, concatenations estimated first and encoded on demand."""

    def __init__(
        self,
        ref: np.ndarray,
        var: np.ndarray,
        ref_lengths: np.ndarray,
        var_lengths: np.ndarray,
        encode_spans: SpanEncoder | None,
        params: AlignParams,
    ):
        self._vectors = {"ref": ref, "var": var}
        self._lengths = {"ref": ref_lengths, "var": var_lengths}
        self._params = params
        self._encode_spans = encode_spans
        self._exact: dict[SpanRequest, np.ndarray] = {}
        # Length ratios are judged against the documents' own: French runs longer than German.
        self._length_bias = float(np.log((ref_lengths.sum() + 1.0) / (var_lengths.sum() + 1.0)))

    def span_vectors(self, side: Side, starts: np.ndarray, length: int) -> np.ndarray:
        """Unit vectors of spans ``[s, s+length)``: the encoded ones where known, else the length-weighted mean."""
        vectors, weights = self._vectors[side], self._lengths[side]
        if length == 1:
            return vectors[starts]
        total = np.zeros((len(starts), vectors.shape[1]), dtype=np.float32)
        for offset in range(length):
            total += vectors[starts + offset] * np.maximum(weights[starts + offset, None], 1.0)
        total /= np.maximum(np.linalg.norm(total, axis=1, keepdims=True), 1e-9)
        for row, start in enumerate(starts):
            exact = self._exact.get((side, int(start), length))
            if exact is not None:
                total[row] = exact
        return total

    def span_lengths(self, side: Side, starts: np.ndarray, length: int) -> np.ndarray:
        lengths = self._lengths[side]
        return sum(lengths[starts + offset] for offset in range(length))

    def cosine(self, ref_start: int, a: int, var_start: int, b: int) -> float:
        first = self.span_vectors("ref", np.array([ref_start]), a)[0]
        return float(first @ self.span_vectors("var", np.array([var_start]), b)[0])

    def gains(self, ref_starts: np.ndarray, a: int, var_starts: np.ndarray, b: int) -> np.ndarray:
        """What each bead adds over leaving its a + b sentences unaligned (``skip_score`` each).

        A bead scores once, whatever its size (as in Bertalign), so splitting a
        rendering into more beads is never paid by the count alone: the cosine of
        the two sides, less a share of how close each side is to its nearest
        sentences of the other document anyway (a margin: a short, generic line is
        close to everything), less the length penalty, less ``merge_penalty`` per
        extra sentence, so that a sentence left out of the variant comes out as an
        omission rather than merged into its neighbour's bead.
        """
        params = self._params
        ref_vectors, var_vectors = self.span_vectors("ref", ref_starts, a), self.span_vectors("var", var_starts, b)
        score = ref_vectors @ var_vectors.T
        if params.margin_weight:
            margin = (
                self._nearest_outside(ref_vectors, "var", var_starts, b)
                + self._nearest_outside(var_vectors, "ref", ref_starts, a).T
            ) / 2
            score = score - params.margin_weight * margin
        ratio = np.log(
            (self.span_lengths("ref", ref_starts, a)[:, None] + 1.0)
            / (self.span_lengths("var", var_starts, b)[None, :] + 1.0)
        )
        score = score - params.length_penalty * np.abs(ratio - self._length_bias)
        return score - params.merge_penalty * (a + b - 2) - params.skip_score * (a + b)

    def _nearest_outside(self, vectors: np.ndarray, other: Side, starts: np.ndarray, length: int) -> np.ndarray:
        """Mean cosine of each vector with its ``margin_neighbours`` nearest sentences of the other side that lie
        outside the bead, for beads whose other side is ``[s, s + length)`` for each ``s`` in ``starts``.

        Rows follow ``vectors``, columns ``starts``. The bead's own sentences are not competitors: counted in,
        a sentence's margin would mostly be its own partner, and a sentence split across two beads would not
        see that it matches the neighbouring bead as well as its own.
        """
        similarity = vectors @ self._vectors[other].T
        k = min(self._params.margin_neighbours, similarity.shape[1])
        depth = min(k + length, similarity.shape[1])
        nearest = np.argpartition(-similarity, depth - 1, axis=1)[:, :depth]
        values = np.take_along_axis(similarity, nearest, axis=1)
        order = np.argsort(-values, axis=1, kind="stable")  # the few nearest, best first
        nearest, values = np.take_along_axis(nearest, order, axis=1), np.take_along_axis(values, order, axis=1)
        total = np.zeros((len(vectors), len(starts)), dtype=np.float64)
        taken = np.zeros((len(vectors), len(starts)), dtype=np.int64)
        for rank in range(depth):
            index = nearest[:, rank, None]
            outside = (index < starts[None, :]) | (index >= starts[None, :] + length)
            use = outside & (taken < k)
            total += np.where(use, values[:, rank, None], 0.0)
            taken += use
        return total / np.maximum(taken, 1)

    @property
    def encodes(self) -> bool:
        return self._encode_spans is not None

    def refine(self, requests: Sequence[SpanRequest]) -> None:
        wanted = [request for request in dict.fromkeys(requests) if request not in self._exact]
        if not wanted or self._encode_spans is None:
            return
        vectors = self._encode_spans(wanted)
        for request, vector in zip(wanted, vectors, strict=True):
            self._exact[request] = vector


def _monotone_path(gains: dict[tuple[int, int], np.ndarray], n: int, m: int) -> list[Bead]:
    """The non-crossing beads of largest total gain (a skipped sentence adds nothing)."""
    score = np.zeros((n + 1, m + 1), dtype=np.float64)
    # choice: -1 skip a reference sentence, -2 skip a variant sentence, k >= 0 bead BEADS[k]
    choice = np.zeros((n + 1, m + 1), dtype=np.int8)
    choice[0, 1:] = -2
    choice[1:, 0] = -1
    for i in range(1, n + 1):
        best = score[i - 1].copy()
        best_choice = np.full(m + 1, -1, dtype=np.int8)
        for k, (a, b) in enumerate(BEADS):
            if a > i or b > m:
                continue
            gain = gains[(a, b)][i - a]  # beads whose reference span starts at i - a
            candidate = np.full(m + 1, -np.inf)
            candidate[b:] = score[i - a, : m + 1 - b] + gain[: m + 1 - b]
            better = candidate > best
            best[better] = candidate[better]
            best_choice[better] = k
        # A skipped variant sentence adds nothing: a running maximum along the row.
        row = np.maximum.accumulate(best)
        moved_right = np.r_[False, row[1:] > best[1:]]
        best_choice[moved_right] = -2
        score[i], choice[i] = row, best_choice
    beads: list[Bead] = []
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


def _absorb_fragments(
    scorer: _BeadScorer, beads: Sequence[Bead], ref_free: np.ndarray, var_free: np.ndarray, params: AlignParams
) -> list[Bead]:
    """Join each sentence left unaligned to a neighbouring bead when it brings the bead closer.

    A line break inside a sentence, a heading fused into a paragraph, a clause the other side made a sentence
    of its own: the fragment is too short to pay for a bead's merge penalty, yet the bead with it reads closer
    (by ``absorb_gain``) than without it, which a sentence whose content the other side lacks does not. Greedy,
    the join that raises its bead's cosine most first, until none is left; beads stay within
    ``max_absorbed_side`` sentences a side. The free masks are updated.
    """
    grown = list(beads)
    n, m = len(ref_free), len(var_free)
    cosines: dict[Bead, float] = {}

    def grown_by_one(bead: Bead) -> list[Bead]:
        r, a, v, b = bead
        candidates = []
        if a < params.max_absorbed_side:
            candidates += [(r - 1, a + 1, v, b)] if r > 0 and ref_free[r - 1] else []
            candidates += [(r, a + 1, v, b)] if r + a < n and ref_free[r + a] else []
        if b < params.max_absorbed_side:
            candidates += [(r, a, v - 1, b + 1)] if v > 0 and var_free[v - 1] else []
            candidates += [(r, a, v, b + 1)] if v + b < m and var_free[v + b] else []
        return candidates

    while True:
        joins = [(k, bead, candidate) for k, bead in enumerate(grown) for candidate in grown_by_one(bead)]
        unscored = list(dict.fromkeys(b for _, own, candidate in joins for b in (own, candidate) if b not in cosines))
        # One encoder call a round for every concatenation not yet encoded.
        scorer.refine(
            [
                (side, start, count)
                for r, a, v, b in unscored
                for side, start, count in (("ref", r, a), ("var", v, b))
                if count > 1
            ]
        )
        for bead in unscored:
            cosines[bead] = scorer.cosine(*bead)
        best: tuple[float, int, Bead] | None = None
        for k, own, candidate in joins:
            gain = cosines[candidate] - cosines[own]
            if gain >= params.absorb_gain and (best is None or gain > best[0]):
                best = (gain, k, candidate)
        if best is None:
            return grown
        _, k, (r, a, v, b) = best
        grown[k] = (r, a, v, b)
        ref_free[r : r + a] = False
        var_free[v : v + b] = False


def _near_path(beads: Sequence[Bead], n: int, m: int, band: int) -> tuple[np.ndarray, np.ndarray]:
    """For each reference sentence, the variant window ``[lo, hi)`` within ``band`` of the path."""
    anchor_ref = np.array([0] + [r for r, a, _, _ in beads] + [n], dtype=np.float64)
    anchor_var = np.array([0] + [v for _, _, v, _ in beads] + [m], dtype=np.float64)
    position = np.interp(np.arange(n), anchor_ref, anchor_var)
    lo = np.clip(np.floor(position) - band, 0, m).astype(np.int64)
    hi = np.clip(np.ceil(position) + band + 1, 0, m).astype(np.int64)
    return lo, hi


def _bead_gains(
    scorer: _BeadScorer,
    ref_idx: np.ndarray,
    var_idx: np.ndarray,
    partners: _Partners,
    params: AlignParams,
    *,
    banded: bool,
) -> tuple[dict[tuple[int, int], np.ndarray], list[Bead]]:
    """Gain of every bead shape at every position of two runs of sentences, multi-sentence ones encoded, and the
    path of largest gain over them.

    Coarse to fine: a first path over estimated gains tells where beads can be
    (``banded``: within ``params.band`` of it; else anywhere in the runs); the
    concatenations there whose estimate comes near paying are candidates, the
    other multi-sentence beads are ruled out. A candidate enters the path at an
    upper bound of its gain (the estimate plus ``refine_lift`` a sentence) until
    a path takes it; then it is encoded and scored exactly, and the path is found
    again, until every bead on it is scored by real embeddings.
    """
    n, m = len(ref_idx), len(var_idx)
    gains: dict[tuple[int, int], np.ndarray] = {}
    for a, b in BEADS:
        grid = np.full((n, m), -np.inf, dtype=np.float32)
        if a <= n and b <= m:
            grid[: n - a + 1, : m - b + 1] = scorer.gains(ref_idx[: n - a + 1], a, var_idx[: m - b + 1], b)
        gains[(a, b)] = grid
    near = np.ones((n, m), dtype=bool)
    if banded:
        lo, hi = _near_path(_monotone_path(gains, n, m), n, m, params.band)
        columns = np.arange(m)
        near = (columns[None, :] >= lo[:, None]) & (columns[None, :] < hi[:, None])
    wanted: dict[tuple[int, int], np.ndarray] = {}
    split = _best_splits(gains, n, m)
    for a, b in BEADS[1:]:
        # A concatenation matters where it could beat the best split of its sentences into smaller beads (1-1
        # beads scored, the others estimated), the rest of them skipped.
        part = split[(a, b)]
        estimate = gains[(a, b)]
        wanted[(a, b)] = near & (estimate > 0) & (estimate > part - params.refine_slack * (a + b))
        _forbid_poaching(wanted[(a, b)], a, b, ref_idx, var_idx, partners, params.band)
        lift = params.refine_lift * (a + b) if scorer.encodes else 0.0
        gains[(a, b)] = np.where(wanted[(a, b)], estimate + lift, -np.inf).astype(np.float32)
    if not scorer.encodes:
        return gains, _monotone_path(gains, n, m)
    exact: set[Bead] = set()
    while True:
        path = _monotone_path(gains, n, m)
        pending = [(r, a, v, b) for r, a, v, b in path if (a > 1 or b > 1) and (r, a, v, b) not in exact]
        if not pending:
            return gains, path
        requests: list[SpanRequest] = []
        for r, a, v, b in pending:
            requests += [("ref", int(ref_idx[r]), a)] if a > 1 else []
            requests += [("var", int(var_idx[v]), b)] if b > 1 else []
        scorer.refine(requests)
        for r, a, v, b in pending:
            gains[(a, b)][r, v] = scorer.gains(ref_idx[[r]], a, var_idx[[v]], b)[0, 0]
            exact.add((r, a, v, b))


def _best_splits(gains: dict[tuple[int, int], np.ndarray], n: int, m: int) -> dict[tuple[int, int], np.ndarray]:
    """For every bead shape and position, the best gain of its sentences split into smaller beads (the rest
    skipped): a DP over the block's cells, run for all positions at once. Against only its best 1-1 part, a
    concatenation near a path of 1-1 beads nearly always looked worth encoding: on ../shared/aligndev 2.5 % of
    the encoded ones were taken; against the best split, 23 % fewer are encoded, the same beads come out."""
    rows, columns = max(a for a, _ in BEADS), max(b for _, b in BEADS)
    padded = {shape: np.pad(np.maximum(grid, 0.0), ((0, rows), (0, columns))) for shape, grid in gains.items()}
    # Blocks inside some bead shape, smallest first (a block's splits end in a smaller block).
    blocks = sorted({(i, j) for a, b in BEADS for i in range(a + 1) for j in range(b + 1)} - {(0, 0)}, key=sum)
    full = {(0, 0): np.zeros((n, m))}
    split: dict[tuple[int, int], np.ndarray] = {}
    for i, j in blocks:
        best = np.zeros((n, m))
        for smaller in ((i - 1, j), (i, j - 1)):
            if smaller in full:
                best = np.maximum(best, full[smaller])
        for p, q in BEADS:
            if p <= i and q <= j and (p, q) != (i, j):
                best = np.maximum(best, full[(i - p, j - q)] + padded[(p, q)][i - p : i - p + n, j - q : j - q + m])
        split[(i, j)] = best
        full[(i, j)] = np.maximum(best, padded[(i, j)][:n, :m]) if (i, j) in padded else best
    return {shape: split[shape] for shape in BEADS}


def _forbid_poaching(
    wanted: np.ndarray, a: int, b: int, ref_idx: np.ndarray, var_idx: np.ndarray, partners: _Partners, band: int
) -> None:
    """Rule out merged beads that take in a sentence whose partner is clearly elsewhere.

    A concatenation costs little more than its best part, so a strong pair could
    swallow a neighbour that belongs to a moved paragraph and hide it from the
    second pass. Clearly elsewhere: a mutual best match, confident, more than
    ``band`` sentences away from the bead and better than anything inside it by
    the poaching margin (a looser test, any confident partner, broke real 1-3 and
    2-2 beads of short sentences on the dev documents).
    """
    for r, v in zip(*np.nonzero(wanted), strict=True):
        rows, columns = ref_idx[r : r + a], var_idx[v : v + b]
        if partners.poached(rows, columns, band):
            wanted[r, v] = False


class _Partners:
    """Each sentence's mutual best match across the documents, where it is confident, and their similarity."""

    def __init__(self, similarity: np.ndarray, threshold: float, margin: float):
        self._similarity = similarity
        self._margin = margin
        best_of_ref, best_of_var = similarity.argmax(axis=1), similarity.argmax(axis=0)
        rows = np.arange(similarity.shape[0])
        mutual = (best_of_var[best_of_ref] == rows) & (similarity[rows, best_of_ref] >= threshold)
        self._of_ref = np.where(mutual, best_of_ref, -1)
        self._of_var = np.full(similarity.shape[1], -1)
        self._of_var[best_of_ref[mutual]] = rows[mutual]
        # The similarity of each sentence with its partner (unused where it has none).
        self._ref_best = similarity.max(axis=1)
        self._var_best = similarity.max(axis=0)

    def poached(self, rows: np.ndarray, columns: np.ndarray, band: int) -> bool:
        inside = self._similarity[np.ix_(rows, columns)]
        for own, sentences, partner_of, partner_similarity, span in (
            (inside.max(axis=1), rows, self._of_ref, self._ref_best, columns),
            (inside.max(axis=0), columns, self._of_var, self._var_best, rows),
        ):
            for best_inside, sentence in zip(own, sentences, strict=True):
                partner = partner_of[sentence]
                if partner < 0 or span[0] - band <= partner <= span[-1] + band:
                    continue
                if partner_similarity[sentence] > best_inside + self._margin:
                    return True
        return False


def _moved_blocks(
    scorer: _BeadScorer,
    ref_free: np.ndarray,
    var_free: np.ndarray,
    partners: _Partners,
    threshold: float,
    params: AlignParams,
) -> list[Bead]:
    """Blocks of beads between runs of sentences left over on both sides, strong enough to be a moved paragraph.

    Each run of free reference sentences is aligned with each run of free
    variant sentences by the same DP; a block (consecutive beads with no skip
    between them) is kept when its mean cosine reaches ``threshold``. The best
    block is taken first and the runs are cut again, until no block qualifies.
    """
    found: list[Bead] = []
    while True:
        best: tuple[float, list[Bead]] | None = None
        for ref_run in _free_runs(ref_free):
            for var_run in _free_runs(var_free):
                gains, path = _bead_gains(scorer, ref_run, var_run, partners, params, banded=False)
                for block in _blocks(path):
                    beads = [(int(ref_run[r]), a, int(var_run[v]), b) for r, a, v, b in block]
                    cosines = [scorer.cosine(*bead) for bead in beads]
                    mean = float(np.mean(cosines))
                    total = sum(float(gains[(a, b)][r, v]) for r, a, v, b in block)
                    if mean >= threshold and (best is None or total > best[0]):
                        best = (total, beads)
        if best is None:
            return found
        for r, a, v, b in best[1]:
            ref_free[r : r + a] = False
            var_free[v : v + b] = False
        found.extend(best[1])


def _free_runs(free: np.ndarray) -> list[np.ndarray]:
    """Maximal runs of consecutive free sentences."""
    indices = np.flatnonzero(free)
    if not len(indices):
        return []
    return np.split(indices, np.flatnonzero(np.diff(indices) > 1) + 1)


def _blocks(path: Sequence[Bead]) -> list[list[Bead]]:
    """A path cut where it skips a sentence: the stretches that read as one paragraph."""
    blocks: list[list[Bead]] = []
    for bead in path:
        r, _, v, _ = bead
        if blocks and blocks[-1][-1][0] + blocks[-1][-1][1] == r and blocks[-1][-1][2] + blocks[-1][-1][3] == v:
            blocks[-1].append(bead)
        else:
            blocks.append([bead])
    return blocks


def align_sentences(
    ref: np.ndarray,
    var: np.ndarray,
    *,
    ref_lengths: Sequence[int],
    var_lengths: Sequence[int],
    params: AlignParams,
    encode_spans: SpanEncoder | None = None,
) -> tuple[AlignedPair, ...]:
    """Align two documents' sentence vectors (rows L2-normalized).

    ``*_lengths`` (characters per sentence) weight the estimate of a concatenation
    and the length-ratio penalty. ``encode_spans`` embeds the joined text of
    sentence spans, for the fine step (None: estimates only).
    Returns beads, omissions (``var == ()``) and insertions (``ref == ()``) in
    reading order of the reference, insertions placed after what precedes them in
    the variant.
    """
    n, m = len(ref), len(var)
    if n == 0 or m == 0:
        return tuple([AlignedPair((i,), (), None) for i in range(n)] + [AlignedPair((), (j,), None) for j in range(m)])
    similarity = ref @ var.T
    if n == 1 and m == 1:  # two one-sentence texts: position is all there is, and it links them
        return (AlignedPair((0,), (0,), round(float(similarity[0, 0]), 4)),)
    threshold = acceptance_threshold(similarity, params)
    scorer = _BeadScorer(
        ref,
        var,
        np.asarray(ref_lengths, dtype=np.float32),
        np.asarray(var_lengths, dtype=np.float32),
        encode_spans,
        params,
    )
    partners = _Partners(similarity, threshold, params.poach_margin)
    _, best = _bead_gains(scorer, np.arange(n), np.arange(m), partners, params, banded=True)
    path = [(bead, round(scorer.cosine(*bead), 4)) for bead in best]
    # A weak bead holds its sentences only for want of a better partner: where one of them has a confident
    # partner elsewhere, the moved pass may take them.
    ref_free, var_free = np.ones(n, dtype=bool), np.ones(m, dtype=bool)
    held = [cosine >= threshold or _best_outside(similarity, bead) < threshold for bead, cosine in path]
    for ((r, a, v, b), _), holds in zip(path, held, strict=True):
        if holds:
            ref_free[r : r + a] = False
            var_free[v : v + b] = False
    moved = _moved_blocks(scorer, ref_free, var_free, partners, threshold, params)
    kept = []
    for ((r, a, v, b), _), holds in zip(path, held, strict=True):
        if not holds and not (ref_free[r : r + a].all() and var_free[v : v + b].all()):
            continue  # a moved block took one of its sentences: the others are left over
        ref_free[r : r + a] = False
        var_free[v : v + b] = False
        kept.append((r, a, v, b))
    beads = _absorb_fragments(scorer, kept + moved, ref_free, var_free, params)
    matched = []
    for k, (r, a, v, b) in enumerate(beads):
        cosine = round(scorer.cosine(r, a, v, b), 4)
        matched.append(
            AlignedPair(
                tuple(range(r, r + a)), tuple(range(v, v + b)), cosine, moved=k >= len(kept), weak=cosine < threshold
            )
        )
    return _reading_order(matched, np.flatnonzero(ref_free), np.flatnonzero(var_free))


def _without_weak(pairs: Sequence[AlignedPair]) -> tuple[AlignedPair, ...]:
    """The pairs with each weak bead left as the omissions and insertions it joined."""
    kept = [pair for pair in pairs if not pair.weak]
    omitted = [i for pair in pairs if pair.weak for i in pair.ref]
    inserted = [j for pair in pairs if pair.weak for j in pair.var]
    return _reading_order(
        [pair for pair in kept if pair.ref and pair.var],
        np.array(omitted + [i for p in kept if not p.var for i in p.ref]),
        np.array(inserted + [j for p in kept if not p.ref for j in p.var]),
    )


def _best_outside(similarity: np.ndarray, bead: Bead) -> float:
    """The best similarity of a bead's sentences with sentences outside it."""
    r, a, v, b = bead
    rows, columns = similarity[r : r + a].copy(), similarity[:, v : v + b].copy()
    rows[:, v : v + b] = -np.inf
    columns[r : r + a] = -np.inf
    return float(max(rows.max(), columns.max()))


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


def coverage(pairs: Sequence[AlignedPair], ref_lengths: Sequence[int], var_lengths: Sequence[int]) -> float:
    """Share of the reference's characters that confident (not weak) beads render.

    A bead renders at most as many characters as its variant side holds: a merge that takes in sentences
    of the writer's own material does not cover them.
    """
    total = sum(ref_lengths)
    if total == 0:
        return 0.0
    covered = 0
    for pair in pairs:
        if pair.ref and pair.var and not pair.weak:
            covered += min(sum(ref_lengths[i] for i in pair.ref), sum(var_lengths[j] for j in pair.var))
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

    pairs = align_sentences(
        ref_vectors,
        var_vectors,
        ref_lengths=ref_lengths,
        var_lengths=var_lengths,
        params=params,
        encode_spans=encode_spans if encode is not None else None,
    )
    covered = coverage(pairs, ref_lengths, var_lengths)
    relation = Relation.RENDERING if covered >= rendering_coverage else Relation.SAME_STORY
    if relation is Relation.SAME_STORY:
        # Independent write-ups tell their story in their own order: position links nothing between them.
        pairs = _without_weak(pairs)
    return Alignment(ref.id, var.id, relation, round(covered, 4), pairs)
