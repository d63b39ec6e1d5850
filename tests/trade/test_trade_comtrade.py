"""Indicators from UN Comtrade downloads (CSV and Parquet), checked against hand computations."""

from __future__ import annotations

import pytest
from trade_helpers import COMTRADE_TYPES, to_parquet, write_comtrade, write_countries, write_lines

from matrank.trade import trade_indicators

MATERIALS = {"magnets": ("850511",), "beef": ("020110",)}

# (year, reporter, flow, partner, cmdCode, primaryValue USD, netWgt kg)
ROWS = [
    (2021, "CHN", "M", "JPN", "850511", 600_000, 60_000),
    (2021, "CHN", "M", "DEU", "850511", 400_000, ""),
    (2021, "CHN", "M", "W00", "850511", 1_000_000, 60_000),  # the world total: agrees
    (2021, "CHN", "X", "USA", "850511", 250_000, 25_000),
    (2021, "CHN", "X", "W00", "850511", 250_000, 25_000),
    (2021, "CHN", "M", "USA", "020110", 100, 10),
    (2021, "CHN", "M", "AUS", "020110", 300, 30),
    (2021, "CHN", "M", "W00", "020110", 500, 40),  # partners sum to 400: 20 % short
    (2021, "CHN", "RM", "JPN", "850511", 999, 1),  # re-imports: neither M nor X
    (2021, "USA", "M", "CHN", "850511", 777, 1),  # another reporter
    (2022, "CHN", "M", "JPN", "850511", 200, 20),
    (2022, "CHN", "M", "JPN", "850511", 100, 10),  # listed twice: summed
    (2022, "CHN", "M", "USA", "850511", 700, 70),
]


@pytest.fixture
def comtrade(tmp_path):
    return write_comtrade(tmp_path / "TradeData_CHN_2021_2022.csv", ROWS)


def test_imports_exports_shares_and_hhi(comtrade):
    result = trade_indicators([comtrade], MATERIALS, "CHN")
    assert result.layout == "comtrade" and result.year_span == (2021, 2022)
    m21 = result.material("magnets").years[0]
    assert m21.imports_value == pytest.approx(1_000_000)  # W00 is not a partner
    assert m21.imports_quantity == pytest.approx(60_000 / 1000)  # kg → t; DEU's blank is unknown
    assert m21.exports_value == pytest.approx(250_000) and m21.exports_quantity == pytest.approx(25)
    assert [(s.partner, s.share) for s in m21.shares] == [("JPN", pytest.approx(0.6)), ("DEU", pytest.approx(0.4))]
    assert m21.hhi == pytest.approx(0.6 ** 2 + 0.4 ** 2)
    assert (m21.top_partner, m21.top_share) == ("JPN", pytest.approx(0.6))
    m22 = result.material("magnets").years[1]  # JPN 200 + 100, USA 700
    assert m22.hhi == pytest.approx(0.3 ** 2 + 0.7 ** 2) and m22.top_partner == "USA"
    beef = result.material("beef").years[0]
    assert beef.hhi == pytest.approx(0.25 ** 2 + 0.75 ** 2) and beef.top_partner == "AUS"


def test_world_total_check_and_duplicates_are_noted(comtrade):
    result = trade_indicators([comtrade], MATERIALS, "CHN")
    beef_notes = " ".join(result.material("beef").notes)
    gap = abs(400 - 500) / 500 * 100
    assert "world total (W00)" in beef_notes and f"partners 400 USD, W00 500 USD ({gap:.1f} % apart)" in beef_notes
    magnets_notes = " ".join(result.material("magnets").notes)
    assert "W00" not in magnets_notes  # partners match the world total within 1 %
    assert "JPN 2 times for 850511 in 2022 (imports)" in magnets_notes


def test_parquet_download_gives_the_same_answer(comtrade):
    parquet = to_parquet(comtrade, COMTRADE_TYPES)
    assert trade_indicators([parquet], MATERIALS, "CHN").materials == \
        trade_indicators([comtrade], MATERIALS, "CHN").materials


def test_partner_risk_without_a_country_table_notes_codes_no_partner_carries(comtrade, tmp_path):
    risk = write_lines(tmp_path / "risk.csv", ["iso3,risk", "JPN,0.5", "DEU,0.1", "USA,1", "AUS,0", "XYZ,0.3"])
    result = trade_indicators([comtrade], MATERIALS, "CHN", partner_risk=risk)
    m21 = result.material("magnets").years[0]
    assert m21.risk_weighted == pytest.approx((0.6 ** 2 + 0.4 ** 2) * (0.6 * 0.5 + 0.4 * 0.1))
    assert any("XYZ" in n and "no partner" in n for n in result.notes)


def test_country_table_if_given_checks_the_reporter_and_risk_codes(comtrade, tmp_path):
    countries = write_countries(tmp_path)
    result = trade_indicators([comtrade], MATERIALS, "CHN", country_codes=countries)
    assert result.material("magnets").years[0].hhi == pytest.approx(0.52)
