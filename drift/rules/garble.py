"""Garble: what a machine round trip does to the surface of a text.

These rules are *intrinsic*: they judge one version's own words, with the
other version as evidence ("Janedoe" where the other says "Jane
Doe"). They run in both directions, so a garbled reference is caught too.
Evidence comes from word frequencies (wordfreq) and the other versions, never
from a list of words. The exception is the stray fragment (DR102): a piece of a
rendering that renders nothing of its reference, looked for in renderings only,
inside an aligned pair or alone in a gap. It shares its fragment test
(``drift.rules.shared``) with sentence-inserted (DR701), which reports the
inserted sentences that are not fragments.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from drift.language import function_words
from drift.lexicon import is_known, open_compound, split_fused, stray_capitals
from drift.normalize import MOJIBAKE, excerpt
from drift.records import Category, Severity, file_name
from drift.rules.base import Rule
from drift.rules.number import is_date_word
from drift.rules.shared import gap_is_fragment, is_fragment, reference_stems
from drift.tokens import Token

if TYPE_CHECKING:
    from drift.records import Finding
    from drift.rules.context import GapContext, PairContext, Side

_DOUBLE_QUOTES = frozenset('"“”„‟«»')


def bare(word: str) -> str:
    """A word without a possessive ending: "Acme’s" -> "Acme"."""
    for ending in ("’s", "'s", "’", "'"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


def _adjacent_pair(tokens: tuple[Token, ...], first: str, second: str) -> tuple[Token, Token] | None:
    """Two consecutive words of ``tokens`` equal (ignoring case) to ``first`` and ``second``."""
    words = [token for token in tokens if token.is_word]
    for left, right in itertools.pairwise(words):
        if left.norm == first.lower() and right.norm == second.lower():
            return left, right
    return None


def fused_tokens(context: PairContext, *, names: bool) -> Iterator[tuple[Token, tuple[Token, Token]]]:
    """Subject words that fuse two words the witness writes apart ("Janedoe" / "Jane Doe").

    The evidence is the witness: two adjacent words there whose concatenation
    is this unknown word. No dictionary split is needed, so rare surnames fuse
    as well as common words.
    """
    language = context.subject.article.language
    witness_words = [token for token in context.witness.tokens if token.is_word]
    joined = {
        (left.norm + right.norm): (left, right)
        for left, right in itertools.pairwise(witness_words)
        if right.start - left.end <= context.params.garble.fused_max_gap
    }
    for token in context.subject.words:
        if not token.is_word or token.capitalized != names or is_known(token.norm, language):
            continue
        evidence = joined.get(token.norm)
        if evidence is not None:
            yield token, evidence


class SplitWord(Rule):
    """A word broken into pieces ("Ze lens kiy") that the other version writes whole ("Zelenskiy").

    Not a split: a compound written open where the closed form is rare ("air base" for "airbase").
    """

    code = "DR108"
    name = "split-word"
    category = Category.GARBLE
    severity = Severity.ERROR
    intrinsic = True
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        params = context.params.garble
        whole = {
            token.norm: token
            for token in context.witness.words
            if token.is_word and len(token.norm) >= params.split_min_length
        }
        subject_forms = {token.norm for token in context.subject.words}
        words = [token for token in context.subject.tokens if token.is_word]
        for size in range(params.split_max_pieces, 1, -1):  # the longest run first
            for position in range(len(words) - size + 1):
                run = words[position : position + size]
                if any(b.start - a.end > params.split_max_gap for a, b in itertools.pairwise(run)):
                    continue
                joined = "".join(token.norm for token in run)
                if joined not in whole or joined in subject_forms:
                    continue
                original = whole[joined]
                known = (
                    is_known(joined, context.witness.article.language) or context.story_tokens.get(original.text, 0) > 1
                )
                if known and not open_compound([token.norm for token in run], context.subject.article.language):
                    message = f"'{' '.join(t.text for t in run)}' splits '{original.text}'"
                    yield context.finding(self, run[0].start, run[-1].end, message, (original.start, original.end))
                    return


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
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        for token, (left, right) in fused_tokens(context, names=False):
            message = f"'{token.text}' fuses '{left.text} {right.text}'"
            yield context.finding(self, token.start, token.end, message, (left.start, right.end))


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
        reference = reference_stems(context.witness.article, context.witness.indices)
        for index in side.indices:
            sentence = side.article.sentences[index]
            if not is_fragment(sentence, side.article, reference, context.params):
                continue
            message = f"'{excerpt(sentence.text)}' is a stray fragment that renders nothing"
            yield context.finding(self, sentence.start, sentence.end, message)

    def check_gap(self, context: GapContext) -> Iterator[Finding]:
        if context.side == "var" and gap_is_fragment(context):
            start, end = context.subject.span
            other = file_name(context.other.id)
            message = f"'{excerpt(context.subject.text)}' is a stray fragment with no counterpart in {other}"
            yield context.finding(self, start, end, message)


class BrokenCapitalization(Rule):
    """A function word capitalized mid-sentence: fragments glued together ("both of them Was not accepted They").

    A round trip through a language without articles or with a different
    word order often leaves sentence pieces joined without punctuation; the
    seam shows as "The", "It", "Was" capitalized after a lower-case word.
    Names capitalized mid-sentence are normal and are not flagged; neither
    is a seam the other version has too, nor a month that is also a function
    word beside a number ("on May 28"). A common word capitalized where the
    other version writes it in lower case ("..., Promising") is weaker
    evidence, since style capitalizes offices, bodies and terms ("the
    Government", "Chief of Staff"): a warning.
    """

    code = "DR103"
    name = "broken-capitalization"
    category = Category.GARBLE
    severity = Severity.ERROR
    intrinsic = True
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        language = context.subject.article.language
        witness_seams = {match.group(0).lower() for match in stray_capitals(context.witness.text, language)}
        text = context.subject.text
        for match in stray_capitals(text, language):
            if match.group(0).lower() in witness_seams or _dated(text, match):
                continue
            previous = text.rfind(" ", 0, match.start())
            seam_start = previous + 1 if previous >= 0 else 0
            seam = text[seam_start : match.end()]
            start, end = context.subject.locate(seam_start, match.end())
            message = f"'{seam}' joins two fragments: '{match.group(1)}' is capitalized mid-sentence"
            yield context.finding(self, start, end, message)
        for finding in self._capitalized_where_witness_is_not(context):
            yield replace(finding, severity=Severity.WARNING)

    def _capitalized_where_witness_is_not(self, context: PairContext) -> Iterator[Finding]:
        """A common word capitalized mid-sentence that the other version writes in lower case ("..., Promising").

        Only in renderings: independent write-ups differ in style ("Western" / "western").
        A capital the version uses consistently, or another version uses too, is style.
        """
        if not context.rendering:
            return
        language = context.subject.article.language
        glue = function_words(language)
        lower_in_witness = {t.norm for t in context.witness.words if t.is_word and t.text[0].islower()}
        capital_in_witness = {t.norm for t in context.witness.words if t.capitalized}
        tokens = context.subject.tokens
        for position, token in enumerate(tokens[1:], start=1):
            if not token.capitalized or token.norm in glue or token.norm not in lower_in_witness:
                continue
            if token.norm in capital_in_witness or _sentence_start(tokens, position, context.subject):
                continue
            if context.story_tokens.get(token.text, 0) > 1:
                continue  # another version writes it with a capital too
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if tokens[position - 1].capitalized or (following is not None and following.capitalized):
                continue  # part of a name of several words ("North Atlantic Treaty Organization")
            previous = tokens[position - 1]
            message = f"'{token.text}' is capitalized mid-sentence; it reads '{token.norm}'"
            yield context.finding(self, previous.start, token.end, message)


_NUMBER_AROUND = re.compile(r"\d")


def _dated(text: str, match: re.Match[str]) -> bool:
    """A month name beside a number ("May 28", "28 May 2011"): a date, whatever else the word can be."""
    if not is_date_word(match.group(1).lower()):
        return False
    before, after = text[: match.start()].split()[-1:], text[match.end() :].split()[:1]
    return any(_NUMBER_AROUND.match(word) for word in before + after)


def _sentence_start(tokens: tuple[Token, ...], position: int, side: Side) -> bool:
    """The token opens a sentence, or follows a colon or an opening quotation mark."""
    token = tokens[position]
    if any(token.start == side.article.sentences[i].start for i in side.indices):
        return True
    previous = tokens[position - 1]
    return previous.text in {":", "(", "[", "—", "-"} or previous.kind == "quote" or previous.text in ".!?"


class RepeatedWord(Rule):
    """The same word twice in a row ("the the"), or a name repeated around another ("Kishida Fumio Kishida").

    Only where the other version does not repeat it.
    """

    code = "DR104"
    name = "repeated-word"
    category = Category.GARBLE
    severity = Severity.WARNING
    intrinsic = True
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        witness = [token.norm for token in context.witness.words]
        doubled = {(a, b) for a, b in itertools.pairwise(witness) if a == b}
        words = context.subject.words
        for position, left in enumerate(words):
            for right in words[position + 1 : position + 3]:
                if not left.is_word or left.norm != right.norm or (left.norm, right.norm) in doubled:
                    continue
                adjacent = right is words[position + 1]
                if adjacent or (left.capitalized and witness.count(left.norm) == 1):
                    message = f"'{left.text}' is repeated" if adjacent else f"the name '{left.text}' is repeated"
                    yield context.finding(self, left.start, right.end, message)


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
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        witness_doubled = {a.text + b.text for a, b in _doubled_quotes(context.witness.tokens)}
        found = False
        for first, second in _doubled_quotes(context.subject.tokens):
            if (first.text + second.text) not in witness_doubled:
                found = True
                text = context.subject.article.document.text[first.start : second.end]
                yield context.finding(self, first.start, second.end, f"doubled quotation marks '{text}'")
        marks, witness_marks = _double_quotes(context.subject.tokens), _double_quotes(context.witness.tokens)
        if not found and len(marks) % 2 == 1 and len(witness_marks) % 2 == 0 and len(witness_marks) > 0:
            lone = marks[-1]
            yield context.finding(self, lone.start, lone.end, f"quotation mark '{lone.text}' opens or closes nothing")


def _double_quotes(tokens: tuple[Token, ...]) -> list[Token]:
    return [token for token in tokens if token.kind == "quote" and token.text in _DOUBLE_QUOTES]


def _doubled_quotes(tokens: tuple[Token, ...]) -> list[tuple[Token, Token]]:
    """Two double quotation marks side by side, or with only a space between (“” or " ")."""
    return [(a, b) for a, b in itertools.pairwise(_double_quotes(tokens)) if b.start - a.end <= 1]


class Mojibake(Rule):
    """Text decoded with the wrong character set somewhere upstream ("donâ€™t" for "don't")."""

    code = "DR106"
    name = "mojibake"
    category = Category.GARBLE
    severity = Severity.ERROR
    intrinsic = True
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if MOJIBAKE.search(context.witness.text):
            return
        match = MOJIBAKE.search(context.subject.text)
        if match:
            start, end = context.subject.locate(match.start(), match.end())
            yield context.finding(self, start, end, f"'{match.group()}' looks like mis-decoded text")


# Scripts written together in one language: Japanese mixes kanji, hiragana and katakana in every sentence.
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK", "IDEOGRAPHIC": "CJK"}


def _script(text: str) -> str | None:
    """The writing system most letters of a text belong to (first word of their Unicode name)."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split()[0]
            script = _SCRIPT_FAMILY.get(script, script)
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda script: counts[script]) if counts else None


class UnknownWord(Rule):
    """A word no dictionary of the language knows, or in another script, that no other version uses.

    Round trips leave untranslated or invented words behind ("The 협정 was
    signed"). Capitalized words are left to the name rules; so are words
    another version uses.
    """

    code = "DR107"
    name = "unknown-word"
    category = Category.GARBLE
    severity = Severity.WARNING
    intrinsic = True
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        language = context.subject.article.language
        witness = {bare(token.norm) for token in context.witness.words}
        subject_script = _script(context.subject.text)
        for token in context.subject.words:
            if token.is_word and bare(token.norm) not in witness and _script(token.text) not in (subject_script, None):
                yield context.finding(self, token.start, token.end, f"'{token.text}' is in another script")
                continue
            short = len(token.text) < context.params.garble.unknown_min_length
            if not token.is_word or token.capitalized or short or bare(token.norm) in witness:
                continue
            if context.story_tokens.get(token.text, 0) > 1 or is_known(bare(token.norm), language):
                continue
            if "-" in token.text and all(is_known(part, language) for part in token.norm.split("-") if part):
                continue
            if split_fused(token.text, language) is not None:
                continue  # the fused-words rule speaks when there is evidence
            yield context.finding(self, token.start, token.end, f"'{token.text}' is not a word of the language")
