"""The project's packaged data tables (``newsevents/data``): one reader for all of them.

A table is tab-separated UTF-8; lines starting with ``#`` are comments, the first other line
is the header; list cells separate their values with ``|``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources

import yaml


def read_text(name: str) -> str:
    """The text of a packaged data file, by its path under ``newsevents/data`` ("actors/roles.tsv")."""
    return resources.files("newsevents").joinpath("data", *name.split("/")).read_text(encoding="utf-8")


def read_table(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row by column name) for each data row of a packaged table; short rows
    are padded with empty cells."""
    lines = [(i, ln) for i, ln in enumerate(read_text(name).splitlines(), 1)
             if ln.strip() and not ln.startswith("#")]
    if not lines:
        return
    header = lines[0][1].split("\t")
    for lineno, line in lines[1:]:
        cells = line.split("\t")
        cells += [""] * (len(header) - len(cells))
        yield lineno, dict(zip(header, cells, strict=False))


def split_list(cell: str | None) -> list[str]:
    """The values of a ``|``-separated list cell, stripped, empty ones dropped."""
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


@cache
def read_yaml(name: str):
    """A packaged YAML settings file, parsed once."""
    return yaml.safe_load(read_text(name))


@cache
def word_list(name: str) -> frozenset[str]:
    """A packaged one-word-per-line list (``#`` lines are comments), lower-cased."""
    return frozenset(w for w in (ln.strip().lower() for ln in read_text(name).splitlines())
                     if w and not w.startswith("#"))
