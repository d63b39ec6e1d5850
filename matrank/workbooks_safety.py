"""Open an untrusted .xlsx safely: size and zip-ratio limits, no macros, values only.

openpyxl parses the workbook XML through defusedxml when it is installed (it is
a dependency), so entity-expansion attacks are refused; formulas are never
evaluated (``data_only=True`` reads the cached values a spreadsheet app saved).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from matrank.errors import InputError

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlsb", ".xls", ".xla", ".xlam")


def _mib(size: int, digits: int = 1) -> str:
    return f"{size / 2**20:.{digits}f} MiB".replace(".0 MiB", " MiB")


def check_workbook_file(path: Path, file: str) -> None:
    """Raise :class:`InputError` unless ``path`` looks like a safe, macro-free .xlsx."""
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise InputError(f"{suffix} workbooks are refused (macros or a legacy format)", file=file,
                         expected="an .xlsx workbook", fix="save it as Excel Workbook (.xlsx)")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError("cannot read the file", file=file, found=exc.strerror) from None
    if size > MAX_WORKBOOK_BYTES:
        raise InputError("the workbook is too large", file=file, found=_mib(size),
                         expected=f"at most {_mib(MAX_WORKBOOK_BYTES)}")
    if not zipfile.is_zipfile(path):
        raise InputError("not an .xlsx workbook (not a zip archive)", file=file,
                         fix="save it from the spreadsheet app as .xlsx")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            names = {i.filename for i in infos}
            content_types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
        raise InputError("the workbook archive is corrupt", file=file, found=str(exc)) from None
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise InputError("refused as a possible zip bomb", file=file,
                         found=f"{_mib(total)} unpacked from {_mib(packed, 2)} "
                               f"(ratio {total / packed:.0f}:1)",
                         expected=f"at most {_mib(MAX_UNCOMPRESSED_BYTES)} and "
                                  f"{MAX_COMPRESSION_RATIO}:1")
    if "xl/workbook.xml" not in names:
        raise InputError("not an .xlsx workbook (no xl/workbook.xml)", file=file)
    if b"macroEnabled" in content_types or "xl/vbaProject.bin" in names:
        raise InputError("the workbook contains macros and is refused", file=file,
                         fix="save it as Excel Workbook (.xlsx), without macros")


def open_untrusted_workbook(path: str | Path, file: str | None = None, *, read_only: bool = False):
    """Check, then load values only (no formula evaluation, no VBA)."""
    import openpyxl

    path = Path(path)
    file = file or str(path)
    check_workbook_file(path, file)
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True, keep_vba=False,
                                      keep_links=False)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise InputError("the workbook cannot be read", file=file,
                         found=f"{type(exc).__name__}: {exc}"[:200],
                         fix="open and re-save it in a spreadsheet app as .xlsx") from None
