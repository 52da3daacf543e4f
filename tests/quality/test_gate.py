"""Quality gate (trafilatura's tests/eval_gate.py style): scores on the committed evaluation set
must not fall below the minimums stored in tests/quality/minimums.json.

LOWERING A MINIMUM IS A REVIEWED CHANGE: it accepts a quality regression. Do it only in a commit
of its own that says which change costs how much and why that is worth it. Raising a minimum
after an improvement is welcome: take the numbers printed by `bench/eval_boilerplate.py` and
subtract the margins stated in minimums.json's "_comment" (by hand, on purpose: no script
rewrites the minimums to whatever the code currently scores).

The gate also checks that the evaluation data is exactly what its generators produce, so that
nobody "fixes" a score by editing gold files by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gatekit import ScoreGate, load_script
from evalkit.driver import evaluate_records, load_gold, summarize

REPO = Path(__file__).resolve().parents[2]
EVAL_DIR = REPO / "tests" / "cases" / "boilerplate_eval"
MINIMUMS = json.loads((Path(__file__).with_name("minimums.json")).read_text(encoding="utf-8"))


class TestGate(ScoreGate):
    """Seeds and synthetic sets: scores, roles (see gatekit.ScoreGate)."""

    @classmethod
    def minimums(cls) -> dict:
        return MINIMUMS

    @pytest.fixture(scope="class")
    def scores(self, prefect_harness):
        seeds = load_gold(EVAL_DIR / "seeds_gold.jsonl")
        synthetic = load_gold(EVAL_DIR / "synthetic_gold.jsonl")
        out = {"seeds": summarize("seeds", evaluate_records(seeds, REPO))}
        results = evaluate_records(synthetic, EVAL_DIR / "synthetic")
        for fmt in ("txt", "html"):
            part = [r for r, g in zip(results, synthetic) if g["format"] == fmt]
            out[f"synthetic {fmt}"] = summarize(f"synthetic {fmt}", part)
        return out


def test_seeds_gold_is_what_the_annotation_script_makes():
    script = load_script(EVAL_DIR / "make_seeds_gold.py", "make_seeds_gold")
    committed = load_gold(EVAL_DIR / "seeds_gold.jsonl")
    assert script.build() == committed


def test_synthetic_set_is_what_the_generator_makes(tmp_path):
    corpus = load_script(REPO / "bench" / "corpus.py", "bench_corpus")
    out = tmp_path / "synthetic"
    gold = corpus.generate(out, docs=40, fmt="mixed", seed=4)
    assert gold == load_gold(EVAL_DIR / "synthetic_gold.jsonl")
    committed = sorted(p.relative_to(EVAL_DIR / "synthetic") for p in (EVAL_DIR / "synthetic").rglob("*") if p.is_file())
    fresh = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert committed == fresh
    for rel in fresh:
        assert (out / rel).read_bytes() == (EVAL_DIR / "synthetic" / rel).read_bytes(), rel


def test_corpus_gold_matches_its_inputs_and_bad_inputs_are_broken(tmp_path):
    """The generator's gold is consistent with the pages it writes (every gold paragraph and every
    injected boilerplate line is on the page), and each kind of bad input is really broken."""
    corpus = load_script(REPO / "bench" / "corpus.py", "bench_corpus")
    gold_file = tmp_path / "gold.jsonl"
    assert corpus.main([str(tmp_path / "out"), "--docs", "30", "--format", "mixed", "--seed", "7",
                        "--bad", "6", "--gold", str(gold_file)]) == 0
    records = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines()]
    docs = [r for r in records if r["kind"] == "doc"]
    assert len(docs) == 30 and {r["source_format"] for r in docs} == {"txt", "html", "jsonl"}
    for record in docs:
        path = tmp_path / "out" / record["input"]
        if record["record_id"]:
            rows = {row["id"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
            page = rows[record["record_id"]].get("text") or rows[record["record_id"]]["html"]
        else:
            page = path.read_text(encoding="utf-8")
        flat = " ".join(page.split())
        if record["format"] == "html":
            import html as htmlmod

            flat = htmlmod.unescape(flat)
        for paragraph in record["paragraphs"]:
            assert " ".join(paragraph["text"].split()) in flat, (record["label"], paragraph["text"][:60])
        if record["format"] == "txt":
            for line in record["boilerplate"]:
                assert " ".join(line["text"].split()) in flat, (record["label"], line)
    bad = {r["bad_kind"]: tmp_path / "out" / r["input"] for r in records if r["kind"] == "bad"}
    assert set(bad) == {"empty", "binary", "latin1", "truncated_html", "malformed_jsonl", "record_without_text"}
    assert bad["empty"].read_bytes() == b""
    for kind in ("binary", "latin1"):
        with pytest.raises(UnicodeDecodeError):
            bad[kind].read_bytes().decode("utf-8")
    with pytest.raises(json.JSONDecodeError):
        [json.loads(line) for line in bad["malformed_jsonl"].read_text(encoding="utf-8").splitlines()]
    row = json.loads(bad["record_without_text"].read_text(encoding="utf-8"))
    assert "text" not in row and "html" not in row
    assert not bad["truncated_html"].read_text(encoding="utf-8").rstrip().endswith("</html>")
