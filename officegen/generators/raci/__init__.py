"""The RACI workbook (.xlsx): ``write_raci(org, path)``; ``layout`` is what ``import-raci`` reads."""

from officegen.generators.raci.layout import FIRST_COL, FIRST_ROW, LABELS, SPARE_ROWS
from officegen.generators.raci.workbook import scheme_values, write_raci

__all__ = ["FIRST_COL", "FIRST_ROW", "LABELS", "SPARE_ROWS", "scheme_values", "write_raci"]
