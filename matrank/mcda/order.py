"""The one rule that turns scores into ranks, used by every ranking method, the
overall rank and the sensitivity analysis alike.

Rank 1 is the highest score. Scores are compared on a grid of 2^-40 (about 1e-12):
two scores in the same grid step are a tie, and a tie keeps input (case) order. The
grid rather than exact equality, because the same number reached by two orders of
floating-point additions may differ in its last bits, and a ranking must not depend on
that.
"""

from __future__ import annotations

import numpy as np

#: Scores are ranked on a grid of 2^-RANK_BITS.
RANK_BITS = 40
TIE_POLICY = "ties (scores within 2^-40 ≈ 1e-12) keep case order"


def grid_keys(scores: np.ndarray) -> np.ndarray:
    """floor(score · 2^40): equal keys are tied scores (the sensitivity kernel packs the same
    key into an integer sort)."""
    return np.floor(np.asarray(scores, dtype=float) * 2.0 ** RANK_BITS)


def rank_descending(scores: np.ndarray) -> tuple[np.ndarray, tuple[tuple[int, ...], ...]]:
    """Ranks 1..N, highest score first; ties keep input order and are returned as groups."""
    key = grid_keys(scores)
    order = np.lexsort((np.arange(key.size), -key))
    rank = np.empty(key.size, dtype=int)
    rank[order] = np.arange(1, key.size + 1)
    values, counts = np.unique(key, return_counts=True)
    ties = sorted(tuple(int(i) for i in np.flatnonzero(key == v)) for v in values[counts > 1])
    return rank, tuple(ties)
