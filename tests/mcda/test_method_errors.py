"""Every check the methods make on what a notebook user may hand them directly: each one
raises a typed error that says what was found and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from matrank.errors import InputError, OptionError
from matrank.mcda import ranking
from matrank.mcda.ahp import analyse, from_judgments, pairwise_matrix, random_index
from matrank.mcda.group import aip
from matrank.mcda.smaa import ScoreGroup, ValueModel, WeightModel
from matrank.mcda.smaa.samplers import block_rng
from matrank.mcda.topsis import evaluate, normalize, prepare
from matrank.model import Thresholds
from matrank.options import PanelOptions, RankOptions, SensitivityOptions

OK = np.array([[1.0, 2.0], [0.5, 1.0]])


@pytest.mark.parametrize("call, message", [
    (lambda: pairwise_matrix(["a", "b", "c"], OK), "not square"),
    (lambda: pairwise_matrix(["a", "a"], OK), "labels repeat"),
    (lambda: pairwise_matrix(["a", "b"], np.array([[2.0, 2.0], [0.5, 1.0]])), "a diagonal cell is not 1"),
    (lambda: from_judgments(["a", "b"], {("a", "z"): 2}), "unknown element 'z'"),
    (lambda: from_judgments(["a", "b"], {("a", "a"): 2}), "compares 'a' with itself"),
    (lambda: random_index(4, "saaty1999"), "unknown RI table 'saaty1999'"),
    (lambda: analyse(pairwise_matrix(["a", "b"], OK), method="power"), "unknown AHP method 'power'"),
    (lambda: aip([]), "no expert priorities"),
])
def test_ahp_and_group_checks(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_an_unknown_ranking_method_names_the_choices():
    with pytest.raises(OptionError, match=r"^ranking: unknown ranking method 'borda'; expected topsis or vikor"):
        ranking.method("borda")


@pytest.mark.parametrize("call, message", [
    (lambda: evaluate(np.empty((0, 3)), [1, 1, 1], [True] * 3), "empty or not two-dimensional"),
    (lambda: normalize(np.ones((3, 2)), "l1"), "unknown normalization 'l1'"),
    (lambda: prepare([np.ones((3, 4))], "l1"), "unknown normalization 'l1'"),
])
def test_topsis_checks(call, message):
    with pytest.raises(InputError, match=message):
        call()


@pytest.mark.parametrize("make, message", [
    (lambda: RankOptions(method="power"), r"^method: unknown method 'power'; expected eigen or geometric"),
    (lambda: RankOptions(policy_mix=1.5), r"^policy_mix: is outside \[0, 1\]; found 1.5.*policy_mix=0.5"),
    (lambda: RankOptions(cr_threshold=0.0), r"^cr_threshold: is outside \(0, 1\]"),
    (lambda: RankOptions(thresholds=Thresholds(split="mean")), r"^thresholds.split: unknown split 'mean'"),
    (lambda: RankOptions(thresholds=Thresholds(1.5, 0.5)), r"^thresholds.government: the government threshold"),
    (lambda: RankOptions(ranking="vikor", normalization="minmax"), r"^normalization: VIKOR does not take"),
    (lambda: SensitivityOptions(seed=-1), r"^seed: must be a whole number ≥ 0"),
    (lambda: SensitivityOptions(weight_source="bayes"), r"^weight_source: unknown weight_source 'bayes'"),
    (lambda: SensitivityOptions(concentration=float("nan")), r"^concentration: must be a positive number"),
    (lambda: SensitivityOptions(weight_source="uniform", concentration=5),
     r"^concentration: sets the Dirichlet's spread; it does not apply to weight_source uniform"),
    (lambda: SensitivityOptions(values="sampled"), r"^values: unknown values 'sampled'"),
    (lambda: SensitivityOptions(workers=0), r"^workers: must be a whole number ≥ 1"),
    (lambda: PanelOptions(aggregate="mean"), r"^aggregate: unknown aggregate 'mean'"),
    (lambda: PanelOptions(cr_threshold=1.0), r"^cr_threshold: is outside \(0, 1\)"),
    (lambda: PanelOptions(on_inconsistent="shrug"), r"^on_inconsistent: unknown on_inconsistent 'shrug'"),
])
def test_options_check_themselves_and_name_the_field(make, message):
    with pytest.raises(OptionError, match=message):
        make()


def test_the_command_line_shows_the_flag_instead():
    from matrank.commands.common import FLAGS
    with pytest.raises(OptionError) as info:
        RankOptions(policy_mix=1.5)
    assert info.value.named(FLAGS).message.startswith("--policy-mix: is outside [0, 1]; found 1.5")
    assert info.value.named(FLAGS).message.endswith("e.g. --policy-mix 0.5")


def test_sampler_checks():
    with pytest.raises(InputError, match="not finite and non-negative"):
        WeightModel("panel", [0.5, 0.5], experts=np.array([[0.5, np.nan]]))
    with pytest.raises(InputError, match="vectors of one length"):
        ValueModel(np.ones(2), np.ones(3), np.ones(2), np.array([]), ())
    blow_up = ScoreGroup(0, np.array([0]), ("x",), np.array([[0]]), lambda v: v["x"] / 0.0)
    model = ValueModel(np.array([1.0]), np.array([2.0]), np.array([3.0]), np.array([]), (blow_up,))
    with np.errstate(divide="ignore"), pytest.raises(InputError, match="a sampled value is not a finite number"):
        model.sample(block_rng(1, 0, 2), 8, np.ones((2, 2)))
