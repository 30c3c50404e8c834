"""Meaning judged as a whole, where no word-level rule explains a change: by the pair model (DR507), by the
rendering's own similarity profile (DR509) and, for a rendering in another language, by the translation's own
profile (DR510). The word-level meaning rules (DR501-DR506) are in ``meaning.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from drift.normalize import excerpt
from drift.records import Category, Severity
from drift.rules.base import Rule
from drift.rules.shared import cross_language

if TYPE_CHECKING:
    from drift.records import Finding
    from drift.rules.context import PairContext


class MeaningDrift(Rule):
    """A sentence rendered much less faithfully than the rest of its rendering, with no other rule explaining why.

    The last word on a rendering's pairs that no meaning, fact, quote or
    omission rule explains. Embeddings alone separate drift from paraphrase
    barely better than chance (on the labelled pairs, a logistic model over
    dissimilarity and words added or dropped reaches no useful precision), so
    the calibration is the document's own: a rendering (a copy, a translation,
    a spin) renders its sentences with a typical similarity, and a pair far
    below it (more than ``meaning_drift_spread`` median absolute deviations,
    and at least ``meaning_drift_gap``, below the rendering's median) is an
    outlier worth a reader's look. The span marked is the replaced stretch
    whose reversal brings the sentence closest to the reference.

    Info by default: on the hand-made corpora it fires as often on light but
    faithful rewording as on drift, so it points a reader at a sentence and
    proves nothing (``--severity DR509=warning`` makes it count).
    """

    code = "DR509"
    name = "meaning-drift"
    category = Category.MEANING
    severity = Severity.INFO
    late = True  # runs after the other rules of the pair, to know what they explained

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if not context.rendering or context.subject.id != context.alignment.var:
            return
        if context.witness.article.language != context.subject.article.language:
            return  # possible-mistranslation speaks for pairs in two languages
        if any(f.category in _EXPLAINING for f in context.prior):
            return
        if context.verdict is not None:
            return  # the pair model read this pair (meaning-changed speaks for it): an outlier says less
        median, spread = context.alignment_typical
        if spread is None:
            return  # too few pairs to know what is typical
        margin = max(context.params.meaning_drift_spread * spread, context.params.meaning_drift_gap)
        if context.alignment_similarity >= median - margin:
            return
        start, end = _most_changed(context)
        text = context.subject.article.document.text[start:end]
        message = (
            f"rendered far less faithfully than the rest (similarity {context.alignment_similarity:.2f}, "
            f"typical {median:.2f}); most changed: '{text[:60]}'"
        )
        yield context.finding(self, start, end, message)


_EXPLAINING = frozenset({Category.NUMBER, Category.ENTITY, Category.QUOTE, Category.MEANING, Category.OMISSION})


class MeaningChanged(Rule):
    """A rendering's sentence that the pair model reads as no longer saying what the reference says.

    The cross-encoder of ``drift.pairmodel`` reads both sentences together, so it
    sees what the word rules have no list for: a word replaced by one that is not
    its synonym ("a fragile truce" / "a lasting truce"), a
    clause that now says something else, a claim the reference never made. It
    speaks only where no fact, quote, meaning or omission rule already explains
    the pair, and only for English pairs. An error when the model reads a
    contradiction and neither side entails the other (on the dev split of
    ../shared/pairdata that keeps 42 of its 48 such errors, all on drifted pairs,
    and drops one the model read in "queued" / "lined up"), a warning when
    meaning is lost or added.
    The span is the changed stretch whose reversal lowers the model's drift
    reading most (occlusion of the word diff's chunks), the whole sentence when
    no single stretch carries it.
    """

    code = "DR507"
    name = "meaning-changed"
    category = Category.MEANING
    severity = Severity.WARNING
    late = True  # after the other rules of the pair: it speaks for what they leave unexplained

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        verdict = context.verdict
        if verdict is None or not context.rendering or context.subject.id != context.alignment.var:
            return
        if verdict.drift < context.params.model_drift or any(f.category in _EXPLAINING for f in context.prior):
            return
        start, end = _carrying_change(context)
        text = context.subject.article.document.text[start:end]
        if verdict.contradiction >= context.params.model_contradiction and not verdict.entailed:
            reading, severity = f"contradicts the reference (contradiction {verdict.contradiction:.2f})", Severity.ERROR
        elif verdict.dropped >= verdict.added:
            reading, severity = f"says less than the reference (drift {verdict.drift:.2f})", Severity.WARNING
        else:
            reading, severity = f"says what the reference does not (drift {verdict.drift:.2f})", Severity.WARNING
        finding = context.finding(self, start, end, f"'{text[:60]}' {reading}")
        yield replace(finding, severity=severity)


def _carrying_change(context: PairContext) -> tuple[int, int]:
    """The subject's changed stretch whose reversal lowers the pair model's drift reading most."""
    witness, subject = context.witness, context.subject
    if context.judge is None or subject.article.document.view.starts is not None or not subject.words:
        return subject.span
    base = subject.span[0]
    candidates: list[tuple[tuple[int, int], str]] = []
    for tag, w1, w2, s1, s2 in context.opcodes:
        if tag not in ("replace", "insert"):
            continue
        old = witness.article.document.text[witness.words[w1].start : witness.words[w2 - 1].end] if w2 > w1 else ""
        start, end = subject.words[s1].start, subject.words[s2 - 1].end
        patched = (subject.text[: start - base] + old + subject.text[end - base :]).replace("  ", " ")
        candidates.append(((start, end), patched))
    if not candidates:
        return subject.span
    if len(candidates) == 1:
        return candidates[0][0]
    readings = context.judge.verdicts([(witness.text, patched) for _, patched in candidates])
    best = int(np.argmin([reading.drift for reading in readings]))
    return candidates[best][0]


def _most_changed(context: PairContext) -> tuple[int, int]:
    """The replaced stretch whose reversal brings the subject closest to the witness (leave-one-out)."""
    witness, subject = context.witness, context.subject
    candidates = []
    base = subject.span[0]
    for tag, w1, w2, s1, s2 in context.opcodes:
        if tag != "replace" or subject.article.document.view.starts is not None:
            continue
        old = witness.article.document.text[witness.words[w1].start : witness.words[w2 - 1].end]
        start, end = subject.words[s1].start, subject.words[s2 - 1].end
        patched = subject.text[: start - base] + old + subject.text[end - base :]
        candidates.append(((start, end), patched))
    if not candidates:
        return subject.span
    gains = context.similarity([witness.text] * len(candidates), [patched for _, patched in candidates])
    return candidates[int(np.argmax(gains))][0]


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
        if not cross_language(context) or not context.rendering or context.subject.id != context.alignment.var:
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
                f"it says '{excerpt(context.witness.text, 80)}'"
            )
            yield context.finding(self, start, end, message)
