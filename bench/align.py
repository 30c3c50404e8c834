"""Alignment time on a ~500-sentence pair: sentence encoding, concatenation encoding and the DP, separately.

Usage: python bench/align.py [SET_FOLDER]  (default ../shared/aligndev/textberg-defr: 468 and 554 lines)

No embedding cache: every sentence and concatenation is encoded, as on a first run.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from drift.align import align_articles
from drift.clean import CorpusProfile, clean_documents
from drift.embed import MULTILINGUAL_MODEL, load_encoder
from drift.ingest import read_corpus
from drift.pipeline import _presegmented
from drift.thresholds import thresholds_for

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT.parent / "shared" / "aligndev" / "textberg-defr"
    encoder = load_encoder(MULTILINGUAL_MODEL)
    thresholds = thresholds_for(encoder.family)
    documents = read_corpus([str(folder / "dev.src"), str(folder / "dev.tgt")]).documents
    ref, var = (_presegmented(a) for a in clean_documents(documents, CorpusProfile(), thresholds.clean))
    encoder.encode(["warm up"])
    start = time.perf_counter()
    vectors = [encoder.encode([s.norm for s in article.sentences]) for article in (ref, var)]
    sentences_s = time.perf_counter() - start
    spans = {"count": 0, "seconds": 0.0}

    def encode(texts: Sequence[str]) -> np.ndarray:
        began = time.perf_counter()
        result = encoder.encode(texts)
        spans["count"] += len(texts)
        spans["seconds"] += time.perf_counter() - began
        return result

    start = time.perf_counter()
    align_articles(ref, var, *vectors, params=thresholds.align, rendering_coverage=0.7, encode=encode)
    total_s = time.perf_counter() - start
    print(f"{folder.name}: {len(ref.sentences)} x {len(var.sentences)} sentences, {encoder.signature}")
    print(f"  encoding the sentences       {sentences_s:6.2f} s")
    print(f"  encoding {spans['count']:5} concatenations {spans['seconds']:6.2f} s")
    print(f"  DP and scoring               {total_s - spans['seconds']:6.2f} s")
    print(f"  alignment (all but sentences) {total_s:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
