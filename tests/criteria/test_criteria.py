"""The criteria: formulas, directions per lens, registry, scoring with ranges."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matrank.criteria import BUILTIN, BUILTIN_IDS, Registry, custom_criterion, raise_by_concentration
from matrank.criteria.import_dependence import import_reliance
from matrank.criteria.scoring import decision_matrix
from matrank.errors import InputError
from matrank.model import Material, Value


def crit(cid):
    return Registry().get(cid)


def test_builtin_order_and_directions_follow_the_domain_brief():
    assert BUILTIN_IDS == ("import_dependence", "patent_control", "validation_cycle", "market_pull")
    reg = Registry()
    assert reg.benefit("government") == (True, True, True, True)
    assert reg.benefit("market") == (True, False, False, True)


def test_bilingual_names():
    assert crit("import_dependence").name("zh") == "进口依赖度"
    assert crit("market_pull").name("en") == "Market pull"
    assert crit("patent_control").name("both") == "专利控制 / Patent control"


def test_import_dependence_from_domestic_rate_and_trade():
    c = crit("import_dependence")
    assert c.score({"domestic_rate": 0.2}) == pytest.approx(0.8)
    # EU CRM import reliance: (I − E) / (P + I − E)
    assert c.score({"production": 30, "imports": 80, "exports": 10}) == pytest.approx(70 / 100)
    assert c.score({"production": 100, "imports": 5, "exports": 50}) == 0.0  # net exporter: clipped
    assert c.score({"production": 0, "imports": 0, "exports": 0}) == 0.0


def test_supplier_concentration_raises_dependence():
    c = crit("import_dependence")
    assert c.score({"domestic_rate": 0.5, "supplier_concentration": 1.0}) == pytest.approx(0.75)
    assert c.score({"domestic_rate": 0.5, "supplier_concentration": 0.0}) == pytest.approx(0.5)
    assert c.score({"domestic_rate": 0.0, "supplier_concentration": 1.0}) == pytest.approx(1.0)


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_concentration_raise_stays_in_unit_interval_and_is_monotone(b, c, delta):
    lo = raise_by_concentration(b, c)
    hi = raise_by_concentration(min(1.0, b + delta * (1 - b)), c)
    assert 0 <= lo <= 1 and lo >= b - 1e-12
    assert hi >= lo - 1e-12


def test_patent_control_with_top3():
    c = crit("patent_control")
    assert c.score({"foreign_core_patent_share": 0.8}) == pytest.approx(0.8)
    assert c.score({"foreign_core_patent_share": 0.8, "top3_holder_share": 0.5}) == pytest.approx(0.88)


def test_market_pull_bases():
    c = crit("market_pull")
    assert c.score({"market_pull_rating": 7}) == 7
    assert c.score({"market_size": 100, "market_growth": 0.1}) == pytest.approx(100 * 1.1 ** 5)
    with pytest.raises(KeyError, match="market_pull_rating, or market_size"):
        c.score({"market_size": 100})


def test_scores_are_vectorised():
    c = crit("import_dependence")
    out = c.score({"domestic_rate": np.array([0.1, 0.5]), "supplier_concentration": np.array([0.0, 1.0])})
    np.testing.assert_allclose(out, [0.9, 0.75])
    np.testing.assert_allclose(import_reliance(np.array([1, 0]), np.array([1, 2]), np.array([0, 0])), [0.5, 1.0])


def test_decision_matrix_ranges_come_from_indicator_ranges():
    m = Material("x", {"en": "X"}, "c", {
        "domestic_rate": Value(0.3, estimate=True, low=0.2, high=0.5, basis="b"),
        "foreign_core_patent_share": Value(0.6),
        "validation_years": Value(3, estimate=True, low=2, high=6, basis="b"),
        "market_pull_rating": Value(5),
    })
    dm = decision_matrix([m], Registry())
    np.testing.assert_allclose(dm.scores[0], [0.7, 0.6, 3, 5])
    np.testing.assert_allclose(dm.low[0], [0.5, 0.6, 2, 5])   # import dependence falls as the rate rises
    np.testing.assert_allclose(dm.high[0], [0.8, 0.6, 6, 5])
    assert dm.estimated[0].tolist() == [True, False, True, False]
    assert dm.has_ranges


def test_registry_custom_criterion_and_overrides():
    reg = Registry(BUILTIN)
    reg.add(custom_criterion("recyclability", {"zh": "可回收性", "en": "Recyclability"}, "fraction",
                             {"government": "benefit", "market": "cost"}, "fraction"))
    assert reg.ids[-1] == "recyclability"
    assert reg.get("recyclability").name("zh") == "可回收性"
    assert reg.get("recyclability").score({"recyclability": 0.4}) == 0.4
    reg.override_directions("patent_control", {"market": "benefit"})
    assert reg.benefit("market") == (True, True, False, True, False)
    with pytest.raises(InputError, match="defined twice"):
        reg.add(BUILTIN[0])
    with pytest.raises(InputError, match="unknown criterion 'nope'.*import_dependence"):
        reg.get("nope")
    with pytest.raises(InputError, match="no valid government direction"):
        reg.add(custom_criterion("z", {"en": "Z"}, "u", {"government": "up", "market": "cost"}))
