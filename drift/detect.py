"""Detection: run the rules over every aligned pair, gap and article, and settle who drifted.

Each alignment edge of a story (a version and the version it renders or
shares the story with) is examined pair by pair. Two kinds of rules run:

* **intrinsic** rules (garble) judge one side's own words with the other side
  as evidence ("Janedoe" where the other says "Jane Doe"); they run
  in both directions, because a reference can be the garbled one;
* **comparative** rules (facts, quotes, meaning) report a difference; in a
  rendering it is the rendering's fault, between independent write-ups it is
  reported on both sides, each against the other.

With three or more versions, ``consensus`` then asks the other versions of the
same sentence: when they side with the flagged version, the finding moves to
the version that departs from them, and its message says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import TypeVar

import numpy as np

from drift.consensus import apply_consensus
from drift.embed import Encoder
from drift.errors import describe
from drift.normalize import comparable, damaged_encoding
from drift.pairmodel import PairModel, PairVerdict
from drift.records import (
    AlignedPair,
    Alignment,
    Article,
    Finding,
    Relation,
    StageFailure,
    Story,
    span_text,
)
from drift.rules import RULES
from drift.rules.base import Rule, RuleSelection
from drift.rules.context import ArticleContext, GapContext, PairContext, Side, Similarity
from drift.thresholds import DetectParams
from drift.tokens import tokenize

T = TypeVar("T")


class EncoderSimilarity:
    """The ``Similarity`` of an encoder: rules compare quotes and names with it.

    Rules ask about the same short texts (a name against each name of the other version, in both directions)
    many times, and each encoder call costs more than the few texts it reads: vectors are kept by text (up to
    ``MEMO_SIZE``) and the two lists of a call are encoded in one call.
    """

    MEMO_SIZE = 20_000  # vectors kept: a batch's names and quotes many times over, a few tens of MB

    def __init__(self, encoder: Encoder) -> None:
        self._encoder = encoder
        self._vectors: dict[str, np.ndarray] = {}

    def _learn(self, texts: Iterable[str]) -> None:
        """Encode, in one call, those of ``texts`` not yet known."""
        new = sorted(set(texts) - self._vectors.keys())
        if not new:
            return
        if len(self._vectors) + len(new) > self.MEMO_SIZE:
            self._vectors.clear()
        self._vectors.update(zip(new, self._encoder.encode(new), strict=True))

    def __call__(self, first: Sequence[str], second: Sequence[str]) -> np.ndarray:
        if not first:
            return np.zeros(0, dtype=np.float32)
        self._learn([*first, *second])
        vectors = self._vectors
        return np.einsum("ij,ij->i", np.stack([vectors[t] for t in first]), np.stack([vectors[t] for t in second]))


def encoder_similarity(encoder: Encoder) -> EncoderSimilarity:
    """The ``Similarity`` of an encoder, remembering the vectors of the texts it is asked about."""
    return EncoderSimilarity(encoder)


def fingerprint(finding: Finding, document_name: str) -> str:
    """Content identity of a finding for baselines: rule, document name, words and counterpart, not positions."""
    key = "\x1f".join(
        [
            finding.rule,
            document_name,
            comparable(finding.text).lower(),
            comparable(finding.counterpart or "").lower(),
        ]
    )
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Detector:
    """The configured rule set; ``run`` returns the findings of a whole corpus."""

    params: DetectParams = field(default_factory=DetectParams)
    selection: RuleSelection = field(default_factory=RuleSelection)
    judge: PairModel | None = field(default=None, compare=False)  # the pair model; None: rules alone

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(rule() for rule in RULES if self.selection.enabled(rule.code))

    @cached_property
    def voted(self) -> frozenset[str]:
        """Codes of the rules whose findings the story's other versions vote on (consensus)."""
        return frozenset(rule.code for rule in self.rules if rule.voted)

    @cached_property
    def intrinsic(self) -> frozenset[str]:
        """Codes of the rules that judge a version's own words: consensus never moves their findings."""
        return frozenset(rule.code for rule in self.rules if rule.intrinsic)

    def run(
        self,
        stories: Sequence[Story],
        alignments: Sequence[Alignment],
        articles: Mapping[str, Article],
        similarity: Similarity,
        *,
        similarity_of: Callable[[Alignment], Similarity] | None = None,
        failures: list[StageFailure] | None = None,
    ) -> tuple[Finding, ...]:
        """All findings of a corpus; ``similarity_of`` picks the encoder of each alignment (languages)."""
        findings = self.outside_stories(stories, articles, failures)
        by_story = alignments_by_story(stories, alignments)
        for story in stories:
            findings.extend(
                self.story_findings(
                    story, by_story[story.id], articles, similarity, similarity_of=similarity_of, failures=failures
                )
            )
        return self.settle(findings, articles)

    def outside_stories(
        self, stories: Sequence[Story], articles: Mapping[str, Article], failures: list[StageFailure] | None = None
    ) -> list[Finding]:
        """Findings on the articles no story holds (no story text to group)."""
        grouped = {doc for story in stories for doc in story.documents}
        return [
            finding
            for article in articles.values()
            if article.id not in grouped
            for finding in self._article(ArticleContext(article, None, self.params), failures)
        ]

    def story_findings(
        self,
        story: Story,
        alignments: Sequence[Alignment],
        articles: Mapping[str, Article],
        similarity: Similarity,
        *,
        similarity_of: Callable[[Alignment], Similarity] | None = None,
        failures: list[StageFailure] | None = None,
    ) -> list[Finding]:
        """The findings of one story, before severities are settled: they depend on nothing outside it.

        With ``failures``, a rule that raises on a document is recorded there and the other rules go on.
        """
        alignments = [_confident(alignment) for alignment in alignments]
        findings: list[Finding] = []
        for doc in story.documents:
            findings.extend(self._article(ArticleContext(articles[doc], story, self.params), failures))
        tokens = _story_tokens(story, articles) if alignments else {}
        for alignment in alignments:
            edge_similarity = similarity_of(alignment) if similarity_of is not None else similarity
            findings.extend(self._alignment(story, alignment, articles, edge_similarity, tokens, failures))
        return apply_consensus(findings, [story], alignments, articles, voted=self.voted, intrinsic=self.intrinsic)

    def _article(self, context: ArticleContext, failures: list[StageFailure] | None) -> Iterator[Finding]:
        for rule in self.rules:
            yield from _guarded(rule, context.article.id, failures, partial(rule.check_article, context))

    def _alignment(
        self,
        story: Story,
        alignment: Alignment,
        articles: Mapping[str, Article],
        similarity: Similarity,
        tokens: Mapping[str, int],
        failures: list[StageFailure] | None,
    ) -> Iterator[Finding]:
        ref, var = articles[alignment.ref], articles[alignment.var]
        typical = _typical_similarity(alignment)
        verdicts = self._verdicts(ref, var, alignment)
        for position, pair in enumerate(alignment.pairs):
            if pair.ref and pair.var:
                cosine = pair.similarity or 0.0
                var_side, ref_side = Side(var, pair.var), Side(ref, pair.ref)
                if var_side.text == ref_side.text:
                    continue  # every pair rule reports a difference, and a copied sentence has none
                verdict = verdicts.get(position)
                forward = PairContext(
                    story,
                    alignment,
                    var_side,
                    ref_side,
                    self.params,
                    similarity,
                    tokens,
                    alignment_similarity=cosine,
                    alignment_typical=typical,
                    verdict=verdict,
                    judge=self.judge,
                )
                backward = PairContext(
                    story, alignment, ref_side, var_side, self.params, similarity, tokens,
                    alignment_similarity=cosine, alignment_typical=typical,
                )  # fmt: skip
                both_ways = alignment.relation is Relation.SAME_STORY
                rules = self._pair_rules(alignment.relation, cosine >= self.params.same_statement_similarity)
                # Mis-decoded text breaks words apart: only the garble rules can say anything about it.
                damaged = damaged_encoding(var_side.text) != damaged_encoding(ref_side.text)
                for rule in sorted(rules, key=lambda rule: rule.late):
                    if damaged and not rule.intrinsic:
                        continue
                    for context in (forward, backward) if rule.intrinsic or both_ways else (forward,):
                        found = _guarded(rule, context.subject.id, failures, partial(rule.check_pair, context))
                        context.prior.extend(found)
                        yield from found
            elif alignment.relation is Relation.RENDERING:
                side = "ref" if pair.ref else "var"
                subject = Side(ref, pair.ref) if pair.ref else Side(var, pair.var)
                neighbours = (
                    alignment.pairs[position - 1] if position > 0 else None,
                    alignment.pairs[position + 1] if position + 1 < len(alignment.pairs) else None,
                )
                other = var if pair.ref else ref
                gap = GapContext(story, alignment, side, subject, other, neighbours, self.params)
                for rule in self.rules:
                    yield from _guarded(rule, subject.id, failures, partial(rule.check_gap, gap))

    def _verdicts(self, ref: Article, var: Article, alignment: Alignment) -> dict[int, PairVerdict]:
        """The pair model's reading of every aligned pair that is not a copy, in one batch (English only)."""
        if self.judge is None:
            return {}
        beads = bead_texts(ref, var, alignment)
        return dict(zip(beads, self.judge.verdicts(list(beads.values())), strict=True))

    def _pair_rules(self, relation: Relation, same_statement: bool) -> Iterator[Rule]:
        """The rules that compare this pair: all for a rendering; for independent write-ups,
        the intrinsic and quote rules, and fact rules where both say the same statement."""
        for rule in self.rules:
            if relation is Relation.RENDERING or (
                rule.same_story == "always" or (rule.same_story == "same-statement" and same_statement)
            ):
                yield rule

    def settle(self, findings: Sequence[Finding], articles: Mapping[str, Article]) -> tuple[Finding, ...]:
        """Apply severities, drop duplicates (one fault seen through two edges), sort, fingerprint."""
        unique: dict[tuple[str, str, int, int], Finding] = {}
        for finding in findings:
            severity = self.selection.severity_for(finding.rule, finding.severity)
            settled = replace(finding, severity=severity)
            unique.setdefault((settled.rule, settled.doc, settled.start, settled.end), settled)
        return tuple(
            replace(finding, fingerprint=fingerprint(finding, articles[finding.doc].document.stable_name))
            for finding in sorted(unique.values(), key=Finding.sort_key)
        )


def bead_texts(ref: Article, var: Article, alignment: Alignment) -> dict[int, tuple[str, str]]:
    """The texts the pair model reads for an alignment: its aligned pairs that are not copies, by position.

    English only: the model was trained on English pairs."""
    if ref.language != "en" or var.language != "en":
        return {}
    beads = {}
    for position, pair in enumerate(alignment.pairs):
        if pair.ref and pair.var:
            a, b = span_text(ref, pair.ref), span_text(var, pair.var)
            if a != b:
                beads[position] = (a, b)
    return beads


def _guarded(
    rule: Rule, doc: str, failures: list[StageFailure] | None, check: Callable[[], Iterable[Finding]]
) -> list[Finding]:
    """A rule's findings; where it raises (a bug in drift), none and a failure on ``doc``, so the run goes on."""
    if failures is None:
        return list(check())
    try:
        return list(check())
    except Exception as error:
        failures.append(StageFailure(doc, f"rule {rule.code}", describe(error)))
        return []


def _confident(alignment: Alignment) -> Alignment:
    """The alignment as the rules read it: a weak bead (linked for its position only) is an omission and an insertion.

    Its similarity is that of chance pairs, so comparing its two sides would report the differences of two
    unrelated sentences; the gap rules judge each side on its own, as before the DP linked them.
    """
    if not any(pair.weak for pair in alignment.pairs):
        return alignment
    pairs: list[AlignedPair] = []
    for pair in alignment.pairs:
        if pair.weak:
            pairs += [AlignedPair(pair.ref, (), None), AlignedPair((), pair.var, None)]
        else:
            pairs.append(pair)
    return replace(alignment, pairs=tuple(pairs))


def _typical_similarity(alignment: Alignment, least: int = 5) -> tuple[float, float | None]:
    """Median bead similarity of an alignment and the median absolute deviation (None below ``least`` beads)."""
    values = sorted(pair.similarity for pair in alignment.pairs if pair.ref and pair.var and pair.similarity)
    if len(values) < least:
        return 0.0, None
    median = float(np.median(values))
    return median, float(np.median([abs(value - median) for value in values]))


def alignments_by_story(stories: Sequence[Story], alignments: Sequence[Alignment]) -> dict[str, list[Alignment]]:
    """Each story's alignments, in the order given."""
    story_of = {doc: story.id for story in stories for doc in story.documents}
    grouped: dict[str, list[Alignment]] = {story.id: [] for story in stories}
    for alignment in alignments:
        grouped[story_of[alignment.var]].append(alignment)
    return grouped


def _story_tokens(story: Story, articles: Mapping[str, Article]) -> dict[str, int]:
    """How many versions of the story use each word form (as written): evidence for spellings."""
    counts: dict[str, int] = {}
    for doc in story.documents:
        article = articles[doc]
        forms = {token.text for token in tokenize(article, range(len(article.sentences))) if token.is_word}
        for form in forms:
            counts[form] = counts.get(form, 0) + 1
    return counts
