"""One logical commit per run across the Delta tables, and recovery from runs that died midway.

Protocol (README "Reliability"):

1. A run takes the tables lock (`runlock`: flock, released by the kernel if the run dies), so
   runs that read table state and commit on it never interleave.
2. Still under the lock, before reading anything, it rolls back every table to its *settled*
   version: the newest version whose Delta commit carries no run id (table creation) or the run
   id of a *complete* run. A run is complete when its row is in the `runs` table.
3. It commits its rows table by table (each commit carries `textmill.run_id`), `documents` last.
4. Appending its row to `runs` is the commit point: from then on every one of its commits is
   settled. A run killed before that point left commits that step 2 of the next run restores away
   (Delta RESTORE to the settled version); the next run then redoes those inputs from scratch.

Readers that must see whole runs only (`release`, `validate`) read every table at its settled
version (`settled_versions`), so a run in progress or a dead one is invisible to them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textmill.schema import INTERNAL_TABLES, TABLES
from textmill.tables import read_table, restore_version, table_history, table_path

RUN_ID_KEY = "textmill.run_id"
# Tables a run commits to (the runs log is the commit point itself, never rolled back).
RUN_TABLES = INTERNAL_TABLES + TABLES


@dataclass(frozen=True)
class PendingCommit:
    """A commit newer than its table's settled version: made by a run that has not completed."""

    table: str
    version: int
    run_id: str


def complete_runs(tables_dir: str | Path) -> set[str]:
    return set(read_table(tables_dir, "runs", columns=["run_id"])["run_id"].to_pylist())


def settled_versions(tables_dir: str | Path, tables=RUN_TABLES) -> dict[str, int | None]:
    """Per table, the newest version made by a complete run (None: the table does not exist)."""
    complete = complete_runs(tables_dir)
    return {t: _settled(tables_dir, t, complete)[0] for t in tables}


def pending_commits(tables_dir: str | Path) -> list[PendingCommit]:
    """Commits of runs that are not complete (a dead run's, or one in progress), newest first."""
    complete = complete_runs(tables_dir)
    return [p for t in RUN_TABLES for p in _settled(tables_dir, t, complete)[1]]


def roll_back_incomplete(tables_dir: str | Path, run_id: str) -> list[PendingCommit]:
    """Restore every table with pending commits to its settled version (call under the tables
    lock: then no other run is in progress, so pending commits are a dead run's). The RESTORE
    commits carry `run_id`, so they become settled when this run completes, and a run killed while
    rolling back is rolled back again by the next one. Returns the commits undone."""
    complete = complete_runs(tables_dir)
    undone = []
    for table in RUN_TABLES:
        settled, pending = _settled(tables_dir, table, complete)
        if pending and settled is not None:
            restore_version(tables_dir, table, settled, {RUN_ID_KEY: run_id, "textmill.step": "rollback",
                                                         "textmill.rolled_back": sorted({p.run_id for p in pending})})
        undone.extend(pending)
    return undone


def _settled(tables_dir, table: str, complete: set[str]) -> tuple[int | None, list[PendingCommit]]:
    if not Path(table_path(tables_dir, table)).is_dir():
        return None, []
    history = table_history(tables_dir, table)
    if not history:
        return None, []
    pending = []
    for commit in history:  # newest first
        rid = commit.get(RUN_ID_KEY)
        if rid is None or rid in complete:
            return commit["version"], pending
        pending.append(PendingCommit(table, commit["version"], rid))
    # every kept commit is pending: the log was cleaned up past the settled one (not expected)
    return history[-1]["version"], pending[:-1]
