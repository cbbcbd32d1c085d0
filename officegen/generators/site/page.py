"""The HTML file: a fixed shell, the page's style and script inline, the data as JSON.

Nothing in the file is fetched: the style and script are the package's ``static/`` files,
inlined, and the Content-Security-Policy allows exactly those two (by their SHA-256) and
nothing else, so no image, font, frame, form or connection can load even if text were to
become markup. User text reaches the page only inside the JSON block, with ``<``, ``>`` and
``&`` written as ``\\u003c`` etc. so that no ``</script>`` or ``<!--`` can end or bend it; the
script puts it on the page with ``textContent`` only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import cache
from importlib import resources

from officegen.generators.site.data import LETTER_COLOURS, palette

_STATIC = ("layout.js", "page.js")
#: characters that must not appear raw inside a script element (or that JavaScript reads as line ends)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@cache
def _static(name: str) -> str:
    return (resources.files("officegen.generators.site") / "static" / name).read_text(encoding="utf-8")


def script_text() -> str:
    """The page's one inline script: the layout, then the page."""
    return "\n".join(_static(name) for name in _STATIC)


def style_text() -> str:
    """The page's one inline style sheet: the static rules, then a class per department colour and letter."""
    rules = [_static("page.css")]
    for i, (fill, line) in enumerate(palette()):
        rules.append(f".c{i}{{background:#{fill};border-color:#{line}}}")
    for letter, (fill, text) in LETTER_COLOURS.items():
        rules.append(f".l{letter}{{background:#{fill};color:#{text}}}")
    return "\n".join(rules) + "\n"


def json_for_script(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">``: same value, no markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(c, c) for c in text) if any(c in text for c in _JSON_ESCAPES) else text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(data: dict) -> str:
    """The whole page for ``data`` (see :func:`officegen.generators.site.data.page_data`)."""
    script, style = script_text(), style_text()
    csp = (
        f"default-src 'none'; script-src {_sha256(script)}; style-src {_sha256(style)}; "
        "base-uri 'none'; form-action 'none'"
    )
    labels = data["labels"]
    title = data["name"] + (f" — {data['department']}" if data.get("department") else "") + f" — {labels['chart']}"
    e = html.escape
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{e(data["lang"])}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n<meta name="generator" content="officegen">\n'
        f"<title>{e(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f'<noscript><p class="noscript">{e(labels["noscript"])}</p></noscript>\n'
        '<script type="application/json" id="officegen-data">' + json_for_script(data) + "</script>\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
