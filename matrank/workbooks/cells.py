"""One expert-workbook cell to a value: a judgment, a rating, a name or a role.

Each reader returns the value and, where the cell was usable but not as it should be
(a judgment typed as text), a note; a judgment that cannot be used raises
:class:`CellProblem`, whose message names the cell, what was found, what was expected
and the fix; a bad rating is ignored with a note.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from matrank.labels import LABELS
from matrank.mcda.ahp import format_judgment, nearest_saaty, on_saaty_scale
from matrank.numbers import NumberError, to_number
from matrank.workbooks.layout import EXPERT_SHEET, ROLE_CELL, ROLES


class CellProblem(Exception):
    """One input cell that cannot be used; the message names the cell, what was found,
    what was expected and the fix."""


def text_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


ROLE_WORDS = {text.casefold(): role for role in ROLES
              for text in (role, LABELS[f"role.{role}"]["en"], LABELS[f"role.{role}"]["zh"],
                           f"{LABELS[f'role.{role}']['zh']} / {LABELS[f'role.{role}']['en']}")}


def role_of(text: str, notes: list[str]) -> str | None:
    if not text:
        return None
    role = ROLE_WORDS.get(text.casefold())
    if role is None:
        notes.append(f"{EXPERT_SHEET}!{ROLE_CELL}: role {text!r} is not one of {', '.join(ROLES)}; "
                     "kept as written")
        return text
    return role


def _shown(text: str) -> str:
    text = text.strip()
    return repr(text if len(text) <= 30 else text[:27] + "…")


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
    try:
        number = to_number(value)
    except NumberError as exc:
        raise CellProblem(f"{where}: not a judgment; found {exc}; expected {expected}. "
                         "Fix: choose from the drop-down") from None
    if isinstance(value, str):
        note = (f"{where}: typed as text {_shown(value)}, read as {format_judgment(number)}. "
                "Choose values from the drop-down so that they are stored as numbers")
    if number <= 0:
        raise CellProblem(f"{where}: off Saaty's scale; found {number:g}; expected {expected}. "
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
    try:
        number = to_number(value)
    except NumberError as exc:
        return None, f"{where}: not a rating; found {exc}; expected a rating 1–9; ignored. Fix: {fix}"
    note = f"{where}: typed as text {_shown(value)}, read as {number:g}" if isinstance(value, str) else None
    if not 1 <= number <= 9:
        return None, f"{where}: off the 1–9 scale; found {number:g}; ignored. Fix: {fix}"
    if not number.is_integer():
        return None, f"{where}: not a whole number; found {number:g}; ignored. Fix: {fix}"
    return number, note
