"""Evaluation of textmill's output against labelled gold: the metric (:mod:`.metric`) and the
driver that curates a gold set with ``textmill curate``'s own flow and scores what it wrote
(:mod:`.driver`). Used by the quality gates in tests/quality and the scripts in bench/; not part
of the library, so nothing here can become a second pipeline."""
