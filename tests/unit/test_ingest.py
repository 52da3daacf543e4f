"""Readers: stable keys, shard planning, and a clear reject for every kind of bad input."""

from __future__ import annotations

import gzip
import json

import pytest

from textmill.errors import ConfigError
from textmill.ingest import IngestConfig, RawRecord, Rejected, discover, read_file, stable_id
from textmill.shardplan import plan_shards


def _write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_keys_are_the_same_for_folder_file_and_glob_arguments(tmp_path, monkeypatch):
    _write(tmp_path / "raw" / "a.txt", b"hello")
    _write(tmp_path / "raw" / "sub" / "b.html", b"<p>x</p>")
    _write(tmp_path / "raw" / "notes.md", b"not an input")
    monkeypatch.chdir(tmp_path)
    by_folder = discover(["raw"])
    by_file = discover(["raw/a.txt"])
    by_glob = discover([str(tmp_path / "raw" / "*.txt")])
    assert [f.key for f in by_folder.files] == ["raw/a.txt", "raw/sub/b.html"]
    assert [f.key for f in by_file.files] == ["raw/a.txt"] == [f.key for f in by_glob.files]
    assert [f.format for f in by_folder.files] == ["txt", "html"]
    assert by_folder.ignored == (str(tmp_path / "raw" / "notes.md"),)


def test_missing_argument_is_reported_not_fatal(tmp_path):
    found = discover([str(tmp_path / "nothing-here")])
    assert found.files == () and found.missing == (str(tmp_path / "nothing-here"),)


def test_file_of_unknown_type_given_directly_is_fatal(tmp_path):
    p = _write(tmp_path / "x.pdf", b"%PDF")
    with pytest.raises(ConfigError, match="not an input format"):
        discover([str(p)])


def test_stable_id_depends_on_key_only():
    assert stable_id("seeds/a.txt") == stable_id("seeds/a.txt")
    assert stable_id("seeds/a.txt") != stable_id("seeds/b.txt")
    assert len(stable_id("k")) == 16 and int(stable_id("k"), 16) >= 0


def test_plan_shards_respects_bytes_and_file_limits(tmp_path):
    for i in range(10):
        _write(tmp_path / f"{i}.txt", b"x" * 100)
    files = discover([str(tmp_path)]).files
    shards = plan_shards(files, target_bytes=350, max_files=1000)
    assert [len(s) for s in shards] == [3, 3, 3, 1]
    assert [f.key for s in shards for f in s] == [f.key for f in files]
    assert [len(s) for s in plan_shards(files, target_bytes=10**9, max_files=4)] == [4, 4, 2]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x00\x01\x02\x00binary\x00\x00" * 20, "binary"),
        (bytes(range(0, 32)) * 50, "binary"),
    ],
)
def test_bad_text_files_are_rejected_with_a_reason(tmp_path, data, reason):
    p = _write(tmp_path / "in" / "bad.txt", data)
    (item,) = list(read_file(discover([str(p)]).files[0]))
    assert isinstance(item, Rejected)
    assert item.reason == reason and item.source_key == "in/bad.txt" and item.message


def test_too_large_file_is_rejected_without_reading(tmp_path):
    p = _write(tmp_path / "in" / "big.txt", b"word " * 1000)
    (item,) = list(read_file(discover([str(p)]).files[0], IngestConfig(max_file_bytes=100)))
    assert isinstance(item, Rejected) and item.reason == "too_large" and item.source_sha256 is None


def test_read_file_reports_the_decode_stage(tmp_path):
    """A mostly-UTF-8 file with a pasted cp1252 quote: UTF-8, the byte repaired and counted."""
    p = _write(tmp_path / "in" / "a.txt", "Kerry — in Moscow. ".encode() + b"It\x92s done.\n")
    (item,) = list(read_file(discover([str(p)]).files[0]))
    assert isinstance(item, RawRecord) and item.encoding == "utf_8"
    assert item.content == "Kerry — in Moscow. It’s done.\n" and item.decode_fixes == (("invalid_bytes", 1),)
    latin = _write(tmp_path / "in" / "b.txt", "Café au lait, déjà vu, naïve façade — très bien.".encode("cp1252"))
    (item,) = list(read_file(discover([str(latin)]).files[0]))
    assert item.content == "Café au lait, déjà vu, naïve façade — très bien." and item.encoding == "cp1252"
    assert item.decode_fixes == ()


def test_jsonl_records_and_their_rejects(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": "First article text.", "url": "https://news.example.com/x", "title": "T"}),
        "{not json",
        json.dumps({"text": "no id"}),
        json.dumps({"id": "a2"}),
        "",
        json.dumps({"id": "a1", "text": "duplicate id"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "html": "<html><body><p>Some HTML</p></body></html>"}),
    ]
    p = _write(tmp_path / "feed" / "batch.jsonl", ("\n".join(lines) + "\n").encode())
    items = list(read_file(discover([str(p)]).files[0]))
    assert len(items) == 7  # the blank line is not a record
    ok = [i for i in items if isinstance(i, RawRecord)]
    bad = [i for i in items if isinstance(i, Rejected)]
    assert [(r.source_key, r.is_html, r.source_group) for r in ok] == [
        ("feed/batch.jsonl#a1", False, "news.example.com"),
        ("feed/batch.jsonl#7", True, "feed"),
    ]
    assert ok[0].title == "T" and ok[0].source_id == "a1"
    assert [b.reason for b in bad] == ["malformed_json", "missing_field", "missing_field", "duplicate_id", "malformed_json"]
    assert len({b.source_key for b in bad} | {r.source_key for r in ok}) == 7  # every record its own key


def test_gzip_jsonl_and_a_corrupt_archive(tmp_path):
    good = tmp_path / "d" / "a.jsonl.gz"
    good.parent.mkdir()
    with gzip.open(good, "wt") as f:
        f.write(json.dumps({"id": "x", "text": "hello there"}) + "\n")
    (item,) = list(read_file(discover([str(good)]).files[0]))
    assert isinstance(item, RawRecord) and item.source_key == "d/a.jsonl.gz#x"
    bad = _write(tmp_path / "d" / "b.jsonl.gz", b"\x1f\x8b\x08\x00garbage")
    items = list(read_file(discover([str(bad)]).files[0]))
    assert [i.reason for i in items] == ["corrupt_archive"]


def test_overlong_jsonl_line_is_rejected_and_reading_goes_on(tmp_path):
    lines = [json.dumps({"id": "big", "text": "w " * 500}), json.dumps({"id": "ok", "text": "fine"})]
    p = _write(tmp_path / "f" / "x.jsonl", ("\n".join(lines) + "\n").encode())
    items = list(read_file(discover([str(p)]).files[0], IngestConfig(max_file_bytes=200)))
    assert isinstance(items[0], Rejected) and items[0].reason == "too_large"
    assert isinstance(items[1], RawRecord) and items[1].source_id == "ok"


def test_utf16_without_bom_is_text_not_binary(tmp_path):
    p = _write(tmp_path / "in" / "w.txt", "Kerry met Lavrov in Moscow.\n".encode("utf-16-le"))
    (item,) = list(read_file(discover([str(p)]).files[0]))
    assert isinstance(item, RawRecord) and item.content == "Kerry met Lavrov in Moscow.\n" and item.encoding == "utf_16_le"


def test_small_corpus_is_split_so_every_worker_gets_a_shard(tmp_path):
    for i in range(8):
        _write(tmp_path / f"{i}.txt", b"x" * 100)
    files = discover([str(tmp_path)]).files
    assert [len(s) for s in plan_shards(files, target_bytes=10**9, workers=2, min_bytes=1)] == [4, 4]
    assert len(plan_shards(files, target_bytes=10**9, workers=2)) == 1  # under min_bytes: not worth a split


def test_fsspec_urls_get_the_same_keys_and_records_as_local_paths():
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe("/landing/feeds/a.txt", b"Pier plan approved\n\nThe council voted on Tuesday.")
    fs.pipe("/landing/feeds/sub/b.jsonl.gz", gzip.compress(json.dumps({"id": "x1", "text": "Hello there"}).encode() + b"\n"))
    fs.pipe("/landing/feeds/notes.md", b"not an input")
    try:
        found = discover(["memory://landing/feeds"])
        assert [f.key for f in found.files] == ["feeds/a.txt", "feeds/sub/b.jsonl.gz"]
        assert [f.group for f in found.files] == ["feeds", "feeds/sub"] and len(found.ignored) == 1
        records = [r for f in found.files for r in read_file(f)]
        assert [(r.source_key, type(r).__name__) for r in records] == [("feeds/a.txt", "RawRecord"), ("feeds/sub/b.jsonl.gz#x1", "RawRecord")]
        assert records[0].content.startswith("Pier plan approved")
        (single,) = discover(["memory://landing/feeds/a.txt"]).files
        assert single.key == "feeds/a.txt"
        assert discover(["memory://landing/nothing"]).missing == ("memory://landing/nothing",)
    finally:
        fs.rm("/landing", recursive=True)


def test_shards_come_in_a_multiple_of_the_workers_and_of_even_size(tmp_path):
    # 13 files of 300 bytes at 800 bytes a shard: greedily 7 shards (six of 2 files, one of 1), the
    # last run by one worker alone; cut evenly into 8 shards instead
    for i in range(13):
        _write(tmp_path / f"{i:02d}.txt", b"x" * 300)
    files = discover([str(tmp_path)]).files
    one = plan_shards(files, target_bytes=800, workers=1)
    assert [len(s) for s in one] == [2, 2, 2, 2, 2, 2, 1]  # one worker: greedy, as before
    two = plan_shards(files, target_bytes=800, workers=2, min_bytes=1)
    assert len(two) == 8 and max(map(len, two)) - min(map(len, two)) <= 1
    assert [f.key for s in two for f in s] == [f.key for f in files]  # order kept, nothing lost
    assert plan_shards(files, target_bytes=800, workers=2, min_bytes=1) == two  # deterministic
    # a corpus that already splits into a multiple of the workers keeps its greedy cut
    assert [len(s) for s in plan_shards(files[:12], target_bytes=800, workers=2, min_bytes=1)] == [2] * 6


def test_uneven_files_keep_the_greedy_cut_when_an_even_one_breaks_its_bounds(tmp_path):
    # one file of 5,000 bytes and fifty of 100 with 3 workers: cut evenly, shards of the small
    # files would hold ~1,100 bytes against a target of 800; the greedy cut is kept
    _write(tmp_path / "a-big.txt", b"x" * 5000)
    for i in range(50):
        _write(tmp_path / f"b{i:02d}.txt", b"x" * 100)
    files = discover([str(tmp_path)]).files
    shards = plan_shards(files, target_bytes=800, workers=3, min_bytes=1)
    assert all(sum(f.size for f in s) <= 5000 for s in shards)
    assert all(sum(f.size for f in s) <= 800 for s in shards[1:])
    assert [f.key for s in shards for f in s] == [f.key for f in files]


def test_a_url_urlsplit_refuses_leaves_the_record_without_a_host(tmp_path):
    # 'http://[bad' (an unclosed IPv6 literal) made urlsplit raise and stopped the whole run
    p = _write(tmp_path / "in" / "r.jsonl", b'{"id": "a", "url": "http://[bad/x", "text": "Kerry met Lavrov."}\n')
    (item,) = list(read_file(discover([str(p)]).files[0]))
    assert isinstance(item, RawRecord) and item.url == "http://[bad/x" and item.source_group == discover([str(p)]).files[0].group
