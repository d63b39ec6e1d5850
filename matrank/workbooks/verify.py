"""Check a workbook read by :mod:`.reader` against the case's template layout.

``_meta`` must equal what the template version writes for the case
(:meth:`Layout.meta_rows`), or the workbook is rejected as edited. Judgments are then
read cell by cell (:mod:`.cells`); the outcome is an :class:`ExpertInput`, or
:class:`Rejected` with a reason that names the sheet and cell, what was found, what was
expected and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from matrank.model import LENSES
from matrank.workbooks.cells import CellProblem, read_judgment, read_rating, role_of, text_value
from matrank.workbooks.layout import (EXPERT_SHEET, LENS_KINDS, LENS_SHEETS, META_HEADER, META_SHEET, NAME_CELL,
                                      ORGANISATION_CELL, RATINGS_SHEET, ROLE_CELL, TEMPLATE_VERSION, Layout, MetaRow,
                                      layout_for)
from matrank.workbooks.reader import EDITED_FIX, RawWorkbook, Rejected

UNSAVED_FIX = "open and save the workbook in Excel or LibreOffice, so that the formula's value is saved"


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


def check_workbook(raw: RawWorkbook, case, layouts: dict | None = None) -> ExpertInput:
    """Validate a workbook against the case's template layout; raise :class:`Rejected`."""
    layout = _layout(raw, case, {} if layouts is None else layouts)
    expected = layout.meta_rows()
    rows, stray = [], []
    for number, row in enumerate(raw.meta, start=2):
        (stray if row[2] in LENS_KINDS and row[3] in LENSES and row[3] not in layout.lenses else rows).append(
            (number, row))
    _compare_meta(rows, expected)
    for sheet in {row.sheet for row in expected if row.sheet}:
        if sheet not in raw.sheets:
            raise Rejected(f"the sheet '{sheet}' is missing. Fix: {EDITED_FIX}")
    notes = _stray_judgments(raw, layout.lenses, expected, stray)
    name = text_value(raw.values.get((EXPERT_SHEET, NAME_CELL)))
    organisation = text_value(raw.values.get((EXPERT_SHEET, ORGANISATION_CELL)))
    role = role_of(text_value(raw.values.get((EXPERT_SHEET, ROLE_CELL))), notes)
    judgments, problems = _judgments(raw, layout, expected, notes)
    ratings = _ratings(raw, layout, notes)
    return ExpertInput(raw.file, raw.sha256, name, organisation, role, layout.lenses, judgments, problems,
                       ratings, tuple(notes))


def _layout(raw: RawWorkbook, case, layouts: dict) -> Layout:
    """The template layout this workbook claims, after checking it was made for this case."""
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
    key = (_lenses(raw.head("lenses")), _ratings_flag(raw.head("ratings")))
    if key not in layouts:
        layouts[key] = layout_for(case, *key)
    return layouts[key]


def _judgments(raw: RawWorkbook, layout: Layout, expected: Sequence[MetaRow], notes: list[str]):
    """Per lens the usable judgments, and the cells that make a lens unusable."""
    judgments: dict[str, dict[tuple[str, str], float]] = {}
    problems: dict[str, tuple[str, ...]] = {}
    for lens in layout.lenses:
        given: dict[tuple[str, str], float] = {}
        bad: list[str] = []
        for row in expected:
            if row.kind != "pairwise" or row.lens != lens:
                continue
            where = f"{row.sheet}!{row.cell} ({row.a} vs {row.b})"
            if (row.sheet, row.cell) in raw.unsaved:
                bad.append(f"{where}: a formula whose value was never saved, so it reads as blank. "
                           f"Fix: {UNSAVED_FIX}")
                continue
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
    return judgments, problems


def _ratings(raw: RawWorkbook, layout: Layout, notes: list[str]) -> dict[tuple[str, str], float]:
    ratings: dict[tuple[str, str], float] = {}
    for k, item in enumerate(layout.ratings or ()):
        cell = Layout.rating_cell(k)
        where = f"{RATINGS_SHEET}!{cell} ({item.material}, {item.criterion})"
        if (RATINGS_SHEET, cell) in raw.unsaved:
            notes.append(f"{where}: a formula whose value was never saved; ignored. Fix: {UNSAVED_FIX}")
            continue
        value, note = read_rating(raw.values.get((RATINGS_SHEET, cell)), where)
        if value is not None:
            ratings[(item.material, item.criterion)] = value
        if note:
            notes.append(note)
    return ratings


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
        filled = sorted(f"{s}!{c}" for s, c in places if text_value(raw.values.get((s, c))))
        if filled:
            notes.append(f"{len(filled)} {lens} judgment{'s' if len(filled) != 1 else ''} found "
                         f"({', '.join(filled[:3])}{' …' if len(filled) > 3 else ''}) but this workbook "
                         f"asks only for the {' and '.join(asked)} lens: ignored")
    return notes
