"""The expert-workbook door (``matrank panel collect``), seen from the command line: a bad
workbook is rejected with a one-line reason naming the file and the place (sheet and
cell, or the archive part), the report still accounts for it, and when nothing usable is
left the command stops (exit 1) with that reason, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import error_line, invoke
from panel_helpers import CHAIN, DISCONNECTED, GOV, MARKET, MINI, copy, fill, rewrite_zip, templates

from matrank.workbooks.layout import LENS_SHEETS, META_SHEET


@pytest.fixture(scope="module")
def tpl(tmp_path_factory) -> Path:
    return templates(tmp_path_factory.mktemp("tpl"), 1)[0]


def answered(tpl: Path, out: Path, **answers) -> Path:
    answers.setdefault("judgments", {"government": GOV[0], "market": MARKET[0]})
    return fill(tpl, out, name="Expert", role="user", **answers)


def _meta(src: Path, out: Path, row: int, column: int, value) -> Path:
    wb = openpyxl.load_workbook(src)
    wb[META_SHEET].cell(row=row, column=column, value=value)
    wb.save(out)
    return out


def _without(src: Path, out: Path, sheet: str) -> Path:
    wb = openpyxl.load_workbook(src)
    del wb[sheet]
    wb.save(out)
    return out


def _bomb(out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * 30_000_000)
    return out


def _judged(value):
    return lambda tpl, out: answered(tpl, out, judgments={
        "government": {**GOV[0], ("import_dependence", "patent_control"): value},
        "market": {**MARKET[0], ("import_dependence", "patent_control"): value}})


# (name, how to make the bad workbook from the template, fragments of the one-line reason)
BAD = [
    ("off the scale", _judged(2.5), ["Government!D5 (import_dependence vs patent_control)", "off Saaty's scale",
                                     "found 2.5", "choose 3"]),
    ("a word", _judged("lots"), ["Government!D5", "not a number", "'lots'"]),
    ("zero", _judged(0), ["Government!D5", "off Saaty's scale"]),
    ("blank", lambda tpl, out: answered(tpl, out, judgments={}), ["no judgments (every pairwise cell is blank)"]),
    ("disconnected", lambda tpl, out: answered(tpl, out, judgments={"government": DISCONNECTED,
                                                                   "market": DISCONNECTED}),
     ["too few judgments to connect the criteria"]),
    ("another template version", lambda tpl, out: _meta(answered(tpl, out.with_name("src.xlsx")), out, 2, 5, "v0"),
     ["made with template version 'v0'"]),
    ("edited _meta", lambda tpl, out: _meta(answered(tpl, out.with_name("src.xlsx")), out, 10, 2, "E5"),
     ["_meta!A10:F10", "the _meta sheet was edited"]),
    ("a lens sheet deleted", lambda tpl, out: _without(answered(tpl, out.with_name("src.xlsx")), out,
                                                       LENS_SHEETS["market"]),
     ["the sheet '市场视角 Market' is missing"]),
    ("no _meta", lambda tpl, out: _without(answered(tpl, out.with_name("src.xlsx")), out, META_SHEET),
     ["no _meta sheet"]),
    ("a macro workbook", lambda tpl, out: copy(answered(tpl, out.with_name("src.xlsx")), out.with_suffix(".xlsm")),
     [".xlsm workbooks are refused"]),
    ("not a zip", lambda tpl, out: (out.write_text("notes", encoding="utf-8"), out)[1],
     ["not an .xlsx workbook (not a zip archive)"]),
    ("a damaged sheet", lambda tpl, out: rewrite_zip(answered(tpl, out.with_name("src.xlsx")), out,
                                                     {"xl/worksheets/sheet7.xml": b"<worksheet><sheetData><row"}),
     ["the workbook is damaged: the part xl/worksheets/sheet7.xml is not well-formed XML (line 1, column"]),
    ("a zip bomb", lambda tpl, out: _bomb(out), ["refused as a possible zip bomb", ":1"]),
    ("empty file", lambda tpl, out: (out.write_bytes(b""), out)[1], ["the file is empty"]),
]


@pytest.mark.parametrize("name, make, fragments", BAD, ids=[row[0] for row in BAD])
def test_workbook_door(runner, tpl, tmp_path, name, make, fragments):
    bad = make(tpl, tmp_path / "expert-01.xlsx")
    result = invoke(runner, "panel", "collect", str(bad), "--case", str(MINI), "--weights-out",
                    str(tmp_path / "w.json"))
    error_line(result, 1, "--weights-out", "no lens has a used expert", bad.name, *fragments)
    assert "rejected" in result.stdout and bad.name in result.stdout
    assert not (tmp_path / "w.json").exists()


def test_one_bad_workbook_never_stops_the_others(runner, tpl, tmp_path):
    folder = tmp_path / "panel"
    folder.mkdir()
    for k, (name, make, _) in enumerate(BAD):
        sub = tmp_path / f"bad-{k:02d}"
        sub.mkdir()
        made = make(tpl, sub / f"bad-{k:02d}.xlsx")
        copy(made, folder / made.name)
    good = answered(tpl, folder / "good.xlsx", judgments={"government": CHAIN, "market": MARKET[1]})
    result = invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "--format", "json")
    assert result.exit_code == 0, result.output
    import json
    data = json.loads(result.stdout)
    assert data["counts"]["used"] == 1 and data["counts"]["files"] == data["counts"]["used"] + \
        data["counts"]["excluded"] + data["counts"]["rejected"]
    assert [e["file"] for e in data["experts"] if e["status"] == "used"] == [str(good)]
