"""The brief as a reader gets it: the Word file printed to PDF by headless LibreOffice, the HTML
printed to PDF by headless Chromium, in Chinese and English, on the default case. Each PDF's
text holds every material's name, the four tier names and the P(tier) figures; page 1 holds
the whole answer and page 2 starts what would change it; the Chinese PDFs embed a CJK font;
the HTML asks for nothing else. The pages are saved as PNG for a person to look at
($MATRANK_TEST_OUT, else out/brief-pages/ in the checkout). Skipped without soffice or
Chromium, as the other LibreOffice tests are."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO

from matrank.api import load_case, rank_case
from matrank.labels import label
from matrank.model import TIERS
from matrank.options import SensitivityOptions
from matrank.reports.brief.content import build
from matrank.reports.brief.data import BriefData
from matrank.reports.brief.docx_writer import write_docx
from matrank.reports.brief.html_writer import write_html
from matrank.sensitivity import sensitivity

pytest.importorskip("docx")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts, pdftoppm) not installed")
PAGES = Path(os.environ.get("MATRANK_TEST_OUT") or REPO / "out") / "brief-pages"
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    """Word and HTML briefs of the default case in both languages, 10,000 samples."""
    tmp = tmp_path_factory.mktemp("briefs")
    s = sensitivity(rank_case(load_case()), SensitivityOptions(samples=10_000))
    data = BriefData(s, None, None, None, "matrank report", "2026-03-31")
    for lang in LANGS:
        brief = build(data, lang)
        write_docx(brief, tmp / f"brief-{lang}.docx", lang)
        write_html(brief, tmp / f"brief-{lang}.html", lang)
    return tmp, data


def _docx_pdfs(folder: Path) -> None:
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(folder / "docx")]
                   + [str(folder / f"brief-{lang}.docx") for lang in LANGS], capture_output=True, timeout=300)


def _html_pdf(folder: Path, lang: str) -> None:
    out = folder / "html" / f"brief-{lang}.pdf"
    out.parent.mkdir(exist_ok=True)
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={folder / 'chromium'}", f"--print-to-pdf={out}",
                    (folder / f"brief-{lang}.html").as_uri()], capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def pdfs(briefs):
    """{(kind, lang): PDF path}, for the renderers installed here; the pages saved as PNG."""
    folder, _ = briefs
    out = {}
    if SOFFICE:
        _docx_pdfs(folder)
        out.update({("docx", lang): folder / "docx" / f"brief-{lang}.pdf" for lang in LANGS})
    if CHROMIUM:
        for lang in LANGS:
            _html_pdf(folder, lang)
            out[("html", lang)] = folder / "html" / f"brief-{lang}.pdf"
    PAGES.mkdir(parents=True, exist_ok=True)
    for (kind, lang), pdf in out.items():
        assert pdf.is_file(), f"{kind} → PDF failed for {lang}"       # soffice exits 0 even when it fails
        for old in PAGES.glob(f"{kind}-{lang}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(PAGES / f"{kind}-{lang}")], check=True)
    return out


KINDS = [pytest.param("docx", marks=pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not installed")),
         pytest.param("html", marks=pytest.mark.skipif(not CHROMIUM, reason="Chromium is not installed"))]


#: Where page 1's materials column starts, in points from the page's left edge (14 mm margin +
#: 16 % of the text width): left of it, the tier names, which pdftotext would otherwise
#: interleave with the materials' lines.
MATERIALS_X = 125


def _text(pdf: Path, first: int | None = None, last: int | None = None, x: int = 0) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    crop = ["-x", str(x), "-y", "0", "-W", "2000", "-H", "2000"] if x else []
    return subprocess.run(["pdftotext", *pages, *crop, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _squeezed(text: str) -> str:
    """Without spaces, line breaks and hyphens: a name broken over two lines of a table cell
    (pdftotext drops a hyphen at a line's end) is one again."""
    return re.sub(r"[\s\-‐]+", "", text)


def _holds(text: str, materials: str, data: BriefData, lang: str) -> None:
    """The four tier names in ``text``; in ``materials`` (the materials column) every material's
    name, and each P(tier) figure as often as the materials have it."""
    for tier in TIERS:
        assert _squeezed(label(f"tier.{tier}", lang)) in _squeezed(text)
    squeezed = _squeezed(materials)
    for m in data.rank.case.materials:
        assert _squeezed(m.name(lang)) in squeezed, m.id
    figures = Counter(f"{float(p):.2f}" for p in data.sensitivity.confidence)
    found = Counter(re.findall(r"(?<![\d.])[01]\.\d\d(?!\d)", materials))
    assert all(found[f] >= n for f, n in figures.items()), (figures, found)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_page_one_holds_the_answer(pdfs, briefs, kind, lang):
    """Every material's name (the Chinese names in the Chinese brief), the tier names and the
    P(tier) figures on page 1, and page 2 starting what would change it."""
    _, data = briefs
    page1 = _text(pdfs[kind, lang], 1, 1)
    _holds(page1, _text(pdfs[kind, lang], 1, 1, x=MATERIALS_X), data, lang)
    assert _squeezed(label("brief.caveat.heading", lang)) in _squeezed(page1)
    page2 = _text(pdfs[kind, lang], 2, 2).strip()
    assert _squeezed(page2).startswith(_squeezed(label("brief.whatif.heading", lang)))


@pytest.mark.parametrize("kind", KINDS)
def test_chinese_text_is_set_in_an_embedded_cjk_font(pdfs, kind):
    fonts = subprocess.run(["pdffonts", str(pdfs[kind, "zh"])], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines()[2:] if re.search(r"CJK|Hei|YaHei|WenQuanYi|Source\s?Han|PingFang|SimSun",
                                                                 line, re.I)]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts


def test_html_names_no_external_resource(briefs):
    folder, _ = briefs
    for lang in LANGS:
        text = (folder / f"brief-{lang}.html").read_text(encoding="utf-8")
        assert not re.search(r"<(link|script|img|iframe|object|embed)\b|@import|url\((?!#)", text)
        assert all(ref.startswith(("#", "data:")) for ref in re.findall(r'(?:src|href)="([^"]*)"', text))


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not installed")
def test_pdf_brief_is_the_word_brief_printed_by_libreoffice(tmp_path):
    from click.testing import CliRunner
    from conftest import DATA, invoke

    out = tmp_path / "brief.pdf"
    result = invoke(CliRunner(), "report", str(DATA / "mini.yaml"), "--samples", "500", "--lang", "zh",
                    "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:5] == b"%PDF-"
    case = load_case(str(DATA / "mini.yaml"))
    text = _squeezed(_text(out))
    assert all(_squeezed(m.names["zh"]) in text for m in case.materials)
