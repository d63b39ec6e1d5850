"""The brief as one self-contained HTML file: the charts inline as SVG, the style inline, no
request to any other address. It reads on a phone (tables scroll sideways, charts scale)
and prints on A4: page 1 is the answer, each part after it starts a page, page numbers at
the foot.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Callable

from matrank.reports.brief.figures import render
from matrank.reports.brief.model import Brief, Figure, Paragraph, Run, Section, Table
from matrank.reports.files import write_text_atomic

#: CJK families with TrueType outlines before those with CFF outlines: Chromium embeds the
#: latter in a printed PDF as nameless Type 3 fonts.
FONTS = ('Arial, "Helvetica Neue", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", '
         '"Source Han Sans SC", sans-serif')
CSS = """
:root { --ink: #1f2a44; --muted: #555; --rule: #b0b4ba; --head: #edeff2; }
* { box-sizing: border-box; }
body { font-family: %(fonts)s; color: #222; margin: 0; line-height: 1.45; font-size: 15px;
       -webkit-text-size-adjust: 100%%; }
main { max-width: 62rem; margin: 0 auto; padding: 0.8rem; }
h1 { font-size: 1.45rem; color: var(--ink); margin: 0.2rem 0 0.3rem; }
h2 { font-size: 1.2rem; color: var(--ink); margin: 1.6rem 0 0.5rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; color: var(--ink); margin: 1rem 0 0.3rem; }
p { margin: 0.25rem 0 0.45rem; }
p.lead { color: var(--muted); }
p.small, figcaption, caption { font-size: 0.8rem; color: var(--muted); }
p.caveat { background: #fff4e0; padding: 0.35rem 0.55rem; font-size: 0.9rem; }
figure { margin: 0.4rem auto 0.6rem; }
figure svg { width: 100%%; height: auto; display: block; }
.scroll { overflow-x: auto; margin: 0.3rem 0 0.7rem; }
table { border-collapse: collapse; width: 100%%; font-size: 0.85rem; }
table.small { font-size: 0.75rem; }
caption { text-align: left; padding-bottom: 0.2rem; }
th { background: var(--head); text-align: left; }
th, td { border-top: 1px solid var(--rule); padding: 0.2rem 0.35rem; vertical-align: top; }
tr:last-child td { border-bottom: 1px solid var(--rule); }
td.num, th.num { text-align: right; }
.muted { color: var(--muted); }
footer { font-size: 0.75rem; color: var(--muted); margin-top: 2rem; }
@media (max-width: 40rem) { body { font-size: 14px; } table { font-size: 0.8rem; }
                           figure { max-width: 100%% !important; } }
@page { size: A4; margin: 13mm 14mm 15mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 7.5pt; color: #555; } }
@media print {
  body { font-size: 8.2pt; line-height: 1.32; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 14pt; margin-top: 0; }
  h2 { font-size: 12.5pt; margin-top: 0; }
  h3 { font-size: 10pt; }
  p { margin: 0.1rem 0 0.25rem; }
  p.caveat { font-size: 7.6pt; padding: 0.2rem 0.4rem; }
  p.small, figcaption, caption { font-size: 7.2pt; }
  figure { margin: 0.2rem auto 0.3rem; }
  table { font-size: 7.4pt; }
  table.small { font-size: 6.6pt; }
  th, td { padding: 0.1rem 0.3rem; }
  .answer { break-after: page; }
  section.new-page { break-before: page; }
  .scroll { overflow: visible; margin: 0.2rem 0 0.4rem; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  footer { display: none; }
}
""" % {"fonts": FONTS}

_SVG_HEAD = re.compile(r"^.*?(?=<svg\b)", re.S)
_SVG_SIZE = re.compile(r'(<svg\b[^>]*?)\s(width|height)="[^"]*"')


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _runs(runs: tuple[Run, ...] | str) -> str:
    out = []
    for r in (Run(runs),) if isinstance(runs, str) else runs:
        text = _esc(r.text).replace("\n", "<br>")
        if r.bold:
            text = f"<strong>{text}</strong>"
        if r.italic:
            text = f'<em class="muted">{text}</em>'
        if r.colour:
            text = f'<span style="color:{_esc(r.colour)}">{text}</span>'
        out.append(text)
    return "".join(out)


def _paragraph(block: Paragraph) -> str:
    if block.style == "subhead":
        return f"<h3>{_esc(block.text)}</h3>"
    return f'<p class="{block.style}">{_runs(block.runs)}</p>'


def _table(block: Table) -> str:
    total = sum(block.widths)
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in block.widths)
    numeric = block.numeric or (False,) * len(block.headers)
    head = "".join(f'<th{" class=num" if n else ""}>{_esc(h)}</th>' for h, n in zip(block.headers, numeric))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if n else ""}>{_runs(c)}</td>' for c, n in zip(row, numeric))
                   + "</tr>" for row in block.rows)
    caption = f"<caption>{_esc(block.caption)}</caption>" if block.caption else ""
    small = ' class="small"' if block.small else ""
    return (f'<div class="scroll"><table{small}>{caption}<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def inline_svg(svg: str, prefix: str, alt: str) -> str:
    """matplotlib's SVG made fit to sit inside the page: no XML prologue, no fixed size (the
    viewBox keeps the shape), ids prefixed so that two charts never share one."""
    svg = _SVG_HEAD.sub("", svg, count=1)
    for _ in range(2):
        svg = _SVG_SIZE.sub(r"\1", svg, count=1)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_esc(alt)}" ', 1)


def _figure(block: Figure, number: int, warn) -> str:
    svg = inline_svg(render(block, "svg", warn).decode("utf-8"), f"f{number}-", block.alt or block.caption)
    caption = f"<figcaption>{_esc(block.caption)}</figcaption>" if block.caption else ""
    width = f' style="max-width:{100 * block.width:.0f}%"' if block.width < 1 else ""
    return f"<figure{width}>{svg}{caption}</figure>"


def _blocks(blocks, counter: list[int], warn) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(_paragraph(block))
        elif isinstance(block, Table):
            out.append(_table(block))
        else:
            counter[0] += 1
            out.append(_figure(block, counter[0], warn))
    return "\n".join(out)


def _section(section: Section, counter: list[int], warn) -> str:
    cls = ' class="new-page"' if section.new_page else ""
    return (f'<section id="{_esc(section.id)}"{cls}><h2>{_esc(section.heading)}</h2>\n'
            f"{_blocks(section.blocks, counter, warn)}</section>")


def html_text(brief: Brief, warn: Callable[[str], None] | None = None) -> str:
    counter = [0]
    lang = "zh-CN" if brief.lang == "zh" else "en"
    parts = [f'<section class="answer" id="answer"><h1>{_esc(brief.title)}</h1>\n'
             f"{_blocks(brief.answer, counter, warn)}</section>"]
    parts += [_section(s, counter, warn) for s in brief.sections]
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="matrank">\n<title>{_esc(brief.title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(parts)
            + f"\n<footer>{_esc(brief.footer)}</footer>\n</main>\n</body>\n</html>\n")


def write_html(brief: Brief, path: str | Path, lang: str = "en", *, force: bool = False, inputs=(),
               warn: Callable[[str], None] | None = None) -> Path:
    return write_text_atomic(path, html_text(brief, warn), force=force, inputs=inputs)


__all__ = ["write_html", "html_text", "inline_svg", "CSS"]
