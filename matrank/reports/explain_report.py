"""Render ``matrank rank --explain ID``: one material's working, per lens."""

from __future__ import annotations

from matrank.labels import label
from matrank.reports.render import csv_text, json_text, text_table


def render_explanation(data: dict, fmt: str, lang: str = "en") -> str:
    if fmt == "json":
        return json_text(data)
    headers = ["criterion", "indicators", "value", "range", "lens", "dir", "weight", "normalized",
               "weighted", "d+ part", "d- part"]
    rows = []
    for c in data["criteria"]:
        inds = "; ".join(
            f"{n}={v['value']:g}" + (" (estimate)" if v.get("estimate") else
                                    f" [{v['source']}]" if v.get("source") else " (unsourced)")
            for n, v in c["indicators"].items())
        rng = f"{c['low']:.4g}–{c['high']:.4g}" if c["high"] > c["low"] else ""
        for lens, lv in c["lenses"].items():
            rows.append([c["criterion"], inds, c["value"], rng, lens, lv["direction"], lv["weight"],
                         lv["normalized"], lv["weighted"], lv["d_plus_sq"], lv["d_minus_sq"]])
    if fmt == "csv":
        return csv_text(headers, rows)
    name = data["name"].get(lang) or data["name"].get("en") or data["id"]
    head = [f"{data['id']} — {name} ({data['category']}): rank {data['rank']}, "
            f"{label('tier.' + data['tier'], lang)}"]
    for lens, lv in data["lenses"].items():
        head.append(f"{label('lens.' + lens, lang)}: C = {lv['closeness']:.4f} "
                    f"(D+ {lv['d_plus']:.4f}, D− {lv['d_minus']:.4f})")
    tail = ["", "d+ part / d- part: squared distance to the ideal / anti-ideal on that criterion; "
            "D± = sqrt(sum of parts)."]
    if data["estimates"]:
        tail.append("estimates: " + ", ".join(data["estimates"]))
    return "\n".join(head) + "\n\n" + text_table(headers, rows) + "\n".join(tail) + "\n"
