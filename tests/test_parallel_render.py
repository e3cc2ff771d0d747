"""Pages rendered on several processes are the pages rendered in one, in the same places
(assetmap/render/parallel.py)."""

from __future__ import annotations

from assetmap.build.generate import render_site
from assetmap.inventory.load import load
from assetmap.render.parallel import MIN_PAGES

from .support.project import SAMPLE, TODAY


def test_the_workers_render_the_same_pages(settings):
    inventory = load(SAMPLE, settings, today=TODAY).inventory
    alone = render_site(inventory, TODAY, jobs=1)
    assert len(alone) >= MIN_PAGES  # enough pages for the workers to be used
    shared = render_site(inventory, TODAY, jobs=3)
    assert list(shared) == list(alone)
    assert [path for path in alone if shared[path] != alone[path]] == []
