"""Page furniture is told from story lines by corpus evidence, never by a list of phrases."""

from __future__ import annotations

import json

from drift.clean import clean_documents, line_key, profile_corpus
from drift.ingest import read_corpus
from drift.records import BlockKind
from tests.conftest import GOLD, SEEDS, articles_from_texts

STORY = [
    "The city council approved a new budget of 40 million euros on Tuesday after a long debate.",
    "The mayor said the money would go to schools, roads and a new public library.",
    "Opposition members voted against the budget, saying taxes would rise next year.",
    "The library is expected to open in the spring of 2026 near the central station.",
    "The council will publish the full budget on its website, the mayor said.",
]


def _kinds(article):
    return {block.text: block.kind for block in article.blocks}


def test_seed_boilerplate_lines_are_stripped_and_story_lines_kept():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    documents = read_corpus([str(SEEDS)]).documents
    articles = {a.document.path.rsplit("/", 1)[-1]: a for a in clean_documents(documents, profile_corpus(documents))}
    for name, lines in gold["boilerplate"].items():
        article = articles[name]
        for line in lines:
            blocks = [b for b in article.blocks if line in b.text]
            assert blocks and all(b.kind is BlockKind.BOILERPLATE for b in blocks), (name, line)
    for alignment in gold["alignments"]:
        for link in alignment["links"]:
            for side in ("ref", "var"):
                article = articles[alignment[side]]
                assert any(link[side] in b.text and b.kind is BlockKind.BODY for b in article.blocks), link[side]


def test_furniture_around_a_story_is_stripped_with_reasons():
    text = "\n\n".join(
        [
            "Tuesday, 4 March 2025",
            "Council approves 40 million euro budget",
            *STORY[:3],
            "Read more: Five gardens to visit this spring",
            *STORY[3:],
            "Share this:",
            "Related stories",
            "Ten recipes for a quick dinner at home",
            "Our chef shows how to cook pasta in ten minutes, with tips for...",
        ]
    )
    (article,) = articles_from_texts({"a.txt": text})
    kinds = _kinds(article)
    assert kinds["Tuesday, 4 March 2025"] is BlockKind.BOILERPLATE
    assert kinds["Council approves 40 million euro budget"] is BlockKind.TITLE
    assert kinds["Read more: Five gardens to visit this spring"] is BlockKind.BOILERPLATE
    for line in ("Share this:", "Related stories", "Ten recipes for a quick dinner at home"):
        assert kinds[line] is BlockKind.BOILERPLATE, line
    assert kinds["Our chef shows how to cook pasta in ten minutes, with tips for..."] is BlockKind.BOILERPLATE
    assert all(kinds[line] is BlockKind.BODY for line in STORY)
    assert [s.text for s in article.sentences] == STORY
    reasons = {b.reason for b in article.blocks if b.kind is BlockKind.BOILERPLATE}
    assert "date line" in reasons


def test_a_title_repeated_in_a_feed_footer_is_furniture():
    title = "Council approves budget of 40 million euros for schools and roads"
    text = "\n\n".join([title, *STORY, f"The post {title} appeared first on Example News."])
    (article,) = articles_from_texts({"a.txt": text})
    kinds = _kinds(article)
    assert kinds[title] is BlockKind.TITLE
    assert kinds[f"The post {title} appeared first on Example News."] is BlockKind.BOILERPLATE


def test_lines_shared_by_unrelated_articles_are_templates_but_copies_keep_theirs():
    other = [
        "Heavy rain flooded several streets in the harbour district on Sunday night.",
        "Firefighters pumped water out of dozens of basements until the morning.",
        "The weather service expects more storms along the coast this week.",
        "Residents were asked to move their cars away from the quays.",
    ]
    form = "Leave a comment below and tell us what you think"
    articles = articles_from_texts(
        {
            "budget.txt": "\n\n".join([*STORY, form]),
            "copy.txt": "\n\n".join([*STORY, form]),
            "rain.txt": "\n\n".join([*other, form]),
        }
    )
    for article in articles:
        assert _kinds(article)[form] is BlockKind.BOILERPLATE
        reasons = [b.reason for b in article.blocks if b.text == form]
        assert reasons and "unrelated documents" in reasons[0]
        assert all(b.kind is not BlockKind.BOILERPLATE for b in article.blocks if b.text != form)


SITE_TEMPLATE = [
    "The Daily Ledger",
    "Home | News | Business | Sport | Weather | Opinion",
    "Subscribe to The Daily Ledger | Sign in",
    "Share this ledger story",
    "Sign up for our morning newsletter from The Daily Ledger and never miss a story.",
    "© 2026 The Daily Ledger. All rights reserved.",
]


def test_a_site_template_as_long_as_the_story_is_furniture_and_rewrites_keep_their_shared_lines():
    """Two pages of one site share their whole template: that alone makes them related to nobody.

    Here the template is more than half of each page (six of ten lines), so the pages share most of their
    lines; what tells them apart is that the lines each holds alone are about different events. A light
    rewrite of the budget story shares two lines word for word and renders the rest: those lines are story.
    """
    rain = [
        "Heavy rain flooded several streets in the harbour district on Sunday night.",
        "Firefighters pumped water out of dozens of basements until the morning.",
        "The weather service expects more storms along the coast this week.",
        "Residents were asked to move their cars away from the quays.",
    ]
    rewrite = [
        STORY[0],
        "The mayor said the funds would go to schools, roads and a new public library.",
        "Opposition members voted against the plan, saying taxes would rise next year.",
        STORY[3],
        "The council will publish the whole budget on its website, the mayor said.",
    ]
    page = [*SITE_TEMPLATE[:3], *STORY[:4], *SITE_TEMPLATE[3:]]
    other_page = [*SITE_TEMPLATE[:3], *rain, *SITE_TEMPLATE[3:]]
    budget, flood, rewritten = articles_from_texts(
        {"budget.txt": "\n\n".join(page), "rain.txt": "\n\n".join(other_page), "rewrite.txt": "\n\n".join(rewrite)}
    )
    for article in (budget, flood):
        kinds = _kinds(article)
        assert all(kinds[line] is BlockKind.BOILERPLATE for line in SITE_TEMPLATE), article.id
        assert all("unrelated documents" in (b.reason or "") for b in article.blocks if b.text in SITE_TEMPLATE[1:]), (
            article.id
        )
    assert [s.text for s in flood.sentences] == rain
    assert all(block.kind is BlockKind.BODY for block in rewritten.blocks)
    assert [s.text for s in budget.sentences] == STORY[:4]


def test_line_key_ignores_typography_and_case():
    assert line_key("Please  enter your COMMENT!") == line_key("please enter your comment")
    assert line_key("“Quoted” – text") == line_key('"quoted" - text')
