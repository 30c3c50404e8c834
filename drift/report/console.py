"""What the output can do (width, colour, paging), decided once from options and an injected environment.

Every terminal question drift asks is answered here, from the command-line
options, the environment mapping the caller passes (``os.environ`` in the CLI,
a plain dict in tests) and the output stream; nothing else in drift reads
``NO_COLOR``, ``COLUMNS`` or ``PAGER``. The rich ``Console`` built from the
answer is told everything explicitly and given an empty environment, so rich
never second-guesses the decision.

Colour, in order: ``--color always`` or ``never`` wins; with ``auto``, a
non-empty ``NO_COLOR`` turns colour off, then a non-empty ``FORCE_COLOR``
turns it on (https://no-color.org, https://force-color.org), then colour is
used on a terminal that is not ``TERM=dumb``. Without colour the output has no
escape sequence at all, and the word diff falls back to ``[-old-]{+new+}``
markers.

Width: ``--width``, else ``COLUMNS``, else the terminal's width, else 80 (a
pipe or a file).

Progress (``progress_on``): a bar on a terminal's stderr, a line every few
seconds under ``CI=true`` (a log shows the run is alive), otherwise nothing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from io import StringIO
from typing import IO, Literal, TextIO

from rich.console import Console

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` by a run (``drift.pipeline.Progress``)."""
ColorChoice = Literal["auto", "always", "never"]
ColorSystem = Literal["standard", "256", "truecolor"]

DEFAULT_WIDTH = 80
DEFAULT_PAGER = "less"
LESS_DEFAULTS = "FRX"  # quit if one screen, pass colours through, leave the text on screen (as git does)


@dataclass(frozen=True)
class Terminal:
    """The resolved output capabilities: every decision the renderers and the CLI need."""

    width: int
    color_system: ColorSystem | None  # None: no colour, no escape sequences at all
    is_tty: bool = False
    height: int | None = None
    pager: tuple[str, ...] | None = None  # the pager command line, None when output must not be paged

    @property
    def color(self) -> bool:
        return self.color_system is not None

    def console(self, file: IO[str] | None = None, *, record: bool = False) -> Console:
        """A rich console that renders exactly as decided, into ``file`` (a string buffer by default)."""
        return Console(
            file=file if file is not None else StringIO(),
            width=self.width,
            height=self.height or 25,
            color_system=self.color_system,
            force_terminal=self.color,
            force_interactive=False,
            no_color=not self.color,
            record=record,
            markup=False,
            emoji=False,
            highlight=False,
            legacy_windows=False,
            soft_wrap=False,
            _environ={},
        )


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "") != ""


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None


def color_system_for(env: Mapping[str, str]) -> ColorSystem:
    """The richest colour system the environment admits to (only asked once colour is on)."""
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    if "256" in env.get("TERM", ""):
        return "256"
    return "standard"


def wants_color(choice: ColorChoice, env: Mapping[str, str], is_tty: bool) -> bool:
    """``--color`` first, then ``NO_COLOR``, then ``FORCE_COLOR``, then whether this is a terminal."""
    if choice == "always":
        return True
    if choice == "never" or _flag(env, "NO_COLOR"):
        return False
    if _flag(env, "FORCE_COLOR"):
        return True
    return is_tty and env.get("TERM", "") != "dumb"


def pager_command(env: Mapping[str, str]) -> tuple[str, ...] | None:
    """``$PAGER`` (empty or ``cat``: no pager), else ``less`` when installed."""
    configured = env.get("PAGER")
    if configured is not None:
        command = tuple(shlex.split(configured))
        return command if command and command[0] != "cat" else None
    return (DEFAULT_PAGER,) if shutil.which(DEFAULT_PAGER) else None


def _stream_size(stream: IO[str] | None) -> tuple[int, int] | None:
    try:
        size = os.get_terminal_size(stream.fileno())  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        return None
    return size.columns, size.lines


def _isatty(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a closed or exotic stream
        return False


def detect_terminal(
    stream: IO[str] | None,
    env: Mapping[str, str],
    *,
    color: ColorChoice = "auto",
    width: int | None = None,
    page: bool = True,
    size: tuple[int, int] | None = None,
) -> Terminal:
    """Resolve width, colour and pager for output going to ``stream`` (None: a file).

    ``size`` overrides the terminal size read from the stream (tests use it).
    """
    is_tty = _isatty(stream)
    size = size or (_stream_size(stream) if is_tty else None)
    resolved_width = width or _int(env.get("COLUMNS")) or (size[0] if size else None) or DEFAULT_WIDTH
    height = _int(env.get("LINES")) or (size[1] if size else None)
    system = color_system_for(env) if wants_color(color, env, is_tty) else None
    pager = pager_command(env) if page and is_tty else None
    return Terminal(width=resolved_width, color_system=system, is_tty=is_tty, height=height, pager=pager)


def page_or_write(text: str, terminal: Terminal, stream: IO[str], env: Mapping[str, str]) -> None:
    """Write ``text``, through the pager when it is longer than the terminal's height.

    Falls back to writing directly when the pager cannot be started.
    """
    lines = text.count("\n")
    if terminal.pager is None or terminal.height is None or lines < terminal.height:
        stream.write(text)
        return
    stream.flush()
    pager_env = dict(env)
    pager_env.setdefault("LESS", LESS_DEFAULTS)
    try:
        subprocess.run(list(terminal.pager), input=text, text=True, env=pager_env, check=False)
    except OSError:
        stream.write(text)


# -- progress -------------------------------------------------------------------------------------------

PROGRESS_LINE_EVERY_S = 5.0
"""How often a progress line is written where there is no terminal to draw a bar on (CI logs)."""


def _progress_lines(stream: TextIO) -> Progress:
    """A line ``drift: align 120/900`` on a stage's start, its end and every few seconds between: a CI log
    shows the run is alive and where it is."""
    import time

    last: dict[str, float] = {}

    def update(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage not in last or done >= total or now - last[stage] >= PROGRESS_LINE_EVERY_S:
            last[stage] = now
            print(f"drift: {stage} {done}/{total}", file=stream, flush=True)

    return update


def progress_on(
    stream: TextIO, environ: Mapping[str, str], *, mode: str = "auto", quiet: bool = False
) -> tuple[Progress, Callable[[], None]]:
    """How a run shows its progress on ``stream`` (stderr), and what stops it: a rich bar on a terminal, a line
    every few seconds under ``CI=true`` or with ``mode="lines"``, nothing when ``quiet`` or elsewhere."""
    if mode == "auto":
        on_ci = environ.get("CI", "").lower() in ("true", "1")
        mode = "bar" if stream.isatty() else "lines" if on_ci else "none"
    if quiet or mode == "none":
        return (lambda stage, done, total: None), (lambda: None)
    if mode == "lines":
        return _progress_lines(stream), (lambda: None)
    from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn
    from rich.progress import Progress as ProgressBar

    bar = ProgressBar(
        TextColumn("{task.description:>8}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(file=stream),
        transient=True,
    )
    tasks: dict[str, TaskID] = {}
    bar.start()

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=max(total, 1))
        bar.update(tasks[stage], completed=done, total=max(total, 1))

    return update, bar.stop
