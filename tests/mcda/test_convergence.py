"""Convergence over Delphi rounds: Kendall's W (tie-corrected), IQR of ln judgments, weight
change, the stop hint; each against a computation written out independently here."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matrank.mcda.convergence import (STOP_CONSENSUS, STOP_WEIGHT_CHANGE, RoundInput, iqr_log, kendall_w,
                                      lens_convergence, max_weight_change, ranks, stop_hint, tie_sum)
from matrank.mcda.group import consensus


def w_by_loops(rankings) -> Fraction | None:
    """Kendall's W from the definition, in exact fractions, one loop per sum:
    S = Σ_i (R_i − R̄)², W = 12 S / (m²(n³ − n) − m Σ_j Σ_groups (t³ − t))."""
    m, n = len(rankings), len(rankings[0])
    sums = [sum(Fraction(row[i]).limit_denominator(1000) for row in rankings) for i in range(n)]
    mean = Fraction(m * (n + 1), 2)
    s = sum((r - mean) ** 2 for r in sums)
    ties = 0
    for row in rankings:
        seen = {}
        for value in row:
            key = Fraction(value).limit_denominator(1000)
            seen[key] = seen.get(key, 0) + 1
        ties += sum(t ** 3 - t for t in seen.values())
    denominator = m * m * (n ** 3 - n) - m * ties
    return None if denominator == 0 else 12 * s / denominator


def average_ranks(scores) -> list[float]:
    """Mean ranks, 1 for the largest score, by counting (no sorting): rank = 1 + #larger + (#equal − 1)/2."""
    return [1 + sum(o > x for o in scores) + (sum(o == x for o in scores) - 1) / 2 for x in scores]


# ------------------------------------------------------------------ Kendall's W by hand

def test_w_hand_worked_without_ties():
    # R = (6, 7, 8, 9), mean 7.5, S = 2.25 + .25 + .25 + 2.25 = 5; W = 12·5 / (9·60) = 1/9
    assert kendall_w(np.array([[1, 2, 3, 4], [1, 2, 3, 4], [4, 3, 2, 1]])) == pytest.approx(1 / 9, abs=1e-15)


def test_w_hand_worked_with_a_tie():
    # R = (3, 6.5, 8.5, 12), S = 20.25 + 1 + 1 + 20.25 = 42.5; T = 2³ − 2 = 6 for the first expert;
    # W = 12·42.5 / (9·60 − 3·6) = 510 / 522
    rankings = np.array([[1, 2.5, 2.5, 4], [1, 2, 3, 4], [1, 2, 3, 4]])
    assert kendall_w(rankings) == pytest.approx(510 / 522, abs=1e-15)
    # without the correction it would be 510/540: the correction matters
    assert kendall_w(rankings) != pytest.approx(510 / 540)


def test_w_textbook_relation_to_mean_spearman():
    """Without ties W = ((m − 1) ρ̄ + 1) / m, ρ̄ the mean Spearman correlation over pairs of experts."""
    rng = np.random.default_rng(7)
    for _ in range(20):
        m, n = int(rng.integers(2, 7)), int(rng.integers(3, 8))
        r = np.stack([rng.permutation(n) + 1 for _ in range(m)]).astype(float)
        rho = np.mean([np.corrcoef(r[a], r[b])[0, 1] for a, b in itertools.combinations(range(m), 2)])
        assert kendall_w(r) == pytest.approx(((m - 1) * rho + 1) / m, abs=1e-12)


def test_w_undefined_cases():
    assert kendall_w(np.array([[1, 2, 3]])) is None                    # one expert
    assert kendall_w(np.array([[2, 2, 2], [2, 2, 2]])) is None        # everything tied by everyone
    assert kendall_w(np.array([[1, 2], [2, 1]])) == 0.0


def test_tie_sum():
    assert tie_sum(np.array([1, 2.5, 2.5, 4])) == 6
    assert tie_sum(np.array([2, 2, 2, 4])) == 24
    assert tie_sum(np.array([1, 2, 3])) == 0


rank_rows = st.integers(2, 6).flatmap(lambda n: st.lists(
    st.lists(st.integers(1, 4), min_size=n, max_size=n).map(average_ranks), min_size=2, max_size=7))


@settings(max_examples=200, deadline=None)
@given(rank_rows)
def test_w_equals_the_loop_and_lies_in_0_1(rows):
    w = kendall_w(np.array(rows))
    expected = w_by_loops(rows)
    if expected is None:
        assert w is None
    else:
        assert w == pytest.approx(float(expected), abs=1e-12)
        assert 0.0 <= w <= 1.0


@settings(max_examples=100, deadline=None)
@given(rank_rows, st.randoms(use_true_random=False))
def test_w_does_not_depend_on_the_order_of_experts_or_criteria(rows, rnd):
    r = np.array(rows)
    experts = list(range(len(r)))
    criteria = list(range(r.shape[1]))
    rnd.shuffle(experts)
    rnd.shuffle(criteria)
    w, shuffled = kendall_w(r), kendall_w(r[experts][:, criteria])
    assert (w is None and shuffled is None) or w == pytest.approx(shuffled, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=2, max_size=7), st.integers(2, 6))
def test_w_is_one_when_every_expert_ranks_alike(scores, m):
    row = average_ranks(scores)
    w = kendall_w(np.array([row] * m))
    if len(set(row)) == 1:
        assert w is None
    else:
        assert w == pytest.approx(1.0, abs=1e-12)


def test_ranks_from_weights_with_ties():
    assert ranks(np.array([0.1, 0.4, 0.4, 0.1])).tolist() == [3.5, 1.5, 1.5, 3.5]
    assert ranks(np.array([0.4, 0.3, 0.2, 0.1])).tolist() == [1, 2, 3, 4]
    # an eigenvector's equal weights may differ in the last bits: still tied
    assert ranks(np.array([0.25 + 1e-15, 0.25, 0.5 - 1e-15]))[:2].tolist() == [2.5, 2.5]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=8))
def test_ranks_equal_counting(values):
    assert ranks(np.array(values, dtype=float)).tolist() == average_ranks(values)


# ------------------------------------------------------------------ IQR, change, stop

def test_iqr_log_uses_numpys_linear_quantiles():
    # ln of 1/3, 1, 3, 3: sorted (−l, 0, l, l), l = ln 3; linear Q1 at position 0.75 → −l/4,
    # Q3 at position 2.25 → l; IQR = 5/4 ln 3
    assert iqr_log([3, 1 / 3, 1, 3]) == pytest.approx(1.25 * math.log(3), abs=1e-15)
    assert iqr_log([5, 5, 5]) == 0.0
    assert iqr_log([2]) == 0.0
    assert iqr_log([]) is None


def test_max_weight_change_is_the_last_step():
    w = [np.array([0.5, 0.3, 0.2]), np.array([0.4, 0.4, 0.2]), np.array([0.41, 0.38, 0.21])]
    assert max_weight_change(w) == pytest.approx(0.02, abs=1e-15)
    assert max_weight_change(w[:1]) is None
    assert max_weight_change([w[0], None]) is None


@pytest.mark.parametrize("s, change, stop, rule", [
    (STOP_CONSENSUS, 0.5, True, "consensus"),
    (0.6, STOP_WEIGHT_CHANGE, True, "stable"),
    (0.6, STOP_WEIGHT_CHANGE + 1e-6, False, "continue"),
    (0.6, None, False, "undecided"),
    (None, 0.0, False, "undecided"),
])
def test_stop_hint_rule(s, change, stop, rule):
    hint = stop_hint(s, change)
    assert (hint.stop, hint.rule) == (stop, rule)


def test_lens_convergence_matches_its_parts():
    rng = np.random.default_rng(3)
    criteria = ("a", "b", "c", "d")

    def round_of(k):
        p = rng.dirichlet(np.ones(4), size=k)
        mats = np.stack([np.outer(x, 1 / x) for x in p])
        return RoundInput(p, mats, p.mean(axis=0) / p.mean(axis=0).sum())
    rounds = [round_of(5), None, round_of(4)]
    out = lens_convergence(criteria, rounds)
    assert out.s_star[1] is None and out.kendall_w[1] is None and out.experts == (5, 0, 4)
    for k in (0, 2):
        assert out.s_star[k] == consensus(list(rounds[k].priorities)).value
        expected = w_by_loops([average_ranks(list(row)) for row in rounds[k].priorities])
        assert out.kendall_w[k] == pytest.approx(float(expected), abs=1e-12)
    assert out.max_weight_change is None              # the round before the last has no weights
    assert [(p.a, p.b) for p in out.pairs] == list(itertools.combinations(criteria, 2))
    ab = rounds[2].priorities[:, 0] / rounds[2].priorities[:, 1]
    assert out.pairs[0].iqr_log[2] == pytest.approx(np.subtract(*np.percentile(np.log(ab), [75, 25])), abs=1e-12)
    assert out.weight_series()["a"][1] is None
