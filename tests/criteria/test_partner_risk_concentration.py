"""import_dependence's partner-risk term: partner_risk_concentration k, when present, raises the
score in place of the plain HHI (supplier_concentration): s + k·s·(1 − s)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import invoke
from matrank.criteria import Registry
from matrank.criteria.scoring import decision_matrix
from matrank.model import Material, Value


def crit():
    return Registry().get("import_dependence")


def test_the_risk_weighted_concentration_raises_the_score():
    # shares .6/.4 from partners of risk .2/.5: k = HHI × Σ s·risk = .52 × .32 = .1664
    k = (0.6 ** 2 + 0.4 ** 2) * (0.6 * 0.2 + 0.4 * 0.5)
    assert crit().score({"domestic_rate": 0.1, "partner_risk_concentration": k}) == pytest.approx(0.9 + k * 0.9 * 0.1)


def test_it_replaces_the_plain_hhi_when_both_are_given():
    both = crit().score({"domestic_rate": 0.5, "supplier_concentration": 1.0, "partner_risk_concentration": 0.2})
    assert both == pytest.approx(0.5 + 0.2 * 0.25)
    assert crit().score({"domestic_rate": 0.5, "supplier_concentration": 1.0}) == pytest.approx(0.75)


def test_it_applies_to_import_reliance_too():
    # IR = (80 − 10) / (30 + 80 − 10) = .7; k = .3
    score = crit().score({"production": 30, "imports": 80, "exports": 10, "partner_risk_concentration": 0.3})
    assert score == pytest.approx(0.7 + 0.3 * 0.7 * 0.3)


def test_zero_risk_adds_nothing_and_the_score_stays_in_the_unit_interval():
    assert crit().score({"domestic_rate": 0.3, "partner_risk_concentration": 0.0}) == pytest.approx(0.7)
    out = crit().score({"domestic_rate": np.array([0.0, 0.5, 1.0]), "partner_risk_concentration": np.array([1.0] * 3)})
    np.testing.assert_allclose(out, [1.0, 0.75, 0.0])


def test_its_range_enters_the_decision_matrix():
    m = Material("x", {"en": "X"}, "c", {
        "domestic_rate": Value(0.5),
        "supplier_concentration": Value(0.9),  # ignored: the risk term is there
        "partner_risk_concentration": Value(0.2, estimate=True, low=0.1, high=0.4, basis="test"),
        "foreign_core_patent_share": Value(0.5), "validation_years": Value(2.0), "market_pull_rating": Value(5.0)})
    dm = decision_matrix([m], Registry())
    assert dm.scores[0, 0] == pytest.approx(0.55)
    assert (dm.low[0, 0], dm.high[0, 0]) == (pytest.approx(0.525), pytest.approx(0.6))


def test_the_unread_plain_hhi_neither_shows_nor_makes_the_score_an_estimate():
    """With both terms, only the risk-weighted one is read: an estimated plain HHI beside it is
    not listed among the indicators used (--explain) and does not mark the score as an estimate."""
    from matrank.criteria.scoring import used_indicators
    m = Material("x", {"en": "X"}, "c", {
        "domestic_rate": Value(0.5),
        "supplier_concentration": Value(0.9, estimate=True, low=0.5, high=1.0, basis="test"),
        "partner_risk_concentration": Value(0.2),
        "foreign_core_patent_share": Value(0.5), "validation_years": Value(2.0), "market_pull_rating": Value(5.0)})
    assert used_indicators(m, crit()) == ("domestic_rate", "partner_risk_concentration")
    dm = decision_matrix([m], Registry())
    assert not dm.estimated[0, 0] and dm.low[0, 0] == dm.high[0, 0] == pytest.approx(0.55)


def test_matrank_criteria_shows_the_formula(runner):
    data = json.loads(invoke(runner, "criteria", "--format", "json").stdout)
    entry = next(c for c in data if c["id"] == "import_dependence")
    assert "k = partner_risk_concentration, else supplier_concentration" in entry["formula"]
    assert "s + k·s·(1 − s)" in entry["formula"] and "partner_risk_concentration" in entry["indicators"]
