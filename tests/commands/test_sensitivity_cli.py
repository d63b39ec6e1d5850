"""``matrank sensitivity`` and ``matrank rank --confidence``: contract, reproducibility, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import DATA, invoke

MINI = str(DATA / "mini.yaml")
FAST = ["--samples", "2000"]


def run_json(runner, *args):
    result = invoke(runner, "sensitivity", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result


def no_traceback(result):
    assert "Traceback" not in result.output and "Traceback" not in (result.stderr or "")


def mini_without_ranges(tmp_path: Path) -> Path:
    """The mini case with every range removed."""
    import yaml
    data = yaml.safe_load((DATA / "mini.yaml").read_text(encoding="utf-8"))
    for m in data["materials"]:
        for name, v in list(m["indicators"].items()):
            if isinstance(v, dict):
                v = {k: x for k, x in v.items() if k not in ("low", "high", "estimate", "basis")}
                m["indicators"][name] = v
    p = tmp_path / "fixed.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def panel_weights(tmp_path: Path, case: str = "mini", experts: bool = True) -> Path:
    from matrank.api import load_case
    loaded = load_case(MINI)
    ids = loaded.criteria.ids
    payload = {
        "format": "matrank-weights/1", "case": case, "criteria_hash": loaded.criteria_hash,
        "criteria": list(ids),
        "weights": {"government": dict(zip(ids, (0.4, 0.3, 0.2, 0.1))),
                    "market": dict(zip(ids, (0.25, 0.15, 0.2, 0.4)))},
    }
    if experts:
        payload["experts"] = {
            "government": [{"id": f"e{k}", "weights": dict(zip(ids, w))}
                           for k, w in enumerate([(0.5, 0.2, 0.2, 0.1), (0.3, 0.4, 0.2, 0.1),
                                                  (0.4, 0.3, 0.2, 0.1)])],
            "market": [{"id": f"e{k}", "weights": dict(zip(ids, w))}
                       for k, w in enumerate([(0.2, 0.2, 0.2, 0.4), (0.3, 0.1, 0.2, 0.4)])],
        }
    p = tmp_path / f"weights-{case}-{experts}.json"
    p.write_text(json.dumps(payload), encoding="utf-8")
    return p


# --------------------------------------------------------------------------- contract


def test_help_has_an_example(runner):
    result = invoke(runner, "sensitivity", "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "matrank sensitivity" in result.output.split("Example:")[1]
    for option in ("--samples", "--seed", "--weight-source", "--concentration", "--values", "--format",
                   "--output", "--quiet", "--force", "--weights"):
        assert option in result.output


def test_json_contract(runner):
    data, result = run_json(runner, MINI, *FAST)
    for key in ("samples", "seed", "weight_source", "materials", "stability"):
        assert key in data
    assert data["samples"] == 2000 and data["seed"] == 20261123
    assert data["weight_source"] == "dirichlet" and data["concentration"] == 100.0
    assert data["values"] == "ranges"
    assert len(data["materials"]) == 6
    for m in data["materials"]:
        assert set(m) >= {"id", "tier", "tier_probability", "rank_acceptability", "government", "market"}
        assert list(m["tier_probability"]) == ["joint", "government-led", "market-led", "monitor"]
        assert sum(m["tier_probability"].values()) == pytest.approx(1.0)
        assert len(m["rank_acceptability"]) == 6 and sum(m["rank_acceptability"]) == pytest.approx(1.0)
        for lens in ("government", "market"):
            band = m[lens]
            assert set(band) >= {"mean", "p05", "p95"}
            assert band["p05"] <= band["mean"] <= band["p95"]
        assert m["confidence"] == m["tier_probability"][m["tier"]]
    for r in range(6):
        assert sum(m["rank_acceptability"][r] for m in data["materials"]) == pytest.approx(1.0)
    assert data["stable"] == [m["id"] for m in data["materials"] if m["confidence"] >= 0.9]
    stab = data["stability"]
    for lens in ("government", "market"):
        for entry in stab[lens].values():
            hold = entry["all_tiers_hold"]
            assert hold["low"] <= entry["weight"] <= hold["high"]
            assert set(entry["materials"]) == {m["id"] for m in data["materials"]}
    assert "created" not in data["provenance"]
    assert not re.search(r"\d{4}-\d\d-\d\d[T ]\d\d:", result.stdout)        # no clock in the output


def test_same_seed_is_byte_identical_and_another_seed_differs(runner):
    for fmt in ("json", "table"):
        a = invoke(runner, "sensitivity", MINI, *FAST, "--format", fmt)
        b = invoke(runner, "sensitivity", MINI, *FAST, "--format", fmt)
        assert a.exit_code == 0 and a.stdout == b.stdout
    c = invoke(runner, "sensitivity", MINI, *FAST, "--format", "json", "--seed", "7")
    assert c.stdout != a.stdout and json.loads(c.stdout)["seed"] == 7


def test_table_output(runner):
    result = invoke(runner, "sensitivity", MINI, *FAST)
    assert result.exit_code == 0
    out = result.stdout
    for text in ("Sensitivity (SMAA-2)", "P(tier)", "Rank 5–95%", "Stable (P(tier) ≥ 0.9)",
                 "Weight stability", "Central weights", "wafer", "Large silicon wafers", "2,000 samples, seed 20261123",
                 "--wide adds"):
        assert text in out
    assert "P(joint)" not in out                         # compact by default
    wide = invoke(runner, "sensitivity", MINI, *FAST, "--wide").stdout
    assert "P(joint)" in wide and "P(monitor)" in wide and "--wide adds" not in wide
    assert "SMAA samples" not in result.stderr          # no progress bar off a terminal


def test_sample_counts_may_be_written_as_people_write_them(runner):
    for text in ("2e3", "2_000", "2,000"):
        data, _ = run_json(runner, MINI, "--samples", text, "--values", "fixed")
        assert data["samples"] == 2000


def test_table_in_chinese(runner):
    result = invoke(runner, "sensitivity", MINI, *FAST, "--lang", "zh")
    assert result.exit_code == 0 and "联合攻关" in result.stdout


def test_fixed_values_and_sources(runner):
    data, _ = run_json(runner, MINI, *FAST, "--values", "fixed", "--weight-source", "uniform")
    assert data["values"] == "fixed" and data["ranged_indicators"] == []
    assert data["weight_source"] == "uniform" and data["concentration"] is None
    assert data["weight_sources"]["government"] == "uniform"


def test_concentration_implies_dirichlet(runner):
    data, _ = run_json(runner, MINI, *FAST, "--concentration", "20")
    assert data["weight_source"] == "dirichlet" and data["concentration"] == 20.0


def test_median_split_and_policy_mix(runner):
    data, _ = run_json(runner, MINI, *FAST, "--split", "median", "--policy-mix", "0.8")
    assert data["thresholds"]["split"] == "median" and data["policy_mix"] == 0.8


def test_case_without_ranges_runs_fixed_and_says_so(runner, tmp_path):
    case = mini_without_ranges(tmp_path)
    data, result = run_json(runner, str(case), *FAST)
    assert data["values"] == "fixed"
    assert "no indicator ranges: values are kept fixed" in result.stderr
    quiet = invoke(runner, "sensitivity", str(case), *FAST, "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_panel_weights_are_resampled_by_default(runner, tmp_path):
    weights = panel_weights(tmp_path)
    data, _ = run_json(runner, MINI, "--weights", str(weights), *FAST)
    assert data["weight_source"] == "panel"
    assert data["weight_sources"]["government"].startswith("panel (3 experts")
    assert data["weight_sources"]["market"].startswith("panel (2 experts")
    assert "weights_hash" in data["provenance"]


def test_output_file_and_xlsx(runner, tmp_path):
    out = tmp_path / "smaa.json"
    result = invoke(runner, "sensitivity", MINI, *FAST, "--format", "json", "-o", str(out))
    assert result.exit_code == 0 and f"wrote {out}" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["samples"] == 2000
    again = invoke(runner, "sensitivity", MINI, *FAST, "--format", "json", "-o", str(out))
    assert again.exit_code == 1 and "already exists; pass --force" in again.stderr
    assert invoke(runner, "sensitivity", MINI, *FAST, "-o", str(out), "--force").exit_code == 0
    book = tmp_path / "smaa.xlsx"
    result = invoke(runner, "sensitivity", MINI, *FAST, "--format", "xlsx", "-o", str(book))
    assert result.exit_code == 0
    from openpyxl import load_workbook
    wb = load_workbook(book)
    assert wb.sheetnames == ["summary", "tiers", "rank_acceptability", "central_weights", "stability", "provenance"]
    assert wb["tiers"].max_row == 7 and wb["tiers"]["B2"].value == "wafer"


def test_rank_confidence(runner):
    plain = invoke(runner, "rank", MINI)
    result = invoke(runner, "rank", MINI, "--confidence")
    assert result.exit_code == 0 and "P(tier)" in result.stdout and "P(tier)" not in plain.stdout
    data = json.loads(invoke(runner, "rank", MINI, "--confidence", "--format", "json").stdout)
    assert data["provenance"]["confidence_samples"] == 10000
    smaa, _ = run_json(runner, MINI)            # same defaults: 10,000 samples, the fixed seed
    expected = {m["id"]: m["confidence"] for m in smaa["materials"]}
    assert {m["id"]: m["confidence"] for m in data["materials"]} == expected
    csv = invoke(runner, "rank", MINI, "--confidence", "--format", "csv").stdout
    assert csv.lstrip("\ufeff").splitlines()[0].split(",")[-2:] == ["confidence", "note"]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("args, message", [
    (["--samples", "0"], "--samples: must be a whole number ≥ 1; found 0"),
    (["--samples", "-5"], "--samples: must be a whole number ≥ 1; found -5"),
    (["--samples", "many"], "'many' is not a whole number of samples (e.g. 10000 or 1e6)"),
    (["--samples", "2.5"], "'2.5' is not a whole number of samples"),
    (["--concentration", "0"], "--concentration: must be a positive number (α = C·w; larger is tighter); found 0.0"),
    (["--concentration", "-2"], "--concentration: must be a positive number"),
    (["--seed", "-1"], "--seed: must be a whole number ≥ 0; found -1"),
    (["--weight-source", "uniform", "--concentration", "5"], "does not apply to --weight-source uniform"),
    (["--weight-source", "bayes"], "'bayes' is not one of"),
    (["--values", "sampled"], "'sampled' is not one of"),
    (["--format", "xlsx"], "--format xlsx writes a file: give -o FILE.xlsx"),
    (["--format", "xlsx", "-o", "out.csv"], "--format xlsx writes .xlsx: name the file -o FILE.xlsx"),
    (["--ranking", "borda"], "'borda' is not one of"),
    (["--ranking", "vikor", "--normalization", "minmax"], "--normalization: VIKOR does not take normalization"),
])
def test_usage_errors_exit_2(runner, args, message):
    result = invoke(runner, "sensitivity", MINI, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    no_traceback(result)


def test_too_many_samples_is_refused_with_the_estimate(runner):
    result = invoke(runner, "sensitivity", MINI, "--samples", "1000000000")
    assert result.exit_code == 1
    assert "--samples: 1,000,000,000 is too large: estimated about" in result.stderr
    assert "--force to proceed" in result.stderr
    no_traceback(result)


def test_a_million_samples_on_the_default_case_is_not_too_large():
    from matrank.api import load_case, rank_case
    from matrank.sensitivity import SensitivityOptions, check_size, resolve_options
    result = rank_case(load_case())
    options, _ = resolve_options(result, SensitivityOptions(samples=1_000_000))
    est = check_size(len(result.case.materials), 4, options)
    assert est.seconds < 60


def test_panel_source_without_a_panel_is_an_error(runner, tmp_path):
    result = invoke(runner, "sensitivity", MINI, *FAST, "--weight-source", "panel")
    assert result.exit_code == 1
    assert "--weight-source: panel asked, but it needs the panel's individual priority vectors" in result.stderr
    assert "Fix: pass --weights PANEL.json, or use --weight-source dirichlet or uniform" in result.stderr
    weights = panel_weights(tmp_path, experts=False)
    result = invoke(runner, "sensitivity", MINI, *FAST, "--weights", str(weights), "--weight-source", "panel")
    assert result.exit_code == 1 and "not from a panel" in result.stderr
    no_traceback(result)


def test_weights_file_from_another_case(runner, tmp_path):
    weights = panel_weights(tmp_path, case="shenzhen-2022")
    result = invoke(runner, "sensitivity", MINI, *FAST, "--weights", str(weights))
    assert result.exit_code == 1
    assert "the weights file was made for another case" in result.stderr and "'mini'" in result.stderr
    no_traceback(result)


def test_explicit_ranges_on_a_case_without_ranges(runner, tmp_path):
    case = mini_without_ranges(tmp_path)
    result = invoke(runner, "sensitivity", str(case), *FAST, "--values", "ranges")
    assert result.exit_code == 1
    assert "--values: ranges asked, but no indicator in the case has a range" in result.stderr
    assert "Fix: add low and high to the estimates, or use --values fixed" in result.stderr
    no_traceback(result)


def test_unknown_case(runner):
    result = invoke(runner, "sensitivity", "no-such-case", *FAST)
    assert result.exit_code == 1
    no_traceback(result)


def test_ctrl_c_stops_cleanly(runner, monkeypatch, tmp_path):
    import matrank.sensitivity

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    import matrank.commands.sensitivity as command
    monkeypatch.setattr(command, "run_sensitivity", interrupted)
    out = tmp_path / "never.json"
    result = invoke(runner, "sensitivity", MINI, *FAST, "-o", str(out))
    assert result.exit_code == 130
    assert result.stderr.strip() == "matrank sensitivity: interrupted; nothing was written"
    assert not out.exists()
    no_traceback(result)
