"""The command line's grammar: every command of ``drift`` and its options, with their help.

``drift.cli`` runs what is parsed here. Nothing heavy is imported: ``drift --help``
must answer at once.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from drift.version import __version__


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
    engine = check.add_argument_group("engine")
    engine.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="where the stages run: in this process (local, the default) or on Ray Data "
        "(ray; pip install 'drift[ray]')",
    )
    engine.add_argument(
        "--ray-address",
        metavar="ADDR",
        help="with --engine ray, the Ray cluster to run on (ray://HOST:10001, HOST:6379 or auto; "
        "default: start a Ray instance on this machine)",
    )

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
