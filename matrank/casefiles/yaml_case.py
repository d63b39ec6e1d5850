"""Read a case from YAML (PyYAML's safe loader) into a validated :class:`Case`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from matrank.casefiles.build import build_case
from matrank.errors import InputError, InputErrors
from matrank.model import Case

#: A case file larger than this is refused before parsing (forty materials take ~60 KB).
MAX_CASE_BYTES = 5 * 1024 * 1024


def read_bytes_limited(path: Path, limit: int = MAX_CASE_BYTES) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError("cannot read the file", file=str(path), found=exc.strerror) from None
    if size > limit:
        raise InputError("the file is too large for a case", file=str(path),
                         found=f"{size / 1e6:.1f} MB", expected=f"at most {limit / 1e6:.0f} MB",
                         fix="split the case, or check that this is the right file")
    if size == 0:
        raise InputError("the file is empty", file=str(path), expected="a matrank case")
    return path.read_bytes()


def parse_yaml(data: bytes, file: str):
    import yaml

    try:
        return yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError("the file is not UTF-8 text", file=file, found=f"byte {exc.start}",
                         fix="save it as UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise InputError(f"malformed YAML: {exc.problem}", file=file, where=where,
                         fix="check the indentation and quoting at that place") from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", file=file) from None


def read_yaml_case(path: str | Path) -> Case:
    path = Path(path)
    data = read_bytes_limited(path)
    raw = parse_yaml(data, str(path))
    if raw is None:
        raise InputErrors(str(path), [InputError("the file holds no YAML document", file=str(path))])
    return build_case(raw, file=str(path), input_hash="sha256:" + hashlib.sha256(data).hexdigest())
