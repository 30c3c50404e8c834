"""The human report: word diff, placement of findings, collapsing, layouts, export, and the golden files.

Unit tests build small reports by hand (articles from text, alignments and
findings written out), so that they do not move when the aligner or the rules
change; the golden tests render the real model's report on the seeds.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from drift.records import (
    AlignedPair,
    Alignment,
    Category,
    Finding,
    Relation,
    Report,
    Severity,
    Signature,
    Site,
    Story,
)
from drift.report.console import Terminal
from drift.report.terminal import (
    INLINE_BELOW,
    ViewOptions,
    consensus,
    place_findings,
    render_html,
    render_text,
    short_labels,
    word_diff,
)
from tests.conftest import articles_from_texts

GOLDEN = Path(__file__).parent / "golden"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

SENTENCES = [
    "The council met on Monday in the town hall.",
    "It approved the budget for next year.",
    "Taxes will rise by 3 percent.",
    "The mayor said the increase was unavoidable.",
    "Residents can comment until the end of March.",
    "A second meeting is planned for April.",
    "The minutes will be published online.",
]


def _text(sentences: list[str]) -> str:
    return "\n\n".join(sentences) + "\n"


def make_report(
    texts: dict[str, list[str]],
    edges: list[tuple[str, str, list[tuple[tuple[int, ...], tuple[int, ...]]]]],
    findings: list[Finding] = (),  # type: ignore[assignment]
    *,
    relation: Relation = Relation.RENDERING,
) -> Report:
    """A one-story report: ``texts`` by document id (the first is the reference), pairs written out."""
    articles = {article.id: article for article in articles_from_texts({k: _text(v) for k, v in texts.items()})}
    for doc, sentences in texts.items():
        assert len(articles[doc].sentences) == len(sentences), "the test text must split as written"
    names = list(texts)
    alignments = tuple(
        Alignment(ref, var, relation, 1.0, tuple(AlignedPair(r, v, 0.9 if r and v else None) for r, v in pairs))
        for ref, var, pairs in edges
    )
    story = Story("story-1", tuple(names), names[0], tuple((ref, var) for ref, var, _ in edges))
    return Report(
        signature=Signature("test", "bag-of-words-test", "test", {}),
        documents=tuple(article.document for article in articles.values()),
        articles=articles,
        stories=(story,),
        alignments=alignments,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
    )


def make_finding(
    texts: dict[str, list[str]],
    doc: str,
    fragment: str,
    against: str,
    counterpart: str | None = None,
    *,
    rule: str = "DR201",
    severity: Severity = Severity.ERROR,
    category: Category = Category.NUMBER,
    agreeing: tuple[str, ...] = (),
    zero_width_after: str | None = None,
    pair: tuple[tuple[int, ...], tuple[int, ...]] | None = None,
) -> Finding:
    """A finding on ``fragment`` of ``doc`` (or a zero-width one right after ``zero_width_after``), made on the
    aligned pair ``pair`` of ``against`` and ``doc`` (by default the one-to-one pair of the sentence it is in)."""
    if pair is None:
        sentence = next(i for i, line in enumerate(texts[doc]) if fragment in line)
        pair = ((sentence,), (sentence,))
    text = _text(texts[doc])
    if zero_width_after is not None:
        start = end = text.index(zero_width_after) + len(zero_width_after)
    else:
        start = text.index(fragment)
        end = start + len(fragment)
    other = _text(texts[against])
    counter_start = other.index(counterpart) if counterpart else None
    return Finding(
        rule=rule,
        name="number-changed",
        category=category,
        severity=severity,
        doc=doc,
        start=start,
        end=end,
        text=text[start:end],
        message=f"'{fragment}' where it says '{counterpart}'",
        against=against,
        counterpart=counterpart,
        counterpart_start=counter_start,
        counterpart_end=counter_start + len(counterpart) if counterpart and counter_start is not None else None,
        story="story-1",
        agreeing=agreeing,
        site=Site(against, doc, *pair),
    )


def render(report: Report, width: int = 100, *, color: bool = False, **options: object) -> str:
    terminal = Terminal(width=width, color_system="truecolor" if color else None)
    return render_text(report, terminal.console(), ViewOptions(**options))  # type: ignore[arg-type]


def one_to_one(count: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [((i,), (i,)) for i in range(count)]


def seven_pairs_one_changed(severity: Severity = Severity.ERROR) -> Report:
    """Seven sentences, only the third changed (3 percent becomes 5 percent), with a finding on it."""
    changed = [*SENTENCES[:2], "Taxes will rise by 5 percent.", *SENTENCES[3:]]
    texts = {"a.txt": SENTENCES, "b.txt": changed}
    finding = make_finding(texts, "b.txt", "5", "a.txt", "3", severity=severity)
    return make_report(texts, [("a.txt", "b.txt", one_to_one(7))], [finding])


# --- word diff -------------------------------------------------------------------------------------


def test_word_diff_marks_exactly_the_changed_words():
    left, right = "It approved the budget for next year.", "It approved the budget for the coming year."
    diff = word_diff(left, right)
    assert [left[s:e] for s, e in diff.deleted] == ["next"]
    assert [right[s:e] for s, e in diff.inserted] == ["the coming"]
    assert "".join(text for _, text in diff.chunks) == "It approved the budget for nextthe coming year."
    assert ("deleted", "next") in diff.chunks and ("inserted", "the coming") in diff.chunks


def test_word_diff_of_a_number_and_of_a_dropped_clause():
    diff = word_diff("Taxes will rise by 3 percent, he said.", "Taxes will rise by 5 percent.")
    assert [diff.left[s:e] for s, e in diff.deleted] == ["3", ", he said"]
    assert [diff.right[s:e] for s, e in diff.inserted] == ["5"]


def test_word_diff_cuts_numbers_as_the_rules_do():
    """ "7.5" is one token to the rules (``drift.tokens``) and to the diff: replaced whole, not "{+5.+}7[-.5-]"."""
    diff = word_diff("Wages rise by 7.5 percent.", "Wages rise by 5.7 percent.")
    assert [diff.left[s:e] for s, e in diff.deleted] == ["7.5"]
    assert [diff.right[s:e] for s, e in diff.inserted] == ["5.7"]


@pytest.mark.parametrize(
    ("left", "right", "inline"),
    [
        ("a b c", "a c", "a [-b-] c"),
        ("a c", "a b c", "a {+b+} c"),
        ("x a y", "x b y", "x [-a-]{+b+} y"),
        (
            "conflict, “Stoltenberg said",
            "exist,” Stoltemberg said",
            "[-conflict-]{+exist+},” [-Stoltenberg-]{+Stoltemberg+} said",
        ),
        ("was “prepared for", "was prepared for", "was [-“-]prepared for"),
        ("for “a new", "for a “new", "for {+a+} “[-a-] new"),
        (
            "NATO Secretary-General Jens Stoltenberg said",
            "Jens Stoltenberg, Secretary-General of NATO, said",
            "[-NATO Secretary-General-] Jens Stoltenberg{+, Secretary-General of NATO,+} said",
        ),
        ("by 3 percent, he said.", "by 5 percent.", "by [-3-]{+5+} percent[-, he said-]."),
    ],
)
def test_inline_diff_keeps_the_spacing_of_each_text(left, right, inline):
    chunks = word_diff(left, right).chunks
    marked = {"deleted": "[-{}-]", "inserted": "{{+{}+}}"}
    assert "".join(marked.get(kind, "{}").format(text) for kind, text in chunks) == inline


def test_typography_and_case_are_not_changes():
    left = "“NATO’s deterrence is credible,” he said — in Brussels…"
    right = '"Nato\'s deterrence is\u00a0credible," he said - in  Brussels...'
    assert not word_diff(left, right).changed
    assert not word_diff("concerns. . . But", "concerns… but").changed


def test_typography_only_pair_collapses_as_unchanged():
    typographic = ["The council met on Monday in the town\u00a0hall.", "It approved the “budget” for next year."]
    plain = ["The council met on Monday in the town hall.", 'It approved the "budget" for next year.']
    report = make_report({"a.txt": plain, "b.txt": typographic}, [("a.txt", "b.txt", one_to_one(2))])
    assert "… 2 unchanged pairs" in render(report)
    shown = render(report, show_all=True)
    assert "[-" not in shown and "{+" not in shown
    assert shown.count("\n= ") == 2  # both pairs shown as unchanged in the gutter


# --- placement ---------------------------------------------------------------------------------------


def test_findings_go_to_the_pair_containing_them_omissions_to_the_gap():
    ref = SENTENCES[:4]
    var = [SENTENCES[0], SENTENCES[1], "Taxes will rise by 5 percent.", "Critics called it a betrayal."]
    texts = {"a.txt": ref, "b.txt": var[:3] + var[3:]}
    pairs = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ()), ((), (3,))]
    number = make_finding(texts, "b.txt", "5", "a.txt", "3")
    omitted = make_finding(
        texts,
        "b.txt",
        "",
        "a.txt",
        SENTENCES[3],
        rule="DR601",
        category=Category.OMISSION,
        zero_width_after="Taxes will rise by 5 percent.",
        pair=((3,), ()),
    )
    inserted = make_finding(
        texts,
        "b.txt",
        "Critics called it a betrayal.",
        "a.txt",
        rule="DR701",
        category=Category.INSERTION,
        pair=((), (3,)),
    )
    report = make_report(texts, [("a.txt", "b.txt", pairs)], [number, omitted, inserted])
    placement = place_findings(report)
    assert placement.pairs[(0, 2)] == [number]
    assert placement.pairs[(0, 3)] == [omitted]  # its own pair, not the one before, which ends where it sits
    assert placement.pairs[(0, 4)] == [inserted]
    assert not placement.loose
    text = render(report)
    assert "(omitted)" in text and "(inserted)" in text
    assert "[-The mayor said the increase was unavoidable.-]" in text
    assert "{+Critics called it a betrayal.+}" in text


def test_a_finding_outside_every_pair_is_listed_not_dropped():
    texts = {"a.txt": SENTENCES[:2], "b.txt": SENTENCES[:2]}
    stray = make_finding(texts, "b.txt", "budget", "a.txt", "budget")
    report = make_report(texts, [("a.txt", "b.txt", [((0,), (0,))])], [stray])
    assert place_findings(report).loose == {"b.txt": [stray]}
    text = render(report)
    assert "outside the aligned sentences" in text and "DR201" in text


# --- collapsing --------------------------------------------------------------------------------------


def test_quiet_pairs_collapse_to_one_line_markers():
    text = render(seven_pairs_one_changed())
    assert text.count("… 2 unchanged pairs") == 1 and text.count("… 4 unchanged pairs") == 1
    assert "[-3-]" in text and "{+5+}" in text
    assert "DR201" in text and "b:5:20" in text  # label, line and column of the finding
    assert "council met" not in text


def test_context_shows_n_quiet_pairs_around_each_finding():
    text = render(seven_pairs_one_changed(), context=1)
    assert "… 1 pair without findings" not in text
    assert "… 1 unchanged pair\n" in text and "… 3 unchanged pairs" in text
    assert "It approved the budget" in text and "The mayor said" in text
    assert "council met" not in text


def test_all_shows_every_pair_and_info_only_pairs_collapse_by_default():
    everything = render(seven_pairs_one_changed(), show_all=True)
    assert "…" not in everything
    assert all(sentence.split()[1] in everything for sentence in SENTENCES)
    quiet = render(seven_pairs_one_changed(Severity.INFO))
    assert "… 7 pairs with nothing above info: 6 unchanged, 1 reworded" in quiet


# --- layouts ------------------------------------------------------------------------------------------


def test_side_by_side_from_100_columns_inline_below():
    report = seven_pairs_one_changed()
    wide = render(report, INLINE_BELOW)
    assert "│" in wide and "Taxes will rise by [-3-] percent." in wide
    narrow = render(report, INLINE_BELOW - 1)
    assert "│" not in narrow and "~ Taxes will rise by [-3-]{+5+} percent." in narrow
    forced = render(report, 140, inline=True)
    assert "│" not in forced and "[-3-]{+5+}" in forced
    for width, text in ((100, wide), (99, narrow), (140, forced)):
        assert max(cell_len(line) for line in text.splitlines()) <= width
        assert not any(line.endswith(" ") for line in text.splitlines())


def test_colour_replaces_markers_side_by_side_and_plain_has_no_escapes():
    report = seven_pairs_one_changed()
    coloured = render(report, color=True)
    assert "\x1b[" in coloured and "[-3-]" not in coloured
    assert re.search(r"\x1b\[([0-9;]*;)?9(;[0-9;]*)?m3\x1b", coloured)  # the 3, struck through
    assert ANSI.sub("", coloured).count("Taxes will rise by 3 percent.") == 1
    assert "\x1b" not in render(report)
    assert "[-3-]{+5+}" in ANSI.sub("", render(report, 80, color=True))  # inline keeps its markers


# --- stories with several versions --------------------------------------------------------------------


def test_consensus_says_who_agrees_and_who_departs():
    texts = {
        "a.txt": SENTENCES[:3],
        "b.txt": SENTENCES[:3],
        "c.txt": [*SENTENCES[:2], "Taxes will rise by 5 percent."],
    }
    departing = make_finding(texts, "c.txt", "5", "b.txt", "3", agreeing=("a.txt",))
    report = make_report(texts, [("a.txt", "b.txt", one_to_one(3)), ("b.txt", "c.txt", one_to_one(3))], [departing])
    assert consensus(departing) == "b.txt and a.txt agree; c.txt departs"
    text = render(report)
    assert "b and a agree; c departs" in text
    assert re.search(r"departs most: c \(1 error\)", text)
    assert "rendering of b, covers 100%" in text


def test_control_characters_in_scraped_text_cannot_drive_the_terminal():
    texts = {"a.txt": SENTENCES[:2], "b.txt": [SENTENCES[0], "It approved the \x1b[2Jbudget for next year."]}
    finding = make_finding(texts, "b.txt", "\x1b[2Jbudget", "a.txt", "budget")
    report = make_report(texts, [("a.txt", "b.txt", one_to_one(2))], [finding])
    plain = render(report, show_all=True)
    assert "\x1b" not in plain and "␛[2Jbudget" in plain
    assert "\x1b[2J" not in render(report, color=True, show_all=True)


def test_short_labels_are_unique_prefixes():
    seeds = [f"seeds/{name}" for name in ("000_94dc.txt", "001_1d54.txt", "003_c1cc.txt")]
    assert short_labels(seeds) == {doc: doc.split("/")[1][:3] for doc in seeds}
    assert short_labels(["x/a.txt", "y/a.txt"]) == {"x/a.txt": "x/a.txt", "y/a.txt": "y/a.txt"}
    assert short_labels(["nato-bbc.txt", "nato-cnn.txt", "c.jsonl#2"]) == {
        "nato-bbc.txt": "nato-bbc",
        "nato-cnn.txt": "nato-cnn",
        "c.jsonl#2": "c",
    }


def test_page_furniture_is_folded_and_listed_with_all():
    texts = {
        "a.txt": ["Sat. Jan 22nd, 2022", *SENTENCES[:3]],
        "b.txt": SENTENCES[:3],
    }
    articles = articles_from_texts({k: _text(v) for k, v in texts.items()})
    stripped = [block for block in articles[0].blocks if block.kind.value == "boilerplate"]
    assert [block.text for block in stripped] == ["Sat. Jan 22nd, 2022"]
    report = make_report({"a.txt": texts["a.txt"][1:], "b.txt": texts["b.txt"]}, [("a.txt", "b.txt", one_to_one(3))])
    report = Report(
        signature=report.signature,
        documents=tuple(a.document for a in articles),
        articles={a.id: a for a in articles},
        stories=report.stories,
        alignments=report.alignments,
        findings=(),
    )
    folded = render(report)
    assert f"1 line of page furniture stripped ({stripped[0].reason})" in folded
    assert "Sat. Jan 22nd" not in folded
    listed = render(report, show_all=True)
    assert "line 1" in listed and "Sat. Jan 22nd, 2022" in listed


# --- summary and export -------------------------------------------------------------------------------


def test_summary_ranks_worst_versions_first_and_lists_unreadable_inputs():
    from dataclasses import replace

    from drift.records import Document, SourceFormat

    texts = {"a.txt": SENTENCES[:3], "b.txt": [*SENTENCES[:2], "Taxes will rise by 5 percent."]}
    report = make_report(texts, [("a.txt", "b.txt", one_to_one(3))], [make_finding(texts, "b.txt", "5", "a.txt", "3")])
    broken = Document(id="broken.txt", path="broken.txt", format=SourceFormat.TXT, error="binary file, not text")
    report = replace(report, documents=(*report.documents, broken))
    text = render(report)
    summary = text.split("story-1  2 versions")[0]
    assert summary.index("b.txt ") < summary.index("a.txt ")
    assert "rendering of a" in summary and "3 documents (1 unreadable)" in summary
    assert "broken.txt: binary file, not text" in summary
    assert re.search(r"number\s+1\s+·\s+·", summary)


def test_html_export_is_a_complete_self_contained_page():
    page = render_html(seven_pairs_one_changed(), title="drift <diff>")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<title>drift &lt;diff&gt;</title>" in page and '<meta charset="UTF-8">' in page
    assert 'monospace"><code style="font-family:inherit">' in page
    assert "story-1" in page and "Taxes will rise by" in page and "DR201" in page
    assert "text-decoration: line-through" in page  # the deleted word, styled inline
    assert "<script" not in page and "<link" not in page and "src=" not in page


# --- golden files ------------------------------------------------------------------------------------
#
# The seeds' report as a reader sees it, at 100 and 60 columns, plain and in colour
# (ANSI escapes stored as they are). The detection rules are still changing, so
# these files change with them: after a deliberate change run
#
#     make golden
#
# the one command that rewrites every file under tests/golden/ (it runs these
# tests with --update-golden); then review the diff of tests/golden/ like code.


@pytest.mark.model
@pytest.mark.parametrize("width", [100, 60])
@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_golden_seeds_report(seeds_report, width, color, update_golden):
    text = render(seeds_report, width, color=color)
    plain = ANSI.sub("", text)
    assert max(cell_len(line) for line in plain.splitlines()) <= width
    assert ("\x1b[" in text) == color
    assert all(story.id in plain for story in seeds_report.stories)
    path = GOLDEN / f"seeds-{width}{'-color' if color else ''}.txt"
    if update_golden:
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"{path} is missing: run `make golden`"
    expected = path.read_bytes().decode("utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), text.splitlines(keepends=True), path.name, "rendered"
            )
        )
        pytest.fail(
            f"the report differs from {path.name}; if the change is deliberate, run `make golden`\n{diff[:6000]}"
        )
