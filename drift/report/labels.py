"""How documents are named in the human report: the shortest unique prefix of each file name, and text made safe
to show (control characters as symbols: scraped text must not drive the terminal)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from drift.records import file_name

_BOUNDARY = re.compile(r"[_\-.#\s]")
_EXTENSIONS = (".txt", ".jsonl", ".html", ".htm")


_CONTROL = (
    {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"} | {c: "\ufffd" for c in range(0x80, 0xA0)}
)


def printable(text: str) -> str:
    """``text`` with control characters shown as symbols (ESC as ␛): scraped text must not drive the terminal.

    One character for one, so offsets into the text still hold.
    """
    return text.translate(_CONTROL)


def short_name(doc_id: str) -> str:
    """The file name of a document id (with the record number of a JSONL record), safe to print."""
    return printable(file_name(doc_id))


def short_labels(doc_ids: Iterable[str]) -> dict[str, str]:
    """The shortest prefix of each file name, cut at a separator, that no other file name starts with.

    ``003_a1b2c3d4.txt`` is ``003`` among ``001_....txt`` and ``002_....txt``; a name with no
    unique prefix (the same file name in two folders) keeps its whole id.
    """
    stems = {}
    for doc in doc_ids:
        name = short_name(doc)
        stems[doc] = next((name[: -len(ext)] for ext in _EXTENSIONS if name.endswith(ext)), name)
    ordered = sorted(stems.values())

    def unique(prefix: str) -> bool:
        return bisect_left(ordered, prefix + "\U0010ffff") - bisect_left(ordered, prefix) == 1

    labels = {}
    for doc, stem in stems.items():
        cuts = [match.start() for match in _BOUNDARY.finditer(stem)] + [len(stem)]
        labels[doc] = next((stem[:cut] for cut in cuts if cut and unique(stem[:cut])), printable(doc))
    return labels
