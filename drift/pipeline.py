"""The stages wired together: inputs in, a ``Report`` out. No printing, no exiting.

ingest → clean (corpus profile, then per document) → segment → embed → group →
align (along each story's tree) → detect.

Every command goes through the same stage functions: ``prepare`` (clean and
segment), the encoder picked by ``drift.encoders`` and resolved with its
thresholds once (``Model``), ``align_pair``, ``build_detector`` and
``report_signature``. ``run`` wires them for a corpus (``drift check``,
``drift report``), ``align_two`` and ``compare_documents`` for two documents
(``drift align``, ``drift diff``); ``drift pairs`` batches sentence pairs
through the same stage modules (``drift.pairs``). Whether anything was checked
is decided once, in ``drift.statuses.require_checked``.

A corpus is checked by ``check_corpus`` with an ``Engine`` for the stages that
take a batch or a story and read nothing else: ``segment_documents`` (a batch
of documents), ``embed_batch`` (a batch of articles) and ``check_story`` (align
one story's edges, run the rules over it). The steps over the whole corpus run
where ``check_corpus`` runs: reading, the corpus profile, the choice of
encoders, grouping, the findings outside stories and settling. ``run`` is
``check_corpus`` with the ``LocalEngine`` (the stages in this process, in
order); ``drift.engine_ray`` runs the same stages on Ray Data.

With a ``ResultCache`` (``drift.results``), the language of each text, the
stories, each alignment and each story's findings are read back when nothing
they depend on changed; without one, everything is computed.

Context documents (``RunOptions.context``, and inputs outside
``RunOptions.report_only``) go through every stage, so that the documents
checked are compared with them, but their own findings are dropped: a
pre-commit hook checks the changed files against the rest of the corpus.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Protocol

import numpy as np

from drift.align import align_articles
from drift.clean import CorpusProfile, clean_documents, profile_corpus
from drift.detect import Detector, encoder_similarity
from drift.embed import Encoder, embed_articles
from drift.encoders import Encoders, pick_encoder, reads
from drift.errors import InputError, UsageError, describe
from drift.group import group_stories, with_wording_partners
from drift.ingest import DEFAULT_MAX_BYTES, STDIN_PATH, PathFilter, read_corpus
from drift.language import detect_language
from drift.normalize import comparable
from drift.pairmodel import load_pair_model
from drift.records import (
    Alignment,
    Article,
    Block,
    BlockKind,
    Document,
    Finding,
    Report,
    Sentence,
    Signature,
    StageFailure,
    Story,
)
from drift.results import (
    ResultCache,
    article_digest,
    dump_alignment,
    dump_findings,
    dump_stories,
    load_alignment,
    load_findings,
    load_stories,
)
from drift.rules import RuleSelection
from drift.segment import SEGMENTER_NAME, segment_articles
from drift.statuses import duplicate_ids, left_out, mark_unchecked, with_failures, within
from drift.thresholds import CleanParams, GroupParams, Thresholds, thresholds_for
from drift.version import __version__

DEFAULT_MAX_SENTENCES = 2000
"""Documents with more sentences are refused: a long-form article has a few hundred; alignment grows with the
product of two versions' lengths, and a 1 MB dump of 12,000 sentences took minutes."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; the CLI draws a bar from it."""


@dataclass(frozen=True)
class RunOptions:
    """What a run is asked to do, beyond which files to read."""

    reference: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_sentences: int = DEFAULT_MAX_SENTENCES
    max_versions: int | None = None  # versions of one story checked (None: ``GroupParams.max_versions``)
    thresholds: Thresholds | None = None  # None: calibrated for the encoder
    multilingual: Encoder | None = None  # for corpora whose documents are not all in the encoder's language
    selection: RuleSelection = field(default_factory=RuleSelection)
    extra_signature: dict[str, str] = field(default_factory=dict)
    exclude: PathFilter = field(default_factory=PathFilter)
    context: tuple[str, ...] = ()  # more inputs, read and compared with but never reported
    report_only: Collection[str] | None = None  # real paths of the files to report on; None: every input


@dataclass(frozen=True)
class Model:
    """An encoder and the thresholds calibrated for it, resolved once: what the stages after embedding read."""

    encoder: Encoder
    thresholds: Thresholds

    @classmethod
    def of(cls, encoder: Encoder, thresholds: Thresholds | None = None) -> Model:
        """``encoder`` with ``thresholds`` (None: those calibrated for its family, ``drift.thresholds``)."""
        return cls(encoder, thresholds or thresholds_for(encoder.family))


# -- the stages as every command wires them ----------------------------------------------------------------


def prepare(
    documents: Sequence[Document],
    profile: CorpusProfile,
    params: CleanParams,
    *,
    language_of: Callable[[str], str | None] = detect_language,
    presegmented: bool = False,
) -> list[Article]:
    """Clean and segment: documents into articles of sentences (``presegmented``: one sentence per line)."""
    articles = clean_documents(documents, profile, params, language_of=language_of)
    return [_presegmented(article) for article in articles] if presegmented else segment_articles(articles)


def align_pair(ref: Article, var: Article, vectors: Mapping[str, np.ndarray], model: Model) -> Alignment:
    """Align a version with the one it renders, with the model's parameters and encoder (its fine step)."""
    return align_articles(
        ref,
        var,
        vectors[ref.id],
        vectors[var.id],
        params=model.thresholds.align,
        rendering_coverage=model.thresholds.rendering_coverage,
        encode=model.encoder.encode,
    )


def build_detector(thresholds: Thresholds, selection: RuleSelection | None = None) -> Detector:
    """The detect stage: the thresholds' parameters, the selected rules (None: all) and the pair model."""
    return Detector(thresholds.detect, selection or RuleSelection(), judge=load_pair_model())


def report_signature(model: Model, other: Encoder | None, options: Mapping[str, str], detector: Detector) -> Signature:
    """What produced a report: drift's version, the encoder(s), the segmenter, the thresholds, the options.

    As sacrebleu's signature carries every setting that moves the score: a digest of all the thresholds, the
    rule selection with its severity overrides, and the pair model, beside the headline numbers."""
    settings = {"thresholds_digest": model.thresholds.digest(), "rules": detector.selection.describe()}
    if detector.judge is not None:
        settings["pair_model"] = detector.judge.signature
    return Signature(
        drift_version=__version__,
        model=model.encoder.signature + (f"; {other.signature} for texts not in English" if other is not None else ""),
        segmenter=SEGMENTER_NAME,
        thresholds=model.thresholds.as_dict(),
        options=settings | dict(options),
    )


# -- a corpus: the stages each engine runs, and the steps over the whole corpus -----------------------------


@dataclass(frozen=True)
class Segmented:
    """A batch of documents cleaned and segmented: their articles, and what failed on the others."""

    articles: tuple[Article, ...]
    failures: tuple[StageFailure, ...] = ()

    @classmethod
    def joined(cls, parts: Iterable[Segmented]) -> Segmented:
        """The batches' articles and failures, in the order given."""
        batches = list(parts)
        return cls(
            tuple(article for part in batches for article in part.articles),
            tuple(failure for part in batches for failure in part.failures),
        )


def segment_documents(
    documents: Sequence[Document],
    profile: CorpusProfile,
    params: CleanParams,
    *,
    language_of: Callable[[str], str | None] = detect_language,
) -> Segmented:
    """``prepare`` over a batch, document by document: one that makes the stage raise is a failure, the rest go on."""
    articles: list[Article] = []
    failures: list[StageFailure] = []
    for document in documents:
        try:
            articles.extend(prepare([document], profile, params, language_of=language_of))
        except Exception as error:
            failures.append(StageFailure(document.id, "segment", describe(error)))
    return Segmented(tuple(articles), tuple(failures))


@dataclass(frozen=True)
class Vectors:
    """Sentence vectors by article id: by the default encoder (the texts it reads), and in the space stories are
    grouped in (the multilingual encoder's when the corpus needs it, else the same vectors). A crawl's article
    that shares no wording with another has none (``group.with_wording_partners``)."""

    own: Mapping[str, np.ndarray]
    grouping: Mapping[str, np.ndarray]

    def of(self, ids: Iterable[str]) -> Vectors:
        """The vectors of these articles only: what a batch or a story sends along."""
        wanted = list(ids)
        own = {doc: self.own[doc] for doc in wanted if doc in self.own}
        grouping = {doc: self.grouping[doc] for doc in wanted if doc in self.grouping}
        return Vectors(own, own if self.grouping is self.own else grouping)

    @classmethod
    def joined(cls, parts: Iterable[Vectors]) -> Vectors:
        """The batches' vectors in one mapping each (a later batch wins an id, as one batch's later article does)."""
        own: dict[str, np.ndarray] = {}
        grouping: dict[str, np.ndarray] = {}
        shared = True
        for part in parts:
            own.update(part.own)
            grouping.update(part.grouping)
            shared = shared and part.grouping is part.own
        return cls(own, own if shared else grouping)


def embed_batch(articles: Sequence[Article], encoder: Encoder, multilingual: Encoder | None) -> Vectors:
    """Embed a batch of articles; with ``multilingual`` (a corpus the default encoder cannot read whole), group in
    its space and keep the default encoder's vectors for the texts it reads (English pairs are aligned with them)."""
    if multilingual is None:
        vectors = embed_articles(articles, encoder)
        return Vectors(vectors, vectors)
    grouping = embed_articles(articles, multilingual)
    return Vectors(embed_articles([a for a in articles if reads(encoder, a.language)], encoder), grouping)


@dataclass(frozen=True)
class Checker:
    """What checks a story: the model of its edges in one language and across languages, and the detector."""

    default: Model
    other: Model  # across languages: the multilingual encoder's, or the default encoder's when it reads them all
    detector: Detector


@dataclass(frozen=True)
class CheckSettings:
    """What a run decides for every story's check, small enough to send to a worker that loads its own models."""

    thresholds: Thresholds | None  # None: calibrated for the encoder
    selection: RuleSelection
    across_languages: bool  # the corpus needs the multilingual encoder

    def checker(self, encoders: Encoders) -> Checker:
        """The checker these settings make of ``encoders`` (models and the pair model load on first use)."""
        default = Model.of(encoders.default, self.thresholds)
        other = encoders.multilingual if self.across_languages and encoders.multilingual else encoders.default
        return Checker(default, Model.of(other), build_detector(default.thresholds, self.selection))


@dataclass(frozen=True)
class StoryInput:
    """One story and all that its check reads: its versions, their vectors and the digests already known."""

    story: Story
    articles: Mapping[str, Article]
    vectors: Vectors
    digests: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, story: Story, articles: Mapping[str, Article], vectors: Vectors, digests: Mapping[str, str]
    ) -> StoryInput:
        """The story's share of the corpus' articles, vectors and the digests computed so far (none computed here)."""
        return cls(
            story,
            {doc: articles[doc] for doc in story.documents},
            vectors.of(story.documents),
            {doc: digests[doc] for doc in story.documents if doc in digests},
        )

    @property
    def edges(self) -> int:
        """Alignments the story asks for: what progress counts."""
        return len(self.story.edges)


@dataclass(frozen=True)
class StoryResult:
    """A story checked: its alignments, its findings before they are settled, and what failed on its versions."""

    alignments: tuple[Alignment, ...]
    findings: tuple[Finding, ...]
    failures: tuple[StageFailure, ...]


def group_corpus(
    articles: Sequence[Article],
    vectors: Vectors,
    params: GroupParams,
    reference: str | None,
    encoders: tuple[Encoder, Encoder],
    digests: Mapping[str, str],
    results: ResultCache,
) -> tuple[Story, ...]:
    """The stories of the corpus (``group_stories``, which reads every article's vectors: never per batch), read
    back when no article, parameter, pinned reference nor encoder (the grouping one, the default) changed."""
    return results.memo(
        "stories",
        lambda: (
            [digests[article.id] for article in articles],
            params,
            reference,
            tuple(encoder.signature for encoder in encoders),
        ),
        lambda: group_stories(articles, vectors.grouping, params, reference=reference),
        dump_stories,
        load_stories,
    )


def check_story(job: StoryInput, checker: Checker, results: ResultCache) -> StoryResult:
    """Align the story's edges along its tree, then run the rules over it: nothing outside the story is read."""
    articles = job.articles
    failures: list[StageFailure] = []
    digests = _Digests(articles)
    digests.update(job.digests)
    default_edge = _EdgeModel(checker.default, job.vectors.own)
    other_edge = _EdgeModel(checker.other, job.vectors.grouping)  # across languages
    alignments: list[Alignment] = []
    edge_models: dict[tuple[str, str], _EdgeModel] = {}
    encoder = checker.default.encoder
    for parent, child in job.story.edges:
        ref, var = articles[parent], articles[child]
        both_read = reads(encoder, ref.language) and reads(encoder, var.language)
        edge_models[(parent, child)] = edge = default_edge if both_read else other_edge
        try:
            alignments.append(_align_edge(ref, var, edge, results))
        except Exception as error:  # a bug on one edge: report it on the version, align the others
            failures.append(StageFailure(child, "align", describe(error)))
    findings = _check_story(
        checker.detector, job.story, alignments, articles, digests, edge_models, encoder, results, failures
    )
    return StoryResult(tuple(alignments), tuple(findings), tuple(failures))


class Engine(Protocol):
    """Where the per-batch and per-story stages run: in this process (``LocalEngine``) or on a cluster
    (``drift.engine_ray``). Results come back in the order of their inputs."""

    def segment(self, documents: Sequence[Document], profile: CorpusProfile, params: CleanParams) -> Segmented: ...

    def embed(self, articles: Sequence[Article], across_languages: bool) -> Vectors: ...

    def check(self, stories: Sequence[StoryInput], settings: CheckSettings) -> list[StoryResult]: ...


@dataclass(frozen=True)
class LocalEngine:
    """The stages in this process, in order, with the result cache for languages, alignments and findings."""

    encoders: Encoders
    results: ResultCache
    progress: Progress

    def _language(self, text: str) -> str | None:
        return self.results.memo("language", lambda: (text,), lambda: detect_language(text))

    def segment(self, documents: Sequence[Document], profile: CorpusProfile, params: CleanParams) -> Segmented:
        return segment_documents(documents, profile, params, language_of=self._language)

    def embed(self, articles: Sequence[Article], across_languages: bool) -> Vectors:
        return embed_batch(articles, self.encoders.default, self.encoders.multilingual if across_languages else None)

    def check(self, stories: Sequence[StoryInput], settings: CheckSettings) -> list[StoryResult]:
        checker = settings.checker(self.encoders)
        total, done = sum(job.edges for job in stories), 0
        checked: list[StoryResult] = []
        for job in stories:
            checked.append(check_story(job, checker, self.results))
            if job.edges:  # a singleton moves nothing: a crawl's 90,000 would repeat one figure
                done += job.edges
                self.progress("align", done, total)
        if not total:
            self.progress("align", 0, 0)
        return checked


@dataclass(frozen=True)
class _EdgeModel:
    """What an edge is aligned with: the default model, or the multilingual one across languages."""

    model: Model
    vectors: Mapping[str, np.ndarray]


def _align_edge(ref: Article, var: Article, edge: _EdgeModel, results: ResultCache) -> Alignment:
    """``align_pair`` for one edge; the alignment depends on the sentences' text, not the documents' ids."""
    params, rendering_coverage = edge.model.thresholds.align, edge.model.thresholds.rendering_coverage
    return results.memo(
        "alignment",
        lambda: (
            [s.norm for s in ref.sentences],
            ref.language,
            [s.norm for s in var.sentences],
            var.language,
            params,
            rendering_coverage,
            edge.model.encoder.signature,
        ),
        lambda: align_pair(ref, var, edge.vectors, edge.model),
        dump_alignment,
        load_alignment(ref.id, var.id),
    )


def _check_story(
    detector: Detector,
    story: Story,
    alignments: Sequence[Alignment],
    articles: Mapping[str, Article],
    digests: Mapping[str, str],
    edge_models: Mapping[tuple[str, str], _EdgeModel],
    encoder: Encoder,
    results: ResultCache,
    failures: list[StageFailure],
) -> list[Finding]:
    """The rules over one story: its articles and alignments are all its findings depend on.

    Findings of a story on which a rule failed are not kept in the cache: the next run reports the failure again.
    """
    similarities = {(a.ref, a.var): encoder_similarity(edge_models[(a.ref, a.var)].model.encoder) for a in alignments}
    before = len(failures)
    return results.memo(
        "findings",
        lambda: (
            story,
            [digests[doc] for doc in story.documents],
            [
                (a.ref, a.var, dump_alignment(a), edge_models[(a.ref, a.var)].model.encoder.signature)
                for a in alignments
            ],
            detector.params,
            detector.selection,
            detector.judge.signature if detector.judge else None,
            encoder.signature,
        ),
        lambda: detector.story_findings(
            story,
            alignments,
            articles,
            encoder_similarity(encoder),
            similarity_of=lambda alignment: similarities[(alignment.ref, alignment.var)],
            failures=failures,
        ),
        dump_findings,
        load_findings,
        keep=lambda _: len(failures) == before,
    )


class _Digests(dict[str, str]):
    """Article digests (``drift.results.article_digest``), computed when a cache key first needs one."""

    def __init__(self, articles: Mapping[str, Article]):
        super().__init__()
        self._articles = articles

    def __missing__(self, doc_id: str) -> str:
        value = self[doc_id] = article_digest(self._articles[doc_id])
        return value


def _quiet(stage: str, done: int, total: int) -> None:
    """The default progress callback: report nothing."""


def run(
    inputs: Sequence[str],
    encoder: Encoder,
    options: RunOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    results: ResultCache | None = None,
) -> Report:
    """Read, clean, segment, embed, group, align and check a corpus in this process (``results``: reuse earlier
    runs' work); ``options.multilingual`` takes over the texts ``encoder`` cannot read."""
    options = options or RunOptions()
    progress = progress or _quiet
    results = results or ResultCache(None)
    encoders = Encoders(encoder, options.multilingual)
    engine = LocalEngine(encoders, results, progress)
    return check_corpus(inputs, encoders, options, engine, stdin=stdin, progress=progress, results=results)


def check_corpus(
    inputs: Sequence[str],
    encoders: Encoders,
    options: RunOptions,
    engine: Engine,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    results: ResultCache,
) -> Report:
    """``run`` with the per-batch and per-story stages on ``engine``; the steps over the whole corpus (reading,
    the corpus profile, the choice of encoders, grouping, findings outside stories, settling) run here.

    ``results`` is read here for the stories; the engine keeps its own (or none) for what it computes."""
    progress = progress or _quiet
    encoder = encoders.default
    default = Model.of(encoder, options.thresholds)
    corpus = read_corpus(inputs, stdin=stdin, max_bytes=options.max_bytes, exclude=options.exclude)
    extra = read_corpus(options.context, max_bytes=options.max_bytes, exclude=options.exclude)
    documents, context = _with_context(corpus.documents, extra.documents, options.report_only)
    progress("read", len(documents), len(documents))
    clean = default.thresholds.clean
    profile = profile_corpus(documents, clean)
    segmented = engine.segment([document for document in documents if document.ok], profile, clean)
    failures: list[StageFailure] = list(segmented.failures)
    articles, oversize = within(list(segmented.articles), options.max_sentences)
    progress("segment", len(articles), len(articles))
    if options.reference is not None and not any(_matches(article, options.reference) for article in articles):
        raise UsageError(f"--reference {options.reference}: no readable document has this id or path")
    reference = next((a.id for a in articles if options.reference and _matches(a, options.reference)), None)
    multilingual = pick_encoder(encoder, encoders.multilingual, [a.language for a in articles if a.sentences])
    across_languages = multilingual is not encoder  # else one encoder for everything
    group_params = (Model.of(multilingual) if across_languages else default).thresholds.group
    if options.max_versions is not None:
        group_params = replace(group_params, max_versions=options.max_versions)
    # A crawl embeds only the articles that share wording with another: the rest are single versions.
    compared = (
        with_wording_partners(articles, group_params) if len(articles) >= group_params.wording_index_from else articles
    )
    vectors = engine.embed(compared, across_languages)
    progress("embed", len(articles), len(articles))
    by_id = {article.id: article for article in articles}
    digests = _Digests(by_id)
    stories = group_corpus(articles, vectors, group_params, reference, (multilingual, encoder), digests, results)
    oversize.update(left_out(articles, stories, group_params.max_versions))
    settings = CheckSettings(options.thresholds, options.selection, across_languages)
    detector = settings.checker(encoders).detector
    alone = {doc: article for doc, article in by_id.items() if doc not in oversize}
    findings: list[Finding] = detector.outside_stories(stories, alone, failures)
    checked = engine.check([StoryInput.of(story, by_id, vectors, digests) for story in stories], settings)
    alignments = tuple(alignment for result in checked for alignment in result.alignments)
    for result in checked:
        findings.extend(result.findings)
        failures.extend(result.failures)
    settled = detector.settle(findings, by_id)
    if context:
        settled = tuple(finding for finding in settled if finding.doc not in context)
    progress("detect", len(alignments), len(alignments))
    return Report(
        signature=report_signature(
            default, multilingual if across_languages else None, options.extra_signature, detector
        ),
        documents=mark_unchecked(with_failures(documents, failures), by_id, oversize),
        articles=by_id,
        stories=stories,
        alignments=alignments,
        findings=settled,
        ignored_paths=corpus.ignored + extra.ignored,
        excluded_paths=corpus.excluded + extra.excluded,
        context=context,
        notes=duplicate_ids(documents),
    )


def _identity(document: Document) -> tuple[str, str]:
    """The same file named twice (``data/a.txt``, ``./data/a.txt``) is one document."""
    if document.path == STDIN_PATH:
        return (STDIN_PATH, document.id)
    return (os.path.realpath(document.path), document.id[len(document.path) :])


def _corpus_order(document: Document) -> tuple[bool, tuple[str, ...], int]:
    if document.path == STDIN_PATH:
        return (True, (), document.line)
    return (False, Path(os.path.realpath(document.path)).parts, document.line)


def _with_context(
    checked: Sequence[Document], extra: Sequence[Document], report_only: Collection[str] | None
) -> tuple[tuple[Document, ...], frozenset[str]]:
    """All documents once each, and the ids of those only read for context.

    With context, documents are put in corpus order (by real path, as a walk
    of the whole corpus would read them), not in the order they were named: the
    order breaks ties when a story's reference is chosen, so a pre-commit hook
    given one changed file must see the corpus as a full run does.
    """
    seen = {_identity(document) for document in checked}
    documents = list(checked)
    context: set[str] = set()
    for document in extra:
        if _identity(document) not in seen:
            seen.add(_identity(document))
            documents.append(document)
            context.add(document.id)
    if context:
        documents.sort(key=_corpus_order)
    if report_only is not None:
        wanted = {os.path.realpath(path) for path in report_only}
        context.update(
            document.id
            for document in checked
            if document.path != STDIN_PATH and os.path.realpath(document.path) not in wanted
        )
    return tuple(documents), frozenset(context)


def _presegmented(article: Article) -> Article:
    """One sentence per physical line, as aligners' test sets are written: a blank line is an empty sentence.

    Gold alignments index lines, blank ones included; dropping them would shift every index after one.
    """
    view = article.document.view
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    position = 0
    lines = view.text.split("\n")
    if lines and not lines[-1].strip():
        lines.pop()  # the newline that ends the last line does not start another
    for line in lines:
        stripped = line.strip()
        first = position + len(line) - len(line.lstrip()) if stripped else position
        start, end = view.to_original(first, first + len(stripped))
        blocks.append(Block(first, first + len(stripped), stripped, BlockKind.BODY))
        sentences.append(
            Sentence(
                len(sentences), start, end, stripped, comparable(stripped), len(blocks) - 1, article.language, first
            )
        )
        position += len(line) + 1
    return replace(article, blocks=tuple(blocks), sentences=tuple(sentences))


# -- two documents ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentPair:
    """Two documents aligned directly, ``ref`` the reference, and the model that aligned them."""

    ref: Article
    var: Article
    alignment: Alignment
    model: Model


def align_two(
    ref_path: str,
    var_path: str,
    encoder: Encoder,
    *,
    multilingual: Encoder | None = None,
    presegmented: bool = False,
    command: str = "drift align",
) -> DocumentPair:
    """Align two documents directly, as ``drift align A B`` does: no grouping, A is the reference.

    The same stages as a corpus (``prepare``, ``align_pair``), the model picked
    once for the two documents' languages.
    """
    corpus = read_corpus([ref_path, var_path])
    documents = corpus.documents
    broken = [document for document in documents if not document.ok]
    if broken:
        raise InputError(f"{broken[0].path}: {broken[0].error}")
    if len(documents) != 2:
        raise UsageError(f"{command} takes two documents (a JSONL file with several records is not one document)")
    default = Model.of(encoder)
    articles = prepare(documents, CorpusProfile(), default.thresholds.clean, presegmented=presegmented)
    picked = pick_encoder(encoder, multilingual, [a.language for a in articles])
    model = default if picked is encoder else Model.of(picked)
    ref, var = articles
    return DocumentPair(ref, var, align_pair(ref, var, embed_articles(articles, model.encoder), model), model)


def align_documents(
    ref_path: str,
    var_path: str,
    encoder: Encoder,
    *,
    presegmented: bool = False,
    command: str = "drift align",
    multilingual: Encoder | None = None,
) -> tuple[Article, Article, Alignment]:
    """``align_two``'s articles and alignment."""
    pair = align_two(ref_path, var_path, encoder, multilingual=multilingual, presegmented=presegmented, command=command)
    return pair.ref, pair.var, pair.alignment


def compare_documents(
    ref_path: str,
    var_path: str,
    encoder: Encoder,
    *,
    selection: RuleSelection | None = None,
    multilingual: Encoder | None = None,
    presegmented: bool = False,
) -> Report:
    """Two documents as a one-story report, as ``drift diff A B`` shows them: A is the reference.

    No corpus and no grouping: B is aligned with A (``align_two``) and the
    selected rules (None: all) run over that one edge, with the model that
    aligned it, so the report reads like a corpus report.
    """
    pair = align_two(
        ref_path, var_path, encoder, multilingual=multilingual, presegmented=presegmented, command="drift diff"
    )
    ref, var = pair.ref, pair.var
    story = Story(id="story-1", documents=(ref.id, var.id), reference=ref.id, edges=((ref.id, var.id),))
    articles = {ref.id: ref, var.id: var}
    failures: list[StageFailure] = []
    detector = build_detector(pair.model.thresholds, selection)
    findings = detector.run(
        [story], [pair.alignment], articles, encoder_similarity(pair.model.encoder), failures=failures
    )
    return Report(
        signature=report_signature(pair.model, None, {"command": "diff"}, detector),
        documents=with_failures((ref.document, var.document), failures),
        articles=articles,
        stories=(story,),
        alignments=(pair.alignment,),
        findings=findings,
    )


def _matches(article: Article, wanted: str) -> bool:
    return wanted in (article.id, article.document.path)
