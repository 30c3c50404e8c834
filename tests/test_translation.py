"""Translations (eval/corpora/translation): a Spanish original, a faithful and a drifted English rendering.

Real models: MiniLM (the session's ``real_encoder``) for English, and the
multilingual encoder for the story in two languages, built like the CLI builds
it, on the session's embedding cache.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from drift.cli import main
from drift.pipeline import RunOptions, run
from drift.records import Relation, Report, Severity
from tests.conftest import ROOT

pytestmark = pytest.mark.model

CORPUS = ROOT / "eval" / "corpora" / "translation"


@pytest.fixture(scope="session")
def multilingual_encoder(model_cache_dir):
    from drift.embed import MULTILINGUAL_MODEL, CachedEncoder, EmbeddingCache, load_encoder

    return CachedEncoder(load_encoder(MULTILINGUAL_MODEL), EmbeddingCache(model_cache_dir / "embeddings.sqlite3"))


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(real_encoder, multilingual_encoder) -> Report:
    return run([str(CORPUS)], real_encoder, RunOptions(multilingual=multilingual_encoder))


def _name(doc: str) -> str:
    return Path(doc).name


def _text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def _shown(findings) -> str:
    return "\n".join(f"{f.rule} {f.severity.value} {_name(f.doc)} {f.text[:50]!r}: {f.message}" for f in findings)


def test_one_story_with_the_original_as_reference(report, gold):
    assert [sorted(_name(d) for d in story.documents) for story in report.stories] == [sorted(gold["story_groups"][0])]
    assert _name(report.stories[0].reference) == "es.txt"
    assert report.articles[str(CORPUS / "es.txt")].language == "es"
    edges = {(_name(a.ref), _name(a.var)): a.relation for a in report.alignments}
    assert edges == {
        ("es.txt", "en-faithful.txt"): Relation.RENDERING,
        ("es.txt", "en-drifted.txt"): Relation.RENDERING,
    }


def test_the_planted_number_change_is_flagged_on_both_sides(report):
    found = [f for f in report.findings if f.rule == "DR201" and _name(f.doc) == "en-drifted.txt"]
    assert len(found) == 1, _shown(report.findings)
    finding = found[0]
    drifted, original = _text("en-drifted.txt"), _text("es.txt")
    assert finding.severity is Severity.ERROR
    assert drifted[finding.start : finding.end] == finding.text and "30" in finding.text
    assert "40" not in finding.text
    assert _name(finding.against or "") == "es.txt"
    assert finding.counterpart_start is not None and finding.counterpart_end is not None
    counterpart = original[finding.counterpart_start : finding.counterpart_end]
    assert counterpart == finding.counterpart and counterpart.startswith("40")
    assert finding.counterpart_start == original.index("40 por ciento")


def test_the_faithful_translation_has_no_finding(report):
    faithful = [f for f in report.findings if _name(f.doc) == "en-faithful.txt" and f.severity >= Severity.WARNING]
    assert not faithful, _shown(faithful)


def test_the_drifted_translation_keeps_its_other_planted_changes(report):
    """The name change and the omitted sentence are found too (the quote only as a possible mistranslation)."""
    drifted = [f for f in report.findings if _name(f.doc) == "en-drifted.txt"]
    assert any(f.rule == "DR303" and f.text == "Andrés Medina" for f in drifted), _shown(drifted)
    omission = [f for f in drifted if f.rule == "DR601"]
    assert omission and omission[0].counterpart == (
        "El suministro a los hogares no se verá afectado por ahora, según el ministerio."
    )


def test_a_changed_name_is_not_also_reported_as_an_added_name(report):
    rules = sorted(f.rule for f in report.findings if "Medina" in f.text)
    assert rules == ["DR303"]


def test_the_signature_names_both_encoders(report, real_encoder, multilingual_encoder):
    assert real_encoder.signature in report.signature.model
    assert multilingual_encoder.signature in report.signature.model
    assert report.signature.model.startswith("all-MiniLM-L6-v2")


def _gold_index(sentences: list[dict], texts: list[str]) -> frozenset[int]:
    """Indices of our sentences that overlap the gold sentences ``texts``."""
    found = set()
    for text in texts:
        matching = [i for i, s in enumerate(sentences) if text in s["text"] or s["text"] in text]
        assert matching, f"gold sentence not among ours: {text[:60]!r}"
        found.update(matching)
    return frozenset(found)


def test_cli_align_across_languages_recovers_the_gold_links(monkeypatch, real_encoder, multilingual_encoder, gold):
    monkeypatch.setattr("drift.cli._encoder", lambda args: real_encoder)
    monkeypatch.setattr("drift.cli._multilingual", lambda args: multilingual_encoder)
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(
        ["align", str(CORPUS / "es.txt"), str(CORPUS / "en-faithful.txt"), "-o", "json"], stdout=stdout, stderr=stderr
    )
    assert code == 0, stderr.getvalue()
    document = json.loads(stdout.getvalue())
    assert document["relation"] == "rendering"
    expected = next(a for a in gold["alignments"] if a["var"] == "en-faithful.txt")
    gold_links = {
        (_gold_index(document["ref_sentences"], link["ref"]), _gold_index(document["var_sentences"], link["var"]))
        for link in expected["links"]
    }
    predicted = [
        (frozenset(pair["ref_sentences"]), frozenset(pair["var_sentences"]))
        for pair in document["pairs"]
        if pair["ref_sentences"] and pair["var_sentences"]
    ]
    hits = sum(1 for link in predicted if link in gold_links)
    recalled = sum(1 for link in gold_links if link in predicted)
    precision, recall = hits / len(predicted), recalled / len(gold_links)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    counts = f"{hits}/{len(predicted)} predicted, {recalled}/{len(gold_links)} gold"
    assert f1 >= 0.9, f"strict P {precision:.2f} R {recall:.2f} F1 {f1:.2f} ({counts})"
    split = [link for link in gold_links if len(link[1]) == 2]
    assert len(split) == 1 and split[0] in predicted  # the sentence the translation splits in two: one 1:2 bead
