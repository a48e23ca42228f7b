"""The one walk over a Keras model's graph of layer calls.

This is the only module of rnadl that reads Keras's private attributes (a
symbolic tensor's ``_keras_history`` and a layer's ``_inbound_nodes``);
tests/test_keras_graph.py fails with a clear message when a Keras upgrade
changes them. Everything else (diagrams, multiply-add counts) walks models
through the functions here.
"""

import keras


def producer(tensor: keras.KerasTensor):
    """The graph node (one call of a layer) that produced a symbolic tensor."""
    operation, node_index, _ = tensor._keras_history
    return operation._inbound_nodes[node_index]


def parents(node) -> list:
    """The nodes whose outputs feed a node (none for an input)."""
    return [] if node.is_input else [producer(t) for t in node.input_tensors]


def layer_calls(model: keras.Model, expand_nested: bool = False) -> list:
    """Every layer call (keras Node) from the model's inputs to its outputs.

    Parents always come before their children, and each chain of layers stays
    together (a depth-first walk from the outputs). With expand_nested, a
    nested model's call is replaced by its own layer calls.
    """
    outputs = getattr(model, "outputs", None)
    if not outputs:
        raise ValueError(
            f"Model {model.name!r} has no defined inputs and outputs; build "
            "it on keras.Input (functional API, or keras.Sequential starting "
            "with keras.Input)."
        )
    order: list = []  # post-order of a depth-first walk from the outputs
    seen: set[int] = set()
    for tensor in outputs:
        stack = [(producer(tensor), False)]
        while stack:
            node, expanded = stack.pop()
            if id(node) in seen:
                continue
            if expanded:
                seen.add(id(node))
                order.append(node)
                continue
            stack.append((node, True))
            stack.extend(
                (parent, False)
                for parent in reversed(parents(node))
                if id(parent) not in seen
            )
    if not expand_nested:
        return order
    calls = []
    for node in order:
        if isinstance(node.operation, keras.Model):
            calls.extend(layer_calls(node.operation, expand_nested=True))
        else:
            calls.append(node)
    return calls
