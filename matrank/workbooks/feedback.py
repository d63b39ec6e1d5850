"""The next round of a panel (``matrank panel feedback``): from a collected round, for each expert
workbook of it, whom the next workbook is for and what it shows them (:func:`next_round` and
:func:`report_lines` do no I/O; :func:`write_next_round` writes the workbooks).

Per lens, the group's judgment of a pair is the entry of the AIJ matrix: the geometric mean of the
used experts' *completed* matrices (Harker's completion), the matrix whose eigenvector ``collect``
reports as the AIJ weights. When the round was collected with AIP the same AIJ matrix is shown
(AIP has no matrix) and the group weights are AIP's; :attr:`NextRound.notes` says so. The panel's
range of a pair is the smallest and largest of the used experts' completed judgments.

Each expert's own judgments (as given, not completed) come back prefilled. A pair is marked
``inconsistent`` when it is among the expert's three pairs to reconsider (the rule and tie-break
of ``collect`` and the sheet) and their CR was above the threshold, and ``far`` when their judgment
and the group's differ by a factor of 3 or more (|ln own − ln group| ≥ ln 3).

A lens that was rejected (no judgments, a value off the scale, criteria not linked) comes back
without the expert's judgments (fresh), with the group's; a lens with no used expert comes back
without the group's. A workbook rejected as a whole (unreadable, another case, an edited
``_meta``) cannot be trusted to say whom it was for: no next workbook, with the reason.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from matrank.errors import InputError
from matrank.labels import counted, label
from matrank.mcda.group import aij
from matrank.results import ExpertResult, PanelResult
from matrank.workbooks.experts import ExpertRow
from matrank.workbooks.layout import EXPERT_ID, MAX_ROUND, LensFeedback
from matrank.workbooks.template import template_bytes, write_workbooks

#: A judgment this far from the group's (a factor of 3) is marked.
FAR = math.log(3)
#: Room for round-off when a ratio is exactly 3 (3 vs 1, 1 vs 1/3).
FAR_TOLERANCE = 1e-9
#: The marks a pair may carry, in the order they are shown.
MARKS = ("inconsistent", "far")


@dataclass(frozen=True)
class GroupJudgments:
    """One lens of a round: the AIJ matrix of the used experts' completed judgments, the panel's
    range per entry, and the lens's aggregate (None when no expert was used)."""

    lens: str
    matrix: np.ndarray | None
    low: np.ndarray | None
    high: np.ndarray | None
    experts: int
    weights: Mapping[str, float] | None = None
    consensus: float | None = None
    band: str | None = None


@dataclass(frozen=True)
class Note:
    """A line of the command's report: a label key and its fields (language-free here)."""

    key: str
    fields: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class NextWorkbook:
    """One workbook of the round and what becomes of it: ``feedback`` (written with the expert's
    judgments back), ``fresh`` (written, but no lens has the expert's judgments back) or ``skip``
    (not written; ``reason`` says why)."""

    file: str
    name: str
    action: str
    expert: ExpertRow | None = None
    form: str = "matrix"
    round: int = 2
    feedback: Mapping[str, LensFeedback] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class NextRound:
    round: int                                   # the round collected; the workbooks are for round + 1
    workbooks: tuple[NextWorkbook, ...]
    groups: Mapping[str, GroupJudgments]
    notes: tuple[Note, ...] = ()

    def counts(self) -> dict[str, int]:
        tally = Counter(w.action for w in self.workbooks)
        return {action: tally.get(action, 0) for action in ("feedback", "fresh", "skip")}


def group_judgments(result: PanelResult, lens: str) -> GroupJudgments:
    """The group's judgments in ``lens``: AIJ matrix and range over the used experts."""
    used = [e.outcomes[lens].result for e in result.experts
            if lens in e.outcomes and e.outcomes[lens].status == "used"]
    aggregate = result.lenses.get(lens)
    if not used or aggregate is None:
        return GroupJudgments(lens, None, None, None, 0)
    completed = [r.matrix for r in used]
    # the very matrix whose eigenvector collect reports as the AIJ weights
    matrix = aij(completed, result.criteria).matrix
    stacked = np.stack(completed)
    return GroupJudgments(lens, matrix, stacked.min(axis=0), stacked.max(axis=0), len(used),
                          {c: float(w) for c, w in zip(result.criteria, aggregate.weights)},
                          float(aggregate.consensus.value), aggregate.consensus.band)


def next_round(result: PanelResult, threshold: float | None = None) -> NextRound:
    """For every workbook of the collected round, the next round's workbook (or why there is none).

    Raises :class:`InputError` when the round cannot be fed back as one: workbooks of different
    rounds, or one expert id on two workbooks."""
    threshold = result.options.cr_threshold if threshold is None else threshold
    readable = [e for e in result.experts if e.rejection is None]
    rounds = Counter(e.round or 1 for e in readable)
    if len(rounds) > 1:
        found = ", ".join(f"round {r} ({n} workbook{'s' if n != 1 else ''})" for r, n in sorted(rounds.items()))
        raise InputError("the workbooks are of different rounds", found=found, expected="the workbooks of one round",
                         fix="give the folder of one round only (move the others out)")
    this_round = next(iter(rounds), 1)
    if this_round >= MAX_ROUND:
        raise InputError(f"round {this_round} is the last round a workbook can carry", expected=f"a round below {MAX_ROUND}")
    _no_shared_ids(readable)
    ids = _ids(readable)
    criteria = result.criteria
    groups = {lens: group_judgments(result, lens) for lens in sorted({lens for e in readable for lens in e.lenses},
                                                                     key=("government", "market").index)}
    notes = [Note("panel.next.note.aip")] if result.options.aggregate == "aip" else []
    notes += [Note("panel.next.note.no_group", {"lens": lens}) for lens, g in groups.items() if g.matrix is None]
    workbooks = []
    for e in result.experts:
        # the next round's workbook is .xlsx, whatever the expert saved (an .ods keeps its name)
        name = Path(e.file).stem + ".xlsx"
        if e.rejection is not None:
            workbooks.append(NextWorkbook(e.file, name, "skip", reason=e.rejection))
            continue
        expert_id, generated = ids[e.file]
        expert = ExpertRow(expert_id, e.name, e.organisation, e.role, tuple(e.lenses))
        feedback, lens_notes = {}, []
        for lens in e.lenses:
            fb, lens_note = _lens_feedback(e, lens, groups[lens], criteria, this_round, threshold)
            feedback[lens] = fb
            if lens_note is not None:
                lens_notes.append(lens_note)
        if generated:
            lens_notes.insert(0, Note("panel.next.note.new_id", {"id": expert_id}))
        action = "feedback" if any(fb.previous for fb in feedback.values()) else "fresh"
        workbooks.append(NextWorkbook(e.file, name, action, expert, e.form, this_round + 1, feedback,
                                      tuple(lens_notes)))
    _check_something_to_feed_back(workbooks, result)
    return NextRound(this_round, tuple(workbooks), groups, tuple(notes))


def _check_something_to_feed_back(workbooks: list[NextWorkbook], result: PanelResult) -> None:
    """A round in which no workbook holds a judgment that could be read has nothing to feed back:
    its "next round" would be blank templates, which `panel template` writes knowingly."""
    if any(w.action == "feedback" for w in workbooks):
        return
    reasons = [f"{Path(e.file).name}: {e.reason or e.rejection}" for e in result.experts][:3]
    raise InputError("no workbook of the round holds judgments to feed back",
                     found=f"{len(workbooks)} workbook{'s' if len(workbooks) != 1 else ''}: " + " | ".join(reasons)
                     + (" …" if len(result.experts) > 3 else ""),
                     expected="a round in which at least one expert's judgments could be read",
                     fix="run `matrank panel collect` on the round to see why each workbook was not used; to ask "
                         "again from scratch, write fresh workbooks with `matrank panel template`")


def _lens_feedback(e: ExpertResult, lens: str, group: GroupJudgments, criteria, this_round: int,
                   threshold: float) -> tuple[LensFeedback, Note | None]:
    outcome = e.outcomes.get(lens)
    pairs = [(i, j) for i in range(len(criteria)) for j in range(i + 1, len(criteria))]
    group_values, spread = {}, {}
    if group.matrix is not None:
        for i, j in pairs:
            key = (criteria[i], criteria[j])
            group_values[key] = float(group.matrix[i, j])
            spread[key] = (float(group.low[i, j]), float(group.high[i, j]))
    common = dict(round=this_round, group=group_values, spread=spread, threshold=threshold,
                  group_weights=group.weights, consensus=group.consensus, band=group.band, experts=group.experts)
    if outcome is None or outcome.result is None:
        # rejected (no judgments, a cell that cannot be used, criteria not linked): asked afresh
        status = outcome.status if outcome is not None else "rejected"
        fb = LensFeedback(previous={}, marks={}, status=status, **common)
        return fb, Note("panel.next.note.fresh_lens", {"lens": lens,
                                                        "reason": outcome.reason if outcome else ""})
    result = outcome.result
    previous = {(a, b): float(v) for (a, b), v in _in_case_order(outcome.judgments, criteria).items()}
    marks: dict[tuple[str, str], list[str]] = {}
    if result.cr > threshold:
        for p in outcome.reconsider:
            key = (p.a, p.b) if criteria.index(p.a) < criteria.index(p.b) else (p.b, p.a)
            marks.setdefault(key, []).append("inconsistent")
    for key, own in previous.items():
        if key in group_values and abs(math.log(own) - math.log(group_values[key])) >= FAR - FAR_TOLERANCE:
            marks.setdefault(key, []).append("far")
    reason = _cr_reason(result.cr, threshold) if result.cr > threshold else ""
    fb = LensFeedback(previous=previous, marks={k: tuple(v) for k, v in marks.items()}, status=outcome.status,
                      reason=reason, cr=float(result.cr), weights=result.weight_map(), **common)
    return fb, Note("panel.next.note.marked", {"lens": lens, "count": len(marks)}) if marks else None


def _cr_reason(cr: float, threshold: float) -> str:
    digits = 2 if round(cr, 2) != round(threshold, 2) else 3
    return f"CR {cr:.{digits}f} > {threshold:.{digits}f}"


def _in_case_order(judgments: Mapping[tuple[str, str], float], criteria) -> dict[tuple[str, str], float]:
    """The judgments keyed (a, b) with a before b in the case's order (b over a as 1/value)."""
    index = {c: k for k, c in enumerate(criteria)}
    out = {}
    for (a, b), v in judgments.items():
        out[(a, b) if index[a] < index[b] else (b, a)] = v if index[a] < index[b] else 1.0 / v
    return dict(sorted(out.items(), key=lambda kv: (index[kv[0][0]], index[kv[0][1]])))


def _no_shared_ids(readable) -> None:
    by_id: dict[str, list[str]] = {}
    for e in readable:
        if e.expert_id is not None:
            by_id.setdefault(e.expert_id, []).append(e.file)
    shared = {i: files for i, files in by_id.items() if len(files) > 1}
    if shared:
        found = "; ".join(f"{i} in {', '.join(files)}" for i, files in shared.items())
        raise InputError("one expert id is on more than one workbook of the round", found=found,
                         expected="one workbook per expert",
                         fix="keep each expert's latest workbook in the folder and move the other out")


def _ids(readable) -> dict[str, tuple[str, bool]]:
    """Each workbook's expert id, and whether it was made up here: a workbook made before experts had
    ids gets one from its file name (letters, digits, '.', '_', '-'), unique in the round."""
    taken = {e.expert_id for e in readable if e.expert_id is not None}
    out = {}
    for e in readable:
        if e.expert_id is not None:
            out[e.file] = (e.expert_id, False)
            continue
        base = re.sub(r"[^\w.-]+", "-", Path(e.file).stem).strip("-")[:60] or "expert"
        candidate, k = base, 1
        while candidate in taken or not EXPERT_ID.match(candidate):
            k += 1
            candidate = f"{base}-{k}"
        taken.add(candidate)
        out[e.file] = (candidate, True)
    return out


def write_next_round(case, plan: NextRound, out_dir, lang: str, inputs, *, force: bool = False) -> dict[str, Path]:
    """Write the next round's workbooks (same file names) into ``out_dir``: {round's file: written path}.
    Nothing is written if any target is refused (an input, or one that exists without ``force``)."""
    todo = [w for w in plan.workbooks if w.action != "skip"]
    jobs = [(w.name, lambda w=w: template_bytes(case, w.expert.lenses, lang, False, form=w.form, expert=w.expert,
                                                round=w.round, feedback=w.feedback)) for w in todo]
    written = write_workbooks(out_dir, jobs, inputs, force=force) if jobs else []
    return {w.file: path for w, path in zip(todo, written)}


def report_lines(plan: NextRound, written: Mapping[str, Path], folder: str, lang: str,
                 skipped: Sequence[str] = ()) -> list[str]:
    """What the command tells: what the folders held that was not collected, the round's notes, then every workbook of the round (written with
    feedback, written fresh, or not written and why) with its notes, then the counts."""
    def said(n: Note) -> str:
        fields = {k: label(f"lens.{v}", lang) if k == "lens" else v for k, v in n.fields.items()}
        return label(n.key, lang).format(round=plan.round, **fields)

    lines = [label("panel.next.not_collected", lang).format(text=text) for text in skipped]
    lines += [label("panel.next.note", lang).format(text=said(n)) for n in plan.notes]
    for w in plan.workbooks:
        if w.action == "skip":
            lines.append(label("panel.next.skip", lang).format(file=w.file, reason=w.reason))
            continue
        lines.append(label(f"panel.next.{w.action}", lang).format(file=w.file, out=written[w.file], round=w.round))
        lines += [said(n) for n in w.notes]
    counts = plan.counts()
    lines.append(label("panel.next.summary", lang).format(
        written=counted(len(written), "workbook", lang), round=plan.round + 1, folder=folder, feedback=counts["feedback"],
        fresh=counts["fresh"], skipped=counts["skip"]))
    if counts["skip"]:
        lines.append(label("panel.next.note", lang).format(text=label("panel.next.skip.fix", lang)))
    return lines
