"""Headless LibreOffice as an expert's spreadsheet app, for the round-trip tests.

* :func:`recalculate`: open and save as .xlsx (what saving a workbook in LibreOffice does).
* :func:`lo_fill`: answer cells as a person does, through LibreOffice's own input line: a Basic
  macro selects each cell and dispatches ``.uno:EnterString`` (the path a typed value or a
  drop-down choice takes, so "1/3" becomes what LibreOffice makes of it), or puts a value past the
  drop-down (``setValue``/``setString``, as a paste does); then saves as .xlsx or .ods.

Texts travel to the macro as code points (``Chr``), so that Chinese names survive whatever the
locale. Every run has its own profile; ``soffice`` exits 0 even when a file fails to load, so
every output is checked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice")

MACRO = r"""
Function Decode(ByVal coded As String) As String
  Dim res As String
  Dim tokens As Variant
  Dim k As Integer
  Dim code As Long
  res = ""
  If Len(coded) > 0 Then
    tokens = Split(coded, " ")
    For k = 0 To UBound(tokens)
      code = CLng("&H" & tokens(k))
      If code < 0 Then code = code + 65536
      res = res & Chr(code)
    Next k
  End If
  Decode = res
End Function

Sub FillAll
  On Error GoTo Failed
  Dim props(0) As New com.sun.star.beans.PropertyValue
  Dim save(0) As New com.sun.star.beans.PropertyValue
  Dim s(0) As New com.sun.star.beans.PropertyValue
  props(0).Name = "Hidden" : props(0).Value = True
  s(0).Name = "StringName"
  disp = createUnoService("com.sun.star.frame.DispatchHelper")
  n = FreeFile
  Open Environ("MATRANK_LO_JOBS") For Input As #n
  Do While Not EOF(n)
    Line Input #n, job
    parts = Split(job, Chr(9))
    Select Case parts(0)
      Case "open"
        doc = StarDesktop.loadComponentFromURL(ConvertToURL(Decode(parts(1))), "_blank", 0, props())
        ctrl = doc.getCurrentController()
      Case "enter"
        sheet = doc.Sheets.getByIndex(CInt(parts(1)))
        ctrl.setActiveSheet(sheet)
        ctrl.select(sheet.getCellRangeByName(parts(2)))
        s(0).Value = Decode(parts(3))
        disp.executeDispatch(ctrl.Frame, ".uno:EnterString", "", 0, s())
      Case "value"
        doc.Sheets.getByIndex(CInt(parts(1))).getCellRangeByName(parts(2)).setValue(CDbl(parts(3)))
      Case "string"
        doc.Sheets.getByIndex(CInt(parts(1))).getCellRangeByName(parts(2)).setString(Decode(parts(3)))
      Case "clear"
        doc.Sheets.getByIndex(CInt(parts(1))).getCellRangeByName(parts(2)).setString("")
      Case "save"
        save(0).Name = "FilterName" : save(0).Value = parts(2)
        doc.calculateAll()
        doc.storeToURL(ConvertToURL(Decode(parts(1))), save())
        doc.close(True)
    End Select
  Loop
  Close #n
  StarDesktop.terminate()
  Exit Sub
Failed:
  ' a Basic error would open a dialog and wait for ever: write it down and stop instead
  e = FreeFile
  Open Environ("MATRANK_LO_JOBS") & ".error" For Output As #e
  Print #e, "line " & Erl & ": " & Error$
  Close #e
  StarDesktop.terminate()
End Sub
"""

FILTERS = {".xlsx": "Calc MS Excel 2007 XML", ".ods": "calc8"}


def _code(text: str) -> str:
    return " ".join(f"{ord(c):X}" for c in text)


def _profile(folder: Path) -> str:
    """A fresh LibreOffice profile with the filling macro in its Standard library."""
    profile = folder / "lo-profile"
    url = profile.as_uri()
    if not (profile / "user" / "basic" / "Standard").is_dir():
        subprocess.run([SOFFICE, f"-env:UserInstallation={url}", "--headless", "--norestore",
                        "--terminate_after_init"], capture_output=True, timeout=120)
    # recalculate every workbook on load, without asking (a question would wait for ever headless)
    settings = profile / "user" / "registrymodifications.xcu"
    items = "".join(f'<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="{name}" '
                    f'oor:op="fuse"><value>0</value></prop></item>' for name in ("OOXMLRecalcMode", "ODFRecalcMode"))
    xcu = settings.read_text(encoding="utf-8")
    if "OOXMLRecalcMode" not in xcu:
        settings.write_text(xcu.replace("</oor:items>", items + "</oor:items>"), encoding="utf-8")
    body = MACRO.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD '
        'OfficeDocument 1.0//EN" "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
        f'script:name="Module1" script:language="StarBasic">{body}</script:module>', encoding="utf-8")
    return url


def lo_fill(jobs: list[tuple[Path, Path, list[tuple]]], folder: Path) -> list[Path]:
    """For each (workbook, output, answers): open the workbook in LibreOffice, put each answer
    (``("enter", sheet index, cell, text)`` typed or chosen; ``("value", sheet, cell, number)`` or
    ``("string", sheet, cell, text)`` pasted; ``("clear", sheet, cell)``), and save to the output
    (.xlsx or .ods by its suffix). One LibreOffice run per workbook: a second document opened by
    the same run's macro crashes LibreOffice 7.4 headless."""
    folder.mkdir(parents=True, exist_ok=True)
    url = _profile(folder)
    for k, (source, out, answers) in enumerate(jobs):
        out.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"open\t{_code(str(source.resolve()))}"]
        for answer in answers:
            kind, sheet, cell = answer[:3]
            value = answer[3] if len(answer) > 3 else ""
            shown = repr(float(value)) if kind == "value" else _code(str(value))
            lines.append(f"{kind}\t{sheet}\t{cell}\t{shown}")
        lines.append(f"save\t{_code(str(out.resolve()))}\t{FILTERS[out.suffix]}")
        jobs_file = folder / f"jobs-{k}.tsv"
        jobs_file.write_text("\n".join(lines) + "\n", encoding="ascii")
        done = subprocess.run([SOFFICE, f"-env:UserInstallation={url}", "--headless", "--norestore",
                               "macro:///Standard.Module1.FillAll"], capture_output=True, text=True, timeout=300,
                              env={**os.environ, "MATRANK_LO_JOBS": str(jobs_file)})
        error = jobs_file.with_name(jobs_file.name + ".error")
        assert not error.exists(), f"the LibreOffice macro failed on {source}: {error.read_text()}"
        assert out.is_file(), f"LibreOffice wrote no {out}: {done.stdout} {done.stderr}"
    return [out for _, out, _ in jobs]


def recalculate(files, folder: Path, to: str = "xlsx") -> list[Path]:
    """Open each file in LibreOffice and save it again (as ``to``) into ``folder``/recalculated."""
    out = folder / "recalculated"
    out.mkdir(parents=True, exist_ok=True)
    profile = (folder / "lo-convert-profile").as_uri()
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                           "--convert-to", to, "--outdir", str(out), *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    outputs = [out / (Path(f).stem + "." + to) for f in files]
    missing = [p.name for p in outputs if not p.is_file()]
    assert not missing, f"LibreOffice wrote no {missing}: {done.stdout} {done.stderr}"
    return outputs


def to_pdf(files, folder: Path) -> list[Path]:
    return recalculate(files, folder, "pdf")
