"""Config files: defaults, overrides, and fatal errors that say what to fix."""

from __future__ import annotations

import pytest

from textmill.config import PipelineConfig, load_config
from textmill.errors import ConfigError


def test_defaults_and_overrides(tmp_path):
    assert load_config(None) == PipelineConfig()
    path = tmp_path / "t.toml"
    path.write_text('[signals]\nlanguages = ["en", "de"]\n[run]\nmax_workers = 4\n[ingest]\nmax_file_bytes = 1000\n')
    cfg = load_config(path)
    assert cfg.signals.languages == ("en", "de") and cfg.run.max_workers == 4 and cfg.ingest.max_file_bytes == 1000


def test_fingerprint_follows_content_options_not_run_options(tmp_path):
    base = PipelineConfig().fingerprint()
    (tmp_path / "run.toml").write_text("[run]\nmax_workers = 8\n")
    (tmp_path / "lang.toml").write_text('[signals]\nlanguages = ["en"]\n')
    assert load_config(tmp_path / "run.toml").fingerprint() == base
    assert load_config(tmp_path / "lang.toml").fingerprint() != base


@pytest.mark.parametrize("text, message", [
    ("[nope]\nx = 1\n", "unknown section"),
    ("[run]\nmax_wrokers = 2\n", "unknown key"),
    ("[run\n", "cannot read config"),
])
def test_bad_config_is_fatal_with_a_message(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_missing_config_file_is_fatal(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "missing.toml")
