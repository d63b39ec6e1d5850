"""Panel benchmark (issue 4): collect 100 filled expert workbooks; target ≤ 10 s.

The workbooks are the heaviest kind: the shipped default case, both lenses, and the
ratings sheet (one rating per estimated value), each filled by script with its own
judgments and ratings. Timed: ``matrank panel collect DIR --format json`` as a
command, start-up included: its wall time and its CPU time (the wall time one
free core would give; the workbooks are read in parallel when there are cores).

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_panel.py``.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import user_env

EXPERTS = 100
TARGET_SECONDS = 10.0


def make_panel(folder: Path, experts: int = EXPERTS, seed: int = 1) -> tuple[list[Path], str]:
    """``experts`` filled workbooks of the default case in ``folder``; returns them and the case id."""
    from matrank.casefiles import load_case
    from matrank.mcda.ahp import nearest_saaty
    from matrank.workbooks.fill import fill_workbook
    from matrank.workbooks.layout import rating_items
    from matrank.workbooks.template import write_templates

    case = load_case()
    templates = write_templates(case, folder / "templates", experts, ("government", "market"), "both", True)
    ids = case.criteria.ids
    items = rating_items(case)
    rng = random.Random(seed)
    filled = folder / "filled"
    filled.mkdir()
    out = []
    for k, template in enumerate(templates, start=1):
        judgments = {}
        for lens in ("government", "market"):
            w = [rng.uniform(1, 5) for _ in ids]
            judgments[lens] = {(a, b): nearest_saaty(w[i] / w[j] * rng.lognormvariate(0, 0.3))
                               for (i, a), (j, b) in itertools.combinations(enumerate(ids), 2)}
        ratings = {(item.material, item.criterion): rng.randint(1, 9) for item in items}
        out.append(fill_workbook(template, filled / template.name, name=f"Expert {k}", role="user",
                                 judgments=judgments, ratings=ratings))
    return out, case.id


def main() -> None:
    import resource

    folder = Path(tempfile.mkdtemp(prefix="matrank-bench-panel-"))
    try:
        t0 = time.perf_counter()
        files, case_id = make_panel(folder)
        setup = time.perf_counter() - t0
        command = [sys.executable, "-m", "matrank.cli", "panel", "collect", str(folder / "filled"),
                   "--format", "json"]
        walls, cpus = [], []
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run(command, check=True, capture_output=True, text=True, env=user_env())
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        counts = json.loads(done.stdout)["counts"]
        assert counts["files"] == counts["used"] == len(files), counts
        print(f"panel of {len(files)} workbooks, case {case_id}, both lenses and the ratings sheet "
              f"(setup {setup:.1f} s)")
        print(f"matrank panel collect   {statistics.median(walls):6.2f} s wall (median of 3; target ≤ "
              f"{TARGET_SECONDS:.0f} s; {os.cpu_count()} cores, workbooks read in parallel)")
        print(f"                        {statistics.median(cpus):6.2f} s CPU (what one free core would take)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
