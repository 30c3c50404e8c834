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
with an exact map back to the source (see ``_HtmlView``), so that every offset a
later stage reports points into the file as written.
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import html
import json
import os
import re
import stat
import sys
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import PurePosixPath
from typing import BinaryIO

from drift.errors import UsageError
from drift.records import Document, DocumentMeta, SourceFormat, TextView

__all__ = ["DEFAULT_MAX_BYTES", "Corpus", "PathFilter", "read_corpus"]

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

# Legacy encodings tried (through charset-normalizer) when a file is not UTF-8. The
# list is short on purpose: with every code page allowed, short Western texts are
# "detected" as cp1250 or cp1251. Order breaks ties between equally good guesses.
_LEGACY_ENCODINGS = (
    "cp1252",
    "iso8859_15",
    "latin_1",
    "cp1251",
    "koi8_r",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
)

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Text has next to no C0 control characters; binary data has about one byte in ten. (C1
# controls are left alone: they are how double-encoded UTF-8 shows, which drift reports.)
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = dict.fromkeys(_CONTROL_BYTES)

_BINARY = "binary file, not text"
_EMPTY = "empty file"
_MB = 1_000_000


@dataclass(frozen=True)
class Corpus:
    """Everything the inputs named, readable or not, in a deterministic order."""

    documents: tuple[Document, ...]
    ignored: tuple[str, ...]  # files a directory walk skipped because of their extension
    excluded: tuple[str, ...] = ()  # paths a ``PathFilter`` left out (a directory stands for its content)


@dataclass(frozen=True)
class PathFilter:
    """Glob patterns of input paths to leave out, as ruff's ``exclude``.

    A pattern matches a path relative to ``root`` (the directory of the
    configuration file that set it): ``archive/*.txt`` matches by whole path,
    from the right as ``pathlib`` does, and a pattern naming a directory
    (``drafts`` or ``drafts/``) leaves out everything below it: a walk does not
    enter it, and a file named explicitly is tested with its parent directories
    (``ancestors``), as a pre-commit hook names files. Paths outside ``root``
    are matched by their absolute path and their name only, so that a pattern
    never matches a directory above the project.
    """

    patterns: tuple[str, ...] = ()
    root: str = "."

    def __call__(self, path: str, *, ancestors: bool = True) -> bool:
        if not self.patterns:
            return False
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute, os.path.abspath(self.root)).replace(os.sep, "/")
        if relative == ".." or relative.startswith("../"):
            candidates = [PurePosixPath(absolute.replace(os.sep, "/")), PurePosixPath(os.path.basename(path))]
        else:
            inside = PurePosixPath(relative)
            parents = [parent for parent in inside.parents if str(parent) != "."] if ancestors else []
            candidates = [inside, *parents]
        return any(_glob(candidate, pattern) for candidate in candidates for pattern in self.patterns)


def _glob(path: PurePosixPath, pattern: str) -> bool:
    pattern = pattern.rstrip("/") or pattern
    return fnmatch.fnmatchcase(str(path), pattern) or path.match(pattern)


class _Unreadable(Exception):
    """Internal: a file cannot be turned into a document; the message becomes ``Document.error``."""


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
            _walk(path, documents, ignored, excluded, max_bytes, exclude)
        elif exclude(path):
            excluded.append(path)
        else:
            documents.extend(_read_file(path, _format_of(path) or SourceFormat.TXT, max_bytes, named=True))
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


def _format_of(path: str) -> SourceFormat | None:
    return _FORMATS.get(os.path.splitext(path)[1].lower())


def _failed(
    path: str,
    fmt: SourceFormat,
    message: str,
    *,
    doc_id: str | None = None,
    line: int = 1,
    encoding: str | None = None,
    meta: DocumentMeta | None = None,
) -> Document:
    return Document(
        id=doc_id or path,
        path=path,
        format=fmt,
        line=line,
        encoding=encoding,
        meta=meta or DocumentMeta(),
        error=message,
    )


# -- directories -------------------------------------------------------------------------------------


def _walk(
    root: str,
    documents: list[Document],
    ignored: list[str],
    excluded: list[str],
    max_bytes: int,
    exclude: PathFilter,
) -> None:
    """Depth-first, entries sorted by name at each level, each real directory entered once."""
    visited = {os.path.realpath(root)}
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _list_dir(root, documents)
    if listing is None:
        return
    stack.append(listing)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        if exclude(entry.path, ancestors=False):  # an excluded directory is not entered
            excluded.append(entry.path)
            continue
        if _is_dir(entry):
            real = os.path.realpath(entry.path)
            if real in visited:  # a symlink back up the tree, or a second link to a walked directory
                continue
            visited.add(real)
            listing = _list_dir(entry.path, documents)
            if listing is not None:
                stack.append(listing)
            continue
        fmt = _format_of(entry.name)
        if fmt is None:
            ignored.append(entry.path)
        elif _is_file(entry):
            documents.extend(_read_file(entry.path, fmt, max_bytes))
        elif _is_link_loop(entry.path):
            documents.append(_failed(entry.path, fmt, _LINK_LOOP))
        elif not os.path.exists(entry.path):
            documents.append(_failed(entry.path, fmt, "no such file or directory (broken symbolic link)"))
        else:
            documents.append(_failed(entry.path, fmt, _not_regular(entry.path)))


def _list_dir(path: str, documents: list[Document]) -> Iterator[os.DirEntry[str]] | None:
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        documents.append(_failed(path, SourceFormat.TXT, "permission denied: cannot list this directory"))
        return None
    except OSError as exc:
        documents.append(_failed(path, SourceFormat.TXT, f"cannot list directory: {_reason(exc)}"))
        return None
    return iter(entries)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


_LINK_LOOP = "symbolic link loop: the link leads back to itself"


def _is_link_loop(path: str) -> bool:
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _not_regular(path: str) -> str:
    """Why a path that exists is not read: a named pipe would block the run, a device never ends."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "not a regular file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a regular file; to read a stream, pipe it into drift and name - instead"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file; to read a stream, pipe it into drift and name - instead"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


# -- files and stdin ---------------------------------------------------------------------------------


def _too_large(size: int | None, max_bytes: int) -> str:
    limit = f"the {max_bytes / _MB:.1f} MB limit"
    if size is None:
        return f"too large: more than {limit}; raise the limit with --max-bytes"
    return f"too large: {size / _MB:.1f} MB is over {limit}; raise the limit with --max-bytes {size}"


def _read_file(path: str, fmt: SourceFormat, max_bytes: int, *, named: bool = False) -> list[Document]:
    """One file; ``named`` on the command line, where only a regular file is opened (a FIFO would block)."""
    limit = max(max_bytes, JSONL_MAX_BYTES) if fmt is SourceFormat.JSONL else max_bytes
    try:
        info = os.stat(path)
        if named and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            return [_failed(path, fmt, _not_regular(path))]
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            return [_failed(path, fmt, _too_large(info.st_size, limit))]
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return [_failed(path, fmt, _LINK_LOOP)]
        return _unopened(path, fmt, exc)
    except ValueError as exc:  # a path with a NUL character
        return [_failed(path, fmt, f"cannot read: {exc}")]
    if len(data) > limit:
        return [_failed(path, fmt, _too_large(None, limit))]
    return _parse(data, path=path, doc_id=path, fmt=fmt, max_bytes=max_bytes)


def _unopened(path: str, fmt: SourceFormat, exc: OSError) -> list[Document]:
    if isinstance(exc, FileNotFoundError):
        return [_failed(path, fmt, "no such file or directory")]
    if isinstance(exc, PermissionError):
        return [_failed(path, fmt, "permission denied; check the file's read permission")]
    if isinstance(exc, IsADirectoryError):
        return [_failed(path, fmt, "is a directory")]
    return [_failed(path, fmt, f"cannot read: {_reason(exc)}")]


def _read_stdin(stream: BinaryIO | None, max_bytes: int) -> list[Document]:
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return [_failed(STDIN_PATH, SourceFormat.TXT, "no standard input to read", doc_id=STDIN_ID)]
    limit = max(max_bytes, JSONL_MAX_BYTES)  # JSONL or one text: known once read
    try:
        data = stream.read(limit + 1)
        if isinstance(data, str):  # handed a text stream rather than its ``.buffer``
            data = data.encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as exc:
        return [_failed(STDIN_PATH, SourceFormat.TXT, f"cannot read standard input: {exc}", doc_id=STDIN_ID)]
    if len(data) > limit:
        return [_failed(STDIN_PATH, SourceFormat.TXT, _too_large(None, limit), doc_id=STDIN_ID)]
    try:
        text, encoding = _decode(data)
    except _Unreadable as exc:
        return [_failed(STDIN_PATH, SourceFormat.TXT, str(exc), doc_id=STDIN_ID)]
    records = _json_lines(text)
    if records and all(isinstance(value, dict) for _, value, _ in records):
        return _jsonl_documents(records, path=STDIN_PATH, prefix=STDIN_ID, encoding=encoding, max_bytes=max_bytes)
    if len(data) > max_bytes:
        return [_failed(STDIN_PATH, SourceFormat.TXT, _too_large(len(data), max_bytes), doc_id=STDIN_ID)]
    return [_text_document(text, path=STDIN_PATH, doc_id=STDIN_ID, encoding=encoding)]


def _parse(data: bytes, *, path: str, doc_id: str, fmt: SourceFormat, max_bytes: int) -> list[Document]:
    try:
        text, encoding = _decode(data, declared=_declared_charset(data) if fmt is SourceFormat.HTML else None)
    except _Unreadable as exc:
        return [_failed(path, fmt, str(exc), doc_id=doc_id)]
    if fmt is SourceFormat.JSONL:
        return _jsonl_documents(_json_lines(text), path=path, prefix=doc_id, encoding=encoding, max_bytes=max_bytes)
    if fmt is SourceFormat.HTML:
        return [_html_document(text, path=path, encoding=encoding)]
    return [_text_document(text, path=path, doc_id=doc_id, encoding=encoding)]


def _text_document(text: str, *, path: str, doc_id: str, encoding: str) -> Document:
    return Document(
        id=doc_id, path=path, format=SourceFormat.TXT, text=text, view=terminal_free_view(text), encoding=encoding
    )


# Terminal control sequences (a log captured with colours, a scraper's debug output): CSI (ESC [ ... final byte),
# OSC (ESC ] ... BEL or ESC \), other two-byte escapes, and C0 controls that are not whitespace. C1 controls are
# kept: they are how double-encoded UTF-8 shows, which the garble rules report.
_TERMINAL_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]|\x1b"
)


def terminal_free_view(text: str) -> TextView:
    """The text without terminal control sequences, mapped back to the original (the view *is* it when clean).

    An ANSI colour code left in a scraped text reads as words and numbers ("0m"): the rules would compare it.
    """
    if _TERMINAL_CONTROL.search(text) is None:
        return TextView(text)
    kept: list[str] = []
    starts, ends = array("l"), array("l")
    position = 0
    for match in _TERMINAL_CONTROL.finditer(text):
        kept.append(text[position : match.start()])
        starts.extend(range(position, match.start()))
        ends.extend(range(position + 1, match.start() + 1))
        position = match.end()
    kept.append(text[position:])
    starts.extend(range(position, len(text)))
    ends.extend(range(position + 1, len(text) + 1))
    return TextView("".join(kept), starts, ends)


# -- decoding ----------------------------------------------------------------------------------------


def _decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode as a BOM says, else UTF-8, else a declared charset, else a plausible legacy encoding."""
    if not data:
        raise _Unreadable(_EMPTY)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise _Unreadable(f"invalid {encoding} after its byte-order mark; re-save the file as UTF-8") from None
            return _checked(text), "utf-8-sig" if encoding == "utf-8" else encoding
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(data.decode(utf16)), utf16
    if b"\x00" in data or _control_share(len(data), len(data.translate(None, _CONTROL_BYTES))):
        raise _Unreadable(_BINARY)
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared is not None:
        try:
            return _checked(data.decode(declared)), declared
        except (UnicodeDecodeError, LookupError):
            pass
    guess = _guess_legacy(data)
    if guess is None:
        raise _Unreadable("not UTF-8 nor a common legacy encoding; convert the file to UTF-8")
    return _checked(guess[0]), guess[1]


# UTF-16 without a byte-order mark: text in a Latin, Greek or Cyrillic script has a zero byte in nearly every
# other position (the high byte of each character), on one side only; binary data has zeros on both.
_UTF16_ZERO_SHARE = 0.3


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the data reads as it, else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0) / (len(data) // 2), data[1::2].count(0) / (len(data) // 2)
    encoding = (
        "utf-16-le"
        if odd > _UTF16_ZERO_SHARE > even * 10
        else "utf-16-be"
        if even > _UTF16_ZERO_SHARE > odd * 10
        else None
    )
    if encoding is None or (not data.isascii() and _reads_as_utf8(data)):
        return None  # in UTF-16 of those scripts a byte beyond ASCII sits by a zero byte: never valid UTF-8
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding if not _control_share(len(text), len(text.translate(_CONTROL_CHARS))) else None


def _reads_as_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _control_share(total: int, kept: int) -> bool:
    return total > 0 and (total - kept) / total > _MAX_CONTROL_SHARE


def _checked(text: str) -> str:
    """Refuse decoded text that is really binary, or that has nothing but whitespace."""
    if "\x00" in text or _control_share(len(text), len(text.translate(_CONTROL_CHARS))):
        raise _Unreadable(_BINARY)
    if not text.strip():
        raise _Unreadable(_EMPTY + " (only whitespace)" if text else _EMPTY)
    return text


def _guess_legacy(data: bytes) -> tuple[str, str] | None:
    import charset_normalizer  # lazy: only non-UTF-8 input pays for it

    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)))
    if not matches:
        return None
    preference = {codecs.lookup(name).name: rank for rank, name in enumerate(_LEGACY_ENCODINGS)}

    def rank(match: charset_normalizer.CharsetMatch) -> tuple[float, float, int]:
        return (match.chaos, -match.coherence, preference.get(codecs.lookup(match.encoding).name, 99))

    best = min(matches, key=rank)
    name = codecs.lookup(best.encoding).name
    try:
        return data.decode(name), name
    except UnicodeDecodeError:
        return None


_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 2 KB (the browser's prescan, reduced to its gist)."""
    match = _META_CHARSET.search(data, 0, 2048)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return None if name.startswith(("utf-16", "utf-32")) else name  # as browsers do: no BOM, not UTF-16


# -- JSONL -------------------------------------------------------------------------------------------

_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}


def _json_lines(text: str) -> list[tuple[int, object, str | None]]:
    """Every non-blank line as ``(line number, parsed value, error)``; blank lines are skipped."""
    records: list[tuple[int, object, str | None]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line), None))
        except json.JSONDecodeError as exc:
            records.append((number, None, f"invalid JSON ({json_error(exc)})"))
        except RecursionError:
            records.append((number, None, "invalid JSON (nested too deeply)"))
        except ValueError as exc:  # e.g. an integer longer than Python's digit limit
            records.append((number, None, f"invalid JSON ({exc})"))
    return records


def json_error(error: json.JSONDecodeError) -> str:
    """A JSON error and its column, once: some messages end in "at" already ("Unterminated string starting at")."""
    message = error.msg[: -len(" at")] if error.msg.endswith(" at") else error.msg
    return f"{message} at column {error.colno}"


def _jsonl_documents(
    records: list[tuple[int, object, str | None]], *, path: str, prefix: str, encoding: str, max_bytes: int
) -> list[Document]:
    documents = []
    for number, value, problem in records:
        doc_id = f"{prefix}#{number}"
        if problem is None:
            problem = _record_problem(value)
        if problem is None and isinstance(value, dict) and len(value["text"]) > max_bytes // 4:  # cheap test first
            size = len(value["text"].encode("utf-8", "surrogatepass"))
            problem = _too_large(size, max_bytes) if size > max_bytes else None
        if problem is not None:
            message = f"line {number}: {problem}"
            documents.append(_failed(path, SourceFormat.JSONL, message, doc_id=doc_id, line=number, encoding=encoding))
            continue
        assert isinstance(value, dict)
        meta = DocumentMeta(
            title=_optional(value, "title"),
            url=_optional(value, "url"),
            lang=_optional(value, "lang"),
            date=_optional(value, "date"),
            record_id=_scrubbed(value["id"]),
        )
        text = _scrubbed(value["text"])
        documents.append(
            Document(
                id=doc_id,
                path=path,
                format=SourceFormat.JSONL,
                text=text,
                view=terminal_free_view(text),
                line=number,
                encoding=encoding,
                meta=meta,
            )
        )
    return documents


def _record_problem(value: object) -> str | None:
    if not isinstance(value, dict):
        kind = "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)
        return f"expected a JSON object, got {kind}"
    for key in ("id", "text"):
        if key not in value:
            return f'missing "{key}" (each record needs string "id" and "text" fields)'
        field_value = value[key]
        if not isinstance(field_value, str):
            kind = "null" if field_value is None else _JSON_TYPES.get(type(field_value), "an object")
            return f'"{key}" must be a string, got {kind}'
        if not field_value.strip():
            return f'empty "{key}"'
    return None


def _optional(record: dict[str, object], key: str) -> str | None:
    """An optional metadata field; values that are not strings are ignored rather than refused."""
    value = record.get(key)
    return _scrubbed(value) if isinstance(value, str) and value else None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _scrubbed(text: str) -> str:
    """A JSON string with its lone surrogates (``"\\ud800"``, valid JSON) replaced by U+FFFD.

    A lone surrogate cannot be written as UTF-8, so it would break every output
    that quotes the text; one character for one keeps every offset in place.
    JSON pairs that form a real character were already joined by the parser.
    """
    return _LONE_SURROGATE.sub("\ufffd", text)


# -- HTML --------------------------------------------------------------------------------------------

# Elements whose content is never shown as text. ``head`` holds only these anyway, and
# ``title`` is taken into ``meta.title`` instead.
_HIDDEN = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "head", "title", "iframe", "noembed", "noframes",
        "canvas",
    }
)  # fmt: skip
_HEAD_CONTENT = frozenset(
    {"title", "meta", "link", "style", "script", "noscript", "base", "template", "basefont", "bgsound"}
)
# Elements that start a new line of the view, at their start tag and at their end tag.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
        "nav", "ol", "optgroup", "option", "p", "pre", "search", "section", "summary", "table", "tbody",
        "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})  # cells of a row share its line, a space apart
_HTML_SPACE = " \t\n\r\f"
_WORDS_AND_SPACES = re.compile(r"[ \t\n\r\f]+|[^ \t\n\r\f]+")


class _HtmlView(HTMLParser):
    """The visible text of a page, each character mapped to the source span it came from.

    Positions come from ``getpos()`` at each event, so the map stays exact whatever
    the parser skips. Data characters map to themselves, a decoded entity's
    characters to the whole entity, and a collapsed whitespace run to its first
    character; a line break made for a block element maps to an empty span at the tag.
    """

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._source = source
        self._line_starts = [0]
        found = source.find("\n")
        while found >= 0:
            self._line_starts.append(found + 1)
            found = source.find("\n", found + 1)
        self._pieces: list[str] = []
        self._last = ""  # last character of the view so far
        self.starts = array("l")
        self.ends = array("l")
        self._hidden: list[str] = []  # open elements whose content is not shown
        self._title: list[str] | None = None  # collecting the first <title>
        self._pre = 0
        self.title: str | None = None
        self.lang: str | None = None
        self.url: str | None = None
        self.date: str | None = None

    def view(self) -> TextView:
        self.close()
        while self._last in (" ", "\n"):
            self._pop()
        return TextView("".join(self._pieces), self.starts, self.ends)

    # building the view

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _append(self, text: str, start: int, end: int) -> None:
        self._pieces.append(text)
        self.starts.append(start)
        self.ends.append(end)
        self._last = text

    def _pop(self) -> None:
        self._pieces.pop()
        self.starts.pop()
        self.ends.pop()
        self._last = self._pieces[-1][-1] if self._pieces else ""

    def _space(self, start: int, end: int) -> None:
        if self._last not in ("", " ", "\n"):
            self._append(" ", start, end)

    def _break(self, at: int) -> None:
        if self._last == " ":
            self._pop()
        if self._last not in ("", "\n"):
            self._append("\n", at, at)

    def _text(self, text: str, start: int) -> None:
        """Raw source text at ``start``: each character is its own span."""
        for match in _WORDS_AND_SPACES.finditer(text):
            run, offset = match.group(), start + match.start()
            if run[0] not in _HTML_SPACE:
                self._pieces.append(run)
                self.starts.extend(range(offset, offset + len(run)))
                self.ends.extend(range(offset + 1, offset + len(run) + 1))
                self._last = run[-1]
            elif self._pre and "\n" in run:
                self._break(offset + run.index("\n"))
            else:
                self._space(offset, offset + 1)

    def _decoded(self, text: str, start: int, end: int) -> None:
        """Text decoded from the entity at ``[start, end)``: every character maps to all of it."""
        for char in text:
            if char in _HTML_SPACE:
                self._space(start, end)
            else:
                self._append(char, start, end)

    # parser events

    def _entity(self, raw_prefix: str) -> None:
        start = self._offset()
        end = start + len(raw_prefix)
        if self._source.startswith(";", end):
            end += 1
        raw = self._source[start:end]
        decoded = html.unescape(raw)
        if self._hidden:
            if self._title is not None and self._hidden[-1] == "title":
                self._title.append(decoded)
        elif decoded == raw:  # not an entity after all (``&foo;``): literal text
            self._text(raw, start)
        else:
            self._decoded(decoded, start, end)

    def handle_entityref(self, name: str) -> None:
        self._entity("&" + name)

    def handle_charref(self, name: str) -> None:
        self._entity("&#" + name)

    def handle_data(self, data: str) -> None:
        if self._hidden == ["head"] and data.strip(_HTML_SPACE):
            self._hidden.clear()  # text cannot be in <head>: a browser ends it here
        if self._hidden:
            if self._title is not None and self._hidden[-1] == "title":
                self._title.append(data)
            return
        self._text(data, self._offset())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        self._metadata(tag, dict(attrs))
        if self._hidden == ["head"] and tag not in _HEAD_CONTENT:
            self._hidden.clear()  # <body>, or any element of the body, ends an unclosed <head>
        if tag in _HIDDEN:
            if not closed:
                if tag == "title" and self._first_title():
                    self._title = []
                self._hidden.append(tag)
            return
        if self._hidden:
            return
        if tag in _BLOCKS:
            self._break(self._offset())
        elif tag in _CELLS:
            at = self._offset()
            self._space(at, at)
        if tag == "pre" and not closed:
            self._pre += 1

    def _first_title(self) -> bool:
        """The page's own title: the first one, and not an SVG's ``<title>``."""
        return self.title is None and self._title is None and set(self._hidden) <= {"head"}

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            while self._hidden and self._hidden.pop() != tag:
                pass
            if tag == "title" and self._title is not None:
                self.title = " ".join("".join(self._title).split()) or None
                self._title = None
            return
        if self._hidden:
            return
        if tag in _BLOCKS:
            self._break(self._offset())
        elif tag in _CELLS:
            at = self._offset()
            self._space(at, at)
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def _metadata(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "html" and self.lang is None:
            self.lang = (attrs.get("lang") or "").strip() or None
        elif tag == "link" and self.url is None and (attrs.get("rel") or "").lower().split() == ["canonical"]:
            self.url = (attrs.get("href") or "").strip() or None
        elif tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").lower()
            content = (attrs.get("content") or "").strip() or None
            if key == "og:url" and self.url is None:
                self.url = content
            elif key == "article:published_time" and self.date is None:
                self.date = content


def _html_document(source: str, *, path: str, encoding: str) -> Document:
    parser = _HtmlView(source)
    try:
        parser.feed(source)
        view = parser.view()
    except Exception as exc:  # the stdlib parser is lenient, but a malformed page must not stop the run
        return _failed(path, SourceFormat.HTML, f"cannot parse HTML ({exc})", encoding=encoding)
    meta = DocumentMeta(title=parser.title, url=parser.url, lang=parser.lang, date=parser.date)
    if not view.text:
        message = "no visible text in this HTML page"
        return _failed(path, SourceFormat.HTML, message, encoding=encoding, meta=meta)
    return Document(
        id=path,
        path=path,
        format=SourceFormat.HTML,
        text=source,
        view=view,
        encoding=encoding,
        meta=meta,
        furniture=_furniture(source, view.text, parser.title),
    )


_NON_WORD = re.compile(r"[\W_]+")
_MIN_CONTAINED = 20  # shorter lines ("World", "Share") match only a whole line of the main text


def _normal(text: str) -> str:
    """Words only, case-folded: trafilatura re-spaces and re-punctuates what it keeps."""
    return " ".join(_NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split())


def _furniture(source: str, view_text: str, title: str | None) -> tuple[tuple[int, int], ...]:
    """View lines (as spans) that trafilatura's main text leaves out; none when it finds no main text."""
    import trafilatura  # lazy: heavy, and only HTML needs it

    try:
        main = trafilatura.extract(source, include_comments=False)
    except Exception:  # a third-party extractor failing on odd markup costs the hints, not the document
        return ()
    if not main:
        return ()
    main_lines = [line for line in map(_normal, main.splitlines()) if line]
    if not main_lines:
        return ()
    whole_lines = set(main_lines)
    long_lines = [line for line in main_lines if len(line) >= _MIN_CONTAINED]
    joined = " ".join(main_lines)
    headline = _normal(title or "")
    spans = []
    start = 0
    for line in view_text.split("\n"):
        end = start + len(line)
        norm = _normal(line)
        in_main = norm in whole_lines or (len(norm) >= _MIN_CONTAINED and norm in joined)
        if norm and not in_main:  # trafilatura may have kept most of the line but not all of it
            in_main = any(len(m) * 2 >= len(norm) and m in norm for m in long_lines)
        if norm and not in_main and headline:  # a headline outside the article's container
            in_main = norm == headline or (norm.count(" ") >= 2 and norm in headline)
        if not in_main:
            spans.append((start, end))
        start = end + 1
    return tuple(spans)
