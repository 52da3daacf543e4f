"""The default runner, worker processes: the same table contents as the thread runner, and the
workers are gone before the commit (flows._shard_workers: their memory is not held while the
commit's grows)."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

from textmill.config import RunConfig
from textmill.tables import read_table

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
KEYS = {"documents": ["doc_id"], "paragraphs": ["paragraph_id"], "removed": ["doc_id", "stage", "line_no"]}


def _rows(tables: Path, name: str) -> list[dict]:
    return read_table(tables, name).sort_by([(k, "ascending") for k in KEYS[name]]).to_pylist()


def test_process_workers_write_what_threads_write_and_exit_before_the_commit(tmp_path, monkeypatch):
    import textmill.flows as flows

    inputs = tmp_path / "seeds"
    shutil.copytree(SEEDS, inputs)
    alive_at_commit = []
    commit_run = flows.commit_run

    def watched_commit(*args, **kwargs):
        alive_at_commit.append(len(multiprocessing.active_children()))
        return commit_run(*args, **kwargs)

    monkeypatch.setattr(flows, "commit_run", watched_commit)
    runs = {}
    for runner in ("process", "thread"):
        config_file = tmp_path / f"{runner}.toml"  # 5 seeds, 2 files a shard: 3 shards, so the pool is used
        config_file.write_text(f'[run]\nrunner = "{runner}"\nmax_workers = 1\nshard_files = 2\n', encoding="utf-8")
        flow = flows.curate_flow.with_options(task_runner=flows.task_runner(RunConfig(runner=runner, max_workers=1), n_shards=3))
        runs[runner] = flow(paths=[str(inputs)], tables_dir=str(tmp_path / runner), config_path=str(config_file))
    assert runs["process"]["shards"] == 3 and runs["process"]["documents"] == runs["thread"]["documents"] == 5
    assert alive_at_commit[0] == 0  # the process run's workers had exited
    for name in KEYS:
        assert _rows(tmp_path / "process", name) == _rows(tmp_path / "thread", name), name
