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
