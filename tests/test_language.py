"""Language identification and the stored function-word lists."""

from __future__ import annotations

import json

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
