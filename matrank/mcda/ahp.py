"""Analytic Hierarchy Process (Saaty 1980) for one pairwise comparison matrix.

Priorities are the principal right eigenvector (default) or the row geometric
mean; consistency is judged by Saaty's CR against a named Random Index table
and by the geometric consistency index (Aguarón & Moreno-Jiménez 2003).
Missing judgments are completed by Harker's method (1987). Pure functions: a
validated :class:`PairwiseMatrix` in, an :class:`AHPResult` out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from matrank.errors import InputError
from matrank.numbers import to_number

#: The 17 values of Saaty's 1-9 scale, largest first.
SAATY_SCALE: tuple[float, ...] = tuple(
    [float(v) for v in range(9, 1, -1)] + [1.0] + [1.0 / v for v in range(2, 10)]
)

#: Random Index by matrix order n (3..15); n = 1, 2 have RI 0 (CR is 0).
RI_TABLES: dict[str, dict[int, float]] = {
    "saaty1980": dict(zip(range(3, 16), (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45,
                                         1.49, 1.51, 1.48, 1.56, 1.57, 1.59))),
    "saaty2008": dict(zip(range(3, 16), (0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45,
                                         1.49, 1.52, 1.54, 1.56, 1.58, 1.59))),
}
#: Alonso & Lamata (2006): CR = (λmax − n) / (1.7699 n − 4.3513), any n ≥ 3.
ALONSO_LAMATA = "alonso-lamata"
RI_TABLE_NAMES: tuple[str, ...] = ("saaty1980", "saaty2008", ALONSO_LAMATA)
METHODS: tuple[str, ...] = ("eigen", "geometric")

#: Graduated CR thresholds (Saaty): n = 3 → 0.05, n = 4 → 0.08, n ≥ 5 → 0.10.
GRADUATED_THRESHOLDS = {3: 0.05, 4: 0.08}
#: GCI acceptance limits (Aguarón & Moreno-Jiménez 2003).
GCI_LIMITS = {3: 0.31, 4: 0.35}
GCI_LIMIT_LARGE = 0.37

#: With --any-scale, ratios beyond this (either way) are refused: the priorities of such a
#: matrix span more orders of magnitude than a double can hold apart.
ANY_SCALE_LIMIT = 1e9
#: Relative tolerance for "the two triangles are reciprocal".
RECIPROCITY_RTOL = 1e-6


@dataclass(frozen=True)
class PairwiseMatrix:
    """A validated reciprocal comparison matrix; NaN marks a missing judgment.

    ``values[i, j]`` says how many times more important ``labels[i]`` is than
    ``labels[j]``. Build it with :func:`pairwise_matrix` or
    :func:`from_judgments`, which check it once.
    """

    labels: tuple[str, ...]
    values: np.ndarray

    @property
    def n(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class InconsistentPair:
    """One judgment ranked by how far it departs from the priorities (Saaty 2003)."""

    a: str
    b: str
    value: float          # the judgment as given: how many times a over b
    implied: float        # w_a / w_b from the priorities
    epsilon: float        # a_ab · w_b / w_a; 1 is perfectly consistent
    suggested: float      # the Saaty-scale value nearest to w_a / w_b


@dataclass(frozen=True)
class CompletedEntry:
    """A missing judgment filled in by Harker's method."""

    a: str
    b: str
    value: float


@dataclass(frozen=True)
class AHPResult:
    labels: tuple[str, ...]
    weights: np.ndarray
    method: str
    lambda_max: float
    ci: float
    ri: float
    cr: float
    ri_table: str
    threshold: float
    consistent: bool
    gci: float
    gci_limit: float | None
    completed: tuple[CompletedEntry, ...]
    inconsistent_pairs: tuple[InconsistentPair, ...]
    matrix: np.ndarray    # the complete matrix the figures come from

    def weight_map(self) -> dict[str, float]:
        return {label: float(w) for label, w in zip(self.labels, self.weights)}


# ---------------------------------------------------------------- building

def parse_judgment(value: object, *, decimal_comma: bool = False) -> float:
    """A judgment as a float: a number, or text such as ``"3"``, ``"1/3"``, ``"0.5"``
    (:func:`matrank.numbers.to_number`). Raises :class:`~matrank.numbers.NumberError`
    (a ``ValueError``) with nothing located; readers add the place."""
    return to_number(value, decimal_comma=decimal_comma)


def on_saaty_scale(value: float, rtol: float = 1e-3) -> bool:
    """True when ``value`` is one of the 17 scale values (or 1/x of a scale value)."""
    return any(math.isclose(value, s, rel_tol=rtol) for s in SAATY_SCALE)


def nearest_saaty(value: float) -> float:
    """The scale value nearest to ``value`` on a log scale, capped at 9 and 1/9."""
    logs = np.log(np.array(SAATY_SCALE))
    return SAATY_SCALE[int(np.argmin(np.abs(logs - math.log(value))))]


def format_judgment(value: float) -> str:
    """``3`` for 3.0, ``1/3`` for 0.333…, otherwise the number to 4 significant digits."""
    if value >= 1 and math.isclose(value, round(value), rel_tol=1e-9):
        return str(int(round(value)))
    if value < 1 and math.isclose(1 / value, round(1 / value), rel_tol=1e-6):
        return f"1/{int(round(1 / value))}"
    return f"{value:.4g}"


def _check_value(value: float, a: str, b: str, any_scale: bool) -> None:
    if not math.isfinite(value) or value <= 0:
        raise InputError(
            f"judgment {a} vs {b} is not a positive finite number",
            where=f"row {a}, column {b}", found=f"{float(value):g}",
            expected="a positive number on Saaty's scale 1/9..9",
            fix="enter how many times more important the row is than the column, e.g. 3 or 1/3")
    if any_scale and not 1.0 / ANY_SCALE_LIMIT <= value <= ANY_SCALE_LIMIT:
        raise InputError(
            f"judgment {a} vs {b} is beyond any ratio a person can judge",
            where=f"row {a}, column {b}", found=f"{value:.3g}",
            expected=f"a ratio between 1/{ANY_SCALE_LIMIT:.0e} and {ANY_SCALE_LIMIT:.0e} (with --any-scale)",
            fix="check the cell: a typing slip such as 1e-300 for 1/3?")
    if not any_scale and not on_saaty_scale(value):
        raise InputError(
            f"judgment {a} vs {b} is off Saaty's 1/9..9 scale",
            where=f"row {a}, column {b}", found=f"{value:.6g}",
            expected="one of 9, 8, …, 2, 1, 1/2, …, 1/9",
            fix=f"use {format_judgment(nearest_saaty(value))}, the nearest scale value, "
                "or pass --any-scale to accept any positive ratio")


def pairwise_matrix(labels: Sequence[str], values: np.ndarray, *,
                    any_scale: bool = False) -> PairwiseMatrix:
    """Validate a square matrix: NaN = missing; a lower cell may be NaN when the
    upper one is given (the reciprocal is implied), and vice versa.

    Raises :class:`InputError` naming the row and column labels.
    """
    labels = tuple(str(x) for x in labels)
    a = np.array(values, dtype=float)
    n = len(labels)
    if a.shape != (n, n):
        raise InputError("the matrix is not square", found=f"shape {a.shape}",
                         expected=f"{n} × {n} for {n} labels")
    if n < 2:
        raise InputError("there is nothing to compare", found=f"{n} element{'s' if n != 1 else ''}",
                         expected="at least 2 elements", fix="list every element to be weighted")
    if len(set(labels)) != n:
        dup = sorted({x for x in labels if labels.count(x) > 1})
        raise InputError("labels repeat", found=", ".join(dup),
                         expected="each element once", fix="rename or remove the duplicates")
    out = np.full((n, n), np.nan)
    np.fill_diagonal(out, 1.0)
    for i in range(n):
        d = a[i, i]
        if not np.isnan(d) and not math.isclose(d, 1.0, rel_tol=RECIPROCITY_RTOL):
            raise InputError("a diagonal cell is not 1", where=f"row {labels[i]}, column {labels[i]}",
                             found=repr(float(d)), expected="1 (an element equals itself)",
                             fix="set the diagonal to 1 or leave it blank")
        for j in range(i + 1, n):
            up, low = a[i, j], a[j, i]
            if np.isinf(up) or np.isinf(low):
                bad = (i, j) if np.isinf(up) else (j, i)
                raise InputError("a judgment is infinite",
                                 where=f"row {labels[bad[0]]}, column {labels[bad[1]]}",
                                 found="inf", expected="a positive number on Saaty's scale 1/9..9",
                                 fix="enter how many times more important the row is, e.g. 3 or 1/3")
            if not np.isnan(up):
                _check_value(up, labels[i], labels[j], any_scale)
            if not np.isnan(low):
                # With both triangles given, reciprocity is the real question: a lower cell off
                # the scale is almost always a mistyped reciprocal, and "use 1/3" would mislead.
                _check_value(low, labels[j], labels[i], any_scale or not np.isnan(up))
            if not np.isnan(up) and not np.isnan(low):
                if not math.isclose(up * low, 1.0, rel_tol=RECIPROCITY_RTOL):
                    raise InputError(
                        "the two triangles are not reciprocal",
                        where=f"row {labels[j]}, column {labels[i]}",
                        found=format_judgment(low),
                        expected=f"{format_judgment(1 / up)}, because row {labels[i]}, "
                                 f"column {labels[j]} is {format_judgment(up)}",
                        fix="leave the lower triangle blank (reciprocals are implied)")
                out[i, j], out[j, i] = up, 1 / up
            elif not np.isnan(up):
                out[i, j], out[j, i] = up, 1 / up
            elif not np.isnan(low):
                out[i, j], out[j, i] = 1 / low, low
    return PairwiseMatrix(labels, out)


def from_judgments(labels: Sequence[str], judgments: Mapping[tuple[str, str], float], *,
                   any_scale: bool = False) -> PairwiseMatrix:
    """Build a matrix from ``{(a, b): value}`` (value = how many times a over b)."""
    labels = tuple(labels)
    index = {label: k for k, label in enumerate(labels)}
    a = np.full((len(labels), len(labels)), np.nan)
    for (x, y), v in judgments.items():
        for name in (x, y):
            if name not in index:
                raise InputError(f"unknown element {name!r} in a judgment",
                                 expected="one of " + ", ".join(labels))
        if x == y:
            raise InputError(f"a judgment compares {x!r} with itself",
                             expected="two different elements")
        i, j = index[x], index[y]
        if not np.isnan(a[i, j]) or not np.isnan(a[j, i]):
            raise InputError(f"{x} vs {y} is judged twice", expected="one judgment per pair",
                             fix="keep one of them")
        a[i, j] = v
    return pairwise_matrix(labels, a, any_scale=any_scale)


# ------------------------------------------------------------------ methods

def principal_eigen(matrix: np.ndarray) -> tuple[float, np.ndarray]:
    """λmax and the principal right eigenvector, normalised to sum 1 (exact, via LAPACK)."""
    vals, vecs = np.linalg.eig(matrix)
    k = int(np.argmax(vals.real))
    vec = np.abs(vecs[:, k].real)
    return float(vals[k].real), vec / vec.sum()


def geometric_priorities(matrix: np.ndarray) -> np.ndarray:
    g = np.exp(np.log(matrix).mean(axis=1))
    return g / g.sum()


def random_index(n: int, table: str = "saaty1980") -> float:
    """RI(n) of the named table; for ``alonso-lamata`` the implied RI."""
    if table not in RI_TABLE_NAMES:
        raise InputError(f"unknown RI table {table!r}", expected=", ".join(RI_TABLE_NAMES))
    if n <= 2:
        return 0.0
    if table == ALONSO_LAMATA:
        return (1.7699 * n - 4.3513) / (n - 1)
    ri = RI_TABLES[table]
    if n not in ri:
        raise InputError(f"RI table {table} covers n = 3..15 only", found=f"n = {n}",
                         fix="use --ri alonso-lamata, which covers any n")
    return ri[n]


def cr_threshold(n: int, threshold: float = 0.10, graduated: bool = False) -> float:
    if graduated:
        return GRADUATED_THRESHOLDS.get(n, 0.10)
    return threshold


def gci(matrix: np.ndarray) -> float:
    """Geometric consistency index with row-geometric-mean weights; 0 for n ≤ 2."""
    n = matrix.shape[0]
    if n <= 2:
        return 0.0
    w = geometric_priorities(matrix)
    iu = np.triu_indices(n, 1)
    e = np.log(matrix[iu] * w[iu[1]] / w[iu[0]])
    return float(2.0 / ((n - 1) * (n - 2)) * np.sum(e ** 2))


def gci_limit(n: int) -> float | None:
    if n <= 2:
        return None
    return GCI_LIMITS.get(n, GCI_LIMIT_LARGE)


def harker_complete(pm: PairwiseMatrix) -> tuple[np.ndarray, tuple[CompletedEntry, ...]]:
    """Fill missing judgments with w_i / w_j from Harker's (1987) eigenvector.

    Raises :class:`InputError` naming the groups of elements that no chain of
    judgments connects.
    """
    a = pm.values
    missing = np.isnan(a)
    if not missing.any():
        return a.copy(), ()
    groups = _connected_groups(~missing)
    if len(groups) > 1:
        described = " | ".join("{" + ", ".join(pm.labels[k] for k in g) + "}" for g in groups)
        raise InputError(
            "the given judgments leave the elements disconnected",
            found=f"{len(groups)} separate groups: {described}",
            expected="judgments that link every element to every other, directly or through a chain",
            fix=f"compare one element of each group with another group, e.g. "
                f"{pm.labels[groups[0][0]]} vs {pm.labels[groups[1][0]]}")
    b = np.where(missing, 0.0, a)
    np.fill_diagonal(b, 1.0 + missing.sum(axis=1))
    _, w = principal_eigen(b)
    full = np.where(missing, np.outer(w, 1.0 / w), a)
    filled = tuple(CompletedEntry(pm.labels[i], pm.labels[j], float(full[i, j]))
                   for i, j in zip(*np.where(np.triu(missing, 1))))
    return full, filled


def _connected_groups(known: np.ndarray) -> list[list[int]]:
    n = known.shape[0]
    seen = [False] * n
    groups = []
    for start in range(n):
        if seen[start]:
            continue
        stack, group = [start], []
        seen[start] = True
        while stack:
            k = stack.pop()
            group.append(k)
            for m in np.flatnonzero(known[k]):
                if not seen[m]:
                    seen[m] = True
                    stack.append(int(m))
        groups.append(sorted(group))
    return groups


def inconsistent_pairs(labels: Sequence[str], matrix: np.ndarray, weights: np.ndarray,
                       judged: np.ndarray | None = None, top: int = 3) -> tuple[InconsistentPair, ...]:
    """The ``top`` judged pairs that depart most from the priorities (Saaty 2003).

    ``judged`` masks the pairs an expert gave (completed entries are not theirs
    to revise). Perfectly consistent pairs are not listed.
    """
    n = len(labels)
    rows = []
    for i in range(n):
        for j in range(i + 1, n):
            if judged is not None and not judged[i, j]:
                continue
            eps = matrix[i, j] * weights[j] / weights[i]
            spread = max(eps, 1.0 / eps)
            if spread <= 1.0 + 1e-9:
                continue
            implied = weights[i] / weights[j]
            rows.append((spread, i, j, InconsistentPair(
                labels[i], labels[j], float(matrix[i, j]), float(implied), float(eps),
                nearest_saaty(implied))))
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    return tuple(r[3] for r in rows[:top])


def analyse(pm: PairwiseMatrix, *, method: str = "eigen", ri_table: str = "saaty1980",
            threshold: float = 0.10, graduated: bool = False) -> AHPResult:
    """Priorities and consistency of one (possibly incomplete) comparison matrix."""
    if method not in METHODS:
        raise InputError(f"unknown AHP method {method!r}", expected=" or ".join(METHODS))
    n = pm.n
    ri = random_index(n, ri_table)
    full, filled = harker_complete(pm)
    lam, eig_w = principal_eigen(full)
    weights = eig_w if method == "eigen" else geometric_priorities(full)
    lam = max(lam, float(n))  # a reciprocal matrix has λmax ≥ n; clip round-off below it
    ci = (lam - n) / (n - 1) if n > 1 else 0.0
    cr = ci / ri if n > 2 else 0.0
    limit = cr_threshold(n, threshold, graduated)
    return AHPResult(
        labels=pm.labels, weights=weights, method=method, lambda_max=lam, ci=ci, ri=ri,
        cr=cr, ri_table=ri_table, threshold=limit, consistent=bool(cr <= limit),
        gci=gci(full), gci_limit=gci_limit(n), completed=filled,
        inconsistent_pairs=inconsistent_pairs(pm.labels, full, weights, ~np.isnan(pm.values)),
        matrix=full)


def global_weights(local: Mapping[str, Mapping[str, float]], root: str) -> dict[str, float]:
    """Global weights of the leaves of a hierarchy: local weight × parent's global weight.

    ``local`` maps each parent node to its children's local weights (each set
    summing to 1); leaves are the nodes that are not parents.
    """
    out: dict[str, float] = {}

    def walk(node: str, weight: float, path: tuple[str, ...]) -> None:
        if node in path:
            raise InputError("the hierarchy has a cycle", found=" → ".join(path + (node,)))
        children = local.get(node)
        if not children:
            out[node] = out.get(node, 0.0) + weight
            return
        total = sum(children.values())
        if not math.isclose(total, 1.0, rel_tol=1e-6):
            raise InputError(f"local weights under {node!r} do not sum to 1",
                             found=f"{total:.6g}", fix="normalise them")
        for child, w in children.items():
            walk(child, weight * w, path + (node,))

    walk(root, 1.0, ())
    return out
