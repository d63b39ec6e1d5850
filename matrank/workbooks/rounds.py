"""``matrank panel collect NEXT --previous ROUND1 [--previous ROUND2 …]``: Delphi rounds linked.

Each round (the folders or files of one ``--previous``, oldest first, then the paths to collect)
is collected on its own (:func:`.collect.collect`): every workbook used, excluded or rejected
with its reason, as in a single round. The rounds are then linked by each workbook's
``expert_id`` (``_meta``):

* a workbook is ``linked`` to the expert's workbook in the latest earlier round that has one,
  and the pairs they judged otherwise are listed (a judgment given ↔ left blank counts);
* a later round's workbook whose id no earlier round has is refused (an id changed by hand, or
  a workbook of another panel); with ``PanelOptions.allow_new_experts`` (an expert joining the
  panel) it is ``new``: used in its own round's aggregate like any other, and reported with
  nothing to compare it with;
* an unreadable workbook has no id (``unidentified``), and is reported in its round;
* earlier experts with no workbook in a round are listed as missing from it.

The result is the last round's :class:`PanelResult` (its weights are the panel's answer) with
every round (:class:`PanelRound`) and per lens the convergence over the rounds
(:func:`matrank.mcda.convergence.lens_convergence`: each round over its own used experts).

Refused (nothing is reported): a path given for two rounds (usage, exit 2); rounds of
different cases or criteria; a workbook whose round is not after the earlier rounds', or a
round whose workbooks carry different round numbers; one expert_id on two workbooks of a round.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Sequence

import numpy as np

from matrank.errors import InputError, OptionError
from matrank.mcda.convergence import RoundInput, changed, lens_convergence
from matrank.model import LENSES
from matrank.options import PanelOptions
from matrank.results import ExpertResult, JudgmentChange, PanelResult, PanelRound, RoundExpert
from matrank.workbooks.collect import collect

#: The start of a workbook's rejection when it was made for another case or other criteria
#: (:func:`matrank.workbooks.verify.check_workbook`).
OTHER_CASE = ("made for case ", "made for other criteria")
ORDER_FIX = ("give the rounds oldest first: --previous ROUND1 [--previous ROUND2 …], then the folder of the "
             "round to collect (the workbooks written by `matrank panel feedback`)")


def collect_rounds(paths: Sequence[str], previous: Sequence[str], case_arg: str | None = None,
                   options: PanelOptions | None = None, skip: Sequence[str] = ()) -> PanelResult:
    """Collect each round (``previous`` oldest first, then ``paths``), link them and add the
    convergence: the last round's :class:`PanelResult` with ``rounds`` and ``convergence``. With no
    ``previous``, the plain collection of ``paths``."""
    if not previous:
        return collect(list(paths), case_arg, options, skip)
    given = [(p,) for p in previous] + [tuple(paths)]
    _check_distinct(given)
    results = [collect(list(r), case_arg, options, skip) for r in given]
    _check_same_case(given, results)
    numbers = _round_numbers(given, results)
    rounds = _linked(given, results, numbers, (options or PanelOptions()).allow_new_experts)
    return replace(results[-1], rounds=rounds, convergence=convergence(results))


def _check_distinct(given: list[tuple[str, ...]]) -> None:
    seen: dict[Path, str] = {}
    for k, paths in enumerate(given):
        role = "the round to collect" if k == len(given) - 1 else f"--previous (round {k + 1} given)"
        for p in paths:
            key = Path(p).resolve()
            if key in seen:
                # named by the option that holds the second copy: the paths to collect have none
                option = "--previous" if role.startswith("--previous") or seen[key].startswith("--previous") else "PATHS"
                twice = "twice as the round to collect" if seen[key] == role else f"twice, as {seen[key]} and as {role}"
                raise OptionError(f"{p} is given {twice}", option=option,
                                  found=str(p), expected="each round's folder once",
                                  fix="give each round once, oldest first: --previous ROUND1 … then the latest "
                                      "round's folder")
            seen[key] = role


def _check_same_case(given, results: Sequence[PanelResult]) -> None:
    first = results[0]
    for paths, result in zip(given, results):
        if (result.case_id, result.criteria_hash) != (first.case_id, first.criteria_hash):
            raise InputError("the rounds were collected for different cases or criteria", file=", ".join(paths),
                             found=f"case {result.case_id} (criteria {result.criteria_hash}) here, case "
                                   f"{first.case_id} (criteria {first.criteria_hash}) in {', '.join(given[0])}",
                             expected="every round of one panel made for the same case and criteria",
                             fix="collect each panel's rounds together, or pass --case CASE")
        usable = [e for e in result.experts if e.rejection is None]
        other = [e for e in result.experts if e.rejection and e.rejection.startswith(OTHER_CASE)]
        if not usable and other:
            raise InputError("the round's workbooks were made for another case or other criteria",
                             file=", ".join(paths), found=f"{Path(other[0].file).name}: {other[0].rejection}",
                             expected=f"workbooks of case {result.case_id} in every round",
                             fix="collect each panel's rounds together, with the case they were made for")


def _round_numbers(given, results: Sequence[PanelResult]) -> list[int]:
    """Each round's number (its workbooks' ``round``; workbooks made before rounds are round 1),
    checked to increase from round to round."""
    numbers: list[int] = []
    for k, (paths, result) in enumerate(zip(given, results)):
        read = [e for e in result.experts if e.rejection is None]
        found = Counter(e.round or 1 for e in read).most_common()
        if len(found) > 1:
            odd = next(e for e in read if (e.round or 1) != found[0][0])
            raise InputError("the workbooks of one round carry different round numbers", file=odd.file,
                             found=f"round {odd.round or 1} here, round {found[0][0]} in the other "
                                   f"{found[0][1]} of {', '.join(paths)}", expected="one round per folder",
                             fix="put each round's workbooks in a folder of their own")
        number = found[0][0] if found else (numbers[-1] + 1 if numbers else 1)
        if numbers and number <= numbers[-1]:
            odd = read[0]
            raise InputError("the workbook's round is not after the previous round's", file=odd.file,
                             found=f"round {number}", where=None,
                             expected=f"a round after {numbers[-1]}, the round of {', '.join(given[k - 1])}",
                             fix=ORDER_FIX)
        numbers.append(number)
    return numbers


def _key(e: ExpertResult) -> str | None:
    """The id that links an expert's workbooks: the expert_id, or for a readable workbook made
    before ids the file's name without its extension."""
    if e.expert_id is not None:
        return e.expert_id
    return Path(e.file).stem if e.rejection is None else None


def _linked(given, results: Sequence[PanelResult], numbers: list[int], allow_new: bool) -> tuple[PanelRound, ...]:
    latest: dict[str, tuple[ExpertResult, int]] = {}
    rounds = []
    for k, (paths, result) in enumerate(zip(given, results)):
        _check_unique_ids(paths, result)
        rows = []
        for e in result.experts:
            key = _key(e)
            link = "unidentified" if key is None else "first" if k == 0 else "linked" if key in latest else "new"
            if link == "new" and not allow_new:
                _refuse_new(e, key, sorted(latest), given[:k])
            before, number = latest.get(key, (None, None)) if link == "linked" else (None, None)
            rows.append(RoundExpert(e.file, key, e.status, e.reason, link, before.file if before else None, number,
                                    _changes(before, e, result.criteria) if before else ()))
        here = {_key(e) for e in result.experts}
        missing = tuple(sorted(key for key in latest if key not in here))
        for e in result.experts:
            if _key(e) is not None:
                latest[_key(e)] = (e, numbers[k])
        rounds.append(PanelRound(numbers[k], tuple(paths), result.counts, tuple(rows), missing, result.skipped))
    return tuple(rounds)


def _refuse_new(e: ExpertResult, key: str, known: list[str], earlier) -> None:
    shown = ", ".join(known[:8]) + (f" … ({len(known)} in all)" if len(known) > 8 else "")
    raise InputError(f"the workbook's expert_id {key!r} matches no expert of the earlier rounds", file=e.file,
                     where="_meta, expert_id", found=repr(key),
                     expected=f"an id of {', '.join(p for paths in earlier for p in paths)}: {shown or 'none'}",
                     fix="if an expert joins the panel in this round, pass --allow-new-experts (used, and reported "
                         "as new); otherwise send the expert the workbook `matrank panel feedback` wrote for them")


def _check_unique_ids(paths, result: PanelResult) -> None:
    first: dict[str, str] = {}
    for e in result.experts:
        key = _key(e)
        if key is None:
            continue
        if key in first:
            raise InputError(f"two workbooks of one round carry the expert_id {key!r}", file=e.file,
                             found=f"{Path(first[key]).name} and {Path(e.file).name} in {', '.join(paths)}",
                             expected="one workbook per expert per round",
                             fix="keep the expert's latest workbook and move the other out of the folder")
        first[key] = e.file


def _value(judgments, a: str, b: str) -> float | None:
    if (a, b) in judgments:
        return float(judgments[(a, b)])
    if (b, a) in judgments:
        return 1.0 / float(judgments[(b, a)])
    return None


def _changes(before: ExpertResult, after: ExpertResult, criteria: Sequence[str]) -> tuple[JudgmentChange, ...]:
    out = []
    for lens in LENSES:
        if lens not in before.outcomes or lens not in after.outcomes:
            continue
        old, new = before.outcomes[lens], after.outcomes[lens]
        for i, a in enumerate(criteria):
            for b in criteria[i + 1:]:
                x, y = _value(old.judgments, a, b), _value(new.judgments, a, b)
                found = old.unusable.get((a, b)), new.unusable.get((a, b))
                if changed(x, y) or found[0] != found[1]:
                    out.append(JudgmentChange(lens, a, b, x, y, *found))
    return tuple(out)


def round_input(result: PanelResult, lens: str) -> RoundInput | None:
    """One round's figures for one lens: its used experts' priorities and completed matrices."""
    agg = result.lenses.get(lens)
    if agg is None:
        return None
    by_file = {e.file: e for e in result.experts}
    matrices = np.stack([by_file[f].outcomes[lens].result.matrix for f in agg.experts])
    return RoundInput(np.stack(agg.expert_weights), matrices, np.asarray(agg.weights))


def convergence(results: Sequence[PanelResult]) -> dict:
    """Per lens used in any round, the convergence over the rounds."""
    criteria = results[-1].criteria
    return {lens: lens_convergence(criteria, [round_input(r, lens) for r in results])
            for lens in LENSES if any(lens in r.lenses for r in results)}
