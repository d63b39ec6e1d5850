"""What a case written from trade records names as its source: each input file and its sha256.

Trade files run to gigabytes (a BACI year is ~350 MB of CSV, thirty years ~10 GB), so each
file is hashed by streaming it in 1 MiB chunks, never read whole into memory. The digest is
written ``sha256:…`` as everywhere else in matrank (:mod:`matrank.inputfile`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matrank.errors import InputError

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class HashedFile:
    path: str
    sha256: str  # "sha256:<hex>"

    @property
    def name(self) -> str:
        return Path(self.path).name


@dataclass(frozen=True)
class TradeProvenance:
    """The files a trade computation read: trade records, country table, partner-risk table."""

    trade: tuple[HashedFile, ...]
    country_codes: HashedFile | None = None
    partner_risk: HashedFile | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(f.path for f in self.files)

    @property
    def files(self) -> tuple[HashedFile, ...]:
        return self.trade + tuple(f for f in (self.country_codes, self.partner_risk) if f is not None)


def file_sha256(path: str | Path) -> str:
    """``sha256:<hex>`` of the file's bytes, read in chunks."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InputError("cannot read the file", file=str(path), found=exc.strerror or str(exc),
                         fix="check the path and its permissions") from None
    return "sha256:" + digest.hexdigest()


def hashed(path: str | Path | None) -> HashedFile | None:
    return None if path is None else HashedFile(str(path), file_sha256(path))


def provenance(trade_files: Sequence[str | Path], country_codes: str | Path | None = None,
               partner_risk: str | Path | None = None) -> TradeProvenance:
    """Every input hashed (the trade files as resolved: globs expanded, each once)."""
    return TradeProvenance(tuple(hashed(p) for p in trade_files), hashed(country_codes), hashed(partner_risk))
