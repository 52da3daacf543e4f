"""The scope of one curate run on a tables folder: lock, recovery, staging, clean-up.

`open_run` is what the flow wraps around everything that reads table state or commits: it takes
the tables lock (crash-safe: `runlock`), rolls back what a dead run left half-committed
(`recovery`), removes dead runs' staging folders, and gives the run its own staging folder, which
it removes again however the run ends (a SIGKILLed run's folder goes at the next start).
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from textmill.recovery import PendingCommit, roll_back_incomplete
from textmill.runlock import folder_lock
from textmill.staging import remove_dead_staging, run_staging_dir


@dataclass(frozen=True)
class RunScope:
    staging: Path
    rolled_back: tuple[PendingCommit, ...]  # a dead run's commits undone at start
    removed_staging: tuple[str, ...]  # run ids of dead runs' staging folders removed


@contextlib.contextmanager
def open_run(tables_dir: str, run_id: str, wait_seconds: float, on_wait: Callable[[str], None] | None = None) -> Iterator[RunScope]:
    Path(tables_dir).mkdir(parents=True, exist_ok=True)
    with folder_lock(tables_dir, f"curate run {run_id}", wait_seconds, on_wait):
        rolled_back = roll_back_incomplete(tables_dir, run_id)
        removed = remove_dead_staging(tables_dir, run_id)
        staging = run_staging_dir(tables_dir, run_id)
        try:
            yield RunScope(staging, tuple(rolled_back), tuple(removed))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
