"""Turn a case's raw mapping (from YAML or XLSX) into a validated :class:`Case`.

Both readers hand over the same plain structure; this module applies the JSON
Schema and then every rule a schema cannot say (declared sources, ranges,
units, one basis per criterion…), collecting all problems so that
``matrank validate`` can list them at once. Each problem names the material id
and the key path.
"""

from __future__ import annotations

import math
from typing import Any

from matrank.criteria import BUILTIN, KINDS, LENSES, Registry, custom_criterion
from matrank.errors import InputError, InputErrors
from matrank.mcda.ahp import analyse, from_judgments, parse_judgment
from matrank.casefiles.schema import Locator, key_path, schema_errors
from matrank.model import Case, Category, LensWeights, Material, Source, Thresholds, Value


def build_case(raw: Any, *, file: str, input_hash: str, locate: Locator | None = None) -> Case:
    """Validate ``raw`` and build the Case; raise :class:`InputErrors` listing every problem."""
    if locate is None:
        def locate(path: tuple) -> str:
            return key_path(path, raw)
    if not isinstance(raw, dict):
        raise InputErrors(file, [InputError("the case is not a mapping of keys", file=file,
                                            found=type(raw).__name__,
                                            expected="keys format, id, title, weights, materials …")])
    errors = schema_errors(raw, file, locate)
    if errors:
        raise InputErrors(file, errors)
    problems: list[InputError] = []

    def problem(path: tuple, text: str, **kw) -> None:
        problems.append(InputError(text, file=file, where=locate(path), **kw))

    sources = _unique(raw.get("sources", []), ("sources",), "source", problem)
    sources_map = {s["id"]: Source(s["id"], s["citation"], s.get("document")) for s in sources.values()}
    cats = _unique(raw.get("categories", []), ("categories",), "category", problem)
    categories = {c["id"]: Category(c["id"], dict(c["name"])) for c in cats.values()}

    registry = _criteria(raw.get("criteria", []), problem)
    weights = {lens: _lens_weights(raw["weights"][lens], lens, registry, problem)
               for lens in LENSES}
    thresholds = None
    if "thresholds" in raw:
        t = raw["thresholds"]
        thresholds = Thresholds(t.get("government", 0.5), t.get("market", 0.5), t.get("split", "fixed"))

    materials = _materials(raw["materials"], registry, categories, sources_map, problem)
    if problems:
        raise InputErrors(file, problems)
    return Case(
        id=raw["id"], title=dict(raw["title"]), date=str(raw.get("date", "")),
        description=raw.get("description", ""), sources=sources_map, categories=categories,
        criteria=registry, weights=weights, thresholds=thresholds, materials=tuple(materials),
        path=file, input_hash=input_hash)


def _materials(items: list, registry: Registry, categories: dict, sources: dict, problem) -> list[Material]:
    """Every material with its checked values; then one scale per criterion across the case."""
    materials: list[Material] = []
    seen_ids: dict[str, int] = {}
    scales: dict[str, dict[str, list[str]]] = {c: {} for c in registry.ids}
    for k, m in enumerate(items):
        path = ("materials", k)
        if m["id"] in seen_ids:
            problem(path + ("id",), f"material id {m['id']!r} is used twice",
                    found=f"also at materials[{seen_ids[m['id']]}]", fix="give each material its own id")
            continue
        seen_ids[m["id"]] = k
        if categories and m["category"] not in categories:
            problem(path + ("category",), f"unknown category {m['category']!r}",
                    expected="one of " + ", ".join(categories), fix="declare it under categories")
        values = _material_values(m["indicators"], path, registry, sources, problem)
        for criterion in registry:
            basis = criterion.basis_for(set(values) | _bad_names(m["indicators"], values))
            if basis is None:
                problem(path + ("indicators",), f"criterion {criterion.id} cannot be scored",
                        found="indicators " + (", ".join(m["indicators"]) or "none"),
                        expected=criterion.needs(), fix=f"add {criterion.bases[0].requires[0]}")
            else:
                scales[criterion.id].setdefault(basis.scale, []).append(m["id"])
        materials.append(Material(m["id"], dict(m["name"]), m["category"], values))
    for cid, by_scale in scales.items():
        if len(by_scale) > 1:
            parts = "; ".join(f"{scale}: {', '.join(ids[:5])}{' …' if len(ids) > 5 else ''}"
                              for scale, ids in by_scale.items())
            problem(("materials",), f"criterion {cid} is computed on different scales in one case",
                    found=parts, expected="one basis for every material",
                    fix=f"give every material the same indicators for {cid}")
    return materials


def _material_values(indicators: dict, path: tuple, registry: Registry, sources: dict, problem) -> dict[str, Value]:
    known = registry.indicators()
    values: dict[str, Value] = {}
    for name, v in indicators.items():
        vpath = path + ("indicators", name)
        if name not in known:
            problem(vpath, f"unknown indicator {name!r}", expected="one of " + ", ".join(known),
                    fix="rename it, or declare a criterion of that id under criteria")
            continue
        value = _value(v, known[name].kind, name, vpath, sources, problem)
        if value is not None:
            values[name] = value
    return values


def _bad_names(given: dict, accepted: dict) -> set[str]:
    """Indicators that were present but invalid: count them as present so that one
    bad value is reported once, not also as a missing criterion."""
    return {k for k in given if k not in accepted}


def _unique(items: list, path: tuple, what: str, problem) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for k, item in enumerate(items):
        if item["id"] in out:
            problem(path + (k, "id"), f"{what} id {item['id']!r} is declared twice", fix="keep one")
        else:
            out[item["id"]] = item
    return out


def _criteria(items: list, problem) -> Registry:
    registry = Registry(BUILTIN)
    for k, item in enumerate(items):
        path = ("criteria", k)
        cid = item["id"]
        directions = {lens: item[lens] for lens in LENSES if lens in item}
        if cid in registry:
            registry.override_directions(cid, directions)
            continue
        missing = [key for key in ("name", "unit", "government", "market") if key not in item]
        if missing:
            problem(path, f"new criterion {cid!r} lacks {', '.join(missing)}",
                    expected="name, unit, government and market directions (or a built-in id: "
                             + ", ".join(c.id for c in BUILTIN) + ")")
            continue
        registry.add(custom_criterion(cid, item["name"], item["unit"], directions,
                                      item.get("kind", "number")))
    return registry


def _lens_weights(spec: dict, lens: str, registry: Registry, problem) -> LensWeights | None:
    path = ("weights", lens)
    if "judgments" in spec:
        judgments: dict[tuple[str, str], float] = {}
        ok = True
        for k, j in enumerate(spec["judgments"]):
            jpath = path + ("judgments", k)
            for key in ("a", "b"):
                if j[key] not in registry:
                    problem(jpath + (key,), f"unknown criterion {j[key]!r}",
                            expected="one of " + ", ".join(registry.ids))
                    ok = False
            try:
                judgments[(j["a"], j["b"])] = parse_judgment(j["value"])
            except ValueError as exc:
                problem(jpath + ("value",), str(exc), expected="a number or a fraction like 1/3")
                ok = False
        if not ok:
            return None
        try:
            analyse(from_judgments(registry.ids, judgments))  # also checks the judgments connect
        except InputError as exc:
            problem(path + ("judgments",), exc.message)
            return None
        return LensWeights(lens, spec["basis"], judgments=judgments)
    weights = spec["weights"]
    unknown = [c for c in weights if c not in registry]
    missing = [c for c in registry.ids if c not in weights]
    if unknown or missing:
        problem(path + ("weights",), "weights must name every criterion once",
                found=("unknown " + ", ".join(unknown) + " " if unknown else "")
                + ("missing " + ", ".join(missing) if missing else ""),
                expected=", ".join(registry.ids))
        return None
    bad = {c: w for c, w in weights.items() if not (math.isfinite(w) and w > 0)}
    if bad:
        problem(path + ("weights",), "weights must be positive", found=str(bad))
        return None
    total = sum(weights.values())
    return LensWeights(lens, spec["basis"], weights={c: weights[c] / total for c in registry.ids})


def _check_number(x: float, kind: str, name: str, path: tuple, problem, label: str = "value") -> bool:
    if kind == "fraction" and not 0.0 <= x <= 1.0:
        fix = (f"rates are fractions: write {x / 100:g} for {x:g} %" if 1.0 < x <= 100.0
               else "give a fraction between 0 and 1")
        problem(path, f"{name} {label} is outside [0, 1]", found=f"{x:g}", expected=KINDS[kind], fix=fix)
        return False
    if kind == "nonnegative" and x < 0:
        problem(path, f"{name} {label} is negative", found=f"{x:g}", expected=KINDS[kind])
        return False
    if kind == "positive" and x <= 0:
        problem(path, f"{name} {label} is not positive", found=f"{x:g}", expected=KINDS[kind])
        return False
    if kind == "rating" and not 1.0 <= x <= 9.0:
        problem(path, f"{name} {label} is outside 1..9", found=f"{x:g}", expected=KINDS[kind])
        return False
    if kind == "growth" and x <= -1.0:
        problem(path, f"{name} {label} is −100 % or less", found=f"{x:g}", expected=KINDS[kind])
        return False
    if not math.isfinite(x):
        problem(path, f"{name} {label} is not finite", found=f"{x!r}", expected=KINDS[kind])
        return False
    return True


def _value(v: Any, kind: str, name: str, path: tuple, sources: dict, problem) -> Value | None:
    if not isinstance(v, dict):
        return Value(float(v)) if _check_number(float(v), kind, name, path, problem) else None
    ok = _check_number(float(v["value"]), kind, name, path + ("value",), problem)
    for key in ("low", "high"):
        if key in v:
            ok &= _check_number(float(v[key]), kind, name, path + (key,), problem, key)
    estimate = bool(v.get("estimate", False))
    if estimate:
        if "low" not in v or "high" not in v:
            problem(path, f"estimate {name} has no range", found="value " + f"{v['value']:g}",
                    expected="low and high around the value",
                    fix="add low: and high: (the range you would defend)")
            ok = False
        if not v.get("basis"):
            problem(path, f"estimate {name} has no basis", expected="basis: why this number",
                    fix="say who or what the estimate rests on")
            ok = False
    if ok and "low" in v and "high" in v and not v["low"] <= v["value"] <= v["high"]:
        problem(path, f"{name} value lies outside its range",
                found=f"low {v['low']:g}, value {v['value']:g}, high {v['high']:g}",
                expected="low ≤ value ≤ high")
        ok = False
    if not estimate and ("low" in v) != ("high" in v):
        problem(path, f"{name} has only one end of its range", expected="both low and high")
        ok = False
    if "source" in v and v["source"] not in sources:
        problem(path + ("source",), f"undeclared source {v['source']!r}",
                expected="one of " + (", ".join(sources) or "(no sources declared)"),
                fix="declare it under sources")
        ok = False
    if "quote" in v and "source" not in v:
        problem(path, f"{name} has a quote but no source", fix="add source: the id of the quoted document")
        ok = False
    if not ok:
        return None
    return Value(float(v["value"]), v.get("unit"), v.get("source"), v.get("quote"), estimate,
                 float(v["low"]) if "low" in v else None, float(v["high"]) if "high" in v else None,
                 v.get("basis"))
