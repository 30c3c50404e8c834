"""The JSON report (version 1), the contract other tools read, and its JSON Lines variant.

Byte-identical for identical input and configuration: keys are sorted, floats
rounded, findings ordered by document, offset and rule, and nothing depends on
time or the machine.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from drift.records import AlignedPair, Alignment, Article, Finding, Report, Severity, span_text
from drift.version import __version__

SCHEMA_VERSION = 1


def _span(article: Article, indices: Sequence[int]) -> list[int] | None:
    if not indices:
        return None
    return [article.sentences[indices[0]].start, article.sentences[indices[-1]].end]


def _pair(pair: AlignedPair, ref: Article, var: Article) -> dict[str, Any]:
    return {
        "ref": _span(ref, pair.ref),
        "var": _span(var, pair.var),
        "ref_text": span_text(ref, pair.ref),
        "var_text": span_text(var, pair.var),
        "similarity": pair.similarity,
    }


def finding_dict(finding: Finding, report: Report) -> dict[str, Any]:
    document = report.articles[finding.doc].document if finding.doc in report.articles else None
    line, column = document.line_column(finding.start) if document is not None else (1, 1)
    end_line, end_column = document.line_column(finding.end) if document is not None else (line, column)
    return {
        "rule": finding.rule,
        "name": finding.name,
        "category": finding.category.value,
        "severity": finding.severity.value,
        "doc": finding.doc,
        "path": document.path if document is not None else finding.doc,
        "start": finding.start,
        "end": finding.end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "text": finding.text,
        "against": finding.against,
        "counterpart": finding.counterpart,
        "counterpart_span": (
            [finding.counterpart_start, finding.counterpart_end] if finding.counterpart_start is not None else None
        ),
        "story": finding.story,
        "agreeing": list(finding.agreeing),
        "message": finding.message,
        "fingerprint": finding.fingerprint,
    }


def summary(report: Report) -> dict[str, Any]:
    by_severity = Counter(finding.severity.value for finding in report.findings)
    by_category = Counter(finding.category.value for finding in report.findings)
    return {
        "documents": len(report.documents),
        "documents_ok": sum(1 for document in report.documents if document.ok),
        "documents_error": sum(1 for document in report.documents if not document.ok),
        "documents_context": len(report.context),
        "ignored_paths": list(report.ignored_paths),
        "excluded_paths": list(report.excluded_paths),
        "sentences": sum(len(article.sentences) for article in report.articles.values()),
        "stories": len(report.stories),
        "stories_with_versions": sum(1 for story in report.stories if len(story.documents) > 1),
        "alignments": len(report.alignments),
        "findings": len(report.findings),
        "by_severity": {severity.value: by_severity.get(severity.value, 0) for severity in reversed(Severity)},
        "by_category": dict(sorted(by_category.items())),
        "baseline": (
            {"matched": report.baseline.matched, "new": report.baseline.new, "stale": report.baseline.stale}
            if report.baseline is not None
            else None
        ),
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The version-1 JSON document as Python values."""
    documents = []
    for document in report.documents:
        article = report.articles.get(document.id)
        documents.append(
            {
                "id": document.id,
                "path": document.path,
                "format": document.format.value,
                "status": document.status.value,
                "error": document.error,
                "reported": document.id not in report.context,
                "encoding": document.encoding,
                "language": article.language if article is not None else None,
                "sentences": len(article.sentences) if article is not None else 0,
                "boilerplate": [list(span) for span in article.boilerplate_spans()] if article is not None else [],
            }
        )
    by_story: dict[str, list[dict[str, Any]]] = {}
    story_of = {doc: story.id for story in report.stories for doc in story.documents}
    for alignment in report.alignments:
        ref, var = report.articles[alignment.ref], report.articles[alignment.var]
        by_story.setdefault(story_of[alignment.var], []).append(
            {
                "ref": alignment.ref,
                "var": alignment.var,
                "relation": alignment.relation.value,
                "coverage": alignment.coverage,
                "pairs": [_pair(pair, ref, var) for pair in alignment.pairs],
            }
        )
    stories = [
        {
            "id": story.id,
            "documents": list(story.documents),
            "reference": story.reference,
            "alignments": by_story.get(story.id, []),
        }
        for story in report.stories
    ]
    signature = report.signature
    return {
        "drift_version": signature.drift_version,
        "schema_version": SCHEMA_VERSION,
        "signature": {
            "model": signature.model,
            "segmenter": signature.segmenter,
            "thresholds": signature.thresholds,
            **signature.options,
        },
        "documents": documents,
        "stories": stories,
        "findings": [finding_dict(finding, report) for finding in sorted(report.findings, key=Finding.sort_key)],
        "summary": summary(report),
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def render_json_lines(report: Report) -> str:
    """One finding per line, then one summary line: easy to grep and stream."""
    lines = [
        json_line({"type": "finding", **finding_dict(finding, report)}, sort_keys=True)
        for finding in sorted(report.findings, key=Finding.sort_key)
    ]
    lines.append(json_line({"type": "summary", **summary(report)}, sort_keys=True))
    return "\n".join(lines) + "\n"


def json_line(value: object, *, sort_keys: bool = False) -> str:
    """One JSON value on one line, whatever its strings hold (``json-lines``, ``drift pairs``).

    JSON allows U+0085 and U+2028/9 raw in strings, but line splitters (Python's ``splitlines``, editors) break
    lines on them: they are written escaped.
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys).translate(_LINE_BREAKS_IN_STRINGS)


_LINE_BREAKS_IN_STRINGS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def render_alignment(
    ref: Article, var: Article, alignment: Alignment, output_format: str, *, model: str | None = None
) -> str:
    """``drift align`` output: vecalign-style lines (``[0]:[0, 1]:0.912``) or a JSON document.

    ``model`` names the encoder that aligned the pair (the JSON says it when given).
    """
    if output_format == "text":
        return "".join(f"{list(pair.ref)}:{list(pair.var)}:{pair.similarity or 0.0:.4f}\n" for pair in alignment.pairs)
    document = {
        "drift_version": __version__,
        "ref": alignment.ref,
        "var": alignment.var,
        "relation": alignment.relation.value,
        "coverage": alignment.coverage,
        **({"model": model} if model is not None else {}),
        "ref_sentences": [{"start": s.start, "end": s.end, "text": s.text} for s in ref.sentences],
        "var_sentences": [{"start": s.start, "end": s.end, "text": s.text} for s in var.sentences],
        "pairs": [
            {
                "ref_sentences": list(pair.ref),
                "var_sentences": list(pair.var),
                "moved": pair.moved,
                "weak": pair.weak,
                **_pair(pair, ref, var),
            }
            for pair in alignment.pairs
        ],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
