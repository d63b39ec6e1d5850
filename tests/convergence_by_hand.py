"""The convergence figures of a panel's rounds computed independently of matrank, written out from
the method notes: priorities by numpy's general eigen solver, Goepel's consensus S*, Kendall's W
by loops, the interquartile range by linear interpolation."""

from __future__ import annotations

import math

import numpy as np


def eigen_weights(a: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eig(a)
    v = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    return v / v.sum()


def goepel(p: np.ndarray) -> float:
    """S* written out from the method notes (M = 9)."""
    k, n = p.shape
    h_alpha = np.mean([-np.sum(row * np.log(row)) for row in p])
    mean = p.mean(axis=0)
    d_beta = math.exp(-np.sum(mean * np.log(mean)) - h_alpha)
    top, rest = 9 / (n + 8), 1 / (n + 8)
    cor = math.exp(math.log(n) + top * math.log(top) + (n - 1) * rest * math.log(rest))
    return (1 / d_beta - 1 / cor) / (1 - 1 / cor)


def w_loop(p: np.ndarray) -> float:
    """Kendall's W of the rows' rankings by loops: rank 1 + #larger + (#tied − 1)/2 (tied: within
    1e-9), T = Σ (t³ − t) over each row's tied groups."""
    m, n = p.shape
    sums, ties = [0.0] * n, 0
    for row in p:
        for i in range(n):
            tied = sum(1 for x in row if abs(x - row[i]) <= 1e-9)
            sums[i] += 1 + sum(1 for x in row if x > row[i] + 1e-9) + (tied - 1) / 2
            ties += (tied ** 3 - tied) / tied          # each group of t counted t times
    s = sum((r - m * (n + 1) / 2) ** 2 for r in sums)
    return 12 * s / (m * m * (n ** 3 - n) - m * ties)


def iqr_linear(values) -> float:
    """Q3 − Q1, each the value at position q·(k − 1) of the sorted values, linearly interpolated."""
    x = sorted(values)

    def q(f):
        pos = f * (len(x) - 1)
        lo = math.floor(pos)
        return x[lo] + (pos - lo) * (x[min(lo + 1, len(x) - 1)] - x[lo])
    return q(0.75) - q(0.25)
