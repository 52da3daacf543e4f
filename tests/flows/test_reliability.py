"""Fault injection (issue 9): a killed run heals, concurrent runs stay correct.

Scenario: the tables hold part 0 (a complete run); the run curating part 1 is interrupted at one
point; a rerun of part 1 must leave every table (data and internal state) equal, by content
digest, to an uninterrupted part 0 + part 1. Real SIGKILLs of separate processes at four points
(before any commit, after `paragraphs`, after `documents` = before the runs row, a release before
its rename); exceptions raised in-process after three more commits, each rerun failing on top of
the last one's roll-back. Then two and three concurrent `textmill curate` processes on one tables
folder with different parts, against the sequential result.

The parts share paragraphs (exact and near-duplicates across parts), so duplicate clusters span
runs, and each part has its own site (URL host), so site-template statistics do not depend on
the order runs take turns in. The processes (`killpoint.py`: forked from one parent that
imported the pipeline once, ~9 s of CPU saved per process) use the session harness's Prefect
server.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.compute as pc
import pytest
from corpus import REPO, load_articles  # bench/ (pytest pythonpath)
from tabledigest import digests  # tests/flows/

from textmill.config import RunConfig
from textmill.recovery import pending_commits
from textmill.release import list_releases, publish_release
from textmill.tables import read_table

KILLPOINT = Path(__file__).with_name("killpoint.py")
PARTS = 3
DOCS_PER_PART = 4
SIGKILL_POINTS = ("before-commit", "after:paragraphs", "after:documents")
RAISE_POINTS = ("after:minhash", "after:removed", "after:rejects")


def write_parts(folder: Path) -> list[Path]:
    """PARTS JSONL files: DOCS_PER_PART articles each (seed paragraphs, every other one lightly
    edited: near-duplicates) on the part's own host, plus one record that is a reject."""
    articles = load_articles(REPO / "seeds")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(PARTS):
        path = folder / f"part-{i}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for j in range(DOCS_PER_PART):
                title, body = articles[(i + j) % len(articles)]
                body = [p.replace(" the ", " a ", 1) if (i + j + k) % 2 else p for k, p in enumerate(body)]
                out.write(json.dumps({"id": f"{i}-{j}", "url": f"https://part{i}.example/news/{j}",
                                      "text": title + "\n\n" + "\n\n".join(body)}) + "\n")
            out.write(json.dumps({"id": f"{i}-no-text", "url": f"https://part{i}.example/empty"}) + "\n")
        paths.append(path)
    return paths


def one_first_per_cluster(tables: Path) -> int:
    """Clusters with other than exactly one is_first_in_cluster paragraph (0 when correct)."""
    paras = read_table(tables, "paragraphs", columns=["dup_cluster", "is_first_in_cluster"])
    firsts = paras.group_by("dup_cluster").aggregate([("is_first_in_cluster", "sum")])
    return pc.sum(pc.not_equal(firsts["is_first_in_cluster_sum"], 1)).as_py() or 0


@pytest.fixture(scope="module")
def curate():
    from textmill.flows import curate_flow, task_runner

    return curate_flow.with_options(task_runner=task_runner(RunConfig(runner="thread")))


@pytest.fixture(scope="module")
def world(tmp_path_factory, curate):
    """Inputs, the tables after part 0 (a template to copy), and the uninterrupted references."""
    root = tmp_path_factory.mktemp("reliability")
    parts = write_parts(root / "inputs")
    (root / "thread.toml").write_text('[run]\nrunner = "thread"\n')
    after_part0 = root / "after-part0"
    curate(paths=[str(parts[0])], tables_dir=str(after_part0))
    reference = root / "reference"
    shutil.copytree(after_part0, reference)
    curate(paths=[str(parts[1])], tables_dir=str(reference))
    two = digests(reference)
    curate(paths=[str(parts[2])], tables_dir=str(reference))
    return {"root": root, "parts": parts, "after_part0": after_part0, "reference": reference, "two_parts": two,
            "three_parts": digests(reference)}


@pytest.fixture(scope="module")
def subprocess_runs(world):
    """Every process run of this module, started at once (killpoint.py forks them from one parent
    that imported the pipeline once): the SIGKILLed curate runs (one tables copy each), the
    SIGKILLed release, and the concurrent curate runs: three on one tables folder, two on another.
    -> {name: (tables or releases folder, exit status, log)}"""
    from prefect.settings import get_current_settings

    root = world["root"] / "subprocesses"
    root.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_API_URL"] = get_current_settings().api.url  # the harness's server: no server start per process
    env["PREFECT_HOME"] = str(root / "prefect")
    config = ["--config", str(world["root"] / "thread.toml")]
    jobs, folders = [], {}
    for point in SIGKILL_POINTS:
        name = point.replace(":", "-")
        folders[point] = root / name
        shutil.copytree(world["after_part0"], folders[point])
        jobs.append({"name": point, "point": point, "args": ["curate", str(world["parts"][1]), "--tables", str(folders[point]), *config]})
    folders["release"] = root / "releases"
    jobs.append({"name": "release", "point": "before-publish",
                 "args": ["release", "--tables", str(world["reference"]), "--releases", str(folders["release"]), "--version", "v1"]})
    for group, parts in (("concurrent", world["parts"]), ("pair", world["parts"][:2])):
        for i, part in enumerate(parts):
            folders[f"{group}-{i}"] = root / f"{group}-tables"
            jobs.append({"name": f"{group}-{i}", "point": None, "args": ["curate", str(part), "--tables", str(root / f"{group}-tables"), *config]})
    for job in jobs:
        job["cwd"] = str(root)
    (root / "jobs.json").write_text(json.dumps(jobs))
    done = subprocess.run([sys.executable, str(KILLPOINT), str(root / "jobs.json")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    status = json.loads(done.stdout.strip().splitlines()[-1])
    return {name: (folders[name], status[name], (root / f"{name}.log").read_text()[-3000:]) for name in status}


def test_the_reference_has_one_first_member_per_cluster_and_clusters_spanning_parts(world):
    tables = world["reference"]
    assert one_first_per_cluster(tables) == 0
    paras = read_table(tables, "paragraphs", columns=["doc_id", "dup_cluster"])
    docs = read_table(tables, "documents", columns=["doc_id", "source_key"])
    part_of = dict(zip(docs["doc_id"].to_pylist(), (k.split("#")[0] for k in docs["source_key"].to_pylist())))
    spans: dict[str, set] = {}
    for d, c in zip(paras["doc_id"].to_pylist(), paras["dup_cluster"].to_pylist()):
        spans.setdefault(c, set()).add(part_of[d])
    assert sum(len(s) == PARTS for s in spans.values()) >= 3  # the scenario exercises cross-run clusters


@pytest.mark.parametrize("point", SIGKILL_POINTS)
def test_sigkill_at_a_commit_point_then_rerun_equals_an_uninterrupted_run(world, curate, subprocess_runs, point):
    tables, code, log = subprocess_runs[point]
    assert code == -9, f"{point}: exit {code}\n{log}"
    assert any((tables / ".textmill" / "staging").iterdir()), "the killed run's staging folder is left behind"
    assert bool(pending_commits(tables)) == (point != "before-commit"), "the killed run's commits are pending"
    summary = curate(paths=[str(world["parts"][1])], tables_dir=str(tables))
    assert digests(tables) == world["two_parts"]
    assert bool(summary["recovered"]["rolled_back_runs"]) == (point != "before-commit")
    assert len(summary["recovered"]["removed_staging"]) == 1 and list((tables / ".textmill" / "staging").iterdir()) == []
    assert pending_commits(tables) == [] and one_first_per_cluster(tables) == 0


def test_runs_failing_after_successive_commits_then_a_rerun_equals_an_uninterrupted_run(world, curate, tmp_path, monkeypatch):
    """Each rerun fails one commit later, on top of the previous failure's roll-back."""
    import textmill.commit as commit

    tables = tmp_path / "tables"
    shutil.copytree(world["after_part0"], tables)
    merge = commit.merge_rows
    for n, point in enumerate(RAISE_POINTS):
        table = point.split(":", 1)[1]

        def merge_then_fail(tables_dir, name, *args, _table=table, **kwargs):
            version = merge(tables_dir, name, *args, **kwargs)
            if name == _table:
                raise OSError(f"injected after {_table}: the disk went away")
            return version

        monkeypatch.setattr(commit, "merge_rows", merge_then_fail)
        with pytest.raises(OSError, match=f"injected after {table}"):
            curate(paths=[str(world["parts"][1])], tables_dir=str(tables))
        assert not any((tables / ".textmill" / "staging").iterdir())  # a failed (not killed) run cleans up itself
        assert len({p.run_id for p in pending_commits(tables)}) == n + 1  # each failed run's commits, on top of the last
    monkeypatch.setattr(commit, "merge_rows", merge)
    summary = curate(paths=[str(world["parts"][1])], tables_dir=str(tables))
    assert len(summary["recovered"]["rolled_back_runs"]) == len(RAISE_POINTS) and summary["documents"] == DOCS_PER_PART
    assert digests(tables) == world["two_parts"] and pending_commits(tables) == []


def test_a_release_killed_before_publishing_leaves_nothing_that_blocks_the_next(world, subprocess_runs):
    releases, code, log = subprocess_runs["release"]
    assert code == -9, f"exit {code}\n{log}"
    assert len(list(releases.glob(".tmp-*/manifest.json"))) == 1 and list_releases(releases) == []  # built, not published
    result = publish_release(str(world["reference"]), str(releases), version="v1")
    assert result["status"] == "published" and list_releases(releases) == ["v1"]
    assert list(releases.glob(".tmp-*")) == []


@pytest.mark.parametrize("group, n_parts", [("pair", 2), ("concurrent", PARTS)])
def test_concurrent_curate_processes_on_one_tables_folder_equal_sequential_runs(world, subprocess_runs, group, n_parts):
    for i in range(n_parts):
        tables, code, log = subprocess_runs[f"{group}-{i}"]
        assert code == 0, f"exit {code}\n{log}"
    assert one_first_per_cluster(tables) == 0
    assert digests(tables) == world["three_parts" if n_parts == PARTS else "two_parts"]
    runs = read_table(tables, "runs", columns=["n_documents_written"])
    assert runs.num_rows == n_parts and sum(runs["n_documents_written"].to_pylist()) == n_parts * DOCS_PER_PART
