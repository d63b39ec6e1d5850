"""Open an untrusted .xlsx safely: size and zip-ratio limits, no macros, values only.

The bytes come through :func:`matrank.inputfile.read_input` (one read, size-limited);
they are checked as a zip archive and opened from memory, so what is checked is what is
read. openpyxl parses the workbook XML through defusedxml when it is installed (it is a
dependency), so entity-expansion attacks are refused; formulas are never evaluated
(``data_only=True`` reads the cached values a spreadsheet app saved).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from matrank.errors import InputError
from matrank.inputfile import InputFile, mib, read_input

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlsb", ".xls", ".xla", ".xlam")


def check_suffix(path: str | Path, file: str) -> None:
    suffix = Path(path).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise InputError(f"{suffix} workbooks are refused (macros or a legacy format)", file=file,
                         expected="an .xlsx workbook", fix="save it as Excel Workbook (.xlsx)")


def check_workbook_bytes(source: InputFile, file: str) -> None:
    """Raise :class:`InputError` unless the bytes look like a safe, macro-free .xlsx."""
    check_suffix(source.path, file)
    if not zipfile.is_zipfile(io.BytesIO(source.data)):
        raise InputError("not an .xlsx workbook (not a zip archive)", file=file,
                         fix="save it from the spreadsheet app as .xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            names = {i.filename for i in infos}
            content_types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError) as exc:
        raise InputError("the workbook archive is corrupt", file=file, found=str(exc)) from None
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise InputError("refused as a possible zip bomb", file=file,
                         found=f"{mib(total)} unpacked from {mib(packed, 2)} (ratio {total / packed:.0f}:1)",
                         expected=f"at most {mib(MAX_UNCOMPRESSED_BYTES)} and {MAX_COMPRESSION_RATIO}:1")
    if "xl/workbook.xml" not in names:
        raise InputError("not an .xlsx workbook (no xl/workbook.xml)", file=file)
    if b"macroEnabled" in content_types or "xl/vbaProject.bin" in names:
        raise InputError("the workbook contains macros and is refused", file=file,
                         fix="save it as Excel Workbook (.xlsx), without macros")


def open_untrusted_workbook(source: InputFile | str | Path, file: str | None = None, *, read_only: bool = False):
    """Check, then load values only (no formula evaluation, no VBA) from the checked bytes."""
    import openpyxl

    if not isinstance(source, InputFile):
        check_suffix(source, str(source))
        source = read_input(source, "workbook")
    file = file or source.path
    check_workbook_bytes(source, file)
    try:
        return openpyxl.load_workbook(io.BytesIO(source.data), read_only=read_only, data_only=True,
                                      keep_vba=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise InputError("the workbook cannot be read", file=file,
                         found=" ".join(f"{type(exc).__name__}: {exc}".split())[:200],
                         fix="open and re-save it in a spreadsheet app as .xlsx") from None
