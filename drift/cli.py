"""The ``drift`` command: parse arguments, run the library, render, return an exit code.

Exit codes (as ruff, sqlfluff and Vale use them): 0 when no finding reaches the
fail level, 1 when one does, 2 on a usage, configuration, input or model error
and when nothing at all could be checked.

Nothing heavy is imported at module level: ``drift --help`` must answer at once,
and torch is loaded only when a command actually embeds sentences.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from drift import __version__
from drift.errors import DriftError, NothingCheckedError

if TYPE_CHECKING:
    from drift.embed import CachedEncoder
    from drift.pipeline import Progress
    from drift.records import Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_CACHE_DIR = ".drift_cache"


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model and cache")
    group.add_argument(
        "--model",
        metavar="NAME|PATH",
        help="sentence encoder: all-MiniLM-L6-v2 (default), use-multilingual-v3, an installed model "
        "package, or a local sentence-transformers folder",
    )
    group.add_argument(
        "--cache-dir", metavar="DIR", default=None, help=f"embedding cache (default {DEFAULT_CACHE_DIR})"
    )
    group.add_argument(
        "--no-cache", action="store_true", help="embed everything again, read and write no cache"
    )


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, folders (walked recursively) or - for stdin"
    )
    parser.add_argument(
        "--reference", metavar="DOC", help="pin this document (id or path) as its story's reference"
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        metavar="N",
        help="refuse input files larger than this (default 64 MiB)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no notes on stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drift",
        description="Align the versions of news stories across sources and flag divergent renderings.",
    )
    parser.add_argument("--version", action="version", version=f"drift {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="check a corpus; exit 1 when a finding reaches the fail level")
    _add_input_options(check)
    check.add_argument(
        "--output-format", "-o", default="full", choices=["full", "json", "json-lines"], help="output format"
    )
    check.add_argument("--output", metavar="FILE", help="write the output to FILE instead of stdout")
    check.add_argument(
        "--fail-on", choices=["error", "warning", "info"], default="error", help="lowest severity that fails"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings reach the fail level"
    )
    _add_model_options(check)

    report = commands.add_parser("report", help="print the human report of a corpus")
    _add_input_options(report)
    report.add_argument("--all", action="store_true", help="show identical pairs too")
    _add_model_options(report)

    align = commands.add_parser("align", help="align the sentences of two documents")
    align.add_argument("ref", metavar="A", help="reference document")
    align.add_argument("var", metavar="B", help="variant document")
    align.add_argument(
        "--presegmented", action="store_true", help="each non-blank input line is one sentence"
    )
    align.add_argument("--output-format", "-o", default="text", choices=["text", "json"])
    _add_model_options(align)
    return parser


def _cache_dir(args: argparse.Namespace) -> Path:
    return Path(args.cache_dir or os.environ.get("DRIFT_CACHE_DIR") or DEFAULT_CACHE_DIR)


def _encoder(args: argparse.Namespace) -> CachedEncoder:
    from drift.embed import CachedEncoder, EmbeddingCache, load_encoder

    cache = None if args.no_cache else EmbeddingCache(_cache_dir(args) / "embeddings.sqlite3")
    return CachedEncoder(load_encoder(args.model), cache)


def _progress(args: argparse.Namespace, stream: TextIO) -> tuple[Progress, Callable[[], None]]:
    """A rich progress bar on a terminal's stderr; nothing otherwise."""
    if args.quiet or not stream.isatty():
        return (lambda stage, done, total: None), (lambda: None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    bar = Progress(
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


def _run_corpus(args: argparse.Namespace, stderr: TextIO) -> Report:
    from drift.ingest import DEFAULT_MAX_BYTES
    from drift.pipeline import RunOptions, run

    encoder = _encoder(args)
    options = RunOptions(reference=args.reference, max_bytes=args.max_bytes or DEFAULT_MAX_BYTES)
    progress, stop = _progress(args, stderr)
    try:
        report = run(
            args.paths,
            encoder,
            options,
            stdin=sys.stdin.buffer if "-" in args.paths else None,
            progress=progress,
        )
    finally:
        stop()
    problems = [f"{document.id}: {document.error}" for document in report.documents if not document.ok]
    checked = any(article.sentences for article in report.articles.values())
    if not checked and len(problems) <= 1:
        reason = problems[0] if problems else f"no readable document with text in {', '.join(args.paths)}"
        raise NothingCheckedError(f"{reason} (nothing was checked)")
    for problem in problems:
        print(f"drift: {problem}", file=stderr)
    if not checked:
        raise NothingCheckedError(f"nothing was checked: none of the {len(problems)} inputs could be read")
    if not args.quiet and report.ignored_paths:
        print(f"drift: ignored {len(report.ignored_paths)} file(s) with unsupported extensions", file=stderr)
    return report


def _write(text: str, args: argparse.Namespace, stdout: TextIO) -> None:
    if getattr(args, "output", None):
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        stdout.write(text)


def _command_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from drift.records import Severity

    report = _run_corpus(args, stderr)
    if args.output_format == "json":
        from drift.report.machine import render_json

        _write(render_json(report), args, stdout)
    elif args.output_format == "json-lines":
        from drift.report.machine import render_json_lines

        _write(render_json_lines(report), args, stdout)
    else:
        _write(_render_terminal(report, stdout, show_all=False), args, stdout)
    fail_level = Severity(args.fail_on)
    failing = any(finding.severity >= fail_level for finding in report.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def _render_terminal(report: Report, stdout: TextIO, *, show_all: bool) -> str:
    from rich.console import Console

    from drift.report.terminal import ReportView

    console = Console(file=stdout, record=True)
    with console.capture() as capture:
        console.print(ReportView(report, show_all=show_all))
    return capture.get()


def _command_report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    report = _run_corpus(args, stderr)
    stdout.write(_render_terminal(report, stdout, show_all=args.all))
    return EXIT_CLEAN


def _command_align(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from drift.pipeline import align_documents
    from drift.report.machine import render_alignment

    ref, var, alignment = align_documents(args.ref, args.var, _encoder(args), presegmented=args.presegmented)
    stdout.write(render_alignment(ref, var, alignment, args.output_format))
    return EXIT_CLEAN


_COMMANDS = {"check": _command_check, "report": _command_report, "align": _command_align}


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit code instead of exiting (tests call this)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # argparse exits on --help, --version and usage errors
        return int(exit_request.code or 0) if exit_request.code in (0, None) else EXIT_ERROR
    if args.command is None:
        parser.print_help(stdout)
        return EXIT_ERROR
    try:
        return _COMMANDS[args.command](args, stdout, stderr)
    except DriftError as error:
        print(f"drift: {error}", file=stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("drift: interrupted", file=stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
