"""Session-wide fixtures. ``prefect_harness``: one Prefect test harness (temporary server +
sqlite, ~10 s) for every test that runs a flow (tests/flows uses it for all its tests; the
quality gates curate their sets through the flow, see bench/evalkit/driver.py)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def prefect_harness():
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
