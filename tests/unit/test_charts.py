"""Card charts: numbers from the tables, PNG bytes that depend only on the content."""

from __future__ import annotations

import subprocess
import sys

from textmill.charts import Chart, release_stats, render_png
from textmill.schema import load_schema
from textmill.tables import rows_to_table


def _tables():
    paragraphs = [{"paragraph_id": f"{'a' * 16}-{i:04d}", "doc_id": "a" * 16, "position": i, "role": role, "text": "x",
                   "line_start": 1, "line_end": 1, "n_chars": 1, "n_words": n, "n_sentences": 1, "frac_alpha": 1.0,
                   "frac_upper": 0.0, "stopword_ratio": 0.0, "mean_word_length": 1.0, "ends_with_punct": False,
                   "text_hash": "c" * 16, "dup_cluster": cluster, "is_first_in_cluster": True}
                  for i, (role, n, cluster) in enumerate([("title", 3, "1" * 16), ("body", 30, "2" * 16), ("body", 250, "2" * 16), ("body", 12, "3" * 16)])]
    removed = [{"doc_id": "a" * 16, "stage": "segment", "line_no": i, "text": "x", "rule": rule} for i, rule in enumerate(["widget", "widget", "signoff"], 1)]
    return {"paragraphs": rows_to_table(paragraphs, load_schema("paragraphs")),
            "documents": load_schema("documents").arrow.empty_table(),
            "removed": rows_to_table(removed, load_schema("removed")),
            "rejects": load_schema("rejects").arrow.empty_table()}


def test_stats_count_roles_lengths_rules_and_duplicate_clusters():
    charts = {c.name: c.counts for c in release_stats(_tables())}
    assert charts["roles"] == {"body": 3, "title": 1}
    assert charts["removed_rules"] == {"widget": 2, "signoff": 1}
    assert charts["paragraph_length"]["1-4"] == 1 and charts["paragraph_length"]["200-299"] == 1
    assert charts["paragraph_length"]["10-19"] == 1 and sum(charts["paragraph_length"].values()) == 4
    assert charts["duplicate_clusters"] == {"2 paragraphs": 1}
    assert charts["reject_reasons"] == {} and charts["languages"] == {}


def test_png_bytes_are_deterministic_across_processes_and_carry_no_version():
    chart = Chart("roles", "Paragraphs by role", {"body": 3, "title": 1})
    png = render_png(chart)
    assert png.startswith(b"\x89PNG") and b"matplotlib" not in png.lower()
    assert render_png(chart) == png
    code = ("import sys; from textmill.charts import Chart, render_png; "
            "sys.stdout.buffer.write(render_png(Chart('roles', 'Paragraphs by role', {'body': 3, 'title': 1})))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    assert other == png
    assert render_png(Chart("roles", "Paragraphs by role", {"body": 4, "title": 1})) != png
    assert render_png(Chart("x", "Empty", {})).startswith(b"\x89PNG")
