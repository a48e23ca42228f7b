"""The Keras MLP builder and its scikit-learn estimator."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from rnadl.mlp import KerasMLPClassifier, build_mlp


def toy_problem(rows: int = 200) -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.default_rng(0)
    features = generator.normal(size=(rows, 3))
    labels = np.where(features[:, 0] + 0.5 * features[:, 1] > 0, "yes", "no")
    return features, labels


def test_build_mlp_layers_and_parameter_count() -> None:
    model = build_mlp(7, (16,))
    assert model.count_params() == (7 + 1) * 16 + (16 + 1) * 1
    deep = build_mlp(7, (64, 32, 16))
    assert deep.count_params() == 8 * 64 + 65 * 32 + 33 * 16 + 17
    assert [layer.name for layer in deep.layers] == ["hidden_1", "hidden_2", "hidden_3", "output"]
    assert deep.layers[-1].activation.__name__ == "sigmoid"


@pytest.mark.parametrize("n_inputs, hidden", [(0, (4,)), (3, ()), (3, (4, 0)), (3, (-2,))])
def test_build_mlp_rejects_bad_sizes(n_inputs: int, hidden: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="positive"):
        build_mlp(n_inputs, hidden)


def test_classifier_learns_a_linear_rule_and_reports_history() -> None:
    features, labels = toy_problem()
    model = KerasMLPClassifier((8,), learning_rate=1e-2, max_epochs=40, patience=10).fit(features, labels)
    assert list(model.classes_) == ["no", "yes"]
    assert model.score(features, labels) > 0.9
    probabilities = model.predict_proba(features)
    assert probabilities.shape == (len(labels), 2)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-6)
    assert {"loss", "val_loss", "accuracy", "val_accuracy"} <= set(model.history_.columns)
    assert 1 <= model.best_epoch_ <= len(model.history_) <= 40
    assert model.history_["val_loss"].idxmin() == model.best_epoch_


def test_classifier_is_deterministic_and_clonable() -> None:
    features, labels = toy_problem(120)
    template = KerasMLPClassifier((4,), max_epochs=5, patience=5, random_state=7)
    first = clone(template).fit(features, labels).predict_proba(features)
    second = clone(template).fit(features, labels).predict_proba(features)
    np.testing.assert_array_equal(first, second)
    scores = cross_val_score(template, features, labels, cv=3)
    assert scores.shape == (3,)


def test_classifier_rejects_more_than_two_classes() -> None:
    features, _ = toy_problem(30)
    with pytest.raises(ValueError, match="needs 2 classes"):
        KerasMLPClassifier(max_epochs=1).fit(features, np.arange(30) % 3)
