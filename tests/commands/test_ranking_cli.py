"""``--ranking topsis|vikor`` through rank, --explain, --confidence and sensitivity."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from conftest import DATA, invoke

from matrank.api import load_case, rank_case
from matrank.mcda.vikor import evaluate
from matrank.options import RankOptions

MINI = str(DATA / "mini.yaml")


def rank_json(runner, *args):
    result = invoke(runner, "rank", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result


def test_vikor_json_keeps_the_lens_scores_and_adds_the_method_and_its_detail(runner):
    data, _ = rank_json(runner, MINI, "--ranking", "vikor")
    assert data["ranking"] == "vikor" and data["normalization"] == "range"
    assert data["provenance"]["ranking"] == "vikor" and data["provenance"]["vikor_v"] == 0.5
    result = rank_case(load_case(MINI), RankOptions(ranking="vikor"))
    for entry in data["materials"]:
        i = [m.id for m in result.case.materials].index(entry["id"])
        for lens in ("government", "market"):
            detail = entry["detail"][lens]
            assert set(detail) == {"s", "r", "q"}
            assert entry[lens] == pytest.approx(1.0 - detail["q"], abs=1e-15)
            assert entry[lens] == result.lenses[lens].score[i]


def test_topsis_json_detail_is_the_distances(runner):
    data, _ = rank_json(runner, MINI)
    assert data["ranking"] == "topsis"
    entry = data["materials"][0]
    for lens in ("government", "market"):
        d = entry["detail"][lens]
        assert entry[lens] == pytest.approx(d["d_minus"] / (d["d_plus"] + d["d_minus"]), abs=1e-15)


def test_vikor_scores_equal_an_independent_computation_on_the_default_case(runner):
    data, _ = rank_json(runner, "--ranking", "vikor")
    case = load_case()
    result = rank_case(case, RankOptions(ranking="vikor"))
    for lens in ("government", "market"):
        lr = result.lenses[lens]
        x = result.matrix.scores
        best = np.where(lr.benefit, x.max(axis=0), x.min(axis=0))
        worst = np.where(lr.benefit, x.min(axis=0), x.max(axis=0))
        w = lr.weights / lr.weights.sum()
        gap = w * (best - x) / (best - worst)
        s, r = gap.sum(axis=1), gap.max(axis=1)
        q = 0.5 * (s - s.min()) / (s.max() - s.min()) + 0.5 * (r - r.min()) / (r.max() - r.min())
        np.testing.assert_allclose(lr.score, 1 - q, atol=1e-12)


def test_vikor_explain_and_confidence_and_sensitivity(runner):
    result = invoke(runner, "rank", MINI, "--ranking", "vikor", "--explain", "euv")
    assert result.exit_code == 0 and "1 − Q = " in result.stdout and "weighted gap" in result.stdout
    data = json.loads(invoke(runner, "rank", MINI, "--ranking", "vikor", "--explain", "euv", "--format",
                             "json").stdout)
    assert data["ranking"] == "vikor" and set(data["lenses"]["market"]) == {"score", "s", "r", "q"}
    md = invoke(runner, "rank", MINI, "--ranking", "vikor", "--explain", "euv", "--format", "md").stdout
    assert md.startswith("# euv") and "| criterion |" in md
    data, _ = rank_json(runner, MINI, "--ranking", "vikor", "--confidence")
    assert all(0 <= m["confidence"] <= 1 for m in data["materials"])
    smaa = json.loads(invoke(runner, "sensitivity", MINI, "--ranking", "vikor", "--samples", "2000",
                             "--format", "json").stdout)
    assert "VIKOR" in smaa["provenance"]["method"]
    assert [m["id"] for m in smaa["materials"]] == [m["id"] for m in data["materials"]]


def test_vikor_with_a_constant_criterion_and_with_all_materials_equal(runner, tmp_path):
    raw = yaml.safe_load((DATA / "mini.yaml").read_text(encoding="utf-8"))
    for m in raw["materials"]:
        m["indicators"]["validation_years"] = 3
    case = tmp_path / "constant.yaml"
    case.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data, result = rank_json(runner, str(case), "--ranking", "vikor")
    assert "constant criterion weighted out" in result.stderr and "validation_cycle" in result.stderr
    assert all(np.isfinite(m["government"]) for m in data["materials"])
    for m in raw["materials"]:
        m["indicators"] = {"domestic_rate": 0.5, "foreign_core_patent_share": 0.5, "validation_years": 3,
                           "market_pull_rating": 5}
    case.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data, result = rank_json(runner, str(case), "--ranking", "vikor")
    assert "every criterion is constant" in result.stderr
    assert {m["government"] for m in data["materials"]} == {0.5}


def test_an_unknown_ranking_is_a_usage_error(runner):
    result = invoke(runner, "rank", MINI, "--ranking", "borda")
    assert result.exit_code == 2 and "'borda' is not one of 'topsis', 'vikor'" in result.stderr


def test_the_scalar_vikor_is_what_rank_reports():
    result = rank_case(load_case(MINI), RankOptions(ranking="vikor"))
    lr = result.lenses["government"]
    np.testing.assert_array_equal(lr.score, evaluate(result.matrix.scores, lr.weights, lr.benefit).score)
