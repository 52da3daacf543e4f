"""How many bytes two successive releases share, with and without content-defined chunking.

    python bench/release_dedup.py [--docs 3000] [--change 0.01] [--add 0.01] [--work DIR]

Generates a synthetic txt corpus (bench/corpus.py, deterministic), curates all but the last
`--add` share of it with `textmill curate` and takes that as release A; then puts the held-back
documents in, edits `--change` of the others (one word added to one line) and curates again:
release B. Both releases' tables are written twice with the release writer
(`textmill.release.write_release_file`): as released (content-defined chunking on) and with it off.

"Shared" is what a content-addressed store (the Hugging Face hub's Xet storage, restic, borg)
would not store or send again: both files are cut into content-defined chunks (a gear rolling
hash, average ~64 KiB, as such stores do) and the bytes of B's chunks that also occur in A are
counted. A script, not a test: numbers depend on the corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

# Gear-hash chunker parameters: a boundary where the top bits of the rolling hash are zero.
MIN_CHUNK, AVG_BITS, MAX_CHUNK = 16 * 1024, 16, 256 * 1024  # 2**16 = 64 KiB average
_GEAR = [int.from_bytes(hashlib.sha256(bytes([i])).digest()[:8], "little") for i in range(256)]
_MASK = ((1 << AVG_BITS) - 1) << (64 - AVG_BITS)


def chunks(data: bytes) -> list[bytes]:
    out, start, h, n = [], 0, 0, len(data)
    i = 0
    while i < n:
        h = ((h << 1) + _GEAR[data[i]]) & 0xFFFFFFFFFFFFFFFF
        i += 1
        size = i - start
        if (size >= MIN_CHUNK and not (h & _MASK)) or size >= MAX_CHUNK:
            out.append(data[start:i])
            start, h = i, 0
    if start < n:
        out.append(data[start:])
    return out


def shared_bytes(old: Path, new: Path) -> int:
    seen = {hashlib.sha256(c).digest() for c in chunks(old.read_bytes())}
    return sum(len(c) for c in chunks(new.read_bytes()) if hashlib.sha256(c).digest() in seen)


def curate(inputs: Path, tables: Path, env: dict) -> dict:
    """`textmill curate --json`; the summary printed counts, not the exit code: on this machine the
    process has been seen to abort at interpreter exit after a completed run."""
    textmill = Path(sys.executable).parent / "textmill"
    done = subprocess.run([str(textmill), "curate", str(inputs), "--tables", str(tables), "--json"], env=env,
                          capture_output=True, text=True)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise SystemExit(f"curate failed (exit {done.returncode}): {done.stderr[-2000:]}") from exc


def snapshot(tables: Path, out: Path) -> None:
    """The release tables of `tables`, written with CDC on (out/cdc) and off (out/plain)."""
    from textmill.release import write_release_file
    from textmill.schema import TABLES
    from textmill.tables import read_table, sorted_by_key

    for mode, cdc in (("cdc", True), ("plain", False)):
        (out / mode).mkdir(parents=True, exist_ok=True)
        for table in TABLES:
            data = sorted_by_key(read_table(tables, table), table)
            write_release_file(data, out / mode / f"{table}.parquet", table, use_content_defined_chunking=cdc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--change", type=float, default=0.01, help="share of documents edited between the releases")
    parser.add_argument("--add", type=float, default=0.01, help="share of documents added in the second release")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one, removed)")
    args = parser.parse_args(argv)
    from corpus import generate

    work = args.work or Path(tempfile.mkdtemp(prefix="textmill-dedup-"))
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    try:
        inputs, held = work / "news", work / "held"
        generate(inputs, args.docs, "txt", args.seed)
        rng = random.Random(args.seed)
        files = sorted(p for p in inputs.rglob("*.txt"))
        added = rng.sample(files, max(1, int(len(files) * args.add)))
        for f in added:
            (held / f.relative_to(inputs)).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(f, held / f.relative_to(inputs))
        curate(inputs, work / "tables", env)
        snapshot(work / "tables", work / "A")
        for f in added:
            shutil.move(held / f.relative_to(inputs), f)
        kept = [f for f in files if f not in set(added)]
        for f in rng.sample(kept, max(1, int(len(kept) * args.change))):
            lines = f.read_text(encoding="utf-8").split("\n")
            longest = max(range(len(lines)), key=lambda i: len(lines[i]))
            lines[longest] = lines[longest].replace(" the ", " the revised ", 1)
            f.write_text("\n".join(lines), encoding="utf-8")
        curate(inputs, work / "tables", env)
        snapshot(work / "tables", work / "B")
        print(f"{len(files)} documents; release B adds {len(added)} and edits {max(1, int(len(kept) * args.change))}")
        print(f"{'table':<11} {'mode':<6} {'A bytes':>11} {'B bytes':>11} {'B shared':>11} {'shared %':>8}")
        from textmill.schema import TABLES

        totals = {}
        for mode in ("plain", "cdc"):
            tot_b = tot_s = 0
            for table in TABLES:
                a, b = work / "A" / mode / f"{table}.parquet", work / "B" / mode / f"{table}.parquet"
                s = shared_bytes(a, b)
                tot_b, tot_s = tot_b + b.stat().st_size, tot_s + s
                print(f"{table:<11} {mode:<6} {a.stat().st_size:>11,} {b.stat().st_size:>11,} {s:>11,} {100 * s / b.stat().st_size:>7.1f}%")
            totals[mode] = (tot_b, tot_s)
        for mode, (b, s) in totals.items():
            print(f"all tables, {mode}: B = {b:,} bytes, shared with A = {s:,} ({100 * s / b:.1f}%), new = {b - s:,}")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
