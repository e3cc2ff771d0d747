"""The pages the browser tests (tests/test_accessibility.py) check: one of each page type of
the sample site, in every language.

To have a new kind of page checked, add one line to ``PAGES``: its type and its path under a
language's root, as in the site's URLs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .project import DEFAULT_LANG as DEFAULT_LANGUAGE
from .project import PREFIX as LANGUAGES  # language -> its folder in the site


@dataclass(frozen=True)
class PageType:
    kind: str
    path: str  # under a language's root, e.g. "categories/belonging/"
    languages: tuple[str, ...] = tuple(LANGUAGES)
    # The language the page is written in, when it is the same whatever folder it is asked
    # for from (the one 404 page); None: the language of its folder.
    written_in: str | None = None
    # What is there once the page's script has shown what it fetches, to wait for before a
    # check (a CSS selector); None: the page is whole when it has loaded.
    ready: str | None = None


PAGES = [
    PageType("home", ""),
    # Entries in two of its neighbourhoods, entries open to all, community groups, names not
    # translated into Arabic.
    PageType("category", "categories/intangible/"),
    PageType("neighbourhood", "neighbourhoods/east-junction/"),
    PageType("asset", "assets/old-mill-knitting-circle/"),  # informal, Arabic untranslated
    # Its week as a table: a season closed, a season open (opening_hours); its "Open now" line
    PageType("asset-hours", "assets/st-brigids-warm-space/",
             ready="[data-am-hours][data-am-state]"),
    PageType("a-z", "a-z/"),
    PageType("about", "about/"),
    PageType("contribute", "contribute/"),
    PageType("accessibility", "accessibility/"),
    PageType("find", "find/"),  # search and filters (Pagefind)
    # "Open now" ticked: the "When" boxes shown, the results open now, then those without hours
    PageType("find-open-now", "find/?open=now", ready="[data-am-list][data-am-shown]"),
    # Filtered by age and audience, sorted by distance from a neighbourhood: the results say
    # how far each is, or that it gives no location (tests/test_near_and_who.py drives it)
    PageType("find-near", "find/?audience=seniors&age=70&near=old-mill",
             ready="[data-am-near][data-am-sorted='yes']"),
    PageType("map", "map/"),  # the map's list; the map itself is shown in tests/test_map.py
    PageType("map-near", "map/?near=downtown", ready="[data-am-near][data-am-sorted='yes']"),
    # The reader's list, with entries untranslated into Arabic, an informal one, and one id
    # no longer on the map (tests/test_my_list.py drives it)
    PageType("my-list", "list/?ids=riverside-park,chair-yoga,old-mill-knitting-circle,gone",
             ready="[data-am-my-list][data-am-shown]"),
    PageType("gaps", "gaps/"),  # the gap map's tables
    PageType("open-data", "open-data/"),
    PageType("inventory-format", "inventory-format/"),  # made from the schema: tables, codes
    PageType("maintainers", "maintainers/"),  # no Arabic translation: shown in English
    # A static host answers every missing address with the site's one 404.html, which is in
    # the default language (see on_post_template in assetmap/build/plugin.py).
    PageType("404", "no-such-page/", written_in=DEFAULT_LANGUAGE),
]


def pages_in_every_language() -> list[tuple[PageType, str]]:
    """Every (page type, language) to check."""
    return [(page, lang) for page in PAGES for lang in page.languages]


def url(base: str, page: PageType, lang: str) -> str:
    return f"{base}/{LANGUAGES[lang]}{page.path}"
