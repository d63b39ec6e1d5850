"""``matrank panel feedback``: the next round's workbooks from a collected round (issue 13, item 2).

The group's judgments are checked against an independent computation (the geometric mean of the
used experts' completed matrices), the marks against the rule, the prefilled cells against the
round's own judgments (both layouts), and round 2 collected unchanged against round 1.
"""

from __future__ import annotations

import math
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from conftest import error_line, invoke
from panel_helpers import CHAIN, GOV, IDS, INCONSISTENT, MARKET, MINI, by_file, fill, mini_case

from matrank.mcda.ahp import analyse, format_judgment, from_judgments
from matrank.model import LENSES
from matrank.workbooks.collect import collect
from matrank.workbooks.feedback import FAR, next_round
from matrank.workbooks.layout import META_SHEET
from matrank.workbooks.lens_sheet import ratio_text
from matrank.workbooks.template import write_templates

#: Round 1: file → (template form, government judgments, market judgments).
ROUND1 = {
    "expert-01.xlsx": ("matrix", GOV[0], MARKET[0]),
    "expert-02.xlsx": ("matrix", GOV[1], MARKET[1]),
    "expert-03.xlsx": ("matrix", CHAIN, MARKET[2]),          # three judgments, completed by Harker
    "expert-04.xlsx": ("matrix", INCONSISTENT, {}),          # government excluded, market blank (rejected)
    "expert-06.xlsx": ("pairs", GOV[3], MARKET[3]),          # the questionnaire layout
}
SAME = 1e-12


def _meta(path: Path) -> tuple[openpyxl.Workbook, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return wb, [tuple(r) for r in wb[META_SHEET].iter_rows(min_row=2, max_col=6, values_only=True)]


def _head(rows, kind):
    return next((r[4] for r in rows if r[2] == kind), None)


def _cells(path: Path, kind: str) -> dict[tuple[str, str, str], object]:
    """{(lens, a, b): value} of the cells ``_meta`` names with ``kind``."""
    wb, rows = _meta(path)
    return {(lens, a, b): wb[sheet][cell].value for sheet, cell, k, lens, a, b in rows if k == kind}


def _completed(judgments) -> np.ndarray:
    return analyse(from_judgments(IDS, judgments)).matrix


def _used(lens: str) -> list[dict]:
    """The round's judgments that are used in ``lens``, decided here: given, and CR ≤ 0.10."""
    out = []
    for _, gov, market in ROUND1.values():
        given = gov if lens == "government" else market
        if given and analyse(from_judgments(IDS, given)).cr <= 0.10:
            out.append(given)
    return out


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feedback")
    case = mini_case()
    matrix = write_templates(case, tmp / "tpl", 5, LENSES, "both", False)
    pairs = write_templates(case, tmp / "tpl-pairs", 6, LENSES, "both", False, form="pairs")
    r1 = tmp / "r1"
    for k, (name, (form, gov, market)) in enumerate(ROUND1.items()):
        tpl = (pairs if form == "pairs" else matrix)[int(name[7:9]) - 1]
        fill(tpl, r1 / name, name=f"Expert {name[7:9]}", organisation="Lab", role="user",
             judgments={"government": gov, "market": market})
    (r1 / "expert-07.xlsx").write_bytes(b"not a workbook")
    return tmp, r1


@pytest.fixture(scope="module")
def round2(panel):
    from click.testing import CliRunner

    tmp, r1 = panel
    r2 = tmp / "r2"
    result = invoke(CliRunner(), "panel", "feedback", str(r1), "-o", str(r2), "--case", str(MINI))
    assert result.exit_code == 0, result.output
    return r2, result.stderr


def test_every_workbook_of_the_round_is_accounted_for(panel, round2):
    _, r1 = panel
    r2, report = round2
    assert sorted(p.name for p in r2.iterdir()) == sorted(ROUND1)
    lines = report.splitlines()
    for name in ROUND1:
        assert sum(f"r1/{name} → " in line for line in lines) == 1, report
    assert any("expert-07.xlsx: not written:" in line for line in lines), report
    assert "Market lens asked afresh: no judgments" in report
    assert "wrote 5 workbooks for round 2" in report and "5 with feedback, 0 fresh; 1 not written" in report


def test_the_expert_id_and_the_layout_are_kept_and_the_round_is_next(panel, round2):
    _, r1 = panel
    r2, _ = round2
    for name, (form, _, _) in ROUND1.items():
        _, old = _meta(r1 / name)
        wb, new = _meta(r2 / name)
        assert _head(new, "expert_id") == _head(old, "expert_id") == f"E{name[7:9]}"
        assert (_head(old, "round"), _head(new, "round")) == ("1", "2")
        assert any(r[2] == "choice" for r in new) == (form == "pairs")
        assert wb["专家信息 Expert"]["B4"].value == f"Expert {name[7:9]}"


def test_the_group_cells_are_the_aij_matrix_computed_independently(round2):
    r2, _ = round2
    worst = 0.0
    for lens in LENSES:
        used = _used(lens)
        assert len(used) == 4, lens
        stacked = np.stack([_completed(j) for j in used])
        group = np.exp(np.log(stacked).mean(axis=0))
        low, high = stacked.min(axis=0), stacked.max(axis=0)
        for name in ROUND1:
            shown = _cells(r2 / name, "group")
            ranges = {(lens_, a, b): v for (lens_, a, b), v in _range_cells(r2 / name).items()}
            for i, a in enumerate(IDS):
                for j in range(i + 1, len(IDS)):
                    value = shown[(lens, a, IDS[j])]
                    worst = max(worst, abs(value - group[i, j]) / group[i, j])
                    assert ranges[(lens, a, IDS[j])] == f"{ratio_text(low[i, j])} – {ratio_text(high[i, j])}"
    assert worst < SAME, worst
    print(f"group cells vs independent AIJ matrix: largest relative difference {worst:.2e}")


def _range_cells(path: Path) -> dict:
    """The panel's range beside each pair: the cell right of the group's."""
    wb, rows = _meta(path)
    out = {}
    for sheet, cell, kind, lens, a, b in rows:
        if kind == "group":
            out[(lens, a, b)] = wb[sheet][f"J{cell[1:]}"].value
    return out


def test_the_group_matrix_is_the_one_whose_eigenvector_collect_reports(panel):
    _, r1 = panel
    result = collect([str(r1)], str(MINI))
    plan = next_round(result)
    for lens in LENSES:
        group = plan.groups[lens].matrix
        merged = analyse(from_judgments(IDS, {(a, b): group[i, j] for i, a in enumerate(IDS)
                                              for j, b in enumerate(IDS) if i < j}, any_scale=True))
        np.testing.assert_allclose(merged.weights, result.lenses[lens].weights, rtol=0, atol=1e-12)


def test_previous_is_what_the_expert_gave_not_the_completed_matrix(round2):
    r2, _ = round2
    for name, (_, gov, market) in ROUND1.items():
        previous = _cells(r2 / name, "previous")
        for lens, given in (("government", gov), ("market", market)):
            mine = {(a, b): v for (lens_, a, b), v in previous.items() if lens_ == lens}
            if name == "expert-04.xlsx" and lens == "market":
                assert not mine                      # a rejected lens is asked afresh
                continue
            assert {k: v for k, v in mine.items() if v is not None} == pytest.approx(dict(given), rel=SAME)
    assert len([v for v in _cells(r2 / "expert-03.xlsx", "previous").values() if v is not None]) == 3 + 6


def test_prefilled_inputs_read_back_as_the_previous_judgments(round2):
    r2, _ = round2
    for name, (form, gov, market) in ROUND1.items():
        for lens, given in (("government", gov), ("market", market)):
            if not given:
                continue
            if form == "matrix":
                cells = _cells(r2 / name, "pairwise")
                for (a, b), v in given.items():
                    assert cells[(lens, a, b)] == format_judgment(v), (name, lens, a, b)
                assert sum(cells[(lens, a, b)] is not None for a, b in _pairs()) == len(given)
            else:
                choice, intensity = _cells(r2 / name, "choice"), _cells(r2 / name, "intensity")
                names = {c.id: c.name("both") for c in mini_case().criteria}
                for (a, b), v in given.items():
                    expected = names[a] if v > 1 else names[b] if v < 1 else "同等重要 / equal"
                    assert choice[(lens, a, b)] == expected, (name, lens, a, b)
                    assert intensity[(lens, a, b)] == round(max(v, 1 / v))


def _pairs():
    return [(a, b) for i, a in enumerate(IDS) for b in IDS[i + 1:]]


def test_round_two_collected_unchanged_gives_round_one_judgments(panel, round2):
    _, r1 = panel
    r2, _ = round2
    first, second = by_file(collect([str(r1)], str(MINI))), by_file(collect([str(r2)], str(MINI)))
    assert sorted(second) == sorted(ROUND1)
    for name in ROUND1:
        for lens in LENSES:
            a, b = first[name].outcomes[lens], second[name].outcomes[lens]
            assert dict(a.judgments) == dict(b.judgments), (name, lens)
            assert a.status == b.status, (name, lens)
        assert (second[name].round, second[name].expert_id) == (2, first[name].expert_id)


def test_marks_follow_the_rule(panel, round2):
    _, r1 = panel
    r2, _ = round2
    result = collect([str(r1)], str(MINI))
    plan = {w.name: w for w in next_round(result).workbooks}
    experts = by_file(result)
    group = {lens: np.exp(np.log(np.stack([_completed(j) for j in _used(lens)])).mean(axis=0)) for lens in LENSES}
    marked_anywhere = 0
    for name in ROUND1:
        outcomes = experts[name].outcomes
        notes = {(lens, a, b): v for (lens, a, b), v in _note_cells(r2 / name).items()}
        for lens in LENSES:
            fb = plan[name].feedback[lens]
            o = outcomes[lens]
            worst = {(p.a, p.b) for p in o.reconsider} if o.result is not None and o.result.cr > 0.10 else set()
            for i, a in enumerate(IDS):
                for j in range(i + 1, len(IDS)):
                    b = IDS[j]
                    own = fb.previous.get((a, b))
                    far = own is not None and abs(math.log(own / group[lens][i, j])) >= FAR - 1e-9
                    expected = tuple(m for m, on in (("inconsistent", (a, b) in worst), ("far", far)) if on)
                    assert fb.marks.get((a, b), ()) == expected, (name, lens, a, b)
                    assert bool(notes[(lens, a, b)]) == bool(expected), (name, lens, a, b)
                    marked_anywhere += bool(expected)
    assert len(plan["expert-04.xlsx"].feedback["government"].marks) >= 3
    assert marked_anywhere >= 3


def _note_cells(path: Path) -> dict:
    wb, rows = _meta(path)
    return {(lens, a, b): wb[sheet][f"K{cell[1:]}"].value for sheet, cell, kind, lens, a, b in rows
            if kind == "group"}


def test_the_feedback_sheet_gives_cr_weights_and_consensus(panel, round2):
    _, r1 = panel
    r2, _ = round2
    result = collect([str(r1)], str(MINI))
    wb = openpyxl.load_workbook(r2 / "expert-04.xlsx")
    ws = wb["上轮反馈 Feedback"]
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    cr = by_file(result)["expert-04.xlsx"].outcomes["government"].result.cr
    assert any(isinstance(t, str) and f"CR {cr:.3f} > 0.10" in t for t in texts)
    assert any(isinstance(t, str) and f"S* {result.lenses['market'].consensus.value:.3f}" in t for t in texts)
    assert any(isinstance(t, str) and "asked afresh" in t for t in texts)        # its market lens
    numbers = [t for t in texts if isinstance(t, float)]
    for w in result.lenses["government"].weights:
        assert any(abs(x - w) < SAME for x in numbers)


def test_a_workbook_saved_as_ods_comes_back_as_xlsx_of_the_same_name(panel):
    from dataclasses import replace

    _, r1 = panel
    result = collect([str(r1)], str(MINI))
    renamed = replace(result, experts=tuple(replace(e, file=e.file.replace("expert-01.xlsx", "expert-01.ods"))
                                            for e in result.experts))
    names = [w.name for w in next_round(renamed).workbooks]
    assert "expert-01.xlsx" in names and not any(n.endswith(".ods") for n in names)


def test_chinese_report_has_no_english_to_read(panel, runner, tmp_path):
    _, r1 = panel
    result = invoke(runner, "panel", "feedback", str(r1), "-o", str(tmp_path / "r2"), "--case", str(MINI),
                    "--lang", "zh")
    assert result.exit_code == 0, result.output
    for line in result.stderr.splitlines():
        words = re.sub(r"\S*/\S*|matrank panel \w+|feedback|--\w+|\bE\d+\b|\bAIJ\b|\bAIP\b|\bCR\b", "", line)
        assert not re.search(r"[A-Za-z]{2,}", words), line
    wb = openpyxl.load_workbook(tmp_path / "r2" / "expert-01.xlsx")
    assert wb["上轮反馈 Feedback"]["A1"].value == "第 1 轮反馈"


def test_a_lens_with_no_used_expert_is_fed_back_without_the_group(runner, tmp_path):
    tpl = write_templates(mini_case(), tmp_path / "tpl", 2, LENSES, "en", False)
    r1 = tmp_path / "r1"
    fill(tpl[0], r1 / tpl[0].name, judgments={"government": GOV[0], "market": INCONSISTENT})
    fill(tpl[1], r1 / tpl[1].name, judgments={"government": GOV[1]})
    result = invoke(runner, "panel", "feedback", str(r1), "-o", str(tmp_path / "r2"), "--case", str(MINI))
    assert result.exit_code == 0, result.output
    assert "Market lens: no expert was used in round 1, so the workbooks show no group judgments" in result.stderr
    for path in tpl:
        _, rows = _meta(tmp_path / "r2" / path.name)
        assert {r[3] for r in rows if r[2] == "group"} == {"government"}
    _, rows = _meta(tmp_path / "r2" / tpl[0].name)
    assert {r[3] for r in rows if r[2] == "previous"} == {"government", "market"}   # excluded, not rejected
    collected = by_file(collect([str(tmp_path / "r2")], str(MINI)))
    assert dict(collected[tpl[0].name].outcomes["market"].judgments) == pytest.approx(INCONSISTENT)


def test_a_workbook_made_before_ids_gets_one_and_says_so(runner, tmp_path):
    tpl = write_templates(mini_case(), tmp_path / "t", 1, LENSES, "en", False)[0]
    wb = openpyxl.load_workbook(tpl)
    ws = wb[META_SHEET]
    for row in range(ws.max_row, 1, -1):
        kind = ws.cell(row=row, column=3).value
        if kind in ("expert_id", "round"):
            ws.delete_rows(row)
        elif kind == "worst_pair":
            ws.cell(row=row, column=2).value = "C16"
    wb.save(tmp_path / "old.xlsx")
    r1 = tmp_path / "r1"
    fill(tmp_path / "old.xlsx", r1 / "Li Wei (old).xlsx", judgments={"government": GOV[0], "market": MARKET[0]})
    result = invoke(runner, "panel", "feedback", str(r1), "-o", str(tmp_path / "r2"), "--case", str(MINI))
    assert result.exit_code == 0, result.output
    assert "made before experts had ids: given the id Li-Wei-old" in result.stderr
    assert "wrote 1 workbook for round 2" in result.stderr          # one, not "1 workbooks"
    _, rows = _meta(tmp_path / "r2" / "Li Wei (old).xlsx")
    assert (_head(rows, "expert_id"), _head(rows, "round")) == ("Li-Wei-old", "2")


def test_a_role_typed_past_the_list_goes_back_as_written(runner, tmp_path):
    """collect keeps a role typed past the drop-down, with a note; feedback gives it back as typed."""
    tpl = write_templates(mini_case(), tmp_path / "t", 2, LENSES, "zh", False)
    r1 = tmp_path / "r1"
    fill(tpl[0], r1 / "expert-01.xlsx", name="李伟", role="研究员", judgments={"government": GOV[0]})
    fill(tpl[1], r1 / "expert-02.xlsx", name="王芳", role="user", judgments={"government": GOV[1]})
    result = invoke(runner, "panel", "feedback", str(r1), "-o", str(tmp_path / "r2"), "--case", str(MINI))
    assert result.exit_code == 0, result.output
    again = by_file(collect([str(tmp_path / "r2")], str(MINI)))
    assert (again["expert-01.xlsx"].role, again["expert-02.xlsx"].role) == ("研究员", "user")


# ------------------------------------------------------------------ bad input

def test_a_folder_with_no_collectable_workbook(runner, tmp_path):
    (tmp_path / "r1").mkdir()
    (tmp_path / "r1" / "notes.txt").write_text("x")
    error_line(invoke(runner, "panel", "feedback", str(tmp_path / "r1"), "-o", str(tmp_path / "r2"),
                      "--case", str(MINI)), 1, "no workbooks to collect")
    assert not (tmp_path / "r2").exists()


def test_a_round_of_blank_workbooks_has_nothing_to_feed_back(runner, tmp_path):
    blank = write_templates(mini_case(), tmp_path / "blank", 3, LENSES, "en", False)
    error_line(invoke(runner, "panel", "feedback", str(blank[0].parent), "-o", str(tmp_path / "r2"),
                      "--case", str(MINI)), 1, "no workbook of the round holds judgments to feed back",
               "3 workbooks", "expert-01.xlsx: government: no judgments", "matrank panel template")
    assert not (tmp_path / "r2").exists()


def test_a_round_folder_given_twice(panel, runner, tmp_path):
    _, r1 = panel
    result = invoke(runner, "panel", "feedback", str(r1), str(r1) + "/", "-o", str(tmp_path / "r2"))
    assert result.exit_code == 2 and "given more than once" in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "r2").exists()


def test_one_expert_id_on_two_workbooks(panel, runner, tmp_path):
    _, r1 = panel
    folder = tmp_path / "r1"
    shutil.copytree(r1, folder)
    fill(folder / "expert-01.xlsx", folder / "expert-01-again.xlsx", judgments={"government": GOV[2]})
    line = error_line(invoke(runner, "panel", "feedback", str(folder), "-o", str(tmp_path / "r2"), "--case",
                             str(MINI)), 1, "one expert id is on more than one workbook", "E01", "Fix:")
    assert "expert-01-again.xlsx" in line and not (tmp_path / "r2").exists()


def test_next_dir_is_a_file(panel, runner, tmp_path):
    _, r1 = panel
    (tmp_path / "r2").write_text("x")
    error_line(invoke(runner, "panel", "feedback", str(r1), "-o", str(tmp_path / "r2"), "--case", str(MINI)), 1,
               "-o names a file, not a folder", "Fix:")


@pytest.mark.parametrize("how", ["folder", "file"])
def test_next_dir_is_the_round_folder(panel, runner, tmp_path, how):
    _, r1 = panel
    before = {p.name: p.read_bytes() for p in r1.iterdir()}
    given = [str(r1)] if how == "folder" else [str(r1 / "expert-01.xlsx")]
    error_line(invoke(runner, "panel", "feedback", *given, "-o", str(r1), "--case", str(MINI), "--force"), 1,
               "-o is the folder of the round being fed back", "Fix:")
    assert {p.name: p.read_bytes() for p in r1.iterdir()} == before


def test_workbooks_of_different_rounds(panel, round2, runner, tmp_path):
    _, r1 = panel
    r2, _ = round2
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    shutil.copyfile(r1 / "expert-01.xlsx", mixed / "a.xlsx")
    shutil.copyfile(r2 / "expert-02.xlsx", mixed / "b.xlsx")
    error_line(invoke(runner, "panel", "feedback", str(mixed), "-o", str(tmp_path / "out"), "--case", str(MINI)),
               1, "the workbooks are of different rounds", "round 1 (1 workbook), round 2 (1 workbook)")


def test_existing_next_round_workbooks_need_force(panel, round2, runner):
    _, r1 = panel
    r2, _ = round2
    error_line(invoke(runner, "panel", "feedback", str(r1), "-o", str(r2), "--case", str(MINI)), 1,
               "already exists; pass --force")
    result = invoke(runner, "panel", "feedback", str(r1), "-o", str(r2), "--case", str(MINI), "--force")
    assert result.exit_code == 0, result.output


def test_the_workbooks_are_valid_zip_files(round2):
    r2, _ = round2
    for path in r2.iterdir():
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None


# ------------------------------------------------------------------ LibreOffice

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_round_two_as_collect_does(panel, round2, tmp_path):
    from workbook_lo import recalculate

    _, r1 = panel
    r2, _ = round2
    names = ["expert-03.xlsx", "expert-04.xlsx", "expert-06.xlsx"]
    saved = recalculate([r2 / n for n in names], tmp_path)
    collected = by_file(collect([str(p) for p in saved], str(MINI)))
    first = by_file(collect([str(r1)], str(MINI)))
    plan = {w.name: w for w in next_round(collect([str(r1)], str(MINI))).workbooks}
    for name, path in zip(names, saved):
        wb = openpyxl.load_workbook(path, data_only=True)
        _, rows = _meta(path)
        e = collected[path.name]
        for lens in LENSES:
            assert dict(e.outcomes[lens].judgments) == dict(first[name].outcomes[lens].judgments), (name, lens)
            for sheet, cell, kind, lens_, a, b in rows:
                if lens_ != lens:
                    continue
                value = wb[sheet][cell].value
                if kind == "group":
                    assert value == pytest.approx(plan[name].feedback[lens].group[(a, b)], rel=SAME)
                elif kind == "cr" and e.outcomes[lens].result is not None:
                    assert value == pytest.approx(e.outcomes[lens].result.cr, abs=1e-6), (name, lens)
                elif kind == "weight" and e.outcomes[lens].result is not None:
                    assert value == pytest.approx(e.outcomes[lens].result.weight_map()[a], abs=1e-6)


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or pdftotext is not installed")
def test_printed_the_table_of_pairs_is_whole_on_its_page(round2, tmp_path):
    """One page wide: each row of the table, from the pair to the note, on one page under its header."""
    import subprocess

    from workbook_lo import to_pdf

    r2, _ = round2
    pdf = to_pdf([r2 / "expert-04.xlsx"], tmp_path)[0]
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    tables = [p for p in pages if p.strip().startswith("您的判断与专家组的判断")]
    assert len(tables) == 2          # one per lens, the market's (asked afresh) with the group's only
    for table in tables:
        for header in ("序号", "准则 A", "专家组（AIJ）", "专家组范围", "请再考虑 / To look at again"):
            assert header in table
    assert "属于您最不一致的三个判断之一" in tables[0]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_round_with_an_ods_workbook(panel, runner, tmp_path):
    """An expert who saved in LibreOffice's own format gets the next round as .xlsx, judgments kept."""
    from workbook_lo import recalculate

    _, r1 = panel
    folder = tmp_path / "r1"
    folder.mkdir()
    shutil.copyfile(r1 / "expert-01.xlsx", folder / "expert-01.xlsx")
    ods = recalculate([r1 / "expert-02.xlsx"], tmp_path, to="ods")[0]
    shutil.copyfile(ods, folder / "expert-02.ods")
    result = invoke(runner, "panel", "feedback", str(folder), "-o", str(tmp_path / "r2"), "--case", str(MINI))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "r2").iterdir()) == ["expert-01.xlsx", "expert-02.xlsx"]
    before, after = by_file(collect([str(folder)], str(MINI))), by_file(collect([str(tmp_path / "r2")], str(MINI)))
    for lens in LENSES:
        assert dict(after["expert-02.xlsx"].outcomes[lens].judgments) == dict(before["expert-02.ods"].outcomes[lens].judgments)
