"""Pipeline throughput: MB/s per core and peak memory, per input format and for the whole flow.

    python bench/throughput.py [--mb 10] [--shard-mb 4] [--formats txt,html,jsonl] [--flow] [--flat]

For each format it generates a synthetic corpus with bench/corpus.py (deterministic), then runs
`textmill.pipeline.process_shard` shard by shard over it in a fresh subprocess on one core (so peak
RSS is that of the work alone), and prints MB/s per core and peak RSS. --flat repeats the txt
measurement at 3x the size: peak RSS must stay about the same (it is bounded by the shard size, not
the corpus). --flow also runs `textmill curate` end to end on a mixed corpus (default config: 2
worker processes) and reports wall time and MB/s.
A script, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_WORKER = r"""
import json, resource, sys, tempfile, time
from textmill.config import PipelineConfig
from textmill.ingest import discover, plan_shards
from textmill.pipeline import process_shard, template_keys_of_files
from textmill.commit import template_stats
from textmill.staging import load_prepared, stage_template_pass
shard_bytes = int(sys.argv[1])
paths = sys.argv[2:]
config = PipelineConfig()
files = discover(paths).files
mb = sum(f.size for f in files) / 1e6
t0 = time.process_time(); w0 = time.perf_counter()
shards = plan_shards(files, shard_bytes, config.run.shard_files)
staging = tempfile.mkdtemp()  # as the flow does: pass-1 results are staged per shard, not held
passes = [stage_template_pass(template_keys_of_files(shard, config), staging, i) for i, shard in enumerate(shards)]
templates = template_stats("/nonexistent-tables", passes)
t1 = time.process_time()
docs = paras = rejects = 0
for i, shard in enumerate(shards):
    r = process_shard(shard, config, None, templates, load_prepared(staging, i))
    docs += len(r.documents); paras += len(r.paragraphs); rejects += len(r.rejects)
t2 = time.process_time()
print(json.dumps({"mb": mb, "files": len(files), "docs": docs, "paragraphs": paras, "rejects": rejects,
                  "cpu_templates_s": t1 - t0, "cpu_process_s": t2 - t1, "wall_s": time.perf_counter() - w0,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generate(out: Path, fmt: str, mb: float) -> None:
    subprocess.run([sys.executable, str(HERE / "corpus.py"), str(out), "--format", fmt, "--target-mb", str(mb), "--seed", "7"],
                   check=True, stdout=subprocess.DEVNULL)


def measure(path: Path, shard_bytes: int) -> dict:
    out = subprocess.run([sys.executable, "-c", _WORKER, str(shard_bytes), str(path)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size per format (MB)")
    parser.add_argument("--formats", default="txt,html,jsonl")
    parser.add_argument("--shard-mb", type=float, default=4.0, help="shard size for the per-core measurement")
    parser.add_argument("--flow", action="store_true", help="also time `textmill curate` end to end")
    parser.add_argument("--flat", action="store_true", help="also measure txt at 3x the size (memory must stay flat)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="textmill-bench-") as tmp:
        print(f"{'format':8} {'MB':>7} {'docs':>7} {'paras':>8} {'MB/s/core':>10} {'(templates pass)':>17} {'peak RSS MB':>12}")
        runs = [(fmt, args.mb) for fmt in args.formats.split(",")] + ([("txt", 3 * args.mb)] if args.flat else [])
        for fmt, mb in runs:
            corpus = Path(tmp) / f"{fmt}-{mb}"
            generate(corpus, fmt, mb)
            r = measure(corpus, int(args.shard_mb * 1e6))
            rate = r["mb"] / (r["cpu_templates_s"] + r["cpu_process_s"])
            print(f"{fmt:8} {r['mb']:7.1f} {r['docs']:7d} {r['paragraphs']:8d} {rate:10.2f} "
                  f"{r['mb'] / max(r['cpu_templates_s'], 1e-9):17.1f} {r['peak_rss_mb']:12.0f}")
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
