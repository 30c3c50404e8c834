"""Quotations: words inside quotation marks are supposed to be verbatim.

Any change to the words of a quote is a finding, also between independent
write-ups of one story (they quote the same speaker). The severity depends on
whether the meaning survived: a number, a negation or an antonym that differs
inside the quote makes it an error, and so do changed words the encoder finds
dissimilar (cosine of the changed words under ``quote_same_meaning``).

Quotation marks in scraped and machine-translated text are often broken
(opened twice, closed with an opening mark). Each double quotation mark in a
paragraph toggles "inside a quote", whatever its shape, which recovers the
quoted words in such text; guillemets and German marks work the same way.

Between an original and its translation the words of a quote cannot be
compared one by one; what survives translation is compared instead, each quote
paired with the rendering's quote in the same place (by order): whether it is
still quoted (DR403), its length (DR404), and the multilingual encoder's
similarity of the two quotes (DR405).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from drift.language import content_stems, function_words
from drift.normalize import excerpt
from drift.records import Article, BlockKind, Category, Severity
from drift.rules.base import Rule
from drift.rules.meaning import negations, opposites
from drift.rules.number import quantities
from drift.rules.shared import cross_language
from drift.tokens import Token

if TYPE_CHECKING:
    from drift.records import Finding
    from drift.rules.context import PairContext, Side

_DOUBLE_QUOTES = frozenset('"“”„‟«»')


@lru_cache(maxsize=4096)
def quoted_spans(article: Article) -> tuple[tuple[int, int], ...]:
    """Original-text spans of the quoted passages of an article's story lines."""
    view = article.document.view
    spans = []
    for block in article.blocks:
        if block.kind is not BlockKind.BODY:
            continue
        opened: int | None = None
        for offset, char in enumerate(block.text):
            if char not in _DOUBLE_QUOTES:
                continue
            if opened is None:
                opened = offset + 1
            else:
                if offset > opened:
                    spans.append(view.to_original(block.start + opened, block.start + offset))
                opened = None
        if opened is not None and len(block.text) > opened:
            spans.append(view.to_original(block.start + opened, block.end))
    return tuple(spans)


@dataclass(frozen=True)
class Quote:
    tokens: tuple[Token, ...]  # the words and numbers inside the marks

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def words(self) -> list[str]:
        return [token.norm for token in self.tokens]


def quotes_of(side: Side, min_words: int) -> list[Quote]:
    """The quotes of at least ``min_words`` words within one side of a pair (words only, clipped to the side)."""
    found = []
    for start, end in quoted_spans(side.article):
        inside = tuple(t for t in side.words if t.start >= start and t.end <= end)
        if len(inside) >= min_words:
            found.append(Quote(inside))
    return found


def _overlap(first: list[str], second: list[str]) -> float:
    matcher = SequenceMatcher(a=first, b=second, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return 2 * matched / (len(first) + len(second)) if first and second else 0.0


def _contains(words: list[str], inner: list[str]) -> bool:
    return any(words[i : i + len(inner)] == inner for i in range(len(words) - len(inner) + 1))


@dataclass(frozen=True)
class QuoteEdit:
    """One stretch of words a rendering changed inside a quote, with the quote it belongs to."""

    quote: Quote  # the witness's quote
    old: tuple[Token, ...]  # the words changed, on each side (one side may be empty)
    new: tuple[Token, ...]
    old_context: tuple[Token, ...]  # the changed stretch with one unchanged word on each side
    new_context: tuple[Token, ...]
    span: tuple[int, int]  # where it is in the subject (the cut point, for a deletion)


def quote_edits(context: PairContext) -> list[QuoteEdit]:
    """Every stretch of a witness quote that the subject renders with other words."""
    return context.memo("quote_edits", lambda: list(_quote_edits(context)))


def _quote_edits(context: PairContext) -> Iterator[QuoteEdit]:
    subject_quotes = quotes_of(context.subject, context.params.quoted_min_words)
    if not subject_quotes:
        return
    least = context.params.quote_min_overlap if not context.rendering else 0.0
    for quote in quotes_of(context.witness, context.params.quoted_min_words):
        if any(_contains(candidate.words, quote.words) for candidate in subject_quotes):
            continue
        best = max(subject_quotes, key=lambda candidate: _overlap(quote.words, candidate.words))
        overlap = _overlap(quote.words, best.words)
        if overlap == 0.0 or overlap < least or _contains(quote.words, best.words):
            continue  # another quote, or the rendering quotes a part verbatim
        matcher = SequenceMatcher(a=quote.words, b=best.words, autojunk=False)
        groups: list[list[tuple[str, int, int, int, int]]] = []
        for op in matcher.get_opcodes():
            if op[0] == "equal":
                continue
            gap = context.params.quote_edit_gap  # edits this few unchanged words apart are read as one
            if groups and op[1] - groups[-1][-1][2] <= gap and op[3] - groups[-1][-1][4] <= gap:
                groups[-1].append(op)
            else:
                groups.append([op])
        for group in groups:
            i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
            new = best.tokens[j1:j2]
            cut = best.tokens[min(j1, len(best.tokens) - 1)]
            span = (new[0].start, new[-1].end) if new else (cut.start, cut.end)
            yield QuoteEdit(
                quote,
                quote.tokens[i1:i2],
                new,
                quote.tokens[max(0, i1 - 1) : i2 + 1],
                best.tokens[max(0, j1 - 1) : j2 + 1],
                span,
            )


def _meaning_changed(context: PairContext, edit: QuoteEdit) -> bool:
    """Whether an edit changes what the quote says, not just how.

    A number, a negation or an antonym that differs decides at once; an edit
    of glue words only ("There are no ..." for "no ...") keeps the meaning;
    otherwise the encoder compares the changed stretch with one unchanged word
    on each side for context ("core principles" / "basic principles") against
    ``quote_same_meaning``: whole quotes are always close, they share most words.
    """
    language_old, language_new = context.witness.article.language, context.subject.article.language
    text, other = context.witness.article.document.text, context.subject.article.document.text
    noun_words, meaning = context.params.counted_noun_words, context.params.meaning
    old_values = sorted(q.value for q in quantities(edit.old_context, language_old, text, noun_words))
    new_values = sorted(q.value for q in quantities(edit.new_context, language_new, other, noun_words))
    if old_values != new_values or negations(edit.old, meaning) % 2 != negations(edit.new, meaning) % 2:
        return True
    if opposites(edit.old, edit.new):
        return True
    glue = function_words(language_new)
    if all(token.norm in glue for token in (*edit.old, *edit.new)):
        return False
    old_chunk = " ".join(t.text for t in edit.old_context)
    new_chunk = " ".join(t.text for t in edit.new_context)
    return bool(context.similarity([old_chunk], [new_chunk])[0] < context.params.quote_same_meaning)


def _is_reordering(edit: QuoteEdit, language: str | None) -> bool:
    """The edit only moves words the quote already has ("and find a solution" for "and finding solutions")."""
    moved = content_stems(" ".join(t.text for t in edit.new), language)
    original = content_stems(" ".join(t.text for t in edit.quote.tokens), language)
    return not edit.old and bool(moved) and moved <= original


def altered_quotes(context: PairContext) -> list[tuple[Quote, list[QuoteEdit], bool]]:
    """Each altered quote of the witness, its edits, and whether its meaning changed."""

    def compute() -> list[tuple[Quote, list[QuoteEdit], bool]]:
        by_quote: dict[int, list[QuoteEdit]] = {}
        for edit in quote_edits(context):
            by_quote.setdefault(id(edit.quote), []).append(edit)
        language = context.subject.article.language
        result = []
        for edits in by_quote.values():
            weighed = [e for e in edits if not _is_reordering(e, language)] or edits
            result.append((edits[0].quote, edits, any(_meaning_changed(context, e) for e in weighed)))
        return result

    return context.memo("altered_quotes", compute)


def _report(rule: Rule, context: PairContext, quote: Quote, edits: list[QuoteEdit], verdict: str) -> Finding:
    start, end = edits[0].span[0], edits[-1].span[1]
    changes = len(edits)
    more = f" and {changes - 1} more change{'s' if changes > 2 else ''}" if changes > 1 else ""
    message = f"{verdict}: {_describe(edits[0], context)}{more}"
    return context.finding(rule, start, max(end, start), message, (quote.start, quote.end))


def _describe(edit: QuoteEdit, context: PairContext) -> str:
    text = context.witness.article.document.text
    old = text[edit.old[0].start : edit.old[-1].end] if edit.old else ""
    quote = text[edit.quote.start : edit.quote.end]
    if not edit.new:
        return f"drops '{excerpt(old)}' from the quote '{excerpt(quote)}'"
    if not edit.old:
        return f"adds words to the quote '{excerpt(quote)}'"
    return f"'{excerpt(old)}' in the quote '{excerpt(quote)}'"


class QuoteAltered(Rule):
    """Words inside quotation marks changed, the meaning kept ("credible and strong" -> "reliable and powerful").

    A quotation is a record of what someone said; rewording it, even
    faithfully, misquotes them.
    """

    code = "DR401"
    name = "quote-altered"
    category = Category.QUOTE
    severity = Severity.WARNING
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        for quote, edits, changed in altered_quotes(context):
            if not changed:
                yield _report(self, context, quote, edits, "quote reworded")


class QuoteDistorted(Rule):
    """Words inside quotation marks changed, and the meaning with them ("is willing" -> "is advancing or not").

    The edited words no longer say what the other version quotes: a number,
    a negation or an antonym differs, or the encoder finds the changed stretch
    dissimilar.
    """

    code = "DR402"
    name = "quote-distorted"
    category = Category.QUOTE
    severity = Severity.ERROR
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        for quote, edits, changed in altered_quotes(context):
            if changed:
                yield _report(self, context, quote, edits, "quote says something else")


def _quote_text(context: PairContext, quote: Quote, side) -> str:
    return side.article.document.text[quote.start : quote.end]


def paired_quotes(context: PairContext) -> list[tuple[Quote, Quote | None]]:
    """Each quote of the witness with the subject's quote in the same place (by order), or None."""
    least = context.params.quoted_min_words
    old, new = quotes_of(context.witness, least), quotes_of(context.subject, least)
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
        if not cross_language(context):
            return
        for quote, rendering in paired_quotes(context):
            if rendering is None and len(quote.tokens) >= context.params.quote_min_words:
                text = _quote_text(context, quote, context.witness)
                start, end = context.subject.span
                message = f"renders the quotation '{excerpt(text)}' without quotation marks"
                yield context.finding(self, start, end, message, (quote.start, quote.end))


class QuoteTruncated(Rule):
    """A quotation rendered much shorter than in the other language version: part of what was said is gone."""

    code = "DR404"
    name = "quote-truncated"
    category = Category.QUOTE
    severity = Severity.WARNING

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if not cross_language(context):
            return
        for quote, rendering in paired_quotes(context):
            if rendering is None or len(quote.tokens) < context.params.quote_min_words:
                continue
            ratio = len(rendering.tokens) / len(quote.tokens)
            if ratio < context.params.quote_truncation_ratio:
                text = _quote_text(context, quote, context.witness)
                message = f"quotation cut to {ratio:.0%} of its length: it quotes '{excerpt(text)}'"
                yield context.finding(self, rendering.start, rendering.end, message, (quote.start, quote.end))


class QuoteMistranslated(Rule):
    """A quotation whose translation says something else: the multilingual encoder finds the two quotes far apart."""

    code = "DR405"
    name = "quote-mistranslated"
    category = Category.QUOTE
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if not cross_language(context):
            return
        pairs = [(q, r) for q, r in paired_quotes(context) if r is not None]
        if not pairs:
            return
        old = [_quote_text(context, q, context.witness) for q, _ in pairs]
        new = [_quote_text(context, r, context.subject) for _, r in pairs]
        for (quote, rendering), text, similarity in zip(pairs, old, context.similarity(old, new), strict=True):
            if similarity < context.params.quote_translation_similarity:
                message = f"quotation says something else (similarity {similarity:.2f}): it quotes '{excerpt(text)}'"
                yield context.finding(self, rendering.start, rendering.end, message, (quote.start, quote.end))
