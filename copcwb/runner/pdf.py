"""Printing HTML reports to PDF through headless Chromium (Debian's ``chromium``,
driven by Playwright with ``executable_path``; nothing is downloaded)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from copcwb.errors import CopcwbError

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """The Chromium executable (``COPCWB_CHROMIUM`` or ``chromium`` on PATH)."""
    found = os.environ.get("COPCWB_CHROMIUM") or shutil.which("chromium")
    if not found:
        raise CopcwbError(
            "PDF export needs Chromium: run `make system-packages` "
            "(Debian package chromium) or set COPCWB_CHROMIUM"
        )
    return found


def print_to_pdf(pages: Iterable[Path]) -> list[Path]:
    """Write ``<page>.pdf`` next to each HTML page (A4, backgrounds printed); return them."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise CopcwbError('PDF export needs Playwright: pip install "copcwb[pdf]"') from None

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for html in pages:
                page.goto(Path(html).resolve().as_uri(), wait_until="load")
                target = Path(html).with_suffix(".pdf")
                page.pdf(
                    path=str(target),
                    format="A4",
                    print_background=True,
                    margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"},
                )
                written.append(target)
        finally:
            browser.close()
    return written
