"""The Python API: load a case, weight the criteria, rank through both lenses, tier.

A notebook user calls these directly::

    from matrank.api import load_case, rank_case, RankOptions
    result = rank_case(load_case())            # the shipped default case
    result.table()                             # a pandas DataFrame
    rank_case(load_case(), RankOptions(ranking="vikor"))

``cli.py`` is a thin shell over the same calls.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matrank.casefiles import load_case
from matrank.criteria.scoring import decision_matrix, used_indicators
from matrank.errors import InputError
from matrank.mcda import ranking
from matrank.mcda.ahp import AHPResult, analyse, from_judgments
from matrank.mcda.tiers import TIERS, composite, overall_rank, resolve_thresholds, tier_codes
from matrank.mcda.topsis import tie_warnings
from matrank.model import LENSES, Case, Thresholds
from matrank.options import RankOptions
from matrank.results import LensResult, RankResult
from matrank.weightsfile import WeightsFile, apply_weights, read_weights


def lens_weights(case: Case, lens: str, options: RankOptions) -> tuple[np.ndarray, AHPResult | None, str]:
    """The lens's weight vector in criteria order, the AHP result when judgments gave it."""
    spec = case.weights[lens]
    ids = case.criteria.ids
    if spec.judgments is not None:
        try:
            matrix = from_judgments(ids, spec.judgments, any_scale=options.any_scale)
        except InputError as exc:
            raise exc.located(file=case.path, where=f"weights.{lens}.judgments:") from None
        result = analyse(matrix, method=options.method, ri_table=options.ri_table, threshold=options.cr_threshold)
        return result.weights, result, "ahp"
    return np.array([spec.weights[c] for c in ids]), None, "explicit"


def rank_case(case: Case, options: RankOptions = RankOptions(),
              weights_file: WeightsFile | None = None) -> RankResult:
    """Both lenses' scores (the options' ranking method), the tiers and the overall rank of every
    material in the case."""
    options = replace(options, normalization=options.resolved_normalization)
    if weights_file is not None:
        case = apply_weights(case, weights_file)
    matrix = decision_matrix(case.materials, case.criteria)
    names = [m.id for m in case.materials]
    method = ranking.method(options.ranking)
    warnings: list[str] = list(case.warnings)
    notes: list[str] = list(case.notes)
    lenses: dict[str, LensResult] = {}
    for lens in LENSES:
        w, ahp, source = lens_weights(case, lens, options)
        benefit = matrix.benefit[lens]
        res = method.evaluate(matrix.scores, w, benefit, normalization=options.normalization,
                              alternatives=names, criteria=matrix.criteria)
        warnings += [f"{lens} lens: {text}" for text in res.warnings]
        spec = case.weights[lens]
        cr = ahp.cr if ahp else spec.cr
        consistent = ahp.consistent if ahp else spec.consistent
        if consistent is False:
            warnings.append(f"{lens} lens: the weights' CR {cr:.3f} exceeds {options.cr_threshold:.2f}; "
                            "revise the judgments before relying on the ranking")
        if ahp is not None and ahp.completed:
            notes.append(f"{lens} lens: {len(ahp.completed)} missing judgment{'s' if len(ahp.completed) != 1 else ''} "
                         "completed by Harker's method: " + ", ".join(f"{c.a} vs {c.b} = {c.value:.3g}"
                                                                    for c in ahp.completed))
        lenses[lens] = LensResult(lens, matrix.criteria, w, source, spec.basis, spec.origin, ahp,
                                  cr, consistent, benefit, res.score, method.NAME, res)
    s_gov, s_market = lenses["government"].score, lenses["market"].score
    wanted = options.thresholds or case.thresholds or Thresholds()
    thresholds = resolve_thresholds(s_gov, s_market, wanted)
    tiers = tier_codes(s_gov, s_market, thresholds.government, thresholds.market)
    rank, ties = overall_rank(s_gov, s_market, options.policy_mix)
    warnings += tie_warnings(ties, names, "overall tie broken by case order")
    return RankResult(case, matrix, lenses, thresholds, tiers,
                      composite(s_gov, s_market, options.policy_mix), rank, ties,
                      replace(options, thresholds=thresholds), weights_file, tuple(warnings), notes=tuple(notes))


def rank(case: str | None = None, weights: str | None = None, **options) -> RankResult:
    """Convenience: load a case (path or shipped name), optional weights file, and rank it."""
    loaded = load_case(case)
    wf = read_weights(weights, loaded) if weights else None
    return rank_case(loaded, RankOptions(**options), wf)


def material_index(result: RankResult, material_id: str) -> int:
    ids = [m.id for m in result.case.materials]
    if material_id not in ids:
        close = [x for x in ids if material_id.lower() in x][:5]
        raise InputError(f"no material {material_id!r} in case {result.case.id}",
                         expected="one of the case's ids" + (f", e.g. {', '.join(close)}" if close else ""),
                         fix="run `matrank rank --format csv` to see the ids")
    return ids.index(material_id)


def explain(result: RankResult, material_id: str) -> dict:
    """Why a material sits where it does: per criterion its indicators and value, and per
    lens the ranking method's working (TOPSIS: normalised and weighted value, squared parts
    of D+ and D−; VIKOR: best, worst, gap and weighted gap)."""
    i = material_index(result, material_id)
    material = result.case.materials[i]
    criteria = []
    for j, criterion in enumerate(result.case.criteria):
        names = used_indicators(material, criterion)
        entry = {
            "criterion": criterion.id,
            "criterion_name": {lang: criterion.name(lang) for lang in ("en", "zh")},
            "indicators": {n: _value_dict(material.indicators[n]) for n in names},
            "value": float(result.matrix.scores[i, j]),
            "low": float(result.matrix.low[i, j]),
            "high": float(result.matrix.high[i, j]),
            "estimated": bool(result.matrix.estimated[i, j]),
            "lenses": {lens: {"direction": "benefit" if lr.benefit[j] else "cost",
                              "weight": float(lr.detail.weights[j]), **lr.detail.explain_criterion(i, j)}
                       for lens, lr in result.lenses.items()},
        }
        criteria.append(entry)
    return {
        "case": result.case.id,
        "ranking": result.ranking,
        "id": material.id,
        "name": dict(material.names),
        "category": material.category,
        "category_name": {lang: result.case.category_name(material.category, lang) for lang in ("en", "zh")},
        "tier": result.tier(i),
        "rank": int(result.rank[i]),
        "lenses": {lens: {"score": float(lr.score[i]), **lr.detail.explain_material(i)}
                   for lens, lr in result.lenses.items()},
        "criteria": criteria,
        "estimates": [f"{c['criterion']}.{n}" for c in criteria
                      for n, v in c["indicators"].items() if v.get("estimate")],
    }


def _value_dict(v) -> dict:
    out = {"value": v.value}
    for key in ("unit", "source", "quote", "low", "high", "basis", "given", "given_unit"):
        if getattr(v, key) is not None:
            out[key] = getattr(v, key)
    if v.estimate:
        out["estimate"] = True
    return out


__all__ = ["load_case", "read_weights", "rank_case", "rank", "explain", "RankOptions", "RankResult",
           "LensResult", "TIERS", "Thresholds"]
