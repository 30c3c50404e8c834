"""Baselines: accepted findings keyed by content, matched as a multiset, stale entries counted."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

import drift.cli
from drift import __version__
from drift.baseline import Baseline, BaselineEntry, apply_baseline, load_baseline, render_baseline, write_baseline
from drift.errors import ConfigError
from drift.records import Category, Finding, Report, Severity, Signature
from tests.conftest import SEEDS, BagOfWordsEncoder


def _finding(doc: str, start: int, fingerprint: str, rule: str = "DR801") -> Finding:
    return Finding(
        rule=rule,
        name="page-furniture",
        category=Category.BOILERPLATE,
        severity=Severity.INFO,
        doc=doc,
        start=start,
        end=start + 4,
        text="text",
        message="m",
        fingerprint=fingerprint,
    )


def _report(*findings: Finding) -> Report:
    signature = Signature(drift_version=__version__, model="m", segmenter="s", thresholds={})
    return Report(signature, (), {}, (), (), tuple(findings))


def _baseline(*fingerprints: str) -> Baseline:
    return Baseline("b.json", tuple(BaselineEntry(fp, "DR801", "a.txt", "text") for fp in fingerprints))


def test_matching_counts_entries_as_a_multiset():
    twice = _report(_finding("a.txt", 0, "x"), _finding("a.txt", 10, "x"), _finding("b.txt", 0, "y"))
    kept, stale = apply_baseline(twice, _baseline("x", "y"))
    assert [(f.doc, f.start) for f in kept.findings] == [("a.txt", 10)]  # the second copy is new
    assert stale == ()
    assert kept.baseline is not None
    assert (kept.baseline.matched, kept.baseline.new, kept.baseline.stale) == (2, 1, 0)
    kept, stale = apply_baseline(_report(_finding("a.txt", 0, "x")), _baseline("x", "x", "z"))
    assert kept.findings == ()
    assert [entry.fingerprint for entry in stale] == ["x", "z"]
    assert kept.baseline is not None and (kept.baseline.matched, kept.baseline.stale) == (1, 2)


def test_baseline_file_is_sorted_json_with_what_a_person_needs(tmp_path):
    report = _report(_finding("b.txt", 0, "y", "DR802"), _finding("a.txt", 5, "x"))
    path = tmp_path / "baseline.json"
    written = write_baseline(report, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["drift_version"] == __version__
    assert document["findings"] == [
        {"doc": "a.txt", "fingerprint": "x", "rule": "DR801", "text": "text"},
        {"doc": "b.txt", "fingerprint": "y", "rule": "DR802", "text": "text"},
    ]
    assert load_baseline(path) == written
    assert path.read_text(encoding="utf-8") == render_baseline(report.findings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"--baseline .*missing.json: no such file; write one with: drift check PATH --write-baseline"),
        ("{not json", r"not a drift baseline \(invalid JSON at line 1 column 2\)"),
        ("[]", r'not a drift baseline \(expected an object with a "findings" list\)'),
        ('{"version": 9, "findings": []}', r"not a drift baseline \(version 9, this drift reads version 1\)"),
        ('{"version": 1, "findings": [{"rule": "DR801"}]}', r'finding 1 has no "fingerprint" string'),
    ],
)
def test_missing_or_malformed_baseline_is_a_config_error(tmp_path, content, message):
    path = tmp_path / "missing.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_baseline(path)


# -- through the command line ------------------------------------------------------------------------


@pytest.fixture
def check(monkeypatch):
    """``drift check`` with the stand-in encoder; returns (exit code, stdout, stderr)."""
    monkeypatch.setattr(drift.cli, "_encoder", lambda args: BagOfWordsEncoder())

    def invoke(*argv: str) -> tuple[int, str, str]:
        stdout, stderr = io.StringIO(), io.StringIO()
        code = drift.cli.main(["check", *argv], stdout=stdout, stderr=stderr)
        return code, stdout.getvalue(), stderr.getvalue()

    return invoke


def test_baseline_round_trip(tmp_path, check):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    baseline = tmp_path / "baseline.json"

    code, stdout, _ = check(str(corpus), "-o", "json", "--fail-on", "info")
    everything = json.loads(stdout)["findings"]
    assert code == 1 and everything

    # writing a baseline accepts every current finding: exit 0, nothing reported
    code, stdout, stderr = check(str(corpus), "-o", "json", "--fail-on", "info", "--write-baseline", str(baseline))
    document = json.loads(stdout)
    assert code == 0 and document["findings"] == []
    assert document["summary"]["baseline"] == {"matched": len(everything), "new": 0, "stale": 0}
    assert f"wrote {len(everything)} finding(s) to {baseline}" in stderr
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert sorted(e["fingerprint"] for e in entries) == sorted(f["fingerprint"] for f in everything)

    # the same corpus against it: exit 0, no finding, nothing stale
    code, stdout, stderr = check(str(corpus), "-o", "json", "--fail-on", "info", "--baseline", str(baseline))
    document = json.loads(stdout)
    assert code == 0 and document["findings"] == [] and stderr == ""
    assert document["summary"]["baseline"] == {"matched": len(everything), "new": 0, "stale": 0}

    # a number changed in one version: only what is new is reported
    spun = corpus / "003_c1cc901c0a21e962.txt"
    text = spun.read_text(encoding="utf-8")
    assert "a meeting of 30 NATO" in text
    spun.write_text(text.replace("a meeting of 30 NATO", "a meeting of 45 NATO"), encoding="utf-8")
    code, stdout, _ = check(str(corpus), "-o", "json", "--fail-on", "info", "--baseline", str(baseline))
    document = json.loads(stdout)
    new = document["findings"]
    assert code == 1 and new
    assert {f["doc"] for f in new} == {str(spun)}
    assert any("45" in f["text"] for f in new)
    accepted = {e["fingerprint"] for e in entries}
    assert not {f["fingerprint"] for f in new} & accepted
    counts = document["summary"]["baseline"]
    assert counts["new"] == len(new) and counts["matched"] + counts["stale"] == len(entries)


def test_stale_entries_are_counted_and_noted(tmp_path, check):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    baseline = tmp_path / "baseline.json"
    check(str(corpus), "-o", "json", "--write-baseline", str(baseline), "-q")
    document = json.loads(baseline.read_text(encoding="utf-8"))
    first = document["findings"][0]
    document["findings"] += [dict(first), {"fingerprint": "0000000000000000", "rule": "DR801", "doc": "x", "text": ""}]
    baseline.write_text(json.dumps(document), encoding="utf-8")
    code, stdout, stderr = check(str(corpus), "-o", "json-lines", "--baseline", str(baseline))
    summary = json.loads(stdout.splitlines()[-1])
    assert code == 0 and summary["type"] == "summary" and summary["findings"] == 0
    assert summary["baseline"]["stale"] == 2  # the duplicate of a matched entry, and one that matches nothing
    assert "drift: 2 baseline entries in" in stderr and "--write-baseline" in stderr
    code, _, stderr = check(str(corpus), "-o", "json", "--baseline", str(baseline), "-q")
    assert stderr == ""


def test_sarif_marks_results_new_against_a_baseline(tmp_path, check):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"version": 1, "findings": []}', encoding="utf-8")
    _, stdout, _ = check(str(corpus), "-o", "sarif", "--baseline", str(baseline))
    results = json.loads(stdout)["runs"][0]["results"]
    assert results and all(result["baselineState"] == "new" for result in results)


@pytest.mark.parametrize("content", [None, "{broken"])
def test_a_bad_baseline_exits_2_before_any_work(tmp_path, check, content):
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, stdout, stderr = check(str(SEEDS), "--baseline", str(path), "--exit-zero")
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and stderr.startswith(f"drift: --baseline {path}: ")


def test_write_baseline_to_an_impossible_path_exits_2(tmp_path, check):
    code, _, stderr = check(str(SEEDS), "--write-baseline", str(tmp_path / "no" / "dir" / "b.json"))
    assert code == 2 and "cannot write" in stderr


def test_fingerprints_survive_moving_the_corpus(tmp_path, check):
    """Keyed by content and file name, not by folder or offset: a baseline follows a moved corpus."""
    first, second = tmp_path / "a" / "corpus", tmp_path / "b" / "elsewhere"
    shutil.copytree(SEEDS, first)
    shutil.copytree(SEEDS, second)
    baseline = tmp_path / "baseline.json"
    check(str(first), "--write-baseline", str(baseline), "-q")
    code, stdout, _ = check(str(second), "-o", "json", "--fail-on", "info", "--baseline", str(baseline))
    assert code == 0 and json.loads(stdout)["findings"] == []
    assert Path(baseline).exists()


def test_jsonl_records_are_fingerprinted_by_their_id_not_their_line(tmp_path, check):
    """Records moved down a JSONL file keep their findings' fingerprints: the baseline still accepts them all."""
    records = [
        json.dumps({"id": path.stem, "text": path.read_text(encoding="utf-8")}) for path in sorted(SEEDS.glob("*.txt"))
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(records) + "\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    _, before, _ = check(str(corpus), "-o", "json")
    assert json.loads(before)["findings"]
    check(str(corpus), "--write-baseline", str(baseline), "-q")
    corpus.write_text("\n\n" + "\n".join(records) + "\n", encoding="utf-8")  # every record two lines down
    code, stdout, _ = check(str(corpus), "-o", "json", "--fail-on", "info", "--baseline", str(baseline))
    assert code == 0 and json.loads(stdout)["findings"] == []
