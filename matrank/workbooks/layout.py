"""Where everything sits in an expert workbook (template version ``matrank-panel/1``).

The template writer and the collector share this one description: the ``_meta``
sheet a template carries is exactly :meth:`Layout.meta_rows` for its case,
lenses and options, so collection can recompute it and treat any difference as
an edited workbook. Cell positions do not depend on the language.

``_meta`` columns are ``sheet | cell | kind | lens | a | b``. Kinds:

* header rows (value in ``a``): ``template_version``, ``case``, ``criteria_hash``,
  ``lenses`` (comma-separated), ``ratings`` (``yes``/``no``), ``expert_id`` (the expert's
  stable id, the same in every round), ``round`` (1, 2, …); workbooks made before ids have
  neither row (read as round 1);
* inputs: ``name``, ``organisation``, ``role`` (expert sheet); ``pairwise``
  (``a`` is how many times more important than ``b`` in ``lens``; the ``matrix`` form);
  ``choice`` and ``intensity`` (the ``pairs`` form: which of ``a``, ``b`` matters more, or
  equal, and how much, 1–9); ``rating`` (``a`` = material id, ``b`` = criterion id);
* formula outputs: ``weight`` (priority of ``a`` in ``lens``), ``cr``, ``worst_pair``;
* feedback of a later round (values): ``previous`` (the expert's own judgment of ``a`` vs
  ``b`` in the last round), ``group`` (the group's: the AIJ matrix of the used experts).

Ratings: rating r (1–9) of a material on a criterion maps onto the range of
each estimated indicator the criterion reads, oriented so that 9 is the end
where the *criterion* is highest: ``low + (r − 1)/8 · (high − low)`` when the
criterion rises with the indicator, ``high − (r − 1)/8 · (high − low)`` when it
falls (``domestic_rate`` lowers import dependence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from matrank.criteria.scoring import used_indicators
from matrank.labels import LABELS
from matrank.model import LENSES

TEMPLATE_VERSION = "matrank-panel/1"
#: The Random Index table the workbooks' own CR uses; collection uses the same.
RI_TABLE = "saaty1980"
#: Computed judgments are numbers shown as fractions.
FRACTION_FORMAT = "# ?/?"
#: A judgment cell is text: the drop-down offers "1/3", which both Excel and LibreOffice then
#: enter as text, never as a date (a number list is shown as 0.333333333333333 by LibreOffice).
TEXT_FORMAT = "@"
#: Saaty's 17 values as the drop-down offers them, largest first.
SAATY_TEXTS = tuple([str(v) for v in range(9, 1, -1)] + ["1"] + [f"1/{v}" for v in range(2, 10)])
#: The threshold the workbook colours its CR against (collection takes --cr-threshold).
WORKBOOK_CR_THRESHOLD = 0.10
#: Repeated squarings of Harker's matrix in the workbook's formulas: B^(2^12) converges
#: to the principal eigenvector within 1e-6 even for a bare spanning chain of 15 criteria.
SQUARINGS = 12

META_SHEET = "_meta"
LISTS_SHEET = "_lists"
META_HEADER = ("sheet", "cell", "kind", "lens", "a", "b")
HEADER_KINDS = ("template_version", "case", "criteria_hash", "lenses", "ratings", "expert_id", "round")
#: Kinds that belong to one lens (rows for a lens the workbook does not ask are stray).
LENS_KINDS = ("pairwise", "choice", "intensity", "weight", "cr", "worst_pair", "previous", "group")
#: The kinds of the cells where a pair is answered, in the order a pair's cells are read.
INPUT_KINDS = ("pairwise", "choice", "intensity")
#: What an expert id may hold: letters (any script), digits, ".", "_", "-"; 64 at most.
EXPERT_ID = re.compile(r"^[\w.-]{1,64}$")
#: The most rounds a panel is expected to run (a round number beyond is an edited _meta).
MAX_ROUND = 99
ROLES = ("supplier", "user", "stakeholder")
RATINGS = tuple(range(1, 10))

# Expert sheet inputs.
NAME_CELL, ORGANISATION_CELL, ROLE_CELL, LENSES_CELL = "B4", "B5", "B6", "B7"
# Ratings sheet: one row per (material, criterion) from this row; the rating in column G.
RATINGS_TOP = 5
RATING_COLUMN = "G"


def sheet_title(key: str) -> str:
    """A sheet's name: Chinese and English together, whatever ``--lang``, so that the
    addresses in ``_meta`` do not depend on the language."""
    entry = LABELS[f"panel.sheet.{key}"]
    return f"{entry['zh']} {entry['en']}"


EXPERT_SHEET = sheet_title("expert")
INSTRUCTIONS_SHEET = sheet_title("instructions")
RATINGS_SHEET = sheet_title("ratings")
FEEDBACK_SHEET = sheet_title("feedback")
LENS_SHEETS = {lens: sheet_title(lens) for lens in LENSES}


def choice_words(criterion) -> tuple[str, ...]:
    """What a choice cell (``pairs`` form) may hold to name ``criterion``: its id, its name in
    either language, or both as the bilingual workbook shows them. The sheet and collection
    accept the same words."""
    return tuple(dict.fromkeys((criterion.id, criterion.name("zh"), criterion.name("en"), criterion.name("both"))))


def equal_words() -> tuple[str, ...]:
    """What a choice cell may hold to say the two criteria matter equally."""
    entry = LABELS["panel.pairs.equal"]
    return (entry["zh"], entry["en"], f"{entry['zh']} / {entry['en']}")


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass(frozen=True)
class MetaRow:
    sheet: str
    cell: str
    kind: str
    lens: str = ""
    a: str = ""
    b: str = ""

    def cells(self) -> tuple[str, ...]:
        return (self.sheet, self.cell, self.kind, self.lens, self.a, self.b)


#: The two forms of a lens sheet: a reciprocal matrix to fill in, or a questionnaire with one row
#: per pair (which criterion matters more, and how much), whose matrix is then computed.
FORMS = ("matrix", "pairs")
#: How many pairs the sheet and collection name for the expert to reconsider.
TOP_PAIRS = 3
#: The visible table of pairs (the questionnaire of the ``pairs`` form, and the feedback of a later
#: round in either form): one row per pair.
TABLE = {"number": "A", "a": "B", "choice": "C", "intensity": "D", "meaning": "E", "b": "F", "value": "G",
         "previous": "H", "group": "I", "range": "J", "note": "K"}
#: The columns of the pairs to reconsider, under the summary.
RECONSIDER = {"worst": "B", "now": "C", "implied": "D", "suggested": "E"}
#: The hidden working table of pairs, one row per pair: the names (the choice drop-down's list is
#: B:D), the cell as typed and its state (0 blank, 1 usable, 2 unusable, 3 half-filled), the
#: scale value used, the deviation from the priorities, its rounded key and rank, the criteria's
#: positions, the nearest scale value, whether the pair's criteria are unlinked, the cell as text,
#: which criterion the choice names (1 a, 2 b, 3 equal, 0 none, -1 unknown), and 1 for a judgment
#: typed as text that is not one of the drop-down's values.
WORK = {"a": "B", "b": "C", "equal": "D", "raw": "E", "state": "F", "value": "G", "deviation": "H",
        "key": "I", "rank": "J", "i": "K", "j": "L", "nearest": "M", "apart": "N", "shown": "O",
        "which": "P", "typed": "Q"}
#: Per pair to reconsider (t = 1..3), on its own working row: its pair number, the two criteria's
#: positions, what the other judgments imply for it, whether they alone link its criteria.
TOP = {"t": "B", "pair": "C", "i": "D", "j": "E", "implied": "F", "linked": "G"}
#: The working row of counts: the first unusable pair, how many, the first unlinked pair, how many
#: half-filled rows, how many judgments typed as text that is not a drop-down value.
FLAGS = {"bad": "C", "bad_count": "D", "apart": "E", "half": "F", "typed": "G"}


@dataclass(frozen=True)
class PairwiseGeometry:
    """Cell positions on a lens sheet for ``n`` criteria (the same for every lens of a workbook).

    ``matrix`` form: the matrix from row 5, the summary under it, then (in a later round) the
    table of pairs with the feedback. ``pairs`` form: the table of pairs from row 5 (the inputs),
    then the computed matrix and the summary. The working rows (hidden) follow.
    """

    n: int
    top: int = 5          # first criterion row of the matrix
    left: int = 3         # first matrix column (C)
    form: str = "matrix"
    feedback: bool = False
    #: The summary of workbooks made before experts had ids (its formula outputs sat elsewhere):
    #: only where ``_meta`` says its cells are, to collect such workbooks still.
    legacy: bool = False

    def cell(self, i: int, j: int) -> str:
        return f"{column_letter(self.left + j)}{self.top + i}"

    def row(self, i: int) -> int:
        return self.top + i

    @property
    def header_row(self) -> int:
        return self.top - 1

    @property
    def weight_column(self) -> int:
        return self.left + self.n + 1

    def weight_cell(self, i: int) -> str:
        return f"{column_letter(self.weight_column)}{self.top + i}"

    @property
    def pairs(self) -> tuple[tuple[int, int], ...]:
        return tuple((i, j) for i in range(self.n) for j in range(i + 1, self.n))

    def pair_index(self, i: int, j: int) -> int:
        return self.pairs.index((min(i, j), max(i, j)))

    # summary block under the matrix: label in B, value in C; then the pairs to reconsider, one row
    # each (the pair in B, the judgment in C, what the others imply in D, the nearest value in E)
    @property
    def summary_top(self) -> int:
        return self.top + self.n + 1

    def summary(self, name: str) -> int:
        """The row of a summary line; ``worst``, ``now``, ``implied``, ``suggested``: that of the
        first pair to reconsider."""
        if self.legacy:
            order = ("judgments", "lambda", "ci", "ri", "cr", "threshold", "worst", "now", "implied", "suggested")
            return self.summary_top + order.index(name)
        order = ("judgments", "lambda", "ci", "ri", "cr", "threshold", "verdict", "reconsider")
        if name in RECONSIDER:
            return self.summary_top + len(order)
        return self.summary_top + order.index(name)

    def summary_cell(self, name: str, t: int = 1) -> str:
        """A summary value; for the pairs to reconsider, that of the t-th (1..3)."""
        if self.legacy:
            return f"{column_letter(2 + t)}{self.summary(name)}"
        if name in RECONSIDER:
            return f"{RECONSIDER[name]}{self.summary(name) + t - 1}"
        return f"{'A' if name == 'verdict' else 'C'}{self.summary(name)}"

    @property
    def summary_bottom(self) -> int:
        return self.summary("worst") + TOP_PAIRS - 1

    @property
    def cr_cell(self) -> str:
        return self.summary_cell("cr")

    @property
    def worst_pair_cell(self) -> str:
        return self.summary_cell("worst")

    # the visible table of pairs
    @property
    def has_table(self) -> bool:
        return self.form == "pairs" or self.feedback

    @property
    def table_header(self) -> int:
        return 4 if self.form == "pairs" else self.summary_bottom + 2

    def table_row(self, k: int) -> int:
        return self.table_header + 1 + k

    def table_cell(self, key: str, k: int) -> str:
        return f"{TABLE[key]}{self.table_row(k)}"

    def input_cells(self, k: int) -> tuple[str, ...]:
        """Where pair ``k`` is answered: its matrix cell, or its choice and intensity cells."""
        if self.form == "pairs":
            return self.table_cell("choice", k), self.table_cell("intensity", k)
        return (self.cell(*self.pairs[k]),)

    @property
    def last_visible_row(self) -> int:
        if self.form == "matrix" and self.feedback:
            return self.table_row(len(self.pairs) - 1)
        return self.summary_bottom

    @property
    def last_column(self) -> int:
        """The last column shown (and printed)."""
        table = 11 if self.feedback else 7 if self.form == "pairs" else 0
        return max(self.weight_column, table)

    # working area: the pairs, the pairs to reconsider, Harker's matrix and its squares, then the
    # same for each pair to reconsider with that judgment left out
    @property
    def working_top(self) -> int:
        return self.last_visible_row + 2

    @property
    def pair_top(self) -> int:
        return self.working_top + 2

    def pair_row(self, k: int) -> int:
        return self.pair_top + k

    @property
    def pair_bottom(self) -> int:
        return self.pair_top + max(len(self.pairs), 1) - 1

    def work_cell(self, key: str, k: int) -> str:
        return f"{WORK[key]}{self.pair_row(k)}"

    def work_range(self, key: str) -> str:
        return f"${WORK[key]}${self.pair_top}:${WORK[key]}${self.pair_bottom}"

    def top_row(self, t: int) -> int:
        """The working row of the t-th pair to reconsider (t = 1..3)."""
        return self.pair_bottom + 1 + t

    def top_cell(self, key: str, t: int) -> str:
        return f"${TOP[key]}${self.top_row(t)}"

    @property
    def flags_row(self) -> int:
        return self.top_row(TOP_PAIRS) + 1

    def flag_cell(self, key: str) -> str:
        return f"${FLAGS[key]}${self.flags_row}"

    def block_row(self, k: int, i: int) -> int:
        """Row of row ``i`` of block ``k`` (0 = B, k = B^(2^k))."""
        return self.flags_row + 2 + k * (self.n + 1) + i

    def block_cell(self, k: int, i: int, j: int) -> str:
        return f"{column_letter(self.left + j)}{self.block_row(k, i)}"

    def block_range(self, k: int) -> str:
        return f"{self.block_cell(k, 0, 0)}:{self.block_cell(k, self.n - 1, self.n - 1)}"

    def block_sum_cell(self, k: int) -> str:
        return f"{column_letter(self.weight_column)}{self.block_row(k, 0)}"

    @property
    def connected_cell(self) -> str:
        return f"C{self.block_row(SQUARINGS + 1, 0)}"

    def ratio_cell(self, i: int) -> str:
        """(B·w)_i / w_i, whose mean is λmax."""
        return f"{column_letter(self.left + i)}{self.block_row(SQUARINGS + 1, 0) + 1}"

    def loo_row(self, t: int, k: int, i: int) -> int:
        """Row ``i`` of block ``k`` of Harker's matrix without the t-th pair to reconsider."""
        first = self.block_row(SQUARINGS + 1, 0) + 3
        return first + ((t - 1) * (SQUARINGS + 1) + k) * (self.n + 1) + i

    def loo_cell(self, t: int, k: int, i: int, j: int) -> str:
        return f"{column_letter(self.left + j)}{self.loo_row(t, k, i)}"

    def loo_range(self, t: int, k: int) -> str:
        return f"{self.loo_cell(t, k, 0, 0)}:{self.loo_cell(t, k, self.n - 1, self.n - 1)}"

    def loo_sum_cell(self, t: int, k: int) -> str:
        return f"{column_letter(self.weight_column)}{self.loo_row(t, k, 0)}"

    def loo_row_sum_cell(self, t: int, i: int) -> str:
        return f"{column_letter(self.left + self.n)}{self.loo_row(t, SQUARINGS, i)}"

    @property
    def last_row(self) -> int:
        return self.loo_row(TOP_PAIRS, SQUARINGS, self.n - 1)

    def value_cell(self, i: int, j: int) -> str:
        """Where the formulas read a_ij: the judgment used (a scale value) above the diagonal, the
        reciprocal shown below it."""
        return self.work_cell("value", self.pair_index(i, j)) if i < j else self.cell(i, j)

    def parsed_cell(self, i: int, j: int) -> str:
        """The judgment of the upper cell (i < j) as the scale value the formulas use."""
        return self.work_cell("value", self.pair_index(i, j))


def geometry(n: int, form: str = "matrix", feedback: bool = False, legacy: bool = False) -> PairwiseGeometry:
    """The lens-sheet geometry of a form: in the ``pairs`` form the matrix sits under the table."""
    if form == "pairs":
        return PairwiseGeometry(n, top=n * (n - 1) // 2 + 7, form=form, feedback=feedback)
    return PairwiseGeometry(n, form=form, feedback=feedback, legacy=legacy)


@dataclass(frozen=True)
class RatedIndicator:
    """An estimated indicator a rating maps onto."""

    name: str
    estimate: float
    low: float
    high: float
    rising: bool          # the criterion rises with the indicator

    def value_at(self, rating: float) -> float:
        step = (rating - 1.0) / 8.0 * (self.high - self.low)
        return self.low + step if self.rising else self.high - step

    def rating_of(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return 1.0 + 8.0 * (share if self.rising else 1.0 - share)


@dataclass(frozen=True)
class RatingItem:
    material: str
    criterion: str
    indicators: tuple[RatedIndicator, ...]


def rating_items(case) -> tuple[RatingItem, ...]:
    """Every (material, criterion) whose value rests on an estimate with a range."""

    items = []
    for material in case.materials:
        values = material.indicators
        for criterion in case.criteria:
            names = used_indicators(material, criterion)
            point = {n: values[n].value for n in names}
            rated = []
            for n in names:
                v = values[n]
                if not (v.estimate and v.has_range):
                    continue
                at_low = criterion.score({**point, n: v.low})
                at_high = criterion.score({**point, n: v.high})
                rated.append(RatedIndicator(n, v.value, v.low, v.high, bool(at_high >= at_low)))
            if rated:
                items.append(RatingItem(material.id, criterion.id, tuple(rated)))
    return tuple(items)


@dataclass(frozen=True)
class Layout:
    """Everything a workbook for this case, these lenses and options carries.

    ``expert_id`` and ``round`` are None for workbooks made before experts had ids (their
    ``_meta`` has no such rows); ``previous`` and ``group`` name the lenses whose table of pairs
    shows the expert's last-round judgments and the group's (a later round's workbook).
    """

    case_id: str
    criteria_hash: str
    criteria: tuple[str, ...]
    lenses: tuple[str, ...]
    ratings: tuple[RatingItem, ...] | None     # None: no ratings sheet
    form: str = "matrix"
    expert_id: str | None = None
    round: int | None = None
    previous: tuple[str, ...] = ()
    group: tuple[str, ...] = ()
    #: A workbook made before experts had ids: its formula outputs (CR, the worst pair) sat where
    #: that template put them; collection accepts them there.
    legacy: bool = False

    @property
    def feedback(self) -> bool:
        """A later round's workbook: its lens sheets show the table of pairs with the feedback."""
        return (self.round or 1) > 1

    @property
    def geometry(self) -> PairwiseGeometry:
        return geometry(len(self.criteria), self.form, self.feedback, self.legacy)

    @staticmethod
    def rating_cell(k: int) -> str:
        return f"{RATING_COLUMN}{RATINGS_TOP + k}"

    def meta_rows(self) -> tuple[MetaRow, ...]:
        """The ``_meta`` rows: those of the first template version in their order, then the rows
        added since (the expert's id and round, a later round's feedback cells), so that every
        row keeps its place."""
        rows = [MetaRow("", "", "template_version", a=TEMPLATE_VERSION),
                MetaRow("", "", "case", a=self.case_id),
                MetaRow("", "", "criteria_hash", a=self.criteria_hash),
                MetaRow("", "", "lenses", a=",".join(self.lenses)),
                MetaRow("", "", "ratings", a="yes" if self.ratings is not None else "no"),
                MetaRow(EXPERT_SHEET, NAME_CELL, "name"),
                MetaRow(EXPERT_SHEET, ORGANISATION_CELL, "organisation"),
                MetaRow(EXPERT_SHEET, ROLE_CELL, "role")]
        for lens in self.lenses:
            rows += self._lens_rows(lens)
        for k, item in enumerate(self.ratings or ()):
            rows.append(MetaRow(RATINGS_SHEET, self.rating_cell(k), "rating", "", item.material,
                                item.criterion))
        if self.expert_id is not None:
            rows.append(MetaRow("", "", "expert_id", a=self.expert_id))
        if self.round is not None:
            rows.append(MetaRow("", "", "round", a=str(self.round)))
        g, ids = self.geometry, self.criteria
        for kind, lenses in (("previous", self.previous), ("group", self.group)):
            rows += [MetaRow(LENS_SHEETS[lens], g.table_cell(kind, k), kind, lens, ids[i], ids[j])
                     for lens in lenses for k, (i, j) in enumerate(g.pairs)]
        return tuple(rows)

    def _lens_rows(self, lens: str) -> list[MetaRow]:
        g, ids, sheet = self.geometry, self.criteria, LENS_SHEETS[lens]
        rows = []
        for k, (i, j) in enumerate(g.pairs):
            if self.form == "pairs":
                rows += [MetaRow(sheet, g.table_cell("choice", k), "choice", lens, ids[i], ids[j]),
                         MetaRow(sheet, g.table_cell("intensity", k), "intensity", lens, ids[i], ids[j])]
            else:
                rows.append(MetaRow(sheet, g.cell(i, j), "pairwise", lens, ids[i], ids[j]))
        rows += [MetaRow(sheet, g.weight_cell(i), "weight", lens, ids[i]) for i in range(g.n)]
        rows += [MetaRow(sheet, g.cr_cell, "cr", lens), MetaRow(sheet, g.worst_pair_cell, "worst_pair", lens)]
        return rows


def layout_for(case, lenses: Sequence[str], with_ratings: bool, *, form: str = "matrix",
               expert_id: str | None = None, round: int | None = None, previous: Sequence[str] = (),
               group: Sequence[str] = (), legacy: bool = False) -> Layout:
    asked = tuple(lens for lens in LENSES if lens in lenses)
    return Layout(case.id, case.criteria_hash, case.criteria.ids, asked,
                  rating_items(case) if with_ratings else None, form, expert_id, round,
                  tuple(lens for lens in asked if lens in previous), tuple(lens for lens in asked if lens in group),
                  legacy)


@dataclass(frozen=True)
class LensFeedback:
    """What a later round's workbook shows an expert for one lens: beside each pair ``(a, b)``
    (criterion ids, a before b in the case's order) their own last-round judgment, the group's
    (the AIJ matrix of the used experts' completed judgments) and the panel's range, and why a
    pair is marked (``inconsistent``: among their three most inconsistent while their CR was
    above the threshold; ``far``: |ln own − ln group| ≥ ln 3); for the feedback sheet, their
    round's CR and status, and the group's weights and consensus."""

    round: int
    previous: Mapping[tuple[str, str], float]
    group: Mapping[tuple[str, str], float]
    spread: Mapping[tuple[str, str], tuple[float, float]]
    marks: Mapping[tuple[str, str], tuple[str, ...]]
    status: str | None = None
    reason: str = ""
    cr: float | None = None
    threshold: float = WORKBOOK_CR_THRESHOLD
    weights: Mapping[str, float] | None = None
    group_weights: Mapping[str, float] | None = None
    consensus: float | None = None
    band: str | None = None
    experts: int = 0
