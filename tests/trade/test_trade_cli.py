"""``matrank trade indicators`` and ``matrank trade summary`` end to end: the written case
validates and ranks, its values equal the hand computations of ``trade_cases``, nothing the
case had is lost; every bad input is one line with an exit code and no traceback."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import error_line, invoke
from trade_cases import (WAFER_NOTE, dump, indicators_args, mini_raw, trade_inputs, with_codes,
                         with_production)
from trade_helpers import CHN, DEU, JPN, write_baci, write_lines

from matrank.casefiles import load_case
from matrank.criteria.scoring import decision_matrix


@pytest.fixture
def files(tmp_path):
    return trade_inputs(tmp_path)


def written(path) -> dict:
    return {m["id"]: m for m in yaml.safe_load(path.read_text(encoding="utf-8"))["materials"]}


def import_dependence(path, material: str) -> float:
    case = load_case(str(path))
    dm = decision_matrix(case.materials, case.criteria)
    return float(dm.scores[dm.materials.index(material), dm.criteria.index("import_dependence")])


def test_indicators_round_trip_concentration_only(runner, files, tmp_path):
    out = tmp_path / "new.yaml"
    result = invoke(runner, *indicators_args(files, out, "--partner-risk", str(files["risk"])))
    assert result.exit_code == 0, result.output
    assert "concentration only" in result.stdout and "wafer*" in result.stdout
    assert "euv: none of its HS codes (370790) matches a record" in result.stderr
    assert invoke(runner, "validate", str(out)).exit_code == 0
    assert invoke(runner, "rank", str(out)).exit_code == 0
    wafer = written(out)["wafer"]["indicators"]
    hhi, risk = wafer["supplier_concentration"], wafer["partner_risk_concentration"]
    assert (hhi["value"], hhi["low"], hhi["high"]) == (pytest.approx(0.44), pytest.approx(0.44), pytest.approx(0.52))
    assert (risk["value"], risk["low"], risk["high"]) == (pytest.approx(0.2376), pytest.approx(0.1664),
                                                          pytest.approx(0.2376))
    assert wafer["imports"] == {**wafer["imports"], "value": 100_000, "unit": "USD", "estimate": True,
                                "source": "trade-baci"}
    assert (wafer["exports"]["value"], wafer["exports"]["low"]) == (30_000, 10_000)
    assert "approximation: the code is broader than the material" in hhi["basis"]
    assert "top partner 2020: JPN 60.0 %" in hhi["basis"] and "latest year 2020" in hhi["basis"]
    # the case's domestic_rate comes first; the risk-weighted concentration raises it: s + k·s·(1 − s)
    assert wafer["domestic_rate"] == {"value": 0.1, "low": 0.08, "high": 0.12}
    assert import_dependence(out, "wafer") == pytest.approx(0.9 + 0.2376 * 0.9 * 0.1)
    before = mini_raw()
    assert written(out)["euv"] == {**{m["id"]: m for m in before["materials"]}["euv"], "hs_codes": ["370790"]}
    assert written(out)["cathode"] == {m["id"]: m for m in before["materials"]}["cathode"]


def test_indicators_write_import_reliance_where_the_case_has_production(runner, tmp_path):
    files = trade_inputs(tmp_path)
    dump(files["case"], with_production(with_codes(mini_raw())))
    out = tmp_path / "new.yaml"
    result = invoke(runner, *indicators_args(files, out, "--partner-risk", str(files["risk"]), "--rule", "mean"))
    assert result.exit_code == 0, result.output
    assert "import reliance for: wafer, foil" in result.stderr
    wafer = written(out)["wafer"]["indicators"]
    # mean over 2019–2020: I = 100,000, E = 20,000; P = 200,000 stays the case's
    assert (wafer["imports"]["value"], wafer["exports"]["value"]) == (100_000, 20_000)
    assert wafer["production"]["value"] == 200_000 and "previous" not in wafer["production"]
    assert wafer["imports"]["previous"] == {"value": 1, "unit": "USD"}
    assert wafer["exports"]["previous"] == {"value": 0, "unit": "USD"}
    assert wafer["supplier_concentration"]["value"] == pytest.approx(0.48)
    s, k = 80_000 / 280_000, (0.1664 + 0.2376) / 2
    assert import_dependence(out, "wafer") == pytest.approx(s + k * s * (1 - s))
    assert "import reliance 0.2857" in result.stdout
    assert invoke(runner, "validate", str(out)).exit_code == 0 and invoke(runner, "rank", str(out)).exit_code == 0


def test_quantity_basis_writes_tonnes(runner, tmp_path):
    files = trade_inputs(tmp_path)
    dump(files["case"], with_production(with_codes(mini_raw()), unit="t"))
    out = tmp_path / "new.yaml"
    assert invoke(runner, *indicators_args(files, out, "--basis", "quantity")).exit_code == 0
    wafer, foil = written(out)["wafer"]["indicators"], written(out)["foil"]["indicators"]
    assert (wafer["imports"]["value"], wafer["imports"]["unit"], wafer["exports"]["value"]) == (5, "t", 2)
    assert (foil["exports"]["value"], foil["exports"]["high"]) == (0, 0)  # no export record: 0 t
    assert invoke(runner, "rank", str(out)).exit_code == 0


def test_production_in_another_unit_keeps_the_cases_trade_values(runner, tmp_path):
    files = trade_inputs(tmp_path)
    dump(files["case"], with_production(with_codes(mini_raw()), unit="t"))
    out = tmp_path / "new.yaml"
    result = invoke(runner, *indicators_args(files, out))
    assert result.exit_code == 0, result.output
    assert "wafer: production is given in t, trade values in USD: imports and exports not written" in result.stderr
    wafer = written(out)["wafer"]["indicators"]
    assert wafer["imports"] == {"value": 1, "unit": "t"} and wafer["supplier_concentration"]["value"] == 0.44
    assert invoke(runner, "rank", str(out)).exit_code == 0


def test_a_second_run_keeps_the_first_under_previous(runner, files, tmp_path):
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    assert invoke(runner, *indicators_args(files, first)).exit_code == 0
    files = {**files, "case": first}
    result = invoke(runner, *indicators_args(files, second, "--rule", "mean"))
    assert result.exit_code == 0, result.output
    raw = yaml.safe_load(second.read_text(encoding="utf-8"))
    assert [s["id"] for s in raw["sources"]][-2:] == ["trade-baci", "trade-baci-2"]
    hhi = {m["id"]: m for m in raw["materials"]}["wafer"]["indicators"]["supplier_concentration"]
    assert hhi["source"] == "trade-baci-2" and hhi["value"] == pytest.approx(0.48)
    assert hhi["previous"]["source"] == "trade-baci" and hhi["previous"]["value"] == pytest.approx(0.44)
    assert invoke(runner, "validate", str(second)).exit_code == 0


def test_the_source_names_every_file_and_its_sha256(runner, files, tmp_path):
    import hashlib

    out = tmp_path / "new.yaml"
    assert invoke(runner, *indicators_args(files, out, "--partner-risk", str(files["risk"]))).exit_code == 0
    source = yaml.safe_load(out.read_text(encoding="utf-8"))["sources"][-1]
    citation = source["citation"]
    for path in (files["data"], files["countries"], files["risk"]):
        assert f"{path} (sha256:{hashlib.sha256(path.read_bytes()).hexdigest()})" in citation
    assert "reporter CHN" in citation and "2019–2020" in citation and "370790, 381800, 741011" in citation
    assert "basis value (USD)" in citation


def test_indicators_json_and_zh(runner, files, tmp_path):
    result = invoke(runner, *indicators_args(files, tmp_path / "a.yaml", "--format", "json"))
    data = json.loads(result.stdout)
    wafer = next(m for m in data["materials"] if m["id"] == "wafer")
    assert wafer["values"]["supplier_concentration"]["value"] == pytest.approx(0.44)
    assert wafer["uses"] == "concentration" and wafer["approximate"] is True and wafer["top_partner"] == "JPN"
    assert data["unchanged"] == ["sic", "cathode", "pem"]
    zh = invoke(runner, *indicators_args(files, tmp_path / "b.yaml", "--lang", "zh"))
    assert "仅集中度" in zh.stdout and "第一来源" in zh.stdout
    csv = invoke(runner, *indicators_args(files, tmp_path / "c.yaml", "--format", "csv", "--no-bom")).stdout
    assert csv.splitlines()[0].startswith("material,hs_codes,approximate,years,imports,")


def test_shell_expanded_files_after_trade_count_too(runner, tmp_path):
    files = trade_inputs(tmp_path)
    rows_2021 = [(2021, JPN, CHN, "381800", 10, 1)]
    later = write_baci(tmp_path / "BACI_HS22_Y2021_V202501.csv", rows_2021)
    out = tmp_path / "new.yaml"
    result = invoke(runner, *indicators_args(files, out), str(later))
    assert result.exit_code == 0, result.output
    assert written(out)["wafer"]["indicators"]["supplier_concentration"]["value"] == 1.0  # 2021: JPN alone


def test_summary_shows_the_top_partners_per_year(runner, files):
    args = ["trade", "summary", str(files["case"]), "--trade", str(files["data"]), "--country-codes",
            str(files["countries"]), "--reporter", "CHN"]
    table = invoke(runner, *args)
    assert table.exit_code == 0, table.output
    assert "wafer: HS 381800 (approximation: the code is broader than the material)" in table.stdout
    assert "2019  100,000" in table.stdout and "DEU 60.0 %  JPN 40.0 %" in table.stdout
    assert "JPN 60.0 %  DEU 20.0 %  USA 20.0 %" in table.stdout
    assert "euv: HS 370790\nno imports in the records" in table.stdout
    data = json.loads(invoke(runner, *args, "--format", "json").stdout)
    wafer = next(m for m in data["materials"] if m["id"] == "wafer")
    assert wafer["hs_note"] == WAFER_NOTE
    assert [(p["partner"], p["share"]) for p in wafer["years"][1]["partners"]] == [
        ("JPN", pytest.approx(0.6)), ("DEU", pytest.approx(0.2)), ("USA", pytest.approx(0.2))]
    csv = invoke(runner, *args, "--format", "csv", "--top", "1", "--no-bom").stdout.splitlines()
    assert csv[0] == "material,year,imports_value_usd,hhi,rank,partner,share,value_usd,quantity_t"
    assert csv[1].startswith("wafer,2019,100000.0,0.52") and len(csv) == 1 + 4  # wafer ×2, foil ×2, top 1
    assert "的进口来源" in invoke(runner, *args, "--lang", "zh").stdout


# ---------------------------------------------------------------- bad input

def test_a_file_in_neither_layout(runner, files, tmp_path):
    other = write_lines(tmp_path / "prices.csv", ["year,country,price", "2019,CHN,3.5"])
    result = invoke(runner, *indicators_args({**files, "data": other}, tmp_path / "new.yaml"))
    error_line(result, 1, str(other), "header", "not a trade file in a known layout", "CEPII BACI: t, i, j, k, v")
    assert not (tmp_path / "new.yaml").exists()


def test_five_digit_codes_in_the_case(runner, files, tmp_path):
    raw = with_codes(mini_raw())
    raw["materials"][1]["hs_codes"] = ["38180"]
    dump(files["case"], raw)
    result = invoke(runner, *indicators_args(files, tmp_path / "new.yaml"))
    error_line(result, 1, str(files["case"]), "materials[1] (wafer).hs_codes[0]", "38180")


def test_five_digit_codes_in_the_trade_file(runner, tmp_path):
    files = trade_inputs(tmp_path, rows=[(2019, DEU, CHN, "38180", 60, 3)])
    result = invoke(runner, *indicators_args(files, tmp_path / "new.yaml"))
    error_line(result, 1, str(files["data"]), "line 2, column k", "lost their leading zero", '"038180"')


def test_a_reporter_not_in_the_country_table(runner, files, tmp_path):
    args = indicators_args(files, tmp_path / "new.yaml")
    args[args.index("CHN")] = "CHX"
    error_line(invoke(runner, *args), 1, str(files["countries"]), "reporter is not in the country table", "CHX",
               "close: CHN")


def test_a_year_range_with_no_data(runner, files, tmp_path):
    result = invoke(runner, *indicators_args(files, tmp_path / "new.yaml", "--years", "2030-2031"))
    error_line(result, 1, "years", "no trade records in the year range", "2030–2031", "2019–2020")


def test_a_material_whose_codes_match_nothing_is_kept_with_a_note(runner, files, tmp_path):
    out = tmp_path / "new.yaml"
    result = invoke(runner, *indicators_args(files, out))
    assert result.exit_code == 0
    assert "note: euv: none of its HS codes (370790) matches a record of the reporter in 2019–2020" in result.stderr
    assert "nothing written" in result.stdout and "supplier_concentration" not in written(out)["euv"]["indicators"]


@pytest.mark.parametrize("value, kind", [(-5, "negative"), ("abc", "not a number")])
def test_negative_or_non_numeric_values(runner, tmp_path, value, kind):
    files = trade_inputs(tmp_path, rows=[(2019, DEU, CHN, "381800", 60, 3), (2019, JPN, CHN, "381800", value, 2)])
    result = invoke(runner, *indicators_args(files, tmp_path / "new.yaml"))
    error_line(result, 1, str(files["data"]), "line 3, column v", f"trade value is {kind}")


@pytest.mark.parametrize("line, problem", [("DEU,1.5", "risk is not a number in [0, 1]"),
                                           ("DEU,-0.2", "risk is not a number in [0, 1]"),
                                           ("XYZ,0.5", "ISO3 code not in the country table")])
def test_a_bad_partner_risk_table(runner, files, tmp_path, line, problem):
    risk = write_lines(tmp_path / "bad-risk.csv", ["iso3,risk", "JPN,0.5", line])
    result = invoke(runner, *indicators_args(files, tmp_path / "new.yaml", "--partner-risk", str(risk)))
    error_line(result, 1, str(risk), "line 3", problem)


@pytest.mark.parametrize("which", ["case", "data", "countries"])
def test_output_equal_to_an_input_is_refused(runner, files, which):
    before = files[which].read_bytes()
    result = invoke(runner, *indicators_args(files, files[which], "--force"))
    error_line(result, 1, str(files[which]), "refusing to overwrite an input file")
    assert files[which].read_bytes() == before


def test_an_existing_output_needs_force(runner, files, tmp_path):
    out = tmp_path / "new.yaml"
    out.write_text("keep me", encoding="utf-8")
    error_line(invoke(runner, *indicators_args(files, out)), 1, str(out), "already exists; pass --force")
    assert out.read_text(encoding="utf-8") == "keep me"
    assert invoke(runner, *indicators_args(files, out, "--force")).exit_code == 0


def test_a_case_without_hs_codes(runner, files, tmp_path):
    dump(files["case"], mini_raw())
    error_line(invoke(runner, *indicators_args(files, tmp_path / "new.yaml")), 1, str(files["case"]),
               "no material of the case names its HS codes", 'hs_codes: ["850511"]')


@pytest.mark.parametrize("change, fragment", [
    (lambda a: a + ["--years", "last decade"], "--years 'last decade': write FIRST-LAST"),
    (lambda a: a[:a.index("-o")], "give the new case to write: -o NEWCASE.yaml"),
    (lambda a: a[:-1] + [a[-1] + ".txt"], "the new case is written as YAML"),
    (lambda a: [x for k, x in enumerate(a) if k not in (a.index("--trade"), a.index("--trade") + 1)],
     "give the trade files: --trade FILE…"),
])
def test_usage_errors_exit_2(runner, files, tmp_path, change, fragment):
    error_line(invoke(runner, *change(indicators_args(files, tmp_path / "new.yaml"))), 2, fragment)


def test_a_backwards_year_range_and_a_malformed_reporter(runner, files, tmp_path):
    error_line(invoke(runner, *indicators_args(files, tmp_path / "a.yaml", "--years", "2020-2019")), 1,
               "year range runs backwards", "write 2019–2020")
    args = indicators_args(files, tmp_path / "b.yaml")
    args[args.index("CHN")] = "C1"
    error_line(invoke(runner, *args), 1, "reporter is not an ISO3 code", "'C1'")
