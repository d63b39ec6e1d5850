"""``--ratings-from``: whose ratings of estimates count when an expert's lenses were excluded,
and a note on every such expert either way (nothing silent)."""

from __future__ import annotations

import pytest
from conftest import error_line, invoke
from panel_helpers import GOV, INCONSISTENT, MARKET, MINI, fill, templates

from matrank.options import PanelOptions
from matrank.workbooks.collect import collect


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ratings-from")
    tpl = templates(tmp / "tpl", 1)[0]
    out = tmp / "filled"
    fill(tpl, out / "consistent.xlsx", name="A", judgments={"government": GOV[0], "market": MARKET[0]},
         ratings={("sic", "market_pull"): 9})
    fill(tpl, out / "inconsistent.xlsx", name="B", judgments={"government": INCONSISTENT, "market": INCONSISTENT},
         ratings={("sic", "market_pull"): 1})
    return out


def rating(result):
    (only,) = [r for r in result.ratings if r.criterion == "market_pull"]
    return only


def test_all_keeps_an_excluded_experts_ratings_and_says_so(folder):
    result = collect([str(folder)], str(MINI))
    r = rating(result)
    assert r.experts == 2 and r.rating == pytest.approx(3.0)          # √(9 · 1)
    (b,) = [e for e in result.experts if e.name == "B"]
    assert b.status == "excluded"
    assert any("ratings are kept (--ratings-from all)" in n for n in b.notes), b.notes


def test_used_drops_them_and_says_so(folder):
    result = collect([str(folder)], str(MINI), PanelOptions(ratings_from="used"))
    r = rating(result)
    assert r.experts == 1 and r.rating == pytest.approx(9.0)
    (b,) = [e for e in result.experts if e.name == "B"]
    assert any("left out (--ratings-from used)" in n for n in b.notes), b.notes
    (a,) = [e for e in result.experts if e.name == "A"]
    assert not any("ratings" in n for n in a.notes)


def test_the_cli_takes_the_rule_and_records_it(folder, runner):
    import json
    done = invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "--ratings-from", "used",
                  "--format", "json")
    assert done.exit_code == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["provenance"]["ratings_from"] == "used"
    bad = invoke(runner, "panel", "collect", str(folder), "--case", str(MINI), "--ratings-from", "some")
    error_line(bad, 2, "--ratings-from")
