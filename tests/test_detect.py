"""Detection over whole corpora (``drift.pipeline.run``, the real model): quiet copies, gaps, consensus,
determinism and content-keyed fingerprints.

The corpora are small fictional stories written below, one folder each; every
folder is run once per module (``reports``), and the tests read those reports.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from drift.detect import encoder_similarity
from drift.pipeline import run
from drift.records import Finding, Relation, Report, Severity

pytestmark = pytest.mark.model

FERRY = """The port authority of Marlow Bay opened a new ferry terminal on Wednesday after three years of \
construction. The terminal cost 48 million euros - twice the first estimate - and can handle 1,200 passengers an hour.

Harbour master Ines Caldwell said the old building had become unsafe during winter storms. "We finally have a \
terminal that can cope with the weather," Caldwell told reporters at the opening.

Two new routes to the northern islands will start in May. Ticket prices will stay unchanged until the end of the \
year, the authority said.

Local shops expect more visitors during the summer season. The old terminal will be demolished in the autumn to \
make room for a car park.
"""

# The same words, other typography: curly quotes, an en dash, a no-break space, a double space.
FERRY_TYPOGRAPHY = (
    FERRY.replace('"We', "“We")
    .replace('weather,"', "weather,”")
    .replace(" - ", " – ")
    .replace("construction. The", "construction.\u00a0The")
    .replace("storms. ", "storms.  ")
)

OMITTED = "Local shops expect more visitors during the summer season."
INSERTED = "Meanwhile, the national football team lost its friendly match against Norway on Saturday evening."
FERRY_GAPS = FERRY.replace(OMITTED + " ", "").replace("the authority said.", "the authority said. " + INSERTED)

# An independent write-up: three statements in common with FERRY, the rest its own.
FERRY_OTHER = """A ferry terminal costing 48 million euros opened in Marlow Bay on Wednesday after three years of \
construction.

The harbour master, Ines Caldwell, said the old building had become unsafe during winter storms. Fishermen in the \
bay had complained for years about the lack of shelter for passengers. The new hall has a cafe, a waiting room and a \
small exhibition on the history of the port.

Two new routes to the northern islands will start in May, the port authority said. A local councillor, Peter Hume, \
said the town had waited far too long for the investment. Critics say the money should have gone to the ailing rail \
line instead.
"""

LANES = """The city of Dunmore will spend 3.5 million pounds on new cycle lanes over the next two years. The plan was \
approved by the council on Tuesday evening.

Council leader Maria Okafor said the lanes would connect the university with the old town. Shop owners on the high \
street have asked for more parking spaces instead.

Work on the first lane will begin in the spring. The council expects about 4,000 cyclists a day to use the network \
by 2027.
"""


def _reworded(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


# Two renderings of LANES, each reworded in other sentences (so that each is closer to LANES than to the other).
LANES_B = _reworded(
    LANES,
    ("The plan was approved by the council on Tuesday evening.", "Councillors approved the plan on Tuesday evening."),
    (
        "Shop owners on the high street have asked for more parking spaces instead.",
        "Shopkeepers on the high street would rather have more parking spaces.",
    ),
)
LANES_C = _reworded(
    LANES,
    ("Work on the first lane will begin in the spring.", "Construction of the first lane will start in the spring."),
    (
        "Council leader Maria Okafor said the lanes would connect the university with the old town.",
        "The lanes will link the university with the old town, council leader Maria Okafor said.",
    ),
)
TEN_TIMES = ("3.5 million", "35 million")
INSERTED_LINE = "Updated on Thursday at noon\n\n"

CORPORA: dict[str, dict[str, str]] = {
    "copies": {"a.txt": FERRY, "b.txt": FERRY, "c.txt": FERRY_TYPOGRAPHY},
    "gaps": {"a.txt": FERRY, "b.txt": FERRY_GAPS, "c.txt": FERRY_OTHER},
    # b and the reference agree on the number; c departs from both.
    "third-departs": {"a.txt": LANES, "b.txt": LANES_B, "c.txt": _reworded(LANES_C, TEN_TIMES)},
    # The reference is the odd one out: both renderings say 3.5 million.
    "reference-departs": {"a.txt": _reworded(LANES, TEN_TIMES), "b.txt": LANES_B, "c.txt": LANES_C},
    # third-departs with a line inserted at the top of c, above the finding.
    "shifted": {"a.txt": LANES, "b.txt": LANES_B, "c.txt": INSERTED_LINE + _reworded(LANES_C, TEN_TIMES)},
}


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("detect")
    made = {}
    for name, files in CORPORA.items():
        folder = base / name
        folder.mkdir()
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        made[name] = folder
    return made


@pytest.fixture(scope="module")
def reports(folders, real_encoder) -> dict[str, Report]:
    return {name: run([str(folder)], real_encoder) for name, folder in folders.items()}


def _name(doc: str) -> str:
    return Path(doc).name


def _shown(findings) -> str:
    return "\n".join(f"{f.rule} {f.severity.value} {_name(f.doc)} {f.text!r}: {f.message}" for f in findings) or "none"


def _relations(report: Report) -> dict[tuple[str, str], Relation]:
    return {(_name(a.ref), _name(a.var)): a.relation for a in report.alignments}


def test_copies_and_typography_variants_are_quiet(reports):
    report = reports["copies"]
    assert [sorted(_name(d) for d in story.documents) for story in report.stories] == [["a.txt", "b.txt", "c.txt"]]
    assert _relations(report) == {("a.txt", "b.txt"): Relation.RENDERING, ("a.txt", "c.txt"): Relation.RENDERING}
    assert all(alignment.coverage == 1.0 for alignment in report.alignments)
    loud = [f for f in report.findings if f.severity >= Severity.WARNING]
    assert not loud, _shown(loud)


def test_a_rendering_that_omits_and_inserts_gets_both_findings(reports):
    report = reports["gaps"]
    assert _relations(report) == {("a.txt", "b.txt"): Relation.RENDERING, ("a.txt", "c.txt"): Relation.SAME_STORY}
    variant = FERRY_GAPS
    omitted = [f for f in report.findings if f.rule == "DR601"]
    inserted = [f for f in report.findings if f.rule == "DR701"]
    assert len(omitted) == 1 and len(inserted) == 1, _shown(report.findings)
    omission, insertion = omitted[0], inserted[0]
    assert _name(omission.doc) == "b.txt" and _name(omission.against or "") == "a.txt"
    assert omission.counterpart == OMITTED
    assert FERRY[omission.counterpart_start : omission.counterpart_end] == OMITTED
    assert omission.severity is Severity.WARNING  # no number, no quotation in what was left out
    assert omission.start == omission.end  # where the sentence would stand in b: after what precedes it
    # Between what precedes the lost sentence and what follows it; the inserted sentence stands in the same gap.
    assert variant.index("the authority said.") + len("the authority said.") <= omission.start
    assert omission.start <= variant.index("The old terminal")
    assert _name(insertion.doc) == "b.txt" and insertion.severity is Severity.WARNING
    assert variant[insertion.start : insertion.end] == INSERTED == insertion.text


def test_an_independent_write_up_has_no_gap_findings(reports):
    """Gaps are normal between write-ups that share only some statements."""
    on_other = [f for f in reports["gaps"].findings if _name(f.doc) == "c.txt"]
    assert not [f for f in on_other if f.rule in ("DR601", "DR701")], _shown(on_other)
    assert not [f for f in on_other if f.severity >= Severity.WARNING], _shown(on_other)


def _number_findings(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.rule == "DR201"]


def test_consensus_names_who_agrees_when_the_third_version_departs(reports):
    report = reports["third-departs"]
    assert _name(report.stories[0].reference) == "a.txt"
    assert _relations(report) == {("a.txt", "b.txt"): Relation.RENDERING, ("a.txt", "c.txt"): Relation.RENDERING}
    found = _number_findings(report)
    assert len(found) == 1, _shown(report.findings)
    finding = found[0]
    assert _name(finding.doc) == "c.txt" and _name(finding.against or "") == "a.txt"
    assert finding.text == "35 million" and finding.severity is Severity.ERROR
    assert [_name(doc) for doc in finding.agreeing] == ["b.txt"]
    assert "a.txt and b.txt agree, c.txt departs" in finding.message


def test_consensus_moves_the_finding_to_a_reference_that_departs(reports):
    report = reports["reference-departs"]
    assert _name(report.stories[0].reference) == "a.txt"
    found = _number_findings(report)
    assert len(found) == 1, _shown(report.findings)  # one fault, seen through both edges, reported once
    finding = found[0]
    reference = CORPORA["reference-departs"]["a.txt"]
    assert _name(finding.doc) == "a.txt"
    assert reference[finding.start : finding.end] == "35 million" == finding.text
    assert finding.counterpart == "3.5 million"
    against = _name(finding.against or "")
    assert against in ("b.txt", "c.txt")
    assert [_name(doc) for doc in finding.agreeing] == [{"b.txt": "c.txt", "c.txt": "b.txt"}[against]]
    assert finding.message.startswith("departs from the other versions")
    assert not [f for f in report.findings if _name(f.doc) != "a.txt" and f.severity is Severity.ERROR]


def _identity(report: Report) -> list[tuple[str, str, int, int, str]]:
    return [(f.rule, f.doc, f.start, f.end, f.fingerprint) for f in report.findings]


def test_two_runs_give_identical_findings(folders, reports, real_encoder):
    for name in ("gaps", "third-departs"):
        again = run([str(folders[name])], real_encoder)
        assert _identity(again) == _identity(reports[name]), name
        assert [f.message for f in again.findings] == [f.message for f in reports[name].findings]


def test_fingerprints_survive_a_line_inserted_above(reports):
    before = _number_findings(reports["third-departs"])[0]
    after = _number_findings(reports["shifted"])
    assert len(after) == 1, _shown(reports["shifted"].findings)
    moved = after[0]
    assert moved.start == before.start + len(INSERTED_LINE) and moved.end == before.end + len(INSERTED_LINE)
    assert moved.fingerprint == before.fingerprint and moved.fingerprint
    fingerprints = {f.fingerprint for f in reports["third-departs"].findings}
    assert len(fingerprints) == len(reports["third-departs"].findings)  # distinct findings, distinct keys


def test_the_encoder_similarity_encodes_each_text_once_and_scores_as_the_encoder_does(bow_encoder):
    similarity = encoder_similarity(bow_encoder)
    names = ["Britain", "UK", "Japan", "China"]
    first = similarity(names[:2], names[2:])
    again = similarity(["UK", "Britain"], ["China", "Japan"])  # the same texts: served from memory
    vectors = bow_encoder.encode(names)
    expected = [float(vectors[0] @ vectors[2]), float(vectors[1] @ vectors[3])]
    assert np.allclose(first, expected) and np.allclose(again, expected[::-1])
    assert bow_encoder.calls == 2  # one call for both lists of the first question, none for the second (+ ours)
