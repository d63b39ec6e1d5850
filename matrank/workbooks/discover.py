"""Which files a panel's collection reads: each FILE as given, each folder's spreadsheet
files in name order, and each file once (the same path twice, or the same bytes under
another name, is reported, not read again)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Iterable, Sequence

from matrank.results import rejected
from matrank.workbooks.reader import Rejected

#: Files in a panel folder that are reported (a stray .xlsm or .xls is rejected, not skipped).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".xla", ".xlam", ".ods")
#: Editors' lock files (Excel ~$name, LibreOffice .~lock.name#) are never workbooks.
LOCK_PREFIXES = ("~$", ".~lock.")


def find_workbooks(paths: Sequence[str], skip: Iterable[str | Path] = ()) -> list[str]:
    """The files to collect: each FILE as given, each DIR's spreadsheet files in name order."""
    skipped = {Path(p).resolve() for p in skip if p}
    found: list[str] = []
    for given in paths:
        p = Path(given)
        if not p.is_dir():
            found.append(str(given))
            continue
        for child in sorted(p.iterdir(), key=lambda c: c.name):
            if (child.is_file() and child.suffix.lower() in WORKBOOK_SUFFIXES
                    and not child.name.startswith(LOCK_PREFIXES) and child.resolve() not in skipped):
                found.append(str(child))
    return found


def file_digest(path: Path) -> str | None:
    """sha256 of the file's bytes; None when it is too large to read (the safety check reports it)."""
    from matrank.workbooks_safety import MAX_WORKBOOK_BYTES
    if path.stat().st_size > MAX_WORKBOOK_BYTES:
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def distinct(files: Sequence[str]) -> tuple[list[Any], list[tuple[str, str | None]]]:
    """Per file, either a job number into the returned jobs ``(file, sha256)`` to read, or its
    rejection: the same path given twice, the same bytes under another name, a missing file."""
    seen_paths: dict[Path, str] = {}
    seen_digests: dict[str, str] = {}
    slots: list[Any] = []
    jobs: list[tuple[str, str | None]] = []
    for file in files:
        path = Path(file)
        try:
            resolved = path.resolve()
            if resolved in seen_paths:
                raise Rejected(f"the same file as {seen_paths[resolved]} (given twice); counted once")
            seen_paths[resolved] = file
            if not path.is_file():
                raise Rejected("no such file. Fix: check the path")
            digest = file_digest(path)
            if digest is not None and digest in seen_digests:
                slots.append(rejected(file, f"identical to {seen_digests[digest]} (the same workbook given "
                                            "twice); counted once", digest))
                continue
            if digest is not None:
                seen_digests[digest] = file
            slots.append(len(jobs))
            jobs.append((file, digest))
        except Rejected as exc:
            slots.append(rejected(file, exc.reason))
        except OSError as exc:
            slots.append(rejected(file, f"cannot read the file: {exc.strerror or exc}"))
    return slots, jobs
