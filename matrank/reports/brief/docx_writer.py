"""The brief as an editable Word file (python-docx): A4, real tables, figures as PNG at print
resolution, page numbers in the footer, and the fonts named for East Asian text too
(``w:eastAsia`` on every ``w:rFonts``, theme fonts removed) so that Word and WPS show the
Chinese in a Chinese font instead of a fallback.

The same brief gives the same bytes: the document's dates are the brief's date and the zip
entries carry a fixed time.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from matrank.reports.brief.figures import render
from matrank.reports.brief.model import Brief, Figure, Paragraph, Run, Section, Table
from matrank.reports.files import write_bytes_atomic

#: Latin and East Asian fonts: what Word and WPS have on Windows; LibreOffice and others
#: substitute metric-compatible or CJK fonts of their own.
LATIN_FONT = "Arial"
CJK_FONT = "Microsoft YaHei"
PAGE_MM = (210, 297)
MARGIN_MM = 14
TEXT_WIDTH_CM = (PAGE_MM[0] - 2 * MARGIN_MM) / 10
SIZES = {"body": 9, "lead": 9, "small": 7.5, "caveat": 7.5, "subhead": 10.5, "table": 7.5, "table_small": 6.5,
         "h1": 14, "title": 14}
MUTED = "555555"
HEADER_FILL = "EDEFF2"
RULE = "B0B4BA"
#: The time written into the zip entries (a zip's earliest): the same brief, the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _set_fonts(rpr) -> None:
    """Name the Latin and East Asian fonts explicitly on ``w:rPr`` (theme fonts would win)."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(1 if len(rpr) and rpr[0].tag == qn("w:rStyle") else 0, fonts)
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def _styles(doc) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang_el)
    # Latin text is English in either brief (names, bases, ids): it breaks between words; Chinese
    # text takes the East Asian language and breaks between characters.
    lang_el.set(qn("w:val"), "en-GB")
    lang_el.set(qn("w:eastAsia"), "zh-CN")
    for fonts in list(doc.styles.element.iter(qn("w:rFonts"))):   # linked character styles too
        _set_fonts(fonts.getparent())
    for name, size in (("Normal", SIZES["body"]), ("Title", SIZES["title"]), ("Heading 1", SIZES["h1"]),
                       ("Heading 2", SIZES["subhead"]), ("Caption", SIZES["small"])):
        style = doc.styles[name]
        _set_fonts(style.element.get_or_add_rPr())
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor.from_string("1F2A44")
            style.paragraph_format.keep_with_next = name != "Caption"
    normal = doc.styles["Normal"].paragraph_format
    normal.space_after = Pt(3)
    normal.line_spacing = 1.1
    doc.styles["Title"].paragraph_format.space_after = Pt(2)
    for name, before in (("Heading 1", 0), ("Heading 2", 8)):
        doc.styles[name].paragraph_format.space_before = Pt(before)
        doc.styles[name].paragraph_format.space_after = Pt(4)


def _field(paragraph, code: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) that Word, WPS and LibreOffice fill in."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def mark(kind: str) -> None:
        run = paragraph.add_run()
        run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))

    mark("begin")
    run = paragraph.add_run()
    instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
    instr.text = f" {code} "
    run._r.append(instr)
    mark("separate")
    paragraph.add_run("1").font.size = Pt(size)
    mark("end")


def _page(doc, brief: Brief) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.footer_distance = Mm(6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(brief.footer + "  ·  ").font.size = Pt(SIZES["small"])
    _field(footer, "PAGE", SIZES["small"])
    footer.add_run(" / ").font.size = Pt(SIZES["small"])
    _field(footer, "NUMPAGES", SIZES["small"])


def _runs(paragraph, runs: tuple[Run, ...] | str, size: float | None = None, *, muted: bool = False) -> None:
    from docx.shared import Pt, RGBColor

    for r in (Run(runs),) if isinstance(runs, str) else runs:
        lines = r.text.split("\n")
        for k, line in enumerate(lines):
            run = paragraph.add_run(line)
            if k < len(lines) - 1:
                run.add_break()
            run.bold = r.bold or None
            run.italic = r.italic or None
            if size is not None:
                run.font.size = Pt(size)
            colour = r.colour.lstrip("#") if r.colour else (MUTED if muted and r.italic else None)
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour.upper())


#: What follows ``w:shd`` inside a cell's and a paragraph's properties: Word refuses elements
#: out of the schema's order.
AFTER_SHD = {"tc": ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
             "p": ("w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                   "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                   "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                   "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                   "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")}
AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _shade(pr, kind: str, fill: str) -> None:
    from docx.oxml.ns import qn

    shd = pr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    pr.insert_element_before(shd, *AFTER_SHD[kind])


def _paragraph(doc, block: Paragraph) -> None:
    from docx.shared import Pt, RGBColor

    if block.style == "subhead":
        doc.add_heading(block.text, level=2)
        return
    p = doc.add_paragraph()
    _runs(p, block.runs, SIZES[block.style])
    if block.style in ("small", "lead"):
        for run in p.runs:
            if block.style == "small":
                run.font.color.rgb = RGBColor.from_string(MUTED)
    if block.style == "caveat":
        _shade(p._p.get_or_add_pPr(), "p", "FFF4E0")
        p.paragraph_format.space_before = Pt(3)


def _borders(table) -> None:
    from docx.oxml.ns import qn

    pr = table._tbl.tblPr
    borders = pr.makeelement(qn("w:tblBorders"), {})
    for side in ("top", "bottom", "insideH"):
        borders.append(borders.makeelement(qn(f"w:{side}"), {qn("w:val"): "single", qn("w:sz"): "4",
                                                              qn("w:color"): RULE}))
    pr.insert_element_before(borders, *AFTER_BORDERS)


def _table(doc, block: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    size = SIZES["table_small" if block.small else "table"]
    if block.caption:
        cap = doc.add_paragraph(style="Caption")
        _runs(cap, block.caption, SIZES["small"])
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headers))
    table.autofit = False
    _borders(table)
    total = sum(block.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in block.widths]
    numeric = block.numeric or (False,) * len(block.headers)
    for column, width in zip(table.columns, widths):      # the grid: what LibreOffice lays out by
        column.width = width
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(header._tr.makeelement(qn("w:tblHeader"), {}))
    for k, row in enumerate([block.headers] + list(block.rows)):
        for j, value in enumerate(row):
            cell = table.rows[k].cells[j]
            cell.width = widths[j]
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            if numeric[j] and k:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _runs(p, (Run(value, bold=True),) if k == 0 else value, size, muted=True)
            if k == 0:
                _shade(cell._tc.get_or_add_tcPr(), "tc", HEADER_FILL)
    spacer = doc.add_paragraph().paragraph_format     # keeps two tables apart, takes little room
    spacer.space_after, spacer.line_spacing = Pt(0), Pt(5)


def _figure(doc, block: Figure, warn) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    png = render(block, "png", warn)
    doc.add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM * block.width))
    picture = doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.space_after = Pt(0)
    picture.paragraph_format.keep_with_next = True
    for doc_pr in picture._p.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
        doc_pr.set("descr", block.alt or block.caption)
    if block.caption:
        cap = doc.add_paragraph(style="Caption")
        _runs(cap, block.caption, SIZES["small"])


def _blocks(doc, blocks, warn) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        else:
            _figure(doc, block, warn)


def _section(doc, section: Section, warn) -> None:
    heading = doc.add_heading(section.heading, level=section.level)
    heading.paragraph_format.page_break_before = section.new_page
    _blocks(doc, section.blocks, warn)


def docx_bytes(brief: Brief, warn: Callable[[str], None] | None = None) -> bytes:
    """The Word file's bytes."""
    import docx

    doc = docx.Document()
    _styles(doc)
    _page(doc, brief)
    doc.add_heading(brief.title, level=0)
    _blocks(doc, brief.answer, warn)
    for section in brief.sections:
        _section(doc, section, warn)
    props = doc.core_properties
    when = datetime.strptime(brief.date, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    props.title, props.subject, props.author, props.last_modified_by = brief.title, brief.subject, "matrank", "matrank"
    props.created = props.modified = when
    props.revision = 1
    props.language = "zh-CN" if brief.lang == "zh" else "en-GB"
    out = io.BytesIO()
    doc.save(out)
    return _fixed_times(out.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same zip with every entry dated :data:`ZIP_TIME`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(zipfile.ZipInfo(item.filename, ZIP_TIME), zin.read(item.filename),
                          compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_docx(brief: Brief, path: str | Path, lang: str = "en", *, force: bool = False, inputs=(),
               warn: Callable[[str], None] | None = None) -> Path:
    return write_bytes_atomic(path, docx_bytes(brief, warn), force=force, inputs=inputs)


__all__ = ["write_docx", "docx_bytes", "CJK_FONT", "LATIN_FONT"]
