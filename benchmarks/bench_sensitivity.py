"""Sensitivity benchmarks (issue 5): the SMAA kernel against looping pymcdm's TOPSIS and a
plain per-sample numpy loop, all measured in this run, and a million samples end to end.

* Ours: the batch kernel alone (drawing and both lenses' closeness: what the loops
  compute), the SMAA pass (plus tiers, ranks, histograms, central weights) and the whole
  run (plus the one-off confidence-factor pass), at 10,000 and at 100,000 samples. The
  loops only compute both lenses' closeness, so the later rows understate the lead.
* pymcdm is slow: it is timed on a subset of samples and scaled per sample (said below).
* ``--samples 1000000`` is timed as the real command in a child process; its peak memory
  is the child's maximum resident set size.

Run: ``.venv/bin/python benchmarks/bench_sensitivity.py`` (or ``make bench``).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import best_of, blas_note, user_env  # noqa: E402  (before numpy: pins BLAS threads)

import numpy as np

SAMPLES = 10_000
PYMCDM_SUBSET = 500
BIG = 1_000_000
LONG = 100_000



def default_result():
    """The shipped default case ranked; a synthetic 40-material case if it is missing."""
    from matrank.api import load_case, rank_case
    from matrank.errors import MatrankError
    try:
        return rank_case(load_case()), "key-strategic-materials"
    except MatrankError:  # pragma: no cover - only before the default case exists
        return rank_case(synthetic_case(40)), "synthetic (40 materials)"


def synthetic_case(n: int):
    from dataclasses import replace

    from matrank.api import load_case
    from matrank.model import Material, Value
    mini = load_case(str(Path(__file__).resolve().parent.parent / "tests" / "data" / "mini.yaml"))
    rng = np.random.default_rng(40)
    materials = []
    for i in range(n):
        def est(lo, hi):
            v = float(rng.uniform(lo, hi))
            return Value(v, estimate=True, low=max(lo, v * 0.8), high=min(hi, v * 1.2), basis="synthetic")
        materials.append(Material(f"m{i:02d}", {"en": f"Material {i}"}, "semiconductor", {
            "domestic_rate": est(0.0, 1.0), "foreign_core_patent_share": est(0.0, 1.0),
            "validation_years": est(0.5, 8.0), "market_pull_rating": est(1.0, 9.0)}))
    return replace(mini, id="synthetic", materials=tuple(materials))


def smaa_problem(result, values: str):
    from matrank.sensitivity import SensitivityOptions, problem_for, resolve_options, weight_models
    opts, _ = resolve_options(result, SensitivityOptions(values=values))
    models, _ = weight_models(result, opts.weight_source, opts.concentration)
    return problem_for(result, opts, models)


def drawn(problem, seed: int, k: int):
    """The first k samples' weights per lens and decision matrices, as run_smaa draws them."""
    from matrank.mcda.smaa import BLOCK, block_rng
    weights = [[], []]
    mats = []
    for b, start in enumerate(range(0, k, BLOCK)):
        kb = min(BLOCK, k - start)
        for s in (0, 1):
            weights[s].append(problem.weights[s].sample(block_rng(seed, b, s), kb))
        if problem.values is not None:
            x = problem.values.sample(block_rng(seed, b, 2), BLOCK, problem.scores, keep=kb)
            mats += [np.stack([xj[:, i] for xj in x], axis=1) for i in range(kb)]
        else:
            mats += [problem.scores] * kb
    return [np.vstack(w) for w in weights], mats


def numpy_loop(mats, weights, benefit, hoist: bool) -> np.ndarray:
    """The obvious per-sample TOPSIS in numpy, both lenses (normalisation hoisted when values are fixed)."""
    out = np.empty((2, len(mats), mats[0].shape[0]))
    r_shared = mats[0] / np.sqrt((mats[0] ** 2).sum(axis=0)) if hoist else None
    for k, x in enumerate(mats):
        r = r_shared if hoist else x / np.sqrt((x ** 2).sum(axis=0))
        for s in (0, 1):
            v = r * weights[s][k]
            ideal = np.where(benefit[s], v.max(axis=0), v.min(axis=0))
            anti = np.where(benefit[s], v.min(axis=0), v.max(axis=0))
            dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
            dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
            out[s, k] = dm / (dp + dm)
    return out


def pymcdm_loop(mats, weights, benefit) -> np.ndarray:
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization
    method = TOPSIS(normalization_function=vector_normalization)
    types = [np.where(b, 1, -1) for b in benefit]
    return np.stack([np.stack([method(x, weights[s][k], types[s]) for k, x in enumerate(mats)])
                     for s in (0, 1)])


def kernel_only(problem):
    """Both lenses' closeness for every sample, block by block (what the loops compute)."""
    from matrank.mcda.smaa import BLOCK, block_closeness
    return [block_closeness(problem, 1, b, min(BLOCK, SAMPLES - b * BLOCK))[1]
            for b in range((SAMPLES + BLOCK - 1) // BLOCK)]


def compare(result, values: str) -> dict:
    from matrank.mcda.smaa import run_smaa
    problem = smaa_problem(result, values)
    _, t_full = best_of(lambda: run_smaa(problem, SAMPLES, 1), repeat=5)
    _, t_main = best_of(lambda: run_smaa(problem, SAMPLES, 1, cf_samples=1), repeat=5)
    _, t_long = best_of(lambda: run_smaa(problem, LONG, 1), repeat=3)
    blocks, t_kernel = best_of(lambda: kernel_only(problem), repeat=5)
    weights, mats = drawn(problem, 1, SAMPLES)
    loop, t_numpy = best_of(lambda: numpy_loop(mats, weights, problem.benefit, hoist=values == "fixed"))
    sub = [w[:PYMCDM_SUBSET] for w in weights]
    ref, t_sub = best_of(lambda: pymcdm_loop(mats[:PYMCDM_SUBSET], sub, problem.benefit))
    # the kernel computes what the loops compute
    kernel = np.concatenate([np.stack(c, axis=0) for c in blocks], axis=2).transpose(0, 2, 1)
    assert np.allclose(kernel, loop, atol=1e-12, rtol=0)
    assert np.allclose(kernel[:, :PYMCDM_SUBSET], ref, atol=1e-9, rtol=0)
    per = SAMPLES
    return {"values": values, "full": t_full / per, "main": t_main / per, "kernel": t_kernel / per,
            "long": t_long / LONG, "one_off": t_full - t_main,
            "numpy": t_numpy / per, "pymcdm": t_sub / PYMCDM_SUBSET, "n": problem.n}


def million(case_label: str) -> dict:
    """``matrank sensitivity --samples 1000000`` (default options) in a child process."""
    exe = shutil.which("matrank") or str(Path(sys.executable).parent / "matrank")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "smaa.json"
        cmd = [exe, "sensitivity", "--samples", str(BIG), "--format", "json", "-o", str(out), "--quiet"]
        if case_label.startswith("synthetic"):
            return {"skipped": "no default case"}
        # a small parent runs the command: a child's peak RSS can include the pages of the
        # process that forked it, and this one holds numpy, pymcdm and the samples above
        probe = ("import resource, subprocess, sys, time; t0 = time.perf_counter(); "
                 "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
                 "print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        done = subprocess.run([sys.executable, "-S", "-c", probe, *cmd], check=True, capture_output=True,
                              text=True, env=user_env())
        wall, peak_kb = (float(v) for v in done.stdout.split())
        size = out.stat().st_size
    return {"wall": wall, "peak_mb": peak_kb / 1024, "json_bytes": size}


def main() -> None:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}, "
          f"numpy {np.__version__}; {blas_note()}"
          + "".join(f", {k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                    if k in os.environ))
    result, label = default_result()
    print(f"case: {label}, {len(result.case.materials)} materials × {len(result.matrix.criteria)} criteria; "
          f"{SAMPLES:,} samples; default weights (Dirichlet, C = 100)")
    for values in ("fixed", "ranges"):
        r = compare(result, values)
        target_pymcdm = 300 if values == "fixed" else 100
        target_numpy = " (target ≥ 15×)" if values == "fixed" else ""
        print(f"--values {values}: cost per sample, both lenses (best of 3–5 runs)")
        print(f"  plain numpy loop (closeness)      {r['numpy'] * 1e6:8.2f} µs")
        print(f"  pymcdm TOPSIS loop (closeness)    {r['pymcdm'] * 1e6:8.2f} µs   "
              f"(timed on {PYMCDM_SUBSET} samples, scaled)")
        for key, what in (("kernel", "batch kernel (closeness)"),
                          ("main", "SMAA pass (+ tiers, ranks, bands)"),
                          ("full", f"whole run, {SAMPLES:,} samples"),
                          ("long", f"whole run, {LONG:,} samples")):
            print(f"  {what:33s} {r[key] * 1e6:8.2f} µs   → {r['pymcdm'] / r[key]:6.0f}× below pymcdm "
                  f"(target ≥ {target_pymcdm}×), {r['numpy'] / r[key]:5.1f}× below numpy{target_numpy}")
        print(f"  (a whole run adds the confidence factors, a one-off pass over the first "
              f"{min(SAMPLES, 10_000):,} value samples: {r['one_off'] * 1e3:.0f} ms however many samples are drawn)")
    big = million(label)
    if "skipped" in big:
        print(f"--samples {BIG:,}: skipped ({big['skipped']})")
    else:
        print(f"matrank sensitivity --samples {BIG:,} (default options, whole command): {big['wall']:.2f} s wall, "
              f"peak RSS {big['peak_mb']:.0f} MB (targets ≤ 10 s, ≤ 1024 MB)")


if __name__ == "__main__":
    main()
