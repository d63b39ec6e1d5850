"""Render a :class:`RankResult`: JSON payload, table/CSV rows, Markdown, XLSX."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from matrank.api import RankResult
from matrank.labels import label
from matrank.mcda.tiers import TIERS
from matrank.reports.render import csv_text, json_text, text_table

RANK_FORMATS = ("table", "json", "csv", "xlsx", "md")


def payload(result: RankResult, lang: str = "en") -> dict:
    """The JSON document of ``matrank rank`` (a pure function of inputs and options)."""
    case = result.case
    materials = []
    for i in result.order:
        m = case.materials[i]
        row = {
            "id": m.id,
            "name": m.name(lang),
            "names": dict(m.names),
            "category": m.category,
            "government": float(result.lenses["government"].topsis.closeness[i]),
            "market": float(result.lenses["market"].topsis.closeness[i]),
            "composite": float(result.composite[i]),
            "tier": result.tier(i),
            "tier_label": label(f"tier.{result.tier(i)}", lang),
            "rank": int(result.rank[i]),
            "estimated_criteria": [c for j, c in enumerate(result.matrix.criteria)
                                   if result.matrix.estimated[i, j]],
        }
        if result.confidence is not None:
            row["confidence"] = float(result.confidence[i])
        materials.append(row)
    return {
        "case": case.id,
        "case_title": dict(case.title),
        "ri_table": result.options.ri_table,
        "normalization": result.options.normalization,
        "policy_mix": result.options.policy_mix,
        "criteria": [{"id": c.id, "name": c.name(lang), "unit": c.unit,
                      "government": c.directions["government"], "market": c.directions["market"]}
                     for c in case.criteria],
        "weights": {lens: lr.weight_map() for lens, lr in result.lenses.items()},
        "weights_basis": {lens: {"source": lr.source, "basis": lr.basis, "origin": lr.origin}
                          for lens, lr in result.lenses.items()},
        "consistency": {lens: {"cr": lr.cr, "consistent": lr.consistent}
                        for lens, lr in result.lenses.items()},
        "thresholds": {"government": result.thresholds.government,
                       "market": result.thresholds.market},
        "split": result.thresholds.split,
        "tiers": {t: {"label": label(f"tier.{t}", lang), "meaning": label(f"tier.{t}.meaning", lang),
                      "instruments": label(f"tier.{t}.instruments", lang),
                      "count": int((result.tiers == k).sum())}
                  for k, t in enumerate(TIERS)},
        "materials": materials,
        "warnings": list(result.warnings),
        "provenance": result.provenance(),
    }


def rows(result: RankResult, lang: str = "en", with_category: bool = True):
    headers = [label("col.rank", lang), label("col.id", lang), label("col.material", lang)]
    if with_category:
        headers.append(label("col.category", lang))
    headers += [label("col.government", lang), label("col.market", lang),
                label("col.composite", lang), label("col.tier", lang)]
    if result.confidence is not None:
        headers.append(label("col.confidence", lang))
    out = []
    for i in result.order:
        m = result.case.materials[i]
        row = [int(result.rank[i]), m.id, m.name(lang)]
        if with_category:
            row.append(result.case.category_name(m.category, lang) if lang == "zh" else m.category)
        row += [float(result.lenses["government"].topsis.closeness[i]),
                float(result.lenses["market"].topsis.closeness[i]),
                float(result.composite[i]), label(f"tier.{result.tier(i)}", lang)]
        if result.confidence is not None:
            row.append(float(result.confidence[i]))
        out.append(row)
    return headers, out


def summary_lines(result: RankResult, lang: str = "en") -> list[str]:
    case = result.case
    lines = [f"{case.title_text(lang)} ({case.id}): "
             + label("summary.materials", lang).format(n=len(case.materials))]
    for lens, lr in result.lenses.items():
        w = ", ".join(f"{c} {v:.3f}" for c, v in lr.weight_map().items())
        cr = f"CR {lr.cr:.3f} ({result.options.ri_table})" if lr.cr is not None else "CR n/a"
        lines.append(f"{label('lens.' + lens, lang)}: {w}; {cr}")
    t = result.thresholds
    lines.append(f"{label('heading.thresholds', lang)}: {thresholds_text(t, lang)}; "
                 + label("summary.policy_mix", lang).format(alpha=result.options.policy_mix))
    return lines


def thresholds_text(t, lang: str = "en", note: str = "") -> str:
    """``government ≥ 0.500, market ≥ 0.500 (fixed)`` in the output's language."""
    limits = ", ".join(label("summary.threshold", lang).format(lens=label(f"summary.lens.{lens}", lang), t=value)
                       for lens, value in (("government", t.government), ("market", t.market)))
    return f"{limits} ({label('summary.split.' + t.split, lang)}{note})"


def table_text(result: RankResult, lang: str = "en") -> str:
    headers, body = rows(result, lang)
    counts = ", ".join(f"{label('tier.' + t, lang)} {int((result.tiers == k).sum())}"
                       for k, t in enumerate(TIERS))
    instruments = [label("summary.instruments", lang)] + [
        f"  {label('tier.' + t, lang)}: {label('tier.' + t + '.instruments', lang)}" for t in TIERS]
    return ("\n".join(summary_lines(result, lang)) + "\n\n" + text_table(headers, body) + "\n" + counts + "\n\n"
            + "\n".join(instruments) + "\n")


def csv_report(result: RankResult, lang: str = "en") -> str:
    headers = ["rank", "id", "name", "category", "government", "market", "composite", "tier"]
    if result.confidence is not None:
        headers.append("confidence")
    body = []
    for i in result.order:
        m = result.case.materials[i]
        row = [int(result.rank[i]), m.id, m.name(lang), m.category,
               float(result.lenses["government"].topsis.closeness[i]),
               float(result.lenses["market"].topsis.closeness[i]), float(result.composite[i]),
               result.tier(i)]
        if result.confidence is not None:
            row.append(float(result.confidence[i]))
        body.append(row)
    return csv_text(headers, body)


def markdown(result: RankResult, lang: str = "en") -> str:
    headers, body = rows(result, lang)

    def fmt(v):
        return f"{v:.4f}" if isinstance(v, float) else str(v).replace("|", "\\|")
    out = [f"# {result.case.title_text(lang)}", ""]
    out += [f"- {line}" for line in summary_lines(result, lang)[1:]]
    out += ["", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in body]
    out += ["", f"## {label('heading.tiers', lang)}", ""]
    for t in TIERS:
        out.append(f"- **{label('tier.' + t, lang)}** — {label('tier.' + t + '.meaning', lang)}. "
                   f"{label('tier.' + t + '.instruments', lang)}.")
    if result.warnings:
        out += ["", "## Warnings", ""] + [f"- {w}" for w in result.warnings]
    prov = result.provenance()
    out += ["", "## Provenance", ""] + [f"- {k}: {v}" for k, v in prov.items()]
    return "\n".join(out) + "\n"


def render_text(result: RankResult, fmt: str, lang: str = "en") -> str:
    if fmt == "json":
        return json_text(payload(result, lang))
    if fmt == "csv":
        return csv_report(result, lang)
    if fmt == "md":
        return markdown(result, lang)
    return table_text(result, lang)


def write_xlsx(result: RankResult, path: str | Path, lang: str = "en", *, force: bool = False,
               inputs=()) -> Path:
    """A report workbook: ranking, weights, tiers, provenance (with its creation time)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from matrank.reports.files import escape_cell, write_atomic

    font = Font(name="WenQuanYi Micro Hei" if lang == "zh" else "Calibri")
    bold = Font(name=font.name, bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "ranking"
    headers, body = rows(result, lang)
    ws.append(headers)
    for row in body:
        ws.append([escape_cell(v) for v in row])
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHI", (6, 28, 34, 18, 10, 10, 10, 16, 10)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=7):
        for cell in row:
            cell.number_format = "0.0000"
    wsw = wb.create_sheet("weights")
    wsw.append(["criterion", "government", "market", "direction_government", "direction_market"])
    g, mk = result.lenses["government"].weight_map(), result.lenses["market"].weight_map()
    for c in result.case.criteria:
        wsw.append([c.id, g[c.id], mk[c.id], c.directions["government"], c.directions["market"]])
    wsw.append([])
    for lens, lr in result.lenses.items():
        wsw.append([f"{lens} CR", lr.cr, f"basis: {lr.basis}"])
    wst = wb.create_sheet("tiers")
    wst.append(["tier", "label", "meaning", "instruments", "count"])
    for k, t in enumerate(TIERS):
        wst.append([t, label(f"tier.{t}", lang), label(f"tier.{t}.meaning", lang),
                    label(f"tier.{t}.instruments", lang), int((result.tiers == k).sum())])
    wsp = wb.create_sheet("provenance")
    for key, value in result.provenance().items():
        wsp.append([key, escape_cell(str(value))])
    wsp.append(["created", datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")])
    if result.warnings:
        wsp.append([])
        for w in result.warnings:
            wsp.append(["warning", escape_cell(w)])
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.font is None or not cell.font.bold:
                    cell.font = font
    return write_atomic(path, lambda p: wb.save(p), force=force, inputs=inputs)
