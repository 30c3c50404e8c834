"""Entities: names fused, misspelled, or replaced by other names.

Names are capitalized words that the language does not use as common words
(or that stand mid-sentence). Evidence that a spelling is wrong comes from the
other versions and from the rest of the story, never from a list of names.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from drift.language import function_words
from drift.lexicon import zipf
from drift.records import Category, Severity
from drift.rules.base import Rule
from drift.rules.garble import bare, fused_tokens
from drift.rules.number import is_date_word
from drift.tokens import Token
from drift.wordlists import word_set

if TYPE_CHECKING:
    from collections.abc import Iterator

    from drift.records import Finding
    from drift.rules.context import PairContext, Side
    from drift.thresholds import DetectParams, NameParams


def name_tokens(tokens: tuple[Token, ...], language: str | None) -> list[Token]:
    """Capitalized words that are not function words, dates or sentence adverbs: candidates for names."""
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
    """``US`` / ``U.S.`` for "United States", ``WHO`` for "World Health Organization"."""
    letters = short.replace(".", "").replace(" ", "").upper()
    initials = "".join(word[0] for word in long_tokens if word and word[0].isupper()).upper()
    return len(letters) >= 2 and letters == initials


class FusedName(Rule):
    """A name fused with its neighbour ("Janedoe") where the other version writes "Jane Doe"."""

    code = "DR301"
    name = "fused-name"
    category = Category.ENTITY
    severity = Severity.ERROR
    intrinsic = True
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        for token, (left, right) in fused_tokens(context, names=True):
            message = f"'{token.text}' renders '{left.text} {right.text}'"
            yield context.finding(self, token.start, token.end, message, (left.start, right.end))


class MisspelledName(Rule):
    """A name spelled differently from the other versions and the rest of the story ("Kowalsky" for "Kowalski").

    The spelling is wrong when this version is alone in using it, it is rare
    or unknown as a word, and a close spelling (edit similarity above
    ``name_similarity``) is used by the other version of the sentence or by
    two or more versions of the story. Not a misspelling: the same name
    romanized ("Muenster" for "Münster") or with an English plural ending
    ("the Manchus" for "the Manchu").
    """

    code = "DR302"
    name = "misspelled-name"
    category = Category.ENTITY
    severity = Severity.ERROR
    intrinsic = True
    same_story = "always"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        language = context.subject.article.language
        witness_names = {bare(t.text): t for t in name_tokens(context.witness.tokens, context.witness.article.language)}
        witness_forms = {t.text for t in context.witness.tokens}
        story_names = [form for form, count in context.story_tokens.items() if count > 1 and form[:1].isupper()]
        names = context.params.names
        for token in name_tokens(context.subject.tokens, language):
            name = bare(token.text)
            if token.text in witness_forms or context.story_tokens.get(token.text, 0) > 1:
                continue
            if len(name) < names.min_checked_length or zipf(name.lower(), language) >= names.rare_zipf:
                continue
            match = _closest(name, list(witness_names) + [bare(form) for form in story_names], context.params)
            if match is None:
                continue
            counterpart = witness_names.get(match)
            message = f"'{name}' renders '{match}'"
            span = (counterpart.start, counterpart.start + len(match)) if counterpart is not None else None
            yield context.finding(self, token.start, token.start + len(name), message, span)


def _closest(name: str, candidates: list[str], params: DetectParams) -> str | None:
    best: tuple[float, str] | None = None
    for candidate in candidates:
        if candidate == name or candidate[:1].lower() != name[:1].lower() or _variant_spellings(name, candidate):
            continue
        if abs(len(candidate) - len(name)) > params.names.max_length_difference:
            continue
        score = fuzz.ratio(name.lower(), candidate.lower())
        if score >= params.name_similarity and (best is None or score > best[0]):
            best = (score, candidate)
    return best[1] if best else None


# Letters that romanization writes otherwise, beyond dropping accents: "Muenster" for "Münster", "Lodz" for "Łódź".
_ROMANIZED = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th", "ı": "i"})
_DIGRAPHS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_INFLECTIONS = ("s", "es", "'s", "’s")


def _romanizations(name: str) -> set[str]:
    """The name in plain Latin letters, with umlauts dropped ("Munster") and written out ("Muenster")."""
    lowered = name.lower()
    forms = set()
    for spelled in (lowered, lowered.translate(_DIGRAPHS)):
        decomposed = unicodedata.normalize("NFKD", spelled.translate(_ROMANIZED))
        forms.add("".join(char for char in decomposed if not unicodedata.combining(char)))
    return forms


def _variant_spellings(first: str, second: str) -> bool:
    """One name in two spellings that are both right: romanized ("Münster" / "Muenster"), or inflected by English
    ("the Manchu" / "the Manchus")."""
    if _romanizations(first) & _romanizations(second):
        return True
    shorter, longer = sorted((first.lower(), second.lower()), key=len)
    return any(longer == shorter + ending for ending in _INFLECTIONS)


@dataclass(frozen=True)
class NamePhrase:
    """Consecutive name words ("Human Rights Watch", "Rio de Janeiro") with their span."""

    text: str
    start: int
    end: int
    opens_sentence: bool = False


_CONNECTORS = word_set("entity", "connectors")  # drift/data/words/entity.json
_CONNECTORS_CHARS = frozenset("".join(_CONNECTORS))


def name_phrases(side: Side, params: NameParams, *, strict: bool = True) -> list[NamePhrase]:
    """The names of one side of a pair, as phrases.

    ``strict`` leaves out a sentence opener that is a common word
    ("Officials", "Britain's" is kept only when not strict): names to report
    must be names; names to match against may be anything capitalized.
    A capitalized opener as common as ``params.common_opener_zipf`` ("Officials", "Police") is a word.
    """
    language = side.article.language
    candidates = {
        id(token)
        for token in name_tokens(side.words, language)
        if not strict
        or not sentence_initial(token, side)
        or zipf(bare(token.norm), language) < params.common_opener_zipf
    }
    phrases: list[list[Token]] = []
    words = side.words
    for position, token in enumerate(words):
        if id(token) in candidates:
            previous = words[position - 1] if position else None
            linked = (
                previous is not None
                and phrases
                and (
                    id(previous) in candidates
                    or (previous.norm in _CONNECTORS and position >= 2 and id(words[position - 2]) in candidates)
                )
            )
            gap = side.article.document.text[phrases[-1][-1].end : token.start] if phrases else ""
            if linked and len(gap) <= params.max_link_gap and not gap.strip(" \u00a0" + "".join(_CONNECTORS_CHARS)):
                phrases[-1].append(token)
            else:
                phrases.append([token])
    text = side.article.document.text
    return [
        NamePhrase(bare(text[p[0].start : p[-1].end]), p[0].start, p[-1].end, sentence_initial(p[0], side))
        for p in phrases
    ]


def unmatched_names(context: PairContext) -> tuple[list[NamePhrase], list[NamePhrase]]:
    """(names only the witness has, names only the subject has), equivalent forms matched away."""
    return context.memo("unmatched_names", lambda: _unmatched_names(context))


def _unmatched_names(context: PairContext) -> tuple[list[NamePhrase], list[NamePhrase]]:
    params = context.params.names
    old_pool = name_phrases(context.witness, params, strict=False)
    new_pool = name_phrases(context.subject, params, strict=False)
    old_words = {bare(t.norm) for t in context.witness.words}
    new_words = {bare(t.norm) for t in context.subject.words}

    def matched(name: NamePhrase, pool: list[NamePhrase], words: set[str]) -> bool:
        if name.text.lower() in words:  # "Counting began" / "counting started": a word, not a name
            return True
        if any(
            acronym_of(name.text, part.text.split()) or acronym_of(part.text, name.text.split())
            for part in _parts(pool)
        ):
            return True  # "WHO" inside "WHO Director-General Anna Berg"
        return any(equivalent_names(name.text, other.text, context) for other in pool)

    old_only = [a for a in name_phrases(context.witness, params) if not matched(a, new_pool, new_words)]
    new_only = [b for b in name_phrases(context.subject, params) if not matched(b, old_pool, old_words)]
    return old_only, new_only


def _parts(phrases: list[NamePhrase]) -> list[NamePhrase]:
    """The runs of words of phrases: "WHO Director-General Anna Berg" offers "WHO", "Anna Berg"..."""
    parts: list[NamePhrase] = []
    for phrase in phrases:
        words = phrase.text.split()
        for size in range(1, len(words) + 1):
            parts.extend(
                NamePhrase(" ".join(words[i : i + size]), phrase.start, phrase.end)
                for i in range(len(words) - size + 1)
            )
    return parts


class NameChanged(Rule):
    """A name replaced by a different one ("Bonn" where the reference says "Berlin").

    Compares the names of the two versions of the sentence, wherever they
    stand: a name only one side has, set against a name only the other has.
    Not a change: an acronym and its expansion ("US", "United States"), a name
    and its part ("Doe", "Jane Doe"), a rare misspelling (left to the
    misspelled-name rule), or two names the encoder holds for one thing
    ("Britain", "UK"; above ``name_alias_similarity``). A common word opening
    a sentence ("Officials") is not taken for a name.
    """

    code = "DR303"
    name = "name-changed"
    category = Category.ENTITY
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        for old, new in changed_names(context):
            yield context.finding(
                self, new.start, new.end, f"'{new.text}' where it says '{old.text}'", (old.start, old.end)
            )


class NameDropped(Rule):
    """A name the reference gives and the rendering of the sentence leaves out.

    A warning: "Police chief Diego Marin said" rendered "The police chief said"
    loses who said it. Shortened forms ("Marin" for "Diego Marin") are kept.
    """

    code = "DR304"
    name = "name-dropped"
    category = Category.ENTITY
    severity = Severity.WARNING
    voted = False

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if _cross_language(context):
            return  # names of institutions are translated: their absence says nothing
        old_only, new_only = unmatched_names(context)
        for old in [name for name in old_only[len(new_only) :] if not name.opens_sentence]:
            start, end = context.rendering_of(old.start, old.end)
            yield context.finding(self, start, end, f"leaves out '{old.text}'", (old.start, old.end))


class NameAdded(Rule):
    """A person's name in a translation that the original sentence does not give: an invented attribution.

    Only across languages, where names of people survive translation: within
    one language a rewording often names who the other version calls "the
    minister". Only names shaped like a person's: two words or more, the last
    one rare as a word ("Paul Renaud", not "Northern Farmers").
    """

    code = "DR305"
    name = "name-added"
    category = Category.ENTITY
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if not _cross_language(context):
            return
        _, new_only = unmatched_names(context)
        changed = {id(new) for _, new in changed_names(context)}
        language = context.subject.article.language
        for new in (name for name in new_only if id(name) not in changed):
            words = new.text.split()
            person = len(words) >= 2 and zipf(words[-1].lower(), language) < context.params.names.person_zipf
            if person and not new.opens_sentence:
                yield context.finding(self, new.start, new.end, f"'{new.text}' is not in the original sentence")


def changed_names(context: PairContext) -> list[tuple[NamePhrase, NamePhrase]]:
    """(old, new) names set against each other: only one side has each, in the same order.

    Across languages only a person's name that keeps a word ("Andrés Molina" /
    "Andrés Medina") is taken as changed: an institution's name is translated.
    """
    old_only, new_only = unmatched_names(context)
    pairs = list(zip(old_only, new_only, strict=False))
    if _cross_language(context):
        pairs = [(old, new) for old, new in pairs if _same_name_otherwise(old.text, new.text)]
    return pairs


def _cross_language(context: PairContext) -> bool:
    return context.witness.article.language != context.subject.article.language


def _same_name_otherwise(old: str, new: str) -> bool:
    """Names sharing a word but not all ("Andrés Molina" / "Andrés Medina"): one person's name changed."""
    old_words, new_words = set(old.lower().split()), set(new.lower().split())
    return bool(old_words & new_words) and old_words != new_words


def sentence_initial(token: Token, side: Side) -> bool:
    """Whether the token opens one of its side's sentences (its capital says nothing of a name)."""
    return any(token.start == side.article.sentences[i].start for i in side.indices)


def equivalent_names(old: str, new: str, context: PairContext) -> bool:
    """Two names for one thing: containment, acronym, a misspelling, or close in the encoder's eyes."""
    a, b = old.lower(), new.lower()
    joined_a, joined_b = a.replace(" ", ""), b.replace(" ", "")
    if a in b or b in a or joined_a in joined_b or joined_b in joined_a:  # a part, or fused ("Janedoe")
        return True
    if acronym_of(old, new.split()) or acronym_of(new, old.split()):
        return True
    single, other = (a, b) if " " not in a else (b, a)
    names = context.params.names
    least, prefix = names.demonym_min_length, names.demonym_prefix
    if (
        " " not in single
        and len(single) >= least
        and any(single[:prefix] == y[:prefix] for y in other.split() if len(y) >= least)
    ):
        return True  # "Norwegian" / "Norway", "French" / "France"
    language = context.subject.article.language
    if fuzz.ratio(a, b) >= context.params.name_similarity:
        differing = [(x, y) for x, y in zip(a.split(), b.split(), strict=False) if x != y] or [(a, b)]
        if all(min(zipf(x, language), zipf(y, language)) < names.rare_zipf for x, y in differing):
            return True  # a misspelling of a rare name ("Kowalsky"), not another name ("Marta" / "Maria")
    undotted = [name.replace(".", "") for name in (old, new)]  # "U.S." reads as "US" to the encoder
    return bool(context.similarity(undotted[:1], undotted[1:])[0] >= context.params.name_alias_similarity)
