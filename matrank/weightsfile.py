"""Versioned weights files (JSON, format ``matrank-weights/1``).

Written by ``matrank panel collect --weights-out`` (or by hand), read by
``matrank rank --weights`` and ``matrank sensitivity``. A weights file names
the case and the criteria fingerprint it was made for and is refused for any
other. Layout::

    {"format": "matrank-weights/1",
     "case": "key-strategic-materials",
     "criteria_hash": "…", "criteria": ["import_dependence", …],
     "weights": {"government": {criterion: w}, "market": {…}},
     "consistency": {"government": {"cr": 0.04, "consistent": true}, …},   # optional
     "basis": {"government": "…", "market": "…"},                         # optional
     "experts": {"government": [{"id": "expert-01.xlsx", "weights": {…}}], …},  # optional
     "ratings": {material: {indicator: {"value", "low", "high", "experts"}}},  # optional
     "provenance": {…}}
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from matrank.casefiles.schema import key_path, schema_errors
from matrank.errors import InputError
from matrank.inputfile import read_input
from matrank.model import LENSES, WEIGHTS_FORMAT, Case, LensWeights, Material, Value
from matrank.reports.files import write_text_atomic

#: JSON nested deeper than this is not a weights file (one is four levels deep).
MAX_JSON_DEPTH = 64
#: A panel's value may sit this far (relative) outside the range its ratings span, from
#: rounding; it is clamped, not refused.
RATING_TOLERANCE = 1e-9
FIX = "pass a file written by `matrank panel collect --weights-out`"


@dataclass(frozen=True)
class WeightsFile:
    path: str
    case: str
    criteria_hash: str
    lenses: Mapping[str, LensWeights]
    ratings: Mapping[str, Mapping[str, Mapping[str, float]]]
    provenance: Mapping[str, Any]
    input_hash: str

    @property
    def from_panel(self) -> bool:
        return any(lw.expert_weights for lw in self.lenses.values())


def parse_json(data: bytes, file: str) -> Any:
    """JSON as Python, refusing what json.loads would accept in silence: NaN and Infinity
    (not JSON numbers), a key given twice (the last would win), nesting beyond
    :data:`MAX_JSON_DEPTH`. Errors name the line and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("the file is not UTF-8 text", file=file, found=f"byte {exc.start}",
                         fix="save it as UTF-8") from None

    def no_constant(word: str):
        raise ValueError(f"{word} is not a number in JSON")

    def no_twice(pairs):
        keys = [k for k, _ in pairs]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"the key {twice[0]!r} is given twice in one object")
        return dict(pairs)
    try:
        raw = json.loads(text, parse_constant=no_constant, object_pairs_hook=no_twice)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", file=file, where=f"line {exc.lineno}, column {exc.colno}",
                         fix=FIX) from None
    except ValueError as exc:
        raise InputError(f"not a weights file: {exc}", file=file, fix="write numbers as numbers and each key once"
                         ) from None
    except RecursionError:
        raise InputError("the JSON is nested too deeply", file=file, expected=f"at most {MAX_JSON_DEPTH} levels",
                         fix=FIX) from None
    if _depth(raw) > MAX_JSON_DEPTH:
        raise InputError("the JSON is nested too deeply", file=file, expected=f"at most {MAX_JSON_DEPTH} levels",
                         fix=FIX)
    return raw


def _depth(node: Any) -> int:
    deepest, stack = 0, [(node, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, level + 1) for child in children)
    return deepest


def read_weights(path: str | Path, case: Case) -> WeightsFile:
    """A weights file, checked against its schema and against ``case``; one-line errors with the key path."""

    source = read_input(path, "weights file")
    file = source.path
    raw = parse_json(source.data, file)
    errors = schema_errors(raw, file, lambda p: key_path(p, raw), "weights")
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        raise replace(first, problem=first.problem + more, fix=first.fix or FIX)
    if raw["case"] != case.id:
        raise InputError("the weights file was made for another case", file=file, where="case",
                         found=repr(raw["case"]), expected=repr(case.id),
                         fix="collect the panel with this case, or rank the case it was made for")
    if raw["criteria_hash"] != case.criteria_hash:
        raise InputError("the weights file was made for other criteria or directions", file=file,
                         where="criteria_hash", found=repr(raw["criteria_hash"]), expected=repr(case.criteria_hash),
                         fix="regenerate the panel templates for this case and collect again")
    lenses = _lenses(raw, case.criteria.ids, file, Path(file).name)
    ratings = raw.get("ratings") or {}
    _check_ratings(ratings, case, file)
    return WeightsFile(file, case.id, raw["criteria_hash"], lenses, ratings, raw.get("provenance") or {},
                       source.sha256)


def _lenses(raw: dict, ids: tuple[str, ...], file: str, name: str) -> dict[str, LensWeights]:
    weights = raw["weights"]
    for key in ("consistency", "basis", "experts"):
        for lens in raw.get(key) or {}:
            if lens not in weights:
                raise InputError(f"{key} names the {lens} lens, which has no weights", file=file,
                                 where=f"{key}.{lens}", expected="weights for every lens it describes",
                                 fix=f"add weights.{lens}, or remove {key}.{lens}")
    lenses: dict[str, LensWeights] = {}
    for lens in LENSES:
        if lens not in weights:
            continue
        cons = (raw.get("consistency") or {}).get(lens) or {}
        experts = tuple(_weight_map(e["weights"], ids, file, f"experts.{lens}[{k}].weights")
                        for k, e in enumerate((raw.get("experts") or {}).get(lens) or []))
        lenses[lens] = LensWeights(
            lens, str((raw.get("basis") or {}).get(lens) or f"weights file {name}"),
            weights=_weight_map(weights[lens], ids, file, f"weights.{lens}"), origin=file,
            cr=cons.get("cr"), consistent=cons.get("consistent"), expert_weights=experts)
    return lenses


def _weight_map(w: dict, ids: tuple[str, ...], file: str, where: str) -> dict[str, float]:
    if set(w) != set(ids):
        missing, unknown = [c for c in ids if c not in w], sorted(set(w) - set(ids))
        raise InputError("weights must name every criterion once", file=file, where=where,
                         found="; ".join(part for part in (("missing " + ", ".join(missing)) if missing else "",
                                                           ("unknown " + ", ".join(unknown)) if unknown else "")
                                         if part),
                         expected=", ".join(ids))
    total = math.fsum(w.values())
    return {c: w[c] / total for c in ids}


def _check_ratings(ratings: dict, case: Case, file: str) -> None:
    ids = {m.id for m in case.materials}
    for mid, by_indicator in ratings.items():
        if mid not in ids:
            raise InputError(f"rating for unknown material {mid!r}", file=file, where=f"ratings.{mid}",
                             fix="collect the panel with this case")
        material = case.material(mid)
        for ind, r in by_indicator.items():
            where = f"ratings.{mid}.{ind}"
            if ind not in material.indicators:
                raise InputError(f"rating for an indicator the material does not have: {ind}",
                                 file=file, where=where)
            lo, v, hi = float(r["low"]), float(r["value"]), float(r["high"])
            slack = RATING_TOLERANCE * max(1.0, abs(lo), abs(hi))
            if not lo - slack <= v <= hi + slack or lo > hi:
                raise InputError("rating value outside its range", file=file, where=where,
                                 found=f"{lo:g} ≤ {v:g} ≤ {hi:g} fails", expected="low ≤ value ≤ high")
            r["value"] = min(max(v, lo), hi)


def apply_weights(case: Case, wf: WeightsFile) -> Case:
    """The case with the file's lens weights and the panel's ratings in place of estimates."""
    weights = {**case.weights, **wf.lenses}
    materials = case.materials
    if wf.ratings:
        materials = tuple(_rated(m, wf.ratings.get(m.id, {}), wf.path) for m in case.materials)
    return replace(case, weights=weights, materials=materials)


def _rated(material: Material, ratings: Mapping[str, Mapping[str, float]], file: str) -> Material:
    if not ratings:
        return material
    values = dict(material.indicators)
    for ind, r in ratings.items():
        old = values[ind]
        values[ind] = Value(float(r["value"]), old.unit, old.source, old.quote, True,
                            float(r["low"]), float(r["high"]),
                            f"panel ratings ({r.get('experts', '?')} experts, {Path(file).name}); "
                            f"replaced case estimate {old.value:g}")
    return replace(material, indicators=values)


def write_weights(path: str | Path, payload: Mapping[str, Any], *, force: bool = False) -> None:
    write_text_atomic(path, json.dumps({"format": WEIGHTS_FORMAT, **payload}, ensure_ascii=False,
                                       indent=2, sort_keys=False) + "\n", force=force)
