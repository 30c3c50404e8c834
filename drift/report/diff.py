"""What changed between the two sides of a pair, word by word, and each side as it is shown.

Words are compared blind to typography and case (``drift.normalize.comparable``):
curly and straight quotes, NBSP and the spellings of an ellipsis are not changes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from drift.normalize import comparable
from drift.records import Article, TextView
from drift.report.labels import printable
from drift.tokens import text_tokens


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    key: str  # typography folded, case folded


def _tokens(text: str) -> list[_Token]:
    return [_Token(start, end, comparable(text[start:end]).casefold()) for start, end, _ in text_tokens(text)]


@dataclass(frozen=True)
class WordDiff:
    """What changed between two texts, word by word, as ``git diff --word-diff`` shows it.

    ``deleted`` are character ranges of ``left`` with no counterpart in
    ``right``, ``inserted`` ranges of ``right`` new to it; ``chunks`` is the
    inline form, a sequence of ``(kind, text)`` with kind ``equal``,
    ``deleted``, ``inserted`` or ``space`` (equal text is taken from ``right``).
    """

    left: str
    right: str
    deleted: tuple[tuple[int, int], ...]
    inserted: tuple[tuple[int, int], ...]
    chunks: tuple[tuple[str, str], ...]

    @property
    def changed(self) -> bool:
        return bool(self.deleted or self.inserted)


def word_diff(left: str, right: str) -> WordDiff:
    """Diff two texts over word and punctuation tokens, blind to typography and case."""
    a, b = _tokens(left), _tokens(right)
    matcher = SequenceMatcher(a=[t.key for t in a], b=[t.key for t in b], autojunk=False)
    deleted: list[tuple[int, int]] = []
    inserted: list[tuple[int, int]] = []
    chunks: list[tuple[str, str]] = []

    def spaced(tokens: list[_Token], index: int) -> bool:
        return 0 < index < len(tokens) and tokens[index].start > tokens[index - 1].end

    def add(kind: str, text: str, i: int, j: int, *, replaced: bool = False) -> None:
        """Append a chunk after the space the text it borders on has there: deleted words
        take their spacing from the left text, inserted words from the right (a word
        replaced by another from either)."""
        previous = chunks[-1][0] if chunks else None
        if previous is None or (previous == "deleted" and kind == "inserted"):
            gap = False
        elif kind == "deleted":
            gap = spaced(a, i) or (replaced and spaced(b, j))
        elif kind == "equal" and previous == "deleted":
            gap = spaced(a, i)
        else:
            gap = spaced(b, j)
        if gap:
            chunks.append(("space", " "))
        chunks.append((kind, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", right[b[j1].start : b[j2 - 1].end], i1, j1)
            continue
        if i2 > i1:
            deleted.append((a[i1].start, a[i2 - 1].end))
            add("deleted", left[a[i1].start : a[i2 - 1].end], i1, j1, replaced=j2 > j1)
        if j2 > j1:
            inserted.append((b[j1].start, b[j2 - 1].end))
            add("inserted", right[b[j1].start : b[j2 - 1].end], i1, j1)
    return WordDiff(left, right, tuple(deleted), tuple(inserted), tuple(chunks))


def _view_offset(view: TextView, offset: int) -> int:
    """The view position of an original-text offset (the first view character at or after it)."""
    if view.starts is None:
        return offset
    return bisect_left(view.starts, offset)


@dataclass(frozen=True)
class Passage:
    """The sentences of one side of a pair as shown: whitespace folded to single spaces.

    ``offsets[i]`` is the view position of displayed character ``i``, so that
    a finding's original span can be located in what is shown.
    """

    article: Article
    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, article: Article, indices: Sequence[int]) -> Passage:
        chars: list[str] = []
        offsets: list[int] = []
        for index in indices:
            sentence = article.sentences[index]
            for position, char in enumerate(sentence.text):
                offset = sentence.view_start + position
                if char.isspace():
                    if chars and chars[-1] != " ":
                        chars.append(" ")
                        offsets.append(offset)
                    continue
                chars.append(char if char.isprintable() else printable(char))
                offsets.append(offset)
            if chars and chars[-1] != " ":
                chars.append(" ")
                offsets.append(offsets[-1] + 1)
        while chars and chars[-1] == " ":
            chars.pop()
            offsets.pop()
        return cls(article, "".join(chars), tuple(offsets))

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """Where an original-text span ``[start, end)`` is in the displayed text, if it is shown."""
        view = self.article.document.view
        low = bisect_left(self.offsets, _view_offset(view, start))
        high = bisect_left(self.offsets, _view_offset(view, end))
        return (low, high) if high > low else None
