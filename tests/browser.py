"""Serve a built site on localhost and drive the system Chromium with Playwright.

Nothing downloads a browser: Playwright is pointed at Debian's /usr/bin/chromium. In CI
(CI=true) a missing browser fails the run; elsewhere the browser tests skip with the reason.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    """The system Chromium, or fail (in CI) / skip (elsewhere) saying how to install it."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    message = "the system Chromium is missing: apt-get install chromium (tests/run.sh does)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def launch():
    """A headless system Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core (from node_modules, as package-lock.json says) on a Playwright page with
    the WCAG 2.2 AA and best-practice tags and the ``target-size`` rule on.

    Returns the violations as compact dicts: rule id, impact and the failing nodes' targets.
    """
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (tests/run.sh does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            rules: {'target-size': {enabled: true}},
            resultTypes: ['violations'],
        })""",
        tags or AXE_TAGS,
    )
    return [{"id": v["id"], "impact": v["impact"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]
