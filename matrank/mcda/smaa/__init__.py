"""SMAA-2 (Lahdelma & Salminen 2001) for the two-lens tiering, with any ranking method.

Each sample draws one weight vector per lens and, where the case's estimates carry
ranges, one value for every ranged indicator; it then computes both lenses' scores
(through :mod:`matrank.mcda.ranking`: TOPSIS closeness or VIKOR 1 − Q), the tier and
the overall rank of every material. Accumulated per material: tier membership
probabilities, rank acceptability b_i^r, each lens's score (mean, 5 % and 95 %
points), and per lens the SMAA-2 central weight vector and confidence factor.

The package, in the order a run goes through it:

* :mod:`.samplers` — weight vectors (panel, Dirichlet, uniform) and indicator values
  (triangular), each block from its own random streams;
* :mod:`.problem` — what a run needs and what it returns;
* :mod:`.kernels` — one block of samples: scores, tiers and the per-sample order, with
  nothing looping over samples in Python;
* :mod:`.accumulator` — the block's counts, added in block order;
* :mod:`.statistics` — quantiles from histograms, central weights, confidence factors;
* :mod:`.runner` — the blocks on worker threads, with progress.

Determinism. Block b draws from its own PCG64 streams,
``SeedSequence(seed, spawn_key=(b, s))`` with s = 0 government weights, 1 market
weights, 2 indicator values. Per-block partial sums are added in block order, so a seed
gives bit-identical results whatever the number of worker threads. Results depend on
the block size (:data:`BLOCK`, smaller for cases of over 256 materials: :func:`block_for`;
reported with the seed); a partial last block draws a full block and uses
its first samples, so a run of n samples uses exactly the first n samples of any longer
run with the seed.

Pure: numpy arrays and small dataclasses in, a :class:`SMAAResult` out; no I/O.
"""

from matrank.mcda.smaa.kernels import block_order, block_scores, block_tiers
from matrank.mcda.smaa.problem import (BLOCK, CF_CANDIDATES, CF_CELLS, CF_CHUNK, CF_SAMPLES, HIST_BINS, LensSummary, SMAAProblem,
                                      block_for, confidence_samples_for, count_dtype,
                                       SMAAResult)
from matrank.mcda.smaa.runner import default_workers, run_smaa
from matrank.mcda.smaa.samplers import ScoreGroup, ValueModel, WeightModel, block_rng
from matrank.mcda.smaa.statistics import confidence_factors, histogram_quantile

__all__ = ["CF_CANDIDATES", "block_for", "confidence_samples_for", "count_dtype", "BLOCK", "HIST_BINS", "CF_SAMPLES", "CF_CHUNK", "CF_CELLS", "WeightModel", "ScoreGroup", "ValueModel",
           "SMAAProblem", "SMAAResult", "LensSummary", "run_smaa", "block_scores", "block_tiers", "block_order",
           "block_rng", "histogram_quantile", "confidence_factors", "default_workers"]
