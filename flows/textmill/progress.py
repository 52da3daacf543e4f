"""Progress of a curate run on stderr: shards and documents done, MB/s, ETA.

The CLI installs one reporter for the command (`install`); the flow, which runs in the CLI's
process, tells it what it planned and what each shard task finished (`current()`). Three modes:

- ``bar``: stderr is a terminal: a rich progress display (one line per pass), in place of
  Prefect's per-task log lines (the CLI lowers Prefect's console level to warnings);
- ``lines``: stderr is a file or pipe (CI logs, cron): one plain line per finished shard;
- ``off``: ``--quiet``, a library call or a test: nothing (the run summary is printed anyway).
"""

from __future__ import annotations

import contextlib
import sys
import time
from typing import TextIO

_current: "Progress | None" = None


def choose_mode(quiet: bool, stream: TextIO | None = None) -> str:
    if quiet:
        return "off"
    return "bar" if (stream or sys.stderr).isatty() else "lines"


def install(mode: str, stream: TextIO | None = None) -> "Progress":
    global _current
    _current = Progress(mode, stream or sys.stderr)
    return _current


def current() -> "Progress":
    """The command's reporter, or a silent one (library calls, tests)."""
    return _current if _current is not None else Progress("off")


@contextlib.contextmanager
def installed(mode: str, stream: TextIO | None = None):
    """`install` for the duration of a command."""
    install(mode, stream)
    try:
        yield current()
    finally:
        uninstall()


def uninstall() -> None:
    global _current
    if _current is not None:
        _current.close()
    _current = None


class Progress:
    """Counts per pass ("templates", then "shards"): shards done of planned, inputs, bytes."""

    def __init__(self, mode: str, stream: TextIO | None = None) -> None:
        self.mode = mode
        self.stream = stream or sys.stderr
        self._bar = None
        self._tasks: dict[str, int] = {}
        self._totals: dict[str, tuple[int, int]] = {}
        self._done: dict[str, list[float]] = {}
        self._started: dict[str, float] = {}

    def start(self, phase: str, n_shards: int, n_bytes: int) -> None:
        self._totals[phase] = (n_shards, n_bytes)
        self._done[phase] = [0, 0, 0]  # shards, inputs, bytes
        self._started[phase] = time.monotonic()
        if self.mode == "bar":
            if self._bar is None:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

                self._bar = Bar(TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("shards {task.fields[docs]:>9,} inputs {task.fields[rate]:>6.2f} MB/s"),
                                TextColumn("ETA"), TimeRemainingColumn(),
                                console=Console(file=self.stream), transient=False)
                self._bar.start()
            self._tasks[phase] = self._bar.add_task(phase, total=n_shards, docs=0, rate=0.0)

    def shard_done(self, phase: str, n_inputs: int, n_bytes: int) -> None:
        if phase not in self._done:
            return
        done = self._done[phase]
        done[0] += 1
        done[1] += n_inputs
        done[2] += n_bytes
        elapsed = max(time.monotonic() - self._started[phase], 1e-9)
        rate = done[2] / 1e6 / elapsed
        total_shards, total_bytes = self._totals[phase]
        if self.mode == "bar":
            self._bar.update(self._tasks[phase], completed=done[0], docs=int(done[1]), rate=rate)
        elif self.mode == "lines":
            left = max(total_bytes - done[2], 0) / 1e6 / rate if rate > 0 else 0.0
            print(f"textmill: {phase} {int(done[0])}/{total_shards} shards, {int(done[1]):,} inputs, "
                  f"{done[2] / 1e6:.1f}/{total_bytes / 1e6:.1f} MB, {rate:.2f} MB/s, ETA {left:.0f} s",
                  file=self.stream, flush=True)

    def step(self, what: str) -> None:
        """A run-level step begins (planning done, duplicate clusters, the commit, the runs row):
        one line in ``lines`` mode, so a log shows where a long run spends its time between the
        shard lines (bench/speed.py splits the run's CPU by these lines); the bar shows the two
        shard passes only."""
        if self.mode == "lines":
            print(f"textmill: {what}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
