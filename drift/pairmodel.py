"""The pair model: a cross-encoder that reads two English sentences together and says how they relate.

Embedding cosine compares two sentences from afar: it cannot tell "a lasting truce"
from "a fragile one", nor "from A to B" from "from B to A". The
pair model reads both sides at once (MiniLM fine-tuned on public NLI, paraphrase and
fact-revision pairs by ``tools/train_pair_model.py``; model card in
``drift/data/pair_model/MODEL_CARD.md``) and gives, for a reference ``a`` and a
variant ``b``:

* ``drift``: the probability that ``b`` no longer says what ``a`` says (its drift
  head, averaged over both orders, since keeping the meaning is symmetric);
* ``forward``: entailment, neutral, contradiction of ``b`` read after ``a``: what
  ``b`` says that ``a`` does not (insertion, contradiction);
* ``backward``: the same of ``a`` read after ``b``: what ``b`` leaves out (omission).

It runs with onnxruntime on an int8 model shipped in the package (no torch), one
pair per run, as many runs at once as it has threads. English only: the caller
decides which pairs it reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from drift.embed import inference_session
from drift.errors import ModelError

MODEL_FOLDER = Path(__file__).parent / "data" / "pair_model"
MEMO_SIZE = 50_000  # readings kept: a few batches of beads and their occlusion probes, a few MB


@dataclass(frozen=True)
class PairVerdict:
    """The pair model's reading of one pair (probabilities)."""

    drift: float
    forward: tuple[float, float, float]  # entailment, neutral, contradiction of b given a
    backward: tuple[float, float, float]  # ... of a given b
    complete: bool = True  # the model read both sides whole (nothing cut at its token limit)

    @property
    def contradiction(self) -> float:
        return max(self.forward[2], self.backward[2])

    @property
    def entailed(self) -> bool:
        """Either side more likely entails the other than not: a contradiction read the other way is then the
        model disagreeing with itself (contradiction is symmetric), not evidence."""
        return max(self.forward[0], self.backward[0]) >= 0.5

    @property
    def added(self) -> float:
        """How likely ``b`` says something ``a`` does not (not entailed by it)."""
        return 1.0 - self.forward[0]

    @property
    def dropped(self) -> float:
        """How likely ``b`` leaves out something ``a`` says (``a`` not entailed by ``b``)."""
        return 1.0 - self.backward[0]

    def features(self) -> list[float]:
        """The verdict as the score's features, in ``drift.scoring.PAIR_FEATURES`` order."""
        return [self.drift, self.contradiction, self.added, self.dropped]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -60.0, 60.0)))


class PairModel:
    """The ONNX pair model with its tokenizer; ``verdicts`` reads many pairs in one call."""

    def __init__(self, folder: Path = MODEL_FOLDER, threads: int = 2) -> None:
        model_file = folder / "pair_model.onnx"
        if not model_file.is_file():
            raise ModelError(f"{model_file}: the pair model is missing; reinstall drift or run `make pair-model`")
        try:
            from tokenizers import Tokenizer
        except ImportError as error:  # pragma: no cover - a dependency
            raise ModelError(f"the pair model needs {error.name}: pip install {error.name}") from error
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        digest = hashlib.blake2b(model_file.read_bytes(), digest_size=6).hexdigest()
        # Names the model in cache keys and signatures: a retrained model recomputes findings.
        self.signature = f"drift pair model {digest} (MiniLM cross-encoder, int8 onnx)"
        self.max_length = int(meta["max_length"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_length, strategy="longest_first")
        self.tokenizer.no_padding()
        # One pair per run is too small a job for two threads: each run gets one, and ``threads`` runs go at once
        # (measured on dev pairs, 2 cores: 159 runs/s with two threads a run, 353 with two runs of one thread).
        self.session = inference_session(model_file, 1, rebuild="make pair-model")
        self.threads = threads
        self._memo: dict[tuple[str, str], PairVerdict] = {}

    def _logits(self, pairs: Sequence[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """NLI logits (n, 3), drift logits (n,) and whether each pair was read whole.

        One pair per run: the model's int8 MatMuls scale their activations over the whole run, so a pair run
        in a batch would read differently beside other pairs (and padding costs as much as batching saves:
        measured on eval/pairs, one pair per run is as fast as batches of 32 sorted by length).
        """
        encodings = self.tokenizer.encode_batch(list(pairs))
        whole = np.array([not encoding.overflowing for encoding in encodings])

        def run(encoding: Any) -> tuple[np.ndarray, float]:
            feed: dict[str, Any] = {
                "input_ids": np.array([encoding.ids], dtype=np.int64),
                "attention_mask": np.ones((1, len(encoding.ids)), dtype=np.int64),
                "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
            }
            nli_logits, drift_logits = self.session.run(None, feed)
            return nli_logits[0], float(drift_logits.reshape(-1)[0])

        if len(encodings) == 1 or self.threads == 1:
            readings = [run(encoding) for encoding in encodings]
        else:  # a pool per call: a process forked later gets none of its threads
            with ThreadPoolExecutor(max_workers=self.threads) as runners:
                readings = list(runners.map(run, encodings))
        nli = np.array([reading[0] for reading in readings], dtype=np.float32).reshape(len(pairs), 3)
        drift = np.array([reading[1] for reading in readings], dtype=np.float32)
        return nli, drift, whole

    def verdicts(self, pairs: Sequence[tuple[str, str]]) -> list[PairVerdict]:
        """One verdict per (a, b) pair: each pair is read in both orders.

        Readings are kept (the last ``MEMO_SIZE``), so a caller can read a whole batch at once first
        (``drift pairs``: every bead of every pair in one call) and the rules' later questions are answered
        from it. A reading does not depend on its batch, so the memo changes no result.
        """
        missing = list(dict.fromkeys(pair for pair in pairs if pair not in self._memo))
        if missing:
            nli, drift, whole = self._logits([*missing, *((b, a) for a, b in missing)])
            n = len(missing)
            probabilities, drifts = _softmax(nli), _sigmoid(drift)
            for i, pair in enumerate(missing):
                self._memo[pair] = PairVerdict(
                    drift=float((drifts[i] + drifts[n + i]) / 2),
                    forward=_triple(probabilities[i]),
                    backward=_triple(probabilities[n + i]),
                    complete=bool(whole[i] and whole[n + i]),
                )
            while len(self._memo) > MEMO_SIZE:
                del self._memo[next(iter(self._memo))]
        return [self._memo[pair] for pair in pairs]


def _triple(row: np.ndarray) -> tuple[float, float, float]:
    return float(row[0]), float(row[1]), float(row[2])


@cache
def load_pair_model() -> PairModel:
    """The shipped pair model, loaded once per process."""
    return PairModel()
