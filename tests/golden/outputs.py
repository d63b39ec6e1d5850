"""The JSON every shipped command prints on fixed inputs: the reference that a refactoring
must leave unchanged, number for number (``test_golden.py``).

``python tests/golden/outputs.py`` rewrites ``tests/golden/*.json`` from the code as it is;
do that only when a change of a number is intended, and say why in the commit.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
DATA = TESTS / "data"

AHP_CSV = """,import_dependence,patent_control,validation_cycle,market_pull
import_dependence,1,2,3,4
patent_control,,1,2,3
validation_cycle,,,1,
market_pull,,,,1
"""
CARS_CSV = """id,price,comfort,safety
a,25000,7,9
b,18000,5,6
c,30000,9,8
"""

GOV = {("import_dependence", "patent_control"): 2, ("import_dependence", "validation_cycle"): 3,
       ("import_dependence", "market_pull"): 4, ("patent_control", "validation_cycle"): 2,
       ("patent_control", "market_pull"): 3, ("validation_cycle", "market_pull"): 2}
MARKET = {("import_dependence", "patent_control"): 2, ("import_dependence", "validation_cycle"): 1,
          ("import_dependence", "market_pull"): 1 / 3, ("patent_control", "validation_cycle"): 1 / 2,
          ("patent_control", "market_pull"): 1 / 5, ("validation_cycle", "market_pull"): 1 / 4}
CIRCULAR = {**GOV, ("import_dependence", "market_pull"): 1 / 5, ("patent_control", "market_pull"): 1 / 3}
CHAIN = {("import_dependence", "patent_control"): 3, ("patent_control", "validation_cycle"): 2,
         ("validation_cycle", "market_pull"): 1}


@contextmanager
def _cwd(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _run(*args: str) -> dict:
    from click.testing import CliRunner

    from matrank.cli import cli
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


def _panel(folder: Path, case: str, rated: str) -> None:
    """The README's five-expert panel (fill_panel.py), for ``case``."""
    from matrank.casefiles import load_case
    from matrank.workbooks.fill import fill_workbook
    from matrank.workbooks.template import write_templates

    write_templates(load_case(case), folder / "panel", 5, ("government", "market"), "both", True)
    answers = {
        "expert-01.xlsx": dict(name="Li Wei", organisation="Materials institute", role="supplier",
                               judgments={"government": GOV, "market": MARKET},
                               ratings={(rated, "validation_cycle"): 7}),
        "expert-02.xlsx": dict(name="Wang Fang", organisation="Wafer fab", role="user",
                               judgments={"government": {**GOV, ("import_dependence", "patent_control"): 3},
                                          "market": {**MARKET, ("import_dependence", "market_pull"): 1 / 4}},
                               ratings={(rated, "validation_cycle"): 9}),
        "expert-03.xlsx": dict(name="Zhao Lei", role="stakeholder",
                               judgments={"government": CIRCULAR, "market": MARKET}),
        "expert-04.xlsx": dict(name="Chen Jing", role="user", judgments={"government": CHAIN, "market": MARKET}),
        "expert-05.xlsx": dict(name="Sun Hao"),
    }
    (folder / "filled").mkdir()
    for name, given in answers.items():
        fill_workbook(folder / "panel" / name, folder / "filled" / name, force=True, **given)


def outputs(work: Path) -> dict[str, dict]:
    """name → the JSON document, computed in the empty folder ``work``."""
    out: dict[str, dict] = {}
    with _cwd(work):
        Path("judgments.csv").write_text(AHP_CSV)
        Path("cars.csv").write_text(CARS_CSV)
        out["ahp"] = _run("ahp", "judgments.csv", "--format", "json")
        out["ahp_geometric"] = _run("ahp", "judgments.csv", "--method", "geometric", "--ri", "saaty2008",
                                    "--format", "json")
        out["topsis"] = _run("topsis", "cars.csv", "--weights", "0.3,0.2,0.5", "--types", "cost,benefit,benefit",
                             "--format", "json")
        out["topsis_minmax"] = _run("topsis", "cars.csv", "--weights", "3,2,5", "--types", "min,max,max",
                                    "--normalization", "minmax", "--format", "json")
        mini = str(DATA / "mini.yaml")
        for name, case in (("default", "key-strategic-materials"), ("shenzhen", "shenzhen-2022"), ("mini", mini)):
            out[f"rank_{name}"] = _run("rank", case, "--format", "json")
            out[f"rank_{name}_median"] = _run("rank", case, "--split", "median", "--policy-mix", "0.7",
                                              "--format", "json")
            out[f"sensitivity_{name}"] = _run("sensitivity", case, "--format", "json")
        out["rank_default_minmax_geometric"] = _run("rank", "--normalization", "minmax", "--method", "geometric",
                                                    "--ri", "saaty2008", "--format", "json")
        out["rank_mini_confidence"] = _run("rank", mini, "--confidence", "--format", "json")
        out["explain_default"] = _run("rank", "--explain", "photoresist-krf-arf", "--format", "json")
        out["explain_mini"] = _run("rank", mini, "--explain", "euv", "--format", "json")
        out["sensitivity_mini_fixed_uniform"] = _run("sensitivity", mini, "--values", "fixed", "--weight-source",
                                                     "uniform", "--samples", "5000", "--seed", "7",
                                                     "--format", "json")
        out["sensitivity_default_median"] = _run("sensitivity", "--split", "median", "--samples", "3000",
                                                 "--concentration", "50", "--format", "json")
        for name, case, rated in (("default", "key-strategic-materials", "photoresist-krf-arf"),
                                  ("shenzhen", "shenzhen-2022", None)):
            folder = Path(f"panel-{name}")
            folder.mkdir()
            from matrank.casefiles import load_case
            if rated is None:
                from matrank.workbooks.layout import rating_items
                rated = rating_items(load_case(case))[0].material
            _panel(folder, case, rated)
            with _cwd(folder):
                out[f"collect_{name}"] = _run("panel", "collect", "filled/", "--case", case, "--format", "json",
                                              "--weights-out", "weights.json")
                out[f"collect_{name}_aip"] = _run("panel", "collect", "filled/", "--case", case, "--aggregate",
                                                  "aip", "--on-inconsistent", "include", "--format", "json")
                out[f"rank_{name}_panel"] = _run("rank", case, "--weights", "weights.json", "--format", "json")
                out[f"sensitivity_{name}_panel"] = _run("sensitivity", case, "--weights", "weights.json",
                                                        "--samples", "3000", "--format", "json")
    return out


def main() -> None:
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        docs = outputs(Path(tmp))
    for name, doc in docs.items():
        (HERE / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(docs)} reference outputs to {HERE}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(TESTS))
    main()
