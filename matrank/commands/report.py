"""``matrank report``: the decision brief (Word, HTML or PDF, by the output's extension)."""

from __future__ import annotations

import shlex
from datetime import date as Date
from datetime import datetime

import click
from click.core import ParameterSource

from matrank.api import rank_case
from matrank.commands.common import example, lang_option, note, rank_inputs, ranked_inputs, warn_all, wrote
from matrank.commands.sensitivity import DEFAULT_SEED, SampleCount
from matrank.compare import compare, rank_file, read_rank_file
from matrank.options import SensitivityOptions
from matrank.reports import rank_report
from matrank.reports.brief import RENDERERS, format_of
from matrank.reports.brief.content import build
from matrank.reports.brief.data import BriefData, read_panel
from matrank.reports.brief.pdf_writer import check_converter
from matrank.reports.files import check_output
from matrank.sensitivity import check_size
from matrank.sensitivity import sensitivity as run_sensitivity

#: Options that say how to write, not what the brief says: left out of the command it prints.
NOT_CONTENT = ("force", "quiet")


def _brief_date(text: str | None) -> str:
    if text is None:
        return Date.today().isoformat()
    try:
        return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a date written YYYY-MM-DD, e.g. 2026-03-31",
                                 param_hint="--date") from None


def _flag(param: click.Parameter) -> str:
    return next((o for o in param.opts if o.startswith("--")), param.opts[0])


def reproduce(ctx: click.Context, brief_date: str) -> str:
    """The command line that makes the same brief: what was typed, with the samples, the seed
    and the date spelled out."""
    words = ["matrank", "report"]
    given = dict(ctx.params, date=brief_date)
    for param in ctx.command.params:
        value = given.get(param.name)
        typed = ctx.get_parameter_source(param.name) not in (ParameterSource.DEFAULT, None)
        if param.name in NOT_CONTENT or value is None or value is False:
            continue
        if isinstance(param, click.Argument):
            words.append(str(value))
        elif typed or param.name in ("samples", "seed", "date", "lang"):
            words += [_flag(param)] if value is True else [_flag(param), str(value)]
    return " ".join(shlex.quote(w) for w in words)


@click.command("report")
@rank_inputs
@click.option("--panel", "panel_path", type=click.Path(dir_okay=False), default=None,
              help="The panel's report (`matrank panel collect --format json`) behind --weights: adds the "
                   "accounting of the experts, the consensus and the judgments to revise.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="A ranking to compare with (`matrank rank --format json`): adds what changed.")
@click.option("--samples", type=SampleCount(), default=10_000, show_default=True,
              help="SMAA samples behind the tier probabilities (10,000 give about ±0.01).")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
              help="Random seed; the same seed gives the same brief.")
@click.option("--weight-source", type=click.Choice(["panel", "dirichlet", "uniform"]), default=None,
              help="Weight samples per lens, as in `matrank sensitivity`.")
@click.option("--concentration", type=float, default=None,
              help="Dirichlet concentration C (default 100), as in `matrank sensitivity`.")
@click.option("--values", "values_mode", type=click.Choice(["ranges", "fixed"]), default=None,
              help="Draw estimates from their ranges, or keep them fixed (the sensitivity then covers the "
                   "weights only). Default: ranges when the case has any.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The brief: FILE.docx (Word), FILE.html (one self-contained page) or FILE.pdf (needs LibreOffice).")
@lang_option
@click.option("--date", "brief_date", default=None, metavar="YYYY-MM-DD",
              help="The date the brief carries (default: today); with it, the same inputs give the same file.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--quiet", is_flag=True, help="No notes on standard error.")
@example("""
matrank report -o brief.docx                          # the default case, Word
matrank report shenzhen-2022 --lang zh -o brief.html  # one self-contained web page
matrank report mycase.yaml --weights panel-weights.json --panel panel-results.json -o brief.pdf
matrank report --baseline before.json -o brief.docx   # with what changed since a ranking
""")
@click.pass_context
def report(ctx, panel_path, baseline, samples, seed, weight_source, concentration, values_mode, output, lang,
           brief_date, force, quiet, **params):
    """Write the decision brief of a case: Word, HTML or PDF, by the extension of -o.

    Page 1 is the answer on one A4 page: who weighted, the quadrant chart, each
    tier's materials with P(tier) (borderline ones, P(tier) < 0.67, marked) and
    the tier's policy instruments. Then: what would change each borderline tier
    (the nearest weight, the estimate whose range moves it most); the weights and
    their consistency (with --panel, the panel's accounting); the sensitivity
    (tier probabilities, rank acceptability, weight stability); the evidence
    behind every input; with --baseline, what changed; the method, the files'
    hashes and the command that makes the brief again.
    """

    fmt = format_of(output)
    if fmt is None:
        shown = click.format_filename(output)
        raise click.UsageError(f"-o {shown}: the brief's format comes from the extension: name the file "
                               f"brief.docx (Word), brief.html (web page) or brief.pdf (PDF)")
    if panel_path and not params.get("weights_path"):
        raise click.UsageError("--panel describes the panel behind the weights: pass the panel's weights file "
                               "too, --weights FILE (the --weights-out of the same `matrank panel collect`)")
    when = _brief_date(brief_date)
    if fmt == "pdf":
        check_converter()
    asked = SensitivityOptions(samples=samples, seed=seed, weight_source=weight_source,
                               concentration=concentration, values=values_mode)
    case, weights, rank_options, inputs = ranked_inputs(params)
    inputs += [p for p in (panel_path, baseline) if p]
    check_output(output, force=force, inputs=inputs)
    base = read_rank_file(baseline) if baseline else None
    panel = read_panel(panel_path, case, weights) if panel_path else None
    result = rank_case(case, rank_options, weights)
    comparison = compare(base, rank_file(rank_report.payload(result, lang), output)) if base else None
    check_size(len(case.materials), len(case.criteria), asked)
    s = run_sensitivity(result, asked)
    warn_all(result.warnings, lang)
    if not quiet:
        for text in tuple(result.notes) + tuple(s.notes):
            note(text, lang)
    data = BriefData(s, panel, comparison, (base.path, base.sha256) if base else None, reproduce(ctx, when), when)
    RENDERERS[fmt].write(build(data, lang), output, lang, force=force, inputs=inputs,
                         warn=lambda text: warn_all([text], lang))
    wrote(output, lang)


__all__ = ["report"]
