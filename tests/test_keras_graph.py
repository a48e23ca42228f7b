"""The one graph walker, and a canary for the Keras internals it reads."""

import keras
import pytest

from rnadl.keras_graph import layer_calls, parents, producer


def branching_model() -> keras.Model:
    inputs = keras.Input((8,), name="x")
    left = keras.layers.Dense(4, name="left")(inputs)
    right = keras.layers.Dense(4, name="right")(inputs)
    merged = keras.layers.Add(name="add")([left, right])
    return keras.Model(inputs, keras.layers.Dense(2, name="out")(merged))


def test_keras_internals_the_walker_reads_are_still_there() -> None:
    """Canary: fails first, and says what to update, when Keras changes its
    graph internals."""
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    tensor = model.outputs[0]
    message = (
        f"Keras {keras.__version__} changed the graph internals that "
        "rnadl.keras_graph reads (KerasTensor._keras_history, "
        "Operation._inbound_nodes, Node.input_tensors/is_input): update "
        "rnadl/keras_graph.py, the only module that touches them."
    )
    assert hasattr(tensor, "_keras_history"), message
    operation, node_index, _ = tensor._keras_history
    assert hasattr(operation, "_inbound_nodes"), message
    node = operation._inbound_nodes[node_index]
    for attribute in (
        "operation",
        "input_tensors",
        "output_tensors",
        "is_input",
    ):
        assert hasattr(node, attribute), message
    assert producer(tensor) is node


def test_parents_come_before_children_and_chains_stay_together() -> None:
    names = [node.operation.name for node in layer_calls(branching_model())]
    assert names == ["x", "left", "right", "add", "out"]
    add = layer_calls(branching_model())[3]
    assert [p.operation.name for p in parents(add)] == ["left", "right"]


def test_nested_models_are_expanded_on_request() -> None:
    inner = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(3, name="inner_dense")],
        name="inner",
    )
    inputs = keras.Input((8,), name="x")
    model = keras.Model(inputs, inner(inputs))
    assert [n.operation.name for n in layer_calls(model)] == ["x", "inner"]
    expanded = layer_calls(model, expand_nested=True)
    # The nested model's own input layer, then its Dense: no call of "inner".
    assert [type(n.operation).__name__ for n in expanded] == [
        "InputLayer",
        "InputLayer",
        "Dense",
    ]
    assert expanded[-1].operation.name == "inner_dense"


def test_a_model_without_a_graph_is_refused() -> None:
    with pytest.raises(ValueError, match="build it on keras.Input"):
        layer_calls(keras.Sequential([keras.layers.Dense(2)]))
