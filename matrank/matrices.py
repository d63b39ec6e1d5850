"""Read CSV matrices: a labelled pairwise comparison matrix (``matrank ahp``) and a
decision matrix (``matrank topsis``). Errors name the file, the row and column
labels, what was found and what to do.

Line endings may be Windows (CR LF), Unix (LF) or old-Mac (CR alone). The delimiter is
``,`` unless the header uses ``;`` or a tab and no comma (as spreadsheet apps in some
locales save "CSV"); with those, numbers may use a decimal comma. Cells are read by the
one number parser (:mod:`matrank.numbers`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matrank.errors import InputError
from matrank.inputfile import read_input
from matrank.mcda.ahp import PairwiseMatrix, pairwise_matrix
from matrank.numbers import NumberError, ZeroDenominator, to_number

JUDGMENT_FIX = "enter how many times more important the row is, e.g. 3 or 1/3"


@dataclass(frozen=True)
class CsvRows:
    file: str
    delimiter: str
    rows: list[list[str]]

    @property
    def decimal_comma(self) -> bool:
        return self.delimiter != ","


def read_csv_rows(path: str | Path) -> CsvRows:
    source = read_input(path, "CSV", allow_empty=True)
    file, data = source.path, source.data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("the file is not UTF-8 text", file=file, found=f"byte {exc.start}",
                         fix="save it as CSV UTF-8 (Excel: Save As → CSV UTF-8)") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _delimiter(text)
    try:
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError(f"the CSV cannot be read: {exc}", file=file, fix="save it again as CSV UTF-8") from None
    while rows and _is_blank(rows[-1]):
        rows.pop()
    if not rows:
        raise InputError("the file is empty", file=file, expected="a header row and data rows")
    return CsvRows(file, delimiter, rows)


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        for candidate in (";", "\t"):
            if candidate in first:
                return candidate
    return ","


def _is_blank(row: list[str]) -> bool:
    return not any(row)


def _other_delimiter(table: CsvRows, row: list[str], k: int) -> None:
    """A row of one cell that holds another delimiter: a file mixing ``,`` and ``;``."""
    if len(row) == 1:
        for other in (",", ";", "\t"):
            if other != table.delimiter and other in row[0]:
                shown = {"\t": "a tab"}.get(table.delimiter, repr(table.delimiter))
                raise InputError(f"the row is separated by {'a tab' if other == chr(9) else repr(other)} where "
                                 f"the header uses {shown}", file=table.file, where=f"row {k}",
                                 fix="use one delimiter throughout the file")


def _cell(text: str, table: CsvRows, where: str, expected: str, fix: str) -> float:
    try:
        return to_number(text, decimal_comma=table.decimal_comma)
    except ZeroDenominator:
        raise InputError("a cell is not a number", file=table.file, where=where, found=repr(text),
                         expected=expected, fix="a fraction's denominator cannot be 0") from None
    except NumberError as exc:
        raise InputError("a cell is not a number", file=table.file, where=where, found=str(exc),
                         expected=expected, fix=fix) from None


def read_pairwise_csv(path: str | Path, *, any_scale: bool = False) -> PairwiseMatrix:
    """Header row of labels, first column the same labels; blank lower cells are implied
    reciprocals, blank upper cells are missing judgments; numbers or fractions like 1/3."""
    table = read_csv_rows(path)
    header, body = _pairwise_labels(table)
    n = len(header)
    values = np.full((n, n), np.nan)
    for i, row in enumerate(body):
        cells = row[1:]
        if len(cells) > n and any(cells[n:]):
            raise InputError("a row has more cells than there are labels", file=table.file,
                             where=f"row {header[i]}", found=f"{len(cells)} cells", expected=f"{n}")
        for j in range(n):
            text = cells[j] if j < len(cells) else ""
            if text == "":
                continue
            where = f"row {header[i]}, column {header[j]}"
            v = _cell(text, table, where, "a number or a fraction like 1/3", JUDGMENT_FIX)
            if v <= 0:
                raise InputError("a judgment is zero or negative", file=table.file, where=where, found=text,
                                 expected="a positive number on Saaty's scale 1/9..9", fix=JUDGMENT_FIX)
            values[i, j] = v
    try:
        return pairwise_matrix(header, values, any_scale=any_scale)
    except InputError as exc:
        raise exc.located(file=table.file) from None


def _pairwise_labels(table: CsvRows) -> tuple[list[str], list[list[str]]]:
    rows, file = table.rows, table.file
    header = rows[0][1:]
    while header and header[-1] == "" and all(len(r) <= len(header) or r[len(header)] == "" for r in rows[1:]):
        header = header[:-1]
    body = [r for r in rows[1:] if not _is_blank(r)]
    n = len(header)
    if n == 0 or any(not h for h in header):
        raise InputError("the matrix is unlabelled", file=file, where="row 1",
                         found=", ".join(repr(h) for h in rows[0]),
                         expected="a header row naming every column (first cell may be blank)",
                         fix="put the element names in the first row and first column")
    for k, row in enumerate(rows[1:], start=2):
        _other_delimiter(table, row, k)
    if len(body) != n:
        raise InputError("the matrix is not square", file=file, found=f"{n} column labels and {len(body)} rows",
                         expected=f"{n} rows, one per label", fix="add or remove rows so each label has one")
    row_labels = [r[0] if r else "" for r in body]
    if any(not x for x in row_labels):
        k = row_labels.index("")
        raise InputError("a row has no label", file=file, where=f"row {k + 2}",
                         expected="the element's name in the first column")
    if row_labels != header:
        diff = next(k for k in range(n) if row_labels[k] != header[k])
        raise InputError("row and column labels differ", file=file, where=f"row {diff + 2}",
                         found=f"row label {row_labels[diff]!r}, column label {header[diff]!r}",
                         expected="the same labels in the same order down the first column as across the header")
    return header, body


@dataclass(frozen=True)
class DecisionTable:
    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    values: np.ndarray


def read_decision_csv(path: str | Path) -> DecisionTable:
    """Header: an id column, then criteria; one row per alternative, numeric cells."""
    table = read_csv_rows(path)
    file, rows = table.file, table.rows
    header = rows[0]
    criteria = header[1:]
    if not criteria or any(not c for c in criteria):
        raise InputError("the header must name an id column and then each criterion", file=file,
                         where="row 1", found=", ".join(repr(h) for h in header))
    if len(set(criteria)) != len(criteria):
        dup = sorted({c for c in criteria if criteria.count(c) > 1})
        raise InputError("criterion names repeat in the header", file=file, where="row 1",
                         found=", ".join(dup), expected="each criterion once",
                         fix="rename the columns, or merge them")
    if not any(not _is_blank(r) for r in rows[1:]):
        raise InputError("no alternatives", file=file, expected="one row per alternative after the header")
    alternatives, values = [], []
    for k, row in enumerate(rows[1:], start=2):
        if _is_blank(row):
            continue
        _other_delimiter(table, row, k)
        if not row[0]:
            raise InputError("a row has no id", file=file, where=f"row {k}",
                             expected="the alternative's id in the first column")
        if len(row) - 1 != len(criteria):
            raise InputError("a row has the wrong number of cells", file=file, where=f"row {k} ({row[0]})",
                             found=f"{len(row) - 1} values", expected=f"{len(criteria)}, one per criterion")
        values.append([_cell(text, table, f"row {row[0]}, column {c}", "a number",
                             "correct or fill in the cell") for c, text in zip(criteria, row[1:])])
        alternatives.append(row[0])
    dup = sorted({a for a in alternatives if alternatives.count(a) > 1})
    if dup:
        raise InputError("alternative ids repeat", file=file, found=", ".join(dup),
                         expected="each id once", fix="rename or merge the rows")
    return DecisionTable(tuple(alternatives), tuple(criteria), np.array(values, dtype=float))
