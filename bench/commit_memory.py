"""Memory and CPU of the commit step alone (issue 11): `commit.commit_run` on a staging folder
rebuilt from the tables of a finished one-run curate, optionally copied k times with new ids.

    python bench/commit_memory.py TABLES [--copies 1,3,10] [--shards 3] [--work DIR]

TABLES is the tables folder of a fresh `textmill curate` (one run, e.g. `bench/speed.py` keeps
none, so curate a bench corpus yourself). Its rows are cut into `--shards` staged files per table
as the shard tasks would have written them, with the ShardSummary objects the commit takes; with
`--copies k` every staged file is repeated k times, each copy's ids (doc, paragraph, reject, text
hash, cluster) suffixed, so the commit sees k times the rows and distinct keys (texts repeat: the
Parquet encoding of the merged files is smaller than for k times as much distinct text).

Prints this process's PSS (from /proc/self/smaps_rollup, sampled every 20 ms) before and at the
peak of each step (the cluster pass, each table's MERGE), and the commit's CPU seconds; at the
start of each step also Arrow's memory pool (`pyarrow.total_allocated_bytes()`) and, run with
PYTHONTRACEMALLOC=1, the Python heap tracemalloc sees: PSS minus both is native memory neither
sees (delta-rs's Rust allocations, the allocators' free lists), sampled as its peak per step. The
commit runs in a fresh process per copy count (`--child`), so one size's allocator state does not
carry into the next.
"""

from __future__ import annotations

import argparse
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

ID_COLUMNS = ("doc_id", "paragraph_id", "reject_id", "text_hash", "dup_cluster")


def rebuild_staging(tables: str, out: Path, shards: int, copies: int) -> None:
    """Staged files and summaries as the shard tasks of one run over these tables would leave them."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from textmill.staging import ShardSummary
    from textmill.tables import read_table

    data = {t: read_table(tables, t) for t in ("documents", "paragraphs", "removed", "template_lines", "rejects", "minhash")}
    ids = sorted(data["documents"]["doc_id"].to_pylist())
    summaries = []
    for copy in range(copies):
        sfx = f"~{copy:x}" if copy else ""

        def renamed(d):
            for col in ID_COLUMNS:
                if col in d.column_names:
                    i = d.schema.get_field_index(col)
                    d = d.set_column(i, d.schema.field(col), pc.binary_join_element_wise(d[col], pa.scalar(sfx), ""))
            return d

        def write(table, d, index):
            if d.num_rows:
                (out / table).mkdir(parents=True, exist_ok=True)
                pq.write_table(renamed(d), out / table / f"shard-{index:05d}.parquet")

        for i in range(shards):
            index = copy * shards + i
            part = pa.array(ids[i::shards], pa.string())
            rows = {}
            for table in ("documents", "paragraphs", "removed", "template_lines"):
                d = data[table].filter(pc.is_in(data[table]["doc_id"], value_set=part))
                rows[table] = d.num_rows
                write(table, d, index)
            rej = data["rejects"]
            step = -(-rej.num_rows // shards) if rej.num_rows else 0
            rej = rej.slice(i * step, step)
            rows["rejects"] = rej.num_rows
            write("rejects", rej, index)
            mh = data["minhash"]
            step = -(-mh.num_rows // shards)
            write("minhash", mh.slice(i * step, step), index)
            summaries.append(ShardSummary(
                index=index, n_inputs=len(part) + rej.num_rows, n_bytes=0, rows=rows,
                processed_ids=[d + sfx for d in part.to_pylist()],
                rejected_ids=[r + sfx for r in rej["reject_id"].to_pylist()], unchanged_ids=[]))
    with open(out / "summaries.pickle", "wb") as f:
        pickle.dump(summaries, f)


def child(staging: Path, tables: Path) -> None:
    """Run the commit on `staging` into the fresh `tables`, printing PSS per step."""
    from textmill import commit
    from textmill.config import load_config
    from textmill.diagnostics import pss_mb

    with open(staging / "summaries.pickle", "rb") as f:
        summaries = pickle.load(f)
    (staging / "summaries.pickle").unlink()
    peaks: dict[str, float] = {}
    current = ["start"]
    halt = threading.Event()

    import tracemalloc

    import pyarrow as pa

    native_peaks: dict[str, float] = {}

    def python_mb() -> float:
        return tracemalloc.get_traced_memory()[0] / 2**20 if tracemalloc.is_tracing() else 0.0

    def sample() -> None:
        while not halt.is_set():
            pss = pss_mb()
            peaks[current[0]] = max(peaks.get(current[0], 0.0), pss)
            native = pss - pa.total_allocated_bytes() / 2**20 - python_mb()
            native_peaks[current[0]] = max(native_peaks.get(current[0], 0.0), native)
            time.sleep(0.02)

    def step(name: str) -> None:
        traced = f", Python heap {python_mb():5.0f} MB" if tracemalloc.is_tracing() else ""
        print(f"  {name:28} PSS at start {pss_mb():6.0f} MB, Arrow pool {pa.total_allocated_bytes() / 2**20:5.0f} MB{traced}", flush=True)
        current[0] = name

    merge_rows = commit.merge_rows

    def traced_merge(tables_dir, table, rows, *args, **kwargs):
        step(f"merge {table}")
        return merge_rows(tables_dir, table, rows, *args, **kwargs)

    commit.merge_rows = traced_merge
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    base = pss_mb()
    cpu = time.process_time()
    summary = commit.commit_run(str(tables), str(staging), summaries, {"textmill.run_id": "bench-commit-memory"},
                                load_config(None).dedup, on_step=step)
    cpu = time.process_time() - cpu
    step("end")
    halt.set()
    sampler.join()
    print(f"  paragraphs {summary['paragraphs']}, documents {summary['documents']}; commit {cpu:.1f} CPU-s; "
          f"PSS before {base:.0f} MB, peak {max(peaks.values()):.0f} MB", flush=True)
    print("  peak PSS MB by step: " + ", ".join(f"{k} {v:.0f}" for k, v in peaks.items()), flush=True)
    print("  peak native (PSS - Arrow pool - traced Python) MB by step: " + ", ".join(f"{k} {v:.0f}" for k, v in native_peaks.items()), flush=True)
    if "near_duplicate_index_mb" in summary:
        print(f"  near-duplicate index {summary['near_duplicate_index_mb']} MB", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tables")
    parser.add_argument("--copies", default="1,3,10")
    parser.add_argument("--shards", type=int, default=3)
    parser.add_argument("--work", default=None)
    parser.add_argument("--child", nargs=2, metavar=("STAGING", "TABLES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return 0
    work = Path(args.work or tempfile.mkdtemp(prefix="textmill-commit-memory-"))
    for k in [int(c) for c in args.copies.split(",") if c]:
        staging, tables = work / f"staging-x{k}", work / f"tables-x{k}"
        for p in (staging, tables):
            shutil.rmtree(p, ignore_errors=True)
        rebuild_staging(args.tables, staging, args.shards, k)
        print(f"{k} cop{'y' if k == 1 else 'ies'} of {args.tables} in {args.shards * k} staged shards (load {os.getloadavg()[0]:.1f}):", flush=True)
        subprocess.run([sys.executable, __file__, args.tables, "--child", str(staging), str(tables)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
