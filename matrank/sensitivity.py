"""The Python API of the sensitivity analysis: from a ranked case to SMAA inputs and back.

    from matrank.api import load_case, rank_case
    from matrank.options import SensitivityOptions
    from matrank.sensitivity import sensitivity
    s = sensitivity(rank_case(load_case()), SensitivityOptions(samples=100_000))
    s.tier_probability          # (N × 4), TIERS order
    s.confidence                # P(the deterministic tier) per material

Weight samples per lens (``weight_source``):

* ``panel`` — the panel's individual experts' priority vectors, one picked at
  random per sample (the default when the weights file lists them);
* ``dirichlet`` — Dirichlet(α = C·w) around the lens weights (the default
  otherwise). The default C = 100 gives each weight a standard deviation of
  sqrt(w(1 − w)/101), at most 0.05: about what moving every pairwise judgment
  of the default case one step along Saaty's scale (or not) does to its AHP
  priorities (implied C 105 for the government lens, 158 for the market lens);
* ``uniform`` — uniform on the simplex (no preference known).

Value samples (``values``): ``ranges`` draws every indicator that has a range
(low < high) from a triangular distribution with its mode at the value, then
re-scores each criterion through the criterion's own vectorised formula, so an
indicator read by two criteria moves both; ``fixed`` keeps the point values.
The default is ``ranges`` when the case has any, else ``fixed`` (with a note).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import numpy as np

from matrank.api import rank_case
from matrank.criteria.scoring import used_indicators
from matrank.errors import InputError, OptionError
from matrank.mcda.smaa import (BLOCK, CF_CANDIDATES, CF_CELLS, CF_CHUNK, CF_SAMPLES, HIST_BINS, ScoreGroup, SMAAProblem, ValueModel,
                               WeightModel, block_for, confidence_samples_for, count_dtype, default_workers, run_smaa)
from matrank.mcda.stability import weight_intervals
from matrank.model import LENSES, TIERS, Case
from matrank.options import (DEFAULT_CONCENTRATION, DEFAULT_SAMPLES, DEFAULT_SEED, VALUE_MODES, WEIGHT_SOURCES,
                             RankOptions, SensitivityOptions)
from matrank.results import STABLE_PROBABILITY, Estimate, RankResult, SensitivityResult
from matrank.weightsfile import WeightsFile

#: ``matrank rank --confidence``: the samples behind each P(tier) (the seed is the default one).
CONFIDENCE_SAMPLES = 10_000
#: Refused without force: more samples than this, or an estimate above these.
MAX_SAMPLES = 100_000_000
MAX_SECONDS = 600.0
MAX_BYTES = 4 * 1024 ** 3
#: Cost model for the guard and the progress bar, measured on a 2-core AMD EPYC: seconds per
#: sample and material on one core (sampled values, fixed values), and per value sample,
#: candidate and material in the confidence-factor pass.
COST_RANGES = 0.45e-6
COST_FIXED = 0.15e-6
COST_CF = 12e-9


# --------------------------------------------------------------------------- building the inputs


def has_panel(case: Case) -> bool:
    return any(case.weights[lens].expert_weights for lens in LENSES if lens in case.weights)


def ranged_entries(case: Case) -> list[tuple[int, str]]:
    """(material index, indicator) for every indicator a criterion reads that has a range."""
    out = []
    for i, m in enumerate(case.materials):
        used = {name for c in case.criteria for name in used_indicators(m, c)}
        out += [(i, name) for name in m.indicators if name in used and m.indicators[name].has_range]
    return out


def value_model(case: Case) -> ValueModel | None:
    """The case's ranged indicators as triangular draws, grouped by criterion formula; None without ranges."""
    ranged = ranged_entries(case)
    if not ranged:
        return None
    index = {key: p for p, key in enumerate(ranged)}
    constants: list[float] = []
    groups: dict[tuple, list[tuple[int, list[int]]]] = {}
    for j, criterion in enumerate(case.criteria):
        for i, m in enumerate(case.materials):
            names = used_indicators(m, criterion)
            if not any((i, nm) in index for nm in names):
                continue
            cols = []
            for nm in names:
                if (i, nm) not in index:
                    index[(i, nm)] = len(ranged) + len(constants)
                    constants.append(float(m.indicators[nm].value))
                cols.append(index[(i, nm)])
            groups.setdefault((j, names), []).append((i, cols))
    criteria = list(case.criteria)
    score_groups = tuple(
        ScoreGroup(criterion=j, materials=np.array([i for i, _ in members]), names=names,
                   columns=np.array([cols for _, cols in members], dtype=np.intp).T,
                   compute=criteria[j].score)
        for (j, names), members in groups.items())
    values = [case.materials[i].indicators[nm] for i, nm in ranged]
    return ValueModel(low=np.array([v.low for v in values]), mode=np.array([v.value for v in values]),
                      high=np.array([v.high for v in values]), constants=np.array(constants),
                      groups=score_groups,
                      labels=tuple(f"{case.materials[i].id}.{nm}" for i, nm in ranged))


def weight_models(result: RankResult, source: str, concentration: float) -> tuple[dict[str, WeightModel],
                                                                                   list[str]]:
    case = result.case
    ids = case.criteria.ids
    models, notes = {}, []
    for lens in LENSES:
        w = result.lenses[lens].weights
        if source == "panel":
            experts = case.weights[lens].expert_weights
            if experts:
                models[lens] = WeightModel("panel", w, experts=np.array([[e[c] for c in ids] for e in experts]))
                continue
            notes.append(f"the {lens} lens has no panel experts' vectors; its weights are drawn from a "
                         f"Dirichlet around its weights (C = {concentration:g})")
            models[lens] = WeightModel("dirichlet", w, concentration=concentration)
        elif source == "dirichlet":
            models[lens] = WeightModel("dirichlet", w, concentration=concentration)
        else:
            models[lens] = WeightModel("uniform", w)
    return models, notes


def resolve_options(result: RankResult, options: SensitivityOptions) -> tuple[SensitivityOptions, list[str]]:
    """Fill in the defaults that depend on the case and its weights; refuse what the case cannot give."""
    notes: list[str] = []
    source = options.weight_source
    panel = has_panel(result.case)
    if source is None:
        source = "dirichlet" if options.concentration is not None or not panel else "panel"
    if source == "panel" and not panel:
        origin = result.weights_file.path if result.weights_file else f"case {result.case.id}"
        raise OptionError("panel asked, but it needs the panel's individual priority vectors",
                          option="weight_source",
                          usage=False, file=origin, found="no experts' weights (the weights are not from a panel)",
                          expected="a weights file written by `matrank panel collect --weights-out`, "
                                   "which lists each expert",
                          fix="pass {weights_file} PANEL.json, or use {weight_source} dirichlet or uniform")
    c = options.concentration
    if source == "dirichlet" and c is None:
        c = DEFAULT_CONCENTRATION
    values = options.values
    has_ranges = bool(ranged_entries(result.case))
    if values == "ranges" and not has_ranges:
        raise OptionError("ranges asked, but no indicator in the case has a range", option="values", usage=False,
                          file=result.case.path, found="every value is a point value",
                          expected="estimates with low < high",
                          fix="add low and high to the estimates, or use {values} fixed")
    if values is None:
        values = "ranges" if has_ranges else "fixed"
        if not has_ranges:
            notes.append(f"case {result.case.id} has no indicator ranges: values are kept fixed, "
                         "only the weights are sampled")
    return replace(options, weight_source=source, concentration=c, values=values), notes


def estimate(n_materials: int, n_criteria: int, samples: int, values: str, workers: int = 1) -> Estimate:
    """Rough wall time and peak memory of a run (for the "too large" guard)."""
    n, m = n_materials, n_criteria
    per = (COST_RANGES if values == "ranges" else COST_FIXED) * n * max(1.0, m / 4)
    seconds = samples * per / max(1, min(workers, 2))
    kept = confidence_samples_for(n, m, samples)
    if values == "ranges":       # candidates for the confidence factors: typically tens
        seconds += kept * min(2 * n, CF_CANDIDATES) * n * COST_CF
    block = min(samples, block_for(n))
    # per running block: ~(5M + 16) arrays of N × block floats (values, gaps, distances, codes, order)
    per_block = block * n * (5 * m + 16) * 8
    cf = 0
    if values == "ranges":       # kept value samples, and one chunk's gaps and scores
        chunk = max(1, min(CF_CHUNK, CF_CELLS // n ** 2))
        cf = (kept * n * m + chunk * n * (4 * m + 3 * min(n, CF_CANDIDATES))) * 8
    size = np.dtype(count_dtype(n, samples)).itemsize
    if size == 8:                # dense counts: the totals and one copy per block in flight
        counts = n * (n + 4 + 2 * HIST_BINS) * 8 * (3 + 4 * max(1, workers))
    else:                        # compact totals; a block in flight holds (cell, count) pairs
        counts = n * (n + 2 * HIST_BINS) * size + n * (4 + 3 * m) * 8 + 3 * block * n * 16 * 2 * max(1, workers)
    return Estimate(seconds, int(per_block * max(1, workers) + cf + counts + 150 * 1024 ** 2))


def check_size(n_materials: int, n_criteria: int, options: SensitivityOptions, *, force: bool = False) -> Estimate:
    """Refuse runs that would take unreasonably long or large, unless forced."""
    est = estimate(n_materials, n_criteria, options.samples, options.values or "ranges",
                   options.workers or default_workers())
    if force:
        return est
    too = []
    if options.samples > MAX_SAMPLES:
        too.append(f"more than {MAX_SAMPLES:,} samples")
    if est.seconds > MAX_SECONDS:
        too.append(f"over {MAX_SECONDS / 60:.0f} minutes")
    if est.bytes > MAX_BYTES:
        too.append(f"over {MAX_BYTES / 1024 ** 3:.0f} GB of memory")
    if too:
        raise OptionError(f"{options.samples:,} is too large: estimated {est.text()} "
                          f"({', '.join(too)}) for {n_materials} materials", option="samples", usage=False,
                          fix="use fewer samples (10,000 give about ±0.01 on each probability), "
                              "or pass {force} to proceed")
    return est


def problem_for(result: RankResult, options: SensitivityOptions, models: dict[str, WeightModel]) -> SMAAProblem:
    t = result.thresholds
    return SMAAProblem(
        scores=result.matrix.scores,
        benefit=tuple(np.array(result.lenses[lens].benefit) for lens in LENSES),
        weights=tuple(models[lens] for lens in LENSES),
        thresholds=(t.government, t.market), split=t.split, policy_mix=result.options.policy_mix,
        normalization=result.options.normalization, ranking=result.options.ranking,
        values=value_model(result.case) if options.values == "ranges" else None)


# --------------------------------------------------------------------------- running


def sensitivity(result: RankResult, options: SensitivityOptions = SensitivityOptions(), *,
                progress: Callable[[int, int], None] | None = None) -> SensitivityResult:
    """SMAA around a deterministic ranking, and (optionally) the one-at-a-time weight intervals."""
    resolved, notes = resolve_options(result, options)
    models, more = weight_models(result, resolved.weight_source, resolved.concentration or DEFAULT_CONCENTRATION)
    problem = problem_for(result, resolved, models)
    smaa = run_smaa(problem, int(resolved.samples), int(resolved.seed), workers=resolved.workers,
                    progress=progress)
    stability = None
    if resolved.stability:
        t = result.thresholds
        stability = weight_intervals(result.matrix.scores, problem.benefit,
                                     [result.lenses[lens].weights for lens in LENSES],
                                     (t.government, t.market), t.split, method=result.options.ranking,
                                     normalization=result.options.normalization)
        changed = np.flatnonzero(stability.tiers != result.tiers)
        if changed.size:     # only a material exactly on a threshold can differ by rounding
            notes.append("weight intervals: tier at the current weights differs by rounding for "
                         + ", ".join(result.case.materials[i].id for i in changed))
    for lens, left in zip(LENSES, smaa.cf_left_out):
        if left:
            notes.append(f"{lens} lens: confidence factors for the {CF_CANDIDATES} materials most often first; "
                         f"{left} more were first in a few samples and have none")
    if smaa.cf_samples < min(smaa.samples, CF_SAMPLES) and problem.values is not None:
        notes.append(f"confidence factors from the first {smaa.cf_samples:,} value samples (a case of "
                     f"{problem.n:,} materials; about ±{1 / np.sqrt(smaa.cf_samples):.2f})")
    ranged = tuple(problem.values.labels) if problem.values is not None else ()
    return SensitivityResult(result, smaa, stability, resolved, models, ranged, tuple(notes + more))


def add_confidence(result: RankResult) -> RankResult:
    """The ranking with each material's probability of its tier (SMAA, 10,000 samples, the default
    seed and sources: the panel's experts when the weights come from a panel, else a Dirichlet
    around the lens weights; the indicator ranges when the case has them)."""
    s = sensitivity(result, SensitivityOptions(samples=CONFIDENCE_SAMPLES, stability=False))
    return replace(result, confidence=s.confidence, confidence_samples=CONFIDENCE_SAMPLES)


def run(case: Case, rank_options: RankOptions = RankOptions(), weights_file: WeightsFile | None = None,
        options: SensitivityOptions = SensitivityOptions(), **kwargs) -> SensitivityResult:
    """Rank the case deterministically, then run the sensitivity analysis around it."""
    return sensitivity(rank_case(case, rank_options, weights_file), options, **kwargs)


__all__ = ["SensitivityOptions", "SensitivityResult", "sensitivity", "run", "add_confidence", "estimate",
           "check_size", "value_model", "weight_models", "resolve_options", "DEFAULT_SEED", "DEFAULT_SAMPLES",
           "DEFAULT_CONCENTRATION", "STABLE_PROBABILITY", "WEIGHT_SOURCES", "VALUE_MODES", "TIERS",
           "CF_SAMPLES", "HIST_BINS", "BLOCK", "CONFIDENCE_SAMPLES", "InputError"]
