"""The DOM-block classifier's pieces on tiny inline pages: blocks and what the DOM says about
them, matching against trafilatura's text, features, and how verdicts become the text to segment."""

from __future__ import annotations

import json

import lxml.html
import numpy as np
import pytest

from textmill.htmlblocks import EXTRACTOR_RULE, MODEL_RULE, SPLIT_MIN_WORDS, assemble, page_features
from textmill.htmlblocks.dom import FLAG_NAMES, class_mask, dom_blocks
from textmill.htmlblocks.features import FEATURES, OWN
from textmill.htmlblocks.match import match_blocks

PAGE = """<html><head><title>Council votes</title><script>var x = "not text";</script><style>p{}</style></head>
<body><nav class="main-menu"><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie">We use cookies. <button>Accept all</button></div>
<article class="story-body"><h1>Council votes</h1><p>The council voted on <b>Tuesday</b> to approve the budget.<br>It passed 5-2.</p>
<p hidden>Hidden teaser</p><p style="display: none">Also hidden</p>
<ul><li>First item of the list</li><li>Second item</li></ul></article>
<footer>© 2025 Courier. All rights reserved.</footer></body></html>"""
EXTRACTED = ["Council votes", "The council voted on Tuesday to approve the budget. It passed 5-2.",
             "First item of the list", "Second item"]


def _blocks(html=PAGE):
    return dom_blocks(lxml.html.fromstring(html))


def _flag(block, name):
    return bool((block.path_mask >> FLAG_NAMES.index(name)) & 1)


def test_blocks_in_order_without_scripts_styles_or_hidden_elements():
    blocks = _blocks()
    texts = [b.text for b in blocks]
    assert texts[0] == "Council votes" and blocks[0].tag == "title"
    assert "Home News" in texts and "Accept all" in texts  # inline links stay on one line, as rendered
    assert "The council voted on Tuesday to approve the budget." in texts and "It passed 5-2." in texts
    assert not any("not text" in t or "p{}" in t or "hidden" in t.lower() for t in texts)
    assert texts[-1] == "© 2025 Courier. All rights reserved."
    assert lxml.html.fromstring("<html><body></body></html>") is not None and _blocks("<html><body></body></html>") == []


def test_block_records_its_element_links_and_where_it_sits():
    by_text = {b.text: b for b in _blocks()}
    menu, para, br, item, foot = (by_text[t] for t in ("Home News", "The council voted on Tuesday to approve the budget.",
                                                     "It passed 5-2.", "First item of the list",
                                                     "© 2025 Courier. All rights reserved."))
    assert menu.tag == "nav" and menu.link_chars == len("HomeNews") and _flag(menu, "cls_nav") and _flag(menu, "in_nav")
    assert para.tag == "p" and para.link_chars == 0 and _flag(para, "cls_content") and _flag(para, "in_article")
    assert not _flag(para, "in_nav") and not _flag(para, "cls_nav")
    assert br.tag == "br"  # a line break started it
    assert item.tag == "li" and _flag(item, "in_li") and item.depth > para.depth
    assert foot.tag == "footer" and _flag(foot, "in_footer") and not _flag(foot, "in_article")
    # class tokens by prefix, not substring: "shadow" is not an ad, "ad-slot" is
    assert class_mask("shadow") == 0 and class_mask("ad-slot") != 0 and class_mask("Comment-List") != 0


def test_match_marks_what_trafilatura_kept_and_where():
    texts = [b.text for b in _blocks()]
    kept, anchor = match_blocks(texts, EXTRACTED)
    got = {t: (bool(k), int(a)) for t, k, a in zip(texts, kept, anchor)}
    assert got["Home News"] == (False, -1) and got["We use cookies."] == (False, -1)
    assert got["It passed 5-2."] == (True, 1) and got["Second item"] == (True, 3)
    # whole words only: "on" is not kept because "council voted on" is
    kept, _ = match_blocks(["on", "the council voted on tuesday to approve the budget after a long debate"],
                           ["The council voted on Tuesday to approve the budget after a long debate, officials said"])
    assert kept.tolist() == [True, True]
    kept, _ = match_blocks(["Questions"], ["The question stands."])
    assert kept.tolist() == [False]


def test_features_one_row_per_block_in_the_model_order():
    tree = lxml.html.fromstring(PAGE)
    blocks, kept, anchor, X = page_features(tree, EXTRACTED, frozenset({"the", "on", "to", "of"}))
    assert X.shape == (len(blocks), len(FEATURES)) and np.isfinite(X).all()
    col = {name: i for i, name in enumerate(FEATURES)}
    i = [b.text for b in blocks].index("Home News")
    assert X[i, col["link_share"]] == pytest.approx(len("HomeNews") / len("Home News"))
    assert X[i, col["traf_kept"]] == 0 and X[i, col["in_nav"]] == 1
    j = [b.text for b in blocks].index("The council voted on Tuesday to approve the budget.")
    assert X[j, col["traf_kept"]] == 1 and X[j, col["stop_density"]] > 0.2 and X[j, col["ends_sentence"]] == 1
    assert X[j, col["traf_kept@-1"]] == 1 and X[0, col["traf_kept@-1"]] == -1  # -1: the page edge
    assert len(OWN) < len(FEATURES)


class _B:
    def __init__(self, text, tag="p", link_chars=0):
        self.text, self.tag, self.link_chars = text, tag, link_chars


def test_assemble_restores_drops_and_records_every_left_out_block():
    blocks = [_B("Site", "title"), _B("Menu", "nav", 4), _B("First paragraph."), _B("A lost paragraph.", "h2"),
              _B("Second paragraph."), _B("Related story", "li", 13)]
    extracted = ["First paragraph.", "Second paragraph.", "Related story"]
    kept = np.array([False, False, True, False, True, True])
    anchor = np.array([-1, -1, 0, -1, 1, 2])
    p = np.array([0.99, 0.1, 0.9, 0.95, 0.9, 0.01])
    page = assemble(extracted, ("p", "p", "item+link"), blocks, kept, anchor, p, 0.8, 0.05)
    assert page.text.split("\n\n") == ["First paragraph.", "A lost paragraph.", "Second paragraph."]
    assert page.structure == ("p", "head", "p") and page.restored == 1  # the page title is never restored
    assert page.drops == ((1, "Site", EXTRACTOR_RULE), (2, "Menu", EXTRACTOR_RULE), (6, "Related story", MODEL_RULE))
    # without verdicts: trafilatura's text as it is, every block it left out recorded
    page = assemble(extracted, ("p", "p", "item+link"), blocks, kept, anchor, None, 0.8, 0.05)
    assert page.text.split("\n\n") == extracted and [n for n, _, _ in page.drops] == [1, 2, 4]
    # the model never empties a page
    page = assemble(extracted, ("p", "p", "p"), blocks, kept, anchor, np.zeros(6), 0.8, 0.5)
    assert page.text.split("\n\n") == extracted and all(rule == EXTRACTOR_RULE for _, _, rule in page.drops)


def test_assemble_never_guts_a_page():
    """Drops that would leave less than MIN_KEPT_SHARE of trafilatura's words are not made (a
    page whose body the model would drop, keeping its byline); drops that trafilatura's text
    survives, or that restored article text replaces, are."""
    body = "The council voted on Tuesday to approve the budget for the harbour and the old pier. " * 3
    blocks = [_B("By Bill Hall"), _B(body), _B("Share this story")]
    extracted = ["By Bill Hall", body, "Share this story"]
    kept, anchor = np.array([True, True, True]), np.array([0, 1, 2])
    p = np.array([0.9, 0.1, 0.1])  # the body and the share line below drop_threshold
    page = assemble(extracted, ("p", "p", "p"), blocks, kept, anchor, p, 0.8, 0.3)
    assert page.text.split("\n\n") == extracted and not page.drops
    p = np.array([0.9, 0.9, 0.1])  # only the share line goes: well above the floor
    page = assemble(extracted, ("p", "p", "p"), blocks, kept, anchor, p, 0.8, 0.3)
    assert page.text.split("\n\n") == extracted[:2] and page.drops == ((3, "Share this story", MODEL_RULE),)
    # trafilatura took the comments; the model drops them and restores the article
    comments = "Great post, thanks! " * 8
    blocks = [_B("Budget approved", "h1"), _B(body), _B(comments)]
    kept, anchor = np.array([True, False, True]), np.array([0, -1, 1])
    page = assemble(["Budget approved", comments], ("head", "p"), blocks, kept, anchor, np.array([0.9, 0.95, 0.05]),
                    0.8, 0.3)
    assert page.text.split("\n\n") == ["Budget approved", body] and page.drops == ((3, comments, MODEL_RULE),)


def test_assemble_cuts_a_page_long_block_into_its_page_blocks():
    """A block of SPLIT_MIN_WORDS words or more that holds several page blocks (trafilatura
    returned a page of <br> lines as one paragraph) is cut where they start: its own text, each
    part tagged from its element, so the model's drops act on the parts; a shorter block, a
    table row, or one whose page blocks do not make up its words stays whole."""
    lines = [f"Line {k} of the story tells what the council decided about the harbour." for k in range(30)]
    head, menu = "Home News Sport", "Harbour budget approved"
    long_block = " ".join([head, menu] + lines)
    assert len(long_block.split()) >= SPLIT_MIN_WORDS
    blocks = [_B(head, "div", len(head)), _B(menu, "h1")] + [_B(t, "br") for t in lines] + [_B("Home", "li", 4)]
    kept = np.ones(len(blocks), dtype=bool)
    anchor = np.zeros(len(blocks), dtype=np.int64)  # all in block 0 ('Home' occurs inside it too)
    p = np.array([0.05, 0.9] + [0.9] * 30 + [0.05])
    page = assemble([long_block], ("p",), blocks, kept, anchor, p, 0.8, 0.3)
    assert page.text.split("\n\n") == [menu] + lines and page.structure == ("head",) + ("p",) * 30
    assert page.drops == ((1, head, MODEL_RULE),)
    page = assemble([long_block], ("row",), blocks, kept, anchor, p, 0.8, 0.3)
    assert page.text == long_block  # a table row is one line of its table
    # words no page block holds stay with the part before them: nothing of the text is lost
    page = assemble([long_block + " and more words"], ("p",), blocks, kept, anchor, p, 0.8, 0.3)
    assert page.text.split("\n\n")[-1] == lines[-1] + " and more words"
    page = assemble([long_block.replace("Line 5 of", "Line 5 was")], ("p",), blocks, kept, anchor, p, 0.8, 0.3)
    assert page.text.split("\n\n") == [long_block.replace("Line 5 of", "Line 5 was")]  # its blocks do not make it up
    short = [_B(head, "div", len(head)), _B(menu, "h1")]
    page = assemble([f"{head} {menu}"], ("p",), short, np.ones(2, dtype=bool), np.zeros(2, dtype=np.int64),
                    np.array([0.05, 0.9]), 0.8, 0.3)
    assert page.text == f"{head} {menu}" and not page.drops


def _tiny_pages():
    """Six one-site pages through the training script's own page_record (the pipeline's HTML code)."""
    from textmill.models.train_html_blocks import page_record

    pages = []
    for k in range(6):
        story = [f"The council of town {k} voted on Tuesday to approve the budget for the harbour and the pier.",
                 f"Members of council {k} said the plan would repair the old pier before the summer season begins."]
        html = (f"<html><head><title>Town {k}</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
                f"<li><a href='/s'>Sport</a></li></ul></nav><article><h1>Budget {k}</h1>"
                + "".join(f"<p>{s}</p>" for s in story)
                + "</article><div class='related'><a href='/x'>Another story about the harbour</a></div>"
                "<footer>© 2025 Courier. All rights reserved.</footer></body></html>")
        pages.append(page_record({"id": str(k), "url": f"https://site{k}.example/a", "html": html,
                                  "gold_paragraphs": story}, "dev_html"))
    return pages


def test_training_labels_from_gold_and_is_deterministic():
    pytest.importorskip("lightgbm", reason="the train extra: pip install 'textmill[train]'")
    from textmill.htmlblocks.model import BlockModel
    from textmill.models import train_html_blocks as T

    pages = _tiny_pages()
    labels = dict(zip(pages[0]["texts"], pages[0]["y"].tolist()))
    assert labels["Home"] == 0 and labels["© 2025 Courier. All rights reserved."] == 0
    assert labels[pages[0]["gold"]["gold_paragraphs"][0]] == 1
    assert T.label_blocks(["Keep this sentence.", "Drop me", "Neither"],
                          {"with": ["this sentence"], "without": ["Drop me"]}).tolist() == [1, 0, -1]
    first = json.dumps(T.fit(pages), sort_keys=True)
    assert json.dumps(T.fit(_tiny_pages()), sort_keys=True) == first
    model = BlockModel(json.loads(first))
    assert model.predict(pages[0]["X"]).shape == (len(pages[0]["texts"]),)


def test_gate_pages_are_never_training_data():
    from textmill.models.train_html_blocks import excluded_ids

    ids = excluded_ids()
    assert len(ids) >= 100 and "trafilatura_eval:1337kultur.de.picard.html" in ids
