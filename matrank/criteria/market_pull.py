"""Market pull (市场拉动): downstream demand pulling the material.

Formula, first basis the material's indicators allow (one basis per case: the
two scales are not comparable, and validation says so when a case mixes them):

* ``market_pull_rating`` r (expert rating, 1–9): score = r.
* ``market_size`` S (any currency unit, the same for all materials) and
  ``market_growth`` g (fraction per year, > −1): score = S·(1 + g)^5, the
  market five years out.

Unit: rating 1–9, or the market size's unit. Both lenses: benefit.
"""

from __future__ import annotations

import numpy as np

from matrank.criteria.base import Basis, Criterion, Indicator

HORIZON_YEARS = 5


def _rating(values):
    return values["market_pull_rating"]


def _size(values):
    s = np.asarray(values["market_size"], dtype=float)
    g = np.asarray(values["market_growth"], dtype=float)
    out = s * (1.0 + g) ** HORIZON_YEARS
    return float(out) if out.ndim == 0 else out


CRITERION = Criterion(
    id="market_pull",
    unit="rating 1–9 or market size",
    bases=(
        Basis(("market_pull_rating",), "market_pull_rating", _rating, scale="rating"),
        Basis(("market_size", "market_growth"), f"market_size × (1 + market_growth)^{HORIZON_YEARS}",
              _size, scale="size"),
    ),
    directions={"government": "benefit", "market": "benefit"},
    indicators=(
        Indicator("market_pull_rating", "rating", "rating 1–9"),
        Indicator("market_size", "nonnegative", "money (CNY or USD), the same for all materials", "money"),
        Indicator("market_growth", "growth", "fraction per year"),
    ),
)
