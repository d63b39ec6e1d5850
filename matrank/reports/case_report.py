"""Render what ``matrank validate``, ``matrank cases`` and ``matrank criteria`` print."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from matrank.labels import has_label, label
from matrank.reports.render import Renderer, csv_text, json_text, text_table


def case_counts(case) -> dict:
    """How many values are quoted from a source, estimated, both, or neither."""
    values = [v for m in case.materials for v in m.indicators.values()]
    return {
        "materials": len(case.materials),
        "values": len(values),
        "sourced": sum(1 for v in values if v.source and not v.estimate),
        "quoted": sum(1 for v in values if v.quote and not v.estimate),
        "estimates": sum(1 for v in values if v.estimate),
        "estimates_with_quote": sum(1 for v in values if v.estimate and v.quote),
        "unsourced": sum(1 for v in values if not v.source and not v.estimate),
    }


@dataclass(frozen=True)
class Validation:
    """What ``matrank validate`` found: a valid case with its counts, or the problems."""

    file: str
    case: Any = None               # matrank.model.Case, when valid
    consistency: dict = field(default_factory=dict)   # {lens: {"cr", "consistent", "completed"}}
    errors: tuple = ()             # InputError, when not valid
    notes: tuple = ()

    @property
    def valid(self) -> bool:
        return self.case is not None and not self.errors

    @property
    def counts(self) -> dict:
        return case_counts(self.case)


def _error_entry(error) -> dict:
    parts = [error.problem] + [f"{k} {v}" for k, v in (("found", error.found), ("expected", error.expected))
                               if v is not None]
    return {"path": error.where, "message": "; ".join(parts), "fix": error.fix}


def validation_payload(v: Validation) -> dict:
    if not v.valid:
        return {"case": None, "file": v.file, "valid": False, "errors": [_error_entry(e) for e in v.errors],
                "warnings": [], "notes": []}
    return {"case": v.case.id, "file": v.case.path, "valid": True, **v.counts, "consistency": v.consistency,
            "errors": [], "warnings": list(v.case.warnings), "notes": list(v.notes)}


def validation_csv(v: Validation, lang: str = "en") -> str:
    if not v.valid:
        return csv_text(["file", "valid", "path", "message", "fix"],
                        [[v.file, False, e["path"], e["message"], e["fix"]] for e in validation_payload(v)["errors"]])
    counts = v.counts
    return csv_text(["case", "valid", *counts, "cr_government", "cr_market"],
                    [[v.case.id, True, *counts.values(), v.consistency["government"]["cr"],
                      v.consistency["market"]["cr"]]])


def validation_text(v: Validation, lang: str = "en") -> str:
    c = v.counts
    lines = [label("validate.valid", lang).format(path=v.case.path, id=v.case.id, title=v.case.title_text(lang)),
             "  " + label("validate.materials", lang).format(**c),
             "  " + label("validate.values", lang).format(**c)]
    for lens, entry in v.consistency.items():
        if entry["cr"] is not None:
            flag = label("validate.consistent" if entry["consistent"] else "validate.inconsistent", lang)
            lines.append("  " + label("validate.judgments", lang).format(
                lens=label(f"summary.lens.{lens}", lang), cr=entry["cr"], flag=flag))
        else:
            lines.append("  " + label("validate.explicit", lang).format(lens=label(f"summary.lens.{lens}", lang)))
    if c["unsourced"]:
        lines.append("  " + label("validate.unsourced", lang).format(**c))
    return "\n".join(lines) + "\n"


def cases_text(rows: list[dict], lang: str = "en") -> str:
    keys = ("name", "title", "materials", "sourced", "estimates")
    return text_table([label(f"cases.{k}", lang) for k in keys], [[r[k] for k in keys] for r in rows])


def criterion_row(c, lang: str = "en") -> dict:
    """What ``matrank criteria`` shows of one criterion; in Chinese, names instead of ids
    (the JSON and CSV keep the ids in ``id`` and ``indicators``)."""
    formula = " | or | ".join(b.formula + (f" (optional: {', '.join(b.optional)})" if b.optional else "")
                              for b in c.bases)
    unit, directions = c.unit, dict(c.directions)
    if has_label(f"criterion.{c.id}.formula"):     # a built-in criterion: its formula in words of ``lang``
        formula = label(f"criterion.{c.id}.formula", lang)
    if lang == "zh":
        unit = label(f"unit.{c.unit}", lang) if has_label(f"unit.{c.unit}") else c.unit
        directions = {lens: label(f"direction.short.{d}", lang) for lens, d in directions.items()}
    return {"id": c.id, "name": c.name(lang), "unit": unit, "formula": formula,
            "indicators": [i.id for i in c.indicators], **directions}


def criteria_text(rows: list[dict], lang: str = "en") -> str:
    keys = ("id", "name", "unit", "government", "market", "formula")
    return text_table([label(f"criteria.{k}", lang) for k in keys], [[r[k] for k in keys] for r in rows])


def criteria_csv(rows: list[dict], lang: str = "en") -> str:
    return csv_text(["id", "name", "unit", "government", "market", "formula", "indicators"],
                    [[r["id"], r["name"], r["unit"], r["government"], r["market"], r["formula"],
                      " ".join(r["indicators"])] for r in rows])


def _json(obj, lang: str = "en") -> str:
    return json_text(obj)


VALIDATE_RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=validation_text),
    "json": Renderer(text=lambda v, lang="en": json_text(validation_payload(v))),
    "csv": Renderer(text=validation_csv),
}
CASES_RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=cases_text),
    "json": Renderer(text=_json),
    "csv": Renderer(text=lambda rows, lang="en": csv_text(list(rows[0]), [list(r.values()) for r in rows])),
}
CRITERIA_RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=criteria_text),
    "json": Renderer(text=_json),
    "csv": Renderer(text=criteria_csv),
}
