"""What lets a list of thousands of materials run in bounded memory (issue 10): smaller
blocks, compact and sparse counts, chunked quantiles and grid steps, per-row scoring in the
stability bisection, and at most CF_CANDIDATES confidence factors per lens. Each must give
the same numbers as the plain path wherever both apply."""

from __future__ import annotations

import numpy as np
import pytest

from matrank.mcda import ranking, stability, topsis, vikor
from matrank.mcda.smaa import (BLOCK, CF_SAMPLES, block_for, confidence_samples_for, count_dtype, run_smaa)
from matrank.mcda.smaa import accumulator, statistics
from matrank.mcda.smaa.problem import BLOCK_CELLS, SPARSE_FROM
from matrank.mcda.stability import weight_intervals

from mcda.test_smaa import random_problem


def test_block_size_and_kept_samples_shrink_only_for_large_cases():
    assert block_for(45) == BLOCK and block_for(BLOCK_CELLS // BLOCK) == BLOCK
    assert block_for(10_000) == BLOCK_CELLS // 10_000 and block_for(10 ** 7) == 16
    assert confidence_samples_for(45, 4, 100_000) == CF_SAMPLES
    assert confidence_samples_for(45, 4, 500) == 500
    assert confidence_samples_for(10_000, 4, 10_000) == (1 << 24) // 40_000


def test_count_type_holds_the_sample_count():
    assert count_dtype(45, 10 ** 9) == np.int64
    assert count_dtype(SPARSE_FROM, 65_535) == np.uint16
    assert count_dtype(SPARSE_FROM, 65_536) == np.uint32
    assert np.iinfo(count_dtype(SPARSE_FROM, 2 ** 32)).max >= 2 ** 32


@pytest.mark.parametrize("values", [True, False])
def test_sparse_compact_counts_equal_the_dense_ones(monkeypatch, values):
    problem = random_problem(3, n=9, values=values)
    dense = run_smaa(problem, 700, 11, block=256, workers=1)
    monkeypatch.setattr(accumulator, "SPARSE_FROM", 2)
    monkeypatch.setattr("matrank.mcda.smaa.problem.SPARSE_FROM", 2)
    sparse = run_smaa(problem, 700, 11, block=256, workers=2)
    assert sparse.rank_counts.dtype == np.uint16
    assert np.array_equal(sparse.rank_counts, dense.rank_counts)
    assert np.array_equal(sparse.tier_counts, dense.tier_counts)
    for a, b in zip(sparse.lenses, dense.lenses):
        assert np.array_equal(a.histogram, b.histogram)
        assert np.array_equal(a.p05, b.p05) and np.array_equal(a.p95, b.p95)
    assert np.array_equal(sparse.rank_acceptability_of(4), dense.rank_acceptability[4])


def test_quantiles_taken_a_step_of_rows_at_a_time_are_the_same(monkeypatch):
    rng = np.random.default_rng(5)
    hist = rng.integers(0, 9, size=(37, 50))
    lo, hi = np.zeros(37), np.ones(37)
    whole = statistics.histogram_quantile(hist, 0.05, lo, hi)
    monkeypatch.setattr(statistics, "QUANTILE_ROWS", 4)
    assert np.array_equal(statistics.histogram_quantile(hist, 0.05, lo, hi), whole)


@pytest.mark.parametrize("module", [topsis, vikor])
def test_scores_of_single_rows_equal_the_full_scores(module):
    rng = np.random.default_rng(8)
    x = rng.uniform(1, 10, size=(30, 4))
    benefit = [True, False, True, True]
    w = rng.dirichlet(np.ones(4), size=200)
    rows = rng.integers(0, 30, size=200)
    prepared = module.prepare(x, module.DEFAULT_NORMALIZATION)
    full = module.evaluate_batch(prepared, w, benefit)[rows, np.arange(200)]
    got = ranking.evaluate_rows(module.NAME, prepared, w, rows, benefit)
    assert np.allclose(got, full, rtol=0, atol=1e-15)


@pytest.mark.parametrize("split", ["fixed", "median"])
def test_weight_intervals_by_rows_and_by_steps_equal_the_whole(monkeypatch, split):
    rng = np.random.default_rng(2)
    x = rng.uniform(1, 10, size=(25, 4))
    benefit = [np.array([True, False, True, True]), np.array([True, True, False, True])]
    weights = [rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4))]
    whole = weight_intervals(x, benefit, weights, (0.5, 0.45), split, grid=200)
    monkeypatch.setattr(ranking, "ROWS_CELLS", 30)          # per-row scoring, and grid steps of one vector
    parts = weight_intervals(x, benefit, weights, (0.5, 0.45), split, grid=200)
    assert np.array_equal(parts.tiers, whole.tiers)
    for a, b in zip(parts.intervals, whole.intervals):
        assert np.allclose(a.low, b.low, atol=1e-12) and np.allclose(a.high, b.high, atol=1e-12)


def test_confidence_factors_for_the_materials_most_often_first(monkeypatch):
    problem = random_problem(4, n=12, values=True)
    every = run_smaa(problem, 2000, 3, workers=1)
    ever_first = [int(np.count_nonzero(s.first_counts)) for s in every.lenses]
    assert every.cf_left_out == (0, 0) and max(ever_first) > 2
    monkeypatch.setattr(statistics, "CF_CANDIDATES", 2)
    capped = run_smaa(problem, 2000, 3, workers=1)
    for lens, (a, b) in enumerate(zip(capped.lenses, every.lenses)):
        kept = np.flatnonzero(~np.isnan(a.confidence_factor))
        assert kept.size == min(2, ever_first[lens])
        assert capped.cf_left_out[lens] == ever_first[lens] - kept.size
        top = np.argsort(-b.first_counts, kind="stable")[:kept.size]
        assert set(kept) == set(top)
        assert np.array_equal(a.confidence_factor[kept], b.confidence_factor[kept])
