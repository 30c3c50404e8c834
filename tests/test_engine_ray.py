"""The Ray engine (``drift check --engine ray``): the same report as the local engine, from a local Ray cluster.

One cluster for the module, as small as a CI machine: 2 CPUs, a pool of one actor, bound to 127.0.0.1.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from drift.cli import main
from drift.embed import MULTILINGUAL_MODEL, CachedEncoder, load_encoder
from drift.errors import EngineError
from drift.pipeline import RunOptions, run
from drift.records import Relation
from drift.report.machine import render_json
from tests.conftest import ROOT, SEEDS

ray = pytest.importorskip("ray")  # the extra: `make install` installs it, a plain `pip install drift` does not

from drift.engine_ray import ModelSpec, run_on_ray  # noqa: E402  (after the skip: importing it needs ray)

CORPORA = ROOT / "eval" / "corpora"

pytestmark = [pytest.mark.model, pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")]


@pytest.fixture(scope="module", autouse=True)
def cluster():
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        _node_ip_address="127.0.0.1",
        object_store_memory=200 * 1024**2,
        log_to_driver=False,
    )
    yield
    ray.shutdown()


def test_eval_corpora_report_is_the_local_one(real_encoder):
    """Every eval corpus in one run (a pool's actors take seconds to start): copies, spins, independent
    write-ups and translations aligned with the multilingual encoder, so both of an actor's encoders work.
    The seeds are compared through the command line, below."""
    inputs = sorted(str(path) for path in CORPORA.iterdir() if (path / "gold.json").is_file())
    multilingual = CachedEncoder(load_encoder(MULTILINGUAL_MODEL), None)  # no cache: vectors of this run
    local = run(inputs, real_encoder, RunOptions(multilingual=multilingual))
    remote = run_on_ray(inputs, ModelSpec(), actors=1)
    assert len(local.stories) > len(inputs) and multilingual.signature in local.signature.model
    assert len(local.findings) > 20 and {a.relation for a in local.alignments} == set(Relation)
    assert remote.stories == local.stories
    assert remote.alignments == local.alignments
    assert remote.findings == local.findings
    assert [(d.id, d.status, d.error) for d in remote.documents] == [(d.id, d.status, d.error) for d in local.documents]
    assert remote.signature == local.signature
    assert render_json(remote) == render_json(local)


def _check(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["check", *argv], stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_cli_engine_ray_prints_and_exits_as_local(model_cache_dir):
    """``drift check --engine ray seeds/``: the same report on stdout (stories, pairs, findings) and exit code."""
    local = _check(str(SEEDS), "--cache-dir", str(model_cache_dir))
    remote = _check(str(SEEDS), "--cache-dir", str(model_cache_dir), "--engine", "ray")
    assert remote[0] == local[0] == 1, remote[2]  # the seeds hold errors
    assert remote[1] == local[1] and "drift check" in remote[1]


def test_ray_address_without_the_ray_engine_is_a_usage_error():
    code, _, stderr = _check(str(SEEDS), "--ray-address", "auto")
    assert code == 2 and "--engine ray" in stderr


def test_without_ray_the_engine_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    monkeypatch.delitem(sys.modules, "drift.engine_ray")
    with pytest.raises(EngineError, match=r"pip install 'drift\[ray\]'"):
        import drift.engine_ray  # noqa: F401
    monkeypatch.delitem(sys.modules, "drift.engine_ray", raising=False)
    code, _, stderr = _check(str(SEEDS), "--engine", "ray", "--no-cache")
    assert code == 2
    assert stderr.strip().count("\n") == 0 and "pip install 'drift[ray]'" in stderr


def test_an_unreachable_cluster_is_one_line(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(ray, "is_initialized", lambda: False)  # as a process with no session open
    monkeypatch.setattr(ray, "init", _refuse)
    code, _, stderr = _check(str(SEEDS), "--engine", "ray", "--ray-address", "10.0.0.1:6379", "--no-cache")
    assert code == 2 and stderr.startswith("drift: cannot connect to the Ray cluster at 10.0.0.1:6379")


def _refuse(**kwargs: object) -> None:
    raise ConnectionError("could not reach the GCS")


def test_the_local_engine_never_imports_ray():
    probe = "import sys, drift, drift.cli, drift.pipeline, drift.api; print('ray' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
