"""Structural rules: page furniture, sentences omitted or inserted, stray fragments."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from drift.language import content_stems, function_words, words
from drift.records import Article, BlockKind, Category, Finding, Sentence, Severity
from drift.rules.base import Rule

if TYPE_CHECKING:
    from collections.abc import Iterator

    from drift.rules.context import ArticleContext, GapContext, PairContext

_FACT_MARKS = frozenset('0123456789"“”«»„')


def _short(doc_id: str) -> str:
    return doc_id.rsplit("/", 1)[-1]


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        message = f"stripped as page furniture ({block.reason}): '{_excerpt(block.text)}'"
        yield rule.finding(article, start, end, message, story=context.story.id if context.story else None)


def _gap_anchor(context: GapContext) -> tuple[int, int]:
    """Where an omitted sentence would stand in the variant: right after what precedes it."""
    before, after = context.neighbours
    variant = context.other
    if before is not None and before.var:
        end = variant.sentences[before.var[-1]].end
        return end, end
    if after is not None and after.var:
        start = variant.sentences[after.var[0]].start
        return start, start
    return 0, 0


def _gap_is_fragment(context: GapContext) -> bool:
    """An inserted sentence that is a fragment of the reference sentences around the gap."""
    nearby = [i for pair in context.neighbours if pair is not None for i in pair.ref]
    sentence = context.subject.article.sentences[context.subject.indices[0]]
    reference = _reference_stems(context.other, nearby)
    return len(context.subject.indices) == 1 and is_fragment(
        sentence, context.subject.article, reference, context.params.fragment_max_words
    )


def is_fragment(sentence: Sentence, article: Article, reference_stems: set[str], max_words: int) -> bool:
    """A short piece that renders nothing: no topical word of the reference, or an echo of its neighbour.

    "paper bag." shares nothing with the reference; "Clock hand." after
    "...performed the first hand transplant" only echoes words of the sentence
    it is glued to, without the glue words a real sentence needs.
    """
    if len(words(sentence.text)) > max_words:
        return False
    stems = content_stems(sentence.norm, article.language)
    if not stems & reference_stems:
        return True
    if sentence.index == 0:
        return False
    previous = content_stems(article.sentences[sentence.index - 1].norm, article.language)
    glue = function_words(article.language)
    glue_words = sum(1 for word in words(sentence.norm) if word.lower() in glue)
    return len(stems & previous) >= 0.5 * len(stems) and glue_words <= 1


def _reference_stems(article: Article, indices: Iterable[int]) -> set[str]:
    return set().union(*(content_stems(article.sentences[i].norm, article.language) for i in indices))


class StrayFragment(Rule):
    """A short fragment in a rendering that renders nothing of the reference ("... paper bag.").

    Machine round trips leave literal translations of sentence endings or
    particles behind as pieces of a few words. A short inserted piece that shares
    no topical word with the reference sentences around it is such garbage, not
    an inserted sentence.
    """

    code = "DR102"
    name = "stray-fragment"
    category = Category.GARBLE
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        """A fragment can also sit inside a bead, glued to the sentence it follows or to the one it precedes (the
        aligner gives it to whichever neighbour it costs least)."""
        side = context.subject
        if not context.rendering or context.subject.id != context.alignment.var or len(side.indices) < 2:
            return
        reference = _reference_stems(context.witness.article, context.witness.indices)
        for index in side.indices:
            sentence = side.article.sentences[index]
            if not is_fragment(sentence, side.article, reference, context.params.fragment_max_words):
                continue
            message = f"'{_excerpt(sentence.text)}' is a stray fragment that renders nothing"
            yield context.finding(self, sentence.start, sentence.end, message)

    def check_gap(self, context: GapContext) -> Iterator[Finding]:
        if context.side == "var" and _gap_is_fragment(context):
            start, end = context.subject.span
            other = _short(context.other.id)
            message = f"'{_excerpt(context.subject.text)}' is a stray fragment with no counterpart in {other}"
            yield context.finding(self, start, end, message)


class SentenceInserted(Rule):
    """A sentence in a rendering with no counterpart in the text it renders.

    Only reported where the version renders its reference (copies,
    translations, spins): an independent write-up adding material is normal.
    """

    code = "DR701"
    name = "sentence-inserted"
    category = Category.INSERTION
    severity = Severity.WARNING

    def check_gap(self, context: GapContext) -> Iterator[Finding]:
        if context.side == "var" and not _gap_is_fragment(context):
            start, end = context.subject.span
            other = _short(context.other.id)
            message = f"adds a sentence with no counterpart in {other}: '{_excerpt(context.subject.text)}'"
            yield context.finding(self, start, end, message)


class SentenceOmitted(Rule):
    """A sentence of the reference that its rendering leaves out.

    Reported on the rendering, at the place the sentence would stand, with the
    omitted sentence as counterpart. An error when the sentence carries facts
    (a number or a quotation), a warning otherwise. Only where the version
    renders its reference: an independent write-up leaves out what it likes.
    """

    code = "DR601"
    name = "sentence-omitted"
    category = Category.OMISSION
    severity = Severity.WARNING

    def check_gap(self, context: GapContext) -> Iterator[Finding]:
        if context.side != "ref":
            return
        start, end = _gap_anchor(context)
        omitted = context.subject.text
        finding = context.finding(
            self,
            start,
            end,
            f"omits a sentence of {_short(context.subject.id)}: '{_excerpt(omitted)}'",
            doc=context.other.id,
        )
        if any(ch in _FACT_MARKS for ch in omitted):
            finding = replace(finding, severity=Severity.ERROR)
        yield finding
