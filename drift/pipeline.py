"""The stages wired together: inputs in, a ``Report`` out. No printing, no exiting.

Each stage is a function over a batch of records (see its module), so the same
functions can run per shard under a dataflow engine; this module runs them in
one process, in order:

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
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import numpy as np

from drift.align import align_articles
from drift.clean import CorpusProfile, clean_documents, profile_corpus
from drift.detect import Detector, alignments_by_story, encoder_similarity
from drift.embed import Encoder, embed_articles
from drift.encoders import pick_encoder, reads
from drift.errors import InputError, UsageError, describe
from drift.group import group_stories
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
from drift.thresholds import CleanParams, Thresholds, thresholds_for
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


# -- a corpus ---------------------------------------------------------------------------------------------


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
    """Read, clean, segment, embed, group, align and check a corpus (``results``: reuse earlier runs' work)."""
    options = options or RunOptions()
    progress = progress or _quiet
    results = results or ResultCache(None)

    def language_of(text: str) -> str | None:
        return results.memo("language", lambda: (text,), lambda: detect_language(text))

    default = Model.of(encoder, options.thresholds)
    corpus = read_corpus(inputs, stdin=stdin, max_bytes=options.max_bytes, exclude=options.exclude)
    extra = read_corpus(options.context, max_bytes=options.max_bytes, exclude=options.exclude)
    documents, context = _with_context(corpus.documents, extra.documents, options.report_only)
    progress("read", len(documents), len(documents))
    clean = default.thresholds.clean
    profile = profile_corpus(documents, clean)
    failures: list[StageFailure] = []
    articles = _each_document(
        "segment",
        [document for document in documents if document.ok],
        lambda batch: prepare(batch, profile, clean, language_of=language_of),
        failures,
    )
    articles, oversize = within(articles, options.max_sentences)
    progress("segment", len(articles), len(articles))
    if options.reference is not None and not any(_matches(article, options.reference) for article in articles):
        raise UsageError(f"--reference {options.reference}: no readable document has this id or path")
    reference = next((a.id for a in articles if options.reference and _matches(a, options.reference)), None)
    multilingual = pick_encoder(encoder, options.multilingual, [a.language for a in articles if a.sentences])
    other = Model.of(multilingual)  # across languages (the default model's encoder when it reads them all)
    if multilingual is encoder:  # one language the default encoder reads: one encoder for everything
        vectors = embed_articles(articles, encoder)
        group_vectors, group_params = vectors, default.thresholds.group
    else:  # texts the default encoder cannot read: group in the multilingual space, English pairs by the default
        group_vectors = embed_articles(articles, multilingual)
        group_params = other.thresholds.group
        vectors = embed_articles([a for a in articles if reads(encoder, a.language)], encoder)
    if options.max_versions is not None:
        group_params = replace(group_params, max_versions=options.max_versions)
    progress("embed", len(articles), len(articles))
    by_id = {article.id: article for article in articles}
    digests = _Digests(by_id)
    stories = results.memo(
        "stories",
        lambda: (
            [digests[article.id] for article in articles],
            group_params,
            reference,
            (multilingual.signature, encoder.signature),
        ),
        lambda: group_stories(articles, group_vectors, group_params, reference=reference),
        dump_stories,
        load_stories,
    )
    oversize.update(left_out(articles, stories, group_params.max_versions))
    alignments: list[Alignment] = []
    edge_models: dict[tuple[str, str], _EdgeModel] = {}
    default_edge, other_edge = _EdgeModel(default, vectors), _EdgeModel(other, group_vectors)
    edges = [edge for story in stories for edge in story.edges]
    for done, (parent, child) in enumerate(edges, start=1):
        ref, var = by_id[parent], by_id[child]
        both_read = reads(encoder, ref.language) and reads(encoder, var.language)
        edge_models[(parent, child)] = edge = default_edge if both_read else other_edge
        try:
            alignments.append(_align_edge(ref, var, edge, results))
        except Exception as error:  # a bug on one edge: report it on the version, align the others
            failures.append(StageFailure(child, "align", describe(error)))
        progress("align", done, len(edges))
    detector = build_detector(default.thresholds, options.selection)
    alone = {doc: article for doc, article in by_id.items() if doc not in oversize}
    findings: list[Finding] = detector.outside_stories(stories, alone, failures)
    for story, story_alignments in zip(stories, alignments_by_story(stories, alignments).values(), strict=True):
        findings.extend(
            _check_story(detector, story, story_alignments, by_id, digests, edge_models, encoder, results, failures)
        )
    settled = detector.settle(findings, by_id)
    if context:
        settled = tuple(finding for finding in settled if finding.doc not in context)
    progress("detect", len(alignments), len(alignments))
    return Report(
        signature=report_signature(
            default, None if multilingual is encoder else multilingual, options.extra_signature, detector
        ),
        documents=mark_unchecked(with_failures(documents, failures), by_id, oversize),
        articles=by_id,
        stories=stories,
        alignments=tuple(alignments),
        findings=settled,
        ignored_paths=corpus.ignored + extra.ignored,
        excluded_paths=corpus.excluded + extra.excluded,
        context=context,
        notes=duplicate_ids(documents),
    )


def _each_document(
    stage: str,
    documents: Sequence[Document],
    process: Callable[[Sequence[Document]], list[Article]],
    failures: list[StageFailure],
) -> list[Article]:
    """``process`` over the documents one by one: one that makes the stage raise is a failure, the rest go on."""
    articles: list[Article] = []
    for document in documents:
        try:
            articles.extend(process([document]))
        except Exception as error:
            failures.append(StageFailure(document.id, stage, describe(error)))
    return articles


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
