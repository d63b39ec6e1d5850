"""Shared pieces for the panel tests: templates, scripted answers, workbook surgery."""

from __future__ import annotations

import itertools
import shutil
import zipfile
from pathlib import Path

from conftest import DATA

from matrank.casefiles import load_case
from matrank.mcda.ahp import nearest_saaty
from matrank.workbooks.fill import fill_workbook
from matrank.workbooks.template import write_templates

MINI = DATA / "mini.yaml"
IDS = ("import_dependence", "patent_control", "validation_cycle", "market_pull")


def mini_case():
    return load_case(str(MINI))


def from_weights(weights, ids=IDS) -> dict:
    """Saaty-scale judgments close to what these weights imply (a nearly consistent expert)."""
    w = dict(zip(ids, weights))
    return {(a, b): nearest_saaty(w[a] / w[b]) for a, b in itertools.combinations(ids, 2)}


GOV = [from_weights(w) for w in ([4, 3, 2, 1], [5, 2, 2, 1], [3, 3, 1, 1], [4, 2, 2, 1])]
MARKET = [from_weights(w) for w in ([1, 1, 2, 5], [2, 1, 2, 6], [1, 1, 1, 4], [1, 2, 2, 5])]
#: A cycle of strong judgments: CR far above 0.1.
INCONSISTENT = {("import_dependence", "patent_control"): 9, ("patent_control", "validation_cycle"): 9,
                ("validation_cycle", "market_pull"): 9, ("import_dependence", "market_pull"): 1 / 9,
                ("import_dependence", "validation_cycle"): 1 / 9, ("patent_control", "market_pull"): 1}
#: Three judgments that chain all four criteria (the other three are completed by Harker).
CHAIN = {("import_dependence", "patent_control"): 2, ("patent_control", "validation_cycle"): 3,
         ("validation_cycle", "market_pull"): 2}
#: Two pairs that leave {validation_cycle} and {market_pull} unlinked.
DISCONNECTED = {("import_dependence", "patent_control"): 2}


def templates(folder: Path, count: int, lenses=("government", "market"), ratings=True, case=None,
              lang="both") -> list[Path]:
    return write_templates(case or mini_case(), folder, count, lenses, lang, ratings)


def fill(template: Path, out: Path, **answers) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    return fill_workbook(template, out, force=True, **answers)


def rewrite_zip(src: Path, dst: Path, changes: dict[str, bytes | None], extra: dict[str, bytes] = {}) -> Path:
    """Copy an .xlsx, replacing (or dropping, with None) some of its parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in changes:
                if changes[item.filename] is not None:
                    zout.writestr(item.filename, changes[item.filename])
            else:
                zout.writestr(item, zin.read(item.filename))
        for name, data in extra.items():
            zout.writestr(name, data)
    return dst


def copy(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


def by_file(result) -> dict:
    return {Path(e.file).name: e for e in result.experts}
