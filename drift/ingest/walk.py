"""Directories: a deterministic walk (sorted, hidden entries skipped, each real directory once) and ``exclude``."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from drift.ingest.base import failed, format_of, reason
from drift.records import Document, SourceFormat


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


def walk(
    root: str,
    documents: list[Document],
    ignored: list[str],
    excluded: list[str],
    exclude: PathFilter,
    read: Callable[[str, SourceFormat], list[Document]],
) -> None:
    """Depth-first, entries sorted by name at each level, each real directory entered once; ``read`` reads
    each file found in a format drift reads."""
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
        fmt = format_of(entry.name)
        if fmt is None:
            ignored.append(entry.path)
        elif _is_file(entry):
            documents.extend(read(entry.path, fmt))
        elif _is_link_loop(entry.path):
            documents.append(failed(entry.path, fmt, LINK_LOOP))
        elif not os.path.exists(entry.path):
            documents.append(failed(entry.path, fmt, "no such file or directory (broken symbolic link)"))
        else:
            documents.append(failed(entry.path, fmt, not_regular(entry.path)))


def _list_dir(path: str, documents: list[Document]) -> Iterator[os.DirEntry[str]] | None:
    try:
        with os.scandir(path) as it:
            entries = sorted(it, key=lambda e: e.name)
    except PermissionError:
        documents.append(failed(path, SourceFormat.TXT, "permission denied: cannot list this directory"))
        return None
    except OSError as exc:
        documents.append(failed(path, SourceFormat.TXT, f"cannot list directory: {reason(exc)}"))
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


LINK_LOOP = "symbolic link loop: the link leads back to itself"


def _is_link_loop(path: str) -> bool:
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def not_regular(path: str) -> str:
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
