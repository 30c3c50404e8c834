"""Meaning rules between an original and its English rendering: closed word classes of each language.

No encoder: the pair is built by hand, one sentence on each side, as the
aligner would hand it to the rules.
"""

from __future__ import annotations

import numpy as np
import pytest

from drift.records import AlignedPair, Alignment, Relation, Story
from drift.rules.context import PairContext, Side
from drift.rules.meaning import Antonym, ModalityChanged
from drift.thresholds import DetectParams
from tests.conftest import articles_from_texts


def _findings(rule, original: str, rendering: str):
    source, english = articles_from_texts({"orig.txt": original, "en.txt": rendering})
    assert source.language != "en" and english.language == "en"
    assert len(source.sentences) == len(english.sentences) == 1
    story = Story("story-1", (source.id, english.id), source.id, ((source.id, english.id),))
    alignment = Alignment(source.id, english.id, Relation.RENDERING, 1.0, (AlignedPair((0,), (0,), 0.8),))
    context = PairContext(
        story,
        alignment,
        Side(english, (0,)),
        Side(source, (0,)),
        DetectParams(),
        lambda first, second: np.ones(len(first), dtype=np.float32),
        {},
    )
    found = list(rule().check_pair(context))
    shown = [
        (rendering[f.start : f.end], original[f.counterpart_start : f.counterpart_end] if f.counterpart_start else None)
        for f in found
    ]
    return found, shown


@pytest.mark.parametrize(
    ("original", "rendering", "expected"),
    [
        (
            "Le trajet sera gratuit pour les moins de 18 ans, comme sur la première ligne.",
            "Rides will be free for those over 18, as they already are on the first line.",
            [("over 18", "moins de 18")],
        ),
        (
            "Die Förderung gilt nur für Betriebe mit mehr als 50 Beschäftigten in der Region.",
            "The grant applies only to firms with fewer than 50 employees in the region.",
            [("fewer than 50", "mehr als 50")],
        ),
        (  # faithful
            "Le trajet sera gratuit pour les moins de 18 ans, comme sur la première ligne.",
            "Rides will be free for those under 18, as they already are on the first line.",
            [],
        ),
        (  # "über" without a number is "about", not a bound
            "Der Stadtrat sprach am Dienstag über die Pläne für 2026 und mehr als zwei Stunden.",
            "On Tuesday the city council talked about the plans for 2026 for over two hours.",
            [],
        ),
    ],
)
def test_a_bound_on_a_number_turned_around_in_translation(original, rendering, expected):
    _, shown = _findings(Antonym, original, rendering)
    assert shown == expected


@pytest.mark.parametrize(
    ("original", "rendering", "expected"),
    [
        (
            "Le projet pourrait coûter 610 millions d'euros, dont un tiers payé par l'État.",
            "The project will cost 610 million euros, a third of which will be paid by the state.",
            [("will", "pourrait")],
        ),
        (
            "Die Kosten könnten nach Angaben der Stadt auf 40 Millionen Euro steigen.",
            "According to the city, costs will rise to 40 million euros.",
            [("will", "könnten")],
        ),
        (  # faithful: the hedge is kept
            "Le projet pourrait coûter 610 millions d'euros, dont un tiers payé par l'État.",
            "The project could cost 610 million euros, a third of which would be paid by the state.",
            [],
        ),
        (  # a plain future in the original says nothing about certainty: left alone
            "Die Bauarbeiten werden im Frühjahr beginnen und sollen zwei Jahre dauern.",
            "Construction may begin in spring and is to last two years.",
            [],
        ),
    ],
)
def test_a_hedge_made_certain_in_translation(original, rendering, expected):
    _, shown = _findings(ModalityChanged, original, rendering)
    assert shown == expected
