"""The decision brief (``matrank report``): page 1 the answer, then what would change it, the
weights, the sensitivity, the evidence, a comparison with a baseline and the provenance.

:mod:`.content` assembles it once, in one language, as the typed document of :mod:`.model`;
one writer per format lays it out (:data:`RENDERERS`, chosen by the output's extension):
Word (python-docx), self-contained HTML, and PDF (the Word file converted by LibreOffice).
"""

from __future__ import annotations

from pathlib import Path

from matrank.reports.brief.docx_writer import write_docx
from matrank.reports.brief.html_writer import write_html
from matrank.reports.brief.pdf_writer import write_pdf
from matrank.reports.render import Renderer

RENDERERS: dict[str, Renderer] = {
    "docx": Renderer(write=write_docx, suffixes=(".docx",)),
    "html": Renderer(write=write_html, suffixes=(".html", ".htm")),
    "pdf": Renderer(write=write_pdf, suffixes=(".pdf",)),
}


def format_of(path: str) -> str | None:
    """The brief's format named by a file's extension, or None."""
    suffix = Path(path).suffix.lower()
    return next((fmt for fmt, r in RENDERERS.items() if suffix in r.suffixes), None)


__all__ = ["RENDERERS", "format_of"]
