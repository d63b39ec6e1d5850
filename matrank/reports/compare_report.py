"""Render a comparison of two rankings (:class:`matrank.compare.Comparison`): table, JSON,
Markdown. Every word of the table and the Markdown comes from the labels table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from matrank.compare import Comparison, RankFile
from matrank.labels import counted, has_label, label
from matrank.reports.render import Renderer, json_text, text_table


def payload(c: Comparison, lang: str = "en") -> dict:
    """The JSON document of ``matrank compare`` (ids and numbers: the same in every language)."""
    return {
        "a": _file(c.a), "b": _file(c.b),
        "same": c.same,
        "shared": len(c.shared),
        "threshold": c.threshold,
        "settings": {name: list(pair) for name, pair in c.settings.items()},
        "weights": {lens: {crit: list(pair) for crit, pair in table.items()} for lens, table in c.weights.items()},
        "tier_changes": [{"id": t.material.id, "names": dict(t.material.names), "a": t.a, "b": t.b,
                          "rank_a": t.rank_a, "rank_b": t.rank_b,
                          "scores": {lens: list(pair) for lens, pair in t.scores.items()},
                          "drivers": [{"criterion": d.criterion, "lens": d.lens, "delta": d.delta}
                                      for d in t.drivers]}
                         for t in c.tier_changes],
        "rank_moves": [{"id": m.material.id, "rank_a": m.rank_a, "rank_b": m.rank_b, "move": m.move}
                       for m in c.rank_moves],
        "only_a": [m.id for m in c.only_a],
        "only_b": [m.id for m in c.only_b],
    }


def _file(f: RankFile) -> dict:
    return {"file": f.path, "case": f.case, "ranking": f.ranking, "sha256": f.sha256, "materials": len(f.materials)}


@dataclass(frozen=True)
class Section:
    """One part of the report: a heading, then a table (when there are rows)."""

    title: str
    headers: Sequence[str] = ()
    rows: Sequence[Sequence[Any]] = ()
    notes: Sequence[str] = ()


def head_lines(c: Comparison, lang: str = "en") -> list[str]:
    lines = [label("compare.title", lang).format(a=c.a.path, b=c.b.path, case_a=c.a.case, case_b=c.b.case,
                                                 ranking_a=c.a.ranking.upper(), ranking_b=c.b.ranking.upper())]
    if c.same:
        return lines + [label("compare.same", lang).format(materials=counted(len(c.shared), "material", lang))]
    lines.append(label(f"compare.shared.{'one' if len(c.shared) == 1 else 'many'}", lang).format(n=len(c.shared)))
    if not c.same_case:
        lines.append(label("compare.note.cases", lang))
    if c.a.ranking != c.b.ranking:
        lines.append(label("compare.note.rankings", lang))
    return lines


def sections(c: Comparison, lang: str = "en") -> list[Section]:
    """The report's parts, in order (none when A and B are the same)."""
    if c.same:
        return []
    out = [_settings(c, lang)] if c.changed_settings else []
    out += [_weights(c, lang), _tier_changes(c, lang)]
    if c.tier_changes:
        out.append(_drivers(c, lang))
    out.append(_rank_moves(c, lang))
    for side, materials in (("a", c.only_a), ("b", c.only_b)):
        if materials:
            out.append(Section(label(f"compare.heading.only_{side}", lang).format(n=len(materials)),
                               [label("col.rank", lang), label("col.id", lang), label("col.material", lang),
                                label("col.tier", lang)],
                               [[m.rank, m.id, m.name(lang), label(f"tier.{m.tier}", lang)] for m in materials]))
    return out


def _setting_text(name: str, value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if name == "ranking":
        return str(value).upper()
    key = {"normalization": f"compare.normalization.{value}", "split": f"summary.split.{value}"}.get(name)
    if key and has_label(key):
        return label(key, lang)
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _settings(c: Comparison, lang: str) -> Section:
    return Section(label("compare.heading.settings", lang), [label("compare.col.setting", lang), "A", "B"],
                   [[label(f"compare.setting.{name}", lang), _setting_text(name, a, lang), _setting_text(name, b, lang)]
                    for name, (a, b) in c.changed_settings.items()])


def _criterion(criterion: str, lang: str) -> str:
    key = f"criterion.{criterion}"
    return label(key, lang) if has_label(key) else criterion


def _lens(lens: str, lang: str, short: bool = False) -> str:
    key = f"lens.{lens}.short" if short else f"summary.lens.{lens}"
    return label(key, lang) if has_label(key) else lens


def _signed(x: float | None, digits: int = 4) -> str:
    return "—" if x is None else f"{x:+.{digits}f}"


def _weights(c: Comparison, lang: str) -> Section:
    if c.a.weights == c.b.weights:
        return Section(label("compare.weights.same", lang))
    headers = [label("col.criterion", lang)]
    for lens in c.lenses:
        short = _lens(lens, lang, short=True)
        headers += [f"{short} A", f"{short} B", f"{short} Δ"]
    rows = []
    for crit in c.criteria:
        row: list[Any] = [_criterion(crit, lang)]
        for lens in c.lenses:
            wa, wb = c.weights[lens][crit]
            row += [wa, wb, _signed(None if wa is None or wb is None else wb - wa)]
        rows.append(row)
    return Section(label("heading.weights", lang), headers, rows)


def _tier_changes(c: Comparison, lang: str) -> Section:
    if not c.tier_changes:
        return Section(label("compare.none.tier_changes", lang))
    headers = [label("col.id", lang), label("col.material", lang), label("compare.col.rank_a", lang),
               label("compare.col.rank_b", lang), label("compare.col.tier_a", lang), label("compare.col.tier_b", lang)]
    for lens in c.lenses:
        headers += [f"{_lens(lens, lang, short=True)} A", f"{_lens(lens, lang, short=True)} B"]
    rows = []
    for t in c.tier_changes:
        row: list[Any] = [t.material.id, t.material.name(lang), t.rank_a, t.rank_b, label(f"tier.{t.a}", lang),
                          label(f"tier.{t.b}", lang)]
        for lens in c.lenses:
            row += list(t.scores[lens])
        rows.append(row)
    return Section(label("compare.heading.tier_changes", lang).format(n=len(c.tier_changes)), headers, rows)


def _drivers(c: Comparison, lang: str) -> Section:
    headers = [label("col.id", lang), label("col.criterion", lang), label("col.lens", lang),
               label("compare.col.delta", lang)]
    rows = [[t.material.id, _criterion(d.criterion, lang), _lens(d.lens, lang), _signed(d.delta, 6)]
            for t in c.tier_changes for d in t.drivers]
    notes = [label("compare.none.drivers", lang).format(id=t.material.id) for t in c.tier_changes if not t.drivers]
    return Section(label("compare.heading.drivers", lang), headers, rows, notes)


def _rank_moves(c: Comparison, lang: str) -> Section:
    if not c.rank_moves:
        return Section(label("compare.none.rank_moves", lang).format(n=c.threshold))
    headers = [label("col.id", lang), label("col.material", lang), label("compare.col.rank_a", lang),
               label("compare.col.rank_b", lang), label("compare.col.move", lang)]
    rows = [[m.material.id, m.material.name(lang), m.rank_a, m.rank_b,
             label(f"compare.move.{'up' if m.move < 0 else 'down'}", lang).format(n=abs(m.move))]
            for m in c.rank_moves]
    return Section(label("compare.heading.rank_moves", lang).format(n=c.threshold, count=len(c.rank_moves)),
                   headers, rows)


def table_text(c: Comparison, lang: str = "en") -> str:
    out = "\n".join(head_lines(c, lang)) + "\n"
    for s in sections(c, lang):
        out += "\n" + s.title + "\n"
        if s.rows:
            out += "\n" + text_table(s.headers, s.rows)
        out += "".join(f"{note}\n" for note in s.notes)
    return out


def _md_cell(v: Any) -> str:
    return f"{v:.4f}" if isinstance(v, float) else str(v).replace("|", "\\|")


def markdown(c: Comparison, lang: str = "en") -> str:
    first, *rest = head_lines(c, lang)
    out = [f"# {_md_cell(first)}", ""] + [f"- {_md_cell(line)}" for line in rest]
    for s in sections(c, lang):
        out += ["", f"## {_md_cell(s.title)}"]
        if s.rows:
            out += ["", "| " + " | ".join(_md_cell(h) for h in s.headers) + " |", "|" + "---|" * len(s.headers)]
            out += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in s.rows]
        if s.notes:
            out += [""] + [f"- {_md_cell(n)}" for n in s.notes]
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Renderer] = {
    "table": Renderer(text=table_text),
    "json": Renderer(text=lambda c, lang="en": json_text(payload(c, lang))),
    "md": Renderer(text=markdown),
}

__all__ = ["RENDERERS", "payload", "table_text", "markdown", "sections", "head_lines"]
