"""CLI: fatal errors exit 2 with one line saying what to do; read-only commands on a tables folder."""

from __future__ import annotations

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
