"""Units of indicator values: every indicator has a canonical unit; a value given in another
unit is converted when the two measure the same thing, and refused, naming the unit
expected, when they do not.

* fractions (rates, shares, concentrations): ``fraction``; ``percent`` / ``%`` divide by 100;
* durations (``validation_years``): ``years``; months, weeks, days, 年, 个月, 周, 天;
* ratings: ``rating`` (1–9), no other unit;
* growth (``market_growth``): ``fraction per year``; ``percent``, ``%/year``, ``1/year``;
* amounts (``production``, ``imports``, ``exports``): a mass, converted to tonnes (t, kt, Mt,
  kg, 吨, 千吨, 万吨), or money, converted to the currency's unit with the currency kept
  (CNY: 元, 千元, 万元, 亿元; USD: 美元, 万美元, 亿美元, ``USD bn``, ``USD mn``);
* money (``market_size``): as money above;
* a case's own criterion: its declared unit, when the registry knows it; else that unit's
  exact text or none.

A blank unit means the canonical one. Money is never converted between currencies (no
exchange rate is assumed): a case mixing CNY and USD for one criterion is refused where the
criterion is scored. The registry is deliberately small: a unit it does not know (furlongs,
EUR) is refused with the units it knows for that indicator, rather than converted by
accident. pint is imported only when a value names a unit other than the canonical one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: A unit text longer than this is not a unit.
MAX_UNIT_LENGTH = 40

#: Canonical unit text per quantity (amount and money depend on the dimension).
CANONICAL = {"fraction": "fraction", "duration": "years", "rating": "rating", "growth": "fraction per year"}
#: How a rating's unit may be written (the shipped cases say "rating 1-9").
RATING_SPELLINGS = re.compile(r"rating\s*\(?\s*(1\s*[-–]\s*9)?\s*\)?", re.IGNORECASE)
#: What a person may write, per quantity (for messages).
ACCEPTED = {
    "fraction": "fraction, percent, %",
    "duration": "years, months, weeks, days, 年, 个月, 周, 天",
    "rating": "rating (1–9), or no unit",
    "growth": "fraction per year, percent, %/year",
    "amount": "t, kt, Mt, kg, 吨, 万吨, or money: CNY, 元, 万元, 亿元, USD, 美元, 亿美元, USD bn",
    "money": "CNY, 元, 千元, 万元, 亿元, USD, 美元, 万美元, 亿美元, USD mn, USD bn",
}
_DEFINITIONS = """
year = [time] = yr = a = 年
month = year / 12 = mo = 个月 = 月
week = 7 * day = wk = 周
day = year / 365.25 = d = 天 = 日
tonne = [mass] = t = metric_ton = 吨
kilotonne = 1000 * tonne = kt = 千吨
megatonne = 1e6 * tonne = Mt = 百万吨
wan_tonne = 1e4 * tonne = 万吨
kilogram = tonne / 1000 = kg = 公斤 = 千克
percent = 0.01 = % = pct
fraction = 1 = ratio = share
CNY = [currency_cny] = 元 = RMB = 人民币 = yuan
thousand_CNY = 1e3 * CNY = 千元
wan_CNY = 1e4 * CNY = 万元
yi_CNY = 1e8 * CNY = 亿元
USD = [currency_usd] = 美元 = US_dollar = dollar
wan_USD = 1e4 * USD = 万美元
yi_USD = 1e8 * USD = 亿美元
thousand = 1e3
million = 1e6 = mn = 百万
billion = 1e9 = bn = 十亿
per = 1
"""
#: Dimension of each currency, and the canonical text.
CURRENCIES = {"[currency_cny]": "CNY", "[currency_usd]": "USD"}
MASS = "[mass]"


class UnitError(ValueError):
    """A unit that cannot be used for this indicator; the message says why and what to write."""


@dataclass(frozen=True)
class Conversion:
    """value in the canonical unit = value as given × factor."""

    factor: float
    unit: str                 # the canonical unit's text ("" when none was given and none is defined)

    def __call__(self, value: float) -> float:
        return value * self.factor if self.factor != 1.0 else value


SAME = Conversion(1.0, "")


@lru_cache(maxsize=1)
def registry():
    import pint

    reg = pint.UnitRegistry(None, on_redefinition="raise")
    for line in _DEFINITIONS.strip().splitlines():
        reg.define(line)
    return reg


def _quantity(unit: str):
    import pint

    try:
        return registry().Quantity(1.0, unit)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError, KeyError) as exc:
        word = getattr(exc, "unit_names", None) or unit
        word = word if isinstance(word, str) else ", ".join(word)
        if re.fullmatch(r"[A-Z]{3}", word):
            raise UnitError(f"unknown currency {word!r}: matrank knows CNY and USD and assumes no exchange "
                            "rate; give the value in CNY or USD") from None
        raise UnitError(f"unknown unit {word!r}") from None


def _clean(unit: str | None) -> str:
    text = (unit or "").strip()
    if len(text) > MAX_UNIT_LENGTH:
        raise UnitError(f"the unit is {len(text):,} characters long; a unit is a short word such as "
                        f"'percent' or '万吨'")
    if any(not ch.isprintable() for ch in text):
        raise UnitError("the unit holds a control character")
    return text


def conversion(unit: str | None, quantity: str, declared: str | None = None) -> Conversion:
    """How to bring a value given in ``unit`` to the canonical unit of ``quantity``."""
    text = _clean(unit)
    canonical = CANONICAL.get(quantity, declared or "")
    if not text or text == canonical:
        return Conversion(1.0, canonical if quantity in CANONICAL or declared else "")
    if quantity == "rating":
        if RATING_SPELLINGS.fullmatch(text):     # a spelling of the one unit a rating has: kept as written
            return Conversion(1.0, text)
        raise UnitError("a rating takes no unit")
    if quantity == "number":
        return _to_declared(text, declared)
    q = _quantity(text)
    dims = dict(q.dimensionality)
    if quantity == "fraction":
        return _dimensionless(q, text, "fraction")
    if quantity == "growth":
        if not dims:
            return Conversion(float(q.to("fraction").magnitude), canonical)
        if dims == {"[time]": -1}:
            return Conversion(float(q.to("1/year").magnitude), canonical)
        raise UnitError(f"{text!r} is not a growth rate")
    if quantity == "duration":
        if dims != {"[time]": 1}:
            raise UnitError(f"{text!r} is not a duration")
        return Conversion(float(q.to("year").magnitude), canonical)
    return _amount(q, text, quantity)


def _dimensionless(q, text: str, canonical: str) -> Conversion:
    if dict(q.dimensionality):
        raise UnitError(f"{text!r} is not a fraction")
    return Conversion(float(q.to("fraction").magnitude), canonical)


def _amount(q, text: str, quantity: str) -> Conversion:
    dims = dict(q.dimensionality)
    if quantity == "amount" and dims == {MASS: 1}:
        return Conversion(float(q.to("tonne").magnitude), "t")
    if len(dims) == 1:
        (dim, power), = dims.items()
        if dim in CURRENCIES and power == 1:
            currency = CURRENCIES[dim]
            return Conversion(float(q.to(currency).magnitude), currency)
    what = "a mass or an amount of money" if quantity == "amount" else "an amount of money"
    raise UnitError(f"{text!r} is not {what}")


def _to_declared(text: str, declared: str | None) -> Conversion:
    if not declared:
        raise UnitError("the criterion declares no unit")
    try:
        target = _quantity(declared)
    except UnitError:
        raise UnitError(f"{text!r} is not the criterion's unit {declared!r}") from None
    q = _quantity(text)
    if q.dimensionality != target.dimensionality:
        raise UnitError(f"{text!r} does not measure what {declared!r} measures")
    return Conversion(float((q / target).to("fraction").magnitude), declared)


def expected(quantity: str, declared: str | None = None) -> str:
    if quantity == "number":
        return f"{declared!r} (the criterion's unit) or no unit" if declared else "no unit"
    return ACCEPTED[quantity] + " (blank means " + (CANONICAL.get(quantity) or "the value as given") + ")"


__all__ = ["conversion", "Conversion", "UnitError", "expected", "CANONICAL", "SAME", "MAX_UNIT_LENGTH"]
