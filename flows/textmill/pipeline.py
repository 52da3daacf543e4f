"""One record -> table rows, and one shard of inputs -> staged rows. Plain Python, no Prefect.

A raw record goes through the stages
    (HTML: extract) -> repair -> segment (boilerplate, roles, metadata) -> signals -> rows
in three steps (`rule_record`, the line classifier over a batch of records, `record_rows`), which
raise `RecordError` when the record cannot become a document, so that the caller turns it into a
rejects row. `process_shard` runs them over a shard's files and returns the rows of all four
tables plus counts; the Prefect task around it only stages the result.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from itertools import groupby
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from textmill.config import PipelineConfig
from textmill.dedup import band_keys_many
from textmill.errors import InternalRecordError, RecordError
from textmill.ingest import InputFile, RawRecord, Rejected, read_file, stable_id, url_host
from textmill.repair import explain_repair
from textmill.segment import RuledPage, SegmentedDocument, SourceHint, classify_pages, finish, rule_pass
from textmill.signals import detect_language, paragraph_signals_many, text_hash
from textmill.texttables import table_row_numbers

ARTICLE_ROLES = ("heading", "body")


@dataclass
class DocumentRows:
    document: dict
    paragraphs: list[dict]
    removed: list[dict]


@dataclass
class ShardResult:
    documents: list[dict] = field(default_factory=list)
    paragraphs: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    minhash: list[dict] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # ids of inputs skipped as already up to date
    n_inputs: int = 0
    n_bytes: int = 0
    removed_by_rule: Counter = field(default_factory=Counter)
    rejects_by_reason: Counter = field(default_factory=Counter)
    repairs_by_fix: Counter = field(default_factory=Counter)
    validation: dict = field(default_factory=dict)  # filled by staging.quarantine
    # staging.quarantine's Arrow tables of documents/paragraphs/removed when it moved no document
    # to rejects (then they are exactly the rows above, cast); staging.stage_shard writes them
    arrow: dict = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Prepared:
    """A record after extraction and repair: what both passes need, computed once (pass 1)."""

    source_sha256: str
    text: str  # repaired text
    fixes: tuple[tuple[str, int], ...]
    hint: SourceHint
    url: str | None
    # HTML: every page block left out before segmentation, (block number, text, rule)
    extractor_drops: tuple[tuple[int, str, str], ...]


def prepare_record(record: RawRecord, config: PipelineConfig) -> Prepared:
    """Extract (HTML) and repair one record (or raise RecordError)."""
    text, hint, url, drops = _text_and_hint(record, config)
    repaired = explain_repair(text, config.repair)
    fixes = Counter(dict(repaired.fixes))
    fixes.update(dict(record.decode_fixes))  # bytes repaired by the decode stage, same column
    return Prepared(record.source_sha256, repaired.text, tuple(sorted(fixes.items())), hint, url, drops)


def rule_record(record: RawRecord, config: PipelineConfig, templates=None,
                prepared: Prepared | None = None) -> tuple[Prepared, RuledPage]:
    """Extract and repair (unless `prepared` already holds it) and run the segmenter's rule passes:
    the first of a record's three steps (then the line classifier over a batch of records,
    :func:`textmill.segment.classify_pages`, then :func:`record_rows`)."""
    if prepared is None or prepared.source_sha256 != record.source_sha256:
        prepared = prepare_record(record, config)
    return prepared, rule_pass(prepared.text, prepared.hint, config.segment, templates)


def record_rows(record: RawRecord, prepared: Prepared, ruled: RuledPage, config: PipelineConfig,
                fingerprint: str, signals_memo: dict | None = None) -> DocumentRows:
    """The rows of a record whose units are all decided (or RecordError: nothing left).
    ``signals_memo`` (one dict per shard) measures a paragraph seen before in the shard once."""
    doc_id = stable_id(record.source_key)
    segmented = finish(ruled)
    record = dataclasses.replace(record, source_group=prepared.hint.source_group)
    article = [p for p in segmented.paragraphs if p.role in ARTICLE_ROLES]
    if not article:
        raise RecordError("segment", "no_article_text", f"no heading or body paragraph left after boilerplate removal ({len(segmented.removed)} lines removed)")
    rows = _rows(record, doc_id, segmented, prepared.fixes, config, fingerprint, prepared.url, signals_memo)
    if prepared.extractor_drops:
        rows.removed[:0] = [{"doc_id": doc_id, "stage": "extract", "line_no": n, "text": t, "rule": rule}
                            for n, t, rule in prepared.extractor_drops]
        rows.document["lines_removed"] = len(rows.removed)
    return rows


def _text_and_hint(record: RawRecord, config: PipelineConfig) -> tuple[str, SourceHint, str | None, tuple]:
    """The text to segment, what the segmenter is told about it, the URL and (HTML) the page
    blocks left out: trafilatura's extraction, then the DOM-block classifier's verdicts
    (:mod:`textmill.htmlblocks`; every block left out is returned, so it is recorded)."""
    if not record.is_html:
        return record.content, text_hint(record.content, record.source_format, record.source_group, record.title,
                                         record.url), record.url, ()
    from textmill.html import extract_html
    from textmill.htmlblocks import decide_page, page_stoplist

    extracted = extract_html(record.content, url=record.url)  # raises HtmlExtractionError, a RecordError
    url = record.url or extracted.url
    page = decide_page(extracted.tree, extracted.text, extracted.structure,
                       page_stoplist(extracted.text, config.segment.language), config.segment.html_block_model)
    extracted = dataclasses.replace(extracted, text=page.text, structure=page.structure, tree=None)
    return extracted.text, html_hint(extracted, url_host(url) or record.source_group, record.title), url, page.drops


def text_hint(raw_text: str, source_format: str, source_group: str, title: str | None = None,
              url: str | None = None) -> SourceHint:
    """What an unrepaired plain text tells the segmenter besides its words: its tables (and
    the record's title and URL)."""
    return SourceHint(source_format, source_group, title=title, url=url, table_rows=table_row_numbers(raw_text),
                      metadata_source=(("title", "record title"),) if title else ())


def html_hint(extracted, source_group: str, title: str | None = None) -> SourceHint:
    """What an extracted HTML page tells the segmenter: metadata and the block structure.
    ``title`` (given by the record) wins over the page's own."""
    sources = dict(extracted.metadata_source)
    if title:
        sources["title"] = "record title"
    return SourceHint("html", source_group, title=title or extracted.title, url=extracted.url, published_date=extracted.published_date,
                      authors=tuple(extracted.authors), structure=extracted.structure,
                      metadata_source=tuple(sources.items()), agency=extracted.agency)


def _rows(record: RawRecord, doc_id: str, seg: SegmentedDocument, fixes, config: PipelineConfig, fingerprint: str, url: str | None,
          signals_memo: dict | None = None) -> DocumentRows:
    article_text = seg.article_text()
    languages = tuple(config.signals.languages)
    # ~600 characters (a few sentences) identify a language as reliably as the whole text at a
    # fraction of the cost (a detector's time grows linearly with the text)
    detector = config.signals.detector
    doc_language = detect_language(article_text[:600], languages, detector=detector)
    paragraphs, offset, article_words = [], 0, 0
    signals = paragraph_signals_many([p.text for p in seg.paragraphs], languages, doc_language, detector, signals_memo)
    for p, sig in zip(seg.paragraphs, signals):
        in_article = p.role in ARTICLE_ROLES
        start = offset if in_article else None
        if in_article:
            offset += len(p.text) + 2  # paragraphs are joined by "\n\n" in article_text()
            article_words += sig.n_words
        paragraphs.append({
            "paragraph_id": f"{doc_id}-{p.position:04d}", "doc_id": doc_id, "position": p.position, "role": p.role,
            "text": p.text, "char_start": start, "char_end": start + len(p.text) if in_article else None,
            "line_start": p.line_start, "line_end": p.line_end, "n_chars": sig.n_chars, "n_words": sig.n_words,
            "n_sentences": sig.n_sentences, "language": sig.language, "frac_alpha": sig.frac_alpha,
            "frac_upper": sig.frac_upper, "stopword_ratio": sig.stopword_ratio, "mean_word_length": sig.mean_word_length,
            "ends_with_punct": sig.ends_with_punct, "text_hash": sig.text_hash,
            # placeholders: clusters and first members are settled corpus-wide at commit (commit.py)
            "dup_cluster": sig.text_hash, "is_first_in_cluster": True,
        })
    removed = [{"doc_id": doc_id, "stage": "segment", "line_no": r.line_no, "text": r.text, "rule": r.rule} for r in seg.removed]
    meta = seg.metadata
    document = {
        "doc_id": doc_id, "source_key": record.source_key, "source_uri": record.source_uri,
        "source_format": record.source_format, "source_id": record.source_id, "source_sha256": record.source_sha256,
        "url": url, "source_group": record.source_group, "encoding": record.encoding, "title": meta.title, "authors": list(meta.authors),
        "published_date": meta.published_date, "dateline": meta.dateline, "agency": meta.agency,
        "metadata_source": {f: dict(meta.source).get(f) for f in ("title", "published_date", "authors")},
        "language": doc_language, "text": article_text, "n_paragraphs": len(paragraphs),
        # n_words = len(words(article_text)): a word never spans the "\n\n" joins, so the paragraphs' sum
        "n_words": article_words, "repairs": [{"fix": name, "count": n} for name, n in sorted(fixes)],
        "n_repairs": sum(n for _, n in fixes), "lines_removed": len(removed),
        "content_sha256": hashlib.sha256(article_text.encode("utf-8")).hexdigest(), "pipeline_fingerprint": fingerprint,
    }
    return DocumentRows(document, paragraphs, removed)


def reject_row(rej: Rejected, fingerprint: str) -> dict:
    return {
        "reject_id": stable_id(rej.source_key), "source_key": rej.source_key, "source_uri": rej.source_uri,
        "record_key": rej.record_key, "stage": rej.stage, "reason": rej.reason, "message": rej.message,
        "source_sha256": rej.source_sha256, "pipeline_fingerprint": fingerprint,
    }


def process_shard(files: Sequence[InputFile], config: PipelineConfig, known: Mapping[str, tuple[str | None, str]] | None = None,
                  templates=None, prepared: Mapping[str, Prepared] | None = None,
                  records: Sequence[tuple[RawRecord | Rejected, str, bool]] | None = None) -> ShardResult:
    """Process every record of `files`. Records whose (source_sha256, fingerprint) equal `known[id]`
    (what the tables already hold) are skipped as unchanged; every other record ends up in exactly
    one of documents or rejects. `prepared` (doc_id -> pass-1 result) saves extracting and
    repairing a record a second time; `records` (pass 1's `TemplatePass.records` of the same
    files) saves reading and decoding the files again.

    Records go through the rule passes one by one and through the line classifier in batches of
    about ``config.run.classifier_batch_units`` units; the rows come out in input order."""
    prepared = prepared or {}
    fingerprint = config.fingerprint()
    out = ShardResult(n_bytes=sum(f.size for f in files))
    batch: list = []  # in input order: a Rejected, or (record, Prepared, RuledPage)
    n_units = 0
    signals_memo: dict = {}  # (paragraph text, document language) -> its signals, for this shard
    for item, rid, unchanged in (records if records is not None else _records(files, config, known)):
        out.n_inputs += 1
        if unchanged:
            out.unchanged.append(rid)
            continue
        if not isinstance(item, Rejected):
            try:
                item = (item, *_guarded(rule_record, "process", item, config, templates, prepared.get(rid)))
                n_units += len(item[2].units)
            except RecordError as exc:
                item = _rejected(item, exc)
        batch.append(item)
        if n_units >= config.run.classifier_batch_units:
            _finish_batch(batch, out, config, fingerprint, signals_memo, templates)
            batch, n_units = [], 0
    _finish_batch(batch, out, config, fingerprint, signals_memo, templates)
    out.minhash = minhash_rows(out.paragraphs, config)
    return out


def _finish_batch(batch: list, out: ShardResult, config: PipelineConfig, fingerprint: str, signals_memo: dict,
                  templates=None) -> None:
    """Classify the batch's units at once, then add each record's rows or reject to `out`."""
    docs = [b for b in batch if isinstance(b, tuple)]
    try:
        classify_pages([ruled for _, _, ruled in docs])
    except Exception:  # noqa: BLE001 - isolate the record that broke it: classify one by one below
        pass
    for item in batch:
        if isinstance(item, Rejected):
            _add_reject(out, item, fingerprint)
            continue
        record, prep, ruled = item
        try:
            _guarded(classify_pages, "process", [ruled])  # a no-op once the batch decided it
            rows = _guarded(record_rows, "process", record, prep, ruled, config, fingerprint, signals_memo)
        except RecordError as exc:
            rows = _plain_retry(exc, record, prep, config, fingerprint, signals_memo, templates)
            if rows is None:
                _add_reject(out, _rejected(record, exc), fingerprint)
                continue
        out.documents.append(rows.document)
        out.paragraphs.extend(rows.paragraphs)
        out.removed.extend(rows.removed)
        out.removed_by_rule.update(r["rule"] for r in rows.removed)
        for fix in rows.document["repairs"]:
            out.repairs_by_fix[fix["fix"]] += fix["count"]


def _plain_retry(exc: RecordError, record: RawRecord, prep: Prepared, config: PipelineConfig, fingerprint: str,
                 signals_memo: dict, templates) -> DocumentRows | None:
    """An HTML page left with no article text, segmented once more without trafilatura's block
    structure (as plain text: link blocks and list rules no longer drop it whole); None when
    that leaves nothing either, or the page is not one to retry.

    Why: on the dev pages, an article that is a list of links (a page of annotated links, a
    link-list column) is all link blocks and loses every line to the structure rules, which
    rejected the page. Only a page with at least ``[segment] html_plain_retry_min_words`` words
    is retried: a page of a dozen words that the rules emptied is a menu or a stub, and junk
    kept from it is worse than a reject."""
    if (exc.reason != "no_article_text" or not prep.hint.structure
            or len(prep.text.split()) < config.segment.html_plain_retry_min_words):
        return None
    plain = dataclasses.replace(prep, hint=dataclasses.replace(prep.hint, structure=()))
    try:
        ruled = _guarded(rule_pass, "process", plain.text, plain.hint, config.segment, templates)
        _guarded(classify_pages, "process", [ruled])
        return _guarded(record_rows, "process", record, plain, ruled, config, fingerprint, signals_memo)
    except RecordError:
        return None


def _rejected(record: RawRecord, exc: RecordError) -> Rejected:
    return Rejected(record.source_key, record.source_uri, exc.stage, exc.reason, exc.message, record.source_id,
                    record.source_sha256)


def minhash_rows(paragraphs: Sequence[dict], config: PipelineConfig) -> list[dict]:
    """One minhash row (text_hash, band_keys) per distinct text_hash of the paragraphs that has
    band keys, for the near-duplicate pass. The keys of the whole shard are computed in one bulk
    call over its distinct texts (a text repeated across documents is hashed once). Which text's
    keys a text_hash gets when texts differing only in case or punctuation share it: the first
    such paragraph with keys in a document, the last document's across documents."""
    texts = list(dict.fromkeys(p["text"] for p in paragraphs))
    keys = dict(zip(texts, band_keys_many(texts, config.dedup)))
    rows: dict[str, dict] = {}
    for _, group in groupby(paragraphs, key=lambda p: p["doc_id"]):
        of_document: dict[str, dict] = {}
        for p in group:
            found = keys[p["text"]]
            if found is not None and p["text_hash"] not in of_document:
                of_document[p["text_hash"]] = {"text_hash": p["text_hash"], "band_keys": found}
        rows.update(of_document)
    return list(rows.values())


def _records(files: Iterable[InputFile], config: PipelineConfig, known: Mapping[str, tuple[str | None, str]] | None):
    """(record or reject, id, unchanged) for every input of `files`. One definition of
    "unchanged" (same bytes and same pipeline fingerprint as the tables hold) for both passes."""
    known = known or {}
    fingerprint = config.fingerprint()
    for f in files:
        for item in read_file(f, config.ingest, config.decode):
            rid = stable_id(item.source_key)
            yield item, rid, known.get(rid) == (item.source_sha256, fingerprint)


def _guarded(step, stage: str, *args):
    """Run one record's step; an unexpected exception becomes InternalRecordError (a reject with
    reason `internal_error`), so one input nobody foresaw never stops the shard or the run."""
    try:
        return step(*args)
    except RecordError:
        raise
    except Exception as exc:  # noqa: BLE001 - per-record isolation is the point; the reject names the exception
        raise InternalRecordError(stage, exc) from exc


def _add_reject(out: ShardResult, rej: Rejected, fingerprint: str) -> None:
    out.rejects.append(reject_row(rej, fingerprint))
    out.rejects_by_reason[rej.reason] += 1


@dataclass
class TemplatePass:
    """Pass 1 over a shard: per source group, in how many of the run's documents each candidate
    line key occurs, plus the (doc_id, source_group, line_key) rows kept in the template_lines table."""

    counts: dict[str, Counter] = field(default_factory=dict)
    n_docs: Counter = field(default_factory=Counter)
    rows: list[dict] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    prepared: dict[str, Prepared] = field(default_factory=dict)  # handed to pass 2 of the same shard
    # (record or reject, id, unchanged) of every input, as read and decoded once, for pass 2; a
    # prepared record's decoded content is dropped (pass 2 works from its prepared text)
    records: list[tuple[RawRecord | Rejected, str, bool]] = field(default_factory=list)


def template_keys_of_files(files: Iterable[InputFile], config: PipelineConfig, known: Mapping[str, tuple[str | None, str]] | None = None) -> TemplatePass:
    """First pass for site templates over the new and changed records of `files` (unchanged ones
    are already counted in the template_lines table). Keeps each record's prepared (extracted,
    repaired) text for the second pass."""
    from textmill.templates import template_keys

    out = TemplatePass()
    for item, doc_id, unchanged in _records(files, config, known):
        if unchanged or isinstance(item, Rejected):
            out.records.append((_without_content(item), doc_id, unchanged))
            continue
        try:
            prepared = _guarded(prepare_record, "prepare", item, config)
        except RecordError:
            out.records.append((item, doc_id, unchanged))
            continue  # the second pass records the reject
        out.records.append((_without_content(item), doc_id, unchanged))
        keys = sorted(template_keys(prepared.text))
        group = prepared.hint.source_group
        out.counts.setdefault(group, Counter()).update(keys)
        out.n_docs[group] += 1
        out.doc_ids.append(doc_id)
        out.prepared[doc_id] = prepared
        out.rows.extend({"doc_id": doc_id, "source_group": group, "line_key": k} for k in keys)
    return out


def _without_content(item: RawRecord | Rejected) -> RawRecord | Rejected:
    """The record without its decoded content, which pass 2 does not need (unchanged, or
    prepared in pass 1): what pass 1 hands over stays small."""
    return dataclasses.replace(item, content="") if isinstance(item, RawRecord) else item


__all__ = ["rule_record", "record_rows", "process_shard", "template_keys_of_files", "reject_row", "text_hash"]
