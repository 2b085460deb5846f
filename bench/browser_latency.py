"""What a reader feels in the browser: key press on a what-if slider -> repainted readout and chart.

    make bench                                  # includes it; ARGS=--no-browser skips it
    .venv/bin/python -m bench.browser_latency [--presses 15]

Starts the plan dashboard (`shanxi dashboard`, Voila) and JupyterLab with the what-if notebook on
127.0.0.1, drives them with Playwright in Debian's Chromium (/usr/bin/chromium) and, for each key
press (ArrowRight / ArrowLeft on the first slider), measures in the page from performance.now()
before the press to the first animation frame after both the readout's text and the chart have
changed (tests/test_browser_dashboard.py checks with the same measurement that each press repaints;
how long it takes is asserted here only, not in a test).  Goal (from the project's issue): median
< 150 ms in each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 0.150


def _helpers():
    sys.path.insert(0, str(ROOT / "tests"))
    import browser  # the tests' helpers: servers on free ports, temporary HOME, the measurement

    return browser


def bench_browser_latency(presses: int = 15) -> list[dict]:
    from playwright.sync_api import sync_playwright

    b = _helpers()
    if not Path(b.CHROMIUM).exists():
        return [
            {
                "name": "browser latency (skipped: no /usr/bin/chromium)",
                "seconds": float("nan"),
                "floor": "",
                "floor_seconds": None,
                "ratio": None,
                "goal": "",
                "met": None,
            }
        ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=b.CHROMIUM, args=b.CHROMIUM_ARGS)
        try:
            for where in ("Voila", "JupyterLab"):
                folder = Path(tmp) / where
                folder.mkdir()
                server = (
                    b.voila_dashboard(folder)
                    if where == "Voila"
                    else b.jupyterlab(folder, ROOT / "notebooks" / "4_what_if_scenarios.ipynb")
                )
                with server as url:
                    page = chromium.new_page(viewport={"width": 1280, "height": 900})
                    if where == "JupyterLab":
                        b.open_whatif_in_jupyterlab(page, url)
                    else:
                        page.goto(url)
                        page.locator(".scenario-readout").wait_for(state="visible", timeout=120_000)
                    times = b.slider_latencies(page, presses)
                    page.close()
                median = statistics.median(times) / 1000
                rows.append(
                    {
                        "name": f"slider key press -> repaint, {where} (median of {len(times)})",
                        "seconds": median,
                        "floor": f"each press (ms): {[round(t) for t in times]}",
                        "floor_seconds": None,
                        "ratio": None,
                        "goal": "median < 0.150 s",
                        "met": median < GOAL_S,
                    }
                )
        finally:
            chromium.close()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser_latency")
    parser.add_argument("--presses", type=int, default=15, help="key presses measured in each app (default 15)")
    args = parser.parse_args(argv)
    for r in bench_browser_latency(args.presses):
        print(
            f"{r['name']}: {r['seconds'] * 1000:.0f} ms  ({r['goal']} {'met' if r['met'] else 'MISSED'})  {r['floor']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
