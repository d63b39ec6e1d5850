"""The package's manners: fast import, no output, optional columns, options passed through."""

from __future__ import annotations

import subprocess
import sys

import pytest
from trade_helpers import CHN, DEU, JPN, write_baci, write_countries, write_lines

from matrank.trade import trade_indicators


def test_importing_the_package_does_not_import_duckdb():
    code = "import sys, matrank.trade; print('duckdb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"


def test_nothing_is_printed(tmp_path, capfd):
    data = write_baci(tmp_path / "BACI.csv", [(2019, DEU, CHN, "850511", 10, 1)])
    trade_indicators([data], {"magnets": ("850511",)}, "CHN", country_codes=write_countries(tmp_path), threads=1)
    assert capfd.readouterr() == ("", "")


def test_files_without_a_quantity_column(tmp_path):
    data = write_lines(tmp_path / "BACI.csv", ["t,i,j,k,v", f"2019,{DEU},{CHN},850511,10", f"2019,{JPN},{CHN},850511,30"])
    year = trade_indicators([data], {"magnets": ("850511",)}, "CHN",
                            country_codes=write_countries(tmp_path)).material("magnets").years[0]
    assert year.imports_quantity is None and year.hhi == pytest.approx(0.25 ** 2 + 0.75 ** 2)


def test_comtrade_without_net_weight(tmp_path):
    data = write_lines(tmp_path / "ct.csv", ["refYear,reporterISO,flowCode,partnerISO,cmdCode,primaryValue",
                                             "2021,CHN,M,JPN,850511,10", "2021,CHN,M,DEU,850511,30"])
    year = trade_indicators([data], {"magnets": ("850511",)}, "CHN").material("magnets").years[0]
    assert year.imports_quantity is None and year.top_partner == "DEU"


def test_one_path_may_be_given_bare(tmp_path):
    data = write_baci(tmp_path / "BACI.csv", [(2019, DEU, CHN, "850511", 10, 1)])
    result = trade_indicators(data, {"magnets": ("850511",)}, "CHN", country_codes=write_countries(tmp_path))
    assert result.files == (str(data),)
