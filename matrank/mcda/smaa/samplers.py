"""Weight vectors and indicator values drawn per block, each block from its own random streams."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from matrank.errors import InputError

#: Indicators drawn per call in :meth:`ValueModel.draw`.
DRAW_ROWS = 32
#: Random streams per block.
STREAM_WEIGHTS = (0, 1)
STREAM_VALUES = 2
WEIGHT_KINDS = ("panel", "dirichlet", "uniform", "fixed")


def block_rng(seed: int, block: int, stream: int) -> np.random.Generator:
    """The PCG64 generator of one block and stream."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block, stream))))


@dataclass(frozen=True, eq=False)
class WeightModel:
    """How one lens's weight vectors are drawn.

    ``panel``: the experts' priority vectors (E × M), one picked uniformly per
    sample; ``dirichlet``: Dirichlet(α = concentration · weights);
    ``uniform``: uniform on the simplex; ``fixed``: always ``weights``.
    """

    kind: str
    weights: np.ndarray
    concentration: float | None = None
    experts: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.kind not in WEIGHT_KINDS:
            raise InputError(f"unknown weight source {self.kind!r}", expected=" or ".join(WEIGHT_KINDS))
        w = np.asarray(self.weights, dtype=float)
        if w.ndim != 1 or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
            raise InputError("lens weights must be finite, non-negative and not all zero", found=repr(w))
        object.__setattr__(self, "weights", w / w.sum())
        if self.kind == "dirichlet":
            c = self.concentration
            if c is None or not np.isfinite(c) or c <= 0:
                raise InputError("the Dirichlet concentration must be a positive number", found=repr(c),
                                 expected="C > 0 (α = C·w; larger is tighter)")
            if np.any(w <= 0):
                raise InputError("a Dirichlet around the lens weights needs every weight > 0", found=repr(w))
        if self.kind == "panel":
            e = np.asarray(self.experts, dtype=float) if self.experts is not None else np.empty((0, w.size))
            if e.ndim != 2 or e.shape[0] < 1 or e.shape[1] != w.size:
                raise InputError("panel weights need at least one expert's priority vector per lens",
                                 found=f"shape {e.shape}", expected=f"E × {w.size}")
            if not np.all(np.isfinite(e)) or np.any(e < 0) or np.any(e.sum(axis=1) <= 0):
                raise InputError("an expert's priority vector is not finite and non-negative")
            object.__setattr__(self, "experts", e / e.sum(axis=1, keepdims=True))

    @property
    def m(self) -> int:
        return self.weights.size

    def sample(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """(k × M) weight vectors, each summing to 1."""
        if self.kind == "dirichlet":
            return rng.dirichlet(self.concentration * self.weights, size=k)
        if self.kind == "uniform":
            return rng.dirichlet(np.ones(self.m), size=k)
        if self.kind == "panel":
            return self.experts[rng.integers(0, self.experts.shape[0], size=k)]
        return np.broadcast_to(self.weights, (k, self.m)).copy()

    def describe(self) -> str:
        if self.kind == "dirichlet":
            return f"dirichlet (C = {self.concentration:g})"
        if self.kind == "panel":
            return f"panel ({self.experts.shape[0]} experts' priority vectors, resampled)"
        return self.kind


@dataclass(frozen=True, eq=False)
class ScoreGroup:
    """Materials whose criterion ``criterion`` is computed by the same formula
    from the same indicator names; ``columns[t]`` indexes, for each material of
    the group, the indicator vector (ranged draws first, then constants) for
    ``names[t]``."""

    criterion: int
    materials: np.ndarray
    names: tuple[str, ...]
    columns: np.ndarray
    compute: Callable[[Mapping[str, np.ndarray]], np.ndarray]


@dataclass(frozen=True, eq=False)
class ValueModel:
    """Indicator values drawn from triangular distributions (low, mode, high),
    re-scored through the criteria's vectorised formulas.

    The indicator vector has the P ranged indicators first (drawn), then the Q
    constants used alongside them. ``labels`` names each ranged indicator
    ("material.indicator") for messages.
    """

    low: np.ndarray
    mode: np.ndarray
    high: np.ndarray
    constants: np.ndarray
    groups: tuple[ScoreGroup, ...]
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        lo, c, hi = (np.asarray(a, dtype=float) for a in (self.low, self.mode, self.high))
        if not (lo.shape == c.shape == hi.shape) or lo.ndim != 1:
            raise InputError("low, mode and high must be vectors of one length")
        ok = np.isfinite(lo) & np.isfinite(c) & np.isfinite(hi) & (lo <= c) & (c <= hi) & (lo < hi)
        if not ok.all():
            bad = int(np.flatnonzero(~ok)[0])
            name = self.labels[bad] if bad < len(self.labels) else f"indicator {bad + 1}"
            raise InputError(f"{name}: a range needs low ≤ value ≤ high and low < high",
                             found=f"{lo[bad]!r}, {c[bad]!r}, {hi[bad]!r}")
        object.__setattr__(self, "low", lo)
        object.__setattr__(self, "mode", c)
        object.__setattr__(self, "high", hi)
        object.__setattr__(self, "constants", np.asarray(self.constants, dtype=float).reshape(-1))

    @property
    def p(self) -> int:
        return self.low.size

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """((P + Q) × k) indicator values: triangular draws, then the constants.

        Triangular(low, mode, high) as low + (high − mode)·min(U1, U2) + (mode − low)·max(U1, U2)
        (Stein & Keblis 2009): two uniforms, no branch, no square root. The uniforms are drawn
        as (P × 2 × k), :data:`DRAW_ROWS` indicators at a time so the work stays in cache
        (the same numbers as one call).
        """
        p = self.p
        out = np.empty((p + self.constants.size, k))
        below = (self.high - self.mode)[:, None]
        above = (self.mode - self.low)[:, None]
        low = self.low[:, None]
        for start in range(0, p, DRAW_ROWS):
            stop = min(p, start + DRAW_ROWS)
            u = rng.random((stop - start, 2, k))
            rows = out[start:stop]
            np.minimum(u[:, 0], u[:, 1], out=rows)
            hi = np.maximum(u[:, 0], u[:, 1], out=u[:, 1])
            rows *= below[start:stop]
            hi *= above[start:stop]
            rows += hi
            rows += low[start:stop]
        out[p:] = self.constants[:, None]
        return out

    def sample(self, rng: np.random.Generator, k: int, scores: np.ndarray, keep: int | None = None
               ) -> list[np.ndarray]:
        """The sampled decision matrix as M arrays (N × keep), one per criterion: ``k`` samples
        are drawn and the first ``keep`` (default all) scored, so a partial block's samples are
        the first ones of the full block."""
        v = self.draw(rng, k)
        if keep is not None and keep < k:
            v = v[:, :keep]
            k = keep
        cols = [np.empty((scores.shape[0], k)) for _ in range(scores.shape[1])]
        for j, x in enumerate(cols):
            x[...] = scores[:, j, None]
        for g in self.groups:
            values = {name: v[g.columns[t]] for t, name in enumerate(g.names)}
            s = np.broadcast_to(np.asarray(g.compute(values), dtype=float), (g.materials.size, k))
            cols[g.criterion][g.materials] = s
        cols_ok(cols)
        return cols


def cols_ok(x) -> None:
    """A criterion formula fed drawn values must stay finite (a range reaching a pole would not)."""
    for j, xj in enumerate(x):
        if not np.isfinite(xj).all():
            i = int(np.argwhere(~np.isfinite(xj))[0][0])
            raise InputError(f"material {i + 1}, criterion {j + 1}: a sampled value is not a finite number",
                             fix="check the indicators' ranges")
