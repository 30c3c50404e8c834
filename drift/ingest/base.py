"""What every reader of ``drift.ingest`` shares: the limits, the formats, and the document that says why not."""

from __future__ import annotations

import os

from drift.records import Document, DocumentMeta, SourceFormat

DEFAULT_MAX_BYTES = 5_000_000
"""Documents larger than this are refused unread (raise it with ``--max-bytes``).

A long news article is 50 KB of text and a heavy page 2 MB of HTML; 5 MB leaves
room for both and keeps one stray dump from costing the run minutes and gigabytes.
"""

JSONL_MAX_BYTES = 64 * 1024 * 1024
"""A JSONL file (or stdin) holds many documents: it is read up to this or ``max_bytes``, whichever is larger."""

STDIN_PATH = "-"
STDIN_ID = "<stdin>"

_FORMATS: dict[str, SourceFormat] = {
    ".txt": SourceFormat.TXT,
    ".text": SourceFormat.TXT,
    ".md": SourceFormat.TXT,
    ".jsonl": SourceFormat.JSONL,
    ".ndjson": SourceFormat.JSONL,
    ".html": SourceFormat.HTML,
    ".htm": SourceFormat.HTML,
}


def format_of(path: str) -> SourceFormat | None:
    """The format an extension names; None for a file a walk passes over."""
    return _FORMATS.get(os.path.splitext(path)[1].lower())


def failed(
    path: str,
    fmt: SourceFormat,
    message: str,
    *,
    doc_id: str | None = None,
    line: int = 1,
    encoding: str | None = None,
    meta: DocumentMeta | None = None,
) -> Document:
    """A document that could not be read, and why: reported and listed, never fatal to the run."""
    return Document(
        id=doc_id or path,
        path=path,
        format=fmt,
        line=line,
        encoding=encoding,
        meta=meta or DocumentMeta(),
        error=message,
    )


_MB = 1_000_000


def too_large(size: int | None, max_bytes: int) -> str:
    limit = f"the {max_bytes / _MB:.1f} MB limit"
    if size is None:
        return f"too large: more than {limit}; raise the limit with --max-bytes"
    return f"too large: {size / _MB:.1f} MB is over {limit}; raise the limit with --max-bytes {size}"


def reason(exc: OSError) -> str:
    """An OS error as the end of a sentence ("cannot read: permission denied")."""
    return (exc.strerror or str(exc)).lower()
