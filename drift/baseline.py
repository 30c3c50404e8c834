"""Baselines: accept the findings a corpus has today, and report only the new ones.

A baseline is a JSON file of findings keyed by content, not position: each
entry holds the finding's fingerprint (rule, document name (a JSONL record by its id), normalized text
and counterpart; see ``drift.detect.fingerprint``), so inserting a paragraph
above a known finding does not make it new. The rule, document and text are
stored beside it for the person reading a diff of the file.

Matching counts, as a multiset: two identical findings need two entries, so a
second copy of an accepted mistake is reported. Entries that match nothing any
more are *stale* (the text was fixed, or changed beyond recognition): they are
counted, so that the baseline can be rewritten, and never fail a run.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from drift.errors import ConfigError, UsageError
from drift.records import BaselineSummary, Finding, Report
from drift.version import __version__

__all__ = [
    "BASELINE_VERSION",
    "Baseline",
    "BaselineEntry",
    "apply_baseline",
    "load_baseline",
    "write_baseline",
]

BASELINE_VERSION = 1


@dataclass(frozen=True)
class BaselineEntry:
    """One accepted finding: its fingerprint, and what a person needs to recognise it."""

    fingerprint: str
    rule: str
    doc: str
    text: str


@dataclass(frozen=True)
class Baseline:
    """The accepted findings read from ``path``, in file order."""

    path: str
    entries: tuple[BaselineEntry, ...]


def render_baseline(findings: tuple[Finding, ...]) -> str:
    """The baseline file for these findings: sorted as reports are, so its diffs read well."""
    document = {
        "version": BASELINE_VERSION,
        "drift_version": __version__,
        "findings": [
            {"fingerprint": f.fingerprint, "rule": f.rule, "doc": f.doc, "text": f.text}
            for f in sorted(findings, key=Finding.sort_key)
        ],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def write_baseline(report: Report, path: str | Path) -> Baseline:
    """Accept every finding of ``report``: write them to ``path`` and return the baseline."""
    text = render_baseline(report.findings)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--write-baseline {path}: cannot write ({exc.strerror or exc})") from None
    return _entries(json.loads(text), str(path))


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; a missing or malformed one is a ``ConfigError``."""
    hint = f"write one with: drift check PATH --write-baseline {path}"
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"--baseline {path}: no such file; {hint}") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise ConfigError(f"--baseline {path}: cannot read ({reason})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise ConfigError(f"--baseline {path}: not a drift baseline (invalid JSON at {where}); {hint}") from None
    return _entries(document, str(path))


def _entries(document: object, path: str) -> Baseline:
    def malformed(problem: str) -> ConfigError:
        return ConfigError(f"--baseline {path}: not a drift baseline ({problem})")

    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise malformed('expected an object with a "findings" list')
    if document.get("version") != BASELINE_VERSION:
        raise malformed(f"version {document.get('version')!r}, this drift reads version {BASELINE_VERSION}")
    entries = []
    for number, item in enumerate(document["findings"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise malformed(f'finding {number} has no "fingerprint" string')
        entries.append(
            BaselineEntry(
                fingerprint=item["fingerprint"],
                rule=str(item.get("rule", "")),
                doc=str(item.get("doc", "")),
                text=str(item.get("text", "")),
            )
        )
    return Baseline(path=path, entries=tuple(entries))


def apply_baseline(report: Report, baseline: Baseline) -> tuple[Report, tuple[BaselineEntry, ...]]:
    """The report without the findings the baseline accepts, and the baseline's stale entries."""
    remaining = Counter(entry.fingerprint for entry in baseline.entries)
    new: list[Finding] = []
    for finding in sorted(report.findings, key=Finding.sort_key):
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
        else:
            new.append(finding)
    stale: list[BaselineEntry] = []
    for entry in baseline.entries:  # of several entries with one fingerprint, the surplus is stale
        if remaining[entry.fingerprint] > 0:
            remaining[entry.fingerprint] -= 1
            stale.append(entry)
    summary = BaselineSummary(
        path=baseline.path, matched=len(report.findings) - len(new), new=len(new), stale=len(stale)
    )
    return replace(report, findings=tuple(new), baseline=summary), tuple(stale)
