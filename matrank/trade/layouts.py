"""The two trade-record layouts this package reads, told apart by their column names.

Pure data and string checks: no DuckDB here, so the package imports fast and the
rules can be read in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matrank.errors import InputError


@dataclass(frozen=True)
class Layout:
    """One layout's columns: ``required`` must all be there, ``optional`` may be."""

    name: str
    label: str
    required: tuple[str, ...]
    optional: tuple[str, ...]

    def matches(self, columns: tuple[str, ...]) -> bool:
        present = {c.lower() for c in columns}
        return all(c.lower() in present for c in self.required)

    def has(self, columns: tuple[str, ...], column: str) -> bool:
        return column.lower() in {c.lower() for c in columns}

    def describe(self) -> str:
        optional = f" (optional: {', '.join(self.optional)})" if self.optional else ""
        return f"{self.label}: {', '.join(self.required)}{optional}"


BACI = Layout("baci", "CEPII BACI", required=("t", "i", "j", "k", "v"), optional=("q",))
COMTRADE = Layout("comtrade", "UN Comtrade",
                  required=("refYear", "reporterISO", "flowCode", "partnerISO", "cmdCode", "primaryValue"),
                  optional=("netWgt",))
LAYOUTS = (BACI, COMTRADE)

#: Comtrade's partner code for the world total: a check on the partners, never a partner.
WORLD = "W00"

_HS6 = re.compile(r"^\d{6}$")
_ISO3 = re.compile(r"^[A-Z][A-Z0-9]{2}$")


def detect_layout(columns: tuple[str, ...], file: str) -> Layout:
    """The layout whose required columns are all present; a file in neither is refused."""
    for layout in LAYOUTS:
        if layout.matches(columns):
            return layout
    shown = ", ".join(columns[:20]) + (f" … ({len(columns)} in all)" if len(columns) > 20 else "")
    raise InputError("not a trade file in a known layout", file=file, where="header",
                     found=f"columns {shown or '(none)'}",
                     expected=" or ".join(layout.describe() for layout in LAYOUTS),
                     fix="give a BACI yearly file (BACI_HS*_Y*_V*.csv) or a UN Comtrade CSV download, "
                         "as CSV or Parquet, with its original header")


def lost_leading_zero(code: str, layout: Layout) -> bool:
    """A digits-only code whose length only a dropped leading zero explains.

    HS codes have 2, 4 or 6 digits (BACI always 6), and no chapter starts with two zeros,
    so 5 digits (or 1 or 3 in Comtrade's coarser levels) means the code was once a number.
    """
    if not code.isdigit():
        return False
    return len(code) == 5 if layout is BACI else len(code) in (1, 3, 5)


def leading_zero_error(file: str, where: str, code: str, column: str) -> InputError:
    return InputError("product codes have lost their leading zero (they were stored as numbers)",
                      file=file, where=where, found=f'code "{code}" ({len(code)} digits)',
                      expected=f'six-digit HS codes as text, e.g. "0{code}"' if len(code) == 5
                      else "HS codes as text with their leading zeros",
                      fix=f"read and save column {column} as text (pandas: dtype={{'{column}': str}}; "
                          "spreadsheet: format the column as Text), or use the original download")


def normalise_hs_code(raw: object, material: str) -> str:
    """A material's HS-6 code as six digits of text; numbers are refused (they lose zeros)."""
    if not isinstance(raw, str):
        raise InputError("HS code is not text", where=f"material {material}, hs_codes",
                         found=f"{raw!r} ({type(raw).__name__})",
                         expected='six digits as quoted text, e.g. "020110"',
                         fix='quote the codes (YAML reads 020110 unquoted as a number)')
    code = raw.strip().replace(".", "").replace(" ", "")
    if not _HS6.match(code) or code.startswith("00"):  # chapters run from 01
        raise InputError("not an HS-6 code", where=f"material {material}, hs_codes", found=repr(raw),
                         expected='six digits, e.g. "020110" or "8505.11"',
                         fix="give the six-digit subheading (the first six digits of the national code)")
    return code


def normalise_iso3(raw: str, what: str, file: str | None = None, where: str | None = None) -> str:
    code = str(raw).strip().upper()
    if not _ISO3.match(code):
        raise InputError(f"{what} is not an ISO3 code", file=file, where=where, found=repr(raw),
                         expected="three letters, e.g. CHN, USA, DEU",
                         fix="use the ISO 3166-1 alpha-3 code")
    return code
