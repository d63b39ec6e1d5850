"""Expert identity (issue 13, item 1): `panel template --experts-file` writes one prefilled
workbook per expert, each with a stable id and its round in _meta; every bad experts file is a
one-line error."""

from __future__ import annotations

import json

import openpyxl
import pytest
from conftest import error_line, invoke
from panel_helpers import GOV, MARKET, MINI, fill, templates

from matrank.workbooks.collect import collect
from matrank.workbooks.layout import EXPERT_SHEET, LENS_SHEETS, META_SHEET

EXPERTS = ("name,organisation,role,lens,id\n"
           "Li Wei,Materials institute,supplier,both,li-wei\n"
           "王芳,晶圆厂,技术用户,government,\n"
           "Zhao Lei,,stakeholder,market,zhao\n")


def meta(path) -> list[tuple]:
    return [tuple("" if v is None else v for v in row)
            for row in openpyxl.load_workbook(path)[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True)]


def head(path, kind):
    return next((r[4] for r in meta(path) if r[2] == kind), None)


def test_one_prefilled_workbook_per_row(runner, tmp_path):
    (tmp_path / "experts.csv").write_text(EXPERTS, encoding="utf-8-sig")
    out = tmp_path / "panel"
    result = invoke(runner, "panel", "template", str(MINI), "-o", str(out), "--experts-file",
                    str(tmp_path / "experts.csv"))
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["expert-01.xlsx", "expert-02.xlsx", "expert-03.xlsx"]
    assert [head(f, "expert_id") for f in files] == ["li-wei", "E02", "zhao"]
    assert [head(f, "round") for f in files] == ["1", "1", "1"]
    assert [head(f, "lenses") for f in files] == ["government,market", "government", "market"]
    wb = openpyxl.load_workbook(files[1])
    assert LENS_SHEETS["market"] not in wb.sheetnames
    sheet = wb[EXPERT_SHEET]
    assert (sheet["B4"].value, sheet["B5"].value) == ("王芳", "晶圆厂")
    assert sheet["B6"].value == "技术用户 / Technology user"
    # collected as they come back: the prefilled details and the id are the expert's
    filled = fill(files[1], tmp_path / "back" / "expert-02.xlsx", judgments={"government": GOV[0]})
    e = collect([str(filled)], str(MINI)).experts[0]
    assert (e.name, e.organisation, e.role, e.expert_id, e.round, e.status) == (
        "王芳", "晶圆厂", "user", "E02", 1, "used")


def test_workbooks_made_by_number_differ_by_their_id(tmp_path):
    a, b = templates(tmp_path, 2, ratings=False)
    assert a.read_bytes() != b.read_bytes()
    assert (head(a, "expert_id"), head(b, "expert_id")) == ("E01", "E02")


def test_the_id_and_round_are_in_the_json(runner, tmp_path):
    filled = fill(templates(tmp_path / "t", 1, ratings=False)[0], tmp_path / "f" / "x.xlsx",
                  judgments={"government": GOV[0], "market": MARKET[0]})
    data = json.loads(invoke(runner, "panel", "collect", str(filled), "--case", str(MINI), "--format",
                             "json").stdout)
    assert (data["experts"][0]["expert_id"], data["experts"][0]["round"]) == ("E01", 1)


def test_a_workbook_made_before_ids_is_still_collected(tmp_path):
    """No expert_id or round rows, and the worst pair one row up, where that template put it."""
    tpl = templates(tmp_path / "t", 1, ratings=False)[0]
    wb = openpyxl.load_workbook(tpl)
    ws = wb[META_SHEET]
    for row in range(ws.max_row, 1, -1):
        kind = ws.cell(row=row, column=3).value
        if kind in ("expert_id", "round"):
            ws.delete_rows(row)
        elif kind == "worst_pair":
            ws.cell(row=row, column=2).value = "C16"          # summary from row 10, its seventh line
    wb.save(tmp_path / "old.xlsx")
    filled = fill(tmp_path / "old.xlsx", tmp_path / "f" / "old.xlsx",
                  judgments={"government": GOV[0], "market": MARKET[0]})
    e = collect([str(filled)], str(MINI)).experts[0]
    assert e.status == "used", e.reason
    assert (e.expert_id, e.round) == (None, None)


@pytest.mark.parametrize("body, message", [
    ("", "the file is empty; expected a CSV of experts"),
    ("\n \n", "the experts file is empty"),
    ("name,organisation,role,lens\n", "the experts file has no experts"),
    ("name,role,lens\nA,user,both\n", "the experts file has no 'organisation' column"),
    ("name,organisation,role,lens,id\nA,X,user,both,a1\nB,Y,user,both,A1\n", "the expert id 'A1' appears twice"),
    ("name,organisation,role,lens\nA,X,chemist,both\n", "unknown role"),
    ("name,organisation,role,lens\nA,X,user,industry\n", "unknown lens"),
    ("name,organisation,role,lens,id\nA,X,user,both,a b\n", "an expert id may hold"),
    ("name,organisation,role,lens,Name\nA,X,user,both,B\n", "the column 'name' appears twice"),
    ("name,organisation,role,lens\nA,Institute, Beijing,user,both\n", "row 2: the row has more values than"),
])
def test_bad_experts_files(runner, tmp_path, body, message):
    path = tmp_path / "experts.csv"
    path.write_text(body, encoding="utf-8")
    line = error_line(invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "p"), "--experts-file",
                             str(path)), 1, message)
    assert "experts.csv" in line
    assert not (tmp_path / "p").exists() or not any((tmp_path / "p").iterdir())


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolons_or_tabs_separate_the_columns_as_spreadsheet_apps_write_them(runner, tmp_path, separator):
    path = tmp_path / "experts.csv"
    path.write_text(separator.join(["name", "organisation", "role", "lens", "id"]) + "\n"
                    + separator.join(["Li Wei", "Lab, Beijing", "user", "market", "LW"]) + "\n", encoding="utf-8")
    done = invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "p"), "--experts-file", str(path))
    assert done.exit_code == 0, done.stderr
    wb = openpyxl.load_workbook(tmp_path / "p" / "expert-01.xlsx")
    rows = {r[2]: r[4] for r in wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True)}
    assert rows["expert_id"] == "LW" and rows["lenses"] == "market"


def test_an_experts_file_that_is_not_text(runner, tmp_path):
    path = tmp_path / "experts.csv"
    path.write_bytes(b"name,organisation,role,lens\n\xff\xfe\xff")
    error_line(invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "p"), "--experts-file",
                      str(path)), 1, "neither UTF-8 nor GB18030")


@pytest.mark.parametrize("args, message", [
    ([], "give either --experts N or --experts-file FILE"),
    (["--experts", "2", "--experts-file", "x.csv"], "give either --experts N or --experts-file FILE"),
    (["--experts-file", "x.csv", "--lens", "market"], "the experts file gives each expert's lens"),
])
def test_usage(runner, tmp_path, args, message):
    result = invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "p"), *args)
    assert result.exit_code == 2 and message in result.output
