"""The words, fonts, fills and cell helpers every sheet of an expert workbook shares."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from matrank.errors import InputError
from matrank.labels import LABELS, has_label
from matrank.reports.render import display_width
from matrank.reports.xlsx import CJK_FONT, LATIN_FONT

LANG_CHOICES = ("en", "zh", "both")
#: Column width units that fit on an A4 landscape page at 82 % (11 pt printed at 9 pt or more),
#: where LibreOffice draws Calibri with a wider font (DejaVu Sans): 9.7 px a unit, not Excel's 7.
PAGE_WIDTH_UNITS = 130
FIELD = re.compile(r"\{(\w+)\}")


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

    def formula(self, key: str, **exprs: str) -> str:
        """A label as a formula expression: each ``{field}`` becomes the formula ``exprs[field]``
        (a cell's value), the words around it string literals."""
        parts = []
        for text in [LABELS[key][x] for x in self.langs]:
            if parts:
                parts.append(quoted(" / "))
            last = 0
            for m in FIELD.finditer(text):
                if m.start() > last:
                    parts.append(quoted(text[last:m.start()]))
                parts.append(f"({exprs[m.group(1)]})")
                last = m.end()
            if last < len(text):
                parts.append(quoted(text[last:]))
        return "&".join(parts) or '""'

    def indicator(self, name: str) -> str:
        key = f"indicator.{name}"
        return self.short(key) if has_label(key) else name


class Styles:
    def __init__(self, lang: str):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        name = LATIN_FONT if lang == "en" else CJK_FONT
        self.name = name
        self.font = Font(name=name, size=11)
        self.bold = Font(name=name, size=11, bold=True)
        self.title = Font(name=name, size=14, bold=True)
        self.grey = Font(name=name, size=9, color="808080")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        #: text in a row with boxes or numbers beside it: centred in the row's height like them
        self.wrap_middle = Alignment(wrap_text=True, vertical="center")
        self.middle = Alignment(vertical="center")
        self.wrap_center = Alignment(wrap_text=True, horizontal="center", vertical="center")
        self.center = Alignment(horizontal="center", vertical="center")
        self.heading = Alignment(wrap_text=True, horizontal="center", vertical="center")
        thin = Side(style="thin", color="808080")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.input_fill = PatternFill("solid", fgColor="FFFFFF")
        self.computed_fill = PatternFill("solid", fgColor="F2F2F2")
        self.diagonal_fill = PatternFill("solid", fgColor="D9D9D9")
        self.red = PatternFill("solid", fgColor="F4B6B6")
        self.green = PatternFill("solid", fgColor="B7E1B0")
        #: the pairs to reconsider now (CR red)
        self.orange = PatternFill("solid", fgColor="FFD28A")
        #: a row with a choice but no intensity, or the reverse
        self.yellow = PatternFill("solid", fgColor="FFF2B3")
        #: the pairs the last round's feedback asks the expert to look at again
        self.blue = PatternFill("solid", fgColor="CFE2F3")
        self.unlocked = Protection(locked=False)


def text(ws, coord: str, value: str, font=None, alignment=None):
    """A text cell that no spreadsheet app runs as a formula, whatever it starts with."""
    cell = ws[coord]
    cell.value = value
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def formula(ws, coord: str, expression: str, font, number_format: str | None = None, fill=None):
    cell = ws[coord]
    cell.value = expression
    cell.font = font
    if number_format:
        cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return cell


def quoted(value: str) -> str:
    """A string literal inside a formula."""
    return '"' + value.replace('"', '""') + '"'


def absolute(coord: str) -> str:
    """C17 → $C$17."""
    m = re.match(r"^\$?([A-Z]+)\$?(\d+)$", coord)
    return f"${m.group(1)}${m.group(2)}"


def protect(ws) -> None:
    # Against slips only: no password, so a determined expert can still unprotect.
    ws.protection.sheet = True
    ws.protection.formatColumns = False


def print_setup(ws, width_units: float | None = None, one_page: bool = False) -> None:
    """A4 landscape, fitted to the page width (and to one page, when ``one_page``); a sheet wider
    than a page at 82 % (where 11 pt prints at 9 pt) goes over as many pages wide as it needs
    instead of shrinking further."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = max(1, math.ceil((width_units or 0) / PAGE_WIDTH_UNITS))
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    margins = ws.page_margins
    margins.left = margins.right = margins.top = margins.bottom = 0.5
    margins.header = margins.footer = 0.25


def sheet_width(ws, last_column: int) -> float:
    from openpyxl.utils import get_column_letter

    return sum(ws.column_dimensions[get_column_letter(c)].width or 10 for c in range(1, last_column + 1))


def lines_needed(value: str, width: float) -> int:
    """How many lines ``value`` wraps into in a column ``width`` wide (a CJK character takes two)."""
    # 0.9 of a character a unit: room for a substitute font wider than the one named
    room = max(4, int(width * 0.9))
    return sum(max(1, math.ceil(display_width(part) / room)) for part in str(value).split("\n"))


def fitted_height(ws, row: int, columns: str, line_points: float = 15.0) -> float:
    """A row height that shows every wrapped line of the row's cells."""
    lines = 1
    for col in columns:
        value = ws[f"{col}{row}"].value
        if value is None or (isinstance(value, str) and value.startswith("=")):
            continue
        lines = max(lines, lines_needed(value, ws.column_dimensions[col].width or 10))
    return line_points * lines + 4


def paragraph(ws, row: int, value: str, st: Styles, font=None, last: str = "E", width: float = 120) -> int:
    """Text merged over A:last with wrapping and a row height that shows it all; the next free row."""
    text(ws, f"A{row}", value, font or st.font, st.wrap)
    ws.merge_cells(f"A{row}:{last}{row}")
    ws.row_dimensions[row].height = 16 * lines_needed(value, width) + 2
    return row + 1


def list_validation(source: str, error: str):
    from openpyxl.worksheet.datavalidation import DataValidation
    return DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                          errorTitle="matrank", error=error[:225])


def fill_when(ws, cells: str, condition: str, fill) -> None:
    """A conditional fill on ``cells`` while ``condition`` (a formula) holds."""
    from openpyxl.formatting.rule import FormulaRule

    ws.conditional_formatting.add(cells, FormulaRule(formula=[condition], fill=fill, stopIfTrue=True))
