"""Derive ``src/newsevents/data/cameo.tsv`` from the CAMEO reference table.

Run once by a maintainer who has ``../shared/reference/cameo_codes.csv``; the product
only reads the derived TSV.  Columns kept: the facts needed for coding (code, level,
root, base, name, QuadClass, Goldstein (GDELT values), PLOVER type/mode/context) plus
the pentaclass computed by rule.

Rules applied on top of the reference table (documented in docs/event-schema.md):
- pentaclass: roots 01-02 -> 0, 03-05 -> 1, 06-08 -> 2, 09-13 and 16 -> 3, 14, 15, 17-20 -> 4.
- QuadClass (GDELT): roots 01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4.
- PLOVER: the 2021 CAMEO->PLOVER mapping; CAMEO 02x (appeals) -> REQUEST, 155 -> MOBILIZE;
  01x (plain statements) have no PLOVER type and stay empty.

Usage: python scripts/build_cameo_table.py [PATH_TO_cameo_codes.csv]
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SRC = ROOT.parent / "shared" / "reference" / "cameo_codes.csv"
OUT = ROOT / "src" / "newsevents" / "data" / "cameo.tsv"


def pentaclass(root: int) -> int:
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


def quad_class(root: int) -> int:
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def main(src: Path) -> None:
    rows = list(csv.DictReader(src.open(encoding="utf-8")))
    cols = ["code", "level", "root", "base", "name", "quad_class", "pentaclass", "goldstein",
            "plover_type", "plover_mode", "plover_context"]
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            root = int(r["root_code"])
            ptype, mode = r["plover_event"], r["plover_mode"]
            if not ptype and r["root_code"] == "02":
                ptype = "REQUEST"
            if not ptype and r["code"] == "155":
                ptype = "MOBILIZE"
            q = quad_class(root)
            assert int(r["quad_class"]) == q, (r["code"], r["quad_class"], q)
            w.writerow([r["code"], r["level"], r["root_code"], r["base_code"], r["name"].strip(), q,
                        pentaclass(root), r["goldstein_gdelt"], ptype, mode, r["plover_context"]])
    print(f"wrote {OUT} ({len(rows)} codes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC)
