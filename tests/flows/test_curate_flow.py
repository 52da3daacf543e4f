"""End to end: the curate and release flows on the seeds plus bad inputs, read back from the tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from textmill.release import ReleaseRefused, file_sha256
from textmill.tables import read_table, table_version

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
HTML_PAGE = Path(__file__).resolve().parents[2] / "tests" / "cases" / "boilerplate_heldout" / "html" / "en01.html"
SEED_DEFECTS = ["□", "\\$", "Leave a Reply", "Print Friendly", "Kaynak/Source", "Pence says he believes",
                "USA Freedom Kids", "15/07/2016 21:13", "by admin", "PHOTO: REUTERS", "CNN.?"]


def _curate_flow():
    """The curate flow on the thread runner: a handful of documents does not pay for worker
    processes that each import the pipeline (seconds of CPU each on a 2-core CI machine). The
    process runner (the default) runs in the CLI tests (test_exit_codes, test_cli_end_to_end), and
    tables do not depend on the runner (test_dask_runner)."""
    from textmill.config import RunConfig
    from textmill.flows import curate_flow, task_runner

    return curate_flow.with_options(task_runner=task_runner(RunConfig(runner="thread")))


def _bad_inputs(folder: Path) -> int:
    folder.mkdir(parents=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes(
        "Zürich correspondent\n\nLe ministre a déclaré jeudi que les négociations étaient difficiles, mais pas impossibles, "
        "et qu'il espérait un accord avant la fin du mois à Genève.\n".encode("cp1252"))
    (folder / "truncated.html").write_bytes(b"<html><head><title>x</title></head><body><div><p>Trunc")
    records = [
        json.dumps({"id": "r1", "text": "Headline here\n\nThe minister said on Monday that talks would resume next week in Geneva, officials confirmed.", "url": "https://example.org/a"}),
        "{this is not json",
        json.dumps({"id": "r3"}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(records) + "\n")
    return 4 + len(records)


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    curate_flow = _curate_flow()

    root = tmp_path_factory.mktemp("e2e")
    shutil.copytree(SEEDS, root / "seeds")
    n_bad = _bad_inputs(root / "bad")
    (root / "web").mkdir()
    shutil.copy(HTML_PAGE, root / "web" / "council.html")
    tables = root / "tables"
    summary = curate_flow(paths=[str(root / "seeds"), str(root / "bad"), str(root / "web")], tables_dir=str(tables))
    return root, tables, summary, 6 + n_bad


def test_every_input_ends_in_exactly_one_table(curated):
    _, tables, summary, n_inputs = curated
    docs = read_table(tables, "documents")
    rejects = read_table(tables, "rejects")
    assert summary["inputs"] == n_inputs
    assert docs.num_rows + rejects.num_rows == n_inputs
    assert not set(docs["doc_id"].to_pylist()) & set(rejects["reject_id"].to_pylist())
    reasons = {Path(k).name.split("#")[0] + ("#" + k.split("#")[1] if "#" in k else ""): r
               for k, r in zip(rejects["source_key"].to_pylist(), rejects["reason"].to_pylist())}
    assert reasons == {"empty.txt": "empty", "binary.txt": "binary", "truncated.html": "no_article_text",
                       "feed.jsonl#L2": "malformed_json", "feed.jsonl#r3": "missing_field"}
    assert all(rejects["message"].to_pylist())


def test_each_seed_is_one_titled_document_without_visible_defects(curated):
    _, tables, _, _ = curated
    docs = read_table(tables, "documents").to_pylist()
    seeds = [d for d in docs if d["source_key"].startswith("seeds/")]
    assert len(seeds) == 5 and all(d["title"] for d in seeds)
    paragraphs = read_table(tables, "paragraphs").to_pylist()
    seed_ids = {d["doc_id"] for d in seeds}
    article = [p["text"] for p in paragraphs if p["doc_id"] in seed_ids and p["role"] in ("body", "heading")]
    for defect in SEED_DEFECTS:
        assert not [t for t in article if defect in t], defect
    removed_rules = {r["rule"] for r in read_table(tables, "removed").to_pylist()}
    assert {"widget", "related_links", "source_footer", "duplicate_caption"} <= removed_rules


def test_paragraph_offsets_index_the_document_text(curated):
    _, tables, _, _ = curated
    texts = {d["doc_id"]: d["text"] for d in read_table(tables, "documents").to_pylist()}
    checked = 0
    for p in read_table(tables, "paragraphs").to_pylist():
        if p["role"] in ("body", "heading"):
            assert texts[p["doc_id"]][p["char_start"]:p["char_end"]] == p["text"]
            checked += 1
        else:
            assert p["char_start"] is None and p["char_end"] is None
    assert checked > 100


def test_html_page_keeps_the_article_and_records_what_the_extractor_dropped(curated):
    _, tables, _, _ = curated
    (doc,) = [d for d in read_table(tables, "documents").to_pylist() if d["source_key"] == "web/council.html"]
    assert doc["source_format"] == "html" and "library" in doc["text"] and "Skip to main content" not in doc["text"]
    removed = [r for r in read_table(tables, "removed").to_pylist() if r["doc_id"] == doc["doc_id"]]
    extract = {r["text"] for r in removed if r["stage"] == "extract"}
    assert {"Skip to main content", "Most Read", "Reply"} <= extract
    # left out by trafilatura (and the block model agreed), or dropped by the block model
    assert {r["rule"] for r in removed if r["stage"] == "extract"} <= {"html_extractor", "html_block_classifier"}
    assert doc["lines_removed"] == len(removed)


def test_latin1_file_is_decoded_and_kept(curated):
    _, tables, _, _ = curated
    (doc,) = [d for d in read_table(tables, "documents").to_pylist() if d["source_key"].endswith("latin1.txt")]
    assert doc["encoding"] != "utf_8" and "négociations" in doc["text"] and doc["language"] == "fr"


def test_rerun_commits_nothing_and_release_is_idempotent(curated):
    from textmill.flows import release_flow

    curate_flow = _curate_flow()

    root, tables, _, n_inputs = curated
    before = {t: table_version(tables, t) for t in ("documents", "paragraphs", "removed", "rejects", "minhash", "template_lines")}
    runs_before = read_table(tables, "runs").num_rows
    again = curate_flow(paths=[str(root / "seeds"), str(root / "bad"), str(root / "web")], tables_dir=str(tables))
    assert again["unchanged"] == n_inputs and again["documents"] == 0
    assert {t: table_version(tables, t) for t in before} == before
    runs = read_table(tables, "runs").to_pylist()
    assert len(runs) == runs_before + 1  # the run log records the no-op run, and only it changes
    last = next(r for r in runs if r["run_id"] == again["run_id"])
    assert last["n_unchanged"] == n_inputs and last["n_documents_written"] == 0 and last["finished_at"] >= last["started_at"]

    releases = root / "releases"
    first = release_flow(tables_dir=str(tables), releases_dir=str(releases), version="v1")
    assert first["status"] == "published"
    manifest = json.loads((releases / "v1" / "manifest.json").read_text())
    for f in manifest["files"]:
        path = releases / "v1" / f["path"]
        assert file_sha256(path) == f["sha256"] and pq.read_metadata(path).num_rows == f["rows"]
    assert {f["table"] for f in manifest["files"]} == {"documents", "paragraphs", "removed", "rejects"}
    card = (releases / "v1" / "README.md").read_text()
    assert card.startswith("---\n") and "## Data dictionary" in card and "`paragraph_id`" in card
    assert release_flow(tables_dir=str(tables), releases_dir=str(releases))["status"] == "unchanged"


def test_changed_input_replaces_its_rows_and_other_release_is_refused(curated):
    curate_flow = _curate_flow()
    from textmill.release import publish_release

    root, tables, _, _ = curated
    releases = root / "releases"
    if not (releases / "v1").exists():
        publish_release(str(tables), str(releases), "v1")
    target = root / "seeds" / "001_a9b3127d8fad374b.txt"
    text = target.read_text()
    target.write_text(text.replace("The Obama administration has few alternatives to working with Russia right now.\n\n", ""))
    summary = curate_flow(paths=[str(root / "seeds")], tables_dir=str(tables))
    assert summary["documents"] == 1 and summary["unchanged"] == 4
    paragraphs = read_table(tables, "paragraphs").to_pylist()
    doc_paras = [p for p in paragraphs if p["paragraph_id"].startswith(summary_doc_id(tables, "001_a9b3127d8fad374b.txt"))]
    assert [p["position"] for p in sorted(doc_paras, key=lambda p: p["position"])] == list(range(len(doc_paras)))
    assert not any("few alternatives" in p["text"] for p in doc_paras)
    with pytest.raises(ReleaseRefused):
        publish_release(str(tables), str(releases), "v1")
    assert publish_release(str(tables), str(releases))["status"] == "published"


def summary_doc_id(tables, name):
    (doc,) = [d for d in read_table(tables, "documents").to_pylist() if d["source_key"].endswith(name)]
    return doc["doc_id"]


def test_every_flow_module_imports():
    import textmill.cli
    import textmill.flows

    assert textmill.flows.curate_flow.name == "textmill-curate" and callable(textmill.cli.main)


def test_near_duplicate_across_runs_joins_the_cluster_with_one_first_member(curated):
    curate_flow = _curate_flow()

    root, tables, _, _ = curated
    original = next(line for line in (SEEDS / "000_da570f2f14f4b68e.txt").read_text().splitlines() if line.startswith("Much of Washington"))
    seed_para = original.replace("The U.S. doesn't", "The US does not")  # a lightly edited wire copy
    assert seed_para != original
    feed = root / "later" / "wire.jsonl"
    feed.parent.mkdir()
    feed.write_text(json.dumps({"id": "w1", "title": "Wire copy", "text": "Wire copy\n\n" + seed_para + "\n\nA second paragraph of the wire story follows here, and it says something else entirely about the talks."}) + "\n")
    summary = curate_flow(paths=[str(feed)], tables_dir=str(tables))
    assert summary["documents"] == 1
    paragraphs = read_table(tables, "paragraphs").to_pylist()
    from textmill.repair import repair_text

    (new,) = [p for p in paragraphs if p["text"] == repair_text(seed_para)]  # the raw line has a □ for a dash
    members = [p for p in paragraphs if p["dup_cluster"] == new["dup_cluster"]]
    assert len(members) == 2 and {m["doc_id"] for m in members} >= {new["doc_id"]}
    by_cluster = {}
    for p in paragraphs:
        by_cluster.setdefault(p["dup_cluster"], []).append(p)
    for cluster, rows in by_cluster.items():
        firsts = [r for r in rows if r["is_first_in_cluster"]]
        assert len(firsts) == 1 and firsts[0]["paragraph_id"] == min(r["paragraph_id"] for r in rows)
        assert cluster == firsts[0]["text_hash"]


def _site_page(i: int) -> str:
    topic = ["budget", "pier repairs", "mooring fees", "summer ferry timetable"][i]
    return (f"Harbour council approves {topic}\n\n"
            f"The harbour council voted on Tuesday to approve the budget for the coming year, after a debate that lasted {i + 2} hours.\n\n"
            "Bugle Newsroom Weekend Edition\n\n"
            f"Members said the plan would repair the old pier and add {i + 3} new moorings before the summer season begins.\n")


def test_site_template_statistics_accumulate_across_runs(tmp_path):
    curate_flow = _curate_flow()

    site, tables = tmp_path / "bugle", tmp_path / "tables"
    site.mkdir()
    for i in range(2):
        (site / f"p{i}.txt").write_text(_site_page(i))
    first = curate_flow(paths=[str(site)], tables_dir=str(tables))
    assert "template_line" not in first["removed_by_rule"]  # 2 documents are not a template yet
    for i in range(2, 4):
        (site / f"p{i}.txt").write_text(_site_page(i))
    second = curate_flow(paths=[str(site)], tables_dir=str(tables))
    assert second["documents"] == 2 and second["unchanged"] == 2
    assert second["removed_by_rule"].get("template_line") == 2  # 4 of 4 documents of the site carry it
    lines = read_table(tables, "template_lines").to_pylist()
    assert {r["doc_id"] for r in lines if r["line_key"] == "bugle newsroom weekend edition"} == \
        {d["doc_id"] for d in read_table(tables, "documents").to_pylist()}
