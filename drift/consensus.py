"""Consensus: with three or more versions of a sentence, flag the one that departs from the others.

A finding compares two versions (the flagged one and its counterpart). The
story's other versions of the same sentence (found through the alignments:
sentences linked by beads form one cluster across versions) are asked which
side they take: the one whose distinctive words they share. A version that
renders the flagged one (a copy of it) is not an independent witness and does
not vote, and neither does a version in another language (its words cannot
be counted against theirs).

* If the others side with the counterpart, the finding stays and lists them
  in ``agreeing`` ("001 and 000 agree; 003 departs").
* If more versions side with the flagged wording than with the counterpart,
  the counterpart is the one that departs: the finding moves to it, set
  against the flagged version.
* Otherwise the finding stays as it is: with two versions it is on the
  non-reference version (or on both, between independent write-ups).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace

from drift.normalize import comparable, excerpt
from drift.records import Alignment, Article, Finding, Relation, Story, file_name

_WORD = re.compile(r"\w+", re.UNICODE)
# A difference of more words than this is not local enough for other versions to take sides on.
_MAX_DISTINCT = 6
Node = tuple[str, int]  # (document id, sentence index)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(comparable(text).lower()))


class _Clusters:
    """Sentences of a story linked by beads, across all its versions, and the words each version uses in them.

    Each version's words are read once per story: a finding asks only which versions use its own few words,
    so a story of n versions costs about n, not n for each of its findings.
    """

    def __init__(self, alignments: Iterable[Alignment], articles: Mapping[str, Article]):
        self.parent: dict[Node, Node] = {}
        self._articles = articles
        self._users: dict[Node, dict[str, list[str]]] | None = None  # filled on first use, once all unions are done
        for alignment in alignments:
            for pair in alignment.pairs:
                nodes = [(alignment.ref, i) for i in pair.ref] + [(alignment.var, j) for j in pair.var]
                for node in nodes[1:]:
                    self._union(nodes[0], node)

    def find(self, node: Node) -> Node:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def _union(self, first: Node, second: Node) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def users(self, node: Node) -> Mapping[str, Sequence[str]]:
        """Each word of the sentences linked with ``node``: the versions that use it there, in order, once each."""
        if self._users is None:
            self._users = {}
            for doc, sentence in sorted(self.parent):
                words = self._users.setdefault(self.find((doc, sentence)), {})
                for word in _words(self._articles[doc].sentences[sentence].norm):
                    versions = words.setdefault(word, [])
                    if not versions or versions[-1] != doc:
                        versions.append(doc)
        return self._users.get(self.find(node), {})


def _node(finding: Finding) -> Node | None:
    """A sentence of the finding's pair, on the flagged side or else (an omission) the counterpart's: every sentence
    of a pair is in the same cluster, so any of them names it."""
    if finding.site is None or finding.against is None:
        return None
    for doc in (finding.doc, finding.against):
        sentences = finding.site.sentences(doc)
        if sentences:
            return doc, sentences[0]
    return None


class _Renderings:
    """Versions that render a version (its rendering descendants): they copy it, they cannot vote on it."""

    def __init__(self, alignments: Iterable[Alignment]):
        self._children: dict[str, list[str]] = {}
        self._found: dict[str, frozenset[str]] = {}
        for alignment in alignments:
            if alignment.relation is Relation.RENDERING:
                self._children.setdefault(alignment.ref, []).append(alignment.var)

    def of(self, doc: str) -> frozenset[str]:
        if doc not in self._found:
            found: set[str] = set()
            waiting = list(self._children.get(doc, []))
            while waiting:
                child = waiting.pop()
                if child not in found:
                    found.add(child)
                    waiting.extend(self._children.get(child, []))
            self._found[doc] = frozenset(found)
        return self._found[doc]


def apply_consensus(
    findings: Sequence[Finding],
    stories: Sequence[Story],
    alignments: Sequence[Alignment],
    articles: Mapping[str, Article],
    *,
    voted: Collection[str],
    intrinsic: Collection[str],
) -> list[Finding]:
    """Let the other versions of each sentence decide who departs (stories of three or more versions).

    ``voted``: the codes of the rules whose findings the other versions vote on; ``intrinsic``: those that judge a
    version's own words (a garble stays where it is, whoever agrees with it).
    """
    by_story = {story.id: story for story in stories}
    story_alignments: dict[str, list[Alignment]] = {}
    story_of = {doc: story.id for story in stories for doc in story.documents}
    for alignment in alignments:
        story_alignments.setdefault(story_of[alignment.var], []).append(alignment)
    clusters = {story_id: _Clusters(items, articles) for story_id, items in story_alignments.items()}
    renderings = {story_id: _Renderings(items) for story_id, items in story_alignments.items()}
    settled = []
    for finding in findings:
        story = by_story.get(finding.story or "")
        if (
            story is None
            or len(story.documents) < 3
            or finding.against is None
            or finding.counterpart is None
            or finding.rule not in voted
        ):
            settled.append(finding)
            continue
        moves = finding.rule not in intrinsic
        settled.append(_vote(finding, clusters[story.id], renderings[story.id], articles, moves))
    return settled


def _vote(
    finding: Finding, clusters: _Clusters, renderings: _Renderings, articles: Mapping[str, Article], moves: bool
) -> Finding:
    flagged, counterpart = finding.doc, finding.against
    assert counterpart is not None
    language = articles[flagged].language
    if articles[counterpart].language != language:
        return finding  # words of two languages cannot be counted against each other
    node = _node(finding)
    if node is None:
        return finding
    own, other = _words(finding.text), _words(finding.counterpart or "")
    mine, theirs = own - other, other - own
    if (not mine and not theirs) or len(mine | theirs) > _MAX_DISTINCT:
        return finding  # no local difference to vote on (a whole sentence against another)
    copies = renderings.of(flagged)
    users = clusters.users(node)
    sides: dict[str, list[int]] = {}  # version: [words it shares with the flagged side, with the counterpart]
    for side, distinct in enumerate((mine, theirs)):
        for word in distinct:
            for doc in users.get(word, ()):
                if doc not in (flagged, counterpart) and doc not in copies and articles[doc].language == language:
                    sides.setdefault(doc, [0, 0])[side] += 1
    with_counterpart = sorted(doc for doc, (with_mine, with_theirs) in sides.items() if with_theirs > with_mine)
    with_flagged = sorted(doc for doc, (with_mine, with_theirs) in sides.items() if with_mine > with_theirs)
    if len(with_flagged) > len(with_counterpart) and moves:
        return _moved(finding, with_flagged)  # a garble stays where it is: it is in those words
    if with_counterpart:
        names = " and ".join(file_name(doc) for doc in [counterpart, *with_counterpart])
        return replace(
            finding,
            agreeing=tuple(with_counterpart),
            message=f"{finding.message}; {names} agree, {file_name(flagged)} departs",
        )
    return finding


def _moved(finding: Finding, supporters: list[str]) -> Finding:
    """The counterpart departs from the others: flag it, set against the version first flagged."""
    assert finding.against is not None and finding.counterpart_start is not None and finding.counterpart_end is not None
    names = " and ".join(file_name(doc) for doc in [finding.doc, *supporters])
    return replace(
        finding,
        doc=finding.against,
        start=finding.counterpart_start,
        end=finding.counterpart_end,
        text=finding.counterpart or "",
        against=finding.doc,
        counterpart=finding.text,
        counterpart_start=finding.start,
        counterpart_end=finding.end,
        agreeing=tuple(supporters),
        message=f"departs from the other versions: '{excerpt(finding.counterpart or '', 50)}' where {names} say "
        f"'{excerpt(finding.text, 50)}' ({finding.name})",
    )
