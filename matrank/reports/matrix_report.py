"""Render ``matrank ahp`` and ``matrank topsis``: one pairwise matrix's weights and
consistency, one decision matrix's TOPSIS ranking."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from matrank.labels import label
from matrank.mcda.ahp import format_judgment
from matrank.reports.render import Renderer, csv_text, json_text, text_table


@dataclass(frozen=True)
class AhpReport:
    result: Any               # matrank.mcda.ahp.AHPResult
    provenance: dict


@dataclass(frozen=True)
class TopsisReport:
    table: Any                # matrank.matrices.DecisionTable
    benefit: list[bool]
    result: Any               # matrank.mcda.topsis.TopsisResult
    provenance: dict


def ahp_payload(report: AhpReport) -> dict:
    res = report.result
    return {
        "labels": list(res.labels),
        "weights": [float(w) for w in res.weights],
        "lambda_max": res.lambda_max,
        "ci": res.ci,
        "cr": res.cr,
        "ri": res.ri,
        "ri_table": res.ri_table,
        "threshold": res.threshold,
        "gci": res.gci,
        "gci_limit": res.gci_limit,
        "gci_consistent": None if res.gci_limit is None else bool(res.gci <= res.gci_limit),
        "consistent": res.consistent,
        "method": res.method,
        "completed": [{"a": c.a, "b": c.b, "value": c.value} for c in res.completed],
        "inconsistent_pairs": [{"a": p.a, "b": p.b, "value": p.value, "suggested": p.suggested,
                                "implied": p.implied, "epsilon": p.epsilon}
                               for p in res.inconsistent_pairs],
        "provenance": report.provenance,
    }


def ahp_table(report: AhpReport, lang: str = "en") -> str:

    res = report.result
    rows = [[name, float(w)] for name, w in zip(res.labels, res.weights)]
    lines = [text_table([label("ahp.element", lang), label("ahp.weight", lang)], rows)]
    status = label("ahp.consistent" if res.consistent else "ahp.inconsistent", lang)
    lines.append(label("ahp.summary", lang).format(lmax=res.lambda_max, ci=res.ci, cr=res.cr, ri=res.ri,
                                                   table=res.ri_table, threshold=res.threshold, status=status))
    if res.gci_limit is not None:
        verdict = label("ahp.gci_above", lang) if res.gci > res.gci_limit else ""
        lines.append(label("ahp.gci", lang).format(gci=res.gci, limit=res.gci_limit, verdict=verdict))
    for c in res.completed:
        lines.append(label("ahp.completed", lang).format(a=c.a, b=c.b, value=c.value))
    verb = label("ahp.check" if res.consistent else "ahp.revise", lang)
    for p in res.inconsistent_pairs:
        advice = (label("ahp.keep", lang) if math.isclose(p.suggested, p.value, rel_tol=1e-6)
                  else label("ahp.nearest", lang).format(value=format_judgment(p.suggested)))
        lines.append(label("ahp.pair", lang).format(verb=verb, a=p.a, b=p.b, value=format_judgment(p.value),
                                                    implied=p.implied, advice=advice))
    return "\n".join(lines) + "\n"


def ahp_csv(report: AhpReport, lang: str = "en") -> str:
    res = report.result
    return csv_text(["label", "weight"], [[name, float(w)] for name, w in zip(res.labels, res.weights)])


def topsis_payload(report: TopsisReport) -> dict:
    t, res = report.table, report.result
    return {
        "alternatives": list(t.alternatives),
        "criteria": list(t.criteria),
        "types": ["benefit" if x else "cost" for x in report.benefit],
        "weights": res.weights,
        "normalization": res.normalization,
        "closeness": res.closeness,
        "rank": res.rank,
        "d_plus": res.d_plus,
        "d_minus": res.d_minus,
        "ideal": res.ideal,
        "anti_ideal": res.anti_ideal,
        "ties": [[t.alternatives[i] for i in g] for g in res.ties],
        "constant_criteria": [t.criteria[j] for j in res.constant_columns],
        "warnings": list(res.warnings),
        "provenance": report.provenance,
    }


def _topsis_rows(report: TopsisReport) -> list[list]:
    res, names = report.result, report.table.alternatives
    order = sorted(range(len(names)), key=lambda i: res.rank[i])
    return [[int(res.rank[i]), names[i], float(res.closeness[i]), float(res.d_plus[i]), float(res.d_minus[i])]
            for i in order]


def topsis_table(report: TopsisReport, lang: str = "en") -> str:
    headers = [label("col.rank", lang), label("col.alternative", lang), label("col.closeness", lang),
               label("col.d_plus", lang), label("col.d_minus", lang)]
    return (text_table(headers, _topsis_rows(report))
            + label("topsis.normalization", lang).format(name=report.result.normalization) + "\n")


def topsis_csv(report: TopsisReport, lang: str = "en") -> str:
    return csv_text(["rank", "alternative", "closeness", "d_plus", "d_minus"], _topsis_rows(report))


AHP_RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=ahp_table),
    "json": Renderer(text=lambda report, lang="en": json_text(ahp_payload(report))),
    "csv": Renderer(text=ahp_csv),
}
TOPSIS_RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=topsis_table),
    "json": Renderer(text=lambda report, lang="en": json_text(topsis_payload(report))),
    "csv": Renderer(text=topsis_csv),
}
