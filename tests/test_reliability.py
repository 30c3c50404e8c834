"""Issue 14: no input crashes a run, stalls it, or is skipped in silence; a crash never looks like findings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from drift.cli import main
from drift.records import Status

STORY_A = (
    "The city council approved a budget of 3.5 billion dollars on Monday.\n"
    "The mayor said the vote was a victory for the residents of the city.\n"
    "Taxes will rise by two percent next year, officials said.\n"
)
STORY_B = (
    "The city council approved a budget of 3.5 billion dollars on Monday.\n"
    "The mayor said the vote was a win for the residents of the city.\n"
    "Taxes will rise by two percent next year, officials said.\n"
)


def _run(*argv: str, cache_dir: Path | None = None) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    args = list(argv)
    if cache_dir is not None:
        args += ["--cache-dir", str(cache_dir)]
    code = main(args, stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def _corpus(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# -- 1. a crash is exit 2, never findings; one bad document never kills a run ------------------------------


def _explode(*args, **kwargs):
    raise ValueError("planted bug")


@pytest.mark.model
@pytest.mark.parametrize("extra", [[], ["--exit-zero"]])
def test_an_escaping_exception_exits_2_with_one_line(tmp_path, monkeypatch, extra):
    corpus = _corpus(tmp_path / "corpus", {"a.txt": STORY_A, "b.txt": STORY_B})
    monkeypatch.setattr("drift.pipeline.group_stories", _explode)
    code, stdout, stderr = _run("check", str(corpus), *extra, cache_dir=tmp_path / "cache")
    assert code == 2 and stdout == ""
    assert stderr == (
        "drift: internal error: ValueError: planted bug (run with --debug for the traceback, please report it)\n"
    )


@pytest.mark.model
def test_debug_shows_the_traceback(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "corpus", {"a.txt": STORY_A, "b.txt": STORY_B})
    monkeypatch.setattr("drift.pipeline.group_stories", _explode)
    code, _, stderr = _run("check", str(corpus), "--debug", cache_dir=tmp_path / "cache")
    assert code == 2 and "Traceback (most recent call last)" in stderr and "_explode" in stderr


@pytest.mark.model
def test_a_rule_that_raises_on_one_document_is_reported_and_the_rest_checked(tmp_path, monkeypatch):
    from drift.rules.number import NumberChanged

    corpus = _corpus(
        tmp_path / "corpus",
        {"a.txt": STORY_A, "b.txt": STORY_B.replace("3.5 billion", "3.8 billion")},
    )
    original = NumberChanged.check_pair

    def check_pair(self, context):
        if context.subject.id.endswith("b.txt"):
            raise KeyError("planted")
        return original(self, context)

    monkeypatch.setattr(NumberChanged, "check_pair", check_pair)
    code, stdout, stderr = _run("check", str(corpus), "-o", "json", cache_dir=tmp_path / "cache")
    document = json.loads(stdout)
    status = {Path(d["id"]).name: (d["status"], d["error"]) for d in document["documents"]}
    assert status["a.txt"] == ("ok", None)
    assert status["b.txt"][0] == "internal-error"
    assert f"rule {NumberChanged.code}" in status["b.txt"][1] and "KeyError" in status["b.txt"][1]
    assert code == 0 or any(f["rule"] != NumberChanged.code for f in document["findings"])
    assert "b.txt: internal error in rule" in stderr
    for output_format in ("github", "sarif", "junit", "concise"):
        _, text, _ = _run("check", str(corpus), "-o", output_format, cache_dir=tmp_path / "cache")
        assert "internal error in rule" in text, output_format  # not hidden by the result cache either


@pytest.mark.model
def test_a_stage_that_raises_on_one_document_is_reported_and_the_rest_checked(tmp_path, monkeypatch):
    import drift.pipeline

    corpus = _corpus(tmp_path / "corpus", {"a.txt": STORY_A, "b.txt": STORY_B, "c.txt": STORY_A})
    original = drift.pipeline.segment_articles

    def segment(articles):
        if any(article.id.endswith("c.txt") for article in articles):
            raise IndexError("planted")
        return original(articles)

    monkeypatch.setattr(drift.pipeline, "segment_articles", segment)
    code, stdout, stderr = _run("check", str(corpus), "-o", "json", cache_dir=tmp_path / "cache")
    status = {Path(d["id"]).name: d["status"] for d in json.loads(stdout)["documents"]}
    assert status == {"a.txt": "ok", "b.txt": "ok", "c.txt": Status.INTERNAL_ERROR.value}
    assert code in (0, 1) and "c.txt: internal error in segment: IndexError: planted" in stderr
