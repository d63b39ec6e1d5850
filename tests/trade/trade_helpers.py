"""Small trade files in the exact BACI and Comtrade layouts, written into a test's folder."""

from __future__ import annotations

from pathlib import Path

BACI_HEADER = ("t", "i", "j", "k", "v", "q")
COMTRADE_HEADER = ("typeCode", "freqCode", "refYear", "reporterCode", "reporterISO", "flowCode", "partnerCode",
                   "partnerISO", "partner2ISO", "cmdCode", "cmdDesc", "customsCode", "motCode", "netWgt",
                   "grossWgt", "primaryValue", "isAggregate")

COUNTRIES = ((4, "Afghanistan", "AF", "AFG"), (8, "Albania", "AL", "ALB"), (36, "Australia", "AU", "AUS"),
             (156, "China", "CN", "CHN"), (276, "Germany", "DE", "DEU"), (392, "Japan", "JP", "JPN"),
             (842, "USA, Puerto Rico and US Virgin Islands", "US", "USA"), (490, "Other Asia, nes", "N/A", "S19"),
             (899, "Areas, nes", "N/A", "N/A"))

CHN, DEU, JPN, USA, AUS = 156, 276, 392, 842, 36


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_baci(path: Path, rows: list[tuple]) -> Path:
    """Rows (t, i, j, k, v, q) written as BACI writes them; ``None`` as an empty field."""
    return write_lines(path, [",".join(BACI_HEADER)] +
                       [",".join("" if x is None else str(x) for x in row) for row in rows])


def write_countries(folder: Path, name: str = "country_codes_V202401.csv") -> Path:
    lines = ["country_code,country_name,country_iso2,country_iso3"]
    lines += [f'{code},"{name}",{iso2},{iso3}' for code, name, iso2, iso3 in COUNTRIES]
    return write_lines(folder / name, lines)


def comtrade_row(year, reporter, flow, partner, cmd, value, kg="") -> str:
    """One row of a Comtrade download (the ignored columns filled as a download fills them)."""
    fields = {"typeCode": "C", "freqCode": "A", "refYear": year, "reporterCode": 156, "reporterISO": reporter,
              "flowCode": flow, "partnerCode": 0, "partnerISO": partner, "partner2ISO": "W00", "cmdCode": cmd,
              "cmdDesc": '"Goods, described"', "customsCode": "C00", "motCode": 0, "netWgt": kg, "grossWgt": "",
              "primaryValue": value, "isAggregate": "false"}
    return ",".join(str(fields[c]) for c in COMTRADE_HEADER)


def write_comtrade(path: Path, rows: list[tuple]) -> Path:
    return write_lines(path, [",".join(COMTRADE_HEADER)] + [comtrade_row(*row) for row in rows])


def to_parquet(csv_path: Path, columns: dict[str, str], name: str | None = None) -> Path:
    """The CSV as Parquet, each column cast to the type given (TRY_CAST: 'NA' becomes NULL)."""
    import duckdb

    target = csv_path.with_name(name or csv_path.stem + ".parquet")
    # trim(): a bare TRY_CAST of a CSV column fails on "NA" in DuckDB 2.0 (duckdb issue #23818)
    select = ", ".join(f"TRY_CAST(trim({c}) AS {t}) AS {c}" for c, t in columns.items())
    quoted = str(target).replace("'", "''")  # a test folder's path, quoted as SQL text
    con = duckdb.connect()
    con.execute(f"COPY (SELECT {select} FROM read_csv($src, header = true, all_varchar = true)) "
                f"TO '{quoted}' (FORMAT parquet)", {"src": str(csv_path)})
    con.close()
    return target


BACI_TYPES = {"t": "INTEGER", "i": "INTEGER", "j": "INTEGER", "k": "VARCHAR", "v": "DOUBLE", "q": "DOUBLE"}
COMTRADE_TYPES = {"refYear": "INTEGER", "reporterISO": "VARCHAR", "flowCode": "VARCHAR", "partnerISO": "VARCHAR",
                  "cmdCode": "VARCHAR", "netWgt": "DOUBLE", "primaryValue": "DOUBLE"}
