"""Entities: names fused, misspelled, or replaced by other names.

Names are capitalized words that the language does not use as common words
(or that stand mid-sentence). Evidence that a spelling is wrong comes from the
other versions and from the rest of the story, never from a list of names.
"""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz

from drift.language import function_words
from drift.lexicon import zipf
from drift.records import Category, Severity
from drift.rules.base import Rule
from drift.rules.garble import fused_tokens
from drift.tokens import Token

# A name this common as a lower-case word ("Will", "Bill") is not checked for spelling.
_RARE_NAME_ZIPF = 3.0


def bare(text: str) -> str:
    """A name without a possessive ending: "NATO’s" -> "NATO"."""
    for ending in ("’s", "'s", "’", "'"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def name_tokens(tokens: tuple[Token, ...], language: str | None) -> list[Token]:
    """Capitalized words that are not function words, dates or sentence adverbs: candidates for names."""
    from drift.rules.number import is_date_word

    glue = function_words(language)
    names = []
    for position, token in enumerate(tokens):
        if not token.capitalized or bare(token.norm) in glue or is_date_word(token.norm):
            continue
        following = tokens[position + 1].text if position + 1 < len(tokens) else ""
        if following == "," and token.norm.endswith(("ly", "ever", "stead", "while", "though")):
            continue  # "Instead," "However," "Meanwhile,"
        names.append(token)
    return names


def acronym_of(short: str, long_tokens: list[str]) -> bool:
    """``US`` / ``U.S.`` for "United States", ``NATO`` for "North Atlantic Treaty Organization"."""
    letters = short.replace(".", "").upper()
    initials = "".join(word[0] for word in long_tokens if word and word[0].isupper()).upper()
    return len(letters) >= 2 and letters == initials


class FusedName(Rule):
    """A name fused with its neighbour ("Vladimirputin") where the other version writes "Vladimir Putin"."""

    code = "DR301"
    name = "fused-name"
    category = Category.ENTITY
    severity = Severity.ERROR
    intrinsic = True
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        for token, (left, right) in fused_tokens(context, names=True):
            message = f"'{token.text}' renders '{left.text} {right.text}'"
            yield context.finding(self, token.start, token.end, message, (left.start, right.end))


class MisspelledName(Rule):
    """A name spelled differently from the other versions and the rest of the story ("Stoltemberg").

    The spelling is wrong when this version is alone in using it, it is rare
    or unknown as a word, and a close spelling (edit similarity above
    ``name_similarity``) is used by the other version of the sentence or by
    two or more versions of the story.
    """

    code = "DR302"
    name = "misspelled-name"
    category = Category.ENTITY
    severity = Severity.ERROR
    intrinsic = True
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        language = context.subject.article.language
        witness_names = {bare(t.text): t for t in name_tokens(context.witness.tokens, context.witness.article.language)}
        witness_forms = {t.text for t in context.witness.tokens}
        story_names = [form for form, count in context.story_tokens.items() if count > 1 and form[:1].isupper()]
        for token in name_tokens(context.subject.tokens, language):
            name = bare(token.text)
            if token.text in witness_forms or context.story_tokens.get(token.text, 0) > 1 or len(name) < 4:
                continue
            if zipf(name.lower(), language) >= _RARE_NAME_ZIPF:
                continue
            match = _closest(name, list(witness_names) + [bare(form) for form in story_names], context.params)
            if match is None:
                continue
            counterpart = witness_names.get(match)
            message = f"'{name}' renders '{match}'"
            span = (counterpart.start, counterpart.start + len(match)) if counterpart is not None else None
            yield context.finding(self, token.start, token.start + len(name), message, span)


def _closest(name: str, candidates: list[str], params) -> str | None:  # type: ignore[no-untyped-def]
    best: tuple[float, str] | None = None
    for candidate in candidates:
        if candidate == name or candidate[:1].lower() != name[:1].lower():
            continue
        if abs(len(candidate) - len(name)) > 2:
            continue
        score = fuzz.ratio(name.lower(), candidate.lower())
        if score >= params.name_similarity and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


class NameChanged(Rule):
    """A name replaced by a different one ("Bonn" where the reference says "Berlin").

    Looks at the places where the word diff replaces words: a name on one
    side, a different name on the other. Not a change: an acronym and its
    expansion ("US", "United States"), a name and its part ("Putin",
    "Vladimir Putin"), a misspelling (left to the misspelled-name rule), or two
    names the encoder holds for the same thing ("Britain", "UK"; above
    ``name_alias_similarity``).
    """

    code = "DR303"
    name = "name-changed"
    category = Category.ENTITY
    severity = Severity.ERROR

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        witness_words, subject_words = context.witness.words, context.subject.words
        language_w, language_s = context.witness.article.language, context.subject.article.language
        for tag, w1, w2, s1, s2 in context.opcodes:
            if tag != "replace" or w2 - w1 > 4 or s2 - s1 > 4:
                continue
            old = [
                t for t in name_tokens(witness_words[w1:w2], language_w) if not _sentence_initial(t, context.witness)
            ]
            new = [
                t for t in name_tokens(subject_words[s1:s2], language_s) if not _sentence_initial(t, context.subject)
            ]
            if not old or not new:
                continue
            old_text = " ".join(bare(t.text) for t in old)
            new_text = " ".join(bare(t.text) for t in new)
            if _equivalent(old_text, new_text, context):
                continue
            message = f"'{new_text}' where it says '{old_text}'"
            yield context.finding(self, new[0].start, new[-1].end, message, (old[0].start, old[-1].end))


def _sentence_initial(token: Token, side) -> bool:  # type: ignore[no-untyped-def]
    return any(token.start == side.article.sentences[i].start for i in side.indices)


def _equivalent(old: str, new: str, context) -> bool:  # type: ignore[no-untyped-def]
    a, b = old.lower(), new.lower()
    if a in b or b in a:
        return True
    if acronym_of(old, new.split()) or acronym_of(new, old.split()):
        return True
    if fuzz.ratio(a, b) >= context.params.name_similarity:
        return True
    return bool(context.similarity([old], [new])[0] >= context.params.name_alias_similarity)


def names_in(tokens: tuple[Token, ...], language: str | None) -> Iterator[str]:
    for token in name_tokens(tokens, language):
        yield bare(token.text)
