"""The aligner: N:M beads, gaps, moved paragraphs; on a stand-in encoder and on the real model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from drift.align import align_articles, align_sentences, coverage
from drift.records import Relation
from drift.thresholds import AlignParams, thresholds_for
from tests.conftest import ROOT, BagOfWordsEncoder, articles_from_texts

STORY = [
    "The city council approved a new budget of 40 million euros on Tuesday after a long debate.",
    "The mayor said the money would go to schools, roads and a new public library.",
    "Opposition members voted against the plan, saying taxes would rise next year.",
    "The library is expected to open in the spring of 2026 near the central station.",
    "Construction of the new bridge over the river will begin in March, officials added.",
    "Residents can comment on the plans at a public meeting next month.",
]


def _align(ref_text: str, var_text: str, encoder: BagOfWordsEncoder, joined: list[str] | None = None):
    """Align two texts; ``joined`` collects the concatenated spans the fine step encoded."""
    ref, var = articles_from_texts({"ref.txt": ref_text, "var.txt": var_text})

    def encode_joined(texts):
        if joined is not None:
            joined.extend(texts)
        return encoder.encode(texts)

    vectors = {a.id: encoder.encode([s.norm for s in a.sentences]) for a in (ref, var)}
    thresholds = thresholds_for("minilm")
    alignment = align_articles(
        ref,
        var,
        vectors["ref.txt"],
        vectors["var.txt"],
        params=thresholds.align,
        rendering_coverage=thresholds.rendering_coverage,
        encode=encode_joined,
    )
    return ref, var, alignment


def _beads(alignment):
    return [(pair.ref, pair.var) for pair in alignment.pairs]


def test_identical_documents_align_one_to_one(bow_encoder):
    text = "\n\n".join(STORY)
    joined: list[str] = []
    _, _, alignment = _align(text, text, bow_encoder, joined)
    assert joined == []  # no path takes a merge, even at the upper bound of its gain: none is encoded
    assert _beads(alignment) == [((i,), (i,)) for i in range(len(STORY))]
    assert alignment.relation is Relation.RENDERING
    assert alignment.coverage == 1.0
    assert all(pair.similarity == pytest.approx(1.0, abs=1e-4) for pair in alignment.pairs)


def test_a_sentence_split_in_two_is_one_bead(bow_encoder):
    split = list(STORY)
    split[1] = "The mayor said the money would go to schools and roads. It will also pay for a new public library."
    joined: list[str] = []
    _, var, alignment = _align("\n\n".join(STORY), "\n\n".join(split), bow_encoder, joined)
    assert len(var.sentences) == len(STORY) + 1
    assert ((1,), (1, 2)) in _beads(alignment)
    assert joined == [split[1]]  # the concatenation that wins was encoded, not estimated, and no other
    assert all(pair.ref and pair.var for pair in alignment.pairs)


def test_two_sentences_merged_into_one_is_one_bead(bow_encoder):
    merged = [STORY[0], STORY[1], STORY[2][:-1] + ", while " + STORY[3][0].lower() + STORY[3][1:], *STORY[4:]]
    _, _, alignment = _align("\n\n".join(STORY), "\n\n".join(merged), bow_encoder)
    assert ((2, 3), (2,)) in _beads(alignment)


def test_moved_paragraph_is_recovered(bow_encoder):
    moved = [STORY[4], *STORY[:4], STORY[5]]
    _, _, alignment = _align("\n\n".join(STORY), "\n\n".join(moved), bow_encoder)
    beads = _beads(alignment)
    assert ((4,), (0,)) in beads
    assert ((0,), (1,)) in beads and ((3,), (4,)) in beads and ((5,), (5,)) in beads
    assert not [pair for pair in alignment.pairs if not pair.ref or not pair.var]


def test_insertions_and_omissions_are_gaps(bow_encoder):
    variant = [
        STORY[0],
        "Heavy snow closed three mountain passes in the north overnight.",
        *STORY[1:3],
        *STORY[4:],
    ]
    _, _, alignment = _align("\n\n".join(STORY), "\n\n".join(variant), bow_encoder)
    beads = _beads(alignment)
    assert ((), (1,)) in beads  # the inserted sentence
    assert ((3,), ()) in beads  # the omitted one
    # the insertion is shown right after the pair holding the variant sentence before it
    assert beads.index(((), (1,))) == beads.index(((0,), (0,))) + 1


def test_empty_side_gives_only_gaps():
    pairs = align_sentences(
        np.zeros((0, 4), dtype=np.float32),
        np.eye(2, 4, dtype=np.float32),
        ref_lengths=[],
        var_lengths=[10, 10],
        params=AlignParams(),
    )
    assert [(p.ref, p.var) for p in pairs] == [((), (0,)), ((), (1,))]


def _unit(*weights):
    vector = np.zeros(8, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def test_a_fragment_the_estimate_misses_joins_the_bead_it_brings_closer():
    """A sentence broken over two lines whose second part, alone, looks like nothing on the other side: the
    estimated join (a mean of the parts' vectors) does not pay, so the path leaves the part out; encoded, the
    two lines together read as the whole sentence. A line that, joined, takes the bead further away stays out."""
    whole, other, next_ = _unit(1, 0.3), _unit(0, 0, 1), _unit(0, 0, 0, 1)
    first_half, fragment = _unit(1, 0.3, 0, 0, 0.9), _unit(0, 0, 0, 0, 0, 1)

    def beads(joined):
        def encode(requests):
            return np.stack([joined if tuple(r) == ("var", 0, 2) else _unit(0, 0, 0, 0, 0, 0, 1) for r in requests])

        pairs = align_sentences(
            np.stack([whole, other, next_]),
            np.stack([first_half, fragment, other, next_]),
            ref_lengths=[80, 60, 60],
            var_lengths=[60, 60, 60, 60],
            params=AlignParams(),
            encode_spans=encode,
        )
        return [(p.ref, p.var) for p in pairs]

    assert beads(joined=_unit(1, 0.3, 0, 0, 0.2)) == [((0,), (0, 1)), ((1,), (2,)), ((2,), (3,))]
    assert beads(joined=_unit(1, 0.3, 0, 0, 0.9, 0.9)) == [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]


def test_coverage_counts_characters_of_aligned_sentences(bow_encoder):
    ref, var, alignment = _align("\n\n".join(STORY), "\n\n".join(STORY[:3]), bow_encoder)
    lengths = [len(s.norm) for s in ref.sentences]
    assert coverage(alignment.pairs, lengths, [len(s.norm) for s in var.sentences]) == pytest.approx(
        sum(lengths[:3]) / sum(lengths)
    )
    assert alignment.relation is Relation.SAME_STORY


def _gold_f1(directory, report):
    """Strict F1 of the alignment of a corpus with whole-sentence gold links (eval/corpora)."""
    gold = json.loads((directory / "gold.json").read_text(encoding="utf-8"))["alignments"][0]
    alignment = report.alignments[0]
    ref, var = report.articles[alignment.ref], report.articles[alignment.var]

    def sentence_set(article, texts):
        return frozenset(s.index for s in article.sentences for t in texts if s.text.strip() in t or t in s.text)

    gold_links = {(sentence_set(ref, link["ref"]), sentence_set(var, link["var"])) for link in gold["links"]}
    predicted = {(frozenset(p.ref), frozenset(p.var)) for p in alignment.pairs if p.ref and p.var}
    hits = len(gold_links & predicted)
    return 2 * hits / (len(gold_links) + len(predicted))


@pytest.mark.model
@pytest.mark.parametrize("corpus", ["split-merge", "moved"])
def test_real_model_recovers_known_alignments(corpus, real_encoder):
    from drift.pipeline import run

    directory = ROOT / "eval" / "corpora" / corpus
    report = run([str(directory)], real_encoder)
    assert _gold_f1(directory, report) == 1.0
