"""The questionnaire layout (``panel template --layout pairs``): one row per pair, which criterion
matters more and how much. It collects as the matrix layout does, and its own live priorities and
CR, computed by a real spreadsheet app, equal collect's."""

from __future__ import annotations

import itertools

import numpy as np
import openpyxl
import pytest
from conftest import error_line, invoke
from panel_helpers import CHAIN, GOV, INCONSISTENT, MARKET, MINI, fill, mini_case
from workbook_lo import SOFFICE, lo_fill, recalculate

from matrank.workbooks.collect import collect
from matrank.workbooks.layout import LENS_SHEETS, META_SHEET, layout_for
from matrank.workbooks.template import write_templates

IDS = ("import_dependence", "patent_control", "validation_cycle", "market_pull")
LENSES = ("government", "market")


def meta_rows(path):
    wb = openpyxl.load_workbook(path)
    return [r for r in wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True)]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pairs")
    case = mini_case()
    pairs = write_templates(case, tmp / "tpl-pairs", 1, LENSES, "zh", True, form="pairs")[0]
    matrix = write_templates(case, tmp / "tpl-matrix", 1, LENSES, "zh", True)[0]
    return tmp, case, pairs, matrix


def test_the_template_asks_each_pair_once_as_a_choice_and_an_intensity(made):
    _, _, pairs, _ = made
    rows = meta_rows(pairs)
    kinds = {r[2] for r in rows}
    assert "pairwise" not in kinds and {"choice", "intensity"} <= kinds
    for kind in ("choice", "intensity"):
        asked = [(r[3], r[4], r[5]) for r in rows if r[2] == kind]
        assert asked == [(lens, a, b) for lens in LENSES for a, b in itertools.combinations(IDS, 2)]
    wb = openpyxl.load_workbook(pairs)
    sheet = wb[[r[0] for r in rows if r[2] == "choice"][0]]
    validated = {str(cell) for dv in sheet.data_validations.dataValidation for cell in dv.sqref.ranges}
    choice_cells = [r[1] for r in rows if r[2] == "choice" and r[0] == sheet.title]
    assert all(any(c in v for v in validated) for c in choice_cells)


def test_the_questionnaire_rows_are_one_height_and_centred_in_it(made):
    """Printed as a form: every pair's row as high as the others, the names and boxes centred in
    the row's height (the names were top-aligned beside centred boxes, rows of uneven heights)."""
    _, _, pairs, _ = made
    rows = meta_rows(pairs)
    wb = openpyxl.load_workbook(pairs)
    for sheet in {r[0] for r in rows if r[2] == "choice"}:
        ws = wb[sheet]
        table_rows = [int(r[1][1:]) for r in rows if r[2] == "choice" and r[0] == sheet]
        assert len({ws.row_dimensions[r].height for r in table_rows}) == 1
        for r in table_rows:
            assert {ws[f"{c}{r}"].alignment.vertical for c in "ABCDEFG"} == {"center"}, (sheet, r)


def test_the_cli_writes_the_pairs_layout(tmp_path, runner):
    done = invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "p"), "--experts", "2",
                  "--layout", "pairs")
    assert done.exit_code == 0, done.stderr
    assert "choice" in {r[2] for r in meta_rows(tmp_path / "p" / "expert-01.xlsx")}
    bad = invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "q"), "--experts", "2",
                 "--layout", "questions")
    assert bad.exit_code == 2 and "Traceback" not in bad.stderr


def test_the_same_answers_collect_alike_in_both_layouts(made):
    tmp, _, pairs, matrix = made
    answers = {"government": GOV[0], "market": INCONSISTENT}
    a = collect([str(fill(pairs, tmp / "a" / "pairs.xlsx", name="A", judgments=answers))], str(MINI)).experts[0]
    b = collect([str(fill(matrix, tmp / "b" / "matrix.xlsx", name="A", judgments=answers))], str(MINI)).experts[0]
    for lens in LENSES:
        assert dict(a.outcomes[lens].judgments) == pytest.approx(dict(b.outcomes[lens].judgments))
        assert a.outcomes[lens].status == b.outcomes[lens].status
        np.testing.assert_allclose(a.outcomes[lens].result.weights, b.outcomes[lens].result.weights)


def test_a_choice_without_an_intensity_is_read_as_blank_with_a_note(made):
    tmp, _, pairs, _ = made
    half = {("import_dependence", "patent_control"): ("import_dependence", None), **{
        k: v for k, v in CHAIN.items() if k != ("import_dependence", "patent_control")}}
    half[("import_dependence", "validation_cycle")] = 3
    out = fill(pairs, tmp / "half" / "half.xlsx", name="H", judgments={"government": half, "market": MARKET[0]})
    expert = collect([str(out)], str(MINI)).experts[0]
    government = expert.outcomes["government"]
    assert ("import_dependence", "patent_control") not in government.judgments
    assert government.status == "used"
    said = " ".join(expert.notes)
    assert "a choice but no intensity" in said, expert.notes


def test_a_choice_naming_no_criterion_rejects_the_lens_with_the_cell(made, runner):
    tmp, _, pairs, _ = made
    wrong = dict(GOV[1])
    wrong[("import_dependence", "patent_control")] = ("something else", 3)
    out = fill(pairs, tmp / "wrong" / "wrong.xlsx", name="W", judgments={"government": wrong, "market": MARKET[1]})
    expert = collect([str(out)], str(MINI)).experts[0]
    assert expert.outcomes["government"].status == "rejected"
    assert "something else" in expert.outcomes["government"].reason
    assert expert.outcomes["market"].status == "used"
    done = invoke(runner, "panel", "collect", str(out), "--case", str(MINI), "--weights-out",
                  str(tmp / "wrong" / "w.json"), "--on-inconsistent", "fail", "--force")
    assert done.exit_code == 0 and "Traceback" not in done.stderr


def test_no_collectable_expert_is_an_error_a_person_can_act_on(tmp_path, made, runner):
    _, _, pairs, _ = made
    done = invoke(runner, "panel", "collect", str(pairs), "--case", str(MINI), "--weights-out",
                  str(tmp_path / "w.json"))
    error_line(done, 1, "no lens has a used expert")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_answers_chosen_in_libreoffice_give_the_sheets_cr_equal_to_collects(made):
    """An expert chooses the criterion's Chinese name and an intensity in LibreOffice (typed as a
    drop-down enters it), LibreOffice computes the sheet; its priorities and CR equal collect's."""
    tmp, case, pairs, _ = made
    layout = layout_for(case, LENSES, True, form="pairs")
    names = {c.id: c.name("zh") for c in case.criteria}
    order = openpyxl.load_workbook(pairs).sheetnames
    answers = []
    for row in layout.meta_rows():
        if row.kind not in ("choice", "intensity"):
            continue
        judgment = {"government": GOV[3], "market": INCONSISTENT}[row.lens][(row.a, row.b)]
        strength = max(judgment, 1 / judgment)
        if row.kind == "choice":
            text = names[row.a] if judgment > 1 else names[row.b] if judgment < 1 else "同等重要"
        else:
            text = str(round(strength))
        answers.append(("enter", order.index(row.sheet), row.cell, text))
    out = lo_fill([(pairs, tmp / "lo" / "chosen.xlsx", answers)], tmp / "lo-run")[0]
    again = recalculate([out], tmp / "lo-again")[0]
    expert = collect([str(again)], str(MINI)).experts[0]
    wb = openpyxl.load_workbook(again, data_only=True)
    seen = {}
    for sheet, cell, kind, lens, a, _ in wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True):
        if kind in ("weight", "cr"):
            seen[(kind, lens, a)] = wb[sheet][cell].value
    for lens in LENSES:
        result = expert.outcomes[lens].result
        assert dict(expert.outcomes[lens].judgments) == pytest.approx(
            {"government": GOV[3], "market": INCONSISTENT}[lens])
        sheet_weights = [seen[("weight", lens, c)] for c in IDS]
        np.testing.assert_allclose(sheet_weights, result.weights, atol=1e-9)
        assert seen[("cr", lens, None)] == pytest.approx(result.cr, abs=1e-9)
    assert expert.outcomes["market"].status == "excluded"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_text_typed_as_an_intensity_marks_the_row_red_as_collect_rejects_it(made):
    """"abc" as an intensity is read as unreadable; the row was #VALUE! (INT of text), so neither
    red nor counted, and the verdict said no judgments were given. It is the red row the verdict
    names, with no nearest value, as collect rejects the lens."""
    tmp, case, pairs, _ = made
    layout = layout_for(case, LENSES, True, form="pairs")
    g = layout.geometry
    names = {c.id: c.name("zh") for c in case.criteria}
    order = openpyxl.load_workbook(pairs).sheetnames
    typed = {"choice": names[IDS[0]], "intensity": "abc"}
    answers = [("enter", order.index(row.sheet), row.cell, typed[row.kind]) for row in layout.meta_rows()
               if row.kind in typed and row.lens == "government" and (row.a, row.b) == IDS[:2]]
    out = lo_fill([(pairs, tmp / "lo" / "text-intensity.xlsx", answers)], tmp / "lo-text-run")[0]
    ws = openpyxl.load_workbook(out, data_only=True)[LENS_SHEETS["government"]]
    assert ws[g.work_cell("state", 0)].value == 2 and ws[g.flag_cell("bad_count")].value == 1
    verdict = ws[g.summary_cell("verdict")].value
    assert verdict.startswith("✗ 请修改红色行：") and f"填的是“{names[IDS[0]]} abc”" in verdict, verdict
    assert "最接近" not in verdict
    assert "Fix: choose both from the drop-downs" in collect([str(out)], str(MINI)).experts[0].outcomes[
        "government"].reason
