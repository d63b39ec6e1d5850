"""Issue 13's round trip in a real spreadsheet app, from the command line as an analyst runs it:

experts files → ``panel template`` (matrix and pairs layouts) → each workbook answered in
LibreOffice (typed and chosen as an expert does) → ``panel collect`` → ``panel feedback`` → round 2
answered in LibreOffice (one expert keeps every answer, one saves as .ods) → ``panel collect
--previous``.

Checked: every expert of both rounds accounted for; the sheet's own CR, priorities, pairs to
reconsider and what the others imply, as LibreOffice computes them, equal collect's; the group
cells equal the geometric mean of the used experts' judgments computed here; the convergence
figures equal the computation in ``convergence_by_hand``.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner
from conftest import invoke
from convergence_by_hand import eigen_weights, goepel, iqr_linear, w_loop
from panel_helpers import IDS, INCONSISTENT, MINI, from_weights, mini_case
from workbook_lo import SOFFICE, lo_fill

from matrank.mcda.ahp import format_judgment
from matrank.model import LENSES
from matrank.workbooks.collect import collect
from matrank.workbooks.layout import META_SHEET, layout_for

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

#: expert id → (layout, workbook language, round-1 government weights); market: the same turned.
EXPERTS = {
    "M1": ("matrix", "both", [6, 3, 2, 1]),
    "M2": ("matrix", "both", [1, 5, 2, 1]),
    "M3": ("matrix", "both", None),              # government: a cycle of 9s (excluded, CR ≫ 0.1)
    "P1": ("pairs", "zh", [3, 1, 1, 5]),
    "P2": ("pairs", "zh", [4, 2, 3, 1]),
    "P3": ("pairs", "zh", [2, 2, 1, 1]),
}
NAMES = {"M1": "李伟", "M2": "王芳", "M3": "Zhang Qiang", "P1": "陈静", "P2": "刘洋", "P3": "Sun Li"}
#: round 2: who answers again, and with what (government weights); P3 keeps every answer.
ROUND2 = {"M1": [4, 3, 2, 1.2], "M2": [2, 4, 2, 1], "M3": [4, 2, 2, 1], "P1": [3, 2, 1.5, 3], "P2": [4, 2.5, 2.5, 1]}
ODS = "P2"


def turned(weights):
    return list(weights[2:]) + list(weights[:2])


def judgments(expert: str, round_: int) -> dict[str, dict]:
    weights = (ROUND2 if round_ == 2 else {k: v[2] for k, v in EXPERTS.items()}).get(expert)
    if weights is None and round_ == 1:
        return {"government": INCONSISTENT, "market": from_weights([1, 1, 2, 5])}
    return {"government": from_weights(weights), "market": from_weights(turned(weights))}


def matrix_of(given: dict) -> np.ndarray:
    a = np.ones((len(IDS), len(IDS)))
    for (x, y), v in given.items():
        a[IDS.index(x), IDS.index(y)], a[IDS.index(y), IDS.index(x)] = v, 1 / v
    return a


def typed(path: Path, given: dict[str, dict]) -> list[tuple]:
    """The answers as an expert gives them in LibreOffice: a matrix cell typed as the drop-down
    enters it ("1/3"), or the criterion's name chosen and an intensity, through ``_meta``."""
    wb = openpyxl.load_workbook(path)
    order = wb.sheetnames
    names = {c.id: c.name(_lang(path)) for c in mini_case().criteria}
    equal = "同等重要" if _lang(path) == "zh" else "同等重要 / equal"
    out = []
    for sheet, cell, kind, lens, a, b in wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True):
        if kind not in ("pairwise", "choice", "intensity") or (a, b) not in given.get(lens, {}):
            continue
        v = given[lens][(a, b)]
        if kind == "pairwise":
            shown = format_judgment(v)
        elif kind == "choice":
            shown = names[a] if v > 1 + 1e-9 else names[b] if v < 1 - 1e-9 else equal
        else:
            shown = str(round(max(v, 1 / v)))
        out.append(("enter", order.index(sheet), cell, shown))
    return out


def _lang(path: Path) -> str:
    return "zh" if Path(path).name.startswith("p-") else "both"


def _json(args) -> dict:
    done = invoke(CliRunner(), *args, "--format", "json")
    assert done.exit_code == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def trip(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-rounds")
    runner = CliRunner()
    blanks = {}
    for layout, prefix in (("matrix", "m"), ("pairs", "p")):
        rows = [(k, v) for k, v in EXPERTS.items() if v[0] == layout]
        csv = tmp / f"experts-{layout}.csv"
        csv.write_text("name,organisation,role,lens,id\n" + "".join(
            f"{NAMES[k]},Lab {k},user,both,{k}\n" for k, _ in rows), encoding="utf-8")
        made = invoke(runner, "panel", "template", str(MINI), "-o", str(tmp / f"blank-{layout}"),
                      "--experts-file", str(csv), "--layout", layout, "--lang", rows[0][1][1])
        assert made.exit_code == 0, made.stderr
        for n, (k, _) in enumerate(rows, start=1):
            blanks[k] = (tmp / f"blank-{layout}" / f"expert-{n:02d}.xlsx", f"{prefix}-{k}.xlsx")
    r1 = tmp / "r1"
    lo_fill([(src, r1 / name, typed(src, judgments(k, 1))) for k, (src, name) in blanks.items()], tmp / "lo1")
    fed = invoke(runner, "panel", "feedback", str(r1), "-o", str(tmp / "r2-blank"), "--case", str(MINI))
    assert fed.exit_code == 0, fed.stderr
    r2 = tmp / "r2"
    jobs = []
    for k, (_, name) in blanks.items():
        src = tmp / "r2-blank" / name
        out = r2 / (Path(name).stem + ".ods" if k == ODS else name)
        jobs.append((src, out, typed(src, judgments(k, 2)) if k in ROUND2 else []))
    lo_fill(jobs, tmp / "lo2")
    first = _json(["panel", "collect", str(r1), "--case", str(MINI)])
    second = _json(["panel", "collect", str(r2), "--case", str(MINI), "--previous", str(r1)])
    return tmp, r1, r2, first, second


def _given(expert: str, round_: int) -> dict[str, dict]:
    return judgments(expert, 2 if round_ == 2 and expert in ROUND2 else 1)


def _used(round_: int, lens: str) -> list[str]:
    """Who is used in a lens, decided here: CR ≤ 0.10 by the eigenvector, RI 0.90 for n = 4."""
    out = []
    for k in EXPERTS:
        a = matrix_of(_given(k, round_)[lens])
        lam = max(np.real(np.linalg.eigvals(a)))
        if (lam - 4) / 3 / 0.90 <= 0.10:
            out.append(k)
    return out


def test_every_expert_of_both_rounds_is_accounted_for(trip):
    _, _, _, first, second = trip
    assert sorted(e["expert_id"] for e in first["experts"]) == sorted(EXPERTS)
    assert first["experts"][0]["round"] == 1
    m3 = next(e for e in first["experts"] if e["expert_id"] == "M3")
    assert m3["lens_status"] == {"government": "excluded", "market": "used"}
    assert [r["round"] for r in second["rounds"]] == [1, 2]
    assert all(len(r["experts"]) == len(EXPERTS) for r in second["rounds"])
    assert {e["expert_id"] for e in second["experts"]} == set(EXPERTS)
    assert any(e["file"].endswith(".ods") for e in second["experts"])


def test_round_one_sheets_computed_by_libreoffice_equal_collect(trip):
    """CR, priorities, the pairs to reconsider and what the others imply, as on the sheet."""
    _, r1, _, _, _ = trip
    for path in sorted(r1.iterdir()):
        expert = collect([str(path)], str(MINI)).experts[0]
        layout = layout_for(mini_case(), LENSES, False, form="pairs" if path.name.startswith("p-") else "matrix")
        g = layout.geometry
        wb = openpyxl.load_workbook(path, data_only=True)
        seen = {(k, lens, a): wb[s][c].value for s, c, k, lens, a, _ in
                wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True) if k in ("cr", "weight")}
        for lens in LENSES:
            result = expert.outcomes[lens].result
            assert seen[("cr", lens, None)] == pytest.approx(result.cr, abs=1e-9), (path.name, lens)
            np.testing.assert_allclose([seen[("weight", lens, c)] for c in IDS], result.weights, atol=1e-9)
            ws = wb[next(s for s, _, k, lens_, *_ in wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True)
                         if k == "cr" and lens_ == lens)]
            reconsider = expert.outcomes[lens].reconsider if not result.consistent else ()
            for t in range(1, 4):
                implied = ws[g.summary_cell("implied", t)].value
                if t <= len(reconsider):
                    assert implied == pytest.approx(reconsider[t - 1].implied, rel=1e-6), (path.name, lens, t)
                else:
                    assert implied in (None, ""), (path.name, lens, t)
    m3 = collect([str(r1 / "m-M3.xlsx")], str(MINI)).experts[0]
    assert len(m3.outcomes["government"].reconsider) == 3           # the implied cells were checked


def test_the_group_cells_are_the_geometric_mean_of_the_used_experts(trip):
    tmp, _, _, _, _ = trip
    for lens in LENSES:
        used = _used(1, lens)
        group = np.exp(np.mean([np.log(matrix_of(_given(k, 1)[lens])) for k in used], axis=0))
        for path in sorted((tmp / "r2-blank").iterdir()):
            wb = openpyxl.load_workbook(path)
            cells = [(wb[s][c].value, a, b) for s, c, k, lens_, a, b in
                     wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True) if k == "group" and lens_ == lens]
            assert len(cells) == 6, path.name
            for value, a, b in cells:
                assert value == pytest.approx(group[IDS.index(a), IDS.index(b)], rel=1e-12), (path.name, lens, a, b)


def test_round_two_saved_by_libreoffice_keeps_the_group_and_computes_cr_as_collect(trip):
    tmp, _, r2, _, second = trip
    by_id = {e["expert_id"]: e for e in second["experts"]}
    for path in sorted(r2.iterdir()):
        if path.suffix == ".ods":
            continue
        wb = openpyxl.load_workbook(path, data_only=True)
        meta = list(wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True))
        expert = next(r[4] for r in meta if r[2] == "expert_id")
        assert next(r[4] for r in meta if r[2] == "round") == "2"
        blank = openpyxl.load_workbook(tmp / "r2-blank" / path.name)
        for s, c, k, lens, a, b in meta:
            if k == "group":
                assert wb[s][c].value == pytest.approx(blank[s][c].value, rel=1e-12)
            elif k == "cr":
                assert wb[s][c].value == pytest.approx(by_id[expert]["cr"][lens], abs=1e-9), (path.name, lens)


def test_an_expert_who_changes_nothing_comes_back_with_the_same_judgments(trip):
    _, r1, r2, _, second = trip
    before = collect([str(r1 / "p-P3.xlsx")], str(MINI)).experts[0]
    after = collect([str(r2 / "p-P3.xlsx")], str(MINI)).experts[0]
    for lens in LENSES:
        assert dict(after.outcomes[lens].judgments) == pytest.approx(dict(before.outcomes[lens].judgments))
    changed = {e["expert_id"]: e["changed"] for e in second["rounds"][1]["experts"]}
    assert changed["P3"] == [] and all(changed[k] for k in ROUND2)


@pytest.mark.parametrize("lens", LENSES)
def test_convergence_equals_the_computation_by_hand(trip, lens):
    _, _, _, _, second = trip
    got = second["convergence"][lens]
    for r, round_ in enumerate((1, 2)):
        used = _used(round_, lens)
        mats = [matrix_of(_given(k, round_)[lens]) for k in used]
        p = np.array([eigen_weights(a) for a in mats])
        merged = eigen_weights(np.exp(np.mean([np.log(a) for a in mats], axis=0)))
        assert got["s_star"][r] == pytest.approx(goepel(p), abs=1e-12)
        assert got["kendall_w"][r] == pytest.approx(w_loop(p), abs=1e-12)
        for c, w in zip(IDS, merged):
            assert got["weights"][c][r] == pytest.approx(w, abs=1e-12)
        for pair in got["pairs"]:
            i, j = IDS.index(pair["a"]), IDS.index(pair["b"])
            assert pair["iqr_log"][r] == pytest.approx(iqr_linear([math.log(a[i, j]) for a in mats]), abs=1e-12)
    change = max(abs(v[1] - v[0]) for v in got["weights"].values())
    assert got["max_weight_change"] == pytest.approx(change, abs=1e-12)
    assert [(p["a"], p["b"]) for p in got["pairs"]] == list(itertools.combinations(IDS, 2))

