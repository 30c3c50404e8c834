"""Insertions: a sentence of a rendering with no counterpart in the text it renders (DR701).

A short inserted piece that renders nothing of the reference around it is not
an insertion but garble: stray-fragment (DR102, in ``garble.py``) reports it,
by the fragment test both rules share (``drift.rules.shared``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drift.normalize import excerpt
from drift.records import Category, Severity, file_name
from drift.rules.base import Rule
from drift.rules.shared import gap_is_fragment

if TYPE_CHECKING:
    from collections.abc import Iterator

    from drift.records import Finding
    from drift.rules.context import GapContext


class SentenceInserted(Rule):
    """A sentence in a rendering with no counterpart in the text it renders.

    Only reported where the version renders its reference (copies,
    translations, spins): an independent write-up adding material is normal.
    """

    code = "DR701"
    name = "sentence-inserted"
    category = Category.INSERTION
    severity = Severity.WARNING

    def check_gap(self, context: GapContext) -> Iterator[Finding]:
        if context.side == "var" and not gap_is_fragment(context):
            start, end = context.subject.span
            other = file_name(context.other.id)
            message = f"adds a sentence with no counterpart in {other}: '{excerpt(context.subject.text)}'"
            yield context.finding(self, start, end, message)
