"""CI formats: concise, GitHub annotations, SARIF 2.1.0 (schema-validated), JUnit XML, Markdown.

Reports are built by the real pipeline with the bag-of-words stand-in encoder
(fast, no model); a hypothesis test feeds the whole pipeline and the CLI
adversarial corpora and checks that every format stays valid.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import drift.cli
from drift.pipeline import RunOptions, run
from drift.records import Finding, Report, Severity, SourceFormat
from drift.report.ci import (
    GITHUB_ANNOTATION_LIMIT,
    RENDERERS,
    _github_command,
    render_concise,
    render_github,
    render_junit,
    render_markdown,
    render_sarif,
)
from drift.report.machine import render_json
from drift.rules import RULES
from tests.conftest import ROOT, SEEDS, BagOfWordsEncoder

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SARIF = jsonschema.Draft4Validator(SCHEMA)

CONCISE_FINDING = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<rule>DR\d{3}) \[(?P<level>error|warning|info)\] (?P<message>.+)$"
)
# issue 14: besides unreadable inputs, documents with no sentence to check and internal errors are listed
CONCISE_UNREADABLE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):1: (?:unreadable|not checked|internal error): (?P<reason>.*)$"
)
GITHUB_LINE = re.compile(r"^::(?P<command>error|warning|notice)(?: (?P<properties>[^:]*))?::(?P<message>[^\r\n]*)$")
GITHUB_PROPERTY = re.compile(r"^(?P<key>file|line|endLine|col|endColumn|title)=(?P<value>[^,:]*)$")

BAD_INPUTS = {
    "empty.txt": "empty file",
    "image.txt": "binary file, not text",
    "huge.txt": "too large",
    "blank.html": "no visible text in this HTML page",
    "records.jsonl#2": "line 2: invalid JSON",
    "records.jsonl#3": 'line 3: "text" must be a string',
    "records.jsonl#4": "line 4: expected a JSON object",
    "gone.txt": "no such file or directory",
}
MAX_BYTES = 60_000


def _check(report: Report, level: Severity = Severity.ERROR) -> dict[str, str]:
    """Render every format, check each is valid, and return them by name."""
    outputs = {name: render(report, level) for name, render in RENDERERS.items()}
    outputs["sarif"] = render_sarif(report, level, cwd=str(ROOT))
    for name, text in outputs.items():
        text.encode("utf-8")  # strict: no lone surrogate reaches a file or a pipe
        assert text.endswith("\n") or (name == "github" and not text), name  # clean: no annotation at all
    json.loads(outputs["json"])
    for line in outputs["json-lines"].splitlines():  # splitlines: no U+2028 or NEL left raw to split a record
        json.loads(line)
    SARIF.validate(json.loads(outputs["sarif"]))
    ET.fromstring(outputs["junit"].encode("utf-8"))
    for line in outputs["github"].rstrip("\n").split("\n") if outputs["github"] else []:  # the runner splits on \n
        match = GITHUB_LINE.match(line)
        assert match, line
        for prop in (match["properties"] or "").split(",") if match["properties"] else []:
            assert GITHUB_PROPERTY.match(prop), (prop, line)
    lines = outputs["concise"].splitlines()
    assert lines[-1].startswith("drift: ")
    for line in lines[:-1]:
        assert CONCISE_FINDING.match(line) or CONCISE_UNREADABLE.match(line), line
    assert outputs["markdown"].startswith("## ")
    return outputs


@pytest.fixture(scope="module")
def seeds_bow() -> Report:
    """The seeds through the pipeline with the stand-in encoder (the session fixture uses the real model)."""
    return run([str(SEEDS)], BagOfWordsEncoder())


def _bad_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.iterdir())[:2]:
        (corpus / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "huge.txt").write_text("word " * (MAX_BYTES // 4), encoding="utf-8")
    (corpus / "blank.html").write_text("<html><head><title>t</title></head><body></body></html>")
    (corpus / "page.html").write_text(
        "<html><body><p>The council met on Monday &amp; approved the budget.</p>"
        "<p>Taxes will rise by 3% next year, it said.</p></body></html>"
    )
    (corpus / "latin1.txt").write_bytes("Le conseil a approuvé le budget à Genève.\n".encode("cp1252"))
    (corpus / "records.jsonl").write_text(
        '{"id": "a", "text": "A short record about the weather in Paris. It rained all day."}\n'
        "{not json\n"
        '{"id": "b", "text": 5}\n'
        "[1, 2]\n",
        encoding="utf-8",
    )
    (corpus / "gone.txt").symlink_to(root / "nowhere.txt")  # a broken link
    (corpus / "loop").symlink_to(corpus)  # a symlink cycle: walked once
    return corpus


@pytest.fixture(scope="module")
def bad_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    corpus = _bad_corpus(tmp_path_factory.mktemp("bad"))
    return run([str(corpus)], BagOfWordsEncoder(), RunOptions(max_bytes=MAX_BYTES))


# -- every format, valid -----------------------------------------------------------------------------


def test_every_format_is_valid_on_the_seeds(seeds_bow):
    assert seeds_bow.findings  # the detection rules find something in the seeds
    for level in Severity:
        _check(seeds_bow, level)


def test_every_bad_input_appears_in_every_format(bad_report):
    broken = {document.id.rsplit("/", 1)[-1]: document for document in bad_report.documents if not document.ok}
    assert set(broken) == set(BAD_INPUTS)
    for name, reason in BAD_INPUTS.items():
        assert reason in (broken[name].error or ""), (name, broken[name].error)
    outputs = _check(bad_report)

    statuses = {d["id"].rsplit("/", 1)[-1]: d["status"] for d in json.loads(outputs["json"])["documents"]}
    assert {name for name, status in statuses.items() if status == "error"} == set(BAD_INPUTS)
    assert statuses["latin1.txt"] == statuses["page.html"] == statuses["records.jsonl#1"] == "ok"

    unreadable = [CONCISE_UNREADABLE.match(line) for line in outputs["concise"].splitlines()]
    unreadable_files = {"empty.txt", "image.txt", "huge.txt", "blank.html", "records.jsonl", "gone.txt"}
    assert {m["path"].rsplit("/", 1)[-1] for m in unreadable if m} == unreadable_files
    assert "records.jsonl:3:1: unreadable: line 3:" in outputs["concise"]

    sarif = json.loads(outputs["sarif"])
    notifications = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(notifications) == len(BAD_INPUTS)
    texts = " ".join(n["message"]["text"] for n in notifications)
    assert all(name in texts for name in BAD_INPUTS)
    jsonl = next(n for n in notifications if "records.jsonl#3" in n["message"]["text"])
    assert jsonl["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}

    junit = ET.fromstring(outputs["junit"])
    cases = junit.findall("./testsuite/testcase")
    assert len(cases) == len(bad_report.documents)
    errors = {case.get("name", "").rsplit("/", 1)[-1]: case for case in cases if case.find("error") is not None}
    assert set(errors) == set(BAD_INPUTS)
    assert all(case.get("classname") == "unreadable" for case in errors.values())
    assert junit.find("testsuite").get("errors") == str(len(BAD_INPUTS))

    github = [GITHUB_LINE.match(line) for line in outputs["github"].splitlines()]
    unreadable_annotations = [m for m in github if m and "unreadable input" in (m["properties"] or "")]
    assert len(unreadable_annotations) == len(BAD_INPUTS)
    assert all(m["command"] == "warning" for m in unreadable_annotations)

    assert "### Unreadable inputs (not checked)" in outputs["markdown"]
    assert all(name in outputs["markdown"].replace("\\_", "_") for name in BAD_INPUTS)


# -- concise -----------------------------------------------------------------------------------------


def test_concise_is_one_line_per_finding_then_a_summary(seeds_bow):
    text = render_concise(seeds_bow, Severity.ERROR)
    lines = text.splitlines()
    findings = sorted(seeds_bow.findings, key=Finding.sort_key)
    assert len(lines) == len(findings) + 1
    for line, finding in zip(lines, findings, strict=False):
        match = CONCISE_FINDING.match(line)
        assert match and match["rule"] == finding.rule and match["level"] == finding.severity.value
        document = seeds_bow.articles[finding.doc].document
        assert (int(match["line"]), int(match["col"])) == document.line_column(finding.start)
        assert match["path"] == document.path
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    assert lines[-1].startswith(f"drift: {len(findings)} findings (")
    assert lines[-1].endswith(f"; {errors or 'none'} at or above the fail level (error)")


def test_concise_and_junit_escape_control_characters(seeds_bow):
    finding = replace(seeds_bow.findings[0], message="bad\x1b[31m red\nline\x00end")
    report = replace(seeds_bow, findings=(finding,))
    concise = render_concise(report, Severity.INFO).splitlines()[0]
    assert concise.endswith("bad\\x1b[31m red line\\x00end")
    junit = render_junit(report, Severity.INFO)
    assert "bad\\x1b[31m red line\\x00end" in junit
    ET.fromstring(junit)


# -- GitHub ------------------------------------------------------------------------------------------


def test_github_escaping_follows_the_workflow_command_rules():
    line = _github_command("error", "50% done\r\nnext: a, b", file="dir/a,b:c.txt", line=3, title="DR201 x")
    assert line == "::error file=dir/a%2Cb%3Ac.txt,line=3,title=DR201 x::50%25 done%0D%0Anext: a, b"


def test_github_annotations_point_at_the_finding(seeds_bow):
    lines = render_github(seeds_bow, Severity.ERROR, cwd=str(ROOT)).splitlines()
    first_error = min(
        (f for f in seeds_bow.findings if f.severity is Severity.ERROR), key=Finding.sort_key, default=None
    )
    if first_error is None:
        pytest.skip("no error finding on the seeds with the stand-in encoder")
    document = seeds_bow.articles[first_error.doc].document
    line, column = document.line_column(first_error.start)
    end_line, end_column = document.line_column(first_error.end)
    path = os.path.relpath(document.path, ROOT)
    assert lines[0] == _github_command(
        "error",
        first_error.message,
        file=path,
        line=line,
        col=column,
        endLine=end_line,
        endColumn=end_column,
        title=f"{first_error.rule} {first_error.name}",
    )


def test_github_caps_annotations_at_ten_per_kind_and_says_so(seeds_bow, tmp_path, monkeypatch):
    findings = sorted(seeds_bow.findings, key=Finding.sort_key)
    many = tuple(
        replace(finding, severity=severity, start=finding.start + n)
        for n, finding in enumerate(findings * 3)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    report = replace(seeds_bow, findings=many)
    lines = render_github(report, Severity.ERROR, step_summary=True).splitlines()
    kinds = [GITHUB_LINE.match(line)["command"] for line in lines]  # type: ignore[index]
    assert kinds.count("error") == GITHUB_ANNOTATION_LIMIT
    assert kinds.count("warning") == GITHUB_ANNOTATION_LIMIT
    assert kinds.count("notice") == GITHUB_ANNOTATION_LIMIT  # nine findings and the closing notice
    hidden = len(many) - (3 * GITHUB_ANNOTATION_LIMIT - 1)
    assert lines[-1].startswith("::notice title=drift%3A more findings::")
    assert f"drift: {hidden} of {len(many)} annotations not shown" in lines[-1]
    assert "see the job summary" in lines[-1]

    # through the CLI: the job summary gets every finding
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setattr(drift.cli, "_encoder", lambda args: BagOfWordsEncoder())
    stdout = io.StringIO()
    code = drift.cli.main(
        ["check", str(SEEDS), "-o", "github", "--fail-on", "info"], stdout=stdout, stderr=io.StringIO()
    )
    assert code == (1 if seeds_bow.findings else 0)
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# earlier step\n## ")
    rows = [line for line in written.splitlines() if re.match(r"^\| \d+:\d+ \| DR\d{3}", line)]
    assert len(rows) == len(seeds_bow.findings)
    assert len(stdout.getvalue().splitlines()) <= 3 * GITHUB_ANNOTATION_LIMIT


def test_no_notice_when_everything_fits(seeds_bow):
    report = replace(seeds_bow, findings=seeds_bow.findings[:3])
    lines = render_github(report, Severity.ERROR).splitlines()
    assert len(lines) == 3 and "more findings" not in "".join(lines)


# -- SARIF -------------------------------------------------------------------------------------------


def test_sarif_validates_and_describes_every_rule(seeds_bow):
    log = json.loads(render_sarif(seeds_bow, Severity.ERROR, cwd=str(ROOT)))
    SARIF.validate(log)
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "drift" and driver["version"] == drift.__version__
    assert driver.get("informationUri", "https://").startswith(("https://", "http://"))
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in RULES]  # the registry, read now
    for descriptor, rule in zip(driver["rules"], RULES, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary()
        assert descriptor["fullDescription"]["text"] == descriptor["help"]["text"] == rule.explanation()
        level = {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
        assert descriptor["defaultConfiguration"]["level"] == level


def test_sarif_results_locate_findings_and_counterparts(seeds_bow):
    log = json.loads(render_sarif(seeds_bow, Severity.ERROR, cwd=str(ROOT)))
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    findings = sorted(seeds_bow.findings, key=Finding.sort_key)
    assert len(results) == len(findings)
    related = 0
    for result, finding in zip(results, findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity.value]
        assert result["partialFingerprints"] == {"driftFingerprint/v1": finding.fingerprint}
        location = result["locations"][0]["physicalLocation"]
        document = seeds_bow.articles[finding.doc].document
        assert location["artifactLocation"]["uri"] == Path(document.path).relative_to(ROOT).as_posix()
        region = location["region"]
        assert document.text[region["charOffset"] : region["charOffset"] + region["charLength"]] == finding.text
        assert (region["startLine"], region["startColumn"]) == document.line_column(finding.start)
        assert (region["endLine"], region["endColumn"]) == document.line_column(finding.end)
        if finding.against is not None and finding.counterpart_start is not None:
            related += 1
            other = seeds_bow.articles[finding.against].document
            where = result["relatedLocations"][0]["physicalLocation"]
            assert where["artifactLocation"]["uri"] == Path(other.path).relative_to(ROOT).as_posix()
            start = where["region"]["charOffset"]
            assert other.text[start : start + where["region"]["charLength"]] == finding.counterpart
        else:
            assert "relatedLocations" not in result
    assert related, "the seeds have findings set against another version"


def test_sarif_jsonl_region_is_the_record_line(bad_report):
    doc = next(d for d in bad_report.documents if d.format is SourceFormat.JSONL and d.ok)
    finding = Finding(
        rule=RULES[0].code, name=RULES[0].name, category=RULES[0].category, severity=Severity.ERROR,
        doc=doc.id, start=5, end=10, text=doc.text[5:10], message="m", fingerprint="f",
    )  # fmt: skip
    log = json.loads(render_sarif(replace(bad_report, findings=(finding,)), Severity.ERROR))
    SARIF.validate(log)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": doc.line, "snippet": {"text": doc.text[5:10]}}


def test_sarif_uris_are_percent_encoded(seeds_bow, tmp_path):
    folder = tmp_path / "a folder#1"
    folder.mkdir()
    (folder / "x.txt").write_text("Some text that is long enough to be one sentence.\n", encoding="utf-8")
    report = run([str(folder)], BagOfWordsEncoder())
    notification_free = json.loads(render_sarif(report, Severity.ERROR, cwd=str(tmp_path)))
    SARIF.validate(notification_free)
    document = report.documents[0]
    finding = Finding(
        rule="DR801", name="page-furniture", category=RULES[-2].category, severity=Severity.INFO,
        doc=document.id, start=0, end=4, text="Some", message="m",
    )  # fmt: skip
    log = json.loads(render_sarif(replace(report, findings=(finding,)), Severity.ERROR, cwd=str(tmp_path)))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "a%20folder%231/x.txt"


# -- JUnit -------------------------------------------------------------------------------------------


def test_junit_one_case_per_document_failing_at_the_fail_level(seeds_bow):
    for level in Severity:
        root = ET.fromstring(render_junit(seeds_bow, level))
        suite = root.find("testsuite")
        assert suite is not None
        cases = suite.findall("testcase")
        assert [case.get("name") for case in cases] == [d.id for d in seeds_bow.documents]
        story_of = {doc: story.id for story in seeds_bow.stories for doc in story.documents}
        failing_docs = {f.doc for f in seeds_bow.findings if f.severity >= level}
        for case in cases:
            assert case.get("classname") == story_of.get(case.get("name"), "no-story")
            failure = case.find("failure")
            assert (failure is not None) == (case.get("name") in failing_docs)
            if failure is not None:
                expected = [f for f in seeds_bow.findings if f.doc == case.get("name") and f.severity >= level]
                assert len((failure.text or "").splitlines()) == len(expected)
                plural = "s" if len(expected) > 1 else ""
                assert failure.get("message") == f"{len(expected)} finding{plural} at or above {level.value}"
        assert suite.get("failures") == str(len(failing_docs)) and suite.get("tests") == str(len(cases))
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert properties["fail_on"] == level.value


def test_junit_marks_context_documents_skipped(seeds_bow):
    context = frozenset({seeds_bow.documents[0].id})
    report = replace(seeds_bow, context=context, findings=tuple(f for f in seeds_bow.findings if f.doc not in context))
    root = ET.fromstring(render_junit(report, Severity.ERROR))
    skipped = [case for case in root.iter("testcase") if case.find("skipped") is not None]
    assert [case.get("name") for case in skipped] == [seeds_bow.documents[0].id]
    assert root.find("testsuite").get("skipped") == "1"  # type: ignore[union-attr]


# -- Markdown ----------------------------------------------------------------------------------------


def test_markdown_headline_table_and_documents(seeds_bow):
    text = render_markdown(seeds_bow, Severity.ERROR)
    lines = text.splitlines()
    counts = {s: sum(1 for f in seeds_bow.findings if f.severity is s) for s in Severity}
    assert lines[0].startswith("## ") and f"{counts[Severity.ERROR]} error" in lines[0]
    assert "| category | error | warning | info | total |" in lines
    total_row = next(line for line in lines if line.startswith("| **total**"))
    assert total_row.endswith(f"| **{len(seeds_bow.findings)}** |")
    for category in {f.category for f in seeds_bow.findings}:
        assert any(line.startswith(f"| {category.value} |") for line in lines)
    headings = [line for line in lines if line.startswith("### ")]
    assert len(headings) == len({f.doc for f in seeds_bow.findings})
    rows = [line for line in lines if re.match(r"^\| \d+:\d+ \| DR\d{3}", line)]
    assert len(rows) == len(seeds_bow.findings)


def test_markdown_escapes_untrusted_text(seeds_bow):
    finding = replace(seeds_bow.findings[0], message="a | b <script>x</script> [link](http://e) *bold* `c`\nnext")
    text = render_markdown(replace(seeds_bow, findings=(finding,)), Severity.ERROR)
    row = next(line for line in text.splitlines() if line.startswith("| ") and "DR" in line)
    assert "a \\| b &lt;script&gt;x&lt;/script&gt; \\[link\\](http://e) \\*bold\\* \\`c\\` next" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # four cells: the escaped pipe is text


def test_markdown_respects_a_size_limit(seeds_bow):
    full = render_markdown(seeds_bow, Severity.ERROR)
    limited = render_markdown(seeds_bow, Severity.ERROR, limit=len(full.encode()) // 2)
    assert len(limited.encode()) <= len(full.encode()) // 2
    assert re.search(r"_\d+ more findings are not listed here", limited)
    assert limited.startswith(full.split("\n### ")[0])


def test_text_that_breaks_formats_is_made_safe(tmp_path):
    """A lone surrogate (valid JSON, not UTF-8) and line separators inside strings."""
    (tmp_path / "a.jsonl").write_text(
        '{"id": "a", "text": "The council met on Monday \\ud800 in Paris.'
        '\\u2028It approved the budget\\u0085 today."}\n',
        encoding="utf-8",
    )
    report = run([str(tmp_path)], BagOfWordsEncoder())
    assert (
        report.documents[0].text == "The council met on Monday \ufffd in Paris.\u2028It approved the budget\x85 today."
    )
    finding = Finding(
        rule="DR801", name="page-furniture", category=RULES[-2].category, severity=Severity.INFO,
        doc=report.documents[0].id, start=0, end=len(report.documents[0].text), text=report.documents[0].text,
        message=report.documents[0].text, fingerprint="f",
    )  # fmt: skip
    outputs = _check(replace(report, findings=(finding,)))
    assert len(outputs["json-lines"].splitlines()) == 2  # one finding, one summary
    assert "\\u2028" in outputs["json-lines"] and "\\u0085" in outputs["json-lines"]


# -- determinism -------------------------------------------------------------------------------------


def test_same_input_same_bytes(tmp_path):
    corpus = _bad_corpus(tmp_path)
    first = run([str(corpus)], BagOfWordsEncoder(), RunOptions(max_bytes=MAX_BYTES))
    second = run([str(corpus)], BagOfWordsEncoder(), RunOptions(max_bytes=MAX_BYTES))
    assert render_json(first) == render_json(second)
    assert render_sarif(first, Severity.WARNING, cwd=str(tmp_path)) == render_sarif(
        second, Severity.WARNING, cwd=str(tmp_path)
    )
    assert render_junit(first, Severity.WARNING) == render_junit(second, Severity.WARNING)
    for name in ("concise", "markdown", "github", "json-lines"):
        assert RENDERERS[name](first, Severity.INFO) == RENDERERS[name](second, Severity.INFO)


# -- fuzzing the whole pipeline ----------------------------------------------------------------------

_WORDS = ["The", "council", "met", "on", "Monday", "and", "approved", "the", "budget", "of", "3.5", "million"]
_PIECES = st.sampled_from(
    [
        "The council met on Monday.",
        "“We will not raise taxes,” the mayor said.",
        "It approved a budget of $3.5 million for 2024.",
        "\u00a0Non\u00a0breaking\u00a0spaces\u00a0here.",
        "'Single' and «guillemets» and „low” quotes.",
        "Control\x01chars\x1b[31m and \x7f DEL \x85 NEL.",
        "line\u2028separator and \ufeffBOM inside.",
        "",
        "\n\n\n",
        "Vladimirputin met Stoltemberg.",
        "Ünïcödé 日本語のテキスト。 Русский текст. عربى",
        "😀 emoji 👍🏽 and combining e\u0301.",
        "READ ALSO: ten things you missed",
        "Leave a Reply",
    ]
)
_SENTENCE = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map(lambda ws: " ".join(ws) + ".")
_TEXT = st.lists(
    st.one_of(_PIECES, _SENTENCE, st.text(max_size=40), st.just("word " * 600)), min_size=0, max_size=8
).map("\n".join)
_ODD_JSONL = st.sampled_from(
    [
        '{"id": 1, "text": "number id"}',
        '{"id": "n", "text": null}',
        '{"id": "l", "text": ["a", "b"]}',
        '{"id": "s", "text": "lone surrogate \\ud800 here. And more text follows."}',
        '{"id": "e", "text": ""}',
        '{"id": "u", "text": "\\u0000nul and \\u001b escape."}',
        "null",
        "[]",
        "{",
        "1e999",
        '{"id": "deep", "text": "x", "meta": ' + "[" * 50 + "]" * 50 + "}",
        '{"id": "x", "text": "The council met on Monday. It approved the budget."}',
    ]
)
_JSONL = st.lists(
    st.one_of(_ODD_JSONL, _TEXT.map(lambda text: json.dumps({"id": "r", "text": text}))), min_size=1, max_size=4
).map("\n".join)
_CORPUS = st.lists(st.tuples(st.sampled_from([".txt", ".jsonl", ".html"]), _TEXT, _JSONL), min_size=1, max_size=4)


@settings(
    max_examples=int(os.environ.get("DRIFT_FUZZ_EXAMPLES", "20")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # each example runs the pipeline twice: no shrinking
)
@given(corpus=_CORPUS, base=st.sampled_from(list(SEEDS.iterdir())))
def test_fuzz_pipeline_and_cli_never_crash_and_every_format_stays_valid(corpus, base, monkeypatch_module):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "base.txt").write_text(base.read_text(encoding="utf-8"), encoding="utf-8")
        for n, (suffix, text, jsonl) in enumerate(corpus):
            body = jsonl if suffix == ".jsonl" else text
            if suffix == ".html":
                body = f"<html><body><p>{body}</p><p>{text[:50]}</p></body></html>"
            (root / f"doc{n}{suffix}").write_text(body, encoding="utf-8", errors="surrogatepass")
        report = run([folder], BagOfWordsEncoder())
        for level in Severity:
            _check(report, level)
        stdout, stderr = io.StringIO(), io.StringIO()
        code = drift.cli.main(["check", folder, "-o", "sarif", "-q"], stdout=stdout, stderr=stderr)
        assert code in (0, 1, 2), stderr.getvalue()
        if code != 2:
            SARIF.validate(json.loads(stdout.getvalue() or f"empty output, stderr: {stderr.getvalue()!r}"))
        else:
            assert stderr.getvalue().startswith("drift: ") and stdout.getvalue() == ""


@pytest.fixture(scope="module")
def monkeypatch_module():
    """The CLI's encoder replaced by the stand-in for the whole module (hypothesis reuses fixtures)."""
    patch = pytest.MonkeyPatch()
    patch.setattr(drift.cli, "_encoder", lambda args: BagOfWordsEncoder())
    yield patch
    patch.undo()


def test_a_clean_report_in_every_format(seeds_bow):
    clean = replace(seeds_bow, findings=())
    outputs = _check(clean)
    assert outputs["github"] == ""
    assert outputs["concise"] == "drift: no findings in 5 documents; none at or above the fail level (error)\n"
    assert json.loads(outputs["sarif"])["runs"][0]["results"] == []
    assert ET.fromstring(outputs["junit"]).find("testsuite").get("failures") == "0"  # type: ignore[union-attr]
    assert outputs["markdown"].startswith("## ✅ drift: 0 errors, 0 warnings, 0 info\n")
