"""Options and output handling shared by the commands."""

from __future__ import annotations

import functools
import inspect

import click

LANG_CHOICE = click.Choice(["en", "zh"], case_sensitive=False)


class FiniteFloatRange(click.FloatRange):
    """click's FloatRange lets NaN through (every comparison with NaN is false)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


def lang_option(f):
    return click.option("--lang", type=LANG_CHOICE, default="en", show_default=True,
                        help="Language of labels in the output (English or 中文).")(f)


def format_option(choices=("table", "json", "csv"), default="table"):
    def decorate(f):
        return click.option("--format", "fmt", type=click.Choice(list(choices), case_sensitive=False),
                            default=default, show_default=True, help="Output format.")(f)
    return decorate


def output_options(f):
    """``-o/--output`` and ``--force``: write atomically, never over an input or unasked."""
    f = click.option("--force", is_flag=True, help="Replace OUT if it exists.")(f)
    f = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                     help="Write to this file instead of standard output.")(f)
    return f


def emit(text: str, output: str | None, *, force: bool = False, inputs=()) -> None:
    """Print ``text`` or write it atomically to ``output``."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from matrank.reports.files import write_text_atomic
    write_text_atomic(output, text, force=force, inputs=inputs)
    click.echo(f"wrote {output}", err=True)


def note(text: str) -> None:
    click.echo(f"note: {text}", err=True)


def warn_all(warnings) -> None:
    for w in warnings:
        click.echo(f"warning: {w}", err=True)


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


def provenance(path: str, **options) -> dict:
    """Engine version, the input's hash and the options that shaped the numbers."""
    import hashlib
    from pathlib import Path

    from matrank import __version__
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return {"engine": f"matrank {__version__}", "input": Path(path).name, "input_hash": f"sha256:{digest}",
            **options}
