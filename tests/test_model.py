"""The typed objects the methods trust."""

from __future__ import annotations

import pytest
from conftest import DATA

from matrank.casefiles import load_case


def test_a_case_finds_its_materials_by_id():
    case = load_case(str(DATA / "mini.yaml"))
    assert case.material("euv").name("zh") == "EUV光刻胶"
    with pytest.raises(KeyError, match="unobtainium"):
        case.material("unobtainium")
    assert case.criteria_hash == load_case(str(DATA / "mini.yaml")).criteria_hash
