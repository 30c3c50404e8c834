"""The human report's renderables (rich's ``__rich_console__``): each aligned pair, each story, the summary, the
whole report. See ``drift.report.terminal`` for what they show and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from drift.records import (
    AlignedPair,
    Article,
    BlockKind,
    Category,
    Finding,
    Relation,
    Report,
    Severity,
    Status,
    Story,
)
from drift.report.diff import Passage, WordDiff, word_diff
from drift.report.labels import printable, short_name
from drift.report.views import (
    DELETED,
    GUTTER,
    INSERTED,
    MARKERS,
    MUTED,
    REFERENCE,
    SEVERITY_STYLE,
    Scene,
    ViewOptions,
    counts_text,
    hanging,
    plural,
    severity_counts,
    styled,
    underline,
    whole,
)

# --- pairs -----------------------------------------------------------------------------------------


@dataclass
class _Pair:
    """One aligned pair with its displayed passages, its diff and its findings."""

    pair: AlignedPair
    left: Passage | None
    right: Passage | None
    findings: list[Finding]

    @cached_property
    def diff(self) -> WordDiff | None:
        if self.left is None or self.right is None:
            return None
        return word_diff(self.left.text, self.right.text)

    @property
    def matters(self) -> bool:
        return any(finding.severity > Severity.INFO for finding in self.findings)

    @property
    def kind(self) -> str:
        if self.left is None:
            return "inserted"
        if self.right is None:
            return "omitted"
        return "reworded" if self.diff is not None and self.diff.changed else "unchanged"


class AlignmentView:
    """One alignment edge: the pairs of a version against the version it is aligned with."""

    def __init__(self, scene: Scene, number: int):
        self.scene = scene
        self.alignment = scene.report.alignments[number]
        ref = scene.report.articles[self.alignment.ref]
        var = scene.report.articles[self.alignment.var]
        self.pairs = [
            _Pair(
                pair,
                Passage.of(ref, pair.ref) if pair.ref else None,
                Passage.of(var, pair.var) if pair.var else None,
                scene.placement.pairs.get((number, index), []),
            )
            for index, pair in enumerate(self.alignment.pairs)
        ]

    def visible(self) -> list[bool]:
        """Which pairs are shown: those that matter and ``context`` pairs around them, or all."""
        options = self.scene.options
        if options.show_all:
            return [True] * len(self.pairs)
        shown = [False] * len(self.pairs)
        for index, pair in enumerate(self.pairs):
            if pair.matters:
                for near in range(max(0, index - options.context), index + options.context + 1):
                    if near < len(shown):
                        shown[near] = True
        return shown

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inline = self.scene.options.inline_at(options.max_width)
        markers = self.scene.options.markers_on(console)
        yield self._title(inline)
        if not inline:
            yield self._header()
        hidden: list[_Pair] = []
        for pair, shown in zip(self.pairs, self.visible(), strict=True):
            if not shown:
                hidden.append(pair)
                continue
            if hidden:
                yield self._marker(hidden)
                hidden = []
            yield self._inline(pair) if inline else self._side_by_side(pair, markers)
            if pair.findings:
                yield self.scene.findings(pair.findings)
        if hidden:
            yield self._marker(hidden)

    def _title(self, inline: bool) -> Rule:
        alignment, label = self.alignment, self.scene.label
        kind = alignment.relation.value
        if inline:
            ref = whole(label(alignment.ref), DELETED, MARKERS["deleted"])
            var = whole(label(alignment.var), INSERTED, MARKERS["inserted"])
        else:
            ref, var = Text(label(alignment.ref), style="bold"), Text(label(alignment.var), style="bold")
        title = Text.assemble(ref, " → ", var, (f"  {kind}, covers {alignment.coverage:.0%}", MUTED))
        return Rule(title, align="left", style=MUTED)

    def _header(self) -> Table:
        alignment, label = self.alignment, self.scene.label
        return self._row(
            " ",
            Text.assemble((label(alignment.ref), "bold"), "  ", (short_name(alignment.ref), MUTED)),
            Text.assemble((label(alignment.var), "bold"), "  ", (short_name(alignment.var), MUTED)),
        )

    def _row(self, sign: str | Text, left: RenderableType, right: RenderableType) -> Table:
        columns = Table(
            box=box.MINIMAL, show_header=False, show_edge=False, expand=True, padding=(0, 1), pad_edge=False
        )
        columns.add_column(ratio=1)
        columns.add_column(ratio=1)
        columns.add_row(left, right)
        return self._gutter(sign, columns)

    @staticmethod
    def _gutter(sign: str | Text, body: RenderableType) -> Table:
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=1)
        grid.add_column(ratio=1)
        grid.add_row(sign, body)
        return grid

    def _sign(self, pair: _Pair) -> Text:
        sign, style = GUTTER[pair.kind]
        return Text(sign, style=style)

    def _marker(self, hidden: Sequence[_Pair]) -> Table:
        kinds = Counter(pair.kind for pair in hidden)
        total = len(hidden)
        noun = "pair" if total == 1 else "pairs"
        info = any(pair.findings for pair in hidden)
        quiet = "with nothing above info" if info else "without findings"
        names = {
            "unchanged": "unchanged",
            "reworded": "reworded",
            "omitted": f"only in {self.scene.label(self.alignment.ref)}",
            "inserted": f"only in {self.scene.label(self.alignment.var)}",
        }
        if kinds["unchanged"] == total and not info:
            summary = f"{total} unchanged {noun}"
        elif total == 1:
            summary = f"1 pair {quiet} ({names[hidden[0].kind]})"
        else:
            detail = ", ".join(f"{kinds[kind]} {name}" for kind, name in names.items() if kinds[kind])
            summary = f"{total} {noun} {quiet}: {detail}"
        return self._gutter(Text("…", style=MUTED), Text(summary, style=MUTED + " italic"))

    def _gap(self, side: str) -> Text:
        rendering = self.alignment.relation is Relation.RENDERING
        if side == "left":
            label = "(inserted)" if rendering else f"(not in {self.scene.label(self.alignment.ref)})"
        else:
            label = "(omitted)" if rendering else f"(not in {self.scene.label(self.alignment.var)})"
        return Text(label, style=MUTED + " italic")

    def _side_by_side(self, pair: _Pair, markers: bool) -> Table:
        deleted = MARKERS["deleted"] if markers else None
        inserted = MARKERS["inserted"] if markers else None
        if pair.left is None:
            assert pair.right is not None
            return self._row(self._sign(pair), self._gap("left"), whole(pair.right.text, INSERTED, inserted))
        if pair.right is None:
            return self._row(self._sign(pair), whole(pair.left.text, DELETED, deleted), self._gap("right"))
        assert pair.diff is not None
        left = styled(pair.left.text, pair.diff.deleted, DELETED, deleted)
        right = styled(pair.right.text, pair.diff.inserted, INSERTED, inserted)
        underline(left, pair.left, pair.findings)
        underline(right, pair.right, pair.findings)
        return self._row(self._sign(pair), left, right)

    def _inline(self, pair: _Pair) -> Table:
        if pair.left is None:
            assert pair.right is not None
            text = whole(pair.right.text, INSERTED, MARKERS["inserted"])
        elif pair.right is None:
            text = whole(pair.left.text, DELETED, MARKERS["deleted"])
        else:
            assert pair.diff is not None
            text = Text()
            for kind, chunk in pair.diff.chunks:
                if kind in MARKERS:
                    opening, closing = MARKERS[kind]
                    text.append(f"{opening}{chunk}{closing}", DELETED if kind == "deleted" else INSERTED)
                else:
                    text.append(chunk)
            underline(text, pair.right, pair.findings)
        return self._gutter(self._sign(pair), text)


# --- stories ---------------------------------------------------------------------------------------


def _labelled(width: int) -> Table:
    """A grid of rows headed by a document label, indented under a story's title."""
    grid = Table.grid(padding=(0, 2), expand=True)
    grid.add_column(width=1)
    grid.add_column(width=width, no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def _furniture(scene: Scene, article: Article) -> RenderableType:
    """``5 lines of page furniture stripped (date line, ...)``; with ``show_all``, every line."""
    findings = scene.placement.furniture.get(article.id, [])
    blocks = [block for block in article.blocks if block.kind is BlockKind.BOILERPLATE]
    reasons = Counter(block.reason or "unlabelled" for block in blocks)
    detail = ", ".join(reason if count == 1 else f"{reason} ×{count}" for reason, count in reasons.items())
    noun = "line" if len(blocks) == 1 else "lines"
    line = Text(f"{len(blocks)} {noun} of page furniture stripped ({detail})")
    flagged = [finding for finding in findings if finding.severity > Severity.INFO]
    if flagged:
        line.append("; ")
        line.append_text(counts_text(flagged))
        line.append(" could pass for content")
    if not scene.options.show_all:
        return line
    by_span = {(finding.start, finding.end): finding for finding in findings}
    view = article.document.view
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for block in blocks:
        start, end = view.to_original(block.start, block.end)
        finding = by_span.get((start, end))
        code = (
            Text(f"{finding.rule} {finding.severity.value:<7}", style=SEVERITY_STYLE[finding.severity])
            if finding
            else Text("")
        )
        number = Text(f"line {article.document.line_column(start)[0]}", style=MUTED)
        grid.add_row(number, code, Text.assemble(printable(block.text), (f"  ({block.reason or 'unlabelled'})", MUTED)))
    return Group(line, grid)


def departures(scene: Scene, story: Story) -> list[tuple[str, Counter[Severity]]]:
    """Versions with findings on their text (page furniture aside), the most errors, then warnings, first."""
    counts = {
        doc: severity_counts(f for f in scene.by_doc.get(doc, []) if f.category is not Category.BOILERPLATE)
        for doc in story.documents
    }
    return sorted(
        ((doc, count) for doc, count in counts.items() if count[Severity.ERROR] or count[Severity.WARNING]),
        key=lambda item: (-item[1][Severity.ERROR], -item[1][Severity.WARNING], item[0]),
    )


class StoryView:
    """One story: header, versions, page furniture, then each alignment edge."""

    def __init__(self, report: Report, story: Story, options: ViewOptions | None = None, *, scene: Scene | None = None):
        self.scene = scene or Scene(report, options or ViewOptions())
        self.story = story

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        scene, story, report = self.scene, self.story, self.scene.report
        label = scene.label
        versions = len(story.documents)
        findings = [f for doc in story.documents for f in scene.by_doc.get(doc, [])]
        title = Text.assemble(
            (story.id, "bold"), f"  {versions} version{'s' if versions != 1 else ''}  ", counts_text(findings)
        )
        yield Rule(title, align="left", characters="━")
        width = max(len(label(doc)) for doc in story.documents)
        versions_grid = _labelled(width)
        rows = [
            (
                doc,
                Text(short_name(doc), style=MUTED),
                Text(scene.relation(doc), style=REFERENCE if doc == story.reference else ""),
                counts_text(scene.by_doc.get(doc, [])),
            )
            for doc in story.documents
        ]
        names = max(len(name.plain) for _, name, _, _ in rows) + 2
        relations = max(len(relation.plain) for _, _, relation, _ in rows) + 2
        counts = max(len(found.plain) for _, _, _, found in rows)
        one_line = 3 + width + 2 + names + relations + counts <= options.max_width
        for doc, name, relation, found in rows:
            if one_line:
                text = Text.assemble(name, " " * (names - len(name)), relation, " " * (relations - len(relation)))
            else:
                text = Text.assemble(name, "\n", relation, "  ")
            versions_grid.add_row("", Text(label(doc), style="bold"), text + found)
        yield versions_grid
        ranked = departures(scene, story)
        if versions >= 3 and ranked:
            worst = Text(", ").join(
                Text.assemble((label(doc), "bold"), " (", counts_text(count), ")") for doc, count in ranked[:3]
            )
            yield hanging(3, Text.assemble(("departs most: ", "bold"), worst))
        furniture = [report.articles[doc] for doc in story.documents]
        furniture = [a for a in furniture if any(b.kind is BlockKind.BOILERPLATE for b in a.blocks)]
        if furniture:
            furniture_grid = _labelled(width)
            for article in furniture:
                furniture_grid.add_row("", Text(label(article.id), style="bold"), _furniture(scene, article))
            yield furniture_grid
        for doc in story.documents:
            loose = scene.placement.loose.get(doc)
            if loose:
                yield hanging(3, Text.assemble((label(doc), "bold"), " outside the aligned sentences:"))
                yield scene.findings(loose, indent=4)
        if versions == 1:
            article = report.articles[story.reference]
            sentences = plural(len(article.sentences), "sentence")
            yield hanging(3, Text(f"single version, {sentences}: nothing to compare it with", style=MUTED))
        for number in scene.edges.get(story.id, []):
            yield Text()
            yield AlignmentView(scene, number)


# --- the corpus ------------------------------------------------------------------------------------

NARROW = 80
"""Below this many columns the summary names versions by their label only."""

SUMMARY_VERSIONS = 20
"""The summary ranks this many versions, the worst first (all of them with ``show_all``)."""


class SummaryView:
    """The corpus at a glance: counts, findings by category and severity, the worst versions first."""

    def __init__(self, report: Report, *, scene: Scene | None = None):
        self.scene = scene or Scene(report)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        report = self.scene.report
        unreadable = [d for d in report.documents if not d.ok]
        several = sum(1 for story in report.stories if len(story.documents) > 1)
        sentences = sum(len(article.sentences) for article in report.articles.values())
        yield Text.assemble(
            (self.scene.options.title, "bold"),
            f"  {plural(len(report.documents), 'document')}",
            f" ({len(unreadable)} unreadable)" if unreadable else "",
            f", {plural(sentences, 'sentence')}, {plural(len(report.stories), 'story')}",
            f" ({several} with several versions)" if several else "",
        )
        yield Text.assemble(("findings", "bold"), "  ", counts_text(report.findings))
        yield Rule(style=MUTED, characters="═")
        if report.findings:
            yield hanging(2, self._categories())
        if report.articles:
            if report.findings:
                yield Text()
            yield hanging(2, self._versions(options.max_width < NARROW))
        if unreadable:
            plain = all(document.status is Status.ERROR for document in unreadable)
            yield hanging(2, Text("unreadable inputs" if plain else "inputs not checked in full", style="bold red"))
            for document in unreadable:
                reason = document.error if document.status is Status.ERROR else document.problem
                yield hanging(4, Text.assemble((printable(document.path), "bold"), f": {printable(reason or '')}"))
        notes = []
        if report.ignored_paths:
            notes.append(f"{plural(len(report.ignored_paths), 'file')} ignored (unsupported extension)")
        if report.excluded_paths:
            notes.append(f"{plural(len(report.excluded_paths), 'path')} excluded by the configuration")
        if report.context:
            notes.append(f"{plural(len(report.context), 'document')} read for context only, not reported on")
        if report.baseline is not None:
            baseline = report.baseline
            notes.append(
                f"baseline {baseline.path}: {plural(baseline.matched, 'finding')} accepted (not shown), "
                f"{baseline.new} new, {baseline.stale} no longer found"
            )
        for note in notes:
            yield hanging(2, Text(note, style=MUTED))
        yield Text()

    def _table(self, first: str) -> Table:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, show_edge=False, pad_edge=False)
        table.add_column(first, no_wrap=True)
        return table

    def _severity_columns(self, table: Table) -> None:
        for severity in reversed(Severity):
            table.add_column(severity.value, justify="right", header_style=SEVERITY_STYLE[severity])

    def _categories(self) -> Table:
        table = self._table("findings")
        self._severity_columns(table)
        by = Counter((f.category, f.severity) for f in self.scene.report.findings)
        for category in Category:
            if any(by[(category, severity)] for severity in Severity):
                table.add_row(category.value, *(_count(by[(category, s)]) for s in reversed(Severity)))
        return table

    def _versions(self, narrow: bool) -> Table:
        scene = self.scene
        report = scene.report
        table = self._table("version")
        table.add_column("story", no_wrap=True)
        table.add_column("relation", no_wrap=True)
        self._severity_columns(table)
        counts = {doc: severity_counts(scene.by_doc.get(doc, [])) for doc in report.articles}
        ranked = sorted(
            report.articles,
            key=lambda doc: (
                -counts[doc][Severity.ERROR],
                -counts[doc][Severity.WARNING],
                -counts[doc][Severity.INFO],
                doc,
            ),
        )
        shown = ranked if scene.options.show_all else ranked[:SUMMARY_VERSIONS]
        for doc in shown:
            story = scene.story_of.get(doc)
            table.add_row(
                scene.label(doc) if narrow else short_name(doc),
                story.id if story else "",
                scene.relation(doc, short=True),
                *(_count(counts[doc][severity]) for severity in reversed(Severity)),
            )
        if len(shown) < len(ranked):
            rest = ranked[len(shown) :]
            quiet = sum(1 for doc in rest if not counts[doc])
            table.add_row(
                Text(f"… {len(rest)} more", style=MUTED),
                "",
                Text(f"{quiet} without findings (--all lists them)", style=MUTED),
            )
        return table


def _count(value: int) -> Text:
    return Text(str(value)) if value else Text("·", style=MUTED)


class ReportView:
    """The whole report: the summary, then every story; findings placed nowhere else come last."""

    def __init__(self, report: Report, options: ViewOptions | None = None):
        self.scene = Scene(report, options or ViewOptions())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        scene = self.scene
        report = scene.report
        if scene.options.summary:
            yield SummaryView(report, scene=scene)
        for number, story in enumerate(report.stories):
            if number:
                yield Text()
            yield StoryView(report, story, scene=scene)
        in_story = {doc for story in report.stories for doc in story.documents}
        elsewhere = [f for doc, found in scene.placement.loose.items() if doc not in in_story for f in found]
        if elsewhere:
            yield Rule(Text("other findings", style="bold"), align="left", characters="━")
            yield scene.findings(elsewhere)
