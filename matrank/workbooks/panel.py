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
from dataclasses import replace
from typing import Sequence

from matrank.errors import InputError
from matrank.mcda.ahp import AHPResult, InconsistentPair, analyse, from_judgments, nearest_saaty
from matrank.mcda.group import aij, aip, consensus
from matrank.mcda.guidance import pairs_to_reconsider
from matrank.model import LENSES
from matrank.options import PanelOptions
from matrank.results import ExpertResult, LensAggregate, LensOutcome, PanelResult, RatingAggregate
from matrank.workbooks.layout import RatingItem



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
            outcomes[lens] = LensOutcome(lens, "rejected", "; ".join(problems[:3]) + more, judgments,
                                         unusable=expert.unusable.get(lens, {}))
            continue
        if not judgments:
            outcomes[lens] = LensOutcome(lens, "rejected", "no judgments (every pairwise cell is blank)",
                                         judgments)
            continue
        try:
            matrix = from_judgments(criteria, judgments)
            result = analyse(matrix, ri_table=options.ri_table, threshold=options.cr_threshold)
        except InputError as exc:  # Harker's completion: the judgments leave criteria unlinked
            outcomes[lens] = LensOutcome(lens, "rejected", f"too few judgments to connect the criteria; "
                                                           f"found {exc.found}. Fix: {exc.fix}", judgments)
            continue
        result, reconsider = _guided(matrix, result)
        if result.consistent:
            outcomes[lens] = LensOutcome(lens, "used", "", judgments, result, reconsider)
        elif options.on_inconsistent == "include":
            outcomes[lens] = LensOutcome(lens, "used", f"{cr_text(result.cr, options.cr_threshold)}, "
                                                       "included (--on-inconsistent include)",
                                         judgments, result, reconsider)
        else:
            outcomes[lens] = LensOutcome(lens, "excluded", cr_text(result.cr, options.cr_threshold),
                                         judgments, result, reconsider)
    return ExpertResult(expert.file, expert.sha256, expert.name, expert.organisation, expert.role,
                        expert.lenses, outcomes, expert.notes, expert.ratings, None, expert.expert_id,
                        expert.round, expert.form)


def _guided(matrix, result: AHPResult) -> tuple[AHPResult, tuple[InconsistentPair, ...]]:
    """The pairs to reconsider ranked as the sheet ranks them (rounded, ties row by row), twice:
    with the full priorities' ratio (``inconsistent_pairs``, as before) and with what the other
    judgments alone imply (shown to the expert)."""
    reconsider = pairs_to_reconsider(matrix, result.weights)
    index = {label: k for k, label in enumerate(result.labels)}
    w = result.weights
    by_ratio = tuple(replace(p, implied=float(w[index[p.a]] / w[index[p.b]]),
                             suggested=nearest_saaty(float(w[index[p.a]] / w[index[p.b]]))) for p in reconsider)
    return replace(result, inconsistent_pairs=by_ratio), reconsider


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


def raters(experts: Sequence[ExpertResult], ratings_from: str = "all") -> list[ExpertResult]:
    """Whose ratings count: ``all``, every workbook not rejected (a CR concerns the judgments, not
    the ratings); ``used``, only experts with a lens used."""
    wanted = ("used",) if ratings_from == "used" else ("used", "excluded")
    return [e for e in experts if e.status in wanted]


def ratings_notes(experts: Sequence[ExpertResult], ratings_from: str) -> list[ExpertResult]:
    """Each expert whose ratings the rule keeps or drops although a lens of theirs was excluded,
    told so (nothing silent)."""
    out = []
    for e in experts:
        excluded = [lens for lens, o in e.outcomes.items() if o.status == "excluded"]
        if e.ratings and excluded and e.status != "rejected":
            kept = e in raters([e], ratings_from)
            e = replace(e, notes=e.notes + (
                f"{', '.join(excluded)} lens excluded; its {len(e.ratings)} ratings are "
                + ("kept" if kept else "left out") + f" (--ratings-from {ratings_from})",))
        out.append(e)
    return out


def aggregate_ratings(experts: Sequence[ExpertResult], items: Sequence[RatingItem],
                      ratings_from: str = "all") -> tuple[RatingAggregate, ...]:
    rated = raters(experts, ratings_from)
    out = []
    for item in items:
        key = (item.material, item.criterion)
        given = [e.ratings[key] for e in rated if key in e.ratings]
        if not given:
            continue
        # a geometric mean lies between the extremes; rounding may put it a step outside (9.000000000000002)
        mean = min(max(math.exp(sum(math.log(r) for r in given) / len(given)), min(given)), max(given))
        for ind in item.indicators:
            mapped = [ind.value_at(r) for r in given]
            low, high = min(mapped), max(mapped)
            value = min(max(ind.value_at(mean), low), high)
            out.append(RatingAggregate(item.material, item.criterion, ind.name, mean, value, low, high, len(given)))
    return tuple(out)


def summarise(case, experts: Sequence[ExpertResult], items: Sequence[RatingItem],
              options: PanelOptions) -> PanelResult:
    criteria = case.criteria.ids
    experts = ratings_notes(experts, options.ratings_from)
    lenses = {}
    for lens in LENSES:
        used = [(e.file, e.outcomes[lens].result) for e in experts
                if lens in e.outcomes and e.outcomes[lens].status == "used"]
        if used:
            lenses[lens] = aggregate_lens(lens, used, criteria, options)
    return PanelResult(case.id, case.criteria_hash, criteria, options, tuple(experts), lenses,
                       aggregate_ratings(experts, items, options.ratings_from))
