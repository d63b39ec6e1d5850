"""The counts of one block, and their sum over the blocks (added in block order)."""

from __future__ import annotations

import numpy as np

from matrank.mcda.smaa.kernels import block_order, block_scores, block_tiers, histogram_cells
from matrank.mcda.smaa.problem import HIST_BINS, SPARSE_FROM, SMAAProblem, count_dtype


def cell_counts(cells: np.ndarray, size: int):
    """Counts of flat cell indices: dense (``size``,) for small cases, else (cells, counts) pairs
    (a block of a 10,000-material case touches a few million of its 10^8 rank cells)."""
    if size <= SPARSE_FROM * SPARSE_FROM:
        return np.bincount(cells.ravel(), minlength=size)
    return np.unique(cells.ravel(), return_counts=True)


def add_counts(total: np.ndarray, part) -> None:
    """``total`` (flat) += ``part`` as returned by :func:`cell_counts`."""
    if isinstance(part, tuple):
        cells, counts = part
        total[cells] += counts.astype(total.dtype)       # cells are unique: no lost updates
    else:
        np.add(total, part, out=total, casting="unsafe")


def block_counts(problem: SMAAProblem, seed: int, b: int, k: int, fixed, block: int, cf_keep: int) -> dict:
    """Tier and rank counts, and per lens the score sums, extremes, histogram, first places and
    the weight sums behind the first places, of block ``b``; plus the block's first ``cf_keep``
    value samples (for the confidence factors)."""
    n = problem.n
    w, (s_gov, s_market), x = block_scores(problem, seed, b, k, fixed, block, with_values=True)
    codes = block_tiers(problem, s_gov, s_market)
    codes += (4 * np.arange(n))[:, None]
    tier = np.bincount(codes.ravel(), minlength=4 * n).reshape(n, 4)
    order = block_order(problem, s_gov, s_market)
    order *= n
    order += np.arange(n)
    ranks = cell_counts(order, n * n)
    lenses = []
    for s, scores in enumerate((s_gov, s_market)):
        first = np.argmax(scores, axis=0)                  # ties: the first in case order
        lenses.append({
            "sum": scores.sum(axis=1), "min": scores.min(axis=1), "max": scores.max(axis=1),
            "hist": cell_counts(histogram_cells(scores), n * HIST_BINS), "first": np.bincount(first, minlength=n),
            "wsum": np.stack([np.bincount(first, weights=w[s][:, j], minlength=n)
                              for j in range(problem.m)], axis=1),
        })
    kept = [xj[:, :cf_keep].copy() for xj in x] if x is not None and cf_keep > 0 else None
    return {"tier": tier, "ranks": ranks, "lenses": lenses, "values": kept}


class Accumulator:
    """Running totals of every block's counts."""

    def __init__(self, n: int, m: int, samples: int):
        counts = count_dtype(n, samples)
        self.tier = np.zeros((n, 4), dtype=np.int64)
        self.ranks = np.zeros((n, n), dtype=counts)
        self.lenses = [{"sum": np.zeros(n), "min": np.full(n, np.inf), "max": np.full(n, -np.inf),
                        "hist": np.zeros(n * HIST_BINS, dtype=counts), "first": np.zeros(n, dtype=np.int64),
                        "wsum": np.zeros((n, m))} for _ in (0, 1)]
        #: the first value samples, kept for the confidence factors
        self.values: list[list[np.ndarray]] = []

    def add(self, part: dict) -> None:
        if part["values"] is not None:
            self.values.append(part["values"])
        np.add(self.tier, part["tier"], out=self.tier)
        add_counts(self.ranks.reshape(-1), part["ranks"])
        for a, p in zip(self.lenses, part["lenses"]):
            a["sum"] += p["sum"]
            np.minimum(a["min"], p["min"], out=a["min"])
            np.maximum(a["max"], p["max"], out=a["max"])
            add_counts(a["hist"], p["hist"])
            a["first"] += p["first"]
            a["wsum"] += p["wsum"]
