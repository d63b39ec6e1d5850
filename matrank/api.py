"""The Python API: load a case, weight the criteria, rank through both lenses, tier.

A notebook user calls these directly::

    from matrank.api import load_case, rank_case
    result = rank_case(load_case())            # the shipped default case
    result.table()                             # a pandas DataFrame

``cli.py`` is a thin shell over the same calls.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

import numpy as np

from matrank import __version__
from matrank.casefiles import load_case
from matrank.criteria import LENSES
from matrank.criteria.scoring import decision_matrix, used_indicators
from matrank.errors import InputError
from matrank.mcda.ahp import AHPResult, analyse, from_judgments
from matrank.mcda.tiers import (TIERS, Thresholds, check_policy_mix, composite, overall_rank,
                                resolve_thresholds, tier_codes)
from matrank.mcda.topsis import TopsisResult, topsis
from matrank.model import Case, DecisionMatrix
from matrank.weightsfile import WeightsFile, apply_weights, read_weights


@dataclass(frozen=True)
class RankOptions:
    method: str = "eigen"
    ri_table: str = "saaty1980"
    cr_threshold: float = 0.10
    normalization: str = "vector"
    #: None: the case's thresholds, else 0.5 / 0.5.
    thresholds: Thresholds | None = None
    policy_mix: float = 0.5


@dataclass(frozen=True)
class LensResult:
    lens: str
    criteria: tuple[str, ...]
    weights: np.ndarray
    source: str              # "ahp" (from judgments) or "explicit"
    basis: str
    origin: str
    ahp: AHPResult | None
    cr: float | None
    consistent: bool | None
    benefit: tuple[bool, ...]
    topsis: TopsisResult

    def weight_map(self) -> dict[str, float]:
        return {c: float(w) for c, w in zip(self.criteria, self.weights)}


@dataclass(frozen=True)
class RankResult:
    case: Case
    matrix: DecisionMatrix
    lenses: Mapping[str, LensResult]
    thresholds: Thresholds
    tiers: np.ndarray            # codes into TIERS
    composite: np.ndarray
    rank: np.ndarray             # 1 = first, by composite
    ties: tuple[tuple[int, ...], ...]
    options: RankOptions
    weights_file: WeightsFile | None = None
    warnings: tuple[str, ...] = ()
    #: P(material's deterministic tier) from SMAA, when asked for.
    confidence: np.ndarray | None = None
    confidence_samples: int | None = None

    @property
    def order(self) -> np.ndarray:
        return np.argsort(self.rank, kind="stable")

    def tier(self, i: int) -> str:
        return TIERS[int(self.tiers[i])]

    def provenance(self) -> dict:
        prov = {
            "engine": f"matrank {__version__}",
            "case_file": self.case.path.rsplit("/", 1)[-1],
            "case_hash": self.case.input_hash,
            "ahp_method": self.options.method,
            "ri_table": self.options.ri_table,
            "cr_threshold": self.options.cr_threshold,
            "normalization": self.options.normalization,
            "tie_policy": "exact ties (12 decimals) keep case order",
            "policy_mix": self.options.policy_mix,
            "split": self.thresholds.split,
        }
        if self.weights_file is not None:
            prov["weights_file"] = self.weights_file.path.rsplit("/", 1)[-1]
            prov["weights_hash"] = self.weights_file.input_hash
        if self.confidence_samples:
            prov["confidence_samples"] = self.confidence_samples
        return prov

    def table(self, lang: str = "en"):
        """The ranking as a pandas DataFrame, in rank order."""
        import pandas as pd

        from matrank.labels import label
        rows = []
        for i in self.order:
            m = self.case.materials[i]
            rows.append({"rank": int(self.rank[i]), "id": m.id, "name": m.name(lang),
                         "category": m.category,
                         "government": float(self.lenses["government"].topsis.closeness[i]),
                         "market": float(self.lenses["market"].topsis.closeness[i]),
                         "composite": float(self.composite[i]), "tier": self.tier(i),
                         "tier_label": label(f"tier.{self.tier(i)}", lang)})
        return pd.DataFrame(rows)


def lens_weights(case: Case, lens: str, options: RankOptions) -> tuple[np.ndarray, AHPResult | None, str]:
    """The lens's weight vector in criteria order, the AHP result when judgments gave it."""
    spec = case.weights[lens]
    ids = case.criteria.ids
    if spec.judgments is not None:
        result = analyse(from_judgments(ids, spec.judgments), method=options.method,
                         ri_table=options.ri_table, threshold=options.cr_threshold)
        return result.weights, result, "ahp"
    return np.array([spec.weights[c] for c in ids]), None, "explicit"


def rank_case(case: Case, options: RankOptions = RankOptions(),
              weights_file: WeightsFile | None = None) -> RankResult:
    """Both lenses' TOPSIS, the tiers and the overall rank of every material in the case."""
    check_policy_mix(options.policy_mix)
    if weights_file is not None:
        case = apply_weights(case, weights_file)
    matrix = decision_matrix(case.materials, case.criteria)
    names = [m.id for m in case.materials]
    warnings: list[str] = []
    lenses: dict[str, LensResult] = {}
    for lens in LENSES:
        w, ahp, source = lens_weights(case, lens, options)
        benefit = matrix.benefit[lens]
        res = topsis(matrix.scores, w, benefit, normalization=options.normalization,
                     alternatives=names, criteria=matrix.criteria)
        warnings += [f"{lens} lens: {text}" for text in res.warnings]
        spec = case.weights[lens]
        cr = ahp.cr if ahp else spec.cr
        consistent = ahp.consistent if ahp else spec.consistent
        if consistent is False:
            warnings.append(f"{lens} lens: the weights' CR {cr:.3f} exceeds {options.cr_threshold:.2f}; "
                            "revise the judgments before relying on the ranking")
        lenses[lens] = LensResult(lens, matrix.criteria, w, source, spec.basis, spec.origin, ahp,
                                  cr, consistent, benefit, res)
    c_gov = lenses["government"].topsis.closeness
    c_market = lenses["market"].topsis.closeness
    wanted = options.thresholds or case.thresholds or Thresholds()
    thresholds = resolve_thresholds(c_gov, c_market, wanted)
    tiers = tier_codes(c_gov, c_market, thresholds.government, thresholds.market)
    rank, ties = overall_rank(c_gov, c_market, options.policy_mix)
    for group in ties:
        warnings.append("overall tie broken by case order: " + " = ".join(names[i] for i in group))
    return RankResult(case, matrix, lenses, thresholds, tiers,
                      composite(c_gov, c_market, options.policy_mix), rank, ties,
                      replace(options, thresholds=thresholds), weights_file, tuple(warnings))


def rank(case: str | None = None, weights: str | None = None, **options) -> RankResult:
    """Convenience: load a case (path or shipped name), optional weights file, and rank it."""
    loaded = load_case(case)
    wf = read_weights(weights, loaded) if weights else None
    return rank_case(loaded, RankOptions(**options), wf)


def explain(result: RankResult, material_id: str) -> dict:
    """Why a material sits where it does: per lens, raw indicators, criterion value,
    normalised value, weighted value, and its squared contributions to D+ and D−."""
    ids = [m.id for m in result.case.materials]
    if material_id not in ids:
        close = [x for x in ids if material_id.lower() in x][:5]
        raise InputError(f"no material {material_id!r} in case {result.case.id}",
                         expected="one of the case's ids" + (f", e.g. {', '.join(close)}" if close else ""),
                         fix="run `matrank rank --format csv` to see the ids")
    i = ids.index(material_id)
    material = result.case.materials[i]
    criteria = []
    for j, criterion in enumerate(result.case.criteria):
        names = used_indicators(material, criterion)
        entry = {
            "criterion": criterion.id,
            "indicators": {n: _value_dict(material.indicators[n]) for n in names},
            "value": float(result.matrix.scores[i, j]),
            "low": float(result.matrix.low[i, j]),
            "high": float(result.matrix.high[i, j]),
            "estimated": bool(result.matrix.estimated[i, j]),
            "lenses": {},
        }
        for lens, lr in result.lenses.items():
            t = lr.topsis
            v = t.weighted[i, j]
            entry["lenses"][lens] = {
                "direction": "benefit" if lr.benefit[j] else "cost",
                "weight": float(t.weights[j]),
                "normalized": float(t.normalized[i, j]),
                "weighted": float(v),
                "ideal": float(t.ideal[j]),
                "anti_ideal": float(t.anti_ideal[j]),
                "d_plus_sq": float((v - t.ideal[j]) ** 2),
                "d_minus_sq": float((v - t.anti_ideal[j]) ** 2),
            }
        criteria.append(entry)
    return {
        "case": result.case.id,
        "id": material.id,
        "name": dict(material.names),
        "category": material.category,
        "tier": result.tier(i),
        "rank": int(result.rank[i]),
        "lenses": {lens: {"closeness": float(lr.topsis.closeness[i]),
                          "d_plus": float(lr.topsis.d_plus[i]),
                          "d_minus": float(lr.topsis.d_minus[i])}
                   for lens, lr in result.lenses.items()},
        "criteria": criteria,
        "estimates": [f"{c['criterion']}.{n}" for c in criteria
                      for n, v in c["indicators"].items() if v.get("estimate")],
    }


def _value_dict(v) -> dict:
    out = {"value": v.value}
    for key in ("unit", "source", "quote", "low", "high", "basis"):
        if getattr(v, key) is not None:
            out[key] = getattr(v, key)
    if v.estimate:
        out["estimate"] = True
    return out


__all__ = ["load_case", "read_weights", "rank_case", "rank", "explain", "RankOptions", "RankResult",
           "LensResult", "TIERS", "Thresholds"]
