"""Speed and memory of drift over one corpus, every figure from one process so ratios are fair.

    python bench/bench.py seeds/
    python bench/bench.py seeds/ eval/corpora --repeat-corpus 20

What it measures, in this order. The models ``drift check`` would use (``--model``, or the
default plus the multilingual encoder the CLI adds for other languages) are loaded
first, outside every timing.

1. A first run of ``drift.pipeline.run`` with an empty embedding cache in a temp
   folder: end-to-end sentences per second, time per stage (from the ``progress``
   callback; grouping timed by wrapping ``group_stories``), and the time spent
   inside the model during the run, per stage.
2. The raw model (``SentenceTransformerEncoder.encode``, and the multilingual
   one's) on the very texts it was asked to embed during that run, in one call
   (every k-th text beyond ``--raw-sample``, the time scaled up).
3. Overhead: (end-to-end − time inside the model) / time inside the model, and
   end-to-end / raw model. Goal: everything that is not the encoder adds at most
   25% to the encoder's time. The pipeline embeds more than the sentences
   (joined spans for N:M alignment, quotes for detection); their count is shown.
4. With ``--steady-run``, a first run again with another empty cache but warm
   libraries, which separates the one-time import cost of lazily loaded
   libraries from the per-corpus overhead.
5. A second run over the unchanged corpus with the warm caches (embeddings and
   results, ``drift.results``), in this process (no model load to pay in either
   run); again with the embedding cache alone; and as ``drift check`` in fresh
   subprocesses (Python start-up and imports included; torch must not be
   imported when nothing needs embedding, which is checked with
   ``PYTHONPROFILEIMPORTTIME``). Goal: at least 20× faster than the first run,
   compared like with like: in process with in process, and a warm ``drift
   check`` with a cold one (``--cli-first-run``).
6. Peak resident memory of this process and of the subprocesses.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
from _corpus import build_repeated_corpus

from drift import pipeline
from drift.embed import MULTILINGUAL_MODEL, CachedEncoder, EmbeddingCache, Encoder, load_encoder
from drift.errors import DriftError
from drift.language import detect_language, function_words
from drift.pipeline import RunOptions
from drift.records import Report
from drift.results import ResultCache

STAGES = ("read", "segment", "embed", "group", "align", "detect")
STAGE_NOTES = {
    "read": "ingest",
    "segment": "clean + segment",
    "embed": "sentence vectors (cache + model)",
    "group": "candidates + verification",
    "align": "N:M alignment per edge",
    "detect": "rules",
    "rest": "report assembly",
}
OVERHEAD_GOAL = 0.25
SPEEDUP_GOAL = 20.0

# Loads the model and warms its kernels before anything is timed; sent to the model directly, so
# they touch no cache.
_WARM_UP = [
    "The committee met on Tuesday to discuss the budget for the coming year.",
    "Heavy rain is expected across the northern regions over the weekend.",
    "Shares in the company rose by four percent after the announcement.",
    "She said the decision had been taken after months of careful consultation with residents.",
] * 16


# -- instrumentation ---------------------------------------------------------------------------------


class StageClock:
    """The ``progress`` callback of ``run``: remembers when each stage last reported.

    Stages report when they finish (``align`` once per edge), so the stage under
    way is the first one that has not finished yet; ``group`` is reported by the
    wrapper around ``group_stories`` (see ``instrument_group``).
    """

    def __init__(self, label: str = "") -> None:
        self.label = label
        self.start = time.perf_counter()
        self.ends: dict[str, float] = {}
        self.group_seconds: float | None = None
        self.edges: int | None = None
        self.model_texts: Callable[[], int] = lambda: 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if done >= total:  # align reports after every edge; it is over after the last one
            self.ends[stage] = time.perf_counter()
        if self.label and (done >= total or done % max(1, total // 10) == 0):
            self.tell(f"{stage} {done}/{total}")

    def tell(self, what: str) -> None:
        """A line on stderr, so a long run shows where it is (stdout keeps only the results)."""
        elapsed = time.perf_counter() - self.start
        print(
            f"  [{self.label}] {elapsed:7.1f} s  {what} ({self.model_texts():,} texts embedded so far)",
            file=sys.stderr,
            flush=True,
        )

    @property
    def current(self) -> str:
        for stage in STAGES:
            if stage == "align" and self.edges == 0:
                continue
            if stage not in self.ends:
                return stage
        return "rest"

    def durations(self, end: float) -> dict[str, float]:
        """Wall time of each stage; a stage that never reported counts as part of the next one."""
        result: dict[str, float] = {}
        previous = self.start
        for stage in STAGES:
            if stage in self.ends:
                result[stage] = self.ends[stage] - previous
                previous = self.ends[stage]
        result["rest"] = end - previous
        return result


class TimedEncoder:
    """Wraps the model: records the texts and the time of every call, tagged with the stage under way."""

    def __init__(self, inner: Encoder, clock: StageClock) -> None:
        self.inner = inner
        self.clock = clock
        self.calls: list[tuple[str, list[str], float]] = []

    @property
    def signature(self) -> str:
        return self.inner.signature

    @property
    def family(self) -> str:
        return self.inner.family

    @property
    def multilingual(self) -> bool:
        return self.inner.multilingual

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        stage = self.clock.current
        started = time.perf_counter()
        vectors = self.inner.encode(texts)
        self.calls.append((stage, list(texts), time.perf_counter() - started))
        return vectors

    def texts(self) -> list[str]:
        return [text for _, texts, _ in self.calls for text in texts]

    def seconds(self, stage: str | None = None) -> float:
        return sum(seconds for name, _, seconds in self.calls if stage in (None, name))

    def count(self, stage: str | None = None) -> int:
        return sum(len(texts) for name, texts, _ in self.calls if stage in (None, name))


class CountingEncoder(TimedEncoder):
    """Wraps the cached encoder, as the pipeline sees it: counts the texts it asks for, per stage."""


@contextmanager
def instrument_group(clock: StageClock) -> Iterator[None]:
    """Time ``group_stories`` inside ``drift.pipeline`` (the progress callback has no ``group`` stage)."""
    original: Callable[..., Any] | None = getattr(pipeline, "group_stories", None)
    if original is None:  # the pipeline changed shape: grouping stays inside the next stage's time
        yield
        return

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        stories = original(*args, **kwargs)
        clock.ends["group"] = time.perf_counter()
        clock.group_seconds = clock.ends["group"] - started
        clock.edges = sum(len(getattr(story, "edges", ())) for story in stories)
        if clock.label:
            clock.tell(f"group done: {len(stories)} stories, {clock.edges} edges to align")
        return stories

    pipeline.group_stories = timed
    try:
        yield
    finally:
        pipeline.group_stories = original


@dataclass
class Instrumented:
    """One encoder as a run uses it: the model timed under the cache, the requests counted above it."""

    model: TimedEncoder
    cached: CachedEncoder
    asked: CountingEncoder


@dataclass
class RunResult:
    seconds: float
    report: Report
    encoders: dict[str, Instrumented]  # "default", and "multilingual" when the CLI would add one
    noise: str = ""
    stages: dict[str, float] = field(default_factory=dict)

    def model_seconds(self, stage: str | None = None) -> float:
        return sum(used.model.seconds(stage) for used in self.encoders.values())

    def model_texts(self, stage: str | None = None) -> int:
        return sum(used.model.count(stage) for used in self.encoders.values())

    def model_calls(self) -> list[tuple[str, list[str], float]]:
        return [call for used in self.encoders.values() for call in used.model.calls]

    def asked(self, stage: str | None = None) -> int:
        return sum(used.asked.count(stage) for used in self.encoders.values())

    def cache_hits(self) -> int:
        return sum(used.cached.stats.hits for used in self.encoders.values())


def timed_run(
    paths: Sequence[str], encoders: dict[str, Encoder], cache_path: Path, label: str = "", *, results: bool = True
) -> RunResult:
    """One ``pipeline.run`` as ``drift check`` makes it, with every encoder call and stage timed.

    The result cache sits beside the embedding cache, as in ``drift check``; ``results=False`` leaves it out.
    """
    clock = StageClock(label)
    cache = EmbeddingCache(cache_path)
    result_cache = ResultCache(cache_path.with_name("results.sqlite3") if results else None)
    used: dict[str, Instrumented] = {}
    for name, encoder in encoders.items():
        model = TimedEncoder(encoder, clock)
        cached = CachedEncoder(model, cache)
        used[name] = Instrumented(model, cached, CountingEncoder(cached, clock))
    clock.model_texts = lambda: sum(instrumented.model.count() for instrumented in used.values())
    options = RunOptions(multilingual=used["multilingual"].asked) if "multilingual" in used else RunOptions()
    try:
        with instrument_group(clock):
            load = OtherLoad()
            clock.start = time.perf_counter()
            report = pipeline.run(paths, used["default"].asked, options, progress=clock, results=result_cache)
            end = time.perf_counter()
            noise = load.describe()
    finally:
        cache.close()
        result_cache.close()
    result = RunResult(end - clock.start, report, used, noise)
    result.stages = clock.durations(end)
    return result


def load_encoders(model: str | None) -> dict[str, Encoder]:
    """The encoders ``drift check`` uses: ``--model`` alone, or the default plus the multilingual one.

    Without ``--model`` the CLI hands the pipeline the multilingual encoder for
    stories in other languages (when its package is installed); so does this.
    """
    encoders: dict[str, Encoder] = {"default": load_encoder(model)}
    if model is None and "multilingual" in {option.name for option in fields(RunOptions)}:
        with suppress(DriftError):
            encoders["multilingual"] = load_encoder(MULTILINGUAL_MODEL)
    return encoders


# -- helpers -----------------------------------------------------------------------------------------


class OtherLoad:
    """How many cores *other* processes kept busy during a measurement (from ``/proc/stat``).

    The machine is shared: a test suite running beside the benchmark slows the
    model (its threads then wait for each other) far more than it slows Python
    code, which skews every ratio. Each section prints this figure so a disturbed
    measurement can be told from a regression.
    """

    def __init__(self) -> None:
        self._start = self._sample()

    @staticmethod
    def _sample() -> tuple[float, float, float] | None:
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                values = [int(value) for value in stat.readline().split()[1:9]]
        except (OSError, ValueError):
            return None
        busy = (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")  # all but idle, iowait
        own = sum(
            getattr(resource.getrusage(who), name)
            for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            for name in ("ru_utime", "ru_stime")
        )
        return time.perf_counter(), busy, own

    def cores(self) -> float | None:
        end = self._sample()
        if self._start is None or end is None or end[0] <= self._start[0]:
            return None
        wall = end[0] - self._start[0]
        return max(0.0, ((end[1] - self._start[1]) - (end[2] - self._start[2])) / wall)

    def describe(self) -> str:
        cores = self.cores()
        if cores is None:
            return "other processes: n/a"
        warning = "  << disturbed: compare with care" if cores > 0.25 else ""
        return f"other processes kept {cores:.2f} of {os.cpu_count()} cores busy meanwhile{warning}"


def max_rss_mib(who: int) -> float:
    """Peak resident set of this process (KiB on Linux, shown in MiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def source_fingerprint() -> str:
    """A hash of drift's source files: other people edit them while benchmarks run."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(pipeline.__file__).parent.rglob("*.py")):
        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def drift_command() -> list[str]:
    script = Path(sys.executable).parent / "drift"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from drift.cli import main; sys.exit(main())"]


def render_json(report: Report) -> str | None:
    try:
        from drift.report.machine import render_json as render
    except ImportError:
        return None
    return render(report)


_TORCH_IMPORT = re.compile(r"\|\s*(torch|sentence_transformers)$")


# Runs a command and writes "seconds max_rss_kib" of it to a file. The timing of a
# subprocess has to come from a small process like this one: on Linux a child's
# ru_maxrss includes what it inherited at fork, i.e. the whole benchmark process.
_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[2:]).returncode
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(code)
"""


@dataclass(frozen=True)
class CliRun:
    seconds: float
    max_rss_mib: float
    stdout: bytes
    heavy_imports: tuple[str, ...]  # torch or sentence_transformers, when imported


def cli_run(paths: Sequence[str], cache_dir: Path, model: str | None, *, profile_imports: bool = False) -> CliRun:
    """``drift check PATH -o json --cache-dir DIR --quiet`` in a fresh process."""
    command = [*drift_command(), "check", *paths, "-o", "json", "--cache-dir", str(cache_dir), "--quiet"]
    if model:
        command += ["--model", model]
    environment = dict(os.environ)
    if profile_imports:
        environment["PYTHONPROFILEIMPORTTIME"] = "1"
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as measured:
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, measured.name, *command],
            capture_output=True,
            env=environment if profile_imports else None,
            check=False,
        )
        figures = measured.read().split()
    if done.returncode not in (0, 1) or len(figures) != 2:
        raise SystemExit(f"bench: {' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()}")
    heavy = sorted(
        {
            match.group(1)
            for line in done.stderr.decode(errors="replace").splitlines()
            if (match := _TORCH_IMPORT.search(line.rstrip()))
        }
    )
    return CliRun(float(figures[0]), int(figures[1]) / 1024, done.stdout, tuple(heavy))


def first_difference(first: str, second: str) -> str:
    """Where two JSON reports part, for a one-line diagnosis."""
    for number, (a, b) in enumerate(zip(first.splitlines(), second.splitlines(), strict=False), start=1):
        if a != b:
            return f"line {number}: {a.strip()[:60]!r} vs {b.strip()[:60]!r}"
    return "one is a prefix of the other"


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<44} {value:>14}  {note}".rstrip())


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.1f}/s" if seconds > 0 else "n/a"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


# -- the benchmark -----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders, as for drift check")
    parser.add_argument("--model", default=None, help="encoder, as drift's --model (default all-MiniLM-L6-v2)")
    parser.add_argument("--repeat-corpus", type=int, default=1, metavar="N", help="copy the inputs N times, perturbed")
    parser.add_argument(
        "--word-rate",
        type=float,
        default=0.01,
        help="share of words (4+ letters) changed in each perturbed copy (default 0.01)",
    )
    parser.add_argument(
        "--raw-sample",
        type=int,
        default=2000,
        metavar="N",
        help="time the raw model on at most N of the embedded texts (every k-th) and scale; 0: all (default 2000)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the perturbations")
    parser.add_argument("--subprocess-runs", type=int, default=2, help="timed warm-cache drift check runs (default 2)")
    parser.add_argument(
        "--steady-run",
        action="store_true",
        help="also time a first run again, with another empty cache but libraries already imported",
    )
    parser.add_argument(
        "--cli-first-run",
        action="store_true",
        help="also time a cold drift check with an empty cache (pays Python start-up and the model load)",
    )
    args = parser.parse_args(argv)
    if args.repeat_corpus < 1:
        parser.error("--repeat-corpus must be at least 1")

    work = Path(tempfile.mkdtemp(prefix="drift-bench-"))
    try:
        return _bench(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _bench(args: argparse.Namespace, work: Path) -> int:
    paths = [str(Path(path)) for path in args.paths]
    fingerprint = source_fingerprint()
    print(f"drift bench — {datetime.datetime.now().isoformat(timespec='seconds')}")
    print(f"  python {platform.python_version()}, {os.cpu_count()} cores, load average at start {load_average()}")
    if args.repeat_corpus > 1:
        corpus = work / "corpus"
        files, size = build_repeated_corpus(paths, args.repeat_corpus, corpus, word_rate=args.word_rate, seed=args.seed)
        print(
            f"  corpus: {' '.join(paths)} × {args.repeat_corpus} (copy 0 unchanged, others perturbed at "
            f"word rate {args.word_rate}, seed {args.seed}): {files} files, {size / 1024:,.0f} KiB"
        )
        paths = [str(corpus)]
    else:
        print(f"  corpus: {' '.join(paths)}")

    # The models are loaded before anything is timed.
    started = time.perf_counter()
    encoders = load_encoders(args.model)
    for encoder in encoders.values():
        encoder.encode(_WARM_UP)
    # The language identifier and the word lists are models too, loaded once per process.
    detect_language(" ".join(_WARM_UP))
    function_words("en")
    load_seconds = time.perf_counter() - started
    rss_loaded = max_rss_mib(resource.RUSAGE_SELF)
    names = "; ".join(f"{name} {encoder.signature}" for name, encoder in encoders.items())
    print(f"  models: {names}")
    print(
        f"  load + warm-up {load_seconds:.2f} s, with the language identifier and word lists (not in any figure below)"
    )

    first = timed_run(paths, encoders, work / "cache-first" / "embeddings.sqlite3", "first run")
    rss_first = max_rss_mib(resource.RUSAGE_SELF)
    report = first.report
    sentences = sum(len(article.sentences) for article in report.articles.values())
    multi = [story for story in report.stories if len(story.documents) > 1]

    # The raw models on the texts each embedded during the first run (every k-th above --raw-sample).
    raw_load = OtherLoad()
    raw_seconds = 0.0
    raw_notes = []
    embedded = 0
    for name, used in first.encoders.items():
        texts = used.model.texts()
        if not texts:
            continue
        embedded += len(texts)
        step = max(1, math.ceil(len(texts) / args.raw_sample)) if args.raw_sample > 0 else 1
        sample = texts[::step]  # every step-th text: the same mix of lengths as the whole
        started = time.perf_counter()
        encoders[name].encode(sample)
        raw_seconds += (time.perf_counter() - started) * len(texts) / len(sample)
        if step > 1:
            raw_notes.append(f"{name}: timed on every {step}th text, {len(sample):,} of {len(texts):,}, scaled")
    raw_noise = raw_load.describe()

    inside = first.model_seconds()
    overhead = (first.seconds - inside) / inside if inside else math.nan
    plain = first.seconds / raw_seconds if raw_seconds else math.nan

    print()
    print("corpus")
    row("documents (readable / all)", f"{len(report.articles)} / {len(report.documents)}")
    row("sentences", f"{sentences:,}")
    row(
        "stories (with 2+ versions)",
        f"{len(report.stories)} ({len(multi)})",
        f"{sum(len(story.documents) for story in multi)} versions in them",
    )
    row("aligned pairs", f"{len(report.alignments):,}")
    row("findings", f"{len(report.findings):,}")

    print()
    print("first run, empty cache (models already loaded)")
    print(f"  {first.noise}")
    row("end-to-end", f"{first.seconds:.2f} s", f"{rate(sentences, first.seconds)} sentences")
    row("texts the pipeline asked the encoders for", f"{first.asked():,}", f"{first.asked('embed'):,} in embed")
    beyond = [f"{stage} {first.asked(stage):,}" for stage in STAGES if stage != "embed" and first.asked(stage)]
    if first.asked("embed") > sentences:
        beyond.insert(0, f"embed {first.asked('embed') - sentences:,} (a second encoder)")
    row("  beyond the sentences", f"{first.asked() - sentences:,}", ", ".join(beyond) or "none")
    row(
        "texts the models embedded (after cache/de-dup)",
        f"{embedded:,}",
        f"{first.cache_hits():,} served by the cache or de-duplicated",
    )
    if len(first.encoders) > 1:
        for name, used in first.encoders.items():
            row(f"  {name} model", f"{used.model.count():,}", f"{used.model.seconds():.2f} s")
    row("time inside the models during the run", f"{inside:.2f} s", f"in {len(first.model_calls())} calls")
    row("raw models, same texts, one call each", f"{raw_seconds:.2f} s", f"{rate(embedded, raw_seconds)} texts")
    for note in raw_notes:
        print(f"    ({note}; see --raw-sample)")
    print(f"    ({raw_noise})")
    row(
        "overhead (e2e − models) / models",
        f"{overhead:.1%}",
        f"goal ≤ {OVERHEAD_GOAL:.0%}: {verdict(overhead <= OVERHEAD_GOAL)}",
    )
    row("end-to-end / raw models", f"{plain:.2f}×")

    print()
    print("  stage breakdown of the first run")
    print(f"  {'stage':<10} {'wall s':>8} {'share':>7} {'model s':>8} {'other s':>8} {'asked':>7} {'model':>7}  what")
    for stage, seconds in first.stages.items():
        model_seconds = first.model_seconds(stage)
        print(
            f"  {stage:<10} {seconds:>8.2f} {seconds / first.seconds:>7.1%} {model_seconds:>8.2f} "
            f"{seconds - model_seconds:>8.2f} {first.asked(stage):>7,} {first.model_texts(stage):>7,}"
            f"  {STAGE_NOTES.get(stage, '')}"
        )
    calls = Counter(stage for stage, _, _ in first.model_calls())
    print("  model calls per stage: " + ", ".join(f"{stage} {count}" for stage, count in calls.items()))

    if args.steady_run:
        steady = timed_run(paths, encoders, work / "cache-steady" / "embeddings.sqlite3", "steady run")
        steady_inside = steady.model_seconds()
        steady_overhead = (steady.seconds - steady_inside) / steady_inside if steady_inside else math.nan
        print()
        print("first run again: another empty cache, libraries already imported")
        print(f"  {steady.noise}")
        row("end-to-end", f"{steady.seconds:.2f} s", f"{rate(sentences, steady.seconds)} sentences")
        row("time inside the models", f"{steady_inside:.2f} s", f"{steady.model_texts():,} texts")
        row(
            "overhead (e2e − models) / models",
            f"{steady_overhead:.1%}",
            f"goal ≤ {OVERHEAD_GOAL:.0%}: {verdict(steady_overhead <= OVERHEAD_GOAL)}",
        )
        row(
            "one-time cost in the first run (estimate)",
            f"{(first.seconds - inside) - (steady.seconds - steady_inside):.2f} s",
            "non-model time, first run minus this one",
        )
        print("  " + "  ".join(f"{stage} {seconds:.2f}" for stage, seconds in steady.stages.items()))

    cache_dir = work / "cache-first"
    second = timed_run(paths, encoders, cache_dir / "embeddings.sqlite3", "second run")
    same = render_json(second.report) == render_json(first.report)
    print()
    print("second run, warm cache, same process")
    print(f"  {second.noise}")
    row("end-to-end", f"{second.seconds:.3f} s", f"{rate(sentences, second.seconds)} sentences")
    row("texts the models embedded", f"{second.model_texts():,}", f"{second.asked():,} asked")
    row(
        "speed-up over the first run",
        f"{first.seconds / second.seconds:.1f}×",
        f"goal ≥ {SPEEDUP_GOAL:.0f}×: {verdict(first.seconds / second.seconds >= SPEEDUP_GOAL)}",
    )
    row("JSON identical to the first run's", "yes" if same else "NO")
    print("  " + "  ".join(f"{stage} {seconds:.3f}" for stage, seconds in second.stages.items()))

    embeddings_only = timed_run(paths, encoders, cache_dir / "embeddings.sqlite3", "embeddings only", results=False)
    print()
    print("second run, warm embedding cache but no result cache, same process")
    print(f"  {embeddings_only.noise}")
    row("end-to-end", f"{embeddings_only.seconds:.3f} s", f"{embeddings_only.model_texts():,} texts embedded")
    row("speed-up over the first run", f"{first.seconds / embeddings_only.seconds:.1f}×", "the embedding cache alone")
    print("  " + "  ".join(f"{stage} {seconds:.3f}" for stage, seconds in embeddings_only.stages.items()))

    print()
    print("second run, warm cache, fresh process: drift check PATH -o json --cache-dir DIR --quiet")
    cli_load = OtherLoad()
    runs = [cli_run(paths, cache_dir, args.model) for _ in range(max(1, args.subprocess_runs))]
    print(f"  {cli_load.describe()}")
    heavy = cli_run(paths, cache_dir, args.model, profile_imports=True).heavy_imports
    timings = [run.seconds for run in runs]
    best, median = min(timings), statistics.median(timings)
    row("wall time, best / median", f"{best:.2f} / {median:.2f} s", f"{len(timings)} runs")
    row(
        "speed-up over the in-process first run",
        f"{first.seconds / best:.1f}×",
        "(start-up and imports on one side only: see --cli-first-run)",
    )
    row("torch / sentence-transformers imported", ", ".join(heavy) if heavy else "no")
    first_json = render_json(first.report)
    outputs = {run.stdout.decode("utf-8") for run in runs}
    if source_fingerprint() != fingerprint:
        print("  drift's source files changed during the benchmark: the subprocesses ran other code")
    if first_json is not None:
        identical = outputs == {first_json}
        row(
            "JSON identical to the in-process run's",
            "yes" if identical else "NO",
            "" if identical else first_difference(first_json, sorted(outputs)[0]),
        )
        if len(outputs) > 1:
            print(f"    the {len(runs)} subprocess runs gave {len(outputs)} different outputs")

    cold: CliRun | None = None
    if args.cli_first_run:
        cold_load = OtherLoad()
        cold = cli_run(paths, work / "cache-cli", args.model)
        print()
        print("cold CLI first run: fresh process, empty cache (Python start-up, imports, model load)")
        print(f"  {cold_load.describe()}")
        row("wall time", f"{cold.seconds:.2f} s")
        row(
            "speed-up of the warm CLI run over it",
            f"{cold.seconds / best:.1f}×",
            f"goal ≥ {SPEEDUP_GOAL:.0f}×: {verdict(cold.seconds / best >= SPEEDUP_GOAL)} (best warm run)",
        )

    print()
    print("peak memory (max resident set)")
    row("this process after loading the models", f"{rss_loaded:,.0f} MiB")
    row("this process after the first run", f"{rss_first:,.0f} MiB")
    row("this process at the end", f"{max_rss_mib(resource.RUSAGE_SELF):,.0f} MiB", "(raw model pass incl.)")
    row(
        "drift check subprocess, warm cache",
        f"{max(run.max_rss_mib for run in runs):,.0f} MiB",
        "(largest of the timed runs)",
    )
    if cold is not None:
        row("drift check subprocess, cold (empty cache)", f"{cold.max_rss_mib:,.0f} MiB")
    print()
    print(f"load average at end {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
