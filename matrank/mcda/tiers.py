"""Priority tiers from the two lenses' scores, and the overall rank.

A material's pair (score_government, score_market) places it in a quadrant: high
means score ≥ the lens's threshold. The overall rank orders materials by the
composite α·score_government + (1 − α)·score_market (α = policy mix), with the tie
rule of :mod:`matrank.mcda.order`. Scores are any ranking method's, in [0, 1],
higher better.
"""

from __future__ import annotations

import numpy as np

from matrank.errors import OptionError
from matrank.mcda.order import rank_descending
from matrank.model import SPLITS, TIERS, Thresholds


def tier_codes(s_gov, s_market, t_gov, t_market) -> np.ndarray:
    """Tier code per material, any shape: 0 joint, 1 government-led, 2 market-led, 3 monitor,
    computed as 2·[low on government] + [low on market]. The thresholds may be scalars or
    broadcast (per-sample medians)."""
    codes = np.less(s_gov, t_gov).astype(np.intp)
    codes <<= 1
    codes += np.less(s_market, t_market)
    return codes


def medians(scores: np.ndarray) -> np.ndarray:
    """Median of each column of (N × k), as np.median computes it, shape (k,); a partition,
    not a sort, because the sensitivity analysis takes it once per sample."""
    n = scores.shape[0]
    if n % 2:
        return np.partition(scores, n // 2, axis=0)[n // 2]
    part = np.partition(scores, (n // 2 - 1, n // 2), axis=0)
    return (part[n // 2 - 1] + part[n // 2]) / 2.0


def resolve_thresholds(s_gov: np.ndarray, s_market: np.ndarray, thresholds: Thresholds) -> Thresholds:
    """The thresholds in force: the given ones, or the medians of the scores."""
    if thresholds.split == "median":
        return Thresholds(float(np.median(s_gov)), float(np.median(s_market)), "median")
    return thresholds


def check_thresholds(thresholds: Thresholds) -> None:
    if thresholds.split not in SPLITS:
        raise OptionError(f"unknown split {thresholds.split!r}", option="thresholds.split",
                          expected=" or ".join(SPLITS))
    for lens in ("government", "market"):
        t = getattr(thresholds, lens)
        if not (isinstance(t, (int, float)) and 0.0 <= t <= 1.0):
            raise OptionError(f"the {lens} threshold is outside [0, 1]", option=f"thresholds.{lens}",
                              found=repr(t), expected="a score between 0 and 1", example="0.5")


def composite(s_gov: np.ndarray, s_market: np.ndarray, alpha: float) -> np.ndarray:
    return alpha * np.asarray(s_gov) + (1.0 - alpha) * np.asarray(s_market)


def overall_rank(s_gov: np.ndarray, s_market: np.ndarray, alpha: float):
    """Ranks 1..N by the composite; ties keep input order (returned)."""
    return rank_descending(composite(s_gov, s_market, alpha))


__all__ = ["TIERS", "SPLITS", "Thresholds", "tier_codes", "medians", "resolve_thresholds", "check_thresholds",
           "composite", "overall_rank"]
