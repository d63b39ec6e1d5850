"""What every benchmark here shares: one timing rule, and BLAS on one thread.

Imported before numpy: on a small shared machine, a BLAS thread pool oversubscribes the
cores and makes the matrix-product kernels' timings swing by 5× from run to run. Every
contender (the loops included) then runs on one BLAS thread, which is also the fair
comparison: neither pymcdm's loop nor the plain numpy loop gains from BLAS threads.
"""

from __future__ import annotations

import os
import time

#: The variables set here, and only for this process's own kernels: commands timed as
#: child processes run as a user would run them (see :func:`user_env`).
PINNED = [name for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
          if name not in os.environ]
for _name in PINNED:
    os.environ[_name] = "1"


def user_env() -> dict[str, str]:
    """The environment without this module's pins, for timing real commands."""
    return {k: v for k, v in os.environ.items() if k not in PINNED}


def best_of(fn, repeat: int = 3):
    """(result, fastest wall time of ``repeat`` runs): the same rule for every contender."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def blas_note() -> str:
    return f"in-process kernels on {os.environ['OPENBLAS_NUM_THREADS']} BLAS thread(s); commands as run by a user"
