"""The brief as PDF: the Word file converted by headless LibreOffice, so that the PDF is the
Word file as printed. Without LibreOffice the PDF is refused before any work, naming the
package to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from matrank.errors import OutputError
from matrank.reports.brief.docx_writer import docx_bytes
from matrank.reports.brief.model import Brief
from matrank.reports.files import write_bytes_atomic

#: The names LibreOffice's command goes by.
SOFFICE = ("soffice", "libreoffice")
PACKAGE = "libreoffice-writer-nogui"
#: A conversion that takes longer than this has hung (one takes 2–5 s).
TIMEOUT = 300


def converter() -> str | None:
    """The LibreOffice command on the PATH, or None."""
    for name in SOFFICE:
        found = shutil.which(name)
        if found:
            return found
    return None


def check_converter() -> str:
    found = converter()
    if found is None:
        raise OutputError(f"a PDF brief is the Word brief converted by LibreOffice, which is not installed: "
                          f"apt-get install {PACKAGE} (or write the brief as .docx or .html)")
    return found


def convert(docx: bytes, soffice: str | None = None) -> bytes:
    """PDF bytes of a Word file, by headless LibreOffice with a profile of its own."""
    soffice = soffice or check_converter()
    with tempfile.TemporaryDirectory(prefix="matrank-brief-") as tmp:
        folder = Path(tmp)
        source = folder / "brief.docx"
        source.write_bytes(docx)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder / "out"), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"LibreOffice could not convert the brief to PDF: {exc}; write it as .docx and "
                              "convert it by hand") from None
        pdf = folder / "out" / "brief.pdf"
        if not pdf.is_file():          # soffice exits 0 even when it fails
            tail = " ".join((done.stderr or done.stdout or "no message").split())[-300:]
            raise OutputError(f"LibreOffice did not convert the brief to PDF ({tail}); write it as .docx and "
                              "convert it by hand")
        return pdf.read_bytes()


def write_pdf(brief: Brief, path: str | Path, lang: str = "en", *, force: bool = False, inputs=(),
              warn: Callable[[str], None] | None = None) -> Path:
    return write_bytes_atomic(path, convert(docx_bytes(brief, warn)), force=force, inputs=inputs)


__all__ = ["write_pdf", "convert", "converter", "check_converter", "PACKAGE"]
