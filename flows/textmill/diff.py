"""What changed between two releases, by stable id: the data behind `textmill diff` and CHANGELOG.md.

`diff_releases(old, new)` compares two release folders (or a release folder and a release being
built) and returns a plain, JSON-able dict; `changelog_markdown` renders the same dict. Everything
is sorted so that the same two releases give the same bytes.

A document is *changed* when its documents row, its paragraphs or its removed lines differ between
the two releases (documents keep their `doc_id` across releases: it is a hash of the source key).
Sample changed paragraphs come from aligning the old and new paragraph texts of changed documents
with difflib (the standard library's sequence matcher), so an inserted paragraph does not make
every later one look changed.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Mapping

import pyarrow as pa
import pyarrow.parquet as pq

from textmill.schema import TABLES, load_schema

# How many changed paragraphs `diff` shows side by side (the full list is the data itself).
N_SAMPLES = 5
# Longest paragraph text shown in a sample, in characters (the rest is cut with an ellipsis).
SAMPLE_CHARS = 400


def release_tables(folder: str | Path) -> dict[str, pa.Table]:
    """The released tables of a release folder, as written (no schema cast: a diff shows what is there)."""
    folder = Path(folder)
    return {t: pq.read_table(folder / f"{t}.parquet") for t in TABLES if (folder / f"{t}.parquet").exists()}


def diff_releases(old_dir: str | Path, new_dir: str | Path, old_version: str | None = None, new_version: str | None = None) -> dict:
    """Compare release folders `old_dir` and `new_dir` (see the module docstring)."""
    old, new = release_tables(old_dir), release_tables(new_dir)
    return diff_tables(old, new, old_version or Path(old_dir).name, new_version or Path(new_dir).name)


def diff_tables(old: Mapping[str, pa.Table], new: Mapping[str, pa.Table], old_version: str, new_version: str) -> dict:
    empty = {t: load_schema(t).arrow.empty_table() for t in TABLES}
    old = {t: old.get(t, empty[t]) for t in TABLES}
    new = {t: new.get(t, empty[t]) for t in TABLES}
    digests = {t: (_row_digests(old[t], t), _row_digests(new[t], t)) for t in TABLES}
    return {
        "old": old_version,
        "new": new_version,
        "tables": {t: _table_counts(*digests[t]) for t in TABLES},
        "documents": _documents(old, new),
        "roles": _grouped_deltas(old["paragraphs"], new["paragraphs"], "role", ("n_words",)),
        "removed_rules": _grouped_deltas(old["removed"], new["removed"], "rule", ()),
        "reject_reasons": _grouped_deltas(old["rejects"], new["rejects"], "reason", ()),
        "schema_changes": _schema_changes(old, new),
        "samples": _samples(old, new),
    }


def _row_digests(table: pa.Table, name: str) -> dict[tuple, str]:
    key = [k for k in load_schema(name).key if k in table.column_names]
    out = {}
    for row in table.to_pylist():
        out[tuple(row[k] for k in key)] = _digest(row)
    return out


def _digest(row: Mapping) -> str:
    return hashlib.sha256(json.dumps(row, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def _table_counts(old: dict, new: dict) -> dict:
    both = old.keys() & new.keys()
    changed = sum(1 for k in both if old[k] != new[k])
    return {"rows_old": len(old), "rows_new": len(new), "added": len(new.keys() - old.keys()),
            "removed": len(old.keys() - new.keys()), "changed": changed, "unchanged": len(both) - changed}


def _per_doc_digest(table: pa.Table) -> dict[str, str]:
    """doc_id -> one digest over all its rows (paragraphs or removed lines), in key order."""
    rows = defaultdict(list)
    for row in table.to_pylist():
        rows[row["doc_id"]].append(_digest(row))
    return {d: hashlib.sha256("".join(sorted(v)).encode()).hexdigest() for d, v in rows.items()}


def _doc_rows(table: pa.Table) -> dict[str, dict]:
    return {r["doc_id"]: r for r in table.to_pylist()}


def _documents(old: Mapping[str, pa.Table], new: Mapping[str, pa.Table]) -> dict:
    before, after = _doc_rows(old["documents"]), _doc_rows(new["documents"])
    parts = [(_per_doc_digest(old[t]), _per_doc_digest(new[t])) for t in ("paragraphs", "removed") if "doc_id" in old[t].column_names and "doc_id" in new[t].column_names]

    def entry(doc_id: str, row: Mapping) -> dict:
        return {"doc_id": doc_id, "source_key": row.get("source_key")}

    changed = []
    for doc_id in sorted(before.keys() & after.keys()):
        a, b = before[doc_id], after[doc_id]
        if _digest(a) == _digest(b) and all(p_old.get(doc_id) == p_new.get(doc_id) for p_old, p_new in parts):
            continue
        changed.append({**entry(doc_id, b), "n_paragraphs_old": a.get("n_paragraphs"), "n_paragraphs_new": b.get("n_paragraphs"),
                        "n_words_old": a.get("n_words"), "n_words_new": b.get("n_words"),
                        "columns_changed": sorted(c for c in (a.keys() | b.keys()) if _digest({c: a.get(c)}) != _digest({c: b.get(c)}))})
    return {
        "added": [entry(d, after[d]) for d in sorted(after.keys() - before.keys())],
        "removed": [entry(d, before[d]) for d in sorted(before.keys() - after.keys())],
        "changed": changed,
        "unchanged": len(before.keys() & after.keys()) - len(changed),
    }


def _group_sums(table: pa.Table, column: str, sums: tuple[str, ...]) -> dict[str, dict[str, int]]:
    if column not in table.column_names or table.num_rows == 0:
        return {}
    present = [s for s in sums if s in table.column_names]
    grouped = table.group_by(column).aggregate([([], "count_all"), *[(s, "sum") for s in present]])
    out = {}
    for row in grouped.to_pylist():
        out[str(row[column])] = {"rows": int(row["count_all"]), **{s: int(row[f"{s}_sum"] or 0) for s in present}}
    return out


def _grouped_deltas(old: pa.Table, new: pa.Table, column: str, sums: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """value of `column` -> rows (and sums) old, new and delta; only values whose numbers moved or exist."""
    a, b = _group_sums(old, column, sums), _group_sums(new, column, sums)
    out = {}
    for value in sorted(a.keys() | b.keys()):
        row = {}
        for measure in ("rows", *sums):
            x, y = a.get(value, {}).get(measure, 0), b.get(value, {}).get(measure, 0)
            row.update({f"{measure}_old": x, f"{measure}_new": y, f"{measure}_delta": y - x})
        out[value] = row
    return out


def _schema_changes(old: Mapping[str, pa.Table], new: Mapping[str, pa.Table]) -> list[dict]:
    changes = []
    for t in TABLES:
        a = {f.name: str(f.type) for f in old[t].schema}
        b = {f.name: str(f.type) for f in new[t].schema}
        for name in sorted(b.keys() - a.keys()):
            changes.append({"table": t, "column": name, "change": "added", "old": None, "new": b[name]})
        for name in sorted(a.keys() - b.keys()):
            changes.append({"table": t, "column": name, "change": "removed", "old": a[name], "new": None})
        for name in sorted(a.keys() & b.keys()):
            if a[name] != b[name]:
                changes.append({"table": t, "column": name, "change": "type", "old": a[name], "new": b[name]})
        va = (old[t].schema.metadata or {}).get(b"textmill.schema_version")
        vb = (new[t].schema.metadata or {}).get(b"textmill.schema_version")
        if va != vb:
            changes.append({"table": t, "column": None, "change": "schema_version",
                            "old": va.decode() if va else None, "new": vb.decode() if vb else None})
    return changes


def _paragraphs_by_doc(table: pa.Table, doc_ids: set[str]) -> dict[str, list[dict]]:
    out = defaultdict(list)
    if not doc_ids or "doc_id" not in table.column_names:
        return out
    cols = [c for c in ("doc_id", "position", "role", "text") if c in table.column_names]
    for row in table.select(cols).to_pylist():
        if row["doc_id"] in doc_ids:
            out[row["doc_id"]].append(row)
    for rows in out.values():
        rows.sort(key=lambda r: r.get("position") or 0)
    return out


def _cut(text: str | None) -> str | None:
    if text is None or len(text) <= SAMPLE_CHARS:
        return text
    return text[: SAMPLE_CHARS - 1] + "…"


def _samples(old: Mapping[str, pa.Table], new: Mapping[str, pa.Table]) -> list[dict]:
    """Up to N_SAMPLES changed, added or dropped paragraphs of documents present in both releases."""
    docs_old, docs_new = _doc_rows(old["documents"]), _doc_rows(new["documents"])
    common = set(docs_old) & set(docs_new)
    before, after = _paragraphs_by_doc(old["paragraphs"], common), _paragraphs_by_doc(new["paragraphs"], common)
    samples = []
    for doc_id in sorted(common):
        a, b = before.get(doc_id, []), after.get(doc_id, [])
        texts_a, texts_b = [(p["role"], p["text"]) for p in a], [(p["role"], p["text"]) for p in b]
        if texts_a == texts_b:
            continue
        matcher = difflib.SequenceMatcher(None, texts_a, texts_b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            n = max(i2 - i1, j2 - j1)
            for k in range(n):
                pa_, pb = (a[i1 + k] if i1 + k < i2 else None), (b[j1 + k] if j1 + k < j2 else None)
                samples.append({
                    "doc_id": doc_id, "source_key": docs_new[doc_id].get("source_key"),
                    "change": {"replace": "changed", "insert": "added", "delete": "removed"}[op],
                    "position_old": pa_ and pa_["position"], "position_new": pb and pb["position"],
                    "role_old": pa_ and pa_["role"], "role_new": pb and pb["role"],
                    "old": _cut(pa_ and pa_["text"]), "new": _cut(pb and pb["text"]),
                })
                if len(samples) >= N_SAMPLES:
                    return samples
    return samples


# --- Markdown ---------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return "—"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _signed(n: int) -> str:
    return f"{n:+,}" if n else "0"


def changelog_markdown(diff: Mapping) -> str:
    """CHANGELOG.md of release `diff["new"]` against `diff["old"]`."""
    docs = diff["documents"]
    lines = [f"# Changelog — {diff['new']}", "", f"Against release {diff['old']}.", "",
             f"Documents: {len(docs['added']):,} added, {len(docs['removed']):,} removed, "
             f"{len(docs['changed']):,} changed, {docs['unchanged']:,} unchanged.", "",
             "| table | added | removed | changed | unchanged |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {t} | {c['added']:,} | {c['removed']:,} | {c['changed']:,} | {c['unchanged']:,} |" for t, c in diff["tables"].items()]
    lines.append("")
    for title, key in (("Added documents", "added"), ("Removed documents", "removed")):
        if docs[key]:
            lines += [f"## {title}", "", "| doc_id | source key |", "| --- | --- |"]
            lines += [f"| `{d['doc_id']}` | {_cell(d['source_key'])} |" for d in docs[key]] + [""]
    if docs["changed"]:
        lines += ["## Changed documents", "", "| doc_id | source key | paragraphs | words | columns changed |", "| --- | --- | ---: | ---: | --- |"]
        lines += [f"| `{d['doc_id']}` | {_cell(d['source_key'])} | {d['n_paragraphs_old']} → {d['n_paragraphs_new']} | "
                  f"{d['n_words_old']} → {d['n_words_new']} | {', '.join(d['columns_changed']) or 'paragraphs/removed rows only'} |"
                  for d in docs["changed"]] + [""]
    lines += ["## Paragraphs and words by role", "", "| role | paragraphs | Δ | words | Δ |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {r} | {v['rows_old']:,} → {v['rows_new']:,} | {_signed(v['rows_delta'])} | {v['n_words_old']:,} → {v['n_words_new']:,} | {_signed(v['n_words_delta'])} |"
              for r, v in diff["roles"].items()] + [""]
    for title, key, label in (("Removed lines by rule", "removed_rules", "rule"), ("Rejects by reason", "reject_reasons", "reason")):
        moved = {k: v for k, v in diff[key].items() if v["rows_delta"]}
        lines += [f"## {title}", ""]
        if not moved:
            lines += ["No change.", ""]
            continue
        lines += [f"| {label} | old | new | Δ |", "| --- | ---: | ---: | ---: |"]
        lines += [f"| {k} | {v['rows_old']:,} | {v['rows_new']:,} | {_signed(v['rows_delta'])} |" for k, v in moved.items()] + [""]
    lines += ["## Schema changes", ""]
    if diff["schema_changes"]:
        lines += ["| table | column | change | old | new |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| {c['table']} | {_cell(c['column'])} | {c['change']} | {_cell(c['old'])} | {_cell(c['new'])} |" for c in diff["schema_changes"]] + [""]
    else:
        lines += ["None.", ""]
    if diff["samples"]:
        lines += ["## Sample changed paragraphs", "", "| document | position | before | after |", "| --- | --- | --- | --- |"]
        lines += [f"| {_cell(s['source_key'])} | {_cell(s['position_old'])} → {_cell(s['position_new'])} | {_cell(s['old'])} | {_cell(s['new'])} |"
                  for s in diff["samples"]] + [""]
    return "\n".join(lines)


def first_release_markdown(version: str, tables: Mapping[str, pa.Table]) -> str:
    lines = [f"# Changelog — {version}", "", "First release.", ""]
    lines += [f"- {t}: {tables[t].num_rows:,} rows" for t in TABLES]
    return "\n".join(lines) + "\n"
