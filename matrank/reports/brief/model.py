"""The decision brief as a format-independent document: sections of headings, paragraphs,
tables and figures, every word already in the brief's language and every number already
formatted. The writers (Word, HTML; PDF is the Word file converted) only lay it out, so the
formats cannot disagree about what the brief says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union


@dataclass(frozen=True)
class Run:
    """A stretch of text with one emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    #: A colour as #rrggbb (the tier colours), or None for the text colour.
    colour: str | None = None


#: A table cell: plain text, or runs with their own emphasis.
Cell = Union[str, tuple[Run, ...]]

#: Paragraph styles the writers know: body text, the lead line under the title, small print
#: (legends, notes), a caveat (set apart so it is not read past), and a sub-heading inside a section.
STYLES = ("body", "lead", "small", "caveat", "subhead")


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    style: str = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: Relative column widths (the writers scale them to the page).
    widths: tuple[float, ...]
    #: Columns whose cells are numbers: right-aligned.
    numeric: tuple[bool, ...] = ()
    caption: str | None = None
    #: Smaller type for long appendix tables.
    small: bool = False


@dataclass(frozen=True)
class Figure:
    """A chart drawn by :mod:`matrank.reports.brief.figures` from ``data`` by ``kind``."""

    kind: str
    data: Any
    caption: str
    #: Share of the text width the figure takes.
    width: float = 1.0
    #: Alternative text for screen readers and for a Word file's picture.
    alt: str = ""


Block = Union[Paragraph, Table, Figure]


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    blocks: tuple[Block, ...]
    #: Start the section on a new page.
    new_page: bool = False
    #: Sub-sections are level 2 headings.
    level: int = 1


@dataclass(frozen=True)
class Brief:
    lang: str
    title: str
    #: Page 1: the answer. Written under the title, on one page.
    answer: tuple[Block, ...]
    sections: tuple[Section, ...]
    #: Document properties: who made it and the date it carries.
    date: str
    subject: str = ""
    footer: str = ""


def para(text: str, style: str = "body", *, bold: bool = False, italic: bool = False) -> Paragraph:
    return Paragraph((Run(text, bold=bold, italic=italic),), style)


def cell_text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else "".join(r.text for r in cell)


__all__ = ["Run", "Cell", "Paragraph", "Table", "Figure", "Section", "Brief", "Block", "STYLES", "para",
           "cell_text"]
