"""Scale benchmark (issue 10): ranking a case of 45, 1,000 and 10,000 materials, from YAML
and from an exported .xlsx, as a user runs the command; the ratio to the 45-material
default case and the peak memory of each run; and ``sensitivity --samples 10000`` on the
10,000-material case. Targets: ≤ 10× the default case's time and ≤ 300 MB for ranking
10,000 materials; ≤ 1 GB for the sensitivity run.

The large cases are written by :mod:`big_case` (variations of the default case's
materials). Peak memory is the child's own maximum resident set (``os.wait4``).

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_scale.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import user_env

from big_case import write_big_case

SIZES = (45, 1_000, 10_000)
TARGET_RATIO = 10.0
TARGET_RANK_MB = 300
TARGET_SENSITIVITY_MB = 1024


#: Started from a small interpreter: a child's peak memory counts its parent's at the fork
#: (Linux keeps the high-water mark across exec), and this benchmark's process is large.
LAUNCHER = """
import os, subprocess, sys, time
t0 = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - t0, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))
"""


def run(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one run of ``cmd``, its output discarded."""
    out = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *cmd], capture_output=True, text=True,
                         env=user_env(), check=True).stdout.split()
    wall, mb, code = float(out[0]), float(out[1]), int(out[2])
    if code != 0:
        raise SystemExit(f"failed ({code}): {' '.join(cmd)}")
    return wall, mb


def best(cmd: list[str], repeat: int) -> tuple[float, float]:
    runs = [run(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def cases(folder: Path, exe: str) -> dict[int, dict[str, str]]:
    """Per size, the case as YAML and as .xlsx (the default case itself for 45)."""
    out = {}
    for n in SIZES:
        yaml_path = folder / f"case-{n}.yaml"
        if n == 45:
            subprocess.run([exe, "case", "export", "key-strategic-materials", "-o", str(yaml_path)],
                           check=True, capture_output=True)
        else:
            write_big_case(n, yaml_path)
        xlsx_path = folder / f"case-{n}.xlsx"
        subprocess.run([exe, "case", "export", str(yaml_path), "-o", str(xlsx_path)], check=True, capture_output=True)
        out[n] = {"yaml": str(yaml_path), "xlsx": str(xlsx_path)}
    return out


def main() -> None:
    exe = shutil.which("matrank") or str(Path(sys.executable).parent / "matrank")
    with tempfile.TemporaryDirectory() as tmp:
        paths = cases(Path(tmp), exe)
        print(f"matrank rank CASE as a user runs it (best of 3, 2 for 10,000; peak memory the largest run's); "
              f"targets for 10,000: ≤ {TARGET_RATIO:.0f}× the 45-material time, ≤ {TARGET_RANK_MB} MB")
        for kind in ("yaml", "xlsx"):
            for fmt in ("table", "json"):
                base = None
                for n in SIZES:
                    cmd = [exe, "rank", paths[n][kind], "--format", fmt]
                    wall, mb = best(cmd, 3 if n < 10_000 else 2)
                    base = base or wall
                    size = Path(paths[n][kind]).stat().st_size / 1e6
                    print(f"  {kind:4} {fmt:5} {n:6,} materials ({size:4.1f} MB): {wall:6.2f} s  "
                          f"{wall / base:5.1f}× the 45-material run  peak {mb:5.0f} MB")
        wall, mb = run([exe, "sensitivity", paths[10_000]["yaml"], "--samples", "10000"])
        print(f"matrank sensitivity on 10,000 materials, --samples 10000 (default options): {wall:.1f} s, "
              f"peak {mb:.0f} MB (target ≤ {TARGET_SENSITIVITY_MB} MB)")


if __name__ == "__main__":
    main()
