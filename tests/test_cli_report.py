"""End to end: ``drift report`` and ``drift diff`` as a reader runs them, text and html."""

from __future__ import annotations

import io
import json
import re

import pytest

from drift.cli import main
from tests.conftest import SEEDS

ANSI = re.compile(r"\x1b\[[0-9;]*m")
A, B = SEEDS / "001_1d5483c6f3d75ce8.txt", SEEDS / "003_c1cc901c0a21e962.txt"


@pytest.fixture
def cache_dir(model_cache_dir, seeds_report):
    """The session's embedding cache, already holding the seeds' sentences: the commands run warm."""
    return model_cache_dir


def _run(*argv: str, cache_dir) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main([*argv, "--cache-dir", str(cache_dir)], stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture(autouse=True)
def neutral_environment(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "PAGER"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.model
def test_diff_shows_the_two_documents_and_exits_1_on_an_error(cache_dir):
    code, stdout, stderr = _run("diff", str(A), str(B), "--width", "100", "--color", "never", cache_dir=cache_dir)
    assert stderr == ""
    assert "001 → 003  rendering" in stdout and "│" in stdout
    assert "[-" in stdout and "{+" in stdout and "\x1b" not in stdout
    assert max(len(line) for line in stdout.splitlines()) <= 100
    _, as_json, _ = _run("diff", str(A), str(B), "-o", "json", cache_dir=cache_dir)
    document = json.loads(as_json)
    assert [d["id"] for d in document["documents"]] == [str(A), str(B)]
    assert document["stories"][0]["reference"] == str(A)
    errors = [f for f in document["findings"] if f["severity"] == "error"]
    assert code == (1 if errors else 0)
    if errors:
        assert errors[0]["rule"] in stdout


@pytest.mark.model
def test_diff_inline_below_100_columns_and_colour_from_the_environment(cache_dir, monkeypatch):
    _, narrow, _ = _run("diff", str(A), str(B), "--width", "80", cache_dir=cache_dir)
    assert "│" not in narrow and re.search(r"\[-\S.*?-\]\{\+", narrow)
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, forced, _ = _run("diff", str(A), str(B), "--width", "80", cache_dir=cache_dir)
    assert "\x1b[" in forced and ANSI.sub("", forced) == narrow
    monkeypatch.setenv("NO_COLOR", "1")
    _, plain, _ = _run("diff", str(A), str(B), "--width", "80", cache_dir=cache_dir)
    assert plain == narrow
    _, always, _ = _run("diff", str(A), str(B), "--width", "80", "--color", "always", cache_dir=cache_dir)
    assert "\x1b[" in always


@pytest.mark.model
def test_diff_html_to_a_file(cache_dir, tmp_path):
    page = tmp_path / "diff.html"
    code, stdout, _ = _run("diff", str(A), str(B), "-o", "html", "--output", str(page), cache_dir=cache_dir)
    assert code in (0, 1) and stdout == ""
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<title>drift diff</title>" in html and "003_c1cc901c0a21e962.txt" in html


@pytest.mark.model
def test_report_html_and_everything_with_all(cache_dir):
    code, html, stderr = _run("report", str(SEEDS), "-o", "html", "--quiet", cache_dir=cache_dir)
    assert code == 0 and stderr == "" and html.startswith("<!DOCTYPE html>")
    assert "story-1" in html and "000_94dc767aedf351c3.txt" in html and "same-story" in html
    code, everything, _ = _run("report", str(SEEDS), "--all", "--width", "120", "--no-pager", cache_dir=cache_dir)
    assert code == 0 and "\n… " not in everything  # nothing folded
    assert "page furniture stripped" in everything and "LEAVE A REPLY" in everything


def test_diff_errors_exit_2(tmp_path):  # no model needed: the inputs fail first
    (tmp_path / "a.txt").write_text("The council met on Monday.\n")
    code, stdout, stderr = _run("diff", str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), cache_dir=tmp_path)
    assert code == 2 and stdout == "" and stderr.count("\n") == 1 and "missing.txt" in stderr
    code, _, _ = _run("diff", str(tmp_path / "a.txt"), cache_dir=tmp_path)
    assert code == 2
    code, _, _ = _run("report", str(tmp_path), "--width", "10", cache_dir=tmp_path)
    assert code == 2  # a usage error: too narrow
