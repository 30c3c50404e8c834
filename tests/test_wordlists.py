"""The word lists in drift/data/words/: every file parses, every list has words, a broken file fails in one line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drift import wordlists
from drift.errors import DataError
from drift.wordlists import (
    WORDS_FOLDER,
    load,
    word_map,
    word_pairs,
    word_set,
    word_sets,
    word_tuple,
    word_tuples,
    word_values,
)

FAMILIES = sorted(path.stem for path in WORDS_FOLDER.glob("*.json"))


def test_the_rule_families_have_their_files() -> None:
    assert FAMILIES == ["entity", "lexicon", "meaning", "number", "omission", "segment"]


def _read(family: str, name: str, value: object) -> object:
    """The list through the reader for its shape, as a rule reads it."""
    if isinstance(value, list):
        return word_pairs(family, name) if isinstance(value[0], list) else word_tuple(family, name)
    assert isinstance(value, dict)
    first = next(iter(value.values()))
    if isinstance(first, str):
        return word_map(family, name)
    if isinstance(first, list):
        return word_tuples(family, name)
    return word_values(family, name)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_file_parses_and_every_list_has_words(family: str) -> None:
    lists = load(family)
    assert isinstance(lists["about"], str) and len(lists["about"]) > 40
    names = [name for name in lists if name != "about"]
    assert names
    for name in names:
        read = _read(family, name, lists[name])
        assert read, name
        words = list(read) if isinstance(read, dict) else []  # a mapping's keys are words too
        for group in read.values() if isinstance(read, dict) else [read]:
            if isinstance(group, tuple):  # a list (of words, or of pairs of words)
                assert group and len(set(group)) == len(group), f"{family} {name}: empty, or an entry written twice"
                words += [word for item in group for word in (item if isinstance(item, tuple) else (item,))]
            elif isinstance(group, str):
                words.append(group)
        assert all(isinstance(w, str) and w and w == w.strip() for w in words), f"{family} {name}: a blank word"


def test_the_rules_read_the_lists() -> None:
    from drift.rules.meaning import _BEFORE, _NEGATORS
    from drift.rules.number import _DAYS, _MONTHS, _SCALES, _WEEKDAYS, WORD_NUMBERS
    from drift.segment import _DE, _EN

    assert "denied" in _NEGATORS and _BEFORE[:2] == ("before", "ahead of")
    assert (WORD_NUMBERS["three"], _SCALES["milliarden"], _DAYS["hour"]) == (3, 1e9, 1 / 24)
    assert (_MONTHS["march"], _MONTHS["märz"], _MONTHS["dec"], _WEEKDAYS["monday"], _WEEKDAYS["sonntag"]) == (
        3,
        3,
        12,
        0,
        6,
    )
    assert "Mr" in _EN.titles and _DE.ordinal_dot and not _EN.ordinal_dot


@pytest.fixture
def words_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty words folder in place of the package's; the files read from it are forgotten afterwards."""
    monkeypatch.setattr(wordlists, "WORDS_FOLDER", tmp_path)
    load.cache_clear()
    yield tmp_path
    load.cache_clear()


def _one_line_naming(error: pytest.ExceptionInfo[DataError], path: Path) -> str:
    message = str(error.value)
    assert "\n" not in message and str(path) in message
    return message


def test_a_missing_file_is_one_line_naming_it(words_folder: Path) -> None:
    with pytest.raises(DataError) as error:
        word_set("meaning", "negators")
    assert "missing" in _one_line_naming(error, words_folder / "meaning.json")


@pytest.mark.parametrize(
    "content",
    [
        b'{"about": "x",\n "negators": ["not",\n',  # cut short
        b"[1, 2]",  # not an object
        b'{"negators": ["not"]}',  # no "about"
        b'{"about": "x", "negators": ["not"], "negators": ["no"]}',  # a list written twice
        b'{"about": "\xff"}',  # not UTF-8
    ],
)
def test_a_malformed_file_is_one_line_naming_it(words_folder: Path, content: bytes) -> None:
    path = words_folder / "meaning.json"
    path.write_bytes(content)
    with pytest.raises(DataError) as error:
        word_set("meaning", "negators")
    assert "malformed" in _one_line_naming(error, path)


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("not no never", word_set),  # a string, not a list
        ([], word_tuple),
        (["not", ""], word_tuple),
        (["not", 1], word_set),
        ({"en": "i"}, word_sets),
        ({"en": []}, word_tuples),
        ({"one": True}, word_values),
        ({"one": "1"}, word_values),
        ({"$": 1}, word_map),
        ([["rise", "fall", "drop"]], word_pairs),
        (["rise", "fall"], word_pairs),
    ],
)
def test_a_list_of_the_wrong_shape_is_one_line_naming_it(
    words_folder: Path, value: object, read: Callable[[str, str], object]
) -> None:
    path = words_folder / "test.json"
    path.write_text(json.dumps({"about": "x", "words": value}), encoding="utf-8")
    with pytest.raises(DataError) as error:
        read("test", "words")
    assert "'words'" in _one_line_naming(error, path)


def test_a_missing_list_and_missing_keys_name_the_list(words_folder: Path) -> None:
    path = words_folder / "test.json"
    path.write_text(json.dumps({"about": "x", "en": {"titles": ["Mr"]}}), encoding="utf-8")
    with pytest.raises(DataError, match="no word list 'de'"):
        word_sets("test", "de")
    with pytest.raises(DataError) as error:
        word_sets("test", "en", keys=("titles", "numeric"))
    assert "titles, numeric" in _one_line_naming(error, path)
    assert word_sets("test", "en", keys=("titles",)) == {"titles": frozenset({"Mr"})}
