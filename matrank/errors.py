"""The library's exceptions. Only ``cli.py`` maps them to exit codes.

Every error a person can cause carries where it happened (file, sheet, cell or
case key), what was found, what was expected and how to fix it, and renders as
one sentence-like line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping


class MatrankError(Exception):
    """Base class: anything the CLI reports as a one-line message (exit 1)."""


@dataclass(eq=False)
class InputError(MatrankError):
    """Bad input: a file, a case key, a matrix cell, an option value."""

    problem: str
    file: str | None = None
    where: str | None = None
    found: str | None = None
    expected: str | None = None
    fix: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def message(self) -> str:
        place = ", ".join(p for p in (self.file, self.where) if p)
        parts = [f"{place}: {self.problem}" if place else self.problem]
        if self.found is not None:
            parts.append(f"found {self.found}")
        if self.expected is not None:
            parts.append(f"expected {self.expected}")
        text = "; ".join(parts)
        if self.fix:
            text += f". Fix: {self.fix}"
        return text

    def __str__(self) -> str:
        return self.message

    def located(self, file: str | None = None, where: str | None = None) -> "InputError":
        """The same error with the file (and a location prefix) filled in by a reader."""
        new_where = self.where
        if where:
            new_where = f"{where} {self.where}" if self.where else where
        return replace(self, file=file or self.file, where=new_where)


@dataclass(eq=False)
class OptionError(InputError):
    """An option out of its range or at odds with another option.

    ``option`` is the field's name (``policy_mix``); the command line shows its flag
    instead (``--policy-mix``), so the same check reads right to a notebook user and to
    a person at the terminal. ``example`` is a value to suggest.
    """

    option: str = ""
    example: str | None = None
    #: False when the option is fine in itself but not for this input (exit 1, not 2).
    usage: bool = True
    #: How options are named when shown: field names by default, flags on the command line.
    #: ``fix`` may name other options as ``{field}``.
    names: Mapping[str, str] | None = None

    def _name(self, field_name: str) -> str:
        return (self.names or {}).get(field_name, field_name)

    @property
    def message(self) -> str:
        option = self._name(self.option)
        names = _Names(self._name)
        place = f"{self.file}, {option}" if self.file else option
        parts = [f"{place}: {self.problem.format_map(names)}"] + [
            f"{k} {v}" for k, v in (("found", self.found), ("expected", self.expected)) if v is not None]
        text = "; ".join(parts)
        fix = self.fix.format_map(names) if self.fix else None
        if self.example is not None:
            shown = f"{option} {self.example}" if option.startswith("-") else f"{option}={self.example}"
            fix = f"{fix}, e.g. {shown}" if fix else f"e.g. {shown}"
        return text + (f". Fix: {fix}" if fix else "")

    def named(self, names: Mapping[str, str]) -> "OptionError":
        """The same error with the options shown by these names (the command line's flags)."""
        return replace(self, names=names)


class _Names(dict):
    def __init__(self, name):
        super().__init__()
        self._lookup = name

    def __missing__(self, key: str) -> str:
        return self._lookup(key)


@dataclass(eq=False)
class InputErrors(MatrankError):
    """Several independent problems found in one input (e.g. ``matrank validate``)."""

    file: str
    errors: list[InputError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        if len(self.errors) == 1:       # one problem reads as one line
            return replace(self.errors[0], file=self.errors[0].file or self.file).message
        head = f"{self.file}: {len(self.errors)} problem{'s' if len(self.errors) != 1 else ''}"
        return head + "".join(f"\n  - {replace(e, file=None).message}" for e in self.errors)


class OutputError(MatrankError):
    """An output that cannot or must not be written (exists without --force, unwritable)."""
