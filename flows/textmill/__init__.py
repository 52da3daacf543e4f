"""textmill: raw scraped news text -> curated, versioned, paragraph-level dataset.

Public API (imported lazily so that `import textmill` stays cheap):

- `repair_text(text, config=None) -> str`, `explain_repair(text, config=None) -> RepairResult`,
  `RepairConfig`: text repair (textmill.repair);
- `load(table, release="latest", releases_dir="data/releases")`: a released table as a pyarrow Table.
"""

from __future__ import annotations

__version__ = "0.2.0"

_LAZY = {
    "repair_text": "textmill.repair",
    "explain_repair": "textmill.repair",
    "RepairConfig": "textmill.repair",
    "RepairResult": "textmill.repair",
    "load": "textmill.loading",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'textmill' has no attribute {name!r}")


__all__ = sorted(_LAZY)
