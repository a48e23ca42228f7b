"""TensorFlow.js layers models: read the weights manifest and binary shards,
load them into Keras."""

import json
import math
from pathlib import Path

import keras
import numpy as np

# The little-endian types a tfjs shard may store without quantization.
TFJS_DTYPES = {"float32": np.dtype("<f4"), "int32": np.dtype("<i4")}


def read_tfjs_weights(model_json: Path) -> dict[str, np.ndarray]:
    """Parse a tfjs layers-model's weightsManifest and shards (beside
    model.json) into name -> array."""
    model_json = Path(model_json)
    spec = json.loads(model_json.read_text(encoding="utf-8"))
    if spec.get("format") != "layers-model" or "weightsManifest" not in spec:
        raise ValueError(
            f"{model_json} is not a TensorFlow.js layers-model with a "
            "weightsManifest."
        )
    weights: dict[str, np.ndarray] = {}
    for group in spec["weightsManifest"]:
        shards = [model_json.parent / name for name in group["paths"]]
        missing = [str(path) for path in shards if not path.is_file()]
        if missing:
            raise FileNotFoundError(
                f"Weight shards named by {model_json} are missing: {missing}."
            )
        data = b"".join(path.read_bytes() for path in shards)
        offset = 0
        for entry in group["weights"]:
            name, shape = entry["name"], tuple(entry["shape"])
            if "quantization" in entry or entry["dtype"] not in TFJS_DTYPES:
                raise ValueError(
                    f"Weight {name!r} is quantized or of dtype "
                    f"{entry['dtype']!r}; unsupported."
                )
            dtype = TFJS_DTYPES[entry["dtype"]]
            size = math.prod(shape) * dtype.itemsize
            if offset + size > len(data):
                raise ValueError(
                    f"The shards of {model_json} end inside weight {name!r}: "
                    "they are truncated."
                )
            weights[name] = np.frombuffer(
                data, dtype, math.prod(shape), offset
            ).reshape(shape)
            offset += size
        if offset != len(data):
            raise ValueError(
                f"The shards {group['paths']} hold {len(data) - offset} bytes "
                "beyond the weights their manifest lists; they do not belong "
                f"to {model_json}."
            )
    return weights


def load_tfjs_weights(model: keras.Model, model_json: Path) -> None:
    """Set every weight of model from a tfjs layers-model, matched by layer
    name and shape; all or nothing."""
    arrays = read_tfjs_weights(model_json)
    targets = {
        f"{layer.name}/{variable.name}": variable
        for layer in model.layers
        for variable in layer.weights
    }
    problems = [
        f"{name}: in the model, not in {Path(model_json).name}"
        for name in targets.keys() - arrays.keys()
    ]
    problems += [
        f"{name}: in {Path(model_json).name}, not in the model"
        for name in arrays.keys() - targets.keys()
    ]
    problems += [
        f"{name}: shape {tuple(targets[name].shape)} in the model, "
        f"{arrays[name].shape} in the file"
        for name in targets.keys() & arrays.keys()
        if tuple(targets[name].shape) != arrays[name].shape
    ]
    if problems:
        raise ValueError(
            f"The weights of {model_json} do not fit model {model.name!r}: "
            + "; ".join(sorted(problems))
        )
    for name, variable in targets.items():
        variable.assign(arrays[name])
