"""Turn a case's raw mapping (from YAML or XLSX) into a validated :class:`Case`.

Both readers hand over the same plain structure; this module applies the JSON Schema and
then every rule a schema cannot say (declared sources, ranges, units, one basis per
criterion, each pair judged once…). All problems are collected, the schema's and the
rules', so that ``matrank validate`` lists them in one run: the rules run on whatever
parsed, skipping only the parts the schema already reported. Each problem names the
material id and the key path (or the sheet and cell).

Values are converted to their indicator's canonical unit (:mod:`matrank.units`); the value
and unit as written are kept. Numbers written as text are read by the one number parser
(:mod:`matrank.numbers`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from matrank.casefiles.schema import Locator, key_path, located_schema_errors
from matrank.criteria import BUILTIN, KINDS, LENSES, Registry, custom_criterion
from matrank.errors import InputError, InputErrors
from matrank.mcda.ahp import analyse, from_judgments
from matrank.model import Case, Category, LensWeights, Material, Source, Thresholds, Value
from matrank.numbers import NumberError, to_number
from matrank.units import UnitError, conversion, expected

#: Plausibility: valid, but probably a slip (a unit, a percent written as a fraction…).
LONGEST_PLAUSIBLE_YEARS = 30.0
FASTEST_PLAUSIBLE_GROWTH = 2.0
#: The built-in indicators that carry money or mass (their units must agree within a criterion).
_MEASURES = {ind.id: ind.measures for c in BUILTIN for ind in c.indicators}
#: Explicit weights summing to this (within 1e-9) need no note that they were normalised.
UNIT_SUM_TOLERANCE = 1e-9


@dataclass
class _Reading:
    """What building a case collects: problems (a refusal), notes and warnings (not)."""

    file: str
    locate: Locator
    broken: set = field(default_factory=set)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def problem(self, path: tuple, text: str, **kw) -> None:
        self.problems.append(InputError(text, file=self.file, where=self.locate(path), **kw))

    def note(self, path: tuple, text: str) -> None:
        self.notes.append(f"{self.locate(path)}: {text}")

    def warn(self, path: tuple, text: str) -> None:
        self.warnings.append(f"{self.locate(path)}: {text}")

    def reported(self, path: tuple) -> bool:
        """The schema already reported this node or one above it."""
        return any(path[:k] in self.broken for k in range(len(path) + 1))


def build_case(raw: Any, *, file: str, input_hash: str, locate: Locator | None = None) -> Case:
    """Validate ``raw`` and build the Case; raise :class:`InputErrors` listing every problem."""
    if locate is None:
        def locate(path: tuple) -> str:
            return key_path(path, raw)
    if not isinstance(raw, dict):
        raise InputErrors(file, [InputError("the case is not a mapping of keys", file=file,
                                            found=type(raw).__name__,
                                            expected="keys format, id, title, weights, materials …")])
    rd = _Reading(file, locate)
    for path, error in located_schema_errors(raw, file, locate):
        rd.broken.add(path)
        rd.problems.append(error)
    sources = {s["id"]: Source(s["id"], s["citation"], s.get("document"))
               for s in _unique(_records(raw, "sources", rd), ("sources",), "source", rd).values()}
    categories = {c["id"]: Category(c["id"], dict(c["name"]))
                  for c in _unique(_records(raw, "categories", rd), ("categories",), "category", rd).values()}
    registry = _criteria(_records(raw, "criteria", rd), rd)
    weights = {lens: _lens_weights(raw, lens, registry, rd) for lens in LENSES}
    materials = _materials(raw.get("materials"), registry, categories, sources, rd)
    if rd.problems:
        raise InputErrors(file, rd.problems)
    return Case(id=raw["id"], title=dict(raw["title"]), date=str(raw.get("date", "")),
                description=raw.get("description", ""), sources=sources, categories=categories,
                criteria=registry, weights=weights, thresholds=_thresholds(raw), materials=tuple(materials),
                path=file, input_hash=input_hash, notes=tuple(rd.notes), warnings=tuple(rd.warnings))


def _thresholds(raw: dict) -> Thresholds | None:
    t = raw.get("thresholds")
    if not isinstance(t, dict):
        return None
    return Thresholds(t.get("government", 0.5), t.get("market", 0.5), t.get("split", "fixed"))


def _records(raw: dict, key: str, rd: _Reading) -> list[tuple[int, dict]]:
    """(index, record) of a list of records, leaving out what the schema reported."""
    items = raw.get(key)
    if not isinstance(items, list):
        return []
    return [(k, item) for k, item in enumerate(items) if isinstance(item, dict) and not rd.reported((key, k))]


def _unique(items: list[tuple[int, dict]], path: tuple, what: str, rd: _Reading) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for k, item in items:
        if item["id"] in out:
            rd.problem(path + (k, "id"), f"{what} id {item['id']!r} is declared twice", fix="keep one")
        else:
            out[item["id"]] = item
    return out


def _criteria(items: list[tuple[int, dict]], rd: _Reading) -> Registry:
    registry = Registry(BUILTIN)
    for k, item in items:
        cid = item["id"]
        directions = {lens: item[lens] for lens in LENSES if lens in item}
        if cid in registry:
            registry.override_directions(cid, directions)
            continue
        missing = [key for key in ("name", "unit", "government", "market") if key not in item]
        if missing:
            rd.problem(("criteria", k), f"new criterion {cid!r} lacks {', '.join(missing)}",
                       expected="name, unit, government and market directions (or a built-in id: "
                                + ", ".join(c.id for c in BUILTIN) + ")")
            continue
        registry.add(custom_criterion(cid, item["name"], item["unit"], directions, item.get("kind", "number")))
    return registry


def _lens_weights(raw: dict, lens: str, registry: Registry, rd: _Reading) -> LensWeights | None:
    path = ("weights", lens)
    spec = (raw.get("weights") or {}).get(lens) if isinstance(raw.get("weights"), dict) else None
    if not isinstance(spec, dict) or rd.reported(path):
        return None
    if isinstance(spec.get("judgments"), list):
        judgments = _judgments(spec["judgments"], path + ("judgments",), registry, rd)
        return None if judgments is None else LensWeights(lens, spec["basis"], judgments=judgments)
    return _explicit_weights(spec, path, registry, rd)


def _judgments(items: list, path: tuple, registry: Registry, rd: _Reading) -> dict | None:
    """The judgments, each pair once (either way round), linking every criterion."""
    judgments: dict[tuple[str, str], float] = {}
    first: dict[frozenset, int] = {}
    ok = True
    for k, j in enumerate(items):
        if rd.reported(path + (k,)):
            ok = False
            continue
        for key in ("a", "b"):
            if j[key] not in registry:
                rd.problem(path + (k, key), f"unknown criterion {j[key]!r}", expected="one of " + ", ".join(registry.ids))
                ok = False
        pair = frozenset((j["a"], j["b"]))
        if pair in first:
            rd.problem(path + (k,), f"{j['a']} vs {j['b']} is judged twice",
                       found=f"also at {rd.locate(path + (first[pair],))}",
                       expected="one judgment per pair", fix="keep the one the panel meant")
            ok = False
            continue
        first[pair] = k
        try:
            judgments[(j["a"], j["b"])] = to_number(j["value"])
        except NumberError as exc:
            rd.problem(path + (k, "value"), str(exc), expected="a number or a fraction like 1/3")
            ok = False
    if not ok:
        return None
    try:   # the judgments connect every criterion (their scale is checked when ranking: --any-scale)
        analyse(from_judgments(registry.ids, judgments, any_scale=True))
    except InputError as exc:
        rd.problem(path, exc.message)
        return None
    return judgments


def _explicit_weights(spec: dict, path: tuple, registry: Registry, rd: _Reading) -> LensWeights | None:
    weights = {}
    for c, w in spec["weights"].items():
        try:
            weights[c] = to_number(w)
        except NumberError as exc:
            rd.problem(path + ("weights", c), str(exc), expected="a positive number")
            return None
    unknown = [c for c in weights if c not in registry]
    missing = [c for c in registry.ids if c not in weights]
    if unknown or missing:
        rd.problem(path + ("weights",), "weights must name every criterion once",
                   found=("unknown " + ", ".join(unknown) + " " if unknown else "")
                   + ("missing " + ", ".join(missing) if missing else ""),
                   expected=", ".join(registry.ids))
        return None
    bad = {c: w for c, w in weights.items() if not (math.isfinite(w) and w > 0)}
    if bad:
        rd.problem(path + ("weights",), "weights must be positive", found=str(bad))
        return None
    total = math.fsum(weights.values())
    if abs(total - 1.0) > UNIT_SUM_TOLERANCE:
        rd.note(path + ("weights",), f"the weights sum to {total:g}; each was divided by {total:g} so they "
                                     "sum to 1")
    return LensWeights(path[-1], spec["basis"], weights={c: weights[c] / total for c in registry.ids})


def _materials(items: Any, registry: Registry, categories: dict, sources: dict, rd: _Reading) -> list[Material]:
    """Every material with its checked values; then one scale (and one unit) per criterion."""
    materials: list[Material] = []
    seen_ids: dict[str, int] = {}
    scales: dict[str, dict[str, list[str]]] = {c: {} for c in registry.ids}
    for k, m in enumerate(items if isinstance(items, list) else []):
        path = ("materials", k)
        if not isinstance(m, dict) or rd.reported(path) or not isinstance(m.get("id"), str):
            continue
        if m["id"] in seen_ids:
            rd.problem(path + ("id",), f"material id {m['id']!r} is used twice",
                       found=f"also at materials[{seen_ids[m['id']]}]", fix="give each material its own id")
            continue
        seen_ids[m["id"]] = k
        if categories and isinstance(m.get("category"), str) and m["category"] not in categories:
            rd.problem(path + ("category",), f"unknown category {m['category']!r}",
                       expected="one of " + ", ".join(categories), fix="declare it under categories")
        given = m.get("indicators") if isinstance(m.get("indicators"), dict) else {}
        values = _material_values(given, path, registry, sources, rd)
        _scores(m["id"], given, values, path, registry, scales, rd)
        if isinstance(m.get("name"), dict) and isinstance(m.get("category"), str):
            materials.append(Material(m["id"], dict(m["name"]), m["category"], values,
                                      tuple(m.get("hs_codes") or ()), m.get("hs_note")))
    for cid, by_scale in scales.items():
        if len(by_scale) > 1:
            parts = "; ".join(f"{scale}: {', '.join(ids[:5])}{' …' if len(ids) > 5 else ''}"
                              for scale, ids in by_scale.items())
            rd.problem(("materials",), f"criterion {cid} is computed on different scales in one case",
                       found=parts, expected="one basis (and one unit) for every material",
                       fix=f"give every material the same indicators, in the same kind of unit, for {cid}")
    return materials


def _scores(mid: str, given: dict, values: dict, path: tuple, registry: Registry, scales: dict, rd: _Reading) -> None:
    """Each criterion can be scored from the material's indicators; note the scale it is on."""
    for criterion in registry:
        basis = criterion.basis_for(set(values) | _bad_names(given, values))
        if basis is None:
            rd.problem(path + ("indicators",), f"criterion {criterion.id} cannot be scored",
                       found="indicators " + (", ".join(given) or "none"),
                       expected=criterion.needs(), fix=f"add {criterion.bases[0].requires[0]}")
            continue
        units = sorted({values[n].unit or "" for n in basis.requires if n in values
                        if _MEASURES.get(n) in ("amount", "money")})
        if len(units) > 1:
            rd.problem(path + ("indicators",), f"criterion {criterion.id} mixes units",
                       found=", ".join(u or "(none)" for u in units), expected="one kind of unit",
                       fix="give them all in tonnes, or all in the same currency")
            continue
        scale = basis.scale + (f" in {units[0]}" if units and units[0] else "")
        scales[criterion.id].setdefault(scale, []).append(mid)


def _material_values(indicators: dict, path: tuple, registry: Registry, sources: dict, rd: _Reading) -> dict[str, Value]:
    known = registry.indicators()
    values: dict[str, Value] = {}
    for name, v in indicators.items():
        vpath = path + ("indicators", name)
        if rd.reported(vpath):
            continue
        if name not in known:
            rd.problem(vpath, f"unknown indicator {name!r}", expected="one of " + ", ".join(known),
                       fix="rename it, or declare a criterion of that id under criteria")
            continue
        value = _value(v if isinstance(v, dict) else {"value": v}, known[name], name, vpath, sources, rd,
                       bare=not isinstance(v, dict))
        if value is not None:
            values[name] = value
    return values


def _bad_names(given: dict, accepted: dict) -> set[str]:
    """Indicators that were present but invalid: count them as present so that one bad value
    is reported once, not also as a missing criterion."""
    return {k for k in given if k not in accepted}


def _check_number(x: float, kind: str, name: str, path: tuple, rd: _Reading, label: str = "value",
                  percent_unit: bool = False) -> bool:
    if kind == "fraction" and not 0.0 <= x <= 1.0:
        fix = (f"rates are fractions: write {x / 100:g} for {x:g} %, or give unit: percent" if 1.0 < x <= 100.0
               else "give a fraction between 0 and 1")
        rd.problem(path, f"{name} {label} is outside [0, 1]", found=f"{x:g}", expected=KINDS[kind], fix=fix)
        return False
    limits = {"nonnegative": (x < 0, "is negative"), "positive": (x <= 0, "is not positive"),
              "rating": (not 1.0 <= x <= 9.0, "is outside 1..9"), "growth": (x <= -1.0, "is −100 % or less")}
    wrong, what = limits.get(kind, (False, ""))
    if wrong:
        rd.problem(path, f"{name} {label} {what}", found=f"{x:g}", expected=KINDS[kind])
        return False
    return True


def _numbers(v: dict, path: tuple, name: str, rd: _Reading) -> dict[str, float] | None:
    out = {}
    for key in ("value", "low", "high"):
        if key in v:
            try:
                out[key] = to_number(v[key])
            except NumberError as exc:
                rd.problem(path + (key,), f"{name} {key}: {exc}", expected="a number, e.g. 0.3 or 1/3")
    return out if len(out) == len([k for k in ("value", "low", "high") if k in v]) else None


def _converted(numbers: dict, v: dict, indicator, path: tuple, name: str, rd: _Reading):
    """The numbers in the indicator's canonical unit, and that unit's text."""
    try:
        convert = conversion(v.get("unit"), indicator.measures, indicator.unit)
    except UnitError as exc:
        shown = str(v.get("unit") or "")
        rd.problem(path + ("unit",), f"{name}: {exc}", found=repr(shown if len(shown) <= 40 else shown[:37] + "…"),
                   expected=expected(indicator.measures, indicator.unit))
        return None
    return {k: convert(x) for k, x in numbers.items()}, convert.unit


# long: every rule of one value, each reported (an estimate missing its basis still has its range checked)
def _value(v: dict, indicator, name: str, path: tuple, sources: dict, rd: _Reading, bare: bool = False) -> Value | None:
    where = path if bare else path + ("value",)
    numbers = _numbers(v, path if bare else path, name, rd)
    converted = _converted(numbers, v, indicator, path, name, rd) if numbers is not None else None
    ok = converted is not None
    if ok:
        numbers, unit = converted
        for key, x in numbers.items():
            ok &= _check_number(x, indicator.kind, name, where if key == "value" else path + (key,), rd,
                                "value" if key == "value" else key)
    estimate = bool(v.get("estimate", False))
    if estimate and ("low" not in v or "high" not in v):
        rd.problem(path, f"estimate {name} has no range", found=f"value {v.get('value')}",
                   expected="low and high around the value", fix="add low: and high: (the range you would defend)")
        ok = False
    if estimate and not v.get("basis"):
        rd.problem(path, f"estimate {name} has no basis", expected="basis: why this number",
                   fix="say who or what the estimate rests on")
        ok = False
    if converted is not None and "low" in numbers and "high" in numbers \
            and not numbers["low"] <= numbers["value"] <= numbers["high"]:
        rd.problem(path, f"{name} value lies outside its range",
                   found=f"low {numbers['low']:g}, value {numbers['value']:g}, high {numbers['high']:g}",
                   expected="low ≤ value ≤ high")
        ok = False
    if not estimate and ("low" in v) != ("high" in v):
        rd.problem(path, f"{name} has only one end of its range", expected="both low and high")
        ok = False
    if "source" in v and v["source"] not in sources:
        rd.problem(path + ("source",), f"undeclared source {v['source']!r}",
                   expected="one of " + (", ".join(sources) or "(no sources declared)"), fix="declare it under sources")
        ok = False
    if "quote" in v and "source" not in v:
        rd.problem(path, f"{name} has a quote but no source", fix="add source: the id of the quoted document")
        ok = False
    if not ok:
        return None
    _plausible(numbers["value"], v, indicator, name, path, rd)
    given_unit = (v.get("unit") or "").strip() or None
    converted_unit = given_unit is not None and given_unit != unit
    return Value(numbers["value"], unit or None, v.get("source"), v.get("quote"), estimate,
                 numbers.get("low"), numbers.get("high"), v.get("basis"),
                 given=to_number(v["value"]) if converted_unit else None,
                 given_unit=given_unit if converted_unit else None)


def _plausible(x: float, v: dict, indicator, name: str, path: tuple, rd: _Reading) -> None:
    unit = (v.get("unit") or "").strip()
    if indicator.measures == "duration" and x > LONGEST_PLAUSIBLE_YEARS:
        rd.warn(path, f"{name} is {x:g} years, over {LONGEST_PLAUSIBLE_YEARS:g}: is the unit right (months?)")
    if indicator.measures == "growth" and x > FASTEST_PLAUSIBLE_GROWTH:
        rd.warn(path, f"{name} is {x:.0%} a year, over {FASTEST_PLAUSIBLE_GROWTH:.0%}: is it a percentage "
                      "written without unit: percent?")
    if unit in ("percent", "%") and 0 < abs(to_number(v["value"])) <= 1:
        rd.warn(path, f"{name} is {to_number(v['value']):g} percent, that is {x:g}; if {to_number(v['value']):g} "
                      "was meant as a fraction, drop the unit")
