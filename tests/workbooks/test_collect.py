"""``matrank panel collect``: accounting, every bad input of issue 4, aggregation, outputs, CLI."""

from __future__ import annotations

import datetime as dt
import json
import math
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from conftest import invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from panel_helpers import (CHAIN, DISCONNECTED, GOV, IDS, INCONSISTENT, MARKET, MINI, by_file, copy, fill,
                           mini_case, rewrite_zip, templates)

from matrank.api import RankOptions, rank_case
from matrank.mcda.ahp import analyse, from_judgments
from matrank.mcda.group import aij, aip, consensus
from matrank.weightsfile import read_weights
from matrank.workbooks import collect as collect_module
from matrank.workbooks.collect import collect
from matrank.workbooks.discover import find_workbooks
from matrank.workbooks.layout import LENS_SHEETS, META_SHEET, RATINGS_SHEET
from matrank.options import PanelOptions
from matrank.reports.panel_report import payload

REQUIRED_KEYS = {"experts", "aggregate", "consensus", "counts"}
EXPERT_KEYS = {"file", "name", "role", "lens", "status", "reason", "cr", "weights", "revise"}


@pytest.fixture(scope="module")
def tpl(tmp_path_factory) -> Path:
    return templates(tmp_path_factory.mktemp("tpl"), 1)[0]


@pytest.fixture(scope="module")
def tpl_gov(tmp_path_factory) -> Path:
    return templates(tmp_path_factory.mktemp("tpl_gov"), 1, lenses=("government",), ratings=False)[0]


def good(tpl: Path, folder: Path, k: int, **answers) -> Path:
    answers.setdefault("name", f"Expert {k}")
    answers.setdefault("role", "user")
    answers.setdefault("judgments", {"government": GOV[k % 4], "market": MARKET[k % 4]})
    return fill(tpl, folder / f"expert-{k:02d}.xlsx", **answers)


def run(files, **options):
    return collect([str(f) for f in files], str(MINI), PanelOptions(**options))


def check_rest_collected(result, bad: str) -> None:
    """The other files are used, and every file is counted exactly once."""
    c = result.counts
    assert c["files"] == len(result.experts) == c["used"] + c["excluded"] + c["rejected"]
    for name, e in by_file(result).items():
        if name != bad:
            assert e.status == "used", (name, e.reason)
    assert set(result.lenses) == {"government", "market"}


def panel_with(tpl, tmp_path, bad: Path):
    files = [good(tpl, tmp_path, 1), good(tpl, tmp_path, 2), bad]
    result = run(files)
    check_rest_collected(result, bad.name)
    return by_file(result)[bad.name]


# --------------------------------------------------------------- a good panel

def test_a_good_panel_is_used_and_aggregated_by_aij(tpl, tmp_path):
    files = [good(tpl, tmp_path, k) for k in (1, 2, 3)]
    result = run(files)
    assert result.counts == {"files": 3, "used": 3, "excluded": 0, "rejected": 0}
    for lens, judged in (("government", GOV), ("market", MARKET)):
        singles = [analyse(from_judgments(IDS, judged[k % 4])) for k in (1, 2, 3)]
        for e, single in zip(result.experts, singles):
            np.testing.assert_allclose(e.outcomes[lens].result.weights, single.weights, rtol=1e-12)
        expected = aij([s.matrix for s in singles], IDS)
        np.testing.assert_allclose(result.lenses[lens].weights, expected.weights, rtol=1e-12)
        assert result.lenses[lens].cr == pytest.approx(expected.cr)
        assert result.lenses[lens].consensus == consensus([s.weights for s in singles])
    e = result.experts[0]
    assert (e.name, e.role, e.lenses, e.reason) == ("Expert 1", "user", ("government", "market"), "")


def test_json_has_the_issue_keys(runner, tpl, tmp_path):
    files = [good(tpl, tmp_path, k) for k in (1, 2)]
    result = invoke(runner, "panel", "collect", *map(str, files), "--case", str(MINI), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert REQUIRED_KEYS <= set(data)
    assert set(data["counts"]) == {"files", "used", "excluded", "rejected"}
    for e in data["experts"]:
        assert EXPERT_KEYS <= set(e)
        assert set(e["cr"]) == set(e["weights"]) == set(e["revise"]) == {"government", "market"}
        assert set(e["weights"]["government"]) == set(IDS)
    assert set(data["aggregate"]["market"]) == set(IDS)
    assert set(data["consensus"]["government"]) >= {"value", "band"}
    assert data["provenance"]["template_version"] == "matrank-panel/1"
    assert [f["sha256"] for f in data["provenance"]["files"]] == [e["sha256"] for e in data["experts"]]


def test_end_to_end_five_experts_to_rank(runner, tpl, tmp_path):
    """Template → 5 experts filled by script (one inconsistent, one incomplete but connected)
    → collect → weights file → rank."""
    folder = tmp_path / "panel"
    good(tpl, folder, 1, ratings={("sic", "validation_cycle"): 2, ("sic", "market_pull"): 9})
    good(tpl, folder, 2, ratings={("sic", "validation_cycle"): 4, ("sic", "market_pull"): 8})
    good(tpl, folder, 3)
    good(tpl, folder, 4, judgments={"government": INCONSISTENT, "market": MARKET[0]})
    good(tpl, folder, 5, judgments={"government": CHAIN, "market": MARKET[2]})
    weights = tmp_path / "panel-weights.json"
    results = tmp_path / "results.xlsx"
    out = invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "-o", str(results),
                 "--weights-out", str(weights))
    assert out.exit_code == 0, out.output
    assert "5 files — 5 used, 0 excluded, 0 rejected" in out.stdout
    assert "expert-04.xlsx: used: government: CR" in out.stdout
    assert results.is_file() and weights.is_file()

    case = mini_case()
    wf = read_weights(weights, case)
    data = json.loads(weights.read_text(encoding="utf-8"))
    assert data["format"] == "matrank-weights/1" and data["case"] == "mini"
    assert [e["id"] for e in data["experts"]["government"]] == ["expert-01.xlsx", "expert-02.xlsx",
                                                                "expert-03.xlsx", "expert-05.xlsx"]
    assert len(wf.lenses["market"].expert_weights) == 5
    assert data["basis"]["government"].startswith("panel of 4 experts, AIJ")
    assert data["provenance"]["counts"] == {"files": 5, "used": 5, "excluded": 0, "rejected": 0}

    ranked = rank_case(case, RankOptions(), wf)
    result = collect([str(folder)], str(MINI))
    for lens in ("government", "market"):
        np.testing.assert_allclose(ranked.lenses[lens].weights, result.lenses[lens].weights, rtol=1e-12)
    # the panel's ratings replace the estimates: validation years rise with the rating (2..5)
    g = math.sqrt(2 * 4)
    years = ranked.case.material("sic").indicators["validation_years"]
    assert years.value == pytest.approx(2 + (g - 1) / 8 * 3)
    assert (years.low, years.high) == (pytest.approx(2 + 1 / 8 * 3), pytest.approx(2 + 3 / 8 * 3))
    cli = invoke(runner, "rank", str(MINI), "--weights", str(weights))
    assert cli.exit_code == 0, cli.output
    w = result.lenses["government"].weights
    assert f"Government lens: Import dependence {w[0]:.3f}" in cli.stdout


# --------------------------------------------------------------- bad input, one test each

def test_corrupt_and_non_xlsx_files(tpl, tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("just some notes", encoding="utf-8")
    assert panel_with(tpl, tmp_path, text).reason.startswith("not an .xlsx workbook (not a zip archive)")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good(tpl, tmp_path / "src", 9).read_bytes()[:5000])
    assert panel_with(tpl, tmp_path, truncated).status == "rejected"
    other_zip = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "the part [Content_Types].xml is missing from the archive" in panel_with(tpl, tmp_path, other_zip).reason
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    assert panel_with(tpl, tmp_path, plain).reason.startswith("no _meta sheet")
    broken = rewrite_zip(good(tpl, tmp_path / "src", 8), tmp_path / "broken.xlsx",
                         {"xl/worksheets/sheet7.xml": b"<worksheet><sheetData><row r='1'><c r='A1'"})
    e = panel_with(tpl, tmp_path, broken)
    assert e.status == "rejected" and e.reason.startswith(
        "the workbook is damaged: the part xl/worksheets/sheet7.xml is not well-formed XML (line 1, column")


def test_zip_bomb(tpl, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * 30_000_000)
    e = panel_with(tpl, tmp_path, bomb)
    assert e.status == "rejected" and e.reason.startswith("refused as a possible zip bomb")
    assert ":1" in e.reason  # the ratio is shown


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet2.xml"])
def test_a_dtd_is_refused_before_any_parser(tpl, tmp_path, part):
    """Entity expansion comes in through a DTD; whether openpyxl's parser refuses one depends
    on whether lxml is installed (python-docx brings it), so the bytes are checked first."""
    src = good(tpl, tmp_path / "src", 7)
    with zipfile.ZipFile(src) as z:
        xml = z.read(part).decode("utf-8")
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    assert not xml.startswith("<?xml")
    for encoding in ("utf-8", "utf-16"):
        bomb = rewrite_zip(src, tmp_path / "entities.xlsx", {part: (laughs + xml).encode(encoding)})
        e = panel_with(tpl, tmp_path, bomb)
        assert e.status == "rejected"
        assert e.reason.startswith(f"the part {part} holds a DTD (XML entities), which is refused")
        assert "\n" not in e.reason


@pytest.mark.parametrize("suffix", [".xlsm", ".xls", ".xltm"])
def test_macro_and_legacy_files_are_refused_by_extension(tpl, tmp_path, suffix):
    bad = copy(good(tpl, tmp_path / "src", 3), tmp_path / f"expert-03{suffix}")
    e = panel_with(tpl, tmp_path, bad)
    assert e.reason.startswith(f"{suffix} workbooks are refused (macros or a legacy format)")


def test_macro_content_is_refused_whatever_the_name(tpl, tmp_path):
    src = good(tpl, tmp_path / "src", 3)
    with zipfile.ZipFile(src) as z:
        types = z.read("[Content_Types].xml").replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    bad = rewrite_zip(src, tmp_path / "expert-03.xlsx", {"[Content_Types].xml": types},
                      extra={"xl/vbaProject.bin": b"\x00" * 64})
    assert panel_with(tpl, tmp_path, bad).reason.startswith("the workbook contains macros and is refused")


def set_meta(path: Path, out: Path, row: int, column: int, value) -> Path:
    wb = openpyxl.load_workbook(path)
    wb[META_SHEET].cell(row=row, column=column, value=value)
    wb.save(out)
    return out


def test_another_case(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(MINI.read_text(encoding="utf-8").replace("id: mini", "id: other-case"), encoding="utf-8")
    from matrank.casefiles import load_case
    tpl_other = templates(tmp_path / "tpl_other", 1, case=load_case(str(other)))[0]
    tpl_mini = templates(tmp_path / "tpl_mini", 1)[0]
    bad = good(tpl_other, tmp_path / "x", 3)
    e = panel_with(tpl_mini, tmp_path, bad)
    assert e.reason.startswith("made for case 'other-case', not 'mini'")
    assert "--case other-case" in e.reason


def test_other_criteria_or_directions(tmp_path):
    changed = tmp_path / "changed.yaml"
    text = MINI.read_text(encoding="utf-8").replace(
        "weights:\n", "criteria:\n  - {id: patent_control, market: benefit}\nweights:\n", 1)
    changed.write_text(text, encoding="utf-8")
    from matrank.casefiles import load_case
    tpl_changed = templates(tmp_path / "tpl_changed", 1, case=load_case(str(changed)))[0]
    tpl_mini = templates(tmp_path / "tpl_mini", 1)[0]
    e = panel_with(tpl_mini, tmp_path, good(tpl_changed, tmp_path / "x", 3))
    assert e.reason.startswith("made for other criteria or directions")


def test_another_template_version(tpl, tmp_path):
    bad = set_meta(good(tpl, tmp_path / "src", 3), tmp_path / "expert-03.xlsx", 2, 5, "matrank-panel/0")
    e = panel_with(tpl, tmp_path, bad)
    assert e.reason.startswith("made with template version 'matrank-panel/0'; this matrank reads "
                               "'matrank-panel/1'")


@pytest.mark.parametrize("column, value, shown", [
    (2, "E5", "found '政府视角 Government | E5 | pairwise"),       # a cell address moved
    (5, "import_reliance", "import_reliance"),                   # a criterion renamed
])
def test_edited_meta(tpl, tmp_path, column, value, shown):
    # row 10 of _meta: the first government pairwise cell (import_dependence vs patent_control)
    src = good(tpl, tmp_path / "src", 3)
    assert openpyxl.load_workbook(src)[META_SHEET].cell(row=10, column=3).value == "pairwise"
    bad = set_meta(src, tmp_path / "expert-03.xlsx", 10, column, value)
    e = panel_with(tpl, tmp_path, bad)
    assert e.reason.startswith("_meta!A10:F10: found")
    assert shown in e.reason and "the _meta sheet was edited" in e.reason
    assert "expected '政府视角 Government | D5 | pairwise | government | import_dependence | patent_control'" \
        in e.reason


def test_deleted_sheet(tpl, tmp_path):
    wb = openpyxl.load_workbook(good(tpl, tmp_path / "src", 3))
    del wb[LENS_SHEETS["market"]]
    wb.save(tmp_path / "expert-03.xlsx")
    e = panel_with(tpl, tmp_path, tmp_path / "expert-03.xlsx")
    assert e.reason.startswith("the sheet '市场视角 Market' is missing")


def test_judgments_typed_as_text_are_read_with_a_note(tpl, tmp_path):
    # "2" and " 2 " are what the drop-down enters (text): read without a note; "2/1" and "2.0" are not
    as_text = dict(GOV[3])
    as_text[("import_dependence", "patent_control")] = "2/1"
    as_text[("patent_control", "market_pull")] = " 2 "
    as_text[("validation_cycle", "market_pull")] = "2.0"
    as_text[("import_dependence", "market_pull")] = "4"
    numeric = good(tpl, tmp_path / "n", 3)
    texty = good(tpl, tmp_path, 3, name="Texty", judgments={"government": as_text, "market": MARKET[3]})
    e = panel_with(tpl, tmp_path, texty)
    assert e.status == "used" and e.reason == ""
    assert any("政府视角 Government!D5 (import_dependence vs patent_control): typed as text '2/1', read as 2"
               in n for n in e.notes)
    assert sum("typed as text" in n for n in e.notes) == 2
    reference = run([numeric]).experts[0]
    np.testing.assert_allclose(e.outcomes["government"].result.weights,
                               reference.outcomes["government"].result.weights)


def test_fraction_text_is_read(tpl, tmp_path):
    judged = dict(MARKET[0])
    judged[("import_dependence", "market_pull")] = "1/5"
    e = panel_with(tpl, tmp_path, good(tpl, tmp_path, 3, judgments={"government": GOV[0], "market": judged}))
    assert e.status == "used"
    assert not any("typed as text" in n for n in e.notes)      # "1/5" is what the drop-down enters
    judged[("import_dependence", "market_pull")] = "0.2"
    e = panel_with(tpl, tmp_path, good(tpl, tmp_path, 3, judgments={"government": GOV[0], "market": judged}))
    assert any("typed as text '0.2', read as 1/5" in n for n in e.notes)


@pytest.mark.parametrize("value, found", [
    (2.5, "found 2.5; expected one of 9, 8, …, 2, 1, 1/2, …, 1/9 from the drop-down. Fix: choose 3"),
    (12, "found 12"),
    (0, "found 0"),
    ("0", "found 0"),              # typed: its note has no reciprocal to show (it raised ZeroDivisionError)
    (-3, "found -3"),
    ("-1/3", "found -0.333333"),
    ("abc", "not a judgment; found 'abc' is not a number"),
    ("0x10", "not a judgment; found '0x10' is not a number"),
    ("NaN", "'NaN' is not a finite number"),
    ("inf", "'inf' is not a finite number"),
    (1e-320, "is too small to compute with"),
    (True, "found True"),
    (dt.datetime(2024, 3, 1), "a date or time, not a judgment"),
])
def test_value_off_the_scale_rejects_that_lens(tpl, tmp_path, value, found):
    judged = dict(GOV[0])
    judged[("import_dependence", "patent_control")] = value
    bad = good(tpl, tmp_path, 3, judgments={"government": judged, "market": MARKET[0]})
    e = panel_with(tpl, tmp_path, bad)
    gov = e.outcomes["government"]
    assert gov.status == "rejected" and e.outcomes["market"].status == "used"
    assert gov.reason.startswith("政府视角 Government!D5 (import_dependence vs patent_control): ")
    assert found in gov.reason
    assert e.status == "used" and e.reason.startswith("government: ")


def test_all_judgments_blank(tpl, tmp_path):
    e = panel_with(tpl, tmp_path, fill(tpl, tmp_path / "expert-03.xlsx", name="Blank", role="user"))
    assert e.status == "rejected"
    assert e.reason == ("government: no judgments (every pairwise cell is blank); "
                        "market: no judgments (every pairwise cell is blank)")


def test_too_few_judgments_to_connect_the_criteria(tpl, tmp_path):
    bad = good(tpl, tmp_path, 3, judgments={"government": DISCONNECTED, "market": DISCONNECTED})
    e = panel_with(tpl, tmp_path, bad)
    assert e.status == "rejected"
    gov = e.outcomes["government"].reason
    assert gov.startswith("too few judgments to connect the criteria; found 3 separate groups: "
                          "{import_dependence, patent_control} | {validation_cycle} | {market_pull}")
    assert "Fix: compare one element of each group" in gov


def test_incomplete_but_connected_is_completed_by_harker(tpl, tmp_path):
    e = panel_with(tpl, tmp_path, good(tpl, tmp_path, 3, judgments={"government": CHAIN, "market": MARKET[0]}))
    gov = e.outcomes["government"].result
    assert e.status == "used" and len(gov.completed) == 3
    np.testing.assert_allclose(gov.weights, analyse(from_judgments(IDS, CHAIN)).weights)


def test_same_file_twice(tpl, tmp_path):
    first = good(tpl, tmp_path, 1)
    second = good(tpl, tmp_path, 2)
    twin = copy(first, tmp_path / "copy" / "expert-01-again.xlsx")
    result = run([first, second, first, twin])
    assert [e.status for e in result.experts] == ["used", "used", "rejected", "rejected"]
    assert result.experts[2].reason == f"the same file as {first} (given twice); counted once"
    assert result.experts[3].reason == f"identical to {first} (the same workbook given twice); counted once"
    assert result.experts[3].sha256 == result.experts[0].sha256        # known, so recorded
    files = payload(result)["provenance"]["files"]
    assert [f["file"] for f in files] == [str(first), str(second), str(first), str(twin)]
    assert result.counts == {"files": 4, "used": 2, "excluded": 0, "rejected": 2}
    assert len(result.lenses["government"].experts) == 2


def test_the_same_expert_sent_twice_under_other_bytes_is_noted(tpl, tmp_path):
    first = good(tpl, tmp_path, 1, organisation="Lab")
    resaved = good(tpl, tmp_path / "later", 1, organisation="Lab", role="supplier")    # other bytes
    result = run([first, resaved])
    assert [e.status for e in result.experts] == ["used", "used"]
    assert not result.experts[0].notes
    assert any(f"the same name and organisation as {first}" in n for n in result.experts[1].notes)


def test_a_lens_not_asked_is_ignored_with_a_note(tpl, tpl_gov, tmp_path):
    src = fill(tpl_gov, tmp_path / "src" / "gov.xlsx", name="Gov only", judgments={"government": GOV[1]})
    wb = openpyxl.load_workbook(src)
    sheet = wb.create_sheet(LENS_SHEETS["market"])    # a market sheet copied in by the expert
    for cell, value in (("D5", 2), ("E5", 3), ("F5", 0.5)):
        sheet[cell] = value
    wb.save(tmp_path / "expert-03.xlsx")
    e = panel_with(tpl, tmp_path, tmp_path / "expert-03.xlsx")
    assert e.status == "used" and e.lenses == ("government",) and set(e.outcomes) == {"government"}
    assert any(n.startswith("3 market judgments found (市场视角 Market!D5, 市场视角 Market!E5, 市场视角 Market!F5) "
                            "but this workbook asks only for the government lens: ignored") for n in e.notes)


def test_a_lens_not_asked_in_meta_rows_is_ignored_too(tpl, tpl_gov, tmp_path):
    src = fill(tpl_gov, tmp_path / "src" / "gov.xlsx", name="Gov only", judgments={"government": GOV[1]})
    wb = openpyxl.load_workbook(src)
    sheet = wb.create_sheet(LENS_SHEETS["market"])
    sheet["D5"] = 4
    wb[META_SHEET].append([LENS_SHEETS["market"], "D5", "pairwise", "market", "import_dependence",
                           "patent_control"])
    wb.save(tmp_path / "expert-03.xlsx")
    e = panel_with(tpl, tmp_path, tmp_path / "expert-03.xlsx")
    assert e.status == "used" and set(e.outcomes) == {"government"}
    assert any("1 market judgment found" in n and "ignored" in n for n in e.notes)


def test_empty_name_and_role_are_no_reason_to_reject(tpl, tmp_path):
    e = panel_with(tpl, tmp_path, good(tpl, tmp_path, 3, name=None, role=None))
    assert (e.status, e.name, e.role, e.notes) == ("used", "", None, ())


def test_roles_in_either_language_and_unknown_roles(tpl, tmp_path):
    files = [good(tpl, tmp_path, 1, role="技术供给方 / Technology supplier"),
             good(tpl, tmp_path, 2, role="利益相关方"), good(tpl, tmp_path, 3, role="investor")]
    experts = run(files).experts
    assert [e.role for e in experts] == ["supplier", "stakeholder", "investor"]
    assert experts[2].notes == ("专家信息 Expert!B6: role 'investor' is not one of supplier, user, stakeholder; "
                                "kept as written",)


def test_a_missing_path_is_rejected(tpl, tmp_path):
    e = panel_with(tpl, tmp_path, tmp_path / "nobody.xlsx")
    assert e.reason == "no such file. Fix: check the path"


# --------------------------------------------------------------- consistency handling

def test_inconsistent_lens_is_excluded_with_judgments_to_revise(tpl, tmp_path):
    bad = good(tpl, tmp_path, 3, judgments={"government": INCONSISTENT, "market": MARKET[0]})
    e = panel_with(tpl, tmp_path, bad)
    gov = e.outcomes["government"]
    assert gov.status == "excluded" and gov.reason.startswith("CR ") and gov.reason.endswith(" > 0.10")
    assert e.status == "used"                      # still used for the market lens
    assert len(gov.result.inconsistent_pairs) == 3
    assert gov.result.weights.sum() == pytest.approx(1.0)


def test_a_fully_inconsistent_expert_is_excluded(tpl, tmp_path):
    bad = good(tpl, tmp_path, 3, judgments={"government": INCONSISTENT, "market": INCONSISTENT})
    e = panel_with(tpl, tmp_path, bad)
    assert e.status == "excluded"


def test_include_lets_inconsistent_judgments_in(tpl, tmp_path):
    files = [good(tpl, tmp_path, 1), good(tpl, tmp_path, 3, judgments={"government": INCONSISTENT,
                                                                       "market": MARKET[0]})]
    result = run(files, on_inconsistent="include")
    e = result.experts[1]
    assert e.outcomes["government"].status == "used"
    assert e.outcomes["government"].reason.endswith("included (--on-inconsistent include)")
    assert len(result.lenses["government"].experts) == 2


def test_cr_threshold_decides(tpl, tmp_path):
    slightly = from_judgments(IDS, GOV[2])
    cr = analyse(slightly).cr
    files = [good(tpl, tmp_path, 2)]
    assert run(files, cr_threshold=min(0.99, cr + 0.01)).experts[0].status == "used"
    if cr > 0:
        assert run(files, cr_threshold=cr / 2).experts[0].outcomes["government"].status == "excluded"


def test_fail_stops_after_the_report_without_writing(runner, tpl, tmp_path):
    folder = tmp_path / "panel"
    good(tpl, folder, 1)
    good(tpl, folder, 3, judgments={"government": INCONSISTENT, "market": MARKET[0]})
    weights = tmp_path / "w.json"
    result = invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "--on-inconsistent", "fail",
                    "--weights-out", str(weights))
    assert result.exit_code == 1
    assert "2 files — 2 used" in result.stdout
    assert "1 expert judgment set exceeds CR 0.10 (--on-inconsistent fail); no file written; found " \
           "expert-03.xlsx government CR" in result.stderr
    assert not weights.exists()
    assert "Traceback" not in result.output


def test_aip(tpl, tmp_path):
    files = [good(tpl, tmp_path, k) for k in (1, 2, 3)]
    result = run(files, aggregate="aip")
    for lens in ("government", "market"):
        vectors = [e.outcomes[lens].result.weights for e in result.experts]
        np.testing.assert_allclose(result.lenses[lens].weights, aip(vectors), rtol=1e-12)
        assert result.lenses[lens].cr == max(e.outcomes[lens].result.cr for e in result.experts)
        assert result.lenses[lens].cr_of.startswith("largest CR of the used experts")


# --------------------------------------------------------------- ratings

def test_ratings_are_aggregated_geometrically_on_the_estimates_range(tpl, tmp_path):
    files = [good(tpl, tmp_path, 1, ratings={("sic", "market_pull"): 9}),
             good(tpl, tmp_path, 2, ratings={("sic", "market_pull"): 7, ("sic", "patent_control"): "5"}),
             good(tpl, tmp_path, 3, ratings={("sic", "market_pull"): 3, ("sic", "patent_control"): 12,
                                             ("sic", "validation_cycle"): 2.5}),
             good(tpl, tmp_path, 4, judgments={"government": INCONSISTENT, "market": INCONSISTENT},
                  ratings={("sic", "validation_cycle"): 5}),        # excluded for CR: ratings still count
             fill(tpl, tmp_path / "blank.xlsx", ratings={("sic", "validation_cycle"): 9})]   # rejected
    result = run(files)
    ratings = {(r.material, r.indicator): r for r in result.ratings}
    pull = ratings[("sic", "market_pull_rating")]
    g = (9 * 7 * 3) ** (1 / 3)
    assert pull.experts == 3 and pull.rating == pytest.approx(g)
    assert pull.value == pytest.approx(7 + (g - 1) / 8 * 2)
    assert (pull.low, pull.high) == (pytest.approx(7 + 2 / 8 * 2), pytest.approx(9))
    patent = ratings[("sic", "foreign_core_patent_share")]
    assert patent.experts == 1 and patent.value == pytest.approx(0.55 + 4 / 8 * 0.3)
    years = ratings[("sic", "validation_years")]
    assert years.experts == 1 and years.value == pytest.approx(3.5)
    notes = by_file(result)
    assert any("typed as text '5', read as 5" in n for n in notes["expert-02.xlsx"].notes)
    assert any(f"{RATINGS_SHEET}!G" in n and "off the 1–9 scale; found 12; ignored" in n
               for n in notes["expert-03.xlsx"].notes)
    assert any("not a whole number; found 2.5; ignored" in n for n in notes["expert-03.xlsx"].notes)


# --------------------------------------------------------------- accounting property

@pytest.fixture(scope="module")
def assorted(tpl, tmp_path_factory):
    folder = tmp_path_factory.mktemp("assorted")
    files = {f"good{k}": good(tpl, folder, k) for k in (1, 2, 3)}
    files["inconsistent"] = good(tpl, folder, 4, judgments={"government": INCONSISTENT, "market": INCONSISTENT})
    files["blank"] = fill(tpl, folder / "blank.xlsx", name="x")
    junk = folder / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    files["junk"] = junk
    files["copy"] = copy(files["good1"], folder / "copy" / "good1-copy.xlsx")
    return files


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(["good1", "good2", "good3", "inconsistent", "blank", "junk", "copy"]),
                min_size=1, max_size=8))
def test_every_file_is_accounted_once_in_order(assorted, picks):
    files = [assorted[p] for p in picks]
    if not any(p in ("good1", "good2", "good3", "inconsistent", "blank", "copy") for p in picks):
        return  # nothing names the case: covered by the CLI error test
    result = collect([str(f) for f in files], str(MINI))
    assert [e.file for e in result.experts] == [str(f) for f in files]
    c = result.counts
    assert c["files"] == len(files) == c["used"] + c["excluded"] + c["rejected"]
    seen_content = set()
    for pick, e in zip(picks, result.experts):
        content = "good1" if pick == "copy" else pick
        if content in seen_content:
            assert e.status == "rejected" and ("given twice" in e.reason)
            continue
        if pick != "junk":
            seen_content.add(content)
        expected = {"inconsistent": "excluded", "blank": "rejected", "junk": "rejected"}.get(content, "used")
        assert e.status == expected, (pick, e.reason)


def test_parallel_reading_gives_the_same_result(tpl, tmp_path, monkeypatch):
    files = [good(tpl, tmp_path, k, name=f"E{k}") for k in range(1, 17)]
    assert len(files) >= collect_module.PARALLEL_FROM
    parallel = payload(run(files))
    monkeypatch.setattr(collect_module, "PARALLEL_FROM", 10 ** 6)
    assert payload(run(files)) == parallel


# --------------------------------------------------------------- outputs and CLI

def test_results_workbook(runner, tpl, tmp_path):
    files = [good(tpl, tmp_path, 1, name="=HYPERLINK(\"http://x\")", organisation="+1 lab"),
             good(tpl, tmp_path, 3, judgments={"government": INCONSISTENT, "market": MARKET[0]}),
             tmp_path / "missing.xlsx"]
    out = tmp_path / "results.xlsx"
    result = invoke(runner, "panel", "collect", *map(str, files), "--case", str(MINI), "-o", str(out))
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["summary", "experts", "revise"]
    summary = wb["summary"]
    assert len(summary._charts) == 1 and summary._charts[0].tagname == "barChart"
    chart = summary._charts[0]
    assert len(chart.series) == 2
    # each series is titled by its lens's header cell, and its categories are the criteria
    for series, column in zip(chart.series, "BC"):
        title_cell = series.tx.strRef.f.split("!")[1].replace("$", "")
        assert title_cell[0] == column
        assert summary[title_cell].value in ("Government lens", "Market lens")
        cats = (series.cat.strRef or series.cat.numRef).f.split("!")[1].replace("$", "")
        first, last = cats.split(":")
        assert [summary[f"A{r}"].value for r in range(int(first[1:]), int(last[1:]) + 1)] == \
            ["import_dependence", "patent_control", "validation_cycle", "market_pull"]
    experts = list(wb["experts"].iter_rows(min_row=2, values_only=True))
    assert [r[4] for r in experts] == ["used", "used", "rejected"]
    assert experts[0][1] == "'=HYPERLINK(\"http://x\")" and experts[0][2] == "'+1 lab"
    revise = list(wb["revise"].iter_rows(min_row=2, values_only=True))
    assert any(r[0] == "expert-03.xlsx" and r[1] == "government" and r[2] == "excluded" for r in revise)
    # only lenses above the threshold: no suggestion to an expert whose CR is acceptable
    assert {(r[0], r[1]) for r in revise} == {("expert-03.xlsx", "government")}


def test_table_output(runner, tpl, tmp_path):
    files = [good(tpl, tmp_path, 1), good(tpl, tmp_path, 3, judgments={"government": INCONSISTENT,
                                                                      "market": MARKET[0]})]
    result = invoke(runner, "panel", "collect", *map(str, files), "--case", str(MINI))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Panel (mini): 2 files — 2 used, 0 excluded, 0 rejected (AIJ, CR threshold 0.10")
    assert "expert-03.xlsx  Expert 3  user  used    excluded" in out
    assert "Judgments to revise:" in out and "expert-03.xlsx, government (CR" in out
    assert "government: 1 expert used; CR " in out and "market: 2 experts used; CR " in out


@pytest.mark.parametrize("extra, code, message", [
    (["-o", "results.csv"], 2, "-o writes the report as a workbook: give a file name ending in .xlsx"),
    (["-o", "same.xlsx", "--weights-out", "same.xlsx"], 2, "--weights-out writes the panel's weights as JSON"),
    (["--weights-out", "w.xlsx"], 2, "--weights-out writes the panel's weights as JSON"),
    (["--aggregate", "mean"], 2, "Invalid value for '--aggregate'"),
    (["--cr-threshold", "0"], 2, "Invalid value for '--cr-threshold'"),
    (["--on-inconsistent", "warn"], 2, "Invalid value for '--on-inconsistent'"),
])
def test_cli_usage_errors(runner, tpl, tmp_path, monkeypatch, extra, code, message):
    monkeypatch.chdir(tmp_path)
    f = good(tpl, tmp_path, 1)
    result = invoke(runner, "panel", "collect", str(f), "--case", str(MINI), *extra)
    assert result.exit_code == code and message in result.output


def test_cli_output_errors(runner, tpl, tmp_path):
    f = good(tpl, tmp_path, 1)
    taken = tmp_path / "w.json"
    taken.write_text("{}")
    result = invoke(runner, "panel", "collect", str(f), "--case", str(MINI), "--weights-out", str(taken))
    assert result.exit_code == 1 and "w.json: already exists; pass --force" in result.stderr
    result = invoke(runner, "panel", "collect", str(f), "--case", str(MINI), "-o", str(f), "--force")
    assert result.exit_code == 1 and "refusing to write over an expert's workbook" in result.stderr
    assert "Traceback" not in result.output


def test_an_expert_workbook_is_never_overwritten_even_inside_the_folder(runner, tpl, tmp_path):
    """The issue's case: `panel collect panel/ -o panel/expert-02.xlsx --force` replaced a workbook."""
    folder = tmp_path / "panel"
    first, second = good(tpl, folder, 1), good(tpl, folder, 2)
    before = second.read_bytes()
    result = invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "-o", str(second), "--force")
    assert result.exit_code == 1 and "refusing to write over an expert's workbook" in result.stderr
    assert second.read_bytes() == before
    # a report of an earlier run in the folder is no workbook of an expert: it may be replaced
    report = folder / "results.xlsx"
    assert invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "-o", str(report)).exit_code == 0
    again = invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "-o", str(report), "--force",
                   "--format", "json")
    assert again.exit_code == 0 and json.loads(again.stdout)["counts"]["files"] == 2


def test_what_a_folder_holds_that_is_not_collected_is_listed(runner, tpl, tmp_path):
    folder = tmp_path / "panel"
    good(tpl, folder, 1)
    (folder / "old").mkdir()
    good(tpl, folder / "old", 2)
    (folder / "~$expert-01.xlsx").write_bytes(b"lock")
    (folder / "notes.txt").write_text("x")
    (folder / "gone.xlsx").symlink_to(tmp_path / "nowhere.xlsx")
    result = invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "--format", "json")
    skipped = json.loads(result.stdout)["skipped"]
    assert len(skipped) == 4
    assert any("old: a subfolder: not searched" in s for s in skipped)
    assert any("~$expert-01.xlsx: an editor's lock file" in s for s in skipped)
    assert any("gone.xlsx: a link to nothing" in s for s in skipped)
    assert any("notes.txt: not a spreadsheet file" in s for s in skipped)
    assert "note: not collected:" in result.stderr


def test_a_formula_without_a_saved_value_is_named(tpl, tmp_path):
    judged = dict(GOV[0])
    judged[("import_dependence", "patent_control")] = "=1+2"
    bad = good(tpl, tmp_path, 3, judgments={"government": judged, "market": MARKET[0]})
    wb = openpyxl.load_workbook(bad)          # fill stores text as text: make it a real formula
    ws = wb[LENS_SHEETS["government"]]
    ws["D5"].value = "=1+2"
    ws["D5"].data_type = "f"
    wb.save(bad)
    e = panel_with(tpl, tmp_path, bad)
    gov = e.outcomes["government"]
    assert gov.status == "rejected"
    assert "D5 (import_dependence vs patent_control): a formula whose value was never saved" in gov.reason
    assert "open and save the workbook in Excel or LibreOffice" in gov.reason


def test_cli_input_errors(runner, tpl, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(runner, "panel", "collect", str(empty))
    assert result.exit_code == 1 and f"no workbooks to collect in {empty}" in result.stderr
    junk = tmp_path / "junk.xlsx"
    junk.write_text("x")
    result = invoke(runner, "panel", "collect", str(junk))
    assert result.exit_code == 1
    assert "no readable panel workbook naming its case among the 1 file given; found " in result.stderr
    assert result.stderr.count("Fix:") == 1
    assert "junk.xlsx: not an .xlsx workbook" in result.stderr
    f = good(tpl, tmp_path, 1)
    result = invoke(runner, "panel", "collect", str(f))
    assert result.exit_code == 1
    assert "the workbooks were made for case 'mini', which is not a shipped case. Fix: pass --case PATH" \
        in result.stderr
    blank = fill(tpl, tmp_path / "blank.xlsx", name="x")
    result = invoke(runner, "panel", "collect", str(blank), "--case", str(MINI), "--weights-out",
                    str(tmp_path / "w.json"))
    assert result.exit_code == 1
    assert "--weights-out: no lens has a used expert, so there are no weights to write" in result.stderr
    assert not (tmp_path / "w.json").exists()
    assert "Traceback" not in result.output


def test_a_lens_without_used_experts_is_left_out_and_said_so(runner, tpl, tpl_gov, tmp_path):
    f = fill(tpl_gov, tmp_path / "gov.xlsx", judgments={"government": GOV[0]})
    weights = tmp_path / "w.json"
    result = invoke(runner, "panel", "collect", str(f), "--case", str(MINI), "--weights-out", str(weights))
    assert result.exit_code == 0, result.output
    assert "warning: market lens: no used expert; it has no panel weights and is left out of the weights " \
           "file" in result.stderr
    data = json.loads(weights.read_text(encoding="utf-8"))
    assert set(data["weights"]) == {"government"}
    wf = read_weights(weights, mini_case())
    ranked = rank_case(mini_case(), RankOptions(), wf)
    assert ranked.lenses["market"].origin == "case"


def test_the_case_is_found_from_the_workbooks(runner, tmp_path):
    from matrank.casefiles import load_case
    case = load_case("shenzhen-2022")
    tpl = templates(tmp_path / "tpl", 1, case=case, ratings=False)[0]
    ids = case.criteria.ids
    judged = {(ids[i], ids[i + 1]): 2 for i in range(len(ids) - 1)}
    f = fill(tpl, tmp_path / "e.xlsx", judgments={"government": judged, "market": judged})
    result = invoke(runner, "panel", "collect", str(f), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["case"] == "shenzhen-2022" and data["counts"]["used"] == 1
    # two cases, one workbook each: the panel's case must be named
    g = good(templates(tmp_path / "tpl_mini", 1)[0], tmp_path, 1)
    result = invoke(runner, "panel", "collect", str(f), str(g))
    assert result.exit_code == 1 and "the workbooks were made for different cases" in result.stderr


def test_find_workbooks_skips_lock_files_and_outputs(tmp_path):
    for name in ("a.xlsx", "b.xlsm", "~$a.xlsx", ".~lock.a.xlsx#", "notes.txt", "results.xlsx"):
        (tmp_path / name).write_text("x")
    found = [Path(p).name for p in find_workbooks([str(tmp_path)], skip=[tmp_path / "results.xlsx"])]
    assert found == ["a.xlsx", "b.xlsm"]


def test_workbooks_from_before_the_case_changed_its_estimates(tpl, tmp_path):
    changed = tmp_path / "changed.yaml"
    changed.write_text(MINI.read_text(encoding="utf-8").replace(
        "market_pull_rating: {value: 8, estimate: true, low: 7, high: 9, basis: test}", "market_pull_rating: 8"),
        encoding="utf-8")
    f = good(tpl, tmp_path, 1)
    e = collect([str(f)], str(changed)).experts[0]
    assert e.status == "rejected"
    assert "the case's estimated values changed since the templates were made, or the _meta sheet was " \
           "edited" in e.reason


def test_a_far_away_cell_in_meta_is_not_read(tpl, tmp_path):
    bad = set_meta(good(tpl, tmp_path / "src", 3), tmp_path / "expert-03.xlsx", 10, 2, "XFD1048576")
    e = panel_with(tpl, tmp_path, bad)
    assert e.reason.startswith("_meta!A10:F10: found '政府视角 Government | XFD1048576 | pairwise")


def test_workbooks_of_one_name_from_two_folders_are_told_apart(runner, tpl, tmp_path):
    first = good(tpl, tmp_path / "a", 1)
    second = good(tpl, tmp_path / "b", 1, judgments={"government": INCONSISTENT, "market": MARKET[0]})
    done = invoke(runner, "panel", "collect", str(first), str(second), "--case", str(MINI))
    assert done.exit_code == 0, done.stderr
    reasons = done.stdout.split("Reason:")[1]
    assert f"{second}: used: government: CR" in reasons
    table = done.stdout.split("Criterion weights")[0]
    assert str(first) in table and str(second) in table
