"""Sentence spans for scraped and machine-translated news, exact to the character.

A rule-based splitter, written for what scraped copies of a story look like:
missing spaces after a full stop (``invasion.But``), quotation marks that open
and close oddly or twice (``he said. “”[But] the``), ellipses written three ways
inside a quote, short machine-translation leftovers (``paper bag.``) and
headlines without final punctuation.

Trade-offs:

* Why not sentencex alone: it keeps a multi-sentence quotation in one unit and
  pairs quotation marks across a whole paragraph, which unbalanced quotes from
  machine translation turn into one paragraph-long "sentence"; it cannot move a
  stray closing quote back to the sentence it closes. Correcting that would mean
  re-splitting every unit it returns, so this module does the splitting itself.
* Candidates are terminators (``. ! ?`` and their counterparts in other scripts);
  each is kept or dropped by looking only at the word before it and at what
  follows it (closing quotes, whitespace, stray quotes, the next word). That is
  linear in the text and needs no model.
* A full stop after an ordinary word always ends a sentence, even before a
  lower-case word: in translated news that is a fragment (``... connections.
  paper bag.``), rarely a missed abbreviation. Known abbreviations end a
  sentence only before a word that typically opens one (``Acme Inc. The``),
  titles (``Mr.``, ``e.g.``) never do, and ``No.``/``Art.`` only before a number.
* An ellipsis never ends a sentence: in news it marks an elision inside a quote.
* A line break is always a boundary: scraped text puts one paragraph per line.

Languages: abbreviation and sentence-opener tables for English, German, Spanish
and French; any other code uses the English tables, and English openers count
in every language (translated news quotes English). Terminators of other
scripts (``。``, ``।``, ``؟`` ...) are recognised whatever the code.

The guarantee, for any input: spans are in order, do not overlap, are trimmed
of whitespace (as ``str.isspace`` defines it, so NBSP included), and together
cover every non-whitespace character of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from drift.normalize import comparable
from drift.records import Article, BlockKind, Sentence
from drift.wordlists import word_sets

__all__ = ["SEGMENTER_NAME", "segment_articles", "split_sentences"]

SEGMENTER_NAME = "drift-seg/1"
"""Signature of the splitting behaviour; bumped whenever a span could change."""

# A spaced or run-on ellipsis first, so that ". . ." is one terminator, not three.
_TERMINATOR = re.compile(
    r"\.(?:[ \u00a0\u202f]?\.){2,}"
    r"|[.!?\u2026\u203c\u2047\u2048\u2049\u203d\u061f\u0964\u0965\u06d4\u0589\u1362\u1367\u104b"
    r"\u3002\uff01\uff1f\uff61\uff0e]+"
)
_LINE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_WORD_CHAR = re.compile(r"\w")

# Quotation marks by shape; a straight quote's role depends on where it stands.
_OPENING_QUOTES = "\u201c\u2018\u201e\u201a\u201f\u201b\u00ab\u2039\u300c\u300e"
_CLOSING_QUOTES = "\u201d\u2019\u00bb\u203a\u300d\u300f"
_QUOTES = _OPENING_QUOTES + _CLOSING_QUOTES + "\"'"
_OPEN_SHAPED = frozenset(_OPENING_QUOTES)
_AMBIGUOUS_QUOTES = frozenset("\"'")
_CLOSE_BRACKETS = ")]}\uff09\u3011\u3015\u3009\u300b\u3017\u3019\u301b"
_OPENERS = _QUOTES + "([{\u00bf\u00a1\uff08\u3010"
# After a terminator: glued closing marks, space, stray quotes, space.
_AFTER = re.compile(rf"([{re.escape(_QUOTES + _CLOSE_BRACKETS)}]*)(\s*)([{re.escape(_QUOTES)}]*)(\s*)")
_NEXT_WORD = re.compile(rf"([{re.escape(_OPENERS)}]*)(\w*)")

_STRONG = frozenset("!?\u203c\u2047\u2048\u2049\u203d\u061f\u0964\u0965\u06d4\u0589\u1362\u1367\u104b")
_SCRIPT_STOPS = frozenset("\u3002\uff01\uff1f\uff61")  # CJK: no space follows them
_ELLIPSIS_ENDS = frozenset(".\u2026\uff0e")
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")  # U.S, e.g, Ph.D, EE.UU; not bbc.com
_NUMERIC_DATE = re.compile(r"\d{1,2}\.\d{1,2}")  # 3.10. in languages that write ordinals with a dot
_LIST_MARKER = re.compile(r"(?:\d{1,3}|[IVXivx]{1,4}|[A-Za-z])\.")
_ASCII_VOWELS = frozenset("aeiouyAEIOUY")
_LEFT_SCAN = 48  # characters looked at before a terminator; longer tokens are never abbreviations


@dataclass(frozen=True)
class _Rules:
    """What decides a full stop after a short word, for one language.

    ``titles`` never end a sentence (``Mr.``, ``e.g.``); ``numeric`` are
    abbreviations only before a number (``No. 10``); ``ambiguous`` end a sentence
    only before one of ``starters`` (``Acme Inc. The``); ``ordinal_dot`` marks a
    language that writes ordinals with a full stop (``am 3. Oktober``). Entries
    are written with their case: a lower-case entry also matches capitalised
    spellings, a capitalised one only capitalised and upper-case spellings.
    """

    titles: frozenset[str]
    numeric: frozenset[str]
    ambiguous: frozenset[str]
    starters: frozenset[str]
    ordinal_dot: bool = False


def _rules(language: str, *, ordinal_dot: bool = False) -> _Rules:
    """A language's rules, from its abbreviations and sentence starters in drift/data/words/segment.json."""
    lists = word_sets("segment", language, keys=("titles", "numeric", "ambiguous", "starters"))
    return _Rules(lists["titles"], lists["numeric"], lists["ambiguous"], lists["starters"], ordinal_dot=ordinal_dot)


_EN = _rules("en")
_DE = _rules("de", ordinal_dot=True)
_ES = _rules("es")
_FR = _rules("fr")

_RULES = {"en": _EN, "de": _DE, "es": _ES, "fr": _FR}

_REGULAR, _TITLE, _NUMERIC, _AMBIGUOUS = range(4)


@lru_cache(maxsize=64)
def _rules_for(language: str | None) -> _Rules:
    """Rules for a language code (``en``, ``de-AT``, ``pt_BR`` ...); anything unknown gets English."""
    if not isinstance(language, str):
        return _EN
    primary = language.strip().lower().replace("_", "-").split("-", 1)[0]
    return _RULES.get(primary, _EN)


def split_sentences(text: str, language: str | None = "en") -> list[tuple[int, int]]:
    """Return the ``[start, end)`` spans of the sentences of ``text``, in order.

    Spans are trimmed of whitespace and together hold every non-whitespace
    character exactly once. Unknown language codes use English rules; nothing
    here raises on any string.
    """
    rules = _rules_for(language)
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        base = line.start()
        _split_line(line.group(), base, rules, spans)
    return spans


def _split_line(line: str, base: int, rules: _Rules, spans: list[tuple[int, int]]) -> None:
    """Append the sentence spans of one line (no line breaks inside) to ``spans``."""
    cuts: list[int] = []
    last = 0
    for match in _TERMINATOR.finditer(line):
        cut = _boundary(line, match.start(), match.end(), rules)
        if cut is not None and last < cut < len(line):
            cuts.append(cut)
            last = cut
    cuts.append(len(line))

    first = len(spans)
    pending: int | None = None  # start of pieces that open the next sentence
    start = 0
    for cut in cuts:
        piece = line[start:cut]
        stripped = piece.lstrip()
        if stripped:
            s = base + start + len(piece) - len(stripped)
            e = s + len(stripped.rstrip())
            wordless = _WORD_CHAR.search(stripped) is None
            if wordless and pending is None and len(spans) > first:
                spans[-1] = (spans[-1][0], e)  # stray punctuation closes the sentence before it
            elif cut < len(line) and (wordless or _is_list_marker(stripped)):
                if pending is None:  # leading punctuation or a list number opens the next sentence
                    pending = s
            else:
                if pending is not None:
                    s, pending = pending, None
                spans.append((s, e))
        start = cut
    if pending is not None:  # defensive: a lead-in with nothing after it
        spans.append((pending, base + len(line.rstrip())))


def _is_list_marker(piece: str) -> bool:
    """Whether a piece only numbers the sentence after it: ``1.``, ``IV.``, ``b.``."""
    return _LIST_MARKER.fullmatch(piece.rstrip()) is not None


def _boundary(line: str, start: int, end: int, rules: _Rules) -> int | None:
    """Where the sentence ending with the terminator ``line[start:end]`` ends, or None if it does not."""
    mark = line[end - 1]
    if mark in _ELLIPSIS_ENDS and ("\u2026" in line[start:end] or line.count(".", start, end) >= 3):
        return None
    after = _AFTER.match(line, end)
    assert after is not None  # every group may be empty
    glued, space, stray, space2 = after.groups()
    nxt = after.end()
    if nxt >= len(line):
        return None  # the line ends here: closing marks and stray quotes stay with this sentence
    script_stop = mark in _SCRIPT_STOPS
    strong = mark in _STRONG

    if not space:
        # Nothing but closing marks between this terminator and the next word.
        if script_stop:
            return end + _closing_length(glued, ambiguous_closes=True)
        return _missing_space(line, start, end, glued, rules, strong)

    cut = end + len(glued)
    stray_start = cut + len(space)
    opened = False
    if stray:
        if space2:
            if all(ch in _OPEN_SHAPED for ch in stray):
                opened = True
            else:
                cut = stray_start + len(stray)
        else:
            closing = _closing_length(stray, ambiguous_closes=False)
            cut = stray_start + closing
            opened = closing < len(stray)
    if script_stop:
        return cut

    word_match = _NEXT_WORD.match(line, nxt)
    assert word_match is not None
    lead, word = word_match.groups()
    opened = opened or any(ch in _QUOTES for ch in lead)  # a quotation, not "(NYSE: X)"
    lower = bool(word) and word[0].islower()
    if strong:
        return None if lower else cut
    if glued and lower:
        return None  # “... the end.” he said
    kind = _left_kind(line, start, rules, before_number=word[:1].isdigit())
    if kind == _REGULAR:
        return cut
    if kind in (_TITLE, _NUMERIC):
        return None
    if _is_starter(line, word_match.end(), word, rules) or (opened and word[:1].isupper()):
        return cut
    return None


def _missing_space(line: str, start: int, end: int, glued: str, rules: _Rules, strong: bool) -> int | None:
    """Cut ``invasion.But`` and ``worst.”But``, but not ``3.5``, ``U.S.``, ``example.com`` or ``Mr.Smith``."""
    nxt = end + len(glued)
    word_match = _NEXT_WORD.match(line, nxt)
    assert word_match is not None
    lead, word = word_match.groups()
    if lead and (glued or any(ch in _QUOTES for ch in lead)):
        return None  # a quote run glued to both sides: too ambiguous to cut
    if len(word) < 2 or not word[0].isupper() or not word[1].islower():
        return None
    token = _left_token(line, start)
    if len(token) < 2 or not token.isalpha():
        return None
    if not strong and _left_kind(line, start, rules, before_number=False) != _REGULAR:
        return None
    return end + _closing_length(glued, ambiguous_closes=True)


def _closing_length(run: str, *, ambiguous_closes: bool) -> int:
    """Length of the prefix of a quote run that closes the sentence before it.

    The run is cut after its last closing-shaped mark: ``”“`` gives one mark to
    each side, a stray ``“”`` before ``[But]`` goes back to the previous sentence.
    """
    for i in range(len(run) - 1, -1, -1):
        ch = run[i]
        if ch in _AMBIGUOUS_QUOTES:
            if ambiguous_closes:
                return i + 1
        elif ch not in _OPEN_SHAPED:
            return i + 1
    return 0


def _left_token(line: str, start: int) -> str:
    """The word before position ``start``, without opening or closing quotes and brackets."""
    i = start
    stop = max(0, start - _LEFT_SCAN)
    while i > stop and not line[i - 1].isspace():
        i -= 1
    if i == stop and i > 0 and not line[i - 1].isspace():
        return ""  # too long to be an abbreviation, and not a word to cut after
    return line[i:start].lstrip(_OPENERS).rstrip(_QUOTES + _CLOSE_BRACKETS)


def _left_kind(line: str, start: int, rules: _Rules, *, before_number: bool) -> int:
    """Classify the word before a full stop: an ordinary word or one of the abbreviation kinds.

    ``numeric`` abbreviations only count ``before_number``; otherwise the token
    is classified as if they did not exist (``S. Fischer`` is an initial).
    """
    token = _left_token(line, start)
    if not token:
        return _REGULAR
    if "." in token:
        if _DOTTED.fullmatch(token) is not None:
            return _TITLE if token.lower() in rules.titles else _AMBIGUOUS
        if rules.ordinal_dot and _NUMERIC_DATE.fullmatch(token) is not None:
            return _AMBIGUOUS
        return _REGULAR  # a domain, file name or version number ends a sentence like a word
    if token.isdigit():
        return _AMBIGUOUS if rules.ordinal_dot and len(token) <= 3 else _REGULAR
    for form in _spellings(token):
        if form in rules.titles:
            return _TITLE
        if before_number and form in rules.numeric:
            return _NUMERIC
        if form in rules.ambiguous:
            return _AMBIGUOUS
    if token.isalpha():
        if len(token) == 1:
            return _AMBIGUOUS  # an initial: J. Smith
        if len(token) <= 4 and token.isascii() and not token.isupper() and not any(ch in _ASCII_VOWELS for ch in token):
            return _AMBIGUOUS  # a vowel-less short word is an abbreviation: Bldg., Cpl., Pkwy.
    return _REGULAR


def _spellings(token: str) -> tuple[str, ...]:
    """The table spellings a token may match (see ``_Rules``)."""
    if token.isupper() and len(token) > 1:
        return (token, token.capitalize(), token.lower())
    if token[0].isupper():
        return (token, token.lower())
    return (token,)


def _is_starter(line: str, word_end: int, word: str, rules: _Rules) -> bool:
    """Whether ``word`` typically opens a sentence (and is not an initial such as ``A.``)."""
    if not word or not word[0].isupper():
        return False
    if len(word) == 1 and line.startswith(".", word_end):
        return False
    if word.isupper() and len(word) > 1:
        word = word.capitalize()  # THE, IT in an all-caps line
    return word in rules.starters or word in _EN.starters


def segment_articles(articles: Sequence[Article]) -> list[Article]:
    """Split the story lines (body blocks) of each article into sentences with original offsets.

    Titles and furniture get no sentences: they are shown, never aligned.
    """
    segmented = []
    for article in articles:
        view = article.document.view
        sentences: list[Sentence] = []
        for number, block in enumerate(article.blocks):
            if block.kind is not BlockKind.BODY:
                continue
            for start, end in split_sentences(block.text, article.language):
                text = block.text[start:end]
                original_start, original_end = view.to_original(block.start + start, block.start + end)
                sentences.append(
                    Sentence(
                        index=len(sentences),
                        start=original_start,
                        end=original_end,
                        text=text,
                        norm=comparable(text),
                        block=number,
                        language=article.language,
                        view_start=block.start + start,
                    )
                )
        segmented.append(replace(article, sentences=tuple(sentences)))
    return segmented
