"""Case files: the shipped cases, validation errors, XLSX round trip, quotes, weights files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import SEEDS, invoke
from matrank.api import RankOptions, rank_case
from matrank.casefiles import load_case, shipped_cases
from matrank.errors import InputError, InputErrors
from matrank.weightsfile import read_weights


def mini_raw(mini_case_path: Path) -> dict:
    return yaml.safe_load(mini_case_path.read_text(encoding="utf-8"))


def dump(tmp_path: Path, raw: dict, name: str = "case.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


@pytest.mark.parametrize("name", ["key-strategic-materials", "shenzhen-2022"])
def test_shipped_cases_validate_and_rank(runner, name):
    result = invoke(runner, "validate", name)
    assert result.exit_code == 0, result.output
    assert "valid case" in result.stdout
    case = load_case(name)
    assert len(case.materials) >= 20
    res = rank_case(case)
    assert len(res.rank) == len(case.materials)
    for lens in ("government", "market"):
        assert res.lenses[lens].consistent, f"{name}: {lens} weights must be consistent (CR < 0.1)"


def test_default_case_covers_table_1_categories_and_marks_weights_illustrative():
    case = load_case("key-strategic-materials")
    assert {m.category for m in case.materials} == {"rare-earth", "semiconductor", "new-energy", "display"}
    assert len(case.materials) >= 38
    for lens in ("government", "market"):
        assert "Illustrative" in case.weights[lens].basis
    for m in case.materials:
        for name, v in m.indicators.items():
            assert v.estimate or (v.source and v.quote), f"{m.id}.{name} is neither quoted nor an estimate"
            if v.estimate:
                assert v.low is not None and v.high is not None and v.basis


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds/ not present")
@pytest.mark.parametrize("name", ["key-strategic-materials", "shenzhen-2022"])
def test_every_quote_occurs_verbatim_in_its_source(name):
    case = load_case(name)
    texts = {}
    checked = 0
    for m in case.materials:
        for ind, v in m.indicators.items():
            if not v.quote:
                continue
            doc = case.sources[v.source].document
            if doc not in texts:
                texts[doc] = _squash((SEEDS / doc).read_text(encoding="utf-8"))
            assert _squash(v.quote) in texts[doc], f"{m.id}.{ind}: quote not found in {doc}: {v.quote}"
            checked += 1
    assert checked > 0


def test_validate_summary_counts(runner):
    result = invoke(runner, "validate", "key-strategic-materials", "--format", "json")
    data = json.loads(result.stdout)
    assert data["valid"] is True
    assert data["sourced"] + data["estimates"] + data["unsourced"] == data["values"]
    assert data["materials"] == len(load_case().materials)


def test_cases_and_criteria_commands(runner):
    result = invoke(runner, "cases")
    assert result.exit_code == 0
    assert "key-strategic-materials" in result.stdout and "shenzhen-2022" in result.stdout
    data = json.loads(invoke(runner, "criteria", "--format", "json").stdout)
    by_id = {c["id"]: c for c in data}
    assert list(by_id) == ["import_dependence", "patent_control", "validation_cycle", "market_pull"]
    assert by_id["patent_control"]["market"] == "cost" and by_id["patent_control"]["government"] == "benefit"
    assert by_id["validation_cycle"]["market"] == "cost"
    assert by_id["import_dependence"]["market"] == "benefit" and by_id["market_pull"]["market"] == "benefit"
    assert "1 − domestic_rate" in by_id["import_dependence"]["formula"]


def _errors(tmp_path, raw) -> str:
    path = dump(tmp_path, raw)
    with pytest.raises(InputErrors) as err:
        load_case(str(path))
    return str(err.value)


def test_duplicate_material_ids(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    raw["materials"][1]["id"] = "sic"
    assert "materials[1] (sic).id: material id 'sic' is used twice" in _errors(tmp_path, raw)


def test_unknown_indicator_lists_known_ones(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    raw["materials"][0]["indicators"]["import_share"] = 0.5
    text = _errors(tmp_path, raw)
    assert "unknown indicator 'import_share'" in text and "domestic_rate" in text


def test_unknown_criterion_in_judgments(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    raw["weights"]["government"]["judgments"][0]["a"] = "import_risk"
    text = _errors(tmp_path, raw)
    assert "weights.government.judgments[0].a: unknown criterion 'import_risk'" in text
    assert "market_pull" in text


def test_undeclared_source(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    raw["materials"][0]["indicators"]["domestic_rate"]["source"] = "s999"
    assert "undeclared source 's999'" in _errors(tmp_path, raw)


def test_estimate_without_range_and_value_outside_range(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    del raw["materials"][0]["indicators"]["validation_years"]["low"]
    raw["materials"][0]["indicators"]["market_pull_rating"]["value"] = 9.5
    raw["materials"][0]["indicators"]["market_pull_rating"]["high"] = 9
    raw["materials"][0]["indicators"]["foreign_core_patent_share"]["value"] = 0.9
    text = _errors(tmp_path, raw)
    assert "materials[0] (sic).indicators.validation_years: estimate validation_years has no range" in text
    assert "foreign_core_patent_share value lies outside its range" in text
    assert "market_pull_rating value is outside 1..9" in text
    # every problem at once: 9.5 is also outside the estimate's own range
    assert "market_pull_rating value lies outside its range" in text
    assert text.startswith(str(tmp_path / "case.yaml") + ": 4 problems")


def test_rate_given_as_percent_suggests_fraction(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    raw["materials"][1]["indicators"]["domestic_rate"] = {"value": 80}
    text = _errors(tmp_path, raw)
    assert "materials[1] (wafer).indicators.domestic_rate.value: domestic_rate value is outside [0, 1]" in text
    assert "write 0.8 for 80 %, or give unit: percent" in text


def test_negative_years_and_sizes(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    raw["materials"][2]["indicators"]["validation_years"] = -2
    text = _errors(tmp_path, raw)
    assert "(euv).indicators.validation_years: validation_years value is negative" in text
    raw = mini_raw(mini_case_path)
    for m in raw["materials"]:
        del m["indicators"]["market_pull_rating"]
        m["indicators"]["market_size"] = 10
        m["indicators"]["market_growth"] = 0.1
    raw["materials"][3]["indicators"]["market_size"] = -5
    assert "market_size value is negative" in _errors(tmp_path, raw)


def test_material_missing_a_criterion(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    del raw["materials"][4]["indicators"]["validation_years"]
    text = _errors(tmp_path, raw)
    assert "materials[4] (foil).indicators: criterion validation_cycle cannot be scored" in text
    assert "expected validation_years" in text


def test_mixed_market_pull_bases_are_refused(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    del raw["materials"][0]["indicators"]["market_pull_rating"]
    raw["materials"][0]["indicators"]["market_size"] = 100
    raw["materials"][0]["indicators"]["market_growth"] = 0.2
    assert "criterion market_pull is computed on different scales" in _errors(tmp_path, raw)


def test_validate_lists_every_problem_with_exit_1(runner, tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    raw["materials"][1]["id"] = "sic"
    raw["materials"][2]["indicators"]["domestic_rate"] = 1.5
    path = dump(tmp_path, raw)
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 1
    assert "2 problems" in result.output
    assert "used twice" in result.output and "outside [0, 1]" in result.output
    assert "Traceback" not in result.output


def test_schema_errors_name_the_key(runner, tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    raw["materials"][0]["colour"] = "red"
    raw["materials"][1]["id"] = "Wafer 2"
    path = dump(tmp_path, raw)
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 1
    assert "materials[0] (sic): unknown key ('colour' was unexpected)" in result.output
    assert "'Wafer 2' is not a valid id" in result.output


def test_malformed_yaml_gives_line_and_column(runner, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("format: matrank-case/1\nid: x\n  title: [unclosed\n", encoding="utf-8")
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 1
    assert re.search(r"bad.yaml, line \d+, column \d+: malformed YAML", result.output)


def test_empty_case_file(runner, tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("")
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 1 and "empty" in result.output


@pytest.mark.parametrize("text, message", [
    ("format: matrank-case/1\nid: a\nid: b\n", "line 3, column 1: the key 'id' is given twice in one mapping"),
    ("format: matrank-case/1\n5: x\n", "line 2, column 1: a key is not text; found 5"),
    ("a: &x\n  b: *x\n", "an alias refers to a node that contains it"),
    ("a: &a [1,2,3,4,5,6,7,8,9,10]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 10)}]\n" for p, n in zip("abcdef", "bcdefg")),
     "the YAML's aliases expand it beyond what a case can be"),
    ("- just\n- a list\n", "the case is not a mapping of keys"),
])
def test_yaml_that_would_be_read_silently_wrong_is_refused(runner, tmp_path, text, message):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output) < 2000


def test_a_duplicated_materials_key_is_not_silently_dropped(runner, tmp_path, mini_case_path):
    text = mini_case_path.read_text(encoding="utf-8")
    path = tmp_path / "twice.yaml"
    path.write_text(text + "\nmaterials: []\n", encoding="utf-8")
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 1 and "the key 'materials' is given twice" in result.output


def test_schema_messages_point_at_the_real_problem(runner, tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    first = next(iter(raw["materials"][0]["indicators"]))
    raw["materials"][0]["indicators"][first] = {"value": 0.3, "estimte": True}
    path = dump(tmp_path, raw)
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 1
    assert "'estimte' was unexpected" in result.output
    assert "is not of type 'number'" not in result.output


def test_case_works_from_any_folder(runner, tmp_path, mini_case_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke(runner, "rank", str(mini_case_path.resolve())).exit_code == 0
    assert invoke(runner, "validate", "shenzhen-2022").exit_code == 0


# ---------------------------------------------------------------- XLSX

@pytest.mark.parametrize("name", ["key-strategic-materials", "shenzhen-2022"])
def test_yaml_to_xlsx_to_ranking_is_exact(runner, tmp_path, name):
    out = tmp_path / "case.xlsx"
    result = invoke(runner, "case", "export", name, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert invoke(runner, "validate", str(out)).exit_code == 0
    a = json.loads(invoke(runner, "rank", str(out), "--format", "json").stdout)
    b = json.loads(invoke(runner, "rank", name, "--format", "json").stdout)
    assert a["materials"] == b["materials"]
    assert a["weights"] == b["weights"]
    ca, cb = load_case(str(out)), load_case(name)
    assert [m.indicators for m in ca.materials] == [m.indicators for m in cb.materials]


def _traded(mini_case_path: Path) -> dict:
    """The mini case as `matrank trade` leaves it: HS codes, a note, replaced values under previous."""
    raw = mini_raw(mini_case_path)
    m = raw["materials"][0]
    m["hs_codes"], m["hs_note"] = ["030617", "850511"], "030617 covers more than the material"
    name, old = next(iter(m["indicators"].items()))
    m["indicators"][name] = {"value": 0.5, "source": "s002", "previous": {
        "value": old if not isinstance(old, dict) else old["value"], "previous": {"value": 0.1, "basis": "2019"}}}
    return raw


def test_xlsx_keeps_hs_codes_notes_and_previous_values(runner, tmp_path, mini_case_path):
    """Nothing is lost in the workbook: YAML → XLSX → YAML gives the same mapping, codes with a
    leading zero and a nested previous included."""
    from matrank.casefiles import read_case_raw
    raw = _traded(mini_case_path)
    out = tmp_path / "case.xlsx"
    assert invoke(runner, "case", "export", str(dump(tmp_path, raw)), "-o", str(out)).exit_code == 0
    again = tmp_path / "again.yaml"
    assert invoke(runner, "case", "export", str(out), "-o", str(again)).exit_code == 0
    assert read_case_raw(str(out))[0]["materials"] == raw["materials"]
    assert yaml.safe_load(again.read_text(encoding="utf-8"))["materials"] == raw["materials"]
    assert load_case(str(out)).materials[0].hs_codes == ("030617", "850511")


def test_xlsx_exported_before_the_trade_columns_still_reads(runner, tmp_path):
    from openpyxl import load_workbook
    out = tmp_path / "case.xlsx"
    invoke(runner, "case", "export", "shenzhen-2022", "-o", str(out))
    wb = load_workbook(out)
    wb["materials"].delete_cols(5, 2)
    wb["indicators"].delete_cols(11)
    wb.save(out)
    assert invoke(runner, "validate", str(out)).exit_code == 0
    a = json.loads(invoke(runner, "rank", str(out), "--format", "json").stdout)
    assert a["materials"] == json.loads(invoke(runner, "rank", "shenzhen-2022", "--format", "json").stdout)["materials"]


@pytest.mark.parametrize("column, value, fragments", [
    ("K", "{value: 0.3", ["indicators!K2", "previous is not a JSON mapping", "restore the text"]),
    ("K", "[1, 2]", ["indicators!K2", "previous is not a JSON mapping"]),
])
def test_xlsx_bad_previous_names_the_cell(runner, tmp_path, mini_case_path, column, value, fragments):
    from openpyxl import load_workbook
    out = tmp_path / "case.xlsx"
    invoke(runner, "case", "export", str(dump(tmp_path, _traded(mini_case_path))), "-o", str(out))
    wb = load_workbook(out)
    wb["indicators"][f"{column}2"] = value
    wb.save(out)
    result = invoke(runner, "validate", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert all(f in result.output for f in fragments), result.output


def test_xlsx_hs_code_typed_as_a_number_is_named(runner, tmp_path, mini_case_path):
    from openpyxl import load_workbook
    out = tmp_path / "case.xlsx"
    invoke(runner, "case", "export", str(dump(tmp_path, _traded(mini_case_path))), "-o", str(out))
    wb = load_workbook(out)
    wb["materials"]["E2"] = 30617          # the leading zero lost, as a spreadsheet does to a number
    wb.save(out)
    result = invoke(runner, "validate", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "materials!E2" in result.output and "30617" in result.output, result.output


def test_xlsx_with_renamed_sheet(runner, tmp_path):
    from openpyxl import load_workbook
    out = tmp_path / "case.xlsx"
    invoke(runner, "case", "export", "shenzhen-2022", "-o", str(out))
    wb = load_workbook(out)
    wb["indicators"].title = "values"
    wb.save(out)
    result = invoke(runner, "validate", str(out))
    assert result.exit_code == 1
    assert "sheet 'indicators': a required sheet is missing" in result.output


def test_xlsx_with_renamed_column_and_bad_cell(runner, tmp_path):
    from openpyxl import load_workbook
    out = tmp_path / "case.xlsx"
    invoke(runner, "case", "export", "shenzhen-2022", "-o", str(out))
    wb = load_workbook(out)
    wb["materials"]["B1"] = "chinese_name"
    wb.save(out)
    result = invoke(runner, "validate", str(out))
    assert result.exit_code == 1 and "materials!1: the header row differs" in result.output
    invoke(runner, "case", "export", "shenzhen-2022", "-o", str(out), "--force")
    wb = load_workbook(out)
    wb["indicators"]["C2"] = 80
    wb.save(out)
    result = invoke(runner, "validate", str(out))
    assert result.exit_code == 1 and "indicators!C2" in result.output and "outside [0, 1]" in result.output


@pytest.mark.parametrize("edit, message", [
    (lambda wb: wb["indicators"].__setitem__("B2", None), "indicators!B2: material "),
    (lambda wb: wb["indicators"].__setitem__("B2", 5), "the indicator name is not text"),
    (lambda wb: wb["materials"].__setitem__("A3", wb["materials"]["A2"].value),
     "materials!A3: material id"),
])
def test_xlsx_blank_names_and_duplicate_ids(runner, tmp_path, edit, message):
    from openpyxl import load_workbook
    out = tmp_path / "case.xlsx"
    invoke(runner, "case", "export", "shenzhen-2022", "-o", str(out))
    wb = load_workbook(out)
    edit(wb)
    wb.save(out)
    result = invoke(runner, "validate", str(out))
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    if "material id" in message:
        assert "is used twice" in result.output


def test_xlsx_export_needs_output_and_keeps_input(runner, tmp_path, mini_case_path):
    assert invoke(runner, "case", "export", str(mini_case_path)).exit_code == 2
    result = invoke(runner, "case", "export", str(mini_case_path), "-o", str(mini_case_path), "--force")
    assert result.exit_code == 1 and "refusing to overwrite an input" in result.output


def test_xlsx_text_cells_are_never_formulas(runner, tmp_path, mini_case_path):
    from openpyxl import load_workbook
    raw = mini_raw(mini_case_path)
    raw["materials"][0]["name"]["en"] = "=HYPERLINK(\"http://x\")"
    path = dump(tmp_path, raw)
    out = tmp_path / "case.xlsx"
    assert invoke(runner, "case", "export", str(path), "-o", str(out)).exit_code == 0
    cell = load_workbook(out)["materials"]["C2"]
    assert cell.data_type == "s"
    assert load_case(str(out)).materials[0].names["en"] == "=HYPERLINK(\"http://x\")"


def test_xlsm_and_corrupt_case_workbooks_are_refused(runner, tmp_path):
    fake = tmp_path / "case.xlsx"
    fake.write_bytes(b"not a zip")
    result = invoke(runner, "validate", str(fake))
    assert result.exit_code == 1 and "not a zip archive" in result.output
    macro = tmp_path / "case.xlsm"
    macro.write_bytes(b"PK")
    result = invoke(runner, "validate", str(macro))
    assert result.exit_code == 1 and "refused" in result.output


# ---------------------------------------------------------------- weights files

def weights_payload(base_case, **overrides):
    case = base_case
    payload = {"format": "matrank-weights/1", "case": case.id, "criteria_hash": case.criteria_hash,
               "criteria": list(case.criteria.ids),
               "weights": {"government": {c: 0.25 for c in case.criteria.ids},
                           "market": {"import_dependence": 0.1, "patent_control": 0.1,
                                      "validation_cycle": 0.1, "market_pull": 0.7}}}
    payload.update(overrides)
    return payload


def test_rank_with_weights_file(runner, tmp_path, mini_case_path):
    case = load_case(str(mini_case_path))
    wpath = tmp_path / "w.json"
    wpath.write_text(json.dumps(weights_payload(case)))
    data = json.loads(invoke(runner, "rank", str(mini_case_path), "--weights", str(wpath),
                             "--format", "json").stdout)
    assert data["weights"]["government"]["market_pull"] == pytest.approx(0.25)
    assert data["weights"]["market"]["market_pull"] == pytest.approx(0.7)
    assert data["provenance"]["weights_file"] == "w.json"
    res = rank_case(case, RankOptions(), read_weights(wpath, case))
    assert res.lenses["market"].origin == str(wpath)


@pytest.mark.parametrize("change, message", [
    ({"case": "other-case"}, "made for another case"),
    ({"criteria_hash": "0000"}, "made for other criteria"),
    ({"format": "something/2"}, "this matrank reads 'matrank-weights/1'"),
    ({"weights": {"government": {"import_dependence": 1.0}}}, "must name every criterion"),
])
def test_bad_weights_files(runner, tmp_path, mini_case_path, change, message):
    case = load_case(str(mini_case_path))
    wpath = tmp_path / "w.json"
    wpath.write_text(json.dumps(weights_payload(case, **change)))
    result = invoke(runner, "rank", str(mini_case_path), "--weights", str(wpath))
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_weights_file_not_json(runner, tmp_path, mini_case_path):
    wpath = tmp_path / "w.json"
    wpath.write_text("{not json")
    result = invoke(runner, "rank", str(mini_case_path), "--weights", str(wpath))
    assert result.exit_code == 1 and "line 1, column 2" in result.output


def test_weights_file_ratings_replace_estimates(tmp_path, mini_case_path):
    case = load_case(str(mini_case_path))
    payload = weights_payload(case, ratings={"sic": {"validation_years": {"value": 4.5, "low": 4, "high": 5,
                                                                          "experts": 3}}})
    wpath = tmp_path / "w.json"
    wpath.write_text(json.dumps(payload))
    res = rank_case(case, RankOptions(), read_weights(wpath, case))
    v = res.case.material("sic").indicators["validation_years"]
    assert (v.value, v.low, v.high, v.estimate) == (4.5, 4, 5, True)
    assert "panel ratings (3 experts" in v.basis


def test_shipped_case_names_are_the_file_stems():
    assert set(shipped_cases()) >= {"key-strategic-materials", "shenzhen-2022"}


def test_unknown_case_error_is_input_error():
    with pytest.raises(InputError, match="unknown case 'zzz'"):
        load_case("zzz")


def test_case_judgments_that_do_not_connect_are_located(tmp_path, mini_case_path):
    raw = mini_raw(mini_case_path)
    raw["weights"]["government"]["judgments"] = [
        {"a": "import_dependence", "b": "patent_control", "value": 2},
        {"a": "validation_cycle", "b": "market_pull", "value": 3}]
    text = _errors(tmp_path, raw)
    assert "weights.government.judgments: the given judgments leave the elements disconnected" in text


def test_readme_case_example_validates(runner, tmp_path):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    path = tmp_path / "readme.yaml"
    path.write_text(block, encoding="utf-8")
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", [["cases"], ["criteria"], ["validate", "shenzhen-2022"]])
def test_listing_commands_offer_csv(runner, command):
    result = invoke(runner, *command, "--format", "csv")
    assert result.exit_code == 0 and "," in result.stdout.splitlines()[0]
