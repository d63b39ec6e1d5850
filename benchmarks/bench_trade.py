"""Trade-indicator benchmark (issue 14): one BACI-sized year, 45 materials, one reporter.

Three contenders, each in its own child process so its peak memory is its own:
``matrank.trade`` on the CSV, the same on Parquet, and the obvious pandas baseline
(``read_csv`` with ``k`` as text, then ``groupby``) computing the same indicators. The
answers are compared before any timing is reported.

The year (10 million rows: 200 exporters × 200 importers × 5,000 products, ~5 % of the
pairs traded, large countries trading more) is generated with DuckDB SQL once and kept in
``$MATRANK_BENCH_DIR`` (default ``/tmp/matrank-bench-trade``) for later runs.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_trade.py``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from timing import user_env  # noqa: E402  (before numpy: pins BLAS threads)

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("MATRANK_BENCH_DIR", "/tmp/matrank-bench-trade"))
YEAR = 2022
N_COUNTRIES = 200
N_PRODUCTS = 5_000
REPORTER = ("CHN", 156)
REPEAT = 5

#: Made-up but plausible HS-6 codes for 45 key strategic materials (HS 2017).
MATERIALS = {
    "sic_substrate": ("284920", "381800"), "silicon_wafer": ("381800",), "polysilicon": ("280461",),
    "gaas_wafer": ("381800", "285390"), "photoresist_krf_arf": ("370790",), "photoresist_g_i": ("370790",),
    "electronic_gases": ("281290", "285390", "280429"), "wet_chemicals": ("280610", "280920", "281121"),
    "high_purity_quartz": ("250610", "700220"), "sputtering_targets": ("811299", "810890"),
    "cmp_slurry": ("382499", "340590"), "rare_earth_magnets": ("850511",), "rare_earth_metals": ("280530",),
    "rare_earth_compounds": ("284690",), "lithium_carbonate": ("283691",), "lithium_hydroxide": ("282520",),
    "cobalt": ("810520", "282200"), "natural_graphite": ("250410",), "synthetic_graphite": ("380110",),
    "carbon_fibre": ("681510", "681599"), "titanium_alloy": ("810890", "810820"), "nickel_superalloy": ("750220",),
    "polyimide_film": ("392099",), "aramid_fibre": ("540211",), "gallium": ("811292",), "germanium": ("811292",),
    "tungsten": ("810194", "810199"), "molybdenum": ("810294",), "tantalum": ("810320",), "niobium": ("261590",),
    "hp_aluminium": ("760110",), "copper_foil": ("741011",), "oled_materials": ("293499", "320420"),
    "optical_fibre_preform": ("700220", "900110"), "battery_separator": ("392010",),
    "electrolyte": ("382499", "282619"), "cathode_materials": ("284190", "284169"),
    "packaging_substrate": ("854190",), "magnesium": ("810411",), "vanadium": ("282530",),
    "zirconium": ("810920",), "platinum_group": ("711011", "711021", "711031"), "helium": ("280429",),
    "ptfe": ("390461",), "pvdf": ("390469",),
}


def _countries() -> list[tuple[int, str]]:
    """200 (code, ISO3) pairs: a few real ones first (rank = size), made-up codes after."""
    real = [(156, "CHN"), (842, "USA"), (276, "DEU"), (392, "JPN"), (410, "KOR"), (251, "FRA"), (381, "ITA"),
            (528, "NLD"), (699, "IND"), (826, "GBR")]
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    made_up = [(900 + n, f"Z{letters[n // 26]}{letters[n % 26]}") for n in range(N_COUNTRIES - len(real))]
    return real + made_up


def _products() -> list[str]:
    """5,000 six-digit codes: the materials' codes, then spread over the chapters (some 0…)."""
    codes = list(dict.fromkeys(c for cs in MATERIALS.values() for c in cs))
    n = 0
    while len(codes) < N_PRODUCTS:
        code = f"{10100 + (n * 1999) % 960000:06d}"
        if code not in codes:
            codes.append(code)
        n += 1
    return codes


def _sql_text(path: Path) -> str:
    # COPY … TO takes no parameter for its target: the folder (from the environment) is quoted
    return "'" + str(path).replace("'", "''") + "'"


def generate(folder: Path) -> dict[str, Path]:
    """The CSV, Parquet and country table, made once (about 20 s on 2 cores) and reused."""
    paths = {"csv": folder / f"BACI_HS17_Y{YEAR}_V202401.csv", "parquet": folder / f"BACI_HS17_Y{YEAR}_V202401.parquet",
             "countries": folder / "country_codes_V202401.csv"}
    if all(p.exists() for p in paths.values()):
        return paths
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    countries = _countries()
    con.execute("CREATE TABLE c AS SELECT unnest($code) AS code, unnest($rank) AS rank",
                {"code": [c for c, _ in countries], "rank": list(range(len(countries)))})
    con.execute("CREATE TABLE p AS SELECT unnest($k) AS k", {"k": _products()})
    # a pair (exporter, importer) trades a product with probability 0.31·(1 − re/200)^1.5·(1 − ri/200)^1.5:
    # about 5 % on average, most for the large countries, as in BACI
    tmp = folder / "year.tmp.parquet"
    con.execute(f"""
        COPY (
          SELECT {YEAR} AS t, e.code AS i, m.code AS j, p.k,
                 round(1 + (hash(e.code, m.code, p.k, 1) % 100000) / 37.0
                       * pow(1 - e.rank / 200.0, 3) * pow(1 - m.rank / 200.0, 3), 3) AS v,
                 CASE WHEN hash(e.code, m.code, p.k, 2) % 10 = 0 THEN NULL
                      ELSE round((hash(e.code, m.code, p.k, 3) % 100000) / 1000.0, 3) END AS q
          FROM c AS e, c AS m, p
          WHERE e.code <> m.code
            AND (hash(e.code, m.code, p.k) % 1000000) / 1e6
                < 0.3125 * pow(1 - e.rank / 200.0, 1.5) * pow(1 - m.rank / 200.0, 1.5)
          ORDER BY i, j, k
        ) TO {_sql_text(tmp)} (FORMAT parquet)""")
    con.execute(f"COPY (SELECT t, i, j, k, v, coalesce(CAST(q AS VARCHAR), 'NA') AS q FROM read_parquet($tmp)) "
                f"TO {_sql_text(paths['csv'])} (HEADER, QUOTE '')", {"tmp": str(tmp)})
    tmp.rename(paths["parquet"])
    paths["countries"].write_text("country_code,country_name,country_iso2,country_iso3\n" + "".join(
        f"{code},Country {iso},{iso[:2]},{iso}\n" for code, iso in countries))
    return paths


def module_child(files: list[str], countries: str) -> dict:
    from matrank.trade import trade_indicators

    result = trade_indicators(files, MATERIALS, REPORTER[0], country_codes=countries)
    return {m.material: [y.imports_value, y.exports_value, y.hhi, y.top_partner, y.top_share]
            for m in result.materials for y in m.years}


def pandas_child(files: list[str], countries: str) -> dict:
    """The obvious pandas computation of the same indicators."""
    import pandas as pd

    names = pd.read_csv(countries, dtype={"country_iso3": str}).set_index("country_code")["country_iso3"]
    df = pd.read_csv(files[0], dtype={"k": str}, na_values=["NA"])
    code = REPORTER[1]
    df = df[df["k"].isin({c for cs in MATERIALS.values() for c in cs}) & ((df["i"] == code) | (df["j"] == code))]
    df = df.assign(flow=(df["j"] == code).map({True: "import", False: "export"}),
                   partner=df["i"].where(df["j"] == code, df["j"]).map(names))
    pairs = pd.DataFrame([(m, c) for m, cs in MATERIALS.items() for c in cs], columns=["material", "k"])
    by = df.merge(pairs, on="k").groupby(["material", "t", "flow", "partner"], as_index=False)["v"].sum()
    by["v"] *= 1000.0
    out = {}
    for (material, year), g in by.groupby(["material", "t"]):
        imports = g[g["flow"] == "import"].sort_values(["v", "partner"], ascending=[False, True])
        exports = float(g.loc[g["flow"] == "export", "v"].sum())
        if imports.empty:
            out[material] = [0.0, exports, None, None, None]
            continue
        share = imports["v"] / imports["v"].sum()
        out[material] = [float(imports["v"].sum()), exports, float((share ** 2).sum()),
                         imports["partner"].iloc[0], float(share.iloc[0])]
    return out


def child(kind: str, files: list[str], countries: str) -> None:
    """One contender's work, timed after its libraries are imported (start-up is the same
    whatever the file format, and is reported apart as the child's wall time)."""
    if kind == "pandas":
        import pandas  # noqa: F401
    else:
        import duckdb  # noqa: F401  (matrank.trade imports it on first use)

        import matrank.trade  # noqa: F401
    t0 = time.perf_counter()
    out = pandas_child(files, countries) if kind == "pandas" else module_child(files, countries)
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "result": out}))


def run_child(kind: str, files: list[str], countries: str) -> dict:
    """One run of one contender in a fresh process: work seconds, wall seconds, peak RSS."""
    # a small parent runs the child: a child's peak RSS can include the pages of the process
    # that forked it, and this one holds the benchmark's own modules
    probe = ("import resource, subprocess, sys, time; t0 = time.perf_counter(); "
             "out = subprocess.run(sys.argv[1:], check=True, capture_output=True, text=True).stdout; "
             "print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(out)")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, countries, *files]
    done = subprocess.run([sys.executable, "-S", "-c", probe, *cmd], check=True, capture_output=True,
                          text=True, env={**user_env(), "PYTHONPATH": str(HERE.parent)})
    head, payload = done.stdout.split("\n", 1)
    wall, peak_kb = head.split()
    run = json.loads(payload)
    return {"seconds": run["seconds"], "wall": float(wall), "peak_mb": int(peak_kb) / 1024, "result": run["result"]}


def measure(contenders: dict[str, list[str]], countries: str) -> dict[str, dict]:
    """Best times of REPEAT runs and the largest peak RSS, the contenders taking turns so a
    busy moment of a shared machine falls on all of them alike."""
    best: dict[str, dict] = {}
    for _ in range(REPEAT):
        for kind, files in contenders.items():
            run = run_child(kind, files, countries)
            old = best.get(kind, {"seconds": float("inf"), "wall": float("inf"), "peak_mb": 0.0})
            best[kind] = {"seconds": min(old["seconds"], run["seconds"]), "wall": min(old["wall"], run["wall"]),
                          "peak_mb": max(old["peak_mb"], run["peak_mb"]), "result": run["result"]}
    return best


def _same(a: dict, b: dict) -> bool:
    def close(x, y):
        return x == y if isinstance(x, str) or x is None or y is None else abs(x - y) <= 1e-9 * max(1.0, abs(x))
    return a.keys() == b.keys() and all(all(close(x, y) for x, y in zip(a[k], b[k])) for k in a)


def main() -> None:
    t0 = time.perf_counter()
    paths = generate(DATA)
    made = time.perf_counter() - t0
    rows = sum(1 for _ in open(paths["csv"], "rb")) - 1
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}; "
          f"DuckDB on {os.cpu_count()} threads, memory limit 512MB (the default); each contender in its own process")
    print(f"data: one BACI year, {rows:,} rows ({paths['csv'].stat().st_size / 1e6:,.0f} MB CSV, "
          f"{paths['parquet'].stat().st_size / 1e6:,.0f} MB Parquet; {'made' if made > 1 else 'cached'} in {DATA}); "
          f"{len(MATERIALS)} materials, reporter {REPORTER[0]}")
    runs = measure({"module-csv": [str(paths["csv"])], "module-parquet": [str(paths["parquet"])],
                    "pandas": [str(paths["csv"])]}, str(paths["countries"]))
    assert _same(runs["module-csv"]["result"], runs["module-parquet"]["result"]), "CSV and Parquet disagree"
    assert _same(runs["module-csv"]["result"], runs["pandas"]["result"]), "module and pandas disagree"
    print(f"answers agree ({len(runs['pandas']['result'])} materials with trade); best of {REPEAT} runs each, "
          "taking turns (work: after the libraries are imported; wall: the whole child process, start-up included):")
    labels = {"module-csv": "matrank.trade, CSV", "module-parquet": "matrank.trade, Parquet",
              "pandas": "pandas read_csv + groupby"}
    for kind, run in runs.items():
        print(f"  {labels[kind]:27s} work {run['seconds']:6.2f} s   wall {run['wall']:6.2f} s   "
              f"peak RSS {run['peak_mb']:6.0f} MB")
    csv, pq, pd_ = runs["module-csv"], runs["module-parquet"], runs["pandas"]
    speed, memory, pq_speed = pd_["seconds"] / csv["seconds"], csv["peak_mb"] / pd_["peak_mb"], \
        csv["seconds"] / pq["seconds"]
    verdict = lambda ok: "met" if ok else "NOT met"  # noqa: E731
    print(f"  CSV vs pandas: {speed:5.1f}× faster (target ≥ 2×: {verdict(speed >= 2)}); peak memory "
          f"{memory:.2f} of pandas' (target ≤ 1/3: {verdict(memory <= 1 / 3)}), "
          f"{csv['peak_mb']:.0f} MB (target ≤ 1024 MB: {verdict(csv['peak_mb'] <= 1024)})")
    wall_speed = csv["wall"] / pq["wall"]
    print(f"  Parquet vs CSV: {pq_speed:5.1f}× faster (target ≥ 5×: {verdict(pq_speed >= 5)}); "
          f"{wall_speed:.1f}× on the whole process")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[4:], sys.argv[3])
    else:
        main()
