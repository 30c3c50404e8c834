"""``drift check --engine ray``: the stages of ``drift.pipeline`` on Ray Data, for corpora beyond one machine.

The same stage functions as the local engine, on batches: the documents are a
dataset cleaned and segmented batch by batch in tasks (``segment_documents``);
articles are embedded (``embed_batch``), and stories checked (``check_story``:
align the edges, run the rules), in pools of actors that load the encoders and
the pair model once each. The steps over the whole corpus stay on the driver,
in ``pipeline.check_corpus`` as for the local engine: reading, the corpus
profile, the choice of encoders, grouping (its candidate search and connected
components need every article's vectors), the findings outside stories and
settling. The same records come back, so the report is the local engine's.

Rows carry a record pickled (a document, an article, a story with its articles
and vectors) and its position, so results are put back in input order whatever
order the cluster finishes them in. The result cache is the driver's and keeps
the stories only: languages, vectors, alignments and findings are computed on
workers that share no cache folder, every run.

Ray is an optional dependency (``pip install 'drift[ray]'``): only
``drift check --engine ray`` imports this module, when it runs.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, BinaryIO

from drift.clean import CorpusProfile
from drift.encoders import Encoders, load_encoders
from drift.errors import EngineError, describe
from drift.pipeline import (
    CheckSettings,
    Progress,
    RunOptions,
    Segmented,
    StoryInput,
    StoryResult,
    Vectors,
    check_corpus,
    check_story,
    embed_batch,
    segment_documents,
)
from drift.records import Article, Document, Report
from drift.results import ResultCache
from drift.thresholds import CleanParams

try:
    import pyarrow
    import ray
    import ray.data
except ImportError as error:  # the extra is not installed
    raise EngineError(f"the ray engine needs Ray ({error}): pip install 'drift[ray]'") from None

BATCH_DOCUMENTS = 64
"""Documents segmented by one task, articles embedded by one actor call: enough to keep an encoder's batches full."""
BATCH_STORIES = 8
"""Stories checked by one actor call: a story takes from milliseconds to seconds, so batches stay small."""
LOCAL_HOST = "127.0.0.1"
"""A Ray instance this engine starts listens on this machine only."""

__all__ = ["ModelSpec", "RayEngine", "ray_session", "run_on_ray"]


@dataclass(frozen=True)
class ModelSpec:
    """The encoders by name, as ``drift.encoders.load_encoders`` takes them: what each actor loads.

    A loaded encoder (an onnxruntime session) does not travel to a worker; its name does."""

    model: str | None = None  # None: all-MiniLM-L6-v2, with the multilingual encoder for other languages
    backend: str | None = None
    device: str = "auto"

    def load(self) -> Encoders:
        """The encoders, without an embedding cache (weights are read on the first ``encode``)."""
        return load_encoders(self.model, backend=self.backend, device=self.device)


@dataclass(frozen=True)
class RayEngine:
    """The per-batch and per-story stages on the Ray cluster this process is connected to (``ray_session``)."""

    models: ModelSpec
    actors: int = 1  # in each pool: the embedding one, then the checking one
    progress: Progress | None = None

    def segment(self, documents: Sequence[Document], profile: CorpusProfile, params: CleanParams) -> Segmented:
        work = partial(_segment_rows, profile=profile, params=params)
        return Segmented.joined(self._mapped("segment", documents, work, BATCH_DOCUMENTS))

    def embed(self, articles: Sequence[Article], across_languages: bool) -> Vectors:
        pool = self._pool(models=self.models, across_languages=across_languages)
        return Vectors.joined(self._mapped("embed", articles, _Embedder, BATCH_DOCUMENTS, **pool))

    def check(self, stories: Sequence[StoryInput], settings: CheckSettings) -> list[StoryResult]:
        pool = self._pool(models=self.models, settings=settings)
        return self._mapped("align", stories, _StoryChecker, BATCH_STORIES, **pool)

    def _pool(self, **constructor: Any) -> dict[str, Any]:
        """A pool of ``actors`` actors, one CPU each, each built with ``constructor``."""
        return {
            "compute": ray.data.ActorPoolStrategy(size=self.actors),
            "num_cpus": 1,
            "fn_constructor_kwargs": constructor,
        }

    def _mapped(self, stage: str, records: Sequence[Any], work: Any, batch_size: int, **options: Any) -> list[Any]:
        """``work`` over the records in batches, the results in input order, progress reported as rows come back."""
        if not records:
            return []
        dataset = _dataset(records).map_batches(work, batch_size=batch_size, batch_format="pyarrow", **options)
        rows: list[tuple[int, bytes]] = []
        for row in dataset.iter_rows():
            rows.append((row["index"], row["record"]))
            if self.progress is not None:
                self.progress(stage, len(rows), len(records))
        return [pickle.loads(record) for _, record in sorted(rows, key=lambda row: row[0])]


def _dataset(records: Sequence[object]) -> ray.data.Dataset:
    """One row per record: its position and the record pickled."""
    return ray.data.from_items([{"index": index, "record": pickle.dumps(r)} for index, r in enumerate(records)])


def _rows(batch: pyarrow.Table, work: Callable[[list[Any]], list[Any]]) -> pyarrow.Table:
    """``work`` over a batch's records, one result per record, each beside its record's position."""
    results = work([pickle.loads(record) for record in batch.column("record").to_pylist()])
    return pyarrow.table(
        {
            "index": batch.column("index"),
            "record": pyarrow.array([pickle.dumps(result) for result in results], type=pyarrow.binary()),
        }
    )


def _segment_rows(batch: pyarrow.Table, profile: CorpusProfile, params: CleanParams) -> pyarrow.Table:
    """Each document of a batch segmented on its own, as ``segment_documents`` takes them."""
    return _rows(batch, lambda documents: [segment_documents([d], profile, params) for d in documents])


class _Embedder:
    """An actor of the embedding pool: loads the encoders once, embeds a batch of articles per call."""

    def __init__(self, models: ModelSpec, across_languages: bool):
        encoders = models.load()
        self._encoder = encoders.default
        self._multilingual = encoders.multilingual if across_languages else None

    def __call__(self, batch: pyarrow.Table) -> pyarrow.Table:
        def embed(articles: list[Article]) -> list[Vectors]:
            vectors = embed_batch(articles, self._encoder, self._multilingual)
            return [vectors.of([article.id]) for article in articles]

        return _rows(batch, embed)


class _StoryChecker:
    """An actor of the checking pool: loads the encoders and the pair model once, checks stories one by one."""

    def __init__(self, models: ModelSpec, settings: CheckSettings):
        self._checker = settings.checker(models.load())
        self._results = ResultCache(None)  # no cache folder is shared between the workers

    def __call__(self, batch: pyarrow.Table) -> pyarrow.Table:
        return _rows(batch, lambda stories: [check_story(job, self._checker, self._results) for job in stories])


@contextmanager
def ray_session(address: str | None = None) -> Iterator[None]:
    """Connected to the Ray cluster at ``address``, or to a Ray instance started on this machine (None).

    A session already open in this process (a test's, a notebook's) is used as it is, and left open."""
    if ray.is_initialized():
        yield
        return
    try:
        ray.init(
            address=address,
            _node_ip_address=None if address else LOCAL_HOST,
            include_dashboard=False,
            logging_level=logging.ERROR,  # drift reports what goes wrong; Ray's notes stay in its logs
            log_to_driver=False,
        )
    except Exception as error:  # Ray raises ConnectionError, RuntimeError, ValueError for a bad address
        target = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise EngineError(f"cannot connect to {target}: {describe(error)}") from None
    try:
        yield
    finally:
        ray.shutdown()


def run_on_ray(
    inputs: Sequence[str],
    models: ModelSpec,
    options: RunOptions | None = None,
    *,
    address: str | None = None,
    actors: int | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    results: ResultCache | None = None,
) -> Report:
    """``pipeline.run`` on Ray: the same report, with the stages on the cluster at ``address`` (None: a Ray
    instance started here). ``actors`` per pool (None: one per two CPUs of the cluster, as an encoder runs two
    threads); the encoders are ``models``' (``options.multilingual`` is not read)."""
    options = options or RunOptions()
    with ray_session(address):
        _quiet_ray()
        size = actors or max(1, int(ray.cluster_resources().get("CPU", 1)) // 2)
        engine = RayEngine(models, size, progress)
        return check_corpus(
            inputs,
            models.load(),
            options,
            engine,
            stdin=stdin,
            progress=progress,
            results=results or ResultCache(None),
        )


def _quiet_ray() -> None:
    """No progress bars, execution plans nor notes on stderr: drift reports its own progress."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
