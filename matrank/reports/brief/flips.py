"""What would change a borderline material's tier: the nearest flip by one weight, and the
estimated indicator whose range moves it most.

* **By weight**: of the one-at-a-time stability intervals (:mod:`matrank.mcda.stability`)
  of the material, over both lenses and every criterion, the end nearest the current
  weight; the tier it goes to is computed just past that end.
* **By value**: every indicator with a range (estimates, and the few quoted figures given
  with one: what the sensitivity analysis draws) is set to its low and to its high end in turn, the others at their values; the criteria that read it are re-scored with
  their own formulas and both lenses re-ranked (the whole matrix: TOPSIS normalises by
  column). The indicator that moves the material furthest towards a threshold it could
  cross wins; "progress" 1 means the material reaches the threshold.

Pure: a ranking and its stability intervals in, small frozen results out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matrank.criteria.scoring import used_indicators
from matrank.mcda import ranking
from matrank.mcda.stability import StabilityResult, rescaled
from matrank.mcda.tiers import tier_codes
from matrank.model import LENSES, TIERS, Value
from matrank.results import RankResult

#: How far past an interval's end the tier after the flip is computed.
PAST_END = 1e-6


@dataclass(frozen=True)
class WeightFlip:
    lens: str
    criterion: str
    weight: float          # now
    end: float             # the tier changes beyond this weight
    side: str              # "below" or "above"
    tier_after: str


@dataclass(frozen=True)
class ValueFlip:
    indicator: str
    criteria: tuple[str, ...]
    value: Value
    end: float             # the end of the range that moves the material most
    tier_after: str
    scores_now: tuple[float, float]      # government, market
    scores_after: tuple[float, float]
    progress: float        # share of the way to the nearest threshold it moves towards (≥ 1: crosses)


@dataclass(frozen=True)
class Flips:
    weight: WeightFlip | None
    value: ValueFlip | None


def _scores(result: RankResult, matrix: np.ndarray, weights: list[np.ndarray]) -> np.ndarray:
    """(2 × N) both lenses' scores for a decision matrix and one weight vector per lens."""
    method = ranking.method(result.ranking)
    prepared = method.prepare(np.asarray(matrix, dtype=float), result.options.normalization)
    return np.array([method.evaluate_batch(prepared, np.asarray(w, dtype=float)[None, :],
                                           np.array(result.lenses[lens].benefit))[:, 0]
                     for lens, w in zip(LENSES, weights)])


def _tiers(result: RankResult, scores: np.ndarray) -> np.ndarray:
    if result.thresholds.split == "median":
        return tier_codes(scores[0], scores[1], np.median(scores[0]), np.median(scores[1]))
    return tier_codes(scores[0], scores[1], result.thresholds.government, result.thresholds.market)


def weight_flip(result: RankResult, stability: StabilityResult, i: int) -> WeightFlip | None:
    """The nearest end of material ``i``'s stability intervals, over both lenses and all criteria."""
    best = None
    for iv in stability.intervals:
        ends = []
        if iv.low[i] > 0.0:
            ends.append((iv.weight - float(iv.low[i]), float(iv.low[i]), "below"))
        if iv.high[i] < 1.0:
            ends.append((float(iv.high[i]) - iv.weight, float(iv.high[i]), "above"))
        for distance, end, side in ends:
            if best is None or distance < best[0]:
                best = (distance, iv, end, side)
    if best is None:
        return None
    _, iv, end, side = best
    weights = [result.lenses[lens].weights for lens in LENSES]
    past = min(1.0, end + PAST_END) if side == "above" else max(0.0, end - PAST_END)
    weights[iv.lens] = rescaled(weights[iv.lens], iv.criterion, np.array([past]))[0]
    tier = TIERS[int(_tiers(result, _scores(result, result.matrix.scores, weights))[i])]
    return WeightFlip(LENSES[iv.lens], result.matrix.criteria[iv.criterion], iv.weight, end, side, tier)


def _progress(result: RankResult, now: np.ndarray, after: np.ndarray, i: int) -> float:
    """How far material ``i`` moves towards the threshold it is nearest to crossing (1 = reaches it)."""
    t = (result.thresholds.government, result.thresholds.market)
    best = 0.0
    for lens in range(2):
        gap = t[lens] - now[lens]
        if gap == 0.0:
            return np.inf
        best = max(best, (after[lens] - now[lens]) / gap)
    return float(best)


def value_flip(result: RankResult, i: int) -> ValueFlip | None:
    """The ranged indicator of material ``i`` that moves it most (None: it has no range)."""
    material = result.case.materials[i]
    criteria = list(result.case.criteria)
    weights = [result.lenses[lens].weights for lens in LENSES]
    base = _scores(result, result.matrix.scores, weights)[:, i]
    best = None
    for name, v in material.indicators.items():
        readers = [j for j, c in enumerate(criteria) if name in used_indicators(material, c)]
        if not (v.has_range and readers):
            continue
        for end in (v.low, v.high):
            matrix = result.matrix.scores.copy()
            for j in readers:
                point = {n: material.indicators[n].value for n in used_indicators(material, criteria[j])}
                matrix[i, j] = float(criteria[j].score({**point, name: end}))
            scores = _scores(result, matrix, weights)
            tier = TIERS[int(_tiers(result, scores)[i])]
            moved = (tier != result.tier(i), _progress(result, base, scores[:, i], i))
            if best is None or moved > best[0]:
                best = (moved, ValueFlip(name, tuple(criteria[j].id for j in readers), v, float(end), tier,
                                         (float(base[0]), float(base[1])),
                                         (float(scores[0, i]), float(scores[1, i])), moved[1]))
    return None if best is None else best[1]


def flips(result: RankResult, stability: StabilityResult | None, i: int) -> Flips:
    return Flips(weight_flip(result, stability, i) if stability is not None else None, value_flip(result, i))


__all__ = ["WeightFlip", "ValueFlip", "Flips", "flips", "weight_flip", "value_flip", "PAST_END"]
