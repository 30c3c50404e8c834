"""Where each finding of a report goes: the aligned pair it points into, the page furniture, or nowhere shown."""

from __future__ import annotations

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
        site = finding.site
        number = numbers.get((site.ref, site.var)) if site is not None else None
        index = _pair_of(report.alignments[number], site) if number is not None and site is not None else None
        if number is None or index is None:
            placement.loose.setdefault(finding.doc, []).append(finding)
        else:
            placement.pairs.setdefault((number, index), []).append(finding)
    return placement


def _pair_of(alignment: Alignment, site: Site) -> int | None:
    """The pair holding the site's sentences: the site's own, or the weak pair the detector read as an omission and
    an insertion (``drift.detect``'s ``_confident``)."""
    for index, pair in enumerate(alignment.pairs):
        if set(site.ref_sentences) <= set(pair.ref) and set(site.var_sentences) <= set(pair.var):
            return index
    return None
