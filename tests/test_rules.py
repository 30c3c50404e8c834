"""The rules on hand-written sentence pairs, through ``drift.pairs`` (the real model).

Every pair below is scored in one batch (``scored``, module scope): one encoder
call for all their sentences. Each rule family gets a pair where ``b`` makes the
change the rule is about, and a benign rewording of the same ``a`` that must not
raise an error. The spans are checked against the words that changed, in ``b``
(and, where the rule points at one, against the old words in ``a``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from drift.pairs import (
    PairInput,
    PairResult,
    PairsSummary,
    decode_lines,
    line_record,
    read_pairs,
    score_batches,
    score_pairs,
)
from drift.records import Severity
from drift.rules.base import RuleSelection
from drift.thresholds import thresholds_for

pytestmark = pytest.mark.model


@dataclass(frozen=True)
class Case:
    """A drifted pair: ``rule`` must fire at ``severity`` on ``changed`` (a substring of ``b``).

    ``exact``: the finding's slice of ``b`` equals ``changed``; otherwise it contains it.
    ``was``: the old words in ``a`` the finding's counterpart span must cover (None: not checked).
    ``benign``: a rewording of ``a`` that keeps its meaning: no error, and nothing from ``rule``.
    """

    a: str
    b: str
    rule: str
    severity: Severity
    changed: str
    benign: str
    exact: bool = True
    was: str | None = None


ERROR, WARNING = Severity.ERROR, Severity.WARNING

CASES: dict[str, Case] = {
    "number-changed": Case(
        a="The two companies agreed on a deal worth 3.5 billion dollars on Thursday.",
        b="The two companies agreed on a deal worth 35 billion dollars on Thursday.",
        rule="DR201",
        severity=ERROR,
        changed="35 billion",
        was="3.5 billion",
        benign="On Thursday the two companies agreed a deal worth 3.5 billion dollars.",
    ),
    "quantity-changed": Case(
        a="The mayor appointed a 12-member council to review the plan.",
        b="The mayor appointed 12 councils to review the plan.",
        rule="DR202",
        severity=ERROR,
        changed="12",
        was="12-member",
        benign="The mayor named a 12-member council to review the plan.",
    ),
    "date-changed-weekday": Case(
        a="The board will meet again on Monday to vote on the budget.",
        b="The board will meet again on Tuesday to vote on the budget.",
        rule="DR205",
        severity=ERROR,
        changed="Tuesday",
        was="Monday",
        benign="On Monday the board will meet again to vote on the budget.",
    ),
    "date-changed-period": Case(
        a="The bridge will stay closed for a year while engineers repair it.",
        b="The bridge will stay closed for a month while engineers repair it.",
        rule="DR205",
        severity=ERROR,
        changed="month",
        was="year",
        benign="The bridge will remain closed for a year while engineers repair it.",
    ),
    "fused-name": Case(
        a="The report was written by Jane Doe, a senior analyst at the bank.",
        b="The report was written by Janedoe, a senior analyst at the bank.",
        rule="DR301",
        severity=ERROR,
        changed="Janedoe",
        was="Jane Doe",
        benign="The report was written by Jane Doe, a senior bank analyst.",
    ),
    "misspelled-name": Case(
        a="Prosecutor Marta Kowalczyk said the investigation would take months.",
        b="Prosecutor Marta Kowalczik said the investigation would take months.",
        rule="DR302",
        severity=ERROR,
        changed="Kowalczik",
        was="Kowalczyk",
        benign="Prosecutor Marta Kowalczyk said the inquiry would last months.",
    ),
    "name-changed": Case(
        a="The summit will be held in Lisbon at the end of June.",
        b="The summit will be held in Madrid at the end of June.",
        rule="DR303",
        severity=ERROR,
        changed="Madrid",
        was="Lisbon",
        benign="The summit is to take place in Lisbon at the end of June.",
    ),
    "negation-flipped": Case(
        a="The minister has denied any plans to raise fuel taxes.",
        b="The minister has not denied any plans to raise fuel taxes.",
        rule="DR501",
        severity=ERROR,
        changed="not",
        benign="The minister has denied that there are plans to raise fuel taxes.",
    ),
    "antonym": Case(
        a="The government plans to raise fuel taxes next year.",
        b="The government plans to cut fuel taxes next year.",
        rule="DR502",
        severity=ERROR,
        changed="cut",
        was="raise",
        benign="The government intends to raise fuel taxes next year.",
    ),
    "temporal-order-flipped": Case(
        a="The vote comes before the talks in Geneva next week.",
        b="The vote comes after the talks in Geneva next week.",
        rule="DR503",
        severity=ERROR,
        changed="after",
        was="before",
        benign="The vote takes place before next week's talks in Geneva.",
    ),
    "actor-changed": Case(
        a="The city council met on Monday. Officials said it could approve the new budget next month.",
        b="The city council met on Monday. Officials said Acme could approve the new budget next month.",
        rule="DR504",
        severity=ERROR,
        changed="Acme",
        was="it",
        benign="The city council met on Monday. Officials said the council could approve the new budget next month.",
    ),
    "roles-swapped": Case(
        a="Last month the union sued the company over unpaid overtime.",
        b="Last month the company sued the union over unpaid overtime.",
        rule="DR505",
        severity=ERROR,
        changed="company sued the union",
        benign="The union sued the company last month over unpaid overtime.",
    ),
    "quote-altered": Case(
        a='"Our deterrence is credible and strong," the general said.',
        b='"Our deterrence is reliable and powerful," the general said.',
        rule="DR401",
        severity=WARNING,
        changed="reliable and powerful",
        was="Our deterrence is credible and strong",
        benign='"Our deterrence is credible and strong," said the general.',
    ),
    "quote-distorted": Case(
        a='"The talks were productive and friendly," the envoy said.',
        b='"The talks were a complete waste of time," the envoy said.',
        rule="DR402",
        severity=ERROR,
        changed="a complete waste of time",
        was="The talks were productive and friendly",
        benign='"The talks were productive and friendly," said the envoy.',
    ),
    "stray-fragment": Case(
        a="The museum reopened its doors to visitors on Friday.",
        b="The museum reopened its doors to visitors on Friday. Paper bag.",
        rule="DR102",
        severity=ERROR,
        changed="Paper bag.",
        benign="On Friday the museum reopened its doors to visitors.",
    ),
    "stray-fragment-before-its-sentence": Case(
        a="The museum reopened its doors to visitors on Friday.",
        b="Paper bag. The museum reopened its doors to visitors on Friday.",
        rule="DR102",
        severity=ERROR,
        changed="Paper bag.",
        benign="The museum reopened to visitors on Friday.",
    ),
    "broken-capitalization": Case(
        a="Officials said both proposals were unacceptable and would be rejected.",
        b="Officials said both of them Was not acceptable and would be rejected.",
        rule="DR103",
        severity=ERROR,
        changed="Was",
        exact=False,
        benign="Officials said both of the proposals were unacceptable and would be rejected.",
    ),
    "clause-omitted": Case(
        a="The factory was closed on Tuesday because inspectors found toxic chemical leaks near the river.",
        b="The factory was closed on Tuesday.",
        rule="DR602",
        severity=ERROR,
        changed="",  # a cut point: checked in its own test
        benign="The factory was shut on Tuesday because inspectors found toxic chemical leaks near the river.",
    ),
    "qualifier-dropped": Case(
        a="The fire destroyed about 200 homes in the valley.",
        b="The fire destroyed 200 homes in the valley.",
        rule="DR603",
        severity=WARNING,
        changed="",  # a cut point: checked in its own test
        benign="The fire destroyed around 200 homes in the valley.",
    ),
}

MOJIBAKE = Case(
    a='"We don\'t know yet," the spokesman said.',
    b='"We donâ€™t know yet," the spokesman said.',
    rule="DR106",
    severity=ERROR,
    changed="donâ€™t",
    exact=False,
    benign='"We don’t know yet," the spokesman said.',
)
TYPOGRAPHY = (
    '"It\'s a fair deal - for now," she said.  Talks resumed in Geneva on Monday, the first in two years.',
    "“It’s a fair deal – for now,” she said.\u00a0Talks resumed in  Geneva on Monday, the first in two years.",
)

ALL_CASES = {**CASES, "mojibake": MOJIBAKE}


@dataclass(frozen=True)
class Benign:
    """A faithful rewording that once drew an error from ``rule``: it must draw none from it now."""

    a: str
    b: str
    rule: str


# One pair per root fix of a false error, each the general case of what the rule got wrong.
BENIGN: dict[str, Benign] = {
    "list-reordered": Benign(
        a="The festival tours Leeds, Halifax, York and Bradford this summer.",
        b="The festival tours Bradford, Halifax, Leeds and York this summer.",
        rule="DR505",
    ),
    "last-list-item-runs-on": Benign(
        a="Ministers from France, Spain, and Italy met in Rome, where the talks ran late.",
        b="Ministers from Italy, Spain and France met in Rome, where the talks ran late.",
        rule="DR505",
    ),
    "date-rewritten": Benign(
        a="The bridge was opened in Cardiff on 12 March 2004 and renamed by the council.",
        b="The bridge was opened on March 12, 2004 in Cardiff and renamed by the council.",
        rule="DR505",
    ),
    "name-and-common-word-swap": Benign(
        a="Berlin welcomed many visitors from abroad during the festival.",
        b="Many visitors from abroad were welcomed in Berlin during the festival.",
        rule="DR505",
    ),
    "pronoun-i": Benign(
        a="I was told before the vote, the minister said.",
        b="The minister said I was told before the vote.",
        rule="DR103",
    ),
    "month-may": Benign(
        a="The vote is set for 28 May in the city hall.",
        b="The vote is set for May 28 in the city hall.",
        rule="DR103",
    ),
    "title-case-run": Benign(
        a="The Long Goodbye, a film from 1973, starred her in the lead.",
        b="She starred in the lead of the 1973 film The Long Goodbye.",
        rule="DR103",
    ),
    "capitalized-office": Benign(
        a="The government will publish the report next week.",
        b="The report will be published by the Government next week.",
        rule="DR103",
    ),
    "name-romanized": Benign(
        a="The exhibition opens in Düsseldorf next month.",
        b="The exhibition opens next month in Duesseldorf.",
        rule="DR302",
    ),
    "name-plural": Benign(
        a="The museum tells the history of the Navajo in Arizona.",
        b="The museum tells the history of the Navajos in Arizona.",
        rule="DR302",
    ),
    "not-only": Benign(
        a="Not only the mayor but also two ministers will attend the opening.",
        b="Besides the mayor, two ministers will also attend the opening.",
        rule="DR501",
    ),
    "negation-by-prefix-moved": Benign(
        a="The report, which was not published, shows the costs of the bridge.",
        b="The unpublished report shows the costs of the bridge.",
        rule="DR501",
    ),
    "open-compound": Benign(
        a="The jets landed at the airbase near the coast on Sunday.",
        b="The jets landed at the air base near the coast on Sunday.",
        rule="DR108",
    ),
    "digit-grouping": Benign(
        a="The census counted 194,924 people in the district.",
        b="The census counted 194.924 people in the district.",
        rule="DR201",
    ),
}

# Drifted pairs the fixes above must still catch: a swap inside a coordination that moves what the items say.
STILL_CAUGHT: dict[str, Benign] = {
    "coordinated-swap": Benign(
        a="The city sent four trucks to Oslo and two buses to Bergen.",
        b="The city sent four trucks to Bergen and two buses to Oslo.",
        rule="DR505",
    ),
    "name-misspelled": Benign(
        a="The exhibition opens in Düsseldorf next month.",
        b="The exhibition opens next month in Düsseldrof.",
        rule="DR302",
    ),
}


@pytest.fixture(scope="module")
def scored(real_encoder) -> dict[str, PairResult]:
    """Every pair of this module, scored in one batch: ``NAME`` (drifted), ``NAME~`` (benign), the ``BENIGN`` and
    ``STILL_CAUGHT`` pairs by name, ``typography``."""
    pairs = []
    for name, case in ALL_CASES.items():
        pairs.append(PairInput(len(pairs) + 1, name, case.a, case.b))
        pairs.append(PairInput(len(pairs) + 1, f"{name}~", case.a, case.benign))
    for name, pair in {**BENIGN, **STILL_CAUGHT}.items():
        pairs.append(PairInput(len(pairs) + 1, name, pair.a, pair.b))
    pairs.append(PairInput(len(pairs) + 1, "typography", *TYPOGRAPHY))
    results = score_pairs(pairs, real_encoder, thresholds_for(real_encoder.family))
    assert [r.id for r in results] == [p.id for p in pairs]  # one result per pair, in order
    return {r.id: r for r in results}


def _describe(result: PairResult, b: str) -> str:
    return "; ".join(f"{f.rule} {f.severity.value} {b[f.start : f.end]!r}" for f in result.findings) or "none"


@pytest.mark.parametrize("name", list(CASES))
def test_rule_fires_on_the_changed_words(scored, name):
    case = CASES[name]
    result = scored[name]
    hits = [f for f in result.findings if f.rule == case.rule]
    assert hits, f"{name}: expected {case.rule}, got {_describe(result, case.b)}"
    finding = hits[0]
    assert finding.severity is case.severity, f"{name}: {finding.severity}"
    assert finding.doc == "b" and finding.against == "a"
    if case.changed:
        span = case.b[finding.start : finding.end]
        if case.exact:
            assert span == case.changed, f"{name}: span {span!r}, expected {case.changed!r}"
        else:
            assert case.changed in span, f"{name}: span {span!r} does not contain {case.changed!r}"
        assert finding.text == span
    if case.was is not None:
        assert finding.counterpart_start is not None and finding.counterpart_end is not None
        counterpart = case.a[finding.counterpart_start : finding.counterpart_end]
        assert case.was in counterpart, f"{name}: counterpart {counterpart!r} misses {case.was!r}"
    # An error is a verdict (the label follows it); a warning only ranks the pair above its benign variant.
    if case.severity is ERROR:
        assert result.label == "drift", f"{name}: score {result.score}"
    else:
        assert result.score > scored[f"{name}~"].score, f"{name}: {result.score} <= {scored[name + '~'].score}"


@pytest.mark.parametrize("name", list(ALL_CASES))
def test_benign_rewording_raises_no_error(scored, name):
    case = ALL_CASES[name]
    result = scored[f"{name}~"]
    errors = [f for f in result.findings if f.severity is Severity.ERROR or f.rule == case.rule]
    assert not errors, f"{name}: benign rewording {case.benign!r} got {_describe(result, case.benign)}"
    assert result.label == "same", f"{name}: benign rewording scored {result.score}"


@pytest.mark.parametrize("name", list(BENIGN))
def test_faithful_rewording_draws_no_error_from_the_rule(scored, name):
    pair = BENIGN[name]
    errors = [f for f in scored[name].findings if f.rule == pair.rule and f.severity is Severity.ERROR]
    assert not errors, f"{name}: {_describe(scored[name], pair.b)}"


@pytest.mark.parametrize("name", list(STILL_CAUGHT))
def test_drift_near_a_fixed_case_is_still_an_error(scored, name):
    pair = STILL_CAUGHT[name]
    errors = [f for f in scored[name].findings if f.rule == pair.rule and f.severity is Severity.ERROR]
    assert errors, f"{name}: {_describe(scored[name], pair.b)}"


def test_omissions_point_at_the_cut(scored):
    """A clause or qualifier left out: a zero-width span where the words stood, the lost words in the message."""
    clause = next(f for f in scored["clause-omitted"].findings if f.rule == "DR602")
    cut = CASES["clause-omitted"].b.index("Tuesday") + len("Tuesday")
    assert (clause.start, clause.end) == (cut, cut)
    assert "because inspectors found toxic chemical leaks near the river" in clause.message
    qualifier = next(f for f in scored["qualifier-dropped"].findings if f.rule == "DR603")
    cut = CASES["qualifier-dropped"].b.index(" 200")
    assert (qualifier.start, qualifier.end) == (cut, cut)
    assert "'about'" in qualifier.message


def test_a_negated_clause_added_whole_is_an_addition_not_a_flip(real_encoder):
    reference = "The council approved the plan for the new bridge on Monday."
    added = PairInput(1, "added", reference, reference[:-1] + " without consulting residents of the eastern districts.")
    flipped = PairInput(2, "flipped", reference, "The council did not approve the plan for the new bridge on Monday.")
    results = score_pairs([added, flipped], real_encoder, thresholds_for(real_encoder.family))
    assert [[f.rule for f in result.findings if f.rule == "DR501"] for result in results] == [[], ["DR501"]]


def test_mojibake_is_flagged_inside_the_garbled_word(scored):
    result = scored["mojibake"]
    found = [f for f in result.findings if f.rule == "DR106"]
    assert found and found[0].severity is Severity.ERROR, _describe(result, MOJIBAKE.b)
    word = MOJIBAKE.b.index("donâ€™t")
    finding = found[0]
    assert MOJIBAKE.b[finding.start] == "â"
    assert word <= finding.start < finding.end <= word + len("donâ€™t")


def test_mojibake_span_covers_the_whole_misdecoded_sequence(scored):
    finding = next(f for f in scored["mojibake"].findings if f.rule == "DR106")
    assert "â€™" in MOJIBAKE.b[finding.start : finding.end]


def test_mojibake_is_not_read_as_a_negation_flip(scored):
    rules = {f.rule for f in scored["mojibake"].findings if f.severity is Severity.ERROR}
    assert rules == {"DR106"}


def test_typography_only_variant_has_no_finding(scored):
    result = scored["typography"]
    assert result.findings == (), _describe(result, TYPOGRAPHY[1])
    assert result.label == "same"


def _pairs_file(tmp_path, lines: list[bytes]):
    path = tmp_path / "pairs.jsonl"
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def _record(pair_id, a: str, b: str) -> bytes:
    return json.dumps({"id": pair_id, "a": a, "b": b}, ensure_ascii=False).encode("utf-8")


def _run_pairs(path, encoder, *, batch_size: int) -> tuple[list[dict], PairsSummary]:
    """The lines ``drift pairs`` writes for a file (``drift.cli`` writes these records), and its summary."""
    written, summary = [], PairsSummary()
    with path.open("rb") as stream:
        for batch in score_batches(read_pairs(decode_lines(stream)), encoder, batch_size=batch_size):
            for item, outcome in batch:
                summary.count(outcome)
                written.append(line_record(item, outcome))
    return written, summary


def test_run_pairs_writes_one_line_per_input_line_and_counts_the_bad_ones(tmp_path, real_encoder):
    number = CASES["number-changed"]
    lines = [
        _record("p1", number.a, number.b),
        b"{not json",
        b'{"id": "p3", "a": "caf\xe9 au lait", "b": "caf\xe9"}',  # Latin-1, not UTF-8
        b'{"id": "p4", "a": "only a"}',
        _record(5, number.a, number.benign),
        b"[1, 2]",
    ]
    written, summary = _run_pairs(_pairs_file(tmp_path, lines), real_encoder, batch_size=2)
    assert len(written) == len(lines)
    assert [record.get("id") for record in written] == ["p1", None, None, "p4", "5", None]
    for number_of_line in (2, 3, 4, 6):
        record = written[number_of_line - 1]
        assert set(record) == {"id", "line", "error"} and record["line"] == number_of_line, record
    assert "invalid JSON" in written[1]["error"]
    assert written[2]["error"] == "not UTF-8 text"
    assert "'b'" in written[3]["error"]
    assert "expected an object" in written[5]["error"]
    drifted, same = written[0], written[4]
    assert drifted["label"] == "drift" and same["label"] == "same"
    assert 0.0 <= same["score"] < drifted["score"] <= 1.0
    rule = next(f for f in drifted["findings"] if f["rule"] == "DR201")
    assert rule["text"] == number.b[rule["start"] : rule["end"]] == "35 billion"
    assert summary.scored == 2 and summary.drift == 1
    assert [line for line, _, _ in summary.problems] == [2, 3, 4, 6]
    assert summary.problems[2][1] == "p4"  # the id of a record that has one is kept


def test_pair_messages_name_the_sides_a_and_b(scored):
    inserted = scored["stray-fragment"].findings
    assert inserted and all(":a" not in f.message for f in inserted), [f.message for f in inserted]


def test_findings_on_dropped_words_point_where_they_stood(real_encoder):
    """A name or number left out is marked on the words that replaced it, or at the cut, not on the sentence."""
    replaced = PairInput(
        1,
        "replaced",
        "The plan was backed by Mayor Anne Hidalgo on Monday.",
        "The plan was backed by the mayor on Monday.",
    )
    cut = PairInput(
        2, "cut", "Officials said 200 homes in the valley burned.", "Officials said homes in the valley burned."
    )
    results = {r.id: r for r in score_pairs([replaced, cut], real_encoder, thresholds_for(real_encoder.family))}
    name = next(f for f in results["replaced"].findings if f.rule == "DR304")
    assert replaced.b[name.start : name.end] == "mayor"  # what is left of "Mayor Anne Hidalgo"
    number = next(f for f in results["cut"].findings if f.rule == "DR203")
    point = cut.b.index(" homes")
    assert (number.start, number.end) == (point, point)
    assert "'200'" in number.message


def test_a_rule_selection_describes_itself_for_the_signature():
    assert RuleSelection().describe() == "all"
    chosen = RuleSelection(select=("DR2", "DR5"), ignore=("DR509",), severity={"DR505": Severity.WARNING})
    assert chosen.describe() == "select=DR2,DR5 ignore=DR509 DR505=warning"
