"""A generated corpus of bad inputs: each one ends as a document, a reject with its reason, or a
listed skip with its reason, and none stops the shard. Generated in a temp folder (no binaries
committed); `EXPECTED` is the labelled outcome of every entry, negatives (good files) included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from textmill.config import PipelineConfig
from textmill.ingest import SKIP_REASONS, discover, escape_name, stable_id
from textmill.pipeline import process_shard, template_keys_of_files

ARTICLE = ("Pier plan approved\n\nThe council voted on Tuesday to approve the budget for next year, officials said.\n\n"
           "Members said the plan would repair the old pier before the summer season begins.\n")
NON_UTF8_NAME = b"caf\xe9-latin1-name.txt"  # a Latin-1 file name: not valid UTF-8

# entry (path under in/) -> (outcome, reason): document | reject | skipped
EXPECTED = {
    "good.txt": ("document", None),
    "caf%E9-latin1-name.txt": ("document", None),  # the invalid byte kept as %E9 in the key
    "linked-file.txt": ("document", None),  # a link to a file is read
    "no-text.html": ("reject", "no_text"),
    "empty.txt": ("reject", "empty"),
    "binary.txt": ("reject", "binary"),
    "vanished.txt": ("reject", "vanished"),  # deleted between discovery and reading
    "now-a-folder.txt": ("reject", "unreadable"),  # replaced by a folder between discovery and reading
    "..hidden.txt": ("skipped", "hidden"),
    ".git": ("skipped", "hidden"),
    "dangling.txt": ("skipped", "dangling_link"),
    "loop.txt": ("skipped", "symlink_loop"),
    "linked-folder": ("skipped", "linked_folder"),
    "pipe.txt": ("skipped", "not_a_regular_file"),
    "notes.md": ("ignored", None),
}


def make_bad_corpus(root: Path) -> Path:
    """Write the corpus; returns the input folder. Two entries are broken after discovery."""
    folder = root / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "sub" / "target.txt").write_text(ARTICLE.replace("Tuesday", "Monday"), encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), NON_UTF8_NAME), "wb") as f:
        f.write(ARTICLE.replace("Tuesday", "Friday").encode())
    os.symlink(folder / "sub" / "target.txt", folder / "linked-file.txt")
    (folder / "no-text.html").write_text("<html><body><script>go()</script></body></html>", encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "vanished.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "now-a-folder.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "..hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    os.symlink(folder / "sub", folder / "linked-folder")
    os.mkfifo(folder / "pipe.txt")
    (folder / "notes.md").write_text("not an input", encoding="utf-8")
    return folder


def _break_after_discovery(folder: Path) -> None:
    (folder / "vanished.txt").unlink()
    (folder / "now-a-folder.txt").unlink()
    (folder / "now-a-folder.txt").mkdir()


def test_every_bad_input_ends_where_its_label_says_and_none_stops_the_shard(tmp_path):
    folder = make_bad_corpus(tmp_path)
    found = discover([str(folder)])
    _break_after_discovery(folder)
    config = PipelineConfig()
    first = template_keys_of_files(found.files, config)  # pass 1 survives the broken files too
    result = process_shard(found.files, config, prepared=first.prepared)
    outcomes = {}
    for doc in result.documents:
        outcomes[doc["source_key"].removeprefix("in/")] = ("document", None)
    for rej in result.rejects:
        outcomes[rej["source_key"].removeprefix("in/")] = ("reject", rej["reason"])
    for path, reason in found.skipped:
        outcomes[Path(path).name] = ("skipped", reason)
    for path in found.ignored:
        outcomes[Path(path).name] = ("ignored", None)
    outcomes.pop("sub/target.txt")  # the link target, a plain document
    assert outcomes == EXPECTED
    assert {reason for _, reason in found.skipped} <= set(SKIP_REASONS)  # every reason is a registered one
    assert result.n_inputs == len(result.documents) + len(result.rejects)


def test_a_non_utf8_name_keeps_its_bytes_escaped_in_key_uri_and_id(tmp_path):
    folder = make_bad_corpus(tmp_path)
    found = discover([str(folder)])
    item = next(f for f in found.files if "latin1" in f.key)
    assert item.key == "in/caf%E9-latin1-name.txt" and os.fsencode(item.path).endswith(NON_UTF8_NAME)
    doc = next(d for d in process_shard([item], PipelineConfig()).documents)
    assert doc["doc_id"] == stable_id("in/caf%E9-latin1-name.txt") and doc["source_uri"].endswith("caf%E9-latin1-name.txt")
    assert escape_name("plain-name.txt") == "plain-name.txt"  # valid names are untouched


def _two_articles(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE.replace("Pier", "Bridge"), encoding="utf-8")
    return discover([str(folder)]).files


def test_an_unforeseen_exception_on_one_record_is_an_internal_error_reject(tmp_path, monkeypatch):
    import textmill.pipeline as pipeline

    files = _two_articles(tmp_path)
    real = pipeline.rule_pass

    def broken_on_bridges(text, *args, **kwargs):
        if "Bridge" in text:
            raise KeyError("a bug nobody foresaw")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "rule_pass", broken_on_bridges)
    result = process_shard(files, PipelineConfig())
    assert [d["source_key"] for d in result.documents] == ["in/a.txt"]
    assert [(r["source_key"], r["stage"], r["reason"]) for r in result.rejects] == [("in/b.txt", "process", "internal_error")]
    assert "KeyError" in result.rejects[0]["message"]


def test_a_record_that_breaks_the_batched_classifier_is_the_only_reject(tmp_path, monkeypatch):
    """The line classifier runs over a batch of records; when the batch fails, each record is
    classified alone, so only the record that breaks it is rejected."""
    import textmill.pipeline as pipeline

    files = _two_articles(tmp_path)
    real = pipeline.classify_pages

    def broken_on_bridges(pages):
        if any("Bridge" in p.text for p in pages):
            raise FloatingPointError("a bug nobody foresaw")
        return real(pages)

    monkeypatch.setattr(pipeline, "classify_pages", broken_on_bridges)
    result = process_shard(files, PipelineConfig())
    assert [d["source_key"] for d in result.documents] == ["in/a.txt"]
    assert [(r["source_key"], r["reason"]) for r in result.rejects] == [("in/b.txt", "internal_error")]
    assert "FloatingPointError" in result.rejects[0]["message"]


@pytest.mark.parametrize("reason", ["vanished", "unreadable"])
def test_a_jsonl_file_that_cannot_be_opened_is_one_reject(tmp_path, reason):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "part.jsonl").write_text('{"id": "1", "text": "x"}\n', encoding="utf-8")
    found = discover([str(folder)])
    (folder / "part.jsonl").unlink()
    if reason == "unreadable":
        (folder / "part.jsonl").mkdir()
    result = process_shard(found.files, PipelineConfig())
    assert [(r["source_key"], r["reason"]) for r in result.rejects] == [("in/part.jsonl", reason)]
