"""Open one expert workbook safely and read its ``_meta`` sheet and the cells it names.

Untrusted input: :func:`matrank.workbooks_safety.open_untrusted_workbook` applies the
size and zip-ratio limits, refuses macros, parses the XML through defusedxml and reads
values only (no formula is evaluated). Nothing here knows the case yet: that is
:mod:`.verify`'s work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Mapping

from matrank.errors import InputError
from matrank.inputfile import InputFile
from matrank.workbooks.layout import INPUT_KINDS, LENS_SHEETS, META_SHEET
from matrank.workbooks_safety import (DAMAGE_FIX, ValuesWorkbook, damage_found, is_ods, open_ods_values,
                                      open_untrusted_workbook)

#: A template has a few hundred ``_meta`` rows; far more means it is not one.
MAX_META_ROWS = 20_000
#: Addresses read from an untrusted _meta: two column letters at most (templates stay within
#: column S), so that an edited address cannot make the reader build rows thousands of cells wide.
CELL_ADDRESS = re.compile(r"^[A-Z]{1,2}[1-9][0-9]{0,6}$")
EDITED_FIX = ("use the workbook as it was sent (do not add, delete or rename sheets or edit _meta), "
              "or copy the answers into a fresh template")


class Rejected(Exception):
    """A workbook that cannot be used at all; ``reason`` is shown in the report."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RawWorkbook:
    """What a workbook holds, read without knowing the case yet."""

    file: str
    sha256: str
    sheets: tuple[str, ...]
    header: tuple[str, ...]
    meta: tuple[tuple[str, ...], ...]          # rows after the header, six strings each
    values: Mapping[tuple[str, str], Any]       # (sheet, cell) → value, for the cells _meta names
    #: (sheet, cell) of the cells above that hold a formula with no saved value
    unsaved: frozenset = frozenset()

    def head(self, kind: str) -> str | None:
        for row in self.meta:
            if row[2] == kind:
                return row[4]
        return None


def _meta_text(value: Any) -> str:
    return "" if value is None else str(value)


def read_workbook(source: InputFile) -> RawWorkbook:
    """Open one workbook safely (its bytes, read once) and read ``_meta`` and the cells it names.

    Read-only (streaming) mode: the same defusedxml parser and values only as a full
    load, about five times faster, and only the sheets ``_meta`` names are parsed.
    """

    file, digest = source.path, source.sha256
    if is_ods(source) or source.path.lower().endswith(".ods"):
        return _read_ods(source)
    try:
        wb = open_untrusted_workbook(source, file, read_only=True)
    except InputError as exc:
        # one line: openpyxl's own messages carry line breaks
        raise Rejected(" ".join(replace(exc, file=None).message.split())) from None
    try:
        raw = _read_open_workbook(wb, file, digest)
        return replace(raw, unsaved=_unsaved_formulas(source, wb, raw))
    except Rejected:
        raise
    except Exception as exc:  # a malformed sheet part surfaces only when it is streamed
        raise Rejected(f"the workbook is damaged: {damage_found(source.data, exc)}. Fix: {DAMAGE_FIX}") from None
    finally:
        wb.close()


def _read_ods(source: InputFile) -> RawWorkbook:
    """An expert workbook LibreOffice saved in its own format: the same ``_meta`` and cells,
    read as saved values (LibreOffice stores every formula's value, so none is unsaved)."""
    try:
        wb = open_ods_values(source)
    except InputError as exc:
        raise Rejected(" ".join(replace(exc, file=None).message.split())) from None
    try:
        return _read_open_workbook(_OdsSheets(wb), source.path, source.sha256)
    except InputError as exc:
        raise Rejected(" ".join(replace(exc, file=None).message.split())) from None
    finally:
        wb.close()


class _OdsSheets:
    """An .ods's values behind the little of openpyxl's read-only interface the reader uses:
    ``sheetnames``, ``wb[name].iter_rows(…, values_only=True)``."""

    def __init__(self, wb: ValuesWorkbook):
        self._wb, self.sheetnames = wb, wb.sheetnames

    def __getitem__(self, name: str) -> "_OdsSheet":
        return _OdsSheet(self._wb.rows(name))


class _OdsSheet:
    def __init__(self, rows: list[tuple]):
        self._rows = rows

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, min_col: int = 1,
                  max_col: int | None = None, values_only: bool = True):
        last = len(self._rows) if max_row is None else max_row
        for r in range(min_row, last + 1):
            row = self._rows[r - 1] if r <= len(self._rows) else ()
            right = max_col if max_col is not None else max(len(row), min_col)
            yield tuple(row[c - 1] if c <= len(row) else None for c in range(min_col, right + 1))


def _read_open_workbook(wb, file: str, digest: str | None) -> RawWorkbook:
    sheets = tuple(wb.sheetnames)
    if META_SHEET not in sheets:
        raise Rejected(f"no {META_SHEET} sheet: not a matrank panel workbook, or the sheet was deleted. "
                       "Fix: fill in a workbook made by `matrank panel template`")
    rows = []
    for row in wb[META_SHEET].iter_rows(max_col=6, values_only=True):
        if len(rows) > MAX_META_ROWS:
            raise Rejected(f"{META_SHEET}: more than {MAX_META_ROWS} rows; the sheet was edited. "
                           f"Fix: {EDITED_FIX}")
        rows.append(tuple(_meta_text(v) for v in (tuple(row) + (None,) * 6)[:6]))
    while rows and not any(rows[-1]):
        rows.pop()
    header, meta = (rows[0], tuple(rows[1:])) if rows else ((), ())
    wanted: dict[str, set[str]] = {}
    for r in meta:
        if r[0] in sheets and CELL_ADDRESS.match(r[1]):
            wanted.setdefault(r[0], set()).add(r[1])
    # A lens sheet that _meta does not mention may still hold judgments (a sheet copied in
    # from another workbook): read it at the pairwise positions, which every lens shares.
    mentioned = {r[0] for r in meta}
    pairwise_cells = {r[1] for r in meta if r[2] in INPUT_KINDS and CELL_ADDRESS.match(r[1])}
    for sheet in LENS_SHEETS.values():
        if sheet in sheets and sheet not in mentioned and pairwise_cells:
            wanted[sheet] = set(pairwise_cells)
    values: dict[tuple[str, str], Any] = {}
    for sheet, cells in wanted.items():
        values.update(_cell_values(wb[sheet], sheet, cells))
    return RawWorkbook(file, digest or "", sheets, header, meta, values)


SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _unsaved_formulas(source: InputFile, wb, raw: RawWorkbook) -> frozenset:
    """The input cells that hold a formula whose value was never saved (openpyxl, reading
    values only, sees them as blank): a workbook written by a script and not opened and saved
    in a spreadsheet app. Found by scanning the sheets' XML for those cells only."""
    import io
    import zipfile

    from defusedxml.ElementTree import iterparse

    wanted: dict[str, set[str]] = {}
    for (sheet, cell), value in raw.values.items():
        if value is None:
            wanted.setdefault(sheet, set()).add(cell)
    found = set()
    with zipfile.ZipFile(io.BytesIO(source.data)) as zf:
        for sheet, cells in wanted.items():
            with zf.open(wb[sheet]._worksheet_path) as part:
                for _, element in iterparse(part, events=("end",)):
                    if element.tag == SHEET_NS + "c" and element.get("r") in cells:
                        has_formula = element.find(SHEET_NS + "f") is not None
                        saved = element.find(SHEET_NS + "v")
                        if has_formula and (saved is None or not (saved.text or "").strip()):
                            found.add((sheet, element.get("r")))
                    if element.tag == SHEET_NS + "row":
                        element.clear()
    return frozenset(found)


def _cell_values(ws, sheet: str, cells: set[str]) -> dict[tuple[str, str], Any]:
    """The values of ``cells``, streaming only the rows and columns that hold them."""
    from openpyxl.utils.cell import coordinate_to_tuple

    places = {coordinate_to_tuple(c): c for c in cells}
    rows = [r for r, _ in places]
    cols = [c for _, c in places]
    top, left, right = min(rows), min(cols), max(cols)
    out = {(sheet, c): None for c in cells}
    for r, row in enumerate(ws.iter_rows(min_row=top, max_row=max(rows), min_col=left, max_col=right,
                                         values_only=True), start=top):
        for c, value in enumerate(row, start=left):
            if (r, c) in places:
                out[(sheet, places[(r, c)])] = value
    return out
