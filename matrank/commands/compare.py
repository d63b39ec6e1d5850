"""``matrank compare``: what changed between two rankings (``matrank rank --format json`` files)."""

from __future__ import annotations

import click

from matrank.commands.common import check_delivery, deliver, example, format_option, lang_option, output_options
from matrank.compare import DEFAULT_THRESHOLD, compare_files
from matrank.reports import compare_report
from matrank.reports.files import check_output


@click.command("compare")
@click.argument("file_a", metavar="A", type=click.Path(dir_okay=False))
@click.argument("file_b", metavar="B", type=click.Path(dir_okay=False))
@format_option(compare_report.RENDERERS)
@lang_option
@output_options
@click.option("--threshold", type=click.IntRange(min=1), default=DEFAULT_THRESHOLD, show_default=True,
              help="List materials whose overall rank moved by at least this many places.")
@example("""
matrank rank --format json -o before.json
matrank rank --policy-mix 0.8 --threshold-gov 0.6 --format json -o after.json
matrank compare before.json after.json              # weights, tier changes and why, rank moves
matrank compare before.json after.json --lang zh --format md -o changes.md
matrank compare before.json after.json --format json --threshold 3
""")
def compare(file_a, file_b, fmt, lang, output, force, threshold):
    """Compare two rankings of a case: A and B are `matrank rank --format json` files.

    Shows the criterion weights of each lens side by side, the settings that
    differ, every material whose tier changed (its ranks and lens scores in A
    and B, and the criteria whose weighted contributions moved it most,
    B − A), the materials whose overall rank moved by at least --threshold
    places, and the materials in one file only. Two rankings of different
    cases are compared on the materials they share. Identical rankings print
    "no difference".
    """

    check_delivery(compare_report.RENDERERS, fmt, output)
    inputs = [file_a, file_b]
    if output:
        check_output(output, force=force, inputs=inputs)
    result = compare_files(file_a, file_b, threshold)
    deliver(compare_report.RENDERERS, fmt, result, lang, output, force=force, inputs=inputs)
