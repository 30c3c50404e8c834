"""Terminal detection: width, colour and pager, resolved from options and an injected environment."""

from __future__ import annotations

import io
import shlex
import sys

import pytest
from rich.text import Text

from drift.report.console import Terminal, detect_terminal, page_or_write, pager_command, wants_color


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "env", "tty", "expected"),
    [
        ("auto", {}, True, True),
        ("auto", {}, False, False),
        ("auto", {"NO_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),  # empty means unset (no-color.org)
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"FORCE_COLOR": ""}, False, False),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),  # NO_COLOR wins
        ("auto", {"TERM": "dumb"}, True, False),
        ("always", {"NO_COLOR": "1"}, False, True),  # the command line wins over the environment
        ("never", {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_colour_resolution(choice, env, tty, expected):
    assert wants_color(choice, env, tty) is expected
    stream = FakeTTY() if tty else io.StringIO()
    assert detect_terminal(stream, env, color=choice, size=(120, 40)).color is expected


def test_colour_system_follows_the_terminal_type():
    tty = FakeTTY()
    assert detect_terminal(tty, {"COLORTERM": "truecolor"}).color_system == "truecolor"
    assert detect_terminal(tty, {"TERM": "xterm-256color"}).color_system == "256"
    assert detect_terminal(tty, {"TERM": "xterm"}).color_system == "standard"
    assert detect_terminal(io.StringIO(), {"COLORTERM": "truecolor"}).color_system is None


def test_width_option_then_columns_then_terminal_then_80():
    tty = FakeTTY()
    assert detect_terminal(tty, {"COLUMNS": "90"}, width=100, size=(150, 40)).width == 100
    assert detect_terminal(tty, {"COLUMNS": "90"}, size=(150, 40)).width == 90
    assert detect_terminal(tty, {"COLUMNS": "wide"}, size=(150, 40)).width == 150
    assert detect_terminal(io.StringIO(), {}).width == 80
    assert detect_terminal(None, {"COLUMNS": "132"}).width == 132


def test_pager_only_on_a_terminal_and_when_wanted():
    env = {"PAGER": "more -s"}
    assert detect_terminal(FakeTTY(), env, size=(100, 30)).pager == ("more", "-s")
    assert detect_terminal(io.StringIO(), env).pager is None
    assert detect_terminal(None, env).pager is None
    assert detect_terminal(FakeTTY(), env, page=False).pager is None
    assert pager_command({"PAGER": ""}) is None and pager_command({"PAGER": "cat"}) is None


def test_page_or_write_pages_long_output_and_falls_back(tmp_path):
    paged = tmp_path / "paged.txt"
    script = f"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())"
    command = tuple(shlex.split(f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"))
    terminal = Terminal(width=80, color_system=None, is_tty=True, height=5, pager=command)
    stream = io.StringIO()
    page_or_write("short\n", terminal, stream, {})
    assert stream.getvalue() == "short\n" and not paged.exists()
    long_text = "".join(f"line {n}\n" for n in range(20))
    page_or_write(long_text, terminal, stream, {})
    assert paged.read_text() == long_text and stream.getvalue() == "short\n"
    missing = Terminal(width=80, color_system=None, is_tty=True, height=5, pager=("no-such-pager-xyz",))
    page_or_write(long_text, missing, stream, {})
    assert stream.getvalue() == "short\n" + long_text


def test_console_renders_exactly_as_decided():
    styled = Text("changed", style="bold red strike")
    plain = Terminal(width=60, color_system=None).console()
    with plain.capture() as capture:
        plain.print(styled)
    assert capture.get() == "changed\n"
    coloured = Terminal(width=60, color_system="standard").console()
    with coloured.capture() as capture:
        coloured.print(styled)
    assert capture.get().startswith("\x1b[") and "changed" in capture.get()
    assert coloured.width == 60 and plain.width == 60
