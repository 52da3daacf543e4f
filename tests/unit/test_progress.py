"""curate's progress reporter: plain lines off a terminal, a rich display on one, nothing when quiet."""

from __future__ import annotations

import io

from textmill import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_mode_follows_the_stream_and_quiet():
    assert progress.choose_mode(False, io.StringIO()) == "lines"
    assert progress.choose_mode(False, _Terminal()) == "bar"
    assert progress.choose_mode(True, _Terminal()) == "off"


def test_lines_count_shards_inputs_and_bytes():
    out = io.StringIO()
    report = progress.Progress("lines", out)
    report.start("shards", 2, 3_000_000)
    report.shard_done("shards", 10, 1_000_000)
    report.shard_done("shards", 5, 2_000_000)
    first, second = out.getvalue().splitlines()
    assert first.startswith("textmill: shards 1/2 shards, 10 inputs, 1.0/3.0 MB, ")
    assert second.startswith("textmill: shards 2/2 shards, 15 inputs, 3.0/3.0 MB, ") and second.endswith("ETA 0 s")


def test_bar_draws_on_a_terminal_and_quiet_prints_nothing():
    term = _Terminal()
    bar = progress.Progress("bar", term)
    bar.start("shards", 4, 4_000_000)
    bar.shard_done("shards", 7, 1_000_000)
    bar.close()
    assert "1/4" in term.getvalue() and "7 inputs" in term.getvalue()
    quiet = io.StringIO()
    off = progress.Progress("off", quiet)
    off.start("shards", 1, 1)
    off.shard_done("shards", 1, 1)
    assert quiet.getvalue() == ""


def test_without_a_command_the_flow_gets_a_silent_reporter():
    assert progress.current().mode == "off"
    with progress.installed("lines", io.StringIO()) as report:
        assert progress.current() is report
    assert progress.current().mode == "off"


def test_steps_are_lines_off_a_terminal_only():
    out = io.StringIO()
    progress.Progress("lines", out).step("committing the tables")
    assert out.getvalue() == "textmill: committing the tables\n"
    term, quiet = _Terminal(), io.StringIO()
    progress.Progress("bar", term).step("committing the tables")
    progress.Progress("off", quiet).step("committing the tables")
    assert term.getvalue() == "" and quiet.getvalue() == ""
