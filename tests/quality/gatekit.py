"""Shared pieces of the quality gates (test_gate, test_heldout, test_heldout2, test_heldout3).

Each gate keeps its own stored minimums file; ``ScoreGate`` compares measured scores with them,
so the gates judge the same way, and ``HeldoutSetGate`` adds the checks of the held-out sets
built with make_heldout2.py (the second and third set).
"""

from __future__ import annotations

import html as htmlmod
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

METRICS = ("precision", "recall", "f1", "role_accuracy")


def load_script(path: Path, name: str):
    """Import a generator script that is not on the package path (fixtures come with their script)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def metric_shortfall(score, minimums: dict, name: str, metric: str) -> str | None:
    measured = getattr(score, metric)
    minimum = minimums[name][metric]
    return None if measured >= minimum else f"{name} {metric}: {measured:.4f} < minimum {minimum}"


def roles_below(score, role_minimums: dict) -> dict:
    """{role: (measured or None, minimum)} for every role under its minimum or not measured."""
    out = {}
    for role, minimum in role_minimums.items():
        measured = score.role(role)
        if measured is None or measured.accuracy < minimum:
            out[role] = (round(measured.accuracy, 4) if measured else None, minimum)
    return out


class ScoreGate:
    """Scores at least their stored minimums. A test module subclasses it as ``Test...``, gives
    ``minimums()`` (the minimums file as a dict; keys starting with '_' are comments) and a
    ``scores`` fixture (set name -> SetScore; extra keys "<set> <lang>" hold per-language
    scores). Checks, per set: each metric, each role (and each language F1 when the minimums
    list ``languages_f1``) at least its minimum; the scored sets are exactly the sets with
    minimums; every measured role has a minimum (``ROLES_EXACT``: and every role with a
    minimum is measured)."""

    ROLES_EXACT = False

    @classmethod
    def minimums(cls) -> dict:
        raise NotImplementedError

    @classmethod
    def set_names(cls) -> list[str]:
        return [n for n in cls.minimums() if not n.startswith("_")]

    def pytest_generate_tests(self, metafunc):
        if "name" in metafunc.fixturenames:
            metafunc.parametrize("name", self.set_names())
        if "metric" in metafunc.fixturenames:
            metafunc.parametrize("metric", METRICS)

    def test_score_at_least_minimum(self, scores, name, metric):
        shortfall = metric_shortfall(scores[name], self.minimums(), name, metric)
        assert shortfall is None, shortfall

    def test_roles_and_languages_at_least_minimum(self, scores, name):
        minimums = self.minimums()[name]
        below = roles_below(scores[name], minimums["roles"])
        below.update({
            f"f1 {lang}": (round(scores[f"{name} {lang}"].f1, 4), minimum)
            for lang, minimum in minimums.get("languages_f1", {}).items()
            if scores[f"{name} {lang}"].f1 < minimum
        })
        assert not below, f"{name}: below minimum (measured, minimum): {below}"

    def test_scored_sets_are_the_sets_with_minimums(self, scores):
        names = set(self.set_names())
        sets = {key for key in scores if key in names or not any(key.startswith(f"{n} ") for n in names)}
        assert sets == names  # keys "<set> <lang>" are the per-language scores of a set

    def test_every_measured_role_has_a_minimum(self, scores, name):
        measured, wanted = {r.role for r in scores[name].roles}, set(self.minimums()[name]["roles"])
        assert (measured == wanted if self.ROLES_EXACT else measured <= wanted), name


class HeldoutSetGate(ScoreGate):
    """The checks of a held-out boilerplate/role set (tests/cases/boilerplate_heldout2, ...3).

    A test module subclasses it as ``Test...`` and sets ``SET_DIR`` (the set's folder, with
    gold.jsonl, minimums.json and its generator), ``GENERATOR`` (the generator script's file name)
    and ``COVERAGE`` (what the set's README claims: minimum counts of txt pages, txt pages per
    language, html pages, html styles, txt genres). Checks: scores and per-role / per-language
    scores at least the stored minimums, every measured role has a minimum, committed files equal
    a fresh build (also through ``--check``), every gold paragraph and removed line is on its page,
    and the coverage claims.
    """

    SET_DIR: Path
    GENERATOR: str
    COVERAGE: dict

    @classmethod
    def minimums(cls) -> dict:
        return json.loads((cls.SET_DIR / "minimums.json").read_text(encoding="utf-8"))

    def generator(self):
        return load_script(self.SET_DIR / self.GENERATOR, Path(self.GENERATOR).stem)

    @pytest.fixture(scope="class")
    def records(self):
        from evalkit.driver import load_gold

        return load_gold(self.SET_DIR / "gold.jsonl")

    @pytest.fixture(scope="class")
    def scores(self, records, prefect_harness):
        # one run over the whole set, as bench/eval_boilerplate.py --gold does (template statistics
        # see every page of a site), split by format afterwards; per language too
        from evalkit.driver import evaluate_records, summarize

        results = evaluate_records(records, self.SET_DIR)
        out = {}
        for fmt in ("txt", "html"):
            part = [(r, g) for r, g in zip(results, records) if g["format"] == fmt]
            out[fmt] = summarize(fmt, [r for r, _ in part])
            for lang in sorted({g["lang"] for _, g in part}):
                out[f"{fmt} {lang}"] = summarize(f"{fmt} {lang}", [r for r, g in part if g["lang"] == lang])
        return out

    def test_committed_files_are_what_the_generator_makes(self):
        gen = self.generator()
        assert gen.diff(gen.build(), gen.generated_on_disk()) == []

    def test_check_mode_agrees_with_a_fresh_build(self):
        assert self.generator().main(["--check"]) == 0

    def test_set_covers_what_it_claims(self, records):
        claims = self.COVERAGE
        txt = [r for r in records if r["format"] == "txt"]
        html = [r for r in records if r["format"] == "html"]
        langs = Counter(r["lang"] for r in txt)
        assert len(txt) >= claims["txt"], len(txt)
        assert all(langs[lang] >= n for lang, n in claims["langs"].items()), langs
        assert len(html) >= claims["html"] and len({r["html_style"] for r in html}) >= claims["html_styles"]
        assert len({r["genre"] for r in txt}) >= claims["genres"]

    def test_gold_is_on_its_page(self, records):
        """Every gold paragraph is on its page (txt: on the line it names) and so is every removed line."""
        for record in records:
            page = (self.SET_DIR / record["input"]).read_text(encoding="utf-8")
            assert record["article_text"], record["label"]
            if record["format"] == "txt":
                lines = page.split("\n")
                for p in record["paragraphs"]:
                    assert p["text"] in lines[p["lines"][0] - 1], (record["label"], p["text"][:60])
                for r in record["removed"]:
                    assert lines[r["line_no"] - 1] == r["text"], (record["label"], r)
            else:
                flat = htmlmod.unescape(page)
                for p in record["paragraphs"]:
                    for cell in p["text"].split(" | "):
                        assert cell in flat, (record["label"], p["text"][:60])
