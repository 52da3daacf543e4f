"""What the HTML extractor leaves out is listed block by block, so it can be recorded."""

from __future__ import annotations

from textmill.pageblocks import dropped_blocks, page_blocks

PAGE = """<html><head><title>Council votes</title><script>var x = "not text";</script><style>p{}</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie">We use cookies. <button>Accept all</button></div>
<article><h1>Council votes</h1><p>The council voted on <b>Tuesday</b> to approve the budget.<br>It passed 5-2.</p>
<p hidden>Hidden teaser</p><p style="display: none">Also hidden</p>
<ul><li>First item of the list</li><li>Second item</li></ul></article>
<footer>© 2025 Courier. All rights reserved.</footer></body></html>"""


def test_blocks_in_order_without_scripts_styles_or_hidden_elements():
    blocks = page_blocks(PAGE)
    assert blocks[0] == "Council votes"  # <title>
    assert "Home News" in blocks and "Accept all" in blocks  # inline links stay on one line, as rendered
    assert "The council voted on Tuesday to approve the budget." in blocks and "It passed 5-2." in blocks
    assert not any("not text" in b or "p{}" in b or "hidden" in b.lower() for b in blocks)
    assert blocks[-1] == "© 2025 Courier. All rights reserved."


def test_dropped_blocks_are_those_missing_from_the_extracted_text():
    extracted = "Council votes\n\nThe council voted on Tuesday to approve the budget. It passed 5-2.\n\nFirst item of the list\n\nSecond item"
    blocks = page_blocks(PAGE)
    dropped = dropped_blocks(blocks, extracted)
    assert [t for _, t in dropped] == ["Home News", "We use cookies.", "Accept all", "© 2025 Courier. All rights reserved."]
    assert all(blocks[n - 1] == t for n, t in dropped)  # numbers are 1-based block positions


def test_trimmed_block_counts_as_kept_and_garbage_gives_no_blocks():
    blocks = ["The council voted on Tuesday to approve the budget after a long debate"]
    assert dropped_blocks(blocks, "the council voted on tuesday to approve the budget after a long debate, officials said") == []
    assert page_blocks("") == []
