"""Fill an expert workbook by script, through its ``_meta`` sheet.

For panels run by script (answers gathered another way), tests and benchmarks::

    fill_workbook("panel/expert-01.xlsx", "filled/expert-01.xlsx", name="Li Wei", role="user",
                  judgments={"government": {("import_dependence", "patent_control"): 3}},
                  ratings={("sic", "market_pull"): 7})

A judgment on Saaty's scale is stored as the drop-down enters it (text: ``1/3`` as
``"1/3"``); any other number as a number and text as given; a pair given the other way round,
``(b, a)``, is stored as its reciprocal in the ``(a, b)`` cell. In a workbook of the
``pairs`` form a judgment is written as the choice (the more important criterion's id, or
"equal") and the intensity; a pair ``(choice, intensity)`` is written as given. The formulas
are kept, so a spreadsheet app shows the priorities and CR on opening.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from matrank.errors import InputError
from matrank.inputfile import read_input
from matrank.mcda.ahp import format_judgment, nearest_saaty, on_saaty_scale
from matrank.numbers import to_number
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
        elif kind in ("pairwise", "choice", "intensity"):
            places[(kind, lens, a, b)] = (sheet, cell)
        elif kind == "rating":
            places[("rating", a, b)] = (sheet, cell)
    answers: dict[tuple, Any] = {(k,): v for k, v in (("name", name), ("organisation", organisation),
                                                      ("role", role)) if v is not None}
    for lens, given in (judgments or {}).items():
        for (a, b), value in given.items():
            answers.update(_judgment(places, lens, a, b, value))
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


def _judgment(places: dict, lens: str, a: str, b: str, value: Any) -> dict[tuple, Any]:
    """The cells one judgment of a over b goes into, in either form."""
    if ("choice", lens, a, b) in places or ("choice", lens, b, a) in places:
        if ("choice", lens, a, b) not in places:
            a, b = b, a
            value = value if isinstance(value, (str, tuple)) else 1 / value
        if isinstance(value, str):
            value = to_number(value)
        if isinstance(value, tuple):
            choice, intensity = value
        else:
            choice = a if value > 1 + 1e-9 else b if value < 1 - 1e-9 else "equal"
            intensity = round(max(value, 1 / value))
        return {("choice", lens, a, b): choice, ("intensity", lens, a, b): intensity}
    if ("pairwise", lens, a, b) not in places and ("pairwise", lens, b, a) in places:
        # the template asks b vs a: store the reciprocal
        a, b, value = b, a, value if isinstance(value, str) else 1 / value
    return {("pairwise", lens, a, b): as_chosen(value)}


def as_chosen(value: Any) -> Any:
    """A scale value as the drop-down enters it ("1/3", text); anything else as given."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 and on_saaty_scale(value):
        return format_judgment(nearest_saaty(value))
    return value
