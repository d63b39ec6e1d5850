"""A real spreadsheet client: headless LibreOffice recalculates filled templates, and the
workbook's own weight, CR, most-inconsistent-pair and suggested-value cells must equal what
``matrank panel collect`` computes in Python. Skipped when ``soffice`` is absent."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import openpyxl
import pytest
from panel_helpers import CHAIN, GOV, INCONSISTENT, MARKET, MINI, fill, templates

from matrank.casefiles import load_case
from matrank.workbooks.collect import collect
from matrank.workbooks.layout import META_SHEET, layout_for

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
TOLERANCE = 1e-3          # the bar; the formulas actually agree to ~1e-12


def five_criteria_case(tmp_path):
    """The mini case with a fifth, case-defined criterion (n = 5 exercises the general layout)."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("weights:\n", "criteria:\n  - {id: recyclability, name: {zh: 可回收性, en: Recyclability}, "
                                      "unit: fraction, kind: fraction, government: benefit, market: cost}\n"
                                      "weights:\n", 1)
    text = text.replace("      - {a: validation_cycle, b: market_pull, value: 2}\n",
                        "      - {a: validation_cycle, b: market_pull, value: 2}\n"
                        "      - {a: market_pull, b: recyclability, value: 3}\n")
    text = text.replace("market_pull: 0.4}", "market_pull: 0.3, recyclability: 0.1}")
    text = re.sub(r"(\n      market_pull_rating: [^\n]*)", r"\1\n      recyclability: 0.5", text)
    path = tmp_path / "five.yaml"
    path.write_text(text, encoding="utf-8")
    return path


FIVE_GOV = {("import_dependence", "patent_control"): 3, ("import_dependence", "validation_cycle"): 5,
            ("import_dependence", "market_pull"): 1 / 3, ("import_dependence", "recyclability"): 7,
            ("patent_control", "validation_cycle"): 2, ("patent_control", "market_pull"): 1 / 5,
            ("validation_cycle", "market_pull"): 1 / 7, ("validation_cycle", "recyclability"): 2,
            ("market_pull", "recyclability"): 9}          # patent_control vs recyclability left blank
FIVE_MARKET = {("import_dependence", "patent_control"): 1 / 2, ("patent_control", "validation_cycle"): 4,
               ("validation_cycle", "market_pull"): 1 / 6, ("market_pull", "recyclability"): 8,
               ("import_dependence", "recyclability"): 1 / 9}   # a loop of strong judgments


#: A judgment of 1/3 and one of 3 typed as text (with stray spaces), the rest numbers; CR well
#: above zero, so that a sheet which skipped the text cells would disagree.
TYPED_AS_TEXT = {("import_dependence", "patent_control"): " 1 / 3", ("import_dependence", "validation_cycle"): "3",
                 ("import_dependence", "market_pull"): 5, ("patent_control", "validation_cycle"): 2,
                 ("patent_control", "market_pull"): 1, ("validation_cycle", "market_pull"): 1 / 2}


def recalculate(files, tmp_path):
    out = tmp_path / "recalculated"
    out.mkdir()
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                           "--convert-to", "xlsx", "--outdir", str(out), *map(str, files)],
                          capture_output=True, text=True, timeout=300)
    # soffice exits 0 even when a file fails to load: every output must exist
    missing = [f.name for f in files if not (out / f.name).is_file()]
    assert not missing, f"LibreOffice wrote no {missing}: {done.stdout} {done.stderr}"
    return [out / f.name for f in files]


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lo")
    mini = load_case(str(MINI))
    five_path = five_criteria_case(tmp)
    five = load_case(str(five_path))
    mini_tpl = templates(tmp / "tpl-mini", 1, case=mini, lang="both")[0]
    five_tpl = templates(tmp / "tpl-five", 1, case=five, lang="en", ratings=False)[0]
    filled = tmp / "filled"
    files = [
        (mini, fill(mini_tpl, filled / "complete.xlsx", name="A", judgments={"government": GOV[0],
                                                                             "market": MARKET[1]})),
        (mini, fill(mini_tpl, filled / "harker-and-red.xlsx", name="B",
                    judgments={"government": CHAIN, "market": INCONSISTENT})),
        (mini, fill(mini_tpl, filled / "one-lens-blank.xlsx", name="C", judgments={"government": GOV[2]})),
        (five, fill(five_tpl, filled / "five.xlsx", name="D",
                    judgments={"government": FIVE_GOV, "market": FIVE_MARKET})),
        # judgments typed as text: the sheet must read them as collection does
        (mini, fill(mini_tpl, filled / "typed-as-text.xlsx", name="E",
                    judgments={"government": TYPED_AS_TEXT, "market": MARKET[0]})),
    ]
    outputs = recalculate([f for _, f in files], tmp)
    return [(case, path, out, five_path if case is five else MINI) for (case, path), out in zip(files, outputs)]


def cells(path, kind):
    """{(lens, a): value} of the _meta rows of ``kind``, as LibreOffice computed them."""
    wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for sheet, cell, k, lens, a, _ in wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True):
        if k == kind:
            out[(lens, a)] = wb[sheet][cell].value
    return out, wb


def test_weights_and_cr_cells_equal_the_python_values(panel):
    for case, filled, recalculated, case_path in panel:
        expert = collect([str(filled)], str(case_path)).experts[0]
        weights, _ = cells(recalculated, "weight")
        crs, _ = cells(recalculated, "cr")
        for lens in ("government", "market"):
            outcome = expert.outcomes[lens]
            if outcome.result is None:      # a blank lens: the sheet shows no weights either
                assert all(weights[(lens, c)] is None for c in case.criteria.ids), filled.name
                assert crs[(lens, None)] is None
                continue
            sheet = np.array([weights[(lens, c)] for c in case.criteria.ids], dtype=float)
            np.testing.assert_allclose(sheet, outcome.result.weights, atol=TOLERANCE,
                                       err_msg=f"{filled.name} {lens}")
            np.testing.assert_allclose(sheet, outcome.result.weights, atol=1e-9)
            assert crs[(lens, None)] == pytest.approx(outcome.result.cr, abs=TOLERANCE), (filled.name, lens)


def test_the_pairs_to_reconsider_and_what_the_others_imply(panel):
    """Shown only while CR is red: the sheet's top three pairs, in order (the same rounding and
    tie-break as collect), each with the judgment, what the other judgments alone imply (Harker
    without it) and the nearest scale value, equal to collect's."""
    checked = 0
    for case, filled, recalculated, case_path in panel:
        expert = collect([str(filled)], str(case_path)).experts[0]
        _, wb = cells(recalculated, "worst_pair")
        lang = "both" if case_path == MINI else "en"
        names = {c.id: c.name(lang) for c in case.criteria}
        layout = layout_for(case, ("government", "market"), False)
        g = layout.geometry
        for lens in ("government", "market"):
            result = expert.outcomes[lens].result
            if result is None:
                continue
            sheet = wb[[r.sheet for r in layout.meta_rows() if r.lens == lens][0]]
            shown = [sheet[g.summary_cell("worst", t)].value for t in (1, 2, 3)]
            if result.consistent:
                assert shown == [None, None, None], (filled.name, lens)
                continue
            pairs = expert.outcomes[lens].reconsider
            assert shown == [f"{names[p.a]} ↔ {names[p.b]}" for p in pairs] + [None] * (3 - len(pairs))
            for t, p in enumerate(pairs, start=1):
                assert sheet[g.summary_cell("now", t)].value == pytest.approx(p.value)
                assert sheet[g.summary_cell("implied", t)].value == pytest.approx(p.implied, rel=1e-6)
                assert sheet[g.summary_cell("suggested", t)].value == pytest.approx(p.suggested)
                checked += 1
    assert checked >= 3


def test_the_cr_status_reads_red_above_the_threshold(panel):
    _, _, recalculated, _ = panel[1]                  # market: a loop of strong judgments
    crs, wb = cells(recalculated, "cr")
    assert crs[("market", None)] > 0.1
    layout = layout_for(load_case(str(MINI)), ("government", "market"), True)
    g = layout.geometry
    market = wb[[r.sheet for r in layout.meta_rows() if r.lens == "market"][0]]
    assert "too inconsistent" in market[f"D{g.summary('cr')}"].value
    government = wb[[r.sheet for r in layout.meta_rows() if r.lens == "government"][0]]
    assert "consistent" in government[f"D{g.summary('cr')}"].value
    assert government[g.summary_cell("judgments")].value == 3      # the chain: 3 of 6 pairs


def test_workbooks_saved_by_libreoffice_collect_the_same(panel):
    for case, filled, recalculated, case_path in panel:
        before = collect([str(filled)], str(case_path)).experts[0]
        after = collect([str(recalculated)], str(case_path)).experts[0]
        assert after.status == before.status and after.reason == before.reason, after.reason
        assert after.name == before.name
        for lens, outcome in before.outcomes.items():
            assert after.outcomes[lens].status == outcome.status
            if outcome.result is not None:
                np.testing.assert_allclose(after.outcomes[lens].result.weights, outcome.result.weights)


def test_judgments_typed_as_text_are_read_and_said(panel):
    case, filled, recalculated, _ = panel[4]
    expert = collect([str(filled)], str(MINI)).experts[0]
    assert any("typed as text" in note for note in expert.notes), expert.notes
    layout = layout_for(case, ("government", "market"), True)
    g = layout.geometry
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    government = wb[[r.sheet for r in layout.meta_rows() if r.lens == "government"][0]]
    assert government[g.summary_cell("judgments")].value == 6
    assert "typed as text" in government[f"D{g.summary('judgments')}"].value
    assert expert.outcomes["government"].result.cr > 0.01
    market = wb[[r.sheet for r in layout.meta_rows() if r.lens == "market"][0]]
    assert "typed as text" not in market[f"D{g.summary('judgments')}"].value
