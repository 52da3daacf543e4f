"""How many bytes two successive releases share, with and without content-defined chunking.

    python bench/release_dedup.py [--docs 1500] [--copies 40] [--change 0] [--add 0] [--work DIR]

Generates a synthetic txt corpus (bench/corpus.py, deterministic), curates it less the documents
to be added with `textmill curate` (release A); then puts those in, edits `--change` of the others
(one word added to one line; at least one) and curates again (release B). Curating 100 MB twice
would take many minutes, so the tables are then scaled `--copies` times with new ids per copy
(B differs from A by the same one edited and one added document). Both releases' tables are
written with the release writer (`textmill.release.write_release_file`): with content-defined
chunking (as released) and without.

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


def release_tables(tables: Path) -> dict:
    from textmill.schema import TABLES
    from textmill.tables import read_table, sorted_by_key

    return {t: sorted_by_key(read_table(tables, t), t) for t in TABLES}


def _renamed(data, copy: int):
    """`data` with every doc_id (and the ids built on it) replaced by a copy-specific one."""
    import pyarrow as pa

    if copy == 0 or data.num_rows == 0:
        return data
    ids = {}

    def new(doc_id: str) -> str:
        if doc_id not in ids:
            ids[doc_id] = hashlib.sha256(f"{copy}:{doc_id}".encode()).hexdigest()[:16]
        return ids[doc_id]

    for column in ("doc_id", "paragraph_id", "reject_id"):
        if column in data.column_names:
            values = [new(v[:16]) + v[16:] for v in data[column].to_pylist()]
            data = data.set_column(data.column_names.index(column), data.schema.field(column), pa.array(values, pa.string()))
    return data


def scaled(small_a: dict, small_b: dict, copies: int) -> tuple[dict, dict]:
    """Release tables `copies` times the size of the curated ones: copy c of every document gets new
    ids. A = copies of the first release; B = the same, but copy 0 is the second release, so B
    differs from A by exactly the documents edited and added between the two curates."""
    import pyarrow as pa

    from textmill.tables import sorted_by_key

    big_a, big_b = {}, {}
    for table in small_a:
        rest = [_renamed(small_a[table], c) for c in range(1, copies)]
        big_a[table] = sorted_by_key(pa.concat_tables([small_a[table], *rest]), table)
        big_b[table] = sorted_by_key(pa.concat_tables([small_b[table], *rest]), table)
    return big_a, big_b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1500)
    parser.add_argument("--copies", type=int, default=40, help="scale the curated tables this many times (new ids per copy)")
    parser.add_argument("--change", type=float, default=0.0, help="share of documents edited between the releases (at least 1)")
    parser.add_argument("--add", type=float, default=0.0, help="share of documents added in the second release (at least 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one, removed)")
    args = parser.parse_args(argv)
    from corpus import generate

    from textmill.release import write_release_file

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
        small_a = release_tables(work / "tables")
        for f in added:
            shutil.move(held / f.relative_to(inputs), f)
        kept = [f for f in files if f not in set(added)]
        edited = rng.sample(kept, max(1, int(len(kept) * args.change)))
        for f in edited:
            lines = f.read_text(encoding="utf-8").split("\n")
            longest = max(range(len(lines)), key=lambda i: len(lines[i]))
            lines[longest] = lines[longest].replace(" the ", " the revised ", 1)
            f.write_text("\n".join(lines), encoding="utf-8")
        curate(inputs, work / "tables", env)
        big_a, big_b = scaled(small_a, release_tables(work / "tables"), args.copies)
        n_docs = big_b["documents"].num_rows
        print(f"release A: {big_a['documents'].num_rows:,} documents, {big_a['paragraphs'].num_rows:,} paragraphs "
              f"({args.copies} copies of {len(files) - len(added):,} curated); B adds {len(added)} and edits {len(edited)} ({n_docs:,} documents)")
        print(f"{'table':<11} {'mode':<6} {'A bytes':>13} {'B bytes':>13} {'B shared':>13} {'shared %':>8}")
        totals = {}
        for mode, cdc in (("plain", False), ("cdc", True)):
            tot_b = tot_s = 0
            for table in big_a:
                a, b = work / f"A-{mode}-{table}.parquet", work / f"B-{mode}-{table}.parquet"
                write_release_file(big_a[table], a, table, use_content_defined_chunking=cdc)
                write_release_file(big_b[table], b, table, use_content_defined_chunking=cdc)
                s = shared_bytes(a, b)
                tot_b, tot_s = tot_b + b.stat().st_size, tot_s + s
                print(f"{table:<11} {mode:<6} {a.stat().st_size:>13,} {b.stat().st_size:>13,} {s:>13,} {100 * s / max(1, b.stat().st_size):>7.1f}%")
            totals[mode] = (tot_b, tot_s)
        for mode, (b, s) in totals.items():
            print(f"all tables, {mode}: B = {b:,} bytes, shared with A = {s:,} ({100 * s / b:.1f}%), new = {b - s:,}")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
