"""drift's exceptions: one hierarchy, raised by the library, caught only by the CLI.

Messages are one line and say what to do next. Every error maps to exit code 2.
"""

from __future__ import annotations


class DriftError(Exception):
    """Base of every error drift raises on purpose."""


class UsageError(DriftError):
    """The command line asks for something that cannot be done."""


class ConfigError(DriftError):
    """The configuration (pyproject.toml, drift.toml or options) is invalid."""


class InputError(DriftError):
    """An input path or record cannot be read."""


class ModelError(DriftError):
    """The sentence encoder cannot be loaded."""


class DataError(DriftError):
    """A data file drift ships (a word list in ``drift/data/words/``) is missing or malformed: reinstall drift."""


class EngineError(DriftError):
    """The engine asked for (``--engine ray``) cannot run: Ray is not installed, or its cluster cannot be reached."""


class CacheError(DriftError):
    """The cache folder cannot be opened or is not a drift cache."""


class NothingCheckedError(DriftError):
    """No document could be checked: a green run would be a lie.

    ``problems`` are the unreadable inputs (``path: reason``) the message does not name itself, for the
    caller to list before it.
    """

    def __init__(self, message: str, problems: tuple[str, ...] = ()):
        super().__init__(message)
        self.problems = problems


def describe(error: BaseException, limit: int = 200) -> str:
    """An unexpected exception in one line (type and message, cut at ``limit``), for a report or stderr."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
