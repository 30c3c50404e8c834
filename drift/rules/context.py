"""What rules look at: one side of an aligned pair, the pair, a gap, an article.

The detector (``drift.detect``) builds these contexts and hands them to the rules
(``drift.rules``); they know the records and the thresholds, not the detector, so a
rule module imports nothing of the stage that runs it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property
from typing import TYPE_CHECKING, Protocol, TypeVar

import numpy as np

from drift.records import AlignedPair, Alignment, Article, Finding, Relation, Site, Story, file_name, span_text
from drift.thresholds import DetectParams
from drift.tokens import Token, tokenize

if TYPE_CHECKING:
    from drift.pairmodel import PairModel, PairVerdict

T = TypeVar("T")
Similarity = Callable[[Sequence[str], Sequence[str]], np.ndarray]
"""Row-wise cosine similarity of two lists of texts (same length), from the run's encoder."""


class FindingMaker(Protocol):
    """What makes a finding: a rule (``drift.rules.base.Rule``), named here by what it does."""

    def finding(
        self,
        article: Article,
        start: int,
        end: int,
        message: str,
        *,
        against: str | None = None,
        counterpart: tuple[str, int, int] | None = None,
        story: str | None = None,
        site: Site | None = None,
    ) -> Finding: ...


@dataclass
class Side:
    """One side of an aligned pair: the article, the sentences, their tokens."""

    article: Article
    indices: tuple[int, ...]

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tokenize(self.article, self.indices)

    @cached_property
    def words(self) -> tuple[Token, ...]:
        return tuple(token for token in self.tokens if token.kind in ("word", "number"))

    @cached_property
    def text(self) -> str:
        return span_text(self.article, self.indices)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def span(self) -> tuple[int, int]:
        first, last = self.article.sentences[self.indices[0]], self.article.sentences[self.indices[-1]]
        return first.start, last.end

    def locate(self, start: int, end: int) -> tuple[int, int]:
        """Original-text span of ``text[start:end]`` (for HTML, ``text`` joins the sentences' view text)."""
        document = self.article.document
        sentences = [self.article.sentences[i] for i in self.indices]
        if document.view.starts is None:
            return sentences[0].start + start, sentences[0].start + end
        view_offsets: list[int] = []  # the view offset of each character of ``text``
        for sentence in sentences:
            if view_offsets:
                view_offsets.append(view_offsets[-1])  # the joining space
            view_offsets.extend(range(sentence.view_start, sentence.view_start + len(sentence.text)))
        last = len(view_offsets) - 1
        first_char, last_char = view_offsets[min(start, last)], view_offsets[min(max(end - 1, start), last)]
        return document.view.to_original(first_char, last_char + 1)


@dataclass
class PairContext:
    """An aligned pair seen from its subject (the side being judged) against its witness."""

    story: Story
    alignment: Alignment
    subject: Side
    witness: Side
    params: DetectParams
    similarity: Similarity
    story_tokens: Mapping[str, int]  # word form -> number of versions of the story that use it
    shared: dict[str, object] = field(default_factory=dict)  # results several rules use, computed once
    prior: list[Finding] = field(default_factory=list)  # the earlier rules' findings on this pair and side
    alignment_similarity: float = 0.0  # the bead's cosine
    # Median similarity of the alignment's beads and their median absolute deviation (None: too few beads).
    alignment_typical: tuple[float, float | None] = (0.0, None)
    verdict: PairVerdict | None = None  # the pair model's reading of (witness, subject); None: not read
    judge: PairModel | None = None  # the pair model, for rules that probe edits of the pair

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Compute a result once per pair and direction (names, quantities) for every rule that asks."""
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]  # type: ignore[return-value]

    @cached_property
    def opcodes(self) -> Sequence[tuple[str, int, int, int, int]]:
        """difflib opcodes turning the witness's words into the subject's words."""
        matcher = SequenceMatcher(
            a=[t.norm for t in self.witness.words], b=[t.norm for t in self.subject.words], autojunk=False
        )
        return matcher.get_opcodes()

    def cut_point(self, subject_position: int) -> tuple[int, int]:
        """A zero-width span in the subject where words deleted before its word ``subject_position`` stood."""
        words = self.subject.words
        if subject_position > 0:
            end = words[subject_position - 1].end
            return end, end
        start = words[0].start if words else self.subject.span[0]
        return start, start

    def rendering_of(self, start: int, end: int) -> tuple[int, int]:
        """Where the subject renders the witness's text ``[start, end)``: the words the word diff puts in its
        place, or the zero-width point where it was cut. A finding about words left out points there, not at
        the whole sentence."""
        covered = [i for i, token in enumerate(self.witness.words) if token.start < end and token.end > start]
        if not covered:
            return self.cut_point(0)
        first, last = covered[0], covered[-1] + 1
        spans = [
            (s1 + max(0, first - w1) if tag == "equal" else s1, s2 - max(0, w2 - last) if tag == "equal" else s2)
            for tag, w1, w2, s1, s2 in self.opcodes
            if w1 < last and w2 > first and tag != "delete"
        ]
        spans = [(s1, s2) for s1, s2 in spans if s2 > s1]
        if not spans:
            position = next((s1 for _, w1, w2, s1, _ in self.opcodes if w1 <= first < w2), len(self.subject.words))
            return self.cut_point(position)
        words = self.subject.words
        return words[spans[0][0]].start, words[spans[-1][1] - 1].end

    @cached_property
    def word_ratio(self) -> float:
        """How much of the wording the two sides share, in order (difflib ratio over words)."""
        matcher = SequenceMatcher(
            a=[t.norm for t in self.witness.words], b=[t.norm for t in self.subject.words], autojunk=False
        )
        return matcher.ratio()

    @property
    def rendering(self) -> bool:
        return self.alignment.relation is Relation.RENDERING

    def finding(
        self,
        rule: FindingMaker,
        start: int,
        end: int,
        message: str,
        counterpart: tuple[int, int] | None = None,
    ) -> Finding:
        """A finding on the subject's original text, set against a span of the witness (or all of it)."""
        first, last = counterpart or self.witness.span
        witness_text = self.witness.article.document.text[first:last] if counterpart else self.witness.text
        return rule.finding(
            self.subject.article,
            start,
            end,
            f"{message} ({file_name(self.witness.id)})",
            against=self.witness.id,
            counterpart=(witness_text, first, last),
            story=self.story.id,
            site=self.site,
        )

    @property
    def site(self) -> Site:
        forward = self.subject.id == self.alignment.var
        ref, var = (self.witness, self.subject) if forward else (self.subject, self.witness)
        return Site(self.alignment.ref, self.alignment.var, ref.indices, var.indices)


@dataclass
class GapContext:
    """A sentence of one version with no counterpart in the other, in a rendering."""

    story: Story
    alignment: Alignment
    side: str  # "ref": omitted from the variant; "var": inserted in it
    subject: Side  # the sentence without counterpart
    other: Article  # the version it has no counterpart in
    neighbours: tuple[AlignedPair | None, AlignedPair | None]  # the pairs before and after it
    params: DetectParams

    def finding(self, rule: FindingMaker, start: int, end: int, message: str, *, doc: str | None = None) -> Finding:
        """A finding on the gap's sentence, or (``doc`` given) on the other version with the sentence as counterpart."""
        sides = (self.subject.indices, ()) if self.side == "ref" else ((), self.subject.indices)
        site = Site(self.alignment.ref, self.alignment.var, *sides)
        if doc is None:
            return rule.finding(
                self.subject.article, start, end, message, against=self.other.id, story=self.story.id, site=site
            )
        counterpart = (self.subject.text, *self.subject.span)
        return rule.finding(
            self.other,
            start,
            end,
            message,
            against=self.subject.id,
            counterpart=counterpart,
            story=self.story.id,
            site=site,
        )


@dataclass
class ArticleContext:
    """One article, for rules that judge a document on its own (boilerplate)."""

    article: Article
    story: Story | None
    params: DetectParams
