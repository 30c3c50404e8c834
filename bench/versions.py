"""Many versions of one story: N one-line JSONL records of one template through ``drift.pipeline.run``.

    python bench/versions.py 1000 2000 5000 10000
    python bench/versions.py 250 500 1000 2000 --max-versions 100000   # every version compared

Issue 14's case ("Record number N says the council met on day N+1. The vote was N to N.", 10,000 records never
finished): prints the seconds to the end of each stage, with the bag-of-words test encoder so the figure is
drift's own work, not the model's. At most ``--max-versions`` versions of the story are compared (default
``GroupParams.max_versions``). A small run first pays the imports and the pair model's load, which no figure
includes. CPU seconds are printed beside wall seconds (the machine is shared), and the ratio per doubling of the
count between consecutive sizes: 2 is linear, 4 quadratic.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drift.pipeline import RunOptions, run
from tests.conftest import BagOfWordsEncoder

TEMPLATE = "Record number {n} says the council met on day {m}. The vote was {n} to {n}."


def measure(count: int, folder: Path, max_versions: int | None) -> tuple[float, float, str]:
    """Wall and CPU seconds of one run over ``count`` records, and a line saying where the time went."""
    path = folder / f"records-{count}.jsonl"
    path.write_text(
        "".join(json.dumps({"id": str(n), "text": TEMPLATE.format(n=n, m=n + 1)}) + "\n" for n in range(count))
    )
    began, cpu = time.monotonic(), time.process_time()
    ended: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if done >= total:
            ended[stage] = time.monotonic() - began

    report = run([str(path)], BagOfWordsEncoder(), RunOptions(max_versions=max_versions), progress=progress)
    wall, cpu = time.monotonic() - began, time.process_time() - cpu
    compared = max(len(story.documents) for story in report.stories)
    stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in ended.items())
    return wall, cpu, f"{count} records: {wall:.1f} s, cpu {cpu:.1f} s ({stages}); {compared} versions compared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("counts", nargs="*", type=int, default=[1000])
    parser.add_argument("--max-versions", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(20, Path(folder), args.max_versions)
        figures = []
        for count in args.counts:
            wall, cpu, line = measure(count, Path(folder), args.max_versions)
            figures.append((count, wall, cpu))
            print(line, flush=True)
    for (small, wall, cpu), (large, wall2, cpu2) in itertools.pairwise(figures):
        doublings = math.log2(large / small)
        print(
            f"{small} -> {large}: ratio per doubling {(wall2 / wall) ** (1 / doublings):.2f} wall, "
            f"{(cpu2 / cpu) ** (1 / doublings):.2f} cpu"
        )


if __name__ == "__main__":
    main()
