"""Which judgments an expert should reconsider, and what the others imply for each.

The pairs are ranked as Saaty (2003) ranks them, by how far a judgment departs from the
priorities: max(ε, 1/ε) with ε = a_ij · w_j / w_i. The departure is rounded to 9 decimals
before ranking, so that pairs tied in exact arithmetic stay tied whatever the rounding of the
eigenvector (numpy's here, the workbook's repeated squaring there), and ties go to the pair that
comes first row by row: the expert workbook applies the same rule and names the same pairs.

What the other judgments imply for a pair is the value Harker's (1987) completion gives it when
that judgment is treated as missing: the w_i / w_j of the eigenvector of Harker's matrix without
it. (The ratio of the full priorities includes the judgment itself and understates how far it is
off.) When the other judgments do not link the pair's two criteria, they imply nothing about it;
the ratio of the full priorities stands in.
"""

from __future__ import annotations

import numpy as np

from matrank.errors import InputError
from matrank.mcda.ahp import InconsistentPair, PairwiseMatrix, harker_complete, nearest_saaty

#: A departure this close to 1 is no inconsistency.
DEVIATION_FLOOR = 1.0 + 1e-9
#: Decimals a departure is rounded to before ranking.
RANK_DECIMALS = 9


def implied_without(pm: PairwiseMatrix, i: int, j: int) -> float | None:
    """w_i / w_j from Harker's completion of ``pm`` without the judgment (i, j); None when the
    other judgments do not link i and j."""
    values = pm.values.copy()
    values[i, j] = values[j, i] = np.nan
    try:
        full, _ = harker_complete(PairwiseMatrix(pm.labels, values))
    except InputError:
        return None
    return float(full[i, j])


def ranked_pairs(pm: PairwiseMatrix, weights: np.ndarray) -> list[tuple[int, int, float]]:
    """The judged pairs (i < j) that depart from the priorities, most first: (i, j, ε)."""
    n = pm.n
    rows = []
    for i in range(n):
        for j in range(i + 1, n):
            a = pm.values[i, j]
            if np.isnan(a):
                continue
            eps = float(a * weights[j] / weights[i])
            spread = max(eps, 1.0 / eps)
            if spread > DEVIATION_FLOOR:
                rows.append((-round(spread, RANK_DECIMALS), i, j, eps))
    rows.sort()
    return [(i, j, eps) for _, i, j, eps in rows]


def pairs_to_reconsider(pm: PairwiseMatrix, weights: np.ndarray, top: int = 3) -> tuple[InconsistentPair, ...]:
    """The ``top`` pairs to reconsider with what the other judgments imply and the nearest
    scale value to that."""
    out = []
    for i, j, eps in ranked_pairs(pm, weights)[:top]:
        implied = implied_without(pm, i, j)
        if implied is None:
            implied = float(weights[i] / weights[j])
        out.append(InconsistentPair(pm.labels[i], pm.labels[j], float(pm.values[i, j]), implied, eps,
                                    nearest_saaty(implied)))
    return tuple(out)
