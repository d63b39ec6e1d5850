"""Expert workbooks saved by LibreOffice in its own format (.ods) collect like their .xlsx:
values only, the same checks, the same accounting."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from conftest import invoke
from panel_helpers import CHAIN, GOV, INCONSISTENT, MARKET, MINI, fill, mini_case
from workbook_lo import SOFFICE, recalculate

from matrank.workbooks.collect import collect
from matrank.workbooks.discover import is_panel_workbook
from matrank.workbooks.template import write_templates

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def _cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods_bytes(sheets: dict[str, list[list]], *, doctype: bool = False, extra: dict[str, bytes] = {},
              drop: tuple[str, ...] = (), mimetype: str = ODS_MIMETYPE) -> bytes:
    """A minimal OpenDocument spreadsheet holding ``sheets``' values, written by hand (an
    independent writer: not the code under test)."""
    body = "".join(f'<table:table table:name="{escape(name)}">' +
                   "".join("<table:table-row>" + "".join(map(_cell, row)) + "</table:table-row>" for row in rows) +
                   "</table:table>" for name, rows in sheets.items())
    content = ('<?xml version="1.0" encoding="UTF-8"?>' + ('<!DOCTYPE x [<!ENTITY a "b">]>' if doctype else "") +
               f'<office:document-content {NS} office:version="1.3"><office:body><office:spreadsheet>'
               f"{body}</office:spreadsheet></office:body></office:document-content>")
    parts = {"mimetype": mimetype.encode(), "content.xml": content.encode("utf-8"),
             "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest xmlns:manifest='
                                      b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>', **extra}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            if name not in drop:
                zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else None)
    return buf.getvalue()


def as_ods(xlsx: Path, out: Path, **options) -> Path:
    """The saved values of every sheet of ``xlsx``, as an .ods."""
    wb = openpyxl.load_workbook(xlsx, data_only=True)
    sheets = {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    out.write_bytes(ods_bytes(sheets, **options))
    return out


def same_panel(a, b) -> None:
    """Two collections of the same answers: every expert's judgments, ratings, statuses, and
    the panel's weights equal."""
    assert [e.status for e in a.experts] == [e.status for e in b.experts]
    for x, y in zip(a.experts, b.experts):
        assert (x.name, x.organisation, x.role, x.expert_id, x.round) == (y.name, y.organisation, y.role,
                                                                          y.expert_id, y.round)
        assert dict(x.ratings) == dict(y.ratings)
        for lens in x.outcomes:
            assert dict(x.outcomes[lens].judgments) == dict(y.outcomes[lens].judgments)
            assert x.outcomes[lens].status == y.outcomes[lens].status
    assert set(a.lenses) == set(b.lenses)
    for lens in a.lenses:
        assert list(a.lenses[lens].weights) == list(b.lenses[lens].weights)
    assert a.ratings == b.ratings


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ods")
    case = mini_case()
    matrix = write_templates(case, tmp / "tpl-matrix", 3, ("government", "market"), "both", True)
    pairs = write_templates(case, tmp / "tpl-pairs", 1, ("government", "market"), "zh", True, form="pairs")
    answers = [dict(judgments={"government": GOV[0], "market": MARKET[0]}, ratings={}),
               dict(judgments={"government": CHAIN, "market": INCONSISTENT}),
               dict(judgments={"government": GOV[2], "market": MARKET[2]})]
    out = [fill(t, tmp / "xlsx" / t.name, name=f"专家 {k}", organisation="Org", role="user", **a)
           for k, (t, a) in enumerate(zip(matrix, answers))]
    out.append(fill(pairs[0], tmp / "xlsx" / "pairs.xlsx", name="Q", role="user",
                    judgments={"government": GOV[1], "market": MARKET[1]}))
    return tmp, out


def test_an_ods_of_the_same_values_collects_as_its_xlsx(filled):
    tmp, xlsx = filled
    (tmp / "ods").mkdir(exist_ok=True)
    ods = [as_ods(x, tmp / "ods" / (x.stem + ".ods")) for x in xlsx]
    from_xlsx = collect([str(p) for p in xlsx], str(MINI))
    from_ods = collect([str(p) for p in ods], str(MINI))
    assert [e.status for e in from_ods.experts] == ["used", "used", "used", "used"]
    assert from_ods.experts[1].outcomes["market"].status == "excluded"
    same_panel(from_xlsx, from_ods)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_an_ods_saved_by_libreoffice_collects_equal_to_its_xlsx(filled):
    tmp, xlsx = filled
    as_xlsx = recalculate(xlsx, tmp / "lo-xlsx")
    as_ods_files = recalculate(xlsx, tmp / "lo-ods", to="ods")
    assert all(zipfile.ZipFile(p).read("mimetype") == ODS_MIMETYPE.encode() for p in as_ods_files)
    same_panel(collect([str(p) for p in as_xlsx], str(MINI)), collect([str(p) for p in as_ods_files], str(MINI)))
    assert all(is_panel_workbook(p) for p in as_ods_files)


BAD = {
    "macros.ods": (dict(extra={"Basic/Standard/Module1.xml": b"<x/>"}), "contains macros"),
    "dtd.ods": (dict(doctype=True), "DTD"),
    "no-content.ods": (dict(drop=("content.xml",)), "content.xml is missing"),
    "other-mimetype.ods": (dict(mimetype="application/vnd.oasis.opendocument.text"), "not an OpenDocument spreadsheet"),
    "no-meta.ods": (dict(), "no _meta sheet"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_ods_is_rejected_with_its_reason_and_counted(tmp_path, filled, name):
    _, xlsx = filled
    options, reason = BAD[name]
    bad = tmp_path / name
    bad.write_bytes(ods_bytes({"Sheet1": [["nothing here"]]}, **options))
    good = as_ods(xlsx[0], tmp_path / "good.ods")
    result = collect([str(good), str(bad)], str(MINI))
    statuses = {Path(e.file).name: (e.status, e.rejection or "") for e in result.experts}
    assert statuses["good.ods"][0] == "used"
    assert statuses[name][0] == "rejected" and reason in statuses[name][1], statuses[name]


def test_a_file_named_ods_that_is_not_a_zip_is_rejected(tmp_path):
    bad = tmp_path / "text.ods"
    bad.write_text("name,weight\n")
    result = collect([str(bad)], str(MINI))
    assert result.experts[0].status == "rejected" and "corrupt" in result.experts[0].rejection


def test_the_cli_collects_an_ods_folder(tmp_path, filled, runner):
    _, xlsx = filled
    folder = tmp_path / "round"
    folder.mkdir()
    as_ods(xlsx[0], folder / "expert-01.ods")
    (folder / "expert-02.ods").write_bytes(ods_bytes({"Sheet1": [["x"]]}))
    done = invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "--format", "json")
    assert done.exit_code == 0, done.stderr
    experts = {Path(e["file"]).name: e["status"] for e in json.loads(done.stdout)["experts"]}
    assert experts == {"expert-01.ods": "used", "expert-02.ods": "rejected"}
    assert is_panel_workbook(folder / "expert-01.ods") and not is_panel_workbook(folder / "expert-02.ods")
