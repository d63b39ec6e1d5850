"""The text formats every command offers (table, CSV, JSON), and how a report module
declares its renderers.

Each report module has one table ``RENDERERS: dict[str, Renderer]`` by format name;
the commands take their ``--format`` choices from it and call
:func:`matrank.commands.common.deliver`, so a new format is one entry in one table.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from matrank.reports.files import escape_cell


@dataclass(frozen=True)
class Renderer:
    """How one format is produced: ``text(result, lang) -> str`` for what can go to standard
    output, or ``write(result, path, lang, force=, inputs=)`` for a file (xlsx, docx…),
    whose name must end in one of ``suffixes``."""

    text: Callable[..., str] | None = None
    write: Callable[..., Any] | None = None
    suffixes: tuple[str, ...] = ()

    @property
    def writes_file(self) -> bool:
        return self.write is not None


def display_width(text: str) -> int:
    """Terminal columns: CJK wide/full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell_text(value: Any, digits: int = 4) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.{digits}f}"
    return str(value)


#: The width of the terminal a table is printed to (set by the command layer while it
#: renders for a terminal); None when the output is piped or written to a file: full width.
TABLE_WIDTH: ContextVar[int | None] = ContextVar("matrank_table_width", default=None)
#: A text column is never wrapped narrower than this.
MIN_TEXT_WIDTH = 12


def text_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], digits: int = 4) -> str:
    """A plain aligned table; numbers right-aligned, text left-aligned. On a terminal
    narrower than the table, the widest text columns are wrapped (numbers never are)."""
    cells = [[cell_text(v, digits) for v in row] for row in rows]
    numeric = [all(isinstance(row[k], (int, float)) and not isinstance(row[k], bool)
                   for row in rows if row[k] is not None) and rows != [] for k in range(len(headers))]
    widths = [max([display_width(h)] + [display_width(r[k]) for r in cells]) for k, h in enumerate(headers)]
    if TABLE_WIDTH.get():
        widths = fitted_widths(widths, numeric, TABLE_WIDTH.get())

    def lines(values: Sequence[str]) -> list[str]:
        pieces = [wrap_cell(v, widths[k]) for k, v in enumerate(values)]
        out = []
        for n in range(max(len(p) for p in pieces)):
            parts = []
            for k, piece in enumerate(pieces):
                v = piece[n] if n < len(piece) else ""
                pad = " " * (widths[k] - display_width(v))
                parts.append(pad + v if numeric[k] else v + pad)
            out.append("  ".join(parts).rstrip())
        return out

    rule = "  ".join("-" * w for w in widths)
    return "\n".join(lines(headers) + [rule] + [text for r in cells for text in lines(r)]) + "\n"


def fitted_widths(widths: Sequence[int], numeric: Sequence[bool], limit: int) -> list[int]:
    """Column widths within ``limit`` terminal columns: the widest text column narrowed first,
    none below MIN_TEXT_WIDTH (then the table stays wider than the terminal)."""
    widths = list(widths)
    excess = sum(widths) + 2 * (len(widths) - 1) - limit
    while excess > 0:
        text = [k for k in range(len(widths)) if not numeric[k] and widths[k] > MIN_TEXT_WIDTH]
        if not text:
            break
        k = max(text, key=lambda j: widths[j])
        runner_up = max((widths[j] for j in text if j != k), default=MIN_TEXT_WIDTH)
        target = max(MIN_TEXT_WIDTH, widths[k] - excess, min(runner_up, widths[k] - 1))
        excess -= widths[k] - target
        widths[k] = target
    return widths


def wrap_cell(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns, broken at spaces, then after
    hyphens (ids), then anywhere (CJK text has no spaces)."""
    if display_width(text) <= width:
        return [text]
    out, line = [], ""
    for k, word in enumerate(text.split(" ")):
        candidate = f"{line} {word}" if line else word
        if display_width(candidate) <= width:
            line = candidate
            continue
        if line:
            out.append(line)
        line = ""
        for part in re.findall(r"[^-]+-?|-", word):
            if display_width(line + part) <= width:
                line += part
                continue
            if line:
                out.append(line)
            line = ""
            for ch in part:
                if display_width(line + ch) > width:
                    out.append(line)
                    line = ""
                line += ch
    return out + ([line] if line else [])


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        writer.writerow([escape_cell(v) if isinstance(v, str) else ("" if v is None else v) for v in row])
    return buf.getvalue()


def json_text(payload: Any) -> str:
    try:       # numpy scalars and arrays through the encoder's hook: no second walk of a large payload
        return json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False, default=_numpy) + "\n"
    except ValueError:      # a NaN somewhere: JSON has none, it becomes null
        return json.dumps(_plain(payload), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _numpy(obj: Any) -> Any:
    import numpy as np
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    raise TypeError(f"not JSON: {type(obj).__name__}")


def _plain(obj: Any) -> Any:
    """numpy scalars and arrays to plain Python, NaN to None (JSON has no NaN)."""
    import numpy as np
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _plain(obj.tolist())
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return None if math.isnan(f) or math.isinf(f) else f
    return obj
