"""Case files: YAML and XLSX readers (and the XLSX writer), the schema, shipped-case lookup."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from matrank.casefiles.xlsx_case import read_xlsx_case, read_xlsx_mapping
from matrank.casefiles.yaml_case import parse_yaml, read_yaml_case
from matrank.errors import InputError
from matrank.inputfile import read_input
from matrank.model import Case

DEFAULT_CASE = "key-strategic-materials"


def shipped_cases() -> dict[str, Path]:
    """Shipped case files by name (file stem)."""
    folder = resources.files("matrank.cases")
    return {Path(p.name).stem: Path(str(p)) for p in sorted(folder.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".yaml")}


def resolve_case(name_or_path: str | None) -> Path:
    """A path to an existing file, or the name of a shipped case (default when None)."""
    if name_or_path is None:
        name_or_path = DEFAULT_CASE
    if Path(name_or_path).exists() and not Path(name_or_path).is_file() and not Path(name_or_path).is_dir():
        raise InputError("is not a regular file (a device, a pipe or a socket)", file=name_or_path,
                         expected="a .yaml or .xlsx case file", fix="save the case to a file and give its path")
    if not name_or_path.strip():
        raise InputError("no case named: the name is empty", expected="a case file path or a shipped case: "
                         + ", ".join(shipped_cases()), fix="run `matrank cases` to list them, or leave CASE out")
    path = Path(name_or_path)
    if path.is_file():
        return path
    shipped = shipped_cases()
    if name_or_path in shipped:
        return shipped[name_or_path]
    if path.is_dir():
        raise InputError("is a folder, not a case file", file=name_or_path,
                         expected="a .yaml or .xlsx case file, or a shipped case: " + ", ".join(shipped),
                         fix="name the case file inside it")
    if path.suffix or "/" in name_or_path:
        raise InputError("no such case file", file=name_or_path,
                         fix="check the path, or name a shipped case: " + ", ".join(shipped))
    raise InputError(f"unknown case {name_or_path!r}", expected="a case file path or a shipped case: "
                     + ", ".join(shipped), fix="run `matrank cases` to list them")


def read_case_raw(name_or_path: str | None) -> tuple[dict, Path]:
    """A case's raw mapping (YAML or XLSX, as read, before validation) and its path."""
    path = resolve_case(name_or_path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return read_xlsx_mapping(path), path
    return parse_yaml(read_input(path, "case").data, str(path)), path


def load_case(name_or_path: str | None = None) -> Case:
    """Read and validate a case from YAML or XLSX (by extension), or a shipped case by name."""
    path = resolve_case(name_or_path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return read_xlsx_case(path)
    return read_yaml_case(path)
