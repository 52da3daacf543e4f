"""Every end-to-end test here runs flows: they share the session's Prefect harness (tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _flows_need_prefect(prefect_harness):
    yield


SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CHANGED_SEED = "001_a9b3127d8fad374b.txt"
# The sentence edited between the two releases, before and after.
CHANGED_FROM = 'Putin said he was looking for "tangible results."'
CHANGED_TO = 'Putin said he was looking for "tangible and lasting results."'
ADDED_ARTICLE = """Geneva talks on Syria resume after a week of delays

GENEVA (Reuters) - Diplomats from the United States and Russia resumed talks on a ceasefire in Syria on Friday after a week of delays, officials said.

The two delegations met for four hours at a hotel near the lake and agreed to meet again on Monday, according to a statement from the United Nations envoy.

"We are not there yet, but the gaps are narrower than they were," one Western diplomat said, asking not to be named because the talks are private.

Aid groups have urged both sides to allow convoys into besieged towns before the winter, when roads in the north become hard to use.
"""


@pytest.fixture(scope="session")
def two_releases(tmp_path_factory, prefect_harness):
    """Releases r1 and r2 of the seeds: between them one seed is edited and one article added.

    Built through the real curate flow and `textmill release`; shared by the analyst tests
    (validate, releases, diff, Croissant, report page). Returns (releases_dir, tables_dir, inputs)."""
    from textmill.cli import main
    from textmill.config import RunConfig
    from textmill.flows import curate_flow, task_runner

    root = tmp_path_factory.mktemp("analyst")
    inputs = root / "news"
    shutil.copytree(SEEDS, inputs)
    tables, releases = root / "tables", root / "releases"
    curate = curate_flow.with_options(task_runner=task_runner(RunConfig(runner="thread")))  # no worker processes for 6 documents
    curate(paths=[str(inputs)], tables_dir=str(tables))
    assert main(["release", "--tables", str(tables), "--releases", str(releases), "--version", "r1"]) == 0
    text = (inputs / CHANGED_SEED).read_text(encoding="utf-8")
    assert CHANGED_FROM in text
    (inputs / CHANGED_SEED).write_text(text.replace(CHANGED_FROM, CHANGED_TO), encoding="utf-8")
    (inputs / "005_geneva_talks.txt").write_text(ADDED_ARTICLE, encoding="utf-8")
    curate(paths=[str(inputs)], tables_dir=str(tables))
    assert main(["release", "--tables", str(tables), "--releases", str(releases), "--version", "r2"]) == 0
    return releases, tables, inputs
