"""Group AHP: AIJ, AIP and Goepel's consensus S*."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matrank.errors import InputError
from matrank.mcda.ahp import SAATY_SCALE, analyse, pairwise_matrix
from matrank.mcda.group import aij, aip, band, consensus

LABELS = ("a", "b", "c", "d")


@st.composite
def expert_matrices(draw, n=4):
    k = draw(st.integers(1, 6))
    out = []
    for _ in range(k):
        a = np.ones((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                v = draw(st.sampled_from(SAATY_SCALE))
                a[i, j], a[j, i] = v, 1 / v
        out.append(a)
    return out


@settings(max_examples=60, deadline=None)
@given(expert_matrices())
def test_aij_matrix_is_reciprocal_and_weights_sum_to_one(mats):
    res = aij(mats, LABELS)
    np.testing.assert_allclose(res.matrix * res.matrix.T, 1.0, rtol=1e-12)
    assert res.weights.sum() == pytest.approx(1.0)


def test_aij_is_the_elementwise_geometric_mean():
    m1 = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    m2 = np.array([[1, 1 / 3, 1], [3, 1, 4], [1, 1 / 4, 1]])
    res = aij([m1, m2], "xyz")
    np.testing.assert_allclose(res.matrix, np.sqrt(m1 * m2), rtol=1e-12)
    weighted = aij([m1, m2], "xyz", lambdas=[3, 1])
    np.testing.assert_allclose(weighted.matrix, m1 ** 0.75 * m2 ** 0.25, rtol=1e-12)


def test_aij_of_identical_consistent_experts_returns_their_weights():
    w = np.array([0.5, 0.25, 0.15, 0.1])
    m = np.outer(w, 1 / w)
    res = aij([m, m, m], LABELS)
    np.testing.assert_allclose(res.weights, w, rtol=1e-10)
    assert res.cr == pytest.approx(0, abs=1e-10)


def test_aip_geometric_and_arithmetic():
    p = [np.array([0.6, 0.3, 0.1]), np.array([0.2, 0.5, 0.3])]
    g = np.sqrt(p[0] * p[1])
    np.testing.assert_allclose(aip(p), g / g.sum())
    np.testing.assert_allclose(aip(p, mean="arithmetic"), [0.4, 0.4, 0.2])
    with pytest.raises(InputError, match="unknown mean"):
        aip(p, mean="median")


def test_expert_weights_must_be_positive():
    with pytest.raises(InputError, match="one positive number per expert"):
        aip([np.array([0.5, 0.5])], lambdas=[0])
    with pytest.raises(InputError, match="no expert"):
        aij([], LABELS)


def test_consensus_of_identical_experts_is_one():
    p = np.array([0.5, 0.3, 0.2])
    c = consensus([p, p, p])
    assert c.value == pytest.approx(1.0)
    assert c.band == "very high"


def test_consensus_by_the_formula():
    """Goepel (2013) S*: check one case by hand, step by step."""
    p = [np.array([0.7, 0.2, 0.1]), np.array([0.1, 0.2, 0.7])]
    n, m = 3, 9
    h_alpha = np.mean([-(x * np.log(x)).sum() for x in p])
    mean = (p[0] + p[1]) / 2
    h_gamma = -(mean * np.log(mean)).sum()
    d_beta = math.exp(h_gamma - h_alpha)
    top, rest = m / (n + m - 1), 1 / (n + m - 1)
    h_min = -top * math.log(top) - (n - 1) * rest * math.log(rest)
    cor = math.exp(math.log(n) - h_min)
    expected = (1 / d_beta - 1 / cor) / (1 - 1 / cor)
    c = consensus(p)
    assert c.value == pytest.approx(expected, rel=1e-12)
    assert c.value < 0.75


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4), min_size=2, max_size=8))
def test_consensus_is_at_most_one(rows):
    p = [np.array(r) / sum(r) for r in rows]
    assert consensus(p).value <= 1.0 + 1e-12


@pytest.mark.parametrize("value, name", [(0.3, "very low"), (0.55, "low"), (0.7, "moderate"),
                                         (0.8, "high"), (0.9, "very high")])
def test_bands(value, name):
    assert band(value) == name


def test_aij_options_pass_through():
    m = np.array([[1, 2, 9], [1 / 2, 1, 1 / 3], [1 / 9, 3, 1]])
    res = aij([m], "xyz", ri_table="saaty2008", method="geometric")
    ref = analyse(pairwise_matrix("xyz", m), ri_table="saaty2008", method="geometric")
    np.testing.assert_allclose(res.weights, ref.weights)
    assert res.ri_table == "saaty2008"
