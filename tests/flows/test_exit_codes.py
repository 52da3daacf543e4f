"""Exit codes of the command line (README "Exit codes"): 0 success, 1 a failed run or failed
validation, 2 a fatal usage or configuration error; never a crash after the work is done.

Issue 14: after a complete run, `textmill curate` sometimes died while the interpreter finalized
(exit 134, "terminate called without an active exception"). An Arrow I/O thread of the last
Delta read still held a Python buffer and took the GIL to free it; Python makes such a thread
exit during finalization, and the unwind through Arrow's C++ destructor std::terminate()s the
process. Reads now go through Arrow's native file system (tables._arrow_local_files). The abort
is a race, so every command runs several times as a subprocess on generated HTML pages (JSONL
records with id, url, html, plus two inputs that become rejects so that every table read at exit
has a file), and each run must exit 0.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import REPO, load_articles, make_doc, render_html  # bench/ (pytest pythonpath)

from textmill.cli import EXIT_FAILED, main

TEXTMILL = Path(sys.executable).parent / "textmill"
ABORT_MESSAGE = "terminate called"
RUNS = {"curate": 2, "release": 2, "validate": 1, "stats": 6}
# Pages per curate run. The abort needs Parquet files of some size (measured before the fix: 0
# aborts in 80 `stats` runs on tables of 20 pages, 1 in 20 on 60 pages; bare reads of a 32 KB
# file 0/40, of 1.8 MB 2/40), so not fewer.
PAGES = 60


def write_pages(path: Path, pages: int, seed: int) -> None:
    """`pages` generated news pages as JSONL records (id, url, html) and two that become rejects."""
    rng = random.Random(seed)
    articles = load_articles(REPO / "seeds")
    with path.open("w", encoding="utf-8") as out:
        for i in range(pages):
            doc = make_doc(rng, i, articles)
            out.write(json.dumps({"id": f"{seed}-{doc.doc_id}", "url": f"https://{doc.site.host}/news/{seed}-{doc.doc_id}",
                                  "html": render_html(doc)}) + "\n")
        out.write(json.dumps({"id": f"{seed}-no-html", "url": "https://bad.example/none"}) + "\n")
        out.write(json.dumps({"id": f"{seed}-empty", "url": "https://bad.example/empty",
                              "html": "<html><body><div></div></body></html>"}) + "\n")


@pytest.fixture
def cli_env(tmp_path):
    """The harness's Prefect server for every command (a temporary server each costs ~10 s)."""
    from prefect.settings import get_current_settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_API_URL"] = get_current_settings().api.url
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    return env


def textmill(args: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(TEXTMILL), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def assert_clean_exit(done: subprocess.CompletedProcess, what: str) -> None:
    assert done.returncode == 0 and ABORT_MESSAGE not in done.stderr, (
        f"{what}: exit {done.returncode}\n{done.stdout[-1000:]}\n{done.stderr[-2000:]}")


def test_every_command_exits_0_on_every_run(tmp_path, cli_env):
    for seed in range(RUNS["curate"]):  # new pages each run: every run commits and reads all tables at exit
        write_pages(tmp_path / f"pages-{seed}.jsonl", pages=PAGES, seed=seed)
        curate = textmill(["curate", f"pages-{seed}.jsonl", "--tables", "tables"], tmp_path, cli_env)
        assert_clean_exit(curate, f"curate run {seed + 1}")
        assert f"tables in tables: documents={PAGES * (seed + 1)} " in curate.stdout, curate.stdout
    for run in range(RUNS["release"]):  # publishes, then finds the same content
        release = textmill(["release", "--tables", "tables", "--releases", "releases", "--version", "v1"], tmp_path, cli_env)
        assert_clean_exit(release, f"release run {run + 1}")
        assert ("published" if run == 0 else "already holds exactly this content") in release.stdout
    for command in ("validate", "stats"):
        for run in range(RUNS[command]):
            assert_clean_exit(textmill([command, "--tables", "tables"], tmp_path, cli_env), f"{command} run {run + 1}")


def test_usage_and_config_errors_exit_2(tmp_path, cli_env):
    assert textmill(["curate"], tmp_path, cli_env).returncode == 2  # argparse: paths missing
    (tmp_path / "bad.toml").write_text("[runn]\n")
    bad_config = textmill(["curate", str(tmp_path), "--config", "bad.toml"], tmp_path, cli_env)
    assert bad_config.returncode == 2 and bad_config.stderr.startswith("textmill: error:"), bad_config.stderr


def test_failed_validation_exits_1(tmp_path, capsys):
    from textmill.schema import load_schema
    from textmill.tables import merge_rows, rows_to_table

    stage_not_in_the_suite = {"reject_id": "00000000000000aa", "source_key": "k", "source_uri": "x", "record_key": None,
                              "stage": "not-a-stage", "reason": "missing_field", "message": "m", "source_sha256": None,
                              "pipeline_fingerprint": "f"}
    merge_rows(tmp_path, "rejects", rows_to_table([stage_not_in_the_suite], load_schema("rejects")))
    assert main(["validate", "--tables", str(tmp_path)]) == EXIT_FAILED
    assert "expect_column_values_to_be_in_set" in capsys.readouterr().out


def test_a_failed_run_exits_1_with_one_line_saying_why(tmp_path, monkeypatch, capsys):
    def broken_flow(**_):
        raise OSError("disk full")

    import textmill.flows

    monkeypatch.setattr(textmill.flows, "release_flow", broken_flow)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    assert main(["release", "--tables", str(tmp_path / "t"), "--releases", str(tmp_path / "r")]) == EXIT_FAILED
    assert capsys.readouterr().err.strip().splitlines()[-1] == "textmill: error: release failed: OSError: disk full"
