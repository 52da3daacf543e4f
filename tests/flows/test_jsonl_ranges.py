"""Issue 11: a big JSONL file curated in line ranges (several shards) gives the tables of a
one-shard run, reruns skip it when unchanged, and a change in it is curated as in a one-shard run.

The file mixes what a cut can break: two sites (template statistics over the whole run),
paragraphs repeated across records (duplicate clusters), a duplicate id far from its first use,
malformed lines, CRLF endings, a record bigger than a range and no trailing newline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import REPO, load_articles  # bench/ (pytest pythonpath)
from tabledigest import digests  # tests/flows/

from textmill.config import RunConfig

TEMPLATE_LINES = ("Share this article", "Sign up for our newsletter")


def _records() -> list[str]:
    articles = load_articles(REPO / "seeds")
    lines = []
    for i in range(24):
        title, body = articles[i % len(articles)]
        site = f"site{i % 2}.example"
        text = "\n\n".join([title, *body[: 2 + i % 3], *TEMPLATE_LINES])
        lines.append(json.dumps({"id": f"r{i}", "url": f"https://{site}/news/{i}", "text": text}))
    lines.insert(9, "{not json at all")
    lines.insert(17, json.dumps({"id": "r2", "url": "https://site0.example/dup", "text": lines[0]}))  # duplicate id, far from r2
    big_title, big_body = articles[0]
    lines.insert(12, json.dumps({"id": "big", "url": "https://site1.example/big", "text": "\n\n".join([big_title, *big_body * 6])}))
    return lines


def _write(path: Path, lines: list[str]) -> None:
    # CRLF endings on some lines, and no newline after the last one
    text = "".join(ln + ("\r\n" if i % 5 == 3 else "\n") for i, ln in enumerate(lines))
    path.write_bytes(text.rstrip("\r\n").encode("utf-8"))


def _config(path: Path, shard_bytes: int) -> str:
    path.write_text(f'[run]\nrunner = "thread"\nmax_workers = 2\nshard_bytes = {shard_bytes}\n', encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from textmill.flows import curate_flow, task_runner

    curate = curate_flow.with_options(task_runner=task_runner(RunConfig(runner="thread", max_workers=2)))
    root = tmp_path_factory.mktemp("ranges")
    feed = root / "in" / "feed.jsonl"
    feed.parent.mkdir()
    lines = _records()
    _write(feed, lines)
    size = feed.stat().st_size
    ranged, whole = _config(root / "ranged.toml", size // 5), _config(root / "whole.toml", 10**9)
    return curate, root, feed, lines, ranged, whole


def test_ranges_give_the_tables_of_one_shard_and_reruns_skip_them(runs):
    curate, root, feed, lines, ranged, whole = runs
    first = {name: curate(paths=[str(feed)], tables_dir=str(root / name), config_path=config)
             for name, config in (("ranged", ranged), ("whole", whole))}
    assert first["ranged"]["shards"] >= 4 and first["whole"]["shards"] == 1
    assert digests(root / "ranged") == digests(root / "whole")
    assert first["ranged"]["rejects_by_reason"] == {"malformed_json": 1, "duplicate_id": 1}
    assert first["ranged"]["documents"] == first["whole"]["documents"] == 25

    again = curate(paths=[str(feed)], tables_dir=str(root / "ranged"), config_path=ranged)
    assert again["unchanged"] == again["inputs"] == first["ranged"]["inputs"] and again["documents"] == 0

    # a record edited, one added, and a second duplicate of an early id at the end
    changed = list(lines)
    changed[4] = changed[4].replace("news/", "news/edited-")
    changed += [json.dumps({"id": "late", "url": "https://site1.example/late", "text": json.loads(lines[1])["text"]}),
                json.dumps({"id": "r0", "text": "a second r0"})]
    _write(feed, changed)
    second = {name: curate(paths=[str(feed)], tables_dir=str(root / name), config_path=config)
              for name, config in (("ranged", ranged), ("whole", whole))}
    assert digests(root / "ranged") == digests(root / "whole")
    assert second["ranged"]["documents"] == second["whole"]["documents"] == 2
    assert second["ranged"]["rejects_by_reason"] == {"duplicate_id": 1}
