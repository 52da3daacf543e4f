"""textmill.diagnostics: opt-in profiles and memory reports (TEXTMILL_PROFILE_DIR), inert when unset."""

import pstats
import subprocess
import sys
import textwrap

from textmill import diagnostics


def test_nothing_happens_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(diagnostics.ENV, raising=False)
    diagnostics.start_worker_profile()
    assert diagnostics.dump_worker_profile() is None
    assert diagnostics.memory_report("before the commit") is None
    assert list(tmp_path.iterdir()) == []


def test_a_worker_profile_is_a_pstats_file_of_its_cpu(tmp_path):
    # a fresh interpreter, as a worker process is: the profile runs from start to dump
    code = textwrap.dedent("""
        from textmill import diagnostics
        diagnostics.start_worker_profile()
        def busy():
            return sum(i * i for i in range(300_000))
        busy()
        print(diagnostics.dump_worker_profile())
    """)
    out = subprocess.run([sys.executable, "-c", code], env={**_env(), diagnostics.ENV: str(tmp_path)},
                         capture_output=True, text=True, check=True).stdout.strip()
    stats = pstats.Stats(out)
    assert out.startswith(str(tmp_path)) and "worker-" in out
    assert any(name == "busy" for (_, _, name) in stats.stats)


def test_memory_report_appends_pss_and_allocation_sites(monkeypatch, tmp_path):
    import tracemalloc

    monkeypatch.setenv(diagnostics.ENV, str(tmp_path))
    tracemalloc.start()
    try:
        kept = [str(i) * 10 for i in range(10_000)]
        path = diagnostics.memory_report("before the commit")
        diagnostics.memory_report("after the commit")
    finally:
        tracemalloc.stop()
    text = path.read_text(encoding="utf-8")
    assert text.count("Python objects") == 2 and "before the commit: PSS" in text
    assert "test_diagnostics.py" in text  # the list above is among the top allocation sites
    assert kept


def _env():
    import os

    return {k: v for k, v in os.environ.items() if k != diagnostics.ENV}
