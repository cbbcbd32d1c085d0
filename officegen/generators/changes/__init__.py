"""What changed, as documents: the change log (.xlsx) and the change deck (.pptx), from a
:class:`~officegen.compare.Comparison`."""

from officegen.generators.changes.deck import build_change_deck, save_change_deck, write_change_deck
from officegen.generators.changes.workbook import build_change_log, save_change_log, write_change_log

__all__ = [
    "build_change_deck",
    "build_change_log",
    "save_change_deck",
    "save_change_log",
    "write_change_deck",
    "write_change_log",
]
