"""SMAA-2 kernel (matrank.mcda.smaa), the one-at-a-time weight intervals (matrank.mcda.stability)
and the inputs built from a case (matrank.sensitivity).

Lahdelma & Salminen (2001), SMAA-2: rank acceptabilities, central weights, confidence factors.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matrank.api import load_case, rank_case
from matrank.errors import InputError, OptionError
from matrank.mcda.smaa import (HIST_BINS, ScoreGroup, SMAAProblem, ValueModel, WeightModel, block_order, block_rng,
                               block_scores, histogram_quantile, run_smaa)
from matrank.mcda.smaa.samplers import STREAM_VALUES, STREAM_WEIGHTS
from matrank.mcda.stability import rescaled, weight_intervals
from matrank.mcda.tiers import medians, overall_rank, tier_codes
from matrank.mcda.topsis import normalize, topsis
from matrank.sensitivity import (SensitivityOptions, check_size, estimate, resolve_options, sensitivity,
                                 value_model)

from conftest import DATA

MINI = str(DATA / "mini.yaml")


def random_problem(seed: int, n: int = 7, m: int = 4, values: bool = True, split: str = "fixed",
                   normalization: str = "vector", alpha: float = 0.5, kind: str = "dirichlet") -> SMAAProblem:
    """A synthetic problem whose value model scores each criterion from one ranged indicator
    (identity) or from the product of two (to exercise shared indicators)."""
    rng = np.random.default_rng(seed)
    scores = rng.uniform(1.0, 10.0, size=(n, m))
    benefit = (rng.random(m) < 0.6, rng.random(m) < 0.4)
    w = (rng.dirichlet(np.ones(m)), rng.dirichlet(np.ones(m)))
    models = tuple(WeightModel(kind, wi, concentration=30.0 if kind == "dirichlet" else None,
                               experts=rng.dirichlet(np.ones(m), size=5) if kind == "panel" else None)
                   for wi in w)
    vm = None
    if values:
        mode = scores[:, 0].copy()
        low, high = mode * 0.7, mode * 1.3
        groups = [ScoreGroup(0, np.arange(n), ("x",), np.arange(n)[None, :], lambda v: v["x"])]
        # criterion 1 = its point value times a ranged factor around 1 for the first g materials
        g = min(3, n)
        low = np.concatenate([low, np.full(g, 0.8)])
        mode = np.concatenate([mode, np.ones(g)])
        high = np.concatenate([high, np.full(g, 1.25)])
        constants = scores[:g, 1]
        cols = np.stack([np.arange(n, n + g), np.arange(n + g, n + 2 * g)])
        groups.append(ScoreGroup(1, np.arange(g), ("f", "base"), cols, lambda v: v["f"] * v["base"]))
        vm = ValueModel(low, mode, high, constants, tuple(groups))
    return SMAAProblem(scores, benefit, models, thresholds=(0.5, 0.45), split=split, policy_mix=alpha,
                       normalization=normalization, values=vm)


def reference_closeness(problem: SMAAProblem, seed: int, b: int, k: int, block: int = 4096):
    """Block ``b``'s weights and closenesses recomputed one sample at a time, the plain way
    (normalise, weight, ideal points, distances): the kernel's reference."""
    w = [problem.weights[s].sample(block_rng(seed, b, STREAM_WEIGHTS[s]), k) for s in (0, 1)]
    if problem.values is None:
        mats = [problem.scores] * k
    else:
        x = problem.values.sample(block_rng(seed, b, STREAM_VALUES), max(k, block), problem.scores, keep=k)
        mats = [np.stack([xj[:, i] for xj in x], axis=1) for i in range(k)]
    c = np.empty((2, problem.n, k))
    for i, mat in enumerate(mats):
        r = normalize(mat, problem.normalization or "vector")
        for s in (0, 1):
            v = r * w[s][i]
            hi, lo = v.max(axis=0), v.min(axis=0)
            ideal = np.where(problem.benefit[s], hi, lo)
            anti = np.where(problem.benefit[s], lo, hi)
            dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
            dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
            tot = dp + dm
            c[s, :, i] = np.divide(dm, tot, out=np.full(problem.n, 0.5), where=tot > 0)
    return w, c


def sample_matrices(problem: SMAAProblem, seed: int, b: int, k: int, block: int):
    if problem.values is None:
        return [problem.scores] * k
    x = problem.values.sample(block_rng(seed, b, 2), max(k, block), problem.scores, keep=k)
    return [np.stack([xj[:, i] for xj in x], axis=1) for i in range(k)]


# --------------------------------------------------------------------------- the kernel against a loop


@pytest.mark.parametrize("values", [True, False])
@pytest.mark.parametrize("normalization", ["vector", "minmax"])
@pytest.mark.parametrize("seed", range(4))
def test_batch_kernel_equals_per_sample_topsis(seed, normalization, values):
    """The block kernel equals matrank's own TOPSIS run once per sample, to 1e-12."""
    problem = random_problem(seed, values=values, normalization=normalization)
    k = 150
    w, c = block_scores(problem, seed, 1, k, block=256)
    mats = sample_matrices(problem, seed, 1, k, 256)
    for i in range(k):
        for s in (0, 1):
            ref = topsis(mats[i], w[s][i], problem.benefit[s], normalization=normalization).closeness
            np.testing.assert_allclose(c[s][:, i], ref, rtol=0, atol=1e-12)


def test_kernel_equals_the_reference_loop_on_the_mini_case():
    result = rank_case(load_case(MINI))
    for values in ("ranges", "fixed"):
        opts, _ = resolve_options(result, SensitivityOptions(values=values))
        from matrank.sensitivity import problem_for, weight_models
        models, _ = weight_models(result, opts.weight_source, opts.concentration)
        problem = problem_for(result, opts, models)
        w, c = block_scores(problem, 5, 0, 400)
        w_ref, c_ref = reference_closeness(problem, 5, 0, 400)
        for s in (0, 1):
            np.testing.assert_array_equal(w[s], w_ref[s])
            np.testing.assert_allclose(c[s], c_ref[s], rtol=0, atol=1e-12)


@pytest.mark.parametrize("split", ["fixed", "median"])
@pytest.mark.parametrize("values", [True, False])
def test_tier_and_rank_counts_equal_a_per_sample_loop(split, values):
    """Counts accumulated per block equal tiers and ranks computed sample by sample with tiers.py."""
    problem = random_problem(11, n=6, values=values, split=split, alpha=0.3)
    samples, block = 700, 256                       # three blocks, the last one partial
    res = run_smaa(problem, samples, 3, block=block, workers=1)
    tiers = np.zeros((6, 4), dtype=int)
    ranks = np.zeros((6, 6), dtype=int)
    for b, start in enumerate(range(0, samples, block)):
        k = min(block, samples - start)
        _, c = reference_closeness(problem, 3, b, k, block)
        for i in range(k):
            cg, cm = c[0][:, i], c[1][:, i]
            if split == "median":
                t = (np.median(cg), np.median(cm))
            else:
                t = problem.thresholds
            tiers[np.arange(6), tier_codes(cg, cm, *t)] += 1
            r, _ = overall_rank(cg, cm, problem.policy_mix)
            ranks[np.arange(6), r - 1] += 1
    np.testing.assert_array_equal(res.tier_counts, tiers)
    np.testing.assert_array_equal(res.rank_counts, ranks)


def test_central_weights_and_closeness_means_equal_a_loop():
    problem = random_problem(2, n=5)
    samples, block = 300, 128
    res = run_smaa(problem, samples, 9, block=block, workers=1, cf_samples=200)
    for s in (0, 1):
        sums, firsts, wsum = np.zeros(5), np.zeros(5), np.zeros((5, 4))
        for b, start in enumerate(range(0, samples, block)):
            k = min(block, samples - start)
            w, c = reference_closeness(problem, 9, b, k, block)
            sums += c[s].sum(axis=1)
            first = np.argmax(c[s], axis=0)
            for i, f in enumerate(first):
                firsts[f] += 1
                wsum[f] += w[s][i]
        lens = res.lenses[s]
        np.testing.assert_allclose(lens.mean, sums / samples, atol=1e-12)
        np.testing.assert_array_equal(lens.first_counts, firsts)
        seen = firsts > 0
        np.testing.assert_allclose(lens.central_weights[seen], wsum[seen] / firsts[seen][:, None], atol=1e-12)
        assert np.isnan(lens.central_weights[~seen]).all()
        # confidence factor: the first 200 value samples, i first under its central weights
        mats = sample_matrices(problem, 9, 0, 128, block) + sample_matrices(problem, 9, 1, 72, block)
        for i in np.flatnonzero(seen):
            hits = sum(np.argmax(topsis(x, lens.central_weights[i], problem.benefit[s]).closeness) == i
                       for x in mats)
            assert lens.confidence_factor[i] == pytest.approx(hits / 200, abs=1e-12)


# --------------------------------------------------------------------------- invariants


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 9), samples=st.integers(1, 600),
       values=st.booleans(), split=st.sampled_from(["fixed", "median"]),
       kind=st.sampled_from(["dirichlet", "uniform", "panel"]))
def test_probabilities_sum_to_one(seed, n, samples, values, split, kind):
    problem = random_problem(seed, n=n, values=values, split=split, kind=kind)
    res = run_smaa(problem, samples, seed, block=128, workers=1, cf_samples=50)
    np.testing.assert_allclose(res.tier_probability.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(res.rank_acceptability.sum(axis=1), 1.0, atol=1e-12)   # per material
    np.testing.assert_allclose(res.rank_acceptability.sum(axis=0), 1.0, atol=1e-12)   # per rank
    for lens in res.lenses:
        assert lens.first_counts.sum() == samples
        assert np.all(lens.p05 <= lens.p95 + 1e-12)
        assert np.all((lens.minimum <= lens.mean + 1e-12) & (lens.mean <= lens.maximum + 1e-12))
        cf = lens.confidence_factor[~np.isnan(lens.confidence_factor)]
        assert np.all((cf >= 0) & (cf <= 1))


def test_near_degenerate_weights_give_the_deterministic_tiers():
    result = rank_case(load_case(MINI))
    s = sensitivity(result, SensitivityOptions(samples=3000, weight_source="dirichlet", concentration=1e12,
                                               values="fixed"))
    np.testing.assert_array_equal(s.confidence, 1.0)
    np.testing.assert_array_equal(np.argmax(s.tier_probability, axis=1), result.tiers)
    np.testing.assert_array_equal(np.argmax(s.smaa.rank_acceptability, axis=1), result.rank - 1)
    assert s.smaa.rank_acceptability.max(axis=1).min() == 1.0
    for lens, summary in zip(("government", "market"), s.smaa.lenses):
        det = result.lenses[lens].score
        np.testing.assert_allclose(summary.mean, det, atol=1e-6)
        assert np.all(np.abs(summary.p05 - det) <= 1.0 / HIST_BINS)
        first = int(np.argmax(det))
        np.testing.assert_allclose(summary.central_weights[first], result.lenses[lens].weights, atol=1e-5)
        assert summary.confidence_factor[first] == 1.0


def test_fixed_weight_model_reproduces_the_ranking_exactly():
    result = rank_case(load_case(MINI))
    from matrank.sensitivity import problem_for
    opts, _ = resolve_options(result, SensitivityOptions(values="fixed"))
    models = {lens: WeightModel("fixed", result.lenses[lens].weights) for lens in ("government", "market")}
    res = run_smaa(problem_for(result, opts, models), 50, 1)
    np.testing.assert_array_equal(res.tier_counts[np.arange(6), result.tiers], 50)
    np.testing.assert_array_equal(res.rank_counts[np.arange(6), result.rank - 1], 50)


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_result_whatever_the_workers():
    problem = random_problem(4, n=8)
    one = run_smaa(problem, 2000, 77, block=256, workers=1)
    two = run_smaa(problem, 2000, 77, block=256, workers=2)
    again = run_smaa(problem, 2000, 77, block=256, workers=3)
    for other in (two, again):
        np.testing.assert_array_equal(one.tier_counts, other.tier_counts)
        np.testing.assert_array_equal(one.rank_counts, other.rank_counts)
        for a, b in zip(one.lenses, other.lenses):
            for field in ("mean", "p05", "p95", "histogram", "central_weights", "confidence_factor"):
                np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    different = run_smaa(problem, 2000, 78, block=256, workers=1)
    assert not np.array_equal(one.rank_counts, different.rank_counts)


def test_a_shorter_run_uses_the_first_samples_of_a_longer_one():
    problem = random_problem(6)
    w_part, c_part = block_scores(problem, 1, 2, 100, block=256)
    w_full, c_full = block_scores(problem, 1, 2, 256, block=256)
    for s in (0, 1):
        np.testing.assert_array_equal(w_part[s], w_full[s][:100])
        np.testing.assert_array_equal(c_part[s], c_full[s][:, :100])


def test_two_seeds_agree_within_the_binomial_error():
    result = rank_case(load_case(MINI))
    n = 20_000
    a = sensitivity(result, SensitivityOptions(samples=n, seed=1, stability=False))
    b = sensitivity(result, SensitivityOptions(samples=n, seed=2, stability=False))
    for pa, pb in ((a.tier_probability, b.tier_probability),
                   (a.smaa.rank_acceptability, b.smaa.rank_acceptability)):
        p = (pa + pb) / 2
        sigma = np.sqrt(np.maximum(p * (1 - p), 1e-4) * 2 / n)     # sd of the difference
        assert np.all(np.abs(pa - pb) <= 5 * sigma)
    assert not np.array_equal(a.tier_probability, b.tier_probability)


# --------------------------------------------------------------------------- pieces


def test_triangular_draws_have_the_triangular_moments():
    low, mode, high = np.array([0.0, 2.0, 5.0]), np.array([0.3, 2.0, 9.0]), np.array([1.0, 6.0, 9.0])
    vm = ValueModel(low, mode, high, np.array([]), ())
    x = vm.draw(block_rng(3, 0, 2), 200_000)
    assert np.all(x >= low[:, None]) and np.all(x <= high[:, None])
    mean = (low + mode + high) / 3
    var = (low ** 2 + mode ** 2 + high ** 2 - low * mode - low * high - mode * high) / 18
    assert np.all(np.abs(x.mean(axis=1) - mean) <= 5 * np.sqrt(var / 200_000))
    np.testing.assert_allclose(x.var(axis=1), var, rtol=0.02)
    cdf_at_mode = (mode - low) / (high - low)                  # P(X ≤ mode)
    np.testing.assert_allclose((x <= mode[:, None]).mean(axis=1), cdf_at_mode, atol=0.005)


def test_histogram_quantiles_are_within_one_bin():
    rng = np.random.default_rng(0)
    data = np.vstack([rng.beta(2, 5, 5000), rng.uniform(0.3, 0.31, 5000), np.full(5000, 0.5)])
    hist = np.stack([np.bincount(np.minimum((d * HIST_BINS).astype(int), HIST_BINS - 1), minlength=HIST_BINS)
                     for d in data])
    for q in (0.05, 0.5, 0.95):
        got = histogram_quantile(hist, q, data.min(axis=1), data.max(axis=1))
        np.testing.assert_allclose(got, np.quantile(data, q, axis=1), atol=1.0 / HIST_BINS)
    assert histogram_quantile(hist, 0.05, data.min(axis=1), data.max(axis=1))[2] == 0.5


@pytest.mark.parametrize("alpha", [0.0, 0.3, 1.0])
def test_block_order_is_the_stable_descending_order(alpha):
    rng = np.random.default_rng(2)
    problem = random_problem(0, n=9, alpha=alpha)
    c_gov, c_market = rng.random((9, 300)), rng.random((9, 300))
    c_gov[4], c_market[4] = c_gov[1], c_market[1]          # exact ties: case order decides
    c_gov[:, 0], c_market[:, 0] = 0.5, 0.5                 # all tied
    c_gov[:, 1], c_market[:, 1] = 1.0, 1.0
    c_gov[:, 2], c_market[:, 2] = 0.0, 0.0
    expected = np.argsort(-(alpha * c_gov + (1 - alpha) * c_market).T, axis=1, kind="stable")
    np.testing.assert_array_equal(block_order(problem, c_gov, c_market), expected)


def test_row_medians_match_numpy():
    rng = np.random.default_rng(1)
    for n in (1, 2, 5, 6):
        c = rng.random((n, 50))
        np.testing.assert_array_equal(medians(c), np.median(c, axis=0))


def test_value_model_at_the_modes_reproduces_the_decision_matrix():
    case = load_case(MINI)
    result = rank_case(case)
    vm = value_model(case)
    assert vm.p == 4 and set(vm.labels) == {"sic.foreign_core_patent_share", "sic.validation_years",
                                            "sic.market_pull_rating", "wafer.domestic_rate"}
    v = np.concatenate([vm.mode, vm.constants])[:, None]
    for g in vm.groups:
        got = np.asarray(g.compute({name: v[g.columns[t]] for t, name in enumerate(g.names)}), dtype=float)
        np.testing.assert_allclose(got.reshape(-1), result.matrix.scores[g.materials, g.criterion])


def test_value_model_draws_stay_inside_the_score_ranges():
    case = load_case()
    result = rank_case(case)
    x = value_model(case).sample(block_rng(1, 0, 2), 2000, result.matrix.scores)
    for j, xj in enumerate(x):
        assert np.all(xj >= result.matrix.low[:, j, None] - 1e-12)
        assert np.all(xj <= result.matrix.high[:, j, None] + 1e-12)


def test_progress_is_reported_in_order_and_interrupts_propagate():
    problem = random_problem(1)
    seen = []
    run_smaa(problem, 1000, 1, block=128, workers=2, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(min(128 * (i + 1), 1000), 1000) for i in range(8)]

    def stop(done, total):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        run_smaa(problem, 1000, 1, block=128, workers=2, progress=stop)


@pytest.mark.parametrize("workers", [1, 2])
def test_nothing_grows_with_the_number_of_samples_before_the_first_block(workers):
    """10^15 samples (only reachable with --force): the first block must start at once,
    without a per-block list of 2.4·10^11 entries being built first."""
    problem = random_problem(2)
    seen = []

    def stop(done, total):
        seen.append(done)
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        run_smaa(problem, 10**15, 1, block=256, workers=workers, progress=stop)
    assert seen == [256]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "dirichlet", "weights": [0.5, 0.5], "concentration": 0.0}, "concentration must be a positive"),
    ({"kind": "dirichlet", "weights": [0.5, 0.5], "concentration": -3.0}, "concentration must be a positive"),
    ({"kind": "dirichlet", "weights": [1.0, 0.0], "concentration": 10.0}, "every weight > 0"),
    ({"kind": "panel", "weights": [0.5, 0.5]}, "at least one expert"),
    ({"kind": "panel", "weights": [0.5, 0.5], "experts": np.ones((2, 3))}, "at least one expert"),
    ({"kind": "bogus", "weights": [0.5, 0.5]}, "unknown weight source"),
    ({"kind": "uniform", "weights": [np.nan, 0.5]}, "finite"),
])
def test_weight_model_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        WeightModel(**kwargs)


def test_value_model_rejects_bad_ranges():
    with pytest.raises(InputError, match="a.x: a range needs low ≤ value ≤ high"):
        ValueModel(np.array([1.0]), np.array([2.0]), np.array([1.5]), np.array([]), (), labels=("a.x",))
    with pytest.raises(InputError, match="low < high"):
        ValueModel(np.array([1.0]), np.array([1.0]), np.array([1.0]), np.array([]), ())


@pytest.mark.parametrize("samples", [0, -1, 2.5, True])
def test_options_refuse_bad_sample_counts(samples):
    with pytest.raises(OptionError, match=r"^samples: must be a whole number ≥ 1"):
        SensitivityOptions(samples=samples)


def test_size_guard():
    # a million samples on a case the size of the default one is never too large
    check_size(45, 4, SensitivityOptions(samples=1_000_000, values="ranges"))
    check_size(60, 4, SensitivityOptions(samples=1_000_000, values="ranges"))
    with pytest.raises(OptionError, match=r"samples: 200,000,000 is too large: estimated about .* s .*force to proceed"):
        check_size(45, 4, SensitivityOptions(samples=200_000_000, values="ranges"))
    with pytest.raises(InputError, match="over 10 minutes"):
        check_size(2000, 4, SensitivityOptions(samples=10_000_000, values="ranges"))
    check_size(45, 4, SensitivityOptions(samples=200_000_000, values="ranges"), force=True)
    assert estimate(45, 4, 1_000_000, "ranges").bytes < 1024 ** 3


# --------------------------------------------------------------------------- weight stability


def test_weight_intervals_hold_inside_and_break_outside():
    result = rank_case(load_case())
    benefit = [np.array(result.lenses[lens].benefit) for lens in ("government", "market")]
    weights = [result.lenses[lens].weights for lens in ("government", "market")]
    t = result.thresholds
    stab = weight_intervals(result.matrix.scores, benefit, weights, (t.government, t.market), t.split)
    np.testing.assert_array_equal(stab.tiers, result.tiers)
    c_base = [result.lenses[lens].score for lens in ("government", "market")]

    def tiers_at(lens, j, value):
        w = rescaled(weights[lens], j, np.array([value]))[0]
        c = topsis(result.matrix.scores, np.maximum(w, 1e-300), benefit[lens]).closeness
        pair = (c, c_base[1]) if lens == 0 else (c_base[0], c)
        return tier_codes(pair[0], pair[1], t.government, t.market)

    for iv in stab.intervals:
        assert np.all(iv.low <= iv.weight + 1e-12) and np.all(iv.weight <= iv.high + 1e-12)
        for value in np.linspace(iv.all_low, iv.all_high, 7)[1:-1]:
            np.testing.assert_array_equal(tiers_at(iv.lens, iv.criterion, value), result.tiers)
        if iv.all_high < 1.0:
            i = int(np.argmin(iv.high))
            assert tiers_at(iv.lens, iv.criterion, iv.all_high + 1e-6)[i] != result.tiers[i]
        if iv.all_low > 0.0:
            i = int(np.argmax(iv.low))
            assert tiers_at(iv.lens, iv.criterion, iv.all_low - 1e-6)[i] != result.tiers[i]


def test_rescaled_weights_keep_ratios_and_sum_to_one():
    w = np.array([0.5, 0.3, 0.2])
    out = rescaled(w, 1, np.array([0.0, 0.3, 0.9]))
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_allclose(out[1], w)
    np.testing.assert_allclose(out[:, 0] / out[:, 2], 2.5)
