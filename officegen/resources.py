"""Where the bundled templates live, installed (``officegen.templates``) or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def templates_dir() -> Path:
    """The folder holding the default templates (``templates/`` of the source tree)."""
    try:
        path = Path(str(resources.files("officegen.templates")))
        if path.is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "templates"


def starter_definition() -> str:
    return (templates_dir() / "starter.yaml").read_text(encoding="utf-8")
