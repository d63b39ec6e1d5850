"""The two small side tables: BACI's country codes and a partner-risk table.

Both are a few hundred lines, read with the csv module so every problem can name its
line. Partner-risk rules (documented here, applied by :func:`read_partner_risk`):

* ``risk`` must be a number in [0, 1]; an ISO3 listed twice is refused (which value?).
* With a country table, an ISO3 not in it is refused: a typo would otherwise give its risk
  to nobody without a word.
* Without one (Comtrade names partners by ISO3 itself) codes are only checked for shape;
  :mod:`matrank.trade.indicators` notes the ones no partner in the data carries.
* A partner in the data but not in the table has no known risk: the weighted
  concentration counts it as 0 (a lower bound) and says how much import share that covers.
"""

from __future__ import annotations

import csv
import difflib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from matrank.errors import InputError
from matrank.inputfile import read_input
from matrank.trade.layouts import normalise_iso3


@dataclass(frozen=True)
class CountryTable:
    """BACI's numeric country codes and their ISO3 codes."""

    file: str
    iso3_by_code: Mapping[int, str]

    def codes_of(self, iso3: str) -> tuple[int, ...]:
        return tuple(sorted(code for code, iso in self.iso3_by_code.items() if iso == iso3))

    @property
    def iso3_codes(self) -> frozenset[str]:
        return frozenset(self.iso3_by_code.values())

    def reporter_codes(self, reporter: str) -> tuple[int, ...]:
        """The numeric codes of ``reporter``; a reporter the table lacks is refused."""
        codes = self.codes_of(reporter)
        if codes:
            return codes
        close = difflib.get_close_matches(reporter, sorted(self.iso3_codes), n=3)
        raise InputError("reporter is not in the country table", file=self.file, where="column country_iso3",
                         found=reporter, expected="an ISO3 code of the table"
                         + (f" (close: {', '.join(close)})" if close else ""),
                         fix="give the reporter's ISO3 code as the table spells it")


@dataclass(frozen=True)
class PartnerRisk:
    """Risk in [0, 1] per partner ISO3."""

    file: str
    risk: Mapping[str, float]


def _rows(path: str | Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row with lower-case keys) of a small CSV, after checking its header."""

    source = read_input(path, "CSV", allow_empty=True)
    file = source.path
    # names in these tables are never used, so a stray byte must not stop the read
    text = source.data.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise InputError("empty file", file=file, expected=f"a CSV header with {', '.join(required)}",
                         fix="give the complete file")
    reader = csv.DictReader(text.splitlines())
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError("missing columns", file=file, where="line 1", found=", ".join(header),
                         expected=", ".join(required), fix=f"add the column(s) {', '.join(missing)}")
    for line, row in enumerate(reader, start=2):
        yield line, {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}


def read_country_codes(path: str | Path) -> CountryTable:
    """BACI's ``country_codes_V*.csv``; rows without an ISO3 (``N/A``) are skipped."""
    file = str(path)
    table: dict[int, str] = {}
    for line, row in _rows(path, ("country_code", "country_iso3")):
        raw_code, raw_iso = row["country_code"], row["country_iso3"]
        if raw_iso.upper() in ("", "N/A", "NA"):
            continue
        try:
            code = int(raw_code)
        except ValueError:
            raise InputError("country code is not a whole number", file=file,
                             where=f"line {line}, column country_code", found=repr(raw_code),
                             expected="BACI's numeric code, e.g. 156", fix="correct the line") from None
        iso3 = normalise_iso3(raw_iso, "country_iso3", file=file, where=f"line {line}")
        if table.get(code, iso3) != iso3:
            raise InputError("one country code, two ISO3 codes", file=file, where=f"line {line}",
                             found=f"{code} → {table[code]} and {iso3}", expected="one ISO3 per code",
                             fix="remove the wrong line")
        table[code] = iso3
    return CountryTable(file, MappingProxyType(table))


def _risk_value(raw: str, file: str, where: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InputError("risk is not a number in [0, 1]", file=file, where=where, found=repr(raw),
                         expected="a fraction from 0 (no risk) to 1",
                         fix=f"if {raw} is a percentage, write {value / 100:g}" if 1 < value <= 100
                         else "correct the value")
    return value


def read_partner_risk(path: str | Path, countries: CountryTable | None = None) -> PartnerRisk:
    """A CSV ``iso3,risk`` (the rules are in the module docstring)."""
    file = str(path)
    risk: dict[str, float] = {}
    first_line: dict[str, int] = {}
    for line, row in _rows(path, ("iso3", "risk")):
        if not row["iso3"] and not row["risk"]:
            continue
        iso3 = normalise_iso3(row["iso3"], "iso3", file=file, where=f"line {line}")
        if countries is not None and iso3 not in countries.iso3_codes:
            raise InputError("ISO3 code not in the country table", file=file, where=f"line {line}",
                             found=iso3, expected=f"a code of {countries.file}",
                             fix="correct the code or remove the line")
        if iso3 in risk:
            raise InputError("partner listed twice", file=file, where=f"line {line}",
                             found=f"{iso3} also on line {first_line[iso3]}", expected="one line per partner",
                             fix="keep one of the lines")
        risk[iso3] = _risk_value(row["risk"], file, f"line {line}, column risk")
        first_line[iso3] = line
    return PartnerRisk(file, MappingProxyType(risk))
