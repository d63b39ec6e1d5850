"""``matrank rank``: both lenses, tiers and the overall rank of a case."""

from __future__ import annotations

import click

from matrank.api import explain, rank_case
from matrank.commands.common import (check_delivery, deliver, example, format_option, lang_option, note,
                                     rank_inputs, ranked_inputs, warn_all, wrote)
from matrank.reports import explain_report, rank_report
from matrank.reports.files import check_output
from matrank.reports.quadrant_plot import check_plot_path, draw_quadrant
from matrank.sensitivity import add_confidence


def _same_path(a: str, b: str) -> bool:
    from pathlib import Path
    return Path(a).resolve() == Path(b).resolve()


@click.command("rank")
@rank_inputs
@format_option(rank_report.RENDERERS)
@lang_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@click.option("--force", is_flag=True, help="Replace existing output files.")
@click.option("--plot", type=click.Path(dir_okay=False), default=None,
              help="Also draw the government-vs-market quadrant chart (FILE.png or FILE.svg).")
@click.option("--explain", "explain_id", default=None, metavar="ID",
              help="Show one material's working: indicators, criterion values, and the ranking method's "
                   "working per lens (TOPSIS: contributions to D+ and D−; VIKOR: gaps, S, R, Q).")
@click.option("--confidence", is_flag=True,
              help="Add each material's probability of its tier (SMAA, 10,000 samples, fixed seed).")
@example("""
matrank rank                                   # the default case, tiered table
matrank rank shenzhen-2022 --lang zh
matrank rank mycase.yaml --weights panel-weights.json --format json -o ranking.json
matrank rank --split median --policy-mix 0.7 --plot quadrant.png
matrank rank --explain photoresist-krf-arf
matrank rank --ranking vikor                   # VIKOR instead of TOPSIS
""")
def rank(fmt, lang, output, force, plot, explain_id, confidence, **params):
    """Rank a case's materials through the government and market lenses and tier them.

    CASE is a case file (.yaml or .xlsx) or the name of a shipped case
    (`matrank cases`); it defaults to the shipped key-strategic-materials case.
    Each lens's score S is in [0, 1], higher first (TOPSIS closeness, or
    VIKOR's 1 − Q); a material is 'high' on a lens when S ≥ the lens's
    threshold. Tiers: joint (both high), government-led, market-led, monitor
    (both low). The overall rank orders by α·S_gov + (1−α)·S_market.
    """

    explaining = explain_id is not None
    if explaining and fmt not in explain_report.RENDERERS:
        raise click.UsageError(f"--explain prints one material's working as {', '.join(explain_report.RENDERERS)}; "
                               f"--format {fmt} writes the whole ranking: drop one of them")
    check_delivery(explain_report.RENDERERS if explaining else rank_report.RENDERERS, fmt, output)
    if plot and output and _same_path(plot, output):
        raise click.UsageError(f"-o and --plot both name {output}: give the chart its own file")
    case, weights, options, inputs = ranked_inputs(params)
    if plot:
        check_plot_path(plot)
        check_output(plot, force=force, inputs=inputs)
    if output:
        check_output(output, force=force, inputs=inputs)
    result = rank_case(case, options, weights)
    if confidence:
        result = add_confidence(result)
    warn_all(result.warnings, lang)
    for text in result.notes:
        note(text, lang)
    if explaining:
        deliver(explain_report.RENDERERS, fmt, explain(result, explain_id), lang, output, force=force, inputs=inputs)
    else:
        deliver(rank_report.RENDERERS, fmt, result, lang, output, force=force, inputs=inputs)
    if plot:
        draw_quadrant(result, plot, lang, force=force, inputs=inputs, warn=lambda text: warn_all([text], lang))
        wrote(plot, lang)
