"""What every view of the human report shares: the reader's options, the report's scene (placement, labels,
relations), the styles and the small pieces of text the views are built of."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from drift.records import Alignment, Finding, Relation, Report, Severity, Story
from drift.report.diff import Passage
from drift.report.labels import printable, short_labels, short_name
from drift.report.placement import Placement, place_findings

INLINE_BELOW = 100
"""Below this many columns pairs are shown inline: two columns of 45 characters are the least that reads."""

DELETED = "red strike"
INSERTED = "bold green"
LOCATED = "underline"
MUTED = "dim"
REFERENCE = "cyan"
SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
MARKERS = {"deleted": ("[-", "-]"), "inserted": ("{+", "+}")}
GUTTER = {
    "reworded": ("~", "bold yellow"),
    "unchanged": ("=", MUTED),
    "omitted": ("-", "red"),
    "inserted": ("+", "green"),
}


def plural(count: int, word: str) -> str:
    if word == "info" or count == 1:
        return f"{count} {word}"
    if word == "story":
        return f"{count} stories"
    return f"{count} {word}s"


def severity_counts(findings: Iterable[Finding]) -> Counter[Severity]:
    return Counter(finding.severity for finding in findings)


def counts_text(findings: Iterable[Finding] | Counter[Severity], *, empty: str = "no findings") -> Text:
    """``1 error, 2 warnings, 5 info`` in the severities' colours."""
    counts = findings if isinstance(findings, Counter) else severity_counts(findings)
    parts = [
        Text(plural(counts[severity], severity.value), style=SEVERITY_STYLE[severity])
        for severity in reversed(Severity)
        if counts[severity]
    ]
    return Text(", ").join(parts) if parts else Text(empty, style=MUTED)


def styled(text: str, ranges: Iterable[tuple[int, int]], style: str, markers: tuple[str, str] | None) -> Text:
    """``text`` with ``ranges`` styled, and wrapped in ``markers`` when there is no colour to show them."""
    result = Text()
    position = 0
    for start, end in ranges:
        result.append(text[position:start])
        result.append(f"{markers[0]}{text[start:end]}{markers[1]}" if markers else text[start:end], style)
        position = end
    result.append(text[position:])
    return result


def whole(text: str, style: str, markers: tuple[str, str] | None) -> Text:
    return styled(text, [(0, len(text))], style, markers)


def underline(text: Text, passage: Passage, findings: Sequence[Finding]) -> None:
    """Underline where each finding points, when the text shown is the passage as is (no markers)."""
    if text.plain != passage.text:
        return
    for finding in findings:
        if finding.doc == passage.article.id and finding.end > finding.start:
            located = passage.locate(finding.start, finding.end)
            if located:
                text.stylize(LOCATED, *located)


def hanging(indent: int, *lines: RenderableType) -> Table:
    """Lines indented by ``indent`` columns, wrapped lines included."""
    grid = Table.grid(expand=True)
    grid.add_column(width=indent)
    grid.add_column(ratio=1)
    for line in lines:
        grid.add_row("", line)
    return grid


# --- options and what every view shares ------------------------------------------------------------


@dataclass(frozen=True)
class ViewOptions:
    """What the reader asked to see.

    ``inline`` None chooses by width (inline below ``INLINE_BELOW`` columns);
    ``markers`` None uses ``[-old-]{+new+}`` in side-by-side pairs only when
    the console has no colour (inline pairs always have them).
    """

    show_all: bool = False
    context: int = 0
    inline: bool | None = None
    markers: bool | None = None
    summary: bool = True
    title: str = "drift report"

    def inline_at(self, width: int) -> bool:
        return self.inline if self.inline is not None else width < INLINE_BELOW

    def markers_on(self, console: Console) -> bool:
        return self.markers if self.markers is not None else console.color_system is None


@dataclass
class Scene:
    """A report with everything its views share: options, where findings go, document labels."""

    report: Report
    options: ViewOptions = field(default_factory=ViewOptions)

    @cached_property
    def placement(self) -> Placement:
        return place_findings(self.report)

    @cached_property
    def labels(self) -> dict[str, str]:
        return short_labels([*self.report.articles, *(d.id for d in self.report.documents)])

    @cached_property
    def story_of(self) -> dict[str, Story]:
        return {doc: story for story in self.report.stories for doc in story.documents}

    @cached_property
    def edges(self) -> dict[str, list[int]]:
        """The alignments of each story, by story id, as indices into the report's alignments."""
        edges: dict[str, list[int]] = {}
        for number, alignment in enumerate(self.report.alignments):
            story = self.story_of.get(alignment.var)
            if story is not None:
                edges.setdefault(story.id, []).append(number)
        return edges

    @cached_property
    def parent(self) -> dict[str, Alignment]:
        """The alignment of each version with the version it renders or shares the story with."""
        return {alignment.var: alignment for alignment in self.report.alignments}

    @cached_property
    def by_doc(self) -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = {}
        for finding in self.report.findings:
            found.setdefault(finding.doc, []).append(finding)
        return found

    def label(self, doc: str) -> str:
        return self.labels.get(doc, short_name(doc))

    def relation(self, doc: str, *, short: bool = False) -> str:
        """``rendering of 001, covers 100%``, ``reference`` or ``single version`` (and ``context``)."""
        alignment = self.parent.get(doc)
        context = " (context)" if doc in self.report.context else ""
        if alignment is None:
            story = self.story_of.get(doc)
            several = story is not None and len(story.documents) > 1
            return ("reference" if several else "single version") + context
        kind = "rendering of" if alignment.relation is Relation.RENDERING else "same-story with"
        if short:
            return f"{kind} {self.label(alignment.ref)}{context}"
        return f"{kind} {self.label(alignment.ref)}, covers {alignment.coverage:.0%}{context}"

    def location(self, finding: Finding) -> str:
        article = self.report.articles.get(finding.doc)
        if article is None:
            return self.label(finding.doc)
        line, column = article.document.line_column(finding.start)
        return f"{self.label(finding.doc)}:{line}:{column}"

    def findings(self, findings: Sequence[Finding], *, indent: int = 2) -> Table:
        """One finding a row: severity, code, place, message, rule name, and the consensus if any."""
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(width=max(indent - 1, 0))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for finding in sorted(findings, key=lambda f: (-f.severity.rank, f.sort_key())):
            body = Text.assemble(
                (self.location(finding), MUTED), " ", printable(finding.message), " ", (f"[{finding.name}]", MUTED)
            )
            agreement = consensus(finding, self.label)
            if agreement and " departs" not in finding.message:  # unless the rule's message says it already
                body.append("\n")
                body.append(agreement, style="italic")
            table.add_row(
                "",
                Text(f"{finding.severity.value:<7}", style=SEVERITY_STYLE[finding.severity]),
                Text(finding.rule, style="bold"),
                body,
            )
        return table


def consensus(finding: Finding, label: Callable[[str], str] = short_name) -> str | None:
    """``001 and 000 agree; 003 departs``: when other versions side with the counterpart."""
    agree = [
        label(doc) for doc in dict.fromkeys((finding.against or "", *finding.agreeing)) if doc and doc != finding.doc
    ]
    if not finding.agreeing or not agree:
        return None
    together = f"{', '.join(agree[:-1])} and {agree[-1]}" if len(agree) > 1 else agree[0]
    return f"{together} agree{'s' if len(agree) == 1 else ''}; {label(finding.doc)} departs"
