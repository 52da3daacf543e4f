"""CLI: fatal errors exit 2 with one line saying what to do; read-only commands on a tables folder."""

from __future__ import annotations

import os

from textmill.cli import main


def test_bad_config_exits_2_before_prefect_starts(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[runn]\n")
    assert main(["curate", str(tmp_path), "--config", str(cfg), "--tables", str(tmp_path / "t")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("textmill: error:") and "unknown section" in err


def test_file_of_unknown_type_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    assert main(["curate", str(tmp_path / "a.pdf"), "--tables", str(tmp_path / "t")]) == 2
    assert "not an input format" in capsys.readouterr().err


def test_stats_on_empty_tables(tmp_path, capsys):
    assert main(["stats", "--tables", str(tmp_path)]) == 0
    assert "documents: 0" in capsys.readouterr().out


def test_temporary_server_starts_what_prefect_starts(monkeypatch):
    """textmill.prefect_server spawns Prefect's own temporary-server command line and environment
    (copied to start it before the CLI imports Prefect): a Prefect upgrade that changes them fails here."""
    import subprocess

    from prefect.server.api import server as prefect_server_module

    from textmill import prefect_server

    seen = {}
    monkeypatch.setattr(subprocess, "Popen", lambda args, env, **kw: seen.update(args=args, env=env))
    ours = prefect_server.TemporaryServer.__new__(prefect_server.TemporaryServer)
    ours.port = 8123
    ours._spawn()
    theirs = prefect_server_module.SubprocessASGIServer(port=8123)
    try:
        mine = dict(seen)
        theirs._run_uvicorn_command()
    finally:
        theirs.stop()
    assert mine["args"] == seen["args"]
    from prefect.settings import get_current_settings

    # the only difference: the settings Prefect had loaded, which the server process loads itself
    extra = {k: v for k, v in seen["env"].items() if mine["env"].get(k) != v}
    assert extra.items() <= get_current_settings().to_environment_variables(exclude_unset=True).items()
    assert all(seen["env"][k] == v for k, v in prefect_server.SERVER_VARIABLES.items())


def test_the_commands_server_url_reaches_every_thread(monkeypatch):
    """Prefect's process-pool runner forwards the workers' logs and events from a thread of its
    own, which does not inherit `temporary_settings`: without the URL in the environment and
    Prefect's global settings, that thread started a second temporary server."""
    import threading
    import types

    from prefect.settings import get_current_settings

    from textmill.cli import _api_url_for_every_thread

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    server = types.SimpleNamespace(api_url="http://127.0.0.1:8765/api")
    seen = []
    with _api_url_for_every_thread(server):
        thread = threading.Thread(target=lambda: seen.append(get_current_settings().api.url))
        thread.start()
        thread.join()
    assert seen == [server.api_url]
    assert "PREFECT_API_URL" not in os.environ  # restored when the command ends
