"""Open an untrusted .xlsx safely: size and zip-ratio limits, no macros, values only.

The bytes come through :func:`matrank.inputfile.read_input` (one read, size-limited);
they are checked as a zip archive and opened from memory, so what is checked is what is
read. openpyxl parses the workbook XML through defusedxml when it is installed (it is a
dependency), so entity-expansion attacks are refused; formulas are never evaluated
(``data_only=True`` reads the cached values a spreadsheet app saved).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from python_calamine import CalamineWorkbook

from matrank.errors import InputError
from matrank.inputfile import InputFile, mib, read_input

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlsb", ".xls", ".xla", ".xlam")
#: The parts without which no spreadsheet app opens an .xlsx.
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
#: Where in openpyxl a failure happened → the part it was reading (its messages do not say).
PART_BY_READER = (("openpyxl/styles/", "the styles part xl/styles.xml"),
                  ("openpyxl/reader/strings", "the shared strings part xl/sharedStrings.xml"),
                  ("openpyxl/worksheet/", "a worksheet part (xl/worksheets/…)"),
                  ("openpyxl/workbook/", "the workbook part xl/workbook.xml"),
                  ("openpyxl/packaging/", "a package part ([Content_Types].xml, docProps/…)"),
                  ("openpyxl/drawing/", "a drawing part (xl/drawings/…)"),
                  ("openpyxl/chart/", "a chart part (xl/charts/…)"),
                  ("openpyxl/comments/", "a comments part"))
DAMAGE_FIX = "open the file in Excel or LibreOffice and save it again as .xlsx (or ask the sender for a fresh copy)"


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
            missing_sheet = missing_sheet_part(zf, names) if set(REQUIRED_PARTS) <= names else None
            with_dtd = part_with_dtd(zf, infos)
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError) as exc:
        raise InputError("the workbook archive is corrupt", file=file, found=str(exc)) from None
    check_unpacked_size(total, packed, file)
    missing = [part for part in REQUIRED_PARTS if part not in names]
    if missing:
        raise InputError(f"the workbook is damaged: the part {missing[0]} is missing from the archive", file=file,
                         expected="an .xlsx saved by a spreadsheet app", fix=DAMAGE_FIX)
    if with_dtd:
        raise InputError(f"the part {with_dtd} holds a DTD (XML entities), which is refused", file=file,
                         expected="an .xlsx saved by a spreadsheet app (they write no DTD)", fix=DAMAGE_FIX)
    if missing_sheet:
        raise InputError(f"the workbook is damaged: {missing_sheet}", file=file,
                         expected="an .xlsx saved by a spreadsheet app", fix=DAMAGE_FIX)
    if b"macroEnabled" in content_types or "xl/vbaProject.bin" in names:
        raise InputError("the workbook contains macros and is refused", file=file,
                         fix="save it as Excel Workbook (.xlsx), without macros")


def check_unpacked_size(total: int, packed: int, file: str) -> None:
    """Refuse an archive that unpacks past the size or ratio limits (a possible zip bomb)."""
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        raise InputError("refused as a possible zip bomb", file=file,
                         found=f"{mib(total)} unpacked from {mib(packed, 2)} (ratio {total / packed:.0f}:1)",
                         expected=f"at most {mib(MAX_UNCOMPRESSED_BYTES)} and {MAX_COMPRESSION_RATIO}:1")


DTD_MARKERS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def part_with_dtd(zf: zipfile.ZipFile, infos) -> str | None:
    """The first XML part declaring a DTD. Spreadsheet apps never write one; a DTD is how
    entity-expansion attacks come in, and whether openpyxl's parser refuses it depends on
    whether lxml happens to be installed, so it is refused here, before any parser."""
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")) and any(m in zf.read(info) for m in DTD_MARKERS):
            return info.filename
    return None


RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def missing_sheet_part(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """The first sheet the workbook lists whose part is not in the archive (openpyxl drops
    such a sheet without a word, and the reader would then say the sheet is missing)."""
    try:
        rels = SafeElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        book = SafeElementTree.fromstring(zf.read("xl/workbook.xml"))
    except (ParseError, DefusedXmlException):
        return None  # named, with line and column, when openpyxl fails on it
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{RELS_NS}Relationship")}
    for sheet in book.iter(f"{MAIN_NS}sheet"):
        target = targets.get(sheet.get(REL_ID))
        if target is None:
            continue
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if part not in names:
            return f"the part {part} (sheet '{sheet.get('name')}') is missing from the archive"
    return None


def open_untrusted_workbook(source: InputFile | str | Path, file: str | None = None, *, read_only: bool = False):
    """Check, then load values only (no formula evaluation, no VBA) from the checked bytes."""
    import openpyxl

    if not isinstance(source, InputFile):
        check_suffix(source, str(source))
        source = read_input(source, "workbook")
    file = file or source.path
    check_workbook_bytes(source, file)
    try:
        with warnings.catch_warnings():
            # openpyxl warns (on stderr) about parts it repairs or drops; the reader sees the result
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(source.data), read_only=read_only, data_only=True,
                                          keep_vba=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise InputError(f"the workbook is damaged: {damage_found(source.data, exc)}", file=file,
                         fix=DAMAGE_FIX) from None


def damage_found(data: bytes, exc: BaseException) -> str:
    """What is wrong with a workbook openpyxl could not read, in words, naming the part.

    openpyxl's own exceptions do not say which part failed; on this (rare) path each XML
    part is parsed again, and the first that is not well-formed is named with its line and
    column. A part that parses but does not follow the format is named when openpyxl's
    message names it; otherwise its message is quoted, cut at a word.
    """
    named = re.search(r"There is no item named '([^']+)'", str(exc))
    if named:
        return f"the part {named.group(1)} is missing from the archive"
    broken = first_malformed_part(data)
    if broken:
        return broken
    said = cut_at_word(str(exc) or type(exc).__name__)
    return f"{part_being_read(exc) or 'a part'} does not follow the .xlsx format (the reader said: {said})"


def part_being_read(exc: BaseException) -> str | None:
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename.replace("\\", "/"))
        tb = tb.tb_next
    for filename in reversed(frames):
        for marker, part in PART_BY_READER:
            if marker in filename:
                return part
    return None


def first_malformed_part(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                try:
                    SafeElementTree.fromstring(zf.read(info))
                except ParseError as exc:
                    line, column = exc.position
                    return f"the part {info.filename} is not well-formed XML (line {line}, column {column + 1})"
                except DefusedXmlException:
                    return f"the part {info.filename} holds XML entities or a DTD, which are refused"
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError) as exc:
        return f"the archive is corrupt ({cut_at_word(str(exc))})"
    return None


def cut_at_word(text: str, limit: int = 160) -> str:
    """One line, at most ``limit`` characters, cut between words (never mid-word)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


class ValuesWorkbook:
    """The saved cell values of a checked workbook, sheet by sheet, as rows from A1 (blank
    cells None, whole numbers int, as openpyxl gives them).

    Read by calamine (Rust; its XML reader expands no entities): fifteen times faster than
    openpyxl on a case of 10,000 materials. For the case workbooks, whose cells are plain
    values; the expert workbooks, whose formulas and validations matter, keep openpyxl.
    """

    def __init__(self, source: InputFile, file: str, kind: str = ".xlsx"):
        self.data, self.file, self.kind = source.data, file, kind
        try:
            self._book = CalamineWorkbook.from_filelike(io.BytesIO(source.data))
        except Exception as exc:  # calamine's own exception types
            raise self.damaged(exc) from None
        self.sheetnames = list(self._book.sheet_names)

    def rows(self, name: str) -> list[tuple]:
        try:
            rows = self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise self.damaged(exc, f"the part of sheet '{name}'") from None
        return [tuple(_plain(v) for v in row) for row in rows]

    def damaged(self, exc: BaseException, part: str = "a part") -> InputError:
        said = cut_at_word(str(exc) or type(exc).__name__)
        found = first_malformed_part(self.data) or missing_sheet_part_of(self.data) or \
            f"{part} does not follow the {self.kind} format (the reader said: {said})"
        return InputError(f"the workbook is damaged: {found}", file=self.file,
                          fix=ODS_DAMAGE_FIX if self.kind == ".ods" else DAMAGE_FIX)

    def close(self) -> None:
        self._book.close()


def _plain(v):
    if v == "" and isinstance(v, str):
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53:
        return int(v)
    return v


def missing_sheet_part_of(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return missing_sheet_part(zf, set(zf.namelist()))
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError, KeyError):
        return None


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
#: Where an OpenDocument file keeps macros (LibreOffice Basic, scripts): refused, as in .xlsm.
ODS_MACRO_FOLDERS = ("Basic/", "Scripts/")


def is_ods(source: InputFile) -> bool:
    """An OpenDocument spreadsheet (LibreOffice's own format): a zip whose first part, the
    ``mimetype``, says so."""
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as zf:
            return "mimetype" in zf.namelist() and zf.read("mimetype").strip() == ODS_MIMETYPE
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError):
        return False


def check_ods_bytes(source: InputFile, file: str) -> None:
    """Raise :class:`InputError` unless the bytes look like a safe, macro-free .ods: the same
    size and zip-ratio limits as an .xlsx, its content part present, no DTD in any part."""
    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            with_dtd = part_with_dtd(zf, infos)
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, ValueError) as exc:
        raise InputError("the .ods archive is corrupt", file=file, found=str(exc)) from None
    check_unpacked_size(total, packed, file)
    if not is_ods(source):
        raise InputError("not an OpenDocument spreadsheet (its mimetype part is missing or names another "
                         "format)", file=file, expected="an .ods saved by LibreOffice, or an .xlsx",
                         fix=ODS_DAMAGE_FIX)
    if "content.xml" not in names:
        raise InputError("the .ods workbook is damaged: the part content.xml is missing from the archive",
                         file=file, fix=ODS_DAMAGE_FIX)
    if with_dtd:
        raise InputError(f"the part {with_dtd} holds a DTD (XML entities), which is refused", file=file,
                         expected="an .ods saved by a spreadsheet app (they write no DTD)", fix=ODS_DAMAGE_FIX)
    if any(name.startswith(ODS_MACRO_FOLDERS) for name in names):
        raise InputError("the workbook contains macros and is refused", file=file,
                         fix="save it again without macros (File > Save As, .ods or .xlsx)")


ODS_DAMAGE_FIX = "open the file in LibreOffice and save it again (.ods or .xlsx), or ask the sender for a fresh copy"


def open_ods_values(source: InputFile, file: str | None = None) -> ValuesWorkbook:
    """Check an .ods's bytes, then read its saved values only (LibreOffice saves every
    formula's value, so nothing is evaluated here)."""
    file = file or source.path
    check_ods_bytes(source, file)
    return ValuesWorkbook(source, file, ".ods")


def open_values_workbook(source: InputFile, file: str | None = None) -> ValuesWorkbook:
    """Check the bytes (size, zip ratio, macros, required parts), then read values only."""
    file = file or source.path
    check_workbook_bytes(source, file)
    return ValuesWorkbook(source, file)
