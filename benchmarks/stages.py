"""Where a build's time goes: wrap the functions that do each stage of the build and add up
their wall-clock time, for ``build_site.py``. A benchmark's tool, not part of the package.

A stage is named after what it makes; its functions are given as "module:attribute" (a
method as "module:Class.method"), where the plugin calls them. Time not spent in any of them
is MkDocs with the theme and mkdocs-static-i18n ("theme"). A stage whose functions are
missing (an older or newer layout of the package) is reported as missing, not guessed.
"""

from __future__ import annotations

import functools
import importlib
import time
from collections import defaultdict

STAGES: dict[str, tuple[str, ...]] = {
    "inventory": ("assetmap.build.generate:load",),
    # written in a process of their own while the pages are made: the time the build waited
    "exports": ("assetmap.build.downloads:Staging.__init__",
                "assetmap.build.downloads:Staging.done"),
    "pages": ("assetmap.build.generate:render_site", "assetmap.build.generate:write_pages"),
    "sheets": ("assetmap.build.plugin:AssetmapPlugin._write_sheets",),
    "search": ("assetmap.build.search:Indexing.finish", "assetmap.build.plugin:index_site"),
}


class StageClock:
    """Seconds per stage, while ``install()``'s wrappers are in place."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.missing: list[str] = []
        self._depth = 0  # a stage called from inside another is counted in the outer one

    def _wrap(self, stage: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if self._depth:
                return function(*args, **kwargs)
            self._depth += 1
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start
                self._depth -= 1
        return timed

    def install(self, stages: dict[str, tuple[str, ...]] = STAGES) -> StageClock:
        for stage, targets in stages.items():
            for target in targets:
                module_name, _, attribute = target.partition(":")
                owner = importlib.import_module(module_name)
                *path, name = attribute.split(".")
                for part in path:
                    owner = getattr(owner, part, None)
                function = getattr(owner, name, None) if owner is not None else None
                if function is None:
                    self.missing.append(target)
                    continue
                setattr(owner, name, self._wrap(stage, function))
        return self

    def table(self, total: float) -> dict[str, float]:
        """Seconds per stage, with the rest of ``total`` as "theme"."""
        stages = {stage: self.seconds.get(stage, 0.0) for stage in STAGES}
        stages["theme"] = max(0.0, total - sum(stages.values()))
        return stages
