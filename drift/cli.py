"""The ``drift`` command: parse arguments, run the library, render, return an exit code.

Exit codes (as ruff, sqlfluff and Vale use them): 0 when no finding reaches the
fail level, 1 when one does, 2 on a usage, configuration, input or model error
and when nothing at all could be checked.

The grammar (commands, options, help) is ``drift.arguments``; progress and
terminal questions are answered by ``drift.report.console``. Nothing heavy is
imported at module level: ``drift --help`` must answer at once, and torch is
loaded only when a command actually embeds sentences.
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

from drift.arguments import build_parser
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


def _progress(args: argparse.Namespace, stream: TextIO) -> tuple[Progress, Callable[[], None]]:
    """The progress ``--progress`` asks for on ``stream`` (``drift.report.console.progress_on``)."""
    from drift.report.console import progress_on

    return progress_on(stream, os.environ, mode=getattr(args, "progress", "auto"), quiet=args.quiet)


def _run_pipeline(args: argparse.Namespace, encoder: Encoder, options: RunOptions, stderr: TextIO) -> Report:
    """``pipeline.run`` over ``args.paths`` with the progress bar and the result cache the arguments ask for, or
    its Ray engine's twin with ``--engine ray`` (``drift.engine_ray``, imported only then)."""
    from drift.pipeline import run

    progress, stop = _progress(args, stderr)
    results = _results(args)
    stdin = sys.stdin.buffer if "-" in args.paths else None
    try:
        if getattr(args, "engine", "local") == "ray":
            from drift.engine_ray import ModelSpec, run_on_ray

            models = ModelSpec(args.model, backend=args.backend, device=args.device)
            report = run_on_ray(
                args.paths, models, options, address=args.ray_address, stdin=stdin, progress=progress, results=results
            )
        else:
            report = run(args.paths, encoder, options, stdin=stdin, progress=progress, results=results)
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
    if args.ray_address and args.engine != "ray":
        raise UsageError("--ray-address names the cluster of --engine ray; add --engine ray")
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
