"""The structure-chart deck (.pptx): ``write_deck(org, path)``."""

from officegen.generators.deck.slides import build_presentation, write_deck

__all__ = ["build_presentation", "write_deck"]
