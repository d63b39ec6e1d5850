"""Import dependence (进口依赖度): share of domestic demand met by imports.

Formula, first basis that the material's indicators allow:

* ``domestic_rate`` d (国产化率, fraction): score = 1 − d.
* ``production`` P, ``imports`` I, ``exports`` E (same unit): import reliance
  IR = (I − E) / (P + I − E), clipped to [0, 1] (EU CRM shape); 0 when there is
  no apparent consumption.

Optionally a concentration k raises the score toward 1 for cut-off risk:
s' = s + k·s·(1 − s), so a fully imported or fully domestic material is
unchanged and diversified imports (k → 0) add nothing. k is

* ``partner_risk_concentration`` (fraction) when present: the partner-risk-
  weighted concentration HHI × Σ sᵢ·riskᵢ of the import partners (shares sᵢ,
  risks in [0, 1]; ``matrank trade indicators`` computes it from trade records
  and a partner-risk table). It replaces the plain HHI: a market held by one
  low-risk partner weighs less than one held by a rival;
* else ``supplier_concentration`` c (HHI of import origins, fraction);
* else no raise (k = 0).

Unit: fraction. Government lens: benefit (higher = more urgent). Market lens:
benefit (higher = more substitution space).
"""

from __future__ import annotations

import numpy as np

from matrank.criteria.base import Basis, Criterion, Indicator, raise_by_concentration


#: The concentration terms, the first present one used (see the module docstring).
CONCENTRATIONS = ("partner_risk_concentration", "supplier_concentration")


def _with_concentration(score, values):
    for name in CONCENTRATIONS:
        if name in values:
            return raise_by_concentration(score, values[name])
    return score


def _from_domestic_rate(values):
    return _with_concentration(1.0 - np.asarray(values["domestic_rate"], dtype=float), values)


def import_reliance(production, imports, exports):
    p, i, e = (np.asarray(x, dtype=float) for x in (production, imports, exports))
    net = i - e
    consumption = p + net
    ir = np.divide(net, consumption, out=np.zeros(np.broadcast(p, i, e).shape), where=consumption > 0)
    return np.clip(ir, 0.0, 1.0)


def _from_trade(values):
    ir = import_reliance(values["production"], values["imports"], values["exports"])
    return _with_concentration(ir, values)


def _scalar(fn):
    def wrapped(values):
        out = fn(values)
        return float(out) if np.ndim(out) == 0 else out
    return wrapped


CRITERION = Criterion(
    id="import_dependence",
    unit="fraction",
    bases=(
        Basis(("domestic_rate",), "s + k·s·(1 − s), s = 1 − domestic_rate, "
              "k = partner_risk_concentration, else supplier_concentration, else 0", _scalar(_from_domestic_rate),
              optional=CONCENTRATIONS, scale="fraction", first_optional_only=True),
        Basis(("production", "imports", "exports"),
              "s + k·s·(1 − s), s = clip((imports − exports) / (production + imports − exports), 0, 1), "
              "k as above",
              _scalar(_from_trade), optional=CONCENTRATIONS, scale="fraction", first_optional_only=True),
    ),
    directions={"government": "benefit", "market": "benefit"},
    indicators=(
        Indicator("domestic_rate", "fraction", "fraction"),
        Indicator("production", "nonnegative", "t, or money (CNY, USD); the same kind as imports", "amount"),
        Indicator("imports", "nonnegative", "t, or money (CNY, USD); the same kind as production", "amount"),
        Indicator("exports", "nonnegative", "t, or money (CNY, USD); the same kind as production", "amount"),
        Indicator("supplier_concentration", "fraction", "HHI as a fraction"),
        Indicator("partner_risk_concentration", "fraction", "HHI × Σ share·risk, as a fraction"),
    ),
)
