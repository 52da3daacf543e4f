"""The shard plan with line ranges: a big uncompressed JSONL file is cut at line starts, and its
ranges read exactly as the whole file (cases in tests/cases/jsonl_ranges/cases.json)."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import pytest

from textmill.ingest import IngestConfig, Rejected, discover, read_file
from textmill.shardplan import next_line_start, number_ranges, plan_shards

CASES = json.loads((Path(__file__).resolve().parents[1] / "cases" / "jsonl_ranges" / "cases.json").read_text(encoding="utf-8"))


def _file(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return discover([str(path)]).files[0]


def _ranged(files, target: int, workers: int, config: IngestConfig):
    return number_ranges(plan_shards(files, target_bytes=target, workers=workers, min_bytes=1), config.max_file_bytes)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_cut_of_a_file_reads_as_the_whole_file(tmp_path, case):
    config = IngestConfig(max_file_bytes=case.get("max_line_bytes", IngestConfig.max_file_bytes))
    f = _file(tmp_path, "feed.jsonl", "".join(case["lines"]).encode("utf-8"))
    whole = list(read_file(f, config))
    assert [r.reason if isinstance(r, Rejected) else None for r in whole] == case["reasons"]  # the case is what it says
    n_parts = set()
    # targets from 1 byte (each line its own range: every pair of lines in different ranges) to
    # the file's size, 1 to 3 workers (the greedy and the even cuts)
    for target in sorted({1, 2, 3, *range(5, f.size + 1, max(1, f.size // 25))}):
        for workers in (1, 2, 3):
            shards = _ranged([f], target, workers, config)
            parts = [p for s in shards for p in s]
            n_parts.add(len(parts))
            assert [r for p in parts for r in read_file(p, config)] == whole, (target, workers)
    assert max(n_parts) == len(case["lines"])  # at 1 byte a shard, a range per line


def test_a_big_jsonl_file_is_cut_into_even_ranges_at_line_starts(tmp_path):
    lines = [json.dumps({"id": i, "text": "x" * (50 + 37 * i % 90)}) + "\n" for i in range(200)]
    data = "".join(lines).encode()
    f = _file(tmp_path, "big.jsonl", data)
    starts = {0, *(i + 1 for i, b in enumerate(data) if b == 0x0A)}
    shards = plan_shards([f], target_bytes=len(data) // 5 + 1, workers=1)
    parts = [p for s in shards for p in s]
    assert len(shards) == 5 and all(len(s) == 1 for s in shards)
    assert [p.range.start for p in parts] == [0] + [p.range.end for p in parts[:-1]] and parts[-1].range.end == len(data)
    assert all(p.range.start in starts for p in parts) and all(p.size == p.range.end - p.range.start for p in parts)
    assert max(p.size for p in parts) - min(p.size for p in parts) <= 2 * max(map(len, lines))  # even, up to a record at each end
    assert plan_shards([f], target_bytes=len(data) // 5 + 1, workers=1) == shards  # deterministic
    # no cut when it fits, and never in a gzip stream or a text file (negatives)
    assert plan_shards([f], target_bytes=len(data), workers=1) == [[f]]
    gz = _file(tmp_path, "big.jsonl.gz", gzip.compress(data))
    assert all(p.range is None for s in plan_shards([gz], target_bytes=100, workers=2, min_bytes=1) for p in s)
    txt = _file(tmp_path, "big.txt", data)
    assert plan_shards([txt], target_bytes=100, workers=2, min_bytes=1) == [[txt]]


def test_ranges_keep_the_multiple_of_the_workers_and_the_even_cut(tmp_path):
    # one file of 63 target sizes: greedily 63 ranges, cut evenly into 64 shards for 2 workers
    line = (json.dumps({"id": "x", "text": "y" * 90}) + "\n").encode()
    f = _file(tmp_path, "dump.jsonl", line * 63 * 10)
    shards = plan_shards([f], target_bytes=len(line) * 10, workers=2)
    assert len(shards) == 64 and all(len(s) == 1 for s in shards)
    assert max(p.size for s in shards for p in s) - min(p.size for s in shards for p in s) <= len(line)
    # small files around a big one: order kept, ranges contiguous, sizes even up to a record
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "c.txt"):
        _file(tmp_path / "in", name, b"x" * 300)
    big = _file(tmp_path / "in", "b.jsonl", line * 40)
    files = discover([str(tmp_path / "in")]).files
    assert [x.key for x in files] == ["in/a.txt", "in/b.jsonl", "in/c.txt"]
    shards = plan_shards(files, target_bytes=1000, workers=2)
    assert len(shards) % 2 == 0 and [p.key for s in shards for p in s][0] == "in/a.txt"
    ranges = [p.range for s in shards for p in s if p.range]
    assert ranges[0].start == 0 and ranges[-1].end == big.size
    assert all(a.end == b.start for a, b in zip(ranges, ranges[1:]))
    sizes = [sum(p.size for p in s) for s in shards]
    assert max(sizes) - min(sizes) <= 2 * len(line)


def test_the_next_line_start(tmp_path):
    f = _file(tmp_path, "f.jsonl", b'{"id": 1}\r\n{"id": 2}\n{"id": 3}')
    assert [next_line_start(f, at) for at in (0, 1, 10, 11, 12, 21, 22, 25)] == [0, 11, 11, 11, 21, 21, None, None]
    assert next_line_start(dataclasses.replace(f, path=str(tmp_path / "gone.jsonl")), 5) is None  # stays whole


def test_ranges_learn_their_first_line_and_the_ids_used_before_them(tmp_path):
    lines = ['{"id": "a", "text": "t"}\n', "\n", '{"id": "b", "text": "t"}\n', '{"id": "a", "text": "t"}\n', '{"id": "b"}\n']
    f = _file(tmp_path, "f.jsonl", "".join(lines).encode())
    shards = _ranged([f], 1, 1, IngestConfig())
    got = [(p.range.first_line, sorted(p.range.seen_before)) for s in shards for p in s]
    assert got == [(1, []), (2, []), (3, []), (4, ["a"]), (5, ["b"])]


def _six_records_in_ranges(tmp_path):
    """A six-record JSONL file and its plan in ranges of ~60 bytes (more than two)."""
    lines = [json.dumps({"id": i, "text": "some text"}) + "\n" for i in range(6)]
    f = _file(tmp_path, "f.jsonl", "".join(lines).encode())
    config = IngestConfig()
    shards = _ranged([f], 60, 1, config)
    assert len(shards) > 2
    return lines, f, config, shards


def test_a_file_changed_since_its_cut_is_read_whole_by_its_first_range(tmp_path):
    lines, f, config, shards = _six_records_in_ranges(tmp_path)
    Path(f.path).write_text("".join(lines) + json.dumps({"id": 9, "text": "added"}) + "\n")  # grown after the plan
    got = [r.source_key for s in shards for p in s for r in read_file(p, config)]
    assert got == [f"{f.key}#{i}" for i in (0, 1, 2, 3, 4, 5, 9)]  # once each, as one whole-file read
    # changed between the cut (for 6 lines) and the numbering: one part again, the whole file
    stale = plan_shards([f], target_bytes=60, min_bytes=1)
    assert len(stale) > 2
    assert [[p.range for p in s] for s in number_ranges(stale, config.max_file_bytes)] == [[None]]


def test_a_file_gone_since_its_cut_is_one_reject_not_one_per_range(tmp_path):
    _, f, config, shards = _six_records_in_ranges(tmp_path)
    Path(f.path).unlink()
    got = [(r.source_key, r.reason) for s in shards for p in s for r in read_file(p, config)]
    assert got == [(f.key, "vanished")]
