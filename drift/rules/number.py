"""Numbers, quantities and dates that differ between two renderings of a sentence.

A cosine of 0.957 separates "agreed on 3.5 billion" from "agreed on 35
billion": embeddings do not see numbers. These rules read the quantities
themselves: the value (with its scale word, "3.5 billion", "140 Millionen"),
what is counted ("30-member alliance" counts members, "30 alliances" counts
alliances) and dates (month and weekday names in English, Spanish, French and
German). Numbers written as words ("three") equal their digits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drift.language import function_words
from drift.records import Category, Severity
from drift.rules.base import Rule
from drift.tokens import Token
from drift.wordlists import word_map, word_set, word_tuple, word_tuples, word_values

if TYPE_CHECKING:
    from collections.abc import Iterator

    from drift.records import Finding
    from drift.rules.context import PairContext

# The word lists are in drift/data/words/number.json.
_SCALES = word_values("number", "scales")
WORD_NUMBERS = word_values("number", "word_numbers")
_FRACTIONS = word_values("number", "fractions")
_FRACTION_COUNTS = word_values("number", "fraction_counts")
_PERCENT = word_set("number", "percent")
_CURRENCY = word_map("number", "currency")
_MONTHS = {name: number for names in word_tuples("number", "months").values() for number, name in enumerate(names, 1)}
_WEEKDAYS = {name: number for names in word_tuples("number", "weekdays").values() for number, name in enumerate(names)}
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA_LANGUAGES = frozenset({"de", "es", "fr", "it", "pt", "nl", "pl", "ru", "sv", "da", "fi", "cs", "tr"})


def parse_number(text: str, language: str | None) -> float | None:
    """The value of a number as written in a language's convention ("1.200" is 1200 in German)."""
    digits = re.sub(r"(st|nd|rd|th)$", "", text)
    if language in _DECIMAL_COMMA_LANGUAGES:
        if _THOUSANDS_DOT.match(digits):
            return float(digits.replace(".", ""))
        digits = digits.replace(".", "").replace(",", ".") if "," in digits else digits
    elif _THOUSANDS_COMMA.match(digits):
        digits = digits.replace(",", "")
    try:
        return float(digits)
    except ValueError:
        return None


@dataclass(frozen=True)
class Quantity:
    """A value and what it counts, with the tokens it was read from."""

    value: float
    unit: str | None  # crude stem of the counted noun ("membe", "allia"), "%" or a currency
    compound: bool  # "30-member": the number modifies a noun ("an alliance of 30 members")
    start: int
    end: int
    text: str
    digits: bool = True  # written in digits: word numbers ("seven days") are too often paraphrase to report alone
    position: int = 0  # index of its first token

    def same_value(self, other: Quantity) -> bool:
        """Equal values, or the same digits grouped in the other convention ("194,924" / "194.924")."""
        if abs(self.value - other.value) <= 1e-9 * max(1.0, abs(self.value)):
            return True
        grouped = _regrouped(self.text) if self.digits and other.digits else None
        return grouped is not None and grouped == _regrouped(other.text)


_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


def _regrouped(text: str) -> str | None:
    """The digits of a number written in groups of three ("194,924", "194.924"): a dot and a comma each group
    thousands in one convention, so the grouping alone does not tell the value."""
    digits = re.sub(r"(st|nd|rd|th)$", "", text)
    return re.sub(r"[.,]", "", digits) if _GROUPED.match(digits) else None


def _stem(word: str) -> str:
    word = word.lower()
    for ending in ("ies", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    return word[:5]


def _leading_value(
    token: Token, tokens: Sequence[Token], position: int, language: str | None
) -> tuple[float, str | None] | None:
    """The value a token starts, and the noun glued to it by a hyphen ("ten-point" -> 10, "point")."""
    if token.kind == "number":
        value = parse_number(token.text, language)
        return None if value is None else (value, None)
    if not token.is_word:
        return None
    head, _, tail = token.norm.partition("-")
    previous = tokens[position - 1].norm if position else ""
    if head.rstrip("s") in _FRACTIONS and previous in _FRACTION_COUNTS:
        return _FRACTION_COUNTS[previous] / _FRACTIONS[head.rstrip("s")], None  # "a third", "two thirds"
    if head in WORD_NUMBERS and not _is_pronoun_one(tokens, position):
        return float(WORD_NUMBERS[head]), (tail or None)
    return None


def quantities(tokens: Sequence[Token], language: str | None, text: str, noun_words: int) -> list[Quantity]:
    """Every quantity of a token sequence (``text`` is the document text, for excerpts); the noun a number
    counts is read in the ``noun_words`` words after it.

    Percentages are kept as fractions (50% equals "half"); a time of day
    ("10:30 a.m.", "10.30am") is kept in minutes.
    """
    glue = function_words(language)
    found: list[Quantity] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        leading = _leading_value(token, tokens, position, language)
        if leading is None:
            position += 1
            continue
        value, glued = leading
        first, last = position, position
        unit: str | None = None
        compound = glued is not None
        if compound:
            unit = _stem(glued or "")
        if first > 0 and tokens[first - 1].text in _CURRENCY:
            unit = _CURRENCY[tokens[first - 1].text]
            first -= 1
        look = last + 1
        clock = _time_of_day(tokens, position)
        if clock is not None:
            value, unit, last = clock
            look = last + 1
        while unit != "time" and look < len(tokens) and tokens[look].norm in _SCALES:
            value *= _SCALES[tokens[look].norm]
            last = look
            look += 1
        if unit in (None, "%") and look < len(tokens) and tokens[look].norm in _PERCENT:
            unit, last, value = "%", look, value / 100
            if tokens[look].norm in {"per", "por", "pour"} and look + 1 < len(tokens):
                last = look + 1
        elif unit is None and look + 1 < len(tokens) and tokens[look].text == "-" and tokens[look + 1].is_word:
            unit, compound, last = _stem(tokens[look + 1].text), True, look + 1
        elif unit is None:
            noun = _counted_noun(tokens, look, glue, noun_words)
            if noun is not None:
                unit = _CURRENCY.get(noun.norm.rstrip("s"), _stem(noun.text))
        start, end = tokens[first].start, tokens[last].end
        found.append(Quantity(value, unit, compound, start, end, text[start:end], token.kind == "number", first))
        position = last + 1
    return found


_MERIDIEM = word_values("number", "meridiem")  # minutes after midnight each adds


def _time_of_day(tokens: Sequence[Token], position: int) -> tuple[float, str, int] | None:
    """ "10:30 a.m.", "10.30am", "22:15": (minutes after midnight, "time", last token)."""
    token = tokens[position]
    hours = minutes = None
    last = position
    if ":" in token.text or "." in token.text:
        left, _, right = token.text.replace(":", ".").partition(".")
        if left.isdigit() and right.isdigit() and len(right) == 2:
            hours, minutes = int(left), int(right)
    elif (
        position + 2 < len(tokens)
        and tokens[position + 1].text == ":"
        and tokens[position + 2].kind == "number"
        and token.text.isdigit()
        and len(tokens[position + 2].text) == 2
    ):
        hours, minutes, last = int(token.text), int(tokens[position + 2].text), position + 2
    if hours is None or minutes is None or hours > 24 or minutes > 59:
        return None
    following = tokens[last + 1].norm if last + 1 < len(tokens) else ""
    if following in _MERIDIEM:
        shift = _MERIDIEM[following] if hours != 12 else (0 if following.startswith("p") else -12 * 60)
        last += 1
        while last + 1 < len(tokens) and (tokens[last + 1].text == "." or tokens[last + 1].norm == "m"):
            last += 1
        return hours * 60 + minutes + shift, "time", last
    if ":" in token.text or last != position:
        return hours * 60 + minutes, "time", last
    return None


def _is_pronoun_one(tokens: Sequence[Token], position: int) -> bool:
    """ "one of them", "the one": not a count."""
    token = tokens[position]
    if token.norm != "one":
        return False
    following = tokens[position + 1].norm if position + 1 < len(tokens) else ""
    previous = tokens[position - 1].norm if position > 0 else ""
    return following in {"of", "another", ""} or previous in {"the", "this", "that", "no", "any", "every"}


def _counted_noun(tokens: Sequence[Token], start: int, glue: frozenset[str], most: int) -> Token | None:
    """The head of the words right after a number: "12 city councils and" -> "councils"."""
    head = None
    position = start
    while position < len(tokens) and position < start + most:
        token = tokens[position]
        if not token.is_word or token.norm in glue:
            break
        head = token
        position += 1
    return head


_MEASURES = frozenset(_stem(unit) for unit in word_tuple("number", "measures")) | {"%"}


def _counts_differently(old: Quantity, new: Quantity) -> bool:
    """Same value, different thing counted: a compound turned into a count, or another unit.

    Only units from a closed set (measures, time, money, percent) and compounds
    ("30-member") are compared: the words after a bare number are too often
    reworded to say what it counts.
    """
    if not old.unit or not new.unit or old.unit == new.unit:
        return False
    if old.compound != new.compound:
        return True
    return old.unit in _MEASURES and new.unit in _MEASURES


def is_date_word(word: str) -> bool:
    """A month or weekday name (in English, Spanish, French or German)."""
    return word.rstrip(".") in _MONTHS or word.rstrip(".") in _WEEKDAYS


def _local_changes(
    context: PairContext, witness: list[Quantity], subject: list[Quantity]
) -> list[tuple[Quantity, Quantity]]:
    """Unmatched quantities that stand in the same replaced words ("four" -> "five", "two dozen" -> "a dozen").

    Word numbers are compared only here, where the diff puts them face to
    face: elsewhere "seven days" for "a week" is paraphrase, not a change.
    """
    changes: list[tuple[Quantity, Quantity]] = []
    for tag, w1, w2, s1, s2 in context.opcodes:
        if tag != "replace":
            continue
        w_span = (context.witness.words[w1].start, context.witness.words[w2 - 1].end)
        s_span = (context.subject.words[s1].start, context.subject.words[s2 - 1].end)
        old = [q for q in witness if w_span[0] <= q.start < w_span[1] or q.start <= w_span[0] < q.end]
        new = [q for q in subject if s_span[0] <= q.start < s_span[1] or q.start <= s_span[0] < q.end]
        changes.extend(zip(old, new, strict=False))
    return changes


def _counted_nearby(
    old: Quantity, new: Quantity, witness: Sequence[Token], subject: Sequence[Token], distance: int
) -> bool:
    """The compound's noun is next to the other number too, within ``distance`` characters ("7.1-magnitude" /
    "magnitude 7.1")."""
    for quantity, words in ((old, subject), (new, witness)):
        if not quantity.compound or not quantity.unit:
            continue
        other = new if quantity is old else old
        near = [t for t in words if abs(t.start - other.start) < distance and t.is_word]
        if any(_stem(t.text) == quantity.unit for t in near):
            return True
    return False


def _dates(tokens: Sequence[Token]) -> list[tuple[str, int, Token]]:
    found = []
    for token in tokens:
        if not token.is_word:
            continue
        word = token.norm.rstrip(".")
        if word in _WEEKDAYS:
            found.append(("weekday", _WEEKDAYS[word], token))
        elif word in _MONTHS and (token.capitalized or len(word) > 3):
            found.append(("month", _MONTHS[word], token))
    return found


def _compare(
    context,
) -> tuple[list[tuple[Quantity, Quantity]], list[Quantity], list[Quantity], list[tuple[Quantity, Quantity]]]:
    """(changed values, dropped, added, same value counting something else)."""
    params = context.params
    witness = quantities(
        context.witness.tokens,
        context.witness.article.language,
        context.witness.article.document.text,
        params.counted_noun_words,
    )
    subject = quantities(
        context.subject.tokens,
        context.subject.article.language,
        context.subject.article.document.text,
        params.counted_noun_words,
    )
    unmatched_subject = list(subject)
    same: list[tuple[Quantity, Quantity]] = []
    unmatched_witness = []
    for quantity in witness:
        match = next((q for q in unmatched_subject if q.same_value(quantity)), None)
        if match is None:
            unmatched_witness.append(quantity)
        else:
            unmatched_subject.remove(match)
            same.append((quantity, match))
    local = _local_changes(context, unmatched_witness, unmatched_subject)
    unmatched_witness = [q for q in unmatched_witness if q.digits and all(q is not old for old, _ in local)]
    unmatched_subject = [q for q in unmatched_subject if q.digits and all(q is not new for _, new in local)]
    changed = local + list(zip(unmatched_witness, unmatched_subject, strict=False))
    dropped = unmatched_witness[len(changed) :]
    added = unmatched_subject[len(changed) :]
    recounted = [
        (old, new)
        for old, new in same
        if _counts_differently(old, new)
        and not _counted_nearby(old, new, context.witness.words, context.subject.words, params.compound_noun_distance)
    ]
    return changed, dropped, added, recounted


class NumberChanged(Rule):
    """A number with a different value ("35 billion" where the reference says "3.5 billion")."""

    code = "DR201"
    name = "number-changed"
    category = Category.NUMBER
    severity = Severity.ERROR
    same_story = "same-statement"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        changed, _, _, _ = _compare(context)
        for old, new in changed:
            yield context.finding(
                self, new.start, new.end, f"'{new.text}' where it says '{old.text}'", (old.start, old.end)
            )


class QuantityChanged(Rule):
    """The same number counting something else ("12 city councils" for "12-member city council").

    The value agrees but the noun it counts does not: a unit (km for miles),
    a percentage for a count, or a compound turned into a count.
    """

    code = "DR202"
    name = "quantity-changed"
    category = Category.NUMBER
    severity = Severity.ERROR

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        if context.witness.article.language != context.subject.article.language:
            return  # what is counted is written in another language: nothing to compare
        for old, new in _compare(context)[3]:
            yield context.finding(
                self,
                new.start,
                new.end,
                f"'{new.text}' counts something else than '{old.text}'",
                (old.start, old.end),
            )


class NumberDropped(Rule):
    """A number of the reference that the rendering of the sentence no longer gives."""

    code = "DR203"
    name = "number-dropped"
    category = Category.NUMBER
    severity = Severity.WARNING
    voted = False

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        for old in _compare(context)[1]:
            start, end = context.rendering_of(old.start, old.end)
            yield context.finding(self, start, end, f"leaves out '{old.text}'", (old.start, old.end))


class NumberAdded(Rule):
    """A number in the rendering that the reference sentence does not give."""

    code = "DR204"
    name = "number-added"
    category = Category.NUMBER
    severity = Severity.WARNING

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        for new in _compare(context)[2]:
            yield context.finding(self, new.start, new.end, f"adds '{new.text}', which it does not give")


_PERIODS = {word: unit for unit, forms in word_tuples("number", "periods").items() for word in forms}
_DAYS = word_values("number", "days")


def _days(tokens: Sequence[Token]) -> float | None:
    """The length of a period phrase in days ("seven days" = "a week" = 7), if it has one period."""
    periods = [t for t in tokens if t.is_word and t.norm in _PERIODS]
    if len(periods) != 1:
        return None
    count = 1.0
    for token in tokens:
        if token.kind == "number":
            count = parse_number(token.text, None) or count
        elif token.norm in WORD_NUMBERS:
            count = float(WORD_NUMBERS[token.norm])
    return round(count * _DAYS[_PERIODS[periods[0].norm]], 3)


def _periods(tokens: Sequence[Token]) -> dict[str, Token]:
    return {_PERIODS[t.norm]: t for t in tokens if t.is_word and t.norm in _PERIODS}


class DateChanged(Rule):
    """A date or period that differs: "on Tuesday" for "on Monday", "a month" for "a year".

    Months and weekdays are compared across the whole sentence; periods
    (day, week, month, year, ...) where the word diff replaces words.
    """

    code = "DR205"
    name = "date-changed"
    category = Category.NUMBER
    severity = Severity.ERROR
    same_story = "same-statement"

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        witness, subject = _dates(context.witness.tokens), _dates(context.subject.tokens)
        for kind in ("month", "weekday"):
            old = [(value, token) for k, value, token in witness if k == kind]
            new = [(value, token) for k, value, token in subject if k == kind]
            old_values, new_values = {v for v, _ in old}, {v for v, _ in new}
            if not old or not new or old_values & new_values:
                continue
            (_, was), (_, now) = old[0], new[0]
            yield context.finding(
                self, now.start, now.end, f"'{now.text}' where it says '{was.text}'", (was.start, was.end)
            )
        for tag, w1, w2, s1, s2 in context.opcodes:
            if tag != "replace":
                continue
            old_periods = _periods(context.witness.words[w1:w2])
            new_periods = _periods(context.subject.words[s1:s2])
            if (
                old_periods
                and new_periods
                and not set(old_periods) & set(new_periods)
                and _days(context.witness.words[w1:w2]) != _days(context.subject.words[s1:s2])
            ):
                was, now = next(iter(old_periods.values())), next(iter(new_periods.values()))
                yield context.finding(
                    self, now.start, now.end, f"'{now.text}' where it says '{was.text}'", (was.start, was.end)
                )
