"""The one number parser, for CSV cells, numbers written as text in YAML and text cells in
workbooks.

Accepted: a decimal number with a point (or, where the file's delimiter leaves the comma
free — a ``;`` or tab-separated CSV — a comma), an optional exponent (``1e-3``, as
spreadsheets export), a fraction ``a/b``, full-width digits and signs (``１２``, ``－３``).
Refused, with the reason: digit separators (``1_000``, ``1,000``, ``1 000``), the words
Python's float() would take (``nan``, ``inf``, ``infinity``), hexadecimal, control
characters such as NUL, and magnitudes no calculation here can use (beyond 1e±308).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from fractions import Fraction

#: The finite range of a double; below SMALLEST lie the subnormals, whose precision is gone
#: (and whose reciprocal overflows).
LARGEST = sys.float_info.max
SMALLEST = sys.float_info.min
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
_FRACTION = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))/((?:\d+(?:\.\d*)?|\.\d+))")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})


class NumberError(ValueError):
    """Text that is not a number; the message says why, without the place (readers add it)."""


class ZeroDenominator(NumberError):
    """A fraction such as ``1/0``."""


def parse_number(text: str, *, decimal_comma: bool = False) -> float:
    """``text`` as a float, or :class:`NumberError` saying what is wrong with it."""
    raw = str(text)
    if any(unicodedata.category(ch) == "Cc" for ch in raw):
        raise NumberError(f"{_shown(raw)} holds a control character (such as NUL)")
    s = unicodedata.normalize("NFKC", raw).translate(_MINUS).strip()
    if decimal_comma and s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    if not s:
        raise NumberError("the cell is blank")
    if s.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise NumberError(f"{_shown(raw)} is not a finite number")
    fraction = _FRACTION.fullmatch(s.replace(" ", ""))
    if fraction:
        num, den = Fraction(fraction.group(1)), Fraction(fraction.group(2))
        if den == 0:
            raise ZeroDenominator(f"{_shown(raw)}: a fraction's denominator cannot be 0")
        return checked(float(num / den), raw)
    if not _NUMBER.fullmatch(s):
        if re.fullmatch(r"[+-]?\d+,\d{1,2}", s) or re.fullmatch(r"[+-]?\d+,\d{4,}", s):
            raise NumberError(f"{_shown(raw)} has a decimal comma; write a decimal point ({s.replace(',', '.')})")
        if re.fullmatch(r"[+-]?\d{1,3}([,_ ]\d{3})+(\.\d+)?", s) or "_" in s:
            raise NumberError(f"{_shown(raw)} has digit separators; write the digits alone (1000, not 1,000)")
        raise NumberError(f"{_shown(raw)} is not a number (e.g. 0.5, 3 or 1/3)")
    return checked(float(s), raw)


def checked(value: float, shown: object = None) -> float:
    """``value`` if a calculation can use it: finite, and 0 or a normal double (no subnormal)."""
    if not math.isfinite(value):
        raise NumberError(f"{_shown(shown if shown is not None else value)} is not a finite number")
    if value != 0 and not SMALLEST <= abs(value) <= LARGEST:
        raise NumberError(f"{_shown(shown if shown is not None else value)} is too "
                          f"{'small' if abs(value) < SMALLEST else 'large'} to compute with "
                          f"(beyond 1e±308)")
    return value


def to_number(value: object, *, decimal_comma: bool = False) -> float:
    """A number as given (int, float) or written as text, checked the same way."""
    if isinstance(value, bool):
        raise NumberError(f"{value!r} is a truth value, not a number")
    if isinstance(value, int):
        if abs(value) > LARGEST:
            raise NumberError(f"{_shown(value)} is too large to compute with (beyond 1e±308)")
        return checked(float(value), value)
    if isinstance(value, float):
        return checked(value)
    if hasattr(value, "__float__") and not isinstance(value, str):
        return checked(float(value), value)
    return parse_number(str(value), decimal_comma=decimal_comma)


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:30] + "…" + text[-6:]


__all__ = ["parse_number", "to_number", "checked", "NumberError", "ZeroDenominator", "LARGEST", "SMALLEST"]
