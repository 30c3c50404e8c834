"""The typed records that flow through drift's pipeline, one stage to the next.

Every record is a frozen dataclass: stages never mutate what they receive, they
return new records. Character offsets (``start``/``end``) always point into the
*original decoded text* of the input (the file, or the JSONL record's ``text``
field), so that a finding can be turned into ``path:line:column`` for CI.
"""

from __future__ import annotations

import enum
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How bad a finding is; ordered so that ``ERROR > WARNING > INFO``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __ge__(self, other: Severity) -> bool:
        return self.rank >= other.rank

    def __gt__(self, other: Severity) -> bool:
        return self.rank > other.rank

    def __le__(self, other: Severity) -> bool:
        return self.rank <= other.rank

    def __lt__(self, other: Severity) -> bool:
        return self.rank < other.rank


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Category(enum.Enum):
    """The family a rule belongs to (the issue tracker's vocabulary)."""

    GARBLE = "garble"
    ENTITY = "entity"
    NUMBER = "number"
    QUOTE = "quote"
    MEANING = "meaning"
    OMISSION = "omission"
    INSERTION = "insertion"
    BOILERPLATE = "boilerplate"


class Relation(enum.Enum):
    """How a version relates to the version it is aligned with."""

    RENDERING = "rendering"  # covers nearly all of the reference: a copy, translation or spin
    SAME_STORY = "same-story"  # an independent write-up that overlaps in part


class SourceFormat(enum.Enum):
    TXT = "txt"
    JSONL = "jsonl"
    HTML = "html"


class Status(enum.Enum):
    """What became of a document: checked, unreadable, checked in part after a bug in drift, or nothing to check."""

    OK = "ok"
    ERROR = "error"  # unreadable: not checked
    INTERNAL_ERROR = "internal-error"  # a rule or stage failed on it; the rest of it was checked
    NO_SENTENCES = "no-sentences"  # read, but nothing in it reads as a sentence to check

    @property
    def label(self) -> str:
        """How the outputs name the problem ("unreadable")."""
        return _STATUS_LABELS[self][0]

    @property
    def outcome(self) -> str:
        """What became of the document ("not checked")."""
        return _STATUS_LABELS[self][1]


_STATUS_LABELS = {
    Status.OK: ("ok", "checked"),
    Status.ERROR: ("unreadable", "not checked"),
    Status.INTERNAL_ERROR: ("internal error", "the rest of it checked"),
    Status.NO_SENTENCES: ("not checked", "not checked"),
}


class BlockKind(enum.Enum):
    """What a line-level block of a document is, as decided by the cleaning stage."""

    BODY = "body"
    TITLE = "title"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True, eq=False)
class TextView:
    """The text drift analyses, with a map back to the original text.

    For plain text and JSONL the view *is* the original (``starts`` is None). For
    HTML the view is the extracted text (tags dropped, entities decoded) and
    ``starts[i]``/``ends[i]`` give the original span of view character ``i``.
    """

    text: str
    starts: array | None = None
    ends: array | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span ``[start, end)`` to the span it came from in the original."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            anchor = self.starts[start] if start < len(self.starts) else (self.ends[-1] if len(self.ends) else 0)
            return anchor, anchor
        return self.starts[start], self.ends[end - 1]


def file_name(doc_id: str) -> str:
    """A document as messages name it: the last part of its id (its file name, with a JSONL record's line)."""
    return doc_id.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class DocumentMeta:
    """Optional metadata a JSONL record (or an HTML page) carries."""

    title: str | None = None
    url: str | None = None
    lang: str | None = None
    date: str | None = None
    record_id: str | None = None  # a JSONL record's own ``id`` field


@dataclass(frozen=True, eq=False)
class Document:
    """One input article as read from disk or stdin, or the reason it could not be read.

    ``id`` is the path for a file and ``path#line`` for a JSONL record. ``line``
    is the 1-based line of the file where the document starts (1 for a file, the
    record's line for JSONL), used to turn offsets into CI annotations.
    """

    id: str
    path: str
    format: SourceFormat
    text: str = ""
    view: TextView = field(default_factory=lambda: TextView(""))
    line: int = 1
    encoding: str | None = None
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    error: str | None = None
    furniture: tuple[tuple[int, int], ...] = ()  # view spans the HTML extractor judged page furniture
    failure: Status = Status.ERROR  # what ``error`` means, when set

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> Status:
        return Status.OK if self.error is None else self.failure

    @property
    def problem(self) -> str:
        """The error as the outputs show it: what it is and what became of the document."""
        return f"{self.error} ({self.failure.outcome})"

    @property
    def stable_name(self) -> str:
        """The document in content fingerprints: its file name, and a JSONL record by its own id, not its line."""
        name = file_name(self.id)
        if self.format is SourceFormat.JSONL and self.meta.record_id is not None:
            return f"{name.split('#', 1)[0]}#{self.meta.record_id}"
        return name

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an original-text offset, as a CI annotation wants them."""
        if self.format is SourceFormat.JSONL:
            return self.line, 1
        offset = max(0, min(offset, len(self.text)))
        line = self.text.count("\n", 0, offset)
        last_newline = self.text.rfind("\n", 0, offset)
        return self.line + line, offset - last_newline


@dataclass(frozen=True)
class Block:
    """A line of the document's view, classified as story body, title or page furniture."""

    start: int  # view offsets
    end: int
    text: str
    kind: BlockKind
    reason: str | None = None  # why it is boilerplate or a title, for the report


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document's body, with its exact span in the original text."""

    index: int  # position among the document's body sentences
    start: int  # original offsets
    end: int
    text: str  # as written (view text), for reporting
    norm: str  # normalized form, for embedding and comparison
    block: int  # index of the block (line) it came from
    language: str | None = None
    view_start: int = 0  # where ``text`` starts in the document's view, to map sub-spans back


@dataclass(frozen=True, eq=False)
class Article:
    """A readable document after cleaning and segmentation: what the later stages use."""

    document: Document
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    language: str | None = None

    @property
    def id(self) -> str:
        return self.document.id

    def boilerplate_spans(self) -> list[tuple[int, int]]:
        """Original-text spans of the blocks stripped as page furniture."""
        view = self.document.view
        return [view.to_original(b.start, b.end) for b in self.blocks if b.kind is BlockKind.BOILERPLATE]


def span_text(article: Article, indices: Sequence[int]) -> str:
    """The text of consecutive sentences as it stands in the original (joined, for HTML)."""
    if not indices:
        return ""
    sentences = [article.sentences[i] for i in indices]
    if article.document.view.starts is None:
        return article.document.text[sentences[0].start : sentences[-1].end]
    return " ".join(sentence.text for sentence in sentences)


@dataclass(frozen=True)
class AlignedPair:
    """A bead: reference sentences matched with variant sentences.

    Either side may be empty: an empty ``var`` is an omission in the variant, an
    empty ``ref`` an insertion. Indices are into the articles' ``sentences``.
    ``moved``: the bead is out of the alignment's reading order (a moved
    paragraph). ``weak``: linked for its position, its similarity below that of a
    confident link; what it renders is not counted as covered.
    """

    ref: tuple[int, ...]
    var: tuple[int, ...]
    similarity: float | None
    moved: bool = False
    weak: bool = False


@dataclass(frozen=True)
class Alignment:
    """The sentence alignment of one version (``var``) against another (``ref``)."""

    ref: str  # document ids
    var: str
    relation: Relation
    coverage: float  # share of the reference's text that the variant renders
    pairs: tuple[AlignedPair, ...]


@dataclass(frozen=True)
class Story:
    """Versions of one story; each non-reference version is aligned with its parent.

    ``edges`` lists ``(parent, child)`` document ids: the tree along which
    versions are compared, rooted at ``reference``.
    """

    id: str
    documents: tuple[str, ...]
    reference: str
    edges: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Site:
    """The aligned pair a finding was made on: its alignment's two documents and each side's sentence indices.

    One side is empty for a sentence without counterpart (an omission, an insertion). Stamped by the detector,
    so the report and consensus read where a finding comes from instead of working it out from offsets.
    """

    ref: str
    var: str
    ref_sentences: tuple[int, ...]
    var_sentences: tuple[int, ...]

    def sentences(self, doc: str) -> tuple[int, ...]:
        """The sentences of ``doc``'s side (none where ``doc`` is on neither side)."""
        return self.ref_sentences if doc == self.ref else self.var_sentences if doc == self.var else ()


@dataclass(frozen=True)
class Finding:
    """One divergence, like a linter message: a rule, a place, and what it is set against."""

    rule: str
    name: str
    category: Category
    severity: Severity
    doc: str
    start: int
    end: int
    text: str
    message: str
    against: str | None = None
    counterpart: str | None = None
    counterpart_start: int | None = None
    counterpart_end: int | None = None
    story: str | None = None
    agreeing: tuple[str, ...] = ()  # other versions whose rendering sides with the counterpart (consensus)
    fingerprint: str = ""
    site: Site | None = None  # the aligned pair it was made on; None for a finding on a document alone

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.doc, self.start, self.end, self.rule)


@dataclass(frozen=True)
class StageFailure:
    """An unexpected exception in a stage or rule for one document: reported on it, never fatal to the run."""

    doc: str
    stage: str  # "segment", "align", "rule DR201" ...
    error: str  # the exception, one line

    @property
    def message(self) -> str:
        return f"internal error in {self.stage}: {self.error} (please report it)"


@dataclass(frozen=True)
class Signature:
    """What produced a report, so that two reports can be compared honestly (as sacrebleu does)."""

    drift_version: str
    model: str
    segmenter: str
    thresholds: dict[str, float]
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BaselineSummary:
    """How a run's findings compare with a file of accepted findings (``drift check --baseline``)."""

    path: str
    matched: int  # findings the baseline accepts: not reported
    new: int  # findings not in the baseline: the ones reported
    stale: int  # baseline entries no longer found: fixed, or changed beyond recognition


@dataclass(frozen=True, eq=False)
class Report:
    """Everything one run found: the input, its stories, alignments and findings.

    ``context`` holds the ids of documents read only to compare others with
    (``--corpus``, or files unchanged under ``--changed-since``): they are
    grouped and aligned like the rest, but no finding on them is reported.
    """

    signature: Signature
    documents: tuple[Document, ...]
    articles: dict[str, Article]
    stories: tuple[Story, ...]
    alignments: tuple[Alignment, ...]
    findings: tuple[Finding, ...]
    ignored_paths: tuple[str, ...] = ()
    excluded_paths: tuple[str, ...] = ()  # paths the configuration's ``exclude`` patterns left out
    context: frozenset[str] = frozenset()
    baseline: BaselineSummary | None = None
    notes: tuple[str, ...] = ()  # warnings about the input that did not stop it being checked (duplicate ids)
