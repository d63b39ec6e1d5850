"""Units (converted or refused, the original kept), numbers written as text, every problem at
once, notes and warnings, and the case commands that write cases (export, new)."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import DATA, error_line, invoke

from matrank.api import explain, load_case, rank_case
from matrank.units import UnitError, conversion

MINI = (DATA / "mini.yaml").read_text(encoding="utf-8")


def case_with(tmp_path, old: str, new: str, name: str = "case.yaml"):
    assert old in MINI, old
    path = tmp_path / name
    path.write_text(MINI.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("unit, quantity, factor, canonical", [
    ("months", "duration", 1 / 12, "years"), ("个月", "duration", 1 / 12, "years"), ("weeks", "duration", 7 / 365.25,
                                                                                   "years"),
    ("percent", "fraction", 0.01, "fraction"), ("%", "fraction", 0.01, "fraction"),
    ("万吨", "amount", 1e4, "t"), ("kt", "amount", 1e3, "t"), ("t", "amount", 1.0, "t"), ("kg", "amount", 1e-3, "t"),
    ("亿元", "money", 1e8, "CNY"), ("万元", "money", 1e4, "CNY"), ("USD bn", "money", 1e9, "USD"),
    ("亿美元", "money", 1e8, "USD"), ("%/year", "growth", 0.01, "fraction per year"),
    ("percent", "growth", 0.01, "fraction per year"), ("rating 1-9", "rating", 1.0, "rating 1-9"),
])
def test_conversions(unit, quantity, factor, canonical):
    c = conversion(unit, quantity)
    assert c.factor == pytest.approx(factor, rel=1e-12) and c.unit == canonical


@pytest.mark.parametrize("unit, quantity, message", [
    ("furlongs", "duration", "unknown unit 'furlongs'"), ("kg", "growth", "not a growth rate"),
    ("years", "fraction", "not a fraction"), ("EUR", "money", "unknown currency 'EUR'"),
    ("万吨", "money", "not an amount of money"), ("points", "rating", "a rating takes no unit"),
    ("x" * 10_000, "duration", "10,000 characters long"), ("kg", "duration", "not a duration"),
])
def test_refusals(unit, quantity, message):
    with pytest.raises(UnitError, match=message):
        conversion(unit, quantity)


def test_months_are_converted_and_the_original_kept(tmp_path, runner):
    path = case_with(tmp_path, "validation_years: 6", "validation_years: {value: 48, unit: months}")
    case = load_case(str(path))
    v = case.material("euv").indicators["validation_years"]
    assert (v.value, v.unit, v.given, v.given_unit) == (4.0, "years", 48.0, "months")
    data = explain(rank_case(case), "euv")
    entry = data["criteria"][2]["indicators"]["validation_years"]
    assert entry == {"value": 4.0, "unit": "years", "given": 48.0, "given_unit": "months"}
    out = invoke(runner, "rank", str(path), "--explain", "euv").stdout
    assert "validation_years=4 ← 48 months" in out


def test_a_unit_slip_no_longer_moves_a_tier(tmp_path):
    """The issue's case: 48 months read as 48 years moved a material from government-led to
    market-led. In months it ranks exactly as 4 years does."""
    months = rank_case(load_case(str(case_with(tmp_path, "validation_years: 6",
                                                "validation_years: {value: 72, unit: months}", "m.yaml"))))
    years = rank_case(load_case(str(DATA / "mini.yaml")))
    assert list(months.tiers) == list(years.tiers)
    assert months.lenses["government"].score.tolist() == pytest.approx(years.lenses["government"].score.tolist())


@pytest.mark.parametrize("old, new, fragments", [
    ("validation_years: 6", "validation_years: {value: 48, unit: furlongs}",
     ["materials[2] (euv).indicators.validation_years.unit", "unknown unit 'furlongs'", "expected years, months"]),
    ("foreign_core_patent_share: 0.9", "foreign_core_patent_share: {value: 0.9, unit: kg}",
     ["foreign_core_patent_share.unit", "'kg' is not a fraction"]),
    ("foreign_core_patent_share: 0.9", "foreign_core_patent_share: {value: 0.9, unit: " + "u" * 10_000 + "}",
     ["foreign_core_patent_share.unit", "10,000 characters long"]),
    ("domestic_rate: 0.0", "domestic_rate: {value: 120, unit: percent}",
     ["materials[2] (euv).indicators.domestic_rate.value", "outside [0, 1]", "found 1.2"]),
])
def test_unit_problems_name_the_key(runner, tmp_path, old, new, fragments):
    path = case_with(tmp_path, old, new)
    error_line(invoke(runner, "validate", str(path)), 1, str(path), *fragments)


def test_a_currency_nobody_converts(runner, tmp_path):
    raw = yaml.safe_load(MINI)
    for m in raw["materials"]:
        m["indicators"]["market_pull_rating"] = 5
    raw["criteria"] = [{"id": "revenue", "name": {"en": "Revenue"}, "unit": "USD", "kind": "nonnegative",
                        "government": "benefit", "market": "benefit"}]
    for m in raw["materials"]:
        m["indicators"]["revenue"] = {"value": 3, "unit": "EUR"}
    raw["weights"]["market"]["weights"]["revenue"] = 0.1
    raw["weights"]["government"]["judgments"].append({"a": "market_pull", "b": "revenue", "value": 1})
    path = tmp_path / "eur.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    text = invoke(runner, "validate", str(path)).stderr
    assert "unknown currency 'EUR'" in text and "CNY or USD" in text


def test_plausibility_warnings_name_the_material_and_key(runner, tmp_path):
    path = case_with(tmp_path, "validation_years: 6", "validation_years: 48")
    result = invoke(runner, "validate", str(path))
    assert result.exit_code == 0
    assert "warning: materials[2] (euv).indicators.validation_years: validation_years is 48 years, over 30" \
        in result.stderr
    path = case_with(tmp_path, "foreign_core_patent_share: 0.9", "foreign_core_patent_share: {value: 0.5, unit: "
                                                                 "percent}", "p.yaml")
    assert "0.5 percent, that is 0.005" in invoke(runner, "validate", str(path)).stderr
    data = json.loads(invoke(runner, "rank", str(path), "--format", "json").stdout)
    assert any("0.5 percent" in w for w in data["warnings"])


def test_numbers_written_as_text(tmp_path):
    path = case_with(tmp_path, "validation_years: 6", 'validation_years: "６"')
    assert load_case(str(path)).material("euv").indicators["validation_years"].value == 6.0
    path = case_with(tmp_path, "validation_years: 6", 'validation_years: "1_000"', "b.yaml")
    with pytest.raises(Exception, match="digit separators"):
        load_case(str(path))


def test_every_problem_at_once(runner, tmp_path):
    path = case_with(tmp_path, "foreign_core_patent_share: 0.9", "foreign_core_patent_share: {value: 0.9, "
                                                                 "estimte: true}")
    text = MINI.replace("foreign_core_patent_share: 0.9", "foreign_core_patent_share: {value: 0.9, estimte: true}")
    text = text.replace("domestic_rate: 0.92", "domestic_rate: 1.5")
    path.write_text(text, encoding="utf-8")
    result = invoke(runner, "validate", str(path), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False and len(data["errors"]) == 2
    assert {e["path"] for e in data["errors"]} == {"materials[2] (euv).indicators.foreign_core_patent_share",
                                                    "materials[3] (cathode).indicators.domestic_rate"}
    assert "unknown key" in data["errors"][0]["message"] + data["errors"][1]["message"]
    csv = invoke(runner, "validate", str(path), "--format", "csv", "--no-bom").stdout
    assert csv.splitlines()[0] == "file,valid,path,message,fix" and len(csv.splitlines()) == 3


def test_a_pair_judged_twice_is_refused_naming_both(runner, tmp_path):
    path = case_with(tmp_path, "      - {a: validation_cycle, b: market_pull, value: 2}",
                     "      - {a: validation_cycle, b: market_pull, value: 2}\n"
                     "      - {a: market_pull, b: validation_cycle, value: 9}")
    error_line(invoke(runner, "validate", str(path)), 1, "weights.government.judgments[6]",
               "market_pull vs validation_cycle is judged twice", "also at weights.government.judgments[5]")


def test_normalised_weights_and_completed_judgments_are_noted(runner, tmp_path):
    path = case_with(tmp_path, "weights: {import_dependence: 0.3, patent_control: 0.15, validation_cycle: 0.15, "
                               "market_pull: 0.4}",
                     "weights: {import_dependence: 30, patent_control: 15, validation_cycle: 15, market_pull: 40}")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      - {a: import_dependence, b: market_pull, value: 4}\n", ""), encoding="utf-8")
    result = invoke(runner, "rank", str(path), "--format", "json")
    data = json.loads(result.stdout)
    assert any("weights sum to 100" in n for n in data["notes"])
    assert any("completed by Harker's method: import_dependence vs market_pull" in n for n in data["notes"])
    assert "note: government lens: 1 missing judgment completed" in result.stderr
    validated = json.loads(invoke(runner, "validate", str(path), "--format", "json").stdout)
    assert validated["consistency"]["government"]["completed"][0]["a"] == "import_dependence"


def test_any_scale_for_cases(runner, tmp_path):
    path = case_with(tmp_path, "b: market_pull, value: 4}", "b: market_pull, value: 12}")
    error_line(invoke(runner, "rank", str(path)), 1, "weights.government.judgments", "off Saaty's 1/9..9 scale",
               "--any-scale")
    assert invoke(runner, "rank", str(path), "--any-scale").exit_code == 0
    assert invoke(runner, "validate", str(path), "--any-scale").exit_code == 0
    huge = case_with(tmp_path, "b: market_pull, value: 4}", "b: market_pull, value: 1e300}", "h.yaml")
    error_line(invoke(runner, "rank", str(huge), "--any-scale"), 1, "beyond any ratio a person can judge")


# --------------------------------------------------------------------------- writing cases


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".xlsx"])
def test_export_writes_what_the_extension_says_and_it_ranks_the_same(runner, tmp_path, suffix):
    out = tmp_path / f"copy{suffix}"
    assert invoke(runner, "case", "export", str(DATA / "mini.yaml"), "-o", str(out)).exit_code == 0
    if suffix == ".xlsx":
        assert out.read_bytes()[:2] == b"PK"
    else:
        assert yaml.safe_load(out.read_text(encoding="utf-8"))["id"] == "mini"
    a = json.loads(invoke(runner, "rank", str(DATA / "mini.yaml"), "--format", "json").stdout)
    b = json.loads(invoke(runner, "rank", str(out), "--format", "json").stdout)
    assert [(m["id"], m["government"], m["market"]) for m in a["materials"]] == \
        [(m["id"], m["government"], m["market"]) for m in b["materials"]]


def test_export_of_a_workbook_back_to_yaml(runner, tmp_path):
    xlsx, back = tmp_path / "c.xlsx", tmp_path / "c.yaml"
    assert invoke(runner, "case", "export", "-o", str(xlsx)).exit_code == 0
    assert invoke(runner, "case", "export", str(xlsx), "-o", str(back)).exit_code == 0
    assert load_case(str(back)).material("photoresist-krf-arf").indicators["domestic_rate"].quote


@pytest.mark.parametrize("args, code, fragment", [
    (["-o", "case.txt"], 2, "case export writes .yaml, .yml or .xlsx"),
    ([], 2, "give the file to write"),
])
def test_export_usage(runner, tmp_path, args, code, fragment):
    error_line(invoke(runner, "case", "export", *[str(tmp_path / a) if a.endswith(".txt") else a for a in args]),
               code, fragment)


def test_a_new_case_is_a_valid_commented_starter(runner, tmp_path):
    out = tmp_path / "my.yaml"
    assert invoke(runner, "case", "new", "my-province", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# A matrank case") and "id: my-province" in text
    case = load_case(str(out))
    assert len(case.materials) == 2
    assert case.material("material-a").indicators["validation_years"].given_unit == "months"
    assert invoke(runner, "rank", str(out)).exit_code == 0
    error_line(invoke(runner, "case", "new", "My Province"), 1, "'My Province' is not a case id")
    error_line(invoke(runner, "case", "new", "x", "-o", str(tmp_path / "x.xlsx")), 2, "written as YAML")
