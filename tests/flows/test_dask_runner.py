"""The Dask runner (DESIGN.md "Scale"): the same flow on prefect-dask's DaskTaskRunner (a temporary
local cluster) writes the same table contents as the thread runner, and a missing extra is a
config error that says what to install."""

from __future__ import annotations

import builtins
import shutil
from pathlib import Path

import pytest

from textmill.config import RunConfig
from textmill.errors import ConfigError
from textmill.tables import read_table

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
KEYS = {"documents": "doc_id", "paragraphs": "paragraph_id", "removed": ["doc_id", "stage", "line_no"]}


def _curate(runner: RunConfig, inputs: Path, tables: Path) -> dict:
    from textmill.flows import curate_flow, task_runner

    return curate_flow.with_options(task_runner=task_runner(runner))(paths=[str(inputs)], tables_dir=str(tables))


def _rows(tables: Path, name: str) -> list[dict]:
    key = KEYS[name]
    return read_table(tables, name).sort_by([(k, "ascending") for k in ([key] if isinstance(key, str) else key)]).to_pylist()


def test_dask_runner_writes_what_the_thread_runner_writes(tmp_path):
    inputs = tmp_path / "seeds"
    shutil.copytree(SEEDS, inputs)
    on_dask = _curate(RunConfig(runner="dask", max_workers=2, shard_files=2), inputs, tmp_path / "dask")
    on_threads = _curate(RunConfig(runner="thread", max_workers=2, shard_files=2), inputs, tmp_path / "thread")
    assert on_dask["documents"] == on_threads["documents"] == 5
    for name in KEYS:
        assert _rows(tmp_path / "dask", name) == _rows(tmp_path / "thread", name), name


def test_dask_address_needs_the_dask_runner():
    with pytest.raises(ValueError, match="only used with runner = 'dask'"):
        RunConfig(runner="process", dask_address="tcp://127.0.0.1:8786")


def test_missing_dask_extra_is_a_config_error(monkeypatch):
    from textmill.flows import task_runner

    real_import = builtins.__import__

    def no_prefect_dask(name, *args, **kwargs):
        if name == "prefect_dask":
            raise ImportError("No module named 'prefect_dask'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_prefect_dask)
    with pytest.raises(ConfigError, match=r"pip install 'textmill\[dask\]'"):
        task_runner(RunConfig(runner="dask"))
