"""``matrank panel template`` and ``matrank panel collect``: expert-panel workbooks."""

from __future__ import annotations

import click

from matrank.casefiles import load_case
from matrank.commands.common import (FiniteFloatRange, deliver, example, format_option, lang_option, note, warn_all,
                                     wrote)
from matrank.criteria import LENSES
from matrank.errors import InputError
from matrank.labels import counted, label
from matrank.options import PanelOptions
from matrank.reports import panel_report
from matrank.reports.files import check_output
from matrank.reports.panel_report import WORKBOOK, missing_lenses, weights_payload
from matrank.weightsfile import write_weights
from matrank.workbooks.collect import collect as collect_panel
from matrank.workbooks.discover import find_workbooks, is_panel_workbook
from matrank.workbooks.experts import read_experts
from matrank.workbooks.layout import FORMS
from matrank.workbooks.rounds import collect_rounds
from matrank.workbooks.template import write_templates
from matrank.workbooks.feedback import next_round, report_lines, write_next_round

LENS_CHOICE = click.Choice(["government", "market", "both"])


@click.group("panel")
@example("""
matrank panel template -o panel/ --experts 9      # send panel/expert-01.xlsx … out
matrank panel collect panel/ --weights-out panel-weights.json
matrank rank --weights panel-weights.json
""")
def panel() -> None:
    """Expert panels: a workbook per expert, then their judgments collected into weights."""


@panel.command("template")
@click.argument("case", required=False)
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the workbooks (created if missing).")
@click.option("--experts", type=click.IntRange(1, 500), default=None,
              help="How many workbooks to write: expert-01.xlsx, expert-02.xlsx, … (ids E01, E02, …).")
@click.option("--experts-file", type=click.Path(dir_okay=False), default=None,
              help="A CSV of the experts (name, organisation, role, lens = government|market|both, optional "
                   "id): one workbook per row, prefilled, asking the row's lens(es).")
@click.option("--lens", type=LENS_CHOICE, default=None,
              help="The lens(es) each expert judges.  [default: both]")
@click.option("--layout", "form", type=click.Choice(FORMS), default="matrix", show_default=True,
              help="matrix: fill the pairwise matrix; pairs: a questionnaire, one row per pair (which "
                   "criterion matters more, and how much), the matrix computed from it.")
@click.option("--lang", type=click.Choice(["zh", "en", "both"]), default="both", show_default=True,
              help="Language of the workbook's text (中文, English, or both).")
@click.option("--ratings", is_flag=True,
              help="Add a sheet where experts rate each material on each criterion whose value "
                   "in the case is an estimate (1–9).")
@click.option("--force", is_flag=True, help="Replace workbooks that already exist in the folder.")
@example("""
matrank panel template -o panel/ --experts 9
matrank panel template -o panel/ --experts-file experts.csv --layout pairs
matrank panel template shenzhen-2022 -o gov-panel/ --experts 12 --lens government --lang zh
matrank panel template mycase.yaml -o panel/ --experts 5 --ratings
""")
def template(case, out_dir, experts, experts_file, lens, form, lang, ratings, force):
    """Write one expert workbook per expert for CASE (default: the shipped default case).

    Each workbook has an instructions sheet, the expert's details (with their id and the
    round), one sheet per lens in the matrix or the pairs layout (judgments from drop-downs,
    with the priorities, CR and the pairs to reconsider computed live), optionally a ratings
    sheet, and a hidden _meta sheet that `matrank panel collect` checks. Only the input cells
    are unlocked (sheet protection without a password).
    """
    if (experts is None) == (experts_file is None):
        raise click.UsageError("give either --experts N or --experts-file FILE (one workbook per expert)")
    if experts_file is not None and lens is not None:
        raise click.UsageError("--lens and --experts-file: the experts file gives each expert's lens; drop --lens")
    loaded = load_case(case)
    lenses = LENSES if lens in (None, "both") else (lens,)
    who = read_experts(experts_file) if experts_file else experts
    paths = write_templates(loaded, out_dir, who, lenses, lang, ratings, form=form, force=force)
    shown = paths[0].name if len(paths) == 1 else f"{paths[0].name} … {paths[-1].name}"
    said = "zh" if lang == "zh" else "en"       # a workbook in both languages, a terminal in English
    asked = (label("panel.template.from", said).format(file=experts_file) if experts_file
             else ("、" if said == "zh" else ", ").join(label(f"summary.lens.{x}", said) for x in lenses))
    click.echo(label("panel.template.wrote", said).format(count=counted(len(paths), "workbook", said), case=loaded.id,
                                                          asked=asked, folder=out_dir, shown=shown), err=True)


@panel.command("collect")
@click.argument("paths", nargs=-1, required=True)
@click.option("--case", "case_arg", default=None,
              help="The case (file or shipped name); default: the shipped case the workbooks name.")
@click.option("--aggregate", type=click.Choice(["aij", "aip"]), default="aij", show_default=True,
              help="AIJ: geometric mean of the judgments (the panel as one unit); AIP: geometric "
                   "mean of the experts' priorities.")
@click.option("--cr-threshold", type=FiniteFloatRange(0.0, 1.0, min_open=True, max_open=True), default=0.10,
              show_default=True, help="An expert's lens with a CR above this is inconsistent.")
@click.option("--on-inconsistent", type=click.Choice(["exclude", "include", "fail"]), default="exclude",
              show_default=True,
              help="An inconsistent lens is left out (with the judgments to revise), let in, or "
                   "stops the command with exit 1 after the report, writing no file.")
@click.option("--ratings-from", type=click.Choice(["all", "used"]), default="all", show_default=True,
              help="Whose ratings of estimates count: every workbook not rejected (all), or only experts "
                   "with a lens used (used). An expert with an excluded lens is noted either way.")
@format_option(panel_report.RENDERERS)
@lang_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Also write the report as a workbook (results.xlsx) with a chart of the weights.")
@click.option("--weights-out", type=click.Path(dir_okay=False), default=None,
              help="Write the panel's weights file for `matrank rank --weights`.")
@click.option("--force", is_flag=True, help="Replace output files that exist.")
@click.option("--previous", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="An earlier round's folder (repeat, oldest first): experts linked by their id, and the "
                   "convergence over the rounds reported (S*, weights, Kendall's W, spread, stop hint).")
@click.option("--allow-new-experts", is_flag=True,
              help="With --previous: use a workbook whose expert id no earlier round has (an expert joining "
                   "the panel), reported as new. Without it such a workbook is refused.")
@example("""
matrank panel collect panel/
matrank panel collect round2/ --previous round1/ -o results.xlsx
matrank panel collect panel/ -o results.xlsx --weights-out panel-weights.json
matrank panel collect a.xlsx b.xlsx c.xlsx --aggregate aip --format json
matrank panel collect panel/ --case mycase.yaml --on-inconsistent include
""")
def collect(paths, case_arg, aggregate, cr_threshold, on_inconsistent, ratings_from, fmt, lang, output, weights_out,
            force, previous, allow_new_experts):
    """Collect filled-in expert workbooks (files, or folders of them) into panel weights.

    Every workbook is untrusted input: values only, no formula evaluated, no
    macro run (.xlsm/.xls refused), size and zip-ratio limits, and its _meta
    must match the template for the case. Each file is reported as used,
    excluded (with the reason, e.g. CR 0.23 > 0.10) or rejected (unreadable,
    another case or version, no judgments…); the counts add up and one bad
    file never stops the others. Per lens, the used experts are aggregated
    (AIJ or AIP) with Goepel's consensus S*; ratings of estimates are averaged
    geometrically and replace the case's estimates when the weights file is
    passed to `matrank rank --weights`.
    """
    from pathlib import Path


    if output and Path(output).suffix.lower() not in (".xlsx",):
        raise click.UsageError("-o writes the report as a workbook: give a file name ending in .xlsx "
                               "(the text report goes to standard output)")
    if weights_out and Path(weights_out).suffix.lower() != ".json":
        raise click.UsageError("--weights-out writes the panel's weights as JSON: give a file name ending in .json")
    if output and weights_out and Path(output).resolve() == Path(weights_out).resolve():
        raise click.UsageError("-o and --weights-out name the same file; give them different names")
    for out in (output, weights_out):
        if out and is_panel_workbook(out):
            raise InputError("refusing to write over an expert's workbook (it has a _meta sheet), --force or not",
                             file=out, fix="choose another file name for the output")
    files = find_workbooks([*previous, *paths], skip=[output, weights_out])
    for out in (output, weights_out):
        if out:
            check_output(out, force=force, inputs=files)
    if allow_new_experts and not previous:
        raise click.UsageError("--allow-new-experts is about later rounds: give the earlier round with --previous "
                               "ROUND, or drop --allow-new-experts")
    options = PanelOptions(aggregate=aggregate, cr_threshold=cr_threshold, on_inconsistent=on_inconsistent,
                           ratings_from=ratings_from, allow_new_experts=allow_new_experts)
    result = collect_rounds(paths, previous, case_arg, options, skip=[p for p in (output, weights_out) if p])
    for text in result.skipped:
        click.echo(label("panel.next.not_collected", lang).format(text=text), err=True)
    deliver(panel_report.RENDERERS, fmt, result, lang, None)
    warn_all([label("panel.collect.no_lens", lang).format(lens=label(f"summary.lens.{lens}", lang))
              + (label("panel.collect.no_lens.weights_out", lang) if weights_out else "")
              for lens in missing_lenses(result)], lang)
    if on_inconsistent == "fail":
        _fail_if_inconsistent(result, cr_threshold)
    if output:
        WORKBOOK.write(result, output, lang, force=force, inputs=files)
        wrote(output, lang)
    if weights_out:
        if not result.lenses:
            reasons = [f"{Path(e.file).name}: {e.reason}" for e in result.experts if e.reason][:3]
            raise InputError("no lens has a used expert, so there are no weights to write",
                             where="--weights-out", found=" | ".join(reasons) or None,
                             fix="see the reasons in the report above")
        write_weights(weights_out, weights_payload(result), force=force)
        note(label("panel.collect.rank_with", lang).format(
            command=f"matrank rank {case_arg or result.case_id} --weights {weights_out}"), lang)
        wrote(weights_out, lang)


def _fail_if_inconsistent(result, cr_threshold: float) -> None:
    """``--on-inconsistent fail``: exit 1 after the report, naming each inconsistent lens."""
    from pathlib import Path

    inconsistent = result.inconsistent()
    if not inconsistent:
        return
    listed = ", ".join(f"{Path(f).name} {lens} CR {cr:.3f}" for f, lens, cr in inconsistent)
    many = len(inconsistent) != 1
    raise InputError(f"{len(inconsistent)} expert judgment set{'s exceed' if many else ' exceeds'} "
                     f"CR {cr_threshold:.2f} (--on-inconsistent fail); no file written",
                     found=listed, fix="ask the experts to revise the judgments listed in the report, "
                                       "or collect with --on-inconsistent exclude")


@panel.command("feedback")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(),
              help="Folder for the next round's workbooks (created if missing; not the round's own folder).")
@click.option("--case", "case_arg", default=None,
              help="The case (file or shipped name); default: the shipped case the workbooks name.")
@click.option("--aggregate", type=click.Choice(["aij", "aip"]), default="aij", show_default=True,
              help="How the group weights on the feedback sheet are aggregated (the group judgments beside "
                   "each pair are always the AIJ matrix).")
@click.option("--cr-threshold", type=FiniteFloatRange(0.0, 1.0, min_open=True, max_open=True), default=0.10,
              show_default=True, help="An expert's lens with a CR above this is left out of the group and its "
                                      "most inconsistent pairs are marked.")
@click.option("--lang", type=click.Choice(["zh", "en", "both"]), default="both", show_default=True,
              help="Language of the workbooks' text (中文, English, or both); the report is in Chinese with zh.")
@click.option("--force", is_flag=True, help="Replace workbooks that already exist in the output folder.")
@example("""
matrank panel feedback round1/ -o round2/
matrank panel feedback round1/ -o round2/ --lang zh
matrank panel feedback a.xlsx b.xlsx c.xlsx -o round2/ --case mycase.yaml
""")
def feedback(paths, out_dir, case_arg, aggregate, cr_threshold, lang, force):
    """Write the next round's workbook for every expert of a collected round (files, or a folder).

    Each expert gets a workbook of the same name in OUT (round + 1, the same expert id, the same
    layout), with their own judgments filled in and, beside each pair, the group's judgment (the
    AIJ matrix of the used experts' completed judgments) and the panel's range; the pairs among
    their three most inconsistent (when their CR was above the threshold) or a factor of 3 or more
    from the group are marked, and a feedback sheet gives their CR, their weights beside the
    group's and the consensus S*. A lens whose judgments could not be used is asked afresh; a file
    that is not a readable workbook of the case is reported and not written. Ratings are not asked
    again.
    """
    from pathlib import Path

    speak = "zh" if lang == "zh" else "en"
    given = [Path(p).resolve() for p in paths]
    twice = sorted({p for p in paths if given.count(Path(p).resolve()) > 1})
    if twice:
        raise click.UsageError(f"{', '.join(twice)} is given more than once; give each round folder or file once")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("-o names a file, not a folder", file=out_dir,
                         fix="give a new folder for the next round's workbooks, e.g. -o round2/")
    files = find_workbooks(paths)
    if out.exists() and any(Path(f).resolve().parent == out.resolve() for f in files):
        raise InputError("-o is the folder of the round being fed back; the next round's workbooks have the "
                         "same names and would replace the experts' answers", file=out_dir,
                         fix="give a new folder for the next round, e.g. -o round2/")
    options = PanelOptions(aggregate=aggregate, cr_threshold=cr_threshold)
    result = collect_panel(paths, case_arg, options)
    plan = next_round(result, cr_threshold)
    loaded = load_case(case_arg or result.case_id)
    written = write_next_round(loaded, plan, out_dir, lang, files + [loaded.path], force=force)
    for line in report_lines(plan, written, out_dir, speak, result.skipped):
        click.echo(line, err=True)
