"""The pipeline over a corpus: what a crawl embeds, and that it changes no story or finding."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from drift.embed import CachedEncoder, load_encoder
from drift.pipeline import RunOptions, run
from drift.thresholds import thresholds_for
from tests.conftest import SEEDS

FLOOD = (
    "Heavy rain flooded several streets in the harbour district on Sunday night.\n\n"
    "Firefighters pumped water out of dozens of basements until the morning.\n\n"
    "The weather service expects more storms along the coast this week."
)


@pytest.mark.model
def test_a_crawl_embeds_only_the_articles_that_share_wording_and_reports_the_same(tmp_path: Path):
    """The seeds and an article on another event, read as a crawl (``wording_index_from`` 1): the flood article
    is not embedded, and every story, alignment and finding is the one of a run that embeds everything."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "flood.txt").write_text(FLOOD, encoding="utf-8")
    minilm = thresholds_for("minilm")
    as_crawl = replace(minilm, group=replace(minilm.group, wording_index_from=1))
    whole, crawl = CachedEncoder(load_encoder(), None), CachedEncoder(load_encoder(), None)
    everything = run([str(corpus)], whole)
    partners = run([str(corpus)], crawl, RunOptions(thresholds=as_crawl))
    assert crawl.stats.misses < whole.stats.misses
    flood = next(article for article in everything.articles.values() if article.document.path.endswith("flood.txt"))
    assert whole.stats.misses - crawl.stats.misses >= len(flood.sentences)
    assert partners.stories == everything.stories
    assert partners.alignments == everything.alignments
    assert partners.findings == everything.findings


def test_alignment_progress_moves_only_when_an_edge_is_checked(tmp_path: Path, bow_encoder):
    """Singletons (the flood article) report nothing: each "align" report counts more edges than the last, up to
    the total, so a crawl of 90,000 singletons does not repeat one figure 90,000 times."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "flood.txt").write_text(FLOOD, encoding="utf-8")
    reports: list[tuple[int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "align":
            reports.append((done, total))

    report = run([str(corpus)], bow_encoder, progress=progress)
    assert len(report.stories) > sum(len(story.edges) > 0 for story in report.stories)  # singletons among them
    done = [d for d, _ in reports]
    assert done == sorted(set(done)) and done[0] > 0
    assert reports[-1] == (len(report.alignments), len(report.alignments))
