"""SMAA-2 (Lahdelma & Salminen 2001) for the two-lens TOPSIS tiering.

Each sample draws one weight vector per lens and, where the case's estimates
carry ranges, one value for every ranged indicator; it then computes both
lenses' TOPSIS closeness, the tier and the overall rank of every material.
Accumulated per material: tier membership probabilities, rank acceptability
b_i^r, each lens's closeness (mean, 5 % and 95 % points), and per lens the
SMAA-2 central weight vector and confidence factor.

Kernel. Samples are processed in blocks of :data:`BLOCK`; nothing loops over
samples in Python. Per block and criterion j, with the block's sampled
decision matrix X_j (K × N) and column statistics hi_j, lo_j and the
normaliser d_j (Σ_n x² for vector normalisation, (hi − lo)² for min-max):

    D+²[k, n] = Σ_j  w_kj² / d_kj · (hi_kj − x_knj)²   (benefit; cost swaps hi/lo)

which equals the classic TOPSIS distances on the normalised matrix without
forming it (the criteria unrolled, both lenses sharing the statistics). With
fixed values the normalised matrix R is shared by every sample and
D±² = ((R − R±)²)·(W ∘ W)ᵀ, the batch form of
:func:`matrank.mcda.topsis.batch_closeness`, is one contraction per block.
Tiers, the overall rank (an integer sort per sample of the composite packed
with the material's index: ties within 2^-40 keep case order) and all the
counts are then accumulated per block, so memory is bounded by the block
size whatever the number of samples. Blocks run on worker threads (numpy
releases the GIL); the kernel avoids BLAS, whose own threads would compete
with them.

Determinism. Block b draws from its own PCG64 streams,
``SeedSequence(seed, spawn_key=(b, s))`` with s = 0 government weights,
1 market weights, 2 indicator values. Per-block partial sums are added in
block order, so a seed gives bit-identical results whatever the number of
worker threads. Results depend on the block size (fixed: :data:`BLOCK`); a
partial last block draws a full block and uses its first samples, so a run of
n samples uses exactly the first n samples of any longer run with the seed.

Quantiles. The 5 % / 95 % points come from a fixed histogram of 2,000 bins on
[0, 1] per material and lens, linearly interpolated in the bin and clamped to
the observed min / max: within 0.0005 of the exact sample quantile, in
bounded memory.

Central weights and confidence factors are per lens, SMAA-2 within that lens:
the central weight vector of material i is the mean weight vector over the
samples where i has the highest closeness through the lens; the confidence
factor is the share of value samples where i has the highest closeness when
the lens uses i's central weights. It is estimated on the first
:data:`CF_SAMPLES` value samples of the run (±0.01 at 95 %); with fixed values
it is 0 or 1.

Pure: numpy arrays and small dataclasses in, a :class:`SMAAResult` out; no
I/O. A ``progress(done, total)`` callback may be passed.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from matrank.errors import InputError
from matrank.mcda.tiers import SPLITS, TIERS
from matrank.mcda.topsis import (NORMALIZATIONS, batch_closeness, closeness_from_squares, ideal_points,
                                 normalize)

#: Samples per random block and per chunk of work.
BLOCK = 4096
#: Histogram bins on [0, 1] per material and lens (quantile resolution 1 / HIST_BINS).
HIST_BINS = 2000
#: Value samples used for the SMAA-2 confidence factors.
CF_SAMPLES = 10_000
#: Value samples per sub-chunk in the confidence-factor pass, and the most floats in one of
#: its distance arrays (candidates × chunk × N): bounds its memory.
CF_CHUNK = 256
CF_CELLS = 4_000_000
#: Indicators drawn per call in :meth:`ValueModel.draw`.
DRAW_ROWS = 32
#: Random streams per block.
STREAM_WEIGHTS = (0, 1)
STREAM_VALUES = 2
WEIGHT_KINDS = ("panel", "dirichlet", "uniform", "fixed")

Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------- weights


@dataclass(frozen=True, eq=False)
class WeightModel:
    """How one lens's weight vectors are drawn.

    ``panel``: the experts' priority vectors (E × M), one picked uniformly per
    sample; ``dirichlet``: Dirichlet(α = concentration · weights);
    ``uniform``: uniform on the simplex; ``fixed``: always ``weights``.
    """

    kind: str
    weights: np.ndarray
    concentration: float | None = None
    experts: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.kind not in WEIGHT_KINDS:
            raise InputError(f"unknown weight source {self.kind!r}", expected=" or ".join(WEIGHT_KINDS))
        w = np.asarray(self.weights, dtype=float)
        if w.ndim != 1 or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
            raise InputError("lens weights must be finite, non-negative and not all zero", found=repr(w))
        object.__setattr__(self, "weights", w / w.sum())
        if self.kind == "dirichlet":
            c = self.concentration
            if c is None or not np.isfinite(c) or c <= 0:
                raise InputError("the Dirichlet concentration must be a positive number", found=repr(c),
                                 expected="C > 0 (α = C·w; larger is tighter)", fix="e.g. --concentration 100")
            if np.any(w <= 0):
                raise InputError("a Dirichlet around the lens weights needs every weight > 0", found=repr(w))
        if self.kind == "panel":
            e = np.asarray(self.experts, dtype=float) if self.experts is not None else np.empty((0, w.size))
            if e.ndim != 2 or e.shape[0] < 1 or e.shape[1] != w.size:
                raise InputError("panel weights need at least one expert's priority vector per lens",
                                 found=f"shape {e.shape}", expected=f"E × {w.size}")
            if not np.all(np.isfinite(e)) or np.any(e < 0) or np.any(e.sum(axis=1) <= 0):
                raise InputError("an expert's priority vector is not finite and non-negative")
            object.__setattr__(self, "experts", e / e.sum(axis=1, keepdims=True))

    @property
    def m(self) -> int:
        return self.weights.size

    def sample(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """(k × M) weight vectors, each summing to 1."""
        if self.kind == "dirichlet":
            return rng.dirichlet(self.concentration * self.weights, size=k)
        if self.kind == "uniform":
            return rng.dirichlet(np.ones(self.m), size=k)
        if self.kind == "panel":
            return self.experts[rng.integers(0, self.experts.shape[0], size=k)]
        return np.broadcast_to(self.weights, (k, self.m)).copy()

    def describe(self) -> str:
        if self.kind == "dirichlet":
            return f"dirichlet (C = {self.concentration:g})"
        if self.kind == "panel":
            return f"panel ({self.experts.shape[0]} experts' priority vectors, resampled)"
        return self.kind


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, eq=False)
class ScoreGroup:
    """Materials whose criterion ``criterion`` is computed by the same formula
    from the same indicator names; ``columns[t]`` indexes, for each material of
    the group, the indicator vector (ranged draws first, then constants) for
    ``names[t]``."""

    criterion: int
    materials: np.ndarray
    names: tuple[str, ...]
    columns: np.ndarray
    compute: Callable[[Mapping[str, np.ndarray]], np.ndarray]


@dataclass(frozen=True, eq=False)
class ValueModel:
    """Indicator values drawn from triangular distributions (low, mode, high),
    re-scored through the criteria's vectorised formulas.

    The indicator vector has the P ranged indicators first (drawn), then the Q
    constants used alongside them. ``labels`` names each ranged indicator
    ("material.indicator") for messages.
    """

    low: np.ndarray
    mode: np.ndarray
    high: np.ndarray
    constants: np.ndarray
    groups: tuple[ScoreGroup, ...]
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        lo, c, hi = (np.asarray(a, dtype=float) for a in (self.low, self.mode, self.high))
        if not (lo.shape == c.shape == hi.shape) or lo.ndim != 1:
            raise InputError("low, mode and high must be vectors of one length")
        ok = np.isfinite(lo) & np.isfinite(c) & np.isfinite(hi) & (lo <= c) & (c <= hi) & (lo < hi)
        if not ok.all():
            bad = int(np.flatnonzero(~ok)[0])
            name = self.labels[bad] if bad < len(self.labels) else f"indicator {bad + 1}"
            raise InputError(f"{name}: a range needs low ≤ value ≤ high and low < high",
                             found=f"{lo[bad]!r}, {c[bad]!r}, {hi[bad]!r}")
        object.__setattr__(self, "low", lo)
        object.__setattr__(self, "mode", c)
        object.__setattr__(self, "high", hi)
        object.__setattr__(self, "constants", np.asarray(self.constants, dtype=float).reshape(-1))

    @property
    def p(self) -> int:
        return self.low.size

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """((P + Q) × k) indicator values: triangular draws, then the constants.

        Triangular(low, mode, high) as low + (high − mode)·min(U1, U2) + (mode − low)·max(U1, U2)
        (Stein & Keblis 2009): two uniforms, no branch, no square root. The uniforms are drawn
        as (P × 2 × k), :data:`DRAW_ROWS` indicators at a time so the work stays in cache
        (the same numbers as one call).
        """
        p = self.p
        out = np.empty((p + self.constants.size, k))
        below = (self.high - self.mode)[:, None]
        above = (self.mode - self.low)[:, None]
        low = self.low[:, None]
        for start in range(0, p, DRAW_ROWS):
            stop = min(p, start + DRAW_ROWS)
            u = rng.random((stop - start, 2, k))
            rows = out[start:stop]
            np.minimum(u[:, 0], u[:, 1], out=rows)
            hi = np.maximum(u[:, 0], u[:, 1], out=u[:, 1])
            rows *= below[start:stop]
            hi *= above[start:stop]
            rows += hi
            rows += low[start:stop]
        out[p:] = self.constants[:, None]
        return out

    def sample(self, rng: np.random.Generator, k: int, scores: np.ndarray, keep: int | None = None
               ) -> list[np.ndarray]:
        """The sampled decision matrix as M arrays (N × keep), one per criterion: ``k`` samples
        are drawn and the first ``keep`` (default all) scored, so a partial block's samples are
        the first ones of the full block."""
        v = self.draw(rng, k)
        if keep is not None and keep < k:
            v = v[:, :keep]
            k = keep
        cols = [np.empty((scores.shape[0], k)) for _ in range(scores.shape[1])]
        for j, x in enumerate(cols):
            x[...] = scores[:, j, None]
        for g in self.groups:
            values = {name: v[g.columns[t]] for t, name in enumerate(g.names)}
            s = np.broadcast_to(np.asarray(g.compute(values), dtype=float), (g.materials.size, k))
            cols[g.criterion][g.materials] = s
        return cols


# --------------------------------------------------------------------------- problem & result


@dataclass(frozen=True, eq=False)
class SMAAProblem:
    """Everything one SMAA run needs, in lens order (government, market).

    ``scores`` is the case's point decision matrix (N × M); ``benefit`` one
    bool vector per lens; ``thresholds`` (t_gov, t_market) for the fixed split
    (ignored for ``split = "median"``, where each sample's medians are used).
    """

    scores: np.ndarray
    benefit: tuple[np.ndarray, np.ndarray]
    weights: tuple[WeightModel, WeightModel]
    thresholds: tuple[float, float] = (0.5, 0.5)
    split: str = "fixed"
    policy_mix: float = 0.5
    normalization: str = "vector"
    values: ValueModel | None = None

    def __post_init__(self) -> None:
        x = np.asarray(self.scores, dtype=float)
        if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1 or not np.all(np.isfinite(x)):
            raise InputError("the decision matrix must be finite, materials × criteria", found=f"shape {x.shape}")
        object.__setattr__(self, "scores", x)
        object.__setattr__(self, "benefit", tuple(np.asarray(b, dtype=bool).reshape(-1) for b in self.benefit))
        if len(self.benefit) != 2 or len(self.weights) != 2:
            raise InputError("two lenses expected (government, market)")
        for b, w in zip(self.benefit, self.weights):
            if b.size != x.shape[1] or w.m != x.shape[1]:
                raise InputError("weights, directions and criteria differ in number",
                                 found=f"{w.m} weights, {b.size} directions", expected=f"{x.shape[1]}")
        if self.split not in SPLITS:
            raise InputError(f"unknown split {self.split!r}", expected=" or ".join(SPLITS))
        if self.normalization not in NORMALIZATIONS:
            raise InputError(f"unknown normalization {self.normalization!r}", expected=" or ".join(NORMALIZATIONS))
        if not 0.0 <= self.policy_mix <= 1.0:
            raise InputError("the policy mix is outside [0, 1]", found=repr(self.policy_mix))

    @property
    def n(self) -> int:
        return self.scores.shape[0]

    @property
    def m(self) -> int:
        return self.scores.shape[1]


@dataclass(frozen=True, eq=False)
class LensSummary:
    mean: np.ndarray               # (N,)
    p05: np.ndarray
    p95: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    histogram: np.ndarray          # (N × HIST_BINS) counts on [0, 1]
    first_counts: np.ndarray       # samples where the material has the lens's highest closeness
    central_weights: np.ndarray    # (N × M), NaN where never first
    confidence_factor: np.ndarray  # (N,), NaN where never first


@dataclass(frozen=True, eq=False)
class SMAAResult:
    samples: int
    seed: int
    block: int
    tier_counts: np.ndarray        # (N × 4), TIERS order
    rank_counts: np.ndarray        # (N × N): [material, rank − 1]
    lenses: tuple[LensSummary, LensSummary]
    cf_samples: int                # value samples behind the confidence factors

    @property
    def tier_probability(self) -> np.ndarray:
        return self.tier_counts / self.samples

    @property
    def rank_acceptability(self) -> np.ndarray:
        return self.rank_counts / self.samples


# --------------------------------------------------------------------------- kernel
# Arrays inside a block are laid out materials × samples (N × k): the per-sample
# column statistics are then reductions over rows, which numpy vectorises well.


def block_rng(seed: int, block: int, stream: int) -> np.random.Generator:
    """The PCG64 generator of one block and stream."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block, stream))))


def sampled_closeness(x: Sequence[np.ndarray], weights: Sequence[np.ndarray], benefit: Sequence[np.ndarray],
                      normalization: str = "vector") -> list[np.ndarray]:
    """Closeness (N × k) per lens for k sampled decision matrices.

    ``x`` holds one (N × k) array per criterion (column n·k = material n in
    sample k); ``weights`` one (k × M) array and ``benefit`` one (M,) bool
    vector per lens. The lenses share the per-sample column statistics and
    squared gaps; each distance is M multiply-adds with per-sample
    coefficients w² / d (d the normaliser), the criteria unrolled.
    """
    n, k = x[0].shape
    gaps_hi, gaps_lo, inv = [], [], np.zeros((len(x), k))
    for j, xj in enumerate(x):
        hi = xj.max(axis=0)
        lo = xj.min(axis=0)
        if normalization == "vector":
            den = np.einsum("nk,nk->k", xj, xj)
        elif normalization == "minmax":
            den = hi - lo
            den *= den
        else:
            raise InputError(f"unknown normalization {normalization!r}", expected=" or ".join(NORMALIZATIONS))
        np.divide(1.0, den, out=inv[j], where=den > 0)
        g = np.subtract(hi, xj)
        g *= g
        gaps_hi.append(g)
        g = np.subtract(xj, lo)
        g *= g
        gaps_lo.append(g)
    out = []
    tmp = np.empty((n, k))
    for w, b in zip(weights, benefit):
        q = np.ascontiguousarray(np.square(w).T)          # (M × k)
        q *= inv
        dp2 = np.empty((n, k))
        dm2 = np.empty((n, k))
        for j in range(len(x)):
            to_ideal, to_anti = (gaps_hi[j], gaps_lo[j]) if b[j] else (gaps_lo[j], gaps_hi[j])
            if j == 0:
                np.multiply(to_ideal, q[j], out=dp2)
                np.multiply(to_anti, q[j], out=dm2)
                continue
            np.multiply(to_ideal, q[j], out=tmp)
            dp2 += tmp
            np.multiply(to_anti, q[j], out=tmp)
            dm2 += tmp
        out.append(closeness_from_squares(dp2, dm2))
    return out


def fixed_closeness(normalized: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Closeness (N × k) for k weight vectors on one normalised matrix (N × M).

    The batch form D±² = ((R − R±)²) · (W ∘ W)ᵀ of
    :func:`matrank.mcda.topsis.batch_closeness`, transposed and written as M
    an einsum (numpy's own loops) instead of a BLAS call: BLAS's threads
    would fight the kernel's worker threads.
    """
    ideal, anti = ideal_points(normalized, np.asarray(benefit, dtype=bool))
    n = normalized.shape[0]
    gaps = np.vstack([(normalized - ideal) ** 2, (normalized - anti) ** 2])     # (2N × M)
    w2 = np.ascontiguousarray(np.square(weights).T)                             # (M × k)
    d2 = np.einsum("nm,mk->nk", gaps, w2)                                       # D+² over D−²
    return closeness_from_squares(d2[:n], d2[n:])


def block_closeness(problem: SMAAProblem, seed: int, b: int, k: int, r_fixed: np.ndarray | None = None,
                    block: int = BLOCK, *, with_values: bool = False):
    """Block ``b``'s weights (k × M per lens) and closeness (N × k per lens): the first k
    samples of the block (weights are drawn row by row, values for the full block).
    ``with_values`` adds the sampled matrices (M arrays N × k; None with fixed values)."""
    w = [problem.weights[s].sample(block_rng(seed, b, STREAM_WEIGHTS[s]), k) for s in (0, 1)]
    x = None
    if problem.values is None:
        if r_fixed is None:
            r_fixed = normalize(problem.scores, problem.normalization)
        c = [fixed_closeness(r_fixed, w[s], problem.benefit[s]) for s in (0, 1)]
    else:
        x = problem.values.sample(block_rng(seed, b, STREAM_VALUES), max(k, block), problem.scores, keep=k)
        _check_finite(x)
        c = sampled_closeness(x, w, problem.benefit, problem.normalization)
    return (w, c, x) if with_values else (w, c)


def _check_finite(x: Sequence[np.ndarray]) -> None:
    for j, xj in enumerate(x):
        if not np.isfinite(xj).all():
            i = int(np.argwhere(~np.isfinite(xj))[0][0])
            raise InputError(f"material {i + 1}, criterion {j + 1}: a sampled value is not a finite number",
                             fix="check the indicators' ranges")


def row_medians(c: np.ndarray) -> np.ndarray:
    """Median of each column of (N × k), as np.median computes it, shape (k,)."""
    n = c.shape[0]
    if n % 2:
        return np.partition(c, n // 2, axis=0)[n // 2]
    part = np.partition(c, (n // 2 - 1, n // 2), axis=0)
    return (part[n // 2 - 1] + part[n // 2]) / 2.0


def block_tiers(problem: SMAAProblem, c_gov: np.ndarray, c_market: np.ndarray) -> np.ndarray:
    """Tier codes (N × k) of one block: :func:`matrank.mcda.tiers.tier_codes` computed as
    2·[C_gov < t_gov] + [C_market < t_market] (the same codes, a tenth of the time)."""
    if problem.split == "median":
        t_gov, t_market = row_medians(c_gov), row_medians(c_market)
    else:
        t_gov, t_market = problem.thresholds
    codes = np.less(c_gov, t_gov).astype(np.intp)
    codes <<= 1
    codes += np.less(c_market, t_market)
    return codes


#: Composite scores are ranked on a grid of 2^-RANK_BITS (≈ 1e-12, the deterministic ranking's
#: 12-decimal tie rule): within a grid step, case order decides.
RANK_BITS = 40


def block_order(problem: SMAAProblem, c_gov: np.ndarray, c_market: np.ndarray) -> np.ndarray:
    """(k × N): the materials of each sample from rank 1 down, by α·C_gov + (1 − α)·C_market;
    ties (within 2^-40) keep case order.

    The composite on a 2^-40 grid and the material's index are packed into one int64
    key (score in the high bits, index in the low ones) and each row sorted: a plain
    integer sort, three times faster than a stable argsort."""
    n = c_gov.shape[0]
    shift = max(1, int(n - 1).bit_length())
    alpha = problem.policy_mix
    composite = np.multiply(c_gov, alpha)
    composite += (1.0 - alpha) * c_market
    if RANK_BITS + 1 + shift > 62:                    # millions of materials: no room to pack
        return np.argsort(-composite.T, axis=1, kind="stable")
    key = np.multiply(composite, -2.0 ** RANK_BITS).astype(np.int64)   # higher composite, lower key
    key += 2 ** RANK_BITS
    key <<= shift
    key += np.arange(n, dtype=np.int64)[:, None]
    key = np.ascontiguousarray(key.T)
    key.sort(axis=1)
    key &= (1 << shift) - 1
    return key


#: Scales C ∈ [0, 1] to a bin index; the factor just below 1 keeps C = 1 in the last bin.
_BIN_SCALE = HIST_BINS * (1.0 - 1e-12)


def _histogram(c: np.ndarray) -> np.ndarray:
    """Counts (N · HIST_BINS,) of each material's (row's) closeness in HIST_BINS bins on [0, 1]."""
    n = c.shape[0]
    t = np.multiply(c, _BIN_SCALE)
    t += (np.arange(n, dtype=float) * HIST_BINS)[:, None]
    return np.bincount(t.astype(np.int32).ravel(), minlength=n * HIST_BINS)


def _block_stats(problem: SMAAProblem, seed: int, b: int, k: int, r_fixed, block: int, cf_keep: int) -> dict:
    n = problem.n
    w, (c_gov, c_market), x = block_closeness(problem, seed, b, k, r_fixed, block, with_values=True)
    codes = block_tiers(problem, c_gov, c_market)
    codes += (4 * np.arange(n))[:, None]
    tier = np.bincount(codes.ravel(), minlength=4 * n).reshape(n, 4)
    order = block_order(problem, c_gov, c_market)
    order *= n
    order += np.arange(n)
    ranks = np.bincount(order.ravel(), minlength=n * n).reshape(n, n)
    lenses = []
    for s, c in enumerate((c_gov, c_market)):
        first = np.argmax(c, axis=0)                  # ties: the first in case order
        lenses.append({
            "sum": c.sum(axis=1), "min": c.min(axis=1), "max": c.max(axis=1), "hist": _histogram(c),
            "first": np.bincount(first, minlength=n),
            "wsum": np.stack([np.bincount(first, weights=w[s][:, j], minlength=n)
                              for j in range(problem.m)], axis=1),
        })
    kept = [xj[:, :cf_keep].copy() for xj in x] if x is not None and cf_keep > 0 else None
    return {"tier": tier, "ranks": ranks, "lenses": lenses, "values": kept}


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def run_smaa(problem: SMAAProblem, samples: int, seed: int, *, block: int = BLOCK,
             workers: int | None = None, progress: Progress | None = None,
             cf_samples: int = CF_SAMPLES) -> SMAAResult:
    """Draw ``samples`` samples (in blocks of ``block``) and accumulate the SMAA statistics.

    Blocks run on ``workers`` threads (numpy releases the GIL) with a bounded
    read-ahead; their partial results are added in block order.
    """
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) or samples < 1:
        raise InputError("the number of samples must be a positive whole number", found=repr(samples),
                         fix="e.g. 10000")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("the seed must be a whole number ≥ 0", found=repr(seed))
    if block < 1 or cf_samples < 1:
        raise InputError("the block size and the confidence-factor samples must be positive",
                         found=f"{block!r}, {cf_samples!r}")
    n, m = problem.n, problem.m
    r_fixed = normalize(problem.scores, problem.normalization) if problem.values is None else None
    blocks = -(-samples // block)             # block sizes computed lazily: memory must not grow with samples

    def size(b: int) -> int:
        return min(block, samples - b * block)

    tier = np.zeros((n, 4), dtype=np.int64)
    ranks = np.zeros((n, n), dtype=np.int64)
    acc = [{"sum": np.zeros(n), "min": np.full(n, np.inf), "max": np.full(n, -np.inf),
            "hist": np.zeros(n * HIST_BINS, dtype=np.int64), "first": np.zeros(n, dtype=np.int64),
            "wsum": np.zeros((n, m))} for _ in (0, 1)]

    cf_n = min(samples, cf_samples) if problem.values is not None else 1

    def cf_keep(b: int) -> int:
        return max(0, min(size(b), cf_n - b * block))

    cf_values: list[list[np.ndarray]] = []     # the first cf_n value samples, for the confidence factors

    def add(part: dict) -> None:
        if part["values"] is not None:
            cf_values.append(part["values"])
        np.add(tier, part["tier"], out=tier)
        np.add(ranks, part["ranks"], out=ranks)
        for a, p in zip(acc, part["lenses"]):
            a["sum"] += p["sum"]
            np.minimum(a["min"], p["min"], out=a["min"])
            np.maximum(a["max"], p["max"], out=a["max"])
            a["hist"] += p["hist"]
            a["first"] += p["first"]
            a["wsum"] += p["wsum"]

    workers = workers or default_workers()
    done = 0
    if workers == 1 or blocks == 1:
        for b in range(blocks):
            add(_block_stats(problem, seed, b, size(b), r_fixed, block, cf_keep(b)))
            done += size(b)
            if progress:
                progress(done, samples)
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
        try:
            pending: list = []
            nxt = 0
            for b in range(blocks):
                while nxt < blocks and len(pending) < 2 * workers:         # bounded read-ahead
                    pending.append(pool.submit(_block_stats, problem, seed, nxt, size(nxt), r_fixed, block,
                                               cf_keep(nxt)))
                    nxt += 1
                add(pending.pop(0).result())                               # in block order
                done += size(b)
                if progress:
                    progress(done, samples)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    centrals = []
    for a in acc:
        with np.errstate(invalid="ignore", divide="ignore"):
            central = a["wsum"] / a["first"][:, None]
        central[a["first"] == 0] = np.nan
        centrals.append(central)
    factors = confidence_factors(problem, centrals, cf_values)
    summaries = []
    for a, central, factor in zip(acc, centrals, factors):
        hist = a["hist"].reshape(n, HIST_BINS)
        summaries.append(LensSummary(
            mean=a["sum"] / samples,
            p05=histogram_quantile(hist, 0.05, a["min"], a["max"]),
            p95=histogram_quantile(hist, 0.95, a["min"], a["max"]),
            minimum=a["min"], maximum=a["max"], histogram=hist, first_counts=a["first"],
            central_weights=central,
            confidence_factor=factor))
    return SMAAResult(samples, seed, block, tier, ranks, tuple(summaries), cf_n)


def histogram_quantile(hist: np.ndarray, q: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Per row, the q-quantile of values binned on [0, 1]: linear within its bin,
    clamped to the row's observed [lo, hi]; within one bin width of the sample quantile."""
    rows, bins = hist.shape
    cum = np.cumsum(hist, axis=1)
    target = q * cum[:, -1]
    idx = np.minimum((cum < target[:, None]).sum(axis=1), bins - 1)
    at = np.arange(rows)
    below = np.where(idx > 0, cum[at, np.maximum(idx - 1, 0)], 0)
    inbin = hist[at, idx]
    frac = np.divide(target - below, inbin, out=np.zeros(rows), where=inbin > 0)
    return np.clip((idx + frac) / bins, lo, hi)


def confidence_factors(problem: SMAAProblem, central: Sequence[np.ndarray],
                       value_blocks: Sequence[Sequence[np.ndarray]] = ()) -> list[np.ndarray]:
    """Per lens, the share of the value samples in which material i has the lens's highest
    closeness under its central weights (NaN where i has none).

    ``value_blocks`` holds the run's first value samples (M arrays N × k per block); with
    fixed values there is one value sample, the case's. Each chunk is one matrix product
    per lens and distance."""
    n = problem.n
    outs = [np.full(n, np.nan) for _ in central]
    cands = [np.flatnonzero(~np.isnan(c[:, 0])) for c in central]
    if problem.values is None:
        r = normalize(problem.scores, problem.normalization)
        for out, cand, c, b_lens in zip(outs, cands, central, problem.benefit):
            if cand.size:
                closeness = batch_closeness(r, c[cand], b_lens)
                out[cand] = (np.argmax(closeness, axis=1) == cand).astype(float)
        return outs
    hits = [np.zeros(cand.size, dtype=np.int64) for cand in cands]
    # D+² = Σ_j w_j² · (gap to the column max if benefit else to the min); D−² the other way
    plus, minus = [], []
    for c, cand, b_lens in zip(central, cands, problem.benefit):
        w2 = np.square(c[cand])                                           # (Nc × M)
        plus.append(np.hstack([w2 * b_lens, w2 * ~b_lens]))               # (Nc × 2M)
        minus.append(np.hstack([w2 * ~b_lens, w2 * b_lens]))
    # value samples per chunk: at most CF_CHUNK, and distance arrays of at most CF_CELLS floats
    chunk = max(1, min(CF_CHUNK, CF_CELLS // max(1, n * max(c.size for c in cands))))
    total = 0
    for x in value_blocks:
        k = x[0].shape[1]
        total += k
        for start in range(0, k, chunk):
            g = _scaled_gaps([xj[:, start:start + chunk] for xj in x], problem.normalization)
            for lens, cand in enumerate(cands):
                if cand.size == 0:
                    continue
                # the highest closeness is the lowest D+²/D−² (C = 1 / (1 + sqrt(D+²/D−²)))
                ratio = plus[lens] @ g                                     # (Nc × k'·N)
                dm2 = minus[lens] @ g
                with np.errstate(divide="ignore", invalid="ignore"):
                    ratio /= dm2
                both_zero = np.isnan(ratio)
                if both_zero.any():                                        # C = 0.5
                    ratio[both_zero] = 1.0
                first = np.argmin(ratio.reshape(cand.size, -1, n), axis=2)  # (Nc × k')
                hits[lens] += (first == cand[:, None]).sum(axis=1)
    for out, cand, h in zip(outs, cands, hits):
        out[cand] = h / max(total, 1)
    return outs


def _scaled_gaps(x: Sequence[np.ndarray], normalization: str) -> np.ndarray:
    """(2M × k·N): squared gaps to each column's maximum (rows 0..M−1) and minimum (rows
    M..2M−1), divided by the normaliser; column s·N + n is material n in sample s."""
    n, k = x[0].shape
    m = len(x)
    g = np.empty((2 * m, k, n))
    for j, xj in enumerate(x):
        hi, lo = xj.max(axis=0), xj.min(axis=0)
        den = np.einsum("nk,nk->k", xj, xj) if normalization == "vector" else (hi - lo) ** 2
        inv = np.divide(1.0, den, out=np.zeros(k), where=den > 0)
        g[j] = ((hi - xj) ** 2 * inv).T
        g[m + j] = ((xj - lo) ** 2 * inv).T
    return g.reshape(2 * m, k * n)


# --------------------------------------------------------------------------- reference


def reference_closeness(problem: SMAAProblem, seed: int, b: int, k: int, block: int = BLOCK):
    """Block ``b``'s weights and closenesses recomputed one sample at a time, the plain
    way (normalise, weight, ideal points, distances): the kernel's reference in tests."""
    w = [problem.weights[s].sample(block_rng(seed, b, STREAM_WEIGHTS[s]), k) for s in (0, 1)]
    if problem.values is None:
        mats = [problem.scores] * k
    else:
        x = problem.values.sample(block_rng(seed, b, STREAM_VALUES), max(k, block), problem.scores, keep=k)
        mats = [np.stack([xj[:, i] for xj in x], axis=1) for i in range(k)]
    c = np.empty((2, problem.n, k))
    for i, mat in enumerate(mats):
        r = normalize(mat, problem.normalization)
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


__all__ = ["BLOCK", "HIST_BINS", "CF_SAMPLES", "TIERS", "WeightModel", "ScoreGroup", "ValueModel",
           "SMAAProblem", "SMAAResult", "LensSummary", "run_smaa", "sampled_closeness", "fixed_closeness",
           "block_closeness",
           "block_tiers", "block_order", "block_rng", "row_medians", "histogram_quantile",
           "reference_closeness"]
