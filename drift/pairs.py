"""Scoring sentence pairs of a dataset: ``drift pairs FILE.jsonl``.

Each input line is ``{"id", "a", "b"}``: ``a`` a reference sentence or
passage, ``b`` its variant (a translation, a scraped copy). Each pair goes
through the same stages as a corpus (segmentation, embedding, alignment,
detection, with ``b`` a rendering of ``a``), in batches so the encoder sees
many sentences at once. The result per pair: a drift score in [0, 1] from the
calibrated pair model (``drift.scoring``), a label, and the findings, with
character spans into ``b``.

A malformed line never stops the run: it yields a ``PairProblem`` with its
line number, reported and counted by the caller; so does a pair on which
drift itself fails. ``score_batches`` hands the outcomes over batch by batch,
as they are scored; the CLI opens the file and writes the lines
(``line_record``) as they come.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from drift.align import align_articles
from drift.clean import body_only
from drift.detect import Detector, bead_texts, encoder_similarity
from drift.embed import Encoder, embed_articles
from drift.errors import describe
from drift.ingest import json_error
from drift.language import detect_language
from drift.pairmodel import PairModel, PairVerdict
from drift.records import Article, Category, Document, Finding, Severity, SourceFormat, Story, TextView
from drift.rules.base import RuleSelection
from drift.scoring import PairFeatures, length_change, word_change
from drift.segment import segment_articles
from drift.thresholds import Thresholds, thresholds_for


@dataclass(frozen=True)
class PairInput:
    line: int
    id: str
    a: str
    b: str


@dataclass(frozen=True)
class PairProblem:
    """A line that is not a pair: why, and where."""

    line: int
    id: str | None
    error: str


@dataclass(frozen=True)
class PairResult:
    line: int
    id: str
    score: float
    label: str  # "same" or "drift"
    findings: tuple[Finding, ...]
    features: PairFeatures | None = None  # what the score was computed from (for calibration)


MAX_LINE_BYTES = 1_000_000
"""A longer input line is refused unparsed: a pair is two sentences or passages, a megabyte is a dump."""

MAX_SIDE_CHARS = 20_000
"""A longer ``a`` or ``b`` is refused: a few pages of text; alignment cost grows with the product of the sides."""

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def read_pairs(lines: Iterable[str]) -> Iterator[PairInput | PairProblem]:
    """Parse JSONL lines (1-based numbering); blank lines are skipped, bad ones become problems."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if raw == _NOT_UTF8:
            yield PairProblem(number, None, "not UTF-8 text")
        elif len(raw) > MAX_LINE_BYTES:
            yield PairProblem(number, None, f"line too long: over {MAX_LINE_BYTES:,} characters (a pair, not a dump)")
        else:
            yield _pair(number, raw.rstrip("\r\n"))


def _pair(number: int, line: str) -> PairInput | PairProblem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return PairProblem(number, None, f"invalid JSON ({json_error(error)})")
    except RecursionError:
        return PairProblem(number, None, "invalid JSON (nested too deeply)")
    except ValueError as error:  # an integer longer than Python's digit limit
        return PairProblem(number, None, f"invalid JSON ({error})")
    if not isinstance(record, dict):
        return PairProblem(number, None, f"expected an object with id, a and b, got {_json_type(record)}")
    return pair_input(number, record)


def pair_input(number: int, record: dict[str, Any]) -> PairInput | PairProblem:
    """A record ``{"id", "a", "b"}`` as a pair, or why it is not one (``number``: its line, or its position)."""
    pair_id, id_problem = _pair_id(record)
    if pair_id is None:
        return PairProblem(number, None, id_problem or "invalid id")
    missing = [key for key in ("a", "b") if not isinstance(record.get(key), str) or not record[key].strip()]
    if missing:
        return PairProblem(number, pair_id, f"missing or empty {' and '.join(repr(k) for k in missing)} (strings)")
    for key in ("a", "b"):
        if _LONE_SURROGATE.search(record[key]):
            return PairProblem(number, pair_id, f"{key!r} holds a lone surrogate (\\ud800-\\udfff): not valid Unicode")
        if len(record[key]) > MAX_SIDE_CHARS:
            return PairProblem(
                number, pair_id, f"{key!r} too long: {len(record[key]):,} characters, over {MAX_SIDE_CHARS:,}"
            )
    return PairInput(number, pair_id, record["a"], record["b"])


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({json.dumps(value)})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    names: dict[type, str] = {list: "an array", str: "a string", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _pair_id(record: dict[str, object]) -> tuple[str | None, str | None]:
    """The record's id as text, or why it is not one: a string or an integer, never coerced from anything else."""
    if "id" not in record:
        return None, 'missing "id" (a string or an integer)'
    value = record["id"]
    if isinstance(value, str) and value.strip():
        if _LONE_SURROGATE.search(value):
            return None, '"id" holds a lone surrogate (\\ud800-\\udfff): not valid Unicode'
        return value, None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), None
    kind = "an empty string" if isinstance(value, str) else _json_type(value)
    return None, f'invalid "id": {kind}; an id is a string or an integer'


def _article(line: int, side: str, text: str) -> Article:
    document = Document(
        id=f"{line}:{side}",
        path=f"line {line}",
        format=SourceFormat.TXT,
        text=text,
        view=TextView(text),
        encoding="utf-8",
    )
    return body_only(document, detect_language(text))


def _pooled(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-9)


def score_pairs(
    pairs: Sequence[PairInput],
    encoder: Encoder,
    thresholds: Thresholds,
    selection: RuleSelection | None = None,
    judge: PairModel | None = None,
) -> list[PairResult]:
    """Score a batch of pairs; the encoder and the pair model (``judge``) are called once for all of them."""
    if not pairs:
        return []
    articles = segment_articles([_article(pair.line, side, getattr(pair, side)) for pair in pairs for side in "ab"])
    by_id = {article.id: article for article in articles}
    vectors = embed_articles(articles, encoder)
    stories, alignments = [], []
    for pair in pairs:
        ref, var = by_id[f"{pair.line}:a"], by_id[f"{pair.line}:b"]
        stories.append(Story(str(pair.line), (ref.id, var.id), ref.id, ((ref.id, var.id),)))
        # No fine step (encode=None): a pair's few sentences rarely need a joined span re-embedded, and
        # one encoder call per pair would cost more than all the other work of the batch.
        alignments.append(
            align_articles(
                ref, var, vectors[ref.id], vectors[var.id], params=thresholds.align, rendering_coverage=0.0, encode=None
            )
        )
    verdicts: dict[int, PairVerdict] = {}
    if judge is not None:  # every reading of the batch in one call: the rules' questions are answered from it
        beads = [text for a in alignments for text in bead_texts(by_id[a.ref], by_id[a.var], a).values()]
        read = [pair for pair in pairs if _english(by_id[f"{pair.line}:a"]) and _english(by_id[f"{pair.line}:b"])]
        readings = judge.verdicts([*beads, *((pair.a, pair.b) for pair in read)])
        verdicts = dict(zip((pair.line for pair in read), readings[len(beads) :], strict=True))
    detector = Detector(thresholds.detect, selection or RuleSelection(), judge=judge)
    findings = detector.run(stories, alignments, by_id, encoder_similarity(encoder))
    on_variant: dict[str, list[Finding]] = {}
    for finding in findings:
        on_variant.setdefault(finding.doc, []).append(finding)
    results = []
    for pair in pairs:
        ref, var = by_id[f"{pair.line}:a"], by_id[f"{pair.line}:b"]
        found = tuple(
            replace(f, message=f.message.replace(ref.id, "a").replace(var.id, "b"), against="a", doc="b")
            for f in on_variant.get(var.id, [])
            if f.category is not Category.BOILERPLATE
        )
        features = pair_features(ref, var, vectors[ref.id], vectors[var.id], found, verdicts.get(pair.line))
        score = thresholds.pair_model.probability(features.vector())
        # An error finding says the meaning changed: a label of "same" beside it would contradict the pair's own
        # findings, whatever the calibrated score (which ranks pairs; the label is a verdict).
        erred = any(f.severity is Severity.ERROR for f in found)
        label = "drift" if score >= thresholds.pair_threshold or erred else "same"
        results.append(PairResult(pair.line, pair.id, round(score, 4), label, found, features))
    return results


def _english(article: Article) -> bool:
    """Whether the pair model may read this side: English, or too short for the language to be told."""
    return article.language in ("en", None)


def _scored(
    pairs: Sequence[PairInput],
    encoder: Encoder,
    thresholds: Thresholds,
    selection: RuleSelection | None,
    judge: PairModel | None = None,
) -> dict[int, PairResult | PairProblem]:
    """Each pair's result by line; where scoring the batch fails (a bug in drift), each pair alone, and a pair
    that still fails is a problem on its line: one pair never costs the others."""
    try:
        return {result.line: result for result in score_pairs(pairs, encoder, thresholds, selection, judge)}
    except Exception:  # found again below, pair by pair
        pass
    results: dict[int, PairResult | PairProblem] = {}
    for pair in pairs:
        try:
            (results[pair.line],) = score_pairs([pair], encoder, thresholds, selection, judge)
        except Exception as error:
            results[pair.line] = PairProblem(
                pair.line, pair.id, f"internal error: {describe(error)} (please report it)"
            )
    return results


def pair_features(
    ref: Article,
    var: Article,
    ref_vectors: np.ndarray,
    var_vectors: np.ndarray,
    findings: Sequence[Finding],
    verdict: PairVerdict | None = None,
) -> PairFeatures:
    """The features of a scored pair: dissimilarity, words added and dropped, the rules' and the model's evidence,
    the change of length."""
    if len(ref_vectors) and len(var_vectors):
        dissimilarity = 1.0 - float(_pooled(ref_vectors) @ _pooled(var_vectors))
    else:
        dissimilarity = 1.0
    reference = " ".join(s.norm for s in ref.sentences)
    variant = " ".join(s.norm for s in var.sentences)
    added, dropped = word_change(reference, variant, ref.language, var.language)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    model = (verdict.drift, verdict.contradiction, verdict.added, verdict.dropped) if verdict else (0.0, 0.0, 0.0, 0.0)
    return PairFeatures(
        max(0.0, dissimilarity),
        added,
        dropped,
        min(errors, 3) / 3,
        min(warnings, 3) / 3,
        model,
        1.0 if verdict else 0.0,
        length_change(reference, variant, ref.language, var.language),
    )


def result_dict(result: PairResult, variant: str) -> dict[str, object]:
    """One output line: id, score, label, and findings with spans into ``b``."""
    return {
        "id": result.id,
        "score": result.score,
        "label": result.label,
        "findings": [
            {
                "rule": f.rule,
                "name": f.name,
                "category": f.category.value,
                "severity": f.severity.value,
                "start": f.start,
                "end": f.end,
                "text": variant[f.start : f.end],
                "counterpart": f.counterpart,
                "message": f.message,
            }
            for f in result.findings
        ],
    }


def line_record(item: PairInput | PairProblem, outcome: PairResult | PairProblem) -> dict[str, object]:
    """The line ``drift pairs`` writes for an input line: its result, or ``{"id", "line", "error"}``."""
    if isinstance(outcome, PairProblem):
        return {"id": outcome.id, "line": outcome.line, "error": outcome.error}
    assert isinstance(item, PairInput)
    return result_dict(outcome, item.b)


@dataclass
class PairsSummary:
    """What a ``drift pairs`` run did: counts, and the malformed lines (line, id, reason)."""

    scored: int = 0
    drift: int = 0
    problems: list[tuple[int, str | None, str]] = field(default_factory=list)

    def count(self, outcome: PairResult | PairProblem) -> None:
        if isinstance(outcome, PairProblem):
            self.problems.append((outcome.line, outcome.id, outcome.error))
        else:
            self.scored += 1
            self.drift += outcome.label == "drift"


def decode_lines(stream: Iterable[bytes]) -> Iterator[str]:
    """Decoded lines of a binary stream; a line that is not UTF-8 becomes a marker ``read_pairs`` reports."""
    for raw in stream:
        try:
            yield raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield _NOT_UTF8


_NOT_UTF8 = "\x00not utf-8\x00"


def score_batches(
    items: Iterable[PairInput | PairProblem],
    encoder: Encoder,
    *,
    batch_size: int = 256,
    thresholds: Thresholds | None = None,
    selection: RuleSelection | None = None,
    judge: PairModel | None = None,
) -> Iterator[list[tuple[PairInput | PairProblem, PairResult | PairProblem]]]:
    """Score parsed lines batch by batch, in order: each input line with its outcome, a batch as soon as it is
    scored (a stream's results are written as they come)."""
    thresholds = thresholds or thresholds_for(encoder.family)
    batch: list[PairInput | PairProblem] = []

    def scored() -> list[tuple[PairInput | PairProblem, PairResult | PairProblem]]:
        results = _scored(
            [item for item in batch if isinstance(item, PairInput)], encoder, thresholds, selection, judge
        )
        outcomes = [(item, results[item.line] if isinstance(item, PairInput) else item) for item in batch]
        batch.clear()
        return outcomes

    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield scored()
    if batch:
        yield scored()
