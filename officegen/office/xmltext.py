"""Text as XML character data: what XML 1.0 cannot hold, and the escaping, in one place for the
writers that write their XML as text (the workbook's sheets, the job descriptions' parts). The
deck's slide writer escapes the way python-pptx does (control characters as ``_xHHHH_``):
``generators/deck/slidexml.text``."""

from __future__ import annotations

import re

#: characters XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return; surrogates; U+FFFE/U+FFFF
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped, as ``xml.sax.saxutils.escape`` does (which imports
    urllib.request, http.client, ssl and email with it: a sixtieth of a second of every run)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
