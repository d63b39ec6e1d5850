"""The rounds of ``matrank panel collect --previous`` and their convergence: JSON keys, the text
report's sections and the ``convergence`` sheet of ``results.xlsx`` (with a line chart of S* and
the weights by round). :mod:`.panel_report` calls these when the result has rounds; a result of
one round renders as before.
"""

from __future__ import annotations

from pathlib import Path

from matrank.labels import counted, has_label, label
from matrank.mcda.ahp import format_judgment
from matrank.mcda.convergence import (QUANTILE_METHOD, STOP_CONSENSUS, STOP_WEIGHT_CHANGE, TIE_TOLERANCE,
                                      LensConvergence, StopHint)
from matrank.reports.render import display_width, text_table
from matrank.reports.xlsx import chart_title
from matrank.results import PanelResult, PanelRound

#: How the figures are computed, as the JSON's ``stop_hint`` and the workbook state it.
METHOD = (f"S*: Goepel (M = 9) over each round's used experts; weights: the round's aggregate; IQR of "
          f"ln(judgment) over the used experts' completed matrices, numpy '{QUANTILE_METHOD}' quantiles; "
          f"Kendall's W with the tie correction (weights within {TIE_TOLERANCE:g} tied)")


# ------------------------------------------------------------------ JSON

def payload(result: PanelResult) -> dict:
    """The keys ``rounds`` and ``convergence`` (nothing for a single round)."""
    if not result.rounds:
        return {}
    return {"rounds": [_round_entry(r) for r in result.rounds],
            "convergence": {lens: lens_entry(c) for lens, c in result.convergence.items()}}


def _round_entry(r: PanelRound) -> dict:
    return {"round": r.number, "paths": list(r.paths), "counts": dict(r.counts),
            "experts": [{"file": e.file, "expert_id": e.expert_id, "status": e.status, "reason": e.reason,
                         "link": e.link, "previous_file": e.previous_file, "previous_round": e.previous_round,
                         "changed": [_change_entry(c) for c in e.changes]} for e in r.experts],
            "missing": list(r.missing), "skipped": list(r.skipped)}


def _change_entry(c) -> dict:
    """A changed pair; ``before_found``/``after_found`` only where a side's cell held something
    unusable (its value is then null)."""
    entry = {"lens": c.lens, "a": c.a, "b": c.b, "before": c.before, "after": c.after}
    entry.update({k: v for k, v in (("before_found", c.before_found), ("after_found", c.after_found)) if v})
    return entry


def lens_entry(c: LensConvergence) -> dict:
    hint = c.stop_hint
    return {"s_star": list(c.s_star), "weights": c.weight_series(), "max_weight_change": c.max_weight_change,
            "kendall_w": list(c.kendall_w), "pairs": [{"a": p.a, "b": p.b, "iqr_log": list(p.iqr_log)}
                                                      for p in c.pairs],
            "stop_hint": {"stop": hint.stop, "rule": hint.rule, "s_star_at_least": STOP_CONSENSUS,
                          "max_weight_change_at_most": STOP_WEIGHT_CHANGE, "method": METHOD}}


# ------------------------------------------------------------------ text

def text_lines(result: PanelResult, lang: str = "en") -> list[str]:
    """The report's convergence sections (one per lens) and every round's workbooks."""
    if not result.rounds:
        return []
    numbers = [r.number for r in result.rounds]
    lines: list[str] = []
    for lens, c in result.convergence.items():
        lines += ["", label("conv.heading", lang).format(lens=label(f"summary.lens.{lens}", lang),
                                                        rounds=("、" if lang == "zh" else ", ").join(map(str, numbers)))]
        lines += _lens_lines(c, numbers, lang)
    lines += ["", label("conv.rounds.heading", lang)]
    for r in result.rounds:
        lines += _round_lines(r, lang)
    return lines


def _lens_lines(c: LensConvergence, numbers: list[int], lang: str) -> list[str]:
    headers = [label("conv.round", lang)] + [str(n) for n in numbers]
    rows = [[label("conv.experts", lang)] + list(c.experts),
            [label("conv.s_star", lang)] + [_num(x) for x in c.s_star],
            [label("conv.kendall_w", lang)] + [_num(x) for x in c.kendall_w]]
    rows += [[label("conv.weight", lang).format(criterion=name(c_id, lang))] + [_num(x) for x in series]
             for c_id, series in c.weight_series().items()]
    lines = [text_table(headers, rows, digits=3).rstrip("\n")]
    if c.max_weight_change is None:
        lines.append(label("conv.change.none", lang))
    else:
        lines.append(label("conv.change", lang).format(a=numbers[-2], b=numbers[-1], value=c.max_weight_change))
    lines.append(stop_text(c.stop_hint, lang))
    lines.append(label("conv.pairs", lang))
    pair_rows = [[_pair(p.a, p.b, lang)] + [_num(x) for x in p.iqr_log] for p in c.pairs]
    lines.append(text_table(headers, pair_rows, digits=3).rstrip("\n"))
    return lines


def name(criterion: str, lang: str) -> str:
    """A criterion by its name in Chinese (``zh``, ``both``), by its id in English (the id is what
    case and weights files use); a criterion with no label (a case's own) by its id."""
    if lang == "en" or not has_label(f"criterion.{criterion}"):
        return criterion
    return label(f"criterion.{criterion}", lang)


def _pair(a: str, b: str, lang: str) -> str:
    return label("conv.pair", lang).format(a=name(a, lang), b=name(b, lang))


def _num(x):
    return "–" if x is None else float(x)


def stop_text(hint: StopHint, lang: str) -> str:
    return label(f"conv.stop.{hint.rule}", lang).format(
        s=hint.s_star if hint.s_star is not None else float("nan"), change=hint.max_weight_change or 0.0,
        limit=STOP_CONSENSUS if hint.rule == "consensus" else STOP_WEIGHT_CHANGE,
        s_limit=STOP_CONSENSUS, w_limit=STOP_WEIGHT_CHANGE)


def _round_lines(r: PanelRound, lang: str) -> list[str]:
    c = r.counts
    lines = [label("conv.round_line", lang).format(
        n=r.number, paths=", ".join(r.paths), files=counted(c["files"], "file", lang), used=c["used"],
        excluded=c["excluded"], rejected=c["rejected"])]
    zh = lang == "zh"
    brackets, colon, semicolon = ("（{}）", "：", "；") if zh else (" ({})", ": ", "; ")
    for e in r.experts:
        who = f"  {Path(e.file).name}" + (brackets.format(e.expert_id) if e.expert_id else "")
        parts = [label("status." + e.status, lang), link_text(e, lang)]
        if e.link == "linked":
            parts.append(changes_text(e, lang))
        lines.append(who + colon + semicolon.join(parts))
    if r.missing:
        lines.append(label("conv.missing", lang).format(ids=", ".join(r.missing)))
    return lines


def link_text(e, lang: str) -> str:
    return label(f"conv.link.{e.link}", lang).format(
        file=Path(e.previous_file).name if e.previous_file else "", round=e.previous_round)


def changes_text(e, lang: str) -> str:
    if not e.changes:
        return label("conv.changes.none", lang)

    def shown(v, found):
        if found is not None:
            return label("conv.unusable", lang).format(found=found)
        return label("conv.blank", lang) if v is None else format_judgment(v)
    sep = "；" if lang == "zh" else ", "
    pairs = sep.join(f"{label(f'summary.lens.{c.lens}', lang)} {_pair(c.a, c.b, lang)} "
                     f"{shown(c.before, c.before_found)} → {shown(c.after, c.after_found)}" for c in e.changes)
    return label("conv.changes", lang).format(n=counted(len(e.changes), "judgment", lang), pairs=pairs)


# ------------------------------------------------------------------ results.xlsx

#: Column A's width on the convergence sheet (the figures' names; longer notes wrap in it).
LABEL_WIDTH = 44


def write_sheet(book, result: PanelResult, lang: str = "en") -> None:
    """The ``convergence`` sheet (per lens the figures by round, a line chart of S* and the
    weights beside them) and the ``rounds`` sheet (every workbook of every round); nothing for a
    single round."""
    if not result.rounds:
        return
    ws = book.sheet(label("conv.sheet", lang))
    numbers = [r.number for r in result.rounds]
    for lens, c in result.convergence.items():
        _lens_block(book, ws, lens, c, numbers, lang)
        ws.append([])
    ws.column_dimensions["A"].width = LABEL_WIDTH
    for k in range(len(numbers)):
        ws.column_dimensions[chr(ord("B") + k)].width = 10
    _rounds_sheet(book, result, lang)


def _note(book, ws, text: str) -> None:
    """A line of text wrapped in column A, its row as tall as the lines it needs."""
    from openpyxl.styles import Alignment

    book.row(ws, [text])
    ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[ws.max_row].height = 15 * -(-display_width(text) // (LABEL_WIDTH - 4))


def _lens_block(book, ws, lens: str, c: LensConvergence, numbers: list[int], lang: str) -> None:
    from openpyxl.styles import Font

    lens_name = label(f"summary.lens.{lens}", lang)
    book.row(ws, [label("conv.heading", lang).format(lens=lens_name, rounds=("、" if lang == "zh" else ", ").join(map(str, numbers)))])
    ws.cell(row=ws.max_row, column=1).font = Font(name=book.font.name, bold=True, size=12)
    top = ws.max_row + 1
    book.row(ws, [label("conv.round", lang)] + [label("conv.round_n", lang).format(n=n) for n in numbers], bold=True)
    figures = {k: "0.000" for k in range(1, len(numbers) + 1)}
    book.row(ws, [label("conv.experts", lang)] + list(c.experts))
    first = ws.max_row + 1
    book.row(ws, [label("conv.s_star", lang)] + list(c.s_star), formats=figures)
    book.row(ws, [label("conv.kendall_w", lang)] + list(c.kendall_w), formats=figures)
    for c_id, series in c.weight_series().items():
        book.row(ws, [label("conv.weight", lang).format(criterion=name(c_id, lang))] + series, formats=figures)
    last = ws.max_row
    if c.max_weight_change is None:
        _note(book, ws, label("conv.change.none", lang))
    else:
        _note(book, ws, label("conv.change", lang).format(a=numbers[-2], b=numbers[-1], value=c.max_weight_change))
    _note(book, ws, stop_text(c.stop_hint, lang))
    _note(book, ws, label("conv.pairs", lang))
    for p in c.pairs:
        book.row(ws, [_pair(p.a, p.b, lang)] + list(p.iqr_log), formats=figures)
    _chart(ws, lens_name, top, first, last, len(numbers), lang)


def _chart(ws, lens_name: str, top: int, first: int, last: int, rounds: int, lang: str) -> None:
    """S* and the weights (rows ``first`` … ``last`` but Kendall's W) by round, as lines."""
    from openpyxl.chart import LineChart, Reference

    chart = LineChart()
    chart.title = chart_title(label("conv.chart.title", lang).format(lens=lens_name))
    chart.y_axis.title = label("conv.chart.value", lang)
    chart.x_axis.title = label("conv.round", lang)
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = chart.y_axis.delete = False
    for row in [first] + list(range(first + 2, last + 1)):
        chart.add_data(Reference(ws, min_col=1, max_col=1 + rounds, min_row=row), from_rows=True,
                       titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, max_col=1 + rounds, min_row=top))
    for series in chart.series:
        series.marker.symbol = "circle"
        series.smooth = False
    chart.legend.position = "b"
    chart.width, chart.height = 15, 10
    ws.add_chart(chart, ws.cell(row=top - 1, column=rounds + 3).coordinate)


def _rounds_sheet(book, result: PanelResult, lang: str) -> None:
    def word(key: str) -> str:
        return label(f"panel.results.{key}", lang)
    rows = []
    for r in result.rounds:
        for e in r.experts:
            rows.append([r.number, Path(e.file).name, e.expert_id, label(f"status.{e.status}", lang),
                         link_text(e, lang), changes_text(e, lang) if e.link == "linked" else "", e.reason])
        if r.missing:
            rows.append([r.number, None, None, None, label("conv.missing", lang).format(ids=", ".join(r.missing)).strip(),
                         None, None])
    book.table(book.sheet(label("conv.rounds.sheet", lang)),
               [label("conv.round", lang), word("file"), label("conv.col.expert_id", lang), word("status"),
                label("conv.col.link", lang), label("conv.col.changes", lang), word("reason")], rows, wrap=(4, 5, 6))
