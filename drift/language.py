"""Language identification and per-language word lists, offline.

py3langid ships its model in the wheel; wordfreq ships its frequency lists. Both
are loaded on first use and kept for the process. py3langid's model is an xz archive
that takes 0.6 s to unpack, most of a cold ``drift check``'s start: it is unpacked
once per machine into the user's cache folder and memory-mapped from there. The function words of the
languages wordfreq knows are also kept in ``data/function_words.json`` (written
by ``make function-words``; a test checks it against the installed wordfreq), so
that cleaning a corpus, which needs only them, does not load wordfreq.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

import numpy as np

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)

# Below this many letters, language identification is a guess; say nothing.
_MIN_LETTERS = 12


_LOG = logging.getLogger(__name__)

# py3langid's model arrays, by the names of its npz (``py3langid.modelio.load_model``)
_LANGID_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def langid_cache_dir() -> Path:
    """Where py3langid's model lies unpacked: ``$XDG_CACHE_HOME/drift`` (``~/.cache/drift``), per py3langid version."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "drift" / f"py3langid-{version('py3langid')}"


def _unpack_langid(folder: Path) -> None:
    """Write the model's arrays as .npy files, into a temporary folder renamed into place (no half-written model)."""
    import lzma

    from py3langid.langid import MODEL_DIR, MODEL_FILE

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".unpacking-"))
    try:
        with tempfile.TemporaryFile(dir=folder.parent) as npz:
            with lzma.open(MODEL_DIR / MODEL_FILE) as packed:
                shutil.copyfileobj(packed, npz, length=1 << 20)
            npz.seek(0)
            with np.load(npz, allow_pickle=False) as data:
                for name in _LANGID_ARRAYS:
                    np.save(staging / f"{name}.npy", data[name], allow_pickle=False)
        os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


_UNSIGNED: dict[int, Literal["H", "I", "L"]] = {2: "H", 4: "I", 8: "L"}  # typecode by item size


def _as_sequence(values: np.ndarray) -> memoryview:
    """An unsigned numpy array as the flat sequence of ints py3langid's tokenizer walks, without a copy."""
    return values.data.cast("B").cast(_UNSIGNED[values.dtype.itemsize])


@cache
def _identifier() -> Any:
    """py3langid's identifier, from the unpacked model (unpacked here the first time); from the archive where the
    cache folder cannot be written."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    folder = langid_cache_dir()
    try:
        if not folder.is_dir():
            _unpack_langid(folder)
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _LANGID_ARRAYS}
    except (OSError, ValueError) as error:
        _LOG.debug("py3langid's model read from its archive: %s", error)
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return LanguageIdentifier(
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        _as_sequence(arrays["nextmove"]),
        arrays["out_feat"].tolist(),
        norm_probs=True,
        tk_row=_as_sequence(arrays["nextmove_row"]),
    )


def detect_language(text: str, *, min_confidence: float = 0.5) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or unclear."""
    if sum(ch.isalpha() for ch in text[:4000]) < _MIN_LETTERS:
        return None
    language, probability = _identifier().classify(text[:4000])
    return str(language) if probability >= min_confidence else None


# Languages written without spaces between words: a run of letters is a phrase, not a word, so no word list can
# say it is no word (wordfreq segments zh and ja with jieba and MeCab; Thai, Lao, Khmer, Burmese, Tibetan it cannot).
UNSPACED = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo", "wuu", "yue", "gan", "hak", "nan"})


# A language tag as BCP 47 writes one: a primary subtag of two or three letters, then subtags ("pt-BR", "zh_Hant").
_LANGUAGE_TAG = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*", re.IGNORECASE)


def declared_language(tag: str | None) -> str | None:
    """The language a document declares (JSONL ``lang``, HTML ``lang``) as detection writes it: the primary subtag.

    Metadata is whatever the crawl wrote: a value that is no language tag ("council") is ignored, so the text's
    own language is detected instead of every word list refusing the tag.
    """
    found = _LANGUAGE_TAG.fullmatch(tag.strip()) if tag else None
    return found.group(1).lower() if found else None


def primary(language: str | None) -> str:
    """The primary subtag of a language code (``pt`` for ``pt_BR``), English when unknown."""
    return (language or "en").strip().lower().replace("_", "-").split("-", 1)[0] or "en"


@cache
def wordfreq_module() -> Any:
    """wordfreq, with its warnings and those of the tokenizers it loads (jieba) kept off drift's stderr.

    They say "nearest match" or "no tokenizer for this script", which drift handles itself (``judges_words``).
    """
    import wordfreq

    for name in ("wordfreq", "jieba"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        import jieba

        jieba.setLogLevel(logging.ERROR)
    except ImportError:
        pass
    return wordfreq


@cache
def judges_words(language: str | None) -> bool:
    """Whether a word list can tell a word from a non-word in this language.

    Not for languages written without spaces (``UNSPACED``), nor where wordfreq lacks
    the tokenizer the language needs (MeCab for Korean): rules that judge words step back.
    """
    if primary(language) in UNSPACED:
        return False
    try:
        wordfreq_module().zipf_frequency("a", language or "en")
    except ImportError:
        return False
    except LookupError:
        pass  # no list for it: English is used, as ``drift.lexicon.zipf`` does
    return True


FUNCTION_WORDS = 120  # how many of a language's most frequent words count as function words
FUNCTION_WORDS_FILE = Path(__file__).parent / "data" / "function_words.json"


@cache
def _stored_function_words() -> dict[str, list[str]]:
    stored: dict[str, list[str]] = json.loads(FUNCTION_WORDS_FILE.read_text(encoding="utf-8"))
    return stored


@cache
def function_words(language: str | None) -> frozenset[str]:
    """The most frequent words of a language: the glue that says nothing about the topic."""
    stored = _stored_function_words()
    code = language or "en"
    if code in stored:
        return frozenset(stored[code])
    try:  # a code wordfreq may still match ("no" for "nb")
        return frozenset(wordfreq_module().top_n_list(code, FUNCTION_WORDS))
    except (LookupError, ImportError):
        return frozenset(stored["en"])


def wordfreq_function_words() -> dict[str, list[str]]:
    """What ``data/function_words.json`` holds, from the installed wordfreq: every language it knows."""
    import wordfreq

    return {code: wordfreq.top_n_list(code, FUNCTION_WORDS) for code in sorted(wordfreq.available_languages())}


def write_function_words() -> None:
    """Refresh ``data/function_words.json`` from the installed wordfreq, a language per line."""
    lines = [
        f"{json.dumps(code)}: {json.dumps(words, ensure_ascii=False)}"
        for code, words in wordfreq_function_words().items()
    ]
    FUNCTION_WORDS_FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def words(text: str) -> list[str]:
    """The words of a text, in order, as written."""
    return WORD.findall(text)


def content_stems(text: str, language: str | None) -> set[str]:
    """Crude stems of the topical words: lower-cased, function words dropped, cut at 5 letters.

    Good enough to tell whether a line talks about the same things as the rest
    of its article, in any language wordfreq knows, without a lemmatizer.
    """
    stop = function_words(language)
    return {word.lower()[:5] for word in words(text) if len(word) >= 3 and word.lower() not in stop}
