"""``matrank validate``, ``matrank cases``, ``matrank criteria``, ``matrank case export``."""

from __future__ import annotations

import click

from matrank.commands.common import emit, example, format_option, lang_option, output_options


def case_counts(case) -> dict:
    """How many values are quoted from a source, estimated, both, or neither."""
    values = [v for m in case.materials for v in m.indicators.values()]
    return {
        "materials": len(case.materials),
        "values": len(values),
        "sourced": sum(1 for v in values if v.source and not v.estimate),
        "quoted": sum(1 for v in values if v.quote and not v.estimate),
        "estimates": sum(1 for v in values if v.estimate),
        "estimates_with_quote": sum(1 for v in values if v.estimate and v.quote),
        "unsourced": sum(1 for v in values if not v.source and not v.estimate),
    }


@click.command("validate")
@click.argument("case")
@format_option()
@example("""
matrank validate key-strategic-materials
matrank validate mycase.yaml
matrank validate case.xlsx
""")
def validate(case, fmt):
    """Check a case file (YAML or XLSX) against the format and every rule.

    Exit 0 with a summary (materials, sourced values, estimates); exit 1 listing
    every problem, each with the material id and key path (or sheet and cell).
    """
    from matrank.api import RankOptions, lens_weights, load_case
    from matrank.reports.render import csv_text, json_text

    loaded = load_case(case)
    counts = case_counts(loaded)
    consistency = {}
    for lens in ("government", "market"):
        _, ahp, _ = lens_weights(loaded, lens, RankOptions())
        consistency[lens] = {"cr": ahp.cr if ahp else None, "consistent": ahp.consistent if ahp else None}
    if fmt == "json":
        emit(json_text({"case": loaded.id, "file": loaded.path, "valid": True, **counts,
                        "consistency": consistency}), None)
        return
    if fmt == "csv":
        emit(csv_text(["case", "valid", *counts, "cr_government", "cr_market"],
                      [[loaded.id, True, *counts.values(), consistency["government"]["cr"],
                        consistency["market"]["cr"]]]), None)
        return
    lines = [f"{loaded.path}: valid case {loaded.id!r} ({loaded.title_text('en')})",
             f"  materials: {counts['materials']}",
             f"  values: {counts['values']} — sourced {counts['sourced']} (quoted {counts['quoted']}), "
             f"estimates {counts['estimates']} ({counts['estimates_with_quote']} with a supporting quote), "
             f"unsourced {counts['unsourced']}"]
    for lens, c in consistency.items():
        if c["cr"] is not None:
            flag = "consistent" if c["consistent"] else "INCONSISTENT"
            lines.append(f"  {lens} judgments: CR {c['cr']:.3f} ({flag})")
        else:
            lines.append(f"  {lens} weights: explicit")
    if counts["unsourced"]:
        lines.append(f"  note: {counts['unsourced']} values have neither a source nor an estimate range")
    emit("\n".join(lines) + "\n", None)


@click.command("cases")
@format_option()
@lang_option
@example("matrank cases")
def cases(fmt, lang):
    """List the shipped cases with their titles and counts."""
    from matrank.casefiles import load_case, shipped_cases
    from matrank.reports.render import csv_text, json_text, text_table

    rows = []
    for name in shipped_cases():
        c = load_case(name)
        counts = case_counts(c)
        rows.append({"name": name, "id": c.id, "title": c.title_text(lang), **counts})
    if fmt == "json":
        emit(json_text(rows), None)
        return
    if fmt == "csv":
        emit(csv_text(list(rows[0]), [list(r.values()) for r in rows]), None)
        return
    emit(text_table(["name", "title", "materials", "sourced", "estimates"],
                    [[r["name"], r["title"], r["materials"], r["sourced"], r["estimates"]] for r in rows]),
         None)


@click.command("criteria")
@click.argument("case", required=False)
@format_option()
@lang_option
@example("""
matrank criteria
matrank criteria mycase.yaml --format json
""")
def criteria(case, fmt, lang):
    """List the criteria with their formula, unit and direction per lens (for CASE if given)."""
    from matrank.criteria import BUILTIN, Registry
    from matrank.reports.render import csv_text, json_text, text_table

    registry = Registry(BUILTIN)
    if case:
        from matrank.casefiles import load_case
        registry = load_case(case).criteria
    rows = []
    for c in registry:
        rows.append({"id": c.id, "name": c.name(lang), "unit": c.unit,
                     "formula": " | or | ".join(b.formula + (f" (optional: {', '.join(b.optional)})"
                                                            if b.optional else "") for b in c.bases),
                     "indicators": [i.id for i in c.indicators],
                     "government": c.directions["government"], "market": c.directions["market"]})
    if fmt == "json":
        emit(json_text(rows), None)
        return
    if fmt == "csv":
        emit(csv_text(["id", "name", "unit", "government", "market", "formula", "indicators"],
                      [[r["id"], r["name"], r["unit"], r["government"], r["market"], r["formula"],
                        " ".join(r["indicators"])] for r in rows]), None)
        return
    emit(text_table(["id", "name", "unit", "government", "market", "formula"],
                    [[r["id"], r["name"], r["unit"], r["government"], r["market"], r["formula"]] for r in rows]),
         None)


@click.group("case")
@example("""
matrank case export key-strategic-materials -o case.xlsx   # edit it in Excel, then:
matrank validate case.xlsx
matrank rank case.xlsx
""")
def case_group():
    """Work with case files (export to Excel for analysts)."""


@case_group.command("export")
@click.argument("case", required=False)
@output_options
@example("""
matrank case export key-strategic-materials -o case.xlsx
matrank validate case.xlsx && matrank rank case.xlsx
""")
def export(case, output, force):
    """Write a case as an Excel workbook (materials × indicators, sources, weights).

    The workbook reads back with `matrank validate case.xlsx` and
    `matrank rank case.xlsx`, giving exactly the same ranking as the YAML.
    """
    from matrank.casefiles import resolve_case
    from matrank.casefiles.xlsx_case import write_xlsx_case
    from matrank.casefiles.yaml_case import parse_yaml, read_bytes_limited, read_yaml_case

    if not output:
        raise click.UsageError("give the workbook to write: -o case.xlsx")
    path = resolve_case(case)
    read_yaml_case(path)  # validate before exporting
    raw = parse_yaml(read_bytes_limited(path), str(path))
    write_xlsx_case(raw, output, force=force, inputs=[path])
    click.echo(f"wrote {output}", err=True)
