"""What one SMAA run needs (:class:`SMAAProblem`) and returns (:class:`SMAAResult`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matrank.mcda.ranking import DEFAULT_RANKING
from matrank.mcda.smaa.samplers import ValueModel, WeightModel

#: Samples per random block and per chunk of work.
BLOCK = 4096
#: The most (material × sample) cells in one block: a case of more than BLOCK_CELLS / BLOCK
#: (256) materials draws smaller blocks, so that a block's arrays stay near 100 MB however
#: many materials there are. The block size is part of the random stream (it is reported
#: with the seed); cases of up to 256 materials keep 4,096.
BLOCK_CELLS = 1 << 19
#: From this many materials on, a block's rank and histogram counts are returned as
#: (cell, count) pairs, not as dense N × N and N × HIST_BINS arrays, and the totals are
#: kept in the smallest unsigned type that holds the sample count.
SPARSE_FROM = 1024
#: Histogram bins on [0, 1] per material and lens (quantile resolution 1 / HIST_BINS).
HIST_BINS = 2000
#: Value samples used for the SMAA-2 confidence factors.
CF_SAMPLES = 10_000
#: Value samples per sub-chunk in the confidence-factor pass, and the most floats in one of
#: its score arrays (candidates × chunk × N): bounds its memory.
CF_CHUNK = 256
CF_CELLS = 1 << 20
#: The most indicator values (samples × N × M) kept for the confidence factors: a case of
#: over 400 materials × 4 criteria keeps fewer than CF_SAMPLES (a 10,000-material case
#: keeps 419, ±0.05), and the count used is reported.
CF_VALUE_CELLS = 1 << 24
#: The most materials per lens given a confidence factor: those most often first. Every one
#: costs a full scoring of the kept value samples; in a list of thousands, hundreds of
#: materials are first in a handful of samples, where the factor says nothing.
CF_CANDIDATES = 64


def block_for(n_materials: int) -> int:
    """Samples per block for a case of ``n_materials`` (see :data:`BLOCK_CELLS`)."""
    return BLOCK if n_materials * BLOCK <= BLOCK_CELLS else max(16, BLOCK_CELLS // n_materials)


def confidence_samples_for(n_materials: int, n_criteria: int, samples: int, cf_samples: int = CF_SAMPLES) -> int:
    """Value samples kept for the confidence factors (see :data:`CF_VALUE_CELLS`)."""
    return max(1, min(samples, cf_samples, CF_VALUE_CELLS // max(1, n_materials * n_criteria)))


def count_dtype(n_materials: int, samples: int) -> type:
    """The type of the running counts: int64 for small cases, else the smallest that holds ``samples``."""
    if n_materials < SPARSE_FROM:
        return np.int64
    return np.uint16 if samples <= np.iinfo(np.uint16).max else np.uint32 if samples <= np.iinfo(np.uint32).max \
        else np.uint64


@dataclass(frozen=True, eq=False)
class SMAAProblem:
    """Everything one SMAA run needs, in lens order (government, market).

    ``scores`` is the case's point decision matrix (N × M); ``benefit`` one bool vector
    per lens; ``thresholds`` (t_gov, t_market) for the fixed split (ignored for
    ``split = "median"``, where each sample's medians are used). The options were checked
    when the ranking was made (:class:`matrank.options.RankOptions`).
    """

    scores: np.ndarray
    benefit: tuple[np.ndarray, np.ndarray]
    weights: tuple[WeightModel, WeightModel]
    thresholds: tuple[float, float] = (0.5, 0.5)
    split: str = "fixed"
    policy_mix: float = 0.5
    normalization: str | None = None
    values: ValueModel | None = None
    ranking: str = DEFAULT_RANKING

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", np.asarray(self.scores, dtype=float))
        object.__setattr__(self, "benefit", tuple(np.asarray(b, dtype=bool).reshape(-1) for b in self.benefit))

    @property
    def n(self) -> int:
        return self.scores.shape[0]

    @property
    def m(self) -> int:
        return self.scores.shape[1]


@dataclass(frozen=True, eq=False)
class LensSummary:
    mean: np.ndarray               # (N,)
    p05: np.ndarray
    p95: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    histogram: np.ndarray          # (N × HIST_BINS) counts on [0, 1]
    first_counts: np.ndarray       # samples where the material has the lens's highest score
    central_weights: np.ndarray    # (N × M), NaN where never first
    confidence_factor: np.ndarray  # (N,), NaN where never first


@dataclass(frozen=True, eq=False)
class SMAAResult:
    samples: int
    seed: int
    block: int
    tier_counts: np.ndarray        # (N × 4), TIERS order
    rank_counts: np.ndarray        # (N × N): [material, rank − 1]
    lenses: tuple[LensSummary, LensSummary]
    cf_samples: int                # value samples behind the confidence factors
    #: per lens, materials first in some sample but beyond the CF_CANDIDATES most often
    #: first, so without a confidence factor
    cf_left_out: tuple[int, int] = (0, 0)

    @property
    def tier_probability(self) -> np.ndarray:
        return self.tier_counts / self.samples

    @property
    def rank_acceptability(self) -> np.ndarray:
        return self.rank_counts / self.samples

    def rank_acceptability_of(self, i: int) -> np.ndarray:
        """Material ``i``'s row of :attr:`rank_acceptability`, without the N × N float array."""
        return self.rank_counts[i] / self.samples
