"""Shared fixtures: one Coder (real model) per test session, the examples folder, ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def coder():
    from newsevents import Coder

    return Coder()


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"{SHARED} not found: the dev gold sets live in ../shared/ (absent outside the dev setup)")
    return SHARED
