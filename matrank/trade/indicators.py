"""Import-reliance and supplier-risk indicators per material and year, from trade records.

For a reporter R, each material (a set of HS-6 codes) and each year:

* imports and exports: value (USD) and quantity (tonnes) summed over the material's
  codes and all partners; a quantity counts the records that carry one (the notes say
  how much value had none), and is None when no record did.
* import shares s_i of the partners on the chosen basis (``value`` or ``quantity``;
  on quantity, records without one are left out of the shares).
* HHI = Σ s_i² (1 = a single supplier), the top partner and its share.
* with a partner-risk table: risk-weighted concentration HHI × Σ s_i·risk_i. A partner
  missing from the table counts as risk 0, so the figure is then a lower bound;
  ``risk_uncovered_share`` is the import share of such partners.

Over the years (:func:`aggregate`), for one indicator, over the years where it has a
value:

* ``latest``: the value of the last such year;
* ``mean``: the mean over those years;
* both with low = min and high = max over those years, so low ≤ value ≤ high, the shape
  a case file's estimate takes.

A material whose codes match no record stays in the result, without years and with a
note. Duplicate rows for one partner (same year, flow and product) are summed, with a
note. Comtrade's world partner ``W00`` is never a partner: when partners and W00 differ
by more than 1 %, a note says so. Years of the span (the range asked for, else the first
to the last year found) without any record are noted too. Partner-risk rules:
:mod:`matrank.trade.tables`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from matrank.errors import InputError
from matrank.trade.layouts import BACI, WORLD, normalise_hs_code, normalise_iso3
from matrank.trade.readers import (Scope, TradeFile, connect, inspect_files, load_flows, register_codes,
                                   register_countries, reporter_years, reporters_in, resolve_files)
from matrank.trade.tables import CountryTable, PartnerRisk, read_country_codes, read_partner_risk

BASES = ("value", "quantity")
RULES = ("latest", "mean")
INDICATORS = ("imports_value", "imports_quantity", "exports_value", "exports_quantity",
              "hhi", "top_share", "risk_weighted")
#: Comtrade's partners may sum to W00 within rounding; beyond this, a note.
WORLD_TOLERANCE = 0.01
_EXAMPLES = 3


@dataclass(frozen=True)
class PartnerShare:
    partner: str  # ISO3 (an unmapped BACI code shows as "#code")
    share: float  # of the reporter's imports of the material, on the basis
    value: float  # USD
    quantity: float | None  # tonnes


@dataclass(frozen=True)
class YearIndicators:
    year: int
    imports_value: float
    imports_quantity: float | None
    exports_value: float
    exports_quantity: float | None
    shares: tuple[PartnerShare, ...]  # import partners, largest share first
    hhi: float | None  # None when nothing was imported (on the basis)
    top_partner: str | None
    top_share: float | None
    risk_weighted: float | None  # None without a partner-risk table
    risk_uncovered_share: float | None


@dataclass(frozen=True)
class Estimate:
    """One indicator over the years: ``value`` by ``rule``, with the min and max."""

    indicator: str
    rule: str
    value: float
    low: float
    high: float
    years: tuple[int, ...]


@dataclass(frozen=True)
class MaterialTrade:
    material: str
    codes: tuple[str, ...]
    codes_matched: tuple[str, ...]
    years: tuple[YearIndicators, ...]  # the years with any record of the material
    years_used: tuple[int, ...]  # the years with imports on the basis (an HHI)
    notes: tuple[str, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.notes)

    def aggregate(self, indicator: str, rule: str = "latest") -> Estimate | None:
        return aggregate(self, indicator, rule)


@dataclass(frozen=True)
class TradeIndicators:
    reporter: str
    basis: str
    layout: str  # "baci" or "comtrade"
    files: tuple[str, ...]
    year_span: tuple[int, int]
    materials: tuple[MaterialTrade, ...]
    notes: tuple[str, ...]

    def material(self, material_id: str) -> MaterialTrade:
        for m in self.materials:
            if m.material == material_id:
                return m
        raise KeyError(material_id)


@dataclass(frozen=True)
class PartnerSummary:
    material: str
    year: int
    imports_value: float
    hhi: float | None
    top: tuple[PartnerShare, ...]


def trade_indicators(files: Sequence[str | Path], materials: Mapping[str, Sequence[str]], reporter: str, *,
                     country_codes: str | Path | None = None, years: tuple[int, int] | None = None,
                     partner_risk: str | Path | None = None, basis: str = "value",
                     threads: int | None = None, memory_limit: str = "512MB") -> TradeIndicators:
    """Indicators of ``reporter``'s trade in each material (see the module docstring).

    ``materials`` maps a material id to its HS-6 codes (text); ``country_codes`` is BACI's
    ``country_codes_V*.csv`` (required for BACI files); ``years`` is inclusive.
    """
    reporter = normalise_iso3(reporter, "reporter")
    basis = _checked_basis(basis)
    years = _checked_years(years)
    codes = material_codes(materials)
    paths = resolve_files(files)
    countries = read_country_codes(country_codes) if country_codes is not None else None
    risk = read_partner_risk(partner_risk, countries) if partner_risk is not None else None
    con = connect(threads, memory_limit)
    try:
        trade_files = inspect_files(con, paths)
        scope = _scope(trade_files, countries, reporter, years)
        register_codes(con, codes)
        register_countries(con, countries)
        load_flows(con, trade_files, scope)
        span = _year_span(con, trade_files, scope)
        built = [_material(m, cs, rows, basis, risk, span, notes)
                 for m, cs, rows, notes in _per_material(con, codes, comtrade=trade_files[0].layout is not BACI)]
        notes = _result_notes(con, span, risk, countries)
    finally:
        con.close()
    return TradeIndicators(reporter, basis, trade_files[0].layout.name, paths, span, tuple(built), notes)


def _checked_basis(basis: str) -> str:
    if basis not in BASES:
        raise InputError("unknown basis for the import shares", where="basis", found=repr(basis),
                         expected=" or ".join(BASES), fix="choose value (USD) or quantity (tonnes)")
    return basis


def _checked_years(years: tuple[int, int] | None) -> tuple[int, int] | None:
    if years is None:
        return None
    try:
        first, last = (int(y) for y in years)
    except (TypeError, ValueError):
        raise InputError("year range is not two years", where="years", found=repr(years),
                         expected="(first, last), e.g. (2015, 2022)", fix="give two whole years") from None
    if first > last:
        raise InputError("year range runs backwards", where="years", found=f"{first}–{last}",
                         expected="first ≤ last", fix=f"write {last}–{first}")
    return first, last


def material_codes(materials: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Each material's HS-6 codes, checked and deduplicated (a code listed twice would count twice)."""
    if not isinstance(materials, Mapping) or not materials:
        raise InputError("no materials given", where="materials", expected="material id → HS-6 codes",
                         fix="give each material's hs_codes")
    out = {}
    for material, raw_codes in materials.items():
        if isinstance(raw_codes, (str, int)):
            raw_codes = [raw_codes]  # one code given bare
        out[str(material)] = tuple(dict.fromkeys(normalise_hs_code(c, str(material)) for c in raw_codes))
    return out


def _scope(files: Sequence[TradeFile], countries: CountryTable | None, reporter: str,
           years: tuple[int, int] | None) -> Scope:
    if files[0].layout is not BACI:
        if countries is not None and reporter not in countries.iso3_codes:
            countries.reporter_codes(reporter)  # raises, naming the table and close codes
        return Scope(reporter, (), years)
    if countries is None:
        beside = sorted(Path(files[0].path).parent.glob("country_codes_V*.csv"))
        raise InputError("BACI files name countries by number: the country table is needed",
                         file=files[0].path, expected="the release's country_codes_V….csv",
                         fix=f"give it as the country codes ({beside[-1]} is beside the files)" if beside
                         else "give the release's country_codes_V….csv as the country codes")
    return Scope(reporter, countries.reporter_codes(reporter), years)


def _year_span(con, files: Sequence[TradeFile], scope: Scope) -> tuple[int, int]:
    """The span of years reported on; a reporter or year range without any record is refused."""
    found = [y for (y,) in con.execute("SELECT DISTINCT year FROM trade_flows ORDER BY year").fetchall()]
    if found:
        return scope.years or (found[0], found[-1])
    held = reporter_years(con, files, scope)  # the scan kept nothing: a second pass says why
    if not held:
        _raise_no_reporter(con, files, scope)
    if scope.years and not any(scope.years[0] <= y <= scope.years[1] for y in held):
        raise InputError("no trade records in the year range", file=files[0].path if len(files) == 1 else None,
                         where="years", found=f"{scope.years[0]}–{scope.years[1]}",
                         expected=f"years the files hold for {scope.reporter}: {compact_years(held)}",
                         fix="choose years within that span, or add the yearly files")
    return scope.years or (held[0], held[-1])


def _raise_no_reporter(con, files: Sequence[TradeFile], scope: Scope) -> None:
    where = files[0].path if len(files) == 1 else f"{files[0].path} and {len(files) - 1} more"
    if files[0].layout is BACI:
        raise InputError("the reporter has no trade in the files", file=where,
                         found=f"{scope.reporter} (codes {', '.join(map(str, scope.reporter_codes))})",
                         expected="rows with the reporter as exporter (i) or importer (j)",
                         fix="check the reporter and that the files are the release the country table belongs to")
    held = reporters_in(con, files)
    raise InputError("reporter not in the files", file=where, where="column reporterISO", found=scope.reporter,
                     expected=f"a reporter the files hold: {', '.join(held) or '(none)'}",
                     fix="download the reporter's data, or choose one of those reporters")


def compact_years(years: Sequence[int]) -> str:
    """2015, 2017–2019: runs of consecutive years shown as ranges."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _span_text(span: tuple[int, int]) -> str:
    return f" in {span[0]}" if span[0] == span[1] else f" in {span[0]}–{span[1]}"


def _examples(items: Sequence[str]) -> str:
    shown = "; ".join(items[:_EXAMPLES])
    return shown + (f" (and {len(items) - _EXAMPLES} more)" if len(items) > _EXAMPLES else "")


def _per_material(con, codes: dict[str, tuple[str, ...]], comtrade: bool):
    """(material, (codes, codes matched), partner rows by (year, flow), notes from the data)
    for each material, in the order given."""
    rows = con.execute(f"""
        SELECT c.material, f.year, f.flow, f.partner, sum(f.value), sum(f.quantity),
               sum(f.n_rows), sum(f.n_qty_missing), coalesce(sum(f.value_qty_missing), 0)
        FROM trade_flows f JOIN trade_material_codes c ON f.product = c.code
        WHERE f.partner <> '{WORLD}'
        GROUP BY ALL ORDER BY 1, 2, 3, 4""").fetchall()
    by_material: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for material, year, flow, *rest in rows:
        by_material[material][(year, flow)].append(tuple(rest))
    matched = defaultdict(set)
    for material, product in con.execute("SELECT DISTINCT c.material, f.product FROM trade_flows f "
                                         "JOIN trade_material_codes c ON f.product = c.code").fetchall():
        matched[material].add(product)
    data_notes = _duplicate_notes(con)
    if comtrade:  # only Comtrade carries a world total to check against
        for material, note in _world_notes(con):
            data_notes[material].append(note)
    for material, material_codes_ in codes.items():
        found = tuple(c for c in material_codes_ if c in matched[material])
        yield material, (material_codes_, found), by_material.get(material, {}), data_notes.get(material, [])


def _duplicate_notes(con) -> dict[str, list[str]]:
    rows = con.execute("""
        SELECT c.material, f.partner, f.n_rows, f.product, f.year, f.flow
        FROM trade_flows f JOIN trade_material_codes c ON f.product = c.code
        WHERE f.n_rows > 1 ORDER BY 1, 5, 4, 6, 2""").fetchall()
    grouped: dict[str, list[str]] = defaultdict(list)
    for material, partner, n, product, year, flow in rows:
        grouped[material].append(f"{partner} {n} times for {product} in {year} ({flow}s)")
    return defaultdict(list, {m: [f"partners listed more than once, summed: {_examples(items)}"]
                              for m, items in grouped.items()})


def _world_notes(con) -> list[tuple[str, str]]:
    """Comtrade: where the partners and the world total (W00) differ by more than 1 %."""
    rows = con.execute(f"""
        SELECT c.material, f.year, f.flow, f.product,
               coalesce(sum(f.value) FILTER (WHERE f.partner <> '{WORLD}'), 0) AS partners,
               sum(f.value) FILTER (WHERE f.partner = '{WORLD}') AS world
        FROM trade_flows f JOIN trade_material_codes c ON f.product = c.code
        GROUP BY ALL HAVING world IS NOT NULL AND abs(partners - world) > {WORLD_TOLERANCE} * world
        ORDER BY 1, 2, 4, 3""").fetchall()
    grouped: dict[str, list[str]] = defaultdict(list)
    for material, year, flow, product, partners, world in rows:
        gap = abs(partners - world) / world * 100 if world else 100.0
        grouped[material].append(f"{product} {flow}s {year}: partners {partners:,.0f} USD, "
                                 f"W00 {world:,.0f} USD ({gap:.1f} % apart)")
    return [(m, f"partners do not add up to the world total (W00) within 1 %: {_examples(items)}")
            for m, items in grouped.items()]


def _material(material: str, codes: tuple[tuple[str, ...], tuple[str, ...]], rows: dict, basis: str,
              risk: PartnerRisk | None, span: tuple[int, int], data_notes: list[str]) -> MaterialTrade:
    requested, matched = codes
    year_list = sorted({year for year, _ in rows})
    years = tuple(_year_indicators(y, rows.get((y, "import"), []), rows.get((y, "export"), []), basis, risk)
                  for y in year_list)
    used = tuple(y.year for y in years if y.hhi is not None)
    notes = _code_notes(requested, matched, span) + list(data_notes)
    if year_list:
        notes += _gap_notes(years, span) + _quantity_notes(rows, basis) + _risk_notes(years, risk)
    return MaterialTrade(material, requested, matched, years, used, tuple(notes))


def _year_indicators(year: int, imports: list[tuple], exports: list[tuple], basis: str,
                     risk: PartnerRisk | None) -> YearIndicators:
    """One year's indicators; a partner row is (partner, value, quantity, rows, rows without
    quantity, value without quantity)."""
    amounts = [(p, v if basis == "value" else q, v, q) for p, v, q, *_ in imports]
    amounts = [a for a in amounts if a[1] is not None]
    total = sum(a[1] for a in amounts)
    shares: tuple[PartnerShare, ...] = ()
    if total > 0:
        shares = tuple(sorted((PartnerShare(p, amount / total, v, q) for p, amount, v, q in amounts if amount > 0),
                              key=lambda s: (-s.share, s.partner)))
    hhi = sum(s.share ** 2 for s in shares) if shares else None
    weighted = uncovered = None
    if risk is not None and shares:
        weighted = hhi * sum(s.share * risk.risk.get(s.partner, 0.0) for s in shares)
        uncovered = sum(s.share for s in shares if s.partner not in risk.risk)
    return YearIndicators(
        year=year, imports_value=sum((r[1] for r in imports), 0.0), imports_quantity=_known_sum(r[2] for r in imports),
        exports_value=sum((r[1] for r in exports), 0.0), exports_quantity=_known_sum(r[2] for r in exports),
        shares=shares, hhi=hhi, top_partner=shares[0].partner if shares else None,
        top_share=shares[0].share if shares else None, risk_weighted=weighted, risk_uncovered_share=uncovered)


def _known_sum(values) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _code_notes(requested: tuple[str, ...], matched: tuple[str, ...], span: tuple[int, int]) -> list[str]:
    if not requested:
        return ["no HS codes given: kept without indicators"]
    if not matched:
        return [f"none of its HS codes ({', '.join(requested)}) matches a record of the reporter{_span_text(span)}: "
                "kept without indicators; check the codes and the files' HS revision"]
    missing = [c for c in requested if c not in matched]
    return [f"HS codes without any record{_span_text(span)}: {', '.join(missing)}"] if missing else []


def _gap_notes(years: tuple[YearIndicators, ...], span: tuple[int, int]) -> list[str]:
    no_record = [y for y in range(span[0], span[1] + 1) if y not in {i.year for i in years}]
    no_imports = [i.year for i in years if i.hhi is None]
    notes = [f"no record of the material in {compact_years(no_record)}"] if no_record else []
    if no_imports:
        notes.append(f"no imports (on the basis) in {compact_years(no_imports)}: no shares or HHI for those years")
    return notes


def _quantity_notes(rows: dict, basis: str) -> list[str]:
    imports = [r for (_, flow), partner_rows in rows.items() if flow == "import" for r in partner_rows]
    records = sum(r[3] for r in imports)
    missing = sum(r[4] for r in imports)
    if not missing:
        return []
    value = sum(r[1] for r in imports)
    value_missing = sum(r[5] for r in imports)
    share = f" ({value_missing / value * 100:.1f} % of import value)" if value > 0 else ""
    tail = "; quantity shares leave them out" if basis == "quantity" else ""
    return [f"quantity missing on {missing} of {records} import records{share}: "
            f"import quantities count the rest{tail}"]


def _risk_notes(years: tuple[YearIndicators, ...], risk: PartnerRisk | None) -> list[str]:
    uncovered = [y for y in years if y.risk_uncovered_share]
    if risk is None or not uncovered:
        return []
    partners = sorted({s.partner for y in uncovered for s in y.shares if s.partner not in risk.risk})
    worst = max(uncovered, key=lambda y: y.risk_uncovered_share)
    listed = ", ".join(partners[:8]) + (f" and {len(partners) - 8} more" if len(partners) > 8 else "")
    return [f"partners without a risk, counted as 0 (so risk_weighted is a lower bound): {listed}; "
            f"up to {worst.risk_uncovered_share * 100:.1f} % of imports ({worst.year})"]


def _result_notes(con, span: tuple[int, int], risk: PartnerRisk | None,
                  countries: CountryTable | None) -> tuple[str, ...]:
    notes = []
    found = {y for (y,) in con.execute("SELECT DISTINCT year FROM trade_flows").fetchall()}
    if found:
        gaps = [y for y in range(span[0], span[1] + 1) if y not in found]
        if gaps:
            notes.append(f"no record of any material in {compact_years(gaps)}: a yearly file missing?")
    unknown = [p for (p,) in con.execute("SELECT DISTINCT partner FROM trade_flows "
                                         "WHERE partner LIKE '#%' ORDER BY 1").fetchall()]
    if unknown:
        notes.append(f"partner codes not in the country table, kept as {', '.join(unknown)}")
    if risk is not None and countries is None:
        seen = {p for (p,) in con.execute("SELECT DISTINCT partner FROM trade_flows").fetchall()}
        unseen = sorted(set(risk.risk) - seen)
        if unseen:
            notes.append(f"partner-risk codes no partner in the data carries (a typo?): "
                         f"{', '.join(unseen[:10])}{' …' if len(unseen) > 10 else ''}")
    return tuple(notes)


def aggregate(material: MaterialTrade, indicator: str, rule: str = "latest") -> Estimate | None:
    """``indicator`` over the years by ``rule`` (see the module docstring); None without data."""
    if indicator not in INDICATORS:
        raise InputError("unknown trade indicator", where="indicator", found=repr(indicator),
                         expected=", ".join(INDICATORS), fix="choose one of those")
    if rule not in RULES:
        raise InputError("unknown rule over the years", where="rule", found=repr(rule),
                         expected=" or ".join(RULES), fix="latest (last year with data) or mean")
    points = [(y.year, getattr(y, indicator)) for y in material.years if getattr(y, indicator) is not None]
    if not points:
        return None
    values = [v for _, v in points]
    value = values[-1] if rule == "latest" else sum(values) / len(values)
    return Estimate(indicator, rule, value, min(values), max(values), tuple(y for y, _ in points))


def summary(result: TradeIndicators, top: int = 5) -> tuple[PartnerSummary, ...]:
    """Per material and year with imports: the ``top`` largest partners and their shares."""
    return tuple(PartnerSummary(m.material, y.year, y.imports_value, y.hhi, y.shares[:top])
                 for m in result.materials for y in m.years if y.shares)
