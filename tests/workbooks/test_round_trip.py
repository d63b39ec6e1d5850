"""Whatever `panel collect --weights-out` writes, `rank --weights` accepts (issue 10): random
panels of experts, judgments and ratings, collected, written and read back."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from panel_helpers import IDS, MINI, fill, mini_case, templates

from matrank.api import rank_case
from matrank.mcda.ahp import SAATY_SCALE
from matrank.options import PanelOptions, RankOptions
from matrank.reports.panel_report import weights_payload
from matrank.weightsfile import read_weights, write_weights
from matrank.workbooks.collect import collect
from matrank.workbooks.layout import rating_items

TEMPLATE: list[Path] = []


def template(tmp: Path) -> Path:
    if not TEMPLATE:
        TEMPLATE.append(templates(tmp, 1)[0])
    return TEMPLATE[0]


experts = st.lists(st.fixed_dictionaries({
    "gov": st.lists(st.sampled_from(SAATY_SCALE), min_size=6, max_size=6),
    "market": st.lists(st.sampled_from(SAATY_SCALE), min_size=6, max_size=6),
    "ratings": st.lists(st.integers(1, 9), min_size=3, max_size=3),
}), min_size=1, max_size=3)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(experts)
def test_random_panels_round_trip(tmp_path_factory, panel):
    tmp = tmp_path_factory.mktemp("panel")
    tpl = template(tmp_path_factory.mktemp("tpl"))
    items = rating_items(mini_case())
    pairs = list(itertools.combinations(IDS, 2))
    files = []
    for k, e in enumerate(panel):
        ratings = {(item.material, item.criterion): r for item, r in zip(items, e["ratings"])}
        files.append(fill(tpl, tmp / f"expert-{k}.xlsx", name=f"E{k}", role="user",
                          judgments={"government": dict(zip(pairs, e["gov"])),
                                     "market": dict(zip(pairs, e["market"]))}, ratings=ratings))
    result = collect([str(f) for f in files], str(MINI), PanelOptions(on_inconsistent="include"))
    assert result.counts["used"] == len(panel)
    out = tmp / "weights.json"
    write_weights(out, weights_payload(result), force=True)
    case = mini_case()
    wf = read_weights(out, case)                      # never refused
    ranked = rank_case(case, RankOptions(), wf)
    for lens, agg in result.lenses.items():
        np.testing.assert_allclose(ranked.lenses[lens].weights, agg.weights, rtol=1e-12)
    for material, by_indicator in json.loads(out.read_text())["ratings"].items():
        for name, r in by_indicator.items():
            assert r["low"] <= r["value"] <= r["high"]
            assert ranked.case.material(material).indicators[name].value == r["value"]
