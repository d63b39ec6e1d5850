"""``matrank rank``: both lenses, tiers and the overall rank of a case."""

from __future__ import annotations

import click

from matrank.commands.common import FiniteFloatRange, emit, example, lang_option, warn_all

UNIT = FiniteFloatRange(0.0, 1.0)


def rank_inputs(f):
    """CASE and the options that decide the ranking (shared with sensitivity)."""
    f = click.option("--normalization", type=click.Choice(["vector", "minmax"]), default="vector",
                     show_default=True, help="TOPSIS column normalisation.")(f)
    f = click.option("--cr-threshold", type=FiniteFloatRange(0.0, 1.0, min_open=True), default=0.10,
                     show_default=True, help="CR above this flags a lens's judgments as inconsistent.")(f)
    f = click.option("--ri", "ri_table", type=click.Choice(["saaty1980", "saaty2008", "alonso-lamata"]),
                     default="saaty1980", show_default=True, help="Random Index table for CR.")(f)
    f = click.option("--method", type=click.Choice(["eigen", "geometric"]), default="eigen",
                     show_default=True, help="AHP priorities from the case's judgments.")(f)
    f = click.option("--policy-mix", type=UNIT, default=0.5, show_default=True,
                     help="α in the overall score α·C_gov + (1−α)·C_market.")(f)
    f = click.option("--split", type=click.Choice(["fixed", "median"]), default=None,
                     help="Tier thresholds: fixed values (default 0.5) or the medians of the closenesses.")(f)
    f = click.option("--threshold-market", type=UNIT, default=None,
                     help="Market closeness at or above which a material is 'high' (default 0.5).")(f)
    f = click.option("--threshold-gov", type=UNIT, default=None,
                     help="Government closeness at or above which a material is 'high' (default 0.5).")(f)
    f = click.option("--weights", "weights_path", type=click.Path(dir_okay=False), default=None,
                     help="A weights file from `matrank panel collect --weights-out`.")(f)
    f = click.argument("case", required=False)(f)
    return f


def build_options(case, threshold_gov, threshold_market, split, policy_mix, method, ri_table,
                  cr_threshold, normalization):
    """The RankOptions for these flags; conflicting flags are a usage error."""
    from matrank.api import RankOptions
    from matrank.mcda.tiers import Thresholds

    if split == "median" and (threshold_gov is not None or threshold_market is not None):
        raise click.UsageError("--split median sets the thresholds itself; drop --threshold-gov/"
                               "--threshold-market, or use --split fixed")
    thresholds = None
    if split == "median":
        thresholds = Thresholds(split="median")
    elif threshold_gov is not None or threshold_market is not None or split == "fixed":
        base = case.thresholds if case.thresholds and case.thresholds.split == "fixed" else Thresholds()
        thresholds = Thresholds(threshold_gov if threshold_gov is not None else base.government,
                                threshold_market if threshold_market is not None else base.market)
    return RankOptions(method=method, ri_table=ri_table, cr_threshold=cr_threshold,
                       normalization=normalization, thresholds=thresholds, policy_mix=policy_mix)


def _same_path(a: str, b: str) -> bool:
    from pathlib import Path
    return Path(a).resolve() == Path(b).resolve()


def load_inputs(case_arg, weights_path):
    from matrank.api import load_case, read_weights
    case = load_case(case_arg)
    wf = read_weights(weights_path, case) if weights_path else None
    return case, wf


@click.command("rank")
@rank_inputs
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx", "md"]),
              default="table", show_default=True, help="Output format (xlsx needs -o).")
@lang_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None,
              help="Also draw the government-vs-market quadrant chart (FILE.png or FILE.svg).")
@click.option("--explain", "explain_id", default=None, metavar="ID",
              help="Show one material's working: indicators, criterion values, contributions to D+ and D−.")
@click.option("--confidence", is_flag=True,
              help="Add each material's probability of its tier (SMAA, 10,000 samples, fixed seed).")
@example("""
matrank rank                                   # the default case, tiered table
matrank rank shenzhen-2022 --lang zh
matrank rank mycase.yaml --weights panel-weights.json --format json -o ranking.json
matrank rank --split median --policy-mix 0.7 --plot quadrant.png
matrank rank --explain photoresist-krf-arf
""")
def rank(case, weights_path, threshold_gov, threshold_market, split, policy_mix, method, ri_table,
         cr_threshold, normalization, fmt, lang, output, force, plot, explain_id, confidence):
    """Rank a case's materials through the government and market lenses and tier them.

    CASE is a case file (.yaml or .xlsx) or the name of a shipped case
    (`matrank cases`); it defaults to the shipped key-strategic-materials case.
    Each lens's TOPSIS closeness C is in [0, 1]; a material is 'high' on a lens
    when C ≥ the lens's threshold. Tiers: joint (both high), government-led,
    market-led, monitor (both low). The overall rank orders by
    α·C_gov + (1−α)·C_market.
    """
    from matrank.api import explain, rank_case
    from matrank.reports import rank_report

    if fmt == "xlsx" and not output:
        raise click.UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")
    if explain_id is not None and fmt == "xlsx":
        raise click.UsageError("--explain prints one material's working as table, json, csv or md; "
                               "--format xlsx writes the whole ranking: drop one of them")
    if plot and output and _same_path(plot, output):
        raise click.UsageError(f"-o and --plot both name {output}: give the chart its own file")
    loaded, wf = load_inputs(case, weights_path)
    options = build_options(loaded, threshold_gov, threshold_market, split, policy_mix, method, ri_table,
                            cr_threshold, normalization)
    inputs = [loaded.path] + ([weights_path] if weights_path else [])
    if plot:
        from matrank.reports.files import check_output
        from matrank.reports.quadrant_plot import check_plot_path
        check_plot_path(plot)
        check_output(plot, force=force, inputs=inputs)
    if output:
        from matrank.reports.files import check_output
        check_output(output, force=force, inputs=inputs)
    result = rank_case(loaded, options, wf)
    if confidence:
        from matrank.commands.sensitivity import add_confidence
        result = add_confidence(result)
    warn_all(result.warnings)
    if explain_id is not None:
        from matrank.reports.explain_report import render_explanation
        emit(render_explanation(explain(result, explain_id), fmt, lang), output, force=force, inputs=inputs)
    elif fmt == "xlsx":
        rank_report.write_xlsx(result, output, lang, force=force, inputs=inputs)
        click.echo(f"wrote {output}", err=True)
    else:
        emit(rank_report.render_text(result, fmt, lang), output, force=force, inputs=inputs)
    if plot:
        from matrank.reports.quadrant_plot import draw_quadrant
        draw_quadrant(result, plot, lang, force=force, inputs=inputs, warn=lambda text: warn_all([text]))
        click.echo(f"wrote {plot}", err=True)
