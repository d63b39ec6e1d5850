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
import unicodedata
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


def text_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], digits: int = 4) -> str:
    """A plain aligned table; numbers right-aligned, text left-aligned."""
    cells = [[cell_text(v, digits) for v in row] for row in rows]
    numeric = [all(isinstance(row[k], (int, float)) and not isinstance(row[k], bool)
                   for row in rows if row[k] is not None) and rows != [] for k in range(len(headers))]
    widths = [max([display_width(h)] + [display_width(r[k]) for r in cells]) for k, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = []
        for k, v in enumerate(values):
            pad = " " * (widths[k] - display_width(v))
            parts.append(pad + v if numeric[k] else v + pad)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule] + [line(r) for r in cells]) + "\n"


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
