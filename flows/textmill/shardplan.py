"""The shard plan: inputs grouped into shards of about `[run] shard_bytes`, in sorted order, with
big uncompressed JSONL files cut into line ranges.

Shards are the unit of a Prefect task: big enough that task overhead is noise, small enough that
one shard's rows fit in a worker's memory (~16 MB per MB of shard). A file is the smallest unit
of a shard except an uncompressed `.jsonl` file, which is cut at line starts into ranges
(`ingest.LineRange`): a 500 MB dump is then as parallel and as memory-bounded as 500 MB of small
files. A `.jsonl.gz` file stays one shard part (a gzip stream cannot be entered midway), and so
do `.txt` and `.html` files.

Cutting is cheap (a seek and a short read per cut: the next newline after the offset). The
planner's second step, `number_ranges`, reads every cut file once from start to end, as the
reader would: it counts lines (each range learns the number of its first line, so rejects keyed
`L<n>` and messages are those of a whole-file read) and collects record ids (each range learns
which of its ids an earlier line of the file already uses, so `duplicate_id` rejects are those
of a whole-file read: the first line with an id wins, in whichever range it is). That scan
parses every line's JSON once in the command (~0.1 CPU-s for 12.7 MB: `json.loads`); its memory
follows the file's number of records (its ids in Arrow arrays), not its size.
"""

from __future__ import annotations

import dataclasses
import io
from typing import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from textmill.errors import UnreadableInput
from textmill.ingest import InputFile, LineRange, LineWindow, bounded_lines, open_input, record_id

LineStart = Callable[[InputFile, int], "int | None"]

# How far the search for the next line start reads at a time (a record is a few kB).
SEARCH_CHUNK_BYTES = 1 << 16


def plan_shards(files: Sequence[InputFile], target_bytes: int = 8_000_000, max_files: int = 2000,
                workers: int = 1, min_bytes: int = 1_000_000, line_start: LineStart | None = None) -> list[list[InputFile]]:
    """Group inputs into shards of about `target_bytes` (or `max_files` parts), keeping the sorted order.

    A corpus smaller than `workers` full shards is cut into `workers` shards (of at least
    `min_bytes`) so that every worker gets work. A splittable file (`splittable`) larger than the
    target is cut into that many ranges of even size. With more shards than workers, their
    number is rounded up to a multiple of `workers` and the corpus is cut at even byte offsets
    (`_cut_evenly`, splittable files at the offsets themselves): each pass then ends with every
    worker busy, not with one worker alone on the odd last shard (a 100 MB corpus in 13 shards
    of 8 MB ran each pass's last ~1/13 on one core). The same input always gives the same
    shards. `line_start(file, offset)` is the first line start at or after `offset`
    (`next_line_start`, which reads the file)."""
    line_start = line_start or next_line_start
    total = sum(f.size for f in files)
    if workers > 1:
        target_bytes = min(target_bytes, max(min_bytes, -(-total // workers)))
    shards = _cut_greedily(_ranges(files, target_bytes, line_start), target_bytes, max_files)
    if workers > 1 and len(shards) > workers and len(shards) % workers:
        even = _cut_evenly(files, -(-len(shards) // workers) * workers, total, line_start)
        # only when it keeps its promise: a multiple of the workers (a file larger than a range
        # leaves a neighbour empty), and the size bound (a shard is above it only as one part)
        if (len(even) % workers == 0 and all(len(s) <= max_files for s in even)
                and all(len(s) == 1 or sum(f.size for f in s) <= target_bytes for s in even)):
            return even
    return shards


def splittable(f: InputFile) -> bool:
    """An uncompressed JSONL file: records are lines, and a line start can be found by seeking."""
    return f.format == "jsonl" and not f.path.lower().endswith(".gz") and f.range is None


def _ranges(files: Sequence[InputFile], target_bytes: int, line_start: LineStart) -> list[InputFile]:
    """Every file, and each splittable file above `target_bytes` as ceil(size / target) ranges."""
    out: list[InputFile] = []
    for f in files:
        if splittable(f) and f.size > target_bytes:
            k = -(-f.size // target_bytes)
            out.extend(_split(f, [line_start(f, i * f.size // k) for i in range(1, k)]))
        else:
            out.append(f)
    return out


def _split(f: InputFile, cuts: Sequence[int | None]) -> list[InputFile]:
    """`f` cut at the line starts `cuts` (None: none found, a cut at the file's end or start:
    no cut); the whole file when no cut is left."""
    points = sorted({c for c in cuts if c is not None and 0 < c < f.size})
    if not points:
        return [f]
    bounds = [0, *points, f.size]
    return [dataclasses.replace(f, size=b - a, range=LineRange(a, b, f.size)) for a, b in zip(bounds, bounds[1:])]


def _cut_greedily(files: Sequence[InputFile], target_bytes: int, max_files: int) -> list[list[InputFile]]:
    shards: list[list[InputFile]] = []
    current: list[InputFile] = []
    size = 0
    for f in files:
        if current and (size + f.size > target_bytes or len(current) >= max_files):
            shards.append(current)
            current, size = [], 0
        current.append(f)
        size += f.size
    if current:
        shards.append(current)
    return shards


def _cut_evenly(files: Sequence[InputFile], n: int, total: int, line_start: LineStart) -> list[list[InputFile]]:
    """`n` shards in order: the corpus cut into `n` equal byte ranges, a splittable file at the
    cut offsets inside it (moved to the next line start), any other file (and each range) in
    the shard its middle byte falls in (a file larger than a range leaves a neighbour empty:
    dropped)."""
    shards: list[list[InputFile]] = [[] for _ in range(n)]
    total = max(total, 1)
    offset = 0
    for f in files:
        parts = [f]
        if splittable(f):
            inside = [-(-k * total // n) - offset for k in range(1, n) if offset < k * total / n < offset + f.size]
            parts = _split(f, [line_start(f, at) for at in inside])
        for part in parts:
            start = offset + (part.range.start if part.range else 0)
            shards[min(n - 1, (2 * start + part.size) * n // (2 * total))].append(part)
        offset += f.size
    return [s for s in shards if s]


def next_line_start(f: InputFile, offset: int) -> int | None:
    """The first line start (0, or just after a newline) at or after `offset` in `f`, or None
    when there is none (the rest is one line) or the file cannot be read now (the reader will
    say why: it stays whole)."""
    if offset <= 0:
        return 0
    try:
        with open_input(f.path) as stream:
            at = stream.seek(offset - 1)  # the byte before: a newline there makes `offset` a start
            while chunk := stream.read(SEARCH_CHUNK_BYTES):
                found = chunk.find(b"\n")
                if found >= 0:
                    return at + found + 1
                at += len(chunk)
    except (UnreadableInput, OSError):
        return None
    return None


def number_ranges(shards: Sequence[Sequence[InputFile]], max_line_bytes: int) -> list[list[InputFile]]:
    """The shards with every line range's `first_line` and `seen_before` filled in (see the
    module docstring), from one read of each cut file. A cut file that cannot be read now, or
    whose size changed since it was cut, goes back to one part (its first range's place, the
    whole file): the reader then says what happened to it, as for any file."""
    by_file: dict[str, list[InputFile]] = {}
    for shard in shards:
        for part in shard:
            if part.range is not None:
                by_file.setdefault(part.key, []).append(part)
    numbered: dict[tuple[str, int], InputFile | None] = {}
    for key, parts in by_file.items():
        parts.sort(key=lambda p: p.range.start)
        scanned = _scan(parts, max_line_bytes)
        for i, part in enumerate(parts):
            if scanned is None:  # whole again, in the first range's place
                numbered[key, part.range.start] = None if i else dataclasses.replace(part, size=part.range.file_size, range=None)
            else:
                first_line, seen_before = scanned[i]
                numbered[key, part.range.start] = dataclasses.replace(
                    part, range=dataclasses.replace(part.range, first_line=first_line, seen_before=seen_before))
    out = []
    for shard in shards:
        parts = [numbered[p.key, p.range.start] if p.range is not None else p for p in shard]
        if parts := [p for p in parts if p is not None]:
            out.append(parts)
    return out


def _scan(parts: Sequence[InputFile], max_line_bytes: int) -> list[tuple[int, frozenset[str]]] | None:
    """(first line number, ids used by an earlier line) for each range of one file, in order; None
    when the file cannot be read or no longer has the size its ranges were cut for."""
    file_size = parts[0].range.file_size
    ids: list[pa.Array] = []
    firsts: list[int] = []
    line_no = 1
    try:
        with open_input(parts[0].path) as handle:
            if handle.seek(0, io.SEEK_END) != file_size:
                return None
            for part in parts:
                firsts.append(line_no)
                own: dict[str, None] = {}
                window = io.BufferedReader(LineWindow(handle, part.range.start, part.range.end))
                for line in bounded_lines(window, max_line_bytes):
                    line_no += 1
                    rid = record_id(line) if line is not None else None
                    if rid is not None:
                        own[rid] = None
                ids.append(pa.array(list(own), pa.string()))
    except (UnreadableInput, OSError):
        return None
    return [(first, frozenset(seen)) for first, seen in zip(firsts, _seen_before(ids))]


def _seen_before(ids: Sequence[pa.Array]) -> list[list[str]]:
    """For each range's distinct ids, those that an earlier range also has (in Arrow: the ids
    are only Python strings one range at a time, and in the usually empty answer)."""
    table = pa.table({"id": pa.chunked_array(ids, pa.string()),
                      "part": np.repeat(np.arange(len(ids), dtype=np.int32), [len(a) for a in ids])})
    first = table.group_by("id").aggregate([("part", "min")])
    later = table.join(first, "id")
    later = later.filter(pc.greater(later["part"], later["part_min"]))
    out: list[list[str]] = [[] for _ in ids]
    for rid, part in zip(later["id"].to_pylist(), later["part"].to_pylist()):
        out[part].append(rid)
    return out
