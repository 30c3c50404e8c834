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
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "usage: drift" in result.stdout
    assert result.stdout.strip().endswith("False False")


def test_missing_path_is_one_line_and_exit_2(tmp_path):
    code, stdout, stderr = _run("check", str(tmp_path / "no" / "such" / "path"), cache_dir=tmp_path)
    assert code == 2 and stdout == ""
    assert (
        stderr.count("\n") == 1 and "no such file or directory" in stderr and "nothing was checked" in stderr
    )


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
    again = _run("check", str(SEEDS), "--output-format", "json", cache_dir=tmp_path)[1]
    assert again == stdout  # byte-identical


@pytest.mark.model
def test_bad_files_are_reported_and_the_rest_checked(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("000_94dc767aedf351c3.txt", "001_1d5483c6f3d75ce8.txt"):
        (corpus / name).write_text((SEEDS / name).read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "empty.txt").write_text("")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "records.jsonl").write_text(
        '{"id": "a", "text": "A short record about the weather."}\n{not json\n'
    )
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
    (tmp_path / "b.txt").write_text(
        "Taxes will go up.\nOn Monday the council met.\nThe budget was approved.\n"
    )
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
