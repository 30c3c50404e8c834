"""The rule set, sorted by code. ``drift rules`` lists it; ``drift rule CODE`` explains one."""

from __future__ import annotations

from drift.rules.base import Rule, RuleSelection
from drift.rules.structure import (
    ForeignContent,
    PageFurniture,
    SentenceInserted,
    SentenceOmitted,
    StrayFragment,
)

RULES: tuple[type[Rule], ...] = tuple(
    sorted(
        (
            StrayFragment,
            SentenceOmitted,
            SentenceInserted,
            PageFurniture,
            ForeignContent,
        ),
        key=lambda rule: rule.code,
    )
)
RULE_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in RULES}

__all__ = ["RULES", "RULE_BY_CODE", "Rule", "RuleSelection"]
