"""``panel collect NEXT --previous ROUND``: rounds linked by expert_id, convergence figures against
a computation written out here, the JSON keys, every bad input, the report and results.xlsx."""

from __future__ import annotations

import itertools
import json
import math
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from conftest import error_line, invoke
from convergence_by_hand import eigen_weights, goepel, iqr_linear, w_loop
from panel_helpers import IDS, MINI, fill, from_weights, mini_case
from workbook_lo import SOFFICE, recalculate

from matrank.casefiles import load_case
from matrank.options import PanelOptions
from matrank.reports.panel_report import table_text
from matrank.workbooks.experts import ExpertRow
from matrank.workbooks.rounds import collect_rounds
from matrank.workbooks.template import template_bytes

#: Round 1: each expert's weights for the government lens (market: the same turned by two criteria).
ROUND1 = {"E01": [6, 3, 2, 1], "E02": [1, 5, 2, 1], "E03": [1, 2, 4, 1], "E04": [3, 1, 1, 5], "E05": [4, 2, 3, 1]}


def toward_group(weights: dict) -> dict:
    """Round 2: every expert moves halfway (geometrically) toward the group's geometric mean."""
    logs = {k: np.log(np.array(w, float) / sum(w)) for k, w in weights.items()}
    group = np.mean(list(logs.values()), axis=0)
    return {k: list(np.exp((v + group) / 2)) for k, v in logs.items()}


ROUND2 = toward_group(ROUND1)


def turned(weights) -> list:
    return list(weights[2:]) + list(weights[:2])


def answers(weights) -> dict:
    return {"government": from_weights(weights), "market": from_weights(turned(weights))}


def write_round(folder: Path, number: int, weights: dict, ids=None, case=None, names=None) -> Path:
    """One round's folder: a workbook per expert made for that round, filled with ``weights``."""
    case = case or mini_case()
    folder.mkdir(parents=True, exist_ok=True)
    blank = folder.parent / f"blank-{folder.name}"
    blank.mkdir(exist_ok=True)
    for k, (expert, w) in enumerate(weights.items(), start=1):
        expert_id = (ids or {}).get(expert, expert)
        tpl = blank / f"expert-{k:02d}.xlsx"
        tpl.write_bytes(template_bytes(case, ("government", "market"), "en", False,
                                       expert=ExpertRow(expert_id), round=number))
        name = (names or {}).get(expert, f"expert-{k:02d}.xlsx")
        fill(tpl, folder / name, name=f"Expert {expert}", role="user", judgments=answers(w))
    return folder


@pytest.fixture(scope="module")
def panel(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rounds")
    write_round(root / "round1", 1, ROUND1)
    write_round(root / "round2", 2, ROUND2)
    return root


@pytest.fixture(scope="module")
def linked(panel):
    return collect_rounds([str(panel / "round2")], [str(panel / "round1")], str(MINI), PanelOptions())


# ------------------------------------------------------------------ the independent computation

def by_hand(weights: dict, lens: str):
    """Per round (given its scripted judgments): the matrices, priorities, AIJ weights, S*, W."""
    mats = []
    for w in weights.values():
        j = from_weights(turned(w) if lens == "market" else w)
        a = np.ones((4, 4))
        for (x, y), v in j.items():
            a[IDS.index(x), IDS.index(y)], a[IDS.index(y), IDS.index(x)] = v, 1 / v
        mats.append(a)
    p = np.array([eigen_weights(a) for a in mats])
    merged = np.exp(np.mean([np.log(a) for a in mats], axis=0))
    return mats, p, eigen_weights(merged), goepel(p), w_loop(p)


@pytest.mark.parametrize("lens", ["government", "market"])
def test_convergence_figures_equal_a_computation_by_hand(linked, lens):
    conv = linked.convergence[lens]
    rounds = [by_hand(ROUND1, lens), by_hand(ROUND2, lens)]
    for k, (mats, p, w, s, kw) in enumerate(rounds):
        assert conv.s_star[k] == pytest.approx(s, abs=1e-12)
        assert conv.kendall_w[k] == pytest.approx(kw, abs=1e-12)
        np.testing.assert_allclose(conv.weights[k], w, atol=1e-12)
        for pair in conv.pairs:
            i, j = IDS.index(pair.a), IDS.index(pair.b)
            assert pair.iqr_log[k] == pytest.approx(iqr_linear([math.log(a[i, j]) for a in mats]), abs=1e-12)
    change = max(abs(a - b) for a, b in zip(rounds[1][2], rounds[0][2]))
    assert conv.max_weight_change == pytest.approx(change, abs=1e-12)
    # round 2 moved toward the group: consensus up, spread down
    assert conv.s_star[1] > conv.s_star[0]
    assert sum(p.iqr_log[1] for p in conv.pairs) < sum(p.iqr_log[0] for p in conv.pairs)


def test_every_expert_of_every_round_is_linked_and_changes_listed(linked):
    assert [r.number for r in linked.rounds] == [1, 2]
    first, second = linked.rounds
    assert [e.link for e in first.experts] == ["first"] * 5
    assert [e.link for e in second.experts] == ["linked"] * 5
    assert [e.expert_id for e in second.experts] == list(ROUND1)
    for e in second.experts:
        assert Path(e.previous_file).parent.name == "round1" and e.previous_round == 1
        old, new = answers(ROUND1[e.expert_id]), answers(ROUND2[e.expert_id])
        expected = {(lens, a, b, old[lens][(a, b)], new[lens][(a, b)]) for lens in old for (a, b) in old[lens]
                    if not math.isclose(old[lens][(a, b)], new[lens][(a, b)])}
        assert {(c.lens, c.a, c.b) for c in e.changes} == {x[:3] for x in expected}
        for c in e.changes:
            assert c.before == pytest.approx(old[c.lens][(c.a, c.b)]) and c.after == pytest.approx(new[c.lens][(c.a, c.b)])
    assert linked.counts == {"files": 5, "used": 5, "excluded": 0, "rejected": 0}


# ------------------------------------------------------------------ accounting

def test_a_new_expert_and_a_missing_one_and_an_unreadable_file_are_accounted(panel, tmp_path):
    later = dict(ROUND2)
    del later["E05"]
    later["E09"] = ROUND1["E01"]
    folder = write_round(tmp_path / "round2", 2, later)
    (folder / "broken.xlsx").write_bytes(b"not a workbook")
    result = collect_rounds([str(folder)], [str(panel / "round1")], str(MINI), PanelOptions(allow_new_experts=True))
    second = {Path(e.file).name: e for e in result.rounds[1].experts}
    assert second["expert-05.xlsx"].expert_id == "E09" and second["expert-05.xlsx"].link == "new"
    assert second["expert-05.xlsx"].status == "used" and second["expert-05.xlsx"].changes == ()
    assert second["broken.xlsx"].link == "unidentified" and second["broken.xlsx"].status == "rejected"
    assert result.rounds[1].missing == ("E05",)
    # the new expert counts in round 2's aggregate and its convergence figures
    assert result.convergence["government"].experts == (5, 5)
    for r in result.rounds:
        c = r.counts
        assert c["files"] == len(r.experts) == c["used"] + c["excluded"] + c["rejected"]
    text = table_text(result)
    for name in ("broken.xlsx", "E09", "new: no earlier workbook", "no workbook in this round from: E05"):
        assert name in text


def test_an_id_no_earlier_round_has_is_refused_unless_new_experts_are_allowed(runner, panel, tmp_path):
    later = dict(ROUND2)
    later["E09"] = ROUND1["E01"]
    folder = write_round(tmp_path / "round2", 2, later)
    error_line(run_cli(runner, folder, "--previous", panel / "round1"), 1, "expert-06.xlsx", "_meta, expert_id",
               "'E09' matches no expert of the earlier rounds", "E01, E02, E03, E04, E05", "--allow-new-experts")
    allowed = run_cli(runner, folder, "--previous", panel / "round1", "--allow-new-experts")
    assert allowed.exit_code == 0 and "E09" in allowed.stdout and "new: no earlier workbook" in allowed.stdout
    error_line(run_cli(runner, folder, "--allow-new-experts"), 2, "--allow-new-experts", "--previous")


def test_a_value_that_could_not_be_used_is_shown_as_found_not_as_blank(runner, panel, tmp_path):
    """Round 1 pasted 2.5 (that lens rejected); round 2 chose 2: the change reads 2.5 → 2."""
    first = write_round(tmp_path / "round1", 1, ROUND1)
    pasted = answers(ROUND1["E01"])
    pasted["government"] = {**pasted["government"], (IDS[0], IDS[1]): 2.5}
    fill(tmp_path / "blank-round1" / "expert-01.xlsx", first / "expert-01.xlsx", role="user", judgments=pasted)
    done = run_cli(runner, panel / "round2", "--previous", first, "--format", "json")
    assert done.exit_code == 0, done.stderr
    e01 = next(e for e in json.loads(done.stdout)["rounds"][1]["experts"] if e["expert_id"] == "E01")
    change = next(c for c in e01["changed"] if (c["lens"], c["a"], c["b"]) == ("government", IDS[0], IDS[1]))
    assert change["before"] is None and change["before_found"] == "2.5" and "after_found" not in change
    text = run_cli(runner, panel / "round2", "--previous", first).stdout
    assert f"government {IDS[0]} vs {IDS[1]} 2.5 (not usable) → " in text, text
    zh = run_cli(runner, panel / "round2", "--previous", first, "--lang", "zh").stdout
    assert "2.5（无法使用） →" in zh, zh


def test_three_rounds_link_to_the_latest_earlier_workbook(panel, tmp_path):
    third = write_round(tmp_path / "round3", 3, toward_group(ROUND2))
    result = collect_rounds([str(third)], [str(panel / "round1"), str(panel / "round2")], str(MINI))
    assert [r.number for r in result.rounds] == [1, 2, 3]
    assert {Path(e.previous_file).parent.name for e in result.rounds[2].experts} == {"round2"}
    assert len(result.convergence["market"].s_star) == 3


# ------------------------------------------------------------------ bad input

def run_cli(runner, *args):
    return invoke(runner, "panel", "collect", *map(str, args), "--case", str(MINI))


def test_one_expert_id_twice_in_a_round(runner, panel, tmp_path):
    folder = write_round(tmp_path / "round2", 2, ROUND2, ids={"E02": "E01"})
    error_line(run_cli(runner, folder, "--previous", panel / "round1"), 1,
               "expert_id 'E01'", "expert-01.xlsx and expert-02.xlsx", "Fix:")


def test_a_folder_given_twice(runner, panel):
    r1, r2 = panel / "round1", panel / "round2"
    error_line(run_cli(runner, r2, "--previous", r1, "--previous", r1), 2, str(r1), "given twice")
    error_line(run_cli(runner, r2, "--previous", r2), 2, str(r2), "given twice", "the round to collect")
    error_line(run_cli(runner, r2, r2, "--previous", r1), 2, "PATHS", "given twice as the round to collect")
    error_line(run_cli(runner, r2, "--previous", r1 / "expert-01.xlsx"), 2, "--previous", "is a file")


def test_rounds_in_the_wrong_order(runner, panel):
    error_line(run_cli(runner, panel / "round1", "--previous", panel / "round2"), 1,
               "expert-01.xlsx", "round is not after", "found round 1", "expected a round after 2", "oldest first")


def test_a_round_one_workbook_among_round_two(runner, panel, tmp_path):
    folder = write_round(tmp_path / "round2", 2, ROUND2)
    (folder / "expert-09.xlsx").write_bytes((panel / "round1" / "expert-01.xlsx").read_bytes())
    error_line(run_cli(runner, folder, "--previous", panel / "round1"), 1,
               "different round numbers", "round 1 here")


def other_case(tmp_path: Path, edit) -> Path:
    path = tmp_path / "other.yaml"
    path.write_text(edit(MINI.read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, words", [
    (lambda t: t.replace("id: mini\n", "id: mini2\n", 1), "made for case 'mini2'"),
    (lambda t: t.replace("weights:\n", "criteria:\n  - {id: market_pull, government: cost}\nweights:\n", 1),
     "made for other criteria"),
])
def test_rounds_of_different_cases_or_criteria(runner, panel, tmp_path, edit, words):
    folder = write_round(tmp_path / "round1", 1, ROUND1, case=load_case(str(other_case(tmp_path, edit))))
    error_line(run_cli(runner, panel / "round2", "--previous", folder), 1,
               str(folder), "another case or other criteria", words)


def test_rounds_made_for_two_shipped_cases(runner, tmp_path):
    """Without --case each round is collected for the case its workbooks name: two names are refused."""
    first = write_round(tmp_path / "round1", 1, ROUND1, case=load_case("shenzhen-2022"))
    second = write_round(tmp_path / "round2", 2, ROUND2, case=load_case("key-strategic-materials"))
    result = invoke(runner, "panel", "collect", str(second), "--previous", str(first))
    error_line(result, 1, str(second), "different cases or criteria", "case key-strategic-materials",
               "case shenzhen-2022", "--case")


# ------------------------------------------------------------------ outputs

ROUND_KEYS = {"round", "paths", "counts", "experts", "missing", "skipped"}
LENS_KEYS = {"s_star", "weights", "max_weight_change", "kendall_w", "pairs", "stop_hint"}


def test_json_keys_are_exact_and_the_old_ones_unchanged(runner, panel):
    out = run_cli(runner, panel / "round2", "--previous", panel / "round1", "--format", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    single = json.loads(run_cli(runner, panel / "round2", "--format", "json").stdout)
    assert set(data) == set(single) | {"rounds", "convergence"}
    assert data["aggregate"] == single["aggregate"] and data["experts"] == single["experts"]
    assert [set(r) for r in data["rounds"]] == [ROUND_KEYS] * 2
    assert set(data["rounds"][1]["experts"][0]) == {"file", "expert_id", "status", "reason", "link", "previous_file",
                                                    "previous_round", "changed"}
    assert set(data["rounds"][1]["experts"][0]["changed"][0]) == {"lens", "a", "b", "before", "after"}
    assert set(data["convergence"]) == {"government", "market"}
    gov = data["convergence"]["government"]
    assert set(gov) == LENS_KEYS
    assert set(gov["weights"]) == set(IDS) and all(len(v) == 2 for v in gov["weights"].values())
    assert [set(p) for p in gov["pairs"]] == [{"a", "b", "iqr_log"}] * 6
    assert gov["stop_hint"]["stop"] is True and gov["stop_hint"]["rule"] == "consensus"
    assert len(gov["s_star"]) == len(gov["kendall_w"]) == 2 and isinstance(gov["max_weight_change"], float)


def test_chinese_report_has_the_convergence_in_chinese(runner, panel):
    out = run_cli(runner, panel / "round2", "--previous", panel / "round1", "--lang", "zh")
    assert out.exit_code == 0, out.stderr
    assert "收敛情况：政府视角" in out.stdout and "建议：可以停止" in out.stdout and "对应第 1 轮" in out.stdout
    section = out.stdout[out.stdout.index("收敛情况"):].replace(str(panel), "")
    words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"expert-\d+\.xlsx|/round\d", "", section)))
    assert words <= {"ln"}, words
    assert "进口依赖度 对 专利控制" in section and "权重：市场拉动" in section


@pytest.mark.parametrize("lang, sheet, rounds_sheet, s_label", [("en", "convergence", "rounds", "consensus S*"),
                                                               ("zh", "收敛", "各轮", "共识度 S*")])
def test_results_workbook_has_a_convergence_sheet_with_a_line_chart(runner, panel, linked, tmp_path, lang, sheet,
                                                                    rounds_sheet, s_label):
    out = tmp_path / "results.xlsx"
    done = run_cli(runner, panel / "round2", "--previous", panel / "round1", "-o", out, "--lang", lang)
    assert done.exit_code == 0, done.stderr
    wb = openpyxl.load_workbook(out)
    assert sheet in wb.sheetnames and rounds_sheet in wb.sheetnames
    rows = {r[0]: r[1:] for r in wb[sheet].iter_rows(values_only=True) if r and r[0]}
    assert list(rows[s_label][:2]) == pytest.approx(list(linked.convergence["government"].s_star))
    files = [r[1] for r in wb[rounds_sheet].iter_rows(min_row=2, values_only=True)]
    assert len(files) == 10
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        lines = [n for n in charts if b"lineChart" in z.read(n)]
        # titles at 11 pt, not the 18 pt an app gives an untitled size (a third of the chart)
        assert all(b'sz="1100"' in z.read(n) for n in charts), charts
    assert len(lines) == 2          # one per lens, besides the summary's bar chart


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_round_two_from_feedback_saved_by_libreoffice_collects_with_previous(runner, panel, tmp_path):
    """round 1 → panel feedback → answers → saved by LibreOffice → collect --previous: the same
    figures as the workbooks written by script."""
    made = invoke(runner, "panel", "feedback", str(panel / "round1"), "-o", str(tmp_path / "fed"), "--case", str(MINI))
    assert made.exit_code == 0, made.stderr
    answered = tmp_path / "answered"
    for k, (expert, w) in enumerate(ROUND2.items(), start=1):
        fill(tmp_path / "fed" / f"expert-{k:02d}.xlsx", answered / f"expert-{k:02d}.xlsx", judgments=answers(w))
    saved = recalculate(sorted(answered.iterdir()), tmp_path / "lo")
    by_lo = collect_rounds([str(saved[0].parent)], [str(panel / "round1")], str(MINI), PanelOptions())
    by_script = collect_rounds([str(panel / "round2")], [str(panel / "round1")], str(MINI), PanelOptions())
    assert [e.link for e in by_lo.rounds[1].experts] == ["linked"] * 5
    for lens in ("government", "market"):
        a, b = by_lo.convergence[lens], by_script.convergence[lens]
        assert a.s_star == pytest.approx(b.s_star, abs=1e-12) and a.kendall_w == pytest.approx(b.kendall_w, abs=1e-12)
        assert a.max_weight_change == pytest.approx(b.max_weight_change, abs=1e-12)
        assert [p.iqr_log for p in a.pairs] == [pytest.approx(p.iqr_log, abs=1e-12) for p in b.pairs]
