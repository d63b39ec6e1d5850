"""Cases as Excel workbooks, for analysts who edit in a spreadsheet.

``write_xlsx_case`` turns a case's raw mapping (as read from YAML) into a
workbook; ``read_xlsx_case`` reads it back into the same raw mapping and
validates it through the same rules as YAML, so YAML → XLSX → ranking equals
YAML → ranking exactly. Errors name the sheet and cell.

Sheets and their header rows (names and columns are part of the format):
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from matrank.casefiles.build import build_case
from matrank.errors import InputError, InputErrors
from matrank.inputfile import read_input
from matrank.model import CASE_FORMAT, Case
from matrank.reports.xlsx import ReportWorkbook
from matrank.workbooks_safety import check_suffix, open_values_workbook

SHEETS: dict[str, tuple[str, ...]] = {
    "case": ("key", "value"),
    "sources": ("id", "citation", "document", "url"),
    "categories": ("id", "name_zh", "name_en"),
    "criteria": ("id", "name_zh", "name_en", "unit", "kind", "government", "market"),
    "weights": ("lens", "kind", "a", "b", "value", "basis"),
    "materials": ("id", "name_zh", "name_en", "category", "hs_codes", "hs_note"),
    "indicators": ("material", "indicator", "value", "low", "high", "unit", "estimate", "source",
                   "quote", "basis", "previous"),
}
#: Trailing columns a workbook may leave out (one exported before they were added still reads):
#: the materials' HS codes (space-separated six-digit text) and note, a replaced value's
#: ``previous`` mapping (JSON text: provenance, kept as written).
OPTIONAL: dict[str, tuple[str, ...]] = {"materials": ("hs_codes", "hs_note"), "indicators": ("previous",)}
CASE_KEYS = ("format", "id", "title_zh", "title_en", "date", "description",
             "threshold_government", "threshold_market", "split")
VALUE_KEYS = ("value", "low", "high", "unit", "estimate", "source", "quote", "basis")

__doc__ += "\n".join(f"\n* ``{name}``: {' | '.join(cols)}" for name, cols in SHEETS.items())


def _bilingual(zh: Any, en: Any) -> dict:
    return {k: v for k, v in (("zh", zh), ("en", en)) if v not in (None, "")}


# ------------------------------------------------------------------ writing

def case_rows(raw: dict) -> dict[str, list[list[Any]]]:
    """The rows of every sheet for a raw case mapping (as read from YAML)."""
    rows: dict[str, list[list[Any]]] = {name: [] for name in SHEETS}
    title = raw.get("title", {})
    meta = [("format", raw.get("format", CASE_FORMAT)), ("id", raw.get("id")), ("title_zh", title.get("zh")),
            ("title_en", title.get("en")), ("date", raw.get("date")), ("description", raw.get("description"))]
    t = raw.get("thresholds") or {}
    meta += [("threshold_government", t.get("government")), ("threshold_market", t.get("market")),
             ("split", t.get("split"))]
    rows["case"] = [[k, v] for k, v in meta if v is not None]
    rows["sources"] = [[s.get("id"), s.get("citation"), s.get("document"), s.get("url")]
                       for s in raw.get("sources", [])]
    rows["categories"] = [[c.get("id"), c.get("name", {}).get("zh"), c.get("name", {}).get("en")]
                          for c in raw.get("categories", [])]
    rows["criteria"] = [[c.get("id"), (c.get("name") or {}).get("zh"), (c.get("name") or {}).get("en"),
                         c.get("unit"), c.get("kind"), c.get("government"), c.get("market")]
                        for c in raw.get("criteria", [])]
    for lens, spec in (raw.get("weights") or {}).items():
        basis = spec.get("basis")
        for j in spec.get("judgments", []):
            rows["weights"].append([lens, "judgment", j["a"], j["b"], j["value"], basis])
            basis = None
        for c, w in (spec.get("weights") or {}).items():
            rows["weights"].append([lens, "weight", c, None, w, basis])
            basis = None
    for m in raw.get("materials", []):
        rows["materials"].append([m.get("id"), m["name"].get("zh"), m["name"].get("en"), m.get("category"),
                                  " ".join(m["hs_codes"]) if m.get("hs_codes") else None, m.get("hs_note")])
        for name, v in m.get("indicators", {}).items():
            v = v if isinstance(v, dict) else {"value": v, "_bare": True}
            previous = json.dumps(v["previous"], ensure_ascii=False) if "previous" in v else None
            rows["indicators"].append([m["id"], name] + [v.get(k) for k in VALUE_KEYS] + [previous])
    return rows


#: Columns of long text, wrapped when printed.
LONG_TEXT = ("quote", "basis", "citation", "description", "document", "url", "hs_note", "previous")


def write_xlsx_case(raw: dict, path: str | Path, *, force: bool = False, inputs=()) -> Path:
    """The case as a workbook an analyst edits and prints: one sheet per part, the header
    row as the format names it (the reader requires it in row 1), strings as text cells (no
    formula, no injection), long text wrapped, A4 landscape fitted to the page width."""
    book = ReportWorkbook("en", cjk=True)
    for name, body in case_rows(raw).items():
        ws = book.sheet(name)
        wrap = [k for k, header in enumerate(SHEETS[name]) if header in LONG_TEXT
                or (name == "case" and header == "value")]
        book.table(ws, list(SHEETS[name]), body, text=True, wrap=wrap)
    return book.save(path, force=force, inputs=inputs)


# ------------------------------------------------------------------ reading

class _Reader:
    """Reads the sheets into the raw case mapping, remembering each key path's cell."""

    def __init__(self, wb, file: str):
        self.wb = wb
        self.file = file
        self.cells: dict[tuple, str] = {}
        self.problems: list[InputError] = []

    def locate(self, path: tuple) -> str:
        for k in range(len(path), -1, -1):
            if path[:k] in self.cells:
                return self.cells[path[:k]]
        return "workbook"

    def fail(self, where: str, problem: str, **kw) -> None:
        self.problems.append(InputError(problem, file=self.file, where=where, **kw))

    def sheet_rows(self, name: str):
        """(row number, {column: (value, cell ref)}) for each non-empty data row; None (with the
        problem recorded) when the sheet is missing or its header differs."""
        if name not in self.wb.sheetnames:
            self.fail(f"sheet {name!r}", "a required sheet is missing",
                      found="sheets " + ", ".join(self.wb.sheetnames),
                      expected=", ".join(SHEETS), fix="restore the sheet name (export the case again "
                                                      "if in doubt)")
            return None
        rows = self.wb.rows(name)
        header = tuple(str(h).strip() if h is not None else "" for h in (rows[0] if rows else ()))
        while header and header[-1] == "":
            header = header[:-1]
        shortest = len(SHEETS[name]) - len(OPTIONAL.get(name, ()))
        if not (shortest <= len(header) and header == SHEETS[name][:len(header)]):
            self.fail(f"{name}!1", "the header row differs from the format",
                      found=" | ".join(header) or "(empty)", expected=" | ".join(SHEETS[name]),
                      fix="restore the column names and order")
            return None
        out = []
        for r, values in enumerate(rows[1:], start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            out.append((r, {col: (values[k] if k < len(values) else None,
                                  f"{name}!{column_letter(k + 1)}{r}")
                            for k, col in enumerate(SHEETS[name])}))
        return out


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (as the spreadsheet shows it); without importing openpyxl to read."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _clean(v: Any) -> Any:
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, float) and math.isfinite(v) and v.is_integer() and abs(v) < 2**53:
        return v
    return v


def read_xlsx_raw(path: Path, wb) -> tuple[dict, _Reader]:
    """The raw case mapping of a case workbook, one reader per sheet, and where each key came from."""
    rd = _Reader(wb, str(path))
    raw: dict[str, Any] = _case_sheet(rd)
    _records(rd, raw, "sources", "sources", lambda d: {k: d[k] for k in ("id", "citation", "document", "url")
                                                       if d[k] is not None})
    _records(rd, raw, "categories", "categories",
             lambda d: {"id": d["id"], "name": _bilingual(d["name_zh"], d["name_en"])})
    _records(rd, raw, "criteria", "criteria",
             lambda d: {**{k: d[k] for k in ("id", "unit", "kind", "government", "market") if d[k] is not None},
                        **({"name": _bilingual(d["name_zh"], d["name_en"])} if d["name_zh"] or d["name_en"] else {})})
    raw["weights"] = _weights_sheet(rd)
    materials, index = _materials_sheet(rd)
    if index is not None:           # with no readable materials sheet, every indicator row would be "unknown"
        _indicators_sheet(rd, materials, index)
    raw["materials"] = materials
    return raw, rd


def _case_sheet(rd: _Reader) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    meta = {}
    for _, row in rd.sheet_rows("case") or ():
        key, cell = _clean(row["key"][0]), row["value"][1]
        if key not in CASE_KEYS:
            rd.fail(row["key"][1], f"unknown case key {key!r}", expected=", ".join(CASE_KEYS))
            continue
        meta[key] = (_clean(row["value"][0]), cell)
    for key in ("format", "id", "date", "description"):
        if key in meta:
            raw[key] = meta[key][0] if key != "date" else str(meta[key][0])
            rd.cells[(key,)] = meta[key][1]
    raw["title"] = _bilingual(meta.get("title_zh", (None,))[0], meta.get("title_en", (None,))[0])
    rd.cells[("title",)] = (meta.get("title_en") or meta.get("title_zh") or (None, "case!B"))[1]
    thresholds = {}
    for key, name in (("threshold_government", "government"), ("threshold_market", "market"), ("split", "split")):
        if key in meta:
            thresholds[name] = meta[key][0]
            rd.cells[("thresholds", name)] = meta[key][1]
    if thresholds:
        raw["thresholds"] = thresholds
    return raw


def _records(rd: _Reader, raw: dict, sheet: str, key: str, build) -> None:
    """A sheet of one record per row (sources, categories, criteria)."""
    items = []
    for r, row in rd.sheet_rows(sheet) or ():
        k = len(items)
        rd.cells[(key, k)] = f"{sheet}!A{r}"
        for col, (_, ref) in row.items():
            rd.cells[(key, k, col)] = ref
        items.append(build({c: _clean(v) for c, (v, _) in row.items()}))
    if items or key != "criteria":
        raw[key] = items


def _weights_sheet(rd: _Reader) -> dict[str, dict]:
    weights: dict[str, dict] = {}
    for r, row in rd.sheet_rows("weights") or ():
        d = {c: _clean(v) for c, (v, _) in row.items()}
        lens = d["lens"]
        spec = weights.setdefault(lens, {})
        if d["basis"] and "basis" not in spec:
            spec["basis"] = d["basis"]
            rd.cells[("weights", lens, "basis")] = row["basis"][1]
        rd.cells[("weights", lens)] = row["lens"][1]
        if d["kind"] == "judgment":
            items = spec.setdefault("judgments", [])
            rd.cells[("weights", lens, "judgments", len(items))] = f"weights!A{r}"
            for col in ("a", "b", "value"):
                rd.cells[("weights", lens, "judgments", len(items), col)] = row[col][1]
            items.append({"a": d["a"], "b": d["b"], "value": d["value"]})
        elif d["kind"] == "weight":
            spec.setdefault("weights", {})[d["a"]] = d["value"]
            rd.cells[("weights", lens, "weights", d["a"])] = row["value"][1]
            rd.cells.setdefault(("weights", lens, "weights"), row["a"][1])
        else:
            rd.fail(row["kind"][1], f"unknown weights kind {d['kind']!r}", expected="judgment or weight")
    return weights


def _materials_sheet(rd: _Reader) -> tuple[list[dict], dict[str, int] | None]:
    materials: list[dict] = []
    index: dict[str, int] = {}
    rows = rd.sheet_rows("materials")
    if rows is None:
        return materials, None
    for r, row in rows:
        d = {c: _clean(v) for c, (v, _) in row.items()}
        k = len(materials)
        rd.cells[("materials", k)] = f"materials!A{r}"
        for col, (_, ref) in row.items():
            rd.cells[("materials", k, "name" if col.startswith("name_") else col)] = ref
        if d["id"] in index:
            first = index[d["id"]]
            rd.fail(row["id"][1], f"material id {d['id']!r} is used twice",
                    found=f"also at {rd.cells[('materials', first, 'id')]}",
                    fix="give each material its own id (its indicator rows go with the first)")
            continue
        if d["id"] is not None:
            index[d["id"]] = k
        material = {"id": d["id"], "name": _bilingual(d["name_zh"], d["name_en"]),
                    "category": d["category"], "indicators": {}}
        if d["hs_codes"] is not None:
            # text, so that a code's leading zero survives; a number typed in the cell is kept as
            # its digits and left to the format's check (six digits), which names this cell
            codes = d["hs_codes"] if isinstance(d["hs_codes"], str) else format(d["hs_codes"], "g")
            material["hs_codes"] = [c for c in re.split(r"[\s,;，；、]+", codes) if c]
        if d["hs_note"] is not None:
            material["hs_note"] = d["hs_note"]
        materials.append(material)
    return materials, index


def _indicators_sheet(rd: _Reader, materials: list[dict], index: dict[str, int]) -> None:
    for _, row in rd.sheet_rows("indicators") or ():
        d = {c: _clean(v) for c, (v, _) in row.items()}
        mid, name = d["material"], d["indicator"]
        if mid not in index:
            rd.fail(row["material"][1], f"indicator row for unknown material {mid!r}",
                    fix="add the material to the materials sheet, or correct the id")
            continue
        if not isinstance(name, str):
            rd.fail(row["indicator"][1], f"material {mid}: the indicator name is "
                    + ("blank" if name is None else "not text"),
                    found=None if name is None else repr(name),
                    expected="an indicator id such as domestic_rate", fix="enter the indicator's id")
            continue
        k = index[mid]
        base = ("materials", k, "indicators", name)
        if name in materials[k]["indicators"]:
            rd.fail(row["indicator"][1], f"material {mid}: indicator {name} is given twice", fix="keep one row")
            continue
        rd.cells[("materials", k, "indicators")] = row["indicator"][1]
        rd.cells[base] = row["indicator"][1]
        for col in VALUE_KEYS:
            rd.cells[base + (col,)] = row[col][1]
        value = {key: d[key] for key in VALUE_KEYS if d[key] is not None}
        if value.get("estimate") in ("TRUE", "true", "yes", 1):
            value["estimate"] = True
        if d["previous"] is not None:
            previous = _previous(d["previous"])
            if previous is None:
                rd.fail(row["previous"][1], f"material {mid}: indicator {name}: previous is not a JSON mapping",
                        found=repr(d["previous"])[:80], expected='the value it replaced, e.g. {"value": 0.3}',
                        fix="restore the text the export wrote, or clear the cell")
                continue
            value["previous"] = previous
        materials[k]["indicators"][name] = value["value"] if set(value) == {"value"} else value


def _previous(text: Any) -> dict | None:
    try:
        parsed = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _read(path: str | Path):
    path = Path(path)
    file = str(path)
    check_suffix(path, file)
    source = read_input(path, "case workbook")
    wb = open_values_workbook(source, file)
    try:
        raw, rd = read_xlsx_raw(path, wb)
    finally:
        wb.close()
    if rd.problems:
        raise InputErrors(file, rd.problems)
    return raw, rd, source


def read_xlsx_case(path: str | Path) -> Case:
    raw, rd, source = _read(path)
    return build_case(raw, file=source.path, input_hash=source.sha256, locate=rd.locate)


def read_xlsx_mapping(path: str | Path) -> dict:
    """The raw case mapping a case workbook holds (for exporting it as YAML)."""
    return _read(path)[0]
