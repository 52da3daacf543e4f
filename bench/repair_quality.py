"""Repair quality: in-the-wild style mojibake, clean texts changed, synthetic corruption.

    .venv/bin/python bench/repair_quality.py

Offline, deterministic, a few seconds. Three measurements, side by side for ``repair_text`` and
``ftfy.fix_text`` (default, and with ``uncurl_quotes=False``, the setting that keeps typography):

1. Exact restoration per kind and overall on tests/cases/repair/in_the_wild.json (hand-written,
   news-like cases of the kinds in ftfy's own test suite; regenerate it with
   make_in_the_wild_cases.py). Encoding repair only: a case's ``config`` (NBSP cases switch off
   textmill's NBSP -> space normalisation) is applied to repair_text; ftfy never normalises NBSP.
   Strict-xfail cases are counted as they are: failures.
2. Clean texts changed: the in-the-wild negative cases, and every case of the negative_*.json files.
3. Synthetic corruption: bench/repair.py's quality() (seed paragraphs x textmill.repair.corrupt).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import ftfy

from textmill.repair import RepairConfig, repair_text

ROOT = Path(__file__).resolve().parents[1]
CASE_DIR = ROOT / "tests" / "cases" / "repair"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from repair import _paragraphs, quality  # noqa: E402  (sibling bench script, not a package)

FTFY_KEEP_TYPOGRAPHY = ftfy.TextFixerConfig(uncurl_quotes=False)
FIXERS = {
    "repair_text": lambda text, case: repair_text(text, RepairConfig(**case.get("config", {}))),
    "ftfy default": lambda text, case: ftfy.fix_text(text),
    "ftfy uncurl off": lambda text, case: ftfy.fix_text(text, FTFY_KEEP_TYPOGRAPHY),
}


def _cases(name: str) -> list[dict]:
    return json.loads((CASE_DIR / name).read_text(encoding="utf-8"))["cases"]


def in_the_wild() -> None:
    cases = _cases("in_the_wild.json")
    hits: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    failures: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        kind = case["kind"]
        totals[kind] += 1
        for name, fix in FIXERS.items():
            ok = fix(case["input"], case) == case["expected"]
            hits[name][kind] += ok
            if not ok and name == "repair_text":
                failures[kind].append(case["label"])
    kinds = sorted(k for k in totals if k != "negative")
    print(f"in-the-wild style mojibake ({CASE_DIR.name}/in_the_wild.json), exact restoration")
    print(f"{'kind':<26} {'n':>4} " + " ".join(f"{name:>16}" for name in FIXERS))
    for kind in kinds:
        cells = " ".join(f"{100 * hits[name][kind] / totals[kind]:>15.1f}%" for name in FIXERS)
        print(f"{kind:<26} {totals[kind]:>4} {cells}")
    n = sum(totals[k] for k in kinds)
    cells = " ".join(f"{100 * sum(hits[name][k] for k in kinds) / n:>15.1f}%" for name in FIXERS)
    print(f"{'OVERALL (positive cases)':<26} {n:>4} {cells}")
    for kind in kinds:
        if failures[kind]:
            print(f"  repair_text misses in {kind}: {', '.join(failures[kind])}")

    print()
    negatives = [c for c in cases if c["kind"] == "negative"]
    other = [c for path in sorted(CASE_DIR.glob("negative*.json")) for c in _cases(path.name)]
    print("clean texts changed (must be 0)")
    for label, group in (("in-the-wild negatives", negatives), ("negative_*.json cases", other)):
        cells = " ".join(
            f"{sum(fix(c['input'], c) != c['expected'] for c in group):>16d}" for fix in FIXERS.values()
        )
        print(f"{label:<26} {len(group):>4} {cells}")


def synthetic() -> None:
    raw, clean = _paragraphs(ROOT / "seeds")
    q = quality(raw, clean)
    print()
    print(f"synthetic corruption (textmill.repair.corrupt) of {len(clean)} seed paragraphs: {q['cases']} variants")
    print(f"  exact restoration   repair_text {q['exact_ours']:6.2f} %   ftfy (uncurl off) {q['exact_ftfy']:6.2f} %")
    print(f"  clean texts changed {q['clean_changed']} of {q['clean_checked']}")


def main() -> None:
    in_the_wild()
    synthetic()


if __name__ == "__main__":
    main()
