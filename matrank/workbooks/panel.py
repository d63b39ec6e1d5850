"""A panel's judgments in, accounted and aggregated out. No I/O.

Per expert and lens: AHP on the judgments (blank = missing, completed by
Harker), CR, GCI and the three judgments to revise, then a status: ``used``,
``excluded`` (CR above the threshold, unless ``include``) or ``rejected``
(unusable cells, no judgments, judgments that do not connect the criteria).
A file's status is ``used`` if any lens is used, else ``excluded`` if any lens
is excluded, else ``rejected``; every file is counted exactly once.

Per lens over the used experts: AIJ (geometric mean of the completed matrices,
then the eigenvector; the reported CR is the aggregate matrix's) or AIP
(geometric mean of the priority vectors; AIP has no matrix, so the reported CR
is the largest CR among the used experts), and Goepel's consensus S*.

Ratings: from every workbook that is not rejected (a CR concerns the pairwise
judgments, not the ratings), the geometric mean of the 1–9 ratings mapped onto
each estimated indicator's range (see :mod:`.layout`), with the mapped
individual extremes as the range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from matrank.criteria import LENSES
from matrank.errors import InputError
from matrank.mcda.ahp import AHPResult, analyse, from_judgments
from matrank.mcda.group import AGGREGATIONS, Consensus, aij, aip, consensus
from matrank.workbooks.layout import RI_TABLE, RatingItem

ON_INCONSISTENT = ("exclude", "include", "fail")
STATUSES = ("used", "excluded", "rejected")


@dataclass(frozen=True)
class PanelOptions:
    aggregate: str = "aij"
    cr_threshold: float = 0.10
    on_inconsistent: str = "exclude"
    ri_table: str = RI_TABLE

    def __post_init__(self) -> None:
        if self.aggregate not in AGGREGATIONS:
            raise InputError(f"unknown aggregation {self.aggregate!r}", expected=" or ".join(AGGREGATIONS))
        if self.on_inconsistent not in ON_INCONSISTENT:
            raise InputError(f"unknown --on-inconsistent {self.on_inconsistent!r}",
                             expected=", ".join(ON_INCONSISTENT))
        if not 0 < self.cr_threshold < 1:
            raise InputError("the CR threshold is outside (0, 1)", found=f"{self.cr_threshold:g}",
                             expected="e.g. 0.1")


@dataclass(frozen=True)
class LensOutcome:
    lens: str
    status: str
    reason: str
    judgments: Mapping[tuple[str, str], float]
    result: AHPResult | None = None


@dataclass(frozen=True)
class ExpertResult:
    file: str
    sha256: str = ""
    name: str = ""
    organisation: str = ""
    role: str | None = None
    lenses: tuple[str, ...] = ()
    outcomes: Mapping[str, LensOutcome] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    ratings: Mapping[tuple[str, str], float] = field(default_factory=dict)
    rejection: str | None = None

    @property
    def status(self) -> str:
        statuses = {o.status for o in self.outcomes.values()}
        if self.rejection is not None or not statuses:
            return "rejected"
        for status in STATUSES:
            if status in statuses:
                return status
        raise AssertionError(statuses)  # pragma: no cover

    @property
    def reason(self) -> str:
        if self.rejection is not None:
            return self.rejection
        return "; ".join(f"{lens}: {o.reason}" for lens, o in self.outcomes.items() if o.reason)


def rejected(file: str, reason: str, sha256: str = "") -> ExpertResult:
    return ExpertResult(file, sha256, rejection=reason)


def cr_text(cr: float, threshold: float) -> str:
    """"CR 0.23 > 0.10", with a third decimal when two would hide the difference."""
    digits = 2 if round(cr, 2) != round(threshold, 2) else 3
    return f"CR {cr:.{digits}f} > {threshold:.{digits}f}"


def assess(expert, criteria: Sequence[str], options: PanelOptions) -> ExpertResult:
    """AHP and a status for each lens the workbook asks (``expert`` is an ExpertInput)."""
    outcomes: dict[str, LensOutcome] = {}
    for lens in expert.lenses:
        judgments = expert.judgments.get(lens, {})
        problems = expert.problems.get(lens, ())
        if problems:
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            outcomes[lens] = LensOutcome(lens, "rejected", "; ".join(problems[:3]) + more, judgments)
            continue
        if not judgments:
            outcomes[lens] = LensOutcome(lens, "rejected", "no judgments (every pairwise cell is blank)",
                                         judgments)
            continue
        try:
            result = analyse(from_judgments(criteria, judgments), ri_table=options.ri_table,
                             threshold=options.cr_threshold)
        except InputError as exc:  # Harker's completion: the judgments leave criteria unlinked
            outcomes[lens] = LensOutcome(lens, "rejected", f"too few judgments to connect the criteria; "
                                                           f"found {exc.found}. Fix: {exc.fix}", judgments)
            continue
        if result.consistent:
            outcomes[lens] = LensOutcome(lens, "used", "", judgments, result)
        elif options.on_inconsistent == "include":
            outcomes[lens] = LensOutcome(lens, "used", f"{cr_text(result.cr, options.cr_threshold)}, "
                                                       "included (--on-inconsistent include)",
                                         judgments, result)
        else:
            outcomes[lens] = LensOutcome(lens, "excluded", cr_text(result.cr, options.cr_threshold),
                                         judgments, result)
    return ExpertResult(expert.file, expert.sha256, expert.name, expert.organisation, expert.role,
                        expert.lenses, outcomes, expert.notes, expert.ratings)


@dataclass(frozen=True)
class LensAggregate:
    lens: str
    weights: np.ndarray
    cr: float
    consistent: bool
    cr_of: str
    gci: float | None
    consensus: Consensus
    experts: tuple[str, ...]                 # files of the used experts
    expert_weights: tuple[np.ndarray, ...]   # their priority vectors, in the same order


@dataclass(frozen=True)
class RatingAggregate:
    material: str
    criterion: str
    indicator: str
    rating: float          # geometric mean of the experts' ratings
    value: float
    low: float
    high: float
    experts: int


@dataclass(frozen=True)
class PanelResult:
    case_id: str
    criteria_hash: str
    criteria: tuple[str, ...]
    options: PanelOptions
    experts: tuple[ExpertResult, ...]
    lenses: Mapping[str, LensAggregate]
    ratings: tuple[RatingAggregate, ...]

    @property
    def counts(self) -> dict[str, int]:
        tally = {status: 0 for status in STATUSES}
        for e in self.experts:
            tally[e.status] += 1
        return {"files": len(self.experts), **tally}

    def lens_counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for lens in LENSES:
            tally = {status: 0 for status in STATUSES}
            for e in self.experts:
                if lens in e.outcomes:
                    tally[e.outcomes[lens].status] += 1
            out[lens] = tally
        return out

    def inconsistent(self) -> list[tuple[str, str, float]]:
        """(file, lens, CR) of every lens left out (or let in) for its CR."""
        return [(e.file, lens, o.result.cr) for e in self.experts for lens, o in e.outcomes.items()
                if o.result is not None and not o.result.consistent]


def aggregate_lens(lens: str, used: Sequence[tuple[str, AHPResult]], criteria: Sequence[str],
                   options: PanelOptions) -> LensAggregate:
    results = [r for _, r in used]
    priorities = [r.weights for r in results]
    if options.aggregate == "aij":
        merged = aij([r.matrix for r in results], criteria, ri_table=options.ri_table,
                     threshold=options.cr_threshold)
        weights, cr, cr_of, gci = merged.weights, merged.cr, "AIJ matrix", merged.gci
    else:
        weights = aip(priorities)
        cr, cr_of, gci = max(r.cr for r in results), "largest CR of the used experts (AIP)", None
    return LensAggregate(lens, weights, float(cr), bool(cr <= options.cr_threshold), cr_of, gci,
                         consensus(priorities), tuple(f for f, _ in used), tuple(priorities))


def aggregate_ratings(experts: Sequence[ExpertResult], items: Sequence[RatingItem]) -> tuple[RatingAggregate, ...]:
    raters = [e for e in experts if e.status != "rejected"]
    out = []
    for item in items:
        key = (item.material, item.criterion)
        given = [e.ratings[key] for e in raters if key in e.ratings]
        if not given:
            continue
        mean = math.exp(sum(math.log(r) for r in given) / len(given))
        for ind in item.indicators:
            mapped = [ind.value_at(r) for r in given]
            out.append(RatingAggregate(item.material, item.criterion, ind.name, mean, ind.value_at(mean),
                                       min(mapped), max(mapped), len(given)))
    return tuple(out)


def summarise(case, experts: Sequence[ExpertResult], items: Sequence[RatingItem],
              options: PanelOptions) -> PanelResult:
    criteria = case.criteria.ids
    lenses = {}
    for lens in LENSES:
        used = [(e.file, e.outcomes[lens].result) for e in experts
                if lens in e.outcomes and e.outcomes[lens].status == "used"]
        if used:
            lenses[lens] = aggregate_lens(lens, used, criteria, options)
    return PanelResult(case.id, case.criteria_hash, criteria, options, tuple(experts), lenses,
                       aggregate_ratings(experts, items))
