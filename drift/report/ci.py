"""Renderings for continuous integration: concise lines, GitHub annotations, SARIF, JUnit, Markdown.

Each renderer takes a ``Report`` and the fail level (``--fail-on``) and returns
text, with no timestamp and nothing unordered, so the same run gives the same
bytes (SARIF and GitHub paths are made relative to a directory the caller
passes, the current one by default). Findings come in report order: by
document, offset and rule. Fields are taken from ``drift.report.machine``
(``finding_dict``, ``summary``), the JSON report's own, so every format says
the same thing.

Nothing is lost: every input document, readable or not, appears in every
format. Unreadable inputs are SARIF tool notifications, JUnit errors, GitHub
warnings and lines of their own in the concise and Markdown outputs.

Text from the corpus is untrusted: control characters are escaped wherever a
format or a terminal would misread them (XML forbids most of them outright).
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from drift.records import Document, Finding, Report, Severity, SourceFormat, Status
from drift.report.machine import finding_dict, render_json, render_json_lines, summary
from drift.rules import RULES, Rule
from drift.version import __version__

__all__ = [
    "GITHUB_ANNOTATION_LIMIT",
    "RENDERERS",
    "SARIF_SCHEMA_URI",
    "STEP_SUMMARY_LIMIT",
    "information_uri",
    "render_concise",
    "render_github",
    "render_junit",
    "render_markdown",
    "render_sarif",
    "sarif_log",
]

SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
GITHUB_ANNOTATION_LIMIT = 10
"""GitHub shows at most 10 error and 10 warning (and 10 notice) annotations per step, and drops the rest."""

STEP_SUMMARY_LIMIT = 1024 * 1024
"""GitHub refuses a job summary larger than 1 MiB."""

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_NEWLINES = re.compile(r"\r\n|[\r\n]")


def _sorted(report: Report) -> list[Finding]:
    return sorted(report.findings, key=Finding.sort_key)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _one_line(text: str) -> str:
    """Text for a line-oriented format: line breaks become spaces, control characters escapes."""
    return _CONTROL.sub(_escaped, _NEWLINES.sub(" ", text).replace("\t", " "))


def _plural(count: int, word: str, plural: str | None = None) -> str:
    if count == 1 or word == "info":
        return f"{count} {word}"
    return f"{count} {plural or word + 's'}"


def _counts(report: Report) -> str:
    by_severity = summary(report)["by_severity"]
    return ", ".join(_plural(by_severity[s.value], s.value) for s in reversed(Severity))


def _failing(findings: Iterable[Finding], fail_level: Severity) -> list[Finding]:
    return [finding for finding in findings if finding.severity >= fail_level]


def _document(report: Report, doc_id: str) -> Document | None:
    article = report.articles.get(doc_id)
    return article.document if article is not None else None


def _relative(path: str, base: str) -> str:
    """A path as CI tools want it: relative to the checkout (``base``), with forward slashes."""
    if path == "-":
        return path
    relative = os.path.relpath(os.path.abspath(path), base)
    return relative.replace(os.sep, "/")


def _outcome(report: Report, fail_level: Severity) -> str:
    """The closing sentence every human-facing format shares."""
    data = summary(report)
    failing = len(_failing(report.findings, fail_level))
    found = f"{_plural(data['findings'], 'finding')} ({_counts(report)})" if data["findings"] else "no findings"
    parts = [f"{found} in {_plural(data['documents'], 'document')}"]
    if data["documents_error"]:
        parts.append(f"{data['documents_error']} unreadable")
    if report.context:
        parts.append(f"{len(report.context)} read for context only")
    if report.baseline is not None:
        parts.append(
            f"{_plural(report.baseline.matched, 'finding')} accepted by the baseline"
            f" ({_plural(report.baseline.stale, 'stale entry', 'stale entries')})"
        )
    verdict = f"{failing or 'none'} at or above the fail level ({fail_level.value})"
    return "; ".join(parts) + f"; {verdict}"


# -- concise -----------------------------------------------------------------------------------------


def render_concise(report: Report, fail_level: Severity) -> str:
    """One line per finding, ``path:line:col: CODE [severity] message``, as compilers and ruff print them.

    Unreadable inputs follow as ``path:line:1: unreadable: reason``, then one
    summary line.
    """
    lines = []
    for finding in _sorted(report):
        data = finding_dict(finding, report)
        lines.append(
            f"{data['path']}:{data['line']}:{data['column']}: {finding.rule} [{finding.severity.value}] "
            f"{_one_line(finding.message)}"
        )
    for document in report.documents:
        if not document.ok:
            reason = _one_line(document.error or "")
            lines.append(f"{document.path}:{document.line}:1: {document.status.label}: {reason}")
    lines.append(f"drift: {_outcome(report, fail_level)}")
    return "\n".join(lines) + "\n"


# -- GitHub Actions ----------------------------------------------------------------------------------


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_command(command: str, message: str, **properties: str | int | None) -> str:
    shown = ",".join(f"{key}={_github_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{command}{' ' + shown if shown else ''}::{_github_data(message)}"


def _problem_title(document: Document) -> str:
    return "drift: unreadable input" if document.status is Status.ERROR else f"drift: {document.status.label}"


def render_github(report: Report, fail_level: Severity, *, step_summary: bool = False, cwd: str | None = None) -> str:
    """GitHub Actions workflow commands: one annotation per finding, up to GitHub's per-step limits.

    GitHub shows at most 10 errors, 10 warnings and 10 notices per step and
    drops the rest without a word, so drift emits no more than that (the first
    ones, in report order; unreadable inputs first among the warnings) and
    ends with a notice saying how many were left out and where to find them:
    the job summary (``step_summary``: the caller writes it) or another format.
    """
    base = os.path.abspath(cwd or os.getcwd())
    annotations: dict[str, list[str]] = {"error": [], "warning": [], "notice": []}
    for document in report.documents:
        if not document.ok:
            annotations["warning"].append(
                _github_command(
                    "warning",
                    f"{document.id}: {document.problem}",
                    file=_relative(document.path, base),
                    line=document.line if document.format is SourceFormat.JSONL else None,
                    title=_problem_title(document),
                )
            )
    for finding in _sorted(report):
        data = finding_dict(finding, report)
        located = _document(report, finding.doc)
        whole_line = located is None or located.format is SourceFormat.JSONL
        annotations[_GITHUB_COMMAND[finding.severity]].append(
            _github_command(
                _GITHUB_COMMAND[finding.severity],
                finding.message,
                file=_relative(data["path"], base),
                line=data["line"],
                col=None if whole_line else data["column"],
                endLine=data["end_line"],
                endColumn=None if whole_line else data["end_column"],
                title=f"{finding.rule} {finding.name}",
            )
        )
    total = sum(len(lines) for lines in annotations.values())
    shown = {kind: lines[:GITHUB_ANNOTATION_LIMIT] for kind, lines in annotations.items()}
    dropped = total - sum(len(lines) for lines in shown.values())
    if dropped:  # the closing notice takes one of the notices' places
        shown["notice"] = annotations["notice"][: GITHUB_ANNOTATION_LIMIT - 1]
        dropped = total - sum(len(lines) for lines in shown.values())
    lines = shown["error"] + shown["warning"] + shown["notice"]
    if dropped:
        where = "the job summary" if step_summary else "drift check -o markdown, -o sarif or -o json"
        lines.append(
            _github_command(
                "notice",
                f"drift: {dropped} of {total} annotations not shown (GitHub shows at most "
                f"{GITHUB_ANNOTATION_LIMIT} errors, {GITHUB_ANNOTATION_LIMIT} warnings and "
                f"{GITHUB_ANNOTATION_LIMIT} notices per step); see {where} for all of them",
                title="drift: more findings",
            )
        )
    return "".join(line + "\n" for line in lines)


# -- SARIF 2.1.0 -------------------------------------------------------------------------------------


def _region(document: Document | None, start: int, end: int, snippet: str | None) -> dict[str, Any]:
    """A SARIF region: the whole line for a JSONL record, else line, column and character span."""
    if document is None:
        return {"startLine": 1}
    line, column = document.line_column(start)
    region: dict[str, Any] = {"startLine": line}
    if document.format is not SourceFormat.JSONL:
        end_line, end_column = document.line_column(end)
        region.update(
            startColumn=column,
            endLine=end_line,
            endColumn=end_column,
            charOffset=start,
            charLength=max(0, end - start),
        )
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _artifact(path: str, base: str) -> dict[str, str]:
    return {"uri": quote(_relative(path, base), safe="/")}


def _rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule.explanation()},
        "help": {"text": rule.explanation()},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"category": rule.category.value, "tags": ["drift", rule.category.value]},
    }


def _sarif_result(finding: Finding, report: Report, rule_index: dict[str, int], base: str) -> dict[str, Any]:
    data = finding_dict(finding, report)
    document = _document(report, finding.doc)
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(data["path"], base),
                    "region": _region(document, finding.start, finding.end, finding.text),
                }
            }
        ],
        "properties": {"category": finding.category.value, "doc": finding.doc, "name": finding.name},
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    if finding.fingerprint:
        result["partialFingerprints"] = {"driftFingerprint/v1": finding.fingerprint}
    if finding.story is not None:
        result["properties"]["story"] = finding.story
    if report.baseline is not None:
        result["baselineState"] = "new"
    other = _document(report, finding.against) if finding.against is not None else None
    if other is not None and finding.counterpart_start is not None and finding.counterpart_end is not None:
        result["relatedLocations"] = [
            {
                "id": 1,
                "physicalLocation": {
                    "artifactLocation": _artifact(other.path, base),
                    "region": _region(other, finding.counterpart_start, finding.counterpart_end, finding.counterpart),
                },
                "message": {"text": f"the counterpart in {other.id}"},
            }
        ]
    return result


def _notification(document: Document, base: str) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": _artifact(document.path, base)}
    if document.format is SourceFormat.JSONL:
        location["region"] = {"startLine": document.line}
    return {
        "level": "error",
        "message": {"text": f"{document.id}: {document.problem}"},
        "descriptor": {"id": "unreadable-input" if document.status is Status.ERROR else document.status.value},
        "locations": [{"physicalLocation": location}],
    }


def information_uri() -> str | None:
    """drift's home page, as the installed package's metadata gives it (``[project.urls]``), if it does."""
    import importlib.metadata

    try:
        metadata = importlib.metadata.metadata("drift")
    except importlib.metadata.PackageNotFoundError:
        return None
    urls = dict(entry.split(", ", 1) for entry in metadata.get_all("Project-URL") or [] if ", " in entry)
    for label in ("Homepage", "homepage", "Repository", "Source", "Documentation"):
        if urls.get(label, "").startswith(("https://", "http://")):
            return urls[label]
    home = (metadata.get_all("Home-page") or [""])[0]
    return home if home.startswith(("https://", "http://")) else None


def sarif_log(report: Report, fail_level: Severity, *, cwd: str | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log as Python values (see ``render_sarif``)."""
    base = os.path.abspath(cwd or os.getcwd())
    rule_index = {rule.code: index for index, rule in enumerate(RULES)}
    signature = report.signature
    driver: dict[str, Any] = {
        "name": "drift",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule_descriptor(rule) for rule in RULES],
    }
    home = information_uri()
    if home is not None:  # none until pyproject.toml has a [project.urls] Homepage
        driver["informationUri"] = home
    run = {
        "tool": {"driver": driver},
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    _notification(document, base) for document in report.documents if not document.ok
                ],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(finding, report, rule_index, base) for finding in _sorted(report)],
        "properties": {
            "failOn": fail_level.value,
            "signature": {
                "model": signature.model,
                "segmenter": signature.segmenter,
                "thresholds": signature.thresholds,
                **signature.options,
            },
            "summary": summary(report),
        },
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(report: Report, fail_level: Severity, *, cwd: str | None = None) -> str:
    """A SARIF 2.1.0 log for code scanning: the rules, one result per finding, unreadable inputs as notifications.

    Artifact URIs are relative to ``cwd`` (the checkout root in CI). Columns
    count Unicode code points (``columnKind``), as drift's offsets do; a JSONL
    record's region is its whole line. ``partialFingerprints`` carries the
    finding's content fingerprint, so code scanning follows a finding across
    edits as a drift baseline does; ``relatedLocations`` points at the
    counterpart in the other version.
    """
    return json.dumps(sarif_log(report, fail_level, cwd=cwd), ensure_ascii=False, sort_keys=True, indent=2) + "\n"


# -- JUnit XML ---------------------------------------------------------------------------------------

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: the characters it forbids (most C0 controls, lone surrogates) escaped."""
    return _XML_INVALID.sub(_escaped, text)


def _finding_line(finding: Finding, report: Report) -> str:
    data = finding_dict(finding, report)
    return f"{data['line']}:{data['column']}: {finding.rule} [{finding.severity.value}] {_one_line(finding.message)}"


def render_junit(report: Report, fail_level: Severity) -> str:
    """JUnit XML for CI test panels: one test case per input document.

    A case fails when the document has findings at or above the fail level
    (listed in the ``failure``), errors when the document could not be read,
    and is skipped when the document was only read for context. Findings below
    the fail level go to ``system-out``. No times or timestamps: the output is
    deterministic.
    """
    story_of = {doc: story.id for story in report.stories for doc in story.documents}
    by_doc: dict[str, list[Finding]] = {}
    for finding in _sorted(report):
        by_doc.setdefault(finding.doc, []).append(finding)
    cases = []
    counts = Counter[str]()
    for document in report.documents:
        case = ET.Element(
            "testcase",
            {
                "classname": _xml(story_of.get(document.id, "unreadable" if not document.ok else "no-story")),
                "name": _xml(document.id),
                "file": _xml(document.path),
            },
        )
        findings = by_doc.get(document.id, [])
        failing = _failing(findings, fail_level)
        if not document.ok:
            counts["errors"] += 1
            kind = "unreadable" if document.status is Status.ERROR else document.status.value
            error = ET.SubElement(case, "error", {"type": kind, "message": _xml(document.error or "")})
            error.text = _xml(f"{document.id}: {document.problem}")
        elif document.id in report.context:
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", {"message": "read for context only: its findings are not reported"})
        elif failing:
            counts["failures"] += 1
            failure = ET.SubElement(
                case,
                "failure",
                {
                    "type": ",".join(sorted({finding.rule for finding in failing})),
                    "message": f"{_plural(len(failing), 'finding')} at or above {fail_level.value}",
                },
            )
            failure.text = _xml("\n".join(_finding_line(finding, report) for finding in failing))
        below = [finding for finding in findings if finding not in failing]
        if below:
            out = ET.SubElement(case, "system-out")
            out.text = _xml("\n".join(_finding_line(finding, report) for finding in below))
        cases.append(case)
    attributes = {
        "name": "drift",
        "tests": str(len(report.documents)),
        "failures": str(counts["failures"]),
        "errors": str(counts["errors"]),
        "skipped": str(counts["skipped"]),
    }
    root = ET.Element("testsuites", {key: value for key, value in attributes.items() if key != "skipped"})
    suite = ET.SubElement(root, "testsuite", attributes)
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("drift_version", report.signature.drift_version),
        ("model", report.signature.model),
        ("fail_on", fail_level.value),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": _xml(value)})
    suite.extend(cases)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# -- Markdown ----------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # with [ ] escaped, ( ) and ! cannot make a link


def _md(text: str) -> str:
    """Untrusted text for a Markdown table cell or heading: one line, nothing interpreted."""
    text = _one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_markdown(report: Report, fail_level: Severity, *, limit: int | None = None) -> str:
    """A job summary: a headline with counts, findings by category and severity, then by document.

    ``limit`` caps the size in UTF-8 bytes (GitHub refuses a job summary over
    1 MiB): documents that do not fit are left out and counted at the end.
    """
    data = summary(report)
    failing = _failing(report.findings, fail_level)
    mark = "❌" if failing else "✅"
    head = [
        f"## {mark} drift: {_counts(report)}",
        "",
        _md(_sentence(_outcome(report, fail_level))),
        "",
    ]
    if report.findings:
        head += ["| category | error | warning | info | total |", "|---|---:|---:|---:|---:|"]
        table = Counter((finding.category, finding.severity) for finding in report.findings)
        for category in sorted({finding.category for finding in report.findings}, key=lambda c: c.value):
            row = [table[(category, severity)] for severity in reversed(Severity)]
            head.append(f"| {category.value} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
        totals = [data["by_severity"][severity.value] for severity in reversed(Severity)]
        head.append("| **total** | " + " | ".join(f"**{n}**" for n in totals) + f" | **{sum(totals)}** |")
        head.append("")
    sections: list[tuple[list[str], int]] = []
    by_doc: dict[str, list[Finding]] = {}
    for finding in _sorted(report):
        by_doc.setdefault(finding.doc, []).append(finding)
    for doc_id, findings in by_doc.items():
        document = _document(report, doc_id)
        path = document.path if document is not None else doc_id
        title = _md(doc_id) if doc_id == path else f"{_md(doc_id)} ({_md(path)})"
        section = [f"### {title}", "", "| line | rule | severity | message |", "|---:|---|---|---|"]
        for finding in findings:
            cells = finding_dict(finding, report)
            section.append(
                f"| {cells['line']}:{cells['column']} | {finding.rule} {_md(finding.name)} | {finding.severity.value} "
                f"| {_md(finding.message)} |"
            )
        sections.append(([*section, ""], len(findings)))
    unreadable = [document for document in report.documents if not document.ok]
    tail: list[str] = []
    if unreadable:
        heading = (
            "Unreadable inputs (not checked)"
            if all(document.status is Status.ERROR for document in unreadable)
            else "Inputs not checked in full"
        )
        tail += [f"### {heading}", "", "| input | reason |", "|---|---|"]
        tail += [f"| {_md(document.id)} | {_md(document.error or '')} |" for document in unreadable]
        tail.append("")
    if report.context:
        tail += [f"{_plural(len(report.context), 'document')} read for context only: compared with, not reported.", ""]
    return _fit(head, sections, tail, limit)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _fit(head: list[str], sections: list[tuple[list[str], int]], tail: list[str], limit: int | None) -> str:
    text = "\n".join(head) + "\n"
    end = "\n".join(tail) + ("\n" if tail else "")
    reserve = 200  # room for the note on what was left out
    left_out = 0
    for lines, count in sections:
        block = "\n".join(lines) + "\n"
        if left_out or (limit is not None and _size(text + block + end) + reserve > limit):
            left_out += count
            continue
        text += block
    if left_out:
        text += (
            f"_{left_out} more findings are not listed here (a job summary holds at most "
            f"{(limit or 0) // 1024} KiB); the SARIF or JSON output has all of them._\n\n"
        )
    return text + end


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


# -- dispatch ----------------------------------------------------------------------------------------

RENDERERS: dict[str, Callable[[Report, Severity], str]] = {
    "concise": render_concise,
    "github": render_github,
    "json": lambda report, fail_level: render_json(report),
    "json-lines": lambda report, fail_level: render_json_lines(report),
    "junit": render_junit,
    "markdown": render_markdown,
    "sarif": render_sarif,
}
"""Every ``--output-format`` but ``full`` (the terminal report), by name."""
