"""How the cost of grouping grows with corpus size.

    python bench/scaling.py            # real model (embeddings cached in .drift_cache/bench-scaling/)
    python bench/scaling.py --fast     # deterministic hashing stand-in encoder, no torch

Builds one synthetic corpus and times ``drift.group.group_stories`` alone on its
first 100, 200, 400 and 800 documents (prefixes end on story boundaries):

* *stories*: a text from ``seeds/`` or ``eval/corpora/*/`` "respun" into a new
  story (names, numbers and most other words replaced, so two stories
  drawn from one text are not versions of each other), published in 1 to 4
  versions (light perturbations: two numbers swapped, a few words changed,
  paragraphs shuffled or one dropped);
* *unrelated documents*: sentences of different texts, respun, mixed.

Each size is grouped with the default parameters (exact numpy search up to
``exact_index_limit`` sentences) and with ``exact_index_limit=0``, which forces
the usearch HNSW index. The time of candidate generation is taken apart from
verification by wrapping ``drift.group._neighbour_pairs`` when it exists. The
growth exponent is the least-squares slope of log(time) against log(documents):
1 is linear, 2 quadratic. Each timing is the best of ``--repeats`` runs, since
the machine is shared.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from _corpus import change_words, shuffle_paragraphs, swap_numbers

import drift.group
from drift.clean import clean_documents, profile_corpus
from drift.embed import CachedEncoder, EmbeddingCache, Encoder, embed_articles, load_encoder
from drift.group import group_stories
from drift.ingest import read_corpus
from drift.records import Article
from drift.segment import segment_articles
from drift.thresholds import GroupParams, thresholds_for

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
NUMBER = re.compile(r"\d+")
NAME = re.compile(r"(?<=[\s«\"“(])[A-ZÀ-Ý][\w'’-]+")
SYLLABLES = ("ka", "lo", "mer", "dan", "vi", "so", "tur", "bel", "ra", "nik", "os", "te", "gar", "lin", "pu")
VERSIONS = (1, 2, 3, 4)
VERSION_WEIGHTS = (0.35, 0.3, 0.2, 0.15)
UNRELATED_SHARE = 0.2


# -- the synthetic corpus ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    name: str
    language: str
    paragraphs: tuple[tuple[str, ...], ...]  # sentences, by paragraph


def load_sources() -> list[Source]:
    """The hand-written texts of the repository, split in paragraphs and sentences."""
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "eval" / "corpora").glob("*/*.txt"))
    sources = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        paragraphs = tuple(
            tuple(sentence for sentence in SENTENCE_END.split(" ".join(block.split())) if sentence)
            for block in re.split(r"\n[ \t]*\n", text)
            if block.strip()
        )
        language = path.stem if path.stem in {"de", "es", "fr"} else "en"
        sources.append(Source(f"{path.parent.name}/{path.name}", language, paragraphs))
    if not sources:
        raise SystemExit(f"bench: no source texts under {ROOT / 'seeds'} or {ROOT / 'eval/corpora'}")
    return sources


def vocabulary(language: str, sources: Sequence[Source]) -> list[str]:
    """Common words of a language (wordfreq, a drift dependency), else the sources' own words."""
    try:
        from wordfreq import top_n_list

        words = [word for word in top_n_list(language, 20_000) if word.isalpha() and len(word) >= 4]
    except (ImportError, LookupError, ValueError):
        words = []
    if len(words) < 100:
        words = sorted({w for s in sources for p in s.paragraphs for t in p for w in re.findall(r"\w{4,}", t)})
    return words


class Respinner:
    """Turns a text into a new story: its own names, numbers and most of its words."""

    def __init__(self, rng: random.Random, words: Sequence[str], rate: float = 0.8) -> None:
        self.rng = rng
        self.words = words
        self.rate = rate
        self.names: dict[str, str] = {}

    def _name(self, match: re.Match[str]) -> str:
        original = match.group(0)
        if original not in self.names:
            count = self.rng.choice((2, 3))
            self.names[original] = "".join(self.rng.choice(SYLLABLES) for _ in range(count)).capitalize()
        return self.names[original]

    def _number(self, match: re.Match[str]) -> str:
        digits = len(match.group(0))
        return str(self.rng.randint(10 ** (digits - 1) if digits > 1 else 0, 10**digits - 1))

    def sentence(self, text: str) -> str:
        text = NAME.sub(self._name, text)
        text = NUMBER.sub(self._number, text)
        return change_words(text, self.rng, self.rate, self.words)


def render(paragraphs: Sequence[Sequence[str]]) -> str:
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs if paragraph) + "\n"


def version(base: str, rng: random.Random) -> str:
    """Another outlet's copy of a story: numbers swapped, words changed, paragraphs moved or dropped."""
    text = change_words(swap_numbers(base, rng), rng, 0.03)
    roll = rng.random()
    if roll < 0.3:
        text = shuffle_paragraphs(text, rng)
    elif roll < 0.5:
        paragraphs = text.strip("\n").split("\n\n")
        if len(paragraphs) > 3:
            del paragraphs[rng.randrange(1, len(paragraphs))]
            text = "\n\n".join(paragraphs) + "\n"
    return text


@dataclass(frozen=True)
class Planted:
    """The corpus as built: file names in corpus order and the story each belongs to."""

    files: tuple[str, ...]
    story_of: dict[str, str]
    boundaries: tuple[int, ...]  # the sizes, each ending on a story boundary


def build_corpus(folder: Path, sizes: Sequence[int], seed: int) -> Planted:
    rng = random.Random(f"scaling:{seed}")
    sources = load_sources()
    words = {language: vocabulary(language, sources) for language in {s.language for s in sources}}
    files: list[str] = []
    story_of: dict[str, str] = {}
    limits = sorted(sizes)
    story = 0
    while len(files) < limits[-1]:
        room = min(limit for limit in limits if limit > len(files)) - len(files)
        story += 1
        if rng.random() < UNRELATED_SHARE:
            language = rng.choice(sorted(words))
            pool = [s for s in sources if s.language == language]
            sentences = [
                Respinner(rng, words[language]).sentence(rng.choice(rng.choice(source.paragraphs)))
                for source in rng.choices(pool, k=rng.randint(8, 15))
            ]
            texts = [render([sentences[i : i + 3] for i in range(0, len(sentences), 3)])]
        else:
            source = rng.choice(sources)
            spin = Respinner(rng, words[source.language])
            base = render([[spin.sentence(sentence) for sentence in paragraph] for paragraph in source.paragraphs])
            count = min(room, rng.choices(VERSIONS, VERSION_WEIGHTS)[0])
            texts = [base] + [version(base, rng) for _ in range(count - 1)]
        for number, text in enumerate(texts):
            name = f"{len(files):05d}-story{story:04d}-v{number}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            files.append(name)
            story_of[name] = f"story{story:04d}"
    return Planted(tuple(files), story_of, tuple(limits))


# -- a stand-in encoder ------------------------------------------------------------------------------


class HashingEncoder:
    """Deterministic stand-in for the model: signed hashes of word unigrams and bigrams, L2-normalized.

    Versions of a sentence share most features (cosine 0.8 to 1), unrelated
    sentences only function words (0.1 to 0.4), which is enough to exercise
    candidate generation at MiniLM's thresholds. It says nothing about quality.
    """

    dimensions = 384

    def __init__(self) -> None:
        self._features: dict[str, tuple[int, float]] = {}

    @property
    def signature(self) -> str:
        return f"hashing-{self.dimensions} (bench/scaling.py)"

    @property
    def family(self) -> str:
        return "custom"

    @property
    def multilingual(self) -> bool:
        return False

    def _feature(self, token: str) -> tuple[int, float]:
        found = self._features.get(token)
        if found is None:
            value = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
            found = (value % self.dimensions, 1.0 if value >> 63 else -1.0)
            self._features[token] = found
        return found

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            tokens = re.findall(r"\w+", text.lower())
            for token in [*tokens, *(f"{a} {b}" for a, b in itertools.pairwise(tokens))]:
                column, sign = self._feature(token)
                vectors[row, column] += sign
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vectors / norms


# -- timing ------------------------------------------------------------------------------------------


@dataclass
class Timing:
    seconds: float = math.inf
    candidate_seconds: float = math.nan
    candidate_pairs: int = 0
    cross_story_pairs: int = 0  # candidates whose documents belong to different planted stories
    stories: tuple[Any, ...] = ()


@contextmanager
def candidate_probe(record: dict[str, Any]) -> Iterator[None]:
    """Time ``drift.group._neighbour_pairs`` (candidate generation) if the module still has it."""
    original: Callable[..., Any] | None = getattr(drift.group, "_neighbour_pairs", None)
    if original is None:
        yield
        return

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        pairs = original(*args, **kwargs)
        record["seconds"] = time.perf_counter() - started
        record["pairs"] = pairs
        return pairs

    drift.group._neighbour_pairs = timed
    try:
        yield
    finally:
        drift.group._neighbour_pairs = original


def time_grouping(
    articles: Sequence[Article],
    vectors: dict[str, np.ndarray],
    params: GroupParams,
    repeats: int,
    story_of: Callable[[Article], str],
) -> Timing:
    usable = [article for article in articles if article.sentences]  # what group_stories indexes
    best = Timing()
    for _ in range(repeats):
        record: dict[str, Any] = {}
        with candidate_probe(record):
            started = time.perf_counter()
            stories = group_stories(articles, vectors, params)
            seconds = time.perf_counter() - started
        if seconds < best.seconds:
            pairs = record.get("pairs", set())
            cross = sum(1 for a, b in pairs if story_of(usable[a]) != story_of(usable[b]))
            best = Timing(seconds, record.get("seconds", math.nan), len(pairs), cross, tuple(stories))
    return best


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of log(y) on log(x): the growth exponent."""
    points = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(points) < 2:
        return math.nan
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    variance = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / variance


def recovered(stories: Sequence[Any], articles: Sequence[Article], planted: Planted) -> tuple[int, int, int]:
    """(planted stories, found stories, planted stories found exactly) among ``articles``."""
    name_of = {article.id: Path(article.document.path).name for article in articles}
    truth: dict[str, set[str]] = {}
    for article in articles:
        truth.setdefault(planted.story_of[name_of[article.id]], set()).add(name_of[article.id])
    found = [frozenset(name_of[doc] for doc in story.documents) for story in stories]
    wanted = {frozenset(group) for group in truth.values()}
    return len(wanted), len(found), len(wanted & set(found))


# -- main --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fast", action="store_true", help="hashing stand-in encoder instead of the model")
    parser.add_argument("--model", default=None, help="encoder, as drift's --model (default all-MiniLM-L6-v2)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400, 800], help="documents")
    parser.add_argument("--repeats", type=int, default=3, help="timings per size and path; the best is kept")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    parser.add_argument(
        "--force-exact",
        action="store_true",
        help="time exact search at every size, beyond exact_index_limit too (to find where HNSW pays off)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=ROOT / ".drift_cache" / "bench-scaling",
        help="embedding cache for the real model (default .drift_cache/bench-scaling)",
    )
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))
    if not sizes or sizes[0] < 2:
        parser.error("--sizes must be at least 2 documents")

    print(f"drift grouping scaling — {datetime.datetime.now().isoformat(timespec='seconds')}")
    folder = Path(tempfile.mkdtemp(prefix="drift-scaling-"))
    try:
        started = time.perf_counter()
        planted = build_corpus(folder, sizes, args.seed)
        documents = read_corpus([str(folder)]).documents
        encoder: Encoder
        if args.fast:
            encoder = HashingEncoder()
        else:
            encoder = CachedEncoder(load_encoder(args.model), EmbeddingCache(args.cache_dir / "embeddings.sqlite3"))
        thresholds = thresholds_for(encoder.family)
        articles = segment_articles(
            clean_documents(documents, profile_corpus(documents, thresholds.clean), thresholds.clean)
        )
        built = time.perf_counter() - started
        started = time.perf_counter()
        vectors = embed_articles(articles, encoder)
        embedded = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"  corpus: {len(planted.files)} documents (seed {args.seed}) built and segmented in {built:.1f} s; "
        f"encoder {encoder.signature}: {embedded:.1f} s" + (f" (cache {args.cache_dir})" if not args.fast else "")
    )
    try:
        load = os.getloadavg()
        print(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; best of {args.repeats} per cell")
    except OSError:
        pass

    default = thresholds.group
    if args.force_exact:
        default = replace(default, exact_index_limit=sys.maxsize)
    forced = replace(default, exact_index_limit=0)

    def story_of(article: Article) -> str:
        return planted.story_of[Path(article.document.path).name]

    print()
    first_label = "exact search forced" if args.force_exact else "default parameters"
    print(f"  {'':>36} │ {first_label:^30} │ {'exact_index_limit=0 (HNSW)':^30}")
    print(
        f"  {'docs':>5} {'sentences':>9} {'planted':>7} {'found':>5} {'intact':>6} │"
        f" {'group s':>8} {'cand s':>7} {'pairs':>6} {'cross':>6} │"
        f" {'group s':>8} {'cand s':>7} {'pairs':>6} {'cross':>6}"
    )
    rows = []
    for size in sizes:
        subset = articles[:size]
        sentences = sum(len(article.sentences) for article in subset)
        exact = time_grouping(subset, vectors, default, args.repeats, story_of)
        hnsw = time_grouping(subset, vectors, forced, args.repeats, story_of)
        wanted, found, intact = recovered(exact.stories, subset, planted)
        rows.append((size, sentences, exact, hnsw))
        print(
            f"  {size:>5} {sentences:>9,} {wanted:>7} {found:>5} {intact:>6} │"
            f" {exact.seconds:>8.3f} {exact.candidate_seconds:>7.3f} {exact.candidate_pairs:>6,}"
            f" {exact.cross_story_pairs:>6,} │"
            f" {hnsw.seconds:>8.3f} {hnsw.candidate_seconds:>7.3f} {hnsw.candidate_pairs:>6,}"
            f" {hnsw.cross_story_pairs:>6,}"
            + ("" if sentences <= default.exact_index_limit else "  (default path is HNSW here)")
        )
    docs = [row[0] for row in rows]
    print()
    print("  growth exponent (log-log slope against documents; 1 = linear, 2 = quadratic)")
    print(f"    {'':<30} {'exact' if args.force_exact else 'default':>8} {'HNSW':>8}")
    print(f"    {'sentences':<30} {slope(docs, [row[1] for row in rows]):>8.2f}")
    for label, measure in (
        ("group_stories", lambda timing: timing.seconds),
        ("candidate generation", lambda timing: timing.candidate_seconds),
        ("verification (the rest)", lambda timing: timing.seconds - timing.candidate_seconds),
        ("candidate pairs", lambda timing: timing.candidate_pairs),
        ("  within a planted story", lambda timing: timing.candidate_pairs - timing.cross_story_pairs),
    ):
        exponents = [slope(docs, [measure(row[column]) for row in rows]) for column in (2, 3)]
        print(f"    {label:<30} {exponents[0]:>8.2f} {exponents[1]:>8.2f}")
    print()
    print(
        "  planted: stories as built (an unrelated document is a story of one); found: stories grouped\n"
        "  (first column); intact: planted stories found with exactly their documents; cand s:\n"
        "  candidate generation (_neighbour_pairs); pairs: candidate document pairs, each verified;\n"
        "  cross: candidates joining different planted stories (spurious, verification must reject them)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
