"""The criteria: one module each, indicators in, score out, direction per lens.

:data:`BUILTIN` holds the four built-in criteria in their canonical order. A
case builds its own :class:`Registry` from them, adding its own criteria or
overriding a direction.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping

from matrank.criteria import import_dependence, market_pull, patent_control, validation_cycle
from matrank.criteria.base import (DIRECTIONS, KINDS, Basis, Criterion, Indicator,
                                   raise_by_concentration)
from matrank.errors import InputError
from matrank.model import LENSES

BUILTIN: tuple[Criterion, ...] = (
    import_dependence.CRITERION,
    patent_control.CRITERION,
    validation_cycle.CRITERION,
    market_pull.CRITERION,
)
BUILTIN_IDS = tuple(c.id for c in BUILTIN)


class Registry:
    """An ordered set of criteria, with the indicators they read."""

    def __init__(self, criteria: Iterable[Criterion] = BUILTIN):
        self._criteria: dict[str, Criterion] = {}
        for c in criteria:
            self.add(c)

    def add(self, criterion: Criterion) -> None:
        if criterion.id in self._criteria:
            raise InputError(f"criterion {criterion.id!r} is defined twice",
                             fix="override its directions instead of adding it again")
        for lens in LENSES:
            if criterion.directions.get(lens) not in DIRECTIONS:
                raise InputError(f"criterion {criterion.id!r} has no valid {lens} direction",
                                 found=repr(criterion.directions.get(lens)),
                                 expected=" or ".join(DIRECTIONS))
        self._criteria[criterion.id] = criterion

    def override_directions(self, criterion_id: str, directions: Mapping[str, str]) -> None:
        current = self.get(criterion_id)
        self._criteria[criterion_id] = replace(current, directions={**current.directions, **directions})

    def get(self, criterion_id: str) -> Criterion:
        try:
            return self._criteria[criterion_id]
        except KeyError:
            raise InputError(f"unknown criterion {criterion_id!r}",
                             expected="one of " + ", ".join(self._criteria)) from None

    def __iter__(self):
        return iter(self._criteria.values())

    def __len__(self) -> int:
        return len(self._criteria)

    def __contains__(self, criterion_id: str) -> bool:
        return criterion_id in self._criteria

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._criteria)

    def indicators(self) -> dict[str, Indicator]:
        return {ind.id: ind for c in self for ind in c.indicators}

    def benefit(self, lens: str) -> tuple[bool, ...]:
        return tuple(c.directions[lens] == "benefit" for c in self)


def custom_criterion(criterion_id: str, names: Mapping[str, str], unit: str,
                     directions: Mapping[str, str], kind: str = "number") -> Criterion:
    """A case-defined criterion read directly from one indicator of the same id."""
    return Criterion(
        id=criterion_id, unit=unit,
        bases=(Basis((criterion_id,), criterion_id, lambda values: values[criterion_id],
                     scale=unit),),
        directions=dict(directions), indicators=(Indicator(criterion_id, kind, unit),),
        names=dict(names))


__all__ = ["BUILTIN", "BUILTIN_IDS", "Registry", "Criterion", "Basis", "Indicator", "KINDS",
           "LENSES", "DIRECTIONS", "custom_criterion", "raise_by_concentration"]
