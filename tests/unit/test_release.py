"""Releases: deterministic bytes, checksums, immutability, date versions, load() verification."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from textmill.errors import ConfigError
from textmill.loading import load
from textmill.release import ReleaseRefused, file_sha256, list_releases, publish_release
from textmill.schema import load_schema
from textmill.tables import merge_rows, rows_to_table

DAY = dt.date(2026, 11, 22)


def _reject(i: int) -> dict:
    return {"reject_id": f"{i:016x}", "source_key": f"in/{i}.txt", "source_uri": f"/x/in/{i}.txt", "record_key": None,
            "stage": "read", "reason": "empty", "message": "the file holds no text", "source_sha256": None,
            "pipeline_fingerprint": "f" * 16}


@pytest.fixture
def tables(tmp_path):
    path = tmp_path / "tables"
    merge_rows(path, "rejects", rows_to_table([_reject(2), _reject(1)], load_schema("rejects")))
    return path


def test_publish_then_unchanged_then_refuse_then_next_date_version(tmp_path, tables):
    releases = tmp_path / "releases"
    first = publish_release(str(tables), str(releases), today=DAY)
    assert first["status"] == "published" and first["version"] == "2026.11.22"
    assert (releases / "LATEST").read_text().strip() == "2026.11.22"
    assert publish_release(str(tables), str(releases), today=DAY)["status"] == "unchanged"
    merge_rows(tables, "rejects", rows_to_table([_reject(3)], load_schema("rejects")))
    with pytest.raises(ReleaseRefused, match="immutable"):
        publish_release(str(tables), str(releases), version="2026.11.22")
    second = publish_release(str(tables), str(releases), today=DAY)
    assert second["version"] == "2026.11.22.2" and list_releases(releases) == ["2026.11.22", "2026.11.22.2"]
    changelog = (releases / "2026.11.22.2" / "CHANGELOG.md").read_text()
    assert "| rejects | 1 | 0 | 0 | 2 |" in changelog


def test_files_are_sorted_by_key_and_checksummed(tmp_path, tables):
    releases = tmp_path / "releases"
    publish_release(str(tables), str(releases), version="v1")
    manifest = json.loads((releases / "v1" / "manifest.json").read_text())
    for entry in manifest["files"]:
        assert file_sha256(releases / "v1" / entry["path"]) == entry["sha256"]
    rejects = load("rejects", "latest", str(releases))
    assert rejects["reject_id"].to_pylist() == [f"{1:016x}", f"{2:016x}"]
    assert rejects.schema == load_schema("rejects").arrow


def test_same_content_gives_byte_identical_files(tmp_path, tables):
    a = publish_release(str(tables), str(tmp_path / "a"), version="v1")
    b = publish_release(str(tables), str(tmp_path / "b"), version="v1")
    assert [f["sha256"] for f in a["manifest"]["files"]] == [f["sha256"] for f in b["manifest"]["files"]]
    # every other file too (card, charts, croissant.json, changelog, report), except the manifest's release time
    files = sorted(p.relative_to(tmp_path / "a" / "v1") for p in (tmp_path / "a" / "v1").rglob("*") if p.is_file())
    assert {"README.md", "croissant.json", "CHANGELOG.md", "charts/roles.png", "report.html"} <= {str(f) for f in files}
    page = (tmp_path / "a" / "v1" / "report.html").read_text()
    assert not re.search(r"""(src|href)=["']?(https?:)?//|<link|@import|url\(""", page)  # self-contained
    for f in files:
        if str(f) != "manifest.json":
            assert (tmp_path / "a" / "v1" / f).read_bytes() == (tmp_path / "b" / "v1" / f).read_bytes(), f


def test_load_detects_a_modified_file_and_bad_names(tmp_path, tables):
    releases = tmp_path / "releases"
    publish_release(str(tables), str(releases), version="v1")
    with (releases / "v1" / "rejects.parquet").open("ab") as f:
        f.write(b"tampered")
    with pytest.raises(ConfigError, match="does not match the sha256"):
        load("rejects", "v1", str(releases))
    with pytest.raises(ConfigError, match="unknown engine"):
        load("rejects", "v1", str(releases), engine="spark")
    with pytest.raises(ConfigError, match="unknown table"):
        load("nope", "v1", str(releases))
    with pytest.raises(ConfigError, match="no release"):
        load("rejects", "latest", str(tmp_path / "empty"))
    with pytest.raises(ConfigError, match="not valid"):
        publish_release(str(tables), str(releases), version="../escape")


def test_load_engines_read_the_same_rows_and_the_documented_one_liners_work(tmp_path, tables):
    import duckdb
    import polars as pl

    releases = tmp_path / "releases"
    publish_release(str(tables), str(releases), version="v1")
    arrow = load("rejects", releases_dir=str(releases))
    frame = load("rejects", releases_dir=str(releases), engine="pandas")
    polars = load("rejects", releases_dir=str(releases), engine="polars")
    assert list(frame["reject_id"]) == polars["reject_id"].to_list() == arrow["reject_id"].to_pylist()
    assert frame["record_key"].isna().all() and polars.schema["stage"] == pl.String
    path = releases / "v1" / "rejects.parquet"  # the README's one-liners on the release file
    assert duckdb.sql(f"SELECT reason, count(*) FROM '{path}' GROUP BY reason").fetchall() == [("empty", 2)]
    assert pl.read_parquet(path).height == 2
