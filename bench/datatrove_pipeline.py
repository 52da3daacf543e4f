"""datatrove's comparable pipeline, run by bench/speed.py in datatrove's own virtual environment.

    python bench/datatrove_pipeline.py INPUT_DIR OUTPUT_DIR [--workers 1]

JsonlReader -> FTFYFormatter -> GopherQualityFilter -> C4QualityFilter -> ParquetWriter
(datatrove 0.10.1, spaCy word tokenizers), the general-purpose pipeline textmill is measured
against: repair, quality filtering and Parquet output over the same JSONL records. Not imported
by textmill; it needs only datatrove.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import C4QualityFilter, GopherQualityFilter
from datatrove.pipeline.formatters import FTFYFormatter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import ParquetWriter


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    files = len(list(Path(args.input).glob("*.jsonl")))  # one task per input file
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(args.input, glob_pattern="*.jsonl", text_key="text", id_key="id"),
            FTFYFormatter(),
            GopherQualityFilter(),
            C4QualityFilter(),
            ParquetWriter(args.output),
        ],
        tasks=files, workers=args.workers, logging_dir=f"{args.output}/logs",
    ).run()


if __name__ == "__main__":
    main()
