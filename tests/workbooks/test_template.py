"""``matrank panel template``: the expert workbook, its formulas' method, its _meta, the CLI."""

from __future__ import annotations

import itertools

import numpy as np
import openpyxl
import pytest
from conftest import invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from panel_helpers import MINI, mini_case, templates

from matrank.mcda.ahp import SAATY_SCALE, analyse, nearest_saaty, pairwise_matrix
from matrank.workbooks.layout import (EXPERT_SHEET, INSTRUCTIONS_SHEET, LENS_SHEETS, LISTS_SHEET, META_HEADER,
                                      META_SHEET, RATINGS_SHEET, SQUARINGS, TEMPLATE_VERSION, PairwiseGeometry,
                                      RatedIndicator, layout_for, rating_items)
from matrank.workbooks.template import CJK_FONT, FRACTION_FORMAT, LATIN_FONT, expert_file_names


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = templates(tmp_path_factory.mktemp("tpl"), 1)[0]
    return openpyxl.load_workbook(path)


def meta_rows(wb):
    return [tuple("" if v is None else v for v in row)
            for row in wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True)]


def test_sheets_in_order_with_meta_and_lists_hidden(workbook):
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, EXPERT_SHEET, LENS_SHEETS["government"],
                                   LENS_SHEETS["market"], RATINGS_SHEET, LISTS_SHEET, META_SHEET]
    assert workbook[META_SHEET].sheet_state == "hidden"
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    assert all(workbook[s].sheet_state == "visible" for s in workbook.sheetnames[:5])


def test_meta_is_the_layout_of_the_case(workbook):
    header = tuple(c.value for c in workbook[META_SHEET][1])
    assert header == META_HEADER
    layout = layout_for(mini_case(), ("government", "market"), True, expert_id="E01", round=1)
    assert meta_rows(workbook) == [row.cells() for row in layout.meta_rows()]
    head = {r[2]: r[4] for r in meta_rows(workbook)[:5]}
    case = mini_case()
    assert head == {"template_version": TEMPLATE_VERSION, "case": case.id,
                    "criteria_hash": case.criteria_hash, "lenses": "government,market", "ratings": "yes"}
    # the rows added since the first template version come last, so every earlier row keeps its place
    assert meta_rows(workbook)[-2:] == [("", "", "expert_id", "", "E01", ""), ("", "", "round", "", "1", "")]
    kinds = {r[2] for r in meta_rows(workbook)}
    assert kinds == {"template_version", "case", "criteria_hash", "lenses", "ratings", "name", "organisation",
                     "role", "pairwise", "weight", "cr", "worst_pair", "rating", "expert_id", "round"}
    pairs = [(r[3], r[4], r[5]) for r in meta_rows(workbook) if r[2] == "pairwise"]
    ids = case.criteria.ids
    assert pairs == [(lens, a, b) for lens in ("government", "market") for a, b in itertools.combinations(ids, 2)]


def test_judgment_cells_are_text_inputs_with_the_saaty_dropdown(workbook):
    ws = workbook[LENS_SHEETS["government"]]
    inputs = [r[1] for r in meta_rows(workbook) if r[2] == "pairwise" and r[3] == "government"]
    validations = ws.data_validations.dataValidation
    saaty = [dv for dv in validations if dv.formula1 == "matrank_saaty"]
    assert len(saaty) == 1 and saaty[0].type == "list" and saaty[0].showErrorMessage
    covered = {str(rng) for rng in saaty[0].sqref.ranges}
    assert covered == set(inputs)
    for cell in inputs:
        # text cells: Excel and LibreOffice both enter a drop-down value such as "1/3" as written
        # (a number list shows as 0.333333333333333 in LibreOffice; "1/3" typed into a number cell
        # becomes a date)
        assert ws[cell].number_format == "@"
        assert ws[cell].protection.locked is False
        assert ws[cell].value is None
    # the drop-down's source: the 17 scale values as fractions, in text cells
    lists = workbook[LISTS_SHEET]
    values = [lists.cell(row=k, column=1).value for k in range(1, 18)]
    assert values == ["9", "8", "7", "6", "5", "4", "3", "2", "1", "1/2", "1/3", "1/4", "1/5", "1/6", "1/7",
                      "1/8", "1/9"]
    assert [1 / float(v[2:]) if "/" in v else float(v) for v in values] == pytest.approx(list(SAATY_SCALE))
    assert workbook.defined_names["matrank_saaty"].attr_text == f"{LISTS_SHEET}!$A$1:$A$17"


def test_lower_triangle_is_reciprocal_formulas_and_only_inputs_are_unlocked(workbook):
    ws = workbook[LENS_SHEETS["market"]]
    g = PairwiseGeometry(4)
    parsed = g.parsed_cell(0, 1)          # D5 as the scale value the formulas use
    assert ws["C6"].value == f'=IF(ISNUMBER({parsed}),1/{parsed},"")'
    assert ws[g.work_cell("raw", 0)].value.startswith('=IF(ISNUMBER(D5),D5,IF(LEN(TRIM(D5&""))=0,"",')
    assert ws["C5"].value == 1
    assert ws.protection.sheet is True and not ws.protection.password
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if c.protection.locked is False}
    inputs = {r[1] for r in meta_rows(workbook) if r[2] == "pairwise" and r[3] == "market"}
    assert unlocked == inputs
    expert = workbook[EXPERT_SHEET]
    assert {c.coordinate for row in expert.iter_rows() for c in row if c.protection.locked is False} == \
        {"B4", "B5", "B6"}
    ratings = workbook[RATINGS_SHEET]
    rating_cells = {r[1] for r in meta_rows(workbook) if r[2] == "rating"}
    assert {c.coordinate for row in ratings.iter_rows() for c in row if c.protection.locked is False} == \
        rating_cells


def test_weight_and_cr_cells_are_formulas_with_cr_colours(workbook):
    ws = workbook[LENS_SHEETS["government"]]
    rows = meta_rows(workbook)
    for r in rows:
        if r[2] in ("weight", "cr", "worst_pair") and r[3] == "government":
            assert str(ws[r[1]].value).startswith("="), r
    cr_cell = next(r[1] for r in rows if r[2] == "cr" and r[3] == "government")
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules
             if str(cf.sqref) == cr_cell]
    formulas = sorted(rule.formula[0] for rule in rules)
    assert len(formulas) == 2
    assert any(">$C$" in f for f in formulas) and any("<=$C$" in f for f in formulas)
    fills = {rule.dxf.fill.fgColor.rgb[-6:] for rule in rules}
    assert fills == {"F4B6B6", "B7E1B0"}  # red above the threshold, green at or below


def test_fonts_are_named(tmp_path):
    wb = openpyxl.load_workbook(templates(tmp_path / "en", 1, lang="en")[0])
    assert wb[LENS_SHEETS["government"]]["B5"].font.name == LATIN_FONT
    wb = openpyxl.load_workbook(templates(tmp_path / "zh", 1, lang="zh")[0])
    assert wb[LENS_SHEETS["government"]]["B5"].font.name == CJK_FONT


def text_of(wb) -> str:
    return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row
                     if isinstance(c.value, str) and not c.value.startswith("="))


def test_languages(tmp_path):
    both = text_of(openpyxl.load_workbook(templates(tmp_path / "both", 1, lang="both")[0]))
    en = text_of(openpyxl.load_workbook(templates(tmp_path / "en", 1, lang="en")[0]))
    zh = text_of(openpyxl.load_workbook(templates(tmp_path / "zh", 1, lang="zh")[0]))
    for text in ("Saaty's 1–9 scale", "extreme importance", "Technology supplier", "consistency ratio CR"):
        assert text in both and text in en and text not in zh
    for text in ("极端重要", "技术供给方", "一致性比率 CR"):
        assert text in both and text in zh and text not in en


def test_one_lens_only(tmp_path):
    wb = openpyxl.load_workbook(templates(tmp_path, 1, lenses=("market",), ratings=False)[0])
    assert LENS_SHEETS["government"] not in wb.sheetnames and RATINGS_SHEET not in wb.sheetnames
    rows = meta_rows(wb)
    assert {r[3] for r in rows if r[2] == "pairwise"} == {"market"}
    assert ("", "", "lenses", "", "market", "") in rows and ("", "", "ratings", "", "no", "") in rows


def test_file_names():
    assert expert_file_names(3) == ["expert-01.xlsx", "expert-02.xlsx", "expert-03.xlsx"]
    assert expert_file_names(120)[0] == "expert-001.xlsx"


# --------------------------------------------------------------- the ratings mapping

RATED_CASE = MINI.read_text(encoding="utf-8").replace(
    "domestic_rate: {value: 0.2, source: s002, quote: \"约80%依赖进口\"}",
    "domestic_rate: {value: 0.2, estimate: true, low: 0.1, high: 0.4, basis: test, source: s002, "
    "quote: \"约80%依赖进口\"}")


def test_rating_items_are_the_estimates_with_a_range_oriented_by_the_criterion(tmp_path):
    path = tmp_path / "rated.yaml"
    path.write_text(RATED_CASE, encoding="utf-8")
    from matrank.casefiles import load_case
    items = {(i.material, i.criterion): i for i in rating_items(load_case(str(path)))}
    assert set(items) == {("sic", "import_dependence"), ("sic", "patent_control"),
                          ("sic", "validation_cycle"), ("sic", "market_pull")}
    dom = items[("sic", "import_dependence")].indicators[0]
    assert dom.name == "domestic_rate" and dom.rising is False
    # 9 = the highest import dependence = the lowest domestic rate
    assert dom.value_at(9) == pytest.approx(0.1) and dom.value_at(1) == pytest.approx(0.4)
    years = items[("sic", "validation_cycle")].indicators[0]
    assert years.rising is True
    assert years.value_at(1) == 2 and years.value_at(9) == 5 and years.value_at(5) == pytest.approx(3.5)


@given(st.floats(0, 100), st.floats(0.01, 100), st.booleans(), st.floats(1, 9))
def test_rating_maps_within_the_range_and_back(low, width, rising, rating):
    ind = RatedIndicator("x", low, low, low + width, rising)
    value = ind.value_at(rating)
    assert low - 1e-9 <= value <= low + width + 1e-9
    assert ind.rating_of(value) == pytest.approx(rating, abs=1e-6)


# --------------------------------------------------------------- the formulas' method

def squared_power_method(a: np.ndarray) -> np.ndarray:
    """What the workbook's formulas compute: Harker's B, squared SQUARINGS times with
    normalisation by the previous block's sum, then normalised row sums."""
    missing = np.isnan(a)
    b = np.where(missing, 0.0, a)
    np.fill_diagonal(b, 1.0 + missing.sum(axis=1))
    p = b
    for _ in range(SQUARINGS):
        p = (p @ p) / p.sum() ** 2
    w = p.sum(axis=1)
    return w / w.sum()


@st.composite
def connected_matrices(draw):
    n = draw(st.integers(3, 15))
    a = np.full((n, n), np.nan)
    np.fill_diagonal(a, 1.0)
    order = draw(st.permutations(range(n)))
    for k in range(n - 1):                      # a random spanning chain keeps it connected
        a[order[k], order[k + 1]] = draw(st.sampled_from(SAATY_SCALE))
    for i, j in itertools.combinations(range(n), 2):
        if np.isnan(a[i, j]) and np.isnan(a[j, i]) and draw(st.booleans()):
            a[i, j] = draw(st.sampled_from(SAATY_SCALE))
    return pairwise_matrix([str(k) for k in range(n)], a)


@settings(max_examples=150, deadline=None)
@given(connected_matrices())
def test_the_workbook_power_method_equals_the_eigenvector(pm):
    # The formulas square Harker's matrix SQUARINGS times; that must reach numpy's
    # eigenvector (to better than the 1e-3 the issue asks), complete or not, up to n = 15.
    # Most matrices agree to 1e-9; the slowest, a lone chain of extreme judgments, to 1e-4.
    expected = analyse(pm).weights
    np.testing.assert_allclose(squared_power_method(pm.values), expected, atol=2e-4)


def test_the_slowest_matrix_still_converges_within_the_bar():
    """A chain of 9s through 15 criteria (weights from 0.89 down to 10^-13) is where the
    power method converges slowest: B^4096 is still within 1e-4 of the eigenvector."""
    a = np.full((15, 15), np.nan)
    np.fill_diagonal(a, 1.0)
    for k in range(14):
        a[k, k + 1] = 9.0
    pm = pairwise_matrix([str(k) for k in range(15)], a)
    gap = np.abs(squared_power_method(pm.values) - analyse(pm).weights).max()
    assert gap < 1e-4


@given(st.floats(1 / 9.5, 9.5))
def test_nearest_scale_rule_of_the_formula_matches_nearest_saaty(x):
    # The suggested-value formula: for x ≥ 1, k = INT(x), k + 1 when x ≥ √(k(k+1)), capped at 9;
    # 1/that of 1/x below 1.
    def formula(y):
        if y >= 9:
            return 9
        k = int(y)
        return k + 1 if y >= (k * (k + 1)) ** 0.5 else k
    got = formula(x) if x >= 1 else 1 / formula(1 / x)
    assert got == pytest.approx(nearest_saaty(x))


# --------------------------------------------------------------- the CLI

def test_cli_writes_the_workbooks(runner, tmp_path):
    out = tmp_path / "panel"
    result = invoke(runner, "panel", "template", str(MINI), "-o", str(out), "--experts", "3", "--ratings")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["expert-01.xlsx", "expert-02.xlsx", "expert-03.xlsx"]
    assert "wrote 3 workbooks for case mini" in result.stderr


def test_cli_refuses_to_overwrite_without_force(runner, tmp_path):
    out = tmp_path / "panel"
    assert invoke(runner, "panel", "template", str(MINI), "-o", str(out), "--experts", "2").exit_code == 0
    result = invoke(runner, "panel", "template", str(MINI), "-o", str(out), "--experts", "2")
    assert result.exit_code == 1
    assert "expert-01.xlsx: already exists; pass --force" in result.stderr
    assert "Traceback" not in result.output
    assert invoke(runner, "panel", "template", str(MINI), "-o", str(out), "--experts", "2",
                  "--force").exit_code == 0


@pytest.mark.parametrize("args, code, message", [
    (["--experts", "0"], 2, "Invalid value for '--experts'"),
    (["--experts", "2", "--lens", "both-ways"], 2, "Invalid value for '--lens'"),
    (["--experts", "2", "--lang", "fr"], 2, "Invalid value for '--lang'"),
])
def test_cli_usage_errors(runner, tmp_path, args, code, message):
    result = invoke(runner, "panel", "template", str(MINI), "-o", str(tmp_path / "p"), *args)
    assert result.exit_code == code and message in result.output


def test_cli_input_and_output_errors(runner, tmp_path):
    result = invoke(runner, "panel", "template", "no-such-case", "-o", str(tmp_path / "p"), "--experts", "1")
    assert result.exit_code == 1 and "unknown case 'no-such-case'" in result.stderr
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    result = invoke(runner, "panel", "template", str(MINI), "-o", str(a_file), "--experts", "1")
    assert result.exit_code == 2 and "is a file" in result.stderr
    no_estimates = tmp_path / "plain.yaml"
    text = MINI.read_text(encoding="utf-8")
    for line in ("foreign_core_patent_share: {value: 0.7, estimate: true, low: 0.55, high: 0.85, basis: test}",
                 "validation_years: {value: 3, estimate: true, low: 2, high: 5, basis: test}",
                 "market_pull_rating: {value: 8, estimate: true, low: 7, high: 9, basis: test}"):
        assert line in text
        text = text.replace(line, line.split(":")[0] + ": 1" if "rating" in line else line.split(":")[0] + ": 0.5")
    no_estimates.write_text(text, encoding="utf-8")
    result = invoke(runner, "panel", "template", str(no_estimates), "-o", str(tmp_path / "q"), "--experts", "1",
                    "--ratings")
    assert result.exit_code == 1 and "has no estimated values with a range to rate" in result.stderr
    assert not (tmp_path / "q" / "expert-01.xlsx").exists()


@pytest.mark.parametrize("command", [["panel"], ["panel", "template"], ["panel", "collect"]])
def test_help_has_an_example(runner, command):
    result = invoke(runner, *command, "--help")
    assert result.exit_code == 0
    assert "matrank panel" in result.output
