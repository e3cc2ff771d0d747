"""What the plugin changes in the HTML of a page, where the theme and static-i18n leave it
short: the language of what is shown in another language than the page's, the direction of
the whole page, and HTML the validator refuses. Functions of text and of MkDocs' page objects,
with no state."""

from __future__ import annotations

import re
from html import escape

from assetmap.config import Language

HTML_TAG = re.compile(r'<html lang="([^"]*)"')
LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def in_its_language(html: str, page, lang: str) -> str:
    """static-i18n shows a page with no translation in the default language: mark its
    content, and its title (shown as HTML in the nav), with that language (``lang`` is the
    language being built)."""
    written = getattr(page.file, "locale", None)
    if not (isinstance(written, str) and LANG_CODE.match(written)) or written == lang:
        return html
    attrs = f' lang="{written}" dir="{Language(written, "").dir}"'
    if page.title and not page.meta.get("title_lang"):
        # A title from the page's heading is HTML text already; one from its front matter not.
        title = escape(page.title) if "title" in page.meta else page.title
        page.title = f"<span{attrs}>{title}</span>"
    _mark_toc(page.toc, attrs)
    return f"<div{attrs}>\n{html}\n</div>"


def _mark_toc(items, attrs: str) -> None:
    """The page's headings, listed in the nav and the table of contents (as HTML)."""
    for item in items:
        item.title = f"<span{attrs}>{item.title}</span>"
        _mark_toc(item.children, attrs)


def mark_title_language(page) -> None:
    """A generated page whose title fell back to another language says so in its front
    matter (``title_lang``): the nav, which shows the title as HTML, then marks it too."""
    lang, direction = page.meta.get("title_lang"), page.meta.get("title_dir")
    if not (isinstance(lang, str) and LANG_CODE.match(lang) and page.meta.get("title")):
        return
    attrs = f' lang="{lang}"' + (f' dir="{direction}"' if direction in ("ltr", "rtl") else "")
    page.title = f"<span{attrs}>{page.meta['title']}</span>"  # the title is escaped already


def finish(output: str) -> str:
    """A page as the theme wrote it, with its direction and valid menu toggles."""
    return _valid_toggles(_with_direction(output))


def _valid_toggles(output: str) -> str:
    """The theme's hidden menu checkboxes carry ``autocomplete="off"``, which HTML allows on
    text fields only (docs/javascripts/assetmap.js closes the menu when a page is shown
    again from the history instead)."""
    return TOGGLE_AUTOCOMPLETE.sub(r"\1", output)


def _with_direction(output: str) -> str:
    """``<html lang="ar">`` becomes ``<html lang="ar" dir="rtl">``."""
    match = HTML_TAG.search(output)
    if match is None or ' dir="' in output[match.end(): output.find(">", match.end())]:
        return output
    direction = Language(match.group(1), "").dir
    return f'{output[: match.end()]} dir="{direction}"{output[match.end():]}'
