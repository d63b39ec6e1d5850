"""Read expert workbooks back: untrusted input, checked once, here.

Each file is opened by :func:`matrank.workbooks_safety.open_untrusted_workbook`
(size and zip-ratio limits, macro workbooks refused, XML parsed through
defusedxml, values only: no formula is evaluated). Only the cells its ``_meta``
sheet names are read; ``_meta`` must then equal what the template version
writes for the case (:meth:`Layout.meta_rows`), or the workbook is rejected as
edited. Judgments are validated cell by cell; the outcome is an
:class:`ExpertInput` per workbook, or a :class:`Rejected` reason that names
the sheet and cell, what was found, what was expected and the fix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from matrank.model import LENSES
from matrank.errors import InputError
from matrank.labels import LABELS
from matrank.mcda.ahp import format_judgment, nearest_saaty, on_saaty_scale, parse_judgment
from matrank.workbooks.layout import (EXPERT_SHEET, LENS_KINDS, LENS_SHEETS, META_HEADER, META_SHEET,
                                      NAME_CELL, ORGANISATION_CELL, RATINGS_SHEET, ROLE_CELL, ROLES,
                                      TEMPLATE_VERSION, Layout, MetaRow, layout_for, rating_items)
from matrank.options import PanelOptions
from matrank.results import ExpertResult, rejected
from matrank.workbooks.panel import assess, summarise

#: A template has a few hundred ``_meta`` rows; far more means it is not one.
MAX_META_ROWS = 20_000
#: Addresses read from an untrusted _meta: two column letters at most (templates stay within
#: column S), so that an edited address cannot make the reader build rows thousands of cells wide.
CELL_ADDRESS = re.compile(r"^[A-Z]{1,2}[1-9][0-9]{0,6}$")
#: Files in a panel folder that are reported (a stray .xlsm or .xls is rejected, not skipped).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".xla", ".xlam", ".ods")
#: Editors' lock files (Excel ~$name, LibreOffice .~lock.name#) are never workbooks.
LOCK_PREFIXES = ("~$", ".~lock.")
#: Read workbooks in parallel processes from this many files on (below, start-up costs more).
PARALLEL_FROM = 16
MAX_READERS = 8
EDITED_FIX = ("use the workbook as it was sent (do not add, delete or rename sheets or edit _meta), "
              "or copy the answers into a fresh template")


class CellProblem(Exception):
    """One input cell that cannot be used; the message names the cell, what was found,
    what was expected and the fix."""


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

    def head(self, kind: str) -> str | None:
        for row in self.meta:
            if row[2] == kind:
                return row[4]
        return None


@dataclass(frozen=True)
class ExpertInput:
    """One checked workbook: the expert, judgments per lens, ratings, and notes."""

    file: str
    sha256: str
    name: str
    organisation: str
    role: str | None
    lenses: tuple[str, ...]
    judgments: Mapping[str, Mapping[tuple[str, str], float]]
    #: Per lens, the cells that make the lens unusable (e.g. a value off the scale).
    problems: Mapping[str, tuple[str, ...]]
    ratings: Mapping[tuple[str, str], float]
    notes: tuple[str, ...]


# ------------------------------------------------------------------ finding and reading

def find_workbooks(paths: Sequence[str], skip: Iterable[str | Path] = ()) -> list[str]:
    """The files to collect: each FILE as given, each DIR's spreadsheet files in name order."""
    skipped = {Path(p).resolve() for p in skip if p}
    found: list[str] = []
    for given in paths:
        p = Path(given)
        if not p.is_dir():
            found.append(str(given))
            continue
        for child in sorted(p.iterdir(), key=lambda c: c.name):
            if (child.is_file() and child.suffix.lower() in WORKBOOK_SUFFIXES
                    and not child.name.startswith(LOCK_PREFIXES) and child.resolve() not in skipped):
                found.append(str(child))
    return found


def file_digest(path: Path) -> str | None:
    """sha256 of the file's bytes; None when it is too large to read (the safety check reports it)."""
    from matrank.workbooks_safety import MAX_WORKBOOK_BYTES
    if path.stat().st_size > MAX_WORKBOOK_BYTES:
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _meta_text(value: Any) -> str:
    return "" if value is None else str(value)


def read_workbook(file: str, digest: str | None) -> RawWorkbook:
    """Open one workbook safely and read ``_meta`` and the cells it names.

    Read-only (streaming) mode: the same defusedxml parser and values only as a full
    load, about five times faster, and only the sheets ``_meta`` names are parsed.
    """
    from matrank.workbooks_safety import open_untrusted_workbook

    try:
        wb = open_untrusted_workbook(file, file, read_only=True)
    except InputError as exc:
        # one line: openpyxl's own messages carry line breaks
        raise Rejected(" ".join(replace(exc, file=None).message.split())) from None
    try:
        return _read_open_workbook(wb, file, digest)
    except Rejected:
        raise
    except Exception as exc:  # a malformed sheet part surfaces only when it is streamed
        found = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        raise Rejected(f"the workbook cannot be read; found {found}. "
                       "Fix: open and re-save it in a spreadsheet app as .xlsx") from None
    finally:
        wb.close()


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
    pairwise_cells = {r[1] for r in meta if r[2] == "pairwise" and CELL_ADDRESS.match(r[1])}
    for sheet in LENS_SHEETS.values():
        if sheet in sheets and sheet not in mentioned and pairwise_cells:
            wanted[sheet] = set(pairwise_cells)
    values: dict[tuple[str, str], Any] = {}
    for sheet, cells in wanted.items():
        values.update(_cell_values(wb[sheet], sheet, cells))
    return RawWorkbook(file, digest or "", sheets, header, meta, values)


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


# ------------------------------------------------------------------ checking against the case

def check_workbook(raw: RawWorkbook, case, layouts: dict | None = None) -> ExpertInput:
    """Validate a workbook against the case's template layout; raise :class:`Rejected`."""
    if raw.header != META_HEADER:
        raise Rejected(f"{META_SHEET}!A1:F1: the header is '{' | '.join(raw.header)}'; expected "
                       f"'{' | '.join(META_HEADER)}'; the _meta sheet was edited. Fix: {EDITED_FIX}")
    version = raw.head("template_version")
    if version != TEMPLATE_VERSION:
        raise Rejected(f"made with template version {version!r}; this matrank reads {TEMPLATE_VERSION!r}. "
                       "Fix: make new templates with `matrank panel template` and copy the answers over")
    made_for = raw.head("case")
    if made_for != case.id:
        raise Rejected(f"made for case {made_for!r}, not {case.id!r}. Fix: collect it with the panel "
                       f"of its own case (`--case {made_for}`)")
    if raw.head("criteria_hash") != case.criteria_hash:
        raise Rejected(f"made for other criteria or directions (criteria_hash {raw.head('criteria_hash')!r}, "
                       f"case {case.id} has {case.criteria_hash!r}). Fix: make new templates for the case "
                       "as it is now and copy the answers over")
    lenses = _lenses(raw.head("lenses"))
    with_ratings = _ratings_flag(raw.head("ratings"))
    key = (lenses, with_ratings)
    if layouts is None:
        layouts = {}
    if key not in layouts:
        layouts[key] = layout_for(case, lenses, with_ratings)
    layout: Layout = layouts[key]

    expected = layout.meta_rows()
    notes: list[str] = []
    rows, stray = [], []
    for number, row in enumerate(raw.meta, start=2):
        (stray if row[2] in LENS_KINDS and row[3] in LENSES and row[3] not in lenses else rows).append(
            (number, row))
    _compare_meta(rows, expected)
    for sheet in {row.sheet for row in expected if row.sheet}:
        if sheet not in raw.sheets:
            raise Rejected(f"the sheet '{sheet}' is missing. Fix: {EDITED_FIX}")
    notes += _stray_judgments(raw, layout.lenses, expected, stray)

    name = _text_value(raw.values.get((EXPERT_SHEET, NAME_CELL)))
    organisation = _text_value(raw.values.get((EXPERT_SHEET, ORGANISATION_CELL)))
    role = _role(_text_value(raw.values.get((EXPERT_SHEET, ROLE_CELL))), notes)

    judgments: dict[str, dict[tuple[str, str], float]] = {}
    problems: dict[str, tuple[str, ...]] = {}
    for lens in layout.lenses:
        given: dict[tuple[str, str], float] = {}
        bad: list[str] = []
        for row in expected:
            if row.kind != "pairwise" or row.lens != lens:
                continue
            where = f"{row.sheet}!{row.cell} ({row.a} vs {row.b})"
            try:
                value, note = read_judgment(raw.values.get((row.sheet, row.cell)), where)
            except CellProblem as exc:
                bad.append(str(exc))
                continue
            if value is not None:
                given[(row.a, row.b)] = value
            if note:
                notes.append(note)
        judgments[lens] = given
        if bad:
            problems[lens] = tuple(bad)

    ratings: dict[tuple[str, str], float] = {}
    for k, item in enumerate(layout.ratings or ()):
        cell = Layout.rating_cell(k)
        where = f"{RATINGS_SHEET}!{cell} ({item.material}, {item.criterion})"
        value, note = read_rating(raw.values.get((RATINGS_SHEET, cell)), where)
        if value is not None:
            ratings[(item.material, item.criterion)] = value
        if note:
            notes.append(note)
    return ExpertInput(raw.file, raw.sha256, name, organisation, role, layout.lenses, judgments, problems,
                       ratings, tuple(notes))


def _lenses(text: str | None) -> tuple[str, ...]:
    parts = [p.strip() for p in (text or "").split(",")]
    if not parts or any(p not in LENSES for p in parts) or len(set(parts)) != len(parts):
        raise Rejected(f"{META_SHEET}: the lenses row is {text!r}; expected government, market or "
                       f"government,market; the _meta sheet was edited. Fix: {EDITED_FIX}")
    return tuple(lens for lens in LENSES if lens in parts)


def _ratings_flag(text: str | None) -> bool:
    if text not in ("yes", "no"):
        raise Rejected(f"{META_SHEET}: the ratings row is {text!r}; expected 'yes' or 'no'; the _meta "
                       f"sheet was edited. Fix: {EDITED_FIX}")
    return text == "yes"


def _compare_meta(rows: list[tuple[int, tuple[str, ...]]], template_rows: Sequence[MetaRow]) -> None:
    expected = [r.cells() for r in template_rows]

    def edited(where: str, what: str, kinds: Sequence[str]) -> Rejected:
        # Rating rows follow the case's estimates, which may change after the templates went out.
        why = ("the case's estimated values changed since the templates were made, or the _meta sheet "
               "was edited" if "rating" in kinds else "the _meta sheet was edited")
        return Rejected(f"{where}: {what}; {why}. Fix: {EDITED_FIX}")

    for k, want in enumerate(expected):
        if k >= len(rows):
            raise edited(META_SHEET, f"{len(rows)} rows where the template has {len(expected)}; row {k + 2} "
                                     f"should be '{' | '.join(want)}'", [want[2]])
        number, found = rows[k]
        if found != want:
            raise edited(f"{META_SHEET}!A{number}:F{number}",
                         f"found '{' | '.join(found)}'; expected '{' | '.join(want)}'", [want[2], found[2]])
    if len(rows) > len(expected):
        number, found = rows[len(expected)]
        raise edited(f"{META_SHEET}!A{number}:F{number}",
                     f"an extra row '{' | '.join(found)}' after the template's {len(expected)} rows", [found[2]])


def _stray_judgments(raw: RawWorkbook, asked: Sequence[str], template_rows: Sequence[MetaRow],
                     stray) -> list[str]:
    """Judgments for a lens this workbook does not ask: noted and ignored, never used."""
    notes = []
    cells = [r.cell for r in template_rows if r.kind == "pairwise"]
    for lens in LENSES:
        if lens in asked:
            continue
        sheet = LENS_SHEETS[lens]
        places = {(row[0], row[1]) for _, row in stray if row[3] == lens and row[2] == "pairwise"}
        if sheet in raw.sheets:
            places |= {(sheet, cell) for cell in cells}
        filled = sorted(f"{s}!{c}" for s, c in places if _text_value(raw.values.get((s, c))))
        if filled:
            notes.append(f"{len(filled)} {lens} judgment{'s' if len(filled) != 1 else ''} found "
                         f"({', '.join(filled[:3])}{' …' if len(filled) > 3 else ''}) but this workbook "
                         f"asks only for the {' and '.join(asked)} lens: ignored")
    return notes


def _text_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


ROLE_WORDS = {text.casefold(): role for role in ROLES
              for text in (role, LABELS[f"role.{role}"]["en"], LABELS[f"role.{role}"]["zh"],
                           f"{LABELS[f'role.{role}']['zh']} / {LABELS[f'role.{role}']['en']}")}


def _role(text: str, notes: list[str]) -> str | None:
    if not text:
        return None
    role = ROLE_WORDS.get(text.casefold())
    if role is None:
        notes.append(f"{EXPERT_SHEET}!{ROLE_CELL}: role {text!r} is not one of {', '.join(ROLES)}; "
                     "kept as written")
        return text
    return role


# ------------------------------------------------------------------ cell values

def read_judgment(value: Any, where: str) -> tuple[float | None, str | None]:
    """A judgment cell as (scale value or None when blank, a note); :class:`CellProblem`
    when it cannot be used."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    expected = "one of 9, 8, …, 2, 1, 1/2, …, 1/9 from the drop-down"
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        raise CellProblem(f"{where}: a date or time, not a judgment; found {value}; expected {expected}. "
                         "Fix: the spreadsheet app turned a typed fraction such as 1/3 into a date: "
                         "clear the cell and choose the value from the drop-down")
    if isinstance(value, bool):
        raise CellProblem(f"{where}: found {value}; expected {expected}. Fix: choose from the drop-down")
    note = None
    if isinstance(value, str):
        try:
            number = parse_judgment(value)
        except ValueError:
            raise CellProblem(f"{where}: not a number; found {value.strip()!r}; expected {expected}. "
                             "Fix: choose from the drop-down") from None
        note = (f"{where}: typed as text {value.strip()!r}, read as {format_judgment(number)}. "
                "Choose values from the drop-down so that they are stored as numbers")
    else:
        number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise CellProblem(f"{where}: off Saaty's scale; found {value!r}; expected {expected}. "
                         "Fix: choose from the drop-down")
    if not on_saaty_scale(number):
        raise CellProblem(f"{where}: off Saaty's scale; found {format_judgment(number)}; expected {expected}. "
                         f"Fix: choose {format_judgment(nearest_saaty(number))}, the nearest scale value, "
                         "or another from the drop-down")
    return nearest_saaty(number), note


def read_rating(value: Any, where: str) -> tuple[float | None, str | None]:
    """A rating cell as (1–9 or None, a note); a bad rating is ignored with a note."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    fix = "choose a whole number from 1 to 9 from the drop-down"
    if isinstance(value, (dt.date, dt.time, dt.timedelta, bool)):
        return None, f"{where}: found {value}; expected a rating 1–9; ignored. Fix: {fix}"
    note = None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None, f"{where}: not a number; found {value.strip()!r}; expected a rating 1–9; ignored. Fix: {fix}"
        note = f"{where}: typed as text {value.strip()!r}, read as {number:g}"
    else:
        number = float(value)
    if not (math.isfinite(number) and 1 <= number <= 9):
        return None, f"{where}: off the 1–9 scale; found {number:g}; ignored. Fix: {fix}"
    if not number.is_integer():
        return None, f"{where}: not a whole number; found {number:g}; ignored. Fix: {fix}"
    return number, note


# ------------------------------------------------------------------ the panel

def collect(paths: Sequence[str], case_arg: str | None = None, options: PanelOptions | None = None):
    """Read, check and assess every workbook (files, or folders: :func:`find_workbooks`), then
    aggregate: a :class:`PanelResult`. One bad file never stops the others: it is recorded
    as rejected with its reason.
    """
    options = options or PanelOptions()
    files = find_workbooks(paths)
    if not files:
        raise InputError("no workbooks to collect", expected="expert workbooks (.xlsx) or a folder holding them",
                         fix="give the folder written by `matrank panel template`, once filled in")
    seen_paths: dict[Path, str] = {}
    seen_digests: dict[str, str] = {}
    slots: list[Any] = []             # per file: a job number, or its rejection (ExpertResult)
    jobs: list[tuple[str, str | None]] = []
    for file in files:
        path = Path(file)
        try:
            resolved = path.resolve()
            if resolved in seen_paths:
                raise Rejected(f"the same file as {seen_paths[resolved]} (given twice); counted once")
            seen_paths[resolved] = file
            if not path.is_file():
                raise Rejected("no such file. Fix: check the path")
            digest = file_digest(path)
            if digest is not None and digest in seen_digests:
                slots.append(rejected(file, f"identical to {seen_digests[digest]} (the same workbook given "
                                            "twice); counted once", digest))
                continue
            if digest is not None:
                seen_digests[digest] = file
            slots.append(len(jobs))
            jobs.append((file, digest))
        except Rejected as exc:
            slots.append(rejected(file, exc.reason))
        except OSError as exc:
            slots.append(rejected(file, f"cannot read the file: {exc.strerror or exc}"))
    read = _read_many(jobs)
    slots = [read[s] if isinstance(s, int) else s for s in slots]
    case = _panel_case(case_arg, [s for s in slots if isinstance(s, RawWorkbook)], slots)
    ids = case.criteria.ids
    layouts: dict = {}
    experts = []
    for slot in slots:
        if not isinstance(slot, RawWorkbook):
            experts.append(slot)
            continue
        try:
            experts.append(assess(check_workbook(slot, case, layouts), ids, options))
        except Rejected as exc:
            experts.append(rejected(slot.file, exc.reason, slot.sha256))
    return summarise(case, _note_same_expert(experts), rating_items(case), options)


def _note_same_expert(experts: list) -> list:
    """A workbook re-saved and sent again has other bytes, so it is not "the same file";
    two workbooks under one name and organisation are most likely that, and said so."""
    first: dict[tuple[str, str], str] = {}
    out = []
    for e in experts:
        key = (e.name.casefold(), e.organisation.casefold())
        if e.rejection is None and e.name:
            if key in first:
                e = replace(e, notes=e.notes + (
                    f"the same name and organisation as {first[key]}: if it is one expert's workbook sent "
                    "twice, collect only one of them (both are used)",))
            else:
                first[key] = e.file
        out.append(e)
    return out


def _read_or_reject(job: tuple[str, str | None]) -> RawWorkbook | ExpertResult:
    file, digest = job
    try:
        return read_workbook(file, digest)
    except Rejected as exc:
        return rejected(file, exc.reason, digest or "")
    except OSError as exc:
        return rejected(file, f"cannot read the file: {exc.strerror or exc}", digest or "")


def _read_many(jobs: list[tuple[str, str | None]]) -> list[RawWorkbook | ExpertResult]:
    """Read the workbooks, in order; over several processes when there are many, because
    parsing the XML is CPU-bound and each file is independent."""
    import os

    workers = min(os.cpu_count() or 1, MAX_READERS)
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        return [_read_or_reject(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_read_or_reject, jobs, chunksize=max(1, len(jobs) // (4 * workers))))


def _panel_case(case_arg: str | None, raws: list[RawWorkbook], slots):
    """The case given, or the one the readable workbooks name (most of them)."""
    from matrank.casefiles import load_case, shipped_cases

    if case_arg is not None:
        return load_case(case_arg)
    named = Counter(r.head("case") for r in raws if r.head("case"))
    if not named:
        reasons = [f"{s.file}: {s.reason}" for s in slots if not isinstance(s, RawWorkbook)]
        raise InputError(f"none of the {len(slots)} files is a readable panel workbook naming its case",
                         found=" | ".join(reasons[:5]) + (" | …" if len(reasons) > 5 else ""),
                         fix="collect workbooks made by `matrank panel template`, or pass --case")
    ranked = named.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        counts = ", ".join(f"{name} ({n} file{'s' if n != 1 else ''})" for name, n in ranked)
        raise InputError("the workbooks were made for different cases", found=counts,
                         expected="one case per panel", fix="pass --case CASE to choose the panel's case")
    name = ranked[0][0]
    # Only a shipped case's name is looked up: a name read from an untrusted workbook must
    # never steer which file on this machine gets opened.
    if name not in shipped_cases():
        raise InputError(f"the workbooks were made for case {name!r}, which is not a shipped case",
                         fix="pass --case PATH, the case file the templates were made from")
    return load_case(name)
