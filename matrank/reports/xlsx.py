"""The one way report workbooks are written: fonts, column widths, number formats,
frozen headers and the formula-injection guard, then an atomic save.

Every workbook a command writes (ranking, sensitivity, the panel's results, a case)
goes through :class:`ReportWorkbook`, so that what a person prints looks the same
everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from matrank.reports.files import escape_cell, write_atomic
from matrank.reports.render import display_width

CJK_FONT = "WenQuanYi Micro Hei"
LATIN_FONT = "Calibri"
#: Column widths are fitted to the content within these bounds (in characters; a CJK
#: character counts double).
MIN_WIDTH = 6
MAX_WIDTH = 60


class ReportWorkbook:
    """An openpyxl workbook with the house's fonts; sheets are filled row by row."""

    def __init__(self, lang: str = "en", *, cjk: bool | None = None):
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.font = Font(name=CJK_FONT if (cjk if cjk is not None else lang != "en") else LATIN_FONT)
        self.bold = Font(name=self.font.name, bold=True)
        self.wb = Workbook()
        self._first = True

    def sheet(self, title: str):
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
        (a case workbook must read back exactly what was written)."""
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

    def table(self, ws, headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
              formats: dict[int, str] | None = None, freeze: str = "A2", text: bool = False) -> None:
        """A header row in bold, the rows, the header frozen, and the columns fitted."""
        self.row(ws, headers, bold=True)
        for values in rows:
            self.row(ws, values, formats=formats, text=text)
        ws.freeze_panes = freeze
        fit_columns(ws)

    def save(self, path: str | Path, *, force: bool = False, inputs=()) -> Path:
        return write_atomic(path, lambda p: self.wb.save(p), force=force, inputs=inputs)


def fit_columns(ws, minimum: int = MIN_WIDTH, maximum: int = MAX_WIDTH) -> None:
    """Each column as wide as its longest cell (a CJK character counts double), within bounds."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            value = cell.value
            text = f"{value:.4f}" if isinstance(value, float) else str(value)
            longest = max(display_width(line) for line in text.splitlines() or [""])
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = max(minimum, min(maximum, width + 2))
