"""Indicators from BACI files (CSV and Parquet), checked against hand computations."""

from __future__ import annotations

import pytest
from trade_helpers import (BACI_TYPES, CHN, DEU, JPN, USA, to_parquet, write_baci, write_countries,
                           write_lines)

from matrank.trade import aggregate, summary, trade_indicators

MATERIALS = {"beef": ("020110",), "magnets": ("850511",), "silicon": ("381800", "284920"),
             "unmatched": ("999999",)}

# values in thousand USD, quantities in tonnes, as BACI publishes them
Y2019 = [
    (2019, DEU, CHN, "020110", 10, 2), (2019, USA, CHN, "020110", 30, "NA"), (2019, JPN, CHN, "020110", 60, 4),
    (2019, CHN, USA, "020110", 5, 1),
    (2019, JPN, CHN, "850511", 50, 5), (2019, DEU, CHN, "850511", 50, 5),
    (2019, USA, CHN, "381800", 20, 1), (2019, USA, CHN, "284920", 20, 1), (2019, DEU, CHN, "381800", 60, 3),
    (2019, DEU, USA, "381800", 999, 9),  # not the reporter's trade
    (2019, CHN, 4, "123456", 7, 1),  # not a requested product
]
Y2020 = [
    (2020, DEU, CHN, "020110", 25, None),
    (2020, JPN, CHN, "850511", 30, 3), (2020, JPN, CHN, "850511", 10, 1),  # JPN listed twice: summed
    (2020, USA, CHN, "850511", 60, 6),
]
Y2022 = [(2022, JPN, CHN, "020110", 50, 5)]  # 2021 is missing


@pytest.fixture
def baci(tmp_path):
    files = [write_baci(tmp_path / f"BACI_HS17_Y{y}_V202401.csv", rows)
             for y, rows in ((2019, Y2019), (2020, Y2020), (2022, Y2022))]
    return files, write_countries(tmp_path)


def test_year_by_year_against_hand_computation(baci):
    files, countries = baci
    result = trade_indicators(files, MATERIALS, "CHN", country_codes=countries)
    assert result.layout == "baci" and result.year_span == (2019, 2022)
    beef = result.material("beef")
    assert [y.year for y in beef.years] == [2019, 2020, 2022]
    y19 = beef.years[0]
    assert y19.imports_value == pytest.approx((10 + 30 + 60) * 1000)
    assert y19.imports_quantity == pytest.approx(2 + 4)  # USA's "NA" is unknown, not 0
    assert y19.exports_value == pytest.approx(5 * 1000) and y19.exports_quantity == pytest.approx(1)
    assert [(s.partner, s.share) for s in y19.shares] == [("JPN", pytest.approx(0.6)), ("USA", pytest.approx(0.3)),
                                                          ("DEU", pytest.approx(0.1))]
    assert y19.hhi == pytest.approx(0.6 ** 2 + 0.3 ** 2 + 0.1 ** 2)
    assert (y19.top_partner, y19.top_share) == ("JPN", pytest.approx(0.6))
    assert y19.risk_weighted is None
    y20 = beef.years[1]
    assert y20.imports_quantity is None and y20.exports_value == 0.0 and y20.hhi == pytest.approx(1.0)

    silicon = result.material("silicon").years[0]  # two codes: USA 20 + 20, DEU 60
    assert silicon.imports_value == pytest.approx(100_000)
    assert silicon.hhi == pytest.approx(0.4 ** 2 + 0.6 ** 2) and silicon.top_partner == "DEU"
    magnets = result.material("magnets")
    tie = magnets.years[0]  # 50 / 50: the tie goes to the first code alphabetically
    assert (tie.top_partner, tie.top_share, tie.hhi) == ("DEU", pytest.approx(0.5), pytest.approx(0.5))
    summed = magnets.years[1]  # JPN 30 + 10 = 40, USA 60
    assert [(s.partner, s.value) for s in summed.shares] == [("USA", pytest.approx(60_000)),
                                                             ("JPN", pytest.approx(40_000))]
    assert summed.hhi == pytest.approx(0.6 ** 2 + 0.4 ** 2)


def test_notes_for_duplicates_gaps_quantities_and_unmatched_codes(baci):
    files, countries = baci
    result = trade_indicators(files, MATERIALS, "CHN", country_codes=countries)
    assert any("2021" in n and "any material" in n for n in result.notes)
    magnets = result.material("magnets")
    assert any("JPN 2 times for 850511 in 2020" in n and "summed" in n for n in magnets.notes)
    beef = result.material("beef")
    # import records of beef: 2019 ×3, 2020 ×1, 2022 ×1; quantity missing on USA 2019 and DEU 2020
    missing_share = (30 + 25) / (100 + 25 + 50) * 100
    assert any(f"quantity missing on 2 of 5 import records ({missing_share:.1f} % of import value)" in n
               for n in beef.notes)
    assert any("no record of the material in 2021" in n for n in beef.notes)
    unmatched = result.material("unmatched")
    assert unmatched.years == () and unmatched.codes_matched == () and unmatched.flagged
    assert "999999" in unmatched.notes[0] and "kept without indicators" in unmatched.notes[0]
    silicon = result.material("silicon")
    assert silicon.codes_matched == ("381800", "284920") and silicon.years_used == (2019,)


def test_quantity_basis(baci):
    files, countries = baci
    result = trade_indicators(files, {"beef": ("020110",)}, "CHN", country_codes=countries, basis="quantity")
    y19 = result.material("beef").years[0]
    # USA's quantity is unknown: shares over DEU 2 t and JPN 4 t
    assert [(s.partner, s.share) for s in y19.shares] == [("JPN", pytest.approx(4 / 6)), ("DEU", pytest.approx(2 / 6))]
    assert y19.hhi == pytest.approx((4 / 6) ** 2 + (2 / 6) ** 2)
    y20 = result.material("beef").years[1]  # DEU's only record has no quantity: no shares that year
    assert y20.hhi is None and y20.imports_value == pytest.approx(25_000)
    assert result.material("beef").years_used == (2019, 2022)
    assert any("quantity shares leave them out" in n for n in result.material("beef").notes)


def test_parquet_gives_the_same_answer_as_csv(baci, tmp_path):
    files, countries = baci
    parquet = [to_parquet(f, BACI_TYPES) for f in files]
    from_csv = trade_indicators(files, MATERIALS, "CHN", country_codes=countries)
    from_parquet = trade_indicators(parquet, MATERIALS, "CHN", country_codes=countries)
    assert from_parquet.materials == from_csv.materials and from_parquet.notes == from_csv.notes
    mixed = trade_indicators([files[0], parquet[1], parquet[2]], MATERIALS, "CHN", country_codes=countries)
    assert mixed.materials == from_csv.materials


def test_a_glob_reads_every_yearly_file(baci, tmp_path):
    _, countries = baci
    result = trade_indicators([str(tmp_path / "BACI_HS17_Y*_V202401.csv")], MATERIALS, "CHN",
                              country_codes=countries)
    assert [y.year for y in result.material("beef").years] == [2019, 2020, 2022]


def test_year_range_is_inclusive_and_missing_years_inside_it_are_noted(baci):
    files, countries = baci
    result = trade_indicators(files, MATERIALS, "CHN", country_codes=countries, years=(2020, 2021))
    assert result.year_span == (2020, 2021)
    assert [y.year for y in result.material("beef").years] == [2020]
    assert any("2021" in n for n in result.notes)


def test_partner_risk_weighted_concentration(baci, tmp_path):
    files, countries = baci
    risk = write_lines(tmp_path / "risk.csv", ["iso3,risk", "DEU,0.2", "USA,0.9", "JPN,0.5"])
    y19 = trade_indicators(files, MATERIALS, "CHN", country_codes=countries,
                           partner_risk=risk).material("beef").years[0]
    hhi = 0.1 ** 2 + 0.3 ** 2 + 0.6 ** 2
    assert y19.risk_weighted == pytest.approx(hhi * (0.1 * 0.2 + 0.3 * 0.9 + 0.6 * 0.5))
    assert y19.risk_uncovered_share == pytest.approx(0.0)

    partial = write_lines(tmp_path / "partial.csv", ["iso3,risk", "DEU,0.2", "USA,0.9"])
    result = trade_indicators(files, MATERIALS, "CHN", country_codes=countries, partner_risk=partial)
    y19 = result.material("beef").years[0]
    assert y19.risk_weighted == pytest.approx(hhi * (0.1 * 0.2 + 0.3 * 0.9))  # JPN counted as 0
    assert y19.risk_uncovered_share == pytest.approx(0.6)
    assert any("JPN" in n and "lower bound" in n for n in result.material("beef").notes)


def test_latest_and_mean_over_the_years(baci):
    files, countries = baci
    beef = trade_indicators(files, MATERIALS, "CHN", country_codes=countries).material("beef")
    hhis = {2019: 0.1 ** 2 + 0.3 ** 2 + 0.6 ** 2, 2020: 1.0, 2022: 1.0}
    latest = beef.aggregate("hhi", "latest")
    assert (latest.value, latest.low, latest.high, latest.years) == (
        pytest.approx(1.0), pytest.approx(hhis[2019]), pytest.approx(1.0), (2019, 2020, 2022))
    mean = aggregate(beef, "hhi", "mean")
    assert mean.value == pytest.approx(sum(hhis.values()) / 3) and mean.low == pytest.approx(hhis[2019])
    imports = aggregate(beef, "imports_value", "mean")
    assert imports.value == pytest.approx((100_000 + 25_000 + 50_000) / 3)
    assert (imports.low, imports.high) == (pytest.approx(25_000), pytest.approx(100_000))
    quantity = aggregate(beef, "imports_quantity", "latest")  # 2020 has no quantity: left out
    assert quantity.years == (2019, 2022) and quantity.value == pytest.approx(5)
    assert aggregate(beef, "risk_weighted", "mean") is None


def test_summary_lists_the_top_partners(baci):
    files, countries = baci
    result = trade_indicators(files, MATERIALS, "CHN", country_codes=countries)
    rows = summary(result, top=2)
    beef19 = next(r for r in rows if r.material == "beef" and r.year == 2019)
    assert [(s.partner, round(s.share, 9)) for s in beef19.top] == [("JPN", 0.6), ("USA", 0.3)]
    assert {r.material for r in rows} == {"beef", "magnets", "silicon"}
    assert len(summary(result)[0].top) <= 5


def test_unknown_partner_codes_are_kept_and_noted(tmp_path):
    countries = write_countries(tmp_path)
    data = write_baci(tmp_path / "BACI_HS17_Y2019_V202401.csv",
                      [(2019, 999, CHN, "850511", 10, 1), (2019, 899, CHN, "850511", 30, 1)])
    result = trade_indicators([data], {"magnets": ("850511",)}, "CHN", country_codes=countries)
    # 899 is in the table without an ISO3 (N/A): like 999, shown by its number
    assert [s.partner for s in result.material("magnets").years[0].shares] == ["#899", "#999"]
    assert any("#899, #999" in n for n in result.notes)


def test_reporter_codes_are_case_insensitive_and_hs_codes_may_carry_a_dot(baci):
    files, countries = baci
    result = trade_indicators(files, {"magnets": ["8505.11"]}, "chn", country_codes=countries)
    assert result.reporter == "CHN" and result.material("magnets").codes == ("850511",)
