"""Accuracy gate: dev-set metrics must not fall below the floors in benchmarks/eval_baseline.json.

Floors are raised when the system improves and never lowered to let a change pass.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
FLOORS = json.loads((BENCH / "eval_baseline.json").read_text(encoding="utf-8"))


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def event_metrics(shared_dir, coder):
    mod = _load("eval_events")
    return {**mod.eval_pentaclass(coder, shared_dir), **mod.eval_plover(coder, shared_dir)}


@pytest.mark.parametrize("metric", sorted(k for k in FLOORS if k.startswith(("events_", "plover_"))))
def test_accuracy_gate_events(event_metrics, metric):
    assert event_metrics[metric] >= FLOORS[metric], f"{metric} {event_metrics[metric]:.3f} < floor {FLOORS[metric]}"
