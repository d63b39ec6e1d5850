"""Compare two rankings: the JSON documents of ``matrank rank --format json``.

Both files are read through :func:`matrank.inputfile.read_input`, parsed by
:func:`matrank.weightsfile.parse_json` and checked once, here, into the frozen types
below; :func:`compare` then works on those types only. Two rankings of the same case
are compared material by material; two rankings of different cases are compared on
the materials they share (an error when they share none).

What is compared, every difference written B − A:

* the criterion weights per lens, side by side;
* the settings that shape tiers and ranks (ranking method, normalisation, policy mix,
  split, thresholds);
* each shared material whose tier changed, with its ranks, its lens scores and its
  *drivers*: the per-criterion, per-lens changes of its weighted contribution (the
  ``contributions`` of the rank JSON, a criterion's pull towards the top through one
  lens), largest absolute change first, at most :data:`TOP_DRIVERS`, changes within
  :data:`NEGLIGIBLE` of zero left out (a tier moved only by a threshold has none);
* each shared material whose overall rank moved by at least ``threshold`` places
  (``move = rank_b − rank_a``: negative is a move up towards rank 1);
* the ids in one file only.

No printing: the report is :mod:`matrank.reports.compare_report`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Mapping

from matrank.errors import InputError, OptionError
from matrank.inputfile import read_input
from matrank.model import TIERS
from matrank.weightsfile import parse_json

KIND = "rank JSON"
FIX = "pass a file written by `matrank rank --format json -o FILE`"
EXPECTED = "the output of `matrank rank --format json`"
DEFAULT_THRESHOLD = 5
TOP_DRIVERS = 3
#: A contribution that changed by no more than this (the rank grid, 2^-40) did not change.
NEGLIGIBLE = 2.0 ** -40
TOP_KEYS = ("case", "ranking", "weights", "materials")
MATERIAL_KEYS = ("id", "names", "rank", "tier", "composite", "values", "contributions")
#: The settings compared, as (name, path in the rank JSON).
SETTINGS = (("ranking", ("ranking",)), ("normalization", ("normalization",)), ("policy_mix", ("policy_mix",)),
            ("split", ("split",)), ("threshold_government", ("thresholds", "government")),
            ("threshold_market", ("thresholds", "market")))


@dataclass(frozen=True)
class RankedMaterial:
    """One material of a ranking, as the rank JSON gives it."""

    id: str
    names: Mapping[str, str]
    rank: int
    tier: str
    scores: Mapping[str, float]                      # lens -> score
    composite: float
    values: Mapping[str, float]                      # criterion -> value
    contributions: Mapping[str, Mapping[str, float]]  # lens -> criterion -> contribution

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names.get("en") or self.names.get("zh") or self.id


@dataclass(frozen=True)
class RankFile:
    """A checked ``matrank rank --format json`` document."""

    path: str
    sha256: str
    case: str
    ranking: str
    settings: Mapping[str, Any]
    criteria: tuple[str, ...]
    weights: Mapping[str, Mapping[str, float]]       # lens -> criterion -> weight
    materials: tuple[RankedMaterial, ...]            # in rank order as written

    @property
    def lenses(self) -> tuple[str, ...]:
        return tuple(self.weights)

    @cached_property
    def by_id(self) -> dict[str, RankedMaterial]:
        return {m.id: m for m in self.materials}


@dataclass(frozen=True)
class Driver:
    criterion: str
    lens: str
    delta: float                                     # contribution in B − in A


@dataclass(frozen=True)
class TierChange:
    material: RankedMaterial                         # as in B
    a: str                                           # tier in A
    b: str                                           # tier in B
    rank_a: int
    rank_b: int
    scores: Mapping[str, tuple[float | None, float | None]]
    drivers: tuple[Driver, ...]


@dataclass(frozen=True)
class RankMove:
    material: RankedMaterial                         # as in B
    rank_a: int
    rank_b: int

    @property
    def move(self) -> int:
        return self.rank_b - self.rank_a


@dataclass(frozen=True)
class Comparison:
    a: RankFile
    b: RankFile
    threshold: int
    shared: tuple[str, ...]
    lenses: tuple[str, ...]
    criteria: tuple[str, ...]
    weights: Mapping[str, Mapping[str, tuple[float | None, float | None]]]
    settings: Mapping[str, tuple[Any, Any]]
    tier_changes: tuple[TierChange, ...]
    rank_moves: tuple[RankMove, ...]
    only_a: tuple[RankedMaterial, ...]
    only_b: tuple[RankedMaterial, ...]
    same: bool

    @property
    def same_case(self) -> bool:
        return self.a.case == self.b.case

    @property
    def changed_settings(self) -> dict[str, tuple[Any, Any]]:
        return {k: v for k, v in self.settings.items() if v[0] != v[1]}


# ---- reading ----------------------------------------------------------------------------

def read_rank_file(path: str) -> RankFile:
    """Read and check one rank JSON file; a one-line InputError naming the file and the place."""
    source = read_input(path, KIND)
    try:
        doc = parse_json(source.data, source.path)
    except InputError as exc:       # parse_json speaks of weights files; this door reads rank JSON
        problem = exc.problem.replace("not a weights file", f"not a {KIND}")
        raise replace(exc, problem=problem, fix=FIX) from None
    return rank_file(doc, source.path, source.sha256)


def rank_file(doc: Any, file: str, sha256: str = "") -> RankFile:
    """The checked :class:`RankFile` for a parsed rank JSON document."""
    if not isinstance(doc, dict):
        raise _bad(file, "top level", f"not a {KIND}: the top level is not an object", found=_kind(doc))
    for key in TOP_KEYS:
        if key not in doc:
            raise _bad(file, "top level", f"not a {KIND}: the key {key!r} is missing", found=_what_it_is(doc))
    case = _text(doc["case"], file, "case")
    ranking = _text(doc["ranking"], file, "ranking")
    weights = _lens_table(doc["weights"], file, "weights")
    criteria = tuple(next(iter(weights.values())))
    entries = doc["materials"]
    if not isinstance(entries, list) or not entries:
        raise _bad(file, "materials", "expected a non-empty list of materials", found=_kind(entries))
    materials = tuple(_material(e, file, f"materials[{k}]", tuple(weights), criteria) for k, e in enumerate(entries))
    _check_unique(materials, file)
    settings = {name: _setting(doc, keys, file) for name, keys in SETTINGS}
    return RankFile(file, sha256, case, ranking, settings, criteria, weights, materials)


def _material(entry: Any, file: str, where: str, lenses: tuple[str, ...],
              criteria: tuple[str, ...]) -> RankedMaterial:
    if not isinstance(entry, dict):
        raise _bad(file, where, "a material is not an object", found=_kind(entry))
    for key in MATERIAL_KEYS + lenses:
        if key not in entry:
            raise _bad(file, where, f"not a {KIND}: the key {key!r} is missing")
    names = entry["names"]
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        raise _bad(file, f"{where}.names", "expected names by language, e.g. {\"zh\": …, \"en\": …}",
                   found=_kind(names))
    rank = entry["rank"]
    if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
        raise _bad(file, f"{where}.rank", "expected a rank, a whole number from 1", found=_shown(rank))
    tier = entry["tier"]
    if tier not in TIERS:
        raise _bad(file, f"{where}.tier", "not a tier", found=_shown(tier), expected=" or ".join(TIERS))
    contributions = _lens_table(entry["contributions"], file, f"{where}.contributions")
    values = _numbers(entry["values"], file, f"{where}.values")
    first = next(iter(contributions))
    _same_keys(contributions, lenses, "lenses", file, f"{where}.contributions")
    _same_keys(contributions[first], criteria, "criteria", file, f"{where}.contributions.{first}")
    _same_keys(values, criteria, "criteria", file, f"{where}.values")
    return RankedMaterial(
        id=_text(entry["id"], file, f"{where}.id"), names=dict(names), rank=rank, tier=tier,
        scores={lens: _number(entry[lens], file, f"{where}.{lens}") for lens in lenses},
        composite=_number(entry["composite"], file, f"{where}.composite"), values=values,
        contributions=contributions)


def _same_keys(found: Mapping[str, Any], expected: tuple[str, ...], what: str, file: str, where: str) -> None:
    if set(found) != set(expected):
        raise _bad(file, where, f"the {what} differ from those of the weights", found=", ".join(found),
                   expected=", ".join(expected))


def _check_unique(materials: tuple[RankedMaterial, ...], file: str) -> None:
    first: dict[str, int] = {}
    for k, m in enumerate(materials):
        if m.id in first:
            raise _bad(file, f"materials[{k}].id", "a material id is given twice",
                       found=f"{m.id!r} again (first at materials[{first[m.id]}])", expected="each id once")
        first[m.id] = k


def _lens_table(obj: Any, file: str, where: str) -> dict[str, dict[str, float]]:
    """``{lens: {criterion: number}}``, every lens over the same criteria."""
    if not isinstance(obj, dict) or not obj:
        raise _bad(file, where, "expected numbers by lens and criterion", found=_kind(obj))
    table = {_text(lens, file, where): _numbers(v, file, f"{where}.{lens}") for lens, v in obj.items()}
    lenses = list(table)
    for lens in lenses[1:]:
        if set(table[lens]) != set(table[lenses[0]]):
            raise _bad(file, f"{where}.{lens}", f"the criteria differ from those of {lenses[0]}",
                       found=", ".join(table[lens]), expected=", ".join(table[lenses[0]]))
    return table


def _numbers(obj: Any, file: str, where: str) -> dict[str, float]:
    if not isinstance(obj, dict) or not obj:
        raise _bad(file, where, "expected numbers by criterion", found=_kind(obj))
    return {key: _number(value, file, f"{where}.{key}") for key, value in obj.items()}


def _number(value: Any, file: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _bad(file, where, "expected a number", found=_shown(value))
    return float(value)


def _text(value: Any, file: str, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise _bad(file, where, "expected a non-empty string", found=_shown(value))
    return value


def _setting(doc: dict, keys: tuple[str, ...], file: str) -> Any:
    value: Any = doc
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float))):
        raise _bad(file, ".".join(keys), "expected a number or a word", found=_kind(value))
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, (str, int, float)) and len(repr(value)) <= 40 else _kind(value)


def _what_it_is(doc: dict) -> str:
    """What a JSON object that is not a rank JSON looks like it is."""
    fmt = doc.get("format")
    if isinstance(fmt, str) and fmt.startswith("matrank-weights"):
        return f"a weights file (format {fmt})"
    if "samples" in doc and "stable" in doc:
        return "a sensitivity JSON (`matrank sensitivity --format json`)"
    keys = ", ".join(list(doc)[:6]) + (", …" if len(doc) > 6 else "")
    return f"keys {keys}" if doc else "an empty object"


def _bad(file: str, where: str, problem: str, *, found: str | None = None,
         expected: str | None = EXPECTED) -> InputError:
    return InputError(problem, file=file, where=where, found=found, expected=expected, fix=FIX)


# ---- comparing --------------------------------------------------------------------------

def compare_files(path_a: str, path_b: str, threshold: int = DEFAULT_THRESHOLD) -> Comparison:
    """Read both files, then :func:`compare` them."""
    return compare(read_rank_file(path_a), read_rank_file(path_b), threshold)


def compare(a: RankFile, b: RankFile, threshold: int = DEFAULT_THRESHOLD) -> Comparison:
    """What differs from ranking A to ranking B (see the module's docstring)."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise OptionError("must be a whole number of places, 1 or more", option="threshold",
                          found=repr(threshold), example="5")
    shared = tuple(m.id for m in a.materials if m.id in b.by_id)
    if not shared:
        raise InputError("the two rank files share no material", file=f"{a.path} and {b.path}", where="materials",
                         found=f"case {a.case!r} ({len(a.materials)} materials) and case {b.case!r} "
                               f"({len(b.materials)} materials), no id in common",
                         expected="two rankings of one case, or of cases with materials in common",
                         fix="compare two rank JSON files of the same case")
    lenses = _union(a.lenses, b.lenses)
    criteria = _union(a.criteria, b.criteria)
    pairs = [(a.by_id[i], b.by_id[i]) for i in shared]
    changes = tuple(sorted((_tier_change(ma, mb, lenses, criteria) for ma, mb in pairs if ma.tier != mb.tier),
                           key=lambda c: (c.rank_b, c.rank_a)))
    moves = tuple(sorted((RankMove(mb, ma.rank, mb.rank) for ma, mb in pairs if abs(mb.rank - ma.rank) >= threshold),
                         key=lambda m: (-abs(m.move), m.rank_b)))
    weights = {lens: {c: (a.weights.get(lens, {}).get(c), b.weights.get(lens, {}).get(c)) for c in criteria}
               for lens in lenses}
    settings = {name: (a.settings[name], b.settings[name]) for name, _ in SETTINGS}
    only_a = tuple(m for m in a.materials if m.id not in b.by_id)
    only_b = tuple(m for m in b.materials if m.id not in a.by_id)
    same = (a.case == b.case and a.criteria == b.criteria and not only_a and not only_b
            and a.weights == b.weights and a.settings == b.settings and all(ma == mb for ma, mb in pairs))
    return Comparison(a, b, threshold, shared, lenses, criteria, weights, settings, changes, moves,
                      only_a, only_b, same)


def _tier_change(ma: RankedMaterial, mb: RankedMaterial, lenses: tuple[str, ...],
                 criteria: tuple[str, ...]) -> TierChange:
    scores = {lens: (ma.scores.get(lens), mb.scores.get(lens)) for lens in lenses}
    return TierChange(mb, ma.tier, mb.tier, ma.rank, mb.rank, scores, drivers(ma, mb, lenses, criteria))


def drivers(ma: RankedMaterial, mb: RankedMaterial, lenses: tuple[str, ...], criteria: tuple[str, ...],
            top: int = TOP_DRIVERS) -> tuple[Driver, ...]:
    """The per-criterion, per-lens changes of contribution B − A, largest absolute first (ties
    in lens then criterion order); a criterion absent from one ranking contributes 0 there."""
    deltas = [Driver(c, lens, mb.contributions.get(lens, {}).get(c, 0.0) - ma.contributions.get(lens, {}).get(c, 0.0))
              for lens in lenses for c in criteria]
    moved = [d for d in deltas if abs(d.delta) > NEGLIGIBLE]
    return tuple(sorted(moved, key=lambda d: -abs(d.delta))[:top])


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(first) + tuple(x for x in second if x not in first)


__all__ = ["RankFile", "RankedMaterial", "Driver", "TierChange", "RankMove", "Comparison", "read_rank_file",
           "rank_file", "compare", "compare_files", "drivers", "DEFAULT_THRESHOLD", "TOP_DRIVERS", "NEGLIGIBLE"]
