"""The small linear model the claims and tone stages share (sitroom/train/linear.py)."""

from __future__ import annotations

from sitroom.train import linear


def toy() -> tuple[list[list[str]], list[str]]:
    examples = [["because", "x"], ["due", "y"], ["because", "y"], ["due", "x"],
                ["said", "x"], ["met", "y"], ["said", "y"], ["met", "x"]] * 3
    labels = ["1", "1", "1", "1", "0", "0", "0", "0"] * 3
    return examples, labels


def test_claims_model_learns_which_words_matter():
    model = linear.fit(*toy(), min_count=1)
    assert model.predict(["because", "z"]) == "1"
    assert model.predict(["met", "z"]) == "0"
    assert model.probabilities(["because"])["1"] > 0.8
    assert abs(sum(model.probabilities(["x"]).values()) - 1.0) < 1e-9


def test_claims_model_ignores_unseen_and_rare_features():
    model = linear.fit(*toy(), min_count=4)
    assert "never-seen" not in model.weights
    assert model.scores(["never-seen"]) == list(model.bias)


def test_claims_model_is_deterministic_and_round_trips(tmp_path):
    first, second = linear.fit(*toy()), linear.fit(*toy())
    assert first == second
    path = tmp_path / "model.json"
    first.save(path, trained_on="toy")
    assert linear.LinearModel.load(path) == first


def test_claims_model_handles_three_classes():
    examples = [["good"], ["bad"], ["table"]] * 5
    model = linear.fit(examples, ["positive", "negative", "neutral"] * 5, min_count=1)
    assert [model.predict([w]) for w in ("good", "bad", "table")] == \
        ["positive", "negative", "neutral"]


def test_claims_model_dense_part_learns_from_vectors_and_round_trips(tmp_path):
    examples = [["x"], ["y"]] * 10
    # the words say nothing (x and y are each half causal); the vector's first value does
    vectors = [[1.0, 0.3], [1.0, -0.2], [-1.0, 0.1], [-1.0, 0.0]] * 5
    labels = ["1", "1", "0", "0"] * 5
    model = linear.fit(examples, labels, min_count=1, vectors=vectors, dense_source="pipe")
    assert model.dense is not None and model.dense.source == "pipe"
    assert model.probabilities(["x"], [1.0, 0.0])["1"] > 0.8
    assert model.probabilities(["x"], [-1.0, 0.0])["1"] < 0.2
    # without a vector the model scores on the sparse features alone
    sparse_only = model.weights.get("x", (0.0, 0.0))
    assert model.scores(["x"]) == [b + w for b, w in zip(model.bias, sparse_only)]
    path = tmp_path / "model.json"
    model.save(path)
    assert linear.LinearModel.load(path) == model


def test_claims_model_without_vectors_has_no_dense_part():
    assert linear.fit(*toy()).dense is None
