"""TOPSIS (Hwang & Yoon 1981), single and batch.

Vector normalisation (default) or min-max; ideal and anti-ideal by direction;
closeness C = D− / (D+ + D−). Degenerate inputs are handled, never turned into
NaN: NaN/inf values and non-positive weights are errors; a constant column
cannot discriminate and is weighted out with a warning; a material equal to
both ideal and anti-ideal gets C = 0.5 with a warning. Rank 1 is the highest
closeness; exact ties (to 12 decimals) keep input order and are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from matrank.errors import InputError

NORMALIZATIONS = ("vector", "minmax")
TIE_DECIMALS = 12
CONSTANT_RTOL = 1e-12
#: Rows of weight vectors evaluated per matrix product in the batch kernel.
DEFAULT_CHUNK = 8192


@dataclass(frozen=True)
class TopsisResult:
    closeness: np.ndarray
    rank: np.ndarray               # 1 = best, input order
    d_plus: np.ndarray
    d_minus: np.ndarray
    normalized: np.ndarray         # R, before weighting
    weighted: np.ndarray           # V = w ∘ R
    ideal: np.ndarray              # weighted, per criterion
    anti_ideal: np.ndarray
    weights: np.ndarray            # as used: constant columns weighted out, sum 1
    normalization: str
    constant_columns: tuple[int, ...]
    ties: tuple[tuple[int, ...], ...]
    warnings: tuple[str, ...]


def check_matrix(matrix: np.ndarray, alternatives: Sequence[str] | None = None,
                 criteria: Sequence[str] | None = None) -> np.ndarray:
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise InputError("the decision matrix is empty or not two-dimensional",
                         found=f"shape {x.shape}", expected="one row per alternative, one column per criterion")
    bad = np.argwhere(~np.isfinite(x))
    if bad.size:
        i, j = bad[0]
        alt = alternatives[i] if alternatives is not None else f"row {i + 1}"
        crit = criteria[j] if criteria is not None else f"column {j + 1}"
        raise InputError(f"{alt}, {crit}: the value is not a finite number", found=repr(float(x[i, j])),
                         expected="a finite number", fix="fill in the value or remove the row")
    return x


def check_weights(weights: Sequence[float], m: int,
                  criteria: Sequence[str] | None = None) -> np.ndarray:
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.shape != (m,):
        raise InputError("weights and criteria differ in number", found=f"{w.size} weights",
                         expected=f"{m}, one per criterion")
    for j, v in enumerate(w):
        if not np.isfinite(v) or v <= 0:
            name = criteria[j] if criteria is not None else f"criterion {j + 1}"
            raise InputError(f"the weight of {name} is not a positive finite number", found=repr(float(v)),
                             expected="a number > 0", fix="give every criterion a positive weight, "
                             "or drop the criterion")
    w = w / w.max()     # 1e308 weights would overflow their sum
    return w / w.sum()


def constant_columns(x: np.ndarray) -> tuple[int, ...]:
    """Columns whose spread is nil relative to their magnitude (within 1e-12): they cannot
    discriminate, and a spread of a few units in the last place would otherwise decide the
    ranking, and change with the column's unit."""
    spread = np.ptp(x, axis=0)
    return tuple(int(j) for j in np.flatnonzero(spread <= CONSTANT_RTOL * np.max(np.abs(x), axis=0)))


def normalize(x: np.ndarray, normalization: str = "vector") -> np.ndarray:
    """Column-normalise ``x`` (… × N × M, along N). Zero-spread columns become 0."""
    if normalization == "vector":
        # Scaled by the column's largest magnitude first, so that values near 1e200 or
        # 1e-200 neither overflow nor underflow in the sum of squares (the result is the same).
        big = np.max(np.abs(x), axis=-2, keepdims=True)
        xs = np.divide(x, big, out=np.zeros_like(x), where=big > 0)
        norm = np.sqrt(np.sum(xs * xs, axis=-2, keepdims=True))
        return np.divide(xs, norm, out=np.zeros_like(x), where=norm > 0)
    if normalization == "minmax":
        lo = x.min(axis=-2, keepdims=True)
        span = x.max(axis=-2, keepdims=True) - lo
        return np.divide(x - lo, span, out=np.zeros_like(x), where=span > 0)
    raise InputError(f"unknown normalization {normalization!r}", expected=" or ".join(NORMALIZATIONS))


def ideal_points(r: np.ndarray, benefit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unweighted ideal and anti-ideal of normalised ``r`` (… × N × M) by direction."""
    hi, lo = r.max(axis=-2), r.min(axis=-2)
    return np.where(benefit, hi, lo), np.where(benefit, lo, hi)


def rank_descending(scores: np.ndarray) -> tuple[np.ndarray, tuple[tuple[int, ...], ...]]:
    """Ranks 1..N, highest score first; exact ties keep input order and are returned."""
    key = np.round(scores, TIE_DECIMALS)
    order = np.lexsort((np.arange(len(scores)), -key))
    rank = np.empty(len(scores), dtype=int)
    rank[order] = np.arange(1, len(scores) + 1)
    ties = []
    values, counts = np.unique(key, return_counts=True)
    for v in values[counts > 1]:
        ties.append(tuple(int(i) for i in np.flatnonzero(key == v)))
    ties.sort()
    return rank, tuple(ties)


def topsis(matrix: np.ndarray, weights: Sequence[float], benefit: Sequence[bool], *,
           normalization: str = "vector", alternatives: Sequence[str] | None = None,
           criteria: Sequence[str] | None = None) -> TopsisResult:
    """Classic TOPSIS on one decision matrix (N alternatives × M criteria)."""
    x = check_matrix(matrix, alternatives, criteria)
    n, m = x.shape
    w = check_weights(weights, m, criteria)
    b = np.asarray(benefit, dtype=bool).reshape(-1)
    if b.shape != (m,):
        raise InputError("types and criteria differ in number", found=f"{b.size} types",
                         expected=f"{m}, one per criterion")
    warnings: list[str] = []
    constant = constant_columns(x)
    if constant:
        names = ", ".join(criteria[j] if criteria is not None else f"column {j + 1}" for j in constant)
        if len(constant) == m:
            warnings.append(f"every criterion is constant ({names}): no alternative can be told apart")
        else:
            warnings.append(f"constant criterion weighted out, it cannot discriminate: {names}")
            w = w.copy()
            w[list(constant)] = 0.0
            w = w / w.sum()
    r = normalize(x, normalization)
    v = r * w
    ideal, anti = ideal_points(v, b)
    d_plus = np.sqrt(np.sum((v - ideal) ** 2, axis=1))
    d_minus = np.sqrt(np.sum((v - anti) ** 2, axis=1))
    total = d_plus + d_minus
    both = total == 0
    closeness = np.divide(d_minus, total, out=np.full(n, 0.5), where=~both)
    if both.any() and len(constant) < m:
        names = ", ".join(alternatives[i] if alternatives is not None else f"row {i + 1}"
                          for i in np.flatnonzero(both))
        warnings.append(f"equal to both ideal and anti-ideal, closeness set to 0.5: {names}")
    rank, ties = rank_descending(closeness)
    if ties:
        label = (lambda i: alternatives[i]) if alternatives is not None else (lambda i: f"row {i + 1}")
        for group in ties:
            warnings.append("tie broken by input order: " + " = ".join(label(i) for i in group))
    return TopsisResult(closeness, rank, d_plus, d_minus, r, v, ideal, anti, w, normalization,
                        constant, ties, tuple(warnings))


def batch_closeness(normalized: np.ndarray, weights: np.ndarray, benefit: Sequence[bool], *,
                    chunk: int = DEFAULT_CHUNK) -> np.ndarray:
    """TOPSIS closeness for K weight vectors at once: a (K × N) array.

    ``normalized`` is the normalised matrix R, either one (N × M) shared by all
    weight vectors or one per vector (K × N × M, e.g. sampled values).
    ``weights`` is (K × M), strictly positive (scale does not matter). With a
    shared R this is two matrix products per chunk of weight vectors:
    D±² = (W ∘ W) · ((R − R±)²)ᵀ.
    """
    w = np.asarray(weights, dtype=float)
    b = np.asarray(benefit, dtype=bool)
    r = np.asarray(normalized, dtype=float)
    k = w.shape[0]
    n = r.shape[-2]
    out = np.empty((k, n))
    if r.ndim == 2:
        ideal, anti = ideal_points(r, b)
        gap_plus_t = ((r - ideal) ** 2).T
        gap_minus_t = ((r - anti) ** 2).T
        for start in range(0, k, chunk):
            w2 = w[start:start + chunk] ** 2
            out[start:start + chunk] = closeness_from_squares(w2 @ gap_plus_t, w2 @ gap_minus_t)
        return out
    for start in range(0, k, chunk):
        rr = r[start:start + chunk]
        ideal, anti = ideal_points(rr, b)
        w2 = w[start:start + chunk] ** 2
        dp2 = np.einsum("km,knm->kn", w2, (rr - ideal[:, None, :]) ** 2)
        dm2 = np.einsum("km,knm->kn", w2, (rr - anti[:, None, :]) ** 2)
        out[start:start + chunk] = closeness_from_squares(dp2, dm2)
    return out


def closeness_from_squares(dp2: np.ndarray, dm2: np.ndarray) -> np.ndarray:
    """C = D− / (D+ + D−) from the squared distances, as 1 / (1 + sqrt(D+² / D−²)).

    One square root instead of two (the kernel's hot spot); overwrites ``dp2``.
    D− = 0 gives C = 0; D+ = D− = 0 (equal to ideal and anti-ideal) gives 0.5.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.divide(dp2, dm2, out=dp2)
        np.sqrt(ratio, out=ratio)
        ratio += 1.0
        np.reciprocal(ratio, out=ratio)
    if not dm2.all():
        ratio[(dm2 == 0) & np.isnan(ratio)] = 0.5
    return ratio
