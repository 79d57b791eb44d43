"""The rendered demo in a real browser (Debian's Chromium driven by Playwright):
no console errors, nothing requested beyond file://, every image loads, every
contents link lands on its section; full-page screenshots are kept; PDF printing
gives real pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from copcwb.runner import run_engagement
from copcwb.runner.pdf import CHROMIUM_ARGS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("chromium") is None, reason="Chromium missing: run `make system-packages`"
    ),
]


@pytest.fixture(scope="module")
def run_dir(demo_spec, tmp_path_factory) -> Path:
    result = run_engagement(demo_spec, tmp_path_factory.mktemp("browser"), pdf=True)
    assert result.status == "completed"
    return result.run_dir


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _pages(run_dir: Path) -> list[Path]:
    return [
        run_dir / "index.html",
        *sorted(run_dir.glob("*_*.html")),
        *sorted((run_dir / "evidence").glob("*.html")),
    ]


def test_pages_in_chromium(run_dir, browser, tmp_path_factory):
    shots = tmp_path_factory.mktemp("screenshots")
    for html in _pages(run_dir):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors, outside = [], []
        page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on(
            "request",
            lambda r, outside=outside: (
                not r.url.startswith(("file:", "data:")) and outside.append(r.url)
            ),
        )
        page.goto(html.as_uri(), wait_until="load")
        assert errors == [], (html.name, errors)
        assert outside == [], (html.name, outside)
        broken = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).length"
        )
        assert broken == 0, html.name
        missing_alt = page.eval_on_selector_all("img", "imgs => imgs.filter(i => !i.alt).length")
        assert missing_alt == 0, html.name
        targets = page.eval_on_selector_all(
            "nav.copcwb-toc a", "links => links.map(a => a.getAttribute('href').slice(1))"
        )
        for target in targets:
            assert page.locator(f"[id='{target}']").count() == 1, (html.name, target)
        if html.name != "index.html":
            assert targets, f"{html.name} has no table of contents"
        name = (
            f"{html.parent.name}-{html.stem}.png" if html.parent != run_dir else f"{html.stem}.png"
        )
        page.screenshot(path=str(shots / name), full_page=True)
        assert (shots / name).stat().st_size > 10_000
        page.close()
    print(f"screenshots in {shots}")


def test_contents_links_scroll_to_their_sections(run_dir, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((run_dir / "baseline_assessment.html").as_uri())
    links = page.locator("nav.copcwb-toc a")
    last = links.nth(links.count() - 1)
    target = last.get_attribute("href")
    last.click()
    top = page.eval_on_selector(f"[id='{target[1:]}']", "e => e.getBoundingClientRect().top")
    assert abs(top) < 50
    page.close()


def test_pdf_next_to_every_report(run_dir):
    for html in _pages(run_dir)[1:]:
        pdf = html.with_suffix(".pdf")
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 20_000, pdf.name
        assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2, pdf.name
