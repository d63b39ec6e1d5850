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

import hashlib
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Mapping

from matrank.model import LENSES
from matrank.errors import InputError
from matrank.model import WEIGHTS_FORMAT, Case, LensWeights, Material, Value

MAX_WEIGHTS_BYTES = 20 * 1024 * 1024


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


def read_weights(path: str | Path, case: Case) -> WeightsFile:
    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise InputError("no such weights file", file=file, fix="check the path")
    if path.stat().st_size > MAX_WEIGHTS_BYTES:
        raise InputError("the weights file is too large", file=file,
                         found=f"{path.stat().st_size / 1e6:.1f} MB", expected="at most 20 MB")
    data = path.read_bytes()
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else None
        raise InputError(f"not a JSON weights file: {exc.msg if hasattr(exc, 'msg') else exc}",
                         file=file, where=where,
                         fix="pass a file written by `matrank panel collect --weights-out`") from None
    if not isinstance(raw, dict) or raw.get("format") != WEIGHTS_FORMAT:
        found = raw.get("format") if isinstance(raw, dict) else type(raw).__name__
        raise InputError("not a matrank weights file", file=file, where="format",
                         found=repr(found), expected=repr(WEIGHTS_FORMAT))
    if raw.get("case") != case.id:
        raise InputError("the weights file was made for another case", file=file, where="case",
                         found=repr(raw.get("case")), expected=repr(case.id),
                         fix="collect the panel with this case, or rank the case it was made for")
    if raw.get("criteria_hash") != case.criteria_hash:
        raise InputError("the weights file was made for other criteria or directions", file=file,
                         where="criteria_hash", found=repr(raw.get("criteria_hash")),
                         expected=repr(case.criteria_hash),
                         fix="regenerate the panel templates for this case and collect again")
    ids = case.criteria.ids
    weights = raw.get("weights")
    if not isinstance(weights, dict):
        raise InputError("no weights", file=file, where="weights",
                         expected='{"government": {criterion: w}, "market": {…}}')
    basis = raw.get("basis") or {}
    consistency = raw.get("consistency") or {}
    experts = raw.get("experts") or {}
    lenses: dict[str, LensWeights] = {}
    for lens in LENSES:
        if lens not in weights:
            continue
        w = _weight_map(weights[lens], ids, file, f"weights.{lens}")
        cons = consistency.get(lens) or {}
        expert_vectors = tuple(_weight_map(e.get("weights"), ids, file, f"experts.{lens}[{k}].weights")
                               for k, e in enumerate(experts.get(lens) or []))
        lenses[lens] = LensWeights(
            lens, str(basis.get(lens) or f"weights file {path.name}"), weights=w, origin=file,
            cr=cons.get("cr"), consistent=cons.get("consistent"), expert_weights=expert_vectors)
    if not lenses:
        raise InputError("the weights file has weights for neither lens", file=file, where="weights",
                         expected="government and/or market")
    ratings = raw.get("ratings") or {}
    _check_ratings(ratings, case, file)
    return WeightsFile(file, case.id, raw["criteria_hash"], lenses, ratings,
                       raw.get("provenance") or {}, "sha256:" + hashlib.sha256(data).hexdigest())


def _weight_map(w: Any, ids: tuple[str, ...], file: str, where: str) -> dict[str, float]:
    if not isinstance(w, dict) or set(w) != set(ids):
        found = ", ".join(sorted(w)) if isinstance(w, dict) else repr(w)
        raise InputError("weights must name every criterion once", file=file, where=where,
                         found=found, expected=", ".join(ids))
    for c, v in w.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or v <= 0:
            raise InputError(f"the weight of {c} is not a positive number", file=file,
                             where=f"{where}.{c}", found=repr(v))
    total = sum(w.values())
    return {c: w[c] / total for c in ids}


def _check_ratings(ratings: Any, case: Case, file: str) -> None:
    if not isinstance(ratings, dict):
        raise InputError("ratings must map material ids to indicators", file=file, where="ratings")
    ids = {m.id for m in case.materials}
    for mid, by_indicator in ratings.items():
        if mid not in ids:
            raise InputError(f"rating for unknown material {mid!r}", file=file, where=f"ratings.{mid}")
        material = case.material(mid)
        for ind, r in by_indicator.items():
            where = f"ratings.{mid}.{ind}"
            if ind not in material.indicators:
                raise InputError(f"rating for an indicator the material does not have: {ind}",
                                 file=file, where=where)
            try:
                lo, v, hi = float(r["low"]), float(r["value"]), float(r["high"])
            except (KeyError, TypeError, ValueError):
                raise InputError("a rating needs numeric value, low and high", file=file,
                                 where=where) from None
            if not lo <= v <= hi:
                raise InputError("rating value outside its range", file=file, where=where,
                                 found=f"{lo:g} ≤ {v:g} ≤ {hi:g} fails")


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
    from matrank.reports.files import write_text_atomic
    write_text_atomic(path, json.dumps({"format": WEIGHTS_FORMAT, **payload}, ensure_ascii=False,
                                       indent=2, sort_keys=False) + "\n", force=force)
