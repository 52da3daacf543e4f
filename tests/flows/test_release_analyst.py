"""An analyst's commands on two real releases of the seeds (one seed edited, one article added
between them): validate a release folder, list releases, diff them; tampered copies must fail."""

from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from conftest import CHANGED_FROM, CHANGED_SEED, CHANGED_TO
from textmill.cli import main
from textmill.diff import changelog_markdown, diff_releases
from textmill.release import file_sha256


def test_validate_a_release_folder_passes_with_a_table_of_results(two_releases, capsys):
    releases, tables, _ = two_releases
    assert main(["validate", str(releases / "r2")]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()]
    for table in ("documents", "paragraphs", "removed", "rejects"):
        assert {r[1] for r in rows if r and r[0] == table and r[2] == "ok"} == {"checksum", "rows", "schema", "key", "expectations"}
    assert "all checks passed" in out and "FAILED" not in out
    assert main(["validate", "--json", str(releases / "r1")]) == 0
    results = json.loads(capsys.readouterr().out)
    assert len(results) == 20 and all(r["passed"] for r in results)
    assert main(["validate", str(tables)]) == 0  # a tables folder still works, positionally too


def test_releases_lists_versions_rows_and_marks_the_latest(two_releases, capsys):
    releases, _, _ = two_releases
    assert main(["releases", "--releases", str(releases)]) == 0
    lines = capsys.readouterr().out.splitlines()
    r1 = next(l for l in lines if " r1 " in f" {l} ")
    r2 = next(l for l in lines if " r2 " in f" {l} ")
    assert r2.startswith("*") and not r1.startswith("*")
    n_docs = pq.read_metadata(releases / "r2" / "documents.parquet").num_rows
    assert f" {n_docs:,} " in f" {r2} " and lines.index(r1) < lines.index(r2)
    assert "20" in r2  # the release date (released_at, ISO)


def _body_words(folder):
    paras = pq.read_table(folder / "paragraphs.parquet", columns=["role", "n_words"])
    body = paras.filter(pc.equal(paras["role"], "body"))
    return body.num_rows, pc.sum(body["n_words"]).as_py()


def test_diff_names_the_added_and_changed_documents_and_the_changelog_is_the_same_diff(two_releases, capsys):
    releases, _, _ = two_releases
    assert main(["diff", "r1", "r2", "--releases", str(releases), "--json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    docs = diff["documents"]
    assert [d["source_key"].rsplit("/", 1)[1] for d in docs["added"]] == ["005_geneva_talks.txt"]
    assert docs["removed"] == []
    assert CHANGED_SEED in [d["source_key"].rsplit("/", 1)[1] for d in docs["changed"]]
    assert docs["unchanged"] == 5 - len(docs["changed"])
    old_n, old_w = _body_words(releases / "r1")
    new_n, new_w = _body_words(releases / "r2")
    assert diff["roles"]["body"]["rows_delta"] == new_n - old_n and diff["roles"]["body"]["n_words_delta"] == new_w - old_w
    assert any(CHANGED_FROM in (s["old"] or "") and CHANGED_TO in (s["new"] or "") for s in diff["samples"])
    assert diff["schema_changes"] == []
    changelog = (releases / "r2" / "CHANGELOG.md").read_text()
    assert changelog == changelog_markdown(diff_releases(releases / "r1", releases / "r2", "r1", "r2"))
    assert "005_geneva_talks.txt" in changelog and "tangible and lasting results" in changelog
    assert main(["diff", "latest", str(releases / "r1"), "--releases", str(releases)]) == 0  # folders and 'latest' work too
    assert "Against release r2" in capsys.readouterr().out
    assert main(["diff", "r1", "nope", "--releases", str(releases)]) == 2


def _paragraph_tamper(kind):
    def mojibake(t):
        return _set_text(t, 0, t["text"][0].as_py().replace("e", "Ã©", 1))

    def tofu(t):
        return _set_text(t, 1, t["text"][1].as_py() + " Kerry□s view")

    def null_text(t):
        schema = t.schema.set(t.schema.get_field_index("text"), pa.field("text", pa.string(), nullable=True))
        texts = t["text"].to_pylist()
        texts[2] = None
        return t.cast(schema).set_column(t.schema.get_field_index("text"), schema.field("text"), pa.array(texts, pa.string()))

    def dropped_column(t):
        return t.drop_columns(["role"])

    def duplicate_key(t):
        return pa.concat_tables([t, t.slice(0, 1)])

    return {"mojibake": mojibake, "tofu": tofu, "null_text": null_text, "dropped_column": dropped_column,
            "duplicate_key": duplicate_key}[kind]


def _set_text(t, row, value):
    texts = t["text"].to_pylist()
    texts[row] = value
    i = t.schema.get_field_index("text")
    return t.set_column(i, t.schema.field("text"), pa.array(texts, pa.string()))


# tamper kind -> the check that must fail
TAMPER_CASES = {"mojibake": "expectations", "tofu": "expectations", "null_text": "schema",
                "dropped_column": "schema", "duplicate_key": "key"}


@pytest.mark.parametrize("kind", sorted(TAMPER_CASES))
def test_content_broken_behind_an_honest_checksum_fails_validation(two_releases, tmp_path, capsys, kind):
    releases, _, _ = two_releases
    copy = tmp_path / "r2"
    shutil.copytree(releases / "r2", copy)
    path = copy / "paragraphs.parquet"
    pq.write_table(_paragraph_tamper(kind)(pq.read_table(path)), path)
    manifest = json.loads((copy / "manifest.json").read_text())
    entry = next(f for f in manifest["files"] if f["table"] == "paragraphs")
    entry["sha256"], entry["rows"] = file_sha256(path), pq.read_metadata(path).num_rows  # the checksum is honest
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert main(["validate", "--json", str(copy)]) == 1
    failed = {(r["table"], r["check"]) for r in json.loads(capsys.readouterr().out) if not r["passed"]}
    assert ("paragraphs", TAMPER_CASES[kind]) in failed
    assert ("paragraphs", "checksum") not in failed and all(t == "paragraphs" for t, _ in failed)


def test_a_modified_file_fails_the_checksum(two_releases, tmp_path, capsys):
    releases, _, _ = two_releases
    copy = tmp_path / "r1"
    shutil.copytree(releases / "r1", copy)
    with (copy / "rejects.parquet").open("ab") as f:
        f.write(b"x")
    assert main(["validate", str(copy)]) == 1
    assert "rejects" in capsys.readouterr().out
