"""The way back: documents users edited (the RACI workbook) -> the definition's own text, edited in place."""
