"""The ``drift`` command: parse arguments, run the library, render, return an exit code.

Exit codes (as ruff, sqlfluff and Vale use them): 0 when no finding reaches the
fail level, 1 when one does, 2 on a usage, configuration, input or model error
and when nothing at all could be checked.

Nothing heavy is imported at module level: ``drift --help`` must answer at once,
and torch is loaded only when a command actually embeds sentences.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from drift import __version__
from drift.errors import DriftError, InputError, NothingCheckedError, UsageError, describe

if TYPE_CHECKING:
    from drift.embed import Encoder
    from drift.pipeline import Progress, RunOptions
    from drift.records import Report
    from drift.report.console import Terminal
    from drift.report.terminal import ViewOptions
    from drift.results import ResultCache
    from drift.settings import Settings

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    from drift.settings import DEFAULT_CACHE_DIR

    group = parser.add_argument_group("model and cache")
    group.add_argument(
        "--model",
        metavar="NAME|PATH",
        help="sentence encoder: all-MiniLM-L6-v2 (default), use-multilingual-v3, an installed model "
        "package, or a local sentence-transformers folder",
    )
    group.add_argument(
        "--backend",
        choices=["onnx", "torch"],
        default=None,
        help="runtime of the encoder: onnx (int8, the default for all-MiniLM-L6-v2) or torch "
        "(sentence-transformers; the only one for other models)",
    )
    group.add_argument(
        "--device",
        choices=["auto", "cpu", "cuda"],
        default="auto",
        help="where the encoder runs (default auto: a CUDA GPU when the runtime can use one, else the CPU)",
    )
    group.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=None,
        help=f"cache of embeddings and earlier results (default {DEFAULT_CACHE_DIR})",
    )
    group.add_argument("--no-cache", action="store_true", help="compute everything again, read and write no cache")


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (walked recursively) or - for stdin")
    parser.add_argument("--reference", metavar="DOC", help="pin this document (id or path) as its story's reference")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        metavar="N",
        help="refuse documents larger than this (default 5 MB; JSONL files up to 64 MiB)",
    )
    parser.add_argument(
        "--max-sentences",
        type=_count(1),
        default=None,
        metavar="N",
        help="refuse documents with more sentences than this (default 2000)",
    )
    parser.add_argument(
        "--max-versions",
        type=_count(2),
        default=None,
        metavar="N",
        help="compare at most N versions of one story, the first in corpus order (default 100)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no notes on stderr")
    _add_progress_option(parser)


def _add_progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        choices=["auto", "bar", "lines", "none"],
        default="auto",
        help="progress on stderr (auto: a bar on a terminal, a line every few seconds under CI=true)",
    )


def _count(minimum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}")
        return number

    return parse


def _add_view_options(parser: argparse.ArgumentParser, *, formats: Sequence[str]) -> None:
    """How the human report is shown: the options of ``report`` and ``diff``."""
    group = parser.add_argument_group("display")
    group.add_argument(
        "--output-format", "-o", default="full", choices=list(formats), help="output format (default full)"
    )
    group.add_argument("--output", metavar="FILE", help="write the output to FILE instead of stdout")
    group.add_argument("--all", action="store_true", help="show every pair and every stripped line")
    group.add_argument(
        "--context", type=_count(0), default=0, metavar="N", help="show N quiet pairs around each finding"
    )
    group.add_argument("--width", type=_count(40), metavar="N", help="columns (default: the terminal's, or 80)")
    group.add_argument(
        "--inline", action="store_true", help="inline [-old-]{+new+} diff (the default below 100 columns)"
    )
    group.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour (auto: on a terminal, unless NO_COLOR is set or FORCE_COLOR asks for it)",
    )
    group.add_argument("--no-pager", action="store_true", help="never page long output on a terminal")


def _add_settings_options(parser: argparse.ArgumentParser) -> None:
    """The options ``check`` shares with its config file (``drift config`` shows the result)."""
    group = parser.add_argument_group("configuration (command line over drift.toml / pyproject.toml [tool.drift])")
    group.add_argument(
        "--config", metavar="FILE", help="this config file, instead of the nearest drift.toml or pyproject.toml"
    )
    group.add_argument(
        "--select", action="append", metavar="CODES", help="only these rules: codes or prefixes (DR2,DR601)"
    )
    group.add_argument(
        "--ignore", action="append", metavar="CODES", help="not these rules (added to the config file's ignore)"
    )
    group.add_argument(
        "--severity", action="append", metavar="CODE=LEVEL", help="set a rule's severity (DR801=warning)"
    )
    group.add_argument("--exclude", action="append", metavar="GLOB", help="leave out input paths matching this pattern")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drift",
        description="Align the versions of news stories across sources and flag divergent renderings.",
    )
    parser.add_argument("--version", action="version", version=f"drift {__version__}")
    parser.add_argument("--debug", action="store_true", help="on an internal error, print the full traceback")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from drift.settings import DEFAULT_CACHE_DIR, FAIL_LEVELS, OUTPUT_FORMATS

    check = commands.add_parser(
        "check",
        help="check a corpus; exit 1 when a finding reaches the fail level",
        description="Check a corpus like a linter: exit 0 clean, 1 when a finding reaches the fail level, "
        "2 on a usage, configuration, input or model error or when nothing was checked.",
    )
    _add_input_options(check)
    check.add_argument(
        "--output-format", "-o", default=None, choices=OUTPUT_FORMATS, help="output format (default full)"
    )
    check.add_argument("--output", metavar="FILE", help="write the output to FILE instead of stdout")
    check.add_argument(
        "--fail-on", choices=FAIL_LEVELS, default=None, help="lowest severity that fails (default error)"
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings reach the fail level")
    _add_settings_options(check)
    known = check.add_argument_group("accepted findings")
    known.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline file")
    known.add_argument(
        "--write-baseline", metavar="FILE", help="accept every current finding: write them to FILE, exit 0"
    )
    scope = check.add_argument_group("what is reported")
    scope.add_argument(
        "--changed-since",
        metavar="REF",
        help="report only on files changed since this git revision (the rest of PATH is context)",
    )
    scope.add_argument(
        "--corpus",
        action="append",
        default=[],
        metavar="PATH",
        help="also read PATH to compare with, never reporting on it (repeatable; for pre-commit)",
    )
    _add_model_options(check)

    config = commands.add_parser(
        "config", help="print the resolved configuration of check, and where each value comes from"
    )
    _add_settings_options(config)
    config.add_argument("--fail-on", choices=FAIL_LEVELS, default=None, help="lowest severity that fails")
    config.add_argument("--model", metavar="NAME|PATH", help="sentence encoder")
    config.add_argument(
        "--cache-dir", metavar="DIR", help=f"cache of embeddings and earlier results (default {DEFAULT_CACHE_DIR})"
    )
    config.add_argument("--max-bytes", type=int, metavar="N", help="refuse input files larger than this")
    config.add_argument(
        "--output-format", "-o", default="toml", choices=["toml", "json"], help="how to print it (default toml)"
    )

    report = commands.add_parser("report", help="print the human report of a corpus")
    _add_input_options(report)
    _add_view_options(report, formats=("full", "html"))
    _add_model_options(report)

    diff = commands.add_parser(
        "diff", help="show what drifted from document A to document B; exit 1 when a finding is an error"
    )
    diff.add_argument("ref", metavar="A", help="reference document")
    diff.add_argument("var", metavar="B", help="the version to compare with it")
    _add_view_options(diff, formats=("full", "html", "json"))
    _add_model_options(diff)

    align = commands.add_parser("align", help="align the sentences of two documents")
    align.add_argument("ref", metavar="A", help="reference document")
    align.add_argument("var", metavar="B", help="variant document")
    align.add_argument("--presegmented", action="store_true", help="each input line is one sentence (blank lines too)")
    align.add_argument("--output-format", "-o", default="text", choices=["text", "json"])
    _add_model_options(align)

    pairs = commands.add_parser(
        "pairs", help="score sentence pairs of a dataset: JSONL lines {id, a, b} in, {id, score, label, findings} out"
    )
    pairs.add_argument("path", metavar="FILE", help="a JSONL file, or - for stdin")
    pairs.add_argument("--output", metavar="FILE", help="write the scored lines to FILE instead of stdout")
    pairs.add_argument(
        "--batch-size", type=int, default=32, metavar="N", help="pairs embedded and written together (32)"
    )
    pairs.add_argument("--quiet", "-q", action="store_true", help="no progress bar, no summary on stderr")
    _add_progress_option(pairs)
    pairs.add_argument("--exit-zero", action="store_true", help="exit 0 even when a pair is labelled drift")
    _add_model_options(pairs)

    rules = commands.add_parser("rules", help="list the rules: code, name, category, default severity")
    rules.add_argument("--output-format", "-o", default="text", choices=["text", "json"])
    rule = commands.add_parser("rule", help="explain one rule")
    rule.add_argument("code", metavar="CODE", help="a rule code, e.g. DR201")
    for command in (check, config, report, diff, align, pairs, rules, rule):  # also after the command's name
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def _cache_dir(args: argparse.Namespace) -> Path | None:
    """The cache folder of this run (None with ``--no-cache``): ``check`` resolved it with the rest of its
    settings; the other commands resolve ``--cache-dir`` and ``DRIFT_CACHE_DIR`` here, the same way."""
    from drift.settings import resolve_cache_dir

    if args.no_cache:
        return None
    if args.command == "check":
        return Path(args.cache_dir)
    return Path(resolve_cache_dir(args.cache_dir, Path.cwd(), os.environ)[0])


def _encoder(args: argparse.Namespace) -> Encoder:
    from drift.encoders import load_default

    return load_default(args.model, backend=args.backend, device=args.device, cache_dir=_cache_dir(args))


def _results(args: argparse.Namespace) -> ResultCache:
    """Grouping, alignments and findings of earlier runs, beside the embeddings (nothing with ``--no-cache``)."""
    from drift.results import open_results

    return open_results(_cache_dir(args))


def _multilingual(args: argparse.Namespace) -> Encoder | None:
    """The encoder for texts the default one cannot read (``drift.encoders.load_multilingual``)."""
    from drift.encoders import load_multilingual

    return load_multilingual(args.model, cache_dir=_cache_dir(args))


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


def _progress(args: argparse.Namespace, stream: TextIO) -> tuple[Progress, Callable[[], None]]:
    """A rich progress bar on a terminal's stderr, lines under CI or with ``--progress lines``; else nothing."""
    mode = getattr(args, "progress", "auto")
    if mode == "auto":
        on_ci = os.environ.get("CI", "").lower() in ("true", "1")
        mode = "bar" if stream.isatty() else "lines" if on_ci else "none"
    if args.quiet or mode == "none":
        return (lambda stage, done, total: None), (lambda: None)
    if mode == "lines":
        return _progress_lines(stream), (lambda: None)
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


def _run_pipeline(args: argparse.Namespace, encoder: Encoder, options: RunOptions, stderr: TextIO) -> Report:
    """``pipeline.run`` over ``args.paths`` with the progress bar and the result cache the arguments ask for."""
    from drift.pipeline import run

    progress, stop = _progress(args, stderr)
    results = _results(args)
    try:
        report = run(
            args.paths,
            encoder,
            options,
            stdin=sys.stdin.buffer if "-" in args.paths else None,
            progress=progress,
            results=results,
        )
    finally:
        stop()
        _cache_warnings(stderr, encoder, options.multilingual, results)
    if not args.quiet:
        for note in report.notes:
            print(f"drift: warning: {note}", file=stderr)
    return report


def _cache_warnings(stderr: TextIO, *users: object) -> None:
    """One line per cache file the run had to go on without (the library keeps the reason, the CLI says it)."""
    from drift.results import Store

    said: set[str] = set()
    for user in users:
        store = user if isinstance(user, Store) else getattr(user, "cache", None)
        if isinstance(store, Store) and store.problem and store.problem not in said:
            said.add(store.problem)
            print(f"drift: warning: {store.problem}", file=stderr)


def _run_options(args: argparse.Namespace, **configured: Any) -> RunOptions:
    """What ``check`` and ``report`` ask of a run: the input options, and what ``check`` configures."""
    from drift.ingest import DEFAULT_MAX_BYTES
    from drift.pipeline import DEFAULT_MAX_SENTENCES, RunOptions

    return RunOptions(
        reference=args.reference,
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
        max_sentences=args.max_sentences or DEFAULT_MAX_SENTENCES,
        max_versions=args.max_versions,
        multilingual=_multilingual(args),
        **configured,
    )


def _checked(args: argparse.Namespace, encoder: Encoder, options: RunOptions, stderr: TextIO) -> Report:
    """The pipeline over ``args.paths``; a run that checked nothing is refused (exit 2), bad inputs are noted."""
    from drift.statuses import require_checked, unreadable

    report = _run_pipeline(args, encoder, options, stderr)
    try:
        checked = require_checked(report, args.paths, scoped=options.report_only is not None)
    except NothingCheckedError as error:
        for problem in error.problems:
            print(f"drift: {problem}", file=stderr)
        raise
    if not checked:
        if not args.quiet:  # a change that touched no document of the corpus: nothing to report, rightly
            print(f"drift: no document changed since {args.changed_since}; nothing to report", file=stderr)
        return report
    for problem in unreadable(report):
        print(f"drift: {problem}", file=stderr)
    if not args.quiet and report.ignored_paths:
        print(f"drift: ignored {len(report.ignored_paths)} file(s) with unsupported extensions", file=stderr)
    if not args.quiet and report.excluded_paths:
        print(f"drift: excluded {len(report.excluded_paths)} path(s) matching exclude patterns", file=stderr)
    return report


def _write(text: str, args: argparse.Namespace, stdout: TextIO) -> None:
    if getattr(args, "output", None):
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        stdout.write(text)


def _settings(args: argparse.Namespace) -> Settings:
    """The command line's settings over the config file's (``drift.settings`` resolves them)."""
    from drift.settings import load_settings

    overrides = {
        key: getattr(args, key.replace("-", "_"), None)
        for key in ("select", "ignore", "severity", "exclude", "fail-on", "model", "cache-dir", "max-bytes")
    }
    if args.command == "check":
        overrides["output-format"] = args.output_format
    return load_settings(overrides, Path.cwd(), os.environ, config=args.config)


def _command_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from drift.baseline import apply_baseline, load_baseline, write_baseline
    from drift.changes import changed_files
    from drift.errors import UsageError

    settings = _settings(args)
    # what can fail without the model fails before it loads
    baseline = load_baseline(args.baseline) if args.baseline else None
    for option, target in (("--write-baseline", args.write_baseline), ("--output", args.output)):
        if target and not Path(target).absolute().parent.is_dir():
            raise UsageError(f"{option} {target}: cannot write (no such directory)")
    report_only = changed_files(args.changed_since, Path.cwd()) if args.changed_since else None
    args.model, args.cache_dir, args.max_bytes = settings.model, settings.cache_dir, settings.max_bytes
    encoder = _encoder(args)
    options = _run_options(
        args,
        selection=settings.selection,
        exclude=settings.path_filter,
        context=tuple(args.corpus),
        report_only=report_only,
    )
    report = _checked(args, encoder, options, stderr)
    if args.write_baseline:
        baseline = write_baseline(report, args.write_baseline)
        if not args.quiet:
            print(f"drift: wrote {len(baseline.entries)} finding(s) to {args.write_baseline}", file=stderr)
    if baseline is not None:
        report, stale = apply_baseline(report, baseline)
        if stale and not args.quiet:
            print(
                f"drift: {len(stale)} baseline entr{'y' if len(stale) == 1 else 'ies'} in {baseline.path} no "
                f"longer found (fixed?); refresh it with --write-baseline {baseline.path}",
                file=stderr,
            )
    text = _render_check(report, settings, args, stdout, stderr)
    try:
        _write(text, args, stdout)
    except OSError as error:
        raise UsageError(f"--output {args.output}: cannot write ({error.strerror or error})") from None
    failing = any(finding.severity >= settings.fail_on for finding in report.findings)
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def _render_check(report: Report, settings: Settings, args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> str:
    """``check`` output in the configured format; with ``github``, the full list goes to the job summary."""
    from drift.report.ci import RENDERERS, STEP_SUMMARY_LIMIT, render_github, render_markdown

    if settings.output_format == "full":
        return _render_terminal(report, stdout, show_all=False, args=args)  # args: to a file, no terminal
    if settings.output_format != "github":
        return RENDERERS[settings.output_format](report, settings.fail_on)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        try:
            room = STEP_SUMMARY_LIMIT - (os.path.getsize(summary_path) if os.path.exists(summary_path) else 0)
            with open(summary_path, "a", encoding="utf-8") as handle:
                handle.write(render_markdown(report, settings.fail_on, limit=max(room, 0)))
        except OSError as error:
            print(f"drift: cannot write the job summary to {summary_path} ({error.strerror})", file=stderr)
            summary_path = None
    return render_github(report, settings.fail_on, step_summary=bool(summary_path))


def _command_config(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Print the settings ``check`` would use here, each with where it comes from."""
    from drift.settings import format_settings

    stdout.write(format_settings(_settings(args), args.output_format))
    return EXIT_CLEAN


def _terminal(args: argparse.Namespace | None, stdout: TextIO) -> Terminal:
    """Width, colour and pager for this run: the one place the CLI hands the environment over."""
    from drift.report.console import detect_terminal

    to_file = bool(getattr(args, "output", None))
    return detect_terminal(
        None if to_file else stdout,
        os.environ,
        color=getattr(args, "color", "auto"),
        width=getattr(args, "width", None),
        page=not getattr(args, "no_pager", True),
    )


def _view_options(args: argparse.Namespace | None, *, show_all: bool = False) -> ViewOptions:
    from drift.report.terminal import ViewOptions

    return ViewOptions(
        show_all=getattr(args, "all", show_all),
        context=getattr(args, "context", 0),
        inline=True if getattr(args, "inline", False) else None,
        title=f"drift {getattr(args, 'command', None) or 'report'}",
    )


def _render_terminal(
    report: Report, stdout: TextIO, *, show_all: bool = False, args: argparse.Namespace | None = None
) -> str:
    """The ``full`` format: the human report, sized and coloured for where it goes."""
    from drift.report.terminal import render_text

    return render_text(report, _terminal(args, stdout).console(), _view_options(args, show_all=show_all))


def _render_html(report: Report, args: argparse.Namespace | None = None) -> str:
    """The ``html`` format: the same report as a self-contained page."""
    from drift.report.html import HTML_WIDTH, render_html

    options = _view_options(args)
    width = getattr(args, "width", None) or HTML_WIDTH
    return render_html(report, options, width=width, title=options.title)


def _show(report: Report, args: argparse.Namespace, stdout: TextIO) -> None:
    """Render in the chosen format to ``--output`` or stdout, through a pager on a terminal."""
    if args.output_format == "json":
        from drift.report.machine import render_json

        _write(render_json(report), args, stdout)
    elif args.output_format == "html":
        _write(_render_html(report, args), args, stdout)
    elif args.output:
        _write(_render_terminal(report, stdout, args=args), args, stdout)
    else:
        from drift.report.console import page_or_write
        from drift.report.terminal import render_text

        terminal = _terminal(args, stdout)
        text = render_text(report, terminal.console(), _view_options(args))
        page_or_write(text, terminal, stdout, os.environ)


def _command_report(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    encoder = _encoder(args)
    _show(_checked(args, encoder, _run_options(args), stderr), args, stdout)
    return EXIT_CLEAN


def _command_diff(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Exit 1 when a finding is an error, as ``check`` does with its default ``--fail-on``."""
    from drift.pipeline import compare_documents
    from drift.records import Severity

    report = compare_documents(args.ref, args.var, _encoder(args), multilingual=_multilingual(args))
    _show(report, args, stdout)
    failing = any(finding.severity >= Severity.ERROR for finding in report.findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _command_align(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from drift.pipeline import align_two
    from drift.report.machine import render_alignment

    encoder, multilingual = _encoder(args), _multilingual(args)
    pair = align_two(args.ref, args.var, encoder, presegmented=args.presegmented, multilingual=multilingual)
    model = pair.model.encoder.signature
    stdout.write(render_alignment(pair.ref, pair.var, pair.alignment, args.output_format, model=model))
    return EXIT_CLEAN


def _command_pairs(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Score the file's pairs batch by batch (``drift.pairs.score_batches``), writing each batch as it comes."""
    from drift.pairmodel import load_pair_model
    from drift.pairs import PairsSummary, decode_lines, line_record, read_pairs, score_batches
    from drift.report.machine import json_line

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    from_stdin = args.path == "-"
    if not from_stdin and not Path(args.path).is_file():
        raise InputError(f"{args.path}: no such file")
    encoder = _encoder(args)
    progress, stop = _progress(args, stderr)
    summary = PairsSummary()
    try:
        with contextlib.ExitStack() as stack:
            target = stack.enter_context(Path(args.output).open("w", encoding="utf-8")) if args.output else stdout
            total = 0 if from_stdin else _line_count(args.path)  # for the progress bar
            source = sys.stdin.buffer if from_stdin else stack.enter_context(open(args.path, "rb"))
            items = read_pairs(decode_lines(source))
            done = 0
            for batch in score_batches(items, encoder, batch_size=args.batch_size, judge=load_pair_model()):
                for item, outcome in batch:
                    summary.count(outcome)
                    target.write(json_line(line_record(item, outcome)) + "\n")
                target.flush()  # streamed: a long run shows its results as they come
                done = max([done, *(item.line for item, _ in batch)])
                progress("pairs", done, max(total, done))
    finally:
        stop()
        _cache_warnings(stderr, encoder)
    for line, pair_id, error in summary.problems:
        print(f"drift: {args.path}:{line}: {error}" + (f" (id {pair_id})" if pair_id else ""), file=stderr)
    if not args.quiet:
        print(
            f"drift: {summary.scored} pairs scored: {summary.drift} drift, {summary.scored - summary.drift} same; "
            f"{len(summary.problems)} malformed line(s)",
            file=stderr,
        )
    if summary.scored == 0:
        raise NothingCheckedError(f"{args.path}: no pair could be scored (nothing was checked)")
    return EXIT_FINDINGS if summary.drift and not args.exit_zero else EXIT_CLEAN


def _line_count(path: str) -> int:
    with open(path, "rb") as stream:
        return sum(1 for _ in stream)


def _command_rules(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from drift.rules import RULES

    if args.output_format == "json":
        import json

        listing = [
            {"code": r.code, "name": r.name, "category": r.category.value, "severity": r.severity.value,
             "summary": r.summary()}
            for r in RULES
        ]  # fmt: skip
        stdout.write(json.dumps(listing, indent=2) + "\n")
        return EXIT_CLEAN
    width = max(len(r.name) for r in RULES)
    for r in RULES:
        stdout.write(f"{r.code}  {r.name:<{width}}  {r.category.value:<11}  {r.severity.value:<7}  {r.summary()}\n")
    return EXIT_CLEAN


def _command_rule(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from drift.rules import RULE_BY_CODE

    rule = RULE_BY_CODE.get(args.code.upper())
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r}; `drift rules` lists them")
    stdout.write(f"{rule.code} {rule.name} ({rule.category.value}, default severity {rule.severity.value})\n\n")
    stdout.write(rule.explanation() + "\n")
    return EXIT_CLEAN


_COMMANDS = {
    "pairs": _command_pairs,
    "rules": _command_rules,
    "rule": _command_rule,
    "check": _command_check,
    "report": _command_report,
    "diff": _command_diff,
    "align": _command_align,
    "config": _command_config,
}


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
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
    except Exception as error:  # a bug in drift: never exit 1, which CI reads as findings
        if args.debug:
            traceback.print_exc(file=stderr)
        print(
            f"drift: internal error: {describe(error)} (run with --debug for the traceback, please report it)",
            file=stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
