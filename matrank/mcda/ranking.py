"""The seam for the ranking method: TOPSIS or VIKOR, by name.

A method module offers :func:`evaluate` (one weight vector: a result with ``score``
in [0, 1], higher better, ``rank``, ``ties``, ``weights`` as used, ``warnings``,
``detail(i)``, ``explain_material(i)`` and ``explain_criterion(i, j)``) and, for many
weight vectors, ``prepare(x, normalization)`` then ``evaluate_batch(prepared, W,
benefit)`` (scores N × k). Ranking, ``--explain``, tiers, the sensitivity analysis, the
stability intervals and every report go through here; a new method is one module and
one line in :data:`METHODS`.
"""

from __future__ import annotations

from types import ModuleType
from typing import Sequence

import numpy as np

from matrank.errors import OptionError
from matrank.mcda import topsis, vikor

METHODS: dict[str, ModuleType] = {topsis.NAME: topsis, vikor.NAME: vikor}
RANKINGS: tuple[str, ...] = tuple(METHODS)
DEFAULT_RANKING = topsis.NAME


def method(name: str) -> ModuleType:
    try:
        return METHODS[name]
    except KeyError:
        raise OptionError(f"unknown ranking method {name!r}", option="ranking", expected=" or ".join(RANKINGS),
                          example=DEFAULT_RANKING) from None


#: The most scores one fallback step of :func:`evaluate_rows` computes (weight vectors × N).
ROWS_CELLS = 1 << 22


def evaluate_rows(name: str, prepared, weights: np.ndarray, rows: np.ndarray, benefit: Sequence[bool]) -> np.ndarray:
    """Score of material ``rows[t]`` under weight vector ``weights[t]`` (T,), for a prepared
    point matrix. A method that can score one material without the others' scores offers
    ``evaluate_rows`` (TOPSIS: the ideal points are per-criterion extremes); otherwise the
    full scores are computed in chunks of bounded size and the wanted ones kept."""
    m = method(name)
    rows = np.asarray(rows, dtype=np.intp)
    if hasattr(m, "evaluate_rows"):
        return m.evaluate_rows(prepared, weights, rows, benefit)
    out = np.empty(rows.size)
    step = max(1, ROWS_CELLS // max(1, prepared.n))
    for start in range(0, rows.size, step):
        part = slice(start, start + step)
        scores = m.evaluate_batch(prepared, weights[part], benefit)          # (N × t)
        out[part] = scores[rows[part], np.arange(scores.shape[1])]
    return out


def normalization(name: str, asked: str | None) -> str:
    """The normalisation a method uses: the one asked for, or the method's own; a method
    that normalises in its own way refuses another."""
    m = method(name)
    if asked is None:
        return m.DEFAULT_NORMALIZATION
    if asked not in m.NORMALIZATIONS:
        raise OptionError(f"{name.upper()} does not take normalization {asked!r}", option="normalization",
                          expected=" or ".join(m.NORMALIZATIONS),
                          fix="drop the normalization (VIKOR scales each criterion by its range)"
                          if name == "vikor" else None)
    return asked


__all__ = ["METHODS", "RANKINGS", "DEFAULT_RANKING", "method", "normalization", "evaluate_rows"]
