"""drift: align the versions of a news story across sources and flag what drifted.

The library, in the names below (the modules behind them are drift's own and may change):

* ``check(paths)``: a corpus read, grouped, aligned and checked, as ``drift check`` computes it: a ``Report``;
* ``compare(a, b)``: two documents, ``a`` the reference, as ``drift diff`` and ``drift align`` compare them;
* ``score_pairs(pairs)``: sentence pairs ``(a, b)`` scored as ``drift pairs`` scores them: ``PairResult``\\ s;
* the records they return (``Report``, ``Finding``, ``Severity``, ...), the options they take
  (``RunOptions``, ``RuleSelection``, ``load_encoders``) and the errors they raise (``DriftError`` and the rest
  of ``drift.errors``).

``import drift`` imports no module of drift's: each name (``__version__`` too, from ``drift.version``) is
imported when it is first used, so the command line and a library user that needs one record pay for nothing
else, and no module of drift's needs to import the package itself (its imports form no cycle).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drift.api import check, compare, score_pairs
    from drift.embed import Encoder
    from drift.encoders import Encoders, load_encoders
    from drift.errors import (
        CacheError,
        ConfigError,
        DataError,
        DriftError,
        EngineError,
        InputError,
        ModelError,
        NothingCheckedError,
        UsageError,
    )
    from drift.pairs import PairInput, PairResult
    from drift.pipeline import RunOptions
    from drift.records import (
        AlignedPair,
        Alignment,
        Article,
        BaselineSummary,
        Block,
        BlockKind,
        Category,
        Document,
        DocumentMeta,
        Finding,
        Relation,
        Report,
        Sentence,
        Severity,
        Signature,
        SourceFormat,
        StageFailure,
        Status,
        Story,
        TextView,
    )
    from drift.rules import RuleSelection
    from drift.version import __version__ as __version__

_ERRORS = (
    "CacheError",
    "ConfigError",
    "DataError",
    "DriftError",
    "EngineError",
    "InputError",
    "ModelError",
    "NothingCheckedError",
    "UsageError",
)

_RECORDS = (
    "AlignedPair",
    "Alignment",
    "Article",
    "BaselineSummary",
    "Block",
    "BlockKind",
    "Category",
    "Document",
    "DocumentMeta",
    "Finding",
    "Relation",
    "Report",
    "Sentence",
    "Severity",
    "Signature",
    "SourceFormat",
    "StageFailure",
    "Status",
    "Story",
    "TextView",
)

_LAZY: dict[str, str] = {
    "check": "drift.api",
    "compare": "drift.api",
    "score_pairs": "drift.api",
    "Encoder": "drift.embed",
    "Encoders": "drift.encoders",
    "load_encoders": "drift.encoders",
    "PairInput": "drift.pairs",
    "PairResult": "drift.pairs",
    "RunOptions": "drift.pipeline",
    "RuleSelection": "drift.rules",
    "__version__": "drift.version",
    **dict.fromkeys(_ERRORS, "drift.errors"),
    **dict.fromkeys(_RECORDS, "drift.records"),
}

__all__ = [
    "AlignedPair",
    "Alignment",
    "Article",
    "BaselineSummary",
    "Block",
    "BlockKind",
    "CacheError",
    "Category",
    "ConfigError",
    "DataError",
    "Document",
    "DocumentMeta",
    "DriftError",
    "Encoder",
    "Encoders",
    "EngineError",
    "Finding",
    "InputError",
    "ModelError",
    "NothingCheckedError",
    "PairInput",
    "PairResult",
    "Relation",
    "Report",
    "RuleSelection",
    "RunOptions",
    "Sentence",
    "Severity",
    "Signature",
    "SourceFormat",
    "StageFailure",
    "Status",
    "Story",
    "TextView",
    "UsageError",
    "check",
    "compare",
    "load_encoders",
    "score_pairs",
]


def __getattr__(name: str) -> object:
    """A public name, imported from its module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'drift' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
