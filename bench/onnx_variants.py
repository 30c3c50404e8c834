"""Which int8 quantisation of MiniLM keeps the vectors: cosine to torch and speed, per variant.

    python tools/export_encoder.py --variants /tmp/onnx-variants
    python bench/onnx_variants.py /tmp/onnx-variants [--rounds 3]
    python bench/onnx_variants.py        # the shipped drift/data/minilm/model.onnx against torch (make bench-encoder)

Texts: the sentences of ``seeds/*.txt`` as drift segments them (``Sentence.norm``, what the
pipeline embeds). Reference: the torch sentence-transformers vectors. Speeds are taken in
interleaved rounds (each variant once per round, the median kept), so a busy machine slows all
variants alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drift.embed import ONNX_FOLDER, OnnxEncoder, OnnxModel, load_encoder  # noqa: E402


def seed_sentences() -> list[str]:
    """The normalized sentences of the seeds, deduplicated, as drift's segmenter cuts them."""
    from drift.clean import clean_documents, profile_corpus
    from drift.ingest import read_corpus
    from drift.segment import segment_articles

    corpus = read_corpus([str(ROOT / "seeds")])
    documents = [document for document in corpus.documents if document.ok]
    articles = segment_articles(clean_documents(documents, profile_corpus(documents)))
    return list(dict.fromkeys(sentence.norm for article in articles for sentence in article.sentences))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "folder",
        type=Path,
        nargs="?",
        default=ONNX_FOLDER,
        help="the variants written by tools/export_encoder.py --variants (default: the shipped model)",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="these variants (file stems) only")
    args = parser.parse_args()
    texts = seed_sentences()
    torch_encoder = load_encoder(backend="torch", device="cpu")
    reference = torch_encoder.encode(texts)
    paths = sorted(args.folder.glob("*.onnx"))
    if args.only:
        paths = [path for path in paths if path.stem in args.only]
    encoders = {
        path.stem: OnnxEncoder(
            OnnxModel(model=path, tokenizer=ONNX_FOLDER / "tokenizer.json"), signature=path.stem, device="cpu"
        )
        for path in paths
    }
    cosines = {name: np.sum(encoder.encode(texts) * reference, axis=1) for name, encoder in encoders.items()}
    timings: dict[str, list[float]] = {name: [] for name in ["torch", *encoders]}
    for _ in range(args.rounds):
        for name, encoder in [("torch", torch_encoder), *encoders.items()]:
            start = time.perf_counter()
            encoder.encode(texts)
            timings[name].append(time.perf_counter() - start)
    torch_time = statistics.median(timings["torch"])
    print(
        f"{len(texts)} seed sentences, {args.rounds} interleaved rounds (median); torch "
        f"{len(texts) / torch_time:.0f} sentences/s"
    )
    print(f"{'variant':<34} {'MiB':>6} {'min cos':>8} {'mean cos':>8} {'p1 cos':>7} {'sent/s':>7} {'vs torch':>8}")
    for name in encoders:
        seconds = statistics.median(timings[name])
        size = (args.folder / f"{name}.onnx").stat().st_size / 2**20
        values = cosines[name]
        print(
            f"{name:<34} {size:>6.1f} {values.min():>8.4f} {values.mean():>8.4f} {np.percentile(values, 1):>7.4f} "
            f"{len(texts) / seconds:>7.0f} {torch_time / seconds:>7.2f}x"
        )


if __name__ == "__main__":
    main()
