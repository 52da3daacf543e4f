"""Checks of one labelled whole-document case (tests/cases/boilerplate/documents.json and
html_documents.json share the format): keep / gone snippets of the article text, the role of
the paragraph holding a snippet, the rule of the removed line holding one, metadata fields."""

from __future__ import annotations


def paragraph_holding(paragraphs, snippet: str):
    found = [p for p in paragraphs if snippet in p.text]
    assert found, f"no paragraph contains {snippet!r}"
    return found[0]


def check_document_case(doc, case: dict) -> None:
    article = doc.article_text()
    for snippet in case.get("keep", []):
        assert snippet in article, f"lost {snippet!r}"
    for snippet in case.get("gone", []):
        assert snippet not in article, f"kept {snippet!r}"
    for snippet, role in case.get("roles", {}).items():
        assert paragraph_holding(doc.paragraphs, snippet).role == role, snippet
    for snippet, rule in case.get("removed", {}).items():
        rules = [r.rule for r in doc.removed if snippet in r.text]
        assert rules == [rule], f"{snippet!r}: {rules}"
    for key, want in case.get("metadata", {}).items():
        got = getattr(doc.metadata, key)
        got = got.isoformat() if hasattr(got, "isoformat") else (list(got) if isinstance(got, tuple) else got)
        assert got == want, key
