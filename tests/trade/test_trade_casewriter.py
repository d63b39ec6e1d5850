"""The pure part of ``matrank trade indicators`` (:mod:`matrank.trade.casewriter`), the
provenance hashes, and the ``previous`` key of the case format."""

from __future__ import annotations

import copy
import hashlib

import pytest
from trade_cases import dump, mini_raw, trade_inputs, with_codes, with_production

from matrank.casefiles import load_case
from matrank.casefiles.build import build_case
from matrank.errors import InputError, InputErrors
from matrank.trade import trade_indicators
from matrank.trade.casewriter import trade_case
from matrank.trade.provenance import CHUNK, file_sha256, provenance


def computed(tmp_path, raw: dict, rule: str = "latest", risk: bool = True, basis: str = "value"):
    files = trade_inputs(tmp_path)
    dump(files["case"], raw)
    case = load_case(str(files["case"]))
    codes = {m.id: m.hs_codes for m in case.materials if m.hs_codes}
    result = trade_indicators([files["data"]], codes, "CHN", country_codes=files["countries"], basis=basis,
                              partner_risk=files["risk"] if risk else None)
    prov = provenance(result.files, files["countries"], files["risk"] if risk else None)
    return trade_case(raw, case, result, rule, prov)


def test_the_case_given_is_not_changed(tmp_path):
    raw = with_codes(mini_raw())
    before = copy.deepcopy(raw)
    tc = computed(tmp_path, raw)
    assert raw == before and tc.raw != before
    assert tc.raw["description"].startswith(before["description"])
    assert tc.raw["description"].endswith("written by matrank trade indicators: source trade-baci.")


def test_what_each_material_got(tmp_path):
    tc = computed(tmp_path, with_codes(mini_raw()))
    by_id = {m.material: m for m in tc.materials}
    assert list(by_id) == ["wafer", "euv", "foil"] and tc.unchanged == ("sic", "cathode", "pem")
    wafer = by_id["wafer"]
    assert wafer.approximate and wafer.uses == "concentration" and wafer.import_reliance is None
    assert (wafer.top_partner, wafer.top_share, wafer.top_year) == ("JPN", pytest.approx(0.6), 2020)
    assert [v.indicator for v in wafer.values] == ["imports", "exports", "supplier_concentration",
                                                   "partner_risk_concentration"]
    assert not any(v.replaced for v in wafer.values)
    foil = by_id["foil"]
    assert not foil.approximate and foil.value("partner_risk_concentration").estimate.value == pytest.approx(0.175)
    assert (foil.value("partner_risk_concentration").estimate.low,
            foil.value("partner_risk_concentration").estimate.high) == (pytest.approx(0.175), pytest.approx(0.5))
    assert by_id["euv"].uses == "none" and by_id["euv"].values == () and by_id["euv"].notes
    assert tc.using("none") == ("euv",)


def test_without_a_risk_table_no_risk_term(tmp_path):
    tc = computed(tmp_path, with_codes(mini_raw()), risk=False)
    wafer = tc.materials[0]
    assert wafer.value("partner_risk_concentration") is None and wafer.value("supplier_concentration")
    assert "partner-risk table" not in tc.raw["sources"][-1]["citation"]


def test_import_reliance_with_the_cases_production(tmp_path):
    tc = computed(tmp_path, with_production(with_codes(mini_raw())))
    wafer = next(m for m in tc.materials if m.material == "wafer")
    # latest year 2020: I = 100,000, E = 30,000, P = 200,000
    assert wafer.uses == "reliance" and wafer.import_reliance == pytest.approx(70_000 / 270_000)
    assert all(v.replaced for v in wafer.values if v.indicator in ("imports", "exports"))


def test_domestic_rate_first_is_noted_when_production_is_there_too(tmp_path):
    raw = with_codes(mini_raw())
    wafer = next(m for m in raw["materials"] if m["id"] == "wafer")
    wafer["indicators"]["production"] = {"value": 10, "unit": "USD"}
    tc = computed(tmp_path, raw)
    outcome = next(m for m in tc.materials if m.material == "wafer")
    assert outcome.uses == "concentration" and any("domestic_rate comes first" in n for n in outcome.notes)


def test_the_source_id_is_never_one_the_case_has(tmp_path):
    raw = with_codes(mini_raw())
    raw["sources"] += [{"id": "trade-baci", "citation": "an earlier run"},
                       {"id": "trade-baci-2", "citation": "another"}]
    tc = computed(tmp_path, raw)
    assert tc.source_id == "trade-baci-3" and [s["id"] for s in tc.raw["sources"]][-3:] == [
        "trade-baci", "trade-baci-2", "trade-baci-3"]


def test_a_bare_value_replaced_is_kept_as_a_mapping(tmp_path):
    raw = with_codes(mini_raw())
    next(m for m in raw["materials"] if m["id"] == "foil")["indicators"]["supplier_concentration"] = 0.3
    tc = computed(tmp_path, raw)
    hhi = next(m for m in tc.raw["materials"] if m["id"] == "foil")["indicators"]["supplier_concentration"]
    assert hhi["previous"] == {"value": 0.3} and hhi["value"] == 0.5
    assert next(m for m in tc.materials if m.material == "foil").value("supplier_concentration").replaced


def test_an_unknown_rule_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="rule 'median'"):
        computed(tmp_path, with_codes(mini_raw()), rule="median")


def test_previous_is_provenance_the_case_does_not_read(tmp_path):
    raw = with_codes(mini_raw())
    wafer = next(m for m in raw["materials"] if m["id"] == "wafer")["indicators"]
    plain = build_case(copy.deepcopy(raw), file="case.yaml", input_hash="")
    wafer["domestic_rate"]["previous"] = {"value": 0.5, "anything": ["free", "form"], "previous": {"value": 9}}
    with_previous = build_case(raw, file="case.yaml", input_hash="")
    assert [m.indicators for m in with_previous.materials] == [m.indicators for m in plain.materials]
    wafer["domestic_rate"]["previous"] = 0.5
    with pytest.raises(InputErrors, match=r"wafer\)\.indicators\.domestic_rate\.previous"):
        build_case(raw, file="case.yaml", input_hash="")


def test_files_are_hashed_in_chunks(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"t,i,j,k,v,q\n" * (CHUNK // 4))  # three chunks
    assert file_sha256(big) == "sha256:" + hashlib.sha256(big.read_bytes()).hexdigest()
    with pytest.raises(InputError, match="cannot read the file"):
        file_sha256(tmp_path / "missing.csv")
