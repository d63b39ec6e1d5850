"""Options and output handling shared by the commands."""

from __future__ import annotations

import functools
import inspect
import shutil
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from matrank import __version__
from matrank.api import load_case, read_weights
from matrank.inputfile import read_input
from matrank.labels import label
from matrank.mcda.ahp import METHODS, RI_TABLE_NAMES
from matrank.mcda.ranking import DEFAULT_RANKING, RANKINGS
from matrank.mcda.topsis import NORMALIZATIONS
from matrank.model import Thresholds
from matrank.options import RankOptions
from matrank.reports.files import write_text_atomic
from matrank.reports.render import TABLE_WIDTH

LANG_CHOICE = click.Choice(["en", "zh"], case_sensitive=False)

#: The flag that sets each option field: a library error naming a field reads as the flag
#: the person typed (see :class:`matrank.errors.OptionError`).
FLAGS = {
    "method": "--method", "ri_table": "--ri", "cr_threshold": "--cr-threshold",
    "normalization": "--normalization", "thresholds.government": "--threshold-gov",
    "thresholds.market": "--threshold-market", "thresholds.split": "--split", "policy_mix": "--policy-mix",
    "ranking": "--ranking", "samples": "--samples", "seed": "--seed", "weight_source": "--weight-source",
    "concentration": "--concentration", "values": "--values", "workers": "--workers",
    "weights_file": "--weights", "force": "--force", "aggregate": "--aggregate",
    "on_inconsistent": "--on-inconsistent", "ratings_from": "--ratings-from", "any_scale": "--any-scale",
}


class FiniteFloatRange(click.FloatRange):
    """click's FloatRange lets NaN through (every comparison with NaN is false)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


#: The byte order mark Excel and WPS need to read a CSV file as UTF-8 (on Chinese Windows
#: they otherwise assume GBK and show the names garbled).
BOM = "\ufeff"


def lang_option(f):
    return click.option("--lang", type=LANG_CHOICE, default="en", show_default=True, envvar="MATRANK_LANG",
                        help="Language of everything printed (English or 中文); default from MATRANK_LANG.")(f)


def _remember_no_bom(ctx: click.Context, _param, value: bool) -> bool:
    ctx.meta["matrank.no_bom"] = value
    return value


def format_option(renderers: dict, default: str = "table"):
    """``--format``, its choices from a report module's renderer table (and ``--no-bom`` where
    one of them is CSV)."""
    def decorate(f):
        if "csv" in renderers:
            f = click.option("--no-bom", is_flag=True, expose_value=False, callback=_remember_no_bom,
                             help="CSV without the UTF-8 byte order mark (for pipelines; Excel needs it).")(f)
        return click.option("--format", "fmt", type=click.Choice(list(renderers), case_sensitive=False),
                            default=default, show_default=True,
                            help="Output format (a file format needs -o FILE).")(f)
    return decorate


def with_bom(fmt: str, text: str) -> str:
    """CSV text with the byte order mark, unless ``--no-bom`` was given."""
    ctx = click.get_current_context(silent=True)
    if fmt != "csv" or (ctx is not None and ctx.meta.get("matrank.no_bom")):
        return text
    return BOM + text


#: Text formats a file name implies when --format is not given.
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "md", ".txt": "table"}


def chosen_format(renderers: dict, fmt: str, output: str | None) -> str:
    """``--format`` as given; when it was left at its default, the format ``-o``'s extension
    names (``-o results.xlsx`` writes a workbook, not a text table under an Excel name)."""
    ctx = click.get_current_context(silent=True)
    given = ctx is not None and ctx.get_parameter_source("fmt") not in (None, ParameterSource.DEFAULT,
                                                                         ParameterSource.DEFAULT_MAP)
    if given or not output or output == "-":
        return fmt
    suffix = Path(output).suffix.lower()
    for name, renderer in renderers.items():
        if renderer.writes_file and suffix in renderer.suffixes:
            return name
    return SUFFIX_FORMATS[suffix] if SUFFIX_FORMATS.get(suffix) in renderers else fmt


def check_delivery(renderers: dict, fmt: str, output: str | None) -> None:
    """Refuse, before any work, a file format without -o or with the wrong suffix, and a text
    format written under a file format's name."""
    fmt = chosen_format(renderers, fmt, output)
    renderer = renderers[fmt]
    if not renderer.writes_file and output and output != "-":
        suffix = Path(output).suffix.lower()
        owner = next((name for name, r in renderers.items() if r.writes_file and suffix in r.suffixes), None)
        if owner:
            raise click.UsageError(f"--format {fmt} writes text, but -o {output} names a {suffix} file: "
                                   f"use --format {owner}, or leave --format out")
    if renderer.writes_file:
        if not output:
            raise click.UsageError(f"--format {fmt} writes a file: give -o FILE{renderer.suffixes[0]}")
        if Path(output).suffix.lower() not in renderer.suffixes:
            raise click.UsageError(f"--format {fmt} writes {' or '.join(renderer.suffixes)}: name the file "
                                   f"-o FILE{renderer.suffixes[0]}")


def deliver(renderers: dict, fmt: str, obj, lang: str, output: str | None, *, force: bool = False,
            inputs=()) -> None:
    """Render ``obj`` in ``fmt`` (or the format ``output``'s extension names) to standard
    output or (atomically) to ``output``."""
    fmt = chosen_format(renderers, fmt, output)
    renderer = renderers[fmt]
    if renderer.writes_file:
        renderer.write(obj, output, lang, force=force, inputs=inputs)
        wrote(output, lang)
    else:
        to_terminal = (output is None or output == "-") and sys.stdout.isatty()
        token = TABLE_WIDTH.set(shutil.get_terminal_size().columns if to_terminal else None)
        try:
            text = renderer.text(obj, lang)
        finally:
            TABLE_WIDTH.reset(token)
        emit(with_bom(fmt, text), output, force=force, inputs=inputs, lang=lang)


def output_options(f):
    """``-o/--output`` and ``--force``: write atomically, never over an input or unasked."""
    f = click.option("--force", is_flag=True, help="Replace OUT if it exists.")(f)
    f = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                     help="Write to this file instead of standard output.")(f)
    return f


def emit(text: str, output: str | None, *, force: bool = False, inputs=(), lang: str = "en") -> None:
    """Print ``text`` or write it atomically to ``output``."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    write_text_atomic(output, text, force=force, inputs=inputs)
    wrote(output, lang)


def _said(lang: str) -> str:
    """The language of the status lines: Chinese with ``zh``, else English (``both`` is a
    workbook's language, not a terminal's)."""
    return "zh" if lang == "zh" else "en"


def wrote(path, lang: str = "en") -> None:
    click.echo(label("cli.wrote", _said(lang)).format(path=path), err=True)


def note(text: str, lang: str = "en") -> None:
    click.echo(label("cli.note", _said(lang)).format(text=text), err=True)


def warn_all(warnings, lang: str = "en") -> None:
    for w in warnings:
        click.echo(label("cli.warning", _said(lang)).format(text=w), err=True)


def example(text: str):
    """Append an example block to a command's help (every command shows one)."""
    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            return f(*args, **kwargs)
        # cleandoc first: the example's own indentation must not change how the text dedents
        wrapper.__doc__ = inspect.cleandoc(f.__doc__ or "") + "\n\n\b\nExample:\n" + \
            "\n".join("  " + line for line in text.strip().splitlines())
        return wrapper
    return decorate


def rank_inputs(f):
    """CASE and the options that decide the ranking (shared by rank and sensitivity)."""

    unit = FiniteFloatRange(0.0, 1.0)
    f = click.option("--ranking", type=click.Choice(RANKINGS), default=DEFAULT_RANKING, show_default=True,
                     help="Ranking method per lens: TOPSIS closeness, or VIKOR's compromise (score 1 − Q, "
                          "v = 0.5).")(f)
    f = click.option("--any-scale", is_flag=True,
                     help="Accept the case's judgments off Saaty's 1/9..9 scale (any ratio within 1e±9).")(f)
    f = click.option("--normalization", type=click.Choice(NORMALIZATIONS), default=None,
                     help="TOPSIS column normalisation (default vector; VIKOR uses each criterion's range).")(f)
    f = click.option("--cr-threshold", type=FiniteFloatRange(0.0, 1.0, min_open=True), default=0.10,
                     show_default=True, help="CR above this flags a lens's judgments as inconsistent.")(f)
    f = click.option("--ri", "ri_table", type=click.Choice(RI_TABLE_NAMES), default="saaty1980",
                     show_default=True, help="Random Index table for CR.")(f)
    f = click.option("--method", type=click.Choice(METHODS), default="eigen",
                     show_default=True, help="AHP priorities from the case's judgments.")(f)
    f = click.option("--policy-mix", type=unit, default=0.5, show_default=True,
                     help="α in the overall score α·S_gov + (1−α)·S_market.")(f)
    f = click.option("--split", type=click.Choice(["fixed", "median"]), default=None,
                     help="Tier thresholds: fixed values (default 0.5) or the medians of the scores.")(f)
    f = click.option("--threshold-market", type=unit, default=None,
                     help="Market score at or above which a material is 'high' (default 0.5).")(f)
    f = click.option("--threshold-gov", type=unit, default=None,
                     help="Government score at or above which a material is 'high' (default 0.5).")(f)
    f = click.option("--weights", "weights_path", type=click.Path(dir_okay=False), default=None,
                     help="A weights file from `matrank panel collect --weights-out`.")(f)
    f = click.argument("case", required=False)(f)
    return f


RANK_INPUTS = ("case", "weights_path", "threshold_gov", "threshold_market", "split", "policy_mix", "method",
               "ri_table", "cr_threshold", "normalization", "ranking", "any_scale")


def ranked_inputs(params: dict):
    """The case, its weights file and the RankOptions for the :func:`rank_inputs` flags (removed
    from ``params``); conflicting flags are a usage error."""

    a = {name: params.pop(name) for name in RANK_INPUTS}
    if a["split"] == "median" and (a["threshold_gov"] is not None or a["threshold_market"] is not None):
        raise click.UsageError("--split median sets the thresholds itself; drop --threshold-gov/"
                               "--threshold-market, or use --split fixed")
    case = load_case(a["case"])
    weights = read_weights(a["weights_path"], case) if a["weights_path"] else None
    thresholds = None
    if a["split"] == "median":
        thresholds = Thresholds(split="median")
    elif a["threshold_gov"] is not None or a["threshold_market"] is not None or a["split"] == "fixed":
        base = case.thresholds if case.thresholds and case.thresholds.split == "fixed" else Thresholds()
        thresholds = Thresholds(a["threshold_gov"] if a["threshold_gov"] is not None else base.government,
                                a["threshold_market"] if a["threshold_market"] is not None else base.market)
    options = RankOptions(method=a["method"], ri_table=a["ri_table"], cr_threshold=a["cr_threshold"],
                          normalization=a["normalization"], thresholds=thresholds, policy_mix=a["policy_mix"],
                          ranking=a["ranking"], any_scale=a["any_scale"])
    inputs = [case.path] + ([a["weights_path"]] if a["weights_path"] else [])
    return case, weights, options, inputs


def provenance(path: str, **options) -> dict:
    """Engine version, the input's hash and the options that shaped the numbers."""
    source = read_input(path, "CSV")
    return {"engine": f"matrank {__version__}", "input": source.name, "input_hash": source.sha256, **options}
