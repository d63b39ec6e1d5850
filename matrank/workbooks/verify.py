"""Check a workbook read by :mod:`.reader` against the case's template layout.

``_meta`` must equal what the template version writes for the case
(:meth:`Layout.meta_rows`), or the workbook is rejected as edited. Judgments are then
read cell by cell (:mod:`.cells`); the outcome is an :class:`ExpertInput`, or
:class:`Rejected` with a reason that names the sheet and cell, what was found, what was
expected and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from matrank.model import LENSES
from matrank.workbooks.cells import CellProblem, read_judgment, read_pair, read_rating, role_of, text_value
from matrank.workbooks.layout import (EXPERT_ID, EXPERT_SHEET, INPUT_KINDS, LENS_KINDS, LENS_SHEETS, MAX_ROUND,
                                      META_HEADER, META_SHEET, NAME_CELL, ORGANISATION_CELL, RATINGS_SHEET, ROLE_CELL,
                                      TEMPLATE_VERSION, Layout, MetaRow, choice_words, equal_words, layout_for)
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
    expert_id: str | None = None
    round: int | None = None
    form: str = "matrix"
    #: Per lens, what each unusable pair's cell(s) held, as shown (so that a later round can say
    #: "2.5 → 2", not "blank → 2").
    unusable: Mapping[str, Mapping[tuple[str, str], str]] = field(default_factory=dict)


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
    judgments, problems, unusable = _judgments(raw, layout, expected, notes, case)
    ratings = _ratings(raw, layout, notes)
    return ExpertInput(raw.file, raw.sha256, name, organisation, role, layout.lenses, judgments, problems,
                       ratings, tuple(notes), layout.expert_id, layout.round, layout.form, unusable)


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
    kinds = {row[2] for row in raw.meta}
    feedback = {kind: tuple(sorted({row[3] for row in raw.meta if row[2] == kind and row[3] in LENSES}))
                for kind in ("previous", "group")}
    key = (_lenses(raw.head("lenses")), _ratings_flag(raw.head("ratings")),
           "pairs" if "choice" in kinds else "matrix", _expert_id(raw.head("expert_id")), _round(raw.head("round")),
           feedback["previous"], feedback["group"])
    if key not in layouts:
        lenses, ratings, form, expert_id, round_, previous, group = key
        # made before experts had ids: its CR and worst-pair cells sat one row higher
        layouts[key] = layout_for(case, lenses, ratings, form=form, expert_id=expert_id, round=round_,
                                  previous=previous, group=group, legacy=expert_id is None and round_ is None)
    return layouts[key]


def _expert_id(text: str | None) -> str | None:
    if text is None:
        return None
    if not EXPERT_ID.match(text):
        raise Rejected(f"{META_SHEET}: the expert_id row is {text!r}; expected letters, digits, '.', '_' or '-' "
                       f"(64 at most); the _meta sheet was edited. Fix: {EDITED_FIX}")
    return text


def _round(text: str | None) -> int | None:
    if text is None:
        return None
    if not (text.isdigit() and 1 <= int(text) <= MAX_ROUND):
        raise Rejected(f"{META_SHEET}: the round row is {text!r}; expected a whole number from 1 to {MAX_ROUND}; "
                       f"the _meta sheet was edited. Fix: {EDITED_FIX}")
    return int(text)


def _judgments(raw: RawWorkbook, layout: Layout, expected: Sequence[MetaRow], notes: list[str], case):
    """Per lens the usable judgments, the cells that make a lens unusable, and what they held."""
    judgments: dict[str, dict[tuple[str, str], float]] = {}
    problems: dict[str, tuple[str, ...]] = {}
    unusable: dict[str, dict[tuple[str, str], str]] = {}
    criteria = {c.id: c for c in case.criteria}
    for lens in layout.lenses:
        given: dict[tuple[str, str], float] = {}
        bad: list[str] = []
        held: dict[tuple[str, str], str] = {}
        for rows in _input_rows(expected, lens):
            first = rows[0]
            where = f"{first.sheet}!{'+'.join(r.cell for r in rows)} ({first.a} vs {first.b})"
            unsaved = [r.cell for r in rows if (r.sheet, r.cell) in raw.unsaved]
            if unsaved:
                bad.append(f"{where}: a formula whose value was never saved, so it reads as blank. "
                           f"Fix: {UNSAVED_FIX}")
                held[(first.a, first.b)] = "formula"
                continue
            cells = [raw.values.get((r.sheet, r.cell)) for r in rows]
            try:
                if first.kind == "pairwise":
                    value, note = read_judgment(cells[0], where)
                else:
                    words = (choice_words(criteria[first.a]), choice_words(criteria[first.b]), equal_words())
                    value, note = read_pair(cells[0], cells[1], words, where)
            except CellProblem as exc:
                bad.append(str(exc))
                held[(first.a, first.b)] = " / ".join(_held(c) for c in cells)
                continue
            if value is not None:
                given[(first.a, first.b)] = value
            if note:
                notes.append(note)
        judgments[lens] = given
        if bad:
            problems[lens] = tuple(bad)
            unusable[lens] = held
    return judgments, problems, unusable


def _held(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return format(value, "g")
    return str(value).strip()[:40]


def _input_rows(expected: Sequence[MetaRow], lens: str) -> list[list[MetaRow]]:
    """Per pair the rows of its input cells: one ``pairwise``, or its ``choice`` and ``intensity``."""
    pairs: dict[tuple[str, str], list[MetaRow]] = {}
    for row in expected:
        if row.kind in INPUT_KINDS and row.lens == lens:
            pairs.setdefault((row.a, row.b), []).append(row)
    return [sorted(rows, key=lambda r: INPUT_KINDS.index(r.kind)) for rows in pairs.values()]


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
    cells = [r.cell for r in template_rows if r.kind in INPUT_KINDS]
    for lens in LENSES:
        if lens in asked:
            continue
        sheet = LENS_SHEETS[lens]
        places = {(row[0], row[1]) for _, row in stray if row[3] == lens and row[2] in INPUT_KINDS}
        if sheet in raw.sheets:
            places |= {(sheet, cell) for cell in cells}
        filled = sorted(f"{s}!{c}" for s, c in places if text_value(raw.values.get((s, c))))
        if filled:
            notes.append(f"{len(filled)} {lens} judgment{'s' if len(filled) != 1 else ''} found "
                         f"({', '.join(filled[:3])}{' …' if len(filled) > 3 else ''}) but this workbook "
                         f"asks only for the {' and '.join(asked)} lens: ignored")
    return notes
