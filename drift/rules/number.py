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

from drift.language import function_words
from drift.records import Category, Severity
from drift.rules.base import Rule
from drift.tokens import Token

_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
    "trillion": 1e12, "bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3,
    "mil": 1e3, "millón": 1e6, "millones": 1e6,  # es ("mil millones" = 1e9)
    "millier": 1e3, "milliers": 1e3, "milliard": 1e9, "milliards": 1e9,  # fr
    "tausend": 1e3, "millionen": 1e6, "milliarde": 1e9, "milliarden": 1e9,  # de
}  # fmt: skip
_WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
    "half": 0.5, "single": 1, "twice": 2, "double": 2, "triple": 3,
}  # fmt: skip
_PERCENT = {"%", "percent", "per", "pct", "prozent", "por", "pour"}
_CURRENCY = {
    "$": "dollar",
    "€": "euro",
    "£": "pound",
    "¥": "yen",
    "usd": "dollar",
    "eur": "euro",
    "gbp": "pound",
}
_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "januar februar märz april mai juni juli august september oktober november dezember",
)
_WEEKDAY_NAMES = (
    "monday tuesday wednesday thursday friday saturday sunday",
    "lunes martes miércoles jueves viernes sábado domingo",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag",
)
_MONTHS = {name: number for names in _MONTH_NAMES for number, name in enumerate(names.split(), 1)}
_WEEKDAYS = {name: number for names in _WEEKDAY_NAMES for number, name in enumerate(names.split())}
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

    def same_value(self, other: Quantity) -> bool:
        return abs(self.value - other.value) <= 1e-9 * max(1.0, abs(self.value))


def _stem(word: str) -> str:
    word = word.lower()
    for ending in ("ies", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    return word[:5]


def quantities(tokens: Sequence[Token], language: str | None, text: str) -> list[Quantity]:
    """Every quantity of a token sequence (``text`` is the document text, for excerpts)."""
    glue = function_words(language)
    found: list[Quantity] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        value: float | None = None
        if token.kind == "number":
            value = parse_number(token.text, language)
        elif token.is_word and token.norm in _WORD_NUMBERS and not _is_pronoun_one(tokens, position):
            value = float(_WORD_NUMBERS[token.norm])
        if value is None:
            position += 1
            continue
        first, last = position, position
        unit: str | None = None
        if first > 0 and tokens[first - 1].text in _CURRENCY:
            unit = _CURRENCY[tokens[first - 1].text]
            first -= 1
        compound = False
        look = last + 1
        while look < len(tokens) and tokens[look].norm in _SCALES:
            value *= _SCALES[tokens[look].norm]
            last = look
            look += 1
        if look < len(tokens) and tokens[look].norm in _PERCENT:
            unit, last = "%", look
            if tokens[look].norm in {"per", "por", "pour"} and look + 1 < len(tokens):
                last = look + 1
        elif look + 1 < len(tokens) and tokens[look].text == "-" and tokens[look + 1].is_word:
            unit, compound, last = _stem(tokens[look + 1].text), True, look + 1
        elif unit is None:
            noun = _counted_noun(tokens, look, glue)
            if noun is not None:
                unit = _CURRENCY.get(noun.norm.rstrip("s"), _stem(noun.text))
        found.append(
            Quantity(
                value,
                unit,
                compound,
                tokens[first].start,
                tokens[last].end,
                text[tokens[first].start : tokens[last].end],
            )
        )
        position = last + 1
    return found


def _is_pronoun_one(tokens: Sequence[Token], position: int) -> bool:
    """ "one of them", "the one": not a count."""
    token = tokens[position]
    if token.norm != "one":
        return False
    following = tokens[position + 1].norm if position + 1 < len(tokens) else ""
    previous = tokens[position - 1].norm if position > 0 else ""
    return following in {"of", "another", ""} or previous in {"the", "this", "that", "no", "any", "every"}


def _counted_noun(tokens: Sequence[Token], start: int, glue: frozenset[str]) -> Token | None:
    """The head of the words right after a number: "30 NATO alliances and" -> "alliances"."""
    head = None
    position = start
    while position < len(tokens) and position < start + 4:
        token = tokens[position]
        if not token.is_word or token.norm in glue:
            break
        head = token
        position += 1
    return head


_MEASURE_WORDS = (
    "km kilometre kilometer mile metre meter feet foot inch centimetre millimetre kg kilogram gram tonne ton "
    "pound litre liter gallon barrel hectare acre degree celsius fahrenheit second minute hour day week month "
    "year decade century percent point dollar euro yen yuan rouble ruble franc"
)
_MEASURES = frozenset(_stem(unit) for unit in _MEASURE_WORDS.split()) | {"%"}


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
) -> tuple[list[tuple[Quantity, Quantity]], list[Quantity], list[Quantity], list[tuple[Quantity, Quantity]]]:  # type: ignore[no-untyped-def]
    """(changed values, dropped, added, same value counting something else)."""
    witness = quantities(
        context.witness.tokens, context.witness.article.language, context.witness.article.document.text
    )
    subject = quantities(
        context.subject.tokens, context.subject.article.language, context.subject.article.document.text
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
    changed = list(zip(unmatched_witness, unmatched_subject, strict=False))
    dropped = unmatched_witness[len(changed) :]
    added = unmatched_subject[len(changed) :]
    recounted = [(old, new) for old, new in same if _counts_differently(old, new)]
    return changed, dropped, added, recounted


class NumberChanged(Rule):
    """A number with a different value ("35 billion" where the reference says "3.5 billion")."""

    code = "DR201"
    name = "number-changed"
    category = Category.NUMBER
    severity = Severity.ERROR
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        changed, _, _, _ = _compare(context)
        for old, new in changed:
            yield context.finding(
                self, new.start, new.end, f"'{new.text}' where it says '{old.text}'", (old.start, old.end)
            )


class QuantityChanged(Rule):
    """The same number counting something else ("30 NATO alliances" for "30-member NATO alliance").

    The value agrees but the noun it counts does not: a unit (km for miles),
    a percentage for a count, or a compound turned into a count.
    """

    code = "DR202"
    name = "quantity-changed"
    category = Category.NUMBER
    severity = Severity.ERROR

    def check_pair(self, context):  # type: ignore[no-untyped-def]
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

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        for old in _compare(context)[1]:
            start, end = context.subject.span
            yield context.finding(self, start, end, f"leaves out '{old.text}'", (old.start, old.end))


class NumberAdded(Rule):
    """A number in the rendering that the reference sentence does not give."""

    code = "DR204"
    name = "number-added"
    category = Category.NUMBER
    severity = Severity.WARNING

    def check_pair(self, context):  # type: ignore[no-untyped-def]
        for new in _compare(context)[2]:
            yield context.finding(self, new.start, new.end, f"adds '{new.text}', which it does not give")


class DateChanged(Rule):
    """A month or weekday that differs ("on Tuesday" where the reference says "on Monday")."""

    code = "DR205"
    name = "date-changed"
    category = Category.NUMBER
    severity = Severity.ERROR
    same_story = True

    def check_pair(self, context):  # type: ignore[no-untyped-def]
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
