"""The reader's list ("My list", issue #15): a link worker and a client choose a few entries
together, and the client leaves with them on paper, by text message or as a link, in their
own language.

The list lives in the browser only: in the list page's address (``list/?ids=a,b``) and in
localStorage, never on a server. docs/javascripts/my-list.js adds an "Add to my list" button
to every entry a page shows and keeps the count in the header; docs/javascripts/
my-list-page.js shows the list page. What they say comes from the catalogues, through the
two pieces of HTML made here for the theme and the plugin:

- the header's link to the list, with the words the buttons say, on every page
  (``overrides/partials/header.html`` calls ``HeaderLink``, which the plugin gives the theme);
- the list page's body, where the hand-written ``docs/list.md`` (and its translations) say
  ``PLACEHOLDER``.
"""

from __future__ import annotations

from markupsafe import Markup

from assetmap.language import Reader
from assetmap.pages.directory import plural_samples
from assetmap.render.renderer import render_fragment

PLACEHOLDER = "<!-- assetmap:my-list -->"


class HeaderLink:
    """The header's link to the list page, in one language's build: ``href`` is the page's
    way to the list page. Made once per address, as pages at one depth share it."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.made: dict[str, Markup] = {}

    def __call__(self, href: str) -> Markup:
        if href not in self.made:
            self.made[href] = Markup(render_fragment(
                "_my_list_link.html.j2", self.reader, href=href,
                plurals=plural_samples(self.reader)))
        return self.made[href]


def page_body(markdown: str, reader: Reader, site_name: str) -> str:
    """A hand-written page's Markdown with the list page's body where it says
    ``PLACEHOLDER``."""
    if PLACEHOLDER not in markdown:
        return markdown
    body = render_fragment("_my_list.html.j2", reader, site_name=site_name,
                           plurals=plural_samples(reader))
    return markdown.replace(PLACEHOLDER, f"\n\n{body}\n\n")
