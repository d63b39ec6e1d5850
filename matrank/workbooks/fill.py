"""Fill an expert workbook by script, through its ``_meta`` sheet.

For panels run by script (answers gathered another way), tests and benchmarks::

    fill_workbook("panel/expert-01.xlsx", "filled/expert-01.xlsx", name="Li Wei", role="user",
                  judgments={"government": {("import_dependence", "patent_control"): 3}},
                  ratings={("sic", "market_pull"): 7})

Numbers are stored as numbers and text as text (a judgment given as text, e.g.
``"1/3"``, stays text, as a person typing it would leave it); a pair given the
other way round, ``(b, a)``, is stored as its reciprocal in the ``(a, b)`` cell. The
formulas are kept, so a spreadsheet app shows the priorities and CR on opening.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from matrank.errors import InputError
from matrank.inputfile import read_input
from matrank.reports.files import write_atomic
from matrank.workbooks.layout import META_SHEET
from matrank.workbooks_safety import check_workbook_bytes


def fill_workbook(template: str | Path, out: str | Path, *, name: Any = None, organisation: Any = None,
                  role: Any = None, judgments: Mapping[str, Mapping[tuple[str, str], Any]] | None = None,
                  ratings: Mapping[tuple[str, str], Any] | None = None, force: bool = False) -> Path:
    import io

    import openpyxl


    template = Path(template)
    source = read_input(template, "workbook")
    check_workbook_bytes(source, str(template))
    wb = openpyxl.load_workbook(io.BytesIO(source.data))
    if META_SHEET not in wb.sheetnames:
        raise InputError(f"no {META_SHEET} sheet: not a matrank panel workbook", file=str(template))
    places: dict[tuple, tuple[str, str]] = {}
    for sheet, cell, kind, lens, a, b in wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True):
        if kind in ("name", "organisation", "role"):
            places[(kind,)] = (sheet, cell)
        elif kind == "pairwise":
            places[("pairwise", lens, a, b)] = (sheet, cell)
        elif kind == "rating":
            places[("rating", a, b)] = (sheet, cell)
    answers: dict[tuple, Any] = {(k,): v for k, v in (("name", name), ("organisation", organisation),
                                                      ("role", role)) if v is not None}
    for lens, given in (judgments or {}).items():
        for (a, b), value in given.items():
            if ("pairwise", lens, a, b) in places or ("pairwise", lens, b, a) not in places:
                answers[("pairwise", lens, a, b)] = value
            else:  # the template asks b vs a: store the reciprocal
                answers[("pairwise", lens, b, a)] = value if isinstance(value, str) else 1 / value
    for (material, criterion), value in (ratings or {}).items():
        answers[("rating", material, criterion)] = value
    for key, value in answers.items():
        if key not in places:
            raise InputError(f"the workbook has no cell for {' '.join(str(k) for k in key)}",
                             file=str(template), where=META_SHEET,
                             fix="use the case's criterion and material ids, and a lens the workbook asks")
        sheet, cell = places[key]
        target = wb[sheet][cell]
        target.value = value
        if isinstance(value, str):
            target.data_type = "s"    # an answer is a value: "=…" stays text, never a formula
    return write_atomic(out, lambda p: wb.save(p), force=force, inputs=[template])
