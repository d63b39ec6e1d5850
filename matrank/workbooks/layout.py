"""Where everything sits in an expert workbook (template version ``matrank-panel/1``).

The template writer and the collector share this one description: the ``_meta``
sheet a template carries is exactly :meth:`Layout.meta_rows` for its case,
lenses and options, so collection can recompute it and treat any difference as
an edited workbook. Cell positions do not depend on the language.

``_meta`` columns are ``sheet | cell | kind | lens | a | b``. Kinds:

* header rows (value in ``a``): ``template_version``, ``case``, ``criteria_hash``,
  ``lenses`` (comma-separated), ``ratings`` (``yes``/``no``);
* inputs: ``name``, ``organisation``, ``role`` (expert sheet); ``pairwise``
  (``a`` is how many times more important than ``b`` in ``lens``); ``rating``
  (``a`` = material id, ``b`` = criterion id);
* formula outputs: ``weight`` (priority of ``a`` in ``lens``), ``cr``, ``worst_pair``.

Ratings: rating r (1–9) of a material on a criterion maps onto the range of
each estimated indicator the criterion reads, oriented so that 9 is the end
where the *criterion* is highest: ``low + (r − 1)/8 · (high − low)`` when the
criterion rises with the indicator, ``high − (r − 1)/8 · (high − low)`` when it
falls (``domestic_rate`` lowers import dependence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from matrank.criteria.scoring import used_indicators
from matrank.labels import LABELS
from matrank.model import LENSES

TEMPLATE_VERSION = "matrank-panel/1"
#: The Random Index table the workbooks' own CR uses; collection uses the same.
RI_TABLE = "saaty1980"
#: Judgments are numbers shown as fractions (text such as "1/3" would become a date).
FRACTION_FORMAT = "# ?/?"
#: The threshold the workbook colours its CR against (collection takes --cr-threshold).
WORKBOOK_CR_THRESHOLD = 0.10
#: Repeated squarings of Harker's matrix in the workbook's formulas: B^(2^12) converges
#: to the principal eigenvector within 1e-6 even for a bare spanning chain of 15 criteria.
SQUARINGS = 12

META_SHEET = "_meta"
LISTS_SHEET = "_lists"
META_HEADER = ("sheet", "cell", "kind", "lens", "a", "b")
HEADER_KINDS = ("template_version", "case", "criteria_hash", "lenses", "ratings")
#: Kinds that belong to one lens (rows for a lens the workbook does not ask are stray).
LENS_KINDS = ("pairwise", "weight", "cr", "worst_pair")
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
LENS_SHEETS = {lens: sheet_title(lens) for lens in LENSES}


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


@dataclass(frozen=True)
class PairwiseGeometry:
    """Cell positions on a lens sheet for ``n`` criteria (the same for every lens)."""

    n: int
    top: int = 5          # first criterion row
    left: int = 3         # first matrix column (C)

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

    # summary block under the matrix: label in B, value in C, text in D
    @property
    def summary_top(self) -> int:
        return self.top + self.n + 1

    def summary(self, name: str) -> int:
        order = ("judgments", "lambda", "ci", "ri", "cr", "threshold", "worst", "now", "implied",
                 "suggested")
        return self.summary_top + order.index(name)

    def summary_cell(self, name: str) -> str:
        return f"C{self.summary(name)}"

    @property
    def cr_cell(self) -> str:
        return self.summary_cell("cr")

    @property
    def worst_pair_cell(self) -> str:
        return self.summary_cell("worst")

    # working area: the judged pairs, then Harker's matrix and its squares
    @property
    def working_top(self) -> int:
        return self.summary("suggested") + 2

    @property
    def pairs(self) -> tuple[tuple[int, int], ...]:
        return tuple((i, j) for i in range(self.n) for j in range(i + 1, self.n))

    @property
    def pair_top(self) -> int:
        return self.working_top + 2

    def pair_row(self, k: int) -> int:
        return self.pair_top + k

    @property
    def pair_bottom(self) -> int:
        return self.pair_top + max(len(self.pairs), 1) - 1

    def block_row(self, k: int, i: int) -> int:
        """Row of row ``i`` of block ``k`` (0 = B, k = B^(2^k))."""
        return self.pair_bottom + 3 + k * (self.n + 1) + i

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

    def parsed_row(self, i: int) -> int:
        return self.block_row(SQUARINGS + 1, 0) + 3 + i

    def parsed_cell(self, i: int, j: int) -> str:
        """The upper judgment (i < j) as a number: typed as text ("3", "1/3") it is read as
        collection reads it, so that the sheet's own priorities and CR agree with it."""
        return f"{column_letter(self.left + j)}{self.parsed_row(i)}"

    def value_cell(self, i: int, j: int) -> str:
        """Where the formulas read a_ij: the parsed judgment above the diagonal, the
        reciprocal shown below it."""
        return self.parsed_cell(i, j) if i < j else self.cell(i, j)


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
    """Everything a workbook for this case, these lenses and options carries."""

    case_id: str
    criteria_hash: str
    criteria: tuple[str, ...]
    lenses: tuple[str, ...]
    ratings: tuple[RatingItem, ...] | None     # None: no ratings sheet

    @property
    def geometry(self) -> PairwiseGeometry:
        return PairwiseGeometry(len(self.criteria))

    @staticmethod
    def rating_cell(k: int) -> str:
        return f"{RATING_COLUMN}{RATINGS_TOP + k}"

    def meta_rows(self) -> tuple[MetaRow, ...]:
        rows = [MetaRow("", "", "template_version", a=TEMPLATE_VERSION),
                MetaRow("", "", "case", a=self.case_id),
                MetaRow("", "", "criteria_hash", a=self.criteria_hash),
                MetaRow("", "", "lenses", a=",".join(self.lenses)),
                MetaRow("", "", "ratings", a="yes" if self.ratings is not None else "no"),
                MetaRow(EXPERT_SHEET, NAME_CELL, "name"),
                MetaRow(EXPERT_SHEET, ORGANISATION_CELL, "organisation"),
                MetaRow(EXPERT_SHEET, ROLE_CELL, "role")]
        g, ids = self.geometry, self.criteria
        for lens in self.lenses:
            sheet = LENS_SHEETS[lens]
            rows += [MetaRow(sheet, g.cell(i, j), "pairwise", lens, ids[i], ids[j]) for i, j in g.pairs]
            rows += [MetaRow(sheet, g.weight_cell(i), "weight", lens, ids[i]) for i in range(g.n)]
            rows += [MetaRow(sheet, g.cr_cell, "cr", lens),
                     MetaRow(sheet, g.worst_pair_cell, "worst_pair", lens)]
        for k, item in enumerate(self.ratings or ()):
            rows.append(MetaRow(RATINGS_SHEET, self.rating_cell(k), "rating", "", item.material,
                                item.criterion))
        return tuple(rows)


def layout_for(case, lenses: Sequence[str], with_ratings: bool) -> Layout:
    return Layout(case.id, case.criteria_hash, case.criteria.ids,
                  tuple(lens for lens in LENSES if lens in lenses),
                  rating_items(case) if with_ratings else None)
