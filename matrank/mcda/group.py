"""Group AHP (Forman & Peniwati 1998) and Goepel's AHP consensus S*.

AIJ treats the panel as one unit: the element-wise weighted geometric mean of
the experts' completed matrices (the arithmetic mean would break reciprocity),
then the usual AHP. AIP treats the experts as separate individuals: a weighted
(geometric or arithmetic) mean of their priority vectors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from matrank.errors import InputError
from matrank.mcda.ahp import AHPResult, analyse, pairwise_matrix

AGGREGATIONS = ("aij", "aip")
CONSENSUS_BANDS = ((0.50, "very low"), (0.625, "low"), (0.75, "moderate"), (0.875, "high"))
SCALE_MAX = 9  # M in Goepel's Hα,min: the top of Saaty's scale


@dataclass(frozen=True)
class Consensus:
    value: float
    band: str


def expert_weights(k: int, lambdas: Sequence[float] | None) -> np.ndarray:
    if lambdas is None:
        return np.full(k, 1.0 / k)
    lam = np.asarray(lambdas, dtype=float)
    if lam.shape != (k,) or not np.all(np.isfinite(lam)) or np.any(lam <= 0):
        raise InputError("expert weights must be one positive number per expert",
                         found=str(list(lambdas)), expected=f"{k} positive numbers")
    return lam / lam.sum()


def aij(completed: Sequence[np.ndarray], labels: Sequence[str],
        lambdas: Sequence[float] | None = None, **ahp_options) -> AHPResult:
    """AHP on the weighted geometric mean of the experts' completed matrices."""
    if not completed:
        raise InputError("no expert matrices to aggregate")
    lam = expert_weights(len(completed), lambdas)
    logs = np.stack([np.log(m) for m in completed])
    merged = np.exp(np.tensordot(lam, logs, axes=1))
    return analyse(pairwise_matrix(labels, merged, any_scale=True), **ahp_options)


def aip(priorities: Sequence[np.ndarray], lambdas: Sequence[float] | None = None,
        mean: str = "geometric") -> np.ndarray:
    """Weighted mean of the experts' priority vectors, renormalised to sum 1."""
    if not priorities:
        raise InputError("no expert priorities to aggregate")
    lam = expert_weights(len(priorities), lambdas)
    p = np.stack(priorities)
    if mean == "geometric":
        w = np.exp(lam @ np.log(p))
    elif mean == "arithmetic":
        w = lam @ p
    else:
        raise InputError(f"unknown mean {mean!r}", expected="geometric or arithmetic")
    return w / w.sum()


def consensus(priorities: Sequence[np.ndarray]) -> Consensus:
    """Goepel's AHP consensus S* (Shannon-entropy based) over K priority vectors."""
    p = np.stack(priorities)
    k, n = p.shape
    if k < 2:
        return Consensus(1.0, band(1.0))
    h_alpha = float(np.mean(np.sum(-p * np.log(p), axis=1)))
    mean_p = p.mean(axis=0)
    h_gamma = float(np.sum(-mean_p * np.log(mean_p)))
    d_beta = math.exp(h_gamma - h_alpha)
    m = SCALE_MAX
    top, rest = m / (n + m - 1), 1.0 / (n + m - 1)
    h_alpha_min = -top * math.log(top) - (n - 1) * rest * math.log(rest)
    cor = math.exp(math.log(n) - h_alpha_min)
    value = (1.0 / d_beta - 1.0 / cor) / (1.0 - 1.0 / cor)
    return Consensus(value, band(value))


def band(value: float) -> str:
    for limit, name in CONSENSUS_BANDS:
        if value < limit:
            return name
    return "very high"

