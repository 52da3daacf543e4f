"""Scores of the third held-out set, broken down by format, language, genre and HTML style.

    .venv/bin/python tests/cases/boilerplate_heldout3/score_heldout3.py [--worst N] [--baselines]

Runs the second set's scorer (tests/cases/boilerplate_heldout2/score_heldout2.py: same runner and
metric as bench/eval_boilerplate.py, options documented there) on this folder. Read-only.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "quality"))  # gatekit.load_script: import a script by path

from gatekit import load_script  # noqa: E402

v2 = load_script(HERE.parent / "boilerplate_heldout2" / "score_heldout2.py", "score_heldout2")

if __name__ == "__main__":
    raise SystemExit(v2.main(None, HERE))
