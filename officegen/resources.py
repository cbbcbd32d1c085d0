"""Where the bundled templates live, installed (``officegen.templates``) or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def templates_dir() -> Path:
    """The folder holding the default templates (``templates/`` of the source tree)."""
    return _package_dir("officegen.templates", "templates")


def _package_dir(package: str, source_folder: str) -> Path:
    try:
        path = Path(str(resources.files(package)))
        if path.is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / source_folder


def sample_path(name: str = "ecommerce-team.yaml") -> Path:
    """A bundled sample organisation (``data/`` of the source tree), installed with the package."""
    return _package_dir("officegen.samples", "data") / name


def starter_definition() -> str:
    return (templates_dir() / "starter.yaml").read_text(encoding="utf-8")
