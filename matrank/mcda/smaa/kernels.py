"""One block of samples: both lenses' scores, the tiers and each sample's order.

Arrays inside a block are laid out materials × samples (N × k): the per-sample
column statistics are then reductions over rows, which numpy vectorises well.
Nothing loops over samples in Python. The scores come from the ranking method's batch
form (:mod:`matrank.mcda.ranking`); both lenses share one prepared matrix.
"""

from __future__ import annotations

import numpy as np

from matrank.mcda import ranking
from matrank.mcda.order import RANK_BITS
from matrank.mcda.smaa.problem import BLOCK, HIST_BINS, SMAAProblem
from matrank.mcda.smaa.samplers import STREAM_VALUES, STREAM_WEIGHTS, block_rng
from matrank.mcda.tiers import medians, tier_codes


def prepared_fixed(problem: SMAAProblem):
    """The point decision matrix made ready once for every block (fixed values)."""
    return ranking.method(problem.ranking).prepare(problem.scores, problem.normalization)


def block_scores(problem: SMAAProblem, seed: int, b: int, k: int, fixed=None, block: int = BLOCK, *,
                 with_values: bool = False):
    """Block ``b``'s weights (k × M per lens) and scores (N × k per lens): the first k samples
    of the block (weights are drawn row by row, values for the full block). ``fixed`` is
    :func:`prepared_fixed` for fixed values; ``with_values`` adds the sampled matrices
    (M arrays N × k; None with fixed values)."""
    method = ranking.method(problem.ranking)
    w = [problem.weights[s].sample(block_rng(seed, b, STREAM_WEIGHTS[s]), k) for s in (0, 1)]
    x = None
    if problem.values is None:
        prepared = fixed if fixed is not None else prepared_fixed(problem)
    else:
        x = problem.values.sample(block_rng(seed, b, STREAM_VALUES), max(k, block), problem.scores, keep=k)
        prepared = method.prepare(x, problem.normalization)
    scores = [method.evaluate_batch(prepared, w[s], problem.benefit[s]) for s in (0, 1)]
    return (w, scores, x) if with_values else (w, scores)


def block_tiers(problem: SMAAProblem, s_gov: np.ndarray, s_market: np.ndarray) -> np.ndarray:
    """Tier codes (N × k) of one block, with each sample's medians for the median split."""
    if problem.split == "median":
        return tier_codes(s_gov, s_market, medians(s_gov), medians(s_market))
    return tier_codes(s_gov, s_market, *problem.thresholds)


def block_order(problem: SMAAProblem, s_gov: np.ndarray, s_market: np.ndarray) -> np.ndarray:
    """(k × N): the materials of each sample from rank 1 down, by α·S_gov + (1 − α)·S_market,
    with the tie rule of :mod:`matrank.mcda.order` (a 2^-40 grid; ties keep case order).

    The grid key and the material's index are packed into one int64 (score in the high
    bits, index in the low ones) and each row sorted: a plain integer sort, three times
    faster than a stable argsort."""
    n = s_gov.shape[0]
    shift = max(1, int(n - 1).bit_length())
    alpha = problem.policy_mix
    composite = np.multiply(s_gov, alpha)
    composite += (1.0 - alpha) * s_market
    if RANK_BITS + 1 + shift > 62:                    # millions of materials: no room to pack
        return np.argsort(-np.floor(composite.T * 2.0 ** RANK_BITS), axis=1, kind="stable")
    # trunc(−x · 2^40) = −floor(x · 2^40) for x ≥ 0: the grid key, negated so the highest comes first
    key = np.multiply(composite, -2.0 ** RANK_BITS).astype(np.int64)
    key += 2 ** RANK_BITS
    key <<= shift
    key += np.arange(n, dtype=np.int64)[:, None]
    key = np.ascontiguousarray(key.T)
    key.sort(axis=1)
    key &= (1 << shift) - 1
    return key


#: Scales a score in [0, 1] to a bin index; the factor just below 1 keeps 1 in the last bin.
_BIN_SCALE = HIST_BINS * (1.0 - 1e-12)


def histogram_cells(scores: np.ndarray) -> np.ndarray:
    """Each score's cell (material · HIST_BINS + bin) in the N · HIST_BINS histogram on [0, 1]."""
    n = scores.shape[0]
    t = np.multiply(scores, _BIN_SCALE)
    t += (np.arange(n, dtype=float) * HIST_BINS)[:, None]
    return t.astype(np.int64 if n * HIST_BINS >= 2 ** 31 else np.int32)
