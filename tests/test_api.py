"""The library API (``import drift``): its names, and the three calls computing what the commands compute."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

import drift
from drift.cli import main
from tests.conftest import SEEDS, BagOfWordsEncoder

SEED_A, SEED_B = SEEDS / "001_1d5483c6f3d75ce8.txt", SEEDS / "003_c1cc901c0a21e962.txt"


def test_all_is_sorted_and_every_name_resolves():
    assert drift.__all__ == sorted(drift.__all__)
    assert len(set(drift.__all__)) == len(drift.__all__)
    for name in drift.__all__:
        assert getattr(drift, name) is not None, name
        assert name in dir(drift)
    assert issubclass(drift.NothingCheckedError, drift.DriftError) and issubclass(drift.EngineError, drift.DriftError)
    assert drift.Severity.ERROR > drift.Severity.WARNING
    with pytest.raises(AttributeError):
        _ = drift.no_such_name  # type: ignore[attr-defined]


def test_import_drift_loads_no_module_of_drift_and_no_backend():
    heavy = ["numpy", "onnxruntime", "torch"]
    code = (
        f"import sys, drift; print(*(m in sys.modules for m in {heavy!r}), "
        "*sorted(m for m in sys.modules if m.startswith('drift')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"] * len(heavy) + ["drift"]
    assert drift.__version__ == "0.1.0"


def _cli(monkeypatch, encoder, *argv: str) -> tuple[int, dict]:
    """``main`` with this encoder (and no multilingual one); the exit code and the JSON it printed."""
    monkeypatch.setattr("drift.cli._encoder", lambda args: encoder)
    monkeypatch.setattr("drift.cli._multilingual", lambda args: None)
    stdout = io.StringIO()
    code = main(list(argv), stdout=stdout, stderr=io.StringIO())
    return code, json.loads(stdout.getvalue())


def _found(findings) -> list[tuple[str, str, str, int, int, str]]:
    return [(f.rule, f.severity.value, f.doc, f.start, f.end, f.fingerprint) for f in findings]


def _printed(findings: list[dict]) -> list[tuple[str, str, str, int, int, str]]:
    return [(f["rule"], f["severity"], f["doc"], f["start"], f["end"], f["fingerprint"]) for f in findings]


@pytest.mark.model
def test_check_is_what_drift_check_computes(monkeypatch, tmp_path, real_encoder, model_cache_dir):
    report = drift.check(SEEDS, encoder=real_encoder, cache_dir=model_cache_dir)
    assert isinstance(report, drift.Report)
    assert len(report.articles) == 5 and report.stories and report.alignments
    rules = {finding.rule for finding in report.findings}
    assert {"DR202", "DR301", "DR401", "DR501"} <= rules, rules
    monkeypatch.chdir(tmp_path)  # no config file of this repository applies
    code, printed = _cli(
        monkeypatch, real_encoder, "check", str(SEEDS), "-o", "json", "--cache-dir", str(model_cache_dir)
    )
    assert code == 1
    assert _printed(printed["findings"]) == _found(report.findings)
    only_numbers = drift.check(
        SEEDS, encoder=real_encoder, selection=drift.RuleSelection(select=("DR2",)), cache_dir=model_cache_dir
    )
    assert only_numbers.findings and {f.rule[:3] for f in only_numbers.findings} == {"DR2"}


def test_check_of_nothing_raises_nothing_checked(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(drift.NothingCheckedError, match="nothing was checked"):
        drift.check(tmp_path / "empty", encoder=BagOfWordsEncoder())
    with pytest.raises(drift.NothingCheckedError, match="no such file or directory"):
        drift.check([str(tmp_path / "missing.txt")], encoder=BagOfWordsEncoder())
    with pytest.raises(drift.UsageError):
        drift.check(tmp_path, model="all-MiniLM-L6-v2", encoder=BagOfWordsEncoder())


@pytest.mark.model
def test_compare_is_what_drift_diff_computes(monkeypatch, real_encoder):
    report = drift.compare(SEED_A, SEED_B, encoder=real_encoder)
    (alignment,) = report.alignments
    assert (alignment.ref, alignment.var) == (str(SEED_A), str(SEED_B))
    assert alignment.pairs[0].ref == (0,) and alignment.pairs[0].var == (0, 1)  # as `drift align` prints it
    assert report.findings and all(f.doc == str(SEED_B) for f in report.findings if f.against == str(SEED_A))
    code, printed = _cli(monkeypatch, real_encoder, "diff", str(SEED_A), str(SEED_B), "-o", "json")
    assert code == 1
    assert _printed(printed["findings"]) == _found(report.findings)


@pytest.mark.model
def test_score_pairs_is_what_drift_pairs_computes(real_encoder):
    a = "The two companies agreed on a deal worth 3.5 billion dollars on Thursday."
    drifted, same = drift.score_pairs(
        [
            (a, a.replace("3.5 billion", "35 billion")),
            (a, "On Thursday the two companies agreed a deal worth 3.5 billion dollars."),
        ],
        encoder=real_encoder,
    )
    assert isinstance(drifted, drift.PairResult) and (drifted.id, same.id) == ("1", "2")
    assert drifted.label == "drift" and same.label == "same"
    assert 0.0 <= same.score < drifted.score <= 1.0
    (number,) = [f for f in drifted.findings if f.rule == "DR201"]
    assert number.severity is drift.Severity.ERROR and number.text == "35 billion" and number.doc == "b"
    assert not any(f.severity is drift.Severity.ERROR for f in same.findings)


def test_score_pairs_refuses_a_pair_that_is_not_one():
    with pytest.raises(drift.InputError, match="pair 2: missing or empty 'b'"):
        drift.score_pairs([("a text", "b text"), ("a text", " ")], encoder=BagOfWordsEncoder())
