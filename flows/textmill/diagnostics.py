"""Opt-in profiling of a curate run, for issue 11 (fixed costs per shard, memory of the command).

Set ``TEXTMILL_PROFILE_DIR`` to a folder and run ``textmill curate`` as usual:

- every task worker process (``runner = "process"``) profiles its main thread with cProfile from
  its start to its exit, Prefect's task engine included (the part a profile of the task function
  alone misses), and writes ``worker-<pid>.prof`` (``pstats``). The timer is the thread's CPU
  time: wall-clock timers count the waits of a shared machine as cost. Threads of the task runner
  (``runner = "thread"``, one-shard runs) are not profiled.
- the command appends its PSS, its number of Python objects, Arrow's memory pool and, when
  tracemalloc traces (``PYTHONTRACEMALLOC=1``), its top allocation sites and the PSS neither
  accounts for to ``command-memory.txt`` at the steps it is asked about (before and after the
  commit).

Unset, every function here returns at once. Nothing here changes what a run writes.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "TEXTMILL_PROFILE_DIR"
TOP_ALLOCATIONS = 25  # allocation sites listed per memory report

_profile = None


def folder() -> Path | None:
    value = os.environ.get(ENV)
    return Path(value) if value else None


def start_worker_profile() -> None:
    """Profile this process's main thread (call once, first thing in a worker)."""
    global _profile
    if folder() is None or _profile is not None:
        return
    import cProfile
    import time

    _profile = cProfile.Profile(time.thread_time)
    _profile.enable()


def dump_worker_profile() -> Path | None:
    """Write the worker's profile (call as the worker exits); returns its path."""
    global _profile
    out = folder()
    if _profile is None or out is None:
        return None
    _profile.disable()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"worker-{os.getpid()}.prof"
    _profile.dump_stats(path)
    _profile = None
    return path


def pss_mb() -> float | None:
    """This process's proportional set size in MB (Linux /proc), None where there is none."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def memory_report(step: str) -> Path | None:
    """Append this process's memory at `step` to command-memory.txt; returns its path."""
    out = folder()
    if out is None:
        return None
    import gc
    import tracemalloc

    gc.collect()
    pss = pss_mb()
    lines = [f"{step}: PSS {pss:.0f} MB, {len(gc.get_objects())} Python objects" if pss is not None
             else f"{step}: {len(gc.get_objects())} Python objects"]
    import sys

    arrow = sys.modules["pyarrow"].total_allocated_bytes() / 2**20 if "pyarrow" in sys.modules else 0.0
    lines.append(f"  Arrow memory pool: {arrow:.0f} MB allocated")
    if tracemalloc.is_tracing():
        current, peak = tracemalloc.get_traced_memory()
        lines.append(f"  traced by tracemalloc: {current / 2**20:.0f} MB now, {peak / 2**20:.0f} MB at the peak so far")
        if pss is not None:  # what neither sees: libraries' code and data, deltalake's Rust heap, free lists
            lines.append(f"  PSS not in the Arrow pool nor traced: {pss - arrow - current / 2**20:.0f} MB")
        lines += [f"  {stat}" for stat in tracemalloc.take_snapshot().statistics("lineno")[:TOP_ALLOCATIONS]]
    out.mkdir(parents=True, exist_ok=True)
    path = out / "command-memory.txt"
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path
