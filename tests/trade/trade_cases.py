"""Small cases and BACI files for the trade commands' tests, with the numbers a hand can check.

Wafers (381800), in thousand USD (BACI's unit):
  2019: DEU 60, JPN 40 → imports 100,000 USD, shares .6/.4, HHI .52; exports (to USA) 10,000 USD
  2020: JPN 60, DEU 20, USA 20 → imports 100,000 USD, HHI .44; exports 30,000 USD
Copper foil (741011): 2019 JPN 30 (HHI 1, no exports); 2020 JPN 50, DEU 50 (HHI .5).
Risks: DEU .2, JPN .5, USA 1 → wafers .52 × .32 = .1664 (2019), .44 × .54 = .2376 (2020);
foil 1 × .5 = .5 (2019), .5 × .35 = .175 (2020).
Quantities (t): wafers imports 5 and 5, exports 1 and 2.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from trade_helpers import CHN, DEU, JPN, USA, write_baci, write_countries, write_lines

MINI = Path(__file__).resolve().parents[1] / "data" / "mini.yaml"

ROWS = [
    (2019, DEU, CHN, "381800", 60, 3), (2019, JPN, CHN, "381800", 40, 2), (2019, CHN, USA, "381800", 10, 1),
    (2019, JPN, CHN, "741011", 30, 5),
    (2020, DEU, CHN, "381800", 20, 1), (2020, JPN, CHN, "381800", 60, 3), (2020, USA, CHN, "381800", 20, 1),
    (2020, CHN, USA, "381800", 30, 2),
    (2020, JPN, CHN, "741011", 50, 4), (2020, DEU, CHN, "741011", 50, 4),
    (2020, USA, DEU, "381800", 999, 9),  # another reporter's trade
]
WAFER_NOTE = "3818.00 also holds wafers of every diameter"


def mini_raw() -> dict:
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))


def dump(path: Path, raw: dict) -> Path:
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def with_codes(raw: dict) -> dict:
    """The mini case with hs_codes: wafer (broader code, hs_note), foil, euv (no record)."""
    by_id = {m["id"]: m for m in raw["materials"]}
    by_id["wafer"].update(hs_codes=["381800"], hs_note=WAFER_NOTE)
    by_id["foil"]["hs_codes"] = ["741011"]
    by_id["euv"]["hs_codes"] = ["370790"]
    return raw


def with_production(raw: dict, unit: str = "USD") -> dict:
    """Every material on the trade basis (production, imports, exports in ``unit``), no domestic_rate."""
    for m in raw["materials"]:
        ind = m["indicators"]
        del ind["domestic_rate"]
        ind["production"] = {"value": 200_000, "unit": unit, "estimate": True, "low": 150_000, "high": 250_000,
                             "basis": "test"}
        ind["imports"] = {"value": 1, "unit": unit}
        ind["exports"] = {"value": 0, "unit": unit}
    return raw


def trade_inputs(folder: Path, rows=ROWS) -> dict[str, Path]:
    files = {"data": write_baci(folder / "BACI_HS22_Y2019_V202501.csv", rows),
             "countries": write_countries(folder),
             "risk": write_lines(folder / "risk.csv", ["iso3,risk", "DEU,0.2", "JPN,0.5", "USA,1"])}
    files["case"] = dump(folder / "case.yaml", with_codes(mini_raw()))
    return files


def indicators_args(files: dict[str, Path], out: Path, *extra: str) -> list[str]:
    return ["trade", "indicators", str(files["case"]), "--trade", str(files["data"]), "--country-codes",
            str(files["countries"]), "--reporter", "CHN", "-o", str(out), *extra]
