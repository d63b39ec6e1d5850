"""``matrank trade indicators`` and ``matrank trade summary``: import reliance and supplier
concentration of a case's materials from trade records (CEPII BACI or UN Comtrade)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from matrank.casefiles import load_case, read_case_raw
from matrank.casefiles.build import build_case
from matrank.casefiles.yaml_case import write_yaml_case
from matrank.commands.common import deliver, example, format_option, lang_option, note, output_options
from matrank.errors import InputError
from matrank.model import Case
from matrank.reports import trade_report
from matrank.reports.files import check_output
from matrank.trade import BASES, RULES, trade_indicators
from matrank.trade.casewriter import trade_case
from matrank.trade.provenance import provenance
from matrank.trade.readers import resolve_files

_HS6 = re.compile(r"^\d{6}$")
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–:]\s*(\d{4}))?\s*$")


@click.group("trade")
@example("""
matrank trade summary key-strategic-materials --trade 'BACI_HS22_Y*_V202501.csv' \\
    --country-codes country_codes_V202501.csv --reporter CHN --years 2019-2023
matrank trade indicators key-strategic-materials --trade 'BACI_HS22_Y*_V202501.csv' \\
    --country-codes country_codes_V202501.csv --reporter CHN --partner-risk risk.csv -o with-trade.yaml
""")
def trade() -> None:
    """Indicators from trade records (CEPII BACI or UN Comtrade, CSV or Parquet).

    The materials name their products in the case (hs_codes: ["850511"], with an
    hs_note when a code is broader than the material). `summary` shows the top
    partners per material and year; `indicators` writes imports, exports, the HHI of
    the import partners and (with a partner-risk table) the risk-weighted
    concentration into a copy of the case.
    """


def _trade_inputs(f):
    """CASE, the trade files and the options that choose the records (shared by both commands)."""
    f = click.option("--basis", type=click.Choice(BASES), default="value", show_default=True,
                     help="Partner shares by value (USD) or by quantity (tonnes); imports and exports in that "
                          "unit.")(f)
    f = click.option("--years", default=None, metavar="FIRST-LAST",
                     help="Only these years, e.g. 2019-2023 (default: every year in the files).")(f)
    f = click.option("--reporter", required=True, metavar="ISO3", help="The importing country, e.g. CHN.")(f)
    f = click.option("--country-codes", type=click.Path(dir_okay=False), default=None,
                     help="BACI's country_codes_V….csv (needed for BACI files, which number the countries).")(f)
    f = click.option("--trade", "trade_files", multiple=True, metavar="FILE…",
                     help="Trade files or quoted glob patterns ('BACI_HS22_Y*_V202501.csv'); the files "
                          "after it, as the shell expands a pattern, count too.")(f)
    f = click.argument("more_files", nargs=-1, metavar="")(f)
    f = click.argument("case")(f)
    return f


def _files(trade_files: tuple[str, ...], more_files: tuple[str, ...]) -> tuple[str, ...]:
    if not trade_files:
        raise click.UsageError("give the trade files: --trade FILE… (BACI or Comtrade, CSV or Parquet)")
    return resolve_files(list(trade_files) + list(more_files))


def _years(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    match = _YEARS.match(text)
    if not match:
        raise click.UsageError(f"--years {text!r}: write FIRST-LAST, e.g. 2019-2023, or one year")
    first = int(match.group(1))
    return first, int(match.group(2) or first)


def _case(case: str | None) -> tuple[Case, dict, Path]:
    """The validated case, its raw mapping and its path; the hs_codes are checked first, so that
    a bad code reads as one line about HS codes."""
    raw, path = read_case_raw(case)
    materials = raw.get("materials") if isinstance(raw, dict) else None
    for k, m in enumerate(materials if isinstance(materials, list) else []):
        codes = m.get("hs_codes") if isinstance(m, dict) else None
        for j, code in enumerate(codes if isinstance(codes, list) else []):
            if not (isinstance(code, str) and _HS6.match(code)):
                raise InputError("not an HS-6 code", file=str(path),
                                 where=f"materials[{k}] ({m.get('id')}).hs_codes[{j}]",
                                 found=f"{code!r} ({type(code).__name__})",
                                 expected='six digits as quoted text, e.g. "850511"',
                                 fix="give the six-digit HS subheading, quoted (a code once stored as a number loses "
                                     'its leading zero: "020110" becomes 20110)')
    return load_case(case), raw, path


def _codes(case: Case) -> dict[str, tuple[str, ...]]:
    codes = {m.id: m.hs_codes for m in case.materials if m.hs_codes}
    if not codes:
        raise InputError("no material of the case names its HS codes", file=case.path,
                         expected='hs_codes on the materials, e.g. hs_codes: ["850511"]',
                         fix="add each material's six-digit HS subheadings (quoted), with an hs_note when a code "
                             "is broader than the material")
    return codes


def _notes(result, materials) -> None:
    """The notes of the whole computation, then each material's (on standard error)."""
    for text in result.notes:
        note(text)
    for m in materials:
        for text in m.notes:
            note(f"{m.material}: {text}")


@trade.command("summary")
@_trade_inputs
@click.option("--top", type=click.IntRange(1, 50), default=trade_report.TOP, show_default=True,
              help="How many partners to show per material and year.")
@format_option(trade_report.RENDERERS)
@lang_option
@output_options
@example("""
matrank trade summary mycase.yaml --trade BACI_HS22_Y2023_V202501.csv \\
    --country-codes country_codes_V202501.csv --reporter CHN
matrank trade summary mycase.yaml --trade comtrade-chn.csv --reporter CHN --format csv -o partners.csv
""")
def summary_command(case, more_files, trade_files, country_codes, reporter, years, basis, top, fmt, lang, output,
                    force):
    """Per material of CASE with hs_codes: the top partners and their shares of its imports,
    year by year (what the indicators rest on), with each year's imports and HHI."""
    loaded, _, case_path = _case(case)
    files = _files(trade_files, more_files)
    inputs = [case_path, *files, country_codes]
    if output:
        check_output(output, force=force, inputs=inputs)
    result = trade_indicators(files, _codes(loaded), reporter, country_codes=country_codes, years=_years(years),
                              basis=basis)
    _notes(result, result.materials)
    report = trade_report.PartnerReport(result, top, {m.id: m.hs_note for m in loaded.materials if m.hs_note})
    deliver(trade_report.RENDERERS, fmt, report, lang, output, force=force, inputs=inputs)


@trade.command("indicators")
@_trade_inputs
@click.option("--partner-risk", type=click.Path(dir_okay=False), default=None,
              help="CSV iso3,risk (risk in [0, 1]): adds partner_risk_concentration = HHI × Σ share·risk.")
@click.option("--rule", type=click.Choice(RULES), default="latest", show_default=True,
              help="The value written: the latest year with data, or the mean over the years (low/high: the "
                   "range over the years either way).")
@format_option(trade_report.INDICATOR_RENDERERS)
@lang_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, metavar="NEWCASE.yaml",
              help="The new case to write (required; never the case or another input).")
@click.option("--force", is_flag=True, help="Replace NEWCASE.yaml if it exists.")
@example("""
matrank trade indicators mycase.yaml --trade 'BACI_HS22_Y*_V202501.csv' \\
    --country-codes country_codes_V202501.csv --reporter CHN --years 2019-2023 \\
    --partner-risk partner-risk.csv -o mycase-trade.yaml
matrank validate mycase-trade.yaml && matrank rank mycase-trade.yaml
""")
def indicators(case, more_files, trade_files, country_codes, reporter, years, basis, partner_risk, rule, fmt, lang,
               output, force):
    """Write CASE's trade indicators into a copy of it, -o NEWCASE.yaml.

    For each material with hs_codes: imports and exports (USD, or tonnes with --basis
    quantity), supplier_concentration (the HHI of the import partners) and, with
    --partner-risk, partner_risk_concentration; each the latest year's value (or the
    mean, --rule mean) with low/high the range over the years, marked as an estimate
    citing a new source that names every file and its sha256. production stays the
    case's: import_dependence computes import reliance (I − E)/(P + I − E) where the
    material has production and no domestic_rate, else the trade enters through the
    concentration term. Replaced values are kept under `previous`. Prints what was
    written (--format table, json or csv).
    """
    if not output:
        raise click.UsageError("give the new case to write: -o NEWCASE.yaml")
    loaded, raw, case_path = _case(case)
    files = _files(trade_files, more_files)
    inputs = [case_path, *files, country_codes, partner_risk]
    check_output(output, force=force, inputs=inputs)  # first: naming an input is the worse slip
    if Path(output).suffix.lower() not in (".yaml", ".yml"):
        raise click.UsageError(f"-o {output}: the new case is written as YAML: name it .yaml")
    result = trade_indicators(files, _codes(loaded), reporter, country_codes=country_codes, years=_years(years),
                              partner_risk=partner_risk, basis=basis)
    written = trade_case(raw, loaded, result, rule, provenance(result.files, country_codes, partner_risk))
    build_case(written.raw, file=output, input_hash="")  # the copy must validate before it is written
    write_yaml_case(written.raw, output, force=force, inputs=inputs)
    _notes(result, written.materials)
    note(f"import reliance for: {', '.join(written.using('reliance')) or 'none'}; concentration only for: "
         f"{', '.join(written.using('concentration')) or 'none'}")
    click.echo(f"wrote {output} (case {loaded.id}, {len(written.materials)} materials from trade records, "
               f"source {written.source_id})", err=True)
    deliver(trade_report.INDICATOR_RENDERERS, fmt, written, lang, None)
