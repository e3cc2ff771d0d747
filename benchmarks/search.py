"""Search on a region-sized directory: Pagefind (assetmap's Find page) against Material's
built-in search (lunr.js), on the same built site, in the same run.

    python benchmarks/search.py 1000 10000 20000 [--words wide,narrow]

For each N (and each vocabulary): the synthetic inventory of ``build_site.py`` in English and
French (``wide``: words drawn from about a thousand per language, as in a real directory;
``narrow``: from about thirty, the worst case for an index), built once
with Material's ``search`` plugin switched on as well, so both searches index the same pages.
Reports the build time of the site, of the Pagefind index and of Material's index, the size of
each index on disk, then, in the system Chromium on localhost (served gzipped, as GitHub Pages
serves text), for a few typical queries, each in a fresh browser with an empty cache:

- bytes: everything the browser received from opening the page until the first results of the
  query showed (compressed, with headers), and of that what the search needed; the Find page
  is measured without Material's index, which it would not load on the published site;
- ready: from opening the page until the search box can answer (Find page: its first list
  shown; Material: its index built in the worker);
- time to first results: from the last key typed until the first result is on screen (the
  Find page waits for a pause in typing first: find.js's TYPING_PAUSE, 250 ms).

A benchmark, not a test. Needs the system Chromium and Playwright (tests/run.sh installs them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import json
import logging
import re
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from build_site import VOCABULARIES, only_languages, write_inventory  # noqa: E402

import assetmap.build.search  # noqa: E402
from assetmap.build.site import build_site, copy_project  # noqa: E402

LANGUAGES = ("en", "fr")
QUERIES = [("en", "garden"), ("en", "yoga seniors"), ("fr", "jardin")]
TIMEOUT_MS = 150_000
GZIPPED = {".html", ".js", ".css", ".json", ".xml", ".svg", ".txt"}
HEADERS = 200  # about the bytes of a response's status line and headers


# --- building -------------------------------------------------------------------------------

class Stopwatch:
    """Time spent in some functions, added up by name."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    def wrap(self, name: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start
        return timed


def with_material_search(config_file: Path) -> None:
    """Switch Material's built-in search on in the scratch project, before static-i18n, and
    the PDF sheets off.

    static-i18n's removal of pages indexed twice (``reconfigure_search``) compares every
    page of the default language with every page of the others: about an hour at 20,000
    assets in two languages. It is switched off here, which leaves Material's index no smaller
    and its build time on the low side."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"].insert(0, "search")
    # The PDF sheets have nothing to do with search, and take longer than all the rest
    # (benchmarks/build_site.py measures them)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["reconfigure_search"] = False
        if isinstance(plugin, dict) and "assetmap" in plugin:
            plugin["assetmap"]["pdf_sheets"] = False
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")


def build(count: int, scratch: Path, words: str = "wide") -> dict:
    """Build the site of ``count`` synthetic assets with both searches; time each part."""
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs_static_i18n.plugin import I18n

    write_inventory(scratch / "inventory", count, dt.date.today(), LANGUAGES, words)
    config = copy_project(scratch / "project", scratch / "inventory")
    only_languages(config, LANGUAGES)
    with_material_search(config)
    watch = Stopwatch()
    originals = {"index_site": assetmap.build.search.index_site}
    assetmap.build.search.index_site = watch.wrap("pagefind", assetmap.build.search.index_site)
    for name in ("on_page_context", "on_post_build"):
        originals[name] = getattr(SearchPlugin, name)
        setattr(SearchPlugin, name, watch.wrap("material", originals[name]))
    # static-i18n gathers every language's entries into Material's index, then writes it
    originals["reconfigure_search_index"] = I18n.reconfigure_search_index
    I18n.reconfigure_search_index = watch.wrap("material", I18n.reconfigure_search_index)
    try:
        start = time.perf_counter()
        ok = build_site(config)
        total = time.perf_counter() - start
    finally:
        assetmap.build.search.index_site = originals.pop("index_site")
        I18n.reconfigure_search_index = originals.pop("reconfigure_search_index")
        for name, function in originals.items():
            setattr(SearchPlugin, name, function)
    if not ok:
        raise SystemExit(f"the build of {count} assets failed")
    site = scratch / "project" / "site"
    pagefind, material = watch.seconds.get("pagefind", 0.0), watch.seconds.get("material", 0.0)
    return {"assets": count, "words": words, "site": site, "total_s": total, "pagefind_s": pagefind,
            "material_s": material, "site_s": total - pagefind - material,
            "pagefind_bytes": _size(site / "pagefind"),
            "material_bytes": _size(site / "search")}


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- serving, as GitHub Pages does: text gzipped ----------------------------------------------

class GzipHandler(SimpleHTTPRequestHandler):
    """Serves text gzipped, and notes the bytes of every response it sends (the browser's own
    count misses what Pagefind's and Material's web workers fetch)."""

    cache: dict[str, bytes] = {}
    sent: list[tuple[str, int]] = []  # (path, bytes), in order
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in GZIPPED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            body = super().send_head()
            self._note(path.stat().st_size if path.is_file() else 0)
            return body
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._note(len(body))
        return BytesIO(body)

    def _note(self, size: int) -> None:
        with self.lock:
            self.sent.append((self.path, size + HEADERS))

    @classmethod
    def total(cls, only: tuple[str, ...] = ()) -> int:
        with cls.lock:
            return sum(size for path, size in cls.sent
                       if not only or any(part in path for part in only))

    @classmethod
    def reset(cls) -> None:
        with cls.lock:
            cls.sent.clear()


@contextmanager
def serve(directory: Path):
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- measuring in the browser -------------------------------------------------------------

SEARCH_URLS = {"pagefind": ("/pagefind/", "/entries/", "/javascripts/find.js"),
               "material": ("/search/search_index.json", "/workers/search", "/lunr/")}

# Notes when each key is typed, and when the first results of the whole query show
# (performance.now()): on the Find page when its list, which says which query it is for, has
# an entry; in Material's box when the whole query is typed and a result has its first word.
WATCH_PAGEFIND = """(query) => {
  window.__firstResult = null;
  document.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
  const list = document.querySelector('[data-am-list]');
  new MutationObserver(() => {
    if (window.__firstResult === null && list.dataset.amQuery === query
        && list.querySelector('article')) {
      window.__firstResult = performance.now();
    }
  }).observe(list, {childList: true});
}"""
WATCH_MATERIAL = """([term, word]) => {
  window.__firstResult = null;
  document.addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
  const list = document.querySelector('.md-search-result__list');
  const input = document.querySelector('.md-search__input');
  new MutationObserver(() => {
    const first = list.querySelector('li');
    if (window.__firstResult === null && input.value === term && first
        && first.textContent.toLowerCase().includes(word)) {
      window.__firstResult = performance.now();
    }
  }).observe(list, {childList: true, subtree: true});
}"""
READY = {  # the search can answer: the Find page listed its first entries; Material's
    # "Initializing search" (fr: "Initialisation de la recherche") is gone
    "pagefind": "document.querySelector('[data-am-status]')?.dataset.amQuery !== undefined",
    "material": "!document.querySelector('.md-search-result__meta').textContent"
                ".includes('nitiali')",
}


def measure_query(browser, base: str, engine: str, lang: str, term: str, wait: bool) -> dict:
    """Open the page in a fresh browser, type ``term`` in the search box (at once, or once
    the search is ready when ``wait``), and time it until the first results show."""
    context = browser.new_context()
    if engine == "pagefind":  # the site as published: without Material's search
        context.route(re.compile(r"/search/search_index\.json$|/workers/search\.[^/]*\.js$"),
                      lambda route: route.abort())
    page = context.new_page()
    GzipHandler.reset()
    prefix = "" if lang == "en" else f"/{lang}"
    box = "#find--q" if engine == "pagefind" else "input.md-search__input"
    row = {"engine": engine, "lang": lang, "term": term, "mode": "ready" if wait else "cold"}
    try:
        start = time.perf_counter()
        page.goto(f"{base}{prefix}/find/" if engine == "pagefind" else f"{base}{prefix}/")
        if engine == "pagefind":
            page.evaluate(WATCH_PAGEFIND, urlencode({"q": term}))
        else:
            page.evaluate(WATCH_MATERIAL, [term, term.split()[0]])
        page.click(box)
        if wait:
            page.wait_for_function(READY[engine], timeout=TIMEOUT_MS)
            row["ready_s"] = time.perf_counter() - start
        page.keyboard.type(term, delay=60)
        page.wait_for_function("window.__firstResult !== null", timeout=TIMEOUT_MS)
        row["first_s"] = page.evaluate("(window.__firstResult - window.__lastKey) / 1000")
        row["open_to_results_s"] = time.perf_counter() - start
        page.wait_for_timeout(300)  # let requests already started finish and be counted
        row["bytes"] = GzipHandler.total()
        row["search_bytes"] = GzipHandler.total(SEARCH_URLS[engine])
    except Exception as exc:  # a timeout: report it, do not stop the run
        row["error"] = str(exc).splitlines()[0]
    finally:
        context.close()
    return row


def measure_browser(site: Path, engines: tuple[str, ...] = ("pagefind", "material")) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM_FLAGS, chromium_path

    rows = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            for number, (lang, term) in enumerate(QUERIES):
                for wait in (False, True):
                    for engine in engines:
                        if engine == "material" and wait and number:
                            continue  # once is enough to see lunr answer once it is ready
                        rows.append(measure_query(browser, base, engine, lang, term, wait))
                        print("   ", _row(rows[-1]), flush=True)
        finally:
            browser.close()
    return rows


# --- reporting ------------------------------------------------------------------------------

def _kb(size: float) -> str:
    return f"{size / 1024:,.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1048576:,.1f} MB"


def _row(row: dict) -> str:
    name = f"{row['engine']:<8} {row['lang']} {row['term']!r:<15} {row['mode']:<5}"
    if "error" in row:
        return f"{name} FAILED: {row['error']}"
    ready = f"ready after {row['ready_s']:6.2f} s, " if "ready_s" in row else ""
    return (f"{name} {ready}first results {row['first_s']:6.3f} s after the last key "
            f"({row['open_to_results_s']:6.2f} s after opening); "
            f"bytes {_kb(row['bytes']):>9} (search {_kb(row['search_bytes'])})")


def report_build(built: dict) -> None:
    print(f"{built['assets']:>6} assets x {len(LANGUAGES)} languages, {built['words']} "
          f"vocabulary: "
          f"build {built['total_s']:.1f} s"
          f" = site {built['site_s']:.1f} s + Pagefind index {built['pagefind_s']:.1f} s"
          f" + Material index {built['material_s']:.1f} s; on disk: Pagefind "
          f"{_kb(built['pagefind_bytes'])}, Material {_kb(built['material_bytes'])}", flush=True)


def report(built: dict, rows: list[dict]) -> dict:
    """The worst query of each engine, typed at once ("cold") and once ready."""
    summary = {k: v for k, v in built.items() if k != "site"}
    for mode in ("cold", "ready"):
        worst = {}
        for engine in ("pagefind", "material"):
            mine = [r for r in rows if (r["engine"], r["mode"]) == (engine, mode)]
            done = [r for r in mine if "error" not in r]
            worst[engine] = {
                "failed": len(mine) - len(done),
                "bytes": max((r["bytes"] for r in done), default=None),
                "search_bytes": max((r["search_bytes"] for r in done), default=None),
                "first_s": max((r["first_s"] for r in done), default=None)}
        summary[mode] = worst
        pf, mat = worst["pagefind"], worst["material"]
        if pf["bytes"] and mat["bytes"]:
            print(f"    worst query, {mode}: Pagefind {_kb(pf['bytes'])} (search "
                  f"{_kb(pf['search_bytes'])}), first results in {pf['first_s']:.3f} s; "
                  f"Material {_kb(mat['bytes'])} (search {_kb(mat['search_bytes'])}) in "
                  f"{mat['first_s']:.3f} s: Material needs "
                  f"{mat['search_bytes'] / pf['search_bytes']:.1f}x the search bytes and "
                  f"{mat['first_s'] / pf['first_s']:.2f}x the time")
    summary["queries"] = rows
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000],
                        help="numbers of assets (default: 1000)")
    parser.add_argument("--words", default="wide,narrow",
                        help="vocabularies of the descriptions, of " + ", ".join(VOCABULARIES)
                        + " (default: both)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch projects")
    parser.add_argument("--engines", default="pagefind,material",
                        help="the searches to measure in the browser (default: both)")
    parser.add_argument("--site", type=Path,
                        help="measure this site, already built (site/ of a project kept with "
                             "--keep), in the browser only")
    args = parser.parse_args()
    engines = tuple(args.engines.split(","))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    if args.site:  # each query is printed as it is measured
        measure_browser(args.site, engines)
        return
    results = []
    runs = [(count, words) for count in args.sizes for words in args.words.split(",")]
    for count, words in runs:
        if words not in VOCABULARIES:
            parser.error(f"--words: {words!r} is not one of {', '.join(VOCABULARIES)}")
        scratch = Path(tempfile.mkdtemp(prefix=f"assetmap-search-{count}-{words}-"))
        try:
            built = build(count, scratch, words)
            report_build(built)
            results.append(report(built, measure_browser(built["site"], engines)))
        finally:
            if args.keep:
                print(f"    kept in {scratch}")
            else:
                shutil.rmtree(scratch, ignore_errors=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
