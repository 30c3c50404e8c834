"""Hypothesis over the whole pipeline: random documents in every script, control characters, JSONL, HTML, pairs.

A few dozen examples per run in the suite; ``make fuzz`` sets ``DRIFT_FUZZ_EXAMPLES`` to run many more. What
is checked is the contract of issue 14: never an exception, only exit codes 0, 1 or 2, outputs that are valid
UTF-8 JSON, and every input either checked or given a status.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift.cli import main
from tests.conftest import BagOfWordsEncoder

EXAMPLES = int(os.environ.get("DRIFT_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Words of the scripts a crawl holds, and the characters that break naive code.
_WORDS = st.sampled_from(
    [
        *["council", "budget", "Monday", "3.5", "billion", "said", "Janedoe", "U.S.", "No.", "10", "🎉"],
        *["东京", "电力公司", "冷却系统", "東京電力", "発表した", "도쿄전력은", "발전소의"],
        *["مجلس", "المدينة", "מועצת", "העיר", "नगर", "परिषद"],
        *["Городской", "совет", "δημοτικό", "συμβούλιο", "สภาเมือง"],
    ]
)
_NOISE = st.sampled_from(
    [" ", "\u00a0", "\u3000", "\n", "\n\n", ". ", "。", "！", "？", "؟ ", "। ", "\x1b[31m", "\x1b[0m", "\x00",
     "\x07", "\t", "\u200b", "\ufeff", "\u2028", "“", "”", '"', "'", "«", "»", "...", "…", "\r\n", "&amp;", "<b>",
     "\x85"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_WORDS, _NOISE, st.text(max_size=6)), min_size=0, max_size=60).map("".join)


def _run(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture(autouse=True)
def _fast_encoder(monkeypatch):
    """The bag-of-words encoder: the fuzz tests exercise drift's code, not the model's."""
    monkeypatch.setattr("drift.embed.load_encoder", lambda spec=None, **_: BagOfWordsEncoder())


def _write(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def _check(corpus: Path) -> None:
    code, stdout, stderr = _run("check", str(corpus), "-o", "json", "--no-cache", "--progress", "none")
    assert code in (0, 1, 2), stderr
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    if code != 2:
        document = json.loads(stdout)
        stdout.encode("utf-8")
        assert all(d["status"] in ("ok", "error", "no-sentences") for d in document["documents"])
    else:
        assert stdout == "" and stderr.startswith("drift: ")


@FUZZ
@given(first=_TEXT, second=_TEXT, edit=_TEXT)
def test_fuzz_versions_of_random_text_through_check(tmp_path_factory, first, second, edit):
    corpus = tmp_path_factory.mktemp("corpus")
    _write(corpus, "a.txt", (first + second).encode("utf-8", "surrogatepass"))
    _write(corpus, "b.txt", (first + edit + second).encode("utf-8", "surrogatepass"))
    _check(corpus)


@FUZZ
@given(records=st.lists(st.one_of(st.dictionaries(st.sampled_from(["id", "text", "lang", "title"]), st.one_of(
    _TEXT, st.integers(), st.none(), st.booleans())), st.text(max_size=40), _TEXT), max_size=6))  # fmt: skip
def test_fuzz_random_jsonl_lines_through_check(tmp_path_factory, records):
    corpus = tmp_path_factory.mktemp("corpus")
    lines = [json.dumps(record) if isinstance(record, dict) else record for record in records]
    _write(corpus, "records.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    _check(corpus)


_TAGS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<title>", "</title>", "<script>x<y</script>", "<br/>",
                         "<!--", "-->", "&#0;", "&#x1F600;", "&nbsp;", "<a href='x'>", "</a>", "<h1>",
                         "</h1>"])  # fmt: skip


@FUZZ
@given(first=st.lists(st.one_of(_TAGS, _TEXT), max_size=30), second=st.lists(st.one_of(_TAGS, _TEXT), max_size=30))
def test_fuzz_random_html_through_check(tmp_path_factory, first, second):
    corpus = tmp_path_factory.mktemp("corpus")
    _write(corpus, "a.html", "".join(first + second).encode("utf-8", "surrogatepass"))
    _write(corpus, "b.html", "".join([*first, "<p>", "changed", "</p>", *second]).encode("utf-8", "surrogatepass"))
    _check(corpus)


@FUZZ
@given(lines=st.lists(st.one_of(
    st.builds(lambda i, a, b: json.dumps({"id": i, "a": a, "b": b}), st.one_of(st.text(max_size=5), st.integers(),
              st.booleans(), st.floats(allow_nan=False), st.none()), _TEXT, _TEXT),
    st.text(max_size=60),
), max_size=8))  # fmt: skip
def test_fuzz_random_lines_through_pairs(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("pairs")
    _write(folder, "pairs.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    code, stdout, stderr = _run("pairs", str(folder / "pairs.jsonl"), "--no-cache", "--progress", "none")
    assert code in (0, 1, 2) and "internal error" not in stderr and "Traceback" not in stderr, stderr
    for line in stdout.splitlines():
        record = json.loads(line)
        assert "error" in record or {"id", "score", "label", "findings"} <= set(record)
