"""Patent control (专利控制): how far foreign holders control the core patents.

Formula: score = ``foreign_core_patent_share`` f (fraction). When
``top3_holder_share`` t (the three largest holders' share, fraction) is given,
concentration raises it: f' = f + t·f·(1 − f) (a wall held by three firms is
harder to get around than one spread over many).

Unit: fraction. Government lens: benefit (a chokepoint to break). Market lens:
cost (freedom-to-operate risk, a barrier to entry).
"""

from __future__ import annotations

import numpy as np

from matrank.criteria.base import Basis, Criterion, Indicator, raise_by_concentration


def _score(values):
    f = np.asarray(values["foreign_core_patent_share"], dtype=float)
    if "top3_holder_share" in values:
        return raise_by_concentration(f, values["top3_holder_share"])
    return float(f) if f.ndim == 0 else f


CRITERION = Criterion(
    id="patent_control",
    unit="fraction",
    bases=(Basis(("foreign_core_patent_share",), "foreign_core_patent_share", _score,
                 optional=("top3_holder_share",), scale="fraction"),),
    directions={"government": "benefit", "market": "cost"},
    indicators=(
        Indicator("foreign_core_patent_share", "fraction", "fraction"),
        Indicator("top3_holder_share", "fraction", "fraction"),
    ),
)
