"""Deterministic corpus perturbations shared by the benchmark scripts.

The benchmarks need corpora bigger than ``seeds/`` whose copies are *not*
byte-identical (the embedding cache and the in-batch de-duplication would make
them free) yet still read as versions of the same story (so grouping and
alignment have work to do). Every change here is drawn from a ``random.Random``
seeded with a string, so the same arguments always build the same files.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

# The extensions drift reads (drift/ingest/base.py); anything else in a walked folder is ignored there too.
TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES

_WORD = re.compile(r"\b[^\W\d_]{4,}\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TAG = re.compile(r"(<[^>]*>)")


def corpus_files(paths: Sequence[str]) -> Iterator[tuple[Path, Path]]:
    """(file, name relative to a per-argument folder) for every file drift would read, in walk order."""
    for number, raw in enumerate(paths):
        root = Path(raw)
        prefix = Path(f"in{number}")
        if root.is_file():
            yield root, prefix / root.name
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path, prefix / relative


def change_words(text: str, rng: random.Random, rate: float, vocabulary: Sequence[str] | None = None) -> str:
    """Replace each word of 4+ letters, with probability ``rate``, by another word.

    The replacement comes from ``vocabulary`` or, by default, from the text's own
    words, so the result stays in the text's language and register.
    """
    words = list(vocabulary) if vocabulary is not None else sorted(set(_WORD.findall(text)))
    if len(words) < 2 or rate <= 0:
        return text

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        if rng.random() >= rate:
            return word
        other = rng.choice(words)
        if other.lower() == word.lower():
            return word
        return other[0].upper() + other[1:] if word[0].isupper() else other.lower()

    return _WORD.sub(replace, text)


def swap_numbers(text: str, rng: random.Random) -> str:
    """Swap two different numbers of the text (the commonest drift between versions)."""
    matches = list(_NUMBER.finditer(text))
    pairs = [(a, b) for i, a in enumerate(matches) for b in matches[i + 1 :] if a.group(0) != b.group(0)]
    if not pairs:
        return text
    first, second = rng.choice(pairs)
    return (
        text[: first.start()]
        + second.group(0)
        + text[first.end() : second.start()]
        + first.group(0)
        + text[second.end() :]
    )


def shuffle_paragraphs(text: str, rng: random.Random) -> str:
    """Shuffle every paragraph but the first (the title stays on top, as scrapers keep it)."""
    paragraphs = _PARAGRAPH_BREAK.split(text.strip("\n"))
    if len(paragraphs) < 3:
        return text
    head, rest = paragraphs[0], paragraphs[1:]
    rng.shuffle(rest)
    return "\n\n".join([head, *rest]) + "\n"


def perturb_text(text: str, rng: random.Random, *, word_rate: float, shuffle: bool) -> str:
    text = swap_numbers(text, rng)
    text = change_words(text, rng, word_rate)
    return shuffle_paragraphs(text, rng) if shuffle else text


def perturb_file(data: bytes, suffix: str, rng: random.Random, *, word_rate: float, shuffle: bool) -> bytes:
    """A perturbed copy of one input file, in the same format; undecodable files are copied unchanged."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data
    suffix = suffix.lower()
    if suffix in JSONL_SUFFIXES:
        lines = []
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                lines.append(line)
                continue
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                record["text"] = perturb_text(record["text"], rng, word_rate=word_rate, shuffle=shuffle)
            lines.append(json.dumps(record, ensure_ascii=False))
        return ("\n".join(lines) + "\n").encode("utf-8")
    if suffix in HTML_SUFFIXES:
        pieces = _TAG.split(text)
        return "".join(
            piece if piece.startswith("<") else change_words(piece, rng, word_rate) for piece in pieces
        ).encode("utf-8")
    return perturb_text(text, rng, word_rate=word_rate, shuffle=shuffle).encode("utf-8")


def build_repeated_corpus(
    paths: Sequence[str], copies: int, destination: Path, *, word_rate: float, seed: int = 0
) -> tuple[int, int]:
    """Write ``copies`` copies of the inputs under ``destination``: copy 0 unchanged, the others perturbed.

    Every copy swaps two numbers and changes words at ``word_rate`` in each file;
    every third copy also shuffles paragraphs. Each copy has its own folder, so
    every file has a new name (and drift a new document id). Returns (files, bytes).
    """
    files = written = 0
    for copy in range(copies):
        for source, relative in corpus_files(paths):
            data = source.read_bytes()
            if copy:
                rng = random.Random(f"{seed}:{copy}:{relative.as_posix()}")
                data = perturb_file(data, source.suffix, rng, word_rate=word_rate, shuffle=copy % 3 == 2)
            target = destination / f"copy{copy:03d}" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            files += 1
            written += len(data)
    return files, written
