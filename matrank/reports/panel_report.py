"""A collected panel (``matrank panel collect``): JSON, the text report, the
``results.xlsx`` workbook, and the weights file's payload.

The workbook's sheets: ``summary`` (aggregate weights, CR, consensus, counts, and a
native bar chart of the weights per lens), ``experts`` (one row per file: status,
reason, CR and weights per lens), ``revise`` (the judgments to revise of every lens whose CR
is above the threshold, excluded experts included; the JSON's ``revise`` keeps every analysed
lens's most inconsistent pairs, as data) and, when the panel rated estimates, ``ratings``. Text that came from a
workbook (names, organisations, notes) is escaped so that it cannot run as a formula.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from matrank import __version__
from matrank.labels import counted, has_label, label
from matrank.mcda.ahp import format_judgment
from matrank.model import LENSES
from matrank.reports import convergence_report
from matrank.reports.render import Renderer, json_text, text_table
from matrank.reports.xlsx import ReportWorkbook, chart_title
from matrank.results import ExpertResult, PanelResult
from matrank.workbooks.layout import FRACTION_FORMAT, TEMPLATE_VERSION

RATING_RULE = ("rating r (1–9) → low + (r − 1)/8 · (high − low) of the estimated indicator, 9 at the "
               "criterion's high end; value at the geometric mean of the ratings; low/high at the "
               "extreme individual ratings")


def _weights(criteria, vector) -> dict[str, float]:
    return {c: float(w) for c, w in zip(criteria, vector)}


def _pair(p, guided=None) -> dict:
    """A pair to reconsider: ``implied`` is the full priorities' ratio w_a/w_b and ``suggested``
    its nearest scale value (as before); ``implied_by_others`` is what the other judgments alone
    imply (Harker's completion without this one), ``suggested_by_others`` its nearest scale value,
    which the report and the workbook show."""
    entry = {"a": p.a, "b": p.b, "value": p.value, "suggested": p.suggested, "implied": p.implied,
             "epsilon": p.epsilon}
    if guided is not None:
        entry.update(implied_by_others=guided.implied, suggested_by_others=guided.suggested)
    return entry


def expert_entry(e: ExpertResult, criteria) -> dict:
    analysed = {lens: o for lens, o in e.outcomes.items() if o.result is not None}
    return {
        "file": e.file,
        "expert_id": e.expert_id,
        "round": e.round or 1,
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
        "revise": {lens: [_pair(p, g) for p, g in zip(o.result.inconsistent_pairs, o.reconsider or
                                                      [None] * len(o.result.inconsistent_pairs))]
                   for lens, o in analysed.items()},
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
        "ratings_from": o.ratings_from,
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
        "skipped": list(result.skipped),
        "provenance": provenance(result),
        **convergence_report.payload(result),
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


def criterion_text(criterion: str, lang: str) -> str:
    """A criterion as a reader of ``lang`` knows it: its name in Chinese (or both languages),
    its id in English, where the id is what case files and weights files use."""
    return label(f"criterion.{criterion}", lang) if lang != "en" and has_label(f"criterion.{criterion}") else criterion


def cr_of_text(result: PanelResult, lens: str, lang: str) -> str:
    """What the lens's CR is the CR of (the AIJ matrix, or the largest expert CR under AIP)."""
    return label(f"panel.cr_of.{result.options.aggregate}", lang) if lang != "en" else result.lenses[lens].cr_of


def reason_text(e: ExpertResult, lang: str) -> str:
    """Why a file or its lenses were not used, each lens named in the report's language."""
    if e.rejection is not None or lang == "en":
        return e.reason
    return "; ".join(f"{label(f'lens.{lens}.short', lang)}: {o.reason}" for lens, o in e.outcomes.items()
                     if o.reason)


def file_names(result: PanelResult) -> dict[str, str]:
    """Each workbook as the reports name it: its file name, or the path as given when two
    workbooks from different folders share a name."""
    names = Counter(Path(e.file).name for e in result.experts)
    return {e.file: Path(e.file).name if names[Path(e.file).name] == 1 else e.file for e in result.experts}


def missing_lenses(result: PanelResult) -> list[str]:
    return [lens for lens in LENSES if lens not in result.lenses]


def table_text(result: PanelResult, lang: str = "en") -> str:
    """The human report: every file's status per lens, the aggregate, what to revise, the notes."""
    shown = file_names(result)
    lines = [_head(result, lang), "", _status_table(result, lang), "", label("heading.weights", lang)]
    if result.lenses:
        lens_list = list(result.lenses)
        rows = [[criterion_text(criterion, lang)] + [float(result.lenses[lens].weights[j]) for lens in lens_list]
                for j, criterion in enumerate(result.criteria)]
        lines.append(text_table([label("col.criterion", lang)] + [label(f"lens.{x}.short", lang)
                                                                  for x in lens_list], rows).rstrip("\n"))
    for lens in LENSES:
        agg = result.lenses.get(lens)
        name = label(f"summary.lens.{lens}", lang)
        if agg is None:
            lines.append(label("panel.no_weights", lang).format(lens=name))
        else:
            lines.append(label("panel.lens_line", lang).format(
                lens=name, experts=counted(len(agg.experts), "expert", lang), cr=agg.cr,
                cr_of=cr_of_text(result, lens, lang), s=agg.consensus.value,
                band=label(f"panel.band.{agg.consensus.band}", lang)))
    revise = [label("panel.revise_line", lang).format(
        file=shown[e.file], lens=label(f"summary.lens.{lens}", lang), cr=o.result.cr,
        a=criterion_text(p.a, lang), b=criterion_text(p.b, lang),
        value=format_judgment(p.value), implied=p.implied, suggested=format_judgment(p.suggested))
        for e in result.experts for lens, o in e.outcomes.items()
        if o.result is not None and not o.result.consistent for p in o.reconsider]
    if revise:
        lines += ["", f"{label('heading.revise', lang)}:"] + revise
    reasons = [f"  {shown[e.file]}: {label('status.' + e.status, lang)}: {reason_text(e, lang)}"
               for e in result.experts if e.reason]
    if reasons:
        lines += ["", f"{label('col.reason', lang)}:"] + reasons
    notes = [f"  {shown[e.file]}: {n}" for e in result.experts for n in e.notes]
    notes += [f"  {text}" for text in result.skipped]
    if notes:
        lines += ["", f"{label('heading.notes', lang)}:"] + notes
    if result.ratings:
        lines += ["", label("panel.ratings_line", lang).format(
            heading=label("heading.ratings", lang), estimates=counted(len(result.ratings), "estimate", lang),
            materials=counted(len({r.material for r in result.ratings}), "material", lang))]
    lines += convergence_report.text_lines(result, lang)
    return "\n".join(lines) + "\n"


def _head(result: PanelResult, lang: str) -> str:
    c, o = result.counts, result.options
    return label("panel.head", lang).format(
        panel=label("heading.panel", lang), case=result.case_id, files=counted(c["files"], "file", lang),
        used=c["used"], excluded=c["excluded"], rejected=c["rejected"], aggregate=o.aggregate.upper(),
        threshold=o.cr_threshold, ri=o.ri_table, on=o.on_inconsistent)


def _status_table(result: PanelResult, lang: str) -> str:
    shown = file_names(result)
    asked = [lens for lens in LENSES if any(lens in e.lenses for e in result.experts)] or list(LENSES)
    headers = [label("col.file", lang), label("col.name", lang), label("col.role", lang),
               label("col.status", lang)] + [f"{label(f'lens.{lens}.short', lang)} (CR)" for lens in asked]
    rows = []
    for e in result.experts:
        cells = []
        for lens in asked:
            o = e.outcomes.get(lens)
            if o is None:
                cells.append("")
            elif o.result is None:
                cells.append(label(f"status.{o.status}", lang))
            else:
                cells.append(f"{label(f'status.{o.status}', lang)} {o.result.cr:.3f}")
        role = label(f"role.{e.role}", lang) if lang != "en" and has_label(f"role.{e.role}") else (e.role or "")
        rows.append([shown[e.file], e.name, role, label(f"status.{e.status}", lang)] + cells)
    return text_table(headers, rows).rstrip("\n")


def write_results(result: PanelResult, path: str | Path, lang: str = "en", *, force: bool = False,
                  inputs=()) -> Path:
    """The panel's report as a workbook, with a native bar chart of the weights."""

    book = ReportWorkbook(lang)
    _summary_sheet(book, result, lang)
    _experts_sheet(book, result, lang)
    _revise_sheet(book, result, lang)
    convergence_report.write_sheet(book, result, lang)
    if result.ratings:
        book.table(book.sheet(label("panel.results.sheet.ratings", lang)),
                   [label(f"panel.results.{k}", lang) for k in ("material", "criterion", "indicator", "rating",
                                                                "value", "low", "high", "experts")],
                   [[r.material, r.criterion, r.indicator, r.rating, r.value, r.low, r.high, r.experts]
                    for r in result.ratings], formats={3: "0.00"})
    return book.save(path, force=force, inputs=inputs)


def _summary_sheet(book, result: PanelResult, lang: str) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    def word(key: str) -> str:
        return label(f"panel.results.{key}", lang)
    o, c = result.options, result.counts
    ws = book.sheet(label("panel.results.sheet.summary", lang))
    book.row(ws, [f"{label('heading.panel', lang)}: {result.case_id}"])
    ws.cell(row=1, column=1).font = Font(name=book.font.name, bold=True, size=14)
    book.row(ws, [word("files"), c["files"], label("status.used", lang), c["used"], label("status.excluded", lang),
                  c["excluded"], label("status.rejected", lang), c["rejected"]])
    book.row(ws, [word("aggregate"), o.aggregate.upper(), word("cr_threshold"), o.cr_threshold, word("ri_table"),
                  o.ri_table, word("on_inconsistent"), o.on_inconsistent])
    ws.append([])
    lenses = list(result.lenses)
    per_lens = {k: "0.000" for k in range(1, len(lenses) + 1)}
    book.row(ws, [label("col.criterion", lang)] + [label(f"lens.{lens}", lang) for lens in lenses], bold=True)
    top = ws.max_row                 # the header row: series titles (an empty append leaves no cell)
    for j, criterion in enumerate(result.criteria):
        book.row(ws, [criterion_text(criterion, lang)] + [float(result.lenses[lens].weights[j]) for lens in lenses],
                 formats={k: "0.0000" for k in range(1, len(lenses) + 1)})
    bottom = ws.max_row
    agg = [result.lenses[lens] for lens in lenses]
    book.row(ws, [label("col.cr", lang)] + [a.cr for a in agg], formats=per_lens)
    book.row(ws, [word("cr_of")] + [cr_of_text(result, lens, lang) for lens in lenses])
    book.row(ws, [label("col.consensus", lang)] + [a.consensus.value for a in agg], formats=per_lens)
    book.row(ws, [word("band")] + [label(f"panel.band.{a.consensus.band}", lang) for a in agg])
    book.row(ws, [label("col.experts_used", lang)] + [len(a.experts) for a in agg])
    for lens in LENSES:
        if lens not in result.lenses:
            book.row(ws, [label("panel.no_weights", lang).format(lens=label(f"summary.lens.{lens}", lang))])
    ws.column_dimensions["A"].width = 24
    for col in "BCDEFGH":
        ws.column_dimensions[col].width = 16
    if lenses:
        chart = BarChart()
        chart.type = "col"
        chart.title = chart_title(label("heading.weights", lang))
        chart.y_axis.title = label("col.weight", lang)
        chart.add_data(Reference(ws, min_col=2, max_col=1 + len(lenses), min_row=top, max_row=bottom),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=bottom))
        chart.width, chart.height = 18, 9
        ws.add_chart(chart, "E5")


def _experts_sheet(book, result: PanelResult, lang: str) -> None:
    shown = file_names(result)
    def word(key: str) -> str:
        return label(f"panel.results.{key}", lang)
    lens_names = {lens: label(f"summary.lens.{lens}", lang) for lens in LENSES}
    headers = [word(k) for k in ("file", "name", "organisation", "role", "status", "reason", "notes", "sha256")]
    headers += [f"{lens_names[lens]} {word(what)}" for lens in LENSES for what in ("status", "cr", "gci")]
    headers += [f"{lens_names[lens]} {criterion_text(criterion, lang)}" for lens in LENSES
                for criterion in result.criteria]
    rows = []
    for e in result.experts:
        status, weights = [], []
        for lens in LENSES:
            out = e.outcomes.get(lens)
            res = out.result if out else None
            status += [label(f"status.{out.status}", lang) if out else "", res.cr if res else None,
                       res.gci if res else None]
            weights += [float(w) for w in res.weights] if res else [None] * len(result.criteria)
        rows.append([shown[e.file], e.name, e.organisation, e.role, label(f"status.{e.status}", lang), e.reason,
                     "\n".join(e.notes), e.sha256] + status + weights)
    book.table(book.sheet(label("panel.results.sheet.experts", lang)), headers, rows, freeze="B2")


def _revise_sheet(book, result: PanelResult, lang: str) -> None:
    shown = file_names(result)
    rows = []
    for e in result.experts:
        for lens, out in e.outcomes.items():
            # suggestions only where CR is above the threshold, as on the sheet and in the text
            if out.result is None or out.result.consistent:
                continue
            for p in out.reconsider:
                rows.append([shown[e.file], label(f"summary.lens.{lens}", lang), label(f"status.{out.status}", lang),
                             out.result.cr, criterion_text(p.a, lang), criterion_text(p.b, lang), p.value,
                             p.implied, p.suggested])
    book.table(book.sheet(label("panel.results.sheet.revise", lang)),
               [label(f"panel.results.{k}", lang) for k in ("file", "lens", "status", "cr", "a", "b", "judgment",
                                                            "implied", "suggested")],
               rows, formats={3: "0.000", 6: FRACTION_FORMAT, 7: "0.00", 8: FRACTION_FORMAT})


RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=table_text),
    "json": Renderer(text=lambda result, lang="en": json_text(payload(result))),
}
#: ``-o``: the report as a workbook, beside the text on standard output.
WORKBOOK = Renderer(write=write_results, suffixes=(".xlsx",))
