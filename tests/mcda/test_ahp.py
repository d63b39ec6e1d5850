"""AHP: priorities, consistency, Harker completion, inconsistent pairs, hierarchies, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matrank.errors import InputError
from matrank.mcda.ahp import (SAATY_SCALE, analyse, format_judgment, from_judgments, gci,
                              global_weights, harker_complete, nearest_saaty, pairwise_matrix,
                              parse_judgment, random_index)


def consistent_matrix(w):
    w = np.asarray(w, dtype=float)
    return np.outer(w, 1 / w)


positive_vectors = st.lists(st.floats(0.05, 20.0), min_size=2, max_size=9).map(np.array)


@settings(max_examples=60, deadline=None)
@given(positive_vectors)
def test_consistent_matrix_returns_its_weights_with_cr_zero(w):
    labels = [f"c{k}" for k in range(len(w))]
    res = analyse(pairwise_matrix(labels, consistent_matrix(w), any_scale=True))
    np.testing.assert_allclose(res.weights, w / w.sum(), rtol=1e-9, atol=1e-12)
    assert abs(res.cr) < 1e-9
    assert abs(res.gci) < 1e-9
    assert res.inconsistent_pairs == ()


saaty_values = st.sampled_from(SAATY_SCALE)


@st.composite
def saaty_matrices(draw, min_n=2, max_n=9):
    n = draw(st.integers(min_n, max_n))
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            v = draw(saaty_values)
            a[i, j], a[j, i] = v, 1 / v
    return a


@settings(max_examples=80, deadline=None)
@given(saaty_matrices(), st.sampled_from(["eigen", "geometric"]))
def test_weights_are_positive_and_sum_to_one(a, method):
    labels = [f"c{k}" for k in range(a.shape[0])]
    res = analyse(pairwise_matrix(labels, a), method=method)
    assert np.all(res.weights > 0)
    assert math.isclose(res.weights.sum(), 1.0, rel_tol=1e-12)
    assert res.lambda_max >= a.shape[0] - 1e-9
    assert res.cr >= 0


@settings(max_examples=50, deadline=None)
@given(saaty_matrices(min_n=3))
def test_matrix_is_reciprocal_after_validation(a):
    pm = pairwise_matrix([str(k) for k in range(a.shape[0])], np.triu(a) + np.tril(np.full_like(a, np.nan), -1))
    np.testing.assert_allclose(pm.values * pm.values.T, 1.0, rtol=1e-12)


def test_eigenvector_matches_numpy_exactly():
    a = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    vals, vecs = np.linalg.eig(a)
    k = np.argmax(vals.real)
    expected = np.abs(vecs[:, k].real) / np.abs(vecs[:, k].real).sum()
    res = analyse(pairwise_matrix("abc", a))
    np.testing.assert_allclose(res.weights, expected, rtol=1e-12)
    assert math.isclose(res.lambda_max, vals[k].real, rel_tol=1e-12)


def test_geometric_method_is_row_geometric_mean():
    a = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    g = np.prod(a, axis=1) ** (1 / 3)
    res = analyse(pairwise_matrix("abc", a), method="geometric")
    np.testing.assert_allclose(res.weights, g / g.sum(), rtol=1e-12)


def test_cr_is_zero_for_two_elements_and_ri_named():
    res = analyse(pairwise_matrix(["a", "b"], np.array([[1, 7], [1 / 7, 1]])))
    assert res.cr == 0 and res.consistent and res.ri_table == "saaty1980"
    np.testing.assert_allclose(res.weights, [7 / 8, 1 / 8])


def test_ri_tables_and_range_error():
    assert random_index(4, "saaty1980") == 0.90
    assert random_index(4, "saaty2008") == 0.89
    assert random_index(15, "saaty1980") == 1.59
    with pytest.raises(InputError, match=r"RI table saaty1980 covers n = 3..15 only.*alonso-lamata"):
        random_index(16, "saaty1980")
    assert random_index(16, "alonso-lamata") == pytest.approx((1.7699 * 16 - 4.3513) / 15)


def test_alonso_lamata_cr_formula():
    a = np.array([[1, 5, 1 / 3], [1 / 5, 1, 1 / 7], [3, 7, 1]])
    res = analyse(pairwise_matrix("abc", a), ri_table="alonso-lamata")
    assert res.cr == pytest.approx((res.lambda_max - 3) / (1.7699 * 3 - 4.3513), rel=1e-12)


def test_graduated_thresholds():
    a = np.array([[1, 2, 5], [1 / 2, 1, 4], [1 / 5, 1 / 4, 1]])
    res = analyse(pairwise_matrix("abc", a), graduated=True)
    assert res.threshold == 0.05
    res4 = analyse(pairwise_matrix("abcd", consistent_matrix([1, 2, 3, 4]), any_scale=True), graduated=True)
    assert res4.threshold == 0.08


def test_gci_formula_by_hand():
    a = np.array([[1, 3, 1 / 2], [1 / 3, 1, 1 / 5], [2, 5, 1]])
    g = np.prod(a, axis=1) ** (1 / 3)
    w = g / g.sum()
    total = sum(math.log(a[i, j] * w[j] / w[i]) ** 2 for i in range(3) for j in range(i + 1, 3))
    assert gci(a) == pytest.approx(2 / (2 * 1) * total, rel=1e-12)


def test_inconsistent_pairs_rank_the_worst_judgment_first():
    # b over c is 1/5 while a/b = 2 and a/c = 4 imply b/c = 2: that judgment stands out.
    a = np.array([[1, 2, 4, 3], [1 / 2, 1, 1 / 5, 2], [1 / 4, 5, 1, 1 / 2], [1 / 3, 1 / 2, 2, 1]])
    res = analyse(pairwise_matrix("abcd", a))
    assert not res.consistent
    worst = res.inconsistent_pairs[0]
    assert {worst.a, worst.b} == {"b", "c"}
    assert worst.suggested == nearest_saaty(res.weight_map()[worst.a] / res.weight_map()[worst.b])
    assert len(res.inconsistent_pairs) == 3
    spreads = [max(p.epsilon, 1 / p.epsilon) for p in res.inconsistent_pairs]
    assert spreads == sorted(spreads, reverse=True)


def test_nearest_saaty_caps_and_rounds_in_log_space():
    assert nearest_saaty(100) == 9
    assert nearest_saaty(0.001) == pytest.approx(1 / 9)
    assert nearest_saaty(2.9) == 3
    assert nearest_saaty(1.4) == 1  # log(1.4) is nearer log(1) than log(2)


def test_harker_recovers_a_consistent_matrix():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = consistent_matrix(w)
    a[0, 3] = a[3, 0] = np.nan
    a[1, 2] = a[2, 1] = np.nan
    pm = pairwise_matrix("abcd", a, any_scale=True)
    full, filled = harker_complete(pm)
    np.testing.assert_allclose(full, consistent_matrix(w), rtol=1e-10)
    assert [(c.a, c.b) for c in filled] == [("a", "d"), ("b", "c")]
    res = analyse(pm)
    np.testing.assert_allclose(res.weights, w, rtol=1e-10)
    assert len(res.completed) == 2


def test_harker_on_one_missing_judgment_matches_hand_computation():
    # With one missing pair (a, c), Harker's B has b_aa = b_cc = 2.
    a = np.array([[1, 2, np.nan], [1 / 2, 1, 3], [np.nan, 1 / 3, 1]])
    b = np.array([[2, 2, 0], [1 / 2, 1, 3], [0, 1 / 3, 2]])
    vals, vecs = np.linalg.eig(b)
    v = np.abs(vecs[:, np.argmax(vals.real)].real)
    full, _ = harker_complete(pairwise_matrix("abc", a))
    assert full[0, 2] == pytest.approx(v[0] / v[2], rel=1e-12)
    assert full[2, 0] == pytest.approx(v[2] / v[0], rel=1e-12)


def test_disconnected_judgments_name_the_groups():
    a = np.full((4, 4), np.nan)
    np.fill_diagonal(a, 1)
    a[0, 1] = 3
    a[2, 3] = 2
    with pytest.raises(InputError, match=r"disconnected.*\{a, b\} \| \{c, d\}.*compare"):
        analyse(pairwise_matrix("abcd", a))


@pytest.mark.parametrize("value, message", [
    (0.0, "not a positive finite number"),
    (-3.0, "not a positive finite number"),
    (10.0, "off Saaty's 1/9..9 scale"),
    (np.inf, "infinite"),
])
def test_bad_values_are_named_by_row_and_column(value, message):
    a = np.array([[1, value, 2], [np.nan, 1, 3], [np.nan, np.nan, 1]])
    with pytest.raises(InputError, match=message) as err:
        pairwise_matrix(["x", "y", "z"], a)
    assert "row x, column y" in str(err.value)


def test_off_scale_is_allowed_with_any_scale():
    pm = pairwise_matrix(["x", "y"], np.array([[1, 10], [np.nan, 1]]), any_scale=True)
    assert pm.values[1, 0] == pytest.approx(0.1)


def test_non_reciprocal_triangles_say_what_was_expected():
    a = np.array([[1, 3], [0.5, 1]])
    with pytest.raises(InputError, match=r"not reciprocal.*found 1/2.*expected 1/3"):
        pairwise_matrix(["x", "y"], a)


def test_reciprocal_within_tolerance_is_accepted():
    pairwise_matrix(["x", "y"], np.array([[1, 3], [0.3333333334, 1]]))


def test_from_judgments_rejects_unknown_and_duplicate_pairs():
    with pytest.raises(InputError, match="unknown element 'q'"):
        from_judgments(["a", "b"], {("a", "q"): 2})
    with pytest.raises(InputError, match="judged twice"):
        from_judgments(["a", "b"], {("a", "b"): 2, ("b", "a"): 0.5})


@pytest.mark.parametrize("text, value", [("3", 3.0), ("1/3", 1 / 3), (" 1 / 5 ", 0.2), ("0.5", 0.5), (7, 7.0)])
def test_parse_judgment(text, value):
    assert parse_judgment(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["abc", "1/0", "", True])
def test_parse_judgment_rejects(text):
    with pytest.raises(ValueError):
        parse_judgment(text)


def test_format_judgment():
    assert format_judgment(3.0) == "3"
    assert format_judgment(1 / 7) == "1/7"
    assert format_judgment(2.5) == "2.5"


def test_hierarchy_global_weights():
    local = {"goal": {"supply": 0.6, "market": 0.4},
             "supply": {"import": 0.75, "patent": 0.25},
             "market": {"pull": 1.0}}
    out = global_weights(local, "goal")
    assert out == pytest.approx({"import": 0.45, "patent": 0.15, "pull": 0.4})
    assert sum(out.values()) == pytest.approx(1.0)


def test_hierarchy_errors():
    with pytest.raises(InputError, match="do not sum to 1"):
        global_weights({"g": {"a": 0.5, "b": 0.4}}, "g")
    with pytest.raises(InputError, match="cycle"):
        global_weights({"g": {"a": 1.0}, "a": {"g": 1.0}}, "g")
