"""Tell a scraped article's story lines from its page furniture, without losing a character.

Scraped pages carry comment forms, share widgets, bylines, date lines, "read
also" teasers, a related-posts block, the title repeated in a feed footer. drift
does not keep a list of such phrases (they differ by site and language); it
judges each line of a document by evidence that holds on any news site:

* **repetition across unrelated documents**: the same line in two articles that
  otherwise share almost nothing is a site's template, not news;
* **cohesion**: the share of a line's topical words that the rest of its
  article also uses. Story lines talk about the story; teasers for other
  articles and form labels do not;
* **shape**: date-only lines; short lines without sentence punctuation;
* **the title**: the headline, and later lines that repeat it (feed footers);
* **position**: what follows the last line of the story, or precedes its first,
  and is not clearly about the story;
* for HTML, the page structure: the lines outside the page's main content as
  trafilatura reads it (``html_furniture``, run when the page is read, kept in
  ``Document.furniture``).

Nothing is deleted: every line becomes a ``Block`` marked body, title or
boilerplate, with the reason, and the report shows what was stripped.

The corpus-level evidence is gathered first by ``profile_corpus`` (an aggregate
over all documents), then each document is cleaned on its own
(``clean_documents``), so both steps can run on shards.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from drift.language import content_stems, declared_language, detect_language, words
from drift.normalize import comparable
from drift.records import Article, Block, BlockKind, Document
from drift.thresholds import CleanParams

_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$|[\"'”’»][.!?]\s*$")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*\s*$")
_YEAR_OR_DATE = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_KEY_STRIP = re.compile(r"[\W_]+", re.UNICODE)
# "Read also: <headline>", "Lire aussi : <headline>": a label of a few words, a colon, a headline.
_LABELLED = re.compile(r"^\W*[^\W\d_]+(?:[ '’][^\W\d_]+){0,2}\s?:\s*\S", re.UNICODE)


def line_key(text: str) -> str:
    """A line's identity for repetition counts: case, punctuation and typography ignored."""
    return _KEY_STRIP.sub(" ", comparable(text).lower()).strip()


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of a text, trimmed of surrounding whitespace."""
    spans = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    return spans


@dataclass(frozen=True)
class CorpusProfile:
    """Which documents each line occurs in, and each document's lines: evidence of templates."""

    documents_of_line: dict[str, tuple[int, ...]] = field(default_factory=dict)
    lines_of_document: dict[int, frozenset[str]] = field(default_factory=dict)
    # Answers already given: every document holding a line asks about it, and the lines of one template ask
    # about the same pairs of documents.
    _answers: dict[tuple[str, float], int] = field(default_factory=dict, compare=False, repr=False)
    _related: dict[tuple[int, int, float, float], bool] = field(default_factory=dict, compare=False, repr=False)

    def repeated_in_unrelated(self, key: str, params: CleanParams) -> int:
        """How many documents share this line while sharing little else (0 when none do)."""
        holders = self.documents_of_line.get(key, ())
        if len(holders) < 2:
            return 0
        asked = (key, params.unrelated_overlap)
        if asked not in self._answers:
            # A holder counts once one other holder is unrelated to it: the search for it stops there, so the
            # pages of a site's template (all unrelated) cost about one question each, not one per pair.
            unrelated: set[int] = set()
            for first in holders:
                if first in unrelated:
                    continue
                partner = next(
                    (other for other in holders if other != first and not self.related(first, other, params)), None
                )
                if partner is not None:
                    unrelated.update((first, partner))
            self._answers[asked] = len(unrelated)
        return self._answers[asked]

    def related(self, first: int, second: int, params: CleanParams) -> bool:
        """Whether two documents that share lines tell one story, judged by the lines they do *not* share.

        The shared lines alone prove little: two pages of one site share their whole template (header, menus,
        footer), which can be most of each page's lines. Two documents are related when the lines each holds
        alone are a small part of it (less than ``own_text_share`` of its words: the same text, give or take a
        sentence), or when those lines render each other (a rewrite's lines share most of their word pairs
        with the original's, another story's lines few).
        """
        asked = (min(first, second), max(first, second), params.unrelated_overlap, params.own_text_share)  # symmetric
        if asked not in self._related:
            a, b = self.lines_of_document[first], self.lines_of_document[second]
            alone_a, alone_b = a - b, b - a
            own_share = min(
                _word_count(alone_a) / max(1, _word_count(a)), _word_count(alone_b) / max(1, _word_count(b))
            )
            self._related[asked] = own_share < params.own_text_share or _render(alone_a, alone_b, params)
        return self._related[asked]


def _render(first: frozenset[str], second: frozenset[str], params: CleanParams) -> bool:
    """Whether two sets of lines share ``unrelated_overlap`` of the smaller one's word pairs (either empty: yes)."""
    own_first, own_second = _word_pairs(first), _word_pairs(second)
    smaller = min(len(own_first), len(own_second))
    return not smaller or len(own_first & own_second) / smaller >= params.unrelated_overlap


def _word_count(keys: Iterable[str]) -> int:
    return sum(len(key.split()) for key in keys)


def _word_pairs(keys: Iterable[str]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for key in keys:
        tokens = key.split()
        pairs.update(pairwise(tokens))
    return pairs


def profile_corpus(documents: Sequence[Document], params: CleanParams | None = None) -> CorpusProfile:
    """Count line occurrences across the corpus (lines of 2+ words; one entry per document)."""
    params = params or CleanParams()
    holders: defaultdict[str, list[int]] = defaultdict(list)
    lines_of_document: dict[int, frozenset[str]] = {}
    for number, document in enumerate(documents):
        if not document.ok:
            continue
        keys = frozenset(
            key
            for start, end in _lines(document.view.text)
            if len((key := line_key(document.view.text[start:end])).split()) >= 2
        )
        lines_of_document[number] = keys
        for key in keys:
            if len(holders[key]) < params.max_documents_per_line:
                holders[key].append(number)
    shared = {key: tuple(docs) for key, docs in holders.items() if len(docs) > 1}
    return CorpusProfile(shared, {n: keys for n, keys in lines_of_document.items()})


@dataclass
class _Line:
    start: int
    end: int
    text: str
    words: int
    stems: set[str]
    sentence_like: bool
    cohesion: float = 1.0
    kind: BlockKind = BlockKind.BODY
    reason: str | None = None

    def mark(self, kind: BlockKind, reason: str | None) -> None:
        self.kind, self.reason = kind, reason


def _is_date_line(text: str, word_count: int) -> bool:
    return word_count <= 4 and len(text) <= 40 and bool(_YEAR_OR_DATE.search(text))


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def _cohesion(lines: list[_Line], params: CleanParams) -> None:
    """Share of each line's topical stems that the article's core (its other long sentences) uses.

    The core excludes short lines and teasers cut off with an ellipsis, so a
    related-posts block or a comment form cannot vouch for itself.
    """
    core = [
        line
        for line in lines
        if line.sentence_like and line.words >= params.strong_body_words and not _ELLIPSIS_END.search(line.text)
    ]
    if len(core) < params.min_blocks_for_cohesion:
        return
    counts: Counter[str] = Counter()
    for line in core:
        counts.update(line.stems)
    core_ids = {id(line) for line in core}
    for line in lines:
        own = 1 if id(line) in core_ids else 0
        shared = sum(1 for stem in line.stems if counts[stem] - own > 0)
        line.cohesion = shared / len(line.stems) if line.stems else 0.0


def clean_document(
    document: Document,
    profile: CorpusProfile,
    params: CleanParams | None = None,
    *,
    language_of: Callable[[str], str | None] = detect_language,
) -> Article:
    """Classify every line of one document as story body, title or furniture (``language_of`` when unlabelled)."""
    params = params or CleanParams()
    text = document.view.text
    language = declared_language(document.meta.lang) or language_of(text)
    lines = []
    for start, end in _lines(text):
        line_text = text[start:end]
        lines.append(
            _Line(
                start,
                end,
                line_text,
                len(words(line_text)),
                content_stems(line_text, language),
                bool(_SENTENCE_END.search(line_text)) or len(words(line_text)) >= 3 * params.strong_body_words,
            )
        )
    _cohesion(lines, params)
    _classify(lines, document, profile, params)
    blocks = tuple(Block(line.start, line.end, line.text, line.kind, line.reason) for line in lines)
    return Article(document=document, blocks=blocks, sentences=(), language=language)


def _classify(lines: list[_Line], document: Document, profile: CorpusProfile, params: CleanParams) -> None:
    title_keys = _title_keys(lines, document)
    seen_title = False
    for line in lines:
        key = line_key(line.text)
        unrelated = profile.repeated_in_unrelated(key, params)
        if _overlaps(line.start, line.end, document.furniture):
            line.mark(BlockKind.BOILERPLATE, "outside the page's main content")
        elif unrelated:
            line.mark(BlockKind.BOILERPLATE, f"repeated in {unrelated} unrelated documents")
        elif _is_date_line(line.text, line.words):
            line.mark(BlockKind.BOILERPLATE, "date line")
        elif key in title_keys:
            line.mark(
                BlockKind.BOILERPLATE if seen_title else BlockKind.TITLE,
                "repeats the title" if seen_title else "title",
            )
            seen_title = True
        elif any(title in key for title in title_keys if len(title.split()) >= 5):
            line.mark(BlockKind.BOILERPLATE, "repeats the title")
        elif not line.sentence_like and _LABELLED.match(line.text):
            line.mark(BlockKind.BOILERPLATE, "labelled teaser")
        elif not line.sentence_like and (
            line.cohesion < params.min_cohesion
            or (line.words <= params.short_line_words and line.cohesion < params.tail_cohesion)
        ):
            line.mark(BlockKind.BOILERPLATE, "short line unrelated to the story")
        elif not line.sentence_like:
            line.mark(BlockKind.TITLE, "heading")
    _trim_edges(lines, params)
    if not any(line.kind is BlockKind.BODY for line in lines):
        # No body to be the title of: a one-line post without a final full stop ("See more", an emoji), a
        # language written without sentence punctuation (Thai). Its lines are its content, and are checked.
        for line in lines:
            if line.kind is BlockKind.TITLE:
                line.mark(BlockKind.BODY, None)


def _title_keys(lines: list[_Line], document: Document) -> set[str]:
    """The headline: the metadata title, or the first line when it is headline-shaped or repeated."""
    keys = set()
    if document.meta.title:
        keys.add(line_key(document.meta.title))
    for position, line in enumerate(lines[:3]):
        key = line_key(line.text)
        if _is_date_line(line.text, line.words) or line.words < 3:
            continue
        repeated = any(key in line_key(other.text) for other in lines[position + 1 :])
        if not line.sentence_like or repeated:
            keys.add(key)
        break
    return keys


def _is_story_line(line: _Line, params: CleanParams) -> bool:
    """A line that reads as part of the article: a finished sentence about its topic."""
    return (
        line.kind is BlockKind.BODY
        and line.sentence_like
        and not _ELLIPSIS_END.search(line.text)
        and (line.cohesion >= params.min_cohesion or line.words >= params.strong_body_words)
    )


def _trim_edges(lines: list[_Line], params: CleanParams) -> None:
    """Whatever precedes the article's first story line or follows its last is furniture.

    Headlines before the story stay titles; a related-posts block, a comment
    form or a byline after it are stripped even when they look like sentences.
    """
    story = [position for position, line in enumerate(lines) if _is_story_line(line, params)]
    if not story:
        return
    for line in lines[: story[0]]:
        if line.kind is BlockKind.BODY:
            line.mark(BlockKind.BOILERPLATE, "before the start of the article")
    for line in lines[story[-1] + 1 :]:
        if line.kind is not BlockKind.BOILERPLATE:
            line.mark(BlockKind.BOILERPLATE, "after the end of the article")


def clean_documents(
    documents: Sequence[Document],
    profile: CorpusProfile,
    params: CleanParams | None = None,
    *,
    language_of: Callable[[str], str | None] = detect_language,
) -> list[Article]:
    """Clean each readable document (unreadable ones have nothing to clean)."""
    return [clean_document(document, profile, params, language_of=language_of) for document in documents if document.ok]


def body_only(document: Document, language: str | None) -> Article:
    """An article whose every line is story text: for inputs known to hold no page furniture (sentence pairs)."""
    text = document.view.text
    blocks = tuple(Block(start, end, text[start:end], BlockKind.BODY) for start, end in _lines(text))
    return Article(document=document, blocks=blocks, sentences=(), language=language)


# -- what an HTML page's structure says (read at ingest: ``Document.furniture``) ------------------------------

_NON_WORD = re.compile(r"[\W_]+")
_MIN_CONTAINED = 20  # shorter lines ("World", "Share") match only a whole line of the main text


def _normal(text: str) -> str:
    """Words only, case-folded: trafilatura re-spaces and re-punctuates what it keeps."""
    return " ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())


def html_furniture(source: str, view_text: str, title: str | None) -> tuple[tuple[int, int], ...]:
    """View lines (as spans) that trafilatura's main text leaves out; none when it finds no main text."""
    import trafilatura  # lazy: heavy, and only HTML needs it

    try:
        main = trafilatura.extract(source, include_comments=False)
    except Exception:  # a third-party extractor failing on odd markup costs the hints, not the document
        return ()
    if not main:
        return ()
    main_lines = [line for line in map(_normal, main.splitlines()) if line]
    if not main_lines:
        return ()
    whole_lines = set(main_lines)
    long_lines = [line for line in main_lines if len(line) >= _MIN_CONTAINED]
    joined = " ".join(main_lines)
    headline = _normal(title or "")
    spans = []
    start = 0
    for line in view_text.split("\n"):
        end = start + len(line)
        norm = _normal(line)
        in_main = norm in whole_lines or (len(norm) >= _MIN_CONTAINED and norm in joined)
        if norm and not in_main:  # trafilatura may have kept most of the line but not all of it
            in_main = any(len(m) * 2 >= len(norm) and m in norm for m in long_lines)
        if norm and not in_main and headline:  # a headline outside the article's container
            in_main = norm == headline or (norm.count(" ") >= 2 and norm in headline)
        if not in_main:
            spans.append((start, end))
        start = end + 1
    return tuple(spans)
