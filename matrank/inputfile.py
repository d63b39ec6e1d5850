"""The one door every input file comes through: size-limited, read once, hashed.

Case files (YAML, XLSX), CSV matrices, weights files (JSON) and expert workbooks are all
read by :func:`read_input`: one read of at most ``limit`` bytes, the sha256 of exactly
those bytes (written ``sha256:…`` everywhere), and every operating-system error turned
into a one-line :class:`~matrank.errors.InputError` that names the file. Sizes are in
MiB throughout.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from matrank.errors import InputError

MiB = 1024 * 1024
#: The largest file accepted, by kind (a case of forty materials takes ~60 KB of YAML).
LIMITS = {"case": 50 * MiB, "case workbook": 20 * MiB, "CSV": 20 * MiB, "weights file": 20 * MiB,
          "workbook": 20 * MiB}


def mib(size: int, digits: int = 1) -> str:
    return f"{size / MiB:.{digits}f} MiB".replace(".0 MiB", " MiB")


def sha256_text(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, eq=False)
class InputFile:
    path: str
    data: bytes

    @property
    def sha256(self) -> str:
        return sha256_text(self.data)

    @property
    def name(self) -> str:
        return Path(self.path).name


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read the file: permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    return f"cannot read the file: {exc.strerror or exc}"


def read_input(path: str | Path, what: str, *, limit: int | None = None, allow_empty: bool = False) -> InputFile:
    """The bytes of ``path``, a ``what`` (a key of :data:`LIMITS`), or a one-line InputError."""

    file = str(path)
    limit = LIMITS.get(what, 20 * MiB) if limit is None else limit
    if file == "":
        raise InputError(f"no {what} named: the path is empty", fix=f"give the {what}'s path")
    try:
        info = os.stat(file)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a folder, not a file", file=file, expected=f"a {what}",
                             fix="name the file inside it")
        if not stat.S_ISREG(info.st_mode):
            raise InputError("is not a regular file (a device, a pipe or a socket)", file=file,
                             expected=f"a {what}", fix="save the content to a file and give its path")
        if info.st_size > limit:
            raise InputError(f"the file is too large for a {what}", file=file, found=mib(info.st_size),
                             expected=f"at most {mib(limit)}", fix="check that this is the right file")
        with open(file, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(_os_problem(exc), file=file, fix="check the path") from None
    if len(data) > limit:           # it grew while being read
        raise InputError(f"the file is too large for a {what}", file=file, found=f"more than {mib(limit)}",
                         expected=f"at most {mib(limit)}", fix="check that this is the right file")
    if not data and not allow_empty:
        raise InputError("the file is empty", file=file, expected=f"a {what}",
                         fix="check that this is the right file, and that it was saved")
    return InputFile(file, data)


__all__ = ["InputFile", "read_input", "LIMITS", "MiB", "mib", "sha256_text"]
