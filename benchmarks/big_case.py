"""Write a case of N materials (the default case's criteria, judgments and sources; each
material a variation of one of the default case's), for the scale benchmarks and tests."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from matrank.casefiles import resolve_case


def big_case_text(n: int) -> str:
    raw = yaml.safe_load(resolve_case(None).read_text(encoding="utf-8"))
    seeds = raw["materials"]
    materials = []
    for k in range(n):
        m = dict(seeds[k % len(seeds)])
        if "hs_codes" in m:  # a list of its own: a shared one is dumped as a YAML anchor and alias
            m["hs_codes"] = list(m["hs_codes"])
        m["id"] = f"{m['id']}-{k:05d}"
        m["name"] = {lang: f"{text} {k}" for lang, text in m["name"].items()}
        m["indicators"] = {name: _moved(v, k) for name, v in m["indicators"].items()}
        materials.append(m)
    raw["id"] = f"big-{n}"
    raw["materials"] = materials
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)


def _moved(v, k: int):
    """An estimate moved inside its own range (so that no two materials are equal), its basis
    shortened and its quote left out (a screening list of thousands carries few quotes)."""
    if not isinstance(v, dict):
        return v
    v = {key: x for key, x in v.items() if key != "quote"}
    if "basis" in v:
        v["basis"] = "screening estimate"
    if "low" not in v or v["high"] <= v["low"]:
        return v
    share = ((k * 7919 + k // 1000 * 104729) % 997) / 997
    return {**v, "value": round(v["low"] + share * (v["high"] - v["low"]), 6)}


def write_big_case(n: int, path: Path) -> Path:
    path.write_text(big_case_text(n), encoding="utf-8")
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = write_big_case(n, Path(sys.argv[2] if len(sys.argv) > 2 else f"/tmp/big-{n}.yaml"))
    print(out, f"{out.stat().st_size / 1e6:.1f} MB")
