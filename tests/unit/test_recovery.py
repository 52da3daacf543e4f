"""One logical commit per run: settled versions, pending commits of a dead run, roll-back; the
crash-safe tables lock. Table-level (no flow): the flow-level kill tests are in
tests/flows/test_reliability.py."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from textmill.recovery import complete_runs, pending_commits, roll_back_incomplete, settled_versions
from textmill.runlock import FolderLocked, folder_lock, is_locked
from textmill.schema import load_schema
from textmill.tables import append_rows, merge_rows, read_table, rows_to_table, table_history


def _reject(i: int) -> dict:
    return {"reject_id": f"{i:016x}", "source_key": f"in/{i}.txt", "source_uri": f"/x/in/{i}.txt", "record_key": None,
            "stage": "read", "reason": "empty", "message": "no text", "source_sha256": None, "pipeline_fingerprint": "f" * 16}


def _commit(tables, run_id: str, ids: list[int], complete: bool) -> None:
    merge_rows(tables, "rejects", rows_to_table([_reject(i) for i in ids], load_schema("rejects")), metadata={"textmill.run_id": run_id})
    if complete:
        import datetime as dt
        now = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
        row = {"run_id": run_id, "started_at": now, "finished_at": now, "pipeline_version": "t", "pipeline_fingerprint": "f",
               "inputs": [], "input_fingerprint": "x", "n_inputs": 0, "n_documents_written": 0, "n_unchanged": 0,
               "n_rejects_written": 0, "n_paragraphs_written": 0, "n_removed_written": 0, "summary_json": "{}"}
        append_rows(tables, "runs", rows_to_table([row], load_schema("runs")), {"textmill.run_id": run_id})


def _ids(tables, version=None) -> list[str]:
    return sorted(read_table(tables, "rejects", columns=["reject_id"], version=version)["reject_id"].to_pylist())


def test_a_dead_runs_commits_are_invisible_then_rolled_back(tmp_path):
    tables = tmp_path / "tables"
    _commit(tables, "r1", [1, 2], complete=True)
    settled = settled_versions(tables)["rejects"]
    _commit(tables, "r2", [3], complete=False)  # killed before its runs row
    _commit(tables, "r2", [4], complete=False)
    assert complete_runs(tables) == {"r1"}
    assert settled_versions(tables)["rejects"] == settled and _ids(tables, settled) == [f"{i:016x}" for i in (1, 2)]
    assert [(p.table, p.run_id) for p in pending_commits(tables)] == [("rejects", "r2"), ("rejects", "r2")]
    undone = roll_back_incomplete(tables, "r3")
    assert {p.run_id for p in undone} == {"r2"} and _ids(tables) == [f"{i:016x}" for i in (1, 2)]
    assert table_history(tables, "rejects")[0]["operation"] == "RESTORE"
    # the restore is r3's own commit: pending (above r2's) until r3 completes, and then settled
    assert [p.run_id for p in pending_commits(tables)] == ["r3", "r2", "r2"] and settled_versions(tables)["rejects"] == settled
    _commit(tables, "r3", [5], complete=True)
    assert pending_commits(tables) == [] and _ids(tables) == [f"{i:016x}" for i in (1, 2, 5)]


def test_roll_back_is_a_no_op_when_every_run_completed(tmp_path):
    tables = tmp_path / "tables"
    _commit(tables, "r1", [1], complete=True)
    before = table_history(tables, "rejects")[0]["version"]
    assert roll_back_incomplete(tables, "r2") == [] and table_history(tables, "rejects")[0]["version"] == before


def _hold_lock(root, ready):
    with folder_lock(root, "holder", 5):
        ready.set()
        time.sleep(60)


def test_the_tables_lock_waits_for_a_live_holder_and_not_for_a_killed_one(tmp_path):
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(tmp_path, ready))
    holder.start()
    try:
        assert ready.wait(20)
        assert is_locked(tmp_path)
        with pytest.raises(FolderLocked, match="locked by a running process"):
            with folder_lock(tmp_path, "second", wait_seconds=0.3):
                pass
        os.kill(holder.pid, signal.SIGKILL)  # the kernel releases a dead holder's flock
        holder.join(10)
        with folder_lock(tmp_path, "third", wait_seconds=5):
            assert (tmp_path / ".textmill" / "lock").read_text().startswith(f"pid {os.getpid()} third")
        assert not is_locked(tmp_path)
    finally:
        if holder.is_alive():
            holder.kill()
            holder.join(10)
