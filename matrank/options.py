"""The options of a ranking and of a sensitivity run: checked once, here, when built.

Errors name the field (``policy_mix``), as a notebook user wrote it; the command line
shows the flag instead (``--policy-mix``), from one table in :mod:`matrank.commands.common`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matrank.errors import OptionError
from matrank.mcda.ahp import METHODS as AHP_METHODS
from matrank.mcda.ahp import RI_TABLE_NAMES
from matrank.mcda.group import AGGREGATIONS
from matrank.mcda.ranking import DEFAULT_RANKING, normalization
from matrank.mcda.tiers import check_thresholds
from matrank.model import Thresholds

DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 20261123
DEFAULT_CONCENTRATION = 100.0
WEIGHT_SOURCES = ("panel", "dirichlet", "uniform")
VALUE_MODES = ("ranges", "fixed")
ON_INCONSISTENT = ("exclude", "include", "fail")
#: Whose ratings of estimates count: every workbook not rejected, or only experts with a used lens.
RATINGS_FROM = ("all", "used")


def _choice(value, option: str, choices, default) -> None:
    if value not in choices:
        raise OptionError(f"unknown {option} {value!r}", option=option, expected=" or ".join(choices),
                          example=str(default))


def _whole(value, option: str, low: int, example: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise OptionError(f"must be a whole number ≥ {low}", option=option, found=repr(value), example=example)


def _unit_interval(value, option: str, *, open_low: bool = False, example: str = "0.5") -> None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and (0.0 < value if open_low else 0.0 <= value) and value <= 1.0
    if not ok:
        raise OptionError(f"is outside {'(0' if open_low else '[0'}, 1]", option=option, found=repr(value),
                          example=example)


@dataclass(frozen=True)
class RankOptions:
    #: AHP priorities from the case's judgments: principal eigenvector or row geometric mean.
    method: str = "eigen"
    ri_table: str = "saaty1980"
    cr_threshold: float = 0.10
    #: None: the ranking method's own (TOPSIS: vector; VIKOR: range).
    normalization: str | None = None
    #: None: the case's thresholds, else 0.5 / 0.5.
    thresholds: Thresholds | None = None
    policy_mix: float = 0.5
    ranking: str = DEFAULT_RANKING
    #: Accept judgments off Saaty's 1/9..9 scale (any positive ratio within 1e±9).
    any_scale: bool = False

    def __post_init__(self) -> None:
        _choice(self.method, "method", AHP_METHODS, "eigen")
        _choice(self.ri_table, "ri_table", RI_TABLE_NAMES, "saaty1980")
        _unit_interval(self.cr_threshold, "cr_threshold", open_low=True, example="0.1")
        normalization(self.ranking, self.normalization)          # also checks the ranking's name
        if self.thresholds is not None:
            check_thresholds(self.thresholds)
        _unit_interval(self.policy_mix, "policy_mix")

    @property
    def resolved_normalization(self) -> str:
        return normalization(self.ranking, self.normalization)


@dataclass(frozen=True)
class SensitivityOptions:
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    #: None: ``panel`` when the weights come from a panel, else ``dirichlet``.
    weight_source: str | None = None
    #: None: :data:`DEFAULT_CONCENTRATION` (Dirichlet only).
    concentration: float | None = None
    #: None: ``ranges`` when the case has ranges, else ``fixed``.
    values: str | None = None
    workers: int | None = None
    #: Compute the one-at-a-time weight intervals.
    stability: bool = True

    def __post_init__(self) -> None:
        _whole(self.samples, "samples", 1, "10000")
        _whole(self.seed, "seed", 0, str(DEFAULT_SEED))
        if self.weight_source is not None:
            _choice(self.weight_source, "weight_source", WEIGHT_SOURCES, "dirichlet")
        c = self.concentration
        if c is not None:
            if isinstance(c, bool) or not isinstance(c, (int, float)) or not math.isfinite(c) or c <= 0:
                raise OptionError("must be a positive number (α = C·w; larger is tighter)", option="concentration",
                                  found=repr(c), example=f"{DEFAULT_CONCENTRATION:g}")
            if self.weight_source in ("panel", "uniform"):
                raise OptionError(f"sets the Dirichlet's spread; it does not apply to {{weight_source}} "
                                  f"{self.weight_source}", option="concentration",
                                  fix="drop one of them")
        if self.values is not None:
            _choice(self.values, "values", VALUE_MODES, "ranges")
        if self.workers is not None:
            _whole(self.workers, "workers", 1, "2")


@dataclass(frozen=True)
class PanelOptions:
    aggregate: str = "aij"
    cr_threshold: float = 0.10
    on_inconsistent: str = "exclude"
    ri_table: str = "saaty1980"
    ratings_from: str = "all"
    #: rounds: a later round's workbook whose expert_id no earlier round has (an expert joining
    #: the panel) is used and reported as new; without it, refused as a likely mistyped id
    allow_new_experts: bool = False

    def __post_init__(self) -> None:
        _choice(self.ratings_from, "ratings_from", RATINGS_FROM, "all")
        _choice(self.aggregate, "aggregate", AGGREGATIONS, "aij")
        _choice(self.on_inconsistent, "on_inconsistent", ON_INCONSISTENT, "exclude")
        _choice(self.ri_table, "ri_table", RI_TABLE_NAMES, "saaty1980")
        _unit_interval(self.cr_threshold, "cr_threshold", open_low=True, example="0.1")
        if self.cr_threshold == 1.0:
            raise OptionError("is outside (0, 1)", option="cr_threshold", found="1.0", example="0.1")


__all__ = ["RankOptions", "SensitivityOptions", "PanelOptions", "ON_INCONSISTENT", "DEFAULT_SAMPLES", "DEFAULT_SEED", "DEFAULT_CONCENTRATION",
           "WEIGHT_SOURCES", "VALUE_MODES"]
