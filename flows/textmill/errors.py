"""Errors sorted by consequence.

- `ConfigError` is fatal: bad config or schema files. The run stops with a message that says what
  to do; the CLI prints it without a traceback and exits 2.
- `RecordError` is per-record: the input becomes a row in the rejects table with `stage`, `reason`
  and a message; the run goes on.
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
