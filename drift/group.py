"""Which articles are versions of one story, and which version each is compared with.

Articles on the same topic are similar everywhere (the same people, places and
vocabulary), so document-level similarity cannot tell "the same press
conference, rewritten" from "the same minister, a week later". What versions of
one story share is *statements*: sentences that say the same thing, quotes
above all. drift therefore groups on sentence evidence:

0. **Who is compared at all** (crawls of ``wording_index_from`` articles and more):
   only the articles that share wording with another (``with_wording_partners``:
   near-copies by MinHash LSH, rare 4-grams, rare names and figures) are embedded;
   the others (most of a crawl) are single versions without reading a vector.
1. **Candidates** (close to linear in corpus size): every sentence asks a vector
   index for its nearest sentences in other documents (exact search for small
   corpora, an HNSW index from usearch beyond ``exact_index_limit`` sentences);
   two documents become candidates when some pair of their sentences is close.
2. **Verification** of each candidate pair: the number of *shared statements*
   (mutually best-matching sentences above a high similarity), the share of
   each side that the other renders, and the overlap of word 4-grams (copies).
3. **Stories** are the connected components of verified pairs.
4. **Who is compared with whom.** Versions that render each other nearly
   completely (copies, translations, spins) form a *rendering cluster*, whose
   source is the version that reads best (fewest signs of machine garbling),
   then the earliest (date, then corpus order); among versions in several
   languages, the one alone in its language (the original of translations). Every rendering is aligned with
   its cluster's source. The sources of the clusters are independent write-ups
   of the story; the story's reference is the earliest of them (or the one the
   user pins), and each other source is aligned with the source it shares most
   statements with, along a maximum spanning tree.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.lexicon import garble_signs
from drift.records import Article, Story
from drift.thresholds import GroupParams

_WORD = re.compile(r"\w+", re.UNICODE)
_EXACT_BLOCK_CELLS = 1 << 24
_KEY_PARTS = 16  # a power of two


@dataclass(frozen=True)
class PairEvidence:
    """Why two documents are (or are not) versions of one story."""

    shared: int  # shared statements
    coverage: tuple[float, float]  # share of each side's text with a close counterpart in the other
    containment: float  # word 4-gram overlap over the smaller side

    def same_story(self, sizes: tuple[int, int], params: GroupParams) -> bool:
        # A one-sentence version can share one statement: the count asked for never exceeds the smaller side.
        needed = min(min(sizes), max(params.min_shared, math.ceil(params.min_shared_fraction * min(sizes))))
        return self.shared >= needed or self.containment >= params.min_shingle_containment

    def rendering(self, params: GroupParams) -> bool:
        return min(self.coverage) >= params.rendering_coverage


def _neighbour_pairs(vectors: np.ndarray, owner: np.ndarray, params: GroupParams) -> set[tuple[int, int]]:
    """Document pairs (by index) with some pair of sentences above the candidate similarity."""
    pairs: set[tuple[int, int]] = set()
    k = min(params.neighbours + 1, len(vectors))
    if len(vectors) <= params.exact_index_limit:
        rows = max(64, min(1024, _EXACT_BLOCK_CELLS // len(vectors)))  # a block of similarities stays near 64 MiB
        for start in range(0, len(vectors), rows):
            block = vectors[start : start + rows] @ vectors.T
            block[owner[start : start + rows, None] == owner[None, :]] = -1.0
            top = np.argpartition(-block, k - 1, axis=1)[:, :k]
            for row, columns in enumerate(top):
                for column in columns:
                    if block[row, column] >= params.candidate_similarity:
                        a, b = int(owner[start + row]), int(owner[column])
                        pairs.add((min(a, b), max(a, b)))
        return pairs
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32")
    index.add(np.arange(len(vectors)), vectors, threads=1)
    found = index.search(vectors, k + params.neighbours, threads=1)
    for row in range(len(vectors)):
        for key, distance in zip(found.keys[row], found.distances[row], strict=True):
            if key < 0 or owner[key] == owner[row] or 1.0 - float(distance) < params.candidate_similarity:
                continue
            a, b = int(owner[row]), int(owner[key])
            pairs.add((min(a, b), max(a, b)))
    return pairs


@dataclass(frozen=True, eq=False)
class _Version:
    """What verification reads of one document, computed once however many candidate pairs it is in."""

    vectors: np.ndarray
    lengths: np.ndarray  # characters of each sentence
    grams: frozenset[tuple[str, ...]]  # word 4-grams, every number read as one placeholder

    @classmethod
    def of(cls, article: Article, vectors: np.ndarray) -> _Version:
        lengths = np.array([len(sentence.norm) for sentence in article.sentences], dtype=float)
        return cls(vectors, lengths, word_grams(article))


def word_grams(article: Article) -> frozenset[tuple[str, ...]]:
    """The article's word 4-grams, lower-cased; a number changed from one version to the next breaks none of
    them (every number reads as one placeholder), so the versions stay copies."""
    grams: set[tuple[str, ...]] = set()
    for sentence in article.sentences:
        tokens = ["#" if token.isdigit() else token for token in _WORD.findall(sentence.norm.lower())]
        grams.update(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))
    return frozenset(grams)


def _anchors(article: Article) -> frozenset[str]:
    """Words a translation keeps: names (capitalized inside a sentence, accents folded) and figures."""
    found: set[str] = set()
    for sentence in article.sentences:
        for position, token in enumerate(_WORD.findall(sentence.norm)):
            if (position and token[:1].isupper() and not token.isupper()) or sum(ch.isdigit() for ch in token) >= 2:
                decomposed = unicodedata.normalize("NFKD", token.lower())
                found.add("".join(ch for ch in decomposed if not unicodedata.combining(ch)))
    return frozenset(found)


def with_wording_partners(articles: Sequence[Article], params: GroupParams) -> list[Article]:
    """The articles that share wording with another one: the only ones a crawl needs to embed and compare.

    Versions of a story share words: copies and spins most of their 4-grams, rewrites their quotes and
    phrases, translations their names and figures. Near-copies are found by MinHash LSH over the 4-grams
    (Jaccard from ``near_copy_jaccard``), so a wire story copied a hundred times is one group; then groups
    that share at least ``min_rare_grams`` 4-grams (and ``rare_gram_share`` of the smaller group's) or
    ``min_rare_anchors`` names and figures, counting only keys found in at most ``rare_key_groups`` groups
    (stock phrases and the names of a beat are in many). Keys are hashed into one sorted array, not a
    dictionary: about 5 KB an article.
    """
    usable = [n for n, article in enumerate(articles) if article.sentences]
    groups, hashed_grams = _near_copy_groups(articles, usable, params)
    roots = list(groups)

    def keys(of_article: Callable[[int], np.ndarray]) -> list[np.ndarray]:
        return [np.unique(np.concatenate([of_article(n) for n in groups[root]])) for root in roots]

    gram_keys = keys(hashed_grams.__getitem__)
    partnered = {root for root in roots if len(groups[root]) > 1}
    for (a, b), count in _rare_shared(gram_keys, params.rare_key_groups).items():
        if count >= max(params.min_rare_grams, params.rare_gram_share * min(len(gram_keys[a]), len(gram_keys[b]))):
            partnered.update((roots[a], roots[b]))
    for (a, b), count in _rare_shared(keys(lambda n: _hashed(_anchors(articles[n]))), params.rare_key_groups).items():
        if count >= params.min_rare_anchors:
            partnered.update((roots[a], roots[b]))
    return [articles[n] for root in roots if root in partnered for n in groups[root]]


def _near_copy_groups(
    articles: Sequence[Article], usable: Sequence[int], params: GroupParams
) -> tuple[dict[int, list[int]], dict[int, np.ndarray]]:
    """Articles (by index) grouped with their near-copies (MinHash LSH over word 4-grams), by first member, and
    each article's 4-grams hashed (read once: the rare-key count takes them from here)."""
    from datasketch import MinHash, MinHashLSH

    index = MinHashLSH(threshold=params.near_copy_jaccard, num_perm=params.minhash_permutations)
    found = _UnionFind(len(articles))
    hashed: dict[int, np.ndarray] = {}
    for n in usable:
        grams = word_grams(articles[n])
        hashed[n] = _hashed(grams)
        if not grams:
            continue
        # The sketch hashes the 4-grams itself (SHA-1, the same in every process): LSH's buckets, and with them
        # the groups, do not depend on Python's per-process string hashing.
        sketch = MinHash(num_perm=params.minhash_permutations)
        sketch.update_batch([" ".join(gram).encode("utf-8") for gram in grams])
        for other in index.query(sketch):
            found.union(n, int(other))
        index.insert(n, sketch)
    groups: dict[int, list[int]] = {}
    for n in usable:
        groups.setdefault(found.find(n), []).append(n)
    return dict(sorted(groups.items())), hashed


def _hashed(keys: frozenset[Any]) -> np.ndarray:
    """Keys as int64 for counting equal ones (Python's hash: two equal keys hash alike within the process)."""
    return np.fromiter((hash(key) for key in keys), dtype=np.int64, count=len(keys))


def _rare_shared(keys: Sequence[np.ndarray], most: int) -> Counter[tuple[int, int]]:
    """(i, j) -> keys that sets ``i`` and ``j`` (each unique) share among those in at most ``most`` sets.

    The keys are sorted a sixteenth at a time (by their low bits): the sort's copies stay small beside the sets.
    """
    shared: Counter[tuple[int, int]] = Counter()
    for part in range(_KEY_PARTS):
        pieces = [k[(k & (_KEY_PARTS - 1)) == part] for k in keys]
        flat = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
        owner = np.repeat(np.arange(len(pieces), dtype=np.int32), [len(piece) for piece in pieces])
        order = np.argsort(flat, kind="stable")
        flat, owner = flat[order], owner[order]
        starts = np.flatnonzero(np.concatenate(([True], flat[1:] != flat[:-1]))) if len(flat) else order
        sizes = np.diff(np.concatenate((starts, [len(flat)])))
        rare = (sizes >= 2) & (sizes <= most)
        for start, size in zip(starts[rare].tolist(), sizes[rare].tolist(), strict=True):
            shared.update(itertools.combinations(owner[start : start + size].tolist(), 2))
    return shared


def _pair_evidence(first: _Version, second: _Version, params: GroupParams) -> PairEvidence:
    """Shared statements, mutual coverage and lexical overlap of two articles."""
    similarity = first.vectors @ second.vectors.T
    best_in_second = similarity.argmax(axis=1)
    best_in_first = similarity.argmax(axis=0)
    shared = sum(
        1
        for i, j in enumerate(best_in_second)
        if best_in_first[j] == i and similarity[i, j] >= params.shared_similarity
    )

    def covered(lengths: np.ndarray, best: np.ndarray) -> float:
        return float(lengths[best >= params.rendering_similarity].sum() / max(1.0, lengths.sum()))

    coverage = (covered(first.lengths, similarity.max(axis=1)), covered(second.lengths, similarity.max(axis=0)))
    smaller = min(len(first.grams), len(second.grams))
    containment = len(first.grams & second.grams) / smaller if smaller else 0.0
    return PairEvidence(shared, coverage, containment)


class _UnionFind:
    def __init__(self, size: int):
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def group_stories(
    articles: Sequence[Article],
    vectors: Mapping[str, np.ndarray],
    params: GroupParams,
    *,
    reference: str | None = None,
) -> tuple[Story, ...]:
    """Group articles into stories and choose, for each version, the version it is aligned with.

    ``articles`` are in corpus order (used to break ties); ``vectors`` maps an
    article id to its sentence vectors: an article without them is a single version (a crawl embeds only the
    articles ``with_wording_partners``). ``reference`` pins a story's reference.
    """
    usable = [article for article in articles if article.sentences]
    if not usable:
        return ()
    evidence: dict[tuple[int, int], PairEvidence] = {}
    components = _UnionFind(len(usable))
    versions = {
        n: _Version.of(article, vectors[article.id]) for n, article in enumerate(usable) if article.id in vectors
    }
    candidates: set[tuple[int, int]] = set()
    if versions:
        stacked = np.concatenate([version.vectors for version in versions.values()])
        owner = np.concatenate([np.full(len(version.lengths), n) for n, version in versions.items()])
        candidates = _neighbour_pairs(stacked, owner, params)
    for a, b in sorted(candidates):
        found = _pair_evidence(versions[a], versions[b], params)
        if found.same_story((len(usable[a].sentences), len(usable[b].sentences)), params):
            evidence[(a, b)] = found
            components.union(a, b)
    members: dict[int, list[int]] = {}
    for n in range(len(usable)):
        members.setdefault(components.find(n), []).append(n)
    within: dict[int, dict[tuple[int, int], PairEvidence]] = {}  # each story's evidence, read by it alone
    for (a, b), found in evidence.items():
        within.setdefault(components.find(a), {})[(a, b)] = found
    stories = []
    for number, group in enumerate(sorted(members.values(), key=lambda group: group[0]), start=1):
        capped = _capped(group, usable, params, reference)
        story_evidence = within.get(components.find(group[0]), {})
        stories.append(_story(f"story-{number}", capped, usable, story_evidence, params, reference))
    return tuple(stories)


def _capped(group: list[int], articles: Sequence[Article], params: GroupParams, reference: str | None) -> list[int]:
    """The first ``max_versions`` versions of a story in corpus order, the pinned reference among them.

    The others belong to no story: the pipeline reports them as not checked.
    """
    if len(group) <= params.max_versions:
        return group
    pinned = [n for n in group if articles[n].id == reference or articles[n].document.path == reference]
    rest = [n for n in group if n not in pinned]
    return sorted(pinned[:1] + rest[: params.max_versions - len(pinned[:1])])


def _story(
    story_id: str,
    group: list[int],
    articles: Sequence[Article],
    evidence: Mapping[tuple[int, int], PairEvidence],
    params: GroupParams,
    reference: str | None,
) -> Story:
    ids = tuple(articles[n].id for n in group)
    if len(group) == 1:
        return Story(story_id, ids, ids[0])
    pinned = next((n for n in group if articles[n].id == reference), None)

    def chronology(n: int) -> tuple[str, int]:
        return (articles[n].document.meta.date or "\uffff", n)

    signs = {n: garble_signs(" ".join(s.norm for s in articles[n].sentences), articles[n].language) for n in group}
    clusters = _UnionFind(len(articles))
    for (a, b), found in evidence.items():
        if a in signs and b in signs and found.rendering(params):
            clusters.union(a, b)
    by_cluster: dict[int, list[int]] = {}
    for n in group:
        by_cluster.setdefault(clusters.find(n), []).append(n)
    sources = []
    edges: list[tuple[str, str]] = []
    for cluster in by_cluster.values():
        languages = Counter(articles[n].language for n in cluster)
        if pinned in cluster:
            source = pinned
        elif len(languages) > 1:
            # Translations: the original is the version alone in its language, its renderings share theirs.
            source = min(cluster, key=lambda n: (languages[articles[n].language], *chronology(n)))
        else:
            garble = _garble_rates(cluster, signs)
            cleanest = min(garble.values())
            source = min((n for n in cluster if garble[n] <= cleanest + params.garble_tolerance), key=chronology)
        sources.append(source)
        edges.extend((articles[source].id, articles[n].id) for n in sorted(cluster) if n != source)
    root = pinned if pinned is not None else min(sources, key=chronology)
    edges.extend(_spanning_tree(root, sources, articles, evidence))
    order = {doc: position for position, doc in enumerate(ids)}
    edges.sort(key=lambda edge: (order[edge[1]], order[edge[0]]))
    return Story(story_id, ids, articles[root].id, tuple(edges))


def _garble_rates(cluster: Sequence[int], signs: Mapping[int, tuple[Counter[str], int]]) -> dict[int, float]:
    """Signs of garbling per word of each rendering, leaving out the words every rendering shows alike.

    A word all of them write the same way tells none of them apart: it is the story's (a name the lexicon
    misreads), and counted it would favour whichever rendering uses it least, a shortened one.
    """
    common = set.intersection(*(set(signs[n][0]) for n in cluster))
    return {
        n: sum(count for word, count in signs[n][0].items() if word not in common) / max(1, signs[n][1])
        for n in cluster
    }


def _spanning_tree(
    root: int,
    sources: list[int],
    articles: Sequence[Article],
    evidence: Mapping[tuple[int, int], PairEvidence],
) -> list[tuple[str, str]]:
    """Attach each independent write-up to the attached one it shares most statements with (Prim).

    Ties go to the earliest write-up, then the earliest parent. Pairs without evidence weigh least: a write-up
    linked to the others only through renderings is attached, earliest first, to the earliest attached one. A
    heap of the evidence keeps this O(e log e) in the e pairs of evidence, not cubic in the write-ups.
    """
    tree = set(sources)
    waiting = tree - {root}
    linked: dict[int, list[tuple[int, float]]] = {}
    for (a, b), found in evidence.items():
        if a in tree and b in tree:
            weight = found.shared + found.containment
            linked.setdefault(a, []).append((b, weight))
            linked.setdefault(b, []).append((a, weight))
    candidates: list[tuple[float, int, int]] = []  # (-weight, child, parent): the heap's least is the best edge
    unlinked = iter(sorted(waiting))  # the order of write-ups attached without evidence
    earliest_attached, edges = root, []

    def attach(node: int) -> None:
        nonlocal earliest_attached
        waiting.discard(node)
        earliest_attached = min(earliest_attached, node)
        for other, weight in linked.get(node, []):
            if other in waiting:
                heapq.heappush(candidates, (-weight, other, node))

    attach(root)
    while waiting:
        while candidates and candidates[0][1] not in waiting:
            heapq.heappop(candidates)
        if candidates:
            _, child, parent = heapq.heappop(candidates)
        else:
            child = next(n for n in unlinked if n in waiting)  # one pass over them in all
            parent = earliest_attached
        edges.append((articles[parent].id, articles[child].id))
        attach(child)
    return edges
