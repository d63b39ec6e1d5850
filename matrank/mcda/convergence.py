"""Convergence of a Delphi panel over rounds, per lens. Arrays in, results out; no I/O.

Per round, over the experts used in that round's aggregate:

* consensus S*: Goepel's AHP consensus of their priority vectors (:func:`.group.consensus`);
* the panel's weights (the round's aggregate, AIJ by default), and the largest change of any
  criterion's weight from the second-last round to the last, max_j |w_j(r) − w_j(r−1)|;
* per pair (a, b) the interquartile range of ln(judgment) over their completed matrices
  (Harker's completion for blanks): Q3 − Q1 with numpy's default quantile definition
  (``linear``: Hyndman & Fan's type 7, the quantile interpolated between order statistics);
  0 when they agree, ln 9 ≈ 2.2 when half say 3 and half 1/3;
* Kendall's coefficient of concordance W of their criterion rankings (rank 1 = largest
  weight; weights within :data:`TIE_TOLERANCE` of each other share their mean rank), with the
  correction for ties (Kendall & Babington Smith 1939; Siegel & Castellan 1988, 10.5):
  W = 12 S / (m²(n³ − n) − m Σ_j T_j), S = Σ_i (R_i − m(n + 1)/2)², R_i the sum of the m
  experts' ranks of criterion i, T_j = Σ (t³ − t) over the groups of t tied criteria in
  expert j's ranking. W is 1 when every expert ranks alike, 0 when the rank sums are all
  equal; undefined (None) with fewer than two experts or when every expert ties everything.

The stop hint (:func:`stop_hint`): stop when the last round's S* reaches
:data:`STOP_CONSENSUS` (Goepel's "high" band starts at 0.75), or when no criterion's weight
moved more than :data:`STOP_WEIGHT_CHANGE` from the round before (another round would
not change the answer); otherwise run another round.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from matrank.mcda.group import consensus

#: Stop when the last round's consensus S* is at least this (the start of Goepel's "high" band).
STOP_CONSENSUS = 0.75
#: Stop when no criterion's weight moved more than this between the last two rounds.
STOP_WEIGHT_CHANGE = 0.02
#: Two weights of one expert closer than this count as tied in the expert's ranking.
TIE_TOLERANCE = 1e-9
#: The quantile definition of the interquartile range (numpy's default).
QUANTILE_METHOD = "linear"


@dataclass(frozen=True)
class RoundInput:
    """One round of one lens: the used experts' priority vectors (k × n) and completed
    matrices (k × n × n), and the round's aggregate weights (n)."""

    priorities: np.ndarray
    matrices: np.ndarray
    weights: np.ndarray


@dataclass(frozen=True)
class PairSpread:
    a: str
    b: str
    #: Per round, the IQR of ln(a vs b) over the used experts (None: no used expert that round).
    iqr_log: tuple[float | None, ...]


@dataclass(frozen=True)
class StopHint:
    stop: bool
    #: ``consensus`` (S* reached), ``stable`` (no weight moved more), ``continue``, or
    #: ``undecided`` (the last round has no used expert, or there is one round only).
    rule: str
    s_star: float | None
    max_weight_change: float | None


@dataclass(frozen=True)
class LensConvergence:
    criteria: tuple[str, ...]
    #: Per round (None where the round has no used expert for the lens).
    s_star: tuple[float | None, ...]
    weights: tuple[np.ndarray | None, ...]
    kendall_w: tuple[float | None, ...]
    experts: tuple[int, ...]
    #: max_j |w_j| change between the last two rounds (None unless both have weights).
    max_weight_change: float | None
    pairs: tuple[PairSpread, ...]
    stop_hint: StopHint

    def weight_series(self) -> dict[str, list[float | None]]:
        """Per criterion its weight per round."""
        return {c: [None if w is None else float(w[j]) for w in self.weights] for j, c in enumerate(self.criteria)}


def ranks(weights: np.ndarray, tolerance: float = TIE_TOLERANCE) -> np.ndarray:
    """Rank 1 for the largest weight; weights within ``tolerance`` of their neighbour in order
    share the mean of their ranks."""
    w = np.asarray(weights, dtype=float)
    order = np.argsort(-w, kind="stable")
    out = np.empty(len(w))
    start = 0
    while start < len(w):
        end = start + 1
        while end < len(w) and w[order[end - 1]] - w[order[end]] <= tolerance:
            end += 1
        out[order[start:end]] = (start + 1 + end) / 2
        start = end
    return out


def tie_sum(rank_row: np.ndarray) -> float:
    """Σ (t³ − t) over the groups of t equal ranks in one ranking."""
    _, counts = np.unique(np.asarray(rank_row, dtype=float), return_counts=True)
    return float(np.sum(counts.astype(float) ** 3 - counts))


def kendall_w(rank_matrix: np.ndarray) -> float | None:
    """Kendall's W with the tie correction for ``m`` rankings (rows) of ``n`` objects
    (columns, ranks 1…n, tied objects at their mean rank). None when undefined."""
    r = np.asarray(rank_matrix, dtype=float)
    if r.ndim != 2 or r.shape[0] < 2 or r.shape[1] < 2:
        return None
    m, n = r.shape
    sums = r.sum(axis=0)
    s = float(np.sum((sums - m * (n + 1) / 2) ** 2))
    denominator = m * m * (n ** 3 - n) - m * sum(tie_sum(row) for row in r)
    if denominator <= 0:
        return None
    return min(max(12.0 * s / denominator, 0.0), 1.0)


def iqr_log(values: Sequence[float]) -> float | None:
    """Q3 − Q1 of ln(values), numpy's default (linear) quantiles; None for no values."""
    if len(values) == 0:
        return None
    logs = np.log(np.asarray(values, dtype=float))
    q1, q3 = np.percentile(logs, [25, 75], method=QUANTILE_METHOD)
    return float(q3 - q1)


def max_weight_change(weights: Sequence[np.ndarray | None]) -> float | None:
    """max_j |w_j(last) − w_j(second last)|; None unless the last two rounds both have weights."""
    if len(weights) < 2 or weights[-1] is None or weights[-2] is None:
        return None
    return float(np.max(np.abs(np.asarray(weights[-1]) - np.asarray(weights[-2]))))


def stop_hint(s_star: float | None, change: float | None) -> StopHint:
    """Stop when S* ≥ :data:`STOP_CONSENSUS` or the largest weight change ≤ :data:`STOP_WEIGHT_CHANGE`."""
    if s_star is None:
        return StopHint(False, "undecided", s_star, change)
    if s_star >= STOP_CONSENSUS:
        return StopHint(True, "consensus", s_star, change)
    if change is not None and change <= STOP_WEIGHT_CHANGE:
        return StopHint(True, "stable", s_star, change)
    return StopHint(False, "continue" if change is not None else "undecided", s_star, change)


def lens_convergence(criteria: Sequence[str], rounds: Sequence[RoundInput | None]) -> LensConvergence:
    """The convergence figures of one lens over ``rounds`` (oldest first; None: no used expert)."""
    criteria = tuple(criteria)
    n = len(criteria)
    s_star, weights, w_values, counts = [], [], [], []
    for r in rounds:
        if r is None or len(r.priorities) == 0:
            s_star.append(None)
            weights.append(None)
            w_values.append(None)
            counts.append(0)
            continue
        p = np.asarray(r.priorities, dtype=float)
        s_star.append(float(consensus(list(p)).value))
        weights.append(np.asarray(r.weights, dtype=float))
        w_values.append(kendall_w(np.stack([ranks(row) for row in p])))
        counts.append(len(p))
    pairs = tuple(PairSpread(criteria[i], criteria[j], tuple(
        None if r is None or len(r.matrices) == 0 else iqr_log(np.asarray(r.matrices)[:, i, j]) for r in rounds))
        for i in range(n) for j in range(i + 1, n))
    change = max_weight_change(weights)
    return LensConvergence(criteria, tuple(s_star), tuple(weights), tuple(w_values), tuple(counts), change,
                           pairs, stop_hint(s_star[-1] if s_star else None, change))


def changed(before: float | None, after: float | None, tolerance: float = 1e-9) -> bool:
    """Whether a judgment changed between rounds (given ↔ blank counts as a change)."""
    if before is None or after is None:
        return (before is None) != (after is None)
    return abs(math.log(after) - math.log(before)) > tolerance
