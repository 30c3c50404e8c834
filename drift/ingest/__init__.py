"""Ingest: turn command-line inputs (files, directories, ``-``) into ``Document`` records.

Reading never raises and never stops at a bad file: every problem becomes a
``Document`` whose ``error`` says what is wrong, so that one unreadable file in a
corpus of thousands is reported, not fatal. Whether a run with no readable
document is an error is the caller's decision.

Formats are chosen by extension (``.txt``/``.text``/``.md``, ``.jsonl``/``.ndjson``,
``.html``/``.htm``). A directory walk reads only those and lists the other files
in ``Corpus.ignored``; it skips hidden entries (``.git`` and the like), follows
symlinks and walks each real directory once, so a symlink cycle ends. A file named
explicitly with another extension is read as plain text. A ``PathFilter`` (the
configuration's ``exclude`` patterns) leaves out what the walk finds and files
named explicitly, listed in ``Corpus.excluded``; a directory named on the command
line is always walked.

For HTML the original text is the page source, and the view is its visible text
with an exact map back to the source (``drift.ingest.html``), so that every
offset a later stage reports points into the file as written.

This module reads files and stdin; the jobs behind it have a module each:
``walk`` (directories and ``exclude``), ``decode`` (bytes into text), ``jsonl``
(records) and ``html`` (visible text and its offset map); ``base`` holds what
they share (limits, formats, the error document).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import BinaryIO

from drift.errors import UsageError
from drift.ingest.base import (
    DEFAULT_MAX_BYTES,
    JSONL_MAX_BYTES,
    STDIN_ID,
    STDIN_PATH,
    failed,
    format_of,
    reason,
    too_large,
)
from drift.ingest.decode import Unreadable, declared_charset, decode, terminal_free_view
from drift.ingest.html import html_document
from drift.ingest.jsonl import json_error, json_lines, jsonl_documents
from drift.ingest.walk import LINK_LOOP, PathFilter, not_regular, walk
from drift.records import Document, SourceFormat

__all__ = [
    "DEFAULT_MAX_BYTES",
    "JSONL_MAX_BYTES",
    "STDIN_ID",
    "STDIN_PATH",
    "Corpus",
    "PathFilter",
    "escape_name",
    "json_error",
    "read_corpus",
    "terminal_free_view",
]


@dataclass(frozen=True)
class Corpus:
    """Everything the inputs named, readable or not, in a deterministic order."""

    documents: tuple[Document, ...]
    ignored: tuple[str, ...]  # files a directory walk skipped because of their extension
    excluded: tuple[str, ...] = ()  # paths a ``PathFilter`` left out (a directory stands for its content)


def read_corpus(
    paths: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: PathFilter | None = None,
) -> Corpus:
    """Read every input into documents; problems become error documents, never exceptions.

    ``-`` reads ``stdin`` (``sys.stdin.buffer`` when not given). Arguments keep their
    order; directories are walked in sorted path order.
    """
    if max_bytes <= 0:
        raise UsageError(f"--max-bytes must be a positive number of bytes, got {max_bytes}")
    exclude = exclude or PathFilter()
    documents: list[Document] = []
    ignored: list[str] = []
    excluded: list[str] = []
    for path in paths:
        if path == STDIN_PATH:
            documents.extend(_read_stdin(stdin, max_bytes))
            continue
        try:
            is_dir = os.path.isdir(path)
        except (OSError, ValueError):
            is_dir = False
        if is_dir:
            walk(path, documents, ignored, excluded, exclude, lambda found, fmt: _read_file(found, fmt, max_bytes))
        elif exclude(path):
            excluded.append(path)
        else:
            documents.extend(_read_file(path, format_of(path) or SourceFormat.TXT, max_bytes, named=True))
    return Corpus(
        documents=tuple(_named(document) for document in documents),
        ignored=tuple(escape_name(path) for path in ignored),
        excluded=tuple(escape_name(path) for path in excluded),
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_name(name: str) -> str:
    """A file name as text every output can hold: bytes that are not UTF-8 as ``\\xff`` escapes.

    Python hands such bytes over as lone surrogates (surrogateescape), which no
    UTF-8 output can write; the escaped name is what every format shows and what
    baselines store, so it names the same file from one run to the next.
    """
    if _SURROGATE.search(name) is None:
        return name

    def escaped(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"

    return _SURROGATE.sub(escaped, name)


def _named(document: Document) -> Document:
    """The document with its id and path as ``escape_name`` writes them (it has been read: no more opening)."""
    doc_id, path = escape_name(document.id), escape_name(document.path)
    if (doc_id, path) == (document.id, document.path):
        return document
    return replace(document, id=doc_id, path=path)


# -- files and stdin ---------------------------------------------------------------------------------


def _read_file(path: str, fmt: SourceFormat, max_bytes: int, *, named: bool = False) -> list[Document]:
    """One file; ``named`` on the command line, where only a regular file is opened (a FIFO would block)."""
    limit = max(max_bytes, JSONL_MAX_BYTES) if fmt is SourceFormat.JSONL else max_bytes
    try:
        info = os.stat(path)
        if named and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            return [failed(path, fmt, not_regular(path))]
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            return [failed(path, fmt, too_large(info.st_size, limit))]
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return [failed(path, fmt, LINK_LOOP)]
        return _unopened(path, fmt, exc)
    except ValueError as exc:  # a path with a NUL character
        return [failed(path, fmt, f"cannot read: {exc}")]
    if len(data) > limit:
        return [failed(path, fmt, too_large(None, limit))]
    return _parse(data, path=path, doc_id=path, fmt=fmt, max_bytes=max_bytes)


def _unopened(path: str, fmt: SourceFormat, exc: OSError) -> list[Document]:
    if isinstance(exc, FileNotFoundError):
        return [failed(path, fmt, "no such file or directory")]
    if isinstance(exc, PermissionError):
        return [failed(path, fmt, "permission denied; check the file's read permission")]
    if isinstance(exc, IsADirectoryError):
        return [failed(path, fmt, "is a directory")]
    return [failed(path, fmt, f"cannot read: {reason(exc)}")]


def _read_stdin(stream: BinaryIO | None, max_bytes: int) -> list[Document]:
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return [failed(STDIN_PATH, SourceFormat.TXT, "no standard input to read", doc_id=STDIN_ID)]
    limit = max(max_bytes, JSONL_MAX_BYTES)  # JSONL or one text: known once read
    try:
        data = stream.read(limit + 1)
        if isinstance(data, str):  # handed a text stream rather than its ``.buffer``
            data = data.encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as exc:
        return [failed(STDIN_PATH, SourceFormat.TXT, f"cannot read standard input: {exc}", doc_id=STDIN_ID)]
    if len(data) > limit:
        return [failed(STDIN_PATH, SourceFormat.TXT, too_large(None, limit), doc_id=STDIN_ID)]
    try:
        text, encoding = decode(data)
    except Unreadable as exc:
        return [failed(STDIN_PATH, SourceFormat.TXT, str(exc), doc_id=STDIN_ID)]
    records = json_lines(text)
    if records and all(isinstance(value, dict) for _, value, _ in records):
        return jsonl_documents(records, path=STDIN_PATH, prefix=STDIN_ID, encoding=encoding, max_bytes=max_bytes)
    if len(data) > max_bytes:
        return [failed(STDIN_PATH, SourceFormat.TXT, too_large(len(data), max_bytes), doc_id=STDIN_ID)]
    return [_text_document(text, path=STDIN_PATH, doc_id=STDIN_ID, encoding=encoding)]


def _parse(data: bytes, *, path: str, doc_id: str, fmt: SourceFormat, max_bytes: int) -> list[Document]:
    try:
        text, encoding = decode(data, declared=declared_charset(data) if fmt is SourceFormat.HTML else None)
    except Unreadable as exc:
        return [failed(path, fmt, str(exc), doc_id=doc_id)]
    if fmt is SourceFormat.JSONL:
        return jsonl_documents(json_lines(text), path=path, prefix=doc_id, encoding=encoding, max_bytes=max_bytes)
    if fmt is SourceFormat.HTML:
        return [html_document(text, path=path, encoding=encoding)]
    return [_text_document(text, path=path, doc_id=doc_id, encoding=encoding)]


def _text_document(text: str, *, path: str, doc_id: str, encoding: str) -> Document:
    return Document(
        id=doc_id, path=path, format=SourceFormat.TXT, text=text, view=terminal_free_view(text), encoding=encoding
    )
