"""Bytes into text: byte-order marks, UTF-8, a declared charset, then a plausible legacy encoding; and the view of
a text without the terminal control sequences a scraper may have left in it."""

from __future__ import annotations

import codecs
import re
from array import array

from drift.records import TextView

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


class Unreadable(Exception):
    """Internal: a file cannot be turned into a document; the message becomes ``Document.error``."""


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode as a BOM says, else UTF-8, else a declared charset, else a plausible legacy encoding."""
    if not data:
        raise Unreadable(_EMPTY)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise Unreadable(f"invalid {encoding} after its byte-order mark; re-save the file as UTF-8") from None
            return _checked(text), "utf-8-sig" if encoding == "utf-8" else encoding
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(data.decode(utf16)), utf16
    if b"\x00" in data or _control_share(len(data), len(data.translate(None, _CONTROL_BYTES))):
        raise Unreadable(_BINARY)
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
        raise Unreadable("not UTF-8 nor a common legacy encoding; convert the file to UTF-8")
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
        raise Unreadable(_BINARY)
    if not text.strip():
        raise Unreadable(_EMPTY + " (only whitespace)" if text else _EMPTY)
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


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 2 KB (the browser's prescan, reduced to its gist)."""
    match = _META_CHARSET.search(data, 0, 2048)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return None if name.startswith(("utf-16", "utf-32")) else name  # as browsers do: no BOM, not UTF-16


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
