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

from .project import ROOT
from .tools import missing

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
    missing("the system Chromium is missing: apt-get install chromium (tests/run.sh does)")


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site under ``base_path``, as a static host (GitHub Pages) does: what is
    missing gets the site's own 404.html, with status 404."""

    base_path = "/"

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not (path + "/").startswith(self.base_path):  # outside the site
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.base_path):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):  # keep test output readable
        pass


@contextmanager
def serve(directory: Path, base_path: str = "/"):
    """Serve ``directory`` on 127.0.0.1 on a free port at ``base_path`` (the path of the
    site's ``site_url``, where its absolute links such as the 404 page's point); yields the
    site's URL, without a trailing slash."""
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    handler = functools.partial(type("Handler", (_SiteHandler,), {"base_path": base_path}),
                                directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path.rstrip('/')}"
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


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, tags: list[str] | None = None,
                   include: list[str] | None = None) -> list[dict]:
    """Run axe-core (from node_modules, as package-lock.json says) on a Playwright page with
    the WCAG 2.2 AA and best-practice tags and the ``target-size`` rule on; on the whole
    document, or on the parts that the CSS selectors in ``include`` select.

    Returns the violations as compact dicts: rule id, impact and the failing nodes' targets.
    """
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (tests/run.sh does)")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async ([tags, include]) => await axe.run(include ? {include} : document, {
            runOnly: {type: 'tag', values: tags},
            rules: {'target-size': {enabled: true}},
            resultTypes: ['violations'],
        })""",
        [tags or AXE_TAGS, [[selector] for selector in include] if include else None],
    )
    return [{"id": v["id"], "impact": v["impact"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]
