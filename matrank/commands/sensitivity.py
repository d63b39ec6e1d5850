"""``matrank sensitivity``: how sure is each tier? SMAA-2 over weights and estimate ranges."""

from __future__ import annotations

import sys
from functools import partial

import click

from matrank.api import rank_case
from matrank.commands.common import (check_delivery, deliver, example, format_option, lang_option, note, rank_inputs,
                                     ranked_inputs, warn_all)
from matrank.options import SensitivityOptions
from matrank.reports import sensitivity_report
from matrank.reports.render import Renderer
from matrank.reports.files import check_output
from matrank.sensitivity import check_size, resolve_options
from matrank.sensitivity import sensitivity as run_sensitivity

#: Show a progress bar for runs estimated longer than this (seconds), on a terminal.
PROGRESS_AFTER = 1.0
#: The default seed, here as a literal so that `--help` need not import the library (a test
#: checks it equals matrank.options.DEFAULT_SEED).
DEFAULT_SEED = 20261123


class SampleCount(click.ParamType):
    """A whole number of samples: 10000, 10_000, 10,000 or 1e6."""

    name = "integer"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().replace("_", "").replace(",", "")
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or not number.is_integer():
            self.fail(f"{value!r} is not a whole number of samples (e.g. 10000 or 1e6)", param, ctx)
        return int(number)


@click.command("sensitivity")
@rank_inputs
@click.option("--samples", type=SampleCount(), default=10_000, show_default=True,
              help="Number of SMAA samples (10,000 give about ±0.01 on each probability).")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
              help="Random seed; the same seed gives byte-identical output.")
@click.option("--weight-source", type=click.Choice(["panel", "dirichlet", "uniform"]), default=None,
              help="Weight samples per lens: the panel's experts' priority vectors (resampled), a Dirichlet "
                   "around the lens weights, or uniform on the simplex. Default: panel when --weights comes "
                   "from a panel, else dirichlet.")
@click.option("--concentration", type=float, default=None,
              help="Dirichlet concentration C (α = C·w; larger is tighter). Default 100: each weight's "
                   "standard deviation is at most 0.05. Implies --weight-source dirichlet.")
@click.option("--values", "values_mode", type=click.Choice(["ranges", "fixed"]), default=None,
              help="Draw estimates from their ranges (triangular, mode at the value) or keep the case's "
                   "values. Default: ranges when the case has any.")
@format_option(sensitivity_report.RENDERERS)
@lang_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@click.option("--force", is_flag=True,
              help="Replace OUT if it exists, and run even when the estimated time or memory is too large.")
@click.option("--quiet", is_flag=True, help="No progress bar and no notes on standard error.")
@click.option("--wide", is_flag=True, help="The table with P(tier) for each of the four tiers (wider).")
@example("""
matrank sensitivity                                   # default case, 10,000 samples
matrank sensitivity --samples 1000000 --format json -o smaa.json
matrank sensitivity mycase.yaml --weights panel-weights.json          # resamples the panel's experts
matrank sensitivity --weight-source dirichlet --concentration 50 --values fixed
matrank rank --confidence                             # P(tier) next to each tier
""")
@click.pass_context
def sensitivity(ctx, samples, seed, weight_source, concentration, values_mode, fmt, lang, output, force, quiet,
                wide, **params):
    """How sure is each material's tier? Stochastic multicriteria acceptability analysis (SMAA-2).

    Each sample draws both lenses' weights (the panel's experts, a Dirichlet
    around the lens weights, or uniform) and, with --values ranges, every
    estimate from its range; it then recomputes both lenses' scores (the
    --ranking method), the tier and the overall rank. Reported per material:
    the probability of each tier (P(tier) is that of its tier now; ≥ 0.9 is
    listed as stable), the rank acceptability (share of samples at each
    overall rank, shown as the 5–95 % rank band), each lens's score mean and
    5–95 % band, and per lens the SMAA-2 central weights and confidence
    factor. Then, one weight at a time (the others rescaled proportionally),
    the interval inside which every material keeps its tier.
    """

    asked = SensitivityOptions(samples=samples, seed=seed, weight_source=weight_source,
                               concentration=concentration, values=values_mode)
    check_delivery(sensitivity_report.RENDERERS, fmt, output)
    case, weights, rank_options, inputs = ranked_inputs(params)
    if output:
        check_output(output, force=force, inputs=inputs)
    result = rank_case(case, rank_options, weights)
    options, _ = resolve_options(result, asked)
    estimate = check_size(len(result.case.materials), len(result.matrix.criteria), options, force=force)
    warn_all(result.warnings, lang)
    show_bar = not quiet and estimate.seconds > PROGRESS_AFTER and sys.stderr.isatty()
    try:
        if show_bar:
            with click.progressbar(length=samples, label="SMAA samples", file=sys.stderr) as bar:
                state = {"done": 0}

                def progress(done, total):
                    bar.update(done - state["done"])
                    state["done"] = done
                s = run_sensitivity(result, asked, progress=progress)
        else:
            s = run_sensitivity(result, asked)
    except KeyboardInterrupt:
        click.echo("matrank sensitivity: interrupted; nothing was written", err=True)
        ctx.exit(130)
    if not quiet:
        for text in s.notes:
            note(text, lang)
    renderers = dict(sensitivity_report.RENDERERS, table=Renderer(text=partial(sensitivity_report.table_text,
                                                                               wide=wide)))
    deliver(renderers, fmt, s, lang, output, force=force, inputs=inputs)


__all__ = ["sensitivity"]
