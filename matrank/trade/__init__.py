"""Indicators from trade records: import reliance and supplier risk per material and year.

Reads CEPII BACI and UN Comtrade files (CSV or Parquet) in place with DuckDB, which is
imported only when a function runs, so importing this package stays cheap.

    from matrank.trade import trade_indicators, summary
    result = trade_indicators(["BACI_HS17_Y2022_V202401.csv"], {"rare_earth_magnets": ("850511",)},
                              "CHN", country_codes="country_codes_V202401.csv")
    result.material("rare_earth_magnets").aggregate("hhi", "latest")
"""

from matrank.trade.indicators import (BASES, INDICATORS, RULES, Estimate, MaterialTrade, PartnerShare,
                                      PartnerSummary, TradeIndicators, YearIndicators, aggregate, summary,
                                      trade_indicators)
from matrank.trade.tables import CountryTable, PartnerRisk, read_country_codes, read_partner_risk

__all__ = ["BASES", "INDICATORS", "RULES", "CountryTable", "Estimate", "MaterialTrade", "PartnerRisk",
           "PartnerShare", "PartnerSummary", "TradeIndicators", "YearIndicators", "aggregate",
           "read_country_codes", "read_partner_risk", "summary", "trade_indicators"]
