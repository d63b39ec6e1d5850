"""The panel's experts file (``panel template --experts-file experts.csv``): one row per expert.

Columns (a header row; any order; English or Chinese names): ``name`` (姓名), ``organisation``
(单位), ``role`` (角色: supplier, user, stakeholder, or their labels in either language),
``lens`` (视角: government, market or both; 政府, 市场, 两者), and optionally ``id`` (编号), the
expert's stable id; without it the ids are E01, E02, … in the file's order. Columns separated
by commas (or semicolons, or tabs). UTF-8 (with or without a BOM, as Excel writes "CSV UTF-8")
or GB18030 (as Excel writes "CSV" on a Chinese system).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from matrank.errors import InputError
from matrank.inputfile import read_input
from matrank.labels import LABELS
from matrank.model import LENSES
from matrank.workbooks.cells import ROLE_WORDS
from matrank.workbooks.layout import EXPERT_ID

COLUMNS = {"name": ("name", "姓名"), "organisation": ("organisation", "organization", "单位"),
           "role": ("role", "角色"), "lens": ("lens", "lenses", "视角"), "id": ("id", "expert_id", "编号")}
REQUIRED = ("name", "organisation", "role", "lens")
LENS_WORDS = {"government": ("government",), "market": ("market",), "both": LENSES,
              "政府": ("government",), "市场": ("market",), "两者": LENSES, "both lenses": LENSES,
              LABELS["lens.government"]["zh"]: ("government",), LABELS["lens.market"]["zh"]: ("market",)}
MAX_ROWS = 500


@dataclass(frozen=True)
class ExpertRow:
    """One expert a workbook is made for."""

    id: str
    name: str = ""
    organisation: str = ""
    role: str | None = None
    lenses: tuple[str, ...] = LENSES


def numbered(count: int) -> list[ExpertRow]:
    """Experts known only by number (``--experts N``): ids E01, E02, …"""
    width = max(2, len(str(count)))
    return [ExpertRow(f"E{k:0{width}d}") for k in range(1, count + 1)]


def read_experts(path: str) -> list[ExpertRow]:
    """The experts file's rows; :class:`InputError` naming the row and column of the first problem."""
    source = read_input(path, "CSV of experts")
    body = _decoded(source.data, path)
    rows = list(csv.reader(io.StringIO(body), delimiter=_delimiter(body)))
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError("the experts file is empty", file=path, expected="a header row and one row per expert",
                         fix="write a header name,organisation,role,lens[,id] and a row for each expert")
    columns = _columns(rows[0], path)
    body_rows = [(number, r) for number, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if not body_rows:
        raise InputError("the experts file has no experts", file=path, where="row 2",
                         found="only the header row", expected="one row per expert",
                         fix="add a row for each expert under the header")
    if len(body_rows) > MAX_ROWS:
        raise InputError("the experts file has too many rows", file=path, found=str(len(body_rows)),
                         expected=f"at most {MAX_ROWS} experts")
    for number, r in body_rows:
        if len(r) > len(rows[0]) and any(c.strip() for c in r[len(rows[0]):]):
            raise InputError("the row has more values than the header has columns", file=path, where=f"row {number}",
                             found=f"{len(r)} values: " + ", ".join(c.strip() for c in r),
                             expected=f"{len(rows[0])}, one per column of row 1",
                             fix="quote a value that holds a comma (\"Institute, Beijing\"), or remove the extra one")
    width = max(2, len(str(len(body_rows))))
    experts = [_expert(r, number, columns, path, f"E{k:0{width}d}") for k, (number, r) in enumerate(body_rows, 1)]
    _no_duplicates(experts, [number for number, _ in body_rows], path)
    return experts


def _delimiter(body: str) -> str:
    """The header row's separator: a comma, or the semicolon or tab a spreadsheet app writes in
    locales where the comma is the decimal mark."""
    header = body.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count) if header.strip() else ","


def _decoded(data: bytes, path: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("the experts file is neither UTF-8 nor GB18030 text", file=path,
                     fix="save it as CSV UTF-8 from the spreadsheet app")


def _columns(header: list[str], path: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        word = name.strip().casefold()
        for key, spellings in COLUMNS.items():
            if word in spellings:
                if key in found:
                    raise InputError(f"the column {key!r} appears twice", file=path, where="row 1",
                                     found=", ".join(h.strip() for h in header), fix="keep one of them")
                found[key] = index
    missing = [key for key in REQUIRED if key not in found]
    if missing:
        raise InputError(f"the experts file has no {missing[0]!r} column", file=path, where="row 1",
                         found=", ".join(h.strip() for h in header) or "an empty row",
                         expected="the columns name, organisation, role, lens and optionally id",
                         fix="name the columns in the first row")
    return found


def _expert(row: list[str], number: int, columns: dict[str, int], path: str, default_id: str) -> ExpertRow:
    def cell(key: str) -> str:
        index = columns.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""
    where = f"row {number}"
    role_text, lens_text, given_id = cell("role"), cell("lens"), cell("id")
    role = ROLE_WORDS.get(role_text.casefold())
    if role is None:
        raise InputError("unknown role", file=path, where=f"{where}, column role", found=repr(role_text),
                         expected="supplier, user or stakeholder (or their labels in Chinese or English)",
                         fix="write one of the three roles")
    lenses = LENS_WORDS.get(lens_text.casefold())
    if lenses is None:
        raise InputError("unknown lens", file=path, where=f"{where}, column lens", found=repr(lens_text),
                         expected="government, market or both", fix="write the lens(es) the expert judges")
    if given_id and not EXPERT_ID.match(given_id):
        raise InputError("an expert id may hold letters, digits, '.', '_' and '-' only (64 at most)", file=path,
                         where=f"{where}, column id", found=repr(given_id), fix="shorten or simplify the id")
    return ExpertRow(given_id or default_id, cell("name"), cell("organisation"), role, tuple(lenses))


def _no_duplicates(experts: list[ExpertRow], numbers: list[int], path: str) -> None:
    seen: dict[str, int] = {}
    for expert, number in zip(experts, numbers):
        key = expert.id.casefold()
        if key in seen:
            raise InputError(f"the expert id {expert.id!r} appears twice", file=path,
                             where=f"rows {seen[key]} and {number}", expected="one id per expert",
                             fix="give each expert an id of their own (or leave the id column blank)")
        seen[key] = number
