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
from matrank.workbooks.layout import EXPERT_SHEET, ROLE_CELL, ROLES, SAATY_TEXTS


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
    # before the note: a judgment of 0 has no reciprocal to show
    if number <= 0:
        raise CellProblem(f"{where}: off Saaty's scale; found {number:g}; expected {expected}. "
                         "Fix: choose from the drop-down")
    # the drop-down enters its values as text ("1/3"): only other text is worth a note
    if isinstance(value, str) and value.strip() not in SAATY_TEXTS:
        note = (f"{where}: typed as text {_shown(value)}, read as {format_judgment(number)}. "
                "Choose values from the drop-down")
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


def _which(choice: Any, a_words, b_words, equal) -> int:
    """1 when the choice names a, 2 b, 3 equal, 0 blank, -1 anything else (as the sheet reads it:
    trimmed, letter case ignored)."""
    text = text_value(choice).casefold()
    if not text:
        return 0
    for code, words in ((1, a_words), (2, b_words), (3, equal)):
        if text in {w.casefold() for w in words}:
            return code
    return -1


def _intensity(value: Any) -> float | str | None:
    """The intensity as a number, None when blank, "?" when unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (dt.date, dt.time, dt.timedelta, bool)):
        return "?"
    try:
        return to_number(value)
    except NumberError:
        return "?"


def read_pair(choice: Any, intensity: Any, words: tuple, where: str) -> tuple[float | None, str | None]:
    """A ``pairs``-form row as (the judgment a over b or None when blank, a note), read exactly as
    the sheet reads it; :class:`CellProblem` when it cannot be used. ``words`` holds the words
    naming a, those naming b, and those saying equal."""
    which, level = _which(choice, *words), _intensity(intensity)
    if which == -1 or level == "?" or (level is not None and not (1 <= level <= 9 and float(level).is_integer())):
        found = " ".join(x for x in (text_value(choice), text_value(intensity)) if x)
        raise CellProblem(f"{where}: found {_shown(found)}; expected one of the pair's two criteria (or "
                          "equal) and a whole number 1–9. Fix: choose both from the drop-downs")
    if which == 0 and level is None:
        return None, None
    if which == 3 or level == 1:
        ignored = which == 3 and level not in (None, 1)
        return 1.0, (f"{where}: equal chosen; the intensity {level:g} is ignored" if ignored else None)
    if which == 0 or level is None:
        half = "an intensity but no choice" if which == 0 else "a choice but no intensity"
        return None, f"{where}: {half}; treated as blank. Fix: fill both or neither"
    return (float(level) if which == 1 else 1.0 / level), None
