"""Many versions of one story: N one-line JSONL records of one template through ``drift.pipeline.run``.

    python bench/versions.py 1000 10000

Issue 14's case ("Record number N says the council met on day N+1. The vote was N to N.", 10,000 records never
finished): prints the seconds to the end of each stage, with the bag-of-words test encoder so the figure is
drift's own work, not the model's. At most ``GroupParams.max_versions`` versions of the story are compared.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drift.pipeline import run
from tests.conftest import BagOfWordsEncoder

TEMPLATE = "Record number {n} says the council met on day {m}. The vote was {n} to {n}."


def measure(count: int, folder: Path) -> str:
    path = folder / f"records-{count}.jsonl"
    path.write_text(
        "".join(json.dumps({"id": str(n), "text": TEMPLATE.format(n=n, m=n + 1)}) + "\n" for n in range(count))
    )
    began = time.monotonic()
    ended: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if done >= total:
            ended[stage] = time.monotonic() - began

    report = run([str(path)], BagOfWordsEncoder(), progress=progress)
    compared = max(len(story.documents) for story in report.stories)
    stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in ended.items())
    return f"{count} records: {time.monotonic() - began:.1f} s ({stages}); {compared} versions compared"


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        for count in map(int, sys.argv[1:] or ["1000"]):
            print(measure(count, Path(folder)), flush=True)
