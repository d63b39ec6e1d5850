"""VIKOR (Opricovic & Tzeng 2004) through the ranking seam: a hand-worked example, agreement
with pymcdm on random inputs, degenerate input, and the batch form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matrank.mcda import ranking, vikor
from matrank.mcda.topsis import check_weights
from matrank.mcda.vikor import evaluate, evaluate_batch, prepare


def test_hand_worked_example():
    """Three alternatives, two benefit criteria, equal weights (worked out in the docstring's terms):
    f* = (3, 3), f− = (1, 1); S = (0.5, 0.75, 0.25), R = (0.5, 0.5, 0.25);
    Q = 0.5·(S − 0.25)/0.5 + 0.5·(R − 0.25)/0.25 = (0.75, 1, 0)."""
    res = evaluate(np.array([[1.0, 3.0], [2.0, 1.0], [3.0, 2.0]]), [1, 1], [True, True])
    np.testing.assert_allclose(res.s, [0.5, 0.75, 0.25])
    np.testing.assert_allclose(res.r, [0.5, 0.5, 0.25])
    np.testing.assert_allclose(res.q, [0.75, 1.0, 0.0])
    np.testing.assert_allclose(res.score, [0.25, 0.0, 1.0])
    assert res.rank.tolist() == [2, 3, 1]
    assert res.detail(0) == {"s": 0.5, "r": 0.5, "q": 0.75}
    assert res.explain_criterion(1, 1) == {"best": 3.0, "worst": 1.0, "gap": 1.0, "weighted_gap": 0.5}


def test_cost_criterion_reverses_the_gap():
    res = evaluate(np.array([[1.0, 5.0], [2.0, 5.5], [3.0, 7.0]]), [1, 1], [False, True])
    assert res.best.tolist() == [1.0, 7.0] and res.worst.tolist() == [3.0, 5.0]
    assert res.gaps[0, 0] == 0.0 and res.gaps[2, 0] == 1.0


def pymcdm_vikor(x, w, benefit):
    from pymcdm.methods import VIKOR
    body = VIKOR()
    types = np.where(benefit, 1, -1)
    _, _, _, s, r, q = body._method(x, w / w.sum(), types)
    return s, r, q


@pytest.mark.parametrize("seed", range(25))
def test_agrees_with_pymcdm(seed):
    rng = np.random.default_rng(seed)
    n, m = rng.integers(3, 30), rng.integers(2, 8)
    x = rng.uniform(0.1, 100.0, size=(n, m))
    w = rng.dirichlet(np.ones(m))
    benefit = rng.random(m) < 0.5
    res = evaluate(x, w, benefit)
    s, r, q = pymcdm_vikor(x, w, benefit)
    np.testing.assert_allclose(res.s, s, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.r, r, rtol=0, atol=1e-9)
    np.testing.assert_allclose(res.q, q, rtol=0, atol=1e-9)


def test_batch_is_the_scalar_form_exactly():
    rng = np.random.default_rng(4)
    x = rng.uniform(1, 10, size=(20, 4))
    benefit = np.array([True, False, True, True])
    w = rng.dirichlet(np.ones(4), size=50)
    for k in range(50):
        one = evaluate_batch(prepare(x), check_weights(w[k], 4)[None, :], benefit)[:, 0]
        np.testing.assert_array_equal(one, evaluate(x, w[k], benefit).score)
    batch = evaluate_batch(prepare(x), w, benefit)
    for k in range(50):
        np.testing.assert_allclose(batch[:, k], evaluate(x, w[k], benefit).score, rtol=0, atol=1e-15)


def test_batch_on_sampled_matrices():
    rng = np.random.default_rng(5)
    xs = rng.uniform(1, 10, size=(30, 9, 3))       # 30 samples of a 9 × 3 matrix
    w = rng.dirichlet(np.ones(3), size=30)
    benefit = np.array([True, False, True])
    columns = [np.ascontiguousarray(xs[:, :, j].T) for j in range(3)]
    batch = evaluate_batch(prepare(columns), w, benefit)
    for k in range(30):
        np.testing.assert_allclose(batch[:, k], evaluate(xs[k], w[k], benefit).score, rtol=0, atol=1e-12)


def test_constant_criterion_is_weighted_out_with_a_warning():
    x = np.array([[1.0, 4.0], [2.0, 4.0], [3.0, 4.0]])
    res = evaluate(x, [0.5, 0.5], [True, True], criteria=["a", "b"])
    assert np.all(np.isfinite(res.score))
    assert any("constant criterion weighted out" in w and "b" in w for w in res.warnings)
    only_a = evaluate(x[:, :1], [1.0], [True])
    np.testing.assert_allclose(res.score, only_a.score)


def test_all_materials_equal_give_a_defined_score_and_a_warning():
    res = evaluate(np.ones((4, 3)), [1, 1, 1], [True, False, True])
    np.testing.assert_array_equal(res.score, 0.5)
    assert res.warnings and "every criterion is constant" in res.warnings[0]
    twins = evaluate(np.array([[1.0, 2.0], [1.0, 2.0], [1.0, 2.0 + 1e-300]]), [1, 1], [True, True])
    assert np.all(np.isfinite(twins.score))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 8), st.integers(1, 5), st.data())
def test_scores_lie_in_the_unit_interval_and_ignore_weight_scale(n, m, data):
    x = np.array(data.draw(st.lists(st.lists(st.floats(0.0, 1e6), min_size=m, max_size=m),
                                    min_size=n, max_size=n)))
    w = np.array(data.draw(st.lists(st.floats(0.01, 100.0), min_size=m, max_size=m)))
    benefit = data.draw(st.lists(st.booleans(), min_size=m, max_size=m))
    res = evaluate(x, w, benefit)
    assert np.all((res.score >= 0) & (res.score <= 1))
    np.testing.assert_allclose(evaluate(x, 7.0 * w, benefit).score, res.score, atol=1e-12)


def test_the_seam_knows_both_methods():
    assert ranking.method("vikor") is vikor
    assert ranking.normalization("vikor", None) == "range"
    assert ranking.normalization("topsis", None) == "vector"
