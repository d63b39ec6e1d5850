"""A small, made-up BACI sample for trying ``matrank trade`` (the README's example).

Writes five yearly files ``BACI_HS17_Y2019_V202501.csv`` … ``Y2023`` in BACI's exact layout
(t, i, j, k, v in thousand USD, q in tonnes, ``NA`` where unknown), BACI's country table
and an illustrative partner-risk table, for the HS codes of the shipped default case. The
numbers are invented (seeded, so every run writes the same files): they show the
mechanics, not any country's trade.

Run: ``.venv/bin/python benchmarks/trade_sample.py [FOLDER]`` (default
``/tmp/matrank-trade-sample``).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

YEARS = range(2019, 2024)
COUNTRIES = ((156, "China", "CN", "CHN"), (392, "Japan", "JP", "JPN"), (276, "Germany", "DE", "DEU"),
             (842, "USA", "US", "USA"), (410, "Rep. of Korea", "KR", "KOR"), (490, "Other Asia, nes", "N/A", "S19"),
             (251, "France", "FR", "FRA"), (826, "United Kingdom", "GB", "GBR"), (704, "Viet Nam", "VN", "VNM"),
             (458, "Malaysia", "MY", "MYS"), (36, "Australia", "AU", "AUS"), (528, "Netherlands", "NL", "NLD"),
             (899, "Areas, nes", "N/A", "N/A"))
CODE = {iso3: code for code, _, _, iso3 in COUNTRIES}
#: Per HS code: China's import partners with their weight, imports in 2019 (thousand USD), the yearly
#: drift of the first partner's weight, China's exports (thousand USD) and USD per kg.
PRODUCTS = {
    "850511": ({"JPN": 50, "DEU": 12, "USA": 6, "KOR": 10, "VNM": 8}, 180_000, -2.0, 2_400_000, 45.0),
    "320650": ({"JPN": 30, "KOR": 25, "DEU": 20, "USA": 10, "NLD": 5}, 90_000, 0.5, 60_000, 12.0),
    "284610": ({"JPN": 40, "USA": 15, "FRA": 20, "AUS": 5}, 25_000, -1.0, 150_000, 6.0),
    "280530": ({"MYS": 35, "JPN": 20, "USA": 10, "GBR": 5}, 40_000, 1.5, 110_000, 30.0),
    "381800": ({"JPN": 40, "S19": 25, "KOR": 15, "DEU": 10, "USA": 8, "MYS": 2}, 4_500_000, -1.5, 1_900_000, 900.0),
    "741011": ({"JPN": 35, "KOR": 30, "S19": 25, "USA": 5}, 1_200_000, -2.5, 700_000, 11.0),
    "381512": ({"USA": 30, "DEU": 25, "JPN": 20, "GBR": 15, "KOR": 5}, 700_000, 0.0, 250_000, 150.0),
    "900120": ({"JPN": 55, "KOR": 25, "S19": 15, "USA": 5}, 2_000_000, -3.0, 900_000, 40.0),
}
#: Illustrative risks in [0, 1]: invented for the example, not an assessment of any country.
RISK = {"USA": 0.9, "JPN": 0.7, "S19": 0.8, "KOR": 0.5, "DEU": 0.4, "NLD": 0.5, "GBR": 0.4, "FRA": 0.3,
        "AUS": 0.3, "VNM": 0.1, "MYS": 0.1}


def _rows(year: int, rng: random.Random) -> list[str]:
    china = CODE["CHN"]
    rows = []
    for k, (partners, total, drift, exports, usd_per_kg) in PRODUCTS.items():
        weights = dict(partners)
        first = next(iter(weights))
        weights[first] = max(1.0, weights[first] + drift * (year - 2019))
        scale = total * (1 + 0.06 * (year - 2019)) * rng.uniform(0.9, 1.1)
        whole = sum(weights.values())
        for iso3, w in weights.items():
            v = scale * w / whole
            # thousand USD / (USD per kg) = t; one wafer record a year without a quantity, as BACI has some
            q = "NA" if k == "381800" and iso3 == "MYS" else f"{v / usd_per_kg:.3f}"
            rows.append(f"{year},{CODE[iso3]},{china},{k},{v:.3f},{q}")
        for iso3 in ("USA", "DEU", "VNM"):
            v = exports / 3 * rng.uniform(0.8, 1.2)
            rows.append(f"{year},{china},{CODE[iso3]},{k},{v:.3f},{v / usd_per_kg:.3f}")
        rows.append(f"{year},{CODE['JPN']},{CODE['USA']},{k},{rng.uniform(1e3, 1e5):.3f},1.000")  # not China's
    return rows


def write_sample(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(14)
    written = []
    for year in YEARS:
        path = folder / f"BACI_HS17_Y{year}_V202501.csv"
        path.write_text("t,i,j,k,v,q\n" + "\n".join(_rows(year, rng)) + "\n", encoding="utf-8")
        written.append(path)
    countries = folder / "country_codes_V202501.csv"
    countries.write_text("country_code,country_name,country_iso2,country_iso3\n" + "".join(
        f'{code},"{name}",{iso2},{iso3}\n' for code, name, iso2, iso3 in COUNTRIES), encoding="utf-8")
    risk = folder / "partner-risk.csv"
    risk.write_text("iso3,risk\n" + "".join(f"{iso3},{r}\n" for iso3, r in RISK.items()), encoding="utf-8")
    return written + [countries, risk]


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/matrank-trade-sample")
    for path in write_sample(folder):
        print(path)


if __name__ == "__main__":
    main()
