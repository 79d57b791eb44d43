"""How fast the reports open in Chromium: the demo (3 programs) against an engagement of
80 programs and 80 queues (the demo's inputs copied, ``tests/many_programs.py``).

Runs both engagements (or takes their run folders), then opens every client and
evidence report in headless Chromium (Debian's ``chromium`` through Playwright), each
``--rounds`` times in a fresh page, and prints per page: its size, the median time from
navigation to the load event (the browser's own Navigation Timing) and to the first
paint of content, and the ratio of the 80-program page to the same page of the demo,
measured in the same browser. An empty page is timed too, for the browser's fixed cost.
Target: every 80-program report under 5 MB and loaded in under 2 s.

    python benchmarks/bench_report_load.py [--programs 80] [--rounds 5]
        [--demo-run RUN_DIR --many-run RUN_DIR]

This script prints; it never asserts.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # many_programs.py

PAGES = [
    f"{folder}{nb}.html"
    for folder in ("", "evidence/")
    for nb in ("baseline_assessment", "csat_drivers", "forecast_accuracy")
]
TIMING = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return [nav.loadEventEnd - nav.startTime, paint ? paint.startTime : NaN];
}"""


def run(spec: Path, out: Path) -> Path:
    """Run the engagement ``spec`` under ``out``; its run folder."""
    from copcwb.runner import run_engagement

    started = time.perf_counter()
    result = run_engagement(spec, out)
    print(f"ran {spec.parent.name}: {result.status} in {time.perf_counter() - started:.0f} s")
    return result.run_dir


def engagements(programs: int, work: Path) -> tuple[Path, Path]:
    """Run folders of the demo and of the engagement of ``programs`` programs."""
    from many_programs import write_many_programs

    from copcwb.demo import write_demo

    demo = run(write_demo(work / "demo"), work / "demo-run")
    many = run(write_many_programs(work / "many", programs, programs), work / "many-run")
    return demo, many


def load_times(browser, path: Path, rounds: int) -> tuple[float, float]:
    """Median milliseconds to the load event and to the first contentful paint."""
    loads, paints = [], []
    for _ in range(rounds):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri(), wait_until="load")
        load, paint = page.evaluate(TIMING)
        loads.append(load)
        paints.append(paint)
        page.close()
    painted = [p for p in paints if p == p]  # a page can load before its first paint
    return statistics.median(loads), statistics.median(painted) if painted else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--demo-run", type=Path)
    parser.add_argument("--many-run", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from copcwb.runner.pdf import CHROMIUM_ARGS, chromium_path

    with tempfile.TemporaryDirectory(prefix="copcwb-bench-load-") as tmp:
        work = Path(tmp)
        if args.demo_run and args.many_run:
            demo, many = args.demo_run, args.many_run
        else:
            demo, many = engagements(args.programs, work)
        blank = work / "blank.html"
        blank.write_text("<!doctype html><title>blank</title><p>blank</p>", encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            load_times(browser, blank, 1)  # warm the browser up
            empty, _ = load_times(browser, blank, args.rounds)
            print(f"\nempty page: {empty:.0f} ms to load (the browser's fixed cost)")
            print(f"\n{'page':36} {'MB (3 / many)':>15} {'load ms (3 / many)':>20} "
                  f"{'paint ms (many)':>16} {'ratio':>6}")  # fmt: skip
            worst = 0.0
            for name in PAGES:
                small, large = demo / name, many / name
                d_load, _ = load_times(browser, small, args.rounds)
                m_load, m_paint = load_times(browser, large, args.rounds)
                worst = max(worst, m_load)
                sizes = f"{small.stat().st_size / 1e6:.2f} / {large.stat().st_size / 1e6:.2f}"
                loads = f"{d_load:.0f} / {m_load:.0f}"
                print(f"{name:36} {sizes:>15} {loads:>20} {m_paint:>16.0f} {m_load / d_load:>6.2f}")
            browser.close()
        largest = max((many / n).stat().st_size for n in PAGES) / 1e6
        print(
            f"\n{args.programs} programs: largest report {largest:.2f} MB (target < 5), "
            f"slowest load {worst / 1000:.2f} s (target < 2)"
        )
        if shutil.which("chromium") is None:
            print("(no chromium on PATH: COPCWB_CHROMIUM was used)")


if __name__ == "__main__":
    main()
