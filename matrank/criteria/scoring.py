"""Score every material on every criterion: the decision matrix, with ranges.

A criterion's low and high scores come from evaluating its formula at every
corner of the ranges of the indicators it reads (criteria are monotone in each
indicator, so the extremes lie at corners).
"""

from __future__ import annotations

import itertools
from typing import Iterable, Mapping

import numpy as np

from matrank.criteria import LENSES, Registry
from matrank.model import DecisionMatrix, Material, Value


def used_indicators(material: Material, criterion) -> tuple[str, ...]:
    basis = criterion.basis_for(set(material.indicators))
    optional = [name for name in basis.optional if name in material.indicators]
    if basis.first_optional_only:
        optional = optional[:1]
    return tuple(name for name in basis.requires if name in material.indicators) + tuple(optional)


def score_range(values: Mapping[str, Value], names: Iterable[str], criterion) -> tuple[float, float, float]:
    """(score, low, high) for one material and criterion."""
    names = tuple(names)
    point = {n: values[n].value for n in names}
    score = float(criterion.score(point))
    ranged = [n for n in names if values[n].has_range]
    if not ranged:
        return score, score, score
    corners = []
    for ends in itertools.product(*[(values[n].low, values[n].high) for n in ranged]):
        corners.append(float(criterion.score({**point, **dict(zip(ranged, ends))})))
    return score, min(corners + [score]), max(corners + [score])


def decision_matrix(materials: Iterable[Material], registry: Registry) -> DecisionMatrix:
    materials = tuple(materials)
    n, m = len(materials), len(registry)
    scores, low, high = np.empty((n, m)), np.empty((n, m)), np.empty((n, m))
    estimated = np.zeros((n, m), dtype=bool)
    for i, material in enumerate(materials):
        for j, criterion in enumerate(registry):
            names = used_indicators(material, criterion)
            scores[i, j], low[i, j], high[i, j] = score_range(material.indicators, names, criterion)
            estimated[i, j] = any(material.indicators[k].estimate for k in names)
    return DecisionMatrix(
        materials=tuple(mat.id for mat in materials), criteria=registry.ids, scores=scores,
        low=low, high=high, estimated=estimated,
        benefit={lens: registry.benefit(lens) for lens in LENSES})
