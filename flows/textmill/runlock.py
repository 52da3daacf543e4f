"""A crash-safe exclusive lock on a folder (the tables root, a releases folder).

Runs that read table state and commit on it (known inputs, site-template statistics, duplicate
clusters) must not interleave: two runs reading the same snapshot and both committing would each
settle the clusters without the other's rows. The lock is `fcntl.flock` on a file in the folder's
`.textmill/` subfolder: the kernel releases it when the holding process dies (SIGKILL included),
so a dead holder never blocks the next run and no stale-lock clean-up is needed. The file keeps
the holder's pid and run id as a note for people; the lock itself is the flock, not the file.

The descriptor is opened non-inheritable (Python's default), and task workers are spawned (Prefect's
process pool, Dask), so no worker process holds the lock after the run that took it has died.

Local file systems only (flock is not honoured on every network file system; the tables are
local paths, see README "Scale").
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from typing import Callable, Iterator

CONTROL_FOLDER = ".textmill"  # run-private files under a tables or releases root
LOCK_FILE = "lock"
POLL_SECONDS = 0.5  # how often a waiting run retries (flock has no timeout of its own)


class FolderLocked(RuntimeError):
    """Another live process held the lock for longer than the caller was willing to wait."""


def control_dir(root: str | os.PathLike) -> Path:
    path = Path(root) / CONTROL_FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def folder_lock(root: str | os.PathLike, holder: str, wait_seconds: float,
                on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the exclusive lock of `root` for the block; wait up to `wait_seconds` for it.

    Raises FolderLocked (naming the holder) when a live process keeps it longer."""
    path = control_dir(root) / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait(_holder_note(path))
                    told = True
                if time.monotonic() >= deadline:
                    raise FolderLocked(f"{root} is locked by a running process ({_holder_note(path)}) for more than "
                                       f"{wait_seconds:g} s; its inputs are left for the next run") from None
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} {holder}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock (as does the process dying)


def is_locked(root: str | os.PathLike) -> bool:
    """True when a live process holds the lock of `root` right now (non-blocking probe)."""
    path = Path(root) / CONTROL_FOLDER / LOCK_FILE
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def _holder_note(path: Path) -> str:
    try:
        return path.read_text().strip() or "holder unknown"
    except OSError:
        return "holder unknown"
