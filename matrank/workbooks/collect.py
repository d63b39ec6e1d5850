"""Read expert workbooks back into a panel: untrusted input, checked once.

:mod:`.discover` lists the files (each once), :mod:`.reader` opens each safely and
reads ``_meta`` and the cells it names (over several processes when there are many),
:mod:`.verify` checks each against the case's template layout, and
:mod:`.panel` assesses and aggregates. One bad file never stops the others: it is
recorded as rejected with its reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Sequence

from matrank.casefiles import load_case, shipped_cases
from matrank.errors import InputError
from matrank.inputfile import InputFile
from matrank.options import PanelOptions
from matrank.results import ExpertResult, rejected
from matrank.workbooks.discover import discover, distinct
from matrank.workbooks.layout import rating_items
from matrank.workbooks.panel import assess, summarise
from matrank.workbooks.reader import RawWorkbook, Rejected, read_workbook
from matrank.workbooks.verify import check_workbook

#: Read workbooks in parallel processes from this many files on (below, start-up costs more).
PARALLEL_FROM = 16
MAX_READERS = 8


def collect(paths: Sequence[str], case_arg: str | None = None, options: PanelOptions | None = None,
            skip: Sequence[str] = ()):
    """Read, check and assess every workbook (files, or folders: :func:`find_workbooks`), then
    aggregate: a :class:`PanelResult`. One bad file never stops the others: it is recorded
    as rejected with its reason.
    """
    options = options or PanelOptions()
    files, skipped = discover(paths, skip)
    if not files:
        raise InputError("no workbooks to collect in " + ", ".join(str(p) for p in paths),
                         found="; ".join(skipped[:3]) + (" …" if len(skipped) > 3 else "") or "nothing",
                         expected="expert workbooks (.xlsx) or a folder holding them",
                         fix="give the folder written by `matrank panel template`, once filled in")
    slots, jobs = distinct(files)
    read = _read_many(jobs)
    slots = [read[s] if isinstance(s, int) else s for s in slots]
    case = _panel_case(case_arg, [s for s in slots if isinstance(s, RawWorkbook)], slots)
    ids = case.criteria.ids
    layouts: dict = {}
    experts = []
    for slot in slots:
        if not isinstance(slot, RawWorkbook):
            experts.append(slot)
            continue
        experts.append(_checked(slot, case, layouts, ids, options))
    result = summarise(case, _note_same_expert(experts), rating_items(case), options)
    return replace(result, skipped=tuple(skipped))


def _checked(slot: RawWorkbook, case, layouts: dict, ids, options: PanelOptions) -> ExpertResult:
    try:
        return assess(check_workbook(slot, case, layouts), ids, options)
    except Rejected as exc:
        return rejected(slot.file, exc.reason, slot.sha256)
    except Exception as exc:  # a safety net: one workbook must never stop the others
        found = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return rejected(slot.file, f"could not be checked; found {found}. Fix: open and re-save it in a "
                                   "spreadsheet app, or fill in a fresh template", slot.sha256)


def _note_same_expert(experts: list) -> list:
    """A workbook re-saved and sent again has other bytes, so it is not "the same file";
    two workbooks under one name and organisation are most likely that, and said so."""
    first: dict[tuple[str, str], str] = {}
    out = []
    for e in experts:
        key = (e.name.casefold(), e.organisation.casefold())
        if e.rejection is None and e.name:
            if key in first:
                e = replace(e, notes=e.notes + (
                    f"the same name and organisation as {first[key]}: if it is one expert's workbook sent "
                    "twice, collect only one of them (both are used)",))
            else:
                first[key] = e.file
        out.append(e)
    return out


def _read_or_reject(source: InputFile) -> RawWorkbook | ExpertResult:
    try:
        return read_workbook(source)
    except Rejected as exc:
        return rejected(source.path, exc.reason, source.sha256)


def _read_many(jobs: list[InputFile]) -> list[RawWorkbook | ExpertResult]:
    """Read the workbooks, in order; over several processes when there are many, because
    parsing the XML is CPU-bound and each file is independent."""
    import os

    workers = min(os.cpu_count() or 1, MAX_READERS)
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        return [_read_or_reject(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_read_or_reject, jobs, chunksize=max(1, len(jobs) // (4 * workers))))


def _panel_case(case_arg: str | None, raws: list[RawWorkbook], slots):
    """The case given, or the one the readable workbooks name (most of them)."""

    if case_arg is not None:
        return load_case(case_arg)
    named = Counter(r.head("case") for r in raws if r.head("case"))
    if not named:
        # each reason without its own fix: the one fix below covers them
        reasons = [f"{s.file}: {s.reason.split('. Fix: ')[0]}" for s in slots if not isinstance(s, RawWorkbook)]
        files = f"{len(slots)} file{'s' if len(slots) != 1 else ''}"
        raise InputError(f"no readable panel workbook naming its case among the {files} given",
                         found=" | ".join(reasons[:5]) + (" | …" if len(reasons) > 5 else ""),
                         fix="check the paths, and give the folder or files written by `matrank panel template`, "
                             "once filled in (or pass --case CASE when the workbooks are readable but name no case)")
    ranked = named.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        counts = ", ".join(f"{name} ({n} file{'s' if n != 1 else ''})" for name, n in ranked)
        raise InputError("the workbooks were made for different cases", found=counts,
                         expected="one case per panel", fix="pass --case CASE to choose the panel's case")
    name = ranked[0][0]
    # Only a shipped case's name is looked up: a name read from an untrusted workbook must
    # never steer which file on this machine gets opened.
    if name not in shipped_cases():
        raise InputError(f"the workbooks were made for case {name!r}, which is not a shipped case",
                         fix="pass --case PATH, the case file the templates were made from")
    return load_case(name)
