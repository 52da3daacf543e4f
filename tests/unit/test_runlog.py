"""The run's accounting: inputs seen = documents written + rejects written + unchanged skipped."""

from __future__ import annotations

import pytest

from textmill.errors import AccountingError
from textmill.runlog import accounting
from textmill.staging import ShardSummary


def _shard(n_inputs: int, docs: int, rejects: int, unchanged: int) -> ShardSummary:
    return ShardSummary(index=0, n_inputs=n_inputs, n_bytes=0, rows={}, processed_ids=[f"d{i}" for i in range(docs)],
                        rejected_ids=[f"r{i}" for i in range(rejects)], unchanged_ids=[f"u{i}" for i in range(unchanged)])


def test_inputs_that_add_up_are_counted_per_run():
    assert accounting([_shard(5, 2, 1, 2), _shard(1, 0, 1, 0)]) == {
        "inputs_seen": 6, "documents_written": 2, "rejects_written": 2, "unchanged_skipped": 2}


@pytest.mark.parametrize("shard", [_shard(4, 2, 1, 0), _shard(2, 2, 1, 0)], ids=["an input lost", "an input counted twice"])
def test_inputs_that_do_not_add_up_fail_the_run(shard):
    with pytest.raises(AccountingError, match="nothing was committed"):
        accounting([shard])
