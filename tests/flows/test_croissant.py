"""croissant.json of a real release, checked with mlcroissant (the format's reference implementation):
no validation errors, every file with its sha256, every record set readable with the file's rows."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from textmill.schema import TABLES, load_schema

mlc = pytest.importorskip("mlcroissant")


def test_croissant_validates_and_reads_every_table(two_releases):
    releases, _, _ = two_releases
    folder = releases / "r2"
    manifest = json.loads((folder / "manifest.json").read_text())
    dataset = mlc.Dataset(jsonld=str(folder / "croissant.json"))  # raises ValidationError on errors
    issues = dataset.metadata.ctx.issues
    assert not issues.errors, issues.report()
    assert dataset.metadata.ctx.is_v1_1()
    files = {d.name: d for d in dataset.metadata.distribution}
    for entry in manifest["files"]:
        assert files[entry["path"]].sha256 == entry["sha256"]
        assert files[entry["path"]].encoding_formats == ["application/x-parquet"]
    record_sets = {rs.name: rs for rs in dataset.metadata.record_sets}
    assert sorted(record_sets) == sorted(TABLES)
    for table in TABLES:
        assert [f.name for f in record_sets[table].fields] == load_schema(table).names
        n_rows = pq.read_metadata(folder / f"{table}.parquet").num_rows
        records = list(dataset.records(table))
        assert len(records) == n_rows
    first = next(iter(dataset.records("documents")))
    assert isinstance(first["documents/repairs"], list)  # struct members read through subField


def test_croissant_carries_the_provenance_and_the_card_links_it(two_releases):
    releases, _, _ = two_releases
    folder = releases / "r2"
    doc = json.loads((folder / "croissant.json").read_text())
    manifest = json.loads((folder / "manifest.json").read_text())
    used = {p["name"]: p["value"] for p in doc["prov:wasGeneratedBy"]["prov:used"]}
    fingerprints = set(pq.read_table(folder / "documents.parquet", columns=["pipeline_fingerprint"])["pipeline_fingerprint"].to_pylist())
    assert used["config_fingerprint"] in fingerprints and len(used["input_fingerprint"]) == 64
    assert doc["prov:wasGeneratedBy"]["prov:wasAssociatedWith"]["version"] == manifest["pipeline_version"]
    assert used["input_fingerprint"] == manifest["provenance"]["input_fingerprint"]
    r1 = json.loads((releases / "r1" / "croissant.json").read_text())
    assert {p["name"]: p["value"] for p in r1["prov:wasGeneratedBy"]["prov:used"]}["input_fingerprint"] != used["input_fingerprint"]
    assert "(croissant.json)" in (folder / "README.md").read_text()
