"""drift as a library: what the commands compute, without the command line (``import drift``).

Three functions, each the computation of a command, through the same stage
functions the command runs: ``check`` (``drift check`` and ``drift report``),
``compare`` (``drift diff`` and ``drift align``) and ``score_pairs``
(``drift pairs``). They return records (``drift.records``), never print and
never exit; what goes wrong on purpose is a ``DriftError`` (``drift.errors``).

Unlike the commands, the library keeps no cache unless asked: ``cache_dir``
names a folder for the sentence vectors and the results of earlier runs, the
one ``--cache-dir`` names (``.drift_cache`` by default for the commands).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from drift.errors import InputError, UsageError

if TYPE_CHECKING:
    from drift.embed import Encoder
    from drift.encoders import Encoders
    from drift.pairs import PairInput, PairResult
    from drift.pipeline import Progress, RunOptions
    from drift.records import Report
    from drift.rules import RuleSelection

PAIRS_BATCH = 32
"""Pairs embedded and read by the pair model together, as ``drift pairs`` batches them by default."""

StrPath = str | os.PathLike[str]
"""A path, as a string or a ``pathlib.Path``."""


def check(
    paths: StrPath | Sequence[StrPath],
    *,
    model: str | None = None,
    encoder: Encoder | None = None,
    selection: RuleSelection | None = None,
    options: RunOptions | None = None,
    cache_dir: StrPath | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read, group, align and check a corpus, as ``drift check PATHS`` does: its ``Report``, not rendered.

    ``paths``: files, folders (walked) or ``-`` (stdin). ``model`` names the
    encoder as ``--model`` does (default all-MiniLM-L6-v2, with the
    multilingual encoder for texts in other languages), or ``encoder`` is one
    to use for everything. ``selection`` (``RuleSelection``) picks the rules
    and their severities; ``options`` (``RunOptions``) holds the rest of what a
    run can be asked. Raises ``NothingCheckedError`` when no input had a
    sentence to check, as the command exits 2.
    """
    from drift.pipeline import RunOptions, run
    from drift.results import open_results
    from drift.statuses import require_checked

    inputs = [os.fspath(path) for path in ([paths] if isinstance(paths, str | os.PathLike) else paths)]
    encoders = _encoders(model, encoder, cache_dir)
    options = options or RunOptions()
    if selection is not None:
        options = replace(options, selection=selection)
    if options.multilingual is None and encoders.multilingual is not None:
        options = replace(options, multilingual=encoders.multilingual)
    results = open_results(None if cache_dir is None else Path(cache_dir))
    report = run(inputs, encoders.default, options, results=results, progress=progress)
    require_checked(report, inputs, scoped=options.report_only is not None)
    return report


def compare(
    a: StrPath,
    b: StrPath,
    *,
    model: str | None = None,
    encoder: Encoder | None = None,
    selection: RuleSelection | None = None,
    cache_dir: StrPath | None = None,
    presegmented: bool = False,
) -> Report:
    """Two documents, ``a`` the reference, as ``drift diff A B`` compares them: a one-story ``Report``.

    No grouping: ``b`` is aligned with ``a`` (``report.alignments[0]``, what
    ``drift align`` prints; ``presegmented``: one sentence per line, as
    ``--presegmented``) and the rules run over that pair. Documents in two
    languages are aligned with the multilingual encoder, unless ``model`` or
    ``encoder`` names one. Raises ``InputError`` when a file cannot be read.
    """
    from drift.pipeline import compare_documents

    encoders = _encoders(model, encoder, cache_dir)
    return compare_documents(
        os.fspath(a),
        os.fspath(b),
        encoders.default,
        selection=selection,
        multilingual=encoders.multilingual,
        presegmented=presegmented,
    )


def score_pairs(
    pairs: Iterable[tuple[str, str] | PairInput],
    *,
    model: str | None = None,
    encoder: Encoder | None = None,
    selection: RuleSelection | None = None,
    cache_dir: StrPath | None = None,
) -> list[PairResult]:
    """Score sentence pairs ``(a, b)``, ``a`` the reference, as ``drift pairs`` scores its lines.

    One ``PairResult`` per pair, in order: a drift score in [0, 1], a label
    (``same`` or ``drift``) and the findings, with spans into ``b``. A pair
    given as a tuple gets its position (from 1) as id. Raises ``InputError``
    naming the first pair that is not one (an empty side, a side too long).
    """
    from drift.pairmodel import load_pair_model
    from drift.pairs import PairInput, PairProblem, pair_input
    from drift.pairs import score_pairs as score_batch
    from drift.thresholds import thresholds_for

    inputs: list[PairInput] = []
    for number, pair in enumerate(pairs, start=1):
        item = pair if isinstance(pair, PairInput) else pair_input(number, _pair_record(number, pair))
        if isinstance(item, PairProblem):
            raise InputError(f"pair {number}: {item.error}")
        inputs.append(item)
    encoders = _encoders(model, encoder, cache_dir, multilingual=False)
    thresholds, judge = thresholds_for(encoders.default.family), load_pair_model()
    return [
        result
        for start in range(0, len(inputs), PAIRS_BATCH)
        for result in score_batch(inputs[start : start + PAIRS_BATCH], encoders.default, thresholds, selection, judge)
    ]


def _pair_record(number: int, pair: tuple[str, str]) -> dict[str, object]:
    if not isinstance(pair, tuple | list) or len(pair) != 2:
        raise InputError(f"pair {number}: expected (a, b), two texts, got {type(pair).__name__}")
    return {"id": str(number), "a": pair[0], "b": pair[1]}


def _encoders(
    model: str | None, encoder: Encoder | None, cache_dir: StrPath | None, *, multilingual: bool = True
) -> Encoders:
    """The encoders a call asks for: a model by name (loaded as the commands load it), or one given."""
    from drift.encoders import Encoders, load_encoders

    if encoder is not None:
        if model is not None:
            raise UsageError("give a model name or an encoder, not both")
        return Encoders(encoder)
    return load_encoders(model, cache_dir=None if cache_dir is None else Path(cache_dir), multilingual=multilingual)
