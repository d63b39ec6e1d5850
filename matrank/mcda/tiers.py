"""Priority tiers from the two lenses' closeness, and the overall rank.

A material's pair (C_government, C_market) places it in a quadrant: high means
C ≥ the lens's threshold. The overall rank orders materials by the composite
α·C_government + (1 − α)·C_market (α = policy mix).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matrank.errors import InputError
from matrank.mcda.topsis import rank_descending

#: Tier ids in a fixed order; index k is tier code k in arrays.
TIERS: tuple[str, ...] = ("joint", "government-led", "market-led", "monitor")
SPLITS = ("fixed", "median")


@dataclass(frozen=True)
class Thresholds:
    government: float = 0.5
    market: float = 0.5
    split: str = "fixed"   # "median": the thresholds are the medians of the closenesses


def tier_codes(c_gov: np.ndarray, c_market: np.ndarray, t_gov: float, t_market: float) -> np.ndarray:
    """Tier index per material (works on any shape): 0 joint, 1 government-led, 2 market-led, 3 monitor."""
    high_gov = np.asarray(c_gov) >= t_gov
    high_market = np.asarray(c_market) >= t_market
    return np.where(high_gov, np.where(high_market, 0, 1), np.where(high_market, 2, 3))


def resolve_thresholds(c_gov: np.ndarray, c_market: np.ndarray, thresholds: Thresholds) -> Thresholds:
    if thresholds.split == "median":
        return Thresholds(float(np.median(c_gov)), float(np.median(c_market)), "median")
    if thresholds.split != "fixed":
        raise InputError(f"unknown split {thresholds.split!r}", expected=" or ".join(SPLITS))
    for lens, t in (("government", thresholds.government), ("market", thresholds.market)):
        if not 0.0 <= t <= 1.0:
            raise InputError(f"the {lens} threshold is outside [0, 1]", found=repr(t),
                             expected="a closeness between 0 and 1", fix="e.g. 0.5")
    return thresholds


def check_policy_mix(alpha: float) -> float:
    if not 0.0 <= alpha <= 1.0:
        raise InputError("the policy mix is outside [0, 1]", found=repr(alpha),
                         expected="α in [0, 1]: 1 = government lens only, 0 = market lens only",
                         fix="e.g. --policy-mix 0.5")
    return alpha


def composite(c_gov: np.ndarray, c_market: np.ndarray, alpha: float) -> np.ndarray:
    return alpha * np.asarray(c_gov) + (1.0 - alpha) * np.asarray(c_market)


def overall_rank(c_gov: np.ndarray, c_market: np.ndarray, alpha: float):
    """Ranks 1..N by the composite; exact ties keep input order (returned)."""
    return rank_descending(composite(c_gov, c_market, alpha))
