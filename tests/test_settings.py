"""Settings: config files found upward, command line over file over defaults, clear errors, ``drift config``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import drift.rules
from drift.cli import main
from drift.errors import ConfigError
from drift.ingest import DEFAULT_MAX_BYTES, PathFilter
from drift.records import Category, Severity
from drift.rules import RULE_BY_CODE, Rule
from drift.settings import CACHE_DIR_VARIABLE, Settings, find_config, format_settings, load_settings


def _repo(tmp_path: Path) -> Path:
    """A work tree root: the config search stops here."""
    (tmp_path / ".git").mkdir(parents=True)
    return tmp_path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _load(cwd: Path, cli: dict[str, object] | None = None, environ: dict[str, str] | None = None, **kwargs):
    return load_settings(cli or {}, cwd, environ or {}, **kwargs)


def test_defaults_without_a_config_file(tmp_path):
    settings = _load(_repo(tmp_path))
    assert settings == Settings(root=str(tmp_path), sources={})
    assert settings.config_file is None
    assert settings.fail_on is Severity.ERROR and settings.output_format == "full"
    assert settings.max_bytes == DEFAULT_MAX_BYTES and settings.cache_dir == ".drift_cache"
    assert all(settings.source(key) == "default" for key in ("select", "fail-on", "cache-dir"))
    assert settings.selection.enabled("DR801")


def test_pyproject_tool_drift_table_is_read(tmp_path):
    root = _repo(tmp_path)
    _write(
        root / "pyproject.toml",
        """
[project]
name = "corpus"

[tool.drift]
select = ["DR2", "DR6"]
ignore = ["DR601"]
fail-on = "warning"
output-format = "sarif"
model = "use-multilingual-v3"
cache-dir = "build/cache"
max-bytes = 1000
exclude = ["drafts/"]

[tool.drift.severity]
DR801 = "warning"
""",
    )
    settings = _load(root)
    assert settings.config_file == str(root / "pyproject.toml")
    assert settings.select == ("DR2", "DR6") and settings.ignore == ("DR601",)
    assert settings.severity == {"DR801": Severity.WARNING}
    assert settings.fail_on is Severity.WARNING and settings.output_format == "sarif"
    assert settings.model == "use-multilingual-v3" and settings.max_bytes == 1000
    assert settings.cache_dir == str(root / "build" / "cache")  # relative to the file
    assert settings.exclude == ("drafts/",) and settings.root == str(root)
    assert settings.source("select") == "pyproject.toml [tool.drift]"
    assert settings.source("severity.DR801") == "pyproject.toml [tool.drift]"
    selection = settings.selection
    assert selection.enabled("DR201") and not selection.enabled("DR801")
    assert selection.severity_for("DR801", Severity.INFO) is Severity.WARNING


def test_precedence_command_line_over_drift_toml_over_pyproject_over_defaults(tmp_path):
    root = _repo(tmp_path)
    _write(root / "pyproject.toml", '[tool.drift]\nfail-on = "info"\nmodel = "from-pyproject"\nmax-bytes = 5\n')
    _write(root / "drift.toml", 'fail-on = "warning"\noutput-format = "concise"\n')
    settings = _load(root)
    assert settings.config_file == str(root / "drift.toml")  # drift.toml wins in the same directory...
    assert settings.fail_on is Severity.WARNING and settings.output_format == "concise"
    assert settings.model is None and settings.max_bytes == DEFAULT_MAX_BYTES  # ...whole: pyproject is not read
    assert settings.source("fail-on") == "drift.toml" and settings.source("model") == "default"

    cli = _load(root, {"fail-on": "error", "output-format": None, "max-bytes": 7})
    assert cli.fail_on is Severity.ERROR and cli.source("fail-on") == "command line"
    assert cli.output_format == "concise" and cli.source("output-format") == "drift.toml"  # not given: file
    assert cli.max_bytes == 7

    (root / "drift.toml").unlink()
    from_pyproject = _load(root)
    assert from_pyproject.fail_on is Severity.INFO and from_pyproject.model == "from-pyproject"
    assert from_pyproject.source("fail-on") == "pyproject.toml [tool.drift]"


def test_config_is_searched_upward_and_stops_at_the_work_tree_root(tmp_path):
    outside = tmp_path
    _write(outside / "drift.toml", 'fail-on = "info"\n')
    root = _repo(outside / "repo")
    deep = root / "data" / "2024"
    deep.mkdir(parents=True)
    assert find_config(deep) is None  # the file above the repository is not this repository's
    _write(root / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.drift]: passed over
    assert find_config(deep) is None
    _write(root / "data" / "drift.toml", 'fail-on = "warning"\n')
    assert find_config(deep) == root / "data" / "drift.toml"
    assert _load(deep).fail_on is Severity.WARNING


def test_explicit_config_file(tmp_path):
    root = _repo(tmp_path)
    _write(root / "drift.toml", 'fail-on = "warning"\n')
    other = _write(root / "ci" / "strict.toml", 'fail-on = "info"\n')
    assert _load(root, config="ci/strict.toml").fail_on is Severity.INFO
    pyproject = _write(root / "sub" / "pyproject.toml", '[tool.drift]\nfail-on = "info"\n')
    assert _load(root, config=str(pyproject)).config_file == str(pyproject)
    with pytest.raises(ConfigError, match="no such config file"):
        _load(root, config="missing.toml")
    bare = _write(root / "bare" / "pyproject.toml", "[project]\n")
    with pytest.raises(ConfigError, match=r"no \[tool.drift\] table"):
        _load(root, config=str(bare))
    assert other.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selec = ["DR1"]\n', r"drift.toml: selec: unknown key; did you mean 'select'\?"),
        ('colour = "red"\n', r"drift.toml: colour: unknown key; known keys: select, ignore"),
        ('select = ["DR9"]\n', r"drift.toml: select: unknown rule code or prefix 'DR9'"),
        ('ignore = ["XX1"]\n', r"drift.toml: ignore: unknown rule code or prefix 'XX1'"),
        ('[severity]\nDR999 = "error"\n', r"drift.toml: severity.DR999: unknown rule code or prefix 'DR999'"),
        ('[severity]\nDR801 = "fatal"\n', r"drift.toml: severity.DR801: must be one of error, warning, info"),
        ('severity = "error"\n', r"drift.toml: severity: must be a table"),
        ('select = "DR1"\n', r"drift.toml: select: must be a list of strings, got a string"),
        ('fail-on = "fatal"\n', r"drift.toml: fail-on: must be one of error, warning, info, got \"fatal\""),
        ('output-format = "yaml"\n', r"drift.toml: output-format: must be one of full, concise, json"),
        ("max-bytes = -1\n", r"drift.toml: max-bytes: must be a positive number of bytes, got -1"),
        ("max-bytes = true\n", r"drift.toml: max-bytes: must be a positive number"),
        ('model = ""\n', r"drift.toml: model: must be a non-empty string"),
        ("select = [\n", r"drift.toml: invalid TOML"),
    ],
)
def test_bad_config_is_a_one_line_error_naming_file_and_key(tmp_path, text, message):
    root = _repo(tmp_path)
    _write(root / "drift.toml", text)
    with pytest.raises(ConfigError, match=message) as raised:
        _load(root)
    assert "\n" not in str(raised.value)


def test_bad_pyproject_names_its_table(tmp_path):
    root = _repo(tmp_path)
    _write(root / "pyproject.toml", '[tool.drift]\nfail_on = "info"\n')
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.drift\]: fail_on: unknown key; did you mean"):
        _load(root)


def test_bad_command_line_values_name_the_option(tmp_path):
    root = _repo(tmp_path)
    with pytest.raises(ConfigError, match=r"command line: --select: unknown rule code or prefix 'DR9'"):
        _load(root, {"select": ["DR1,DR9"]})
    with pytest.raises(ConfigError, match=r"command line: --severity: expected CODE=LEVEL"):
        _load(root, {"severity": ["DR801"]})
    with pytest.raises(ConfigError, match=r"command line: --severity.DR801: must be one of"):
        _load(root, {"severity": ["DR801=loud"]})


def test_rule_selection_layers_as_ruff_does(tmp_path):
    root = _repo(tmp_path)
    _write(root / "drift.toml", 'select = ["DR6", "DR7", "DR8"]\nignore = ["DR801"]\n')
    # a lone --ignore narrows the file's selection, comma-separated and repeatable, codes case-folded
    narrowed = _load(root, {"ignore": ["dr601, DR701", "DR801"]})
    assert narrowed.select == ("DR6", "DR7", "DR8")
    assert narrowed.ignore == ("DR801", "DR601", "DR701")
    assert narrowed.source("ignore") == "drift.toml + command line"
    assert not narrowed.selection.enabled("DR601") and narrowed.selection.enabled("DR802")
    # --select starts afresh: the file's ignore no longer applies
    fresh = _load(root, {"select": ["DR801"]})
    assert fresh.select == ("DR801",) and fresh.ignore == ()
    assert fresh.selection.enabled("DR801") and not fresh.selection.enabled("DR802")


def test_severity_overrides_merge_per_code(tmp_path):
    root = _repo(tmp_path)
    _write(root / "drift.toml", '[severity]\nDR801 = "warning"\nDR6 = "error"\n')
    settings = _load(root, {"severity": ["DR801=error", "DR701=info"]})
    assert settings.severity == {"DR6": Severity.ERROR, "DR701": Severity.INFO, "DR801": Severity.ERROR}
    assert settings.source("severity.DR801") == "command line"
    assert settings.source("severity.DR6") == "drift.toml"
    assert settings.selection.severity_for("DR601", Severity.WARNING) is Severity.ERROR


def test_cache_dir_command_line_over_environment_over_file(tmp_path):
    root = _repo(tmp_path)
    _write(root / "drift.toml", 'cache-dir = "cache-from-file"\n')
    assert _load(root).cache_dir == str(root / "cache-from-file")
    environ = {CACHE_DIR_VARIABLE: "/var/cache/drift"}
    from_env = _load(root, environ=environ)
    assert from_env.cache_dir == "/var/cache/drift"
    assert from_env.source("cache-dir") == f"environment {CACHE_DIR_VARIABLE}"
    from_cli = _load(root, {"cache-dir": "/tmp/x"}, environ)
    assert from_cli.cache_dir == "/tmp/x" and from_cli.source("cache-dir") == "command line"


def test_new_rule_codes_are_accepted_as_soon_as_they_are_registered(tmp_path, monkeypatch):
    class Future(Rule):
        """A rule registered after drift.settings was imported."""

        code = "DR990"
        name = "future"
        category = Category.GARBLE
        severity = Severity.INFO

    root = _repo(tmp_path)
    _write(root / "drift.toml", 'select = ["DR99"]\n')
    with pytest.raises(ConfigError):
        _load(root)
    monkeypatch.setitem(RULE_BY_CODE, "DR990", Future)
    assert _load(root).select == ("DR99",)
    assert drift.rules.RULE_BY_CODE is RULE_BY_CODE


def test_exclude_patterns_match_relative_to_the_config_file(tmp_path):
    root = _repo(tmp_path)
    _write(root / "drift.toml", 'exclude = ["drafts/", "archive/*.txt", "*.html"]\n')
    matcher = _load(root).path_filter
    assert matcher(str(root / "data" / "drafts" / "a.txt"))  # a directory name: everything below it
    assert matcher(str(root / "data" / "drafts"))
    assert matcher(str(root / "archive" / "old.txt"))
    assert matcher(str(root / "x" / "archive" / "old.txt"))  # matched from the right, as pathlib does
    assert not matcher(str(root / "archive" / "old.jsonl"))
    assert matcher(str(root / "page.html"))
    assert not matcher(str(root / "data" / "a.txt"))
    # a pattern never matches a directory above the project
    above = PathFilter((tmp_path.parent.name,), str(root))
    assert not above(str(root / "data" / "a.txt"))


def test_exclude_skips_walked_and_named_files(tmp_path):
    from drift.ingest import read_corpus

    corpus = tmp_path / "corpus"
    _write(corpus / "keep.txt", "Kept text.")
    _write(corpus / "drafts" / "skip.txt", "Skipped text.")
    _write(corpus / "old.txt", "Old text.")
    matcher = PathFilter(("drafts", "old.txt"), str(tmp_path))
    read = read_corpus([str(corpus), str(corpus / "old.txt")], exclude=matcher)
    assert [document.id for document in read.documents] == [str(corpus / "keep.txt")]
    assert read.excluded == (str(corpus / "drafts"), str(corpus / "old.txt"), str(corpus / "old.txt"))
    named_dir = read_corpus([str(corpus / "drafts")], exclude=matcher)  # a directory named is always walked
    assert [document.id for document in named_dir.documents] == [str(corpus / "drafts" / "skip.txt")]


def test_format_settings_shows_every_key_and_its_source(tmp_path):
    root = _repo(tmp_path)
    _write(root / "drift.toml", 'select = ["DR2"]\n[severity]\nDR801 = "warning"\n')
    settings = _load(root, {"fail-on": "warning"})
    text = format_settings(settings)
    assert text.splitlines()[0] == f"# drift configuration: {root / 'drift.toml'}"
    lines = {line.split(" = ")[0]: line for line in text.splitlines() if " = " in line}
    assert set(lines) == {
        "select", "ignore", "fail-on", "output-format", "model", "cache-dir", "max-bytes", "exclude", "DR801"
    }  # fmt: skip
    assert lines["select"].startswith('select = ["DR2"]') and lines["select"].endswith("# drift.toml")
    assert lines["fail-on"].endswith("# command line") and lines["model"].endswith("# default")
    assert '"all-MiniLM-L6-v2"' in lines["model"]
    assert "[severity]" in text and lines["DR801"].endswith("# drift.toml")
    document = json.loads(format_settings(settings, "json"))
    assert document["config_file"] == str(root / "drift.toml")
    assert document["settings"]["select"] == ["DR2"] and document["settings"]["severity"] == {"DR801": "warning"}
    assert document["sources"]["fail-on"] == "command line" and document["sources"]["severity.DR801"] == "drift.toml"


def test_drift_config_command(tmp_path, monkeypatch):
    root = _repo(tmp_path)
    _write(root / "pyproject.toml", '[tool.drift]\nignore = ["DR8"]\n')
    monkeypatch.chdir(root)
    monkeypatch.delenv(CACHE_DIR_VARIABLE, raising=False)
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main(["config", "-o", "json", "--severity", "DR801=error"], stdout=stdout, stderr=stderr) == 0
    document = json.loads(stdout.getvalue())
    assert document["settings"]["ignore"] == ["DR8"]
    assert document["sources"]["ignore"] == "pyproject.toml [tool.drift]"
    assert document["settings"]["severity"] == {"DR801": "error"}
    stdout = io.StringIO()
    assert main(["config"], stdout=stdout, stderr=stderr) == 0
    assert 'ignore = ["DR8"]' in stdout.getvalue()
    _write(root / "drift.toml", "nonsense = 1\n")
    stderr = io.StringIO()
    assert main(["config"], stdout=io.StringIO(), stderr=stderr) == 2
    assert stderr.getvalue() == "drift: drift.toml: nonsense: unknown key; known keys: " + (
        "select, ignore, severity, fail-on, output-format, model, cache-dir, max-bytes, exclude\n"
    )


def test_the_readme_example_configuration_is_valid(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = next(block for block in readme.split("```toml\n")[1:] if block.startswith("[tool.drift]"))
    root = _repo(tmp_path)
    _write(root / "pyproject.toml", example.split("```")[0])
    settings = _load(root)
    assert settings.fail_on is Severity.WARNING and settings.severity == {"DR801": Severity.WARNING}
