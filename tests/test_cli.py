"""End to end: each command as a user runs it, exit codes and outputs."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from drift.cli import main
from tests.conftest import ROOT, SEEDS


def _run(*argv: str, cache_dir=None) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    args = list(argv)
    if cache_dir is not None and args and args[0] in ("check", "report", "align"):
        args += ["--cache-dir", str(cache_dir)]
    code = main(args, stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_help_is_instant_and_does_not_import_torch():
    probe = (
        "import sys, drift.cli; drift.cli.main(['--help']); "
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "usage: drift" in result.stdout
    assert result.stdout.strip().endswith("False False")


def test_missing_path_is_one_line_and_exit_2(tmp_path):
    code, stdout, stderr = _run("check", str(tmp_path / "no" / "such" / "path"), cache_dir=tmp_path)
    assert code == 2 and stdout == ""
    assert stderr.count("\n") == 1 and "no such file or directory" in stderr and "nothing was checked" in stderr


def test_empty_directory_exits_2(tmp_path):
    (tmp_path / "corpus").mkdir()
    code, _, stderr = _run("check", str(tmp_path / "corpus"), cache_dir=tmp_path)
    assert code == 2 and "nothing was checked" in stderr


def test_usage_error_exits_2():
    code, _, _ = _run("check", "--output-format", "yaml", "x")
    assert code == 2


@pytest.mark.model
def test_check_seeds_json_is_the_version_1_document(tmp_path):
    code, stdout, _ = _run("check", str(SEEDS), "--output-format", "json", cache_dir=tmp_path)
    document = json.loads(stdout)
    assert set(document) >= {"drift_version", "signature", "documents", "stories", "findings", "summary"}
    assert document["signature"]["model"].startswith("all-MiniLM-L6-v2")
    # Every setting that moves a finding: all the thresholds (by digest), the rules, the pair model.
    assert len(document["signature"]["thresholds_digest"]) == 12 and document["signature"]["rules"] == "all"
    assert document["signature"]["pair_model"].startswith("drift pair model ")
    assert [d["status"] for d in document["documents"]] == ["ok"] * 5
    assert len(document["stories"]) == 3
    text = {d["id"]: Path(d["id"]).read_text(encoding="utf-8") for d in document["documents"]}
    for story in document["stories"]:
        for alignment in story["alignments"]:
            for pair in alignment["pairs"]:
                if pair["ref"] is not None:
                    start, end = pair["ref"]
                    assert text[alignment["ref"]][start:end] == pair["ref_text"]
                if pair["var"] is not None:
                    start, end = pair["var"]
                    assert text[alignment["var"]][start:end] == pair["var_text"]
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert code == (1 if errors else 0)
    assert sorted(path.name for path in tmp_path.glob("*.sqlite3")) == ["embeddings.sqlite3", "results.sqlite3"]
    again = _run("check", str(SEEDS), "--output-format", "json", cache_dir=tmp_path)[1]
    assert again == stdout  # byte-identical, read back from the caches
    uncached = _run("check", str(SEEDS), "--output-format", "json", "--no-cache", cache_dir=tmp_path / "none")[1]
    assert uncached == stdout and not (tmp_path / "none").exists()


@pytest.mark.model
def test_bad_files_are_reported_and_the_rest_checked(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("000_94dc767aedf351c3.txt", "001_1d5483c6f3d75ce8.txt"):
        (corpus / name).write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "empty.txt").write_text("")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "records.jsonl").write_text('{"id": "a", "text": "A short record about the weather."}\n{not json\n')
    code, stdout, stderr = _run("check", str(corpus), "-o", "json", cache_dir=tmp_path)
    assert code in (0, 1)
    document = json.loads(stdout)
    status = {d["id"].rsplit("/", 1)[-1]: (d["status"], d["error"]) for d in document["documents"]}
    assert status["empty.txt"] == ("error", "empty file")
    assert status["image.txt"] == ("error", "binary file, not text")
    assert status["records.jsonl#2"][0] == "error" and "line 2: invalid JSON" in status["records.jsonl#2"][1]
    assert status["records.jsonl#1"] == ("ok", None)
    assert status["000_94dc767aedf351c3.txt"] == ("ok", None)
    lines = stderr.strip().splitlines()
    assert len(lines) == 3
    assert any("empty.txt: empty file" in line for line in lines)
    assert any("records.jsonl#2: line 2: invalid JSON" in line for line in lines)


@pytest.mark.model
def test_align_prints_vecalign_lines_and_json(tmp_path):
    a, b = SEEDS / "001_1d5483c6f3d75ce8.txt", SEEDS / "003_c1cc901c0a21e962.txt"
    code, stdout, _ = _run("align", str(a), str(b), cache_dir=tmp_path)
    assert code == 0
    lines = stdout.strip().splitlines()
    assert all(re.fullmatch(r"\[[\d, ]*\]:\[[\d, ]*\]:\d\.\d{4}", line) for line in lines)
    assert "[0]:[0, 1]:" in stdout  # the first sentence is split in two by the round trip
    code, stdout, _ = _run("align", str(a), str(b), "-o", "json", cache_dir=tmp_path)
    document = json.loads(stdout)
    assert document["relation"] == "rendering" and len(document["pairs"]) == len(lines)


@pytest.mark.model
def test_align_presegmented_takes_lines_as_sentences(tmp_path):
    (tmp_path / "a.txt").write_text("The council met on Monday.\nIt approved the budget.\nTaxes will rise.\n")
    (tmp_path / "b.txt").write_text("Taxes will go up.\nOn Monday the council met.\nThe budget was approved.\n")
    code, stdout, _ = _run(
        "align", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--presegmented", cache_dir=tmp_path
    )
    assert code == 0
    beads = {line.rsplit(":", 1)[0] for line in stdout.strip().splitlines()}
    assert beads == {"[0]:[1]", "[1]:[2]", "[2]:[0]"}


@pytest.mark.model
def test_report_shows_stories_side_by_side(tmp_path):
    code, stdout, _ = _run("report", str(SEEDS), cache_dir=tmp_path)
    assert code == 0
    assert "story-1" in stdout and "rendering" in stdout and "same-story" in stdout


# -- drift check as a CI gate (stand-in encoder unless marked model) ---------------------------------


@pytest.fixture
def bow_cli(monkeypatch):
    """``main`` with the stand-in encoder; returns (exit code, stdout, stderr)."""
    from tests.conftest import BagOfWordsEncoder

    monkeypatch.setattr("drift.cli._encoder", lambda args: BagOfWordsEncoder())
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)

    def invoke(*argv: str, stderr: io.StringIO | None = None) -> tuple[int, str, str]:
        stdout, err = io.StringIO(), stderr or io.StringIO()
        code = main(list(argv), stdout=stdout, stderr=err)
        return code, stdout.getvalue(), err.getvalue()

    return invoke


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A fresh directory that is the top of a work tree, as the current directory (no config above it)."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRIFT_CACHE_DIR", raising=False)
    return tmp_path


def _findings(stdout: str) -> list[dict]:
    return json.loads(stdout)["findings"]


def test_check_exit_codes_follow_the_fail_level(repo, bow_cli):
    code, stdout, _ = bow_cli("check", str(SEEDS), "-o", "json", "--fail-on", "info")
    levels = {f["severity"] for f in _findings(stdout)}
    assert code == 1 and levels
    for fail_on, failing in (("error", {"error"}), ("warning", {"error", "warning"}), ("info", levels)):
        code, _, _ = bow_cli("check", str(SEEDS), "-o", "json", "--fail-on", fail_on)
        assert code == (1 if levels & failing else 0), fail_on
    code, stdout, _ = bow_cli("check", str(SEEDS), "-o", "json", "--select", "DR801")
    assert code == 0 and {f["rule"] for f in _findings(stdout)} == {"DR801"}  # info only: below error
    assert bow_cli("check", str(SEEDS), "-o", "json", "--select", "DR801", "--fail-on", "info")[0] == 1
    assert bow_cli("check", str(SEEDS), "-o", "json", "--select", "DR801", "--fail-on", "info", "--exit-zero")[0] == 0
    code, stdout, _ = bow_cli("check", str(SEEDS), "-o", "json", "--select", "DR801", "--severity", "DR801=error")
    assert code == 1 and {f["severity"] for f in _findings(stdout)} == {"error"}


@pytest.mark.parametrize(
    ("argv", "config", "message"),
    [
        (["check", "{seeds}", "--select", "DR9"], None, "command line: --select: unknown rule code or prefix 'DR9'"),
        (["check", "{seeds}", "--severity", "DR801"], None, "command line: --severity: expected CODE=LEVEL"),
        (["check", "{seeds}"], "selct = ['DR1']\n", "drift.toml: selct: unknown key; did you mean 'select'?"),
        (["check", "{seeds}"], "[severity]\nDR999 = 'info'\n", "drift.toml: severity.DR999: unknown rule code"),
        (["check", "{seeds}", "--config", "nope.toml"], None, "nope.toml: no such config file"),
        (["check", "no/such/path"], None, "no/such/path: no such file or directory (nothing was checked)"),
        (["check", "{empty}"], None, "no readable document with text in"),
        (["check", "{seeds}", "--exclude", "*.txt"], None, "(5 excluded) (nothing was checked)"),
        (["check", "{seeds}", "--changed-since", "main"], None, "is not in a git work tree"),
        (["check", "{seeds}", "--output", "no/dir/out.json"], None, "--output no/dir/out.json: cannot write"),
    ],
)
def test_usage_config_and_input_errors_exit_2_in_one_line(repo, bow_cli, argv, config, message):
    (repo / "empty").mkdir()
    if config is not None:
        (repo / "drift.toml").write_text(config, encoding="utf-8")
    argv = [arg.format(seeds=SEEDS, empty=repo / "empty") for arg in argv]
    for extra in ([], ["--exit-zero"]):  # --exit-zero never turns a 2 into a 0
        code, stdout, stderr = bow_cli(*argv, *extra)
        assert code == 2 and stdout == ""
        assert stderr.startswith("drift: ") and stderr.count("\n") == 1, stderr
        assert message in stderr


def test_config_file_sets_format_and_selection(repo, bow_cli):
    (repo / "pyproject.toml").write_text(
        '[tool.drift]\noutput-format = "concise"\nignore = ["DR8"]\nfail-on = "info"\n', encoding="utf-8"
    )
    code, stdout, _ = bow_cli("check", str(SEEDS))
    lines = stdout.splitlines()
    assert lines and lines[-1].startswith("drift: ")
    assert all(" DR8" not in line for line in lines[:-1])
    assert code == (1 if len(lines) > 1 else 0)
    code, stdout, _ = bow_cli("check", str(SEEDS), "-o", "json", "--select", "DR801")  # the command line wins
    assert {f["rule"] for f in _findings(stdout)} == {"DR801"} and code == 1


def test_every_output_format_writes_to_a_file(repo, bow_cli):
    from drift.settings import OUTPUT_FORMATS

    for fmt in OUTPUT_FORMATS:
        target = repo / f"out.{fmt}"
        code, stdout, _ = bow_cli("check", str(SEEDS), "-o", fmt, "--output", str(target), "-q")
        assert code in (0, 1) and stdout == "", fmt
        assert target.read_text(encoding="utf-8").strip(), fmt


def test_cache_dir_from_command_line_environment_and_config(repo, monkeypatch):
    from tests.conftest import BagOfWordsEncoder

    seen: list[str] = []

    def encoder(args):
        seen.append(args.cache_dir)
        return BagOfWordsEncoder()

    monkeypatch.setattr("drift.cli._encoder", encoder)
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    (repo / "drift.toml").write_text('cache-dir = "from-config"\n', encoding="utf-8")
    main(["check", str(SEEDS), "-o", "json"], **quiet)
    monkeypatch.setenv("DRIFT_CACHE_DIR", "/tmp/from-env")
    main(["check", str(SEEDS), "-o", "json"], **quiet)
    main(["check", str(SEEDS), "-o", "json", "--cache-dir", "/tmp/from-cli"], **quiet)
    assert seen == [str(repo / "from-config"), "/tmp/from-env", "/tmp/from-cli"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_changed_since_reports_only_changed_files(tmp_path, monkeypatch, bow_cli):
    monkeypatch.chdir(tmp_path)
    _git(tmp_path, "init", "-q", "-b", "main")
    data = tmp_path / "data"
    data.mkdir()
    for seed in SEEDS.iterdir():
        (data / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "corpus")

    code, stdout, stderr = bow_cli("check", "data", "--changed-since", "no-such-branch")
    assert code == 2 and stdout == "" and "--changed-since no-such-branch: unknown revision" in stderr
    code, stdout, stderr = bow_cli("check", "data", "--changed-since", "main", "-o", "json")
    document = json.loads(stdout)
    assert code == 0 and document["findings"] == [] and "no document changed since main" in stderr
    assert len(document["documents"]) == 5 and not any(d["reported"] for d in document["documents"])

    full = _findings(bow_cli("check", "data", "-o", "json")[1])
    spun = data / "003_c1cc901c0a21e962.txt"
    spun.write_text(spun.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    (data / "new.txt").write_text("An untracked article about something else entirely.\n", encoding="utf-8")
    code, stdout, _ = bow_cli("check", "data", "--changed-since", "main", "-o", "json", "--fail-on", "info")
    document = json.loads(stdout)
    reported = {Path(d["id"]).name for d in document["documents"] if d["reported"]}
    assert reported == {"003_c1cc901c0a21e962.txt", "new.txt"}
    assert len(document["documents"]) == 6  # every document is listed
    assert {Path(f["doc"]).name for f in document["findings"]} <= reported
    before = {f["fingerprint"] for f in full if f["doc"].endswith("003_c1cc901c0a21e962.txt")}
    assert before <= {f["fingerprint"] for f in document["findings"]}
    assert code == (1 if document["findings"] else 0)


def test_changed_since_outside_a_work_tree_exits_2(tmp_path, monkeypatch, bow_cli):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, stdout, stderr = bow_cli("check", str(SEEDS), "--changed-since", "HEAD")
    assert code == 2 and stdout == "" and "is not in a git work tree" in stderr


def test_corpus_documents_are_compared_with_but_not_reported(repo, bow_cli):
    spun = SEEDS / "003_c1cc901c0a21e962.txt"
    full = _findings(bow_cli("check", str(SEEDS), "-o", "json", "--fail-on", "info")[1])
    code, stdout, _ = bow_cli("check", "--corpus", str(SEEDS), str(spun), "-o", "json", "--fail-on", "info")
    document = json.loads(stdout)
    assert len(document["documents"]) == 5  # the named file is not read twice
    assert [d["id"] for d in document["documents"] if d["reported"]] == [str(spun)]
    assert document["summary"]["documents_context"] == 4
    expected = [f["fingerprint"] for f in full if f["doc"] == str(spun)]
    assert [f["fingerprint"] for f in document["findings"]] == expected  # compared with the whole corpus
    assert code == (1 if expected else 0)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_stderr_never_on_stdout(repo, bow_cli, monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    _, plain, _ = bow_cli("check", str(SEEDS), "-o", "json")
    _, stdout, stderr = bow_cli("check", str(SEEDS), "-o", "json", stderr=_Terminal())
    assert stdout == plain  # nothing of the bar on stdout
    assert stderr  # the bar was drawn on the terminal
    _, stdout, stderr = bow_cli("check", str(SEEDS), "-o", "json", "--quiet", stderr=_Terminal())
    assert stdout == plain and stderr == ""
    assert bow_cli("check", str(SEEDS), "-o", "json")[2] == ""  # not a terminal: no bar


def test_pre_commit_hook_definition():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: drift-check" in text and "entry: drift check" in text
    assert "language: python" in text and "require_serial: true" in text
    files = re.search(r"files: '(.+)'", text)
    assert files is not None
    pattern = re.compile(files.group(1))
    assert all(pattern.search(name) for name in ("a.txt", "d/b.jsonl", "c.html", "e.htm"))
    assert not pattern.search("setup.py")


@pytest.mark.model
def test_seeds_gate_and_their_baseline(tmp_path, monkeypatch, real_encoder, seeds_report):
    """The real model: exit 1 once a finding is an error; a baseline written from the same run makes it 0.

    The session's encoder is handed to the CLI: the model is loaded once and the seeds' sentences are
    already in its cache (``seeds_report``).
    """
    monkeypatch.setattr("drift.cli._encoder", lambda args: real_encoder)
    code, stdout, stderr = _run("check", str(SEEDS), "-o", "json")
    findings = json.loads(stdout)["findings"]
    assert len(findings) == len(seeds_report.findings)
    errors = [f for f in findings if f["severity"] == "error"]
    assert code == (1 if errors else 0), stderr
    baseline = tmp_path / "baseline.json"
    code, _, _ = _run("check", str(SEEDS), "-q", "--write-baseline", str(baseline))
    assert code == 0
    code, stdout, _ = _run("check", str(SEEDS), "-o", "sarif", "--baseline", str(baseline))
    assert code == 0 and json.loads(stdout)["runs"][0]["results"] == []
