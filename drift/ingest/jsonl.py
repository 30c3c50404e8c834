"""JSONL: one article per line, ``{"id", "text"}`` with optional ``url``, ``lang``, ``title`` and ``date``.

Every line is a document or an error document naming the line; a line that is not an article never stops the file.
"""

from __future__ import annotations

import json
import re

from drift.ingest.base import failed, too_large
from drift.ingest.decode import terminal_free_view
from drift.records import Document, DocumentMeta, SourceFormat

_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}


def json_lines(text: str) -> list[tuple[int, object, str | None]]:
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


def jsonl_documents(
    records: list[tuple[int, object, str | None]], *, path: str, prefix: str, encoding: str, max_bytes: int
) -> list[Document]:
    documents = []
    for number, value, problem in records:
        doc_id = f"{prefix}#{number}"
        if problem is None:
            problem = _record_problem(value)
        if problem is None and isinstance(value, dict) and len(value["text"]) > max_bytes // 4:  # cheap test first
            size = len(value["text"].encode("utf-8", "surrogatepass"))
            problem = too_large(size, max_bytes) if size > max_bytes else None
        if problem is not None:
            message = f"line {number}: {problem}"
            documents.append(failed(path, SourceFormat.JSONL, message, doc_id=doc_id, line=number, encoding=encoding))
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
