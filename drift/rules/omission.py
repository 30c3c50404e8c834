"""Omissions: a sentence, a clause, an attribution or a qualifier the rendering leaves out.

Whole sentences left out (``sentence-omitted``) are the aligner's gaps: a
reference sentence with no counterpart in its rendering. The other rules look
inside an aligned pair, at words the word diff deletes.
A word counts as dropped only if it appears nowhere in the rendering, so
that moved words are not mistaken for missing ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from drift.language import content_stems
from drift.normalize import excerpt
from drift.records import Category, Severity, file_name
from drift.rules.base import Rule
from drift.tokens import Token
from drift.wordlists import word_set, word_tuples

if TYPE_CHECKING:
    from collections.abc import Iterator

    from drift.records import Finding
    from drift.rules.context import GapContext, PairContext

# Qualifiers by what they do; one is dropped only if no qualifier of its kind is left (drift/data/words/omission.json).
_QUALIFIERS = word_tuples("omission", "qualifiers")
_SPEECH = word_set("omission", "speech")
_FACT_MARKS = frozenset('0123456789"“”«»„')


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
            f"omits a sentence of {file_name(context.subject.id)}: '{excerpt(omitted)}'",
            doc=context.other.id,
        )
        if any(ch in _FACT_MARKS for ch in omitted):
            finding = replace(finding, severity=Severity.ERROR)
        yield finding


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


def _phrase(tokens: Sequence[Token]) -> str:
    return " " + " ".join(token.norm for token in tokens) + " "


def deletions(context: PairContext) -> list[tuple[Sequence[Token], int]]:
    """(witness words deleted, subject position) for each place the subject leaves words out."""
    found: list[tuple[Sequence[Token], int]] = []
    most, least = context.params.omission_replaced_max_words, context.params.omission_deleted_min_words
    for tag, w1, w2, s1, s2 in context.opcodes:
        if tag == "delete" or (tag == "replace" and s2 - s1 <= most and w2 - w1 >= least):
            found.append((context.witness.words[w1:w2], s1))
    return found


class ClauseOmitted(Rule):
    """A clause of the reference left out of the rendering of the sentence ("... because of safety concerns").

    Found when the words left out carry facts: at least
    ``omitted_clause_words`` topical words found nowhere in the rendering, or
    the attribution ("a spokesman said") when the rendering no longer says who
    said it. An error when the pair model, reading both sentences whole, finds
    the meaning more likely changed than kept (drift from ``model_omission``);
    below, the sentence does without the words (an aside, a restated frame):
    a warning. Without a reading (not English), an error.
    """

    code = "DR602"
    name = "clause-omitted"
    category = Category.OMISSION
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        language = context.witness.article.language
        if language != context.subject.article.language:
            return
        kept = content_stems(context.subject.text, context.subject.article.language)
        subject_speech = sum(1 for t in context.subject.words if t.norm in _SPEECH)
        witness_speech = sum(1 for t in context.witness.words if t.norm in _SPEECH)
        if context.word_ratio < context.params.omission_min_ratio:
            return  # a restructured sentence: its deletions are rewording, not omissions
        for deleted, position in deletions(context):
            text = context.witness.article.document.text[deleted[0].start : deleted[-1].end]
            lost = content_stems(text, language) - kept
            attribution = any(t.norm in _SPEECH for t in deleted) and subject_speech < witness_speech
            if len(lost) >= context.params.omitted_clause_words or attribution:
                what = "the attribution" if attribution else "a clause"
                counterpart = (deleted[0].start, deleted[-1].end)
                finding = context.finding(self, *context.cut_point(position), f"omits {what}: '{text}'", counterpart)
                yield finding if _meaning_lost(context) else replace(finding, severity=Severity.WARNING)


def _meaning_lost(context: PairContext) -> bool:
    """Whether the pair model, where it read the whole pair, reads its meaning as changed (or did not read it)."""
    verdict = context.verdict
    return verdict is None or not verdict.complete or verdict.drift >= context.params.model_omission


class QualifierDropped(Rule):
    """A qualifier of the reference dropped: "about 200 homes" rendered "200 homes", "reportedly plans" as "plans".

    Approximations and hedges (about, nearly, at least, reportedly,
    allegedly, likely, ...) turn an estimate or a claim into a fact when they
    are left out.
    """

    code = "DR603"
    name = "qualifier-dropped"
    category = Category.OMISSION
    severity = Severity.WARNING

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if context.witness.article.language not in (None, "en"):
            return
        everywhere = _phrase(context.subject.words)
        for deleted, position in deletions(context) + _replaced(context):
            for kind, qualifiers in _QUALIFIERS.items():
                dropped = next((q for q in qualifiers if f" {q} " in _phrase(deleted)), None)
                if dropped and not any(f" {q} " in everywhere for q in qualifiers):
                    start, end = context.cut_point(position)
                    yield context.finding(self, start, end, f"drops the qualifier '{dropped}' ({kind})")
                    return


def _replaced(context: PairContext) -> list[tuple[Sequence[Token], int]]:
    """Witness words of the diff's replacements, for qualifiers reworded away."""
    return [(context.witness.words[w1:w2], s1) for tag, w1, w2, s1, _ in context.opcodes if tag == "replace"]
