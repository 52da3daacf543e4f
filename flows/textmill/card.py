"""Dataset card (Hugging Face style README with a YAML header) and changelog for a release.

The data dictionary is generated from `schemas/`, so the card can never disagree with the files.
Statistics are PNG charts (textmill.charts, written to charts/ by the release) with the same
numbers as text tables under each, for plain-text readers.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from textmill.charts import release_stats
from textmill.schema import TABLES, load_schema

LIMITATIONS = [
    "Boilerplate and roles come from heuristics on plain text; a short real paragraph at the end of an article can be taken for a related link, and a one-line subhead can be taken for a caption.",
    "Measured on the project's independent held-out pages (invented pages imitating news sites; tests/cases/boilerplate_heldout3): kept article text scores shingle F1 0.945 for plain-text input and 0.987 for HTML; standfirsts (decks) are kept as body, line-ups and scorer lists after a plain-text sports report are often dropped, and bylines, captions and datelines are the least accurate roles (0.62-0.70 in plain text).",
    "Language detection chooses among a configured set of languages (SignalsConfig.languages); text in other languages gets the closest candidate or no language.",
    "Numeric dates are read day-first (14.07.2016 = 14 July) unless that reading is impossible; US month-first dates such as 07/08/2016 are read as 7 August.",
    "Near-duplicate clusters come from MinHash LSH (3-word shingles, 16 bands of 4, at least 2 shared bands): pairs below Jaccard ~0.6 are mostly missed and paragraphs under 12 words cluster only when their normalised text is identical.",
    "Characters lost outright in the source (a `?` or `□` where a quote or dash was) are restored by context rules; ambiguous cases are left as they are.",
]


def _bar(n: int, top: int, width: int = 30) -> str:
    return "█" * max(1, round(width * n / top)) if top and n else ""


def _counts_table(title: str, counts: Mapping[str, int]) -> list[str]:
    """A Markdown table with text bars, in the order given (the charts' order)."""
    if not counts:
        return [f"_{title}: none._", ""]
    top = max(counts.values())
    lines = [f"| {title} | count | |", "| --- | ---: | --- |"]
    lines += [f"| {k} | {v:,} | `{_bar(v, top)}` |" for k, v in counts.items()]
    return lines + [""]


def _chart_section(chart) -> list[str]:
    """The chart image (written by the release as charts/<name>.png) and the same numbers as text."""
    return [f"![{chart.title}](charts/{chart.name}.png)", "", *_counts_table(chart.title, chart.counts)]


def _size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "1M<n<10M"


def languages(documents: pa.Table) -> list[str]:
    """Document languages of a release, sorted ("en" when none is known: the card needs one)."""
    return sorted({l for l in documents["language"].to_pylist() if l}) or ["en"]


def dataset_card(manifest: Mapping, tables: Mapping[str, pa.Table], reports: Sequence) -> str:
    docs, paras = tables["documents"], tables["paragraphs"]
    header = ["---", "pretty_name: textmill news paragraphs", "license: other", "language:"]
    header += [f"- {l}" for l in languages(docs)]
    header += ["size_categories:", f"- {_size_category(paras.num_rows)}", "task_categories:", "- text-generation", "configs:"]
    for t in TABLES:
        header += [f"- config_name: {t}", "  data_files:", "  - split: train", f"    path: {t}.parquet"]
    header += ["---", ""]
    words = pc.sum(docs["n_words"]).as_py() if docs.num_rows else 0
    body = [
        f"# textmill news paragraphs — release {manifest['version']}",
        "",
        "Curated, paragraph-level news text produced by the textmill pipeline from raw scraped articles:",
        "text repaired (mojibake, lost characters), boilerplate removed with every removed line recorded,",
        "paragraphs labelled with their role, document metadata lifted out of the text.",
        "",
        "## Files",
        "",
        "| table | file | rows | sha256 |",
        "| --- | --- | ---: | --- |",
        *[f"| {f['table']} | `{f['path']}` | {f['rows']:,} | `{f['sha256'][:16]}…` |" for f in manifest["files"]],
        "",
        "Load with pandas / polars / duckdb straight from the Parquet files, e.g.",
        "`duckdb.sql(\"SELECT role, count(*) FROM 'paragraphs.parquet' GROUP BY role\")`,",
        "or `textmill.load(\"paragraphs\", release=\"" + manifest["version"] + "\")`.",
        "Article text of a document = its `heading` and `body` paragraphs in `position` order (also `documents.text`).",
        "To drop duplicate paragraphs keep `is_first_in_cluster`.",
        "",
        "## Statistics",
        "",
        f"- documents: {docs.num_rows:,}; paragraphs: {paras.num_rows:,}; words of article text: {words:,}",
        f"- removed lines: {tables['removed'].num_rows:,}; rejected inputs: {tables['rejects'].num_rows:,}",
        "",
        *[line for chart in release_stats(tables) for line in _chart_section(chart)],
        "An interactive view of the statistics, the validation results and a sample of documents (each paragraph with",
        "its role, removed lines in place with their rule, the repairs) is in `report.html` (one self-contained page, works offline).",
        "",
        "## Validation",
        "",
        *[f"- {r.table}: {'passed' if r.success else 'FAILED'} ({r.n_rows:,} rows, {len(r.outcomes)} expectations)" for r in reports],
        "",
        "Details in `validation.md` / `validation.json`; check a downloaded copy with `textmill validate <release folder>`.",
        "",
        "## Data dictionary",
        "",
    ]
    for t in TABLES:
        schema = load_schema(t)
        body += [f"### {t} (schema v{schema.version}, key: {', '.join(schema.key)})", "", schema.description, "",
                 "| column | type | nullable | description |", "| --- | --- | --- | --- |"]
        body += [f"| `{c.name}` | `{c.type}` | {'yes' if c.nullable else 'no'} | {c.description} |" for c in schema.columns]
        body.append("")
    body += ["## Known limitations", "", *[f"- {l}" for l in LIMITATIONS], "",
             "## Provenance", "", f"- pipeline version: {manifest['pipeline_version']}",
             f"- Delta table versions: {', '.join(f'{k}={v}' for k, v in manifest['delta_table_versions'].items())}",
             f"- previous release: {manifest['previous_version'] or 'none'}",
             *([f"- config fingerprint(s): {', '.join(manifest['provenance']['config_fingerprints']) or 'none'}",
                f"- input fingerprint: {manifest['provenance']['input_fingerprint']} ({manifest['provenance']['n_inputs']:,} inputs)"]
               if "provenance" in manifest else []),
             "- machine-readable metadata: [`croissant.json`](croissant.json) (Croissant 1.1: files with sha256, "
             "one record set per table with typed fields, provenance)", ""]
    return "\n".join(header + body)
