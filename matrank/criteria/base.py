"""What a criterion is: the indicators it reads, how it scores them, its direction per lens.

Score functions are vectorised: every indicator value may be a float or a numpy
array of samples (the sensitivity analysis draws indicator values from their
ranges and scores them all at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from matrank.labels import has_label, label

DIRECTIONS = ("benefit", "cost")

#: Indicator kinds and the values they admit.
KINDS = {
    "fraction": "a fraction in [0, 1]",
    "nonnegative": "a number ≥ 0",
    "positive": "a number > 0",
    "rating": "a rating from 1 to 9",
    "growth": "a yearly growth rate as a fraction > −1 (0.12 for 12 %)",
    "number": "a finite number",
}


#: What an indicator measures, for its unit (:mod:`matrank.units`), by kind where not given.
QUANTITY_OF_KIND = {"fraction": "fraction", "rating": "rating", "growth": "growth"}


@dataclass(frozen=True)
class Indicator:
    id: str
    kind: str
    unit: str
    #: fraction, duration, rating, growth, amount (mass or money), money, or number (the unit
    #: as declared). None: by kind.
    quantity: str | None = None

    @property
    def measures(self) -> str:
        return self.quantity or QUANTITY_OF_KIND.get(self.kind, "number")


@dataclass(frozen=True)
class Basis:
    """One way to compute a criterion: the indicators it needs and the formula."""

    requires: tuple[str, ...]
    formula: str
    compute: Callable[[Mapping[str, Any]], Any]
    optional: tuple[str, ...] = ()
    #: Values from bases with the same scale are comparable within one case.
    scale: str = "default"
    #: The optional indicators are alternatives, the first present one read and the others not
    #: (so that an unread one neither shows in --explain nor makes the score an estimate).
    first_optional_only: bool = False


@dataclass(frozen=True)
class Criterion:
    id: str
    unit: str
    bases: tuple[Basis, ...]
    directions: Mapping[str, str]            # lens -> "benefit" | "cost"
    indicators: tuple[Indicator, ...] = field(default=())
    names: Mapping[str, str] | None = None   # only for case-defined criteria; built-ins use labels

    def name(self, lang: str = "en") -> str:
        if self.names:
            if lang == "both":
                return f"{self.names.get('zh', self.id)} / {self.names.get('en', self.id)}"
            return self.names.get(lang) or self.names.get("en") or self.id
        key = f"criterion.{self.id}"
        return label(key, lang) if has_label(key) else self.id

    def indicator(self, name: str) -> Indicator:
        return next(i for i in self.indicators if i.id == name)

    def basis_for(self, available: set[str] | frozenset[str]) -> Basis | None:
        """The first basis whose required indicators are all available."""
        for basis in self.bases:
            if all(name in available for name in basis.requires):
                return basis
        return None

    def needs(self) -> str:
        """Human text of what this criterion needs, for error messages."""
        return ", or ".join(" + ".join(b.requires) for b in self.bases)

    def score(self, values: Mapping[str, Any]) -> Any:
        basis = self.basis_for(set(values))
        if basis is None:
            raise KeyError(self.needs())
        return basis.compute(values)


def raise_by_concentration(base: Any, concentration: Any) -> Any:
    """Raise a [0, 1] share toward 1 by a [0, 1] concentration: b + c·b·(1 − b).

    Equals b when c = 0 (or b is 0 or 1), stays in [0, 1], and is monotone in b.
    """
    b = np.asarray(base, dtype=float)
    c = np.asarray(concentration, dtype=float)
    out = b + c * b * (1.0 - b)
    return out if out.ndim else float(out)
