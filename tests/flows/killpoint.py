"""Test-only: run the textmill CLI and SIGKILL it at one point (fault injection without hooks in
production code). Usage: python killpoint.py POINT textmill-args...

POINT: `before-commit` (staged, nothing committed), `after:<table>` (right after that table's
commit of the run), `before-publish` (a release built and its manifest written, not yet renamed
into place). SIGKILL: no clean-up of any kind runs, as when the machine or the OOM killer stops
a scheduled run.
"""

from __future__ import annotations

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


if __name__ == "__main__":
    arm(sys.argv[1])
    from textmill.cli import main

    sys.exit(main(sys.argv[2:]))
