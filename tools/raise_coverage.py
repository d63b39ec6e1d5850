"""Which ``raise`` statements in ``matrank/`` the test suite reaches.

    .venv/bin/python tools/raise_coverage.py            # runs the suite under coverage
    .venv/bin/python tools/raise_coverage.py --list     # and lists the unreached ones

A ``raise`` that no test reaches is an error path nobody has seen: either a test is
missing or the check is dead code. Statements marked ``# pragma: no cover`` are left out.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "matrank"


def raise_lines(path: Path) -> list[int]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and "pragma: no cover" not in lines[node.lineno - 1]:
            out.append(node.lineno)
    return sorted(out)


def main() -> None:
    import coverage

    import tempfile

    data_file = ROOT / ".coverage.raises"
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as rc:
        # the process pool of `panel collect` needs the settings in a file, not on the command line
        rc.write(f"[run]\nsource = matrank\ndata_file = {data_file}\nparallel = true\n"
                 "concurrency = thread,multiprocessing\n")
    try:
        subprocess.run([sys.executable, "-m", "coverage", "run", f"--rcfile={rc.name}", "-m", "pytest", "-q",
                        "-p", "no:cacheprovider"], cwd=ROOT, check=True)
        subprocess.run([sys.executable, "-m", "coverage", "combine", f"--rcfile={rc.name}"], cwd=ROOT,
                       check=True, capture_output=True)
    finally:
        Path(rc.name).unlink()
    cov = coverage.Coverage(data_file=str(data_file))
    cov.load()
    data = cov.get_data()
    total, missed = 0, []
    for path in sorted(PACKAGE.rglob("*.py")):
        executed = set(data.lines(str(path.resolve())) or ())
        for line in raise_lines(path):
            total += 1
            if line not in executed:
                missed.append(f"{path.relative_to(ROOT)}:{line}")
    data_file.unlink(missing_ok=True)
    print(f"raise statements reached by the tests: {total - len(missed)} of {total} "
          f"({len(missed)} unreached)")
    if "--list" in sys.argv:
        print("\n".join(missed))


if __name__ == "__main__":
    main()
