"""``matrank validate``, ``matrank cases``, ``matrank criteria``, ``matrank case export``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from matrank.api import lens_weights
from matrank.casefiles import load_case, read_case_raw, shipped_cases
from matrank.casefiles.starter import starter_case
from matrank.casefiles.xlsx_case import write_xlsx_case
from matrank.casefiles.yaml_case import write_yaml_case
from matrank.commands.common import deliver, emit, example, format_option, lang_option, note, output_options, warn_all
from matrank.criteria import BUILTIN, Registry
from matrank.errors import InputError, InputErrors
from matrank.model import LENSES
from matrank.options import RankOptions
from matrank.reports import case_report
from matrank.reports.case_report import Validation, case_counts


@click.command("validate")
@click.argument("case")
@format_option(case_report.VALIDATE_RENDERERS)
@click.option("--any-scale", is_flag=True, help="Accept judgments off Saaty's 1/9..9 scale (any ratio within 1e±9).")
@lang_option
@example("""
matrank validate key-strategic-materials
matrank validate mycase.yaml --format json
matrank validate case.xlsx
""")
def validate(case, fmt, any_scale, lang):
    """Check a case file (YAML or XLSX) against the format and every rule.

    Exit 0 with a summary (materials, sourced values, estimates); exit 1 listing
    every problem in one run, each with the material id and key path (or sheet
    and cell). With --format json or csv a result is always printed:
    {"valid": false, "errors": [{"path", "message", "fix"}]} when it fails.
    """
    try:
        loaded = load_case(case)
        consistency, notes = {}, []
        for lens in LENSES:
            _, ahp, _ = lens_weights(loaded, lens, RankOptions(any_scale=any_scale))
            consistency[lens] = {"cr": ahp.cr if ahp else None, "consistent": ahp.consistent if ahp else None,
                                 "completed": [{"a": c.a, "b": c.b, "value": c.value} for c in ahp.completed]
                                 if ahp else []}
            if ahp is not None and ahp.completed:
                notes.append(f"{lens} judgments: {len(ahp.completed)} missing, completed by Harker's method: "
                             + ", ".join(f"{c.a} vs {c.b} = {c.value:.3g}" for c in ahp.completed))
    except (InputError, InputErrors) as exc:
        if fmt != "table":
            errors = tuple(exc.errors) if isinstance(exc, InputErrors) else (exc,)
            deliver(case_report.VALIDATE_RENDERERS, fmt, Validation(str(case), errors=errors), lang, None)
        raise
    warn_all(loaded.warnings)
    for text in list(loaded.notes) + notes:
        note(text)
    deliver(case_report.VALIDATE_RENDERERS, fmt, Validation(loaded.path, loaded, consistency, notes=tuple(notes)),
            lang, None)


@click.command("cases")
@format_option(case_report.CASES_RENDERERS)
@lang_option
@example("matrank cases")
def cases(fmt, lang):
    """List the shipped cases with their titles and counts."""

    rows = []
    for name in shipped_cases():
        c = load_case(name)
        rows.append({"name": name, "id": c.id, "title": c.title_text(lang), **case_counts(c)})
    deliver(case_report.CASES_RENDERERS, fmt, rows, lang, None)


@click.command("criteria")
@click.argument("case", required=False)
@format_option(case_report.CRITERIA_RENDERERS)
@lang_option
@example("""
matrank criteria
matrank criteria mycase.yaml --format json
""")
def criteria(case, fmt, lang):
    """List the criteria with their formula, unit and direction per lens (for CASE if given)."""

    registry = Registry(BUILTIN)
    if case:
        registry = load_case(case).criteria
    rows = [case_report.criterion_row(c, lang) for c in registry]
    deliver(case_report.CRITERIA_RENDERERS, fmt, rows, lang, None)


@click.group("case")
@example("""
matrank case new my-province -o my-province.yaml           # a commented starter case
matrank case export key-strategic-materials -o case.xlsx   # edit it in Excel, then:
matrank validate case.xlsx
matrank rank case.xlsx
""")
def case_group():
    """Work with case files: start one, or copy one as YAML or as an Excel workbook."""


#: What `case export` writes, by the output's extension.
EXPORTS = {".yaml": "YAML", ".yml": "YAML", ".xlsx": "an Excel workbook"}


@case_group.command("export")
@click.argument("case", required=False)
@output_options
@example("""
matrank case export key-strategic-materials -o case.xlsx
matrank case export key-strategic-materials -o mycase.yaml    # a copy to edit
matrank case export case.xlsx -o case.yaml                    # the workbook back as YAML
""")
def export(case, output, force):
    """Write a case (YAML or XLSX, or a shipped case) as YAML or as an Excel workbook, by the
    extension of -o (.yaml, .yml or .xlsx).

    The case is validated first. Either file reads back with `matrank validate`
    and `matrank rank`, giving exactly the same ranking.
    """
    if not output:
        raise click.UsageError("give the file to write: -o case.xlsx or -o case.yaml")
    suffix = Path(output).suffix.lower()
    if suffix not in EXPORTS:
        raise click.UsageError(f"-o {output}: case export writes .yaml, .yml or .xlsx (YAML or an Excel "
                               f"workbook); found {suffix or 'no extension'}")
    loaded = load_case(case)          # validated before it is copied
    raw, path = read_case_raw(case)
    if suffix == ".xlsx":
        write_xlsx_case(raw, output, force=force, inputs=[path])
    else:
        write_yaml_case(raw, output, force=force, inputs=[path])
    click.echo(f"wrote {output} ({EXPORTS[suffix]}, case {loaded.id}, {len(loaded.materials)} materials)", err=True)


@case_group.command("new")
@click.argument("name")
@output_options
@example("""
matrank case new my-province -o my-province.yaml
matrank validate my-province.yaml && matrank rank my-province.yaml
""")
def new(name, output, force):
    """Write a commented starter case NAME with two materials (one value quoted from a source,
    the others estimates with ranges; one in months, one in percent) to edit."""
    if output and Path(output).suffix.lower() not in (".yaml", ".yml"):
        raise click.UsageError(f"-o {output}: a new case is written as YAML: name it .yaml")
    emit(starter_case(name, date.today().isoformat()), output, force=force)
