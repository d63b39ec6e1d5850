"""Write the expert workbooks of ``matrank panel template``.

One workbook per expert, all alike: instructions, the expert's details, one
pairwise sheet per lens whose formulas show the priorities, λmax, CI, CR and
the most inconsistent pair as the expert types, an optional ratings sheet, and
the hidden ``_meta`` sheet that collection checks (see :mod:`.layout`).

The priorities are computed in plain cell formulas that Excel and LibreOffice
both evaluate (no MMULT, no array formulas): Harker's matrix B (missing
judgments as 0, 1 + the row's missing count on the diagonal; for a complete
matrix B = A) is squared twelve times with normalisation, and the row sums of
B^4096 are the principal eigenvector. λmax is the mean of (B·w)_i / w_i, which
equals λmax of the Harker-completed matrix, so the workbook's CR is the one
``matrank panel collect`` reports.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from matrank import __version__
from matrank.errors import InputError, OutputError
from matrank.labels import LABELS, has_label
from matrank.mcda.ahp import SAATY_SCALE, random_index
from matrank.reports.files import check_output, write_bytes_atomic
from matrank.reports.render import display_width
from matrank.reports.xlsx import CJK_FONT, LATIN_FONT
from matrank.workbooks.layout import (EXPERT_SHEET, FRACTION_FORMAT, INSTRUCTIONS_SHEET, LENS_SHEETS, LENSES_CELL,
                                      LISTS_SHEET, META_HEADER, META_SHEET, NAME_CELL, ORGANISATION_CELL, RATINGS,
                                      RATINGS_SHEET, RATINGS_TOP, RI_TABLE, ROLE_CELL, ROLES, SQUARINGS,
                                      WORKBOOK_CR_THRESHOLD, Layout, RatingItem, column_letter, layout_for)

LANG_CHOICES = ("en", "zh", "both")
#: openpyxl writes no font table of its own: name one that has the glyphs (libreoffice-notes).
SAATY_LIST, ROLE_LIST, RATING_LIST = "matrank_saaty", "matrank_roles", "matrank_ratings"
MAX_EXPERTS = 500


@dataclass(frozen=True)
class Ref:
    """A label key used as a field inside another label."""

    key: str


class Texts:
    """The workbook's words in one language, or both (Chinese first)."""

    def __init__(self, lang: str):
        if lang not in LANG_CHOICES:
            raise InputError(f"unknown language {lang!r}", expected=", ".join(LANG_CHOICES))
        self.lang = lang

    @property
    def langs(self) -> tuple[str, ...]:
        return ("zh", "en") if self.lang == "both" else (self.lang,)

    def short(self, key: str, **fields) -> str:
        """A label; both languages as "中文 / English"."""
        return " / ".join(self.lines(key, **fields))

    def lines(self, key: str, **fields) -> list[str]:
        """A paragraph per language. A field given as :class:`Ref` is itself a label,
        put in each paragraph in that paragraph's language."""
        return [LABELS[key][x].format(**{k: LABELS[v.key][x] if isinstance(v, Ref) else v
                                         for k, v in fields.items()}) for x in self.langs]

    def indicator(self, name: str) -> str:
        key = f"indicator.{name}"
        return self.short(key) if has_label(key) else name


class Styles:
    def __init__(self, lang: str):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        name = LATIN_FONT if lang == "en" else CJK_FONT
        self.font = Font(name=name, size=11)
        self.bold = Font(name=name, size=11, bold=True)
        self.title = Font(name=name, size=14, bold=True)
        self.grey = Font(name=name, size=9, color="808080")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.center = Alignment(horizontal="center", vertical="center")
        self.heading = Alignment(wrap_text=True, horizontal="center", vertical="center")
        thin = Side(style="thin", color="808080")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.input_fill = PatternFill("solid", fgColor="FFFFFF")
        self.computed_fill = PatternFill("solid", fgColor="F2F2F2")
        self.diagonal_fill = PatternFill("solid", fgColor="D9D9D9")
        self.red = PatternFill("solid", fgColor="F4B6B6")
        self.green = PatternFill("solid", fgColor="B7E1B0")
        self.unlocked = Protection(locked=False)


def _text(ws, coord: str, value: str, font=None, alignment=None):
    """A text cell that no spreadsheet app runs as a formula, whatever it starts with."""
    cell = ws[coord]
    cell.value = value
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _formula(ws, coord: str, formula: str, font, number_format: str | None = None, fill=None):
    cell = ws[coord]
    cell.value = formula
    cell.font = font
    if number_format:
        cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return cell


def _quoted(text: str) -> str:
    """A string literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def _protect(ws) -> None:
    # Against slips only: no password, so a determined expert can still unprotect.
    ws.protection.sheet = True
    ws.protection.formatColumns = False


def _print_setup(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _fitted_height(ws, row: int, columns: str, line_points: float = 15.0) -> float:
    """A row height that shows every wrapped line of the row's cells (a CJK character
    takes two columns' width)."""
    lines = 1
    for col in columns:
        value = ws[f"{col}{row}"].value
        if value is None:
            continue
        width = max(4, int((ws.column_dimensions[col].width or 10) * 0.95))
        lines = max(lines, sum(max(1, math.ceil(display_width(part) / width)) for part in str(value).split("\n")))
    return line_points * lines + 4


def _paragraph(ws, row: int, text: str, st: Styles, font=None, width_chars: int = 120) -> int:
    """Text merged over A:E with wrapping and a row height that shows it all; the next free row."""
    _text(ws, f"A{row}", text, font or st.font, st.wrap)
    ws.merge_cells(f"A{row}:E{row}")
    ws.row_dimensions[row].height = 16 * max(1, math.ceil(display_width(text) / width_chars))
    return row + 1


# ------------------------------------------------------------------ sheets

def _instructions(wb, case, layout: Layout, tx: Texts, st: Styles) -> None:
    ws = wb.create_sheet(INSTRUCTIONS_SHEET)
    for col, width in zip("ABCDE", (30, 50, 28, 28, 10)):
        ws.column_dimensions[col].width = width
    _text(ws, "A1", tx.short("panel.title"), st.title)
    _text(ws, "A2", f"{tx.short('panel.case')}: {case.title_text(tx.lang)} ({case.id})", st.bold)
    row = 4
    for text in tx.lines("panel.intro"):
        row = _paragraph(ws, row, text, st)
    row = _howto(ws, row + 1, layout, tx, st)
    row += 1
    _text(ws, f"A{row}", tx.short("panel.lenses.heading"), st.bold)
    row += 1
    for lens in layout.lenses:
        _text(ws, f"A{row}", tx.short(f"lens.{lens}"), st.bold, st.wrap)
        _text(ws, f"B{row}", tx.short(f"lens.{lens}.meaning"), st.font, st.wrap)
        ws.merge_cells(f"B{row}:E{row}")
        ws.row_dimensions[row].height = 32 if tx.lang == "both" else 18
        row += 1
    row = _criteria_table(ws, row + 1, case, tx, st)
    _scale_table(ws, row + 1, tx, st)
    _print_setup(ws)
    _protect(ws)


def _howto(ws, row: int, layout: Layout, tx: Texts, st: Styles) -> int:
    """The numbered steps (numbered here, so that leaving out the ratings step leaves no gap)."""
    _text(ws, f"A{row}", tx.short("panel.howto.heading"), st.bold)
    row += 1
    n = len(layout.criteria)
    fields = {"expert": EXPERT_SHEET, "ratings": RATINGS_SHEET,
              "lenses": ", ".join(f"“{LENS_SHEETS[lens]}”" for lens in layout.lenses),
              "pairs": n * (n - 1) // 2, "min_pairs": n - 1, "threshold": f"{WORKBOOK_CR_THRESHOLD:.2f}"}
    steps = ["panel.howto.1", "panel.howto.2", "panel.howto.3", "panel.howto.4"]
    if layout.ratings is not None:
        steps.append("panel.howto.5")
    steps.append("panel.howto.6")
    for number, key in enumerate(steps, start=1):
        for text in tx.lines(key, **fields):
            row = _paragraph(ws, row, f"{number}. {text}", st)
    return row


def _criteria_table(ws, row: int, case, tx: Texts, st: Styles) -> int:
    _text(ws, f"A{row}", tx.short("panel.criteria.heading"), st.bold)
    row += 1
    for col, key in zip("ABCD", ("col.criterion", "panel.col.meaning", "lens.government", "lens.market")):
        _text(ws, f"{col}{row}", tx.short(key), st.bold, st.wrap)
    row += 1
    for criterion in case.criteria:
        meaning_key = f"criterion.{criterion.id}.meaning"
        meaning = tx.short(meaning_key) if has_label(meaning_key) else criterion.unit
        _text(ws, f"A{row}", f"{criterion.name(tx.lang)} ({criterion.id})", st.font, st.wrap)
        _text(ws, f"B{row}", meaning, st.font, st.wrap)
        for col, lens in zip("CD", ("government", "market")):
            _text(ws, f"{col}{row}", tx.short(f"direction.{criterion.directions[lens]}"), st.font, st.wrap)
        ws.row_dimensions[row].height = 48 if tx.lang == "both" else 32
        row += 1
    return row


def _scale_table(ws, row: int, tx: Texts, st: Styles) -> int:
    _text(ws, f"A{row}", tx.short("panel.scale.heading"), st.bold)
    row += 1
    _text(ws, f"A{row}", tx.short("panel.col.value"), st.bold)
    _text(ws, f"B{row}", tx.short("panel.col.meaning"), st.bold)
    row += 1
    scale = [("1", "saaty.1"), ("3", "saaty.3"), ("5", "saaty.5"), ("7", "saaty.7"), ("9", "saaty.9"),
             ("2, 4, 6, 8", "saaty.even"), ("1/2, 1/3 … 1/9", "saaty.reciprocal")]
    for value, key in scale:
        _text(ws, f"A{row}", value, st.font)
        _text(ws, f"B{row}", tx.short(key), st.font, st.wrap)
        ws.merge_cells(f"B{row}:E{row}")
        row += 1
    return row


def _lists(wb, tx: Texts, st: Styles) -> None:
    """Hidden numeric lists for the drop-downs (a list formula over numbers works in
    Excel and LibreOffice alike; typed text such as "1/3" would turn into a date)."""
    from openpyxl.workbook.defined_name import DefinedName

    ws = wb.create_sheet(LISTS_SHEET)
    for k, value in enumerate(SAATY_SCALE, start=1):
        cell = ws.cell(row=k, column=1, value=value)
        cell.number_format = FRACTION_FORMAT
        cell.font = st.font
    for k, role in enumerate(ROLES, start=1):
        _text(ws, f"B{k}", tx.short(f"role.{role}"), st.font)
    for k, value in enumerate(RATINGS, start=1):
        ws.cell(row=k, column=3, value=value).font = st.font
    refs = {SAATY_LIST: f"$A$1:$A${len(SAATY_SCALE)}", ROLE_LIST: f"$B$1:$B${len(ROLES)}",
            RATING_LIST: f"$C$1:$C${len(RATINGS)}"}
    for name, ref in refs.items():
        wb.defined_names[name] = DefinedName(name, attr_text=f"{LISTS_SHEET}!{ref}")
    ws.sheet_state = "hidden"
    _protect(ws)


def _list_validation(name: str, error: str):
    from openpyxl.worksheet.datavalidation import DataValidation
    return DataValidation(type="list", formula1=name, allow_blank=True, showErrorMessage=True,
                          errorTitle="matrank", error=error[:225])


def _expert(wb, case, layout: Layout, tx: Texts, st: Styles) -> None:
    ws = wb.create_sheet(EXPERT_SHEET)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 50
    _text(ws, "A1", tx.short("panel.expert.title"), st.title)
    _text(ws, "A2", f"{tx.short('panel.case')}: {case.title_text(tx.lang)} ({case.id})", st.font)
    for coord, key in ((NAME_CELL, "panel.expert.name"), (ORGANISATION_CELL, "panel.expert.organisation"),
                       (ROLE_CELL, "panel.expert.role")):
        _text(ws, f"A{coord[1:]}", tx.short(key), st.bold)
        cell = ws[coord]
        cell.font, cell.border, cell.fill, cell.protection = st.font, st.box, st.input_fill, st.unlocked
    role = _list_validation(ROLE_LIST, tx.short("panel.dv.role.error"))
    ws.add_data_validation(role)
    role.add(ROLE_CELL)
    _text(ws, f"A{LENSES_CELL[1:]}", tx.short("panel.expert.lenses"), st.bold)
    _text(ws, LENSES_CELL, "; ".join(tx.short(f"lens.{lens}") for lens in layout.lenses), st.font)
    _text(ws, "A9", tx.short("panel.expert.note"), st.grey)
    _print_setup(ws)
    _protect(ws)


def _lens_sheet(wb, case, layout: Layout, lens: str, tx: Texts, st: Styles) -> None:
    """One lens's sheet: the pairwise matrix, the live summary beside it, and the working
    (folded away) that computes the priorities with plain formulas."""
    ws = wb.create_sheet(LENS_SHEETS[lens])
    g = layout.geometry
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 30
    for j in range(g.n):
        ws.column_dimensions[column_letter(g.left + j)].width = 16
    ws.column_dimensions[column_letter(g.weight_column)].width = 12
    _text(ws, "A1", tx.short("panel.pairwise.title", lens=Ref(f"lens.{lens}")), st.title)
    _text(ws, "A2", tx.short(f"lens.{lens}.meaning"), st.font)
    _text(ws, "A3", tx.short("panel.pairwise.question"), st.bold)
    _lens_matrix(ws, case, g, tx, st)
    _lens_summary(ws, g, tx, st)
    _lens_working(ws, g, tx, st)
    # The working is computed, never edited: folded away (an outline group, hidden) so that the
    # sheet and its printout show the matrix and the summary only.
    ws.row_dimensions.group(g.working_top, g.parsed_row(g.n - 1), outline_level=1, hidden=True)
    _print_setup(ws)
    _protect(ws)


def _connected(g) -> str:
    return f"${g.connected_cell[0]}${g.connected_cell[1:]}"


def _lens_matrix(ws, case, g, tx: Texts, st: Styles) -> None:
    """The matrix: white input cells above the diagonal, reciprocals below, the weights beside."""
    n, hr = g.n, g.header_row
    names = [c.name(tx.lang) for c in case.criteria]
    _text(ws, f"A{hr}", tx.short("col.id"), st.bold)
    _text(ws, f"B{hr}", tx.short("col.criterion"), st.bold)
    _text(ws, f"{column_letter(g.weight_column)}{hr}", tx.short("col.weight"), st.bold)
    ws.row_dimensions[hr].height = 48 if tx.lang == "both" else 32
    saaty = _list_validation(SAATY_LIST, tx.short("panel.dv.judgment.error"))
    ws.add_data_validation(saaty)
    conn = _connected(g)
    for j in range(n):
        _text(ws, f"{column_letter(g.left + j)}{hr}", names[j], st.bold, st.heading)
    for i, criterion in enumerate(case.criteria):
        r = g.row(i)
        _text(ws, f"A{r}", criterion.id, st.grey)
        _text(ws, f"B{r}", names[i], st.bold)
        for j in range(n):
            cell = ws[g.cell(i, j)]
            cell.border, cell.alignment, cell.font = st.box, st.center, st.font
            cell.number_format = FRACTION_FORMAT
            if i == j:
                cell.value, cell.fill = 1, st.diagonal_fill
            elif i < j:
                cell.fill, cell.protection = st.input_fill, st.unlocked
                saaty.add(cell.coordinate)
            else:
                up = g.parsed_cell(j, i)
                cell.value = f'=IF(ISNUMBER({up}),1/{up},"")'
                cell.fill = st.computed_fill
        last_block_row = f"{g.block_cell(SQUARINGS, i, 0)}:{g.block_cell(SQUARINGS, i, n - 1)}"
        _formula(ws, g.weight_cell(i),
                 f'=IF({conn},SUM({last_block_row})/{g.block_sum_cell(SQUARINGS)},"")',
                 st.bold, "0.0000", st.computed_fill).border = st.box


def _summary_row(ws, g, tx: Texts, st: Styles, name: str, key: str, formula, number_format=None, **fields):
    """One line of the summary: its label in column B, its value (a formula or a number)."""
    _text(ws, f"B{g.summary(name)}", tx.short(key, **fields), st.font)
    if isinstance(formula, str):
        return _formula(ws, g.summary_cell(name), formula, st.bold, number_format, st.computed_fill)
    cell = ws[g.summary_cell(name)]
    cell.value, cell.font = formula, st.bold
    return cell


def _lens_summary(ws, g, tx: Texts, st: Styles) -> None:
    """Judgments given, λmax, CI, RI, CR with its verdict, and the most inconsistent pair."""
    n, pairs, conn = g.n, g.pairs, _connected(g)
    lam, ci, cr, thr = (g.summary_cell(x) for x in ("lambda", "ci", "cr", "threshold"))
    ratio_range = f"{g.ratio_cell(0)}:{g.ratio_cell(n - 1)}"
    parsed = [g.parsed_cell(i, j) for i, j in pairs]
    _summary_row(ws, g, tx, st, "judgments", "panel.summary.judgments",
                 f"=COUNT({','.join(parsed)})" if parsed else "=0", "0")
    of_pairs = _quoted(tx.short("panel.summary.of_pairs", pairs=len(pairs), min_pairs=n - 1))
    typed = "+".join(f"ISTEXT({g.cell(i, j)})" for i, j in pairs) or "0"
    _formula(ws, f"D{g.summary('judgments')}",
             f'=IF(({typed})>0,{of_pairs}&" — "&{_quoted(tx.short("panel.summary.typed_as_text"))},{of_pairs})',
             st.grey)
    _summary_row(ws, g, tx, st, "lambda", "panel.summary.lambda",
                 f'=IF({conn},MAX({n},AVERAGE({ratio_range})),"")', "0.0000")
    _summary_row(ws, g, tx, st, "ci", "panel.summary.ci", f'=IF(ISNUMBER({lam}),({lam}-{n})/{max(n - 1, 1)},"")',
                 "0.0000")
    _summary_row(ws, g, tx, st, "ri", "panel.summary.ri", random_index(n, RI_TABLE), "0.00", table=RI_TABLE, n=n)
    cr_formula = (f'=IF(ISNUMBER({ci}),{ci}/{g.summary_cell("ri")},"")' if n > 2
                  else f'=IF(ISNUMBER({lam}),0,"")')
    _summary_row(ws, g, tx, st, "cr", "panel.summary.cr", cr_formula, "0.000").border = st.box
    _summary_row(ws, g, tx, st, "threshold", "panel.summary.threshold", WORKBOOK_CR_THRESHOLD, "0.00")
    judged = g.summary_cell("judgments")
    _formula(ws, f"D{g.summary('cr')}",
             f'=IF(ISNUMBER({cr}),IF({cr}>{thr},{_quoted(tx.short("panel.status.red"))},'
             f'{_quoted(tx.short("panel.status.ok"))}),IF({judged}=0,'
             f'{_quoted(tx.short("panel.status.empty"))},{_quoted(tx.short("panel.status.disconnected"))}))',
             st.bold)
    _cr_colours(ws, cr, thr, st)
    if pairs:
        _worst_pair(ws, g, tx, st)


def _worst_pair(ws, g, tx: Texts, st: Styles) -> None:
    """The judgment that departs most from the priorities, what the others imply, the scale value."""
    col = {"a": "B", "b": "C", "value": "D", "deviation": "E", "implied": "F"}

    def pair_range(key: str) -> str:
        return f"${col[key]}${g.pair_top}:${col[key]}${g.pair_bottom}"
    cr = g.summary_cell("cr")
    worst = f"MATCH(MAX({pair_range('deviation')}),{pair_range('deviation')},0)"
    found = f"AND(ISNUMBER({cr}),MAX({pair_range('deviation')})>1.000000001)"
    _summary_row(ws, g, tx, st, "worst", "panel.worst.pair",
                 f'=IF({found},INDEX({pair_range("a")},{worst})&" ↔ "&INDEX({pair_range("b")},{worst}),"")')
    _summary_row(ws, g, tx, st, "now", "panel.worst.now", f'=IF({found},INDEX({pair_range("value")},{worst}),"")',
                 FRACTION_FORMAT)
    _summary_row(ws, g, tx, st, "implied", "panel.worst.implied",
                 f'=IF({found},INDEX({pair_range("implied")},{worst}),"")', "0.00")
    x = g.summary_cell("implied")
    _summary_row(ws, g, tx, st, "suggested", "panel.worst.suggested",
                 f'=IF(ISNUMBER({x}),IF({x}>=1,{_nearest_scale(x)},1/{_nearest_scale(f"(1/{x})")}),"")',
                 FRACTION_FORMAT)


def _lens_working(ws, g, tx: Texts, st: Styles) -> None:
    """The working: judged pairs, Harker's matrix and its squares, the connectivity test, the
    ratios behind λmax, and every judgment read as a number (text such as "1/3" parsed)."""
    n, conn = g.n, _connected(g)
    _text(ws, f"A{g.working_top}", tx.short("panel.working"), st.grey)
    _text(ws, f"A{g.pair_top - 1}", tx.short("panel.working.pairs"), st.grey)
    for k, (i, j) in enumerate(g.pairs):
        r = g.pair_row(k)
        a, w_i, w_j = g.parsed_cell(i, j), g.weight_cell(i), g.weight_cell(j)
        _formula(ws, f"B{r}", f"=$B${g.row(i)}", st.grey)
        _formula(ws, f"C{r}", f"=$B${g.row(j)}", st.grey)
        _formula(ws, f"D{r}", f'=IF(ISNUMBER({a}),{a},"")', st.grey, FRACTION_FORMAT)
        _formula(ws, f"E{r}", f"=IF(AND({conn},ISNUMBER({a})),MAX({a}*{w_j}/{w_i},{w_i}/({a}*{w_j})),0)",
                 st.grey, "0.0000")
        _formula(ws, f"F{r}", f'=IF({conn},{w_i}/{w_j},"")', st.grey, "0.0000")
    for k in range(SQUARINGS + 1):
        _text(ws, f"B{g.block_row(k, 0)}", "B" if k == 0 else f"B^{2 ** k}", st.grey)
        _formula(ws, g.block_sum_cell(k), f"=SUM({g.block_range(k)})", st.grey)
        for i in range(n):
            for j in range(n):
                _formula(ws, g.block_cell(k, i, j), _block_formula(g, k, i, j), st.grey)
    _text(ws, f"B{g.block_row(SQUARINGS + 1, 0)}", tx.short("panel.working.connected"), st.grey)
    _formula(ws, g.connected_cell, f"=MIN({g.block_range(SQUARINGS)})>0", st.grey)
    for i in range(n):
        terms = "+".join(f"{g.block_cell(0, i, j)}*{g.weight_cell(j)}" for j in range(n))
        _formula(ws, g.ratio_cell(i), f'=IF({conn},({terms})/{g.weight_cell(i)},"")', st.grey)
    _text(ws, f"B{g.parsed_row(0)}", tx.short("panel.working.read"), st.grey)
    for i, j in g.pairs:
        x = g.cell(i, j)
        t = f'SUBSTITUTE({x}," ","")'
        slash = f'FIND("/",{t})'
        parse = f"IF(ISNUMBER({slash}),VALUE(LEFT({t},{slash}-1))/VALUE(MID({t},{slash}+1,99)),VALUE({t}))"
        _formula(ws, g.parsed_cell(i, j), f'=IF(ISNUMBER({x}),{x},IF(ISTEXT({x}),IFERROR({parse},""),""))',
                 st.grey)


def _block_formula(g, k: int, i: int, j: int) -> str:
    """Cell (i, j) of B^(2^k): Harker's matrix for k = 0, else the square of the block before,
    scaled by its sum squared (so the numbers stay near 1)."""
    n = g.n
    if k == 0 and i == j:
        # 1 + the number of missing judgments in row i (Harker 1987)
        given = "+".join(f"ISNUMBER({g.value_cell(i, m)})" for m in range(n) if m != i)
        return f"=1+{n - 1}-({given})"
    if k == 0:
        return f"=IF(ISNUMBER({g.value_cell(i, j)}),{g.value_cell(i, j)},0)"
    s = g.block_sum_cell(k - 1)
    terms = "+".join(f"{g.block_cell(k - 1, i, m)}*{g.block_cell(k - 1, m, j)}" for m in range(n))
    return f"=({terms})/{s}^2"


def _nearest_scale(x: str) -> str:
    """The Saaty value nearest to x ≥ 1 on a log scale, capped at 9 (as :func:`nearest_saaty`):
    between k and k + 1 the geometric midpoint √(k(k+1)) decides."""
    k = f"INT({x})"
    return f"IF({x}>=9,9,IF({x}>=SQRT({k}*({k}+1)),{k}+1,{k}))"


def _cr_colours(ws, cr: str, threshold: str, st: Styles) -> None:
    from openpyxl.formatting.rule import FormulaRule

    ref, thr = f"${cr[0]}${cr[1:]}", f"${threshold[0]}${threshold[1:]}"
    ws.conditional_formatting.add(cr, FormulaRule(formula=[f"AND(ISNUMBER({ref}),{ref}>{thr})"],
                                                  fill=st.red))
    ws.conditional_formatting.add(cr, FormulaRule(formula=[f"AND(ISNUMBER({ref}),{ref}<={thr})"],
                                                  fill=st.green))


def _ratings(wb, case, items: Sequence[RatingItem], tx: Texts, st: Styles) -> None:
    ws = wb.create_sheet(RATINGS_SHEET)
    for col, width in zip("ABCDEFG", (24, 36, 22, 40, 30, 30, 14)):
        ws.column_dimensions[col].width = width
    _text(ws, "A1", tx.short("panel.ratings.title"), st.title)
    _text(ws, "A2", tx.short("panel.ratings.question"), st.bold)
    headers = ("col.id", "col.material", "col.criterion", "panel.col.estimate", "panel.col.rating1",
               "panel.col.rating9", "panel.col.rating")
    hr = RATINGS_TOP - 1
    for col, key in zip("ABCDEFG", headers):
        _text(ws, f"{col}{hr}", tx.short(key), st.bold, st.wrap)
    ws.row_dimensions[hr].height = 32
    rating = _list_validation(RATING_LIST, tx.short("panel.dv.rating.error"))
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
        _text(ws, f"A{r}", item.material, st.grey, st.wrap)
        _text(ws, f"B{r}", material.name(tx.lang), st.font, st.wrap)
        _text(ws, f"C{r}", criteria[item.criterion].name(tx.lang), st.font, st.wrap)
        for col, lines in zip("DEF", (estimate, low_end, high_end)):
            _text(ws, f"{col}{r}", "\n".join(lines), st.font, st.wrap)
        cell = ws[Layout.rating_cell(k)]
        cell.font, cell.border, cell.fill, cell.protection = st.bold, st.box, st.input_fill, st.unlocked
        cell.alignment = st.center
        rating.add(cell.coordinate)
        ws.row_dimensions[r].height = _fitted_height(ws, r, "ABCDEF")
    ws.freeze_panes = f"A{RATINGS_TOP}"
    _print_setup(ws)
    _protect(ws)


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
    _protect(ws)


# ------------------------------------------------------------------ public

def template_bytes(case, lenses: Sequence[str], lang: str, ratings: bool) -> bytes:
    """One expert workbook for ``case`` as .xlsx bytes."""
    from openpyxl import Workbook


    tx, st = Texts(lang), Styles(lang)
    layout = layout_for(case, lenses, ratings)
    if ratings and not layout.ratings:
        raise InputError(f"case {case.id} has no estimated values with a range to rate",
                         fix="drop --ratings")
    wb = Workbook()
    wb.remove(wb.active)
    _instructions(wb, case, layout, tx, st)
    _expert(wb, case, layout, tx, st)
    for lens in layout.lenses:
        _lens_sheet(wb, case, layout, lens, tx, st)
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


def write_templates(case, out_dir: str | Path, experts: int, lenses: Sequence[str], lang: str = "both",
                    ratings: bool = False, *, force: bool = False) -> list[Path]:
    """Write ``expert-01.xlsx`` … into ``out_dir``; nothing is written if any target is refused."""

    if not 1 <= experts <= MAX_EXPERTS:
        raise InputError("the number of experts is out of range", where="--experts",
                         found=str(experts), expected=f"1 to {MAX_EXPERTS}")
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; -o takes a folder for the workbooks")
    data = template_bytes(case, lenses, lang, ratings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    targets = [folder / name for name in expert_file_names(experts)]
    for target in targets:
        check_output(target, force=force, inputs=[case.path])
    return [write_bytes_atomic(target, data, force=force, inputs=[case.path]) for target in targets]
