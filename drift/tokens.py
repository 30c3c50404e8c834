"""Words, numbers and quotation marks of a sentence, with their offsets in the original text.

The detection rules compare versions word by word; every token carries the
original span it came from, so that a finding points at the exact characters.
The report's word diff cuts text into the same tokens (``text_tokens``), so
"3.5" is one token to the rules and to the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from drift.normalize import QUOTE_CHARS, comparable
from drift.records import Article

_TOKEN = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)*(?:st|nd|rd|th)?)"
    r"|(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)"
    r"|(?P<quote>[\"'“”‘’„‟«»‹›])"
    r"|(?P<ellipsis>\.(?:\s?\.){2,})"  # "...", ". . .": one mark, however it is spelt
    r"|(?P<punct>[^\w\s]|_)",
    re.UNICODE,
)


@dataclass(frozen=True)
class Token:
    """A token as written, its comparison form, its kind and its original span."""

    text: str
    norm: str  # typography folded, lower-cased
    kind: str  # word, number, quote or punct
    start: int  # offsets into the document's original text
    end: int
    sentence: int  # index of the sentence it belongs to

    @property
    def is_word(self) -> bool:
        return self.kind == "word"

    @property
    def capitalized(self) -> bool:
        return self.kind == "word" and self.text[0].isupper()


def tokenize(article: Article, indices: Sequence[int]) -> tuple[Token, ...]:
    """Tokens of consecutive sentences of an article, in order."""
    view = article.document.view
    tokens: list[Token] = []
    for index in indices:
        sentence = article.sentences[index]
        for match in _TOKEN.finditer(sentence.text):
            kind = _kind(match)
            start, end = view.to_original(sentence.view_start + match.start(), sentence.view_start + match.end())
            tokens.append(Token(match.group(), comparable(match.group()).lower(), kind, start, end, index))
    return tuple(tokens)


def _kind(match: re.Match[str]) -> str:
    kind = match.lastgroup or "punct"
    if kind == "ellipsis":
        return "punct"
    if kind == "punct" and match.group() in QUOTE_CHARS:
        return "quote"
    return kind


def text_tokens(text: str) -> list[tuple[int, int, str]]:
    """The tokens of a plain text as (start, end, kind), offsets into ``text``: the cut ``tokenize`` makes."""
    return [(match.start(), match.end(), _kind(match)) for match in _TOKEN.finditer(text)]
