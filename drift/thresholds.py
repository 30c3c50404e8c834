"""Every threshold drift uses, in one place, with where its value comes from.

A leaf: it imports no other drift module (nor numpy), so that any stage can import it and
``import drift.thresholds`` stays cheap. The stages take their parameter classes from here.

Similarity thresholds depend on the encoder: cosines from MiniLM and from the
multilingual USE live on different scales. ``thresholds_for(family)`` gives the
set calibrated for an encoder family; ``eval/calibrate.py`` re-derives the pair score
(``PAIR_MODEL``) on the natural dev split of ``../shared/pairdata``.

Calibration notes (MiniLM, on ``seeds/`` and ``eval/corpora``):

* Alignment floor 0.5: gold links score 0.60 to 0.99; a sentence's best
  *wrong* partner in a same-topic article reaches 0.5 to 0.65, which is why the
  threshold is raised per pair to the 97th percentile of its similarity matrix
  (capped at 0.75).
* Shared statements 0.82: versions of one story share at least three mutually
  best sentence pairs above 0.83; different events on the same topic at most
  one above 0.80.
* Rendering coverage 0.7: a rendering covers 0.78 to 1.0 of its reference's
  characters; independent write-ups of one story 0.2 to 0.5.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class AlignParams:
    """Alignment parameters; defaults per encoder are set below (where their values come from).

    The bead score and the skip score were chosen on the public dev documents of ``../shared/aligndev``
    (strict F1 and, on variants with a dozen target sentences deleted, how many of the deletions come out
    as omissions rather than merged into a neighbour's bead); see ``eval/aligndev.py``.
    """

    skip_score: float = -0.1  # what a sentence left unaligned scores (Bertalign's skip; aligndev: -0.05..-0.2 flat)
    length_penalty: float = 0.2  # per unit of |log length ratio| beyond the documents' own ratio (cosine units)
    margin_weight: float = 0.5  # share of the sides' nearest-neighbour similarity taken off a bead's cosine
    # k of that margin, the bead's own sentences left out as competitors: aligndev strict F1 +0.003 .. +0.018 on
    # each of the 7 sets over k = 4 with them counted (LASER's k; the bead's partner then sets its own margin).
    margin_neighbours: int = 1
    merge_penalty: float = 0.04  # per extra sentence in a bead: 0 merges deleted sentences into neighbours
    refine_slack: float = 0.02  # per sentence: a concatenation whose estimate comes this close to its parts may win
    # ... and enters the path at its estimate plus this, per sentence, until it is encoded: an upper bound (the
    # estimate's error has a s.d. of 0.05 .. 0.07 a bead on aligndev). Only the concatenations a path takes are
    # encoded, path after path: 3,241 against 11,319 when all candidates were, strict F1 0.8673 against 0.8677
    # (mean of 7 sets); 0.04: 2,550 and 0.8664; 0.12: 6,202 and 0.8673.
    refine_lift: float = 0.06
    poach_margin: float = 0.2  # a merged sentence may not have a mutual best partner elsewhere this much better
    # A sentence left unaligned joins a neighbouring bead that its joining brings this much closer (cosine), up to
    # ``max_absorbed_side`` sentences a side. aligndev: strict F1 +0.006 .. +0.014 on each of the 7 sets; of 84
    # target sentences deleted from the dev documents (12 a set), 48 still come out as omissions (49 without
    # joins; at a gain of 0: 46, F1 +0.001 more).
    absorb_gain: float = 0.01
    max_absorbed_side: int = 5
    band: int = 1  # multi-sentence beads are encoded this close to the first path (aligndev: 2-4 same F1, +35% encodes)
    min_similarity: float = 0.6  # confident-link floor: weaker beads are labelled weak (cosine)
    background_percentile: float = 99.0  # ... raised to this percentile of the pair's non-matching similarity
    max_threshold: float = 0.75  # never demand more than this, however similar the texts are


@dataclass(frozen=True)
class CleanParams:
    """Thresholds of the furniture classifier (documented at the top of this module)."""

    short_line_words: int = 4
    strong_body_words: int = 8
    min_cohesion: float = 0.2
    tail_cohesion: float = 0.5
    min_topical_words: int = 3
    min_blocks_for_cohesion: int = 4
    # Two documents that share lines are unrelated (those lines are a site's template) when the lines each holds
    # alone are at least ``own_text_share`` of its words and less than ``unrelated_overlap`` of their word pairs
    # are in the other's (``CorpusProfile.related``). On a synthetic crawl (bench/crawl.py, 1,000 articles, 372
    # pairs sharing a line): different stories, scrapes of one site among them, hold 0.70 and more of their words
    # alone and share at most 0.16 of those word pairs; versions of one story share 0.57 and more.
    unrelated_overlap: float = 0.3
    own_text_share: float = 0.5
    max_documents_per_line: int = 20


@dataclass(frozen=True)
class NameParams:
    """How the entity rules (DR301-DR305, ``drift.rules.entity``) read a capitalized word as a name.

    None of these was measured: neither the comments nor the git history give a source for any of them.
    """

    # A name this common as a lower-case word ("Will", "Bill") is not checked for spelling; hand-set.
    rare_zipf: float = 3.0
    min_checked_length: int = 4  # shorter names (letters) are not checked for misspelling; hand-set
    # A misspelling differs from the right spelling by at most this many letters; hand-set.
    max_length_difference: int = 2
    common_opener_zipf: float = 4.0  # a sentence opener this common as a word ("Officials") is no name; hand-set
    max_link_gap: int = 6  # characters (spaces, connectors) that may join two words of one name phrase; hand-set
    # A name only a translation gives is a person's when its last word is rarer than this ("Paul Renaud", not
    # "Northern Farmers"): ``rare_zipf`` plus 0.5, hand-set.
    person_zipf: float = 3.5
    demonym_min_length: int = 5  # "Norwegian" / "Norway": both words at least this long ...; hand-set
    demonym_prefix: int = 4  # ... and sharing this many first letters; hand-set


@dataclass(frozen=True)
class GarbleParams:
    """Surface checks of the garble rules (DR101-DR108, ``drift.rules.garble``); set by hand, none measured."""

    fused_max_gap: int = 2  # characters between two words of the witness that a fusion may join; hand-set
    split_min_length: int = 6  # only words this long (letters) are looked for as split into pieces; hand-set
    split_max_pieces: int = 4  # a split word is looked for in runs of 2 up to this many pieces; hand-set
    split_max_gap: int = 1  # characters between two pieces of a split word (one space); hand-set
    unknown_min_length: int = 4  # shorter unknown words (abbreviations, particles) are not reported; hand-set


@dataclass(frozen=True)
class MeaningParams:
    """Word-level thresholds of the meaning rules (``drift.rules.meaning``); set by hand, none measured."""

    # A prefix negates ("un-acceptable") when the rest is a word of at least this many letters ...; hand-set
    prefix_min_rest: int = 5
    prefix_rest_zipf: float = 3.0  # ... at least this common ...; hand-set
    prefix_zipf_margin: float = 1.0  # ... and the whole word rarer than the rest plus this (Zipf); hand-set
    swap_window: int = 8  # two participants that trade places stand at most this many words apart; hand-set
    passive_window: int = 3  # words after a name looked at for a passive ("be subject to"); hand-set
    participant_min_length: int = 3  # shorter words are not taken for participants of a swap; hand-set


@dataclass(frozen=True)
class DetectParams:
    """Detection thresholds (calibrated below and in ``eval/calibrate.py``)."""

    fragment_max_words: int = 6  # a piece this short sharing no topical word with the reference is a fragment
    # ... or a piece that shares at least this share of its topical words with the sentence before it ...; hand-set
    fragment_echo_share: float = 0.5
    fragment_max_glue_words: int = 1  # ... and has at most this many function words (an echo, no sentence); hand-set
    content_like_words: int = 6  # stripped furniture this long could pass for content: a warning
    quote_min_words: int = 3  # shorter quotations (a word in scare quotes) are not followed across languages
    quoted_min_words: int = 2  # a quotation needs this many words to be compared at all; hand-set
    quote_edit_gap: int = 1  # changes of a quote at most this many unchanged words apart are read as one; hand-set
    quote_truncation_ratio: float = 0.5  # a translated quote under this share of the original's words is cut
    quote_translation_similarity: float = 0.5  # multilingual cosine under which a translated quote says else
    quote_min_overlap: float = 0.5  # independent write-ups: quotes sharing less than this are other quotes
    quote_same_meaning: float = 0.6  # changed stretch of a quote at least this similar: reworded, meaning kept
    name_similarity: float = 80.0  # rapidfuzz ratio above which two names are spellings of one
    name_alias_similarity: float = 0.77  # names this similar are one thing ("UK"/"Britain" 0.78, "Japan"/"China" 0.75)
    omitted_clause_words: int = 3  # topical words a deleted clause must carry to be an omission
    omission_min_ratio: float = 0.5  # below this shared wording a sentence is restructured, not cut
    # A diff replacement counts as a deletion when at least this many witness words become ...; hand-set
    omission_deleted_min_words: int = 3
    omission_replaced_max_words: int = 1  # ... at most this many subject words; hand-set
    swap_min_ratio: float = 0.6  # roles swap only in a sentence otherwise worded the same
    same_statement_similarity: float = 0.85  # independent write-ups this similar state the same fact
    meaning_drift_spread: float = 2.5  # MADs below a rendering's median similarity that make an outlier
    meaning_drift_gap: float = 0.08  # ... and at least this far below it
    # A compound's noun ("7.1-magnitude") within this many characters of the other number counts it too; hand-set
    compound_noun_distance: int = 40
    counted_noun_words: int = 4  # words after a number read for the noun it counts ("12 city councils"); hand-set
    names: NameParams = field(default_factory=NameParams)
    garble: GarbleParams = field(default_factory=GarbleParams)
    meaning: MeaningParams = field(default_factory=MeaningParams)
    # The pair model's verdict (drift.pairmodel), read on the dev split of ../shared/pairdata (eval/calibrate.py).
    # From ``model_drift`` (0.2 % of benign pairs reach 0.85, 58 % of drifted ones) a pair no rule explains is
    # meaning-changed, an error from ``model_contradiction`` on where neither side entails the other (no benign pair).
    # The model does not overrule the rules' errors: turning an error into a warning where it read a pair as
    # unchanged (drift under 0.2 .. 0.4) cleared 0 .. 9 benign dev pairs and 33 .. 129 drifted ones, and lost three
    # real errors of the spun copy in seeds/ (a reversed order, a count moved to another noun, a changed actor).
    model_drift: float = 0.85
    model_contradiction: float = 0.7
    # A clause omitted (DR602) is an error where the model reads the pair as changed from this drift on. Fitted on
    # the dev split: at the model's own boundary (0.5) 13 benign pairs kept an error (IteraTeR edits that cut an
    # aside or a restated frame, drift 0.5 .. 0.7), 74 drifted ones; at 0.7, 6 (all longer than the model reads)
    # and 70; 0.8 .. 0.9 spare at most one benign pair more and lose more drifted ones (the knee).
    model_omission: float = 0.7


@dataclass(frozen=True)
class GroupParams:
    """Grouping thresholds; per-encoder defaults are set below."""

    neighbours: int = 8
    candidate_similarity: float = 0.7
    shared_similarity: float = 0.82
    min_shared: int = 2
    min_shared_fraction: float = 0.1
    rendering_similarity: float = 0.6
    rendering_coverage: float = 0.7
    # Word 4-gram containment (numbers read as one placeholder) that joins two documents without shared
    # statements: copies, light rewrites, records of one template. On the synthetic crawl (bench/crawl.py, 1,000
    # articles) versions of one story share 0.74 and more of the smaller side's 4-grams; unrelated articles of
    # one beat at most 0.27 (180,000 pairs, site furniture included); at 0.1, five unrelated pairs were joined.
    min_shingle_containment: float = 0.5
    garble_tolerance: float = 0.01
    # Up to this many sentences, candidates come from exact search (blocks of rows against all), beyond it from
    # an HNSW index: on the 10,000-article crawl (75,129 sentences, bench/crawl.py) exact 78.6 s, HNSW (usearch,
    # one thread) 204.8 s; exact grows with the square, so at 100,000 about 140 s.
    exact_index_limit: int = 100_000
    # Versions of one story compared; the rest are left out, said so. Wire copies of a story number in the
    # dozens. Each version compared costs its alignment, its rules and the pair model's reading: about 45 ms of
    # CPU for a one-line version (bench/versions.py --max-versions: 1,000 versions in 45 s, 2,000 in 93 s), so the
    # cap bounds a run over a crawl that repeats one template 10,000 times.
    max_versions: int = 100
    # From this many articles on, only the articles that share wording with another (``group.with_wording_partners``)
    # are embedded and compared; the others are single versions, unembedded. On the 10,000-article crawl
    # (bench/crawl.py) 1,517 of 10,000 articles share wording, every version of every story among them (14.9 s).
    # Below, every article is embedded (a few minutes at most), so the sentence index also finds versions that
    # share no rare words at all. Hand-set.
    wording_index_from: int = 5_000
    # Near-copies (MinHash LSH over word 4-grams): on the crawl copies and spins of one story read 0.6 and more.
    near_copy_jaccard: float = 0.5
    minhash_permutations: int = 64
    # A key (4-gram, name or figure) is rare when found in at most this many groups of near-copies: stories on
    # the crawl have up to 8 versions, stock phrases and the names of a beat are in hundreds.
    rare_key_groups: int = 8
    # Two groups share wording from 3 rare 4-grams and 5 % of the smaller one's (on the crawl: every pair of
    # versions; the generator's singletons share a few stock 4-grams, real articles fewer), or 3 rare names and
    # figures (a translation keeps them; eval/corpora/translation*: 8 .. 12 of 13 .. 18).
    min_rare_grams: int = 3
    rare_gram_share: float = 0.05
    min_rare_anchors: int = 3


@dataclass(frozen=True)
class LogisticModel:
    """``sigmoid(intercept + weights · features)``."""

    intercept: float
    weights: tuple[float, ...]

    def probability(self, features: Sequence[float]) -> float:
        z = self.intercept + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


# Fitted by eval/calibrate.py on the 4,776 labelled pairs of the natural dev split of ../shared/pairdata (public
# pairs none of us wrote), each source and label weighing the same, after the rules' fixes of false errors on its
# benign pairs: cross-validated ROC-AUC 0.886 pooled (MiniLM cosine 0.838, difflib 0.841); IteraTeR 0.811 (0.803,
# 0.773), PAWS 0.708 (0.622, 0.695), SummEdits 0.699 (0.474, 0.288). Features: drift.scoring.PAIR_FEATURES.
PAIR_MODEL = LogisticModel(-1.5, (3.248, 1.67, -0.739, 3.603, 1.327, 1.573, 0.599, 0.889, -0.23, -0.074, 2.892, 0.575))


@dataclass(frozen=True)
class Thresholds:
    """The calibrated numbers of one encoder family."""

    align: AlignParams = field(default_factory=AlignParams)
    group: GroupParams = field(default_factory=GroupParams)
    clean: CleanParams = field(default_factory=CleanParams)
    detect: DetectParams = field(default_factory=DetectParams)
    # Drift score of a pair with the rules' evidence (``drift pairs``); fitted by eval/calibrate.py.
    pair_model: LogisticModel = field(default_factory=lambda: PAIR_MODEL)
    # Where the mean over dev sources of the balanced accuracy peaks: 0.697 (0.5: 0.690, 0.6: 0.696, 0.4: 0.665);
    # 17 % of benign pairs and 80 % of drifted ones are labelled drift (an error finding labels a pair drift
    # whatever its score).
    pair_threshold: float = 0.55

    @property
    def rendering_coverage(self) -> float:
        """Share of a reference a version must cover to be its rendering: one value for grouping and alignment."""
        return self.group.rendering_coverage

    def digest(self) -> str:
        """A short hash of every number here: two runs with the same digest used the same thresholds."""
        return hashlib.blake2b(repr(self).encode("utf-8"), digest_size=6).hexdigest()

    def as_dict(self) -> dict[str, float]:
        """The headline numbers, for the report's signature."""
        return {
            "align_min_similarity": self.align.min_similarity,
            "align_background_percentile": self.align.background_percentile,
            "group_shared_similarity": self.group.shared_similarity,
            "group_candidate_similarity": self.group.candidate_similarity,
            "rendering_coverage": self.rendering_coverage,
        }


# MiniLM reads English only, so it aligns same-language rewrites, whose sentence lengths follow the rewording
# (spinners pad and cut); the length prior of translation aligners (``AlignParams.length_penalty``, chosen with
# USE on the public translation and MT documents of ../shared/aligndev) pulled a rendered clause into the wrong
# neighbour there (the seeds' 001 -> 003), so MiniLM pairs are aligned by their embeddings alone.
_MINILM = Thresholds(align=AlignParams(length_penalty=0.0))
_USE = Thresholds(
    align=AlignParams(min_similarity=0.45, max_threshold=0.7),
    group=GroupParams(candidate_similarity=0.65, shared_similarity=0.75, rendering_similarity=0.55),
)
_FAMILIES = {"minilm": _MINILM, "use": _USE}


def thresholds_for(family: str) -> Thresholds:
    """Thresholds for an encoder family; unknown (custom) models get MiniLM's."""
    return _FAMILIES.get(family, _MINILM)
