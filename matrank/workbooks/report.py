"""A collected panel as JSON, as a text table, and as a weights file's payload."""

from __future__ import annotations

from pathlib import Path

from matrank.criteria import LENSES
from matrank.labels import label
from matrank.mcda.ahp import format_judgment
from matrank.workbooks.layout import TEMPLATE_VERSION
from matrank.workbooks.panel import ExpertResult, PanelResult

RATING_RULE = ("rating r (1–9) → low + (r − 1)/8 · (high − low) of the estimated indicator, 9 at the "
               "criterion's high end; value at the geometric mean of the ratings; low/high at the "
               "extreme individual ratings")


def _weights(criteria, vector) -> dict[str, float]:
    return {c: float(w) for c, w in zip(criteria, vector)}


def _pair(p) -> dict:
    return {"a": p.a, "b": p.b, "value": p.value, "suggested": p.suggested, "implied": p.implied,
            "epsilon": p.epsilon}


def expert_entry(e: ExpertResult, criteria) -> dict:
    analysed = {lens: o for lens, o in e.outcomes.items() if o.result is not None}
    return {
        "file": e.file,
        "name": e.name,
        "organisation": e.organisation,
        "role": e.role,
        "lens": list(e.lenses),
        "status": e.status,
        "lens_status": {lens: o.status for lens, o in e.outcomes.items()},
        "reason": e.reason,
        "notes": list(e.notes),
        "cr": {lens: o.result.cr for lens, o in analysed.items()},
        "gci": {lens: o.result.gci for lens, o in analysed.items()},
        "weights": {lens: _weights(criteria, o.result.weights) for lens, o in analysed.items()},
        "revise": {lens: [_pair(p) for p in o.result.inconsistent_pairs] for lens, o in analysed.items()},
        "judgments": {lens: [{"a": a, "b": b, "value": v} for (a, b), v in o.judgments.items()]
                      for lens, o in e.outcomes.items()},
        "completed": {lens: [{"a": c.a, "b": c.b, "value": c.value} for c in o.result.completed]
                      for lens, o in analysed.items()},
        "ratings": len(e.ratings),
        "sha256": e.sha256 or None,
    }


def ratings_map(result: PanelResult) -> dict:
    out: dict[str, dict] = {}
    for r in result.ratings:
        out.setdefault(r.material, {})[r.indicator] = {
            "value": r.value, "low": r.low, "high": r.high, "experts": r.experts,
            "criterion": r.criterion, "rating": r.rating}
    return out


def provenance(result: PanelResult) -> dict:
    from matrank import __version__

    o = result.options
    return {
        "engine": f"matrank {__version__}",
        "template_version": TEMPLATE_VERSION,
        "aggregate": o.aggregate,
        "ahp_method": "eigen",
        "ri_table": o.ri_table,
        "cr_threshold": o.cr_threshold,
        "on_inconsistent": o.on_inconsistent,
        "incomplete": "Harker (1987) completion",
        "consensus": "Goepel's AHP consensus S* (M = 9)",
        "ratings": RATING_RULE,
        "counts": result.counts,
        "files": [{"file": e.file, "sha256": e.sha256 or None, "status": e.status}
                  for e in result.experts],
    }


def payload(result: PanelResult) -> dict:
    """The JSON of ``matrank panel collect --format json``."""
    return {
        "case": result.case_id,
        "criteria": list(result.criteria),
        "experts": [expert_entry(e, result.criteria) for e in result.experts],
        "aggregate": {lens: _weights(result.criteria, a.weights) for lens, a in result.lenses.items()},
        "consistency": {lens: {"cr": a.cr, "consistent": a.consistent, "cr_of": a.cr_of, "gci": a.gci}
                        for lens, a in result.lenses.items()},
        "consensus": {lens: {"value": a.consensus.value, "band": a.consensus.band, "experts": len(a.experts)}
                      for lens, a in result.lenses.items()},
        "ratings": ratings_map(result),
        "counts": result.counts,
        "lens_counts": result.lens_counts(),
        "provenance": provenance(result),
    }


def basis(result: PanelResult, lens: str) -> str:
    agg = result.lenses[lens]
    names = [Path(f).name for f in agg.experts]
    shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    o = result.options
    return (f"panel of {len(names)} expert{'s' if len(names) != 1 else ''}, {o.aggregate.upper()} "
            f"(CR ≤ {o.cr_threshold:.2f}, {o.ri_table}, --on-inconsistent {o.on_inconsistent}): {shown}")


def weights_payload(result: PanelResult) -> dict:
    """The body of the panel's weights file (``write_weights`` adds the format key)."""
    return {
        "case": result.case_id,
        "criteria_hash": result.criteria_hash,
        "criteria": list(result.criteria),
        "weights": {lens: _weights(result.criteria, a.weights) for lens, a in result.lenses.items()},
        "consistency": {lens: {"cr": a.cr, "consistent": a.consistent, "cr_of": a.cr_of}
                        for lens, a in result.lenses.items()},
        "basis": {lens: basis(result, lens) for lens in result.lenses},
        "experts": {lens: [{"id": Path(f).name, "weights": _weights(result.criteria, w)}
                           for f, w in zip(a.experts, a.expert_weights)]
                    for lens, a in result.lenses.items()},
        "ratings": ratings_map(result),
        "provenance": provenance(result),
    }


def missing_lenses(result: PanelResult) -> list[str]:
    return [lens for lens in LENSES if lens not in result.lenses]


def table_text(result: PanelResult, lang: str = "en") -> str:
    """The human report: every file's status per lens, the aggregate, what to revise, the notes."""
    from matrank.reports.render import text_table

    c, o = result.counts, result.options
    files = f"{c['files']} file{'s' if c['files'] != 1 else ''}"
    head = (f"{label('heading.panel', lang)} ({result.case_id}): {files} — {c['used']} used, "
            f"{c['excluded']} excluded, {c['rejected']} rejected ({o.aggregate.upper()}, CR threshold "
            f"{o.cr_threshold:.2f}, {o.ri_table}, --on-inconsistent {o.on_inconsistent})")
    lines = [head, ""]
    asked = [lens for lens in LENSES if any(lens in e.lenses for e in result.experts)] or list(LENSES)
    headers = [label("col.file", lang), label("col.name", lang), label("col.role", lang),
               label("col.status", lang)] + [f"{label(f'lens.{lens}.short', lang)} (CR)" for lens in asked]
    rows = []
    for e in result.experts:
        cells = []
        for lens in asked:
            o_ = e.outcomes.get(lens)
            if o_ is None:
                cells.append("")
            elif o_.result is None:
                cells.append(o_.status)
            else:
                cells.append(f"{o_.status} {o_.result.cr:.3f}")
        rows.append([Path(e.file).name, e.name, e.role or "", e.status] + cells)
    lines.append(text_table(headers, rows).rstrip("\n"))

    lines += ["", label("heading.weights", lang)]
    if result.lenses:
        lens_list = list(result.lenses)
        rows = [[criterion] + [float(result.lenses[lens].weights[j]) for lens in lens_list]
                for j, criterion in enumerate(result.criteria)]
        lines.append(text_table([label("col.criterion", lang)] + [label(f"lens.{x}.short", lang)
                                                                  for x in lens_list], rows).rstrip("\n"))
    for lens in LENSES:
        agg = result.lenses.get(lens)
        if agg is None:
            lines.append(f"{lens}: no used expert, so no weights")
        else:
            used = len(agg.experts)
            lines.append(f"{lens}: {used} expert{'s' if used != 1 else ''} used; CR {agg.cr:.3f} ({agg.cr_of}); "
                         f"consensus S* {agg.consensus.value:.3f} ({agg.consensus.band})")

    revise = []
    for e in result.experts:
        for lens, o_ in e.outcomes.items():
            if o_.result is None or o_.result.consistent:
                continue
            for p in o_.result.inconsistent_pairs:
                revise.append(f"  {Path(e.file).name}, {lens} (CR {o_.result.cr:.3f}): {p.a} vs {p.b} is "
                              f"{format_judgment(p.value)}; the other judgments imply {p.implied:.3g}: "
                              f"use {format_judgment(p.suggested)}")
    if revise:
        lines += ["", f"{label('heading.revise', lang)}:"] + revise
    reasons = [f"  {Path(e.file).name}: {e.status}: {e.reason}" for e in result.experts if e.reason]
    if reasons:
        lines += ["", f"{label('col.reason', lang)}:"] + reasons
    notes = [f"  {Path(e.file).name}: {n}" for e in result.experts for n in e.notes]
    if notes:
        lines += ["", f"{label('heading.notes', lang)}:"] + notes
    if result.ratings:
        rated = len({r.material for r in result.ratings})
        lines += ["", (f"{label('heading.ratings', lang)}: {len(result.ratings)} estimate"
                       f"{'s' if len(result.ratings) != 1 else ''} of {rated} material{'s' if rated != 1 else ''}, "
                       "used in place of the case's when the weights file is passed to `matrank rank`")]
    return "\n".join(lines) + "\n"
