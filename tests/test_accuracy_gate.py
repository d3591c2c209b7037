"""Accuracy gate: dev-set metrics must not fall below the floors in benchmarks/eval_baseline.json.

Each evaluation script runs once (as a user would run it) and prints one ``metric value``
line per metric; every metric that has a floor is checked. Floors are raised when the
system improves and never lowered to let a change pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
FLOORS: dict[str, dict[str, float]] = json.loads((BENCH / "eval_baseline.json").read_text(encoding="utf-8"))


def _metrics(script: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(BENCH / script)], capture_output=True, text=True, check=True,
                         timeout=900).stdout
    metrics = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2:
            try:
                metrics[parts[0]] = float(parts[1])
            except ValueError:
                pass
    return metrics


@pytest.fixture(scope="module")
def measured(shared_dir):
    return {script: _metrics(script) for script in FLOORS}


@pytest.mark.parametrize(("script", "metric"), [(s, m) for s, floors in FLOORS.items() for m in floors])
def test_accuracy_gate_metric_at_or_above_floor(measured, script, metric):
    value = measured[script].get(metric)
    assert value is not None, f"{script} printed no line for {metric}"
    assert value >= FLOORS[script][metric], f"{metric} = {value:.3f} fell below its floor {FLOORS[script][metric]}"
