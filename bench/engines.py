"""The local engine against the Ray engine on one synthetic crawl (issue #13, part 5): wall time of each, the ratio.

    python bench/engines.py                 # a crawl of 1,000 articles (bench/crawl.py's generator, seed 0)
    python bench/engines.py 300 --actors 2

Both engines read the crawl's JSONL shards with an empty cache and load their models inside the time measured
(the local engine in this process, the Ray engine in each actor of its pools), so the figures compare what
`drift check` and `drift check --engine ray` cost from a cold start; starting the local Ray instance is timed
apart. The two reports must be the same JSON. Then the default encoder's rate on the crawl's sentences, and
the texts the model embedded per article: the two figures a cost estimate for a larger crawl multiplies.
"""

from __future__ import annotations

import argparse
import datetime
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from crawl import build_crawl, write_crawl

from bench import OtherLoad
from drift.encoders import load_encoders
from drift.pipeline import RunOptions, run
from drift.report.machine import render_json


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, nargs="?", default=1000, help="articles in the crawl (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the crawl (default 0)")
    parser.add_argument("--actors", type=int, default=None, help="actors per Ray pool (default: CPUs / 2)")
    args = parser.parse_args(argv)
    import ray

    from drift.engine_ray import ModelSpec, run_on_ray

    print(f"drift engines bench — {datetime.datetime.now().isoformat(timespec='seconds')}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="drift-engines-") as root:
        folder = Path(root) / f"crawl-{args.size}"
        write_crawl(build_crawl(args.size, args.seed, story_share=0.1, scraped_share=0.0), folder)
        inputs = [str(folder / "jsonl")]

        load = OtherLoad()  # Ray's workers are not this process's children: the load is read on the local run
        start = time.perf_counter()
        encoders = load_encoders()  # no cache folder: every text is embedded, and counted
        local = run(inputs, encoders.default, RunOptions(multilingual=encoders.multilingual))
        local_s = time.perf_counter() - start
        print(f"  other processes' load during the local run: {load.describe()}")

        start = time.perf_counter()
        ray.init(num_cpus=os.cpu_count(), include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False)
        ray_start_s = time.perf_counter() - start
        try:
            start = time.perf_counter()
            remote = run_on_ray(inputs, ModelSpec(), actors=args.actors)
            ray_s = time.perf_counter() - start
        finally:
            ray.shutdown()

        same = render_json(remote) == render_json(local)
        texts = [sentence.norm for article in local.articles.values() for sentence in article.sentences]
        embedded = sum(e.stats.misses for e in (encoders.default, encoders.multilingual) if e is not None)
        start = time.perf_counter()
        encoders.default.encode(texts[:2000])  # a fresh batch: `misses` counted already, the model is warm
        rate = min(len(texts), 2000) / (time.perf_counter() - start)

    print(f"  crawl: {len(local.documents):,} articles, {len(texts):,} sentences, {len(local.stories):,} stories")
    print(f"  local engine {local_s:.1f} s; ray engine {ray_s:.1f} s (+ {ray_start_s:.1f} s to start Ray)")
    print(f"  ray / local {ray_s / local_s:.2f}; same JSON report: {same}")
    print(f"  texts embedded by the models: {embedded:,} ({embedded / len(local.documents):.2f} per article)")
    print(f"  default encoder on this machine: {rate:,.0f} sentences/s (2,000 of the crawl's sentences)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
