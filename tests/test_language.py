"""Language identification and the stored function-word lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drift import language
from drift.language import (
    FUNCTION_WORDS_FILE,
    declared_language,
    detect_language,
    function_words,
    wordfreq_function_words,
)


def test_stored_function_words_are_the_installed_wordfreqs():
    """After a wordfreq upgrade that changes its lists, `make function-words` refreshes the file."""
    assert json.loads(FUNCTION_WORDS_FILE.read_text(encoding="utf-8")) == wordfreq_function_words()


def test_function_words_of_other_codes_come_from_wordfreq_or_english():
    assert {"the", "of", "and"} <= function_words("en") and "budget" not in function_words("en")
    assert {"der", "und"} <= function_words("de")
    assert function_words("no") == function_words("nb")  # wordfreq's nearest match
    assert function_words("xx") == function_words(None) == function_words("en")


def test_language_of_real_sentences_and_silence_on_too_little_text():
    assert detect_language("El ayuntamiento aprobó el martes un nuevo presupuesto de 40 millones de euros.") == "es"
    assert detect_language("Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen.") == "de"
    assert detect_language("OK 42") is None


def test_a_declared_language_is_its_primary_subtag_and_anything_else_is_none():
    assert [declared_language(tag) for tag in ("fr", " pt_BR", "en-US", "zh-Hant", "ES")] == [
        "fr",
        "pt",
        "en",
        "zh",
        "es",
    ]
    assert [declared_language(tag) for tag in (None, "", "council", "x", "fr-", "12", "en US")] == [None] * 7


_SENTENCES = (
    "El ayuntamiento aprobó el martes un nuevo presupuesto de 40 millones de euros.",
    "Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen.",
    "Le conseil municipal a adopté mardi un nouveau budget.",
    "The city council approved a new budget on Tuesday.",
)


def _archive_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_the_unpacked_model_is_written_once_and_judges_as_py3langids_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    language._identifier.cache_clear()
    try:
        unpacked = language._identifier()
        folder = language.langid_cache_dir()
        assert folder.parent == tmp_path / "drift" and sorted(p.name for p in folder.iterdir()) == sorted(
            f"{name}.npy" for name in language._LANGID_ARRAYS
        )
        archive = _archive_identifier()
        assert [unpacked.classify(text) for text in _SENTENCES] == [archive.classify(text) for text in _SENTENCES]
        assert [path.name for path in (tmp_path / "drift").iterdir()] == [folder.name]  # no staging folder left
    finally:
        language._identifier.cache_clear()


def test_an_unwritable_cache_folder_reads_the_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "drift").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    language._identifier.cache_clear()
    try:
        assert language._identifier().classify(_SENTENCES[0]) == _archive_identifier().classify(_SENTENCES[0])
    finally:
        language._identifier.cache_clear()
