"""Validation cycle (验证周期): years from a working sample to qualified supply
in customers' lines.

Formula: score = ``validation_years`` (years, ≥ 0).

Unit: years. Government lens: benefit (the longer, the less the market will
carry it alone). Market lens: cost (the longer, the slower the return).
"""

from __future__ import annotations

from matrank.criteria.base import Basis, Criterion, Indicator


def _score(values):
    return values["validation_years"]


CRITERION = Criterion(
    id="validation_cycle",
    unit="years",
    bases=(Basis(("validation_years",), "validation_years", _score, scale="years"),),
    directions={"government": "benefit", "market": "cost"},
    indicators=(Indicator("validation_years", "nonnegative", "years", "duration"),),
)
