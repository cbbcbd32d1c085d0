"""What changed, as documents: the change log (.xlsx) and the change deck (.pptx), from a
:class:`~officegen.compare.Comparison`."""

from officegen.generators.changes.deck import build_change_deck, change_deck_bytes, write_change_deck
from officegen.generators.changes.workbook import build_change_log, change_log_bytes, write_change_log

__all__ = [
    "build_change_deck",
    "build_change_log",
    "change_deck_bytes",
    "change_log_bytes",
    "write_change_deck",
    "write_change_log",
]
