"""The acceptance numbers on seeds/ against the hand annotations in eval/seeds-gold.json (the real model).

Matching follows eval/evaluate.py: a gold link is found when some aligned pair
between the two documents (in either orientation) has the link's ``ref`` string
on its reference side and its ``var`` string on its variant side; a gold finding
is found when a finding on that document overlaps the gold text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drift.records import Article, Finding, Report, Severity, span_text
from tests.conftest import GOLD

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def _base(doc_id: str) -> str:
    return Path(doc_id.split("#")[0]).name


def _article(report: Report, name: str) -> Article:
    return next(article for article in report.articles.values() if _base(article.id) == name)


def _overlaps(finding: Finding, article: Article, text: str) -> bool:
    start = article.document.text.find(text)
    assert start >= 0, f"gold text not in {article.id}: {text!r}"
    return finding.start < start + len(text) and start < finding.end


def test_story_groups_are_exact(seeds_report, gold):
    ours = sorted(sorted(_base(doc) for doc in story.documents) for story in seeds_report.stories)
    assert ours == sorted(sorted(group) for group in gold["story_groups"])


def test_relations_of_the_gold_alignments(seeds_report, gold):
    ours = {frozenset((_base(a.ref), _base(a.var))): a for a in seeds_report.alignments}
    for expected in gold["alignments"]:
        alignment = ours.get(frozenset((expected["ref"], expected["var"])))
        assert alignment is not None, f"{expected['ref']} and {expected['var']} are not aligned"
        assert alignment.relation.value == expected["relation"], (expected["ref"], expected["var"])
        if expected["relation"] == "rendering":  # 001 -> 003: the rendering is aligned with its source
            assert (_base(alignment.ref), _base(alignment.var)) == (expected["ref"], expected["var"])


def test_gold_links_are_recovered(seeds_report, gold):
    found, total, missed = 0, 0, []
    for expected in gold["alignments"]:
        names = {expected["ref"], expected["var"]}
        ours = [a for a in seeds_report.alignments if {_base(a.ref), _base(a.var)} == names]
        for link in expected["links"]:
            total += 1
            hit = False
            for alignment in ours:
                ref, var = seeds_report.articles[alignment.ref], seeds_report.articles[alignment.var]
                swapped = _base(alignment.ref) != expected["ref"]
                for pair in alignment.pairs:
                    ref_text, var_text = span_text(ref, pair.ref), span_text(var, pair.var)
                    if swapped:
                        ref_text, var_text = var_text, ref_text
                    hit = hit or (link["ref"] in ref_text and link["var"] in var_text)
            found += hit
            if not hit:
                missed.append(f"{link['ref'][:50]!r} ~ {link['var'][:50]!r}")
    assert total == 36
    assert found >= 34, f"{found}/{total} gold links found; missed: {missed}"


def test_no_gold_boilerplate_line_is_inside_an_aligned_sentence(seeds_report, gold):
    aligned: dict[str, set[int]] = {}
    for alignment in seeds_report.alignments:
        for pair in alignment.pairs:
            if pair.ref and pair.var:
                aligned.setdefault(alignment.ref, set()).update(pair.ref)
                aligned.setdefault(alignment.var, set()).update(pair.var)
    leaks = []
    for name, lines in gold["boilerplate"].items():
        article = _article(seeds_report, name)
        for line in lines:
            start = article.document.text.find(line)
            assert start >= 0, (name, line)
            end = start + len(line)
            for index in aligned.get(article.id, ()):
                sentence = article.sentences[index]
                if sentence.start < end and start < sentence.end:
                    leaks.append(f"{name}: {line!r} in {sentence.text[:60]!r}")
    assert not leaks, leaks


def test_gold_findings_are_found(seeds_report, gold):
    found, errors_found, missed = 0, 0, []
    expected = gold["findings"]
    for item in expected:
        article = _article(seeds_report, item["doc"])
        hit = any(_base(f.doc) == item["doc"] and _overlaps(f, article, item["text"]) for f in seeds_report.findings)
        found += hit
        errors_found += hit and item["severity"] == "error"
        if not hit:
            missed.append(f"{item['category']}/{item['severity']} {item['text'][:50]!r}")
    errors = sum(1 for item in expected if item["severity"] == "error")
    assert (len(expected), errors) == (22, 14)
    assert found >= 20, f"{found}/{len(expected)} gold findings matched; missed: {missed}"
    assert errors_found >= 12, f"{errors_found}/{errors} gold errors matched; missed: {missed}"


def test_benign_pairs_carry_no_error(seeds_report, gold):
    assert len(gold["benign_pairs"]) == 4
    wrong = []
    for pair in gold["benign_pairs"]:
        article = _article(seeds_report, pair["b_doc"])
        wrong.extend(
            f"{f.rule} on {pair['b'][:50]!r}: {f.message}"
            for f in seeds_report.findings
            if _base(f.doc) == pair["b_doc"] and f.severity is Severity.ERROR and _overlaps(f, article, pair["b"])
        )
    assert not wrong, f"{len(wrong)} error(s) on the 4 benign pairs: {wrong}"
