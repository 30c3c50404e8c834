"""Language identification and per-language word lists, offline.

py3langid ships its model in the wheel; wordfreq ships its frequency lists. Both
are loaded on first use and kept for the process.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)

# Below this many letters, language identification is a guess; say nothing.
_MIN_LETTERS = 12


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_confidence: float = 0.5) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or unclear."""
    if sum(ch.isalpha() for ch in text[:4000]) < _MIN_LETTERS:
        return None
    language, probability = _identifier().classify(text[:4000])
    return str(language) if probability >= min_confidence else None


@cache
def function_words(language: str | None) -> frozenset[str]:
    """The most frequent words of a language: the glue that says nothing about the topic."""
    import wordfreq

    try:
        return frozenset(wordfreq.top_n_list(language or "en", 120))
    except LookupError:
        return frozenset(wordfreq.top_n_list("en", 120))


def words(text: str) -> list[str]:
    """The words of a text, in order, as written."""
    return WORD.findall(text)


def content_stems(text: str, language: str | None) -> set[str]:
    """Crude stems of the topical words: lower-cased, function words dropped, cut at 5 letters.

    Good enough to tell whether a line talks about the same things as the rest
    of its article, in any language wordfreq knows, without a lemmatizer.
    """
    stop = function_words(language)
    return {word.lower()[:5] for word in words(text) if len(word) >= 3 and word.lower() not in stop}
