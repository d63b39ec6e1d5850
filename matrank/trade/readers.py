"""Reading trade files (BACI or Comtrade; CSV or Parquet) in place with DuckDB.

Every file is normalised to one row shape: year, flow (import/export), partner (ISO3;
BACI's numeric partners are mapped through the country table), product (HS code as
text), value in USD (BACI's thousands × 1000) and quantity in tonnes (Comtrade's kg ÷
1000; NULL where blank or ``NA``). Only rows of the reporter and of the requested codes
leave the scan, grouped by year, flow, partner and product into the small temporary
table ``trade_flows``: a 10-million-row year streams through in bounded memory, and
several yearly files are read in one pass.

Values are checked on the rows the computation uses (a bad value elsewhere in a file
changes nothing); when one is found, a second, ordered pass over one file at a time
finds its line for the message. File paths and the reporter reach SQL as parameters;
the only text put into SQL is this module's own and whole numbers.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from matrank.errors import InputError
from matrank.trade.layouts import BACI, Layout, detect_layout, leading_zero_error, lost_leading_zero
from matrank.trade.tables import CountryTable

_SAMPLE_ROWS = 2000
# every column as text, so a bad cell is flagged and located rather than failing the read;
# a 2,048-row sniff finds the dialect of these plain files as well as the default 20,480 does
_CSV_OPTIONS = "header = true, all_varchar = true, sample_size = 2048"


@dataclass(frozen=True)
class TradeFile:
    path: str
    layout: Layout
    format: str  # "csv" or "parquet"
    columns: tuple[str, ...]
    types: tuple[str, ...]  # DuckDB's type of each column (all VARCHAR for CSV: read as text)

    @property
    def typed(self) -> dict[str, str]:
        return {c.lower(): t for c, t in zip(self.columns, self.types)}


@dataclass(frozen=True)
class Scope:
    """Which rows leave the scan: the reporter's, within the years (inclusive)."""

    reporter: str
    reporter_codes: tuple[int, ...]  # BACI's numeric codes of the reporter; () for Comtrade
    years: tuple[int, int] | None


def resolve_files(files: Sequence[str | Path]) -> tuple[str, ...]:
    """Existing paths, glob patterns expanded, each file once, in the order given."""
    if isinstance(files, (str, Path)):
        files = [files]
    out: list[str] = []
    for entry in files:
        text = str(entry)
        if Path(text).exists():
            matches = [text]
        elif glob.has_magic(text):
            matches = sorted(glob.glob(text))
            if not matches:
                raise InputError("no file matches the pattern", file=text, fix="check the folder and the pattern")
        else:
            raise InputError("file not found", file=text, fix="check the path")
        out.extend(m for m in matches if m not in out)
    if not out:
        raise InputError("no trade files given", expected="one or more BACI or Comtrade files (CSV or Parquet)",
                         fix="name the files")
    return tuple(out)


def connect(threads: int | None = None, memory_limit: str = "512MB"):
    """An in-memory DuckDB connection bounded to the machine's cores and ``memory_limit``."""
    import duckdb

    config = {"threads": threads or os.cpu_count() or 1, "memory_limit": memory_limit,
              # order is only needed for the line numbers of error messages (see _ordered)
              "preserve_insertion_order": False}
    try:
        con = duckdb.connect(":memory:", config=config)
    except duckdb.Error as exc:
        raise InputError("invalid DuckDB setting", found=_first_line(exc),
                         expected="threads ≥ 1 and a memory limit such as '1GB'", fix="correct the option") from None
    # a library prints nothing: DuckDB's bar would write to the terminal on long scans
    con.execute("SET enable_progress_bar = false")
    return con


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def run(con, sql: str, params: dict | None = None, files: Sequence[str] = ()):
    """``con.execute``, a DuckDB failure turned into an InputError naming the file involved."""
    import duckdb

    try:
        return con.execute(sql, params or {})
    except duckdb.OutOfMemoryException as exc:
        raise InputError("the trade query ran out of memory", found=_first_line(exc),
                         fix="raise the memory limit, or read fewer files at once") from None
    except duckdb.Error as exc:
        named = [f for f in files if f in str(exc)]
        file = named[0] if named else (files[0] if len(files) == 1 else None)
        line, found = _duckdb_problem(exc)
        where = ", ".join(w for w in (None if file else f"one of {len(files)} files", line) if w) or None
        raise InputError("cannot read the trade file", file=file, where=where, found=found,
                         expected="a well-formed CSV (comma-separated, one header line) or Parquet file",
                         fix="check the file is complete; re-download it if need be") from None


def _duckdb_problem(exc: BaseException) -> tuple[str | None, str]:
    """(line, what DuckDB found) from its message: the first line, and for a CSV error the
    offending line and column count DuckDB quotes beneath it (not its list of fixes)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return None, type(exc).__name__
    head = lines[0].split("Error: ", 1)[-1]
    match = re.match(r"CSV Error on Line: (\d+)", head)
    if not match:
        return None, head
    details = []
    for line in lines[1:]:
        if line.startswith("Possible fixes") or line.startswith("file ="):
            break
        details.append(line)
    return f"line {match.group(1)}", "; ".join(details) or head


@contextmanager
def _ordered(con):
    """One thread and file order kept, so row_number() is the row's place in the file."""
    threads = int(con.execute("SELECT current_setting('threads')").fetchone()[0])
    con.execute("SET threads = 1")
    con.execute("SET preserve_insertion_order = true")
    try:
        yield con
    finally:
        con.execute(f"SET threads = {threads}")
        con.execute("SET preserve_insertion_order = false")


def _format_of(path: str) -> str:
    if Path(path).is_dir():
        raise InputError("is a folder, not a file", file=path, fix="name the trade files inside it")
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise InputError("cannot read the file", file=path, found=exc.strerror or str(exc),
                         fix="check the path and its permissions") from None
    if not head:
        raise InputError("empty file", file=path, expected="trade records with a header",
                         fix="give the complete file (the download may have failed)")
    return "parquet" if head == b"PAR1" else "csv"


def reader_sql(fmt: str, param: str, sample: bool = False, by_name: bool = False) -> str:
    """DuckDB's reader of the file(s) in parameter ``param``; ``by_name`` lines up files whose
    columns differ (it costs a sixth of a CSV scan, so only then)."""
    union = ", union_by_name = true" if by_name else ""
    if fmt == "parquet":
        return f"read_parquet(${param}{union})"
    # a sample needs only the first rows: a 1 MB buffer instead of DuckDB's 16 MB ones
    return f"read_csv(${param}, {_CSV_OPTIONS}{union}{', buffer_size = 1048576' if sample else ''})"


def inspect_file(con, path: str) -> TradeFile:
    """Format, columns and layout of one file; codes that lost their zero are caught early."""
    fmt = _format_of(path)
    rows = run(con, f"DESCRIBE SELECT * FROM {reader_sql(fmt, 'file')}", {"file": path}, [path]).fetchall()
    columns, types = tuple(row[0] for row in rows), tuple(str(row[1]) for row in rows)
    layout = detect_layout(columns, path)
    product = _column(layout, "product", columns)
    with _ordered(con):
        sample = run(con, f"SELECT {_as_text(product, 'BIGINT')} FROM {reader_sql(fmt, 'file', sample=True)} "
                          f"LIMIT {_SAMPLE_ROWS}", {"file": path}, [path]).fetchall()
    for number, (code,) in enumerate(sample, start=1):
        if code is not None and lost_leading_zero(code, layout):
            raise leading_zero_error(path, _row_label(fmt, number, product), code, product)
    return TradeFile(path, layout, fmt, columns, types)


def inspect_files(con, paths: Sequence[str]) -> tuple[TradeFile, ...]:
    """Every file inspected; all must share one layout (mixing them would double count)."""
    files = tuple(inspect_file(con, p) for p in paths)
    layouts = {f.layout.name for f in files}
    if len(layouts) > 1:
        first = {name: next(f.path for f in files if f.layout.name == name) for name in sorted(layouts)}
        raise InputError("trade files in different layouts", file=files[0].path,
                         found="; ".join(f"{name}: {path}" for name, path in first.items()),
                         expected="files of one layout (all BACI or all Comtrade)",
                         fix="compute each source separately")
    return files


def _row_label(fmt: str, number: int, column: str) -> str:
    # a CSV's first line is its header; a Parquet file has rows, not lines
    return f"line {number + 1}, column {column}" if fmt == "csv" else f"row {number}, column {column}"


_ROLES = {"baci": {"year": "t", "product": "k", "value": "v", "quantity": "q", "exporter": "i", "importer": "j"},
          "comtrade": {"year": "refYear", "product": "cmdCode", "value": "primaryValue", "quantity": "netWgt",
                       "reporter": "reporterISO", "flow": "flowCode", "partner": "partnerISO"}}


def _column(layout: Layout, role: str, columns: tuple[str, ...]) -> str:
    """The column (as the layout spells it) playing ``role``, or NULL when optional and absent."""
    name = _ROLES[layout.name][role]
    return name if layout.has(columns, name) else "NULL"


_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
_NUMBER_TYPES = _INTEGER_TYPES | {"HUGEINT", "FLOAT", "DOUBLE"}


def _number(column: str, column_type: str, sql_type: str) -> str:
    """``column`` as a number, NULL where it is not one.

    Text goes through trim() first: DuckDB 2.0 pushes a bare TRY_CAST of a CSV column into
    the reader as a hard cast, which then fails on the first "NA" (duckdb issue #23818).
    """
    if column_type in _NUMBER_TYPES or column_type.startswith("DECIMAL"):
        return f"TRY_CAST({column} AS {sql_type})"
    return f"TRY_CAST(trim(CAST({column} AS VARCHAR)) AS {sql_type})"


def _as_text(column: str, column_type: str) -> str:
    return column if column_type == "VARCHAR" else f"CAST({column} AS VARCHAR)"


def _country_in(column: str, column_type: str, codes: tuple[int, ...]) -> str:
    """``column`` is one of BACI's numeric ``codes``, compared in the column's own type:
    an integer column as numbers (a Parquet scan can then skip row groups), text as the
    codes' plain spelling, which BACI uses (casting every row would cost a third of the scan)."""
    if column_type in _INTEGER_TYPES:
        return f"{column} IN ({', '.join(str(int(c)) for c in codes)})"
    return f"{_as_text(column, column_type)} IN ({', '.join(repr(str(int(c))) for c in codes)})"


def _fields(layout: Layout, types: dict[str, str], scope: Scope) -> dict[str, str]:
    """SQL for one layout's filter, flow, partner and units."""
    col = {role: _column(layout, role, tuple(types)) for role in _ROLES[layout.name]}
    if layout is BACI:
        importer, exporter = col["importer"], col["exporter"]
        imports = _country_in(importer, types.get(importer.lower(), ""), scope.reporter_codes)
        exports = _country_in(exporter, types.get(exporter.lower(), ""), scope.reporter_codes)
        partner = f"CASE WHEN {imports} THEN {exporter} ELSE {importer} END"
        return {**col, "keep": f"({imports} OR {exports})",
                "flow_sql": f"CASE WHEN {imports} THEN 'import' ELSE 'export' END",
                "partner_sql": f"NULLIF(trim(CAST({partner} AS VARCHAR)), '')",
                "value_scale": "1000.0", "quantity_scale": "1.0"}
    flow = f"upper(trim(CAST({col['flow']} AS VARCHAR)))"
    return {**col, "keep": f"upper(trim(CAST({col['reporter']} AS VARCHAR))) = $reporter AND {flow} IN ('M', 'X')",
            "flow_sql": f"CASE {flow} WHEN 'M' THEN 'import' ELSE 'export' END",
            "partner_sql": f"NULLIF(upper(trim(CAST({col['partner']} AS VARCHAR))), '')",
            "value_scale": "1.0", "quantity_scale": "0.001"}


def normalised_sql(layout: Layout, types: dict[str, str], reader: str, scope: Scope,
                   row_numbers: bool = False, any_product: bool = False) -> str:
    """The reporter's rows of the requested codes in the common shape, with check flags."""
    f = _fields(layout, types, scope)
    year, value, quantity = (_number(f[c], types.get(f[c].lower(), ""), t) for c, t in
                             (("year", "INTEGER"), ("value", "DOUBLE"), ("quantity", "DOUBLE")))
    product = _as_text(f["product"], types.get(f["product"].lower(), ""))
    q_missing = (f"({f['quantity']} IS NULL OR upper(trim(CAST({f['quantity']} AS VARCHAR))) "
                 "IN ('', 'NA', 'N/A', 'NAN'))")
    in_years = f"AND ({year} IS NULL OR {year} BETWEEN {int(scope.years[0])} AND {int(scope.years[1])})" \
        if scope.years else ""
    in_products = "" if any_product else f"AND {product} IN (SELECT file_code FROM trade_codes)"
    source = f"(SELECT row_number() OVER () AS _row, * FROM {reader})" if row_numbers else reader
    return f"""
        SELECT {'_row,' if row_numbers else ''}
               {year} AS year, {f['flow_sql']} AS flow, {f['partner_sql']} AS partner, {product} AS product,
               {value} * {f['value_scale']} AS value,
               CASE WHEN {q_missing} THEN NULL ELSE {quantity} * {f['quantity_scale']} END AS quantity,
               {q_missing} AS qty_missing,
               coalesce(NOT (isfinite({value}) AND {value} >= 0), true) AS bad_value,
               NOT {q_missing} AND coalesce(NOT (isfinite({quantity}) AND {quantity} >= 0), true) AS bad_qty,
               CAST({f['year']} AS VARCHAR) AS raw_year, CAST({f['value']} AS VARCHAR) AS raw_value,
               CAST({f['quantity']} AS VARCHAR) AS raw_quantity
        FROM {source} AS src
        WHERE {f['keep']} {in_products} {in_years}"""


def source_union(files: Sequence[TradeFile], scope: Scope, any_product: bool = False) -> tuple[str, dict]:
    """One SELECT over all files (CSV and Parquet read by their own readers), and its parameters."""
    layout = files[0].layout
    parts, params = [], {}
    for fmt in ("csv", "parquet"):
        group = [f for f in files if f.format == fmt]
        if group:
            by_name = len({f.columns for f in group}) > 1
            parts.append(normalised_sql(layout, _common_types(group), reader_sql(fmt, fmt, by_name=by_name), scope,
                                        any_product=any_product))
            params[fmt] = [f.path for f in group]
    if layout is not BACI:
        params["reporter"] = scope.reporter
    return " UNION ALL ".join(parts), params


def _common_types(group: Sequence[TradeFile]) -> dict[str, str]:
    """Each column's type where the files agree; where they differ, DuckDB unifies them, so
    only the generic (cast) expressions are safe: marked as unknown."""
    types: dict[str, str] = {}
    for f in group:
        for column, column_type in f.typed.items():
            types[column] = column_type if types.get(column, column_type) == column_type else "?"
    return types


def register_codes(con, codes: dict[str, tuple[str, ...]]) -> None:
    """``trade_codes(material, code, file_code)``: each six-digit code, and its zero-less
    spelling too, so rows that lost their zero are caught rather than silently unmatched;
    ``trade_material_codes(material, code)`` is the mapping itself, one row per pair."""
    rows = [(m, c, s) for m, cs in codes.items() for c in cs for s in {c, c.lstrip("0") or c}]
    con.execute("CREATE OR REPLACE TEMP TABLE trade_codes (material VARCHAR, code VARCHAR, file_code VARCHAR)")
    if rows:
        con.execute("INSERT INTO trade_codes SELECT unnest($m), unnest($c), unnest($f)",
                    {"m": [r[0] for r in rows], "c": [r[1] for r in rows], "f": [r[2] for r in rows]})
    con.execute("CREATE OR REPLACE TEMP VIEW trade_material_codes AS SELECT DISTINCT material, code FROM trade_codes")


def register_countries(con, countries: CountryTable | None) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE trade_countries (code VARCHAR, iso3 VARCHAR)")
    if countries is not None and countries.iso3_by_code:
        items = sorted(countries.iso3_by_code.items())
        con.execute("INSERT INTO trade_countries SELECT unnest($c), unnest($i)",
                    {"c": [str(c) for c, _ in items], "i": [i for _, i in items]})


def load_flows(con, files: Sequence[TradeFile], scope: Scope) -> None:
    """Scan the files once into ``trade_flows`` (see the module docstring), then check it."""
    union, params = source_union(files, scope)
    partner = "coalesce(c.iso3, '#' || n.partner)" if files[0].layout is BACI else "n.partner"
    join = "LEFT JOIN trade_countries c ON n.partner = c.code" if files[0].layout is BACI else ""
    run(con, f"""
        CREATE OR REPLACE TEMP TABLE trade_flows AS
        SELECT n.year, n.flow, {partner} AS partner, n.product,
               sum(n.value) FILTER (WHERE NOT n.bad_value) AS value,
               sum(n.quantity) FILTER (WHERE NOT n.bad_qty) AS quantity,
               count(*) AS n_rows,
               count(*) FILTER (WHERE n.qty_missing) AS n_qty_missing,
               sum(n.value) FILTER (WHERE n.qty_missing AND NOT n.bad_value) AS value_qty_missing,
               count(*) FILTER (WHERE n.bad_value) AS n_bad_value,
               count(*) FILTER (WHERE n.bad_qty) AS n_bad_qty,
               count(*) FILTER (WHERE n.year IS NULL) AS n_bad_year,
               count(*) FILTER (WHERE n.partner IS NULL) AS n_bad_partner
        FROM ({union}) AS n {join}
        GROUP BY ALL""", params, [f.path for f in files])
    _check_flows(con, files, scope)


_CHECKS = (
    # (count column or condition on trade_flows, row condition for the locating pass, role)
    ("sum(n_bad_year)", "year IS NULL", "year"),
    ("sum(n_bad_partner)", "partner IS NULL", "partner"),
    ("sum(n_bad_value)", "bad_value", "value"),
    ("sum(n_bad_qty)", "bad_qty", "quantity"),
    ("count(*) FILTER (WHERE length(product) = 5)", "length(product) = 5", "product"),
)


def _check_flows(con, files: Sequence[TradeFile], scope: Scope) -> None:
    counts = con.execute("SELECT " + ", ".join(c for c, _, _ in _CHECKS) + " FROM trade_flows").fetchone()
    for count, (_, condition, role) in zip(counts, _CHECKS):
        if count:
            raise _locate(con, files, scope, condition, role, int(count))


def _locate(con, files: Sequence[TradeFile], scope: Scope, condition: str, role: str, count: int) -> InputError:
    """The first offending row, found by an ordered pass over one file at a time."""
    for f in files:
        sql = normalised_sql(f.layout, f.typed, reader_sql(f.format, "file"), scope, row_numbers=True)
        params = {"file": [f.path], **({"reporter": scope.reporter} if f.layout is not BACI else {})}
        with _ordered(con):
            row = run(con, f"SELECT _row, raw_year, partner, raw_value, raw_quantity, product "
                           f"FROM ({sql}) WHERE {condition} ORDER BY _row LIMIT 1", params, [f.path]).fetchone()
        if row is not None:
            column = _column(f.layout, role, f.columns) if role != "partner" else _partner_columns(f.layout)
            return _bad_row_error(f, _row_label(f.format, row[0], column), role, row, count)
    # the scan found them, so an ordered pass over the same files finds them too; kept as a fallback
    return InputError(f"{count} bad {role} entries in the reporter's rows",
                      where=f"one of {len(files)} files", fix="check the files")


def _partner_columns(layout: Layout) -> str:
    return "i (exporter) or j (importer)" if layout is BACI else "partnerISO"


def _bad_row_error(f: TradeFile, where: str, role: str, row: tuple, count: int) -> InputError:
    _, raw_year, _, raw_value, raw_quantity, product = row
    others = f" ({count} such rows in the reporter's records)" if count > 1 else ""
    if role == "product":
        return leading_zero_error(f.path, where, product, _column(f.layout, "product", f.columns))
    if role == "year":
        return InputError("year is not a whole number" + others, file=f.path, where=where, found=repr(raw_year),
                          expected="a year such as 2021", fix="correct the row")
    if role == "partner":
        return InputError("partner code missing or not a code" + others, file=f.path, where=where,
                          expected="BACI's numeric country code" if f.layout is BACI else "an ISO3 code",
                          fix="correct or remove the row")
    raw = raw_value if role == "value" else raw_quantity
    kind = "missing" if raw is None or not str(raw).strip() else (
        "negative" if _is_number(raw) and float(raw) < 0 else "not a number")
    unit = ("thousand USD" if f.layout is BACI else "USD") if role == "value" else (
        "tonnes" if f.layout is BACI else "kg")
    blank_ok = ", or blank/NA when unknown" if role == "quantity" else ""
    return InputError(f"trade {role} is {kind}{others}", file=f.path, where=where, found=repr(raw),
                      expected=f"a number ≥ 0 ({unit}){blank_ok}",
                      fix="correct or remove the row (the published files carry no such values)")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def reporter_years(con, files: Sequence[TradeFile], scope: Scope) -> tuple[int, ...]:
    """The years holding any row of the reporter, any product, any year: a second full pass,
    run only when the scan kept nothing, to say why."""
    union, params = source_union(files, Scope(scope.reporter, scope.reporter_codes, None), any_product=True)
    rows = run(con, f"SELECT DISTINCT year FROM ({union}) WHERE year IS NOT NULL ORDER BY year", params,
               [f.path for f in files]).fetchall()
    return tuple(int(y) for (y,) in rows)


def reporters_in(con, files: Sequence[TradeFile], limit: int = 12) -> tuple[str, ...]:
    """Some Comtrade reporters the files do hold, for the message when ours is absent."""
    parts, params = [], {}
    for fmt in ("csv", "parquet"):
        group = [f.path for f in files if f.format == fmt]
        if group:
            parts.append(f"SELECT DISTINCT upper(trim(CAST(reporterISO AS VARCHAR))) AS r "
                         f"FROM {reader_sql(fmt, fmt, by_name=True)}")
            params[fmt] = group
    rows = run(con, f"SELECT r FROM ({' UNION '.join(parts)}) WHERE r IS NOT NULL ORDER BY r LIMIT {int(limit)}",
               params, [f.path for f in files]).fetchall()
    return tuple(r[0] for r in rows)
