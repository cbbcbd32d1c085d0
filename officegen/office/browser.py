"""Headless Chromium as a real client for the web page: screenshots and PDFs, and a Selenium driver.

Like LibreOffice for the Office files, the browser is how we see what a reader sees. It is
started with a fresh profile each time and with everything that would reach the network off
(component updates, sync, background networking); Selenium is given the chromedriver path so
that Selenium Manager never tries to download one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from officegen.errors import OutputError, ToolMissingError

INSTALL_HINT = (
    "Chromium is not installed. Debian/Ubuntu: apt-get install chromium chromium-driver; "
    "macOS: brew install --cask chromium; or set OFFICEGEN_CHROMIUM to a Chrome or Chromium binary"
)
FLAGS = (
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
)


def find_chromium() -> str | None:
    """The Chromium (or Chrome) binary: ``OFFICEGEN_CHROMIUM``, else the usual names and places."""
    given = os.environ.get("OFFICEGEN_CHROMIUM")
    if given:
        return given if os.path.exists(given) else shutil.which(given)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    ):
        if os.path.exists(candidate):
            return candidate
    return None


def find_chromedriver() -> str | None:
    given = os.environ.get("OFFICEGEN_CHROMEDRIVER")
    if given:
        return given if os.path.exists(given) else shutil.which(given)
    return shutil.which("chromedriver")


def flags(profile: str | Path, width: int, height: int, scale: float = 1.0) -> list[str]:
    """Chromium's command-line switches for a headless run with ``profile`` as its user data."""
    out = [*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]
    if scale != 1.0:
        out.append(f"--force-device-scale-factor={scale:g}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        out.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return out


def start_driver(profile: str | Path, width: int = 1400, height: int = 900):
    """A Selenium Chrome driver on headless Chromium (selenium is a test dependency)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = find_chromium(), find_chromedriver()
    if not chromium or not driver:
        raise ToolMissingError(INSTALL_HINT)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in flags(profile, width, height):
        options.add_argument(flag)
    if "--no-sandbox" not in options.arguments:
        options.add_argument("--no-sandbox")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def capture(
    page: str | Path,
    *,
    png: Path | None = None,
    pdf: Path | None = None,
    width: int = 1280,
    height: int = 800,
    scale: float = 1.0,
    timeout: int = 120,
) -> list[Path]:
    """A screenshot (``png``) and/or the printed page (``pdf``) of the HTML file ``page``."""
    chromium = find_chromium()
    if chromium is None:
        raise ToolMissingError(INSTALL_HINT)
    url = Path(page).resolve().as_uri()
    written = []
    for target, switch in ((png, "--screenshot"), (pdf, "--print-to-pdf")):
        if target is None:
            continue
        target = Path(target)
        with tempfile.TemporaryDirectory(prefix="officegen-chromium-") as tmp:
            made = Path(tmp) / f"out{target.suffix}"
            cmd = [chromium, *flags(Path(tmp) / "profile", width, height, scale), f"{switch}={made}"]
            if switch == "--print-to-pdf":
                cmd.append("--no-pdf-header-footer")
            try:
                subprocess.run(cmd + [url], capture_output=True, timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                raise OutputError(f"{page}: Chromium did not finish within {timeout} s") from None
            if not made.is_file() or made.stat().st_size == 0:
                raise OutputError(f"{page}: Chromium wrote no {target.suffix.lstrip('.').upper()}")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(made), target)
        written.append(target)
    return written
