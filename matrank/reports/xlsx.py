"""The one way report workbooks are written: fonts, a title block, column widths fitted to
their content, wrapped long text, number formats, tier colours, frozen headers, print
setup (A4 landscape, fit to the page width, the header row repeated, page numbers), the
formula-injection guard, then an atomic save.

Every workbook a command writes (ranking, sensitivity, the panel's results, a case)
goes through :class:`ReportWorkbook`, so that what a person prints looks the same
everywhere.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Sequence

from matrank.labels import label
from matrank.reports.files import escape_cell, write_atomic
from matrank.reports.render import display_width

CJK_FONT = "WenQuanYi Micro Hei"
LATIN_FONT = "Calibri"
#: Column widths are fitted to the content within these bounds (in characters; a CJK
#: character counts double); longer text wraps within WRAP_WIDTH.
MIN_WIDTH = 6
MAX_WIDTH = 60
WRAP_WIDTH = 48
#: Points per line of wrapped 11 pt text.
LINE_HEIGHT = 15
#: Characters of proportional text per unit of column width (a width counts the widest digit).
PROPORTIONAL = 1.2
#: Fills of the four tiers (light, so that black text stays readable in print).
TIER_FILLS = {"joint": "FADBD8", "government-led": "DCE6F2", "market-led": "E2EFDA", "monitor": "EDEDED"}
HEADER_FILL = "D9D9D9"
#: Number formats by what a column holds.
FORMATS = {"score": "0.0000", "probability": "0.000", "weight": "0.000", "integer": "0"}



@cache
def _xl() -> SimpleNamespace:
    """openpyxl's pieces, imported when a workbook is written (not for ``matrank --help``)."""
    import openpyxl
    from openpyxl import styles
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties
    return SimpleNamespace(Workbook=openpyxl.Workbook, Alignment=styles.Alignment, Border=styles.Border,
                           Font=styles.Font, PatternFill=styles.PatternFill, Side=styles.Side,
                           column_letter=get_column_letter, PageSetupProperties=PageSetupProperties)


class ReportWorkbook:
    """An openpyxl workbook with the house's fonts; sheets are filled row by row."""

    def __init__(self, lang: str = "en", *, cjk: bool | None = None):
        self.lang = lang
        name = CJK_FONT if (cjk if cjk is not None else lang != "en") else LATIN_FONT
        xl = _xl()
        self.font = xl.Font(name=name)
        self.bold = xl.Font(name=name, bold=True)
        self.title_font = xl.Font(name=name, bold=True, size=14)
        self.small = xl.Font(name=name, size=9, italic=True)
        self.wb = xl.Workbook()
        self._first = True
        #: per sheet, the rows of its title block (not counted when fitting the columns)
        self._rows_above: dict[str, int] = {}

    def sheet(self, title: str):
        """A new sheet; ``title`` is a label key (``sheet.ranking``) or the name itself."""
        title = label(title, self.lang) if title.startswith("sheet.") else title
        if self._first:
            ws = self.wb.active
            ws.title = title
            self._first = False
            return ws
        return self.wb.create_sheet(title)

    def row(self, ws, values: Sequence[Any], *, bold: bool = False, formats: dict[int, str] | None = None,
            text: bool = False) -> None:
        """Append one row. Text is escaped (it may have come from an input file); with
        ``text=True`` strings are stored as text cells instead, which no app runs as a formula
        (a case workbook must read back exactly what was written). Booleans become words."""
        if not text:       # a case workbook keeps TRUE/FALSE cells: they are data read back
            values = [label("word.yes" if v else "word.no", self.lang) if isinstance(v, bool) else v for v in values]
        ws.append([None if text else escape_cell(v) for v in values])
        cells = ws[ws.max_row]
        for k, cell in enumerate(cells):
            if text:
                cell.value = values[k]
                if isinstance(values[k], str):
                    cell.data_type = "s"
            cell.font = self.bold if bold else self.font
            if formats and formats.get(k):
                cell.number_format = formats[k]

    def title_block(self, ws, title: str, lines: Sequence[str] = ()) -> None:
        """A title in large type and lines under it in small type (the case, its date, the
        caveats), then a blank row; merged across the table's width when it is printed."""
        ws.append([escape_cell(title)])
        ws.cell(row=ws.max_row, column=1).font = self.title_font
        for line in lines:
            ws.append([escape_cell(line)])
            ws.cell(row=ws.max_row, column=1).font = self.small
        ws.append([])
        self._rows_above[ws.title] = ws.max_row

    def table(self, ws, headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
              formats: dict[int, str] | None = None, freeze: str | None = None, text: bool = False,
              tiers: dict[int, str] | None = None, wrap: Sequence[int] = ()) -> None:
        """A shaded header row, the rows, the header frozen and printed on every page, the
        columns fitted (the ``wrap`` ones wrapped), and ``tiers`` ({row index: tier})
        coloured. ``freeze`` defaults to the cell below the header's first."""
        above = self._rows_above.get(ws.title, 0)
        xl = _xl()
        self.row(ws, headers, bold=True)
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.fill = xl.PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = xl.Alignment(wrap_text=True, vertical="center")
            cell.border = xl.Border(bottom=xl.Side(style="thin", color="808080"))
        for k, values in enumerate(rows):
            self.row(ws, values, formats=formats, text=text)
            if tiers and k in tiers:
                fill = xl.PatternFill("solid", fgColor=TIER_FILLS[tiers[k]])
                for cell in ws[ws.max_row]:
                    cell.fill = fill
        ws.freeze_panes = freeze or f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        fit_columns(ws, wrap=wrap, skip_rows=above)

    def finish(self, ws, *, landscape: bool = True) -> None:
        """Print setup: A4, landscape (or portrait), fitted to the page width, page numbers."""
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.sheet_properties.pageSetUpPr = _xl().PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.5
        ws.oddFooter.center.text = label("xlsx.page", self.lang)

    def save(self, path: str | Path, *, force: bool = False, inputs=()) -> Path:
        for ws in self.wb.worksheets:
            if ws.page_setup.paperSize is None:
                self.finish(ws)
        return write_atomic(path, lambda p: self.wb.save(p), force=force, inputs=inputs)


def fit_columns(ws, minimum: int = MIN_WIDTH, maximum: int = MAX_WIDTH, *, wrap: Sequence[int] = (),
                skip_rows: int = 0) -> None:
    """Each column as wide as its longest cell (a CJK character counts double), within bounds;
    the ``wrap`` columns (0-based) at most WRAP_WIDTH, their long cells wrapped. Rows up to
    ``skip_rows`` (a title block, which may spill across columns) do not count."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=skip_rows + 1):
        for cell in row:
            if cell.value is None:
                continue
            value = cell.value
            text = f"{value:.4f}" if isinstance(value, float) else str(value)
            longest = max(display_width(line) for line in text.splitlines() or [""])
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    xl = _xl()
    wrapped = {k + 1 for k in wrap}
    lines: dict[int, int] = {}
    for column, width in widths.items():
        limit = WRAP_WIDTH if column in wrapped else maximum
        ws.column_dimensions[xl.column_letter(column)].width = max(minimum, min(limit, width + 2))
        if column in wrapped and width + 2 > limit:
            for (cell,) in ws.iter_rows(min_row=skip_rows + 1, min_col=column, max_col=column):
                cell.alignment = xl.Alignment(wrap_text=True, vertical="top")
                if cell.value is not None:
                    # spreadsheet apps do not re-measure rows on opening: give the height
                    needed = -(-display_width(str(cell.value)) // int((limit - 2) * PROPORTIONAL))
                    lines[cell.row] = max(lines.get(cell.row, 1), needed)
    for row, count in lines.items():
        if count > 1:
            ws.row_dimensions[row].height = LINE_HEIGHT * count
            for cell in ws[row]:          # the row's other cells beside the wrapped text's first line
                if not cell.alignment.wrap_text:
                    cell.alignment = xl.Alignment(vertical="top")


def chart_title(text: str, points: int = 11):
    """A chart's title at ``points`` (bold): spreadsheet apps draw an untitled size at 18 pt,
    which takes a third of a small chart's height from its plot."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun

    props = CharacterProperties(sz=points * 100, b=True)
    return Title(tx=Text(rich=RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props),
                                                    r=[RegularTextRun(rPr=props, t=text)])])), overlay=False)
