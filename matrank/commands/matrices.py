"""``matrank ahp`` and ``matrank topsis``: the methods on plain CSV matrices."""

from __future__ import annotations

import click

from matrank.commands.common import (FiniteFloatRange, deliver, example, format_option, lang_option, note,
                                     output_options, provenance, warn_all)
from matrank.errors import InputError
from matrank.matrices import read_decision_csv, read_pairwise_csv
from matrank.mcda.ahp import analyse, parse_judgment
from matrank.mcda.order import TIE_POLICY
from matrank.mcda.topsis import topsis
from matrank.reports import matrix_report
from matrank.reports.matrix_report import AhpReport, TopsisReport

TYPE_WORDS = {"benefit": True, "max": True, "+": True, "cost": False, "min": False, "-": False}


@click.command("ahp")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--method", type=click.Choice(["eigen", "geometric"]), default="eigen", show_default=True,
              help="Priorities: principal eigenvector, or row geometric mean.")
@click.option("--ri", "ri_table", type=click.Choice(["saaty1980", "saaty2008", "alonso-lamata"]),
              default="saaty1980", show_default=True, help="Random Index table for CR.")
@click.option("--threshold", type=FiniteFloatRange(0.0, 1.0, min_open=True, max_open=True), default=None,
              help="CR above this is flagged inconsistent (a result, not an error). Default 0.10.")
@click.option("--graduated", is_flag=True, help="Saaty's graduated thresholds: 0.05 (n=3), 0.08 (n=4), 0.10.")
@click.option("--any-scale", is_flag=True, help="Accept any positive ratio, not only Saaty's 1/9..9.")
@format_option(matrix_report.AHP_RENDERERS)
@lang_option
@output_options
@example("""
matrank ahp judgments.csv
matrank ahp judgments.csv --method geometric --ri saaty2008 --format json

judgments.csv (lower triangle may be blank; a blank upper cell is missing):
  ,cost,quality,speed
  cost,1,3,5
  quality,,1,2
  speed,,,1
""")
def ahp(file, method, ri_table, threshold, graduated, any_scale, fmt, lang, output, force):
    """Weights and consistency of one pairwise comparison matrix (CSV).

    FILE has a header row of labels and the same labels down the first column.
    Cells take numbers or fractions like 1/3. Missing upper cells are filled by
    Harker's method and listed under "completed". A CR above the threshold is
    reported (consistent: false), with the judgments most worth revising.
    """

    if graduated and threshold is not None:
        raise click.UsageError("--graduated sets the threshold by matrix size (0.05, 0.08, 0.10); "
                               "drop --threshold, or drop --graduated")
    threshold = 0.10 if threshold is None else threshold
    pm = read_pairwise_csv(file, any_scale=any_scale)
    try:
        res = analyse(pm, method=method, ri_table=ri_table, threshold=threshold, graduated=graduated)
    except InputError as exc:
        raise exc.located(file=file) from None
    report = AhpReport(res, provenance(file, method=method, ri_table=ri_table, threshold=res.threshold,
                                       any_scale=any_scale))
    deliver(matrix_report.AHP_RENDERERS, fmt, report, lang, output, force=force, inputs=[file])


def parse_types(text: str, m: int) -> list[bool]:
    words = [w.strip().lower() for w in text.split(",")]
    out = []
    for k, w in enumerate(words):
        if w not in TYPE_WORDS:
            raise InputError(f"{w!r} (position {k + 1}) is not a criterion type", where="--types",
                             expected="one of benefit, cost, max, min, +, - (any case)")
        out.append(TYPE_WORDS[w])
    if len(out) != m:
        raise InputError("types and criteria differ in number", where="--types",
                         found=f"{len(out)} types", expected=f"{m}, one per criterion")
    return out


def parse_weights(text: str, m: int) -> list[float]:
    out = []
    for k, w in enumerate(text.split(",")):
        try:
            out.append(parse_judgment(w))
        except ValueError:
            raise InputError(f"{w.strip()!r} (position {k + 1}) is not a number", where="--weights",
                             expected="comma-separated numbers, e.g. 0.5,0.3,0.2") from None
    if len(out) != m:
        raise InputError("weights and criteria differ in number", where="--weights",
                         found=f"{len(out)} weights", expected=f"{m}, one per criterion")
    return out


@click.command("topsis")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--weights", required=True, help="Comma-separated weights, one per criterion.")
@click.option("--types", required=True, help="Comma-separated benefit|cost (or max|min|+|-).")
@click.option("--normalization", type=click.Choice(["vector", "minmax"]), default="vector",
              show_default=True, help="Column normalisation before weighting.")
@format_option(matrix_report.TOPSIS_RENDERERS)
@lang_option
@output_options
@example("""
matrank topsis cars.csv --weights 0.3,0.2,0.5 --types cost,benefit,benefit

cars.csv:
  id,price,comfort,safety
  a,25000,7,9
  b,18000,5,6
""")
def topsis_command(file, weights, types, normalization, fmt, lang, output, force):
    """Rank alternatives in a decision matrix (CSV) with TOPSIS.

    FILE: a header row (an id column, then the criteria) and one row per
    alternative. Weights that do not sum to 1 are normalised (noted on stderr).
    Rank 1 is the highest closeness; exact ties keep file order and are reported.
    """
    import math


    table = read_decision_csv(file)
    m = len(table.criteria)
    w = parse_weights(weights, m)
    b = parse_types(types, m)
    for c, v in zip(table.criteria, w):
        if not math.isfinite(v) or v <= 0:
            raise InputError(f"the weight of {c} is not a positive finite number", where="--weights",
                             found=f"{v:g}", expected="a number > 0 for every criterion")
    if not math.isclose(sum(w), 1.0, rel_tol=1e-9):
        note(f"weights sum to {sum(w):g}; normalised to sum 1")
    res = topsis(table.values, w, b, normalization=normalization,
                 alternatives=table.alternatives, criteria=table.criteria)
    warn_all(res.warnings)
    report = TopsisReport(table, b, res, provenance(file, normalization=normalization,
                                                    tie_policy=TIE_POLICY.replace("case order", "file order")))
    deliver(matrix_report.TOPSIS_RENDERERS, fmt, report, lang, output, force=force, inputs=[file])
