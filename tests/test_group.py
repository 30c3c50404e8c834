"""Story grouping: versions of one event together, other events apart, and who is compared with whom."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drift.group import group_stories, with_wording_partners
from drift.records import Relation
from drift.thresholds import thresholds_for
from tests.conftest import GOLD, articles_from_texts

ROOT = Path(__file__).resolve().parent.parent

EVENT = [
    "The city council approved a new budget of 40 million euros on Tuesday after a long debate.",
    "The mayor said the money would go to schools, roads and a new public library.",
    "Opposition members voted against the budget, saying taxes would rise next year.",
    "The library is expected to open in the spring of 2026 near the central station.",
    "The council will publish the full budget on its website, the mayor said.",
]
OTHER_EVENT = [
    "Heavy rain flooded several streets in the harbour district on Sunday night.",
    "Firefighters pumped water out of dozens of basements until the morning.",
    "The weather service expects more storms along the coast this week.",
    "Residents were asked to move their cars away from the quays.",
]


def _group(texts, encoder, reference=None):
    articles = articles_from_texts(texts)
    vectors = {a.id: encoder.encode([s.norm for s in a.sentences]) for a in articles}
    return group_stories(articles, vectors, thresholds_for("minilm").group, reference=reference)


def test_copies_group_and_other_events_stay_apart(bow_encoder):
    copy = [EVENT[0], EVENT[1].replace("money", "funds"), *EVENT[2:]]
    stories = _group(
        {"a.txt": "\n\n".join(EVENT), "b.txt": "\n\n".join(copy), "c.txt": "\n\n".join(OTHER_EVENT)},
        bow_encoder,
    )
    assert [story.documents for story in stories] == [("a.txt", "b.txt"), ("c.txt",)]
    assert stories[0].reference == "a.txt"
    assert stories[0].edges == (("a.txt", "b.txt"),)
    assert stories[1].edges == ()


def test_the_cleaner_rendering_is_the_reference_whatever_the_order(bow_encoder):
    spun = [
        EVENT[0].replace("approved", "Was approved The"),
        "The mayor said the money It would go to schools, roads and a new public library rice field.",
        *EVENT[2:],
    ]
    stories = _group({"a.txt": "\n\n".join(spun), "b.txt": "\n\n".join(EVENT)}, bow_encoder)
    assert stories[0].reference == "b.txt"
    assert stories[0].edges == (("b.txt", "a.txt"),)


def test_a_name_every_rendering_writes_alike_does_not_make_a_shortened_one_the_reference(bow_encoder):
    """The lexicon reads "Whitecliff" as a fusion (White + cliff): a sign of garbling, were it not in every
    version. Counted, the version that drops a sentence naming it twice would read cleanest."""
    story = [
        "The Whitecliff council approved a new budget of 40 million euros on Tuesday after a long debate.",
        "The mayor of Whitecliff said the money would go to schools, roads and a new public library.",
        "Opposition members in Whitecliff voted against it, saying Whitecliff taxes would rise next year.",
        "The library is expected to open in the spring of 2026 near the central station.",
        "The council will publish the full budget on its website, the mayor of Whitecliff said.",
    ]
    shortened = [story[0], story[1], *story[3:]]
    stories = _group({"a.txt": "\n\n".join(story), "b.txt": "\n\n".join(shortened)}, bow_encoder)
    assert stories[0].reference == "a.txt"
    assert stories[0].edges == (("a.txt", "b.txt"),)


def test_one_shared_sentence_does_not_make_two_events_one_story(bow_encoder):
    """A sentence of wire copy in both articles (in a paragraph, so no template line): a fifth of the smaller
    one's 4-grams, one statement, two stories."""
    shared = "The agency said more details would be published on its website later this week."
    stories = _group(
        {
            "a.txt": "\n\n".join([*EVENT[:-1], f"{EVENT[-1]} {shared}"]),
            "b.txt": "\n\n".join([*OTHER_EVENT[:-1], f"{OTHER_EVENT[-1]} {shared}"]),
        },
        bow_encoder,
    )
    assert [story.documents for story in stories] == [("a.txt",), ("b.txt",)]


def test_records_of_one_template_that_differ_in_their_numbers_are_one_story(bow_encoder):
    template = "Record number {n} says the council met on day {m}. The vote was {n} to {n}."
    stories = _group({f"{n}.txt": template.format(n=n, m=n + 1) for n in (3, 17)}, bow_encoder)
    assert [sorted(story.documents) for story in stories] == [["17.txt", "3.txt"]]


def _seed(prefix: str) -> str:
    return next((ROOT / "seeds").glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _partners(texts: dict[str, str]) -> list[str]:
    return [article.id for article in with_wording_partners(articles_from_texts(texts), thresholds_for("minilm").group)]


def test_a_crawl_embeds_the_versions_of_a_story_and_not_the_articles_alone():
    """The seeds' story (000 rewritten by 001, spun by 003) and a translation (its names and figures) are kept;
    two articles on other events are left out."""
    translation = ROOT / "eval" / "corpora" / "translation"
    texts = {
        "000": _seed("000"),
        "001": _seed("001"),
        "003": _seed("003"),
        "es": (translation / "es.txt").read_text(encoding="utf-8"),
        "en": (translation / "en-faithful.txt").read_text(encoding="utf-8"),
        "flood": "\n\n".join(OTHER_EVENT),
        "budget": "\n\n".join(EVENT),
    }
    assert _partners(texts) == ["000", "001", "003", "es", "en"]


def test_a_story_copied_more_often_than_a_rare_key_allows_still_finds_its_rewrite():
    """Twelve copies of 001 are one group of near-copies: their 4-grams stay rare, so 000 (a rewrite sharing
    quotes and phrases, not a near-copy) is kept."""
    texts = {f"copy-{n:02}": _seed("001") for n in range(12)} | {"000": _seed("000"), "flood": "\n\n".join(OTHER_EVENT)}
    assert thresholds_for("minilm").group.rare_key_groups < 12
    assert _partners(texts) == [*(f"copy-{n:02}" for n in range(12)), "000"]


def test_an_article_without_vectors_is_a_single_version(bow_encoder):
    articles = articles_from_texts(
        {"a.txt": "\n\n".join(EVENT), "b.txt": "\n\n".join(EVENT), "c.txt": "\n\n".join(EVENT)}
    )
    vectors = {a.id: bow_encoder.encode([s.norm for s in a.sentences]) for a in articles if a.id != "c.txt"}
    stories = group_stories(articles, vectors, thresholds_for("minilm").group)
    assert [story.documents for story in stories] == [("a.txt", "b.txt"), ("c.txt",)]


def test_a_pinned_reference_wins(bow_encoder):
    stories = _group({"a.txt": "\n\n".join(EVENT), "b.txt": "\n\n".join(EVENT)}, bow_encoder, reference="b.txt")
    assert stories[0].reference == "b.txt"
    assert stories[0].edges == (("b.txt", "a.txt"),)


@pytest.mark.model
def test_seed_stories_match_the_gold_groups_and_tree(seeds_report):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    groups = sorted(sorted(doc.rsplit("/", 1)[-1] for doc in story.documents) for story in seeds_report.stories)
    assert groups == sorted(sorted(group) for group in gold["story_groups"])
    story = next(s for s in seeds_report.stories if len(s.documents) == 3)
    edges = [(a.rsplit("/", 1)[-1][:3], b.rsplit("/", 1)[-1][:3]) for a, b in story.edges]
    assert edges == [("000", "001"), ("001", "003")]
    relations = {
        (a.ref.rsplit("/", 1)[-1][:3], a.var.rsplit("/", 1)[-1][:3]): a.relation for a in seeds_report.alignments
    }
    assert relations == {("000", "001"): Relation.SAME_STORY, ("001", "003"): Relation.RENDERING}


@pytest.mark.parametrize(
    ("root", "expected"),
    [(0, [(0, 1), (1, 3), (0, 2), (0, 4)]), (2, [(2, 0), (0, 1), (1, 3), (0, 4)])],
)
def test_write_ups_attach_to_the_one_they_share_most_with_ties_and_unlinked_earliest_first(root, expected):
    from types import SimpleNamespace

    from drift.group import PairEvidence, _spanning_tree

    articles = [SimpleNamespace(id=f"d{n}") for n in range(5)]
    shared = {(0, 1): 3, (0, 2): 3, (1, 3): 5, (2, 3): 1}  # d4 shares nothing with the others
    evidence = {pair: PairEvidence(count, (0.3, 0.3), 0.0) for pair, count in shared.items()}
    edges = _spanning_tree(root, [0, 1, 2, 3, 4], articles, evidence)
    assert edges == [(f"d{a}", f"d{b}") for a, b in expected]
