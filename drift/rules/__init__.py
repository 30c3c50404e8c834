"""The rule set, sorted by code. ``drift rules`` lists it; ``drift rule CODE`` explains one."""

from __future__ import annotations

from drift.rules.base import Rule, RuleSelection
from drift.rules.entity import FusedName, MisspelledName, NameAdded, NameChanged, NameDropped
from drift.rules.garble import (
    BrokenCapitalization,
    FusedWords,
    GarbledQuoteMarks,
    Mojibake,
    RepeatedWord,
    SplitWord,
    StrayFragment,
    UnknownWord,
)
from drift.rules.insertion import SentenceInserted
from drift.rules.judged import MeaningChanged, MeaningDrift, PossibleMistranslation
from drift.rules.meaning import (
    ActorChanged,
    Antonym,
    ModalityChanged,
    NegationFlipped,
    RolesSwapped,
    TemporalOrderFlipped,
)
from drift.rules.number import DateChanged, NumberAdded, NumberChanged, NumberDropped, QuantityChanged
from drift.rules.omission import ClauseOmitted, QualifierDropped, SentenceOmitted
from drift.rules.quote import QuoteAltered, QuoteDistorted, QuoteDropped, QuoteMistranslated, QuoteTruncated
from drift.rules.structure import ForeignContent, PageFurniture

RULES: tuple[type[Rule], ...] = tuple(
    sorted(
        (
            FusedWords,
            StrayFragment,
            BrokenCapitalization,
            RepeatedWord,
            GarbledQuoteMarks,
            Mojibake,
            UnknownWord,
            SplitWord,
            NumberChanged,
            QuantityChanged,
            NumberDropped,
            NumberAdded,
            DateChanged,
            FusedName,
            MisspelledName,
            NameChanged,
            NameDropped,
            NameAdded,
            QuoteAltered,
            QuoteDistorted,
            QuoteDropped,
            QuoteTruncated,
            QuoteMistranslated,
            PossibleMistranslation,
            NegationFlipped,
            Antonym,
            TemporalOrderFlipped,
            ActorChanged,
            RolesSwapped,
            ModalityChanged,
            MeaningChanged,
            MeaningDrift,
            SentenceOmitted,
            ClauseOmitted,
            QualifierDropped,
            SentenceInserted,
            PageFurniture,
            ForeignContent,
        ),
        key=lambda rule: rule.code,
    )
)
RULE_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in RULES}

__all__ = ["RULES", "RULE_BY_CODE", "Rule", "RuleSelection"]
