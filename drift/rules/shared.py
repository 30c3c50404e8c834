"""Helpers shared by rules of different families: what their messages quote, and tests more than one rule makes.

* ``excerpt`` and ``short_name``: a text cut for a message, a document named by the last part of its id;
* ``cross_language``: whether a pair's two sides are in different languages (the cross-language quote rules,
  DR403-DR405, and possible-mistranslation, DR510);
* ``is_fragment``, ``gap_is_fragment`` and ``reference_stems``: the fragment test that tells a stray fragment
  (DR102) from an inserted sentence (DR701).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from drift.language import content_stems, function_words, words
from drift.records import Article, Sentence

if TYPE_CHECKING:
    from drift.rules.context import GapContext, PairContext
    from drift.thresholds import DetectParams


def cross_language(context: PairContext) -> bool:
    first, second = context.witness.article.language, context.subject.article.language
    return first is not None and second is not None and first != second


def gap_is_fragment(context: GapContext) -> bool:
    """An inserted sentence that is a fragment of the reference sentences around the gap."""
    nearby = [i for pair in context.neighbours if pair is not None for i in pair.ref]
    sentence = context.subject.article.sentences[context.subject.indices[0]]
    reference = reference_stems(context.other, nearby)
    return len(context.subject.indices) == 1 and is_fragment(
        sentence, context.subject.article, reference, context.params
    )


def is_fragment(sentence: Sentence, article: Article, reference_stems: set[str], params: DetectParams) -> bool:
    """A short piece that renders nothing: no topical word of the reference, or an echo of its neighbour.

    "paper bag." shares nothing with the reference; "Clock hand." after
    "...performed the first hand transplant" only echoes words of the sentence
    it is glued to, without the glue words a real sentence needs.
    """
    if len(words(sentence.text)) > params.fragment_max_words:
        return False
    stems = content_stems(sentence.norm, article.language)
    if not stems & reference_stems:
        return True
    if sentence.index == 0:
        return False
    previous = content_stems(article.sentences[sentence.index - 1].norm, article.language)
    glue = function_words(article.language)
    glue_words = sum(1 for word in words(sentence.norm) if word.lower() in glue)
    echoed = len(stems & previous) >= params.fragment_echo_share * len(stems)
    return echoed and glue_words <= params.fragment_max_glue_words


def reference_stems(article: Article, indices: Iterable[int]) -> set[str]:
    return set().union(*(content_stems(article.sentences[i].norm, article.language) for i in indices))
