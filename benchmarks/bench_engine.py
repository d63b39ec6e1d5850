"""Engine benchmarks (issue 2): CLI start-up and ranking wall time, and batch TOPSIS
against looping pymcdm and a plain per-vector numpy loop, all in this process.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_engine.py``.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import best_of, blas_note, user_env  # noqa: E402  (before numpy: pins BLAS threads)

import numpy as np


def wall(cmd: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=user_env())
        times.append(time.perf_counter() - t0)
    return statistics.median(times)



def numpy_loop(x: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """The obvious per-vector TOPSIS in numpy (normalisation hoisted out of the loop)."""
    out = np.empty((weights.shape[0], x.shape[0]))
    r = x / np.sqrt((x ** 2).sum(axis=0))
    for k, w in enumerate(weights):
        v = r * w
        ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
        anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
        dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
        dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
        out[k] = dm / (dp + dm)
    return out


def pymcdm_loop(x: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization
    method = TOPSIS(normalization_function=vector_normalization)
    types = np.where(benefit, 1, -1)
    return np.stack([method(x, w, types) for w in weights])


def batch_topsis_ratios(k: int = 10_000, n: int = 100, m: int = 4, seed: int = 1) -> dict:
    from matrank.mcda.topsis import batch_closeness, normalize
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, size=(n, m))
    benefit = np.array([True, False, True, False])[:m]
    weights = rng.dirichlet(np.ones(m), size=k)

    batch, t_batch = best_of(lambda: batch_closeness(normalize(x, "vector"), weights, benefit))
    loop, t_numpy = best_of(lambda: numpy_loop(x, weights, benefit))
    sub = min(k, 2_000)  # pymcdm is slow: time a subset and scale per vector
    ref, t_sub = best_of(lambda: pymcdm_loop(x, weights[:sub], benefit), repeat=1)
    t_pymcdm = t_sub * k / sub

    assert np.allclose(batch, loop, atol=1e-12) and np.allclose(batch[:sub], ref, atol=1e-9)
    return {"k": k, "n": n, "m": m, "batch_s": t_batch, "numpy_loop_s": t_numpy, "pymcdm_loop_s": t_pymcdm,
            "pymcdm_subset": sub, "vs_pymcdm": t_pymcdm / t_batch, "vs_numpy": t_numpy / t_batch}


def main() -> None:
    exe = shutil.which("matrank") or str(Path(sys.executable).parent / "matrank")
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"python {platform.python_version()}, numpy {np.__version__}; {blas_note()}")
    help_s = wall([exe, "--help"])
    rank_s = wall([exe, "rank"])
    print(f"matrank --help            {help_s:6.3f} s wall (median of 5; target ≤ 0.3 s)")
    print(f"matrank rank (default)    {rank_s:6.3f} s wall (median of 5; target ≤ 1.0 s)")
    r = batch_topsis_ratios()
    print(f"batch TOPSIS, K={r['k']:,} weight vectors on {r['n']}×{r['m']}:")
    print(f"  batch kernel            {r['batch_s'] * 1e3:8.2f} ms")
    print(f"  plain numpy loop        {r['numpy_loop_s'] * 1e3:8.2f} ms   → batch is {r['vs_numpy']:6.1f}× faster "
          f"(target ≥ 10×)")
    print(f"  pymcdm TOPSIS loop      {r['pymcdm_loop_s'] * 1e3:8.2f} ms   → batch is {r['vs_pymcdm']:6.1f}× faster "
          f"(target ≥ 100×; pymcdm timed on {r['pymcdm_subset']:,} vectors, scaled)")


if __name__ == "__main__":
    main()
