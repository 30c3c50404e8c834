"""The human report: which stories drifted, which versions are to blame, and exactly where.

Rich renderables over a ``Report``; the CLI decides width, colour and paging
(``drift.report.console``) and the tests render them to a fixed-width console.

From the top:

* a **summary** of the corpus: findings by category and severity, the versions
  ranked worst first (errors, then warnings), the inputs that could not be read;
* per **story** a header: its versions, how each relates to the version it is
  aligned with, their findings, which versions depart most, and the page
  furniture stripped from each folded into one line;
* per alignment edge the **aligned pairs**, reference left and version right,
  with a word-level diff inside each pair and the findings under the pair they
  point into. A gutter tells the pair's kind: ``~`` reworded, ``=`` unchanged,
  ``-`` omitted from the version, ``+`` inserted in it.

Only what matters is shown by default: a pair without a finding above info
collapses into a one-line marker (``show_all`` shows everything, ``context``
shows that many quiet pairs around each one that matters, as ``diff -U`` does).
From ``INLINE_BELOW`` columns on the pairs stand side by side; below, or on
request, each pair is one inline diff with ``[-old-]{+new+}`` markers. Without
colour the markers are used in both layouts, so plain text still shows every
change.

Words are compared blind to typography and case (``drift.normalize.comparable``):
curly and straight quotes, NBSP and the spellings of an ellipsis are not changes.
Documents are named by the shortest unique prefix of their file name (``003``
for ``003_a1b2c3d4.txt`` when no other name starts with ``003``), listed with the full name in each story header.

The pieces live by job: ``labels`` (document names), ``diff`` (the word diff
and each side as shown), ``placement`` (where each finding goes), ``views``
(options, the scene every view shares, styles), ``renderables`` (pairs,
stories, the summary, the whole report) and ``html`` (the page export); this
module renders the text and names the public pieces.
"""

from __future__ import annotations

import re

from rich.console import Console

from drift.records import Report
from drift.report.diff import Passage, WordDiff, word_diff
from drift.report.html import HTML_WIDTH as HTML_WIDTH  # the default width of a page (drift.cli)
from drift.report.html import render_html
from drift.report.labels import short_labels
from drift.report.placement import Placement, place_findings
from drift.report.renderables import AlignmentView, ReportView, StoryView, SummaryView, departures
from drift.report.views import INLINE_BELOW, Scene, ViewOptions, consensus

_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_TRAILING_SPACE = re.compile(r"(?: |\x1b\[[0-9;]*m)+$", re.MULTILINE)


def render_text(report: Report, console: Console, options: ViewOptions | None = None) -> str:
    """The report as ``console`` renders it (escape sequences only when it has colour).

    Lines lose the spaces rich pads them with to the full width, so that the
    text diffs and copies cleanly.
    """
    with console.capture() as capture:
        console.print(ReportView(report, options))
    return _TRAILING_SPACE.sub(lambda end: "".join(_ESCAPE.findall(end.group())), capture.get())


__all__ = [
    "INLINE_BELOW",
    "AlignmentView",
    "Passage",
    "Placement",
    "ReportView",
    "Scene",
    "StoryView",
    "SummaryView",
    "ViewOptions",
    "WordDiff",
    "consensus",
    "departures",
    "place_findings",
    "render_html",
    "render_text",
    "short_labels",
    "word_diff",
]
