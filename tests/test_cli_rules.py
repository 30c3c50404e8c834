"""``drift rules``, ``drift rule CODE`` and ``drift pairs FILE`` as a user runs them."""

from __future__ import annotations

import io
import json
import re

import pytest

from drift.cli import main
from drift.rules import RULES


def _run(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_rules_lists_every_rule_once_in_order():
    code, stdout, stderr = _run("rules")
    assert code == 0 and stderr == ""
    lines = stdout.splitlines()
    assert len(lines) == len(RULES)
    codes = [line.split()[0] for line in lines]
    assert codes == [rule.code for rule in RULES] == sorted(codes)
    assert len(set(codes)) == len(codes)
    for line, rule in zip(lines, RULES, strict=True):
        fields = line.split()
        assert fields[1:4] == [rule.name, rule.category.value, rule.severity.value], line
        assert line.endswith(rule.summary())
        assert re.fullmatch(r"DR\d{3}", rule.code)


def test_rules_as_json():
    code, stdout, _ = _run("rules", "-o", "json")
    assert code == 0
    listing = json.loads(stdout)
    assert [item["code"] for item in listing] == [rule.code for rule in RULES]
    for item, rule in zip(listing, RULES, strict=True):
        assert item == {
            "code": rule.code,
            "name": rule.name,
            "category": rule.category.value,
            "severity": rule.severity.value,
            "summary": rule.summary(),
        }
        assert item["summary"], f"{rule.code} has no docstring"


def test_rule_explains_one_rule_whatever_the_case():
    from drift.rules.number import NumberChanged

    code, stdout, stderr = _run("rule", "dr201")
    assert code == 0 and stderr == ""
    first = stdout.splitlines()[0]
    assert first.startswith("DR201 number-changed (number, default severity error)")
    assert NumberChanged.explanation() in stdout and "3.5 billion" in stdout


def test_rule_prints_the_whole_docstring():
    from drift.rules.entity import MisspelledName

    code, stdout, _ = _run("rule", "DR302")
    assert code == 0
    assert MisspelledName.explanation().count("\n") >= 2  # more than its summary line
    assert stdout.endswith(MisspelledName.explanation() + "\n")


def test_unknown_rule_exits_2_in_one_line():
    code, stdout, stderr = _run("rule", "DR999")
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and "DR999" in stderr and "drift rules" in stderr


DRIFTED = {"id": "moved", "a": "The board will meet again on Monday.", "b": "The board will meet again on Friday."}
SAME = {"id": "kept", "a": "The board will meet again on Monday.", "b": "The board meets again on Monday."}


@pytest.fixture
def pairs_cli(monkeypatch, real_encoder):
    """The CLI with the session's model (loaded once, its cache shared with the other tests)."""
    monkeypatch.setattr("drift.cli._encoder", lambda args: real_encoder)
    return _run


def _write(path, *records) -> str:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.model
def test_pairs_exit_codes_summary_and_output_file(tmp_path, pairs_cli):
    data = _write(tmp_path / "pairs.jsonl", DRIFTED, "{oops", SAME)
    code, stdout, stderr = pairs_cli("pairs", data)
    assert code == 1  # a pair is labelled drift
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["moved", None, "kept"]
    assert [line.get("label") for line in lines] == ["drift", None, "same"]
    assert lines[1]["line"] == 2 and "invalid JSON" in lines[1]["error"]
    finding = next(f for f in lines[0]["findings"] if f["rule"] == "DR205")
    assert DRIFTED["b"][finding["start"] : finding["end"]] == finding["text"] == "Friday"
    errors = stderr.splitlines()
    assert errors[-1] == "drift: 2 pairs scored: 1 drift, 1 same; 1 malformed line(s)"
    assert errors[0].startswith(f"drift: {data}:2: invalid JSON")

    code, again, _ = pairs_cli("pairs", data, "--exit-zero")
    assert code == 0 and again == stdout

    target = tmp_path / "scored.jsonl"
    code, stdout, stderr = pairs_cli("pairs", data, "--output", str(target), "-q")
    assert code == 1 and stdout == ""
    assert target.read_text(encoding="utf-8") == again
    assert "pairs scored" not in stderr  # -q: no summary (the malformed line is still named)

    code, stdout, _ = pairs_cli("pairs", _write(tmp_path / "same.jsonl", SAME))
    assert code == 0 and json.loads(stdout)["label"] == "same"


@pytest.mark.model
def test_pairs_with_nothing_to_score_exits_2(tmp_path, pairs_cli):
    data = _write(tmp_path / "bad.jsonl", "{oops", '{"id": "x", "a": "no b"}', "[]")
    code, stdout, stderr = pairs_cli("pairs", data)
    assert code == 2
    assert len(stdout.splitlines()) == 3 and all("error" in json.loads(line) for line in stdout.splitlines())
    assert "drift: 0 pairs scored: 0 drift, 0 same; 3 malformed line(s)" in stderr
    assert stderr.splitlines()[-1] == f"drift: {data}: no pair could be scored (nothing was checked)"
    code, _, stderr = pairs_cli("pairs", data, "--exit-zero")
    assert code == 2  # --exit-zero never hides a 2


def test_pairs_on_a_missing_file_exits_2_before_loading_the_model(tmp_path, monkeypatch):
    def no_model(args):
        raise AssertionError("the model must not load for a missing file")

    monkeypatch.setattr("drift.cli._encoder", no_model)
    code, stdout, stderr = _run("pairs", str(tmp_path / "nope.jsonl"))
    assert code == 2 and stdout == ""
    assert stderr == f"drift: {tmp_path / 'nope.jsonl'}: no such file\n"
