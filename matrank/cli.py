"""The ``matrank`` command: a thin click shell over :mod:`matrank.api`.

Library errors (:class:`matrank.errors.MatrankError`) become one-line messages
with exit code 1; usage errors exit 2; nothing prints a traceback for bad
input. Heavy modules (numpy, pandas, openpyxl, matplotlib) are imported inside
the commands that need them, so ``matrank --help`` stays fast.
"""

from __future__ import annotations

import os
import sys

import click

from matrank import __version__
from matrank.commands import cases as cases_commands
from matrank.commands import compare as compare_commands
from matrank.commands import matrices as matrix_commands
from matrank.commands import panel as panel_commands
from matrank.commands import rank as rank_commands
from matrank.commands import report as report_commands
from matrank.commands import sensitivity as sensitivity_commands
from matrank.commands import trade as trade_commands
from matrank.commands.common import FLAGS
from matrank.errors import MatrankError, OptionError


#: The words that frame an error message, in Chinese (the problem itself stays as the
#: library wrote it: file names, keys and values are the user's own).
ZH_FRAME = (("; found ", "；发现 "), ("; expected ", "；应为 "), (". Fix: ", "。修正："))


class LocalizedError(click.ClickException):
    """A one-line error, framed in the language the command was asked to speak."""

    def __init__(self, message: str, lang: str):
        if lang == "zh":
            for english, chinese in ZH_FRAME:
                message = message.replace(english, chinese)
        super().__init__(message)
        self.lang = lang

    def show(self, file=None) -> None:
        prefix = "错误：" if self.lang == "zh" else "Error: "
        click.echo(prefix + self.format_message(), err=True)


def asked_lang(args: list[str]) -> str:
    """--lang from the command's arguments, else MATRANK_LANG, else English."""
    for k, arg in enumerate(args):
        if arg == "--lang" and k + 1 < len(args):
            return args[k + 1].lower()
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1].lower()
    return os.environ.get("MATRANK_LANG", "en").lower()


class MatrankGroup(click.Group):
    """Maps library errors to exit 1 with a one-line message."""

    def invoke(self, ctx: click.Context):
        lang = asked_lang([*getattr(ctx, "_protected_args", ()), *ctx.args])   # before the subcommand parses them
        try:
            return super().invoke(ctx)
        except OptionError as exc:
            shown = exc.named(FLAGS).message
            raise (click.UsageError(shown) if exc.usage else LocalizedError(shown, lang)) from None
        except MatrankError as exc:
            raise LocalizedError(str(exc), lang) from None
        except KeyboardInterrupt:
            click.echo("matrank: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=MatrankGroup, context_settings={"help_option_names": ["-h", "--help"],
                                                 "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="matrank")
def cli() -> None:
    """Prioritise key strategic materials for domestic substitution (国产化替代).

    AHP weights the four criteria (import dependence, patent control,
    validation cycle, market pull) for a government lens and a market lens;
    TOPSIS ranks the materials through each lens; the pair of closenesses
    places each material in a priority tier.

    \b
    Quick start:
      matrank rank                       # the shipped default case, tiered table
      matrank rank --format json -o out.json
      matrank cases                      # the shipped cases
      matrank ahp judgments.csv          # weights and consistency of one matrix
    """


cli.add_command(matrix_commands.ahp)
cli.add_command(matrix_commands.topsis_command)
cli.add_command(rank_commands.rank)
cli.add_command(cases_commands.validate)
cli.add_command(cases_commands.cases)
cli.add_command(cases_commands.criteria)
cli.add_command(cases_commands.case_group)
cli.add_command(panel_commands.panel)
cli.add_command(sensitivity_commands.sensitivity)
cli.add_command(compare_commands.compare)
cli.add_command(report_commands.report)
cli.add_command(trade_commands.trade)


def main() -> None:
    cli(prog_name="matrank")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
