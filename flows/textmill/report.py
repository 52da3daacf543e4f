"""`report.html`: one self-contained page per release, to look at the data.

The page holds the statistics (the card's charts, inline as PNG data URIs, with their numbers),
the validation results, and a browser over a sample of documents: each document's kept paragraphs
in line order with their role, the lines removed between them in place with the rule that removed
them (page blocks left out by the HTML extractor listed after), and the text repairs. A search box
filters documents by source key, URL or title and a select by paragraph role.

Self-contained: styles, script and images are inline; the page makes no network request (no CDN,
no fonts, no external links needed to render). Rendered on the server side, so it reads without
JavaScript too; the script only filters. Deterministic: the sample is the first SAMPLE_DOCS
documents in doc_id order (a hash of the source key, so effectively a random sample that stays the
same across releases), and nothing depends on the clock.
"""

from __future__ import annotations

import base64
import html
from collections import defaultdict
from typing import Mapping, Sequence

import pyarrow as pa

from textmill.segment.model import ROLES  # the role registry: the filter offers every role, in reading order

# Documents shown in the browser (the page stays a few hundred KB for any release size).
SAMPLE_DOCS = 60

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1f3b5c;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1200px}section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:4px 0 10px}table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #e6e9ee;padding:3px 8px;text-align:left;vertical-align:top}
.charts{display:flex;flex-wrap:wrap;gap:12px}.charts figure{margin:0}.charts img{width:480px;border:1px solid #eef0f3}
.ok{color:#19713a;font-weight:600}.bad{color:#b3261e;font-weight:600}
.controls{display:flex;gap:12px;align-items:center;margin-bottom:10px;position:sticky;top:0;background:#fff;padding:6px 0}
.controls input{width:320px;padding:4px 6px}.doc{border-top:2px solid #dde2e8;padding:8px 0}.doc h3{margin:0 0 2px;font-size:15px}
.meta{color:#5b6573;font-size:12px;margin-bottom:6px}.line{display:flex;gap:8px;padding:2px 0}
.role{flex:0 0 72px;font-size:11px;text-transform:uppercase;color:#fff;border-radius:3px;padding:1px 4px;height:16px;text-align:center}
.r-title{background:#6a3fa0}.r-byline{background:#2c7a7b}.r-dateline{background:#8a6d1a}.r-caption{background:#8c4a2f}.r-heading{background:#2f5d8c}.r-body{background:#55606e}
.removed .role{background:#b3261e}.removed .text{color:#8a1f17;text-decoration:line-through;text-decoration-color:#d9a19c}
.rule{font-size:11px;color:#b3261e;flex:0 0 auto}.repairs{font-size:12px;color:#19713a}.hidden{display:none}.count{color:#5b6573}
"""

SCRIPT = """
(function(){
  var q=document.getElementById('q'), role=document.getElementById('role'), count=document.getElementById('shown');
  function apply(){
    var text=q.value.toLowerCase(), r=role.value, shown=0;
    document.querySelectorAll('.doc').forEach(function(doc){
      var hay=doc.getAttribute('data-source');
      var lines=doc.querySelectorAll('.line'), any=false;
      lines.forEach(function(line){
        var keep=!r || line.getAttribute('data-role')===r;
        line.classList.toggle('hidden', !keep); if(keep) any=true;
      });
      var show=(!text || hay.indexOf(text)>=0) && any;
      doc.classList.toggle('hidden', !show); if(show) shown++;
    });
    count.textContent=shown;
  }
  q.addEventListener('input', apply); role.addEventListener('change', apply); apply();
})();
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _charts_section(charts: Sequence[tuple]) -> str:
    figures = []
    for chart, png in charts:
        data = base64.b64encode(png).decode("ascii")
        rows = "".join(f"<tr><td>{_e(k)}</td><td>{v:,}</td></tr>" for k, v in chart.counts.items()) or "<tr><td>none</td></tr>"
        figures.append(f'<figure><img alt="{_e(chart.title)}" src="data:image/png;base64,{data}">'
                       f"<details><summary>{_e(chart.title)}: numbers</summary><table>{rows}</table></details></figure>")
    return f'<section id="stats"><h2>Statistics</h2><div class="charts">{"".join(figures)}</div></section>'


def _validation_section(reports: Sequence) -> str:
    rows = []
    for r in reports:
        passed = sum(o.success for o in r.outcomes)
        failed = [o for o in r.outcomes if not o.success]
        detail = "; ".join(f"{o.expectation}({o.column or ''}): {o.unexpected_count} unexpected" for o in failed)
        detail = "; ".join([*r.schema_errors, detail] if detail else list(r.schema_errors))
        status = '<span class="ok">passed</span>' if r.success else '<span class="bad">FAILED</span>'
        rows.append(f"<tr><td>{_e(r.table)}</td><td>{status}</td><td>{r.n_rows:,}</td><td>{passed}/{len(r.outcomes)}</td><td>{_e(detail)}</td></tr>")
    return ('<section id="validation"><h2>Validation</h2><table><tr><th>table</th><th>result</th><th>rows</th>'
            f'<th>checks passed</th><th>failures</th></tr>{"".join(rows)}</table></section>')


def _group(table: pa.Table, doc_ids: set[str], columns: list[str]) -> dict[str, list[dict]]:
    out = defaultdict(list)
    if table.num_rows:
        for row in table.select(columns).to_pylist():
            if row["doc_id"] in doc_ids:
                out[row["doc_id"]].append(row)
    return out


def _document(doc: Mapping, paragraphs: list[dict], removed: list[dict]) -> str:
    # One stream in line order: a paragraph at its first line, a removed line at its line number
    # (removed lines sort before a paragraph starting on the same line: they were above it).
    events = [(p["line_start"], 1, p["position"], "p", p) for p in paragraphs]
    events += [(r["line_no"], 0, 0, "r", r) for r in removed if r["stage"] == "segment"]
    lines = []
    for _, _, _, kind, row in sorted(events, key=lambda e: e[:3]):
        if kind == "p":
            lines.append(f'<div class="line" data-role="{_e(row["role"])}"><span class="role r-{_e(row["role"])}">{_e(row["role"])}</span>'
                         f'<span class="text">{_e(row["text"])}</span></div>')
        else:
            lines.append(f'<div class="line removed" data-role="removed"><span class="role">removed</span>'
                         f'<span class="text">{_e(row["text"])}</span><span class="rule">{_e(row["rule"])}</span></div>')
    extracted = [r for r in removed if r["stage"] != "segment"]
    if extracted:
        lines.append('<div class="meta">left out by the HTML extractor:</div>')
        lines += [f'<div class="line removed" data-role="removed"><span class="role">block {r["line_no"]}</span>'
                  f'<span class="text">{_e(r["text"])}</span><span class="rule">{_e(r["rule"])}</span></div>' for r in extracted]
    repairs = ", ".join(f"{_e(r['fix'])} ×{r['count']}" for r in doc.get("repairs") or ()) or "none"
    source = " ".join(str(doc.get(k) or "") for k in ("source_key", "url", "title")).lower()
    meta = " · ".join(_e(x) for x in (doc.get("source_key"), doc.get("language"), doc.get("published_date"), doc.get("agency")) if x)
    return (f'<article class="doc" data-source="{_e(source)}"><h3>{_e(doc.get("title") or doc.get("source_key"))}</h3>'
            f'<div class="meta">{meta} · doc_id {_e(doc["doc_id"])} · {doc.get("n_paragraphs")} paragraphs, {doc.get("lines_removed")} lines removed</div>'
            f'<div class="repairs">repairs: {repairs}</div>{"".join(lines)}</article>')


def _browser_section(tables: Mapping[str, pa.Table]) -> str:
    docs = sorted(tables["documents"].to_pylist(), key=lambda d: d["doc_id"])[:SAMPLE_DOCS] if tables["documents"].num_rows else []
    ids = {d["doc_id"] for d in docs}
    paragraphs = _group(tables["paragraphs"], ids, ["doc_id", "position", "role", "text", "line_start"])
    removed = _group(tables["removed"], ids, ["doc_id", "stage", "line_no", "text", "rule"])
    options = "".join(f'<option value="{_e(r)}">{_e(r)}</option>' for r in (*ROLES, "removed"))
    body = "".join(_document(d, paragraphs.get(d["doc_id"], []), removed.get(d["doc_id"], [])) for d in docs)
    total = tables["documents"].num_rows
    return ('<section id="browser"><h2>Documents</h2>'
            f'<p class="count">A sample of {len(docs):,} of {total:,} documents (the first by doc_id). '
            'Each paragraph with its role; removed lines in place, struck through, with their rule.</p>'
            '<div class="controls"><input id="q" type="search" placeholder="search source, URL or title">'
            f'<label>role <select id="role"><option value="">all</option>{options}</select></label>'
            f'<span class="count"><span id="shown">{len(docs)}</span> shown</span></div>{body}</section>')


def report_html(manifest: Mapping, tables: Mapping[str, pa.Table], reports: Sequence, charts: Sequence[tuple]) -> str:
    """The page for a release: manifest (version, files), the reports, charts as (Chart, png) pairs."""
    counts = ", ".join(f"{f['table']} {f['rows']:,}" for f in manifest["files"])
    return ("<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f"<title>textmill release {_e(manifest['version'])}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>textmill news paragraphs — release {_e(manifest['version'])}</h1>"
            f"<div>{_e(counts)} · pipeline {_e(manifest['pipeline_version'])}</div></header><main>"
            f"{_charts_section(charts)}{_validation_section(reports)}{_browser_section(tables)}"
            f"</main><script>{SCRIPT}</script></body></html>\n")
