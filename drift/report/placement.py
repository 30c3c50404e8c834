"""Where each finding of a report goes: the aligned pair it points into, the page furniture, or nowhere shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from drift.records import Alignment, Finding, Report, Site


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
    """Attach every finding to the aligned pair the detector made it on (its ``site``).

    An omission (DR6xx) sits at a zero-width span of the variant and carries
    the omitted sentence as counterpart: its pair is the one where the
    variant's side is empty and the reference's side is that sentence.
    """
    placement = Placement()
    numbers = {(alignment.ref, alignment.var): number for number, alignment in enumerate(report.alignments)}
    furniture = {doc: article.boilerplate_spans() for doc, article in report.articles.items()}
    for finding in sorted(report.findings, key=Finding.sort_key):
        if any(_contains(span, finding.start, finding.end) for span in furniture.get(finding.doc, ())):
            placement.furniture.setdefault(finding.doc, []).append(finding)
            continue
        place = _pair_of(finding.site, report.alignments, numbers)
        if place is None:
            placement.loose.setdefault(finding.doc, []).append(finding)
        else:
            placement.pairs.setdefault(place, []).append(finding)
    return placement


def _pair_of(
    site: Site | None, alignments: Sequence[Alignment], numbers: Mapping[tuple[str, str], int]
) -> tuple[int, int] | None:
    """(alignment, pair) holding the site's sentences: the site's own pair, or the weak pair the detector read as an
    omission and an insertion (``drift.detect``'s ``_confident``); None for no site or an alignment not shown."""
    if site is None or (site.ref, site.var) not in numbers:
        return None
    number = numbers[(site.ref, site.var)]
    for index, pair in enumerate(alignments[number].pairs):
        if set(site.ref_sentences) <= set(pair.ref) and set(site.var_sentences) <= set(pair.var):
            return number, index
    return None
