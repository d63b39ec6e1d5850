"""Trade indicators written into a copy of a case: the pure part of ``matrank trade indicators``.

:func:`trade_case` takes a case's raw mapping (as read, YAML or XLSX), the validated
:class:`~matrank.model.Case`, a :class:`~matrank.trade.TradeIndicators` computed for the
materials' ``hs_codes`` and the hashes of the files read, and returns the new raw mapping
and what was written. The rules:

* Each value is the indicator over the years by ``rule`` (``latest``: the last year with
  data; ``mean``: the mean over the years with data), with ``low``/``high`` the smallest
  and largest yearly value, ``estimate: true``, ``source`` the new source entry and a
  ``basis`` sentence naming the data set, years, reporter, codes and rule. When the
  material has an ``hs_note`` (its code is broader than the material) the basis says
  "approximation: the code is broader than the material".
* ``imports`` and ``exports``: on the value basis in USD (``unit: USD``), on the quantity
  basis in tonnes (``unit: t``; a year without export records counts 0 t). They are not
  written when the case gives the material's ``production`` in another unit (the
  criterion refuses to mix units); a note says so.
* ``supplier_concentration``: the HHI of the import partners' shares; its basis names the
  top partner and its share in the latest year with imports.
* ``partner_risk_concentration`` (with a partner-risk table): HHI × Σ sᵢ·riskᵢ.
* ``production`` is never written: it stays the case's value or estimate. Import reliance
  IR = (I − E)/(P + I − E) is what ``import_dependence`` computes when the material has
  ``production`` (in the trade's unit) and no ``domestic_rate``; otherwise
  ``domestic_rate`` comes first and the trade enters only through the concentration
  term ("concentration only").
* Nothing the case had is lost: a replaced value is kept under ``previous`` (the mapping
  as written, a bare number as ``{value: n}``; an earlier ``previous`` stays inside it),
  and the new source gets an id no other source has (``trade-baci``, ``trade-baci-2``…),
  so values citing an earlier run still resolve. Materials without ``hs_codes``, and
  those whose codes match no record, are left as they were (with a note).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

from matrank.criteria.import_dependence import import_reliance
from matrank.model import Case, Material
from matrank.trade.indicators import (RULES, Estimate, MaterialTrade, TradeIndicators, YearIndicators, aggregate,
                                      compact_years)
from matrank.trade.provenance import TradeProvenance

LAYOUT_LABELS = {"baci": "BACI", "comtrade": "UN Comtrade"}
#: The unit of imports and exports on each basis.
UNITS = {"value": "USD", "quantity": "t"}
#: The units an amount is converted to (:mod:`matrank.units`); any other text means none was given.
CANONICAL_AMOUNTS = ("t", "USD", "CNY")
APPROXIMATION = "approximation: the code is broader than the material"
#: What import_dependence does with a material's trade indicators.
USES = ("reliance", "concentration", "none")


@dataclass(frozen=True)
class WrittenValue:
    indicator: str
    estimate: Estimate
    unit: str
    replaced: bool  # the case had a value, now kept under ``previous``


@dataclass(frozen=True)
class MaterialOutcome:
    material: str
    codes: tuple[str, ...]
    approximate: bool  # the material has an hs_note
    years: tuple[int, ...]  # years with any record of the material
    values: tuple[WrittenValue, ...]
    top_partner: str | None  # in the latest year with imports
    top_share: float | None
    top_year: int | None
    uses: str  # one of USES
    import_reliance: float | None  # IR with the case's production, when the criterion uses it
    notes: tuple[str, ...]

    def value(self, indicator: str) -> WrittenValue | None:
        return next((v for v in self.values if v.indicator == indicator), None)


@dataclass(frozen=True)
class TradeCase:
    raw: dict
    source_id: str
    rule: str
    result: TradeIndicators
    provenance: TradeProvenance
    materials: tuple[MaterialOutcome, ...]  # the materials with hs_codes, in the case's order
    unchanged: tuple[str, ...]  # the materials without hs_codes

    def using(self, uses: str) -> tuple[str, ...]:
        return tuple(m.material for m in self.materials if m.uses == uses)


def trade_case(raw: dict, case: Case, result: TradeIndicators, rule: str,
               provenance: TradeProvenance) -> TradeCase:
    """The case with the trade indicators written in (see the module docstring)."""
    if rule not in RULES:
        raise ValueError(f"rule {rule!r}: expected one of {', '.join(RULES)}")
    new = copy.deepcopy(raw)
    source_id = _source_id(new, result.layout)
    by_id = {m.get("id"): m for m in new.get("materials") or [] if isinstance(m, dict)}
    outcomes = []
    for material in case.materials:
        if not material.hs_codes:
            continue
        outcome = _outcome(material, result.material(material.id), result, rule, source_id)
        _write(by_id[material.id], outcome, source_id, result, rule)
        outcomes.append(outcome)
    new.setdefault("sources", []).append(source_entry(source_id, result, rule, provenance))
    sentence = (f"Trade indicators from {LAYOUT_LABELS[result.layout]} {_span(result.year_span)} (reporter "
                f"{result.reporter}) written by matrank trade indicators: source {source_id}.")
    new["description"] = f"{new['description'].rstrip()} {sentence}" if new.get("description") else sentence
    unchanged = tuple(m.id for m in case.materials if not m.hs_codes)
    return TradeCase(new, source_id, rule, result, provenance, tuple(outcomes), unchanged)


def _span(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _source_id(raw: dict, layout: str) -> str:
    taken = {s.get("id") for s in raw.get("sources") or [] if isinstance(s, dict)}
    base = f"trade-{layout}"
    n = 1
    while (base if n == 1 else f"{base}-{n}") in taken:
        n += 1
    return base if n == 1 else f"{base}-{n}"


def source_entry(source_id: str, result: TradeIndicators, rule: str, provenance: TradeProvenance) -> dict:
    """The source entry naming every file read, its sha256, and what was computed."""
    codes = sorted({c for m in result.materials for c in m.codes})
    files = "; ".join(f"{f.path} ({f.sha256})" for f in provenance.trade)
    tables = "".join(f"; {what} {f.path} ({f.sha256})" for what, f in
                     (("country table", provenance.country_codes), ("partner-risk table", provenance.partner_risk))
                     if f is not None)
    citation = (f"{LAYOUT_LABELS[result.layout]} trade records, reporter {result.reporter}, years "
                f"{_span(result.year_span)}, HS codes {', '.join(codes)} (each material's hs_codes), basis "
                f"{result.basis} ({UNITS[result.basis]}); values by rule {rule} ({_rule_text(rule)}), low/high the "
                f"range over the years; computed by matrank trade indicators. Files: {files}{tables}.")
    return {"id": source_id, "citation": citation}


def _rule_text(rule: str) -> str:
    return "the latest year with data" if rule == "latest" else "the mean over the years with data"


def _outcome(material: Material, trade: MaterialTrade, result: TradeIndicators, rule: str,
             source_id: str) -> MaterialOutcome:
    notes = list(trade.notes)
    values = _values(material, trade, result.basis, rule, notes)
    top = next((y for y in reversed(trade.years) if y.shares), None)
    written = {v.indicator for v in values}
    reliance = None
    if {"imports", "exports"} <= written and "production" in material.indicators \
            and "domestic_rate" not in material.indicators:
        uses = "reliance"
        reliance = float(import_reliance(material.indicators["production"].value,
                                         _of(values, "imports").value, _of(values, "exports").value))
    else:
        uses = "concentration" if written & {"supplier_concentration", "partner_risk_concentration"} else "none"
        if uses != "none" and "production" in material.indicators and "domestic_rate" in material.indicators:
            notes.append("domestic_rate comes first in import_dependence, so import reliance is not used: "
                         "the trade enters through the concentration term")
    return MaterialOutcome(material.id, trade.codes, bool(material.hs_note), tuple(y.year for y in trade.years),
                           tuple(values), top.top_partner if top else None, top.top_share if top else None,
                           top.year if top else None, uses, reliance, tuple(notes))


def _of(values: list[WrittenValue], indicator: str) -> Estimate:
    return next(v.estimate for v in values if v.indicator == indicator)


def _values(material: Material, trade: MaterialTrade, basis: str, rule: str, notes: list[str]) -> list[WrittenValue]:
    """The indicators to write, each over the years by ``rule``."""
    if not trade.years:
        return []
    unit = UNITS[basis]
    amounts = {"imports": f"imports_{basis}", "exports": f"exports_{basis}"}
    filled = _exports_filled(trade) if basis == "quantity" else trade
    plan: list[tuple[str, Estimate | None, str]] = []
    production = material.indicators.get("production")
    if production is not None and (production.unit or "") != unit:
        given = production.unit if production.unit in CANONICAL_AMOUNTS else "no unit"
        notes.append(f"production is given in {given}, trade {basis}s in {unit}: imports "
                     f"and exports not written (the criterion needs one unit; give production in {unit}, or "
                     f"choose the {'quantity' if basis == 'value' else 'value'} basis)")
    else:
        found = {name: aggregate(filled, column, rule) for name, column in amounts.items()}
        if all(found.values()):
            plan += [(name, found[name], unit) for name in amounts]
        else:
            notes.append(f"no {'quantities' if basis == 'quantity' else 'values'} in the records for imports or "
                         "exports: they are not written")
    plan.append(("supplier_concentration", aggregate(trade, "hhi", rule), "fraction"))
    plan.append(("partner_risk_concentration", aggregate(trade, "risk_weighted", rule), "fraction"))
    return [WrittenValue(name, _tidy_estimate(est), unit_, name in material.indicators)
            for name, est, unit_ in plan if est is not None]


def _exports_filled(trade: MaterialTrade) -> MaterialTrade:
    """On the quantity basis, a year without any export record exported 0 t (not an unknown)."""
    years: list[YearIndicators] = [replace(y, exports_quantity=0.0)
                                   if y.exports_quantity is None and y.exports_value == 0 else y for y in trade.years]
    return replace(trade, years=tuple(years))


def _tidy(x: float) -> float:
    """Ten significant digits: no float noise in the YAML, and order kept (low ≤ value ≤ high)."""
    return float(f"{x:.10g}")


def _tidy_estimate(est: Estimate) -> Estimate:
    return replace(est, value=_tidy(est.value), low=_tidy(est.low), high=_tidy(est.high))


_WHAT = {
    "imports": "imports ({unit})", "exports": "exports ({unit})",
    "supplier_concentration": "HHI of the import partners' shares (by {basis})",
    "partner_risk_concentration": "partner-risk-weighted concentration HHI × Σ share·risk (shares by {basis})",
}


def basis_text(outcome: MaterialOutcome, value: WrittenValue, result: TradeIndicators, rule: str) -> str:
    """The basis sentence of one written value, e.g. "BACI 2019–2023, reporter CHN, HS 850511:
    HHI …; latest year 2023; low/high: range over 2019–2023 (5 years)"."""
    est = value.estimate
    what = _WHAT[value.indicator].format(unit=value.unit, basis=result.basis)
    chosen = f"latest year {est.years[-1]}" if rule == "latest" else f"mean over {len(est.years)} years"
    text = (f"{LAYOUT_LABELS[result.layout]} {_span(result.year_span)}, reporter {result.reporter}, "
            f"HS {', '.join(outcome.codes)}: {what}; {chosen}")
    if value.indicator == "supplier_concentration" and outcome.top_partner:
        text += f"; top partner {outcome.top_year}: {outcome.top_partner} {outcome.top_share * 100:.1f} %"
    if value.indicator == "partner_risk_concentration" and any("lower bound" in n for n in outcome.notes):
        text += "; partners missing from the risk table count as 0, so it is a lower bound"
    text += f"; low/high: range over {compact_years(est.years)} ({len(est.years)} years)"
    return text + (f"; {APPROXIMATION}" if outcome.approximate else "")


def _write(material: dict, outcome: MaterialOutcome, source_id: str, result: TradeIndicators, rule: str) -> None:
    """The written values into the material's raw indicators, each replaced one under ``previous``."""
    indicators = material.setdefault("indicators", {})
    for value in outcome.values:
        est = value.estimate
        mapping = {"value": est.value, "unit": value.unit, "estimate": True, "low": est.low, "high": est.high,
                   "source": source_id, "basis": basis_text(outcome, value, result, rule)}
        old = indicators.get(value.indicator)
        if old is not None:
            mapping["previous"] = copy.deepcopy(old) if isinstance(old, dict) else {"value": old}
        indicators[value.indicator] = mapping
