"""The encoders of a run: the default one, and the multilingual one that takes over what it cannot read.

Every command that embeds sentences loads them here (``load_encoders``), and
every stage that chooses between them asks ``pick_encoder``: one rule for which
encoder reads which text. Loading is cheap (weights are read on the first
``encode``), so nothing here imports a model runtime at module level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from drift.errors import ModelError

if TYPE_CHECKING:
    from drift.embed import EmbeddingCache, Encoder

EMBEDDINGS_FILE = "embeddings.sqlite3"
"""The sentence vectors' file in a cache folder (``--cache-dir``)."""


@dataclass(frozen=True)
class Encoders:
    """The encoder a run embeds with, and the multilingual one for texts it cannot read (None: none)."""

    default: Encoder
    multilingual: Encoder | None = None

    def pick(self, languages: Sequence[str | None]) -> Encoder:
        """The encoder for texts in these languages (``pick_encoder``)."""
        return pick_encoder(self.default, self.multilingual, languages)


def load_encoders(
    model: str | None = None,
    *,
    backend: str | None = None,
    device: str = "auto",
    cache_dir: Path | str | None = None,
    multilingual: bool = True,
) -> Encoders:
    """The encoders of a run, each keeping its vectors in ``cache_dir`` (None: no cache).

    ``multilingual=False`` loads the default one only (``drift pairs``).
    """
    default = load_default(model, backend=backend, device=device, cache_dir=cache_dir)
    return Encoders(default, load_multilingual(model, cache_dir=cache_dir) if multilingual else None)


def load_default(
    model: str | None = None, *, backend: str | None = None, device: str = "auto", cache_dir: Path | str | None = None
) -> Encoder:
    """The encoder ``model`` names (``--model``; None: all-MiniLM-L6-v2), remembering its vectors in ``cache_dir``."""
    from drift.embed import CachedEncoder, load_encoder

    return CachedEncoder(load_encoder(model, backend=backend, device=device), _cache(cache_dir))


def load_multilingual(model: str | None = None, *, cache_dir: Path | str | None = None) -> Encoder | None:
    """With the default model, the multilingual encoder that takes over texts in other languages.

    A model named with ``model`` is used for everything, as asked: None. None
    too when the multilingual package is not installed.
    """
    from drift.embed import MULTILINGUAL_MODEL, CachedEncoder, load_encoder

    if model is not None:
        return None
    cache = _cache(cache_dir)
    try:
        return CachedEncoder(load_encoder(MULTILINGUAL_MODEL), cache)
    except ModelError:
        return None


def _cache(cache_dir: Path | str | None) -> EmbeddingCache | None:
    from drift.embed import EmbeddingCache

    return None if cache_dir is None else EmbeddingCache(Path(cache_dir) / EMBEDDINGS_FILE)


def reads(encoder: Encoder, language: str | None) -> bool:
    """Whether an encoder reads a language: multilingual ones all, the others English (or unknown)."""
    return encoder.multilingual or language in (None, "en")


def pick_encoder(encoder: Encoder, multilingual: Encoder | None, languages: Sequence[str | None]) -> Encoder:
    """The encoder for texts in these languages: the multilingual one if the default cannot read them all."""
    if multilingual is None or all(reads(encoder, language) for language in languages):
        return encoder
    return multilingual
