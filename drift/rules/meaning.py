"""Meaning: negation, antonyms, temporal order, modality, and who does what.

Embeddings are blind to the small words that flip a sentence ("comes ahead
of" / "follows", "has denied" / "has confirmed"). These rules look at the
places where the word diff replaces words and at small closed classes of
English function words and antonyms: negators, before/after expressions,
modal verbs, pronouns. The classes are general vocabulary of the language,
not of any corpus. Between an English rendering and a German, French or Spanish
original, the same classes in those languages (before/after, bounds on a
number, hedges) compare the two sides; other languages get the checks that do
not depend on them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from drift.language import content_stems, function_words
from drift.lexicon import zipf
from drift.records import Category, Severity
from drift.rules.base import Rule
from drift.rules.entity import bare, equivalent_names, name_tokens, sentence_initial
from drift.rules.number import WORD_NUMBERS, is_date_word
from drift.tokens import Token
from drift.wordlists import word_map, word_pairs, word_set, word_sets, word_tuple

if TYPE_CHECKING:
    from collections.abc import Iterator

    from drift.records import Finding
    from drift.rules.context import PairContext, Side
    from drift.thresholds import MeaningParams

# The word lists are in drift/data/words/meaning.json.
_NEGATORS = word_set("meaning", "negators")
_ADJECTIVE_ENDINGS = ("able", "ible", "ent", "ant", "ive", "ate", "al", "ar")
_ANTONYMS = word_pairs("meaning", "antonyms")
_BEFORE = word_tuple("meaning", "before")
_AFTER = word_tuple("meaning", "after")
_CERTAIN = word_set("meaning", "certain")
# "would" is left out: reported speech shifts "will" to "would" without any change of meaning.
_HEDGED = word_set("meaning", "hedged")
_PRONOUNS = word_set("meaning", "pronouns")
# Hedges in the other languages drift reads (conditional modals and adverbs), for renderings across languages.
_HEDGED_ELSEWHERE = word_sets("meaning", "hedged_elsewhere")


def _hedges(language: str | None) -> frozenset[str]:
    return _HEDGED if language in (None, "en") else _HEDGED_ELSEWHERE.get(language, frozenset())


def _certainties(language: str | None) -> frozenset[str]:
    return _CERTAIN if language in (None, "en") else frozenset()


def lemma(word: str) -> str:
    """A crude English lemma: enough to see "reduced" and "reduces" as "reduce"."""
    word = word.lower()
    for ending, replacement in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    return word


_OPPOSITES: dict[str, set[str]] = {}
for _first, _second in _ANTONYMS:
    _OPPOSITES.setdefault(lemma(_first), set()).add(lemma(_second))
    _OPPOSITES.setdefault(lemma(_second), set()).add(lemma(_first))


_PARTICLE_NEGATORS = word_map("meaning", "particle_negators")


def explicit_negators(tokens: Sequence[Token]) -> list[Token]:
    """Words that negate: not, no, never, n't, without; deny, refuse, reject, fail; "ruled out", "declined to".

    "Not only" and its kin ("not just", "not merely") add, they do not negate: "not only A but B" says A.
    """
    found = []
    for position, token in enumerate(tokens):
        word = token.norm
        if not token.is_word:
            continue
        following = tokens[position + 1].norm if position + 1 < len(tokens) else ""
        if word == "not" and following in _FOCUS_PARTICLES:
            continue
        if word in _NEGATORS or word.endswith(("n't", "n’t")) or _PARTICLE_NEGATORS.get(word) == following:
            found.append(token)
    return found


# Focus particles that make "not" additive ("not only", "not just"): the complete English set of that construction.
_FOCUS_PARTICLES = word_set("meaning", "focus_particles")


def prefix_negative(token: Token, params: MeaningParams) -> bool:
    """A known word negated by its prefix: un-acceptable, non-binding, im-possible, il-legal."""
    word = token.norm
    least, common, margin = params.prefix_min_rest, params.prefix_rest_zipf, params.prefix_zipf_margin
    for prefix in ("non-", "non", "un"):
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= least and zipf(rest, "en") >= common > zipf(word, "en") - margin:
            return True
    for prefix in ("in", "im", "il", "ir"):
        rest = word[len(prefix) :]
        adjective = rest.endswith(_ADJECTIVE_ENDINGS) and len(rest) >= least
        if word.startswith(prefix) and adjective and zipf(rest, "en") >= common:
            return True
    return False


def negations(tokens: Sequence[Token], params: MeaningParams) -> int:
    """How many negations a passage carries, explicit or by prefix."""
    by_prefix = sum(1 for token in tokens if token.is_word and prefix_negative(token, params))
    return len(explicit_negators(tokens)) + by_prefix


def _english(context: PairContext) -> bool:
    return context.subject.article.language in (None, "en") and context.witness.article.language in (
        None,
        "en",
    )


def _changes(context: PairContext) -> Iterable[tuple[Sequence[Token], Sequence[Token]]]:
    """(witness words, subject words) of each place where the word diff does not match."""
    witness, subject = context.witness.words, context.subject.words
    for tag, w1, w2, s1, s2 in context.opcodes:
        if tag != "equal":
            yield witness[w1:w2], subject[s1:s2]


def _phrase_in(tokens: Sequence[Token], phrases: Sequence[str]) -> str | None:
    text = " " + " ".join(token.norm for token in tokens) + " "
    return next((phrase for phrase in phrases if f" {phrase} " in text), None)


def _span(tokens: Sequence[Token], context: PairContext) -> tuple[int, int]:
    return (tokens[0].start, tokens[-1].end) if tokens else context.subject.span


class NegationFlipped(Rule):
    """A negation added or removed ("has denied" / "has confirmed", "no firm commitments" / "firm commitments").

    Counts negators on each side: not, no, never, n't, without, verbs of
    refusal (deny, refuse, reject, fail) and negative prefixes of known words
    (un-acceptable, im-possible). An odd difference in explicit negators flips
    the sentence, unless the other side says it with a prefix ("unacceptable"
    for "not accepted"). "Not only" is no negation.
    """

    code = "DR501"
    name = "negation-flipped"
    category = Category.MEANING
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if not _english(context):
            return
        if len(explicit_negators(context.witness.words)) % 2 == len(explicit_negators(context.subject.words)) % 2:
            return
        for old, new in _changes(context):
            added, removed = explicit_negators(new), explicit_negators(old)
            if len(added) % 2 == len(removed) % 2:
                continue
            prefixed = any(prefix_negative(t, context.params.meaning) for t in (old if added else new))
            if prefixed or _negated_by_prefix(context, bool(added)):
                continue  # "unacceptable" / "not accepted": the same negation, written otherwise
            if _clause_of_its_own(context, old, new):
                continue  # a negated clause added or left out whole: the insertion and omission rules speak for it
            if added or new:
                span = _span(added or new, context)
            else:  # the negator deleted: the point where it stood
                span = context.rendering_of(removed[0].start, removed[0].end)
            what = f"adds '{added[0].text}'" if added else f"drops '{removed[0].text}'"
            yield context.finding(self, *span, f"negation flipped: {what}", _span(old, context) if old else None)
            return


def _clause_of_its_own(context: PairContext, old: Sequence[Token], new: Sequence[Token]) -> bool:
    """Whether, in a sentence otherwise kept (``omission_min_ratio`` of its words shared), one side of a change
    is empty and the other carries a clause of its own (at least ``omitted_clause_words`` content words the other
    version has nowhere): "... through text generation without external resources" adds what it negates, it does
    not deny what the reference says."""
    if (old and new) or context.word_ratio < context.params.omission_min_ratio:
        return False
    run, side, elsewhere = (new, context.subject, context.witness) if new else (old, context.witness, context.subject)
    language, text = side.article.language, side.article.document.text
    carried = content_stems(text[run[0].start : run[-1].end], language) - content_stems(elsewhere.text, language)
    return len(carried) >= context.params.omitted_clause_words


def _negated_by_prefix(context: PairContext, added: bool) -> bool:
    """Whether the side that lost a negator gained a word negated by its prefix, wherever it stands now
    ("the period not recorded" / "the unrecorded period")."""
    losing, gaining = (context.witness, context.subject) if not added else (context.subject, context.witness)
    had = {t.norm for t in losing.words}
    params = context.params.meaning
    return any(t.is_word and t.norm not in had and prefix_negative(t, params) for t in gaining.words)


def _lemmas(token: Token) -> set[str]:
    """The lemma of a word, and of each part of a hyphenated one ("low-income": low, income)."""
    return {lemma(token.norm)} | {lemma(part) for part in token.norm.split("-") if part}


def opposites(old: Sequence[Token], new: Sequence[Token]) -> list[tuple[Token, Token]]:
    """(old word, new word) pairs where a new word (or part of one) is the opposite of an old one."""
    old_lemmas = {form: t for t in old if t.is_word for form in _lemmas(t)}
    found = []
    for token in new:
        if not token.is_word:
            continue
        for form in _lemmas(token) - set(old_lemmas):
            opposite = next((old_lemmas[o] for o in _OPPOSITES.get(form, ()) if o in old_lemmas), None)
            if opposite is not None:
                found.append((opposite, token))
                break
    return found


class _WordClassRule(Rule):
    """A rule on closed word classes: compared through the word diff within English, and side against side
    between an original and its rendering in another language (no word diff across languages)."""

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if context.witness.article.language != context.subject.article.language:
            yield from self.across_languages(context)
        elif _english(context):
            yield from self.within_english(context)

    def within_english(self, context: PairContext) -> Iterator[Finding]:
        raise NotImplementedError

    def across_languages(self, context: PairContext) -> Iterator[Finding]:
        raise NotImplementedError


class Antonym(_WordClassRule):
    """A word replaced by its opposite ("increase" / "reduce", "accept" / "reject").

    Across languages (a translation), a bound on a number turned around: "moins
    de 18 ans" rendered "over 18", "mehr als 50" rendered "fewer than 50".
    """

    code = "DR502"
    name = "antonym"
    category = Category.MEANING
    severity = Severity.ERROR

    def within_english(self, context: PairContext) -> Iterator[Finding]:
        for old, new in _changes(context):
            for opposite, token in opposites(old, new):
                message = f"'{token.text}' is the opposite of '{opposite.text}'"
                yield context.finding(self, token.start, token.end, message, (opposite.start, opposite.end))

    def across_languages(self, context: PairContext) -> Iterator[Finding]:
        """A bound on a number turned around in translation: "moins de 18 ans" rendered "over 18"."""
        old, new = _numeric_bounds(context.witness.words), _numeric_bounds(context.subject.words)
        for number, (old_side, old_phrase, old_tokens) in old.items():
            if number in new and new[number][0] != old_side:
                _, new_phrase, new_tokens = new[number]
                message = f"'{new_phrase}' is the opposite of '{old_phrase}' ({number})"
                yield context.finding(self, *_span(new_tokens, context), message, _span(old_tokens, context))


# Bounds on a number ("under 18", "moins de 18", "mehr als 40") in the languages drift reads.
_FEWER = word_tuple("meaning", "fewer")
_MORE = word_tuple("meaning", "more")


def _numeric_bounds(tokens: Sequence[Token]) -> dict[str, tuple[str, str, Sequence[Token]]]:
    """Each number a bound phrase stands right before: number -> (fewer or more, phrase, its tokens).

    Only a bound on a number: "über" or "sous" alone mean many other things.
    A number bounded both ways in one passage is left out.
    """
    found: dict[str, tuple[str, str, Sequence[Token]]] = {}
    ambiguous: set[str] = set()
    for position, token in enumerate(tokens):
        if token.kind != "number":
            continue
        for side, phrases in (("fewer", _FEWER), ("more", _MORE)):
            for phrase in phrases:
                size = phrase.count(" ") + 1
                before = tokens[max(0, position - size) : position]
                if len(before) == size and " ".join(t.norm for t in before) == phrase:
                    if token.norm in found and found[token.norm][0] != side:
                        ambiguous.add(token.norm)
                    found[token.norm] = (side, phrase, [*before, token])
    return {number: bound for number, bound in found.items() if number not in ambiguous}


# Before and after in the other languages drift reads, for renderings across languages.
_BEFORE_ELSEWHERE = word_tuple("meaning", "before_elsewhere")
_AFTER_ELSEWHERE = word_tuple("meaning", "after_elsewhere")


class TemporalOrderFlipped(_WordClassRule):
    """Before became after, or after before ("comes ahead of the talks" / "follows the talks").

    Within English, where the word diff replaces words; across languages (a
    translation), when the original says before and the rendering says only
    after, or the reverse (German, Spanish and French conjunctions).
    """

    code = "DR503"
    name = "temporal-order-flipped"
    category = Category.MEANING
    severity = Severity.ERROR

    def within_english(self, context: PairContext) -> Iterator[Finding]:
        for old, new in _changes(context):
            for was_list, now_list in ((_BEFORE, _AFTER), (_AFTER, _BEFORE)):
                was, now = _phrase_in(old, was_list), _phrase_in(new, now_list)
                if was and now and not _phrase_in(new, was_list):
                    message = f"'{now}' reverses the order: it says '{was}'"
                    yield context.finding(self, *_span(new, context), message, _span(old, context))
                    return

    def across_languages(self, context: PairContext) -> Iterator[Finding]:
        old, new = context.witness.words, context.subject.words
        before, after = _BEFORE + _BEFORE_ELSEWHERE, _AFTER + _AFTER_ELSEWHERE
        for was_list, now_list in ((before, after), (after, before)):
            was, now = _phrase_in(old, was_list), _phrase_in(new, now_list)
            if was and now and not _phrase_in(new, was_list) and not _phrase_in(old, now_list):
                token = next(t for t in new if t.norm == now.split()[0])
                message = f"'{now}' reverses the order: it says '{was}'"
                yield context.finding(self, token.start, token.end, message)
                return


class ModalityChanged(_WordClassRule):
    """Certainty changed: "will" where the other version says "could", or the reverse.

    Across languages, between an English rendering and an original whose hedge
    it drops ("pourrait coûter" rendered "will cost") or adds.
    """

    code = "DR506"
    name = "modality-changed"
    category = Category.MEANING
    severity = Severity.WARNING

    def within_english(self, context: PairContext) -> Iterator[Finding]:
        for old, new in _changes(context):
            old_words, new_words = {t.norm for t in old}, {t.norm: t for t in new}
            # A hedge made certain ("could" -> "would"/"will"), or a certainty hedged ("will" -> "may").
            for was_class, now_class in ((_HEDGED, _CERTAIN | {"would"}), (_CERTAIN, _HEDGED)):
                was = old_words & was_class
                now = [new_words[w] for w in new_words if w in now_class]
                if was and now and not (set(new_words) & was_class):
                    message = f"'{now[0].text}' where it says '{sorted(was)[0]}'"
                    yield context.finding(self, now[0].start, now[0].end, message)
                    return

    def across_languages(self, context: PairContext) -> Iterator[Finding]:
        """A hedge of the original made certain in an English rendering ("pourrait coûter" -> "will cost"), or
        the reverse. Certainty is read in English only: "wird" and "sera" also make passives and plain futures."""
        old, new = context.witness.words, context.subject.words
        old_language, new_language = context.witness.article.language, context.subject.article.language
        for was_kind, now_kind in ((_hedges, _certainties), (_certainties, _hedges)):
            was = [t for t in old if t.norm in was_kind(old_language)]
            now = [t for t in new if t.norm in now_kind(new_language)]
            kept = any(t.norm in was_kind(new_language) for t in new)
            if was and now and not kept:
                message = f"'{now[0].text}' where it says '{was[0].text}'"
                yield context.finding(self, now[0].start, now[0].end, message, (was[0].start, was[0].end))
                return


class ActorChanged(Rule):
    """Someone else acts: a name put where the other version has a pronoun for someone else.

    "reports that Acme could offer" where the reference says "reports that it
    could offer" and "it" is the council. A name that resolves
    the pronoun correctly (the last name before it) is left alone.
    """

    code = "DR504"
    name = "actor-changed"
    category = Category.MEANING
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        witness = context.witness
        for old, new in _changes(context):
            pronouns = [t for t in old if t.norm in _PRONOUNS]
            names = [
                t
                for t in name_tokens(tuple(new), context.subject.article.language)
                if not sentence_initial(t, context.subject)
            ]
            if not pronouns or not names:
                continue
            antecedent = _antecedent(witness, pronouns[0])
            if antecedent is None or _passive_after(context.subject.words, names[0], context.params.meaning):
                continue
            name = bare(names[0].text)
            if equivalent_names(antecedent, name, context):
                continue
            message = f"'{name}' acts where it says '{pronouns[0].text}' ({antecedent})"
            yield context.finding(self, names[0].start, names[0].end, message, (pronouns[0].start, pronouns[0].end))


_PASSIVE = word_set("meaning", "passive")


def _passive_after(words: Sequence[Token], name: Token, params: MeaningParams) -> bool:
    """ "Acme will be subject to fines": the name is acted upon, a change of voice."""
    following = [t.norm for t in words if t.start > name.end][: params.passive_window]
    return bool(set(following) & _PASSIVE)


def _antecedent(side: Side, pronoun: Token) -> str | None:
    """The last name before a pronoun in its sentence (the simplest reading of "it")."""
    before = [t for t in side.tokens if t.end <= pronoun.start and t.sentence == pronoun.sentence]
    names = name_tokens(tuple(before), side.article.language)
    return bare(names[-1].text) if names else None


class RolesSwapped(Rule):
    """Two participants trade places around one verb ("the union accused the company" / "the company accused ...").

    Looks for two words that both versions use, in opposite order, with the
    same content word between them; dates are not participants ("16 January"
    / "January 16"). Not a swap: a passive ("... by the company"), or items of
    a list or a coordination reordered whole ("Oslo, Bergen and Tromsø" /
    "Tromsø, Bergen and Oslo"), where each word keeps its item: the words
    between it and the nearest comma or "and" on either side.
    """

    code = "DR505"
    name = "roles-swapped"
    category = Category.MEANING
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if context.word_ratio < context.params.swap_min_ratio:
            return  # restructured: the order of words says nothing about roles
        glue = function_words(context.subject.article.language)
        witness, subject = context.witness.words, context.subject.words
        params = context.params.meaning
        least, window = params.participant_min_length, params.swap_window
        old, new = _positions(witness, glue, least), _positions(subject, glue, least)
        for a, b in ((a, b) for a in old for b in old if a != b and a in new and b in new):
            if not (0 < old[b] - old[a] <= window and 0 < new[a] - new[b] <= window):
                continue
            between_old = {t.norm for t in witness[old[a] + 1 : old[b]]}
            between_new = {t.norm for t in subject[new[b] + 1 : new[a]]}
            if ("by" in between_new) != ("by" in between_old) or not (between_old & between_new) - glue:
                continue  # a change of voice, or nothing but glue in common: not the same action
            if all(
                _same_item(_item(context.witness, glue, old[word]), _item(context.subject, glue, new[word]))
                for word in (a, b)
            ):
                continue  # items of a list reordered whole
            first, last = subject[new[b]], subject[new[a]]
            message = f"'{first.text}' and '{last.text}' trade places around the same verb"
            finding = context.finding(self, first.start, last.end, message)
            if _is_name(first, context.subject) != _is_name(last, context.subject):
                # A name and a common word ("Vic participated in many countries" / "In many countries, he
                # participated in Vic") are seldom two participants: a clause moved more often (on the dev
                # split's PAWS pairs, 29 drifted and 12 benign of the 41 such firings).
                finding = replace(finding, severity=Severity.WARNING)
            yield finding
            return


# What separates the items of a list or a coordination: punctuation between two words, or a coordinator.
_SEPARATOR_MARKS = frozenset(",;&")
_COORDINATORS = word_set("meaning", "coordinators")


@dataclass(frozen=True)
class _Item:
    """The list item a word stands in, read from the word outwards: the content words before it (nearest first)
    and after it, the word included in both, and whether a separator ends each run (else the sentence does)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    opens: bool
    closes: bool


def _item(side: Side, glue: frozenset[str], position: int) -> _Item:
    """The list item holding ``side.words[position]``; number words ("two") count as content."""
    words, text = side.words, side.article.document.text
    bounds = [
        index
        for index in range(1, len(words))
        if words[index].norm in _COORDINATORS or _SEPARATOR_MARKS & set(text[words[index - 1].end : words[index].start])
    ]
    start = max((index for index in bounds if index <= position), default=0)
    end = min((index for index in bounds if index > position), default=len(words))
    skipped = (glue - WORD_NUMBERS.keys()) | _COORDINATORS
    forms = {index: bare(words[index].norm) for index in range(start, end) if words[index].norm not in skipped}
    before = tuple(form for index, form in reversed(forms.items()) if index <= position)
    after = tuple(form for index, form in forms.items() if index >= position)
    # The last item of a list ("and Richard") runs on into the clause ("... join the group, ..."): where the
    # list ends cannot be read, so the item's end is open.
    last_item = start > 0 and words[start].norm in _COORDINATORS
    return _Item(before, after, start > 0, end < len(words) and not last_item)


def _same_item(old: _Item, new: _Item) -> bool:
    """Whether a word keeps its item in the other version: an item between two separators is the same words; an
    item at the edge of a sentence runs on into the clause the other version puts elsewhere, so only the words
    next to the word must agree (as many as the shorter run holds)."""
    return _runs_agree(old.before, new.before, old.opens, new.opens) and _runs_agree(
        old.after, new.after, old.closes, new.closes
    )


def _runs_agree(old: tuple[str, ...], new: tuple[str, ...], old_bounded: bool, new_bounded: bool) -> bool:
    """Runs read away from the word: equal when both are bounded, else the bounded (or shorter) one starts the other."""
    if old_bounded and new_bounded:
        return old == new
    shorter, longer = (old, new) if (old_bounded or (not new_bounded and len(old) <= len(new))) else (new, old)
    return longer[: len(shorter)] == shorter


def _is_name(token: Token, side: Side) -> bool:
    """Capitalized where a common word would not be (a sentence's first word is read as a common word)."""
    return token.text[:1].isupper() and not sentence_initial(token, side)


def _positions(words: Sequence[Token], glue: frozenset[str], min_length: int) -> dict[str, int]:
    """First position of each content word that could be a participant (lower-cased, possessive dropped), at least
    ``min_length`` letters long."""
    positions: dict[str, int] = {}
    for index, token in enumerate(words):
        if token.is_word and token.norm not in glue and len(token.norm) >= min_length and not is_date_word(token.norm):
            positions.setdefault(bare(token.norm), index)
    return positions
