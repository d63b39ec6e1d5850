"""The expert workbook printed (issue 11, item 4): headless LibreOffice makes the PDF, pdftotext
reads it back. Every label whole, the criteria table on one page, steps numbered without gaps,
one page per lens sheet, and the matrix printed at 9 pt or more."""

from __future__ import annotations

import re
import shutil
import subprocess

import openpyxl
import pytest
from panel_helpers import mini_case, templates
from workbook_lo import SOFFICE, to_pdf

from matrank.casefiles import load_case
from matrank.labels import LABELS
from matrank.reports.xlsx import CJK_FONT, LATIN_FONT
from matrank.workbooks.layout import INSTRUCTIONS_SHEET

pytestmark = pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice or poppler's pdftotext is not installed")
SUMMARY_KEYS = ("panel.summary.judgments", "panel.summary.ci", "panel.summary.cr", "panel.summary.threshold",
                "panel.verdict.empty", "panel.worst.pair", "panel.worst.now", "panel.worst.implied",
                "panel.worst.suggested")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("print")
    case = load_case(None)
    books = {}
    for lang in ("en", "zh", "both"):
        made = templates(tmp / lang, 1, ratings=False, case=case, lang=lang)[0]
        books[lang] = made.rename(made.with_name(f"workbook-{lang}.xlsx"))
    reference = tmp / "reference.xlsx"
    _reference_book(reference)
    pdfs = to_pdf([books["en"], books["zh"], books["both"], reference], tmp)
    return books, dict(zip(("en", "zh", "both", "reference"), pdfs))


def _reference_book(path) -> None:
    """The same words at 11 pt, printed at 100 %: how tall 11 pt is in each font."""
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    for row, font in ((1, LATIN_FONT), (2, CJK_FONT)):
        ws.cell(row=row, column=1, value="Import 进口依赖度").font = Font(name=font, size=11, bold=True)
    ws.page_setup.scale = 100
    wb.save(path)


def page_text(pdf, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def whole(label: str, page: str) -> bool:
    """The label's characters in order within a stretch of the page's text at most three times
    its length: a label wrapped in its cell (and read line by line, between the lines of the
    cells beside it) is whole; one cut off by its cell misses its end."""
    label, page = squeezed(label), squeezed(page)
    for start in (m.start() for m in re.finditer(re.escape(label[0]), page)):
        k, pos = 0, start
        while k < len(label) and pos < len(page) and pos - start < 3 * len(label):
            if page[pos] == label[k]:
                k += 1
            pos += 1
        if k == len(label):
            return True
    return False


def pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def lens_pages(pdf) -> list[int]:
    """The pages whose first line is a lens sheet's title."""
    return [p for p in range(1, pages(pdf) + 1)
            if re.search(r"(pairwise comparison of the criteria|准则两两比较)", page_text(pdf, p).split("\n")[0])]


def test_one_page_per_lens_sheet_and_the_criteria_table_on_a_page_of_its_own(printed):
    _, pdfs = printed
    for lang in ("en", "zh", "both"):
        pdf = pdfs[lang]
        # instructions (the steps, then the criteria and the scale: 2 pages, 3 in both languages),
        # the expert sheet, and one page per lens
        assert pages(pdf) == (6 if lang == "both" else 5), lang
        assert lens_pages(pdf) == [pages(pdf) - 1, pages(pdf)], lang
        first_criteria = pages(pdf) - 3
        criteria = squeezed(page_text(pdf, first_criteria))
        assert squeezed(LABELS["panel.criteria.heading"]["zh" if lang != "en" else "en"]) in criteria
        for criterion in ("import_dependence", "patent_control", "validation_cycle", "market_pull"):
            assert f"({criterion})" in criteria, (lang, criterion)      # the table's rows, each whole
            assert all(f"({criterion})" not in squeezed(page_text(pdf, p)) for p in range(1, first_criteria)), lang


def test_every_label_of_the_lens_sheets_is_whole(printed):
    _, pdfs = printed
    for lang in ("en", "zh", "both"):
        pdf = pdfs[lang]
        for page in lens_pages(pdf):
            text = page_text(pdf, page)
            for key in SUMMARY_KEYS:
                for x in (("zh", "en") if lang == "both" else (lang,)):
                    assert whole(LABELS[key][x], text), (lang, page, key)
            question = LABELS["panel.pairwise.question"]["en" if lang != "zh" else "zh"]
            assert whole(question, text), (lang, page)


def test_the_steps_are_numbered_without_gaps(printed):
    books, _ = printed
    for lang, book in books.items():
        ws = openpyxl.load_workbook(book)[INSTRUCTIONS_SHEET]
        numbers = [int(m.group(1)) for row in ws.iter_rows(values_only=True) for v in row
                   if isinstance(v, str) and (m := re.match(r"^(\d+)\. ", v))]
        steps = sorted(set(numbers))
        assert steps == list(range(1, len(steps) + 1)) and len(steps) == 5, (lang, numbers)


def word_heights(pdf, page: int, words) -> list[float]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [float(m.group(2)) - float(m.group(1)) for m in re.finditer(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', out) if m.group(3) in words]


def test_the_matrix_prints_at_9_pt_or_more(printed):
    """The criterion names of a lens sheet (11 pt) must print at least 9/11 as tall as the same
    words printed at 100 %."""
    _, pdfs = printed
    latin = word_heights(pdfs["reference"], 1, {"Import"})
    cjk = word_heights(pdfs["reference"], 1, {"进口依赖度"})
    assert latin and cjk
    for lang in ("en", "zh", "both"):
        full = max(latin + cjk)
        for page in lens_pages(pdfs[lang]):
            heights = word_heights(pdfs[lang], page, {"Import", "进口依赖度"})
            assert heights, (lang, page)
            assert min(heights) >= full * 9 / 11, (lang, page, heights, full)


def test_a_zh_workbook_has_no_english_to_understand(tmp_path):
    wb = openpyxl.load_workbook(templates(tmp_path, 1, ratings=True, case=mini_case(), lang="zh")[0])
    allowed = re.compile(r"^(?:[A-Za-z_]+|CR|CI|RI|AIJ|λmax|saaty1980|Saaty|Harker|B\^\d+|B|S\*|xlsx|xlsm|xls|n|ID|"
                         r"w_[ab]|a|max|[A-H])$")
    for ws in wb:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str) and not v.startswith("="):
                    for word in re.findall(r"[A-Za-z][A-Za-z'’-]{3,}", v):
                        assert word in ws.title or allowed.match(word) or word in IDS_AND_NAMES, (ws.title, v)


IDS_AND_NAMES = {"import_dependence", "patent_control", "validation_cycle", "market_pull", "Government",
                 "Market", "Expert", "Instructions", "Ratings", "Working"}
