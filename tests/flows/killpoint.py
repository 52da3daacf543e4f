"""Test-only: run textmill CLI commands as separate processes, some SIGKILLed at one point (fault
injection without hooks in production code).

    python killpoint.py JOBS.json    # [{"name", "point" or null, "args": [textmill args], "cwd"}]

The parent imports the pipeline once (Prefect, Great Expectations, the language models: ~9 s of
CPU per process) and then forks one child per job, all at once: each child is a real, separate
process that runs `textmill.cli.main(args)` and dies by SIGKILL at its point (no clean-up of any
kind runs, as when a machine or the OOM killer stops a scheduled run) or exits normally. Prints
{name: exit status (negative: killed by that signal)} as JSON.

POINT: `before-commit` (staged, nothing committed), `after:<table>` (right after that table's
commit of the run), `before-publish` (a release built and its manifest written, not yet renamed
into place).
"""

from __future__ import annotations

import json
import os
import signal
import sys


def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def arm(point: str) -> None:
    if point == "before-commit":
        import textmill.commit as commit

        commit.drop_known_minhash = die
    elif point.startswith("after:"):
        import textmill.commit as commit

        table, merge = point.split(":", 1)[1], commit.merge_rows

        def merge_then_die(tables_dir, name, *args, **kwargs):
            version = merge(tables_dir, name, *args, **kwargs)
            if name == table:
                die()
            return version

        commit.merge_rows = merge_then_die
    elif point == "before-publish":
        import textmill.release as release

        replace = os.replace

        class _Os:  # the release module's os, with a replace that dies on the release folder's rename
            def __getattr__(self, name):
                return getattr(os, name)

            @staticmethod
            def replace(src, dst):
                if os.path.basename(str(src)).startswith(release.WORK_PREFIX):
                    die()
                return replace(src, dst)

        release.os = _Os()
    else:
        raise SystemExit(f"unknown kill point {point!r}")


def preload() -> None:
    """What every curate child would import and build on its own, done once before forking."""
    import textmill.flows  # noqa: F401 - prefect, deltalake, pyarrow, the pipeline
    from textmill.signals import detect_language
    from textmill.validate import _datasource

    _datasource()
    detect_language("The council voted on Tuesday to approve the budget for next year.", ("en", "de"))


def run_child(job: dict) -> None:
    os.chdir(job["cwd"])
    out = os.open(os.path.join(job["cwd"], f"{job['name']}.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(out, 2)
    if job.get("point"):
        arm(job["point"])
    from textmill.cli import main

    code = main(job["args"])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    jobs = json.loads(open(sys.argv[1], encoding="utf-8").read())
    preload()
    children = {}
    for job in jobs:
        pid = os.fork()
        if pid == 0:
            try:
                run_child(job)
            finally:
                os._exit(70)  # run_child raised before main could return a code
        children[pid] = job["name"]
    status = {}
    for pid, name in children.items():
        _, raw = os.waitpid(pid, 0)
        status[name] = -os.WTERMSIG(raw) if os.WIFSIGNALED(raw) else os.WEXITSTATUS(raw)
    print(json.dumps(status))
