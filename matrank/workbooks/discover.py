"""Which files a panel's collection reads: each FILE as given, each folder's spreadsheet
files in name order, and each file once (the same path twice, or the same bytes under
another name, is reported, not read again)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Sequence

from matrank.errors import InputError
from matrank.inputfile import InputFile, read_input
from matrank.results import rejected
from matrank.workbooks.reader import Rejected
from matrank.workbooks_safety import check_suffix

#: Files in a panel folder that are reported (a stray .xlsm or .xls is rejected, not skipped).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".xla", ".xlam", ".ods")
#: Editors' lock files (Excel ~$name, LibreOffice .~lock.name#) are never workbooks.
LOCK_PREFIXES = ("~$", ".~lock.")


def discover(paths: Sequence[str], skip: Iterable[str | Path] = ()) -> tuple[list[str], list[str]]:
    """The files to collect (each FILE as given, each DIR's spreadsheet files in name order),
    and what a folder held that is not collected, each with the reason."""
    leave_out = {Path(p).resolve() for p in skip if p}
    found: list[str] = []
    skipped: list[str] = []
    for given in paths:
        p = Path(given)
        if not p.is_dir():
            found.append(str(given))
            continue
        for child in sorted(p.iterdir(), key=lambda c: c.name):
            reason = _not_collected(child, leave_out)
            if reason is None:
                found.append(str(child))
            elif reason:
                skipped.append(f"{child}: {reason}")
    return found, skipped


def _not_collected(child: Path, leave_out: set) -> str | None:
    """Why a folder's entry is not collected (None: it is; "": an output of this run, said elsewhere)."""
    if child.name.startswith(LOCK_PREFIXES):
        return "an editor's lock file (is the workbook open in Excel or LibreOffice?)"
    if child.is_symlink() and not child.exists():
        return "a link to nothing"
    if child.is_dir():
        return "a subfolder: not searched (name it to collect its workbooks)"
    if child.suffix.lower() not in WORKBOOK_SUFFIXES:
        return "not a spreadsheet file"
    if child.resolve() in leave_out:
        return ""
    return None


def find_workbooks(paths: Sequence[str], skip: Iterable[str | Path] = ()) -> list[str]:
    """The files to collect (see :func:`discover`)."""
    return discover(paths, skip)[0]


def is_panel_workbook(path: str | Path) -> bool:
    """Whether ``path`` is an expert's workbook (it has a _meta sheet): never to be written over."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" in names:
                return b'name="_meta"' in zf.read("xl/workbook.xml")
            # an .ods: its sheets are tables in content.xml
            return "content.xml" in names and b'table:name="_meta"' in zf.read("content.xml")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False


def distinct(files: Sequence[str]) -> tuple[list[Any], list[InputFile]]:
    """Per file, either a job number into the returned files to read (their bytes, read once),
    or its rejection: the same path given twice, the same bytes under another name, a file
    that cannot be read."""
    seen_paths: dict[Path, str] = {}
    seen_digests: dict[str, str] = {}
    slots: list[Any] = []
    jobs: list[InputFile] = []
    for file in files:
        try:
            resolved = Path(file).resolve()
            if resolved in seen_paths:
                raise Rejected(f"the same file as {seen_paths[resolved]} (given twice); counted once")
            seen_paths[resolved] = file
            check_suffix(file, file)
            source = read_input(file, "workbook")
        except Rejected as exc:
            slots.append(rejected(file, exc.reason))
            continue
        except InputError as exc:
            slots.append(rejected(file, replace(exc, file=None).message))
            continue
        if source.sha256 in seen_digests:
            slots.append(rejected(file, f"identical to {seen_digests[source.sha256]} (the same workbook given "
                                        "twice); counted once", source.sha256))
            continue
        seen_digests[source.sha256] = file
        slots.append(len(jobs))
        jobs.append(source)
    return slots, jobs
