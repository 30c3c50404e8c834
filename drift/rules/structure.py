"""Structure: page furniture stripped from an article (DR801), and stripped text that could pass for content (DR802)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from drift.language import words
from drift.normalize import excerpt
from drift.records import BlockKind, Category, Finding, Severity
from drift.rules.base import Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from drift.rules.context import ArticleContext


class PageFurniture(Rule):
    """Page furniture stripped from an article: a date line, a widget, a form label, a byline.

    Kept in the report (never silently dropped) so that a reader can check
    what was stripped; it does not take part in alignment or detection.
    """

    code = "DR801"
    name = "page-furniture"
    category = Category.BOILERPLATE
    severity = Severity.INFO

    def check_article(self, context: ArticleContext) -> Iterator[Finding]:
        yield from _furniture(self, context, content_like=False)


class ForeignContent(Rule):
    """Stripped text that could pass for content: a teaser for another article, a feed footer, a form.

    Text like this pollutes a dataset built from the page, so it is a
    warning: a related-posts block, "The post ... appeared first on ...", a
    title repeated under the article. Judged as furniture from corpus evidence
    (see ``drift.clean``), never from a list of phrases.
    """

    code = "DR802"
    name = "foreign-content"
    category = Category.BOILERPLATE
    severity = Severity.WARNING

    def check_article(self, context: ArticleContext) -> Iterator[Finding]:
        yield from _furniture(self, context, content_like=True)


def _furniture(rule: Rule, context: ArticleContext, *, content_like: bool) -> Iterator[Finding]:
    article = context.article
    view = article.document.view
    for block in article.blocks:
        if block.kind is not BlockKind.BOILERPLATE:
            continue
        if (len(words(block.text)) >= context.params.content_like_words) != content_like:
            continue
        start, end = view.to_original(block.start, block.end)
        message = f"stripped as page furniture ({block.reason}): '{excerpt(block.text)}'"
        yield rule.finding(article, start, end, message, story=context.story.id if context.story else None)
