"""Where each finding of a report goes: the aligned pair it points into, the page furniture, or nowhere shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from drift.records import Article, Finding, Report


def _span(article: Article, indices: Sequence[int]) -> tuple[int, int] | None:
    if not indices:
        return None
    return article.sentences[indices[0]].start, article.sentences[indices[-1]].end


def _contains(span: tuple[int, int] | None, start: int | None, end: int | None) -> bool:
    return span is not None and start is not None and end is not None and span[0] <= start <= end <= span[1]


@dataclass
class Placement:
    """Each finding of a report put where a reader looks for it.

    ``pairs`` maps ``(alignment index, pair index)`` to the findings located in
    that pair; ``furniture`` holds, per document, the findings on stripped
    lines; ``loose`` whatever lies in no shown pair (an article-level finding,
    a single-version story), so that nothing is silently dropped.
    """

    pairs: dict[tuple[int, int], list[Finding]] = field(default_factory=dict)
    furniture: dict[str, list[Finding]] = field(default_factory=dict)
    loose: dict[str, list[Finding]] = field(default_factory=dict)


def place_findings(report: Report) -> Placement:
    """Attach every finding to the pair whose sentences contain its span (and its counterpart's).

    An omission (DR6xx) sits at a zero-width span of the variant and carries
    the omitted sentence as counterpart: it goes to the pair where the
    variant's side is empty and the reference's side is that sentence.
    """
    placement = Placement()
    spans = [
        [(_span(report.articles[a.ref], pair.ref), _span(report.articles[a.var], pair.var)) for pair in a.pairs]
        for a in report.alignments
    ]
    furniture = {doc: article.boilerplate_spans() for doc, article in report.articles.items()}
    edges: dict[str, list[int]] = {}
    for number, alignment in enumerate(report.alignments):
        edges.setdefault(alignment.ref, []).append(number)
        edges.setdefault(alignment.var, []).append(number)
    for finding in sorted(report.findings, key=Finding.sort_key):
        if any(_contains(span, finding.start, finding.end) for span in furniture.get(finding.doc, ())):
            placement.furniture.setdefault(finding.doc, []).append(finding)
            continue
        best: tuple[int, int, int] | None = None  # (score, alignment, pair)
        for number in edges.get(finding.doc, ()):
            alignment = report.alignments[number]
            own_side = 0 if alignment.ref == finding.doc else 1
            other = alignment.var if own_side == 0 else alignment.ref
            for index, pair_spans in enumerate(spans[number]):
                own, counter = pair_spans[own_side], pair_spans[1 - own_side]
                own_hit = _contains(own, finding.start, finding.end)
                counter_hit = finding.against == other and _contains(
                    counter, finding.counterpart_start, finding.counterpart_end
                )
                score = 3 if own_hit and counter_hit else 2 if counter_hit and own is None else int(own_hit)
                if score and (best is None or score > best[0]):
                    best = (score, number, index)
        if best is None:
            placement.loose.setdefault(finding.doc, []).append(finding)
        else:
            placement.pairs.setdefault((best[1], best[2]), []).append(finding)
    return placement
