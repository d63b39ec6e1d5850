"""``matrank case new NAME``: a commented starter case with two materials, ready to edit."""

from __future__ import annotations

import re

from matrank.errors import InputError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

STARTER = """\
# A matrank case: candidate materials, their indicators with sources or estimates, and the
# weights of the two lenses. `matrank validate {id}.yaml` checks it; `matrank rank {id}.yaml`
# ranks it. The full format: the README's "Case files" section.
format: matrank-case/1
id: {id}
title: {{zh: {id}（待填写）, en: {id} (to be filled in)}}
date: "{date}"
description: What this case is for, and whose list of candidate materials it is.

sources:                                    # every quoted figure names one of these
  - id: s1
    citation: "Author, title, publisher, year (the document the quotes come from)"

categories:
  - {{id: semiconductor, name: {{zh: 先进半导体, en: Advanced semiconductor}}}}

weights:
  government:                               # supply security: AHP judgments, a over b
    basis: "Who made these judgments (a panel of 2025-05, or: illustrative)"
    judgments:
      - {{a: import_dependence, b: patent_control, value: 2}}
      - {{a: import_dependence, b: validation_cycle, value: 3}}
      - {{a: import_dependence, b: market_pull, value: 4}}
      - {{a: patent_control, b: validation_cycle, value: 2}}
      - {{a: patent_control, b: market_pull, value: 3}}
      - {{a: validation_cycle, b: market_pull, value: 2}}
  market:                                   # commercial opportunity: explicit weights also work
    basis: "Who set these weights"
    weights: {{import_dependence: 0.2, patent_control: 0.1, validation_cycle: 0.2, market_pull: 0.5}}

materials:
  - id: material-a
    name: {{zh: 材料甲, en: Material A}}
    category: semiconductor
    indicators:
      domestic_rate:                        # sourced: the source's id and the exact quote
        value: 0.2
        source: s1
        quote: "the sentence of the source that gives the figure"
      foreign_core_patent_share: {{value: 0.7, estimate: true, low: 0.5, high: 0.85, basis: "why this number"}}
      validation_years: {{value: 36, unit: months, estimate: true, low: 24, high: 60, basis: "customer qualification"}}
      market_pull_rating: {{value: 7, estimate: true, low: 6, high: 8, basis: "rating 1-9 of downstream demand"}}
  - id: material-b
    name: {{zh: 材料乙, en: Material B}}
    category: semiconductor
    indicators:
      domestic_rate: {{value: 60, unit: percent, estimate: true, low: 50, high: 70, basis: "industry association"}}
      foreign_core_patent_share: {{value: 0.4, estimate: true, low: 0.3, high: 0.5, basis: "why this number"}}
      validation_years: {{value: 1.5, estimate: true, low: 1, high: 2, basis: "why this number"}}
      market_pull_rating: {{value: 5, estimate: true, low: 4, high: 6, basis: "why this number"}}
"""


def starter_case(name: str, date: str) -> str:
    """The starter case's text for the case id ``name``."""
    if not ID_PATTERN.match(name):
        raise InputError(f"{name!r} is not a case id", where="NAME",
                         expected="lowercase letters, digits, - and _ (at most 64), e.g. my-province",
                         fix="choose an id such as my-province-2025")
    return STARTER.format(id=name, date=date)
