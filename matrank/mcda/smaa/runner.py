"""A whole SMAA run: the blocks on worker threads, with a bounded read-ahead and progress."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np

from matrank.mcda.smaa.accumulator import Accumulator, block_counts
from matrank.mcda.smaa.kernels import prepared_fixed
from matrank.mcda.smaa.problem import (CF_SAMPLES, HIST_BINS, LensSummary, SMAAProblem, SMAAResult, block_for,
                                      confidence_samples_for)
from matrank.mcda.smaa.statistics import central_weights, confidence_factors, histogram_quantile

Progress = Callable[[int, int], None]


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def run_smaa(problem: SMAAProblem, samples: int, seed: int, *, block: int | None = None,
             workers: int | None = None, progress: Progress | None = None,
             cf_samples: int = CF_SAMPLES) -> SMAAResult:
    """Draw ``samples`` samples (in blocks of ``block``) and accumulate the SMAA statistics.

    Blocks run on ``workers`` threads (numpy releases the GIL) with a bounded read-ahead;
    their partial results are added in block order, so the thread count changes no bit.
    The sample count and seed were checked with the options
    (:class:`matrank.options.SensitivityOptions`).
    """
    n, m = problem.n, problem.m
    block = block or block_for(n)
    fixed = prepared_fixed(problem) if problem.values is None else None
    blocks = -(-samples // block)             # block sizes computed lazily: memory must not grow with samples
    cf_n = confidence_samples_for(n, m, samples, cf_samples) if problem.values is not None else 1

    def size(b: int) -> int:
        return min(block, samples - b * block)

    def job(b: int) -> dict:
        return block_counts(problem, seed, b, size(b), fixed, block, max(0, min(size(b), cf_n - b * block)))

    acc = Accumulator(n, m, samples)
    workers = workers or default_workers()
    done = 0
    if workers == 1 or blocks == 1:
        for b in range(blocks):
            acc.add(job(b))
            done += size(b)
            if progress:
                progress(done, samples)
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
        try:
            pending: list = []
            nxt = 0
            for b in range(blocks):
                while nxt < blocks and len(pending) < 2 * workers:         # bounded read-ahead
                    pending.append(pool.submit(job, nxt))
                    nxt += 1
                acc.add(pending.pop(0).result())                           # in block order
                done += size(b)
                if progress:
                    progress(done, samples)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    return _result(problem, acc, samples, seed, block, cf_n)


def _result(problem: SMAAProblem, acc: Accumulator, samples: int, seed: int, block: int, cf_n: int) -> SMAAResult:
    n = problem.n
    centrals = [central_weights(a["wsum"], a["first"]) for a in acc.lenses]
    factors = confidence_factors(problem, centrals, acc.values, [a["first"] for a in acc.lenses])
    left_out = tuple(int(np.count_nonzero(~np.isnan(c[:, 0])) - np.count_nonzero(~np.isnan(f)))
                     for c, f in zip(centrals, factors))
    summaries = []
    for a, central, factor in zip(acc.lenses, centrals, factors):
        hist = a["hist"].reshape(n, HIST_BINS)
        summaries.append(LensSummary(
            mean=a["sum"] / samples,
            p05=histogram_quantile(hist, 0.05, a["min"], a["max"]),
            p95=histogram_quantile(hist, 0.95, a["min"], a["max"]),
            minimum=a["min"], maximum=a["max"], histogram=hist, first_counts=a["first"],
            central_weights=central, confidence_factor=factor))
    return SMAAResult(samples, seed, block, acc.tier, acc.ranks, tuple(summaries), cf_n, left_out)
