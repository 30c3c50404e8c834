"""Garble: what a machine round trip does to the surface of a text.

These rules are *intrinsic*: they judge one version's own words, with the
other version as evidence ("Vladimirputin" where the other says "Vladimir
Putin"). They run in both directions, so a garbled reference is caught too.
Evidence comes from word frequencies (wordfreq) and the other versions, never
from a list of words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from drift.lexicon import is_known, split_fused, stray_capitals
from drift.records import Category, Severity
from drift.rules.base import Rule
from drift.tokens import Token

_DOUBLE_QUOTES = frozenset('"“”„‟«»')


def _adjacent_pair(tokens: tuple[Token, ...], first: str, second: str) -> tuple[Token, Token] | None:
    """Two consecutive words of ``tokens`` equal (ignoring case) to ``first`` and ``second``."""
    words = [token for token in tokens if token.is_word]
    for left, right in itertools.pairwise(words):
        if left.norm == first.lower() and right.norm == second.lower():
            return left, right
    return None


def fused_tokens(context, *, names: bool) -> Iterator[tuple[Token, tuple[Token, Token]]]:  # type: ignore[no-untyped-def]
    """Subject words that fuse two words the witness writes apart ("Vladimirputin" / "Vladimir Putin").

    The evidence is the witness: two adjacent words there whose concatenation
    is this unknown word. No dictionary split is needed, so rare surnames fuse
    as well as common words.
    """
    language = context.subject.article.language
    witness_words = [token for token in context.witness.tokens if token.is_word]
    joined = {
        (left.norm + right.norm): (left, right)
        for left, right in itertools.pairwise(witness_words)
        if right.start - left.end <= 2
    }
    for token in context.subject.words:
        if not token.is_word or token.capitalized != names or is_known(token.norm, language):
            continue
        evidence = joined.get(token.norm)
        if evidence is not None:
            yield token, evidence


class FusedWords(Rule):
    """Two words run together into one that no dictionary knows ("thecouncil" for "the council").

    Flagged only when the other version writes the two words apart, so rare
    but real compounds are left alone.
    """

    code = "DR101"
    name = "fused-words"
    category = Category.GARBLE
    severity = Severity.ERROR
    intrinsic = True
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        for token, (left, right) in fused_tokens(context, names=False):
            message = f"'{token.text}' fuses '{left.text} {right.text}'"
            yield context.finding(self, token.start, token.end, message, (left.start, right.end))


class BrokenCapitalization(Rule):
    """A function word capitalized mid-sentence: fragments glued together ("both of them Was not accepted They").

    A round trip through a language without articles or with a different
    word order often leaves sentence pieces joined without punctuation; the
    seam shows as "The", "It", "Was" capitalized after a lower-case word.
    Names capitalized mid-sentence are normal and are not flagged; neither
    is a seam the other version has too.
    """

    code = "DR103"
    name = "broken-capitalization"
    category = Category.GARBLE
    severity = Severity.ERROR
    intrinsic = True
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        language = context.subject.article.language
        witness_seams = {match.group(0).lower() for match in stray_capitals(context.witness.text, language)}
        text = context.subject.text
        for match in stray_capitals(text, language):
            if match.group(0).lower() in witness_seams:
                continue
            previous = text.rfind(" ", 0, match.start())
            seam_start = previous + 1 if previous >= 0 else 0
            seam = text[seam_start : match.end()]
            start, end = context.subject.locate(seam_start, match.end())
            message = f"'{seam}' joins two fragments: '{match.group(1)}' is capitalized mid-sentence"
            yield context.finding(self, start, end, message)


class RepeatedWord(Rule):
    """The same word twice in a row ("the the") where the other version has it once."""

    code = "DR104"
    name = "repeated-word"
    category = Category.GARBLE
    severity = Severity.WARNING
    intrinsic = True
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        witness = [token.norm for token in context.witness.words]
        doubled = {(a, b) for a, b in itertools.pairwise(witness) if a == b}
        words = context.subject.words
        for left, right in itertools.pairwise(words):
            if left.is_word and left.norm == right.norm and (left.norm, right.norm) not in doubled:
                yield context.finding(self, left.start, right.end, f"'{left.text}' is repeated")


class GarbledQuoteMarks(Rule):
    """Doubled or unbalanced quotation marks ('“”[But]', a quote that never closes) the other version does not have.

    Machine translation moves and doubles quotation marks; a quote that opens
    and never closes can swallow the attribution after it.
    """

    code = "DR105"
    name = "garbled-quote-marks"
    category = Category.GARBLE
    severity = Severity.WARNING
    intrinsic = True
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        witness_doubled = _doubled_quotes(context.witness.tokens)
        for first, second in _doubled_quotes(context.subject.tokens):
            if (first.text + second.text) not in {a.text + b.text for a, b in witness_doubled}:
                yield context.finding(
                    self, first.start, second.end, f"doubled quotation marks '{first.text}{second.text}'"
                )


def _doubled_quotes(tokens: tuple[Token, ...]) -> list[tuple[Token, Token]]:
    quotes = [token for token in tokens if token.kind == "quote" and token.text in _DOUBLE_QUOTES]
    return [(a, b) for a, b in itertools.pairwise(quotes) if b.start == a.end]


_MOJIBAKE = re.compile(r"[ÂÃâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


class Mojibake(Rule):
    """Text decoded with the wrong character set somewhere upstream ("donâ€™t" for "don't")."""

    code = "DR106"
    name = "mojibake"
    category = Category.GARBLE
    severity = Severity.ERROR
    intrinsic = True
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        if _MOJIBAKE.search(context.witness.text):
            return
        match = _MOJIBAKE.search(context.subject.text)
        if match:
            start, end = context.subject.locate(match.start(), match.end())
            yield context.finding(self, start, end, f"'{match.group()}' looks like mis-decoded text")


class UnknownWord(Rule):
    """A lower-case word no dictionary of the language knows and no other version uses.

    Round trips leave untranslated or invented words behind. Capitalized
    words are left to the name rules; so are words another version uses.
    """

    code = "DR107"
    name = "unknown-word"
    category = Category.GARBLE
    severity = Severity.WARNING
    intrinsic = True
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        language = context.subject.article.language
        witness = {token.norm for token in context.witness.words}
        for token in context.subject.words:
            if not token.is_word or token.capitalized or len(token.text) < 4 or token.norm in witness:
                continue
            if context.story_tokens.get(token.text, 0) > 1 or is_known(token.norm, language):
                continue
            if "-" in token.text and all(is_known(part, language) for part in token.norm.split("-") if part):
                continue
            if split_fused(token.text, language) is not None:
                continue  # the fused-words rule speaks when there is evidence
            yield context.finding(self, token.start, token.end, f"'{token.text}' is not a word of the language")
