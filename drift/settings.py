"""The configuration of ``drift check``: the command line over a config file over the defaults.

Like ruff, drift reads its configuration from the repository it checks: a
``drift.toml`` (keys at the top level) or the ``[tool.drift]`` table of a
``pyproject.toml``, the first one found from the current directory upward. The
search stops at the root of the git work tree (the directory holding ``.git``)
or of the filesystem; ``drift.toml`` wins over ``pyproject.toml`` in the same
directory, and a ``pyproject.toml`` without ``[tool.drift]`` is passed over.
``--config FILE`` names the file instead.

Keys are kebab-case: ``select``, ``ignore``, ``severity`` (a table of code or
prefix to level), ``fail-on``, ``output-format``, ``model``, ``cache-dir``,
``max-bytes``, ``exclude``. Paths in a file (``cache-dir``, ``exclude``, a
``model`` folder) are relative to the file's directory.

Precedence, key by key: the command line, then the ``DRIFT_CACHE_DIR``
environment variable (``cache-dir`` only), then the file, then the defaults.
Rule selection layers as ruff's does: ``--select`` replaces the file's
selection (its ``ignore`` included), while ``--ignore`` alone narrows it;
``--severity`` entries override the file's entry for the same code;
``--exclude`` adds to the file's patterns.

Every value keeps where it came from, so ``drift config`` can say why a rule
is off or a level is what it is. Anything unknown (a key, a rule code or
prefix, a level, a format) is a ``ConfigError`` naming the file and the key.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drift.errors import ConfigError
from drift.ingest import DEFAULT_MAX_BYTES, PathFilter
from drift.records import Severity

if TYPE_CHECKING:
    from drift.rules import RuleSelection

__all__ = [
    "CACHE_DIR_VARIABLE",
    "CONFIG_KEYS",
    "DEFAULT_CACHE_DIR",
    "OUTPUT_FORMATS",
    "Settings",
    "find_config",
    "format_settings",
    "load_settings",
    "resolve_cache_dir",
]

OUTPUT_FORMATS = ("full", "concise", "json", "json-lines", "github", "sarif", "junit", "markdown")
FAIL_LEVELS = tuple(severity.value for severity in reversed(Severity))  # error, warning, info
CONFIG_KEYS = (
    "select",
    "ignore",
    "severity",
    "fail-on",
    "output-format",
    "model",
    "cache-dir",
    "max-bytes",
    "exclude",
)
DEFAULT_CACHE_DIR = ".drift_cache"
CACHE_DIR_VARIABLE = "DRIFT_CACHE_DIR"

DEFAULT = "default"
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Settings:
    """The resolved configuration of a run, and where each value came from.

    ``sources`` maps each key (``severity.CODE`` for the entries of the
    severity table) to its origin: ``default``, ``command line``, the
    environment variable, or the config file.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    output_format: str = "full"
    model: str | None = None  # None: the default encoder
    cache_dir: str = DEFAULT_CACHE_DIR
    max_bytes: int = DEFAULT_MAX_BYTES
    exclude: tuple[str, ...] = ()
    config_file: str | None = None
    root: str = "."  # what ``exclude`` patterns are relative to: the config file's directory
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def selection(self) -> RuleSelection:
        from drift.rules import RuleSelection  # the rule set is imported only when it is used

        return RuleSelection(select=self.select, ignore=self.ignore, severity=dict(self.severity))

    @property
    def path_filter(self) -> PathFilter:
        return PathFilter(self.exclude, self.root)

    def source(self, key: str) -> str:
        return self.sources.get(key, DEFAULT)

    def values(self) -> dict[str, Any]:
        """Every key with its value, as a config file would spell it."""
        from drift.embed import DEFAULT_MODEL  # numpy only, no torch: fine for ``drift config``

        return {
            "select": list(self.select),
            "ignore": list(self.ignore),
            "severity": {code: level.value for code, level in sorted(self.severity.items())},
            "fail-on": self.fail_on.value,
            "output-format": self.output_format,
            "model": self.model or DEFAULT_MODEL,
            "cache-dir": self.cache_dir,
            "max-bytes": self.max_bytes,
            "exclude": list(self.exclude),
        }


# -- finding and reading the file --------------------------------------------------------------------


def find_config(cwd: Path) -> Path | None:
    """The nearest ``drift.toml``, or ``pyproject.toml`` with ``[tool.drift]``, from ``cwd`` upward."""
    for directory in (cwd, *cwd.parents):
        candidate = directory / "drift.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and "drift" in _parse(candidate).get("tool", {}):
            return candidate
        if (directory / ".git").exists():  # the top of the work tree: a config above it is not this repo's
            return None
    return None


def _parse(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None


def _table(path: Path, cwd: Path) -> tuple[dict[str, Any], str]:
    """The drift table of a config file, and how to name it in messages and ``drift config``."""
    document = _parse(path)
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        if not isinstance(tool, dict) or "drift" not in tool:
            raise ConfigError(f"{path}: no [tool.drift] table")
        table = tool["drift"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.drift] must be a table")
        return table, f"{_display(path, cwd)} [tool.drift]"
    return document, _display(path, cwd)


def _display(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


# -- validating values -------------------------------------------------------------------------------


class _Origin:
    """Where values come from, to name in error messages: a file (and table) or the command line."""

    def __init__(self, label: str, *, option_style: bool = False):
        self.label = label
        self.option_style = option_style

    def error(self, key: str, problem: str) -> ConfigError:
        where = f"--{key}" if self.option_style else key
        return ConfigError(f"{self.label}: {where}: {problem}")


def _strings(value: object, key: str, origin: _Origin) -> tuple[str, ...]:
    """A list of strings; each may hold several comma-separated items (as on the command line)."""
    if isinstance(value, str) and origin.option_style:
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise origin.error(key, f"must be a list of strings, got {_toml_type(value)}")
    return tuple(part.strip() for item in value for part in item.split(",") if part.strip())


def _codes(value: object, key: str, origin: _Origin) -> tuple[str, ...]:
    codes = tuple(code.upper() for code in _strings(value, key, origin))
    for code in codes:
        _check_code(code, key, origin)
    return codes


def _check_code(code: str, key: str, origin: _Origin) -> None:
    from drift.rules import RULE_BY_CODE  # read at each call: the registry grows

    if not any(known.startswith(code) for known in RULE_BY_CODE):
        hint = difflib.get_close_matches(code, list(RULE_BY_CODE), n=1)
        suggestion = f"; did you mean {hint[0]}?" if hint else "; `drift rules` lists them"
        raise origin.error(key, f"unknown rule code or prefix '{code}'{suggestion}")


def _level(value: object, key: str, origin: _Origin) -> Severity:
    if not isinstance(value, str) or value.lower() not in FAIL_LEVELS:
        raise origin.error(key, f"must be one of {', '.join(FAIL_LEVELS)}, got {_shown(value)}")
    return Severity(value.lower())


def _severities(value: object, key: str, origin: _Origin) -> dict[str, Severity]:
    """A ``severity`` table, or ``CODE=LEVEL`` strings from the command line."""
    if origin.option_style and isinstance(value, list | tuple):
        pairs: list[tuple[str, object]] = []
        for item in value:
            code, sep, name = str(item).partition("=")
            if not sep:
                raise origin.error(key, f"expected CODE=LEVEL (as DR801=warning), got {_shown(item)}")
            pairs.append((code.strip(), name.strip()))
    elif isinstance(value, dict):
        pairs = list(value.items())
    else:
        raise origin.error(key, f'must be a table of rule code to level (DR801 = "warning"), got {_toml_type(value)}')
    table: dict[str, Severity] = {}
    for code, given in pairs:
        entry = f"{key}.{code}"
        _check_code(code.upper(), entry, origin)
        table[code.upper()] = _level(given, entry, origin)
    return table


def _choice(value: object, key: str, origin: _Origin, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise origin.error(key, f"must be one of {', '.join(choices)}, got {_shown(value)}")
    return value


def _text(value: object, key: str, origin: _Origin) -> str:
    if not isinstance(value, str) or not value.strip():
        raise origin.error(key, f"must be a non-empty string, got {_shown(value)}")
    return value


def _positive(value: object, key: str, origin: _Origin) -> int:
    if isinstance(value, str) and origin.option_style and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise origin.error(key, f"must be a positive number of bytes, got {_shown(value)}")
    return value


def _toml_type(value: object) -> str:
    names = {str: "a string", int: "an integer", float: "a float", bool: "a boolean", dict: "a table"}
    return "a list" if isinstance(value, list) else names.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, dict) else "a table"


def _validated(raw: Mapping[str, object], origin: _Origin, base: Path) -> dict[str, Any]:
    """Check every key of one layer (a file, or the command line) and convert its values."""
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in CONFIG_KEYS:
            hint = difflib.get_close_matches(key, CONFIG_KEYS, n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else f"; known keys: {', '.join(CONFIG_KEYS)}"
            raise origin.error(key, f"unknown key{suggestion}")
        if value is None:  # an option not given on the command line
            continue
        if key in ("select", "ignore"):
            values[key] = _codes(value, key, origin)
        elif key == "severity":
            values[key] = _severities(value, key, origin)
        elif key == "fail-on":
            values[key] = _level(value, key, origin)
        elif key == "output-format":
            values[key] = _choice(value, key, origin, OUTPUT_FORMATS)
        elif key == "model":  # a name, or a local folder: relative to the file that names it
            name = _text(value, key, origin)
            values[key] = str(base / name) if name.startswith(".") or "/" in name or os.sep in name else name
        elif key == "cache-dir":
            values[key] = str(base / os.path.expanduser(_text(value, key, origin)))
        elif key == "max-bytes":
            values[key] = _positive(value, key, origin)
        else:  # exclude
            values[key] = _strings(value, key, origin)
    return values


# -- resolving ---------------------------------------------------------------------------------------


def load_settings(
    cli_overrides: Mapping[str, object],
    cwd: Path | str,
    environ: Mapping[str, str] | None = None,
    *,
    config: str | Path | None = None,
) -> Settings:
    """Resolve the settings of a run from the command line, the environment, a config file and defaults.

    ``cli_overrides`` holds the command line's values under the config keys
    (``None`` or absent: not given); lists may hold comma-separated items and
    ``severity`` may be ``CODE=LEVEL`` strings. ``config`` names the config file
    (``--config``); otherwise it is searched for from ``cwd`` upward.
    """
    cwd = Path(cwd).absolute()
    environ = os.environ if environ is None else environ
    path = (cwd / config) if config is not None else find_config(cwd)
    if path is not None:
        table, label = _table(path, cwd)
        from_file = _validated(table, _Origin(label), path.parent)
    else:
        label, from_file = DEFAULT, {}
    cli_raw = {key: value for key, value in cli_overrides.items() if key != "config"}
    from_cli = _validated(cli_raw, _Origin(COMMAND_LINE, option_style=True), cwd)

    values: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def take(key: str, *layers: tuple[dict[str, Any], str]) -> None:
        for layer, source in layers:
            if key in layer:
                values[key], sources[key] = layer[key], source
                return

    for key in ("fail-on", "output-format", "model", "max-bytes"):
        take(key, (from_cli, COMMAND_LINE), (from_file, label))
    given = cli_raw.get("cache-dir")  # valid when given (``from_cli`` checked it): resolved once, below
    in_file = (from_file["cache-dir"], label) if "cache-dir" in from_file else None
    values["cache-dir"], source = resolve_cache_dir(given if isinstance(given, str) else None, cwd, environ, in_file)
    if source != DEFAULT:
        sources["cache-dir"] = source

    # rule selection, layered as ruff's: a --select starts afresh, a lone --ignore narrows the file's
    if "select" in from_cli:
        values["select"], sources["select"] = from_cli["select"], COMMAND_LINE
        ignore_layers = [(from_cli, COMMAND_LINE)]
    else:
        take("select", (from_file, label))
        ignore_layers = [(from_file, label), (from_cli, COMMAND_LINE)]
    _merge_list("ignore", ignore_layers, values, sources)
    _merge_list("exclude", [(from_file, label), (from_cli, COMMAND_LINE)], values, sources)

    severity: dict[str, Severity] = {}
    for layer, source in ((from_file, label), (from_cli, COMMAND_LINE)):
        for code, level in layer.get("severity", {}).items():
            severity[code] = level
            sources[f"severity.{code}"] = source

    return Settings(
        select=values.get("select", ()),
        ignore=values.get("ignore", ()),
        severity=dict(sorted(severity.items())),
        fail_on=values.get("fail-on", Severity.ERROR),
        output_format=values.get("output-format", "full"),
        model=values.get("model"),
        cache_dir=values["cache-dir"],
        max_bytes=values.get("max-bytes", DEFAULT_MAX_BYTES),
        exclude=values.get("exclude", ()),
        config_file=str(path) if path is not None else None,
        root=str(path.parent) if path is not None else str(cwd),
        sources=sources,
    )


def resolve_cache_dir(
    command_line: str | None,
    cwd: Path,
    environ: Mapping[str, str],
    in_file: tuple[str, str] | None = None,
) -> tuple[str, str]:
    """The cache folder and where it comes from: ``--cache-dir``, then ``DRIFT_CACHE_DIR``, then the config
    file's ``cache-dir`` (``in_file``: its value, relative to the file already, and the file's label), then
    ``DEFAULT_CACHE_DIR``. A relative path given on the command line or in the environment is taken from
    ``cwd``; every command resolves its cache folder here (``check`` with the rest of its settings)."""
    if command_line:
        return str(cwd / os.path.expanduser(command_line)), COMMAND_LINE
    if environ.get(CACHE_DIR_VARIABLE):
        return str(cwd / environ[CACHE_DIR_VARIABLE]), f"environment {CACHE_DIR_VARIABLE}"
    if in_file is not None:
        return in_file
    return DEFAULT_CACHE_DIR, DEFAULT


def _merge_list(
    key: str, layers: Iterable[tuple[dict[str, Any], str]], values: dict[str, Any], sources: dict[str, str]
) -> None:
    merged: list[str] = []
    origins: list[str] = []
    for layer, source in layers:
        if key in layer:
            merged.extend(item for item in layer[key] if item not in merged)
            origins.append(source)
    if origins:
        values[key], sources[key] = tuple(merged), " + ".join(origins)


# -- showing -----------------------------------------------------------------------------------------


def format_settings(settings: Settings, output_format: str = "toml") -> str:
    """``drift config``: each key with its value and where it came from, as TOML or JSON."""
    values = settings.values()
    if output_format == "json":
        document = {
            "config_file": settings.config_file,
            "settings": values,
            "sources": {
                **{key: settings.source(key) for key in CONFIG_KEYS if key != "severity"},
                **{f"severity.{code}": settings.source(f"severity.{code}") for code in values["severity"]},
            },
        }
        return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    lines = [f"# drift configuration: {settings.config_file or 'no config file found (defaults)'}"]
    rows = [(f"{key} = {_toml(values[key])}", settings.source(key)) for key in CONFIG_KEYS if key != "severity"]
    severity_rows = [
        (f"{code} = {_toml(level)}", settings.source(f"severity.{code}")) for code, level in values["severity"].items()
    ]
    width = max(len(text) for text, _ in rows + severity_rows)
    lines.extend(f"{text:<{width}}  # {source}" for text, source in rows)
    lines.append("")
    lines.append("[severity]" + ("" if severity_rows else "  # every rule at its default level"))
    lines.extend(f"{text:<{width}}  # {source}" for text, source in severity_rows)
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
