"""The human report: which stories drifted, which versions are to blame, and exactly where.

Rich renderables over a ``Report``; the CLI decides width, colour and paging
(``drift.report.console``) and the tests render them to a fixed-width console.

From the top:

* a **summary** of the corpus: findings by category and severity, the versions
  ranked worst first (errors, then warnings), the inputs that could not be read;
* per **story** a header: its versions, how each relates to the version it is
  aligned with, their findings, which versions depart most, and the page
  furniture stripped from each folded into one line;
* per alignment edge the **aligned pairs**, reference left and version right,
  with a word-level diff inside each pair and the findings under the pair they
  point into. A gutter tells the pair's kind: ``~`` reworded, ``=`` unchanged,
  ``-`` omitted from the version, ``+`` inserted in it.

Only what matters is shown by default: a pair without a finding above info
collapses into a one-line marker (``show_all`` shows everything, ``context``
shows that many quiet pairs around each one that matters, as ``diff -U`` does).
From ``INLINE_BELOW`` columns on the pairs stand side by side; below, or on
request, each pair is one inline diff with ``[-old-]{+new+}`` markers. Without
colour the markers are used in both layouts, so plain text still shows every
change.

Words are compared blind to typography and case (``drift.normalize.comparable``):
curly and straight quotes, NBSP and the spellings of an ellipsis are not changes.
Documents are named by the shortest unique prefix of their file name (``003``
for ``003_a1b2c3d4.txt`` when no other name starts with ``003``), listed with the full name in each story header.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from html import escape
from io import StringIO

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from drift.normalize import comparable
from drift.records import (
    AlignedPair,
    Alignment,
    Article,
    BlockKind,
    Category,
    Finding,
    Relation,
    Report,
    Severity,
    Status,
    Story,
    TextView,
)

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


# --- names -----------------------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[_\-.#\s]")
_EXTENSIONS = (".txt", ".jsonl", ".html", ".htm")


_CONTROL = (
    {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"} | {c: "\ufffd" for c in range(0x80, 0xA0)}
)


def printable(text: str) -> str:
    """``text`` with control characters shown as symbols (ESC as ␛): scraped text must not drive the terminal.

    One character for one, so offsets into the text still hold.
    """
    return text.translate(_CONTROL)


def short_name(doc_id: str) -> str:
    """The file name of a document id (with the record number of a JSONL record)."""
    return printable(doc_id.rsplit("/", 1)[-1])


def short_labels(doc_ids: Iterable[str]) -> dict[str, str]:
    """The shortest prefix of each file name, cut at a separator, that no other file name starts with.

    ``003_a1b2c3d4.txt`` is ``003`` among ``001_....txt`` and ``002_....txt``; a name with no
    unique prefix (the same file name in two folders) keeps its whole id.
    """
    stems = {}
    for doc in doc_ids:
        name = short_name(doc)
        stems[doc] = next((name[: -len(ext)] for ext in _EXTENSIONS if name.endswith(ext)), name)
    ordered = sorted(stems.values())

    def unique(prefix: str) -> bool:
        return bisect_left(ordered, prefix + "\U0010ffff") - bisect_left(ordered, prefix) == 1

    labels = {}
    for doc, stem in stems.items():
        cuts = [match.start() for match in _BOUNDARY.finditer(stem)] + [len(stem)]
        labels[doc] = next((stem[:cut] for cut in cuts if cut and unique(stem[:cut])), printable(doc))
    return labels


# --- word diff -------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\.(?:\s?\.){2,}|\w+(?:['’\-]\w+)*|\S")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    key: str  # typography folded, case folded


def _tokens(text: str) -> list[_Token]:
    return [_Token(match.start(), match.end(), comparable(match.group()).casefold()) for match in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class WordDiff:
    """What changed between two texts, word by word, as ``git diff --word-diff`` shows it.

    ``deleted`` are character ranges of ``left`` with no counterpart in
    ``right``, ``inserted`` ranges of ``right`` new to it; ``chunks`` is the
    inline form, a sequence of ``(kind, text)`` with kind ``equal``,
    ``deleted``, ``inserted`` or ``space`` (equal text is taken from ``right``).
    """

    left: str
    right: str
    deleted: tuple[tuple[int, int], ...]
    inserted: tuple[tuple[int, int], ...]
    chunks: tuple[tuple[str, str], ...]

    @property
    def changed(self) -> bool:
        return bool(self.deleted or self.inserted)


def word_diff(left: str, right: str) -> WordDiff:
    """Diff two texts over word and punctuation tokens, blind to typography and case."""
    a, b = _tokens(left), _tokens(right)
    matcher = SequenceMatcher(a=[t.key for t in a], b=[t.key for t in b], autojunk=False)
    deleted: list[tuple[int, int]] = []
    inserted: list[tuple[int, int]] = []
    chunks: list[tuple[str, str]] = []

    def spaced(tokens: list[_Token], index: int) -> bool:
        return 0 < index < len(tokens) and tokens[index].start > tokens[index - 1].end

    def add(kind: str, text: str, i: int, j: int, *, replaced: bool = False) -> None:
        """Append a chunk after the space the text it borders on has there: deleted words
        take their spacing from the left text, inserted words from the right (a word
        replaced by another from either)."""
        previous = chunks[-1][0] if chunks else None
        if previous is None or (previous == "deleted" and kind == "inserted"):
            gap = False
        elif kind == "deleted":
            gap = spaced(a, i) or (replaced and spaced(b, j))
        elif kind == "equal" and previous == "deleted":
            gap = spaced(a, i)
        else:
            gap = spaced(b, j)
        if gap:
            chunks.append(("space", " "))
        chunks.append((kind, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", right[b[j1].start : b[j2 - 1].end], i1, j1)
            continue
        if i2 > i1:
            deleted.append((a[i1].start, a[i2 - 1].end))
            add("deleted", left[a[i1].start : a[i2 - 1].end], i1, j1, replaced=j2 > j1)
        if j2 > j1:
            inserted.append((b[j1].start, b[j2 - 1].end))
            add("inserted", right[b[j1].start : b[j2 - 1].end], i1, j1)
    return WordDiff(left, right, tuple(deleted), tuple(inserted), tuple(chunks))


# --- one side of a pair as displayed ---------------------------------------------------------------


def _view_offset(view: TextView, offset: int) -> int:
    """The view position of an original-text offset (the first view character at or after it)."""
    if view.starts is None:
        return offset
    return bisect_left(view.starts, offset)


@dataclass(frozen=True)
class Passage:
    """The sentences of one side of a pair as shown: whitespace folded to single spaces.

    ``offsets[i]`` is the view position of displayed character ``i``, so that
    a finding's original span can be located in what is shown.
    """

    article: Article
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, article: Article, indices: Sequence[int]) -> Passage:
        chars: list[str] = []
        offsets: list[int] = []
        for index in indices:
            sentence = article.sentences[index]
            for position, char in enumerate(sentence.text):
                offset = sentence.view_start + position
                if char.isspace():
                    if chars and chars[-1] != " ":
                        chars.append(" ")
                        offsets.append(offset)
                    continue
                chars.append(char if char.isprintable() else printable(char))
                offsets.append(offset)
            if chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(offsets[-1] + 1)
        while chars and chars[-1] == " ":
            chars.pop()
            offsets.pop()
        return cls(article, "".join(chars), tuple(offsets))

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """Where an original-text span ``[start, end)`` is in the displayed text, if it is shown."""
        view = self.article.document.view
        low = bisect_left(self.offsets, _view_offset(view, start))
        high = bisect_left(self.offsets, _view_offset(view, end))
        return (low, high) if high > low else None


# --- where each finding goes -----------------------------------------------------------------------


def _span(article: Article, indices: Sequence[int]) -> tuple[int, int] | None:
    if not indices:
        return None
    return article.sentences[indices[0]].start, article.sentences[indices[-1]].end


def _contains(span: tuple[int, int] | None, start: int | None, end: int | None) -> bool:
    return span is not None and start is not None and end is not None and span[0] <= start <= end <= span[1]


@dataclass
class Placement:
    """Each finding of a report put where a reader looks for it.

    ``pairs`` maps ``(alignment index, pair index)`` to the findings located in
    that pair; ``furniture`` holds, per document, the findings on stripped
    lines; ``loose`` whatever lies in no shown pair (an article-level finding,
    a single-version story), so that nothing is silently dropped.
    """

    pairs: dict[tuple[int, int], list[Finding]] = field(default_factory=dict)
    furniture: dict[str, list[Finding]] = field(default_factory=dict)
    loose: dict[str, list[Finding]] = field(default_factory=dict)


def place_findings(report: Report) -> Placement:
    """Attach every finding to the pair whose sentences contain its span (and its counterpart's).

    An omission (DR6xx) sits at a zero-width span of the variant and carries
    the omitted sentence as counterpart: it goes to the pair where the
    variant's side is empty and the reference's side is that sentence.
    """
    placement = Placement()
    spans = [
        [(_span(report.articles[a.ref], pair.ref), _span(report.articles[a.var], pair.var)) for pair in a.pairs]
        for a in report.alignments
    ]
    furniture = {doc: article.boilerplate_spans() for doc, article in report.articles.items()}
    edges: dict[str, list[int]] = {}
    for number, alignment in enumerate(report.alignments):
        edges.setdefault(alignment.ref, []).append(number)
        edges.setdefault(alignment.var, []).append(number)
    for finding in sorted(report.findings, key=Finding.sort_key):
        if any(_contains(span, finding.start, finding.end) for span in furniture.get(finding.doc, ())):
            placement.furniture.setdefault(finding.doc, []).append(finding)
            continue
        best: tuple[int, int, int] | None = None  # (score, alignment, pair)
        for number in edges.get(finding.doc, ()):
            alignment = report.alignments[number]
            own_side = 0 if alignment.ref == finding.doc else 1
            other = alignment.var if own_side == 0 else alignment.ref
            for index, pair_spans in enumerate(spans[number]):
                own, counter = pair_spans[own_side], pair_spans[1 - own_side]
                own_hit = _contains(own, finding.start, finding.end)
                counter_hit = finding.against == other and _contains(
                    counter, finding.counterpart_start, finding.counterpart_end
                )
                score = 3 if own_hit and counter_hit else 2 if counter_hit and own is None else int(own_hit)
                if score and (best is None or score > best[0]):
                    best = (score, number, index)
        if best is None:
            placement.loose.setdefault(finding.doc, []).append(finding)
        else:
            placement.pairs.setdefault((best[1], best[2]), []).append(finding)
    return placement


# --- small pieces ----------------------------------------------------------------------------------


def _plural(count: int, word: str) -> str:
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
        Text(_plural(counts[severity], severity.value), style=SEVERITY_STYLE[severity])
        for severity in reversed(Severity)
        if counts[severity]
    ]
    return Text(", ").join(parts) if parts else Text(empty, style=MUTED)


def _styled(text: str, ranges: Iterable[tuple[int, int]], style: str, markers: tuple[str, str] | None) -> Text:
    """``text`` with ``ranges`` styled, and wrapped in ``markers`` when there is no colour to show them."""
    result = Text()
    position = 0
    for start, end in ranges:
        result.append(text[position:start])
        result.append(f"{markers[0]}{text[start:end]}{markers[1]}" if markers else text[start:end], style)
        position = end
    result.append(text[position:])
    return result


def _whole(text: str, style: str, markers: tuple[str, str] | None) -> Text:
    return _styled(text, [(0, len(text))], style, markers)


def _underline(text: Text, passage: Passage, findings: Sequence[Finding]) -> None:
    """Underline where each finding points, when the text shown is the passage as is (no markers)."""
    if text.plain != passage.text:
        return
    for finding in findings:
        if finding.doc == passage.article.id and finding.end > finding.start:
            located = passage.locate(finding.start, finding.end)
            if located:
                text.stylize(LOCATED, *located)


def _hanging(indent: int, *lines: RenderableType) -> Table:
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
            ref = _whole(label(alignment.ref), DELETED, MARKERS["deleted"])
            var = _whole(label(alignment.var), INSERTED, MARKERS["inserted"])
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
            return self._row(self._sign(pair), self._gap("left"), _whole(pair.right.text, INSERTED, inserted))
        if pair.right is None:
            return self._row(self._sign(pair), _whole(pair.left.text, DELETED, deleted), self._gap("right"))
        assert pair.diff is not None
        left = _styled(pair.left.text, pair.diff.deleted, DELETED, deleted)
        right = _styled(pair.right.text, pair.diff.inserted, INSERTED, inserted)
        _underline(left, pair.left, pair.findings)
        _underline(right, pair.right, pair.findings)
        return self._row(self._sign(pair), left, right)

    def _inline(self, pair: _Pair) -> Table:
        if pair.left is None:
            assert pair.right is not None
            text = _whole(pair.right.text, INSERTED, MARKERS["inserted"])
        elif pair.right is None:
            text = _whole(pair.left.text, DELETED, MARKERS["deleted"])
        else:
            assert pair.diff is not None
            text = Text()
            for kind, chunk in pair.diff.chunks:
                if kind in MARKERS:
                    opening, closing = MARKERS[kind]
                    text.append(f"{opening}{chunk}{closing}", DELETED if kind == "deleted" else INSERTED)
                else:
                    text.append(chunk)
            _underline(text, pair.right, pair.findings)
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
            yield _hanging(3, Text.assemble(("departs most: ", "bold"), worst))
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
                yield _hanging(3, Text.assemble((label(doc), "bold"), " outside the aligned sentences:"))
                yield scene.findings(loose, indent=4)
        if versions == 1:
            article = report.articles[story.reference]
            sentences = _plural(len(article.sentences), "sentence")
            yield _hanging(3, Text(f"single version, {sentences}: nothing to compare it with", style=MUTED))
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
            f"  {_plural(len(report.documents), 'document')}",
            f" ({len(unreadable)} unreadable)" if unreadable else "",
            f", {_plural(sentences, 'sentence')}, {_plural(len(report.stories), 'story')}",
            f" ({several} with several versions)" if several else "",
        )
        yield Text.assemble(("findings", "bold"), "  ", counts_text(report.findings))
        yield Rule(style=MUTED, characters="═")
        if report.findings:
            yield _hanging(2, self._categories())
        if report.articles:
            if report.findings:
                yield Text()
            yield _hanging(2, self._versions(options.max_width < NARROW))
        if unreadable:
            plain = all(document.status is Status.ERROR for document in unreadable)
            yield _hanging(2, Text("unreadable inputs" if plain else "inputs not checked in full", style="bold red"))
            for document in unreadable:
                reason = document.error if document.status is Status.ERROR else document.problem
                yield _hanging(4, Text.assemble((printable(document.path), "bold"), f": {printable(reason or '')}"))
        notes = []
        if report.ignored_paths:
            notes.append(f"{_plural(len(report.ignored_paths), 'file')} ignored (unsupported extension)")
        if report.excluded_paths:
            notes.append(f"{_plural(len(report.excluded_paths), 'path')} excluded by the configuration")
        if report.context:
            notes.append(f"{_plural(len(report.context), 'document')} read for context only, not reported on")
        if report.baseline is not None:
            baseline = report.baseline
            notes.append(
                f"baseline {baseline.path}: {_plural(baseline.matched, 'finding')} accepted (not shown), "
                f"{baseline.new} new, {baseline.stale} no longer found"
            )
        for note in notes:
            yield _hanging(2, Text(note, style=MUTED))
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


# --- output ----------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="drift">
<title>{title}</title>
<style>
{{stylesheet}}
body {{{{
    color: {{foreground}};
    background-color: {{background}};
}}}}
</style>
</head>
<body>
<pre style="font-family:Menlo,'DejaVu Sans Mono',consolas,'Courier New',monospace">\
<code style="font-family:inherit">{{code}}</code></pre>
</body>
</html>
"""

HTML_WIDTH = 120


_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_TRAILING_SPACE = re.compile(r"(?: |\x1b\[[0-9;]*m)+$", re.MULTILINE)


def render_text(report: Report, console: Console, options: ViewOptions | None = None) -> str:
    """The report as ``console`` renders it (escape sequences only when it has colour).

    Lines lose the spaces rich pads them with to the full width, so that the
    text diffs and copies cleanly.
    """
    with console.capture() as capture:
        console.print(ReportView(report, options))
    return _TRAILING_SPACE.sub(lambda end: "".join(_ESCAPE.findall(end.group())), capture.get())


def render_html(
    report: Report,
    options: ViewOptions | None = None,
    *,
    width: int = HTML_WIDTH,
    title: str = "drift report",
) -> str:
    """A self-contained page of the same report: inline styles, no script, nothing to fetch.

    ``title`` names the page; the report's own headline is ``options.title``.
    """
    console = Console(
        file=StringIO(),
        record=True,
        width=width,
        color_system="truecolor",
        force_terminal=True,
        no_color=False,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        _environ={},
    )
    console.print(ReportView(report, options))
    page = HTML_PAGE.format(title=escape(title).replace("{", "{{").replace("}", "}}"))
    return console.export_html(inline_styles=True, code_format=page)


__all__ = [
    "INLINE_BELOW",
    "AlignmentView",
    "Passage",
    "Placement",
    "ReportView",
    "Scene",
    "StoryView",
    "SummaryView",
    "ViewOptions",
    "WordDiff",
    "consensus",
    "departures",
    "place_findings",
    "render_html",
    "render_text",
    "short_labels",
    "word_diff",
]
