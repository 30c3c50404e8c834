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


# -- 2. every script a crawl holds: no crash, sentences found --------------------------------------------------

SCRIPTS = {
    "zh": (
        "东京电力公司周一表示，核电站的冷却系统已经恢复正常。官员说，没有发现辐射泄漏！居民可以在周三返回家园。",
        "东京电力公司周一称，核电站的冷却系统已恢复正常。官员表示，未发现辐射泄漏！居民可以在周四返回家园。",
    ),
    "ja": (
        "東京電力は月曜日、原子力発電所の冷却システムが正常に戻ったと発表した。当局者によると、放射能漏れは見つかっていない。"
        "住民は水曜日に帰宅できる。",
        "東京電力は月曜日、原発の冷却システムが正常に戻ったと発表した。当局者によると、放射能漏れは確認されていない。"
        "住民は木曜日に帰宅できる。",
    ),
    "ko": (
        "도쿄전력은 월요일 원자력 발전소의 냉각 시스템이 정상으로 돌아왔다고 밝혔다. "
        "관계자들은 방사능 누출은 발견되지 않았다고 말했다. "
        "주민들은 수요일에 집으로 돌아갈 수 있다.",
        "도쿄전력은 월요일 원전의 냉각 시스템이 정상화됐다고 밝혔다. 관계자들은 방사능 누출은 없었다고 말했다. "
        "주민들은 목요일에 집으로 돌아갈 수 있다.",
    ),
    "ar": (
        "وافق مجلس المدينة يوم الاثنين على ميزانية قدرها ثلاثة مليارات دولار. "
        "وقال رئيس البلدية إن التصويت انتصار للسكان. "
        "هل سترتفع الضرائب؟ سترتفع الضرائب بنسبة اثنين في المئة العام المقبل.",
        "وافق مجلس المدينة يوم الاثنين على ميزانية قدرها أربعة مليارات دولار. وقال رئيس البلدية إن التصويت نصر للسكان. "
        "هل سترتفع الضرائب؟ سترتفع الضرائب بنسبة اثنين في المئة العام المقبل.",
    ),
    "he": (
        "מועצת העיר אישרה ביום שני תקציב של שלושה מיליארד דולר. ראש העיר אמר שההצבעה היא ניצחון לתושבים. "
        "המסים יעלו בשני אחוזים בשנה הבאה.",
        "מועצת העיר אישרה ביום שני תקציב של ארבעה מיליארד דולר. ראש העיר אמר שההצבעה היא הישג לתושבים. "
        "המסים יעלו בשני אחוזים בשנה הבאה.",
    ),
    "hi": (
        "नगर परिषद ने सोमवार को तीन अरब डॉलर के बजट को मंजूरी दी। महापौर ने कहा कि यह मतदान निवासियों की जीत है। "
        "अगले साल कर दो प्रतिशत बढ़ेंगे।",
        "नगर परिषद ने सोमवार को चार अरब डॉलर के बजट को मंजूरी दी। महापौर ने कहा कि यह मतदान नागरिकों की जीत है। "
        "अगले साल कर दो प्रतिशत बढ़ेंगे।",
    ),
    "ru": (
        "Городской совет в понедельник утвердил бюджет в размере 3,5 миллиарда долларов. Мэр заявил, что голосование "
        "стало победой жителей. В следующем году налоги вырастут на два процента.",
        "Городской совет в понедельник утвердил бюджет в размере 3,8 миллиарда долларов. Мэр заявил, что голосование "
        "стало успехом жителей. В следующем году налоги вырастут на два процента.",
    ),
    "el": (
        "Το δημοτικό συμβούλιο ενέκρινε τη Δευτέρα προϋπολογισμό 3,5 δισεκατομμυρίων δολαρίων. Ο δήμαρχος είπε ότι η "
        "ψηφοφορία ήταν νίκη για τους κατοίκους. Οι φόροι θα αυξηθούν κατά δύο τοις εκατό τον επόμενο χρόνο.",
        "Το δημοτικό συμβούλιο ενέκρινε τη Δευτέρα προϋπολογισμό 3,8 δισεκατομμυρίων δολαρίων. Ο δήμαρχος είπε ότι η "
        "ψηφοφορία ήταν επιτυχία για τους κατοίκους. Οι φόροι θα αυξηθούν κατά δύο τοις εκατό τον επόμενο χρόνο.",
    ),
    "th": (
        "สภาเมืองอนุมัติงบประมาณสามพันล้านดอลลาร์เมื่อวันจันทร์ นายกเทศมนตรีกล่าวว่าการลงคะแนนเป็นชัยชนะของประชาชน\n"
        "ภาษีจะเพิ่มขึ้นร้อยละสองในปีหน้า\n",
        "สภาเมืองอนุมัติงบประมาณสี่พันล้านดอลลาร์เมื่อวันจันทร์ นายกเทศมนตรีกล่าวว่าการลงคะแนนเป็นความสำเร็จของประชาชน\n"
        "ภาษีจะเพิ่มขึ้นร้อยละสองในปีหน้า\n",
    ),
}


@pytest.mark.model
@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_two_versions_in_any_script_are_checked(tmp_path, language):
    first, second = SCRIPTS[language]
    corpus = _corpus(tmp_path / "corpus", {"a.txt": first, "b.txt": second})
    code, stdout, stderr = _run("check", str(corpus), "-o", "json", cache_dir=tmp_path / "cache")
    assert code in (0, 1), stderr
    assert "Traceback" not in stderr and "wordfreq" not in stderr.lower() and "jieba" not in stderr.lower()
    document = json.loads(stdout)
    assert [d["status"] for d in document["documents"]] == ["ok", "ok"]
    assert all(d["sentences"] >= 2 for d in document["documents"]), document["documents"]
    assert not [f for f in document["findings"] if f["rule"] == "DR107"]  # no phrase called "not a word"


@pytest.mark.model
def test_a_cjk_pair_is_scored_by_pairs(tmp_path):
    lines = [json.dumps({"id": language, "a": SCRIPTS[language][0], "b": SCRIPTS[language][1]}) for language in SCRIPTS]
    (tmp_path / "pairs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, stdout, stderr = _run("pairs", str(tmp_path / "pairs.jsonl"), "--cache-dir", str(tmp_path / "cache"))
    assert code in (0, 1), stderr
    assert sorted(json.loads(line)["id"] for line in stdout.splitlines()) == sorted(SCRIPTS)


def test_cjk_sentences_end_at_full_width_stops():
    from drift.segment import split_sentences

    text = SCRIPTS["zh"][0]
    assert [text[start:end][-1] for start, end in split_sentences(text, "zh")] == ["。", "！", "。"]


def test_word_rules_step_back_where_no_word_list_can_judge(monkeypatch):
    from drift.language import judges_words
    from drift.lexicon import is_known, split_fused

    assert not judges_words("zh") and not judges_words("th") and not judges_words("ja")
    assert judges_words("ko") and judges_words("ru") and judges_words("en")
    assert is_known("核电站的冷却系统已经恢复正常", "zh") and split_fused("核电站的冷却系统已经", "zh") is None
    judges_words.cache_clear()
    monkeypatch.setattr("drift.language.wordfreq_module", _without_mecab(monkeypatch))
    try:
        assert not judges_words("ko") and is_known("도쿄전력은", "ko")
    finally:
        judges_words.cache_clear()


def _without_mecab(monkeypatch):
    """wordfreq as it behaves when MeCab is not installed: importing the tokenizer fails."""
    import wordfreq

    class Missing:
        def __getattr__(self, name):
            return getattr(wordfreq, name)

        def zipf_frequency(self, word, language):
            if language.startswith(("ko", "ja")):
                raise ModuleNotFoundError("No module named 'MeCab'")
            return wordfreq.zipf_frequency(word, language)

    return lambda: Missing()


# -- 3. nothing skipped in silence ---------------------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("ending", ["", " 🎉", " See more"], ids=["no-full-stop", "final-emoji", "see-more"])
def test_a_one_line_document_without_final_punctuation_is_checked(tmp_path, ending):
    line = "The city council approved a budget of 3.5 billion dollars on Monday"
    corpus = _corpus(tmp_path / "corpus", {"a.txt": line + ending + "\n", "b.txt": line.replace("3.5", "3.8") + ending})
    code, stdout, stderr = _run("check", str(corpus), "-o", "json", cache_dir=tmp_path / "cache")
    document = json.loads(stdout)
    assert [(d["status"], d["sentences"]) for d in document["documents"]] == [("ok", 1), ("ok", 1)], stderr
    assert any(f["rule"] == "DR201" for f in document["findings"]) and code == 1


def test_a_title_line_stays_a_title_when_the_document_has_a_body():
    from tests.conftest import articles_from_texts

    (article,) = articles_from_texts({"a.txt": "Council approves budget\n" + STORY_A})
    assert article.blocks[0].kind.value == "title" and len(article.sentences) == 3


@pytest.mark.model
def test_a_document_with_no_sentence_to_check_says_so(tmp_path):
    corpus = _corpus(
        tmp_path / "corpus",
        {"a.txt": STORY_A, "b.txt": STORY_B, "dates.txt": "12.03.2024\n"},
    )
    code, stdout, stderr = _run("check", str(corpus), "-o", "json", cache_dir=tmp_path / "cache")
    status = {Path(d["id"]).name: (d["status"], d["error"]) for d in json.loads(stdout)["documents"]}
    assert status["dates.txt"] == ("no-sentences", "no sentence to check: its 1 line(s) are page furniture")
    assert status["a.txt"] == ("ok", None) and code in (0, 1)
    assert "dates.txt: no sentence to check" in stderr


# -- 4. a cache never kills or blocks a run ------------------------------------------------------------------------


def _filled_cache(cache_dir: Path) -> None:
    """Both cache files with drift's own tables, a few pages of rows in each, in rollback-journal mode."""
    import sqlite3

    import numpy as np

    from drift.embed import EmbeddingCache
    from drift.results import ResultCache

    embeddings = EmbeddingCache(cache_dir / "embeddings.sqlite3")
    embeddings.put("model", {f"key{n}": np.ones(64, dtype=np.float32) for n in range(200)})
    embeddings.close()
    results = ResultCache(cache_dir / "results.sqlite3")
    for n in range(200):
        results.memo("filler", lambda n=n: (n,), lambda: "x" * 200)
    results.close()
    for name in ("embeddings.sqlite3", "results.sqlite3"):
        connection = sqlite3.connect(cache_dir / name)
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.close()


def _malformed_pages(cache_dir: Path) -> None:
    _filled_cache(cache_dir)
    for name in ("embeddings.sqlite3", "results.sqlite3"):
        data = bytearray((cache_dir / name).read_bytes())
        data[4096:] = bytes(range(256)) * ((len(data) - 4096) // 256) + b"\x00" * ((len(data) - 4096) % 256)
        (cache_dir / name).write_bytes(bytes(data))


def _random_header(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name in ("embeddings.sqlite3", "results.sqlite3"):
        (cache_dir / name).write_bytes(bytes(range(256)) * 64)


def _wrong_schema(cache_dir: Path) -> None:
    import sqlite3

    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, table in (("embeddings.sqlite3", "vectors"), ("results.sqlite3", "results")):
        connection = sqlite3.connect(cache_dir / name)
        connection.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, other TEXT)")
        connection.commit()
        connection.close()


@pytest.mark.model
@pytest.mark.parametrize("damage", [_malformed_pages, _random_header, _wrong_schema])
def test_a_broken_cache_is_one_warning_and_the_run_goes_on(tmp_path, damage):
    corpus = _corpus(tmp_path / "corpus", {"a.txt": STORY_A, "b.txt": STORY_B})
    clean = _run("check", str(corpus), "-o", "json", "--no-cache")[1]
    damage(tmp_path / "cache")
    code, stdout, stderr = _run("check", str(corpus), "-o", "json", cache_dir=tmp_path / "cache")
    assert code in (0, 1) and stdout == clean
    warnings = stderr.splitlines()
    assert warnings and all(line.startswith("drift: warning: ") and "going on without it" in line for line in warnings)
    assert len(warnings) <= 2 and "Traceback" not in stderr


def test_a_read_only_cache_is_dropped_not_fatal(tmp_path, monkeypatch, bow_encoder):
    import sqlite3

    from drift.embed import CachedEncoder, EmbeddingCache
    from drift.pipeline import run
    from drift.results import ResultCache

    def read_only(*args):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(EmbeddingCache, "_put", staticmethod(read_only))
    monkeypatch.setattr(ResultCache, "_put", staticmethod(read_only))
    corpus = _corpus(tmp_path / "corpus", {"a.txt": STORY_A, "b.txt": STORY_B})
    embeddings = EmbeddingCache(tmp_path / "embeddings.sqlite3")
    results = ResultCache(tmp_path / "results.sqlite3")
    report = run([str(corpus)], CachedEncoder(bow_encoder, embeddings), results=results)
    assert len(report.alignments) == 1
    assert "readonly" in (embeddings.problem or "") and "readonly" in (results.problem or "")


def test_a_cache_locked_past_the_timeout_is_dropped_not_waited_for(tmp_path, monkeypatch, bow_encoder):
    import sqlite3
    import time

    import drift.results
    from drift.embed import CachedEncoder, EmbeddingCache
    from drift.pipeline import run

    monkeypatch.setattr(drift.results, "LOCK_TIMEOUT_S", 0.2)
    embeddings = EmbeddingCache(tmp_path / "embeddings.sqlite3")
    holder = sqlite3.connect(tmp_path / "embeddings.sqlite3")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        corpus = _corpus(tmp_path / "corpus", {"a.txt": STORY_A, "b.txt": STORY_B})
        began = time.monotonic()
        report = run([str(corpus)], CachedEncoder(bow_encoder, EmbeddingCache(tmp_path / "embeddings.sqlite3")))
        assert len(report.alignments) == 1 and time.monotonic() - began < 30
    finally:
        holder.rollback()
        holder.close()
        embeddings.close()


# -- 5. file names are data ---------------------------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("output_format", ["json", "github", "sarif", "junit", "concise", "json-lines"])
def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path, output_format):
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(STORY_A, encoding="utf-8")
    bad = os.fsencode(corpus) + b"/b\xff\xfe.txt"
    with open(bad, "wb") as handle:
        handle.write(STORY_B.replace("3.5 billion", "3.8 billion").encode())
    out = tmp_path / "out.txt"
    code, stdout, stderr = _run(
        "check", str(corpus), "-o", output_format, "--output", str(out), cache_dir=tmp_path / "cache"
    )
    assert code == 1, stderr
    text = out.read_bytes().decode("utf-8")  # valid UTF-8
    assert "b\\xff\\xfe.txt" in text.replace("\\\\", "\\")  # JSON writes the backslash escaped
    code, stdout, _ = _run("check", str(corpus), "-o", output_format, cache_dir=tmp_path / "cache")
    stdout.encode("utf-8")  # no lone surrogate reaches stdout


@pytest.mark.model
def test_an_escaped_file_name_round_trips_through_the_baseline(tmp_path):
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(STORY_A, encoding="utf-8")
    with open(os.fsencode(corpus) + b"/b\xff.txt", "wb") as handle:
        handle.write(STORY_B.replace("3.5 billion", "3.8 billion").encode())
    baseline = tmp_path / "baseline.json"
    code, _, stderr = _run("check", str(corpus), "--write-baseline", str(baseline), cache_dir=tmp_path / "cache")
    assert code == 0 and "b\\xff.txt" in baseline.read_text(encoding="utf-8").replace("\\\\", "\\")
    code, _, stderr = _run("check", str(corpus), "--baseline", str(baseline), cache_dir=tmp_path / "cache")
    assert code == 0 and "no longer found" not in stderr, stderr


# -- 6. drift pairs reports every bad line and goes on -------------------------------------------------------------


@pytest.mark.model
def test_pairs_reports_every_bad_line_and_scores_the_rest(tmp_path):
    good = {"a": "The council met on Monday.", "b": "The council met on Tuesday."}
    lines = [
        json.dumps({"id": "good-1", **good}),
        '{"id": "surrogate", "a": "\\ud800 broken", "b": "fine"}',
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"id": "huge", "a": "word " * 5_000, "b": "The council met. " * 2_000}),
        "x" * 1_100_000,
        json.dumps({"id": True, **good}),
        json.dumps({"id": 1.5, **good}),
        json.dumps({"id": 7, **good}),
        '{"id": "cut", "a": ',
        '{"id": "open string", "a": "no end',
        json.dumps({"id": "good-2", **good}),
    ]
    (tmp_path / "pairs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, stdout, _ = _run("pairs", str(tmp_path / "pairs.jsonl"), "--cache-dir", str(tmp_path / "cache"))
    records = [json.loads(line) for line in stdout.splitlines()]
    assert len(records) == len(lines) and code in (0, 1)
    by_line = {number: record for number, record in enumerate(records, start=1)}
    assert [by_line[n]["id"] for n in (1, 8, 11)] == ["good-1", "7", "good-2"]
    errors = {n: r["error"] for n, r in by_line.items() if "error" in r}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 9, 10]
    assert "lone surrogate" in errors[2] and "nested too deeply" in errors[3]
    assert "too long" in errors[4] and "line too long" in errors[5]
    assert errors[6] == 'invalid "id": a boolean (true); an id is a string or an integer'
    assert errors[7] == 'invalid "id": a number (1.5); an id is a string or an integer'
    assert errors[9] == f"invalid JSON (Expecting value at column {len(lines[8]) + 1})"
    assert "at at" not in errors[10] and "Unterminated string starting at column 28" in errors[10]
    assert all(set(r) == {"id", "line", "error"} for r in records if "error" in r)


@pytest.mark.model
def test_pairs_streams_results_batch_by_batch(tmp_path, monkeypatch):
    good = {"a": "The council met on Monday.", "b": "The council met on Tuesday."}
    (tmp_path / "pairs.jsonl").write_text(
        "\n".join(json.dumps({"id": n, **good}) for n in range(5)) + "\n", encoding="utf-8"
    )
    seen: list[int] = []

    class Out(io.StringIO):
        def flush(self):
            seen.append(self.getvalue().count("\n"))

    out = Out()
    main(["pairs", str(tmp_path / "pairs.jsonl"), "--batch-size", "2", "--no-cache"], stdout=out, stderr=io.StringIO())
    assert seen == [2, 4, 5]


# -- 7. bounded work ----------------------------------------------------------------------------------------------


def test_a_fifo_named_on_the_command_line_is_refused_not_waited_on(tmp_path):
    import os

    from drift.ingest import read_corpus

    os.mkfifo(tmp_path / "pipe.txt")
    (document,) = read_corpus([str(tmp_path / "pipe.txt")]).documents
    assert "named pipe (FIFO)" in document.error and "name - instead" in document.error
    (device,) = read_corpus(["/dev/zero"]).documents
    assert device.error.startswith("a device, not a regular file")


def test_the_default_size_limit_fits_news_and_jsonl_records_have_it_too(tmp_path):
    from drift.ingest import DEFAULT_MAX_BYTES, read_corpus

    big = tmp_path / "big.txt"
    big.write_bytes(b"The council met. " * (DEFAULT_MAX_BYTES // 17 + 1))
    (document,) = read_corpus([str(big)]).documents
    assert "too large" in document.error and "--max-bytes" in document.error
    records = tmp_path / "records.jsonl"
    records.write_text(
        json.dumps({"id": "small", "text": "The council met."})
        + "\n"
        + json.dumps({"id": "big", "text": "The council met. " * 400})
        + "\n"
    )
    small, large = read_corpus([str(records)], max_bytes=4000).documents
    assert small.ok and "too large" in large.error


def test_a_document_over_the_sentence_limit_is_refused_with_a_clear_message(tmp_path, bow_encoder):
    from drift.pipeline import RunOptions, run

    corpus = _corpus(
        tmp_path / "corpus",
        {"a.txt": STORY_A, "b.txt": STORY_B, "long.txt": "".join(f"Line {n} of the dump.\n" for n in range(50))},
    )
    report = run([str(corpus)], bow_encoder, RunOptions(max_sentences=20))
    status = {Path(d.id).name: (d.status, d.error) for d in report.documents}
    assert status["long.txt"] == (
        Status.ERROR,
        "too many sentences: 50 is over the limit of 20; raise it with --max-sentences 50",
    )
    assert status["a.txt"] == (Status.OK, None) and len(report.alignments) == 1


@pytest.mark.model
def test_progress_lines_under_ci(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "corpus", {"a.txt": STORY_A, "b.txt": STORY_B})
    monkeypatch.setenv("CI", "true")
    _, _, stderr = _run("check", str(corpus), cache_dir=tmp_path / "cache")
    assert "drift: read 2/2" in stderr and "drift: detect" in stderr
    _, _, stderr = _run("check", str(corpus), "--progress", "none", cache_dir=tmp_path / "cache")
    assert "drift: read" not in stderr


# -- 9. small ones ------------------------------------------------------------------------------------------------


def test_utf16_without_bom_is_text_not_binary(tmp_path):
    from drift.ingest import read_corpus

    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(STORY_A.encode(encoding))
        (document,) = read_corpus([str(path)]).documents
        assert document.ok and document.text == STORY_A and document.encoding == encoding


def test_utf16_without_bom_in_other_scripts_is_read_and_utf8_with_a_zero_byte_is_not_taken_for_it(tmp_path):
    """The suite's ingest fuzz: UTF-8 '0\\x00\\x80' has a zero byte at every other place and read as UTF-16 '0胂'."""
    from drift.ingest import read_corpus

    text = "Le café a fermé. Το συμβούλιο συνεδρίασε. Городской совет собрался.\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        (document,) = read_corpus([str(path)]).documents
        assert document.ok and document.text == text and document.encoding == encoding
    (tmp_path / "nul.txt").write_bytes("0\x00\x80".encode())
    (document,) = read_corpus([str(tmp_path / "nul.txt")]).documents
    assert not document.ok and "binary" in document.error


def test_a_self_referencing_link_is_a_loop_not_broken(tmp_path):
    import os

    from drift.ingest import read_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.symlink(corpus / "self.txt", corpus / "self.txt")
    (walked,) = read_corpus([str(corpus)]).documents
    (named,) = read_corpus([str(corpus / "self.txt")]).documents
    assert walked.error == named.error == "symbolic link loop: the link leads back to itself"


def test_json_errors_say_at_column_once(tmp_path):
    from drift.ingest import read_corpus

    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "a", "text": "unterminated\n')
    (document,) = read_corpus([str(path)]).documents
    assert document.error == "line 1: invalid JSON (Unterminated string starting at column 21)"


# -- 8. text hygiene ----------------------------------------------------------------------------------------------


def test_terminal_control_sequences_are_out_of_the_view_and_offsets_stay_original():
    from drift.ingest import terminal_free_view

    text = "The budget is \x1b[1;31m3.5 billion\x1b[0m dollars.\x1b]0;title\x07 Done.\x08"
    view = terminal_free_view(text)
    assert view.text == "The budget is 3.5 billion dollars. Done."
    start = view.text.index("3.5")
    assert text[slice(*view.to_original(start, start + len("3.5 billion")))] == "3.5 billion"


@pytest.mark.model
def test_ansi_colour_codes_give_no_false_number_finding(tmp_path):
    coloured = STORY_A.replace("3.5 billion", "\x1b[32m3.5 billion\x1b[0m")
    corpus = _corpus(tmp_path / "corpus", {"a.txt": STORY_A, "b.txt": coloured})
    code, stdout, _ = _run("check", str(corpus), "-o", "json", cache_dir=tmp_path / "cache")
    document = json.loads(stdout)
    assert code == 0 and document["findings"] == [], document["findings"]
    assert all(d["status"] == "ok" and d["sentences"] == 3 for d in document["documents"])


@pytest.mark.model
def test_duplicate_record_ids_are_warned_about(tmp_path):
    records = tmp_path / "records.jsonl"
    lines = [{"id": "same", "text": STORY_A}, {"id": "other", "text": STORY_B}, {"id": "same", "text": STORY_B}]
    records.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    code, _, stderr = _run("check", str(records), cache_dir=tmp_path / "cache")
    assert code in (0, 1)
    assert f"drift: warning: {records}: id 'same' is used by 2 records (lines 1, 3)" in stderr


def test_versions_beyond_the_cap_are_left_out_said_so(tmp_path, bow_encoder):
    from drift.pipeline import RunOptions, run

    records = tmp_path / "records.jsonl"
    template = "Record number {n} says the council met on day {m}. The vote was {n} to {n}."
    records.write_text(
        "\n".join(json.dumps({"id": str(n), "text": template.format(n=n, m=n + 1)}) for n in range(12)) + "\n"
    )
    report = run([str(records)], bow_encoder, RunOptions(max_versions=5))
    assert [len(story.documents) for story in report.stories] == [5]
    left_out = [d for d in report.documents if not d.ok]
    assert len(left_out) == 7 and all("beyond the first 5" in d.error for d in left_out)
    assert all(finding.doc in report.stories[0].documents for finding in report.findings)


def test_a_lang_field_that_is_no_language_tag_is_ignored(tmp_path, bow_encoder):
    """``make fuzz``: a record's ``"lang": "council"`` made every word list raise on the document."""
    from drift.pipeline import run

    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "council", "text": "council", "lang": "council"}) + "\n")
    report = run([str(records)], bow_encoder)
    assert [document.status for document in report.documents] == [Status.OK]
    assert [article.language for article in report.articles.values()] == [None]


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_pairs_writes_one_line_per_pair_whatever_its_id_holds(tmp_path, monkeypatch, separator):
    """``make fuzz``: an id holding U+0085 was written raw, and a line splitter read two broken lines."""
    from tests.conftest import BagOfWordsEncoder

    monkeypatch.setattr("drift.embed.load_encoder", lambda spec=None, **_: BagOfWordsEncoder())
    (tmp_path / "pairs.jsonl").write_text(json.dumps({"id": "0" + separator, "a": "", "b": ""}) + "\n")
    _, stdout, _ = _run("pairs", str(tmp_path / "pairs.jsonl"), "--no-cache", "--progress", "none")
    assert [json.loads(line)["id"] for line in stdout.splitlines()] == ["0" + separator]
