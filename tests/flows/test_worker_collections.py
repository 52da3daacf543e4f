"""Process-pool workers load every Prefect collection but the ones they never use (prefect_dask)."""

import subprocess
import sys
import textwrap

import pytest


def test_a_worker_does_not_import_the_dask_runner():
    pytest.importorskip("prefect_dask")  # the dask extra: without it there is nothing to skip
    code = textwrap.dedent("""
        import sys
        from textmill.flows import _end_worker_without_teardown
        import atexit
        _end_worker_without_teardown()
        atexit.unregister(__import__("textmill.flows", fromlist=["_exit_now"])._exit_now)
        from prefect._internal.plugins.collections import load_prefect_collections
        loaded = load_prefect_collections()
        print(sorted(loaded), "distributed" in sys.modules, "prefect_dask" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")[-2]
    assert out == "[] False False"


def test_the_flow_process_still_loads_every_collection():
    pytest.importorskip("prefect_dask")
    code = "from prefect._internal.plugins.collections import load_prefect_collections; print(sorted(load_prefect_collections()))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert "prefect_dask" in out
