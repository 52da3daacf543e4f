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


def test_code_fingerprint_follows_every_content_file_of_the_package(tmp_path):
    # stale output is impossible: a changed rule, phrase list or model file changes the
    # fingerprint whether or not anyone bumped PIPELINE_VERSION
    import shutil
    from pathlib import Path

    import textmill
    from textmill.config import code_fingerprint

    package = tmp_path / "textmill"
    shutil.copytree(Path(textmill.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    base = code_fingerprint(str(package))
    assert base == code_fingerprint(str(Path(textmill.__file__).parent))
    for rel in ("segment/passes.py", "phrases/en.json", "models/line_classifier.json", "models/html_block_classifier.json",
                "htmlblocks/features.py", "repair/lost.py"):
        path = package / rel
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert code_fingerprint.__wrapped__(str(package)) != base, rel
        path.write_bytes(original)
    # publishing and argument parsing cannot change table content: not part of it
    (package / "cli.py").write_bytes((package / "cli.py").read_bytes() + b"\n# comment\n")
    assert code_fingerprint.__wrapped__(str(package)) == base


def test_contract_fingerprint_follows_the_schemas_and_expectation_suites(tmp_path):
    # a suite decides which documents are rejected and a schema what writers cast to: changing
    # either must re-curate stored inputs, as a code change does
    import shutil

    from textmill.config import contract_fingerprint
    from textmill.schema import project_folder

    folders = []
    for name in ("schemas", "expectations"):
        shutil.copytree(project_folder(name), tmp_path / name)
        folders.append(str(tmp_path / name))
    base = contract_fingerprint(tuple(folders))
    assert base == contract_fingerprint()
    for rel in ("expectations/paragraphs.json", "schemas/documents.v1.json"):
        path = tmp_path / rel
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert contract_fingerprint.__wrapped__(tuple(folders)) != base, rel
        path.write_bytes(original)
