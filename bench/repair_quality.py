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
4. Synthetic corruption of real paragraphs in several languages (../shared/eval/realpages, when
   present): every encoding damage of the generator, alone and after character damage.
5. Real-world cases: tests/cases/repair_realworld/score.py (real defects of real pages).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
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


REALPAGES = ROOT.parent / "shared" / "eval" / "realpages"
_INVISIBLE = re.compile("[\xad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[\s\xa0]+")


def _fold(text: str) -> str:
    """Whitespace folded, invisibles dropped, NFC: what encoding repair is scored on."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip())


def real_paragraphs(per_page: int = 2, limit: int = 600) -> tuple[list[str], int, list[str]]:
    """Article lines of the real pages in ../shared/eval/realpages/snippets.jsonl.gz (the lines
    that hold one of a page's ``with`` snippets, 60-400 characters), several languages.
    Returns (lines repair leaves alone, lines looked at, lines repair changes)."""
    import gzip

    kept, changed, seen = [], [], 0
    with gzip.open(REALPAGES / "snippets.jsonl.gz", "rt", encoding="utf-8") as handle:
        for raw in handle:
            page = json.loads(raw)
            snippets = [w for w in page.get("with") or [] if len(w) > 15]
            taken = 0
            for line in (page.get("text") or "").split("\n"):
                line = line.strip()
                if taken >= per_page or not 60 <= len(line) <= 400 or not any(w in line for w in snippets):
                    continue
                seen += 1
                if _fold(repair_text(line)) != _fold(line):
                    changed.append(line)
                    continue
                kept.append(_fold(line))
                taken += 1
            if len(kept) >= limit:
                break
    return kept, seen, changed


def synthetic_real() -> None:
    """The project's corruption generator on real paragraphs of several languages: every encoding
    damage alone, and after each character damage; textmill vs ftfy.fix_encoding, folded."""
    from textmill.repair.corrupt import CHARACTER_DAMAGE, ENCODING_DAMAGE, corrupt

    if not (REALPAGES / "snippets.jsonl.gz").exists():
        print("\nsynthetic corruption of real paragraphs: skipped (no ../shared/eval/realpages)")
        return
    paragraphs, seen, changed = real_paragraphs()
    plans = [((), enc) for enc in sorted(ENCODING_DAMAGE) if enc != "none"]
    plans += [((step,), "none") for step in sorted(CHARACTER_DAMAGE)]
    plans += [((step,), enc) for step in ("apostrophe_q", "dash_fffd", "nbsp") for enc in ("cp1252", "macroman", "partial")]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for para in paragraphs:
        for steps, enc in plans:
            broken = corrupt(para, steps, enc)
            if _fold(broken) == para:
                continue
            row = totals[enc if not steps else f"{'+'.join(steps)} {enc}"]
            row[0] += 1
            row[1] += _fold(repair_text(broken)) == para
            row[2] += _fold(ftfy.fix_encoding(broken)) == para
    print(f"\nsynthetic corruption (textmill.repair.corrupt) of {len(paragraphs)} real paragraphs "
          f"(../shared/eval/realpages/snippets.jsonl.gz, several languages), whitespace folded")
    print(f"{'damage':<28} {'n':>5} {'repair_text':>12} {'ftfy.fix_encoding':>18}")
    for kind, (n, ours, theirs) in sorted(totals.items()):
        print(f"{kind:<28} {n:>5} {100 * ours / n:>11.1f}% {100 * theirs / n:>17.1f}%")
    n = sum(r[0] for r in totals.values())
    print(f"{'OVERALL':<28} {n:>5} {100 * sum(r[1] for r in totals.values()) / n:>11.2f}% "
          f"{100 * sum(r[2] for r in totals.values()) / n:>17.2f}%")
    print(f"  clean real paragraphs changed by repair_text (beyond whitespace and invisibles): "
          f"{len(changed)} of {seen}")
    for line in changed[:10]:
        print(f"    {line[:100]!r}")


def real_world() -> None:
    """tests/cases/repair_realworld/: real defects mined from the real pages, labelled."""
    print()
    score = ROOT / "tests" / "cases" / "repair_realworld" / "score.py"
    spec = importlib.util.spec_from_file_location("repair_realworld_score", score)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main([])


def main() -> None:
    in_the_wild()
    synthetic()
    synthetic_real()
    real_world()


if __name__ == "__main__":
    main()
