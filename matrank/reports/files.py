"""Safe output: atomic writes, no silent overwrite, never an input, no formula injection."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from matrank.errors import OutputError

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """Neutralise text a spreadsheet would run as a formula (CSV/XLSX injection).

    A leading ``=``, ``+``, ``-``, ``@`` (or tab/CR) gets a ``'`` in front; numbers pass unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def check_output(path: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = ()) -> Path:
    """Refuse to write over an input (``--force`` or not), or over an existing file without
    ``force``; every operating-system error is one line naming the file."""
    if str(path) == "":
        raise OutputError("the output path is empty; give a file name (or leave -o out for standard output)")
    out = Path(path)
    try:
        return _check_output(out, force, inputs)
    except OSError as exc:
        raise OutputError(f"{_shown(out)}: cannot write: {_reason(exc)}; choose another path") from None


def _shown(out: Path) -> str:
    text = str(out)
    return text if len(text) <= 120 else text[:60] + "…" + text[-40:]


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long (at most 255 bytes per name)"
    return exc.strerror or str(exc)


def _check_output(out: Path, force: bool, inputs) -> Path:
    resolved = out.resolve()
    for inp in inputs:
        if inp is not None and Path(inp).resolve() == resolved:
            raise OutputError(f"{out}: refusing to overwrite an input file; choose another output path")
    if len(out.name.encode("utf-8")) > 255:
        raise OSError(errno.ENAMETOOLONG, "File name too long")
    if out.exists() and out.is_dir():
        raise OutputError(f"{out}: is a folder; give a file name")
    if out.exists() and not force:
        raise OutputError(f"{out}: already exists; pass --force to replace it, or choose another path")
    if out.exists() and not out.is_file():
        raise OutputError(f"{out}: is not a regular file (a device, a pipe or a terminal); give a file name, "
                          f"or leave -o out to write to standard output")
    parent = resolved.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{out}: cannot write: {parent} is a file, not a folder; choose another path")
    if not parent.is_dir():
        raise OutputError(f"{out}: cannot write: folder {parent} does not exist; create it first")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{out}: cannot write: folder {parent} is not writable; choose another path")
    return out


def write_atomic(path: str | Path, write: Callable[[Path], None], *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> Path:
    """Write through ``write(tmp_path)`` into a temporary file beside ``path``, then rename."""
    out = check_output(path, force=force, inputs=inputs)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.resolve().parent)
    except OSError as exc:
        raise OutputError(f"{_shown(out)}: cannot write: {_reason(exc)}; choose another path") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, out)
    except OSError as exc:
        raise OutputError(f"{_shown(out)}: cannot write: {_reason(exc)}") from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
    return out


def write_text_atomic(path: str | Path, text: str, *, force: bool = False,
                      inputs: Iterable[str | Path] = ()) -> Path:
    return write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"), force=force, inputs=inputs)


def write_bytes_atomic(path: str | Path, data: bytes, *, force: bool = False,
                       inputs: Iterable[str | Path] = ()) -> Path:
    return write_atomic(path, lambda p: p.write_bytes(data), force=force, inputs=inputs)
