"""The vocabulary drift's rules read, kept as data: ``drift/data/words/``, one JSON file per family.

Closed classes of words and phrases (negators, month names, scale words, abbreviations) are facts about
languages, not code: they live in data files a reader can review, extend and diff without reading a rule.
Each file is a JSON object with an ``"about"`` string (what its lists are for, where they come from) and
one entry per list. A file is read once; each function below gives one list in the shape its rule reads
(a frozenset to test membership, a tuple where order matters, a dict for a mapping) and checks that shape,
so a file edited wrongly fails at import, in one line naming the file and the list, not deep inside a rule.

A leaf module: it imports only the standard library and ``drift.errors``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from drift.errors import DataError

WORDS_FOLDER = Path(__file__).parent / "data" / "words"


def _path(family: str) -> Path:
    return WORDS_FOLDER / f"{family}.json"


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object as a dict, refusing a key written twice (json would keep the last one silently)."""
    loaded = dict(pairs)
    if len(loaded) != len(pairs):
        duplicates = sorted({key for key, _ in pairs if sum(1 for other, _ in pairs if other == key) > 1})
        raise ValueError(f"key written twice: {', '.join(map(repr, duplicates))}")
    return loaded


@cache
def load(family: str) -> dict[str, object]:
    """The lists of one family's file (``about`` included), as JSON; read once."""
    path = _path(family)
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_unique_keys)
    except FileNotFoundError:
        raise DataError(f"{path}: word list missing; reinstall drift") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:  # json.JSONDecodeError is a ValueError
        reason = " ".join(str(error).split())
        raise DataError(f"{path}: malformed word list ({reason}); reinstall drift or fix the file") from None
    if not isinstance(loaded, dict) or not isinstance(loaded.get("about"), str):
        raise DataError(f'{path}: malformed word list (not an object with an "about" string); reinstall drift')
    return loaded


def _malformed(family: str, name: str, shape: str) -> DataError:
    return DataError(f"{_path(family)}: malformed word list {name!r} (expected {shape}); reinstall drift")


def _entry(family: str, name: str) -> object:
    lists = load(family)
    if name not in lists:
        raise DataError(f"{_path(family)}: no word list {name!r}; reinstall drift")
    return lists[name]


def _strings(family: str, name: str, value: object, shape: str = "a non-empty list of words") -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(item, str) and item for item in value):
        raise _malformed(family, name, shape)
    return tuple(value)


def _mapping(family: str, name: str, shape: str) -> dict[str, object]:
    value = _entry(family, name)
    if not isinstance(value, dict) or not value:
        raise _malformed(family, name, shape)
    return value


def word_tuple(family: str, name: str) -> tuple[str, ...]:
    """An ordered list of words or phrases (where the first that matches wins)."""
    return _strings(family, name, _entry(family, name))


def word_set(family: str, name: str) -> frozenset[str]:
    """A closed class of words, for membership."""
    return frozenset(word_tuple(family, name))


def word_tuples(family: str, name: str, keys: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """Ordered lists by key (a kind, a language, a unit), in the file's order; exactly ``keys`` if given."""
    shape = f"an object of non-empty lists of words{' named ' + ', '.join(keys) if keys else ''}"
    mapping = _mapping(family, name, shape)
    if keys and sorted(mapping) != sorted(keys):
        raise _malformed(family, name, shape)
    return {key: _strings(family, name, value, shape) for key, value in mapping.items()}


def word_sets(family: str, name: str, keys: tuple[str, ...] = ()) -> dict[str, frozenset[str]]:
    """Closed classes of words by key (a language, a kind of abbreviation), in the file's order."""
    return {key: frozenset(words) for key, words in word_tuples(family, name, keys).items()}


def word_map(family: str, name: str) -> dict[str, str]:
    """Words mapped to words (a symbol to its currency, a verb to the particle that makes it negate)."""
    shape = "an object of words"
    mapping = _mapping(family, name, shape)
    if not all(isinstance(value, str) and value for value in mapping.values()):
        raise _malformed(family, name, shape)
    return {key: str(value) for key, value in mapping.items()}


def word_values(family: str, name: str) -> dict[str, float]:
    """Words mapped to numbers (a number word to its value), each number as the file writes it (int or float)."""
    shape = "an object of numbers"
    mapping = _mapping(family, name, shape)
    values: dict[str, float] = {}
    for key, value in mapping.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _malformed(family, name, shape)
        values[key] = value
    return values


def word_pairs(family: str, name: str) -> tuple[tuple[str, str], ...]:
    """Pairs of words (antonyms), in the file's order."""
    shape = "a non-empty list of pairs of words"
    value = _entry(family, name)
    if not isinstance(value, list) or not value:
        raise _malformed(family, name, shape)
    pairs = []
    for pair in value:
        if not isinstance(pair, list) or len(pair) != 2:
            raise _malformed(family, name, shape)
        first, second = _strings(family, name, pair, shape)
        pairs.append((first, second))
    return tuple(pairs)
