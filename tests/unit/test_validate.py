"""Validation: GE suites from expectations/, schema checks, and row indices for quarantine.

Synthetic valid rows are built per table below; each labelled violation case mutates a few cells
and names the failing checks and the exact rows they must point at. One GE context serves the
whole module (textmill.validate caches it), so the slow import happens once.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json

import pyarrow as pa
import pytest

from textmill.errors import ConfigError
from textmill.schema import TABLES, load_schema
from textmill import validate as v


def _hex(seed: str, n: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def _doc_row(i: int) -> dict:
    return {
        "doc_id": _hex(f"doc{i}", 16),
        "source_key": f"seeds/{i:03d}.txt",
        "source_uri": f"/data/seeds/{i:03d}.txt",
        "source_format": ("txt", "html", "jsonl")[i % 3],
        "source_id": f"r{i}" if i % 3 == 2 else None,
        "source_sha256": _hex(f"raw{i}", 64),
        "url": None,
        "source_group": "news.example.com",
        "encoding": "utf_8",
        "title": f"Title {i}",
        "authors": ["A. Writer"] if i % 2 else [],
        "published_date": dt.date(2016, 7, 1 + i % 28),
        "dateline": "WASHINGTON",
        "agency": "AP",
        "metadata_source": {"title": "h1", "published_date": "json-ld datePublished", "authors": None},
        "language": "en",
        "text": f"Body of document {i}. It has words.",
        "n_paragraphs": 3,
        "n_words": 7,
        "repairs": [{"fix": "nbsp", "count": 1}],
        "n_repairs": 1,
        "lines_removed": i % 4,
        "content_sha256": _hex(f"text{i}", 64),
        "pipeline_fingerprint": "fp1",
    }


ROLES = ("title", "byline", "body", "heading", "body", "caption")


def _par_row(i: int) -> dict:
    doc, pos = _hex(f"doc{i // len(ROLES)}", 16), i % len(ROLES)
    role = ROLES[pos]
    article = role in ("heading", "body")
    return {
        "paragraph_id": f"{doc}-{pos:04d}",
        "doc_id": doc,
        "position": pos,
        "role": role,
        "text": f"Paragraph {i} says something.",
        "char_start": 10 * pos if article else None,
        "char_end": 10 * pos + 9 if article else None,
        "line_start": 2 * pos + 1,
        "line_end": 2 * pos + 1,
        "n_chars": 27,
        "n_words": 4,
        "n_sentences": 1,
        "language": "en" if i % 5 else None,
        "frac_alpha": 0.8,
        "frac_upper": 0.05,
        "stopword_ratio": 0.3,
        "mean_word_length": 5.5,
        "ends_with_punct": True,
        "text_hash": _hex(f"p{i}", 16),
        "dup_cluster": _hex(f"p{i}", 16),
        "is_first_in_cluster": True,
    }


def _removed_row(i: int) -> dict:
    return {"doc_id": _hex(f"doc{i // 3}", 16), "stage": "segment", "line_no": 1 + i % 3, "text": "Leave a Reply", "rule": "widget"}


def _reject_row(i: int) -> dict:
    return {
        "reject_id": _hex(f"rej{i}", 16),
        "source_key": f"seeds/bad{i}.jsonl#L{i}",
        "source_uri": f"/data/seeds/bad{i}.jsonl",
        "record_key": f"L{i}",
        "stage": ("read", "parse", "segment")[i % 3],
        "reason": "malformed_json",
        "message": "line is not valid JSON",
        "source_sha256": _hex(f"rb{i}", 64) if i % 2 else None,
        "pipeline_fingerprint": "fp1",
    }


BUILDERS = {"documents": _doc_row, "paragraphs": _par_row, "removed": _removed_row, "rejects": _reject_row}


def valid_rows(table: str, n: int = 12) -> list[dict]:
    return [BUILDERS[table](i) for i in range(n)]


def to_table(table: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=load_schema(table).arrow)


@pytest.fixture(scope="module")
def reports_ok():
    """One validation per table on valid synthetic rows (the first GE call builds the cached context)."""
    return {t: v.validate_table(t, to_table(t, valid_rows(t))) for t in TABLES}


# --- suites ---------------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_suite_loads_with_real_expectations(table):
    suite = v.load_suite(table)
    assert suite.name == table
    assert len(suite.expectations) >= 5
    for exp in suite.expectations:
        assert exp.meta.get("why", "").strip(), f"{exp.expectation_type} has no meta.why"


@pytest.mark.parametrize("table", TABLES)
def test_suite_file_is_in_ge_serialised_form(table):
    """The JSON round-trips through GE unchanged, so GE tooling can read and rewrite it."""
    from great_expectations.core import ExpectationSuite

    raw = json.loads((v.expectations_dir() / f"{table}.json").read_text())
    again = ExpectationSuite(**copy.deepcopy(raw)).to_json_dict()
    strip = lambda e: {k: e[k] for k in ("type", "kwargs", "meta")}  # noqa: E731 - local helper
    assert [strip(e) for e in again["expectations"]] == [strip(e) for e in raw["expectations"]]


def test_ge_file_store_reads_the_suites(tmp_path):
    """GE's own file-backed expectations store loads our files as they are (no textmill code)."""
    import shutil

    import great_expectations as gx

    context = gx.get_context(mode="file", project_root_dir=str(tmp_path))
    for table in TABLES:
        shutil.copy(v.expectations_dir() / f"{table}.json", tmp_path / "gx" / "expectations")
    for table in TABLES:
        assert len(context.suites.get(table).expectations) == len(v.load_suite(table).expectations)


@pytest.mark.parametrize(
    "label, content, message",
    [
        ("missing", None, "cannot read"),
        ("not_json", "{nope", "cannot read"),
        ("no_list", '{"name": "paragraphs"}', "expectations"),
        ("unknown_type", '{"name": "paragraphs", "expectations": [{"type": "expect_magic", "kwargs": {}}]}', "expect_magic not found"),
        ("unknown_column", '{"name": "paragraphs", "expectations": [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "nope"}}]}', "nope"),
        ("bad_kwargs", '{"name": "paragraphs", "expectations": [{"type": "expect_column_values_to_be_between", "kwargs": {"column": "n_words"}}]}', "#0 .* cannot both be None"),
        ("wrong_name", '{"name": "removed", "expectations": []}', "named 'removed'"),
    ],
    ids=["missing", "not_json", "no_list", "unknown_type", "unknown_column", "bad_kwargs", "wrong_name"],
)
def test_bad_suite_is_a_config_error(tmp_path, label, content, message):
    if content is not None:
        (tmp_path / "paragraphs.json").write_text(content)
    with pytest.raises(ConfigError, match=message):
        v.load_suite("paragraphs", tmp_path)


# --- valid rows -----------------------------------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_valid_rows_pass(reports_ok, table):
    report = reports_ok[table]
    assert report.n_rows == 12
    assert report.schema_errors == ()
    assert [o for o in report.outcomes if not o.success] == []
    assert report.success and report.failed_rows() == set()


@pytest.mark.parametrize("engine", ["gx", "arrow"])
def test_a_character_lost_before_textmill_is_not_a_violation(engine):
    """U+FFFD in repaired text stands for a character no repair can know (a U+FFFD in the source,
    a UTF-8 sequence cut short): kept, not a reason to reject the page's paragraphs. A box
    between spaces is kept on purpose too (repair leaves ambiguous boxes)."""
    rows = valid_rows("paragraphs")
    rows[4]["text"] = "La Belle et la B\ufffdte, a film by Jean Cocteau."
    rows[5]["text"] = "Paris \u25a1 France"
    report = v.validate_table("paragraphs", to_table("paragraphs", rows), engine=engine)
    assert report.success, [o for o in report.outcomes if not o.success]


def test_empty_table_passes():
    report = v.validate_table("removed", to_table("removed", []))
    assert report.success, report.to_dict()


# --- violations: (label, table, cell edits, expected failing checks and their rows) ----------

VIOLATIONS = [
    {"label": "duplicate_key", "table": "paragraphs", "edits": [[3, "paragraph_id", "@1"]],
     "expected": [["expect_column_values_to_be_unique", "paragraph_id", [1, 3]]]},
    {"label": "bad_role", "table": "paragraphs", "edits": [[2, "role", "footer"]],
     "expected": [["expect_column_values_to_be_in_set", "role", [2]]]},
    {"label": "char_end_before_start", "table": "paragraphs", "edits": [[4, "char_end", 3]],
     "expected": [["expect_column_pair_values_a_to_be_greater_than_b", "char_end,char_start", [4]]]},
    {"label": "bad_paragraph_id_pattern", "table": "paragraphs", "edits": [[0, "paragraph_id", "abc-1"]],
     "expected": [["expect_column_values_to_match_regex", "paragraph_id", [0]]]},
    {"label": "null_in_non_nullable", "table": "paragraphs", "edits": [[5, "text", None], [7, "n_words", None]],
     "expected": [["schema_not_nullable", "text", [5]], ["schema_not_nullable", "n_words", [7]]]},
    {"label": "null_key", "table": "rejects", "edits": [[2, "reject_id", None]],
     "expected": [["schema_not_nullable", "reject_id", [2]], ["expect_column_values_to_not_be_null", "reject_id", [2]]]},
    {"label": "blank_text", "table": "paragraphs", "edits": [[6, "text", "   "]],
     "expected": [["expect_column_values_to_match_regex", "text", [6]]]},
    {"label": "mojibake_text", "table": "paragraphs", "edits": [[3, "text", "Le caf\u00c3\u00a9 ouvre \u00e2\u20ac\u201d enfin."]],
     "expected": [["expect_column_values_to_not_match_regex", "text", [3]]]},
    {"label": "lost_apostrophe_box", "table": "paragraphs", "edits": [[2, "text", "Kerry\u25a1s plan passed."]],
     "expected": [["expect_column_values_to_not_match_regex", "text", [2]]]},
    {"label": "share_out_of_range", "table": "paragraphs", "edits": [[8, "frac_alpha", 1.5]],
     "expected": [["expect_column_values_to_be_between", "frac_alpha", [8]]]},
    {"label": "bad_language_code", "table": "paragraphs", "edits": [[1, "language", "EN"]],
     "expected": [["expect_column_values_to_match_regex", "language", [1]]]},
    {"label": "bad_doc_id", "table": "documents", "edits": [[9, "doc_id", "ABCDEF0123456789"]],
     "expected": [["expect_column_values_to_match_regex", "doc_id", [9]]]},
    {"label": "bad_source_format", "table": "documents", "edits": [[4, "source_format", "pdf"]],
     "expected": [["expect_column_values_to_be_in_set", "source_format", [4]]]},
    {"label": "date_out_of_range", "table": "documents", "edits": [[3, "published_date", "1850-01-01"]],
     "expected": [["expect_column_values_to_be_between", "published_date", [3]]]},
    {"label": "removed_duplicate_line", "table": "removed", "edits": [[4, "line_no", 1]],
     "expected": [["expect_compound_columns_to_be_unique", "doc_id,stage,line_no", [3, 4]]]},
    {"label": "removed_rule_not_snake_case", "table": "removed", "edits": [[0, "rule", "Leave a Reply"]],
     "expected": [["expect_column_values_to_match_regex", "rule", [0]]]},
    {"label": "reject_bad_stage", "table": "rejects", "edits": [[5, "stage", "upload"]],
     "expected": [["expect_column_values_to_be_in_set", "stage", [5]]]},
]


def _apply(case: dict) -> pa.Table:
    rows = valid_rows(case["table"])
    for row, column, value in case["edits"]:
        if isinstance(value, str) and value.startswith("@"):  # "@N": copy the value of row N
            value = rows[int(value[1:])][column]
        elif column == "published_date":
            value = dt.date.fromisoformat(value)
        rows[row][column] = value
    return to_table(case["table"], rows)


@pytest.mark.parametrize("engine", ["gx", "arrow"])
@pytest.mark.parametrize("case", VIOLATIONS, ids=[c["label"] for c in VIOLATIONS])
def test_violation_is_caught_at_the_right_rows(case, engine):
    report = v.validate_table(case["table"], _apply(case), engine=engine)
    failing = sorted([o.expectation, o.column, list(o.row_indices)] for o in report.outcomes if not o.success)
    assert failing == sorted([e, c, rows] for e, c, rows in case["expected"])
    assert not report.success
    assert report.failed_rows() == {r for _, _, rows in case["expected"] for r in rows}


def test_wrong_type_is_caught():
    data = to_table("paragraphs", valid_rows("paragraphs"))
    data = data.set_column(data.schema.get_field_index("position"), "position", data.column("position").cast(pa.int64()))
    report = v.validate_table("paragraphs", data)
    assert report.schema_errors == ("column 'position' has type int64, schema says int32",)
    [typed] = [o for o in report.outcomes if not o.success]
    assert (typed.expectation, typed.column, typed.row_indices) == ("expect_column_values_to_be_in_type_list", "position", ())
    assert not report.success and report.failed_rows() == set()


def test_missing_column_is_reported_not_raised():
    data = to_table("paragraphs", valid_rows("paragraphs")).drop_columns(["role"])
    report = v.validate_table("paragraphs", data)
    assert report.schema_errors == ("missing column 'role' (string)",)
    [role] = [o for o in report.outcomes if not o.success]
    assert role.column == "role" and role.error


# --- the Arrow engine (textmill.rowchecks) gives GX's reports ---------------------------------


def _engine_cases():
    """Every labelled violation, the valid tables, and edits GX's pandas view treats specially:
    nulls in an int column (examples become floats), null keys in a compound key (a null equals a
    null), NBSP-only and trailing-newline text (Python's regex semantics), NaN shares."""
    cases = [(c["label"], c["table"], _apply(c)) for c in VIOLATIONS]
    cases += [(f"valid_{t}", t, to_table(t, valid_rows(t))) for t in TABLES]
    edits = {
        "paragraphs": [(2, "char_start", 10**6), (5, "line_start", None), (7, "text", "\u00a0"), (8, "text_hash", _hex("p8", 16) + "\n"),
                       (9, "frac_alpha", float("nan")), (10, "paragraph_id", "@1")],
        "removed": [(6, "line_no", None), (8, "line_no", None), (8, "doc_id", "@6"), (1, "text", None)],
        "documents": [(1, "source_key", "@2"), (3, "n_words", None), (4, "text", "x\n"), (5, "language", "en\n")],
    }
    for table, changes in edits.items():
        rows = valid_rows(table)
        for row, column, value in changes:
            rows[row][column] = rows[int(value[1:])][column] if isinstance(value, str) and value.startswith("@") else value
        cases.append((f"edge_{table}", table, to_table(table, rows)))
    return cases


@pytest.mark.parametrize("label, table, data", _engine_cases(), ids=lambda x: x if isinstance(x, str) else "")
def test_arrow_engine_reports_what_gx_reports(label, table, data):
    arrow = v.validate_table(table, data, engine="arrow").to_dict()
    assert arrow == v.validate_table(table, data, engine="gx").to_dict()
    assert arrow["success"] == label.startswith("valid_")


def test_arrow_engine_hands_unknown_checks_to_gx(tmp_path):
    """A suite with an expectation type rowchecks does not evaluate runs on GX, not partly."""
    import shutil

    shutil.copy(v.expectations_dir() / "rejects.json", tmp_path / "rejects.json")
    suite = json.loads((tmp_path / "rejects.json").read_text())
    suite["expectations"].append({"type": "expect_column_value_lengths_to_be_between", "kwargs": {"column": "reason", "max_value": 5},
                                  "meta": {"why": "test"}})
    (tmp_path / "rejects.json").write_text(json.dumps(suite))
    report = v.validate_table("rejects", to_table("rejects", valid_rows("rejects")), tmp_path, engine="arrow")
    [long] = [o for o in report.outcomes if not o.success]
    assert long.expectation == "expect_column_value_lengths_to_be_between" and len(long.row_indices) == 12


# --- check_schema ---------------------------------------------------------------------------


def test_check_schema_accepts_valid_and_physical_variants():
    data = to_table("documents", valid_rows("documents"))
    assert v.check_schema("documents", data) == ()
    i = data.schema.get_field_index("text")  # Delta reads after MERGE give string_view
    viewed = data.set_column(i, "text", data.column("text").cast(pa.string_view()))
    assert v.check_schema("documents", viewed) == ()


def test_check_schema_errors():
    data = to_table("removed", valid_rows("removed"))
    data = data.drop_columns(["rule"]).append_column("extra", pa.array([1] * data.num_rows))
    data = data.set_column(0, "doc_id", pa.array([b"x"] * data.num_rows, pa.binary()))
    errors = v.check_schema("removed", data)
    assert errors == (
        "missing column 'rule' (string)",
        "unexpected column 'extra' (not in schemas/removed.v1.json)",
        "column 'doc_id' has type binary, schema says string",
    )


def test_check_schema_counts_nulls():
    rows = valid_rows("removed")
    rows[1]["text"] = rows[2]["text"] = None
    assert v.check_schema("removed", to_table("removed", rows)) == ("column 'text' is not nullable but has 2 null(s)",)


# --- reports --------------------------------------------------------------------------------


def test_report_dict_is_json_and_deterministic():
    case = next(c for c in VIOLATIONS if c["label"] == "date_out_of_range")  # a date example must serialise
    first = v.validate_table(case["table"], _apply(case)).to_dict()
    second = v.validate_table(case["table"], _apply(case)).to_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    [bad] = [o for o in first["outcomes"] if not o["success"]]
    assert bad["unexpected_examples"] == ["1850-01-01"] and bad["first_rows"] == [3]
    assert first["n_failed_rows"] == 1


def test_markdown_report_names_failures(reports_ok):
    bad = v.validate_table("paragraphs", _apply(next(c for c in VIOLATIONS if c["label"] == "bad_role")))
    text = v.render_report_markdown([reports_ok["documents"], bad])
    assert "## documents: passed" in text
    assert "## paragraphs: FAILED" in text
    assert '| expect_column_values_to_be_in_set | role | 1 | "footer" |' in text


def test_all_null_optional_columns_pass():
    """Nullable columns that are null everywhere (no dates found, no offsets) must not fail."""
    docs = valid_rows("documents")
    for row in docs:
        row.update(published_date=None, language=None, url=None, title=None)
    pars = valid_rows("paragraphs")
    for row in pars:
        row.update(char_start=None, char_end=None, language=None)
    for table, rows in (("documents", docs), ("paragraphs", pars)):
        report = v.validate_table(table, to_table(table, rows))
        assert report.success, report.to_dict()


def test_concurrent_validation_gives_the_same_report():
    """Prefect's thread runner validates shards in parallel: results must not bleed between calls."""
    from concurrent.futures import ThreadPoolExecutor

    cases = [c for c in VIOLATIONS if c["table"] == "paragraphs"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda c: v.validate_table("paragraphs", _apply(c)), cases))
    for case, report in zip(cases, reports):
        assert report.failed_rows() == {r for _, _, rows in case["expected"] for r in rows}, case["label"]
