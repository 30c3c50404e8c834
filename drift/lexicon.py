"""What a language's vocabulary says about a word: known, rare, or two words fused.

Machine round trips leave words no dictionary knows ("Janedoe" style
fusions, misspelt names). wordfreq ships word frequencies for 40 languages in
its wheel; a Zipf frequency of 0 means the word was never seen in its corpora.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from drift.language import function_words, judges_words, primary, wordfreq_module, words
from drift.wordlists import word_sets

# A fused token splits into two parts that are each at least this common.
_FUSED_PART_MIN_ZIPF = 3.0
_FUSED_PART_MIN_LENGTH = 3
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z]) ([A-Z][a-z]*)\b")
_NEXT_CAPITALIZED = re.compile(r"\s+[\"'“‘(]?[A-Z]")
# Pronouns written with a capital wherever they stand: English "I", the German polite "Sie" and its forms.
_CAPITALIZED_PRONOUNS = word_sets("lexicon", "capitalized_pronouns")  # drift/data/words/lexicon.json


@lru_cache(maxsize=200_000)
def zipf(word: str, language: str | None) -> float:
    """Zipf frequency of a word (0 = unknown, 3 = a few per million words, 7 = 'the').

    0 too where wordfreq cannot tokenize the language (a tokenizer not installed): ``is_known`` then steps back.
    """
    wordfreq = wordfreq_module()
    try:
        return float(wordfreq.zipf_frequency(word, language or "en"))
    except LookupError:
        return float(wordfreq.zipf_frequency(word, "en"))
    except ImportError:
        return 0.0


# Korean writes particles onto the word (발전소의 "of the plant"); MeCab may cut such a form wrongly (발전 + 소의),
# so a form is known when it is, less up to this many final syllables.
_KOREAN_PARTICLE_SYLLABLES = 2


def is_known(word: str, language: str | None) -> bool:
    """Whether the language's word list knows the word; always, where no list can judge (``judges_words``)."""
    if not judges_words(language):
        return True
    lowered = word.lower()
    if primary(language) == "ko":
        cuts = range(min(_KOREAN_PARTICLE_SYLLABLES, len(lowered) - 1) + 1)
        return any(zipf(lowered[: len(lowered) - cut], language) > 0 for cut in cuts)
    return zipf(lowered, language) > 0


def split_fused(token: str, language: str | None) -> tuple[str, str] | None:
    """Split an unknown token into the two common words it fuses, if it does.

    Picks the split whose rarer part is most common, so "newyork" gives
    ("new", "york"), never ("newy", "ork").
    """
    lowered = token.lower()
    if len(lowered) < 2 * _FUSED_PART_MIN_LENGTH or not judges_words(language) or is_known(lowered, language):
        return None
    best: tuple[float, int] | None = None
    for cut in range(_FUSED_PART_MIN_LENGTH, len(lowered) - _FUSED_PART_MIN_LENGTH + 1):
        left, right = lowered[:cut], lowered[cut:]
        weakest = min(zipf(left, language), zipf(right, language))
        if weakest >= _FUSED_PART_MIN_ZIPF and (best is None or weakest > best[0]):
            best = (weakest, cut)
    if best is None:
        return None
    return token[: best[1]], token[best[1] :]


def open_compound(parts: list[str], language: str | None) -> bool:
    """Words that also make a rare closed compound: "air base" for "airbase", "hate speech" for "hatespeech".

    Written apart, each part a common word and the joined form rare, the open spelling is the usual one, not
    a word broken apart ("news paper" for "newspaper" is; "Ze lens kiy" too, its parts are no words).
    """
    if not judges_words(language):
        return False
    rare = zipf("".join(parts).lower(), language) < _FUSED_PART_MIN_ZIPF
    return rare and all(zipf(part.lower(), language) >= _FUSED_PART_MIN_ZIPF for part in parts)


def garble_signs(text: str, language: str | None) -> tuple[Counter[str], int]:
    """Signs of machine garbling (unknown lowercase words, fusions, stray capitals) and the text's word count.

    Used to tell which of two renderings of one text is the original: the one
    a round trip went through reads worse. Names and acronyms are not counted
    (unknown capitalized words are usually names, not errors). Each sign is the
    word that shows it, so that a word every version writes alike (a name the
    lexicon reads as a fusion, "Bel-port") can be left out of the comparison.
    """
    tokens = words(text)
    signs: Counter[str] = Counter()
    for token in tokens:
        unknown = token[0].islower() and not is_known(token, language)
        fused = token[0].isupper() and token[1:].islower() and split_fused(token, language) is not None
        if unknown or fused:
            signs[token] += 1
    signs.update(match.group(1) for match in stray_capitals(text, language))
    return signs, len(tokens)


def stray_capitals(text: str, language: str | None) -> list[re.Match[str]]:
    """Capitalized function words in mid-sentence ("both of them Was not accepted They ...").

    The mark of two sentence fragments glued together by a round trip: a
    capitalized name mid-sentence is normal, a capitalized "It" or "The" is not.
    Not a seam: a pronoun the language always capitalizes ("I"), or a function
    word opening a run of capitalized words, a name or a title ("in New York",
    "of The Lord of the Rings"): a fragment glued on starts in lower case after
    its first word.
    """
    glue = function_words(language) - _CAPITALIZED_PRONOUNS.get(primary(language), frozenset())
    return [
        match
        for match in _MID_SENTENCE_CAPITAL.finditer(text)
        if match.group(1).lower() in glue and not _NEXT_CAPITALIZED.match(text, match.end())
    ]
