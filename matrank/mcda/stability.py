"""One-at-a-time weight stability of the tiers.

For a lens and one of its criteria j, the weight w_j is moved over [0, 1]
while the other weights are rescaled proportionally (w_k · (1 − t) / (1 − w_j),
so they keep their ratios and the vector sums to 1); the other lens is held
at its weights. For every material the result is the interval of w_j,
containing the current weight, inside which the material keeps its tier
(with the median split the thresholds move with the closenesses and are
recomputed at every t). The interval is found on a grid of :data:`GRID` steps
and its ends refined by bisection to below 1e-12; where a tier is lost and
regained further out, only the interval around the current weight counts.

The scores come from the ranking method's batch form (:mod:`matrank.mcda.ranking`).

Pure: the decision matrix, directions and weights in, intervals out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from matrank.mcda import ranking
from matrank.mcda.tiers import tier_codes

GRID = 2000
BISECTIONS = 40


@dataclass(frozen=True, eq=False)
class WeightInterval:
    """The weight interval of one criterion in one lens, per material."""

    lens: int              # 0 government, 1 market
    criterion: int
    weight: float          # the current weight
    low: np.ndarray        # (N,) the material keeps its tier for low ≤ w_j ≤ high
    high: np.ndarray

    @property
    def all_low(self) -> float:
        """Every material keeps its tier for all_low ≤ w_j ≤ all_high."""
        return float(self.low.max())

    @property
    def all_high(self) -> float:
        return float(self.high.min())


@dataclass(frozen=True, eq=False)
class StabilityResult:
    tiers: np.ndarray                       # (N,) the tiers being kept (at the current weights)
    intervals: tuple[WeightInterval, ...]   # lens-major, criteria in order

    def interval(self, lens: int, criterion: int) -> WeightInterval:
        return next(iv for iv in self.intervals if iv.lens == lens and iv.criterion == criterion)


def rescaled(weights: np.ndarray, j: int, t: np.ndarray) -> np.ndarray:
    """Weight vectors (T × M) with w_j = t and the others rescaled to keep their ratios."""
    w = np.asarray(weights, dtype=float)
    t = np.asarray(t, dtype=float).reshape(-1)
    rest = 1.0 - w[j]
    out = np.outer(1.0 - t, w / rest) if rest > 0 else np.zeros((t.size, w.size))
    out[:, j] = t
    return out


class _Tiering:
    """Tiers of every material as one lens's weight vector changes, the other lens fixed."""

    def __init__(self, scores, benefit, weights, thresholds, split, method, normalization):
        self.name = method
        self.method = ranking.method(method)
        self.prepared = self.method.prepare(np.asarray(scores, dtype=float), normalization)
        self.benefit = [np.asarray(b, dtype=bool) for b in benefit]
        self.thresholds = thresholds
        self.split = split
        self.base = [self.scores(np.asarray(w, dtype=float)[None, :], b)[0]
                     for w, b in zip(weights, self.benefit)]

    def scores(self, w: np.ndarray, benefit: np.ndarray) -> np.ndarray:
        """(T × N) scores for T weight vectors."""
        return self.method.evaluate_batch(self.prepared, w, benefit).T

    def tiers(self, lens: int, w: np.ndarray) -> np.ndarray:
        """(T × N) tier codes for T weight vectors of ``lens``."""
        c = self.scores(w, self.benefit[lens])
        other = np.broadcast_to(self.base[1 - lens], c.shape)
        pair = (c, other) if lens == 0 else (other, c)
        if self.split == "median":
            t = [np.median(x, axis=1, keepdims=True) for x in pair]
        else:
            t = list(self.thresholds)
        return tier_codes(pair[0], pair[1], t[0], t[1])

    def same_tiers(self, lens: int, w: np.ndarray, base: np.ndarray) -> np.ndarray:
        """(T × N) whether each material keeps its tier ``base`` under each weight vector; the
        vectors a step at a time, so that only the booleans are held for all of them."""
        step = max(1, ranking.ROWS_CELLS // max(1, self.prepared.n))
        return np.concatenate([self.tiers(lens, w[start:start + step]) == base
                               for start in range(0, w.shape[0], step)])

    def tiers_of(self, lens: int, w: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """(T,) tier code of material ``rows[t]`` under weight vector ``w[t]`` of ``lens``. With
        fixed thresholds a material's tier needs only its own two scores; with the median
        split every material's score moves the threshold. Small problems take the full
        scores: the same products as the grid step, to the last digit."""
        if self.split == "median" or rows.size * self.prepared.n <= ranking.ROWS_CELLS:
            return self.tiers(lens, w)[np.arange(rows.size), rows]
        own = ranking.evaluate_rows(self.name, self.prepared, w, rows, self.benefit[lens])
        other = self.base[1 - lens][rows]
        pair = (own, other) if lens == 0 else (other, own)
        return tier_codes(pair[0], pair[1], *self.thresholds)

    def base_tiers(self) -> np.ndarray:
        pair = [x[None, :] for x in self.base]
        t = [np.median(x, axis=1, keepdims=True) for x in pair] if self.split == "median" else self.thresholds
        return tier_codes(pair[0], pair[1], t[0], t[1])[0]


def weight_intervals(scores: np.ndarray, benefit: Sequence[np.ndarray], weights: Sequence[np.ndarray],
                     thresholds: tuple[float, float] = (0.5, 0.5), split: str = "fixed", *,
                     method: str = "topsis", normalization: str | None = None,
                     grid: int = GRID, bisections: int = BISECTIONS) -> StabilityResult:
    """Per lens and criterion, each material's weight interval that keeps its tier
    (``scores``: the decision matrix, N × M)."""
    state = _Tiering(scores, benefit, weights, thresholds, split, method, normalization)
    base_tiers = state.base_tiers()
    n = base_tiers.size
    out = []
    for lens, w in enumerate(weights):
        w = np.asarray(w, dtype=float)
        w = w / w.sum()
        for j in range(w.size):
            out.append(_criterion_interval(state, lens, w, j, base_tiers, n, grid, bisections))
    return StabilityResult(base_tiers, tuple(out))


def _criterion_interval(state: _Tiering, lens: int, w: np.ndarray, j: int, base_tiers: np.ndarray, n: int,
                        grid: int, bisections: int) -> WeightInterval:
    t = np.unique(np.append(np.linspace(0.0, 1.0, grid + 1), w[j]))
    ib = int(np.searchsorted(t, w[j]))
    same = state.same_tiers(lens, rescaled(w, j, t), base_tiers)      # (T × N)
    same[ib] = True
    low, high = np.zeros(n), np.ones(n)
    brackets = []                                                       # (material, good t, bad t, is_low)
    for i in range(n):
        bad_below = np.flatnonzero(~same[:ib, i])
        if bad_below.size:
            k = bad_below[-1]
            brackets.append((i, t[k + 1], t[k], True))
        bad_above = np.flatnonzero(~same[ib + 1:, i])
        if bad_above.size:
            k = ib + 1 + bad_above[0]
            brackets.append((i, t[k - 1], t[k], False))
    if brackets:
        mats = np.array([b[0] for b in brackets])
        good = np.array([b[1] for b in brackets])
        bad = np.array([b[2] for b in brackets])
        for _ in range(bisections):
            mid = 0.5 * (good + bad)
            keeps = state.tiers_of(lens, rescaled(w, j, mid), mats) == base_tiers[mats]
            good = np.where(keeps, mid, good)
            bad = np.where(keeps, bad, mid)
        for (i, _, _, is_low), g in zip(brackets, good):
            if is_low:
                low[i] = g
            else:
                high[i] = g
    return WeightInterval(lens, j, float(w[j]), low, high)


__all__ = ["GRID", "WeightInterval", "StabilityResult", "weight_intervals", "rescaled"]
