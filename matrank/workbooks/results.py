"""``matrank panel collect -o results.xlsx``: the panel's report as a workbook.

Sheets: ``summary`` (aggregate weights, CR, consensus, counts, and a native bar
chart of the weights per lens), ``experts`` (one row per file: status, reason,
CR and weights per lens), ``revise`` (the judgments to revise, excluded
experts included) and, when the panel rated estimates, ``ratings``. Text that
came from a workbook (names, organisations, notes) is escaped so that it cannot
run as a formula.
"""

from __future__ import annotations

from pathlib import Path

from matrank.criteria import LENSES
from matrank.labels import label
from matrank.reports.files import escape_cell, write_atomic
from matrank.workbooks.panel import PanelResult
from matrank.workbooks.template import CJK_FONT, FRACTION_FORMAT, LATIN_FONT


def _row(ws, values, font, formats=None) -> None:
    ws.append([escape_cell(v) for v in values])
    for k, cell in enumerate(ws[ws.max_row]):
        cell.font = font
        if formats and formats.get(k):
            cell.number_format = formats[k]


def write_results(result: PanelResult, path: str | Path, lang: str = "en", *, force: bool = False,
                  inputs=()) -> Path:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    font = Font(name=CJK_FONT if lang == "zh" else LATIN_FONT)
    bold = Font(name=font.name, bold=True)
    o, c = result.options, result.counts
    wb = Workbook()

    ws = wb.active
    ws.title = "summary"
    _row(ws, [f"{label('heading.panel', lang)}: {result.case_id}"], Font(name=font.name, bold=True, size=14))
    _row(ws, ["files", c["files"], "used", c["used"], "excluded", c["excluded"], "rejected", c["rejected"]],
         font)
    _row(ws, ["aggregate", o.aggregate.upper(), "CR threshold", o.cr_threshold, "RI table", o.ri_table,
              "on inconsistent", o.on_inconsistent], font)
    ws.append([])
    lenses = list(result.lenses)
    _row(ws, [label("col.criterion", lang)] + [label(f"lens.{lens}", lang) for lens in lenses], bold)
    top = ws.max_row                 # the header row: series titles (an empty append leaves no cell)
    for j, criterion in enumerate(result.criteria):
        _row(ws, [criterion] + [float(result.lenses[lens].weights[j]) for lens in lenses], font,
             {k: "0.0000" for k in range(1, len(lenses) + 1)})
    bottom = ws.max_row
    _row(ws, [label("col.cr", lang)] + [result.lenses[lens].cr for lens in lenses], font,
         {k: "0.000" for k in range(1, len(lenses) + 1)})
    _row(ws, ["CR of"] + [result.lenses[lens].cr_of for lens in lenses], font)
    _row(ws, [label("col.consensus", lang)] + [result.lenses[lens].consensus.value for lens in lenses], font,
         {k: "0.000" for k in range(1, len(lenses) + 1)})
    _row(ws, ["band"] + [result.lenses[lens].consensus.band for lens in lenses], font)
    _row(ws, [label("col.experts_used", lang)] + [len(result.lenses[lens].experts) for lens in lenses], font)
    for lens in LENSES:
        if lens not in result.lenses:
            _row(ws, [f"{lens}: no used expert, so no weights"], font)
    ws.column_dimensions["A"].width = 24
    for col in "BCDEFGH":
        ws.column_dimensions[col].width = 16
    if lenses:
        chart = BarChart()
        chart.type = "col"
        chart.title = label("heading.weights", lang)
        chart.y_axis.title = label("col.weight", lang)
        chart.add_data(Reference(ws, min_col=2, max_col=1 + len(lenses), min_row=top, max_row=bottom),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=bottom))
        chart.width, chart.height = 18, 9
        ws.add_chart(chart, "E5")

    ws = wb.create_sheet("experts")
    per_lens = [f"{lens} {what}" for lens in LENSES for what in ("status", "CR", "GCI")] + \
               [f"{lens} {criterion}" for lens in LENSES for criterion in result.criteria]
    _row(ws, ["file", "name", "organisation", "role", "status", "reason", "notes", "sha256"] + per_lens, bold)
    for e in result.experts:
        status = []
        for lens in LENSES:
            out = e.outcomes.get(lens)
            res = out.result if out else None
            status += [out.status if out else "", res.cr if res else None, res.gci if res else None]
        weights = []
        for lens in LENSES:
            out = e.outcomes.get(lens)
            res = out.result if out else None
            weights += [float(w) for w in res.weights] if res else [None] * len(result.criteria)
        _row(ws, [Path(e.file).name, e.name, e.organisation, e.role, e.status, e.reason, "\n".join(e.notes),
                  e.sha256] + status + weights, font)
    ws.freeze_panes = "B2"

    ws = wb.create_sheet("revise")
    _row(ws, ["file", "lens", "status", "CR", "a", "b", "judgment", "implied", "suggested"], bold)
    for e in result.experts:
        for lens, out in e.outcomes.items():
            if out.result is None:
                continue
            for p in out.result.inconsistent_pairs:
                _row(ws, [Path(e.file).name, lens, out.status, out.result.cr, p.a, p.b, p.value, p.implied,
                          p.suggested], font, {3: "0.000", 6: FRACTION_FORMAT, 7: "0.00", 8: FRACTION_FORMAT})
    ws.freeze_panes = "A2"

    if result.ratings:
        ws = wb.create_sheet("ratings")
        _row(ws, ["material", "criterion", "indicator", "rating", "value", "low", "high", "experts"], bold)
        for r in result.ratings:
            _row(ws, [r.material, r.criterion, r.indicator, r.rating, r.value, r.low, r.high, r.experts], font,
                 {3: "0.00"})
        ws.freeze_panes = "A2"
    return write_atomic(path, lambda p: wb.save(p), force=force, inputs=inputs)
