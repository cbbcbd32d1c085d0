"""Shared concerns of writing Office files, one module each: atomic writes, safe file names,
reproducible zips, East Asian fonts, CJK-aware text measuring, guarded reading of user files,
LibreOffice headless (conversion, previews)."""
