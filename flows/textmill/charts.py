"""The release's statistics as PNG charts (matplotlib), with deterministic bytes.

Same content gives the same PNG bytes: the Agg renderer is deterministic for a given matplotlib
version and font, the font is the DejaVu Sans that matplotlib ships (no system font lookup), the
PNG's "Software" text chunk (which carries the matplotlib version) is left out, and every category
order is sorted. No pyplot: a Figure with its own Agg canvas keeps no global state between calls.

`release_stats` computes the numbers once; the card's text tables, the charts and report.html all
read them.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from typing import Mapping

import pyarrow as pa
import pyarrow.compute as pc

# Rendering settings, fixed so that bytes do not depend on the machine's matplotlib defaults.
STYLE = {"font.family": "DejaVu Sans", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
         "svg.hashsalt": "textmill", "path.simplify": True}
FIGSIZE = (6.4, 3.2)  # inches
DPI = 100
COLOR = "#3b6ea8"
# Paragraph length histogram: word-count bin edges (the last bin is open-ended).
LENGTH_BINS = (1, 5, 10, 20, 40, 60, 80, 100, 150, 200, 300)
# Bars beyond this many categories are summed into "other" (a chart of 80 rules reads as noise).
MAX_BARS = 15


@dataclass(frozen=True)
class Chart:
    name: str  # file stem: charts/<name>.png
    title: str
    counts: dict[str, int]  # category -> count, in display order


def _value_counts(table: pa.Table, column: str) -> dict[str, int]:
    if table.num_rows == 0 or column not in table.column_names:
        return {}
    vc = pc.value_counts(table[column].combine_chunks()).to_pylist()
    return {str(v["values"]): int(v["counts"]) for v in vc}


def _by_count(counts: Mapping[str, int]) -> dict[str, int]:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ordered) > MAX_BARS:
        head, tail = ordered[: MAX_BARS - 1], ordered[MAX_BARS - 1 :]
        ordered = head + [("other", sum(v for _, v in tail))]
    return dict(ordered)


def _length_bins(n_words: list[int]) -> dict[str, int]:
    edges = list(LENGTH_BINS)
    labels = [f"{a}-{b - 1}" for a, b in zip(edges, edges[1:])] + [f"{edges[-1]}+"]
    counts = Counter()
    for n in n_words:
        i = max((k for k, e in enumerate(edges) if n >= e), default=0)
        counts[labels[i]] += 1
    return {label: counts.get(label, 0) for label in labels}


def _repairs(documents: pa.Table) -> dict[str, int]:
    total: Counter = Counter()
    if "repairs" in documents.column_names:
        for repairs in documents["repairs"].to_pylist():
            for item in repairs or ():
                total[item["fix"]] += int(item["count"])
    return dict(total)


def _cluster_sizes(paragraphs: pa.Table) -> dict[str, int]:
    """Number of duplicate clusters by size (clusters of one paragraph are not duplicates)."""
    sizes = Counter(_value_counts(paragraphs, "dup_cluster").values())
    return {f"{k} paragraphs": sizes[k] for k in sorted(sizes) if k > 1}


def release_stats(tables: Mapping[str, pa.Table]) -> list[Chart]:
    """The charts of a release, in the card's order."""
    docs, paras = tables["documents"], tables["paragraphs"]
    n_words = paras["n_words"].to_pylist() if paras.num_rows else []
    return [
        Chart("roles", "Paragraphs by role", _by_count(_value_counts(paras, "role"))),
        Chart("paragraph_length", "Paragraph length (words)", _length_bins(n_words) if n_words else {}),
        Chart("languages", "Documents by language", _by_count(_value_counts(docs, "language"))),
        Chart("repairs", "Text repairs by fix", _by_count(_repairs(docs))),
        Chart("removed_rules", "Removed lines by rule", _by_count(_value_counts(tables["removed"], "rule"))),
        Chart("reject_reasons", "Rejected inputs by reason", _by_count(_value_counts(tables["rejects"], "reason"))),
        Chart("duplicate_clusters", "Duplicate clusters by size", _cluster_sizes(paras)),
    ]


def render_png(chart: Chart) -> bytes:
    """A horizontal bar chart of `chart.counts` as PNG bytes (a 'none' note when empty)."""
    import matplotlib

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=FIGSIZE, dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.set_title(chart.title, loc="left", fontsize=10)
        labels, values = list(chart.counts), list(chart.counts.values())
        if not labels:
            ax.text(0.5, 0.5, "none", ha="center", va="center", transform=ax.transAxes, color="#777777")
            ax.set_axis_off()
        else:
            positions = range(len(labels))
            ax.barh(positions, values, color=COLOR)
            ax.set_yticks(positions, labels)
            ax.invert_yaxis()  # first category on top
            top = max(values)
            for y, v in zip(positions, values):
                ax.text(v + top * 0.01, y, f"{v:,}", va="center", fontsize=8)
            ax.set_xlim(0, top * 1.12 or 1)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.25 ticks
        fig.tight_layout()
        out = io.BytesIO()
        # "Software" would embed the matplotlib version; None drops the chunk.
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def render_all(tables: Mapping[str, pa.Table]) -> list[tuple[Chart, bytes]]:
    return [(chart, render_png(chart)) for chart in release_stats(tables)]
