"""The decision brief (issue 12): ``matrank report`` on the default case with 10,000 samples,
timed as a user runs it, for each format; and the pages the Word and HTML briefs print to
(Word → PDF by headless LibreOffice, HTML → PDF by headless Chromium, when installed).

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_report.py``.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import user_env  # noqa: E402  (first: pins BLAS threads for in-process kernels)

MATRANK = str(Path(sys.executable).with_name("matrank"))
TARGET_S = 10.0


def wall(args: list[str], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([MATRANK, *args], check=True, capture_output=True, env=user_env())
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def pages(pdf: Path) -> str:
    if not pdf.is_file() or not shutil.which("pdfinfo"):
        return "–"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "–")


def printed(folder: Path, name: str) -> Path:
    """The brief printed to PDF as a reader would: Word by LibreOffice, HTML by Chromium."""
    out = folder / "printed" / (Path(name).stem + ".pdf")
    out.parent.mkdir(exist_ok=True)
    soffice = shutil.which("soffice")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if name.endswith(".docx") and soffice:
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(out.parent), str(folder / name)],
                       capture_output=True, timeout=300)
    elif name.endswith(".html") and chromium:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={folder / 'chromium'}", f"--print-to-pdf={out}",
                        (folder / name).as_uri()], capture_output=True, timeout=300)
    return out


def main() -> None:
    print(f"machine: {platform.machine()}, python {platform.python_version()}; commands as run by a user")
    print("case: key-strategic-materials, 45 materials; 10,000 samples; --date fixed")
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        folder = Path(tmp)
        for name, lang in (("brief-en.docx", "en"), ("brief-zh.docx", "zh"), ("brief-en.html", "en"),
                           ("brief-zh.html", "zh")):
            seconds = wall(["report", "--samples", "10000", "--lang", lang, "--date", "2026-03-31", "--quiet",
                            "--force", "-o", str(folder / name)])
            target = f"target ≤ {TARGET_S:g} s" if name == "brief-en.docx" else "no target"
            print(f"matrank report -o {name:14s} {seconds:6.2f} s wall (median of 3; {target}); "
                  f"printed: {pages(printed(folder, name))} pages")
        if shutil.which("soffice"):
            seconds = wall(["report", "--samples", "10000", "--date", "2026-03-31", "--quiet", "--force",
                            "-o", str(folder / "brief-en.pdf")], repeat=1)
            print(f"matrank report -o brief-en.pdf   {seconds:6.2f} s wall (one run; the Word file converted "
                  f"by LibreOffice); {pages(folder / 'brief-en.pdf')} pages")


if __name__ == "__main__":
    main()
