"""Render the trade commands: ``matrank trade summary`` (the top partners per material and
year: what the indicators rest on) and ``matrank trade indicators`` (what was written into
the new case). Table, JSON and CSV; every word of the table comes from the labels table.

``RENDERERS`` renders a :class:`PartnerReport`; ``INDICATOR_RENDERERS`` a
:class:`~matrank.trade.casewriter.TradeCase`. JSON and CSV use ids and plain numbers (the
same in every language): shares as fractions, values in USD, quantities in tonnes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from matrank.labels import label
from matrank.reports.render import Renderer, csv_text, json_text, text_table
from matrank.trade.casewriter import UNITS, MaterialOutcome, TradeCase
from matrank.trade.indicators import PartnerShare, TradeIndicators, compact_years, summary

TOP = 5


@dataclass(frozen=True)
class PartnerReport:
    """The top partners of each material per year, with the case's word on its codes."""

    result: TradeIndicators
    top: int = TOP
    hs_notes: dict[str, str] = field(default_factory=dict)  # material id → hs_note


def _span(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _files(result: TradeIndicators) -> list[str]:
    return list(result.files)


def _share_cell(s: PartnerShare) -> str:
    return f"{s.partner} {s.share * 100:.1f} %"


# ---------------------------------------------------------------- summary

def summary_payload(report: PartnerReport, lang: str = "en") -> dict:
    r = report.result
    rows = summary(r, report.top)
    return {
        "reporter": r.reporter, "layout": r.layout, "basis": r.basis, "year_span": list(r.year_span),
        "files": _files(r), "top": report.top, "notes": list(r.notes),
        "materials": [{
            "id": m.material, "hs_codes": list(m.codes), "hs_codes_matched": list(m.codes_matched),
            "approximate": m.material in report.hs_notes, "hs_note": report.hs_notes.get(m.material),
            "years": [{"year": s.year, "imports_value": s.imports_value, "hhi": s.hhi,
                       "partners": [{"partner": p.partner, "share": p.share, "value": p.value, "quantity": p.quantity}
                                    for p in s.top]}
                      for s in rows if s.material == m.material],
            "notes": list(m.notes)} for m in r.materials],
    }


def summary_table(report: PartnerReport, lang: str = "en") -> str:
    r = report.result
    rows = summary(r, report.top)
    out = [label("trade.title.summary", lang).format(
        reporter=r.reporter, layout=label(f"trade.layout.{r.layout}", lang), span=_span(r.year_span),
        basis=label(f"trade.basis.{r.basis}", lang), top=report.top)]
    headers = [label("trade.col.year", lang), label("trade.col.imports_usd", lang), label("trade.col.hhi", lang)]
    headers += [label("trade.col.partner", lang).format(n=n) for n in range(1, report.top + 1)]
    for m in r.materials:
        heading = label("trade.material.heading", lang).format(id=m.material, codes=", ".join(m.codes))
        if m.material in report.hs_notes:
            heading += label("trade.material.approximate", lang)
        out += ["", heading]
        years = [s for s in rows if s.material == m.material]
        if not years:
            out.append(label("trade.material.no_imports", lang))
            continue
        table = [[s.year, f"{s.imports_value:,.0f}", s.hhi] + [_share_cell(p) for p in s.top]
                 + [""] * (report.top - len(s.top)) for s in years]
        out.append(text_table(headers, table).rstrip("\n"))
    return "\n".join(out) + "\n"


def summary_csv(report: PartnerReport, lang: str = "en") -> str:
    headers = ["material", "year", "imports_value_usd", "hhi", "rank", "partner", "share", "value_usd", "quantity_t"]
    rows = [[s.material, s.year, s.imports_value, s.hhi, k, p.partner, p.share, p.value, p.quantity]
            for s in summary(report.result, report.top) for k, p in enumerate(s.top, start=1)]
    return csv_text(headers, rows)


# ---------------------------------------------------------------- indicators written into a case

_COLUMNS = ("imports", "exports", "supplier_concentration", "partner_risk_concentration")


def _value_entry(m: MaterialOutcome, name: str) -> dict | None:
    v = m.value(name)
    if v is None:
        return None
    e = v.estimate
    return {"value": e.value, "low": e.low, "high": e.high, "unit": v.unit, "years": list(e.years),
            "replaced": v.replaced}


def indicators_payload(tc: TradeCase, lang: str = "en") -> dict:
    r = tc.result
    return {
        "source": tc.source_id, "citation": tc.raw["sources"][-1]["citation"], "reporter": r.reporter,
        "layout": r.layout, "basis": r.basis, "unit": UNITS[r.basis], "rule": tc.rule, "year_span": list(r.year_span),
        "files": [{"path": f.path, "sha256": f.sha256} for f in tc.provenance.files],
        "materials": [{"id": m.material, "hs_codes": list(m.codes), "approximate": m.approximate,
                       "years": list(m.years), "values": {n: _value_entry(m, n) for n in _COLUMNS if m.value(n)},
                       "top_partner": m.top_partner, "top_share": m.top_share, "top_year": m.top_year,
                       "uses": m.uses, "import_reliance": m.import_reliance, "notes": list(m.notes)}
                      for m in tc.materials],
        "unchanged": list(tc.unchanged), "notes": list(r.notes),
    }


def _amount(m: MaterialOutcome, name: str) -> str:
    v = m.value(name)
    if v is None:
        return ""
    return f"{v.estimate.value:,.0f}" if v.unit == "USD" else f"{v.estimate.value:,.1f}"


def _number(m: MaterialOutcome, name: str) -> float | None:
    v = m.value(name)
    return None if v is None else v.estimate.value


def _uses(m: MaterialOutcome, lang: str) -> str:
    return label(f"trade.uses.{m.uses}", lang).format(ir=m.import_reliance or 0.0)


def indicators_table(tc: TradeCase, lang: str = "en") -> str:
    r = tc.result
    head = label("trade.title.indicators", lang).format(
        layout=label(f"trade.layout.{r.layout}", lang), reporter=r.reporter, span=_span(r.year_span),
        basis=label(f"trade.basis.{r.basis}", lang), rule=label(f"trade.rule.{tc.rule}", lang), source=tc.source_id)
    headers = [label("col.id", lang), label("trade.col.codes", lang), label("trade.col.years", lang),
               label("trade.col.imports", lang), label("trade.col.exports", lang), label("trade.col.unit", lang),
               label("trade.col.hhi", lang), label("trade.col.top_partner", lang), label("trade.col.top_share", lang),
               label("trade.col.risk", lang), label("trade.col.uses", lang)]
    rows = [[m.material + ("*" if m.approximate else ""), ", ".join(m.codes), compact_years(m.years),
             _amount(m, "imports"), _amount(m, "exports"), UNITS[r.basis] if m.value("imports") else "",
             _number(m, "supplier_concentration"), m.top_partner, m.top_share,
             _number(m, "partner_risk_concentration"), _uses(m, lang)] for m in tc.materials]
    out = [head, "", text_table(headers, rows).rstrip("\n"), ""]
    if any(m.approximate for m in tc.materials):
        out.append(label("trade.footnote.approximate", lang))
    for uses in ("reliance", "concentration", "none"):
        ids = tc.using(uses)
        if ids:
            out.append(label(f"trade.count.{uses}", lang).format(n=len(ids), ids=", ".join(ids)))
    if tc.unchanged:
        out.append(label("trade.count.unchanged", lang).format(n=len(tc.unchanged), ids=", ".join(tc.unchanged)))
    return "\n".join(out) + "\n"


def indicators_csv(tc: TradeCase, lang: str = "en") -> str:
    headers = ["material", "hs_codes", "approximate", "years"]
    for name in _COLUMNS:
        headers += [name, f"{name}_low", f"{name}_high"]
    headers += ["unit", "top_partner", "top_share", "top_year", "uses", "import_reliance"]
    rows: list[list[Any]] = []
    for m in tc.materials:
        row: list[Any] = [m.material, " ".join(m.codes), m.approximate, compact_years(m.years)]
        for name in _COLUMNS:
            v = m.value(name)
            row += [v.estimate.value, v.estimate.low, v.estimate.high] if v else [None, None, None]
        row += [UNITS[tc.result.basis] if m.value("imports") else None, m.top_partner, m.top_share, m.top_year,
                m.uses, m.import_reliance]
        rows.append(row)
    return csv_text(headers, rows)


RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=summary_table),
    "json": Renderer(text=lambda report, lang="en": json_text(summary_payload(report, lang))),
    "csv": Renderer(text=summary_csv),
}

INDICATOR_RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=indicators_table),
    "json": Renderer(text=lambda tc, lang="en": json_text(indicators_payload(tc, lang))),
    "csv": Renderer(text=indicators_csv),
}

__all__ = ["INDICATOR_RENDERERS", "PartnerReport", "RENDERERS", "indicators_payload", "indicators_table",
           "summary_payload", "summary_table"]
