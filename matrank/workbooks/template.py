"""Write the expert workbooks of ``matrank panel template`` and ``matrank panel feedback``.

One workbook per expert: instructions, the expert's details (prefilled from the experts file,
with their id and the round), one sheet per lens in the ``matrix`` or the ``pairs`` form (see
:mod:`.lens_sheet`: the priorities, CR and the pairs to reconsider computed live), an optional
ratings sheet, in a later round a feedback sheet, and the hidden ``_meta`` sheet that collection
checks (see :mod:`.layout`). Only the input cells are unlocked.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Mapping, Sequence

from matrank import __version__
from matrank.errors import InputError, OutputError
from matrank.labels import has_label
from matrank.reports.files import check_output, write_bytes_atomic
from matrank.workbooks.experts import ExpertRow, numbered
from matrank.workbooks.layout import (EXPERT_SHEET, FEEDBACK_SHEET, FRACTION_FORMAT, INSTRUCTIONS_SHEET,
                                      LENS_SHEETS, LENSES_CELL, LISTS_SHEET, META_HEADER, META_SHEET, NAME_CELL,
                                      ORGANISATION_CELL, RATINGS, RATINGS_SHEET, RATINGS_TOP, ROLE_CELL, ROLES,
                                      SAATY_TEXTS, WORKBOOK_CR_THRESHOLD, Layout, LensFeedback, RatingItem,
                                      layout_for)
from matrank.workbooks.lens_sheet import RATING_LIST, ROLE_LIST, SAATY_LIST, lens_sheet
from matrank.workbooks.style import (LANG_CHOICES, Styles, Texts, fitted_height, lines_needed, list_validation,
                                     paragraph, print_setup, protect, sheet_width, text)
from matrank.reports.xlsx import CJK_FONT, LATIN_FONT

MAX_EXPERTS = 500
__all__ = ["LANG_CHOICES", "Texts", "Styles", "CJK_FONT", "LATIN_FONT", "FRACTION_FORMAT", "template_bytes",
           "expert_file_names", "write_templates", "write_workbooks"]


# ------------------------------------------------------------------ instructions

def _instructions(wb, case, layout: Layout, tx: Texts, st: Styles) -> None:
    from openpyxl.worksheet.pagebreak import Break

    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    for col, width in zip("ABCDE", (24, 44, 26, 26, 8)):
        ws.column_dimensions[col].width = width
    width = sheet_width(ws, 5)
    text(ws, "A1", tx.short("panel.title"), st.title)
    paragraph(ws, 2, f"{tx.short('panel.case')}: {case.title_text(tx.lang)} ({case.id})", st, st.bold, width=width)
    row = 4
    for line in tx.lines("panel.intro"):
        row = paragraph(ws, row, line, st, width=width)
    row = _howto(ws, row + 1, layout, tx, st, width)
    row += 1
    text(ws, f"A{row}", tx.short("panel.lenses.heading"), st.bold)
    row += 1
    for lens in layout.lenses:
        text(ws, f"A{row}", tx.short(f"lens.{lens}"), st.bold, st.wrap)
        text(ws, f"B{row}", tx.short(f"lens.{lens}.meaning"), st.font, st.wrap)
        ws.merge_cells(f"B{row}:E{row}")
        ws.row_dimensions[row].height = 15 * lines_needed(tx.short(f"lens.{lens}.meaning"), 104) + 6
        row += 1
    # The criteria and the scale start a page of their own, so that the table is never cut off
    # from its heading.
    ws.row_breaks.append(Break(id=row))
    row = _criteria_table(ws, row + 1, case, tx, st)
    _scale_table(ws, row + 1, tx, st)
    print_setup(ws)
    protect(ws)


def _howto(ws, row: int, layout: Layout, tx: Texts, st: Styles, width: float) -> int:
    """The numbered steps, numbered here so that leaving one out leaves no gap."""
    text(ws, f"A{row}", tx.short("panel.howto.heading"), st.bold)
    row += 1
    n = len(layout.criteria)
    fields = {"expert": EXPERT_SHEET, "ratings": RATINGS_SHEET, "feedback": FEEDBACK_SHEET,
              "lenses": ", ".join(f"“{LENS_SHEETS[lens]}”" for lens in layout.lenses),
              "pairs": n * (n - 1) // 2, "min_pairs": n - 1, "threshold": f"{WORKBOOK_CR_THRESHOLD:.2f}"}
    steps = ["panel.howto.1"]
    if layout.feedback:
        steps.append("panel.howto.feedback")
    steps += ["panel.howto.2p" if layout.form == "pairs" else "panel.howto.2", "panel.howto.3", "panel.howto.4"]
    if layout.ratings is not None:
        steps.append("panel.howto.5")
    steps.append("panel.howto.6")
    for number, key in enumerate(steps, start=1):
        for line in tx.lines(key, **fields):
            row = paragraph(ws, row, f"{number}. {line}", st, width=width)
    return row


def _criteria_table(ws, row: int, case, tx: Texts, st: Styles) -> int:
    text(ws, f"A{row}", tx.short("panel.criteria.heading"), st.bold)
    row += 1
    for col, key in zip("ABCD", ("col.criterion", "panel.col.meaning", "lens.government", "lens.market")):
        text(ws, f"{col}{row}", tx.short(key), st.bold, st.wrap)
    row += 1
    for criterion in case.criteria:
        meaning_key = f"criterion.{criterion.id}.meaning"
        meaning = tx.short(meaning_key) if has_label(meaning_key) else criterion.unit
        text(ws, f"A{row}", f"{criterion.name(tx.lang)} ({criterion.id})", st.font, st.wrap)
        text(ws, f"B{row}", meaning, st.font, st.wrap)
        for col, lens in zip("CD", ("government", "market")):
            text(ws, f"{col}{row}", tx.short(f"direction.{criterion.directions[lens]}"), st.font, st.wrap)
        ws.row_dimensions[row].height = fitted_height(ws, row, "ABCD")
        row += 1
    return row


def _scale_table(ws, row: int, tx: Texts, st: Styles) -> int:
    text(ws, f"A{row}", tx.short("panel.scale.heading"), st.bold)
    row += 1
    text(ws, f"A{row}", tx.short("panel.col.value"), st.bold)
    text(ws, f"B{row}", tx.short("panel.col.meaning"), st.bold)
    row += 1
    scale = [("1", "saaty.1"), ("3", "saaty.3"), ("5", "saaty.5"), ("7", "saaty.7"), ("9", "saaty.9"),
             ("2, 4, 6, 8", "saaty.even"), ("1/2, 1/3 … 1/9", "saaty.reciprocal")]
    for value, key in scale:
        text(ws, f"A{row}", value, st.font)
        text(ws, f"B{row}", tx.short(key), st.font, st.wrap)
        ws.merge_cells(f"B{row}:E{row}")
        row += 1
    return row


def _lists(wb, tx: Texts, st: Styles) -> None:
    """Hidden lists for the drop-downs: Saaty's values as text ("1/3"), which Excel and
    LibreOffice both show and enter as written; the roles; the whole numbers 1–9."""
    from openpyxl.workbook.defined_name import DefinedName

    ws = wb.create_sheet(LISTS_SHEET)
    for k, value in enumerate(SAATY_TEXTS, start=1):
        text(ws, f"A{k}", value, st.font)
    for k, role in enumerate(ROLES, start=1):
        text(ws, f"B{k}", tx.short(f"role.{role}"), st.font)
    for k, value in enumerate(RATINGS, start=1):
        ws.cell(row=k, column=3, value=value).font = st.font
    refs = {SAATY_LIST: f"$A$1:$A${len(SAATY_TEXTS)}", ROLE_LIST: f"$B$1:$B${len(ROLES)}",
            RATING_LIST: f"$C$1:$C${len(RATINGS)}"}
    for name, ref in refs.items():
        wb.defined_names[name] = DefinedName(name, attr_text=f"{LISTS_SHEET}!{ref}")
    ws.sheet_state = "hidden"
    protect(ws)


def _role_text(role: str, tx: Texts) -> str:
    """A known role by its label; one the expert typed past the list (collect keeps it as
    written, with a note) goes back to them as they wrote it."""
    return tx.short(f"role.{role}") if role in ROLES else role


def _expert(wb, case, layout: Layout, expert: ExpertRow | None, tx: Texts, st: Styles) -> None:
    ws = wb.create_sheet(EXPERT_SHEET)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 60
    text(ws, "A1", tx.short("panel.expert.title"), st.title)
    paragraph(ws, 2, f"{tx.short('panel.case')}: {case.title_text(tx.lang)} ({case.id})", st, last="B", width=84)
    values = {NAME_CELL: expert.name if expert else "", ORGANISATION_CELL: expert.organisation if expert else "",
              ROLE_CELL: _role_text(expert.role, tx) if expert and expert.role else ""}
    for coord, key in ((NAME_CELL, "panel.expert.name"), (ORGANISATION_CELL, "panel.expert.organisation"),
                       (ROLE_CELL, "panel.expert.role")):
        text(ws, f"A{coord[1:]}", tx.short(key), st.bold)
        cell = text(ws, coord, values[coord], st.font) if values[coord] else ws[coord]
        cell.font, cell.border, cell.fill, cell.protection = st.font, st.box, st.input_fill, st.unlocked
    role = list_validation(ROLE_LIST, tx.short("panel.dv.role.error"))
    ws.add_data_validation(role)
    role.add(ROLE_CELL)
    text(ws, f"A{LENSES_CELL[1:]}", tx.short("panel.expert.lenses"), st.bold)
    text(ws, LENSES_CELL, "; ".join(tx.short(f"lens.{lens}") for lens in layout.lenses), st.font)
    if layout.expert_id is not None:
        text(ws, "A8", tx.short("panel.expert.id"), st.bold)
        text(ws, "B8", layout.expert_id, st.font)
        text(ws, "A9", tx.short("panel.expert.round"), st.bold)
        text(ws, "B9", str(layout.round or 1), st.font)
    paragraph(ws, 11, tx.short("panel.expert.note"), st, st.grey, last="B", width=84)
    print_setup(ws)
    protect(ws)


def _ratings(wb, case, items: Sequence[RatingItem], tx: Texts, st: Styles) -> None:
    ws = wb.create_sheet(RATINGS_SHEET)
    for col, width in zip("ABCDEFG", (12, 26, 18, 34, 22, 22, 10)):
        ws.column_dimensions[col].width = width
    text(ws, "A1", tx.short("panel.ratings.title"), st.title)
    paragraph(ws, 2, tx.short("panel.ratings.question"), st, st.bold, last="G", width=sheet_width(ws, 7))
    headers = ("col.id", "col.material", "col.criterion", "panel.col.estimate", "panel.col.rating1",
               "panel.col.rating9", "panel.col.rating")
    hr = RATINGS_TOP - 1
    for col, key in zip("ABCDEFG", headers):
        text(ws, f"{col}{hr}", tx.short(key), st.bold, st.wrap)
    ws.row_dimensions[hr].height = 32
    rating = list_validation(RATING_LIST, tx.short("panel.dv.rating.error"))
    ws.add_data_validation(rating)
    criteria = {c.id: c for c in case.criteria}
    for k, item in enumerate(items):
        r = RATINGS_TOP + k
        material = case.material(item.material)
        estimate, low_end, high_end = [], [], []
        for ind in item.indicators:
            unit = material.indicators[ind.name].unit
            unit = f" {unit}" if unit and unit != "fraction" else ""
            name = tx.indicator(ind.name)
            at = tx.short("panel.estimate_at", rating=f"{ind.rating_of(ind.estimate):.1f}")
            estimate.append(f"{name}: {ind.estimate:g}{unit} ({ind.low:g}–{ind.high:g}); {at}")
            low_end.append(f"{name} {ind.value_at(1):g}{unit}")
            high_end.append(f"{name} {ind.value_at(9):g}{unit}")
        text(ws, f"A{r}", item.material, st.grey, st.wrap)
        text(ws, f"B{r}", material.name(tx.lang), st.font, st.wrap)
        text(ws, f"C{r}", criteria[item.criterion].name(tx.lang), st.font, st.wrap)
        for col, lines in zip("DEF", (estimate, low_end, high_end)):
            text(ws, f"{col}{r}", "\n".join(lines), st.font, st.wrap)
        cell = ws[Layout.rating_cell(k)]
        cell.font, cell.border, cell.fill, cell.protection = st.bold, st.box, st.input_fill, st.unlocked
        cell.alignment = st.center
        rating.add(cell.coordinate)
        ws.row_dimensions[r].height = fitted_height(ws, r, "ABCDEF")
    ws.freeze_panes = f"A{RATINGS_TOP}"
    print_setup(ws)
    protect(ws)


def _meta(wb, layout: Layout, st: Styles) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.append(list(META_HEADER))
    for row in layout.meta_rows():
        ws.append([v or None for v in row.cells()])
    for cells in ws.iter_rows():
        for cell in cells:
            if cell.value is not None:
                cell.data_type = "s"
                cell.font = st.font
    ws.sheet_state = "hidden"
    protect(ws)


def _feedback_sheet(wb, case, layout: Layout, feedback: Mapping[str, LensFeedback], tx: Texts, st: Styles) -> None:
    """What the last round gave: per lens the expert's CR and status, their weights beside the
    group's, the panel's consensus, and what the colours on the lens sheets mean."""
    ws = wb.create_sheet(FEEDBACK_SHEET, index=2)
    for col, width in zip("ABCD", (34, 14, 14, 60)):
        ws.column_dimensions[col].width = width
    first = next(iter(feedback.values()))
    text(ws, "A1", tx.short("panel.feedback.title", round=first.round), st.title)
    row = paragraph(ws, 2, tx.short("panel.feedback.intro", round=first.round), st, last="D", width=118) + 1
    for lens in layout.lenses:
        fb = feedback.get(lens)
        if fb is None:
            continue
        row = _feedback_lens(ws, row, case, lens, fb, tx, st) + 1
    text(ws, f"A{row}", tx.short("panel.feedback.colours"), st.bold)
    for key, fill in (("blue", st.blue), ("orange", st.orange), ("red", st.red), ("yellow", st.yellow)):
        row += 1
        ws[f"A{row}"].fill = fill
        text(ws, f"A{row}", tx.short(f"panel.feedback.{key}.name"), st.font, st.wrap)
        text(ws, f"B{row}", tx.short(f"panel.feedback.{key}"), st.font, st.wrap)
        ws.merge_cells(f"B{row}:D{row}")
        ws.row_dimensions[row].height = 15 * lines_needed(tx.short(f"panel.feedback.{key}"), 88) + 4
    print_setup(ws, one_page=True)
    protect(ws)


def _feedback_lens(ws, row: int, case, lens: str, fb: LensFeedback, tx: Texts, st: Styles) -> int:
    text(ws, f"A{row}", tx.short(f"lens.{lens}"), st.bold)
    row += 1
    status = tx.short(f"status.{fb.status}") if fb.status else tx.short("panel.feedback.no_workbook")
    if fb.cr is None:
        yours = f"{status}; {tx.short('panel.feedback.fresh')}" if fb.status else status
    else:
        sign = ">" if fb.cr > fb.threshold else "≤"
        yours = f"{status}; CR {fb.cr:.3f} {sign} {fb.threshold:.2f}"
    lines = [(tx.short("panel.feedback.your_round", round=fb.round), yours),
             (tx.short("panel.feedback.consensus"), tx.short("panel.feedback.no_group") if fb.consensus is None else
              f"S* {fb.consensus:.3f} ({tx.short(f'panel.band.{fb.band}')}); " +
              tx.short("panel.feedback.experts", count=fb.experts))]
    for label_text, value in lines:
        text(ws, f"A{row}", label_text, st.font, st.wrap)
        text(ws, f"B{row}", value, st.font, st.wrap)
        ws.merge_cells(f"B{row}:D{row}")
        ws.row_dimensions[row].height = 15 * max(lines_needed(value, 88), lines_needed(label_text, 34)) + 4
        row += 1
    for col, key in zip("ABC", ("col.criterion", "panel.feedback.yours", "panel.feedback.group")):
        text(ws, f"{col}{row}", tx.short(key), st.bold, st.wrap)
    ws.row_dimensions[row].height = fitted_height(ws, row, "ABC")
    row += 1
    for criterion in case.criteria:
        text(ws, f"A{row}", criterion.name(tx.lang), st.font, st.wrap)
        for col, weights in (("B", fb.weights), ("C", fb.group_weights)):
            if weights is not None and criterion.id in weights:
                cell = ws[f"{col}{row}"]
                cell.value, cell.number_format, cell.font = weights[criterion.id], "0.000", st.font
        row += 1
    return row


# ------------------------------------------------------------------ public

def template_bytes(case, lenses: Sequence[str], lang: str, ratings: bool, *, form: str = "matrix",
                   expert: ExpertRow | None = None, round: int = 1,
                   feedback: Mapping[str, LensFeedback] | None = None) -> bytes:
    """One expert workbook for ``case`` as .xlsx bytes."""
    from openpyxl import Workbook

    tx, st = Texts(lang), Styles(lang)
    layout = layout_for(case, lenses, ratings, form=form, expert_id=expert.id if expert else None,
                        round=round if expert else None,
                        previous=[lens for lens, fb in (feedback or {}).items() if fb.previous],
                        group=[lens for lens, fb in (feedback or {}).items() if fb.group])
    if ratings and not layout.ratings:
        raise InputError(f"case {case.id} has no estimated values with a range to rate",
                         fix="drop --ratings")
    wb = Workbook()
    wb.remove(wb.active)
    _instructions(wb, case, layout, tx, st)
    _expert(wb, case, layout, expert, tx, st)
    for lens in layout.lenses:
        lens_sheet(wb, case, layout, lens, tx, st, (feedback or {}).get(lens))
    if feedback:
        _feedback_sheet(wb, case, layout, feedback, tx, st)
    if layout.ratings is not None:
        _ratings(wb, case, layout.ratings, tx, st)
    _lists(wb, tx, st)
    _meta(wb, layout, st)
    wb.properties.creator = f"matrank {__version__}"
    wb.properties.title = f"{tx.short('panel.title')}: {case.id}"
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def expert_file_names(count: int) -> list[str]:
    width = max(2, len(str(count)))
    return [f"expert-{k:0{width}d}.xlsx" for k in range(1, count + 1)]


def write_templates(case, out_dir: str | Path, experts: int | Sequence[ExpertRow], lenses: Sequence[str],
                    lang: str = "both", ratings: bool = False, *, form: str = "matrix",
                    force: bool = False) -> list[Path]:
    """Write ``expert-01.xlsx`` … into ``out_dir``, one per expert (a number, or the experts file's
    rows: each workbook prefilled and asking the rows' lenses); nothing is written if any target
    is refused."""
    count = experts if isinstance(experts, int) else len(experts)
    if not 1 <= count <= MAX_EXPERTS:
        raise InputError("the number of experts is out of range", where="--experts",
                         found=str(count), expected=f"1 to {MAX_EXPERTS}")
    # Experts known by number judge the lenses asked; the experts file names each one's lenses.
    rows = [replace(e, lenses=tuple(lenses)) for e in numbered(count)] if isinstance(experts, int) else list(experts)
    jobs = [(name, lambda e=e: template_bytes(case, e.lenses, lang, ratings, form=form, expert=e))
            for name, e in zip(expert_file_names(count), rows)]
    return write_workbooks(out_dir, jobs, [case.path], force=force)


def write_workbooks(out_dir: str | Path, jobs, inputs, *, force: bool = False) -> list[Path]:
    """Write each (file name, bytes maker) into ``out_dir``; nothing is written if any target is
    refused."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; -o takes a folder for the workbooks")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    targets = [folder / name for name, _ in jobs]
    for target in targets:
        check_output(target, force=force, inputs=inputs)
    return [write_bytes_atomic(target, make(), force=force, inputs=inputs) for target, (_, make) in zip(targets, jobs)]
