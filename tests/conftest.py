"""Shared fixtures: a deterministic stand-in encoder, and the real model's report on the seeds."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "eval" / "seeds-gold.json"


class BagOfWordsEncoder:
    """Hashes words (and word pairs) into a vector: similar wording, similar vector; fast, no model.

    Good enough to test alignment and grouping logic; the real model is used
    by the end-to-end tests.
    """

    signature = "bag-of-words-test (256)"
    family = "minilm"
    multilingual = False

    def __init__(self, dimension: int = 256):
        self.dimension = dimension
        self.calls = 0

    def _index(self, token: str) -> int:
        return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little") % self.dimension

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            words = re.findall(r"\w+", text.lower())
            for word in words:
                vectors[row, self._index(word)] += 1.0
            for first, second in itertools.pairwise(words):
                vectors[row, self._index(first + " " + second)] += 0.5
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return vectors / norms


@pytest.fixture
def bow_encoder() -> BagOfWordsEncoder:
    return BagOfWordsEncoder()


@pytest.fixture(scope="session")
def model_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedding cache of this test session: end-to-end tests pass it as --cache-dir to reuse it."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def real_encoder(model_cache_dir: Path):
    """The default model, with a cache private to this test session."""
    from drift.embed import CachedEncoder, EmbeddingCache, load_encoder

    cache = EmbeddingCache(model_cache_dir / "embeddings.sqlite3")
    return CachedEncoder(load_encoder(), cache)


@pytest.fixture(scope="session")
def seeds_report(real_encoder):
    """The pipeline's report on seeds/ with the real model: computed once per session."""
    from drift.pipeline import run

    return run([str(SEEDS)], real_encoder)


def articles_from_texts(texts: dict[str, str]):
    """Articles (cleaned and segmented) from in-memory texts, as the pipeline would build them."""
    from drift.clean import clean_documents, profile_corpus
    from drift.records import Document, SourceFormat, TextView
    from drift.segment import segment_articles

    documents = [
        Document(id=name, path=name, format=SourceFormat.TXT, text=text, view=TextView(text), encoding="utf-8")
        for name, text in texts.items()
    ]
    return segment_articles(clean_documents(documents, profile_corpus(documents)))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files under tests/golden/ instead of comparing with them (make golden)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the same environment in CI as on a laptop: CI=true would turn progress lines on."""
    monkeypatch.delenv("CI", raising=False)
