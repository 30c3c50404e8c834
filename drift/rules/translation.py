"""Rules for renderings in another language, where words cannot be compared one by one.

Between an original and its translation the word diff says nothing; what
survives translation is compared instead: numbers and names (the number and
entity rules handle both languages), the presence and length of quotations,
and the encoder's similarity (the multilingual encoder, for such pairs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drift.records import Category, Severity
from drift.rules.base import Rule
from drift.rules.quote import Quote, quotes_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from drift.records import Finding
    from drift.rules.context import PairContext


def _cross_language(context: PairContext) -> bool:
    first, second = context.witness.article.language, context.subject.article.language
    return first is not None and second is not None and first != second


def _quote_text(context: PairContext, quote: Quote, side) -> str:
    return side.article.document.text[quote.start : quote.end]


def paired_quotes(context: PairContext) -> list[tuple[Quote, Quote | None]]:
    """Each quote of the witness with the subject's quote in the same place (by order), or None."""
    old, new = quotes_of(context.witness), quotes_of(context.subject)
    return [(quote, new[position] if position < len(new) else None) for position, quote in enumerate(old)]


class QuoteDropped(Rule):
    """A quotation of the other language version rendered without quotation marks, or not at all.

    A translation that turns a quote into reported speech, or leaves it out,
    no longer records what was said in the speaker's words.
    """

    code = "DR403"
    name = "quote-dropped"
    category = Category.QUOTE
    severity = Severity.WARNING

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if not _cross_language(context):
            return
        for quote, rendering in paired_quotes(context):
            if rendering is None and len(quote.tokens) >= context.params.quote_min_words:
                text = _quote_text(context, quote, context.witness)
                start, end = context.subject.span
                message = f"renders the quotation '{_short(text)}' without quotation marks"
                yield context.finding(self, start, end, message, (quote.start, quote.end))


class QuoteTruncated(Rule):
    """A quotation rendered much shorter than in the other language version: part of what was said is gone."""

    code = "DR404"
    name = "quote-truncated"
    category = Category.QUOTE
    severity = Severity.WARNING

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if not _cross_language(context):
            return
        for quote, rendering in paired_quotes(context):
            if rendering is None or len(quote.tokens) < context.params.quote_min_words:
                continue
            ratio = len(rendering.tokens) / len(quote.tokens)
            if ratio < context.params.quote_truncation_ratio:
                text = _quote_text(context, quote, context.witness)
                message = f"quotation cut to {ratio:.0%} of its length: it quotes '{_short(text)}'"
                yield context.finding(self, rendering.start, rendering.end, message, (quote.start, quote.end))


class QuoteMistranslated(Rule):
    """A quotation whose translation says something else: the multilingual encoder finds the two quotes far apart."""

    code = "DR405"
    name = "quote-mistranslated"
    category = Category.QUOTE
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if not _cross_language(context):
            return
        pairs = [(q, r) for q, r in paired_quotes(context) if r is not None]
        if not pairs:
            return
        old = [_quote_text(context, q, context.witness) for q, _ in pairs]
        new = [_quote_text(context, r, context.subject) for _, r in pairs]
        for (quote, rendering), text, similarity in zip(pairs, old, context.similarity(old, new), strict=True):
            if similarity < context.params.quote_translation_similarity:
                message = f"quotation says something else (similarity {similarity:.2f}): it quotes '{_short(text)}'"
                yield context.finding(self, rendering.start, rendering.end, message, (quote.start, quote.end))


class PossibleMistranslation(Rule):
    """A sentence translated far less faithfully than the rest of the translation: a possible mistranslation.

    For renderings in another language, where word rules cannot look: a
    pair whose similarity is an outlier below the translation's own median
    (the same test as meaning-drift, with the multilingual encoder), shown
    with both sides.
    """

    code = "DR510"
    name = "possible-mistranslation"
    category = Category.MEANING
    severity = Severity.WARNING
    late = True

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if not _cross_language(context) or not context.rendering or context.subject.id != context.alignment.var:
            return
        if any(f.category in (Category.NUMBER, Category.ENTITY, Category.QUOTE) for f in context.prior):
            return
        median, spread = context.alignment_typical
        if spread is None:
            return
        margin = max(context.params.meaning_drift_spread * spread, context.params.meaning_drift_gap)
        if context.alignment_similarity < median - margin:
            start, end = context.subject.span
            message = (
                f"possible mistranslation: similarity {context.alignment_similarity:.2f}, typical {median:.2f}; "
                f"it says '{_short(context.witness.text, 80)}'"
            )
            yield context.finding(self, start, end, message)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
