"""Pipeline throughput: MB/s per core and peak memory, per input format and for the whole flow.

    python bench/throughput.py [--mb 10] [--shard-mb 4] [--formats txt,html,jsonl] [--flow] [--flat]

For each format it generates a synthetic corpus with bench/corpus.py (deterministic), then runs
`textmill curate` on it as a user would, with one worker thread (`[run] runner = "thread"`,
`max_workers = 1`), and prints MB per CPU-second of the whole process tree (the CLI and its
temporary Prefect server: fixed costs included) and the peak RSS of its largest process. --flat repeats the txt
measurement at 3x the size: peak RSS must stay about the same (it is bounded by the shard size, not
the corpus). --flow also runs `textmill curate` end to end on a mixed corpus (default config: 2
worker processes) and reports wall time and MB/s.
A script, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# One worker thread: the per-core rate of the shard work; the CLI's Prefect server runs beside it.
_ONE_CORE = """[run]\nrunner = "thread"\nmax_workers = 1\nshard_bytes = {shard_bytes}\n"""


def generate(out: Path, fmt: str, mb: float) -> None:
    subprocess.run([sys.executable, str(HERE / "corpus.py"), str(out), "--format", fmt, "--target-mb", str(mb), "--seed", "7"],
                   check=True, stdout=subprocess.DEVNULL)


def measure(path: Path, shard_bytes: int) -> dict:
    """`textmill curate PATH` on one core, as a user runs it, in a fresh tables folder: CPU
    seconds and peak RSS of the whole process tree (the CLI, its Prefect server), counts from
    its JSON summary."""
    work = Path(tempfile.mkdtemp(prefix="textmill-throughput-", dir=path.parent))
    config = work / "one-core.toml"
    config.write_text(_ONE_CORE.format(shard_bytes=shard_bytes), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([str(Path(sys.executable).parent / "textmill"), "curate", str(path), "--tables", str(work / "tables"),
                          "--config", str(config), "--json"], check=True, capture_output=True, text=True, cwd=work)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = json.loads(out.stdout)
    mb = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6 if path.is_dir() else path.stat().st_size / 1e6
    return {"mb": mb, "docs": summary["documents"], "rejects": summary["rejects"], "wall_s": wall,
            "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "peak_rss_mb": after.ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size per format (MB)")
    parser.add_argument("--formats", default="txt,html,jsonl")
    parser.add_argument("--shard-mb", type=float, default=4.0, help="shard size for the per-core measurement")
    parser.add_argument("--flow", action="store_true", help="also time `textmill curate` end to end")
    parser.add_argument("--flat", action="store_true", help="also measure txt at 3x the size (memory must stay flat)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="textmill-bench-") as tmp:
        print(f"{'format':8} {'MB':>7} {'docs':>7} {'CPU-s':>8} {'MB/CPU-s':>9} {'wall s':>7} {'peak RSS MB (largest process)':>30}")
        runs = [(fmt, args.mb) for fmt in args.formats.split(",")] + ([("txt", 3 * args.mb)] if args.flat else [])
        for fmt, mb in runs:
            corpus = Path(tmp) / f"{fmt}-{mb}"
            generate(corpus, fmt, mb)
            r = measure(corpus, int(args.shard_mb * 1e6))
            print(f"{fmt:8} {r['mb']:7.1f} {r['docs']:7d} {r['cpu_s']:8.1f} {r['mb'] / r['cpu_s']:9.2f} {r['wall_s']:7.1f} "
                  f"{r['peak_rss_mb']:30.0f}")
        if args.flow:
            corpus = Path(tmp) / "mixed"
            generate(corpus, "mixed", args.mb)
            mb = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file()) / 1e6
            start = time.perf_counter()
            subprocess.run([str(Path(sys.executable).parent / "textmill"), "curate", str(corpus), "--tables", str(Path(tmp) / "tables")],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
            wall = time.perf_counter() - start
            print(f"flow: textmill curate on {mb:.1f} MB mixed: {wall:.1f} s wall ({mb / wall:.2f} MB/s incl. Prefect start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
