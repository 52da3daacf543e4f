"""Score repair on the real-world cases: textmill's repair_text next to ftfy.fix_encoding.

    .venv/bin/python tests/cases/repair_realworld/score.py [--failures]

Whitespace is folded before comparing (NBSP and runs of spaces -> one space: repair_text
normalises whitespace, ftfy does not; this set measures characters). Broken cases score exact
restoration; negative cases (clean lines) score "unchanged". The gate
(tests/quality/test_repair_realworld.py) reads ``measure`` for ``GATED``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
GATED = "repair_text"
_SPACES = re.compile(r"[\s\xa0]+")


def fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def load_cases() -> list[dict]:
    return json.loads((HERE / "cases.json").read_text(encoding="utf-8"))["cases"]


def fixers(include_ftfy: bool = True) -> dict[str, Callable[[str], str]]:
    from textmill.repair import repair_text

    out: dict[str, Callable[[str], str]] = {GATED: repair_text}
    if include_ftfy:
        import ftfy

        out["ftfy.fix_encoding"] = ftfy.fix_encoding
        keep = ftfy.TextFixerConfig(uncurl_quotes=False)
        out["ftfy.fix_text (uncurl off)"] = lambda t: ftfy.fix_text(t, keep)
    return out


def measure(cases: list[dict], fix: Callable[[str], str]) -> dict:
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong = []
    for case in cases:
        got = fold(fix(case["input"]))
        ok = got == fold(case["expected"])
        by_kind[case["kind"]][0] += 1
        by_kind[case["kind"]][1] += ok
        if not ok:
            wrong.append({**case, "got": got})
    broken = [k for k in by_kind if k != "negative"]
    n = sum(by_kind[k][0] for k in broken)
    return {
        "by_kind": dict(by_kind), "broken_cases": n, "exact_rate": sum(by_kind[k][1] for k in broken) / n,
        "negatives": by_kind["negative"][0], "negatives_changed": by_kind["negative"][0] - by_kind["negative"][1],
        "wrong": wrong,
    }


def main(argv: list[str]) -> None:
    cases = load_cases()
    results = {name: measure(cases, fix) for name, fix in fixers().items()}
    kinds = sorted({c["kind"] for c in cases})
    print(f"real-world cases (tests/cases/repair_realworld/, {len(cases)} cases), whitespace folded")
    print(f"{'kind':<16} {'n':>4} " + " ".join(f"{name:>26}" for name in results))
    for kind in kinds:
        n = results[GATED]["by_kind"][kind][0]
        cells = " ".join(f"{r['by_kind'][kind][1]:>20d} ({100 * r['by_kind'][kind][1] / n:5.1f}%)" if kind != "negative"
                         else f"{n - r['by_kind'][kind][1]:>18d} changed" for r in results.values())
        print(f"{kind:<16} {n:>4} {cells}")
    cells = " ".join(f"{r['exact_rate']:>26.4f}" for r in results.values())
    print(f"{'exact (broken)':<16} {results[GATED]['broken_cases']:>4} {cells}")
    if "--failures" in argv:
        for name, r in results.items():
            for case in r["wrong"]:
                print(f"\n[{name}] {case['label']} ({case['kind']})\n  input    {case['input']!r}\n  expected "
                      f"{case['expected']!r}\n  got      {case['got']!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
