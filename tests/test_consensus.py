"""Consensus over many versions of one sentence (``drift.consensus``), on hand-made alignments."""

from __future__ import annotations

from drift.consensus import apply_consensus
from drift.records import AlignedPair, Alignment, Category, Finding, Relation, Severity, Site, Story
from tests.conftest import articles_from_texts

REFERENCE = "The council approved a budget of 35 billion dollars on Monday."
DEPARTING = "The council approved a budget of 3.5 billion dollars on Monday."


def _story(texts: dict[str, str]) -> tuple[Story, list[Alignment], dict]:
    """Every version aligned with ``r``, sentence by sentence, all of a version's sentences on the first one's."""
    articles = {article.id: article for article in articles_from_texts(texts)}
    alignments = [
        Alignment("r", doc, Relation.RENDERING, 1.0, (AlignedPair((0,), tuple(range(len(a.sentences))), 0.9),))
        for doc, a in articles.items()
        if doc != "r"
    ]
    return Story("story-1", tuple(texts), "r", tuple(("r", doc) for doc in texts if doc != "r")), alignments, articles


def _finding(doc: str, text: str) -> Finding:
    start = text.index("3.5")
    return Finding(
        "DR201", "value-changed", Category.NUMBER, Severity.ERROR, doc, start, start + 3, "3.5",
        "'3.5' renders '35'", against="r", counterpart="35", counterpart_start=REFERENCE.index("35"),
        counterpart_end=REFERENCE.index("35") + 2, story="story-1", site=Site("r", doc, (0,), (0,)),
    )  # fmt: skip


def _settled(finding: Finding, story: Story, alignments: list[Alignment], articles: dict) -> list[Finding]:
    """Consensus as the detector applies it to a number rule (voted on, not intrinsic)."""
    return apply_consensus([finding], [story], alignments, articles, voted={"DR201"}, intrinsic=set())


def test_the_many_versions_that_side_with_the_flagged_wording_move_the_finding_to_the_reference():
    texts = {"r": REFERENCE, **{f"v{n:02}": DEPARTING for n in range(30)}, **{f"s{n}": REFERENCE for n in range(9)}}
    texts["w"] = "The council approved a budget on Monday. It was 3.5 billion dollars."  # one vote for two sentences
    story, alignments, articles = _story(texts)
    assert len(articles["w"].sentences) == 2
    [moved] = _settled(_finding("v05", DEPARTING), story, alignments, articles)
    assert moved.doc == "r" and moved.against == "v05" and moved.text == "35"
    assert moved.agreeing == tuple(sorted([f"v{n:02}" for n in range(30) if n != 5] + ["w"]))


def test_the_versions_that_side_with_the_counterpart_are_named():
    texts = {"r": REFERENCE, "v": DEPARTING, **{f"s{n}": REFERENCE for n in range(12)}}
    story, alignments, articles = _story(texts)
    [kept] = _settled(_finding("v", DEPARTING), story, alignments, articles)
    assert kept.doc == "v" and kept.agreeing == tuple(f"s{n}" for n in sorted(range(12), key=str))
    assert kept.message.endswith("agree, v departs")
