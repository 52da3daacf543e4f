"""Benchmark and quality report for textmill.repair, side by side with ftfy.fix_text.

    .venv/bin/python bench/repair.py [--seeds DIR] [--mb 1.0] [--repeat 3]

Offline, deterministic, under a minute. Text comes from the seed articles (seeds/*.txt):
  * mostly clean news: the seed articles as scraped (a few real defects), concatenated to --mb MB;
  * heavily broken: every seed paragraph pushed through textmill.repair.corrupt (lost dashes and
    apostrophes, escapes, NBSP, invisibles, padding, cp1252/latin-1 mojibake), to --mb MB.
  * heavily broken, cp1252/latin-1 only: the same without the code pages added later (MacRoman,
    cp437, cp1251, partial lines), i.e. the workload the issue's speed targets were set on.
Speed is MB of UTF-8 input per CPU-second of this (single-threaded) process, best of --repeat
runs: CPU time, not wall time, so that a busy shared machine does not halve the figure.

Quality: every clean seed paragraph x every combination of up to two character-damage steps x
every encoding damage; "exact" means repair returns the clean paragraph exactly. ftfy's score on
the same set is printed for comparison. "clean changed" counts clean paragraphs and clean
documents that repair alters (the target is 0).
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

import ftfy

from textmill.repair import repair_text
from textmill.repair.corrupt import CHARACTER_DAMAGE, ENCODING_DAMAGE, corrupt

ROOT = Path(__file__).resolve().parents[1]
FTFY_KEEP_TYPOGRAPHY = ftfy.TextFixerConfig(uncurl_quotes=False)


def _paragraphs(seeds: Path) -> tuple[list[str], list[str]]:
    raw = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    clean = [line for doc in raw for line in repair_text(doc).split("\n") if len(line) > 20]
    return raw, clean


def _fill(chunks: list[str], mb: float) -> str:
    out, size, target = [], 0, int(mb * 1_000_000)
    for chunk in itertools.cycle(chunks):
        out.append(chunk)
        size += len(chunk.encode("utf-8")) + 1
        if size >= target:
            return "\n".join(out)
    raise AssertionError("unreachable")


def _mbps(fn, text: str | bytes, repeat: int) -> float:
    """MB per CPU-second of ``fn(text)``, best of ``repeat``; MB of UTF-8 input (bytes as they are)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn(text)
        best = min(best, time.process_time() - start)
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8"))
    return size / 1e6 / best


def _damage_plans() -> list[tuple[tuple[str, ...], str]]:
    steps = sorted(CHARACTER_DAMAGE)
    combos = [()] + [(s,) for s in steps] + list(itertools.combinations(steps, 2))
    return [(c, e) for c in combos for e in sorted(ENCODING_DAMAGE) if c or e != "none"]


# The encoding damage of the first bench (the speed targets were measured on it).
FIRST_ENCODING_DAMAGE = frozenset({"none", "cp1252", "cp1252x2", "latin1"})


def workloads(seeds: Path, mb: float) -> dict[str, str]:
    """The speed workloads, by label (see the module docstring)."""
    raw, clean = _paragraphs(seeds)
    plans = _damage_plans()[::7]
    first = [(steps, enc) for steps, enc in _damage_plans() if enc in FIRST_ENCODING_DAMAGE][::7]
    return {
        "mostly clean news": _fill(raw, mb),
        "heavily broken": _fill([corrupt(p, steps, enc) for p in clean for steps, enc in plans], mb),
        "broken, cp1252 only": _fill([corrupt(p, steps, enc) for p in clean for steps, enc in first], mb),
    }


def quality(raw: list[str], clean: list[str]) -> dict[str, float]:
    total = ours = theirs = 0
    for para in clean:
        for steps, enc in _damage_plans():
            broken = corrupt(para, steps, enc)
            if broken == para:
                continue
            total += 1
            ours += repair_text(broken) == para
            theirs += ftfy.fix_text(broken, FTFY_KEEP_TYPOGRAPHY) == para
    clean_docs = [repair_text(doc) for doc in raw]
    changed = sum(repair_text(p) != p for p in clean) + sum(repair_text(d) != d for d in clean_docs)
    return {
        "cases": total,
        "exact_ours": 100 * ours / total,
        "exact_ftfy": 100 * theirs / total,
        "clean_checked": len(clean) + len(clean_docs),
        "clean_changed": changed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--mb", type=float, default=1.0, help="MB of text per workload")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    raw, clean = _paragraphs(args.seeds)
    fixers = {
        "repair_text": repair_text,
        "ftfy.fix_text": ftfy.fix_text,
        "ftfy (uncurl off)": lambda t: ftfy.fix_text(t, FTFY_KEEP_TYPOGRAPHY),
    }
    print(f"{'workload':<20} " + " ".join(f"{name:>18}" for name in fixers) + f" {'speed-up':>9}")
    for label, text in workloads(args.seeds, args.mb).items():
        speeds = {name: _mbps(fn, text, args.repeat) for name, fn in fixers.items()}
        cells = " ".join(f"{speeds[name]:>11.2f} MB/cpu-s" for name in fixers)
        print(f"{label:<20} {cells} {speeds['repair_text'] / speeds['ftfy.fix_text']:>8.2f}x")

    q = quality(raw, clean)
    print()
    print(f"synthetic corruption of {len(clean)} real seed paragraphs: {q['cases']} broken variants")
    print(f"  exact restoration   repair_text {q['exact_ours']:6.2f} %   ftfy.fix_text {q['exact_ftfy']:6.2f} %")
    print(f"  clean texts changed {q['clean_changed']} of {q['clean_checked']}")


if __name__ == "__main__":
    main()
