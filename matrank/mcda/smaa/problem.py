"""What one SMAA run needs (:class:`SMAAProblem`) and returns (:class:`SMAAResult`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matrank.mcda.ranking import DEFAULT_RANKING
from matrank.mcda.smaa.samplers import ValueModel, WeightModel

#: Samples per random block and per chunk of work.
BLOCK = 4096
#: Histogram bins on [0, 1] per material and lens (quantile resolution 1 / HIST_BINS).
HIST_BINS = 2000
#: Value samples used for the SMAA-2 confidence factors.
CF_SAMPLES = 10_000
#: Value samples per sub-chunk in the confidence-factor pass, and the most floats in one of
#: its score arrays (candidates × chunk × N): bounds its memory.
CF_CHUNK = 256
CF_CELLS = 4_000_000


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

    @property
    def tier_probability(self) -> np.ndarray:
        return self.tier_counts / self.samples

    @property
    def rank_acceptability(self) -> np.ndarray:
        return self.rank_counts / self.samples
