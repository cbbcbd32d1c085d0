"""The README keeps its promises: the two set-up commands, CI running them, every command documented."""

from __future__ import annotations

import re
from pathlib import Path

from officegen.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_readme_has_the_install_and_run_command():
    assert "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/officegen build" in _blocks()[0]


def test_ci_runs_the_readme_test_command():
    test_command = _blocks()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    apt = re.search(r"apt-get install (.*?) &&", test_command).group(1)
    assert f"$SUDO apt-get install -y -qq {apt.removeprefix('-y ')}" in ci
    assert "python3 -m venv .venv" in ci and ".venv/bin/pip install -q '.[test]'" in ci
    assert ".venv/bin/pip install '.[test]' && .venv/bin/pytest" in test_command
    assert ".venv/bin/pytest" in ci
    for check in re.findall(r"\.venv/bin/(?:ruff|mypy)[^&]*", test_command):
        assert check.strip() in ci, check


def test_every_command_is_in_the_readme():
    for name in cli.commands:
        assert f"officegen {name}" in README, name


def test_readme_pictures_exist_and_are_small():
    for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        path = ROOT / picture
        assert path.is_file(), picture
        assert path.stat().st_size < 300_000, picture


def test_every_package_is_installed_by_a_plain_pip_install():
    """pyproject lists its packages by name: a new folder left out works in the editable checkout
    and is missing from `pip install .` (as .ci/run and users install)."""
    line = re.search(r"^packages = \[(.*)\]$", (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    listed = set(re.findall(r'"([^"]+)"', line.group(1)))  # (tomllib is Python 3.11+)
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "officegen").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
