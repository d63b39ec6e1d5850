"""``matrank sensitivity``: how sure is each tier? SMAA-2 over weights and estimate ranges.

Also :func:`add_confidence`, behind ``matrank rank --confidence``.
"""

from __future__ import annotations

import sys
from dataclasses import replace

import click

from matrank.commands.common import emit, example, lang_option, note, warn_all
from matrank.commands.rank import build_options, load_inputs, rank_inputs

#: ``matrank rank --confidence``: samples and the fixed seed.
CONFIDENCE_SAMPLES = 10_000
CONFIDENCE_SEED = 20261123
#: Show a progress bar for runs estimated longer than this (seconds), on a terminal.
PROGRESS_AFTER = 1.0


def add_confidence(result):
    """The ranking with each material's probability of its tier (SMAA, 10,000 samples, fixed seed).

    Default sources: panel experts' vectors when the weights come from a panel,
    else a Dirichlet around the lens weights (C = 100); indicator ranges when the
    case has them.
    """
    from matrank.sensitivity import SensitivityOptions, sensitivity
    s = sensitivity(result, SensitivityOptions(samples=CONFIDENCE_SAMPLES, seed=CONFIDENCE_SEED,
                                               stability=False))
    return replace(result, confidence=s.confidence, confidence_samples=CONFIDENCE_SAMPLES)


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


def _positive_samples(ctx, param, value):
    if value is not None and value < 1:
        raise click.BadParameter(f"must be at least 1, found {value}; 10,000 samples give about ±0.01 "
                                 "on each probability", ctx=ctx, param=param)
    return value


def _positive_concentration(ctx, param, value):
    if value is not None and not value > 0:
        raise click.BadParameter(f"must be > 0, found {value:g}; α = C·w, larger is tighter (default 100)",
                                 ctx=ctx, param=param)
    return value


def _seed(ctx, param, value):
    if value is not None and value < 0:
        raise click.BadParameter(f"must be a whole number ≥ 0, found {value}", ctx=ctx, param=param)
    return value


@click.command("sensitivity")
@rank_inputs
@click.option("--samples", type=SampleCount(), default=10_000, show_default=True, callback=_positive_samples,
              help="Number of SMAA samples (10,000 give about ±0.01 on each probability).")
@click.option("--seed", type=int, default=CONFIDENCE_SEED, show_default=True, callback=_seed,
              help="Random seed; the same seed gives byte-identical output.")
@click.option("--weight-source", type=click.Choice(["panel", "dirichlet", "uniform"]), default=None,
              help="Weight samples per lens: the panel's experts' priority vectors (resampled), a Dirichlet "
                   "around the lens weights, or uniform on the simplex. Default: panel when --weights comes "
                   "from a panel, else dirichlet.")
@click.option("--concentration", type=float, default=None, callback=_positive_concentration,
              help="Dirichlet concentration C (α = C·w; larger is tighter). Default 100: each weight's "
                   "standard deviation is at most 0.05. Implies --weight-source dirichlet.")
@click.option("--values", "values_mode", type=click.Choice(["ranges", "fixed"]), default=None,
              help="Draw estimates from their ranges (triangular, mode at the value) or keep the case's "
                   "values. Default: ranges when the case has any.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xlsx"]), default="table",
              show_default=True, help="Output format (xlsx needs -o).")
@lang_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@click.option("--force", is_flag=True,
              help="Replace OUT if it exists, and run even when the estimated time or memory is too large.")
@click.option("--quiet", is_flag=True, help="No progress bar and no notes on standard error.")
@example("""
matrank sensitivity                                   # default case, 10,000 samples
matrank sensitivity --samples 1000000 --format json -o smaa.json
matrank sensitivity mycase.yaml --weights panel-weights.json          # resamples the panel's experts
matrank sensitivity --weight-source dirichlet --concentration 50 --values fixed
matrank rank --confidence                             # P(tier) next to each tier
""")
@click.pass_context
def sensitivity(ctx, case, weights_path, threshold_gov, threshold_market, split, policy_mix, method, ri_table,
                cr_threshold, normalization, samples, seed, weight_source, concentration, values_mode, fmt,
                lang, output, force, quiet):
    """How sure is each material's tier? Stochastic multicriteria acceptability analysis (SMAA-2).

    Each sample draws both lenses' weights (the panel's experts, a Dirichlet
    around the lens weights, or uniform) and, with --values ranges, every
    estimate from its range; it then recomputes both closenesses, the tier
    and the overall rank. Reported per material: the probability of each
    tier (P(tier) is that of its tier now; ≥ 0.9 is listed as stable), the
    rank acceptability (share of samples at each overall rank, shown as the
    5–95 % rank band), each lens's closeness mean and 5–95 % band, and per
    lens the SMAA-2 central weights and confidence factor. Then, one weight
    at a time (the others rescaled proportionally), the interval inside
    which every material keeps its tier.
    """
    from matrank.api import rank_case
    from matrank.reports import sensitivity_report
    from matrank.sensitivity import SensitivityOptions, check_size, resolve_options
    from matrank.sensitivity import sensitivity as run_sensitivity

    if weight_source in ("panel", "uniform") and concentration is not None:
        raise click.UsageError(f"--concentration sets the Dirichlet's spread; it does not apply to "
                               f"--weight-source {weight_source}. Drop one of them")
    if fmt == "xlsx" and not output:
        raise click.UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")
    loaded, wf = load_inputs(case, weights_path)
    rank_options = build_options(loaded, threshold_gov, threshold_market, split, policy_mix, method, ri_table,
                                 cr_threshold, normalization)
    inputs = [loaded.path] + ([weights_path] if weights_path else [])
    if output:
        from matrank.reports.files import check_output
        check_output(output, force=force, inputs=inputs)
    result = rank_case(loaded, rank_options, wf)
    asked = SensitivityOptions(samples=samples, seed=seed, weight_source=weight_source,
                               concentration=concentration, values=values_mode)
    options, _ = resolve_options(result, asked)
    estimate = check_size(len(result.case.materials), len(result.matrix.criteria), options, force=force)
    warn_all(result.warnings)
    stderr = sys.stderr
    show_bar = not quiet and estimate.seconds > PROGRESS_AFTER and stderr.isatty()
    try:
        if show_bar:
            with click.progressbar(length=samples, label="SMAA samples", file=stderr) as bar:
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
            note(text)
    if fmt == "xlsx":
        sensitivity_report.write_xlsx(s, output, lang, force=force, inputs=inputs)
        click.echo(f"wrote {output}", err=True)
    else:
        emit(sensitivity_report.render_text(s, fmt, lang), output, force=force, inputs=inputs)


__all__ = ["sensitivity", "add_confidence", "CONFIDENCE_SAMPLES", "CONFIDENCE_SEED"]
