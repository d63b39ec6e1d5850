"""Bad input: each refused with one line naming the file and the place, or kept with a note."""

from __future__ import annotations

import pytest
from trade_helpers import (BACI_TYPES, CHN, DEU, JPN, USA, to_parquet, write_baci, write_comtrade,
                           write_countries, write_lines)

from matrank.errors import InputError
from matrank.trade import aggregate, read_country_codes, read_partner_risk, trade_indicators

MATERIALS = {"beef": ("020110",), "magnets": ("850511",)}
GOOD = [(2019, DEU, CHN, "020110", 10, 2), (2019, JPN, CHN, "850511", 50, 5)]


@pytest.fixture
def countries(tmp_path):
    return write_countries(tmp_path)


def refused(*args, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        trade_indicators(*args, **kwargs)
    assert "\n" not in str(info.value)  # one line, no traceback
    return info.value


def test_a_file_in_neither_layout_lists_the_columns_of_both(tmp_path, countries):
    other = write_lines(tmp_path / "prices.csv", ["year,country,price", "2019,CHN,3.5"])
    err = refused([other], MATERIALS, "CHN", country_codes=countries)
    assert err.file == str(other)
    assert "year, country, price" in err.found
    assert "CEPII BACI: t, i, j, k, v (optional: q)" in err.expected
    assert "UN Comtrade: refYear, reporterISO, flowCode, partnerISO, cmdCode, primaryValue" in err.expected


def test_codes_saved_as_numbers_are_caught_in_the_first_rows(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", [(2019, DEU, CHN, "20110", 10, 2)])
    err = refused([data], MATERIALS, "CHN", country_codes=countries)
    assert "lost their leading zero" in err.problem and err.where == "line 2, column k"
    assert '"20110"' in err.found and '"020110"' in err.expected and "as text" in err.fix


def test_codes_saved_as_numbers_in_parquet(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    parquet = to_parquet(data, {**BACI_TYPES, "k": "INTEGER"})
    err = refused([parquet], MATERIALS, "CHN", country_codes=countries)
    assert err.file == str(parquet) and err.where == "row 1, column k" and "leading zero" in err.problem


def test_codes_saved_as_numbers_past_the_sampled_rows_are_caught_by_the_scan(tmp_path, countries):
    filler = [(2019, USA, DEU, f"{100000 + n}", 1, 1) for n in range(2500)]
    data = write_baci(tmp_path / "BACI.csv", filler + [(2019, DEU, CHN, "20110", 10, 2)])
    err = refused([data], MATERIALS, "CHN", country_codes=countries)
    assert "leading zero" in err.problem and err.where == f"line {2500 + 2}, column k"


def test_reporter_not_in_the_country_table(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    err = refused([data], MATERIALS, "CHX", country_codes=countries)
    assert err.file == str(countries) and err.found == "CHX" and "CHN" in err.expected


def test_comtrade_reporter_not_in_the_files(tmp_path):
    data = write_comtrade(tmp_path / "ct.csv", [(2021, "CHN", "M", "JPN", "850511", 10, 1)])
    err = refused([data], MATERIALS, "DEU")
    assert err.file == str(data) and "reporter not in the files" in err.problem and "CHN" in err.expected


def test_a_year_range_with_no_data(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    err = refused([data], MATERIALS, "CHN", country_codes=countries, years=(2030, 2031))
    assert err.found == "2030–2031" and "2019" in err.expected


def test_a_material_whose_codes_match_nothing_is_kept_with_a_note(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    result = trade_indicators([data], {"nothing": ("999999",), "beef": ("020110",)}, "CHN",
                              country_codes=countries)
    nothing = result.material("nothing")
    assert nothing.years == () and "matches a record" in nothing.notes[0]
    assert aggregate(nothing, "hhi") is None


def test_no_material_matching_is_not_an_error(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    result = trade_indicators([data], {"nothing": ("999999",)}, "CHN", country_codes=countries)
    assert result.year_span == (2019, 2019) and result.material("nothing").flagged


@pytest.mark.parametrize("value, kind", [("-5", "negative"), ("abc", "not a number"), ("", "missing")])
def test_bad_values_name_the_file_line_and_column(tmp_path, countries, value, kind):
    data = write_baci(tmp_path / "BACI.csv", GOOD + [(2019, USA, CHN, "850511", value, 1)])
    err = refused([data], MATERIALS, "CHN", country_codes=countries)
    assert err.file == str(data) and err.where == "line 4, column v"
    assert err.problem.startswith(f"trade value is {kind}") and "thousand USD" in err.expected


def test_bad_quantity_names_its_column(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD + [(2019, USA, CHN, "850511", 1, "1,5".replace(",", ";"))])
    err = refused([data], MATERIALS, "CHN", country_codes=countries)
    assert err.where == "line 4, column q" and "quantity is not a number" in err.problem
    assert "blank/NA" in err.expected


def test_negative_value_in_comtrade(tmp_path):
    data = write_comtrade(tmp_path / "ct.csv", [(2021, "CHN", "M", "JPN", "850511", 10, 1),
                                                (2021, "CHN", "M", "DEU", "850511", -3, 1)])
    err = refused([data], MATERIALS, "CHN")
    assert err.where == "line 3, column primaryValue" and "negative" in err.problem


def test_bad_year(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD + [("20x9", USA, CHN, "850511", 1, 1)])
    err = refused([data], MATERIALS, "CHN", country_codes=countries)
    assert err.where == "line 4, column t" and "year" in err.problem


def test_bad_partner_code(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD + [(2019, "", CHN, "850511", 1, 1)])
    err = refused([data], MATERIALS, "CHN", country_codes=countries)
    assert err.where.startswith("line 4") and "partner" in err.problem


def test_bad_rows_of_other_reporters_or_products_do_not_matter(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD + [(2019, USA, DEU, "850511", "abc", 1),
                                                    (2019, USA, CHN, "123456", -1, 1)])
    result = trade_indicators([data], MATERIALS, "CHN", country_codes=countries)
    assert result.material("magnets").years[0].imports_value == pytest.approx(50_000)


@pytest.mark.parametrize("line, problem, fix", [
    ("DEU,1.5", "risk is not a number in [0, 1]", "if 1.5 is a percentage, write 0.015"),
    ("DEU,-0.1", "risk is not a number in [0, 1]", "correct the value"),
    ("DEU,80", "risk is not a number in [0, 1]", "if 80 is a percentage, write 0.8"),
    ("DEU,high", "risk is not a number in [0, 1]", "correct the value"),
    ("XYZ,0.5", "ISO3 code not in the country table", "correct the code or remove the line"),
    ("D1,0.5", "iso3 is not an ISO3 code", "ISO 3166-1"),
    ("JPN,0.4", "partner listed twice", "keep one of the lines"),
])
def test_partner_risk_table_problems(tmp_path, countries, line, problem, fix):
    risk = write_lines(tmp_path / "risk.csv", ["iso3,risk", "JPN,0.5", line])
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    err = refused([data], MATERIALS, "CHN", country_codes=countries, partner_risk=risk)
    assert err.file == str(risk) and err.where.startswith("line 3") and problem in err.problem and fix in err.fix


def test_partner_risk_table_without_its_columns(tmp_path):
    risk = write_lines(tmp_path / "risk.csv", ["country,score", "JPN,0.5"])
    with pytest.raises(InputError, match="missing columns") as info:
        read_partner_risk(risk)
    assert info.value.expected == "iso3, risk"


def test_country_table_problems(tmp_path):
    bad_code = write_lines(tmp_path / "cc1.csv", ["country_code,country_iso3", "abc,CHN"])
    with pytest.raises(InputError, match="not a whole number"):
        read_country_codes(bad_code)
    twice = write_lines(tmp_path / "cc2.csv", ["country_code,country_iso3", "156,CHN", "156,TWN"])
    with pytest.raises(InputError, match="one country code, two ISO3 codes"):
        read_country_codes(twice)


def test_baci_without_the_country_table_points_at_the_one_beside(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    err = refused([data], MATERIALS, "CHN")
    assert "country table is needed" in err.problem and str(countries) in err.fix


def test_missing_empty_and_unreadable_files(tmp_path, countries):
    assert refused([tmp_path / "nope.csv"], MATERIALS, "CHN").problem == "file not found"
    assert refused([str(tmp_path / "none_*.csv")], MATERIALS, "CHN").problem == "no file matches the pattern"
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert refused([empty], MATERIALS, "CHN").problem == "empty file"
    assert refused([tmp_path], MATERIALS, "CHN").problem == "is a folder, not a file"
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1" + bytes(range(256)) * 4)
    err = refused([broken], MATERIALS, "CHN", country_codes=countries)
    assert err.file == str(broken) and err.problem == "cannot read the trade file"
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    assert refused([data], MATERIALS, "CHN", country_codes=tmp_path / "cc.csv").file == str(tmp_path / "cc.csv")
    assert refused([], MATERIALS, "CHN").problem == "no trade files given"


def test_a_csv_with_a_ragged_row_is_refused_by_name(tmp_path, countries):
    # past the rows DuckDB samples to learn the dialect, so the scan itself meets it
    filler = [f"2019,842,276,{100000 + n},1,1" for n in range(25_000)]
    data = write_lines(tmp_path / "BACI.csv", ["t,i,j,k,v,q", *filler, "2019,392,156,850511,50,5,7,8"])
    err = refused([data], MATERIALS, "CHN", country_codes=countries)
    assert err.file == str(data) and err.problem == "cannot read the trade file"
    assert err.where == f"line {25_000 + 2}" and "Expected Number of Columns: 6" in err.found


def test_layouts_cannot_be_mixed(tmp_path, countries):
    baci = write_baci(tmp_path / "BACI.csv", GOOD)
    comtrade = write_comtrade(tmp_path / "ct.csv", [(2021, "CHN", "M", "JPN", "850511", 10, 1)])
    err = refused([baci, comtrade], MATERIALS, "CHN", country_codes=countries)
    assert "different layouts" in err.problem and str(comtrade) in err.found


@pytest.mark.parametrize("materials, found", [({"beef": (20110,)}, "20110 (int)"), ({"beef": ("2011",)}, "'2011'"),
                                              ({"beef": ("002011",)}, "'002011'"), ({}, None)])
def test_material_codes_must_be_six_digits_of_text(tmp_path, countries, materials, found):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    err = refused([data], materials, "CHN", country_codes=countries)
    assert err.found == found


@pytest.mark.parametrize("kwargs, where", [({"basis": "weight"}, "basis"), ({"years": (2022, 2019)}, "years"),
                                          ({"years": ("x", 1)}, "years")])
def test_bad_options(tmp_path, countries, kwargs, where):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    assert refused([data], MATERIALS, "CHN", country_codes=countries, **kwargs).where == where


def test_bad_reporter_and_bad_aggregate_arguments(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    assert "not an ISO3 code" in refused([data], MATERIALS, "China", country_codes=countries).problem
    beef = trade_indicators([data], MATERIALS, "CHN", country_codes=countries).material("beef")
    with pytest.raises(InputError, match="unknown trade indicator"):
        aggregate(beef, "hhhi")
    with pytest.raises(InputError, match="unknown rule"):
        aggregate(beef, "hhi", "median")


def test_reporter_without_trade_in_the_files(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", [(2019, DEU, USA, "020110", 10, 2)])
    err = refused([data], MATERIALS, "CHN", country_codes=countries)
    assert "no trade in the files" in err.problem and "156" in err.found


def test_a_bad_memory_limit(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    assert "DuckDB setting" in refused([data], MATERIALS, "CHN", country_codes=countries,
                                       memory_limit="lots").problem


def test_an_unreadable_file(tmp_path, countries, monkeypatch):
    import matrank.trade.readers as readers

    data = write_baci(tmp_path / "BACI.csv", GOOD)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(readers, "open", denied, raising=False)  # tests run as root: chmod would not stop them
    err = refused([data], MATERIALS, "CHN", country_codes=countries)
    assert err.file == str(data) and err.problem == "cannot read the file" and err.found == "Permission denied"


def test_an_empty_country_table(tmp_path):
    empty = write_lines(tmp_path / "cc.csv", [""])
    with pytest.raises(InputError, match="empty file") as info:
        read_country_codes(empty)
    assert info.value.file == str(empty)


def test_comtrade_reporter_checked_against_a_country_table_when_given(tmp_path, countries):
    data = write_comtrade(tmp_path / "ct.csv", [(2021, "CHN", "M", "JPN", "850511", 10, 1)])
    err = refused([data], MATERIALS, "CHX", country_codes=countries)
    assert err.file == str(countries) and "CHN" in err.expected


def test_a_material_without_codes_is_kept_with_a_note(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    result = trade_indicators([data], {"empty": (), "beef": "020110"}, "CHN", country_codes=countries)
    assert result.material("empty").notes == ("no HS codes given: kept without indicators",)
    assert result.material("beef").codes == ("020110",)
    with pytest.raises(KeyError):
        result.material("absent")


def test_running_out_of_memory_says_which_limit_to_raise(tmp_path, countries):
    data = write_baci(tmp_path / "BACI.csv", GOOD)
    err = refused([data], MATERIALS, "CHN", country_codes=countries, memory_limit="100KB")
    assert err.problem == "the trade query ran out of memory" and "memory limit" in err.fix
