"""The result cache: a re-run reads every stage back, a change recomputes only what depends on it."""

from __future__ import annotations

import re
import shutil

import pytest

from drift.embed import EmbeddingCache
from drift.pipeline import RunOptions, run
from drift.report.machine import render_json
from drift.results import ResultCache, dump_findings, load_findings
from drift.rules import RuleSelection
from tests.conftest import ROOT, BagOfWordsEncoder

SEEDS = ROOT / "seeds"


@pytest.fixture
def corpus(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def _run(corpus, results, options=None):
    encoder = BagOfWordsEncoder()
    report = run([str(corpus)], encoder, options, results=results)
    return report, encoder


def test_a_rerun_reads_every_stage_back_and_reports_the_same(corpus, tmp_path):
    first, _ = _run(corpus, ResultCache(tmp_path / "results.sqlite3"))
    cache = ResultCache(tmp_path / "results.sqlite3")
    second, encoder = _run(corpus, cache)
    assert render_json(second) == render_json(first)
    edges = sum(len(story.edges) for story in second.stories)
    # languages, the stories, one alignment per edge, the findings of each story
    assert (cache.hits, cache.misses) == (len(second.articles) + 1 + edges + len(second.stories), 0)
    assert encoder.calls == 1  # the sentences only: no joined spans for alignment, no quotes for the rules


def test_a_changed_document_recomputes_its_story_and_nothing_else(corpus, tmp_path):
    first, _ = _run(corpus, ResultCache(tmp_path / "results.sqlite3"))
    story = max(first.stories, key=lambda story: len(story.documents))
    changed = next(doc for doc in story.documents if doc != story.reference)
    article = first.articles[changed]
    text = article.document.text
    number = next(m for s in article.sentences if (m := re.compile(r"\b\d+\b").search(text, s.start, s.end)))
    new_number = str(int(number.group()) + 7)
    with open(article.document.path, "w", encoding="utf-8") as stream:
        stream.write(text[: number.start()] + new_number + text[number.end() :])

    cache = ResultCache(tmp_path / "results.sqlite3")
    cached, _ = _run(corpus, cache)
    fresh, _ = _run(corpus, ResultCache(None))
    assert render_json(cached) == render_json(fresh)
    edges_touched = sum(changed in edge for s in cached.stories for edge in s.edges)
    # its language, the grouping, the edges it is on, its story's findings
    assert cache.misses == 1 + 1 + edges_touched + 1
    assert cache.hits == len(cached.articles) - 1 + sum(len(s.edges) for s in cached.stories) - edges_touched + (
        len(cached.stories) - 1
    )
    # the number it now differs by, on it or on the version rendered from it
    assert any(f.rule.startswith("DR2") and new_number in f.text + (f.counterpart or "") for f in cached.findings)


def test_findings_are_keyed_by_the_rule_selection(corpus, tmp_path):
    _run(corpus, ResultCache(tmp_path / "results.sqlite3"))
    options = RunOptions(selection=RuleSelection(ignore=("DR1",)))
    cached, _ = _run(corpus, ResultCache(tmp_path / "results.sqlite3"), options)
    fresh, _ = _run(corpus, ResultCache(None), options)
    assert render_json(cached) == render_json(fresh)
    assert cached.findings and not any(f.rule.startswith("DR1") for f in cached.findings)


def test_findings_survive_the_json_round_trip(corpus):
    report, _ = _run(corpus, ResultCache(None))
    findings = list(report.findings)
    assert findings and load_findings(dump_findings(findings)) == findings


@pytest.mark.parametrize("cache_type", [ResultCache, EmbeddingCache])
def test_a_file_that_is_not_a_cache_is_a_one_line_problem_not_an_error(tmp_path, cache_type):
    # issue 14: a cache that cannot be used costs time, never the run (it used to raise CacheError, exit 2)
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"not a database, a scraped page " * 100)
    cache = cache_type(path)
    assert re.fullmatch(re.escape(str(path)) + r": cache unusable \(.*\); going on without it .*", cache.problem)
