"""VIKOR (Opricovic 1998; Opricovic & Tzeng 2004): the compromise ranking.

For criterion j, f*_j is the best value over the materials (the highest for a
benefit criterion, the lowest for a cost one) and f−_j the worst. With the weights w
(sum 1), per material:

    gap_ij = (f*_j − f_ij) / (f*_j − f−_j)          (0 at the best, 1 at the worst)
    S_i = Σ_j w_j · gap_ij                            (group utility)
    R_i = max_j w_j · gap_ij                          (individual regret)
    Q_i = v · (S_i − S*) / (S− − S*) + (1 − v) · (R_i − R*) / (R− − R*)

with S* = min S, S− = max S (likewise R), and v = 0.5 (the "voting by majority" weight
of the group utility, Opricovic's default). Lower Q is better; matrank's score is
1 − Q, in [0, 1], higher better, so that tiers, thresholds and the overall rank read the
same as with TOPSIS.

Degenerate input is defined, never NaN: a constant criterion (f* = f−) has gap 0 for
every material, which weights it out (Q does not depend on the scale of the weights),
with a warning; when every material has the same S (or R), that term is 0.5 for all,
undecided, as TOPSIS gives C = 0.5 to a material equal to both ideal points, with a
warning. VIKOR normalises each criterion by its own range: TOPSIS's normalisation
option does not apply.

:func:`evaluate` is the batch form for one weight vector, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from matrank.mcda.order import rank_descending
from matrank.mcda.topsis import check_benefit, check_matrix, check_weights, tie_warnings, weigh_out_constant

NAME = "vikor"
DEFAULT_NORMALIZATION = "range"
NORMALIZATIONS = ("range",)
#: Weight of the group utility S against the individual regret R.
V = 0.5
#: A term whose spread over the materials is nil counts this much for every material.
UNDECIDED = 0.5


@dataclass(frozen=True)
class VikorResult:
    score: np.ndarray              # 1 − Q
    rank: np.ndarray
    s: np.ndarray
    r: np.ndarray
    q: np.ndarray
    best: np.ndarray               # f*_j per criterion
    worst: np.ndarray              # f−_j
    gaps: np.ndarray               # (N × M) normalised gaps to the best
    weights: np.ndarray            # sum 1
    v: float
    constant_columns: tuple[int, ...]
    ties: tuple[tuple[int, ...], ...]
    warnings: tuple[str, ...]

    method = NAME
    normalization = DEFAULT_NORMALIZATION

    def detail(self, i: int) -> dict:
        return {"s": float(self.s[i]), "r": float(self.r[i]), "q": float(self.q[i])}

    def explain_material(self, i: int) -> dict:
        return self.detail(i)

    def contributions(self, i: int) -> np.ndarray:
        """Per criterion, minus the weighted gap to the best value (its part of S, with the sign
        of a pull: 0 at the best, more negative further away)."""
        return -(self.weights * self.gaps[i])

    def explain_criterion(self, i: int, j: int) -> dict:
        """Material i on criterion j: the best and worst value, its gap and weighted gap
        (its part of S; the largest weighted gap is R)."""
        return {"best": float(self.best[j]), "worst": float(self.worst[j]), "gap": float(self.gaps[i, j]),
                "weighted_gap": float(self.weights[j] * self.gaps[i, j])}


@dataclass(frozen=True, eq=False)
class Prepared:
    """A decision matrix made ready for many weight vectors: every value's gap to its
    column's highest and lowest value over the column's range (0 where the range is nil).
    ``shared``: one (N × M) matrix for every vector; otherwise M arrays (N × k)."""

    n: int
    shared: bool
    to_high: np.ndarray | list
    to_low: np.ndarray | list

    def take(self, columns: np.ndarray) -> "Prepared":
        return Prepared(self.n, False, [g[:, columns] for g in self.to_high], [g[:, columns] for g in self.to_low])


def _range_gaps(x: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    hi = x.max(axis=axis, keepdims=True)
    lo = x.min(axis=axis, keepdims=True)
    span = hi - lo
    return (np.divide(hi - x, span, out=np.zeros_like(x), where=span > 0),
            np.divide(x - lo, span, out=np.zeros_like(x), where=span > 0))


def prepare(x: np.ndarray | Sequence[np.ndarray], normalization: str | None = None) -> Prepared:
    """``x``: one (N × M) matrix, or M arrays (N × k) of sampled matrices. The normalisation
    is always the range (VIKOR's own)."""
    if isinstance(x, np.ndarray) and x.ndim == 2:
        to_high, to_low = _range_gaps(np.asarray(x, dtype=float), 0)
        return Prepared(x.shape[0], True, to_high, to_low)
    pairs = [_range_gaps(xj, 0) for xj in x]
    return Prepared(x[0].shape[0], False, [p[0] for p in pairs], [p[1] for p in pairs])


def _term(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(values − min) / (max − min) over the materials (axis 0), and where the spread is nil."""
    lo, hi = values.min(axis=0), values.max(axis=0)
    span = hi - lo
    flat = span <= 0
    out = np.divide(values - lo, span, out=np.full_like(values, UNDECIDED), where=~flat)
    return out, flat


def components(prepared: Prepared, weights: np.ndarray, benefit: Sequence[bool]):
    """S, R, Q (each N × k) and, per weight vector, whether S or R could not separate the materials."""
    b = np.asarray(benefit, dtype=bool)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum(axis=1, keepdims=True)
    k = w.shape[0]
    s = np.zeros((prepared.n, k))
    r = np.zeros((prepared.n, k))
    for j in range(w.shape[1]):
        gap = prepared.to_high[..., j] if prepared.shared else prepared.to_high[j]
        if not b[j]:
            gap = prepared.to_low[..., j] if prepared.shared else prepared.to_low[j]
        part = gap[:, None] * w[:, j] if prepared.shared else gap * w[:, j]
        s += part
        np.maximum(r, part, out=r)
    s_term, s_flat = _term(s)
    r_term, r_flat = _term(r)
    q = V * s_term + (1.0 - V) * r_term
    return s, r, q, s_flat | r_flat


def evaluate_batch(prepared: Prepared, weights: np.ndarray, benefit: Sequence[bool]) -> np.ndarray:
    """The score 1 − Q (N × k) for k weight vectors (k × M)."""
    _, _, q, _ = components(prepared, weights, benefit)
    return 1.0 - q


def evaluate(matrix: np.ndarray, weights: Sequence[float], benefit: Sequence[bool], *,
             normalization: str | None = None, alternatives: Sequence[str] | None = None,
             criteria: Sequence[str] | None = None) -> VikorResult:
    """VIKOR on one decision matrix (N alternatives × M criteria): the batch of one."""
    x = check_matrix(matrix, alternatives, criteria)
    n, m = x.shape
    w = check_weights(weights, m, criteria)
    b = check_benefit(benefit, m)
    w, constant, warnings = weigh_out_constant(x, w, criteria)
    prepared = prepare(x)
    s, r, q, flat = (a[:, 0] if a.ndim == 2 else a for a in components(prepared, w[None, :], b))
    if flat.any() and len(constant) < m:
        warnings.append("every material has the same group utility S or regret R: that term counts "
                        f"{UNDECIDED} for all")
    score = 1.0 - q
    if len(constant) == m:          # spreads of a few units in the last place must not decide
        score[:] = 0.5
    rank, ties = rank_descending(score)
    warnings += tie_warnings(ties, alternatives)
    best = np.where(b, x.max(axis=0), x.min(axis=0))
    worst = np.where(b, x.min(axis=0), x.max(axis=0))
    gaps = np.where(b, prepared.to_high, prepared.to_low)
    return VikorResult(score, rank, s, r, q, best, worst, gaps, w, V, constant, ties, tuple(warnings))


vikor = evaluate
