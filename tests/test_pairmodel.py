"""The pair model: the shipped cross-encoder, its verdicts on real sentences, and its weight in detection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drift.errors import ModelError
from drift.pairmodel import MODEL_FOLDER, PairModel, PairVerdict, load_pair_model
from drift.pairs import PairInput, score_pairs
from drift.records import Category, Severity
from drift.rules.judged import MeaningChanged
from drift.thresholds import thresholds_for

REFERENCE = "The talks between the two governments will begin in Geneva on Monday."


@pytest.fixture(scope="module")
def model() -> PairModel:
    return load_pair_model()


def test_the_shipped_model_is_complete_and_small() -> None:
    meta = json.loads((MODEL_FOLDER / "meta.json").read_text(encoding="utf-8"))
    assert meta["nli_labels"] == ["entailment", "neutral", "contradiction"]
    assert (MODEL_FOLDER / "tokenizer.json").is_file() and (MODEL_FOLDER / "MODEL_CARD.md").is_file()
    assert (MODEL_FOLDER / "pair_model.onnx").stat().st_size < 40 * 2**20


def test_a_missing_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="pair model is missing"):
        PairModel(tmp_path)


def test_a_contradiction_reads_as_more_drift_than_a_paraphrase(model: PairModel) -> None:
    paraphrase, negated, other_place = model.verdicts(
        [
            (REFERENCE, "Talks between the two governments are to start on Monday in Geneva."),
            (REFERENCE, "The talks between the two governments will not begin in Geneva on Monday."),
            (REFERENCE, "The talks between the two governments will begin in Vienna on Friday."),
        ]
    )
    assert paraphrase.drift < 0.5 < negated.drift
    assert paraphrase.drift < other_place.drift
    assert negated.contradiction > paraphrase.contradiction


def test_directions_tell_an_omission_from_an_addition(model: PairModel) -> None:
    full = "The minister, who resigned on Friday after a week of protests, spoke to reporters in Paris."
    short = "The minister spoke to reporters in Paris."
    (dropped,) = model.verdicts([(full, short)])
    (added,) = model.verdicts([(short, full)])
    assert dropped.dropped > dropped.added
    assert added.added > added.dropped


def test_verdicts_do_not_depend_on_the_batch(model: PairModel) -> None:
    pairs = [(REFERENCE, REFERENCE.replace("Monday", day)) for day in ("Tuesday", "Monday morning", "the weekend")]
    together = model.verdicts(pairs)
    alone = [model.verdicts([pair])[0] for pair in pairs]
    for first, second in zip(together, alone, strict=True):
        assert first.drift == pytest.approx(second.drift, abs=1e-3)  # float arithmetic: padding only


def test_meaning_changed_is_a_meaning_rule_that_runs_late() -> None:
    assert MeaningChanged.category is Category.MEANING and MeaningChanged.late


@pytest.mark.model
def test_an_omitted_clause_is_an_error_only_where_the_model_reads_meaning_lost(model: PairModel, real_encoder) -> None:
    cause = (
        "The factory was closed on Tuesday because inspectors found toxic chemical leaks near the river.",
        "The factory was closed on Tuesday.",
    )
    aside = (
        "The mayor, speaking to reporters at the city hall, said the two bus lines will merge next year.",
        "The mayor said the two bus lines will merge next year.",
    )
    pairs = [PairInput(1, "cause", *cause), PairInput(2, "aside", *aside)]
    results = score_pairs(pairs, real_encoder, thresholds_for(real_encoder.family), judge=model)
    severities = [[f.severity for f in result.findings if f.rule == "DR602"] for result in results]
    assert severities == [[Severity.ERROR], [Severity.WARNING]]


def test_a_contradiction_is_an_error_only_where_neither_side_entails_the_other() -> None:
    both_ways = PairVerdict(drift=0.99, forward=(0.04, 0.05, 0.91), backward=(0.03, 0.05, 0.92))
    one_way = PairVerdict(drift=0.9, forward=(0.55, 0.07, 0.38), backward=(0.12, 0.11, 0.78))
    assert not both_ways.entailed and one_way.entailed


@pytest.mark.model
def test_meaning_changed_where_no_rule_explains_the_pair(model: PairModel, real_encoder) -> None:
    contradicted = ("A girl pours water into an empty bottle.", "A girl pours water into the ocean.")
    # Read as a contradiction one way and as entailed the other ("queued" / "lined up"): not an error.
    reworded = (
        "Hundreds of residents queued outside the building before the doors opened at eight in the morning.",
        "Hundreds of residents lined up outside before the doors opened at 8am.",
    )
    pairs = [PairInput(1, "contradicted", *contradicted), PairInput(2, "reworded", *reworded)]
    results = score_pairs(pairs, real_encoder, thresholds_for(real_encoder.family), judge=model)
    found = [[(f.rule, f.severity, f.text) for f in result.findings] for result in results]
    assert found[0] == [("DR507", Severity.ERROR, "the ocean")]
    assert all(severity is not Severity.ERROR for _, severity, _ in found[1]), found[1]
