"""Score encoding repair on the held-out cases: textmill's repair_text next to ftfy.fix_text.

    python tests/cases/repair_heldout/score.py            # per-kind table
    python tests/cases/repair_heldout/score.py --failures # also every case a fixer gets wrong

Broken cases score exact restoration (output == expected); negative cases (kind ``negative_*``)
score "unchanged" (output == input). The gate (tests/quality/test_repair_heldout.py) uses
``GATED`` only; the other columns are for comparison.

Why ``normalize_spaces=False`` for the gated column: the set measures encoding repair. Turning
NBSP into a space is a deliberate whitespace contract of the repair stage, and two cases carry a
real NBSP (``&nbsp;`` decoded, French typography); with the default config those would count as
failures that say nothing about mojibake. The default config is printed too.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases.json"

GATED = "repair_text(normalize_spaces=False)"


def load_cases() -> list[dict]:
    return json.loads(CASES.read_text(encoding="utf-8"))


def is_negative(case: dict) -> bool:
    return case["kind"].startswith("negative")


def fixers(include_ftfy: bool = True) -> dict[str, Callable[[str], str]]:
    """Name -> text fixer. ftfy is imported only when asked (the gate does not need it)."""
    from textmill.repair import RepairConfig, repair_text

    encoding_only = RepairConfig(normalize_spaces=False)
    found: dict[str, Callable[[str], str]] = {
        GATED: lambda text: repair_text(text, encoding_only),
        "repair_text(default)": repair_text,
    }
    if include_ftfy:
        import ftfy

        found["ftfy.fix_text"] = ftfy.fix_text
        found["ftfy(uncurl_quotes=False)"] = lambda text: ftfy.fix_text(text, uncurl_quotes=False)
    return found


def outcome(case: dict, fix: Callable[[str], str]) -> tuple[bool, str]:
    """(right?, output). A fixer that raises gets the case wrong; the output shows the error."""
    try:
        got = fix(case["input"])
    except Exception as exc:  # noqa: BLE001 - a crash is a wrong answer here, not a test error
        return False, f"<{type(exc).__name__}: {exc}>"
    return got == case["expected"], got


def measure(cases: list[dict], fix: Callable[[str], str]) -> dict:
    """Exact-restoration rate on broken cases, changed negatives, and per-kind rates."""
    per_kind: dict[str, list[bool]] = {}
    wrong: list[dict] = []
    for case in cases:
        right, got = outcome(case, fix)
        per_kind.setdefault(case["kind"], []).append(right)
        if not right:
            wrong.append({**case, "got": got})
    broken = [ok for kind, oks in per_kind.items() if not kind.startswith("negative") for ok in oks]
    negative = [ok for kind, oks in per_kind.items() if kind.startswith("negative") for ok in oks]
    return {
        "broken_cases": len(broken),
        "exact_rate": sum(broken) / len(broken),
        "negative_cases": len(negative),
        "negatives_changed": len(negative) - sum(negative),
        "per_kind": {kind: (sum(oks), len(oks)) for kind, oks in per_kind.items()},
        "wrong": wrong,
    }


def table(results: dict[str, dict]) -> str:
    names = list(results)
    kinds = list(next(iter(results.values()))["per_kind"])
    width = max(len(k) for k in kinds + ["overall broken (exact)"]) + 2
    cols = [max(len(n), 9) + 2 for n in names]
    lines = ["".ljust(width) + "".join(n.rjust(c) for n, c in zip(names, cols))]
    for kind in sorted(kinds, key=lambda k: (k.startswith("negative"), k)):
        row = kind.ljust(width)
        for name, c in zip(names, cols):
            ok, n = results[name]["per_kind"][kind]
            row += f"{ok}/{n} {ok / n:.0%}".rjust(c)
        lines.append(row)
    lines.append("overall broken (exact)".ljust(width) + "".join(
        f"{results[n]['exact_rate']:.4f}".rjust(c) for n, c in zip(names, cols)))
    lines.append("negatives changed".ljust(width) + "".join(
        f"{results[n]['negatives_changed']}/{results[n]['negative_cases']}".rjust(c) for n, c in zip(names, cols)))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    cases = load_cases()
    results = {name: measure(cases, fix) for name, fix in fixers().items()}
    print(f"{len(cases)} cases: {results[GATED]['broken_cases']} broken, {results[GATED]['negative_cases']} negative")
    print(table(results))
    if "--failures" in argv:
        for name, res in results.items():
            print(f"\n== {name}: {len(res['wrong'])} wrong")
            for case in res["wrong"]:
                print(f"{case['label']}\n  input    {case['input']!r}\n  expected {case['expected']!r}\n"
                      f"  got      {case['got']!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
