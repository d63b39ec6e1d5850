"""The two case-file doors, YAML and XLSX: every bad file is a one-line error naming the
file and the place (line and column, key path, or sheet and cell), exit 1, never a
traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, error_line, invoke

MINI = (DATA / "mini.yaml").read_text(encoding="utf-8")


def edit(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


WAFER_RATE = "domestic_rate: {value: 0.1, low: 0.08, high: 0.12}"
SIC_PATENTS = "foreign_core_patent_share: {value: 0.7, estimate: true, low: 0.55, high: 0.85, basis: test}"

# (name, the file's text or bytes, fragments of the one-line error)
YAML = [
    ("malformed", edit("id: mini", "id: [mini"), ["line", "column", "malformed YAML"]),
    ("tab indentation", edit("  market:\n", "\tmarket:\n"), ["column 1", "malformed YAML", "cannot start any token"]),
    ("a key twice", edit("id: mini\n", "id: mini\nid: mini2\n"), ["line 3, column 1", "'id' is given twice"]),
    ("a key that is not text", edit("date: \"2024-01-01\"", "yes: 1"), ["line 4", "a key is not text"]),
    ("alias bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, "
        f"*{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}, *{chr(97 + k)}]\n"
        for k in range(8)), ["expand it beyond what a case can be"]),
    ("not a mapping", "- 1\n- 2\n", ["the case is not a mapping of keys"]),
    ("no document", "# nothing\n", ["holds no YAML document"]),
    ("unknown key", edit("description:", "descripton: x\ndescription:"), ["(top level)", "unknown key",
                                                                         "'descripton'"]),
    ("wrong type", edit("validation_years: 4", "validation_years: four"),
     ["materials[1] (wafer).indicators.validation_years", "'four'"]),
    ("estimate without basis", edit(", basis: test}", "}"),
     ["materials[0] (sic).indicators.foreign_core_patent_share", "has no basis"]),
    ("value outside its range", edit(WAFER_RATE, "domestic_rate: {value: 0.2, low: 0.08, high: 0.12}"),
     ["materials[1] (wafer).indicators.domestic_rate", "outside its range"]),
    ("a rate of 80", edit("domestic_rate: 0.92", "domestic_rate: 92"),
     ["materials[3] (cathode).indicators.domestic_rate", "write 0.92 for 92 %"]),
    ("unknown indicator", edit("market_pull_rating: 6", "market_pull_rating: 6\n      colour: 3"),
     ["materials[4] (foil).indicators.colour", "unknown indicator 'colour'"]),
    ("undeclared source", edit("source: s002", "source: s009"), ["materials[0] (sic).indicators.domestic_rate.source",
                                                                 "undeclared source 's009'"]),
    ("quote without source", edit("{value: 0.2, source: s002, quote:", "{value: 0.2, quote:"),
     ["materials[0] (sic).indicators.domestic_rate", "a quote but no source"]),
    ("material twice", edit("  - id: wafer", "  - id: sic"), ["materials[1] (sic).id", "used twice"]),
    ("unknown criterion judged", edit("{a: import_dependence, b: patent_control, value: 2}",
                                      "{a: import_dependence, b: patents, value: 2}"),
     ["weights.government.judgments[0].b", "unknown criterion 'patents'"]),
    ("judgments disconnected", edit("""      - {a: import_dependence, b: market_pull, value: 4}
      - {a: patent_control, b: validation_cycle, value: 2}
      - {a: patent_control, b: market_pull, value: 3}
      - {a: validation_cycle, b: market_pull, value: 2}
""", ""), ["weights.government.judgments", "disconnected"]),
    ("a judgment of zero", edit("b: market_pull, value: 4}", "b: market_pull, value: 0}"),
     ["weights.government.judgments", "import_dependence vs market_pull", "found 0"]),
    ("criterion not scorable", edit("      market_pull_rating: 5\n", ""),
     ["materials[5] (pem).indicators", "criterion market_pull cannot be scored"]),
    ("a NUL byte", edit("Six materials", "Six\x00materials"), ["line 5, column 17", "a character YAML does not allow",
                                                               "U+0000"]),
    ("nested 1,000 deep", "format: matrank-case/1\nid: x\ndeep: " + "[" * 1000 + "]" * 1000 + "\n",
     ["nested too deeply"]),
    ("nested 100 deep", "format: matrank-case/1\nid: x\ndeep: " + "[" * 100 + "]" * 100 + "\n",
     ["nested too deeply", "more than 64 levels"]),
    ("an integer of 400 digits", edit("validation_years: 6", "validation_years: 1" + "0" * 400),
     ["materials[2] (euv).indicators.validation_years", "too large to compute with"]),
    ("a subnormal", edit("validation_years: 6", "validation_years: 1e-320"),
     ["materials[2] (euv).indicators.validation_years", "too small to compute with"]),
    ("not UTF-8", MINI.encode("utf-8").replace(b"Mini test case", b"Mini \xff case"), ["not UTF-8", "byte"]),
    ("empty", "", ["the file is empty"]),
]


def _write(tmp_path: Path, content, name: str = "case.yaml") -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name, content, fragments", YAML, ids=[row[0] for row in YAML])
def test_case_yaml_door(runner, tmp_path, name, content, fragments):
    path = _write(tmp_path, content)
    for command in ("validate", "rank"):
        error_line(invoke(runner, command, path), 1, path, *fragments)


def test_a_case_over_50_mib_is_refused_unread(runner, tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    error_line(invoke(runner, "validate", str(path)), 1, "too large for a case", "51 MiB", "at most 50 MiB")


@pytest.mark.parametrize("given, fragments", [
    ("", ["no case named: the name is empty"]),
    ("nowhere/case.yaml", ["nowhere/case.yaml", "no such case file"]),
    ("no-such-case", ["unknown case 'no-such-case'", "matrank cases"]),
    ("<dir>", ["is a folder, not a case file"]),
])
def test_a_case_that_is_not_there(runner, tmp_path, given, fragments):
    error_line(invoke(runner, "validate", str(tmp_path) if given == "<dir>" else given), 1, *fragments)


# --------------------------------------------------------------------------- XLSX


@pytest.fixture(scope="module")
def case_xlsx(tmp_path_factory) -> Path:
    from click.testing import CliRunner
    out = tmp_path_factory.mktemp("xlsx") / "case.xlsx"
    assert invoke(CliRunner(), "case", "export", str(DATA / "mini.yaml"), "-o", str(out)).exit_code == 0
    return out


def _edited(src: Path, dst: Path, edit) -> str:
    import openpyxl
    wb = openpyxl.load_workbook(src)
    edit(wb)
    wb.save(dst)
    return str(dst)


def _set(sheet: str, cell: str, value):
    def apply(wb):
        wb[sheet][cell].value = value
    return apply


def _delete_sheet(wb):
    del wb["weights"]


def _material_again(wb):
    wb["materials"].append(["sic", "又一个", "again", "semiconductor"])


def _rename_sheet(wb):
    wb["indicators"].title = "values"


XLSX = [
    ("sheet missing", _delete_sheet, ["sheet 'weights'", "a required sheet is missing"]),
    ("sheet renamed", _rename_sheet, ["sheet 'indicators'", "a required sheet is missing"]),
    ("header changed", _set("materials", "B1", "name"), ["materials!1", "header row differs"]),
    ("unknown case key", _set("case", "A2", "identity"), ["case!A2", "unknown case key 'identity'"]),
    ("unknown weights kind", _set("weights", "B2", "guess"), ["weights!B2", "unknown weights kind 'guess'"]),
    ("indicator of an unknown material", _set("indicators", "A2", "unobtainium"),
     ["indicators!A2", "unknown material 'unobtainium'"]),
    ("blank indicator name", _set("indicators", "B2", None), ["indicators!B2", "indicator name is blank"]),
    ("material twice", _material_again, ["materials!A8", "used twice", "also at materials!A2"]),
    ("a rate of 80", _set("indicators", "C2", 80), ["indicators!C2", "write 0.8 for 80 %"]),
    ("a word for a number", _set("indicators", "C3", "high"), ["indicators!C3", "'high'"]),
]


@pytest.mark.parametrize("name, change, fragments", XLSX, ids=[row[0] for row in XLSX])
def test_case_xlsx_door(runner, tmp_path, case_xlsx, name, change, fragments):
    path = _edited(case_xlsx, tmp_path / "edited.xlsx", change)
    error_line(invoke(runner, "validate", path), 1, path, *fragments)


@pytest.mark.parametrize("name, content, fragments", [
    ("not a zip", b"id,a\nx,1\n", ["not an .xlsx workbook (not a zip archive)"]),
    ("corrupt zip", b"PK\x03\x04" + b"\x00" * 60, ["not an .xlsx workbook"]),
    ("empty", b"", ["the file is empty"]),
])
def test_case_xlsx_that_is_no_workbook(runner, tmp_path, name, content, fragments):
    path = _write(tmp_path, content, "case.xlsx")
    error_line(invoke(runner, "validate", path), 1, path, *fragments)


def test_macro_workbooks_are_refused_by_name(runner, tmp_path, case_xlsx):
    path = tmp_path / "case.xlsm"
    path.write_bytes(case_xlsx.read_bytes())
    error_line(invoke(runner, "validate", str(path)), 1, str(path), ".xlsm workbooks are refused")


def _damaged(src: Path, dst: Path, part: str, damage) -> str:
    """A copy of ``src`` with one zip part changed (``damage(bytes)``) or left out (None)."""
    import zipfile
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == part:
                if damage is None:
                    continue
                data = damage(data)
            zout.writestr(name, data)
    return str(dst)


# each names the part in words; never a bare exception name, never a message cut mid-word
DAMAGED = [
    ("no [Content_Types].xml", "[Content_Types].xml", None,
     ["the workbook is damaged: the part [Content_Types].xml is missing from the archive"]),
    ("no workbook relationships", "xl/_rels/workbook.xml.rels", None,
     ["the part xl/_rels/workbook.xml.rels is missing"]),
    ("a sheet part missing", "xl/worksheets/sheet1.xml", None,
     ["the part xl/worksheets/sheet1.xml (sheet 'case') is missing from the archive"]),
    ("a sheet cut in half", "xl/worksheets/sheet2.xml", lambda data: data[: len(data) // 2],
     ["the part xl/worksheets/sheet2.xml is not well-formed XML (line 1, column"]),
    ("a cell pointing past the shared strings", "xl/worksheets/sheet1.xml",
     lambda data: data.replace(b't="inlineStr"><is><t>format</t></is>', b't="s"><v>999</v>', 1),
     ["the part of sheet 'case' does not follow the .xlsx format",
      "(the reader said: Cell string index not found in shared strings table)"]),
]


@pytest.mark.parametrize("name, part, damage, fragments", DAMAGED, ids=[row[0] for row in DAMAGED])
def test_damaged_case_workbook_names_the_part(runner, tmp_path, case_xlsx, name, part, damage, fragments):
    path = _damaged(case_xlsx, tmp_path / "damaged.xlsx", part, damage)
    for command in (("validate", path), ("case", "export", path, "-o", str(tmp_path / "out.yaml"))):
        result = invoke(runner, *command)
        error_line(result, 1, path, *fragments)
        assert "Error" not in result.stderr.replace("Error:", "", 1)  # no exception class name
        assert "UserWarning" not in result.stderr
