"""Quotations: words inside quotation marks are supposed to be verbatim.

Any change to the words of a quote is a finding, also between independent
write-ups of one story (they quote the same speaker). The severity depends on
whether the meaning survived: the encoder compares the two quotes; a cosine
under ``quote_same_meaning``, or a number or negation that differs inside the
quote, makes it an error.

Quotation marks in scraped and machine-translated text are often broken
(opened twice, closed with an opening mark). Each double quotation mark in a
paragraph toggles "inside a quote", whatever its shape, which recovers the
quoted words in such text; guillemets and German marks work the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from drift.records import Article, BlockKind, Category, Severity
from drift.rules.base import Rule
from drift.rules.meaning import negations
from drift.rules.number import quantities
from drift.tokens import Token

_DOUBLE_QUOTES = frozenset('"“”„‟«»')
_MIN_QUOTED_WORDS = 2


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


def quotes_of(side) -> list[Quote]:  # type: ignore[no-untyped-def]
    """The quotes within one side of a pair (words only, clipped to the side)."""
    found = []
    for start, end in quoted_spans(side.article):
        inside = tuple(t for t in side.words if t.start >= start and t.end <= end)
        if len(inside) >= _MIN_QUOTED_WORDS:
            found.append(Quote(inside))
    return found


def _overlap(first: list[str], second: list[str]) -> float:
    matcher = SequenceMatcher(a=first, b=second, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return 2 * matched / (len(first) + len(second)) if first and second else 0.0


def _contains(words: list[str], inner: list[str]) -> bool:
    return any(words[i : i + len(inner)] == inner for i in range(len(words) - len(inner) + 1))


def altered_quotes(context) -> Iterator[tuple[Quote, Quote, tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """(witness quote, subject quote, subject span of the changed words) for each altered quote."""
    subject_quotes = quotes_of(context.subject)
    if not subject_quotes:
        return
    for quote in quotes_of(context.witness):
        if any(_contains(candidate.words, quote.words) for candidate in subject_quotes):
            continue
        best = max(subject_quotes, key=lambda candidate: _overlap(quote.words, candidate.words))
        if _overlap(quote.words, best.words) == 0.0 or _contains(quote.words, best.words):
            continue  # nothing in common, or the rendering quotes a part verbatim
        matcher = SequenceMatcher(a=quote.words, b=best.words, autojunk=False)
        changed = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        touched = [j for _, _, _, j1, j2 in changed for j in range(j1, j2)]
        if not touched:
            continue
        span = (best.tokens[min(touched)].start, best.tokens[max(touched)].end)
        yield quote, best, span


def _meaning_changed(context, old: Quote, new: Quote) -> bool:  # type: ignore[no-untyped-def]
    text = context.witness.article.document.text
    other = context.subject.article.document.text
    old_text, new_text = text[old.start : old.end], other[new.start : new.end]
    old_values = sorted(q.value for q in quantities(old.tokens, context.witness.article.language, text))
    new_values = sorted(q.value for q in quantities(new.tokens, context.subject.article.language, other))
    if old_values != new_values or negations(old.tokens) % 2 != negations(new.tokens) % 2:
        return True
    return bool(context.similarity([old_text], [new_text])[0] < context.params.quote_same_meaning)


class QuoteAltered(Rule):
    """Words inside quotation marks changed, the meaning kept ("credible and strong" -> "reliable and powerful").

    A quotation is a record of what someone said; rewording it, even
    faithfully, misquotes them.
    """

    code = "DR401"
    name = "quote-altered"
    category = Category.QUOTE
    severity = Severity.WARNING
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        for old, new, (start, end) in altered_quotes(context):
            if _meaning_changed(context, old, new):
                continue
            text = context.witness.article.document.text[old.start : old.end]
            yield context.finding(self, start, end, f"quote reworded: it quotes '{_short(text)}'", (old.start, old.end))


class QuoteDistorted(Rule):
    """Words inside quotation marks changed, and the meaning with them ("is willing" -> "is advancing or not").

    The altered quote no longer says what the other version quotes: the
    encoder finds the two quotes dissimilar, or a number or a negation differs.
    """

    code = "DR402"
    name = "quote-distorted"
    category = Category.QUOTE
    severity = Severity.ERROR
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        for old, new, (start, end) in altered_quotes(context):
            if not _meaning_changed(context, old, new):
                continue
            text = context.witness.article.document.text[old.start : old.end]
            yield context.finding(
                self,
                start,
                end,
                f"quote says something else: it quotes '{_short(text)}'",
                (old.start, old.end),
            )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
