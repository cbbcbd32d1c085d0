"""officegen: one team definition in, the RACI workbook, job descriptions and org-chart deck out."""

__version__ = "0.1.0"
