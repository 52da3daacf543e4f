"""Errors sorted by consequence.

- `ConfigError` is fatal: bad config or schema files. The run stops with a message that says what
  to do; the CLI prints it without a traceback and exits 2.
- `RecordError` is per-record: the input becomes a row in the rejects table with `stage`, `reason`
  and a message; the run goes on.
- `AccountingError` is a bug caught by the run's own bookkeeping (inputs seen != documents +
  rejects + unchanged): the run fails loudly before committing anything.
- Transient I/O errors are left as `OSError` so that Prefect task retries can act on them.
"""

from __future__ import annotations


class ConfigError(Exception):
    """A fatal configuration or schema problem: stop the run and tell the user what to fix."""


class RecordError(Exception):
    """One input record cannot become a document; it goes to the rejects table."""

    def __init__(self, stage: str, reason: str, message: str):
        super().__init__(f"{stage}/{reason}: {message}")
        self.stage = stage
        self.reason = reason
        self.message = message



class UnreadableInput(RecordError):
    """An input file vanished or cannot be opened between discovery and reading (reasons
    `vanished`, `unreadable`): a reject, not an error that stops the shard."""


class InternalRecordError(RecordError):
    """An unexpected exception while processing one record (a bug on an input nobody foresaw):
    the record becomes a reject with reason `internal_error` and the exception in the message,
    and the run goes on; the count is in the run summary."""

    def __init__(self, stage: str, exc: BaseException):
        super().__init__(stage, "internal_error", f"{type(exc).__name__}: {exc}"[:500])


class AccountingError(RuntimeError):
    """A run's inputs do not add up to what it wrote and skipped: fail the run, commit nothing."""
