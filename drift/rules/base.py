"""What a rule is and how rules are chosen; the contexts they look at are in ``drift.rules.context``.

A rule is a small class, like a linter's: a stable code (``DR`` + three
digits), a short name, a category, a default severity, and a docstring that
``drift rule CODE`` prints. Rules look at one of three things:

* an aligned pair of sentences (``check_pair``): garble, facts, quotes, meaning;
* a gap in a rendering, a sentence with no counterpart (``check_gap``):
  omissions, insertions, stray fragments;
* a whole article (``check_article``): boilerplate.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

from drift.records import Article, Category, Finding, Severity, Site

if TYPE_CHECKING:
    from drift.rules.context import ArticleContext, GapContext, PairContext


class Rule:
    """Base class of every rule; subclasses set the class attributes and override a check."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    # Intrinsic rules judge one side's own words (garble); they run in both directions.
    intrinsic: ClassVar[bool] = False
    # Whether the rule also compares independent write-ups of a story: "never", "always" (garble, quotes) or
    # "same-statement" (facts: only where both sentences state the same thing).
    same_story: ClassVar[Literal["never", "always", "same-statement"]] = "never"
    # Late rules run after the others on the same pair and see their findings (``PairContext.prior``).
    late: ClassVar[bool] = False
    # Whether the story's other versions may vote on the finding's words (``drift.consensus``). Not for words
    # left out: the span marks what stands where they stood, which says nothing of the other versions' side.
    voted: ClassVar[bool] = True

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring: what the rule flags."""
        return (inspect.getdoc(cls) or "").splitlines()[0]

    @classmethod
    def explanation(cls) -> str:
        """The whole docstring: what, why, and what it leaves alone."""
        return inspect.getdoc(cls) or ""

    def finding(
        self,
        article: Article,
        start: int,
        end: int,
        message: str,
        *,
        against: str | None = None,
        counterpart: tuple[str, int, int] | None = None,
        story: str | None = None,
        site: Site | None = None,
    ) -> Finding:
        """A finding of this rule on ``article``'s original text; ``counterpart`` is (text, start, end)."""
        return Finding(
            rule=self.code,
            name=self.name,
            category=self.category,
            severity=self.severity,
            doc=article.id,
            start=start,
            end=end,
            text=article.document.text[start:end],
            message=message,
            against=against,
            counterpart=counterpart[0] if counterpart else None,
            counterpart_start=counterpart[1] if counterpart else None,
            counterpart_end=counterpart[2] if counterpart else None,
            story=story,
            site=site,
        )

    def check_pair(self, context: PairContext) -> Iterator[Finding]:
        return iter(())

    def check_gap(self, context: GapContext) -> Iterator[Finding]:
        return iter(())

    def check_article(self, context: ArticleContext) -> Iterator[Finding]:
        return iter(())


def _matches(code: str, patterns: tuple[str, ...]) -> bool:
    return any(code.startswith(pattern) for pattern in patterns)


@dataclass(frozen=True)
class RuleSelection:
    """Which rules run and at what severity: codes or prefixes (``DR1``), as ruff selects.

    An empty ``select`` means every rule. ``ignore`` wins over ``select``. The
    longest matching prefix in ``severity`` sets a rule's severity.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)

    def enabled(self, code: str) -> bool:
        return (not self.select or _matches(code, self.select)) and not _matches(code, self.ignore)

    def describe(self) -> str:
        """The selection in one line, for signatures: ``all``, or its select, ignore and severity overrides."""
        parts = [f"select={','.join(self.select)}"] if self.select else []
        parts += [f"ignore={','.join(self.ignore)}"] if self.ignore else []
        parts += [f"{code}={severity.value}" for code, severity in sorted(self.severity.items())]
        return " ".join(parts) or "all"

    def severity_for(self, code: str, default: Severity) -> Severity:
        matching = [prefix for prefix in self.severity if code.startswith(prefix)]
        return self.severity[max(matching, key=len)] if matching else default
