"""Run every benchmark in this folder (each module's ``main()``), in one process."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import timing  # noqa: F401  (first: pins BLAS threads before any benchmark imports numpy)

HERE = Path(__file__).parent


def main() -> None:
    for path in sorted(HERE.glob("bench_*.py")):
        print(f"== {path.stem} ==")
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main()
        print()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
