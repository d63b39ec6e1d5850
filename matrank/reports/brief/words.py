"""Small wordings the brief's sections share: names of lenses, tiers, criteria and
indicators in the brief's language, and numbers as a reader wants them."""

from __future__ import annotations

from matrank.labels import has_label, label
from matrank.model import Value


def lens_name(lens: str, lang: str) -> str:
    return label(f"lens.{lens}", lang)


def tier_name(tier: str, lang: str) -> str:
    return label(f"tier.{tier}", lang)


def criterion_name(criterion: str, lang: str, registry=None) -> str:
    """The criterion's name: the labels table's, or a case-defined criterion's own."""
    if registry is not None:
        return registry.get(criterion).name(lang)
    key = f"criterion.{criterion}"
    return label(key, lang) if has_label(key) else criterion


def indicator_name(indicator: str, lang: str) -> str:
    key = f"indicator.{indicator}"
    return label(key, lang) if has_label(key) else indicator


def number(x: float) -> str:
    """A value as written in a case: up to four significant digits, no trailing zeros."""
    return f"{x:.4g}"


#: Units the indicators' names already give (in both languages): not repeated after a value.
NAMED_UNITS = ("fraction", "rating", "rating 1-9", "rating 1–9", "year", "years")


def unit_text(v: Value) -> str:
    """The value's unit after a space, when its indicator's name does not already say it."""
    return f" {v.unit}" if v.unit and v.unit not in NAMED_UNITS else ""


def value_text(v: Value) -> str:
    """``0.97–0.995`` (a range) or ``0.2`` (a point), with the value's unit when it says more
    than the indicator's name (tonnes, a currency)."""
    if v.low is not None and v.high is not None:
        return f"{number(v.low)}–{number(v.high)}{unit_text(v)}"
    return f"{number(v.value)}{unit_text(v)}"


__all__ = ["lens_name", "tier_name", "criterion_name", "indicator_name", "number", "value_text", "unit_text"]
