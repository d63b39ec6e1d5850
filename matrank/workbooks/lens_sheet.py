"""One lens's sheet of an expert workbook, in either form, with its live guidance.

``matrix`` form: the expert fills the white cells above the diagonal. ``pairs`` form: one row
per pair asks which criterion matters more and how much (1–9); the matrix is computed from it.
Either way the sheet computes, in plain formulas that Excel and LibreOffice both evaluate (no
MMULT, no array formulas), what ``matrank panel collect`` computes:

* each cell read as collection reads it: a drop-down value, a number, or text such as "1/3"
  (snapped to the scale value within 0.1 %); anything else marks the cell red and stops the
  computation, as it makes collection reject the lens;
* the priorities: Harker's matrix B (missing judgments 0, 1 + the row's missing count on the
  diagonal) squared twelve times with normalisation; the row sums of B^4096 are the principal
  eigenvector, λmax the mean of (B·w)_i / w_i, and CR;
* the pairs to reconsider, only while CR is above the threshold: the judged pairs ranked by
  max(ε, 1/ε), ε = a_ij·w_j/w_i, rounded to 9 decimals, ties to the pair that comes first
  (row by row); for each of the top three, what the other judgments imply when it is left out
  (Harker's eigenvector of the matrix without it, w_i/w_j; the full priorities' ratio when the
  others do not link its criteria) and the nearest scale value;
* when the judgments leave criteria unlinked, the first pair (row by row) whose criteria no chain
  links: comparing it links them.
"""

from __future__ import annotations

from typing import Sequence

from matrank.labels import LABELS
from matrank.mcda.ahp import format_judgment, random_index
from matrank.reports.render import display_width
from matrank.workbooks.layout import (FRACTION_FORMAT, choice_words, equal_words, LENS_SHEETS, RI_TABLE, SAATY_TEXTS, SQUARINGS, TEXT_FORMAT,
                                      TOP_PAIRS, WORKBOOK_CR_THRESHOLD, Layout, LensFeedback, column_letter)
from matrank.workbooks.style import (Ref, Styles, Texts, absolute, fill_when, fitted_height, formula,
                                     lines_needed, list_validation, print_setup, protect, quoted, sheet_width,
                                     text)

SAATY_LIST, ROLE_LIST, RATING_LIST = "matrank_saaty", "matrank_roles", "matrank_ratings"
#: A ratio shown with three decimals below 1 (0.053) and two above (2.47).
RATIO_FORMAT = "[<1]0.000;0.00"
#: A deviation this close to 1 is no inconsistency (collection uses the same bound).
DEVIATION_FLOOR = "1.000000001"


def lens_sheet(wb, case, layout: Layout, lens: str, tx: Texts, st: Styles,
               feedback: LensFeedback | None = None) -> None:
    """One lens's sheet: the matrix or the questionnaire, the live summary, the table of pairs
    (with a later round's feedback), and the working (folded away)."""
    ws = wb.create_sheet(LENS_SHEETS[lens])
    g = layout.geometry
    names = [c.name(tx.lang) for c in case.criteria]
    _widths(ws, g, names, tx)
    _heading(ws, g, lens, tx, st)
    _matrix(ws, g, names, case.criteria.ids, tx, st)
    _summary(ws, g, tx, st)
    if g.has_table:
        _table(ws, g, names, case.criteria.ids, tx, st, feedback)
    _working(ws, g, case, tx, st)
    _highlights(ws, g, st)
    # The working is computed, never edited: folded away (an outline group, hidden) so that the
    # sheet and its printout show what the expert reads only.
    ws.row_dimensions.group(g.working_top, g.last_row, outline_level=1, hidden=True)
    last = column_letter(g.last_column)
    ws.print_area = f"A1:{last}{g.last_visible_row}"
    if g.feedback:
        # the table of pairs with the feedback is too wide for 9 pt: one page wide, smaller, so that
        # no row of the table is cut in two across pages
        print_setup(ws)
    else:
        print_setup(ws, sheet_width(ws, g.last_column), one_page=True)
    protect(ws)


def _widths(ws, g, names: Sequence[str], tx: Texts) -> None:
    """Narrow enough to print at 9 pt or more on an A4 landscape page even where LibreOffice draws
    Calibri with a wider font: column B as wide as its labels up to 40 (longer ones wrap), the
    matrix and table columns 13, the empty column before the weights 3."""
    labels = [tx.short(k) for k in ("panel.summary.judgments", "panel.summary.lambda", "panel.summary.ci",
                                    "panel.summary.cr", "panel.summary.threshold")]
    labels.append(tx.short("panel.summary.ri", table=RI_TABLE, n=g.n))
    widest = max(display_width(x) for x in list(labels) + list(names))
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = min(max(24, widest + 2), 40)
    for c in range(3, g.last_column + 1):
        ws.column_dimensions[column_letter(c)].width = 13
    if not g.has_table or g.left + g.n > 11:
        ws.column_dimensions[column_letter(g.left + g.n)].width = 3
    elif g.feedback:
        for c in range(max(8, g.left + g.n), 11):      # H, I, J where the matrix leaves them
            ws.column_dimensions[column_letter(c)].width = 11
        ws.column_dimensions["K"].width = 26


def _heading(ws, g, lens: str, tx: Texts, st: Styles) -> None:
    """Title, the lens's meaning and the question, each wrapped to the table's width."""
    last = column_letter(g.last_column)
    width = sheet_width(ws, g.last_column)
    question = "panel.pairs.question" if g.form == "pairs" else "panel.pairwise.question"
    rows = ((1, tx.short("panel.pairwise.title", lens=Ref(f"lens.{lens}")), st.title, 20),
            (2, tx.short(f"lens.{lens}.meaning"), st.font, 15),
            (3, tx.short(question), st.bold, 15))
    for row, value, font, points in rows:
        text(ws, f"A{row}", value, font, st.wrap)
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[row].height = points * lines_needed(value, width) + 4


# ------------------------------------------------------------------ the matrix

def _matrix(ws, g, names: Sequence[str], ids: Sequence[str], tx: Texts, st: Styles) -> None:
    """The matrix: input cells above the diagonal (``matrix`` form) or the judgments computed from
    the table (``pairs`` form), reciprocals below, the priorities beside."""
    n, hr = g.n, g.header_row
    text(ws, f"A{hr}", tx.short("col.id"), st.bold)
    text(ws, f"B{hr}", tx.short("col.criterion"), st.bold)
    text(ws, f"{column_letter(g.weight_column)}{hr}", tx.short("col.weight"), st.bold)
    ws.row_dimensions[hr].height = 15 * max(lines_needed(x, 13) for x in names) + 4
    saaty = list_validation(SAATY_LIST, tx.short("panel.dv.judgment.error"))
    ws.add_data_validation(saaty)
    conn = absolute(g.connected_cell)
    for j in range(n):
        text(ws, f"{column_letter(g.left + j)}{hr}", names[j], st.bold, st.heading)
    for i in range(n):
        r = g.row(i)
        text(ws, f"A{r}", ids[i], st.grey)
        text(ws, f"B{r}", names[i], st.bold, st.wrap)
        for j in range(n):
            _matrix_cell(ws, g, i, j, st, saaty)
        last_block_row = f"{g.block_cell(SQUARINGS, i, 0)}:{g.block_cell(SQUARINGS, i, n - 1)}"
        formula(ws, g.weight_cell(i), f'=IF({conn},SUM({last_block_row})/{g.block_sum_cell(SQUARINGS)},"")',
                st.bold, "0.0000", st.computed_fill).border = st.box


def _matrix_cell(ws, g, i: int, j: int, st: Styles, saaty) -> None:
    cell = ws[g.cell(i, j)]
    cell.border, cell.alignment, cell.font = st.box, st.center, st.font
    cell.number_format = FRACTION_FORMAT
    if i == j:
        cell.value, cell.fill = 1, st.diagonal_fill
        return
    value = g.work_cell("value", g.pair_index(i, j))
    if i < j and g.form == "matrix":
        cell.fill, cell.protection, cell.number_format = st.input_fill, st.unlocked, TEXT_FORMAT
        saaty.add(cell.coordinate)
    elif i < j:
        cell.value, cell.fill = f'=IF(ISNUMBER({value}),{value},"")', st.computed_fill
    else:
        cell.value, cell.fill = f'=IF(ISNUMBER({value}),1/{value},"")', st.computed_fill


# ------------------------------------------------------------------ the summary

def _summary_row(ws, g, tx: Texts, st: Styles, name: str, key: str, value, number_format=None, **fields):
    """One line of the summary: its label in column B, its value (a formula or a number)."""
    text(ws, f"B{g.summary(name)}", tx.short(key, **fields), st.font, st.wrap_middle)
    ws.row_dimensions[g.summary(name)].height = fitted_height(ws, g.summary(name), "B")
    if isinstance(value, str):
        cell = formula(ws, g.summary_cell(name), value, st.bold, number_format, st.computed_fill)
        cell.alignment = st.middle
        return cell
    cell = ws[g.summary_cell(name)]
    cell.value, cell.font, cell.alignment = value, st.bold, st.middle
    if number_format:
        cell.number_format = number_format
    return cell


def _summary(ws, g, tx: Texts, st: Styles) -> None:
    """Judgments given, λmax, CI, RI, CR with its verdict, and the pairs to reconsider."""
    n, conn = g.n, absolute(g.connected_cell)
    lam, ci, cr, thr = (g.summary_cell(x) for x in ("lambda", "ci", "cr", "threshold"))
    ratio_range = f"{g.ratio_cell(0)}:{g.ratio_cell(n - 1)}"
    _summary_row(ws, g, tx, st, "judgments", "panel.summary.judgments",
                 f"=COUNT({g.work_range('value')})" if g.pairs else "=0", "0")
    _judgments_note(ws, g, tx, st)
    _summary_row(ws, g, tx, st, "lambda", "panel.summary.lambda",
                 f'=IF({conn},MAX({n},AVERAGE({ratio_range})),"")', "0.0000")
    _summary_row(ws, g, tx, st, "ci", "panel.summary.ci", f'=IF(ISNUMBER({lam}),({lam}-{n})/{max(n - 1, 1)},"")',
                 "0.0000")
    _summary_row(ws, g, tx, st, "ri", "panel.summary.ri", random_index(n, RI_TABLE), "0.00", table=RI_TABLE, n=n)
    cr_formula = (f'=IF(ISNUMBER({ci}),{ci}/{g.summary_cell("ri")},"")' if n > 2
                  else f'=IF(ISNUMBER({lam}),0,"")')
    _summary_row(ws, g, tx, st, "cr", "panel.summary.cr", cr_formula, "0.000").border = st.box
    _summary_row(ws, g, tx, st, "threshold", "panel.summary.threshold", WORKBOOK_CR_THRESHOLD, "0.00")
    _verdict(ws, g, tx, st)
    fill_when(ws, cr, f"AND(ISNUMBER({absolute(cr)}),{absolute(cr)}>{absolute(thr)})", st.red)
    fill_when(ws, cr, f"AND(ISNUMBER({absolute(cr)}),{absolute(cr)}<={absolute(thr)})", st.green)
    _to_reconsider(ws, g, tx, st)


def _judgments_note(ws, g, tx: Texts, st: Styles) -> None:
    """Beside the count: of how many pairs, and what was read but not as it should be."""
    pairs, n = len(g.pairs), g.n
    of_pairs = quoted(tx.short("panel.summary.of_pairs", pairs=pairs, min_pairs=n - 1))
    typed, half = g.flag_cell("typed"), g.flag_cell("half")
    notes = (f'IF({typed}>0," — "&{quoted(tx.short("panel.summary.typed_as_text"))},"")&'
             f'IF({half}>0," — "&{tx.formula("panel.summary.half", count=half)},"")')
    formula(ws, f"D{g.summary('judgments')}", f"={of_pairs}&{notes}", st.grey)


def _verdict(ws, g, tx: Texts, st: Styles) -> None:
    """Pass or fail beside CR, and under it what to do: fix a red cell, add a pair that links the
    criteria, reconsider the highlighted pairs, or nothing."""
    cr, thr, judged = g.cr_cell, g.summary_cell("threshold"), g.summary_cell("judgments")

    def at(key: str, index: str) -> str:
        return f"INDEX({g.work_range(key)},{index})"

    def choose(texts: dict[str, str]) -> str:
        return (f'=IF({g.flag_cell("bad_count")}>0,{texts["bad"]},IF({judged}=0,{texts["empty"]},'
                f'IF(NOT(ISNUMBER({cr})),{texts["apart"]},IF({cr}>{thr},{texts["red"]},{texts["ok"]}))))')
    bad, apart, first = g.flag_cell("bad"), g.flag_cell("apart"), g.top_cell("pair", 1)
    pair_at = {k: f'{at("a", k)}&" ↔ "&{at("b", k)}' for k in (bad, apart, first)}
    nearest = f'TRIM(TEXT({at("nearest", bad)},"# ?/?"))'
    limit = f'TEXT({thr},"0.00")'
    status = {key: quoted(tx.short(f"panel.status.{key}")) for key in ("bad", "empty", "apart", "red", "ok")}
    # a matrix cell's nearest scale value exists only for a number above 0: for text ("abc") or a
    # number at or below 0 the verdict names none (a blank would read "Choose  (the nearest)")
    # and says, as collect's fix does, to choose from the drop-down
    named = {key: tx.formula(f"panel.verdict.{key}", pair=pair_at[bad], found=at("shown", bad))
             for key in ("bad_text", "bad_not_positive")}
    off_scale = (f'IF(ISNUMBER({at("nearest", bad)}),'
                 f'{tx.formula("panel.verdict.bad", pair=pair_at[bad], found=at("shown", bad), nearest=nearest)},'
                 f'IF(ISNUMBER({at("raw", bad)}),{named["bad_not_positive"]},{named["bad_text"]}))')
    todo = {"bad": (tx.formula("panel.verdict.bad_pairs", pair=pair_at[bad], found=at("shown", bad))
                    if g.form == "pairs" else off_scale),
            "empty": quoted(tx.short("panel.verdict.empty")),
            "apart": tx.formula("panel.verdict.apart", a=at("a", apart), b=at("b", apart)),
            "red": tx.formula("panel.verdict.red", pair=pair_at[first], threshold=limit),
            "ok": tx.formula("panel.verdict.ok", threshold=limit)}
    formula(ws, f"D{g.summary('cr')}", choose(status), st.bold)
    # what to do: across the sheet's width, as high as the longest verdict with the names it quotes
    row, last = g.summary("verdict"), column_letter(g.last_column)
    formula(ws, g.summary_cell("verdict"), choose(todo), st.bold).alignment = st.wrap
    ws.merge_cells(f"A{row}:{last}{row}")
    longest = max((" / ".join(LABELS[k][x] for x in tx.langs) + "x" * 20 * len(tx.langs)
                   for k in ("panel.verdict.bad", "panel.verdict.bad_text", "panel.verdict.bad_not_positive",
                             "panel.verdict.red", "panel.verdict.apart")), key=display_width)
    ws.row_dimensions[row].height = 15 * lines_needed(longest, sheet_width(ws, g.last_column)) + 4


def _to_reconsider(ws, g, tx: Texts, st: Styles) -> None:
    """The top three pairs while CR is red, a row each: the pair, the judgment, what the others
    imply when it is left out, and the nearest scale value."""
    cr, thr = g.cr_cell, g.summary_cell("threshold")
    head = g.summary("reconsider")
    for col, key in (("B", "panel.worst.pair"), ("C", "panel.worst.now"), ("D", "panel.worst.implied"),
                     ("E", "panel.worst.suggested")):
        text(ws, f"{col}{head}", tx.short(key), st.bold, st.wrap)
    ws.row_dimensions[head].height = fitted_height(ws, head, "BCDE")
    pair_width = 0
    for t in range(1, TOP_PAIRS + 1):
        p = g.top_cell("pair", t)
        show = f"AND(ISNUMBER({cr}),{cr}>{thr},{p}>0)"
        x = g.summary_cell("implied", t)
        cells = {
            "worst": (f'=IF({show},INDEX({g.work_range("a")},{p})&" ↔ "&INDEX({g.work_range("b")},{p}),"")', None),
            "now": (f'=IF({show},INDEX({g.work_range("value")},{p}),"")', FRACTION_FORMAT),
            "implied": (f'=IF({show},{g.top_cell("implied", t)},"")', RATIO_FORMAT),
            "suggested": (f'=IF(ISNUMBER({x}),IF({x}>=1,{nearest_scale(x)},1/{nearest_scale(f"(1/{x})")}),"")',
                          FRACTION_FORMAT)}
        for name, (expression, number_format) in cells.items():
            cell = formula(ws, g.summary_cell(name, t), expression, st.bold, number_format, st.computed_fill)
            cell.alignment = st.wrap_middle if name == "worst" else st.center
            cell.border = st.box
        pair_width = max(pair_width, 2 * max(display_width(n) for n in [ws[f"B{g.row(i)}"].value
                                                                         for i in range(g.n)]) + 3)
        ws.row_dimensions[g.summary("worst") + t - 1].height = 15 * lines_needed(
            "x" * pair_width, ws.column_dimensions["B"].width) + 4


def nearest_scale(x: str) -> str:
    """The Saaty value nearest to x ≥ 1 on a log scale, capped at 9 (as ``nearest_saaty``):
    between k and k + 1 the geometric midpoint √(k(k+1)) decides."""
    k = f"INT({x})"
    return f"IF({x}>=9,9,IF({x}>=SQRT({k}*({k}+1)),{k}+1,{k}))"


# ------------------------------------------------------------------ the table of pairs

def _table(ws, g, names: Sequence[str], ids: Sequence[str], tx: Texts, st: Styles,
           feedback: LensFeedback | None) -> None:
    """One row per pair: the questionnaire (``pairs`` form: which matters more, how much) or the
    judgment read back in words (``matrix`` form), and in a later round the feedback beside it."""
    hr = g.table_header
    keys = ["number", "a", "choice", "intensity", "meaning", "b", "value"]
    if g.feedback:
        keys += ["previous", "group", "range", "note"]
        if g.form == "matrix":
            text(ws, f"A{hr - 1}", tx.short("panel.table.title", round=feedback.round if feedback else 1),
                 st.bold)
            from openpyxl.worksheet.pagebreak import Break

            # printed, the table of pairs starts a page under its title and header
            ws.row_breaks.append(Break(id=hr - 2))
    for col, key in zip("ABCDEFGHIJK", keys):
        text(ws, f"{col}{hr}", tx.short(f"panel.table.{key}"), st.bold, st.heading)
    ws.row_dimensions[hr].height = fitted_height(ws, hr, "ABCDEFGHIJK"[:len(keys)])
    choice_dv = None
    intensity = list_validation(RATING_LIST, tx.short("panel.dv.rating.error"))
    ws.add_data_validation(intensity)
    for k, (i, j) in enumerate(g.pairs):
        r = g.table_row(k)
        if g.form == "pairs":
            choice_dv = list_validation(f"${g.work_cell('a', k)[0]}${g.pair_row(k)}:"
                                        f"${g.work_cell('equal', k)[0]}${g.pair_row(k)}",
                                        tx.short("panel.dv.choice.error"))
            ws.add_data_validation(choice_dv)
        _table_row(ws, g, k, names[i], names[j], tx, st, choice_dv, intensity)
        if feedback is not None:
            _feedback_cells(ws, g, k, (ids[i], ids[j]), (names[i], names[j]), feedback, tx, st)
    # the questionnaire's rows all as high as the highest pair of names (a regular form, boxes of
    # one size); a row with a feedback note as high as the note needs, if higher
    rows = [g.table_row(k) for k in range(len(g.pairs))]
    names_height = max((fitted_height(ws, r, "BF") for r in rows), default=None)
    for r in rows:
        ws.row_dimensions[r].height = max(names_height, fitted_height(ws, r, "K"))


def _table_row(ws, g, k: int, a: str, b: str, tx: Texts, st: Styles, choice_dv, intensity_dv) -> None:
    r, value = g.table_row(k), g.work_cell("value", k)
    ws[f"A{r}"].value = k + 1
    ws[f"A{r}"].font, ws[f"A{r}"].alignment = st.grey, st.center
    text(ws, f"B{r}", a, st.font, st.wrap_middle)
    text(ws, f"F{r}", b, st.font, st.wrap_middle)
    magnitude = f"IF({value}>=1,{value},1/{value})"
    meanings = ",".join(quoted(tx.short(f"panel.intensity.{x}")) for x in range(1, 10))
    formula(ws, f"E{r}", f'=IF(ISNUMBER({value}),CHOOSE(ROUND({magnitude},0),{meanings}),"")', st.font,
            None, st.computed_fill).alignment = st.wrap_middle
    formula(ws, f"G{r}", f'=IF(ISNUMBER({value}),{value},"")', st.bold, FRACTION_FORMAT,
            st.computed_fill).alignment = st.center
    choice, level = ws[f"C{r}"], ws[f"D{r}"]
    for cell in (choice, level):
        cell.border, cell.alignment, cell.font = st.box, st.wrap_center, st.font
    if g.form == "pairs":
        for cell in (choice, level):
            cell.fill, cell.protection = st.input_fill, st.unlocked
        choice_dv.add(choice.coordinate)
        intensity_dv.add(level.coordinate)
        return
    names = (g.work_cell("a", k), g.work_cell("b", k), g.work_cell("equal", k))
    choice.value = f'=IF(ISNUMBER({value}),IF({value}>1,{names[0]},IF({value}<1,{names[1]},{names[2]})),"")'
    level.value = f'=IF(ISNUMBER({value}),ROUND({magnitude},0),"")'
    choice.fill = level.fill = st.computed_fill


def _feedback_cells(ws, g, k: int, pair: tuple[str, str], names: tuple[str, str], fb: LensFeedback,
                    tx: Texts, st: Styles) -> None:
    """Beside pair k: the expert's last-round judgment (also put back in the input cells), the
    group's, the panel's range, and why the pair is marked (its input cells filled blue)."""
    r = g.table_row(k)
    previous, group, spread = fb.previous.get(pair), fb.group.get(pair), fb.spread.get(pair)
    if previous is not None:
        cell = ws[f"H{r}"]
        cell.value, cell.number_format, cell.font, cell.alignment = previous, FRACTION_FORMAT, st.font, st.center
        _prefill(ws, g, k, previous, names, tx)
    if group is not None:
        cell = ws[f"I{r}"]
        cell.value, cell.number_format, cell.font, cell.alignment = group, RATIO_FORMAT, st.bold, st.center
    if spread is not None:
        text(ws, f"J{r}", f"{ratio_text(spread[0])} – {ratio_text(spread[1])}", st.font, st.center)
    notes = []
    for mark in fb.marks.get(pair, ()):
        if mark == "far":
            notes.append(tx.short("panel.mark.far", own=ratio_text(previous), group=ratio_text(group)))
        else:
            notes.append(tx.short("panel.mark.inconsistent", cr=f"{fb.cr:.3f}"))
    if notes:
        text(ws, f"K{r}", "\n".join(notes), st.font, st.wrap_middle)
        for coord in g.input_cells(k) + (f"K{r}",):
            ws[coord].fill = st.blue


def _prefill(ws, g, k: int, value: float, names: tuple[str, str], tx: Texts) -> None:
    """The expert's own last-round judgment, as they would choose it from the drop-down(s)."""
    if g.form == "matrix":
        text(ws, g.cell(*g.pairs[k]), format_judgment(value))
        return
    choice = names[0] if value > 1 + 1e-9 else names[1] if value < 1 - 1e-9 else tx.short("panel.pairs.equal")
    text(ws, g.table_cell("choice", k), choice)
    ws[g.table_cell("intensity", k)].value = int(round(max(value, 1 / value)))


def ratio_text(value: float) -> str:
    """2.47, 3, 1/3, 1/2.47: a ratio as an expert reads a judgment."""
    if value >= 1:
        return format_judgment(value) if abs(value - round(value)) < 1e-9 else f"{value:.3g}"
    inverse = 1 / value
    return f"1/{round(inverse)}" if abs(inverse - round(inverse)) < 1e-9 else f"1/{inverse:.3g}"


# ------------------------------------------------------------------ the working

def _working(ws, g, case, tx: Texts, st: Styles) -> None:
    """The working: each pair read, ranked and located; the pairs to reconsider; Harker's matrix
    and its squares; the connectivity test; the ratios behind λmax; and Harker's matrix without
    each pair to reconsider, squared alike."""
    text(ws, f"A{g.working_top}", tx.short("panel.working"), st.grey)
    text(ws, f"A{g.pair_top - 1}", tx.short("panel.working.pairs"), st.grey)
    for k in range(len(g.pairs)):
        _work_pair(ws, g, k, case, tx, st)
    _work_flags(ws, g, tx, st)
    _work_blocks(ws, g, tx, st)
    for t in range(1, TOP_PAIRS + 1):
        _work_top(ws, g, t, st)
        _work_loo(ws, g, t, tx, st)


def _work_pair(ws, g, k: int, case, tx: Texts, st: Styles) -> None:
    i, j = g.pairs[k]
    r = g.pair_row(k)

    def put(key: str, expression, number_format=None):
        if isinstance(expression, str) and expression.startswith("="):
            formula(ws, f"{g.work_cell(key, k)}", expression, st.grey, number_format)
        else:
            cell = ws[g.work_cell(key, k)]
            cell.value, cell.font = expression, st.grey
    put("a", f"=$B${g.row(i)}")
    put("b", f"=$B${g.row(j)}")
    text(ws, g.work_cell("equal", k), tx.short("panel.pairs.equal"), st.grey)
    for key, expression in _reading(g, k, case, tx).items():
        put(key, expression)
    state, value = g.work_cell("state", k), g.work_cell("value", k)
    w_i, w_j, conn = g.weight_cell(i), g.weight_cell(j), absolute(g.connected_cell)
    put("value", f'=IF({state}=1,{_used_value(g, k)},"")', FRACTION_FORMAT)
    put("deviation", f"=IF(AND({conn},ISNUMBER({value})),MAX({value}*{w_j}/{w_i},{w_i}/({value}*{w_j})),0)")
    key = g.work_cell("key", k)
    put("key", f"=IF({g.work_cell('deviation', k)}>{DEVIATION_FLOOR},ROUND({g.work_cell('deviation', k)},9),0)")
    before = f"+SUMPRODUCT(--($I${g.pair_top}:$I${r - 1}={key}))" if k else ""
    put("rank", f"=IF({key}>0,SUMPRODUCT(--({g.work_range('key')}>{key})){before}+1,0)")
    put("i", i + 1)
    put("j", j + 1)
    put("apart", f"={g.block_cell(SQUARINGS, i, j)}=0")


def _reading(g, k: int, case, tx: Texts) -> dict[str, str]:
    """How the pair's input cell(s) are read: the number (or "" blank, "?" unreadable), its state,
    the nearest scale value, the cell as text, and (pairs form) which criterion the choice names."""
    if g.form == "pairs":
        return _reading_pairs(g, k, case, tx)
    x = g.cell(*g.pairs[k])
    t = f'SUBSTITUTE({x}," ","")'
    slash = f'FIND("/",{t})'
    parse = f"IF(ISNUMBER({slash}),VALUE(LEFT({t},{slash}-1))/VALUE(MID({t},{slash}+1,99)),VALUE({t}))"
    raw, state = g.work_cell("raw", k), g.work_cell("state", k)
    magnitude = f"IF({raw}>=1,{raw},1/{raw})"
    on_scale = (f"IF({raw}>0,AND(ROUND({magnitude},0)<=9,ABS({magnitude}/ROUND({magnitude},0)-1)<=0.001),"
                f"FALSE)")
    return {
        "raw": f'=IF(ISNUMBER({x}),{x},IF(LEN(TRIM({x}&""))=0,"",IFERROR({parse},"?")))',
        "state": f'=IF({raw}="",0,IF(ISNUMBER({raw}),IF({on_scale},1,2),2))',
        "nearest": f'=IF(ISNUMBER({raw}),IF({raw}>0,IF({raw}>=1,{nearest_scale(raw)},'
                   f'1/{nearest_scale(f"(1/{raw})")}),""),"")',
        "shown": f'={x}&""',
        # only text that is read and used, as collect notes it: text it cannot use ("abc") is the
        # red cell the verdict names, not a judgment "read as a number"
        "typed": f'=IF(AND({state}=1,ISTEXT({x})),IF(ISNA(MATCH(TRIM({x}),{SAATY_LIST},0)),1,0),0)',
    }


def _reading_pairs(g, k: int, case, tx: Texts) -> dict[str, str]:
    i, j = g.pairs[k]
    choice, level = g.table_cell("choice", k), g.table_cell("intensity", k)
    c = f'TRIM({choice}&"")'

    def names(words) -> str:
        return "OR(" + ",".join(f"{c}={quoted(w)}" for w in dict.fromkeys(words)) + ")"
    which, raw = g.work_cell("which", k), g.work_cell("raw", k)
    criteria = tuple(case.criteria)
    # IF, not AND, guards the number test: AND and OR evaluate every argument, and INT("?") of an
    # unreadable intensity is #VALUE!, which would leave the row neither red nor counted
    bad = f'OR({which}=-1,{raw}="?",IF(ISNUMBER({raw}),OR({raw}<1,{raw}>9,{raw}<>INT({raw})),FALSE))'
    return {
        "which": f'=IF(LEN({c})=0,0,IF({names(choice_words(criteria[i]))},1,IF({names(choice_words(criteria[j]))},'
                 f'2,IF({names(equal_words())},3,-1))))',
        "raw": f'=IF(ISNUMBER({level}),{level},IF(LEN(TRIM({level}&""))=0,"",IFERROR(VALUE(TRIM({level})),"?")))',
        "state": f'=IF(AND({which}=0,{raw}=""),0,IF({bad},2,IF(OR({which}=3,{raw}=1),1,'
                 f'IF(OR({which}=0,{raw}=""),3,1))))',
        "nearest": f'=IF(ISNUMBER({raw}),MIN(9,MAX(1,ROUND({raw},0))),"")',
        "shown": f'=TRIM({choice}&" "&{level})',
        "typed": "=0",
    }


def _used_value(g, k: int) -> str:
    """The scale value a usable pair contributes (state 1)."""
    raw = g.work_cell("raw", k)
    if g.form == "pairs":
        which = g.work_cell("which", k)
        return f"IF(OR({which}=3,{raw}=1),1,IF({which}=1,{raw},1/{raw}))"
    return f"IF({raw}>=1,ROUND({raw},0),1/ROUND(1/{raw},0))"


def _work_flags(ws, g, tx: Texts, st: Styles) -> None:
    r = g.flags_row
    text(ws, f"B{r}", tx.short("panel.working.flags"), st.grey)
    state = g.work_range("state")
    values = {"bad": f"=IFERROR(MATCH(2,{state},0),0)", "bad_count": f"=COUNTIF({state},2)",
              "apart": f"=IFERROR(MATCH(TRUE,{g.work_range('apart')},0),0)", "half": f"=COUNTIF({state},3)",
              "typed": f"=SUM({g.work_range('typed')})"}
    for key, expression in values.items():
        formula(ws, g.flag_cell(key).replace("$", ""), expression, st.grey)


def _work_blocks(ws, g, tx: Texts, st: Styles) -> None:
    n, conn = g.n, absolute(g.connected_cell)
    for k in range(SQUARINGS + 1):
        text(ws, f"B{g.block_row(k, 0)}", "B" if k == 0 else f"B^{2 ** k}", st.grey)
        formula(ws, g.block_sum_cell(k), f"=SUM({g.block_range(k)})", st.grey)
        for i in range(n):
            for j in range(n):
                formula(ws, g.block_cell(k, i, j), _block_formula(g, k, i, j), st.grey)
    text(ws, f"B{g.block_row(SQUARINGS + 1, 0)}", tx.short("panel.working.connected"), st.grey)
    formula(ws, g.connected_cell, f"=AND({g.flag_cell('bad_count')}=0,MIN({g.block_range(SQUARINGS)})>0)", st.grey)
    for i in range(n):
        terms = "+".join(f"{g.block_cell(0, i, j)}*{g.weight_cell(j)}" for j in range(n))
        formula(ws, g.ratio_cell(i), f'=IF({conn},({terms})/{g.weight_cell(i)},"")', st.grey)


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


def _work_top(ws, g, t: int, st: Styles) -> None:
    """The t-th pair to reconsider: its number, its criteria's positions, whether the other
    judgments alone link them, and what they imply for it."""
    r = g.top_row(t)
    ws[f"B{r}"].value = t
    p = g.top_cell("pair", t)
    formula(ws, p.replace("$", ""), f"=IFERROR(MATCH({t},{g.work_range('rank')},0),0)", st.grey)
    formula(ws, g.top_cell("i", t).replace("$", ""), f"=IF({p}>0,INDEX({g.work_range('i')},{p}),0)", st.grey)
    formula(ws, g.top_cell("j", t).replace("$", ""), f"=IF({p}>0,INDEX({g.work_range('j')},{p}),0)", st.grey)
    formula(ws, g.top_cell("linked", t).replace("$", ""), f"=MIN({g.loo_range(t, SQUARINGS)})>0", st.grey)
    i, j, conn = g.top_cell("i", t), g.top_cell("j", t), absolute(g.connected_cell)
    sums = f"{absolute(g.loo_row_sum_cell(t, 0))}:{absolute(g.loo_row_sum_cell(t, g.n - 1))}"
    weights = f"{absolute(g.weight_cell(0))}:{absolute(g.weight_cell(g.n - 1))}"
    formula(ws, g.top_cell("implied", t).replace("$", ""),
            f'=IF(AND({conn},{p}>0),IF({g.top_cell("linked", t)},INDEX({sums},{i})/INDEX({sums},{j}),'
            f'INDEX({weights},{i})/INDEX({weights},{j})),"")', st.grey)


def _work_loo(ws, g, t: int, tx: Texts, st: Styles) -> None:
    """Harker's matrix without the t-th pair to reconsider (that judgment missing: 0 in its two
    cells, one more missing on its two rows' diagonal), squared as the full one."""
    n = g.n
    i, j = g.top_cell("i", t), g.top_cell("j", t)
    for k in range(SQUARINGS + 1):
        label = tx.short("panel.working.loo", t=t) if k == 0 else f"B^{2 ** k}"
        text(ws, f"B{g.loo_row(t, k, 0)}", label, st.grey)
        formula(ws, g.loo_sum_cell(t, k), f"=SUM({g.loo_range(t, k)})", st.grey)
        for r in range(n):
            for c in range(n):
                if k == 0 and r == c:
                    expression = f"={g.block_cell(0, r, r)}+IF(OR({i}={r + 1},{j}={r + 1}),1,0)"
                elif k == 0:
                    expression = (f"=IF(OR(AND({i}={r + 1},{j}={c + 1}),AND({i}={c + 1},{j}={r + 1})),0,"
                                  f"{g.block_cell(0, r, c)})")
                else:
                    s = g.loo_sum_cell(t, k - 1)
                    terms = "+".join(f"{g.loo_cell(t, k - 1, r, m)}*{g.loo_cell(t, k - 1, m, c)}" for m in range(n))
                    expression = f"=({terms})/{s}^2"
                formula(ws, g.loo_cell(t, k, r, c), expression, st.grey)
    for r in range(n):
        row = f"{g.loo_cell(t, SQUARINGS, r, 0)}:{g.loo_cell(t, SQUARINGS, r, n - 1)}"
        formula(ws, g.loo_row_sum_cell(t, r), f"=SUM({row})", st.grey)


# ------------------------------------------------------------------ highlights

def _highlights(ws, g, st: Styles) -> None:
    """Red: an input that cannot be used (collection rejects the lens); orange: the three pairs to
    reconsider while CR is red; yellow: a row with a choice but no intensity, or the reverse."""
    cr, thr = absolute(g.cr_cell), absolute(g.summary_cell("threshold"))
    for k in range(len(g.pairs)):
        state, rank = absolute(g.work_cell("state", k)), absolute(g.work_cell("rank", k))
        for cell in g.input_cells(k):
            fill_when(ws, cell, f"{state}=2", st.red)
            fill_when(ws, cell, f"AND(ISNUMBER({cr}),{cr}>{thr},{rank}>=1,{rank}<={TOP_PAIRS})", st.orange)
            if g.form == "pairs":
                fill_when(ws, cell, f"{state}=3", st.yellow)
