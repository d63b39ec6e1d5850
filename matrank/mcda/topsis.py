"""TOPSIS (Hwang & Yoon 1981): one weight vector with every intermediate, or many at once.

Vector normalisation (default) or min-max; ideal and anti-ideal by direction;
closeness C = D− / (D+ + D−) is the score (in [0, 1], higher better). Degenerate
inputs are handled, never turned into NaN: NaN/inf values and non-positive weights are
errors; a constant column cannot discriminate and is weighted out with a warning; a
material equal to both ideal and anti-ideal gets C = 0.5 with a warning. Ranks follow
:mod:`matrank.mcda.order`.

Two forms of one method:

* :func:`evaluate` (alias :func:`topsis`): one weight vector, the classic formula with
  every intermediate that ``--explain`` shows (R, V, ideal points, D+, D−);
* :func:`evaluate_batch`: many weight vectors, on one matrix or on one sampled matrix
  per vector, from the squared gaps to each column's best and worst value:
  D±² = Σ_j w_j² · gap±_j / d_j (d_j the column normaliser), then
  C = 1 / (1 + sqrt(D+² / D−²)): one square root and no normalised matrix per vector.

Both compute the same closeness; they differ only in the order of floating-point
operations (by at most a few units in the last place, a test checks 1e-15): the classic
form keeps ``matrank rank`` byte-for-byte what it has always printed, the batch form is
what makes a million SMAA samples take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from matrank.errors import InputError
from matrank.mcda.order import rank_descending

NAME = "topsis"
NORMALIZATIONS = ("vector", "minmax")
DEFAULT_NORMALIZATION = "vector"
CONSTANT_RTOL = 1e-12


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

    method = NAME

    @property
    def score(self) -> np.ndarray:
        return self.closeness

    def detail(self, i: int) -> dict:
        """Material i's figures behind its score (the rank JSON's ``detail``)."""
        return {"d_plus": float(self.d_plus[i]), "d_minus": float(self.d_minus[i])}

    def explain_material(self, i: int) -> dict:
        return {"closeness": float(self.closeness[i]), **self.detail(i)}

    def contributions(self, i: int) -> np.ndarray:
        """Per criterion, how far it pulls material i towards the ideal: its part of D−² minus its
        part of D+². They add up to D−² − D+², which is ≥ 0 exactly when C ≥ 0.5."""
        v = self.weighted[i]
        return (v - self.anti_ideal) ** 2 - (v - self.ideal) ** 2

    def explain_criterion(self, i: int, j: int) -> dict:
        """Material i on criterion j: normalised and weighted value, and its squared parts of D±."""
        v = self.weighted[i, j]
        return {"normalized": float(self.normalized[i, j]), "weighted": float(v),
                "ideal": float(self.ideal[j]), "anti_ideal": float(self.anti_ideal[j]),
                "d_plus_sq": float((v - self.ideal[j]) ** 2), "d_minus_sq": float((v - self.anti_ideal[j]) ** 2)}


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


def check_benefit(benefit: Sequence[bool], m: int) -> np.ndarray:
    b = np.asarray(benefit, dtype=bool).reshape(-1)
    if b.shape != (m,):
        raise InputError("types and criteria differ in number", found=f"{b.size} types",
                         expected=f"{m}, one per criterion")
    return b


def constant_columns(x: np.ndarray) -> tuple[int, ...]:
    """Columns whose spread is nil relative to their magnitude (within 1e-12): they cannot
    discriminate, and a spread of a few units in the last place would otherwise decide the
    ranking, and change with the column's unit."""
    spread = np.ptp(x, axis=0)
    return tuple(int(j) for j in np.flatnonzero(spread <= CONSTANT_RTOL * np.max(np.abs(x), axis=0)))


def weigh_out_constant(x: np.ndarray, w: np.ndarray, criteria: Sequence[str] | None
                       ) -> tuple[np.ndarray, tuple[int, ...], list[str]]:
    """The weights with constant columns set to 0 (renormalised), and the warning to give."""
    constant = constant_columns(x)
    if not constant:
        return w, constant, []
    names = ", ".join(criteria[j] if criteria is not None else f"column {j + 1}" for j in constant)
    if len(constant) == x.shape[1]:
        return w, constant, [f"every criterion is constant ({names}): no alternative can be told apart"]
    w = w.copy()
    w[list(constant)] = 0.0
    return w / w.sum(), constant, [f"constant criterion weighted out, it cannot discriminate: {names}"]


#: Tie groups listed one by one; beyond this many, they are counted.
TIES_LISTED = 5


def tie_warnings(ties, alternatives: Sequence[str] | None, what: str = "tie broken by input order") -> list[str]:
    def label(i: int) -> str:
        return alternatives[i] if alternatives is not None else f"row {i + 1}"

    def group_text(group) -> str:
        shown = " = ".join(label(i) for i in group[:6])
        return shown + (f" (and {len(group) - 6} more)" if len(group) > 6 else "")
    out = [f"{what}: " + group_text(group) for group in ties[:TIES_LISTED]]
    if len(ties) > TIES_LISTED:
        out.append(f"{what}: {len(ties) - TIES_LISTED} more groups of tied scores")
    return out


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


def evaluate(matrix: np.ndarray, weights: Sequence[float], benefit: Sequence[bool], *,
             normalization: str | None = None, alternatives: Sequence[str] | None = None,
             criteria: Sequence[str] | None = None) -> TopsisResult:
    """Classic TOPSIS on one decision matrix (N alternatives × M criteria)."""
    normalization = normalization or DEFAULT_NORMALIZATION
    x = check_matrix(matrix, alternatives, criteria)
    n, m = x.shape
    w = check_weights(weights, m, criteria)
    b = check_benefit(benefit, m)
    w, constant, warnings = weigh_out_constant(x, w, criteria)
    r = normalize(x, normalization)
    v = r * w
    ideal, anti = ideal_points(v, b)
    d_plus = np.sqrt(np.sum((v - ideal) ** 2, axis=1))
    d_minus = np.sqrt(np.sum((v - anti) ** 2, axis=1))
    total = d_plus + d_minus
    both = total == 0
    closeness = np.divide(d_minus, total, out=np.full(n, 0.5), where=~both)
    if len(constant) == m:          # spreads of a few units in the last place must not decide
        closeness[:] = 0.5
    elif both.any():
        names = ", ".join(alternatives[i] if alternatives is not None else f"row {i + 1}"
                          for i in np.flatnonzero(both))
        warnings.append(f"equal to both ideal and anti-ideal, closeness set to 0.5: {names}")
    rank, ties = rank_descending(closeness)
    warnings += tie_warnings(ties, alternatives)
    return TopsisResult(closeness, rank, d_plus, d_minus, r, v, ideal, anti, w, normalization,
                        constant, ties, tuple(warnings))


topsis = evaluate


# --------------------------------------------------------------------------- many weight vectors


@dataclass(frozen=True, eq=False)
class Prepared:
    """A decision matrix made ready for many weight vectors: the squared gaps of every
    value to its column's highest and lowest value, over the column normaliser.

    ``shared`` (fixed values, one matrix for every vector): (N × M) arrays ``to_high``
    and ``to_low`` of the normalised matrix. Otherwise (one sampled matrix per vector,
    given as M arrays N × k): per criterion the (N × k) gaps and ``inverse`` (M × k),
    1 / normaliser.
    """

    n: int
    shared: bool
    to_high: np.ndarray | list
    to_low: np.ndarray | list
    inverse: np.ndarray | None = None

    def take(self, columns: np.ndarray) -> "Prepared":
        """The same samples repeated or picked by index (``columns`` into k)."""
        return Prepared(self.n, False, [g[:, columns] for g in self.to_high],
                        [g[:, columns] for g in self.to_low], self.inverse[:, columns])


def prepare(x: np.ndarray | Sequence[np.ndarray], normalization: str | None = None) -> Prepared:
    """``x``: one (N × M) matrix shared by every weight vector, or M arrays (N × k), the k
    sampled matrices column by column."""
    normalization = normalization or DEFAULT_NORMALIZATION
    if isinstance(x, np.ndarray) and x.ndim == 2:
        r = normalize(x, normalization)
        hi, lo = r.max(axis=0), r.min(axis=0)
        return Prepared(r.shape[0], True, (r - hi) ** 2, (r - lo) ** 2)
    n, k = x[0].shape
    to_high, to_low, inverse = [], [], np.zeros((len(x), k))
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
        np.divide(1.0, den, out=inverse[j], where=den > 0)
        g = np.subtract(hi, xj)
        g *= g
        to_high.append(g)
        g = np.subtract(xj, lo)
        g *= g
        to_low.append(g)
    return Prepared(n, False, to_high, to_low, inverse)


def evaluate_batch(prepared: Prepared, weights: np.ndarray, benefit: Sequence[bool]) -> np.ndarray:
    """Closeness (N × k) for k weight vectors (k × M, positive; scale does not matter)."""
    b = np.asarray(benefit, dtype=bool)
    w = np.asarray(weights, dtype=float)
    if prepared.shared:
        # one product per distance; a matrix product and not numpy's own loops because it is
        # three times faster here, and it keeps the stability intervals' last digits
        w2t = np.ascontiguousarray(np.square(w).T)
        to_ideal = np.where(b, prepared.to_high, prepared.to_low)
        to_anti = np.where(b, prepared.to_low, prepared.to_high)
        return closeness_from_squares(to_ideal @ w2t, to_anti @ w2t)
    q = np.ascontiguousarray(np.square(w).T)          # (M × k)
    q *= prepared.inverse
    n, k = prepared.to_high[0].shape
    dp2, dm2, tmp = np.empty((n, k)), np.empty((n, k)), np.empty((n, k))
    for j in range(q.shape[0]):
        to_ideal, to_anti = ((prepared.to_high[j], prepared.to_low[j]) if b[j]
                             else (prepared.to_low[j], prepared.to_high[j]))
        if j == 0:
            np.multiply(to_ideal, q[j], out=dp2)
            np.multiply(to_anti, q[j], out=dm2)
            continue
        np.multiply(to_ideal, q[j], out=tmp)
        dp2 += tmp
        np.multiply(to_anti, q[j], out=tmp)
        dm2 += tmp
    return closeness_from_squares(dp2, dm2)


def evaluate_rows(prepared: Prepared, weights: np.ndarray, rows: np.ndarray, benefit: Sequence[bool]) -> np.ndarray:
    """Closeness of material ``rows[t]`` under ``weights[t]`` (T,), for a point matrix: the
    ideal and anti-ideal are the criteria's extremes whatever the (positive) weights, so
    one material's distances need only its own row — T · M work, not T · N · M."""
    if not prepared.shared:
        raise ValueError("evaluate_rows takes a point matrix (prepare(x) with one N × M array)")
    b = np.asarray(benefit, dtype=bool)
    w2 = np.square(np.asarray(weights, dtype=float))
    to_ideal = np.where(b, prepared.to_high, prepared.to_low)[rows][:, None, :]
    to_anti = np.where(b, prepared.to_low, prepared.to_high)[rows][:, None, :]
    w2 = w2[:, :, None]
    # stacked products, not einsum: they sum in the order evaluate_batch's matrix product
    # does, so the stability intervals keep their last digits
    return closeness_from_squares(np.matmul(to_ideal, w2)[:, 0, 0], np.matmul(to_anti, w2)[:, 0, 0])


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


def batch_closeness(normalized: np.ndarray, weights: np.ndarray, benefit: Sequence[bool]) -> np.ndarray:
    """Closeness (K × N) of K weight vectors on one normalised matrix R (N × M)."""
    hi, lo = normalized.max(axis=0), normalized.min(axis=0)
    prepared = Prepared(normalized.shape[0], True, (normalized - hi) ** 2, (normalized - lo) ** 2)
    return evaluate_batch(prepared, weights, benefit).T
