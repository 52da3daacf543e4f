"""The README's main job through the real command line: one Prefect server per command, worker
processes reporting to it, and no hang on exit (queued logs are drained before the server stops)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TEXTMILL = Path(sys.executable).parent / "textmill"


def _run(args, cwd, env):
    start = time.perf_counter()
    done = subprocess.run([str(TEXTMILL), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    return done, time.perf_counter() - start


def test_curate_and_release_commands(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    curate, seconds = _run(["curate", str(SEEDS), "--tables", "tables", "--json"], tmp_path, env)
    assert curate.returncode == 0, curate.stderr[-2000:]
    summary = json.loads(curate.stdout)
    assert summary["documents"] == 5 and summary["rejects"] == 0
    assert curate.stderr.count("using a temporary Prefect server") == 1  # the command's one server
    assert "Starting temporary server" not in curate.stderr  # workers did not start their own (Prefect's line)
    assert "Error logging to API" not in curate.stderr
    assert seconds < 120, seconds
    release, _ = _run(["release", "--tables", "tables", "--releases", "releases", "--version", "t1"], tmp_path, env)
    assert release.returncode == 0 and "release t1 published" in release.stdout, release.stderr[-2000:]
    again, _ = _run(["release", "--tables", "tables", "--releases", "releases"], tmp_path, env)
    assert again.returncode == 0 and "already holds exactly this content" in again.stdout
