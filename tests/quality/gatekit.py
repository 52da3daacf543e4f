"""Shared pieces of the quality gates (test_gate, test_heldout, test_heldout2).

Each gate keeps its own stored minimums file; these helpers only load generator scripts and
compare measured scores with minimums, so the three gates judge the same way.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

METRICS = ("precision", "recall", "f1", "role_accuracy")


def load_script(path: Path, name: str):
    """Import a generator script that is not on the package path (fixtures come with their script)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def metric_shortfall(score, minimums: dict, name: str, metric: str) -> str | None:
    measured = getattr(score, metric)
    minimum = minimums[name][metric]
    return None if measured >= minimum else f"{name} {metric}: {measured:.4f} < minimum {minimum}"


def roles_below(score, role_minimums: dict) -> dict:
    """{role: (measured or None, minimum)} for every role under its minimum or not measured."""
    out = {}
    for role, minimum in role_minimums.items():
        measured = score.role(role)
        if measured is None or measured.accuracy < minimum:
            out[role] = (round(measured.accuracy, 4) if measured else None, minimum)
    return out
