"""From counts to statistics: quantiles from histograms, central weights, confidence factors.

Quantiles. The 5 % / 95 % points come from a fixed histogram of 2,000 bins on [0, 1]
per material and lens, linearly interpolated in the bin and clamped to the observed
min / max: within 0.0005 of the exact sample quantile, in bounded memory.

Central weights and confidence factors are per lens, SMAA-2 within that lens: the
central weight vector of material i is the mean weight vector over the samples where i
has the highest score through the lens; the confidence factor is the share of value
samples where i has the highest score when the lens uses i's central weights. It is
estimated on the first :data:`CF_SAMPLES` value samples of the run (±0.01 at 95 %);
with fixed values it is 0 or 1.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from matrank.mcda import ranking
from matrank.mcda.smaa.problem import CF_CANDIDATES, CF_CELLS, CF_CHUNK, SMAAProblem


#: Rows per step of :func:`histogram_quantile`: its cumulative sums are rows × HIST_BINS.
QUANTILE_ROWS = 1024


def histogram_quantile(hist: np.ndarray, q: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Per row, the q-quantile of values binned on [0, 1]: linear within its bin,
    clamped to the row's observed [lo, hi]; within one bin width of the sample quantile.
    Rows are taken a step at a time (a 10,000-material case's sums would take 160 MB)."""
    rows, bins = hist.shape
    out = np.empty(rows)
    for start in range(0, rows, QUANTILE_ROWS):
        part = slice(start, start + QUANTILE_ROWS)
        out[part] = _quantile_rows(hist[part], q, bins)
    return np.clip(out, lo, hi)


def _quantile_rows(hist: np.ndarray, q: float, bins: int) -> np.ndarray:
    rows = hist.shape[0]
    cum = np.cumsum(hist, axis=1, dtype=np.int64)
    target = q * cum[:, -1]
    idx = np.minimum((cum < target[:, None]).sum(axis=1), bins - 1)
    at = np.arange(rows)
    below = np.where(idx > 0, cum[at, np.maximum(idx - 1, 0)], 0)
    inbin = hist[at, idx]
    frac = np.divide(target - below, inbin, out=np.zeros(rows), where=inbin > 0)
    return (idx + frac) / bins


def central_weights(weight_sums: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Mean weight vector over the samples where each material was first (NaN where never)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        central = weight_sums / first[:, None]
    central[first == 0] = np.nan
    return central


def candidates(central: np.ndarray, first: np.ndarray, limit: int | None = None) -> np.ndarray:
    """The materials (indices, ascending) given a confidence factor: those ever first, at most
    ``limit`` of them, the most often first (ties: case order)."""
    limit = CF_CANDIDATES if limit is None else limit
    ever = np.flatnonzero(~np.isnan(central[:, 0]))
    if ever.size <= limit:
        return ever
    return np.sort(ever[np.argsort(-first[ever], kind="stable")[:limit]])


def confidence_factors(problem: SMAAProblem, central: Sequence[np.ndarray],
                       value_blocks: Sequence[Sequence[np.ndarray]] = (),
                       firsts: Sequence[np.ndarray] | None = None) -> list[np.ndarray]:
    """Per lens, the share of the value samples in which material i has the lens's highest
    score under its central weights (NaN where i has none).

    ``value_blocks`` holds the run's first value samples (M arrays N × k per block); with
    fixed values there is one value sample, the case's. The candidates of a lens are scored
    together: each chunk of value samples is repeated once per candidate."""
    method = ranking.method(problem.ranking)
    n = problem.n
    outs = [np.full(n, np.nan) for _ in central]
    firsts = firsts if firsts is not None else [np.zeros(n) for _ in central]
    cands = [candidates(c, f) for c, f in zip(central, firsts)]
    if problem.values is None:
        prepared = method.prepare(problem.scores, problem.normalization)
        for out, cand, c, b_lens in zip(outs, cands, central, problem.benefit):
            if cand.size:
                scores = method.evaluate_batch(prepared, c[cand], b_lens)          # (N × Nc)
                out[cand] = (np.argmax(scores, axis=0) == cand).astype(float)
        return outs
    hits = [np.zeros(cand.size, dtype=np.int64) for cand in cands]
    chunk = max(1, min(CF_CHUNK, CF_CELLS // max(1, n * max(c.size for c in cands))))
    total = 0
    for x in value_blocks:
        k = x[0].shape[1]
        total += k
        for start in range(0, k, chunk):
            prepared = method.prepare([xj[:, start:start + chunk] for xj in x], problem.normalization)
            width = min(chunk, k - start)
            for lens, cand in enumerate(cands):
                if cand.size == 0:
                    continue
                # every candidate's central weights against every sample of the chunk
                repeated = prepared.take(np.tile(np.arange(width), cand.size))
                weights = np.repeat(central[lens][cand], width, axis=0)
                scores = method.evaluate_batch(repeated, weights, problem.benefit[lens])
                first = np.argmax(scores.reshape(n, cand.size, width), axis=0)   # (Nc × k')
                hits[lens] += (first == cand[:, None]).sum(axis=1)
    for out, cand, h in zip(outs, cands, hits):
        out[cand] = h / max(total, 1)
    return outs
