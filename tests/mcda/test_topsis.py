"""TOPSIS: agreement with pymcdm, invariants, degenerate inputs, the batch kernel."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from matrank.errors import InputError
from matrank.mcda.order import rank_descending
from matrank.mcda.topsis import evaluate_batch, normalize, prepare, topsis


def pymcdm_closeness(x, w, benefit, normalization):
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS
    fn = {"vector": normalizations.vector_normalization, "minmax": normalizations.minmax_normalization}
    types = np.where(benefit, 1, -1)
    return TOPSIS(normalization_function=fn[normalization])(x, w / w.sum(), types)


@pytest.mark.parametrize("normalization", ["vector", "minmax"])
@pytest.mark.parametrize("seed", range(25))
def test_agrees_with_pymcdm_on_random_matrices(seed, normalization):
    rng = np.random.default_rng(seed)
    n, m = rng.integers(3, 30), rng.integers(2, 8)
    x = rng.uniform(0.1, 100.0, size=(n, m))
    w = rng.uniform(0.05, 1.0, size=m)
    benefit = rng.random(m) < 0.5
    res = topsis(x, w, benefit, normalization=normalization)
    np.testing.assert_allclose(res.closeness, pymcdm_closeness(x, w, benefit, normalization), atol=1e-9)


matrices = st.integers(2, 12).flatmap(lambda n: st.integers(1, 6).flatmap(
    lambda m: arrays(np.float64, (n, m), elements=st.floats(0.01, 1000.0))))


@settings(max_examples=80, deadline=None)
@given(matrices, st.data())
def test_closeness_in_unit_interval(x, data):
    m = x.shape[1]
    w = np.array(data.draw(st.lists(st.floats(0.01, 10.0), min_size=m, max_size=m)))
    benefit = data.draw(st.lists(st.booleans(), min_size=m, max_size=m))
    res = topsis(x, w, benefit)
    assert np.all(res.closeness >= 0) and np.all(res.closeness <= 1)
    assert sorted(res.rank.tolist()) == list(range(1, x.shape[0] + 1))


@settings(max_examples=60, deadline=None)
@given(matrices, st.data())
def test_rescaling_a_column_leaves_vector_topsis_unchanged(x, data):
    m = x.shape[1]
    w = np.ones(m)
    benefit = data.draw(st.lists(st.booleans(), min_size=m, max_size=m))
    scale = data.draw(st.lists(st.floats(0.001, 1000.0), min_size=m, max_size=m))
    base = topsis(x, w, benefit)
    scaled = topsis(x * np.array(scale), w, benefit)
    np.testing.assert_allclose(scaled.closeness, base.closeness, atol=1e-9)


def test_cost_criterion_prefers_the_lower_value():
    x = np.array([[1.0, 10.0], [2.0, 10.0], [3.0, 11.0]])
    res = topsis(x, [1, 1], [False, True])
    assert res.closeness[0] > res.closeness[1]


def test_nan_names_material_and_criterion():
    x = np.array([[1.0, 2.0], [3.0, np.nan]])
    with pytest.raises(InputError, match=r"wafer, patent: the value is not a finite number"):
        topsis(x, [1, 1], [True, True], alternatives=["sic", "wafer"], criteria=["imp", "patent"])


@pytest.mark.parametrize("weights", [[0.0, 1.0], [-1.0, 2.0], [np.nan, 1.0], [np.inf, 1.0]])
def test_bad_weights_are_errors(weights):
    with pytest.raises(InputError, match="weight of b is not a positive finite number"):
        topsis(np.array([[1.0, 2.0], [2.0, 1.0]]), weights[::-1], [True, True], criteria=["a", "b"])


def test_length_mismatches():
    with pytest.raises(InputError, match="weights and criteria differ"):
        topsis(np.ones((2, 2)), [1, 1, 1], [True, True])
    with pytest.raises(InputError, match="types and criteria differ"):
        topsis(np.array([[1.0, 2.0], [2.0, 1.0]]), [1, 1], [True])


def test_constant_column_is_weighted_out_with_a_warning():
    x = np.array([[1.0, 5.0, 3.0], [2.0, 5.0, 1.0], [3.0, 5.0, 2.0]])
    res = topsis(x, [0.25, 0.5, 0.25], [True, True, True], criteria=["a", "flat", "c"])
    assert res.constant_columns == (1,)
    np.testing.assert_allclose(res.weights, [0.5, 0.0, 0.5])
    assert any("weighted out" in w and "flat" in w for w in res.warnings)
    ref = topsis(x[:, [0, 2]], [0.5, 0.5], [True, True])
    np.testing.assert_allclose(res.closeness, ref.closeness, atol=1e-12)
    assert not np.any(np.isnan(res.closeness))


def test_all_zero_column_does_not_produce_nan():
    x = np.array([[0.0, 1.0], [0.0, 2.0]])
    res = topsis(x, [1, 1], [True, True])
    assert not np.any(np.isnan(res.closeness))
    np.testing.assert_allclose(res.closeness, [0.0, 1.0])


def test_all_constant_gives_half_with_warning():
    res = topsis(np.full((3, 2), 4.0), [1, 1], [True, False])
    np.testing.assert_allclose(res.closeness, 0.5)
    assert any("every criterion is constant" in w for w in res.warnings)


def test_ties_keep_input_order_and_are_reported():
    x = np.array([[1.0, 2.0], [2.0, 1.0], [1.5, 1.5], [2.0, 1.0]])
    res = topsis(x, [1, 1], [True, True], alternatives=["a", "b", "c", "d"])
    assert (1, 3) in res.ties
    assert res.rank[1] < res.rank[3]
    assert any("tie broken by input order: b = d" in w for w in res.warnings)


def test_rank_descending_is_deterministic():
    rank, ties = rank_descending(np.array([0.3, 0.9, 0.3, 0.1]))
    assert rank.tolist() == [2, 1, 3, 4]
    assert ties == ((0, 2),)


def test_minmax_normalization_of_constant_column_is_zero():
    r = normalize(np.array([[2.0, 1.0], [2.0, 3.0]]), "minmax")
    np.testing.assert_allclose(r, [[0.0, 0.0], [0.0, 1.0]])


@pytest.mark.parametrize("normalization", ["vector", "minmax"])
def test_batch_equals_single_matrix_path(normalization):
    rng = np.random.default_rng(7)
    x = rng.uniform(1, 10, size=(40, 4))
    benefit = np.array([True, False, False, True])
    w = rng.dirichlet(np.ones(4), size=257)
    batch = evaluate_batch(prepare(x, normalization), w, benefit).T
    for k in range(0, 257, 16):
        single = topsis(x, w[k], benefit, normalization=normalization).closeness
        # the two forms differ only in the order of operations: a few units in the last place
        np.testing.assert_allclose(batch[k], single, rtol=0, atol=1e-15)


def test_batch_agrees_with_pymcdm():
    rng = np.random.default_rng(11)
    x = rng.uniform(1, 10, size=(25, 5))
    benefit = rng.random(5) < 0.5
    w = rng.dirichlet(np.ones(5), size=30)
    batch = evaluate_batch(prepare(x, "vector"), w, benefit).T
    for k in range(30):
        np.testing.assert_allclose(batch[k], pymcdm_closeness(x, w[k], benefit, "vector"), atol=1e-9)


def test_batch_with_per_sample_matrices():
    rng = np.random.default_rng(3)
    xs = rng.uniform(1, 10, size=(20, 8, 3))
    w = rng.dirichlet(np.ones(3), size=20)
    benefit = np.array([True, False, True])
    columns = [np.ascontiguousarray(xs[:, :, j].T) for j in range(3)]        # M arrays (N × k)
    batch = evaluate_batch(prepare(columns, "vector"), w, benefit).T
    for k in range(20):
        np.testing.assert_allclose(batch[k], topsis(xs[k], w[k], benefit).closeness, atol=1e-12)


def test_closeness_from_squares_edge_cases():
    from matrank.mcda.topsis import closeness_from_squares
    dp2 = np.array([[4.0, 0.0, 0.0, 1.0]])
    dm2 = np.array([[0.0, 0.0, 9.0, 1.0]])
    np.testing.assert_allclose(closeness_from_squares(dp2, dm2), [[0.0, 0.5, 1.0, 0.5]])
