"""Shared fixtures: the bundled samples, the real organisations, hostile text, synthetic sizes, LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from officegen.definition import load_organization
from officegen.definition.synthetic import write_synthetic

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TESTDATA = Path(__file__).resolve().parent / "data"
REALDATA = TESTDATA / "realdata"  # two real organisations (Apache-2.0, CC BY 4.0; see its README)

SAMPLE_ZH = DATA / "ecommerce-team.yaml"
SAMPLE_EN = DATA / "software-team.yaml"
HOSTILE = TESTDATA / "hostile.yaml"
REAL_COMPANY = REALDATA / "sourcegraph-2022.v1.yaml"
REAL_RACI = REALDATA / "microsoft-csa-raci.v1.yaml"


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """officegen speaks the user's locale (else the definition's): the tests read its messages in
    English unless they choose otherwise (tests/test_messages_language.py does)."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")


# Real-client tests are marked by the fixture they use, so no test has to remember its marker:
# `pytest -m "not libreoffice and not slow"` is the fast loop (README); CI runs everything.
_CLIENT_MARKERS = {"soffice": "libreoffice", "browser": "browser"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "big" in getattr(item, "fixturenames", ()) or {"big", "company"} & {str(v) for v in params.values()}:
            item.add_marker(pytest.mark.slow)  # the synthetic 10,000-person and the real 282-position company
        for fixture, marker in _CLIENT_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(getattr(pytest.mark, marker))
                if marker == "browser":
                    item.add_marker(pytest.mark.slow)  # a real browser start is seconds, not milliseconds


def load(path, lang=None):
    org, _ = load_organization(path, lang=lang)
    return org


@pytest.fixture(scope="session")
def org_zh():
    return load(SAMPLE_ZH)


@pytest.fixture(scope="session")
def org_en():
    return load(SAMPLE_EN)


@pytest.fixture(scope="session")
def org_hostile():
    return load(HOSTILE)


@pytest.fixture(scope="session")
def real_paths():
    """The two real organisations (tests/data/realdata): a 282-position company, a published RACI."""
    return REAL_COMPANY, REAL_RACI


@pytest.fixture(scope="session")
def synthetic_path(tmp_path_factory):
    """``synthetic_path(people)`` -> path of a deterministic synthetic definition (cached per size)."""
    cache: dict[int, Path] = {}
    folder = tmp_path_factory.mktemp("synthetic")

    def make(people: int) -> Path:
        if people not in cache:
            cache[people] = write_synthetic(folder / f"org-{people}.yaml", people)
        return cache[people]

    return make


@pytest.fixture(scope="session")
def soffice():
    """The LibreOffice binary; the test is skipped, saying why, where it is not installed."""
    from officegen.office.libreoffice import find_soffice

    found = find_soffice()
    if not found:
        if os.environ.get("OFFICEGEN_REQUIRE_LIBREOFFICE"):
            pytest.fail("OFFICEGEN_REQUIRE_LIBREOFFICE is set but LibreOffice is not installed")
        pytest.skip("LibreOffice (soffice) is not installed: real-client tests skipped; .ci/run installs it")
    return found


def _need(tool: str) -> None:
    if not shutil.which(tool):
        if os.environ.get("OFFICEGEN_REQUIRE_LIBREOFFICE"):
            pytest.fail(f"{tool} (poppler-utils) is required here but not installed")
        pytest.skip(f"{tool} (poppler-utils) is not installed")


def pdftotext(pdf: Path) -> str:
    _need("pdftotext")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdffonts(pdf: Path) -> str:
    _need("pdffonts")
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def _required(*names: str) -> bool:
    return any(os.environ.get(name) for name in names)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Chromium under Selenium (one for the session); skipped, saying why, where Chromium,
    chromedriver or selenium is missing, and failed instead where OFFICEGEN_REQUIRE_BROWSER (or
    OFFICEGEN_REQUIRE_LIBREOFFICE, which CI sets) asks for the real-client tests."""
    from officegen.office.browser import find_chromedriver, find_chromium, start_driver

    missing = [
        name for name, found in (("chromium", find_chromium()), ("chromedriver", find_chromedriver())) if not found
    ]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install '.[test]')")
    if missing:
        why = f"{', '.join(missing)} not installed: browser tests skipped; .ci/run installs chromium chromium-driver"
        if _required("OFFICEGEN_REQUIRE_BROWSER", "OFFICEGEN_REQUIRE_LIBREOFFICE"):
            pytest.fail(why.replace("browser tests skipped", "the browser tests are required here"))
        pytest.skip(why)
    driver = start_driver(tmp_path_factory.mktemp("chromium-profile"), 1400, 900)
    try:
        yield driver
    finally:
        driver.quit()


def pdf_pages(pdf: Path) -> int:
    """The page count of a PDF, by poppler's pdfinfo."""
    _need("pdfinfo")
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages:")))
