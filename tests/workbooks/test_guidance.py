"""Guidance that helps (issue 13, item 5): what the other judgments imply for a pair is Harker's
completion without it; the pairs to reconsider are ranked by one rule with one tie-break, in
collect and on the sheet; the sheet flags what collect rejects and names the pair that would link
unlinked criteria. The sheet side runs in headless LibreOffice, filled as an expert fills it."""

from __future__ import annotations

import itertools
import math

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from panel_helpers import IDS, MINI, mini_case, templates
from workbook_lo import SOFFICE, lo_fill

from matrank.mcda.ahp import SAATY_SCALE, analyse, from_judgments, nearest_saaty, pairwise_matrix
from matrank.mcda.guidance import implied_without, pairs_to_reconsider, ranked_pairs
from matrank.workbooks.collect import collect
from matrank.workbooks.layout import LENS_SHEETS, layout_for

needs_lo = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def harker_by_hand(a: np.ndarray) -> np.ndarray:
    """Harker (1987) written out: B = A with 0 for missing, 1 + missing count on the diagonal;
    the principal eigenvector of B by numpy's general eigen solver."""
    missing = np.isnan(a)
    b = np.where(missing, 0.0, a)
    np.fill_diagonal(b, 1.0 + missing.sum(axis=1))
    vals, vecs = np.linalg.eig(b)
    w = np.abs(vecs[:, np.argmax(vals.real)].real)
    return w / w.sum()


def test_the_issue_example_kind_the_others_alone_imply_much_less():
    """A judgment of 5 that the five others contradict: the full priorities' ratio, which
    includes the 5 itself, stays near 1; the others alone imply far less, and using the latter's
    scale value lowers CR far more."""
    ids = IDS
    # patent control over validation cycle 1/5, against the chain through import dependence (3 · 3 = 9)
    judged = {("import_dependence", "patent_control"): 1 / 3, ("import_dependence", "validation_cycle"): 3,
              ("import_dependence", "market_pull"): 1, ("patent_control", "validation_cycle"): 1 / 5,
              ("patent_control", "market_pull"): 3, ("validation_cycle", "market_pull"): 1 / 3}
    pm = from_judgments(ids, judged)
    result = analyse(pm)
    top = pairs_to_reconsider(pm, result.weights)[0]
    assert (top.a, top.b) == ("patent_control", "validation_cycle")
    full_ratio = result.weights[1] / result.weights[2]
    a = pm.values.copy()
    a[1, 2] = a[2, 1] = np.nan
    w = harker_by_hand(a)
    assert top.implied == pytest.approx(w[1] / w[2], rel=1e-9)
    assert abs(math.log(top.implied) - math.log(1 / 5)) > abs(math.log(full_ratio) - math.log(1 / 5))
    fixed_by_implied = analyse(from_judgments(ids, {**judged, ("patent_control", "validation_cycle"): top.suggested}))
    fixed_by_ratio = analyse(from_judgments(ids, {**judged, ("patent_control", "validation_cycle"):
                                                  nearest_saaty(full_ratio)}))
    assert fixed_by_implied.cr < fixed_by_ratio.cr
    assert fixed_by_implied.consistent


@st.composite
def judged_matrices(draw):
    n = draw(st.integers(3, 7))
    a = np.full((n, n), np.nan)
    np.fill_diagonal(a, 1.0)
    for i, j in itertools.combinations(range(n), 2):
        if draw(st.integers(0, 4)):
            a[i, j] = draw(st.sampled_from(SAATY_SCALE))
            a[j, i] = 1 / a[i, j]
    return a


@settings(max_examples=80, deadline=None)
@given(judged_matrices())
def test_implied_without_is_harker_without_the_judgment(a):
    pm = pairwise_matrix([str(k) for k in range(len(a))], a)
    for i, j in itertools.combinations(range(len(a)), 2):
        if np.isnan(a[i, j]):
            continue
        got = implied_without(pm, i, j)
        without = a.copy()
        without[i, j] = without[j, i] = np.nan
        linked = _linked(~np.isnan(without))
        if not linked:
            assert got is None
            continue
        w = harker_by_hand(without)
        assert got == pytest.approx(w[i] / w[j], rel=1e-8)


def _linked(known: np.ndarray) -> bool:
    n = known.shape[0]
    reach = {0}
    frontier = [0]
    while frontier:
        k = frontier.pop()
        for m in np.flatnonzero(known[k]):
            if int(m) not in reach:
                reach.add(int(m))
                frontier.append(int(m))
    return len(reach) == n


def test_ties_go_to_the_pair_that_comes_first_row_by_row():
    # a cycle of four equal judgments: the four cycle pairs depart equally in exact arithmetic
    ids = IDS
    judged = {(ids[0], ids[1]): 2, (ids[1], ids[2]): 2, (ids[2], ids[3]): 2, (ids[0], ids[3]): 1 / 2,
              (ids[0], ids[2]): 1, (ids[1], ids[3]): 1}
    pm = from_judgments(ids, judged)
    ranked = ranked_pairs(pm, analyse(pm).weights)
    spreads = [round(max(e, 1 / e), 9) for _, _, e in ranked]
    assert spreads[0] == spreads[1]                              # a real tie
    assert [(i, j) for i, j, _ in ranked[:2]] == sorted((i, j) for i, j, _ in ranked[:2])


def test_a_judgment_the_others_do_not_link_falls_back_to_the_priorities():
    ids = IDS
    pm = from_judgments(ids, {(ids[0], ids[1]): 3, (ids[1], ids[2]): 2, (ids[2], ids[3]): 5, (ids[0], ids[2]): 1 / 2})
    w = analyse(pm).weights
    assert implied_without(pm, 2, 3) is None                    # the bridge to market_pull
    for p in pairs_to_reconsider(pm, w, top=6):
        i, j = ids.index(p.a), ids.index(p.b)
        if (i, j) == (2, 3):
            assert p.implied == pytest.approx(w[2] / w[3])


# --------------------------------------------------------------- the sheet, in LibreOffice

CYCLE = {(IDS[0], IDS[1]): "2", (IDS[1], IDS[2]): "2", (IDS[2], IDS[3]): "2", (IDS[0], IDS[3]): "1/2",
         (IDS[0], IDS[2]): "1", (IDS[1], IDS[3]): "1"}
STRONG = {(IDS[0], IDS[1]): "1/3", (IDS[0], IDS[2]): "3", (IDS[0], IDS[3]): "1", (IDS[1], IDS[2]): "1/5",
          (IDS[1], IDS[3]): "3", (IDS[2], IDS[3]): "1/3"}


def typed(layout, lens: str, answers: dict) -> list[tuple]:
    """LibreOffice answers for a lens of a matrix workbook: sheet index, cell, text."""
    index = {lens_name: 2 + k for k, lens_name in enumerate(layout.lenses)}[lens]
    g, ids = layout.geometry, layout.criteria
    return [("enter", index, g.cell(ids.index(a), ids.index(b)), v) for (a, b), v in answers.items()]


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("guidance")
    tpl = templates(tmp / "tpl", 1, ratings=False)[0]
    layout = layout_for(mini_case(), ("government", "market"), False, expert_id="E01", round=1)
    government, market = 2, 3                                    # the sheet indexes of the two lenses
    pasted = typed(layout, "market", {(IDS[0], IDS[1]): "3"}) + [
        ("value", market, layout.geometry.cell(0, 2), 10), ("string", market, layout.geometry.cell(0, 3), "1/10")]
    jobs = {
        "cycle": typed(layout, "government", CYCLE) + typed(layout, "market", STRONG),
        "pasted": typed(layout, "government", {(IDS[0], IDS[1]): "2", (IDS[1], IDS[2]): "abc"}) + pasted,
        "apart": typed(layout, "government", {(IDS[0], IDS[1]): "2", (IDS[2], IDS[3]): "3"})
        + typed(layout, "market", {(IDS[1], IDS[3]): "1/4"}),
        # 0 pasted as a number, -1/3 typed as text: neither has a nearest scale value
        "zero": typed(layout, "government", {(IDS[0], IDS[1]): "2"})
        + [("value", government, layout.geometry.cell(1, 2), 0)] + typed(layout, "market", {(IDS[0], IDS[1]): "-1/3"}),
    }
    outputs = lo_fill([(tpl, tmp / "lo" / f"{name}.xlsx", answers) for name, answers in jobs.items()], tmp / "run")
    return layout, dict(zip(jobs, outputs))


def sheet_of(path, lens):
    return openpyxl.load_workbook(path, data_only=True)[LENS_SHEETS[lens]]


@needs_lo
def test_on_a_tie_the_sheet_and_collect_name_the_same_pairs(sheets):
    layout, files = sheets
    g = layout.geometry
    expert = collect([str(files["cycle"])], str(MINI)).experts[0]
    names = {c.id: c.name("both") for c in mini_case().criteria}
    for lens in ("government", "market"):
        result = expert.outcomes[lens].result
        assert not result.consistent, lens
        ws = sheet_of(files["cycle"], lens)
        assert [ws[g.summary_cell("worst", t)].value for t in (1, 2, 3)] == [
            f"{names[p.a]} ↔ {names[p.b]}" for p in expert.outcomes[lens].reconsider]
        for t, p in enumerate(expert.outcomes[lens].reconsider, start=1):
            assert ws[g.summary_cell("implied", t)].value == pytest.approx(p.implied, rel=1e-6)
        assert "too inconsistent" in ws[f"D{g.summary('cr')}"].value
        assert "Reconsider the pairs marked orange" in ws[g.summary_cell("verdict")].value
        # the orange marks follow the rank column of the working (their conditional format's source)
        ranks = [ws[g.work_cell("rank", k)].value for k in range(len(g.pairs))]
        marked = sorted(k for k, r in enumerate(ranks) if 1 <= r <= 3)
        assert marked == sorted(g.pair_index(IDS.index(p.a), IDS.index(p.b)) for p in expert.outcomes[lens].reconsider)


@needs_lo
def test_a_value_pasted_past_the_drop_down_is_flagged_as_collect_rejects_it(sheets):
    layout, files = sheets
    g = layout.geometry
    expert = collect([str(files["pasted"])], str(MINI)).experts[0]
    for lens in ("government", "market"):
        assert expert.outcomes[lens].status == "rejected"
        ws = sheet_of(files["pasted"], lens)
        assert ws[g.cr_cell].value is None and ws[g.weight_cell(0)].value is None
        assert ws[g.summary_cell("worst")].value is None
        assert "cannot be used" in ws[f"D{g.summary('cr')}"].value
    market = sheet_of(files["pasted"], "market")
    states = [market[g.work_cell("state", k)].value for k in range(len(g.pairs))]
    assert states[:3] == [1, 2, 2]                               # 3 used; 10 and 1/10 red
    verdict = market[g.summary_cell("verdict")].value
    assert "holds 10, which is not a value of Saaty's scale. Choose 9 (the nearest)" in verdict
    assert market[g.cell(0, 3)].value == "1/10"                  # shown as typed, not as "1/9"
    assert "found 10" in expert.outcomes["market"].reason and "found 1/10" in expert.outcomes["market"].reason
    government = sheet_of(files["pasted"], "government")
    assert "holds “abc”" in government[g.summary_cell("verdict")].value


@needs_lo
def test_text_in_a_judgment_cell_has_no_nearest_value_only_the_drop_down(sheets):
    """"abc" is no number, so no scale value is nearest to it: the verdict says the cell holds text
    and to choose from the drop-down, as collect's fix says, with no blank where a value would be."""
    layout, files = sheets
    g = layout.geometry
    verdict = sheet_of(files["pasted"], "government")[g.summary_cell("verdict")].value
    assert "(the nearest)" not in verdict and "（最接近的值）" not in verdict, verdict
    assert "Choose  " not in verdict and "选择 （" not in verdict, verdict
    assert "holds “abc”, text that is not a judgment. Choose a value from the drop-down." in verdict
    assert "填的是“abc”，是文字，不是判断值。请从下拉列表中选择一个值。" in verdict, verdict
    # nor is it counted among the judgments "typed as text and read as numbers"
    assert "typed as text" not in sheet_of(files["pasted"], "government")[f"D{g.summary('judgments')}"].value
    expert = collect([str(files["pasted"])], str(MINI)).experts[0]
    reason = expert.outcomes["government"].reason
    assert "not a judgment" in reason and "Fix: choose from the drop-down" in reason, reason
    assert not any("typed as text" in n for n in expert.notes)


@needs_lo
def test_a_number_at_or_below_zero_has_no_nearest_value_only_the_drop_down(sheets):
    """0 or -1/3 is a number but on no side of the scale: the verdict keeps "not a value of Saaty's
    scale" and, as collect's fix, sends the expert to the drop-down, naming no nearest value."""
    layout, files = sheets
    g = layout.geometry
    expert = collect([str(files["zero"])], str(MINI)).experts[0]
    for lens, found in (("government", "0"), ("market", "-1/3")):
        assert expert.outcomes[lens].status == "rejected"
        assert "Fix: choose from the drop-down" in expert.outcomes[lens].reason
        verdict = sheet_of(files["zero"], lens)[g.summary_cell("verdict")].value
        assert (f"holds {found}, which is not a value of Saaty's scale. Choose a value from the drop-down."
                in verdict), verdict
        assert f"填的是 {found}，不是 Saaty 标度中的值。请从下拉列表中选择一个值。" in verdict
        assert "nearest" not in verdict and "最接近" not in verdict, verdict


@needs_lo
def test_unlinked_judgments_name_the_pair_that_links_them_as_collect_does(sheets):
    layout, files = sheets
    g = layout.geometry
    expert = collect([str(files["apart"])], str(MINI)).experts[0]
    names = {c.id: c.name("both") for c in mini_case().criteria}
    for lens in ("government", "market"):
        reason = expert.outcomes[lens].reason
        assert "too few judgments to connect the criteria" in reason
        a, b = reason.split("Fix: compare one element of each group with another group, e.g. ")[1].split(" vs ")
        verdict = sheet_of(files["apart"], lens)[g.summary_cell("verdict")].value
        assert f"Compare {names[a]} with {names[b.strip()]}." in verdict, verdict


@needs_lo
def test_a_typed_fraction_is_read_as_the_drop_down_enters_it(sheets):
    layout, files = sheets
    wb = openpyxl.load_workbook(files["cycle"])
    cell = wb[LENS_SHEETS["government"]][layout.geometry.cell(0, 3)]
    assert cell.value == "1/2" and cell.data_type == "s"          # text, never a date
    expert = collect([str(files["cycle"])], str(MINI)).experts[0]
    assert not any("typed as text" in n for n in expert.notes)
