"""Pass 2 reuses pass 1's prepared text only for the same bytes; both passes agree; what a shard's
validation keeps."""

from __future__ import annotations

import dataclasses

from textmill.config import PipelineConfig
from textmill.ingest import discover, stable_id
from textmill.pipeline import process_shard, template_keys_of_files
from textmill.staging import quarantine

BODY = ("The council voted on Tuesday to approve the budget for next year, officials said.\n\n"
        "Members said the plan would repair the old pier before the summer season begins.\n")


def test_prepared_text_is_used_for_the_same_bytes_and_ignored_otherwise(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Pier plan approved\n\n" + BODY)
    files = discover([str(tmp_path / "in")]).files
    config = PipelineConfig()
    first = template_keys_of_files(files, config)
    doc_id = stable_id("in/a.txt")
    plain = process_shard(files, config, prepared=first.prepared)
    assert plain.documents[0]["text"] == process_shard(files, config).documents[0]["text"]

    marked = dataclasses.replace(first.prepared[doc_id], text=first.prepared[doc_id].text.replace("old pier", "new pier"))
    used = process_shard(files, config, prepared={doc_id: marked})
    assert "new pier" in used.documents[0]["text"]
    stale = dataclasses.replace(marked, source_sha256="0" * 64)  # the file changed since pass 1
    assert "old pier" in process_shard(files, config, prepared={doc_id: stale}).documents[0]["text"]


def test_a_page_without_main_text_is_a_reject_in_both_passes_not_a_crash(tmp_path):
    # every real crawl has such pages: only scripts, or a shell filled in by JavaScript
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "script.html").write_text("<html><head><script>var x = 1;</script></head><body><script>go()</script></body></html>")
    (tmp_path / "in" / "a.txt").write_text("Pier plan approved\n\n" + BODY)
    files = discover([str(tmp_path / "in")]).files
    config = PipelineConfig()
    first = template_keys_of_files(files, config)
    assert list(first.prepared) == [stable_id("in/a.txt")]
    result = process_shard(files, config, prepared=first.prepared)
    assert [d["source_key"] for d in result.documents] == ["in/a.txt"]
    assert [(r["source_key"], r["stage"], r["reason"]) for r in result.rejects] == [("in/script.html", "extract", "no_text")]


def test_decode_repairs_reach_the_documents_row(tmp_path):
    """Bytes the decode stage repaired are counted in repairs (invalid_bytes) with the text
    repairs, and documents.encoding says what was used."""
    (tmp_path / "in").mkdir()
    damaged = ("Pier plan approved\n\n" + BODY.replace("budget", "budget —")).replace("the old pier", "the mayor\x00s pier").encode()
    damaged = damaged.replace(b"\x00", b"\x92")  # a pasted cp1252 apostrophe in UTF-8 text
    (tmp_path / "in" / "a.txt").write_bytes(damaged)
    (doc,) = process_shard(discover([str(tmp_path / "in")]).files, PipelineConfig()).documents
    assert doc["encoding"] == "utf_8" and "the mayor’s pier" in doc["text"]
    repairs = {r["fix"]: r["count"] for r in doc["repairs"]}
    assert repairs["invalid_bytes"] == 1 and doc["n_repairs"] == sum(repairs.values())
    assert [r["fix"] for r in doc["repairs"]] == sorted(repairs)


def test_pass_two_takes_the_records_pass_one_read(tmp_path, monkeypatch):
    """Each input is read and decoded once per run: pass 2 gets pass 1's records (without the
    content of those it prepared), and its rows equal a pass 2 that reads the files itself."""
    import textmill.pipeline as pipeline

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Pier plan approved\n\n" + BODY)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "script.html").write_text("<html><body><script>go()</script></body></html>")
    files = discover([str(tmp_path / "in")]).files
    config = PipelineConfig()
    first = template_keys_of_files(files, config)
    assert [r.content for r, _, _ in first.records if hasattr(r, "content") and r.source_key == "in/a.txt"] == [""]
    reread = process_shard(files, config, prepared=first.prepared)
    monkeypatch.setattr(pipeline, "read_file", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read again")))
    taken = process_shard(files, config, prepared=first.prepared, records=first.records)
    for table in ("documents", "paragraphs", "removed", "rejects", "minhash"):
        assert getattr(taken, table) == getattr(reread, table), table
    assert taken.n_inputs == reread.n_inputs == 3 and len(taken.rejects) == 2


def test_a_character_lost_in_the_source_is_kept_and_the_page_is_not_rejected(tmp_path):
    """A real page quoting "La Belle et la B\ufffdte" (its U+FFFD came with it): repair cannot
    know the letter and keeps the mark; validation accepts it, so the article is not lost."""
    (tmp_path / "in").mkdir()
    text = "Cocteau film restored\n\n" + BODY + "\nThe festival opens with La Belle et la B\ufffdte, restored last year.\n"
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    result = process_shard(discover([str(tmp_path / "in")]).files, PipelineConfig())
    quarantine(result)  # the shard task's validation
    assert result.rejects == []
    (doc,) = result.documents
    assert "La Belle et la B\ufffdte" in doc["text"]


def _link_list_page(n_links: int) -> str:
    """A page whose article is a list of links in one table cell (a links page): trafilatura
    returns it as one link block, which the structure rules drop."""
    links = "<br>".join(f"<a href='/p{k}'>Guide number {k} to the rivers and lakes</a>" for k in range(n_links))
    return f"<html><head><title>Useful sites</title></head><body><table><tr><td>{links}</td></tr></table></body></html>"


def test_an_html_page_the_structure_rules_empty_is_retried_as_plain_text(tmp_path):
    """A page left with no article text is segmented once more without trafilatura's block
    structure when it has [segment] html_plain_retry_min_words words (100); below, it is a reject."""
    config = PipelineConfig()
    for n_links, kept in ((16, True), (10, False)):  # 8 words a link
        folder = tmp_path / str(n_links)
        folder.mkdir()
        (folder / "links.html").write_text(_link_list_page(n_links))
        files = discover([str(folder)]).files
        never = dataclasses.replace(config, segment=dataclasses.replace(config.segment, html_plain_retry_min_words=10**6))
        assert [(r["stage"], r["reason"]) for r in process_shard(files, never).rejects] == [("segment", "no_article_text")]
        result = process_shard(files, config)
        assert bool(result.documents) == kept and len(result.documents) + len(result.rejects) == 1
        if kept:
            assert "Guide number 3 to the rivers" in result.documents[0]["text"]
