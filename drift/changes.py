"""Which files changed since a git revision: ``drift check --changed-since REF``.

A file counts as changed when ``git diff --name-only REF`` lists it (commits
since REF, staged and unstaged edits, renames under their new name) or when it
is untracked and not ignored. Only these files are reported on; the rest of
the corpus is still read, to compare them with.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from drift.errors import UsageError

__all__ = ["changed_files"]


def _git(args: list[str], cwd: Path) -> str:
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="surrogateescape"
        )
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, and no git command was found") from None
    if result.returncode != 0:
        raise _Failed(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "git failed")
    return result.stdout


class _Failed(Exception):
    pass


def changed_files(ref: str, cwd: Path | str) -> frozenset[str]:
    """Real paths of the files changed since ``ref`` in the git work tree holding ``cwd``."""
    cwd = Path(cwd)
    if not ref or ref.startswith("-"):
        raise UsageError(f"--changed-since {ref!r}: not a revision; give a branch, tag or commit")
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except _Failed:
        raise UsageError(
            f"--changed-since {ref}: {cwd.absolute()} is not in a git work tree; run drift from the repository"
        ) from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    except _Failed:
        raise UsageError(
            f"--changed-since {ref}: unknown revision; give a branch, tag or commit (fetch it first in a shallow clone)"
        ) from None
    try:
        diff = _git(["diff", "--name-only", "-z", ref, "--"], top)
        untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    except _Failed as failure:
        raise UsageError(f"--changed-since {ref}: git failed ({failure})") from None
    names = [name for name in (diff + untracked).split("\0") if name]
    return frozenset(os.path.realpath(top / name) for name in names)
