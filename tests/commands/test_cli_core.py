"""The CLI contract of the engine: ahp, topsis, rank — outputs, JSON keys, errors, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import invoke



def every_command(group=None, prefix=()):
    """Every command and group of the CLI, as argument lists: a new one is covered unasked."""
    import click

    from matrank.cli import cli
    group = group or cli
    out = []
    for name, command in sorted(group.commands.items()):
        out.append([*prefix, name])
        if isinstance(command, click.Group):
            out += every_command(command, (*prefix, name))
    return out


COMMANDS = every_command()


def test_the_command_list_is_complete():
    for expected in (["ahp"], ["panel", "collect"], ["sensitivity"], ["case", "export"]):
        assert expected in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(runner, command):
    result = invoke(runner, *command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "matrank " in result.output.split("Example:")[1]


def test_version(runner):
    result = invoke(runner, "--version")
    assert result.exit_code == 0 and "matrank, version" in result.output


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD_AHP = ",cost,quality,speed\ncost,1,3,5\nquality,,1,2\nspeed,,,1\n"


def test_ahp_json_contract(runner, tmp_path):
    f = write(tmp_path, "m.csv", GOOD_AHP)
    result = invoke(runner, "ahp", str(f), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("labels", "weights", "lambda_max", "ci", "cr", "ri_table", "gci", "consistent",
                "completed", "inconsistent_pairs"):
        assert key in data
    assert data["labels"] == ["cost", "quality", "speed"]
    assert data["ri_table"] == "saaty1980"
    assert sum(data["weights"]) == pytest.approx(1.0)
    assert data["consistent"] is True


def test_ahp_table_and_options(runner, tmp_path):
    f = write(tmp_path, "m.csv", GOOD_AHP)
    result = invoke(runner, "ahp", str(f), "--method", "geometric", "--ri", "saaty2008")
    assert result.exit_code == 0
    assert "saaty2008" in result.stdout and "cost" in result.stdout


def test_ahp_inconsistent_is_a_result_not_an_error(runner, tmp_path):
    f = write(tmp_path, "m.csv", ",a,b,c,d\na,1,2,4,3\nb,,1,1/5,2\nc,,,1,1/2\nd,,,,1\n")
    result = invoke(runner, "ahp", str(f), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["consistent"] is False and data["cr"] > 0.1
    pair = data["inconsistent_pairs"][0]
    assert set(pair) >= {"a", "b", "value", "suggested"}
    table = invoke(runner, "ahp", str(f))
    assert "INCONSISTENT" in table.stdout and "revise:" in table.stdout


def test_ahp_missing_judgment_is_completed(runner, tmp_path):
    f = write(tmp_path, "m.csv", ",a,b,c\na,1,2,\nb,,1,3\nc,,,1\n")
    data = json.loads(invoke(runner, "ahp", str(f), "--format", "json").stdout)
    assert len(data["completed"]) == 1
    assert (data["completed"][0]["a"], data["completed"][0]["b"]) == ("a", "c")


@pytest.mark.parametrize("content, message", [
    (",a,b,c\na,1,2,3\nb,,1,2\n", "not square"),
    (",,b\na,1,2\nb,,1\n", "unlabelled"),
    (",a,b\na,1,2\nc,,1\n", "row and column labels differ"),
    (",a,b\na,1,x\nb,,1\n", "row a, column b: a cell is not a number; found 'x'"),
    (",a,b\na,1,0\nb,,1\n", "row a, column b: a judgment is zero or negative"),
    (",a,b\na,1,-2\nb,,1\n", "zero or negative"),
    (",a,b\na,1,inf\nb,,1\n", "not a finite number"),
    (",a,b\na,1,nan\nb,,1\n", "not a finite number"),
    (",a,b\na,1,3\nb,1/2,1\n", "not reciprocal"),
    (",a,b\na,1,12\nb,,1\n", "off Saaty's 1/9..9 scale"),
    (",a,b,c,d\na,1,2,,\nb,,1,,\nc,,,1,3\nd,,,,1\n", "disconnected"),
    ("", "empty"),
    (",a,b\na,1,1/0\nb,,1\n", "a fraction's denominator cannot be 0"),
    (",a\na,1\n", "there is nothing to compare; found 1 element"),
    # both triangles given: the mistyped reciprocal is named, not "off the scale"
    (",a,b\na,1,2\nb,0.4,1\n", "not reciprocal; found 0.4; expected 1/2"),
])
def test_ahp_bad_input(runner, tmp_path, content, message):
    f = write(tmp_path, "bad.csv", content)
    result = invoke(runner, "ahp", str(f))
    assert result.exit_code == 1
    assert message in result.output
    assert str(f) in result.output
    assert "Traceback" not in result.output


def test_ahp_any_scale_accepts_off_scale(runner, tmp_path):
    f = write(tmp_path, "m.csv", ",a,b\na,1,12\nb,,1\n")
    result = invoke(runner, "ahp", str(f), "--any-scale", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["weights"][0] == pytest.approx(12 / 13)


def test_ahp_missing_file_is_usage_free_error(runner, tmp_path):
    result = invoke(runner, "ahp", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1 and "no such file" in result.output


TOPSIS_CSV = "id,price,comfort,safety\na,25000,7,9\nb,18000,5,6\nc,30000,9,8\n"


def test_topsis_json_contract(runner, tmp_path):
    f = write(tmp_path, "d.csv", TOPSIS_CSV)
    result = invoke(runner, "topsis", str(f), "--weights", "0.3,0.2,0.5", "--types", "cost,benefit,max",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("alternatives", "closeness", "rank", "d_plus", "d_minus", "ideal", "anti_ideal"):
        assert key in data
    assert data["alternatives"] == ["a", "b", "c"]
    assert sorted(data["rank"]) == [1, 2, 3]


def test_topsis_normalises_weights_with_a_note(runner, tmp_path):
    f = write(tmp_path, "d.csv", TOPSIS_CSV)
    result = invoke(runner, "topsis", str(f), "--weights", "3,2,5", "--types", "-,+,+")
    assert result.exit_code == 0
    assert "normalised" in result.stderr
    assert "Rank" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--weights", "0.5,0.5", "--types", "cost,benefit,benefit"], "weights and criteria differ"),
    (["--weights", "0.3,0.2,0.5", "--types", "cost,benefit"], "types and criteria differ"),
    (["--weights", "0.3,0,0.7", "--types", "cost,benefit,benefit"], "not a positive finite number"),
    (["--weights", "0.3,-0.2,0.7", "--types", "cost,benefit,benefit"], "not a positive finite number"),
    (["--weights", "0.3,nan,0.7", "--types", "cost,benefit,benefit"], "'nan' (position 2) is not a number"),
    (["--weights", "0.3,abc,0.7", "--types", "cost,benefit,benefit"], "'abc' (position 2) is not a number"),
    (["--weights", "0.3,0.2,0.5", "--types", "cost,good,benefit"], "benefit, cost, max, min, +, -"),
])
def test_topsis_bad_options(runner, tmp_path, args, message):
    f = write(tmp_path, "d.csv", TOPSIS_CSV)
    result = invoke(runner, "topsis", str(f), *args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("content, message", [
    ("id,a,b\nx,1,2\ny,NaN,3\n", "row y, column a: a cell is not a number; found 'NaN' is not a finite number"),
    ("id,a,b\nx,1,2\ny,high,3\n", "row y, column a: a cell is not a number; found 'high'"),
    ("", "empty"),
    ("id,a,b\n", "no alternatives"),
    ("id,a,b\nx,1,2\nx,2,3\n", "ids repeat"),
    ("id,a,a\nx,1,2\ny,2,3\n", "criterion names repeat in the header; found a"),
])
def test_topsis_bad_matrix(runner, tmp_path, content, message):
    f = write(tmp_path, "d.csv", content)
    result = invoke(runner, "topsis", str(f), "--weights", "1,1", "--types", "benefit,benefit")
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


RANK_KEYS = ("case", "ri_table", "weights", "consistency", "thresholds", "materials")
MATERIAL_KEYS = ("id", "name", "category", "government", "market", "tier", "rank")


def test_rank_default_case_json_contract(runner):
    result = invoke(runner, "rank", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    for key in RANK_KEYS:
        assert key in data
    assert data["case"] == "key-strategic-materials"
    assert set(data["weights"]) == {"government", "market"}
    assert set(data["weights"]["government"]) == {"import_dependence", "patent_control",
                                                   "validation_cycle", "market_pull"}
    assert set(data["consistency"]["market"]) == {"cr", "consistent"}
    assert data["thresholds"] == {"government": 0.5, "market": 0.5}
    ranks = [m["rank"] for m in data["materials"]]
    assert sorted(ranks) == list(range(1, len(ranks) + 1))
    for m in data["materials"]:
        for key in MATERIAL_KEYS:
            assert key in m
        assert m["tier"] in ("joint", "government-led", "market-led", "monitor")
        assert 0 <= m["government"] <= 1 and 0 <= m["market"] <= 1
    assert data["provenance"]["ri_table"] == "saaty1980"
    assert data["provenance"]["normalization"] == "vector"


def test_rank_output_is_reproducible(runner, mini_case_path):
    a = invoke(runner, "rank", str(mini_case_path), "--format", "json").stdout
    b = invoke(runner, "rank", str(mini_case_path), "--format", "json").stdout
    assert a == b


def test_rank_tiers_follow_thresholds(runner, mini_case_path):
    data = json.loads(invoke(runner, "rank", str(mini_case_path), "--format", "json",
                             "--threshold-gov", "0.6", "--threshold-market", "0.55").stdout)
    assert data["thresholds"] == {"government": 0.6, "market": 0.55}
    for m in data["materials"]:
        expected = {(True, True): "joint", (True, False): "government-led",
                    (False, True): "market-led", (False, False): "monitor"}[
            (m["government"] >= 0.6, m["market"] >= 0.55)]
        assert m["tier"] == expected


def test_rank_median_split_and_policy_mix(runner, mini_case_path):
    data = json.loads(invoke(runner, "rank", str(mini_case_path), "--format", "json", "--split", "median",
                             "--policy-mix", "1").stdout)
    gov = sorted(m["government"] for m in data["materials"])
    assert data["thresholds"]["government"] == pytest.approx((gov[2] + gov[3]) / 2)
    by_rank = sorted(data["materials"], key=lambda m: m["rank"])
    assert [m["government"] for m in by_rank] == sorted(gov, reverse=True)


def test_rank_conflicting_split_is_a_usage_error(runner):
    result = invoke(runner, "rank", "--split", "median", "--threshold-gov", "0.4")
    assert result.exit_code == 2
    assert "--split median sets the thresholds itself" in result.output


def test_rank_policy_mix_out_of_range_is_usage_error(runner):
    result = invoke(runner, "rank", "--policy-mix", "1.5")
    assert result.exit_code == 2


def test_rank_unknown_case_lists_shipped(runner):
    result = invoke(runner, "rank", "no-such-case")
    assert result.exit_code == 1
    assert "unknown case 'no-such-case'" in result.output
    assert "key-strategic-materials" in result.output and "shenzhen-2022" in result.output


def test_rank_zh_labels(runner, mini_case_path):
    result = invoke(runner, "rank", str(mini_case_path), "--lang", "zh")
    assert result.exit_code == 0
    assert "联合攻关" in result.stdout and "碳化硅" in result.stdout


def test_rank_csv_md_and_xlsx(runner, mini_case_path, tmp_path):
    csv_out = invoke(runner, "rank", str(mini_case_path), "--format", "csv").stdout
    assert csv_out.startswith("\ufeff")                      # for Excel and WPS on Chinese Windows
    plain = invoke(runner, "rank", str(mini_case_path), "--format", "csv", "--no-bom").stdout
    assert plain == csv_out[1:]
    assert plain.splitlines()[0].startswith("rank,id,name,category,government,market,composite,tier")
    md = invoke(runner, "rank", str(mini_case_path), "--format", "md").stdout
    assert md.startswith("# Mini test case") and "| Rank |" in md
    out = tmp_path / "r.xlsx"
    result = invoke(runner, "rank", str(mini_case_path), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0 and out.exists()
    from openpyxl import load_workbook
    wb = load_workbook(out)
    assert wb.sheetnames == ["ranking", "weights", "tiers", "provenance"]
    ws = wb["ranking"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Rank")
    assert ws.max_row == header + 6 and ws.print_title_rows == f"${header}:${header}"
    assert ws.cell(row=1, column=1).value == "Mini test case"          # the title block
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_rank_xlsx_needs_output(runner):
    result = invoke(runner, "rank", "--format", "xlsx")
    assert result.exit_code == 2 and "-o FILE.xlsx" in result.output


def test_rank_refuses_to_overwrite_without_force(runner, mini_case_path, tmp_path):
    out = tmp_path / "r.json"
    out.write_text("keep me")
    result = invoke(runner, "rank", str(mini_case_path), "--format", "json", "-o", str(out))
    assert result.exit_code == 1 and "already exists; pass --force" in result.output
    assert out.read_text() == "keep me"
    result = invoke(runner, "rank", str(mini_case_path), "--format", "json", "-o", str(out), "--force")
    assert result.exit_code == 0
    assert json.loads(out.read_text())["case"] == "mini"


def test_rank_never_overwrites_its_input(runner, mini_case_path, tmp_path):
    case = tmp_path / "case.yaml"
    shutil.copy(mini_case_path, case)
    before = case.read_bytes()
    result = invoke(runner, "rank", str(case), "-o", str(case), "--force")
    assert result.exit_code == 1 and "refusing to overwrite an input" in result.output
    assert case.read_bytes() == before


def test_rank_unwritable_output(runner, mini_case_path, tmp_path):
    result = invoke(runner, "rank", str(mini_case_path), "-o", str(tmp_path / "missing" / "r.json"))
    assert result.exit_code == 1 and "does not exist" in result.output


@pytest.mark.parametrize("target, message", [
    ("/proc/matrank-test.json", "cannot write"),          # a folder no file can be made in
    ("/dev/null", "is not a regular file"),                 # a device: never replaced, even with --force
    ("{tmp}/a-file/r.json", "is a file, not a folder"),
])
def test_unwritable_outputs_are_one_line_errors(runner, tmp_path, target, message):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    f = write(tmp_path, "m.csv", GOOD_AHP)
    result = invoke(runner, "ahp", str(f), "-o", target.format(tmp=tmp_path), "--force")
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output


def test_topsis_values_near_the_float_limits_keep_their_ranking(runner, tmp_path):
    plain = write(tmp_path, "plain.csv", "id,a,b\nx,1,1\ny,2,2\nz,3,5\n")
    expected = json.loads(invoke(runner, "topsis", str(plain), "--weights", "1,1", "--types", "+,+",
                                 "--format", "json").stdout)["closeness"]
    for scale in ("e200", "e-200"):
        f = write(tmp_path, f"s{scale}.csv", f"id,a,b\nx,1{scale},1\ny,2{scale},2\nz,3{scale},5\n")
        got = invoke(runner, "topsis", str(f), "--weights", "1e308,1e308", "--types", "+,+", "--format", "json")
        assert got.exit_code == 0 and "warning" not in got.stderr
        assert json.loads(got.stdout)["closeness"] == pytest.approx(expected, abs=1e-12)


def test_topsis_reads_semicolon_csv_and_skips_blank_lines(runner, tmp_path):
    f = write(tmp_path, "semi.csv", "id;a;b\nx;1;1\n\ny;2;2\nz;3;5\n")
    result = invoke(runner, "topsis", str(f), "--weights", "1,1", "--types", "+,+", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["alternatives"] == ["x", "y", "z"]


@pytest.mark.parametrize("args, message", [
    (["--policy-mix", "nan"], "'nan' is not a number"),
    (["--explain", "wafer", "--format", "xlsx", "-o", "{tmp}/e.xlsx"], "--explain prints one material"),
    (["--format", "json", "-o", "{tmp}/q.png", "--plot", "{tmp}/q.png"], "give the chart its own file"),
])
def test_rank_conflicting_options_are_usage_errors(runner, mini_case_path, tmp_path, args, message):
    result = invoke(runner, "rank", str(mini_case_path), *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2 and message in result.output
    assert not any(tmp_path.iterdir())


def test_ahp_threshold_with_graduated_is_a_usage_error(runner, tmp_path):
    f = write(tmp_path, "m.csv", GOOD_AHP)
    result = invoke(runner, "ahp", str(f), "--threshold", "0.2", "--graduated")
    assert result.exit_code == 2 and "drop --threshold" in result.output


def test_rank_a_folder_says_so(runner, tmp_path):
    result = invoke(runner, "rank", str(tmp_path))
    assert result.exit_code == 1 and "is a folder, not a case file" in result.output


def test_rank_explain_with_plot_draws_the_chart(runner, mini_case_path, tmp_path):
    chart = tmp_path / "q.png"
    result = invoke(runner, "rank", str(mini_case_path), "--explain", "wafer", "--plot", str(chart))
    assert result.exit_code == 0 and chart.stat().st_size > 0
    assert "wafer" in result.stdout


def test_formula_injection_is_neutralised(runner, mini_case_path, tmp_path):
    text = mini_case_path.read_text(encoding="utf-8").replace("en: Silicon carbide", "en: '=HYPERLINK(\"x\")'")
    case = write(tmp_path, "evil.yaml", text)
    csv_out = invoke(runner, "rank", str(case), "--format", "csv").stdout
    assert "'=HYPERLINK" in csv_out
    out = tmp_path / "e.xlsx"
    invoke(runner, "rank", str(case), "--format", "xlsx", "-o", str(out))
    from openpyxl import load_workbook
    values = [c.value for row in load_workbook(out)["ranking"].iter_rows() for c in row]
    assert "'=HYPERLINK(\"x\")" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_rank_plot(runner, tmp_path, suffix):
    out = tmp_path / f"q{suffix}"
    result = invoke(runner, "rank", "--plot", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 10_000
    if suffix == ".svg":
        text = out.read_text()
        assert "photoresist-euv-ebeam" in text or "photoresist" in text


def test_rank_plot_bad_suffix(runner, tmp_path):
    result = invoke(runner, "rank", "--plot", str(tmp_path / "q.pdf"))
    assert result.exit_code == 1 and ".png or .svg" in result.output


def test_rank_explain(runner, mini_case_path):
    result = invoke(runner, "rank", str(mini_case_path), "--explain", "sic", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["id"] == "sic"
    crit = {c["criterion"]: c for c in data["criteria"]}
    assert crit["import_dependence"]["value"] == pytest.approx(0.8)
    assert crit["import_dependence"]["indicators"]["domestic_rate"]["source"] == "s002"
    gov = data["lenses"]["government"]
    parts_plus = sum(c["lenses"]["government"]["d_plus_sq"] for c in data["criteria"])
    assert gov["d_plus"] == pytest.approx(parts_plus ** 0.5)
    assert "patent_control.foreign_core_patent_share" in data["estimates"]
    table = invoke(runner, "rank", str(mini_case_path), "--explain", "sic")
    assert "estimate" in table.stdout and "d+ part" in table.stdout


def test_rank_explain_unknown_material(runner, mini_case_path):
    result = invoke(runner, "rank", str(mini_case_path), "--explain", "nope")
    assert result.exit_code == 1 and "no material 'nope'" in result.output


def test_installed_console_script_runs():
    exe = Path(sys.executable).parent / "matrank"
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    proc = subprocess.run([str(exe), "rank", "--format", "json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["case"] == "key-strategic-materials"
    bad = subprocess.run([str(exe), "rank", "nope"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "unknown case" in bad.stderr


def test_ahp_says_when_gci_is_above_its_limit(runner, tmp_path):
    f = write(tmp_path, "cycle.csv", ",a,b,c\na,1,9,1/9\nb,,1,9\nc,,,1\n")
    result = invoke(runner, "ahp", str(f))
    assert result.exit_code == 0 and "GCI 14.4834 (limit 0.31): above it, inconsistent" in result.stdout
    data = json.loads(invoke(runner, "ahp", str(f), "--format", "json").stdout)
    assert data["gci_consistent"] is False
    good = json.loads(invoke(runner, "ahp", str(write(tmp_path, "ok.csv", GOOD_AHP)), "--format", "json").stdout)
    assert good["gci_consistent"] is True
