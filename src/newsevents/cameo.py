"""The CAMEO code table: names, Goldstein, QuadClass, pentaclass and PLOVER mapping.

Loaded once from ``data/cameo.tsv`` (derived from the CAMEO reference by
``scripts/build_cameo_table.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from newsevents.datafiles import read_table


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code and its derived classes."""

    code: str
    level: int
    root: str
    base: str
    name: str
    quad_class: int
    pentaclass: int
    goldstein: float | None
    plover_type: str | None
    plover_mode: str | None
    plover_context: str | None


@cache
def table() -> dict[str, CameoCode]:
    """All CAMEO codes keyed by code string (leading zeros kept)."""
    out: dict[str, CameoCode] = {}
    for _, r in read_table("cameo.tsv"):
        out[r["code"]] = CameoCode(
            code=r["code"],
            level=int(r["level"]),
            root=r["root"],
            base=r["base"],
            name=r["name"],
            quad_class=int(r["quad_class"]),
            pentaclass=int(r["pentaclass"]),
            goldstein=float(r["goldstein"]) if r["goldstein"] else None,
            plover_type=r["plover_type"] or None,
            plover_mode=r["plover_mode"] or None,
            plover_context=r["plover_context"] or None,
        )
    return out


def lookup(code: str) -> CameoCode:
    """Return the entry for ``code``; raises KeyError naming the code when unknown."""
    try:
        return table()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}") from None


def is_code(code: str) -> bool:
    return code in table()
