"""Render many pages on every core: the pages of a large inventory are most of a cold build's
own time (about 2.5 ms each, thousands in each language), and each is rendered on its own.

The work is handed to worker processes made by ``fork``: they start with the page models
already in memory (nothing is pickled on the way in; only the rendered text comes back,
with the QR codes made for it), each takes every n-th page. Where ``fork`` is not offered,
for a few pages, or with one job, the pages are rendered here, in order; the text is the
same either way.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from assetmap.language import Reader
from assetmap.pages.views import Page
from assetmap.render.print_head import PrintHead, qr_codes
from assetmap.render.renderer import Renderer

MIN_PAGES = 400  # below this, starting the workers costs more than it saves


@dataclass(frozen=True)
class Work:
    lang: str
    page: Page
    head: PrintHead | None


@dataclass(frozen=True)
class _Batch:
    work: list[Work]
    default: str  # the site's default language
    site: dict  # what every page's template is given about the site


_batch: _Batch | None = None  # the work of the current call, inherited by its workers


def _render_share(share: tuple[int, int]) -> tuple[list[str], dict[str, str]]:
    """The pages ``index``, ``index + count``, ... of the current batch, rendered, and the
    QR codes made for them (which the build keeps for the next)."""
    index, count = share
    assert _batch is not None
    known = set(qr_codes())
    renderers: dict[str, Renderer] = {}
    rendered = []
    for item in _batch.work[index::count]:
        renderer = renderers.get(item.lang)
        if renderer is None:
            renderer = renderers[item.lang] = Renderer(Reader.of(item.lang, _batch.default),
                                                       _batch.site)
        rendered.append(renderer.page(item.page, item.head))
    return rendered, {address: svg for address, svg in qr_codes().items()
                      if address not in known}


def render_pages(work: list[Work], default: str, site: dict, jobs: int | None = None
                 ) -> list[str]:
    """Each page of ``work`` rendered, in the same order, on ``jobs`` processes (default:
    one per core)."""
    global _batch
    jobs = jobs or os.cpu_count() or 1
    forking = "fork" in multiprocessing.get_all_start_methods()
    _batch = _Batch(work, default, site)
    try:
        if jobs < 2 or len(work) < MIN_PAGES or not forking:
            return _render_share((0, 1))[0]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            shares = list(pool.map(_render_share, [(i, jobs) for i in range(jobs)]))
    finally:
        _batch = None
    rendered: list[str] = [""] * len(work)
    for index, (share, made) in enumerate(shares):
        rendered[index::jobs] = share
        qr_codes().update(made)
    return rendered
