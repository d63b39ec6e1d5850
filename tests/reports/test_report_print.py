"""Every file a person opens prints well (issue 11): each workbook a command writes is
converted to PDF by headless LibreOffice and read back with pdftotext; the CSV opens in
Excel on Chinese Windows (UTF-8 with a BOM) and reads back equal through pandas."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from matrank.casefiles import load_case

from conftest import invoke

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_office = pytest.mark.skipif(not (SOFFICE and PDFTOTEXT),
                                  reason="LibreOffice (soffice) and poppler-utils (pdftotext) are needed")
#: Rendered pages are kept here for a person to look at.
OUT = Path(__file__).resolve().parents[2] / "out" / "print"


def only_sheet(src: Path, sheet: str, dst: Path) -> Path:
    """A copy of ``src`` holding ``sheet`` alone (LibreOffice prints every sheet of a workbook)."""
    wb = openpyxl.load_workbook(src)
    for name in wb.sheetnames:
        if name != sheet:
            del wb[name]
    wb.save(dst)
    return dst


def to_pdf(path: Path, folder: Path) -> Path:
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=180)
    return folder / (path.stem + ".pdf")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def squeezed(pdf: Path) -> str:
    """The PDF's text without whitespace and hyphens: a name wrapped inside its cell (where
    pdftotext drops the hyphen at the line's end) still reads whole."""
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return bare(text)


def bare(text: str) -> str:
    return re.sub(r"[\s-]+", "", text)


def keep(pdf: Path, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, OUT / f"{name}.pdf")


@needs_office
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ranking_workbook_prints_on_two_pages_with_every_name_whole(runner, tmp_path, lang):
    out = tmp_path / "ranking.xlsx"
    assert invoke(runner, "rank", "--lang", lang, "-o", str(out)).exit_code == 0
    sheet = "排序" if lang == "zh" else "ranking"
    pdf = to_pdf(only_sheet(out, sheet, tmp_path / "ranking-only.xlsx"), tmp_path)
    keep(pdf, f"ranking-{lang}")
    assert pages(pdf) <= 2
    text = squeezed(pdf)
    for m in load_case().materials:
        assert bare(m.name(lang)) in text, m.id
    for header in ("排名", "材料", "梯队", "综合") if lang == "zh" else ("Rank", "Material", "Tier", "Composite"):
        assert header in text                                # headers are not clipped away


@needs_office
def test_sensitivity_summary_prints_on_at_most_three_pages(runner, tmp_path):
    out = tmp_path / "sensitivity.xlsx"
    assert invoke(runner, "sensitivity", "--lang", "zh", "--samples", "2000", "-o", str(out)).exit_code == 0
    pdf = to_pdf(only_sheet(out, "摘要", tmp_path / "summary-only.xlsx"), tmp_path)
    keep(pdf, "sensitivity-summary-zh")
    assert pages(pdf) <= 3
    text = squeezed(pdf)
    for m in load_case().materials:
        assert bare(m.name("zh")) in text, m.id
    assert "阅读须知" in text and "梯队概率" in text


@needs_office
def test_exported_case_prints_each_material_whole(runner, tmp_path):
    out = tmp_path / "case.xlsx"
    assert invoke(runner, "case", "export", "-o", str(out)).exit_code == 0
    pdf = to_pdf(only_sheet(out, "materials", tmp_path / "materials-only.xlsx"), tmp_path)
    keep(pdf, "case-materials")
    assert pages(pdf) <= 2
    text = squeezed(pdf)
    for m in load_case().materials:
        assert bare(m.name("zh")) in text and bare(m.name("en")) in text, m.id


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv_has_a_bom_and_reads_back_equal_through_pandas(runner, lang):
    text = invoke(runner, "rank", "--format", "csv", "--lang", lang).stdout
    assert text.startswith("\ufeff")
    frame = pd.read_csv(io.BytesIO(text.encode("utf-8")), encoding="utf-8-sig")
    names = [m.name(lang) for m in load_case().materials]
    assert sorted(frame.iloc[:, 2]) == sorted(names)
    assert list(frame.iloc[:, 0]) == list(range(1, len(names) + 1))
    plain = invoke(runner, "rank", "--format", "csv", "--lang", lang, "--no-bom").stdout
    assert not plain.startswith("\ufeff") and plain == text[1:]
