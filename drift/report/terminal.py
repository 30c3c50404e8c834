"""The human report: stories, their versions, and the aligned sentences side by side.

A rich renderable, so the CLI decides width, colour and paging and tests
render it to a fixed-width console.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from drift.records import AlignedPair, Alignment, Article, Report, Story
from drift.report.machine import span_text


def _name(doc_id: str) -> str:
    return doc_id.rsplit("/", 1)[-1]


class StoryView:
    """One story: its versions, how each relates to the version it is compared with, and the pairs."""

    def __init__(self, report: Report, story: Story, *, show_all: bool = False):
        self.report = report
        self.story = story
        self.show_all = show_all

    def _alignments(self) -> Iterator[Alignment]:
        for alignment in self.report.alignments:
            if alignment.var in self.story.documents:
                yield alignment

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        versions = len(self.story.documents)
        title = Text.assemble(
            (self.story.id, "bold"),
            f"  {versions} version{'s' if versions != 1 else ''}, reference ",
            (_name(self.story.reference), "bold cyan"),
        )
        yield Rule(title, align="left")
        for alignment in self._alignments():
            yield Text.assemble(
                "  ",
                (_name(alignment.var), "bold"),
                " vs ",
                (_name(alignment.ref), "cyan"),
                f": {alignment.relation.value}, covers {alignment.coverage:.0%} of it",
            )
            yield self._pairs(alignment)
        if versions == 1:
            article = self.report.articles[self.story.reference]
            yield Text(f"  single version, {len(article.sentences)} sentences", style="dim")

    def _pairs(self, alignment: Alignment) -> Table:
        ref, var = self.report.articles[alignment.ref], self.report.articles[alignment.var]
        table = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 1))
        table.add_column(_name(alignment.ref), ratio=1)
        table.add_column("sim", justify="right", width=5)
        table.add_column(_name(alignment.var), ratio=1)
        for pair in alignment.pairs:
            if not self.show_all and pair.similarity is not None and pair.similarity >= 0.98:
                continue
            table.add_row(*_row(pair, ref, var))
        return table


def _row(pair: AlignedPair, ref: Article, var: Article) -> tuple[Text, Text, Text]:
    if not pair.var:
        return Text(span_text(ref, pair.ref), style="red"), Text("—"), Text("(omitted)", style="dim")
    if not pair.ref:
        return Text("(inserted)", style="dim"), Text("+"), Text(span_text(var, pair.var), style="green")
    similarity = Text(f"{pair.similarity:.2f}" if pair.similarity is not None else "")
    return Text(span_text(ref, pair.ref)), similarity, Text(span_text(var, pair.var))


class ReportView:
    """The whole report: unreadable inputs first, then every story."""

    def __init__(self, report: Report, *, show_all: bool = False):
        self.report = report
        self.show_all = show_all

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        errors = [document for document in self.report.documents if not document.ok]
        if errors:
            lines = [Text.assemble((document.id, "bold"), f": {document.error}") for document in errors]
            yield Panel(Group(*lines), title="unreadable inputs", border_style="red")
        for story in self.report.stories:
            yield StoryView(self.report, story, show_all=self.show_all)
            yield Text()
