"""Every end-to-end test here runs flows: they share the session's Prefect harness (tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _flows_need_prefect(prefect_harness):
    yield
