"""The organisation as one offline web page: the org chart with search, collapse and a side panel per role.

``write_site`` writes a single self-contained HTML file (style, script and data inline; nothing
is fetched when it is opened, from a file:// URL too). ``data.py`` decides what the page shows,
``page.py`` assembles the file, ``static/`` holds the page's style and script; the chart is
placed by the deck's tidy-tree layout (``static/layout.js`` is its port, checked against it).
"""

from __future__ import annotations

from pathlib import Path

from officegen.definition.model import Organization, subtree, without_names
from officegen.generators.site.data import page_data
from officegen.generators.site.page import render
from officegen.office.atomic import write_bytes

__all__ = ["SITE_FILE", "render_site", "write_site"]

SITE_FILE = "site.html"


def render_site(org: Organization, *, names: bool = True, department: str | None = None) -> str:
    """The page's HTML for ``org`` (see :func:`write_site` for the options)."""
    if not names:
        org = without_names(org)
    if department is not None:
        org = subtree(org, department)
    return render(page_data(org))


def write_site(org: Organization, target: str | Path, *, names: bool = True, department: str | None = None) -> Path:
    """Write the page to ``target`` atomically; returns ``target``.

    ``names=False`` leaves out holders' names (headcount and vacancies stay); ``department``
    (an id of ``org``) shows only that department's subtree, with its managers above as context:
    the model's views ``without_names`` and ``subtree``; ``org`` may be such a view already."""
    return write_bytes(target, render_site(org, names=names, department=department).encode("utf-8"))
