"""Render ``matrank rank --explain ID``: one material's working, per lens, in the ranking
method's own terms."""

from __future__ import annotations

from matrank.labels import has_label, label
from matrank.reports.render import Renderer, csv_text, json_text, text_table

#: Per ranking method: the per-criterion figures shown (keys of ``explain_criterion``) with
#: their label keys, the material's figures in the heading line, and the footnote.
METHOD_COLUMNS = {
    "topsis": (("normalized", "explain.normalized"), ("weighted", "explain.weighted"),
               ("d_plus_sq", "explain.d_plus_part"), ("d_minus_sq", "explain.d_minus_part")),
    "vikor": (("best", "explain.best"), ("worst", "explain.worst"), ("gap", "explain.gap"),
              ("weighted_gap", "explain.weighted_gap")),
}
CSV_KEYS = ("criterion", "indicators", "value", "range", "lens", "dir", "weight")


def indicator_name(name: str, lang: str) -> str:
    """A built-in indicator by its label in ``lang`` (Chinese readers get names, not ids)."""
    return label(f"indicator.{name}", lang) if lang == "zh" and has_label(f"indicator.{name}") else name


def _criterion(c: dict, lang: str) -> str:
    return c.get("criterion_name", {}).get(lang, c["criterion"]) if lang == "zh" else c["criterion"]


def _indicators(c: dict, lang: str) -> str:
    def source(v: dict) -> str:
        if v.get("estimate"):
            return f" ({label('explain.estimate', lang)})"
        return f" [{v['source']}]" if v.get("source") else f" ({label('explain.unsourced', lang)})"
    def given(v: dict) -> str:
        return f" ← {v['given']:g} {v['given_unit']}" if v.get("given_unit") else ""
    return "; ".join(f"{indicator_name(n, lang)}={v['value']:g}{given(v)}{source(v)}"
                     for n, v in c["indicators"].items())


def table_rows(data: dict, lang: str = "en") -> tuple[list[str], list[str], list[list]]:
    """(csv keys, headings, rows): one row per criterion and lens."""
    parts = METHOD_COLUMNS[data["ranking"]]
    keys = list(CSV_KEYS) + [k for k, _ in parts]
    headers = [label(f"explain.{k}", lang) for k in CSV_KEYS] + [label(key, lang) for _, key in parts]
    rows = []
    for c in data["criteria"]:
        inds = _indicators(c, lang)
        rng = f"{c['low']:.4g}–{c['high']:.4g}" if c["high"] > c["low"] else ""
        for lens, lv in c["lenses"].items():
            rows.append([_criterion(c, lang), inds, c["value"], rng, label(f"summary.lens.{lens}", lang),
                         label(f"explain.direction.{lv['direction']}", lang), lv["weight"]]
                        + [lv[k] for k, _ in parts])
    return keys, headers, rows


def heading(data: dict, lang: str = "en") -> list[str]:
    name = data["name"].get(lang) or data["name"].get("en") or data["id"]
    category = data.get("category_name", {}).get(lang, data["category"]) if lang == "zh" else data["category"]
    lines = [label("explain.title", lang).format(id=data["id"], name=name, category=category,
                                                 rank=data["rank"], tier=label("tier." + data["tier"], lang))]
    for lens, lv in data["lenses"].items():
        lines.append(f"{label('lens.' + lens, lang)}: "
                     + label(f"explain.{data['ranking']}.line", lang).format(**lv))
    return lines


def footer(data: dict, lang: str = "en") -> list[str]:
    lines = [label(f"explain.{data['ranking']}.footnote", lang)]
    if data["estimates"]:
        named = [f"{_criterion(c, lang)}.{indicator_name(n, lang)}" for c in data["criteria"]
                 for n, v in c["indicators"].items() if v.get("estimate")]
        lines.append(f"{label('explain.estimates', lang)}: " + ", ".join(named))
    return lines


def table_text(data: dict, lang: str = "en") -> str:
    _, headers, rows = table_rows(data, lang)
    return "\n".join(heading(data, lang)) + "\n\n" + text_table(headers, rows) + "\n" + "\n".join(footer(data, lang)) + "\n"


def csv_report(data: dict, lang: str = "en") -> str:
    keys, _, rows = table_rows(data, lang)
    return csv_text(keys, rows)


def markdown(data: dict, lang: str = "en") -> str:
    _, headers, rows = table_rows(data, lang)

    def cell(v) -> str:
        return f"{v:.4f}" if isinstance(v, float) else str(v).replace("|", "\\|")
    out = [f"# {heading(data, lang)[0]}", ""] + [f"- {line}" for line in heading(data, lang)[1:]]
    out += ["", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(out + [""] + footer(data, lang)) + "\n"


RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=table_text),
    "json": Renderer(text=lambda data, lang="en": json_text(data)),
    "csv": Renderer(text=csv_report),
    "md": Renderer(text=markdown),
}
