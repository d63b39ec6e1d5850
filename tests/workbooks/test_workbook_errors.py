"""The remaining ways a panel workbook goes wrong: writing templates, filling them by
script, and the _meta rows, sheets and archive parts a person may break."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import error_line, invoke
from panel_helpers import GOV, MARKET, MINI, fill, mini_case, rewrite_zip, templates

from matrank.errors import InputError, OutputError
from matrank.workbooks.collect import collect
from matrank.workbooks.fill import fill_workbook
from matrank.workbooks.layout import META_SHEET
from matrank.workbooks.template import Texts, write_templates


@pytest.fixture(scope="module")
def tpl(tmp_path_factory) -> Path:
    return templates(tmp_path_factory.mktemp("tpl"), 1)[0]


def answered(tpl: Path, out: Path) -> Path:
    return fill(tpl, out, name="E", role="user", judgments={"government": GOV[0], "market": MARKET[0]})


def reason_of(path: Path) -> str:
    result = collect([str(path)], str(MINI))
    (expert,) = result.experts
    assert expert.status == "rejected"
    return expert.reason


# --------------------------------------------------------------------------- writing templates


def test_template_arguments_a_notebook_user_may_get_wrong(tmp_path):
    with pytest.raises(InputError, match="unknown language 'fr'"):
        Texts("fr")
    with pytest.raises(InputError, match="the number of experts is out of range"):
        write_templates(mini_case(), tmp_path, 0, ("government",))


def test_template_folder_that_is_a_file(runner, tmp_path):
    (tmp_path / "panel").write_text("x")
    with pytest.raises(OutputError, match="panel: is a file; -o takes a folder"):
        write_templates(mini_case(), tmp_path / "panel", 2, ("government",))
    error_line(invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "panel"), "--experts", "2"),
               2, "is a file")


def test_template_folder_that_cannot_be_made(runner, tmp_path):
    (tmp_path / "file").write_text("x")
    error_line(invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "file" / "panel"),
                      "--experts", "2"), 1, "cannot create the folder")


# --------------------------------------------------------------------------- filling by script


def test_fill_refuses_a_workbook_that_is_not_a_template(tmp_path):
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(InputError, match="no _meta sheet: not a matrank panel workbook"):
        fill_workbook(plain, tmp_path / "out.xlsx")


def test_fill_refuses_an_answer_with_no_cell(tpl, tmp_path):
    with pytest.raises(InputError, match="the workbook has no cell for pairwise government import_dependence cost"):
        fill_workbook(tpl, tmp_path / "out.xlsx", judgments={"government": {("import_dependence", "cost"): 3}})


# --------------------------------------------------------------------------- _meta, sheets, parts


def _meta_edit(src: Path, out: Path, edit) -> Path:
    wb = openpyxl.load_workbook(src)
    edit(wb[META_SHEET])
    wb.save(out)
    return out


def _cell(row: int, column: int, value):
    return lambda ws: ws.cell(row=row, column=column, value=value)


def _kind_value(kind: str, value: str):
    def edit(ws):
        for row in ws.iter_rows(min_row=2):
            if row[2].value == kind:
                row[4].value = value
    return edit


def _truncate(ws):
    ws.delete_rows(12, ws.max_row)


def _overflow(ws):
    for k in range(20_005):
        ws.append(["x", "A1", "note", None, None, None])


@pytest.mark.parametrize("edit, message", [
    (_cell(1, 3, "what"), "_meta!A1:F1: the header is"),
    (_kind_value("lenses", "government,society"), "the lenses row is 'government,society'"),
    (_kind_value("ratings", "maybe"), "the ratings row is 'maybe'"),
    (_truncate, "rows where the template has"),
    (_overflow, "_meta: more than 20000 rows"),
])
def test_an_edited_meta_sheet_is_rejected(tpl, tmp_path, edit, message):
    bad = _meta_edit(answered(tpl, tmp_path / "src.xlsx"), tmp_path / "expert-01.xlsx", edit)
    reason = reason_of(bad)
    assert message in reason and "\n" not in reason


def test_a_cell_that_cannot_be_streamed(tpl, tmp_path):
    src = answered(tpl, tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as z:
        sheet = next(n for n in z.namelist() if n.startswith("xl/worksheets/sheet") and
                     b'r="D5"' in z.read(n))
        xml = z.read(sheet)
    broken = xml.replace(b'<c r="D5" s=', b'<c r="D5" t="n" s=', 1)
    start = broken.index(b'<c r="D5"')
    end = broken.index(b"</c>", start) + 4
    broken = broken[:start] + b'<c r="D5" t="n"><v>not a number</v></c>' + broken[end:]
    bad = rewrite_zip(src, tmp_path / "expert-01.xlsx", {sheet: broken})
    reason = reason_of(bad)
    assert reason.startswith("the workbook is damaged: a worksheet part (xl/worksheets/…) does not follow")
    assert "\n" not in reason and "ValueError" not in reason


def test_an_archive_whose_parts_are_damaged(tpl, tmp_path):
    data = bytearray(answered(tpl, tmp_path / "src.xlsx").read_bytes())
    with zipfile.ZipFile(tmp_path / "src.xlsx") as z:
        info = z.getinfo("[Content_Types].xml")
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    data[at:at + 8] = b"\xff" * 8                    # the part's compressed bytes, not the directory
    bad = tmp_path / "expert-01.xlsx"
    bad.write_bytes(bytes(data))
    reason = reason_of(bad)
    assert reason.startswith("the workbook archive is corrupt") and "\n" not in reason
