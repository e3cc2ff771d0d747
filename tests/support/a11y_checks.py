"""The accessibility checks axe-core cannot make, run on a Playwright page: each function
returns the problems it finds (an empty list when there are none). The measuring is done in the
page by tests/support/a11y_checks.js, which ``prepare`` loads.

tests/test_accessibility.py runs them on the built site; tests/test_accessibility_checks.py
shows that each one finds the defect it is for, in the pages of tests/fixtures/a11y/.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag

from assetmap.config import Language

SCRIPT = Path(__file__).resolve().parent / "a11y_checks.js"

# Transitions and animations off: what is measured is what the page settles on.
NO_MOTION = """
*, *::before, *::after { transition-duration: 0s !important; transition-delay: 0s !important;
  animation-duration: 0s !important; animation-delay: 0s !important; }
html { scroll-behavior: auto !important; }
"""

# WCAG 1.4.12 Text Spacing, as the W3C's test bookmarklet applies it.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-block-end: 2em !important; }
"""

LANG_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
PICTURE_ROLES = {"image", "img", "graphics-symbol", "graphics-document"}

# Link text that means nothing out of context, in the site's languages.
VAGUE_LINKS = {"click here", "here", "more", "read more", "link", "this link", "this page",
               "ici", "cliquez ici", "plus", "en savoir plus", "lien", "cette page",
               "هنا", "اضغط هنا", "انقر هنا", "المزيد", "اقرأ المزيد", "رابط"}


def prepare(tab, still: bool = False) -> None:
    """Load the page-side checks; ``still``: turn transitions and animations off."""
    tab.add_script_tag(path=str(SCRIPT))
    if still:
        tab.add_style_tag(content=NO_MOTION)


def direction(lang: str) -> str:
    return Language(lang, "").dir


# --- keyboard -----------------------------------------------------------------------------


def tab_through(tab) -> tuple[list[str], list[dict]]:
    """Press Tab from the top of the page (prepared ``still``) until the focus leaves it.
    Returns the page's tab stops in document order, and what each Tab focused with what is
    wrong with how it looks; the first stop says whether it is a skip link."""
    order = tab.evaluate("amCheck.start()")
    stops: list[dict] = []
    for _ in range(len(order) + 5):
        tab.keyboard.press("Tab")
        stop = tab.evaluate("amCheck.focused(false)")  # nothing moves: see NO_MOTION
        if stop["name"] == "body" or (stops and stop["index"] == 0):
            break
        if not stops:
            stop["isSkip"] = tab.evaluate("amCheck.isSkipLink()")
        stops.append(stop)
    return order, stops


def tab_back_through(tab, order: list[str]) -> list[dict]:
    """Press Shift+Tab until the focus is back on the page's first stop: what each focused.
    Going up the page, the stops are scrolled to the top of the window, where the sticky
    header is."""
    stops = []
    for _ in range(len(order) + 5):
        tab.keyboard.press("Shift+Tab")
        stop = tab.evaluate("amCheck.focused(false)")
        if stop["name"] != "body":
            stops.append(stop)
        if stop["index"] == 0:
            break
    return stops


def out_of_reading_order(stops: list[dict], rtl: bool) -> list[tuple[str, str]]:
    """Pairs of successive stops in the content where the second comes before the first in
    reading order: higher on the page, or earlier on the same line."""
    wrong = []
    content = [s for s in stops if s["inContent"]]
    for before, after in zip(content, content[1:]):
        same_line = abs(after["top"] - before["top"]) < min(before["height"], after["height"]) / 2
        if same_line:
            backwards = (after["right"] > before["right"] + 1) if rtl else (
                after["left"] < before["left"] - 1)
        else:
            backwards = after["top"] < before["top"]
        if backwards:
            wrong.append((before["name"], after["name"]))
    return wrong


def keyboard_problems(tab, rtl: bool = False) -> list[tuple[str, str]]:
    """Tab from the top reaches a visible skip link first, then every link and control in
    document and reading order, each in sight (not under the sticky header, not covered) and
    with a visible focus indicator; so does Shift+Tab back up."""
    order, stops = tab_through(tab)
    back = tab_back_through(tab, order)
    if not stops:
        return [("page", "Tab focuses nothing")]
    problems = []
    if not stops[0]["isSkip"]:
        problems.append((stops[0]["name"], "is the first stop, not a skip link"))
    # Compared by position in the document order (the theme restyles links on scrolling).
    reached = [s["index"] for s in stops]
    if reached != list(range(len(order))):
        missed = [name for index, name in enumerate(order) if index not in reached]
        problems.append(("page", f"Tab does not follow the document order: "
                                 f"{[s['name'] for s in stops][:60]} instead of {order[:60]}; "
                                 f"never reached: {missed}"))
    problems += [(s["name"], p) for s in stops for p in s["problems"]]
    problems += [(s["name"], f"{p}, going back") for s in back for p in s["problems"]]
    if [s["index"] for s in reversed(back)] != list(range(len(order))):
        problems.append(("page", "Shift+Tab does not go back through every stop"))
    problems += [(after, f"comes after {before} but reads before it")
                 for before, after in out_of_reading_order(stops, rtl)]
    return problems


# --- reflow, text spacing, zoom -----------------------------------------------------------


def reflow_problems(tab) -> list[str]:
    """At the page's current width: no scrolling sideways, no text outside the window or cut
    off by its box."""
    width = tab.evaluate("amCheck.horizontalScroll()")
    problems = []
    if width["scrollWidth"] > width["clientWidth"]:
        problems.append(f"the page scrolls sideways: {width['scrollWidth']} px wide in "
                        f"{width['clientWidth']}")
    return problems + text_cut_or_spilled(tab) + tab.evaluate("amCheck.offscreenText()")


def text_cut_or_spilled(tab) -> list[str]:
    return tab.evaluate("amCheck.clipped()") + tab.evaluate("amCheck.spilled()")


def text_spacing_problems(tab) -> list[str]:
    """With WCAG 1.4.12's text spacing: no text cut off or spilling out of its box, no boxes
    overlapping."""
    style = tab.add_style_tag(content=TEXT_SPACING)
    try:
        tab.evaluate("amCheck.settle()")
        return text_cut_or_spilled(tab) + tab.evaluate("amCheck.overlaps()")
    finally:
        style.evaluate("style => style.remove()")


def zoom_problems(tab) -> list[str]:
    """With the text twice as large, as a browser's text size setting makes it (the root font
    size, which the theme's sizes are relative to, doubles): all the text grows, no boxes
    overlap, no text is cut off."""
    before = tab.evaluate("amCheck.fontSizes()")
    labels = tab.evaluate("amCheck.textLabels()")
    tab.evaluate("""() => { const root = document.documentElement;
        root.style.fontSize = 2 * parseFloat(getComputedStyle(root).fontSize) + 'px'; }""")
    try:
        tab.evaluate("amCheck.settle()")
        after = tab.evaluate("amCheck.fontSizes()")
        problems = [f'"{label}" does not grow: {b} px to {a} px'
                    for label, b, a in zip(labels, before, after) if a < 1.95 * b]
        return problems + tab.evaluate("amCheck.overlaps()") + text_cut_or_spilled(tab)
    finally:
        tab.evaluate("document.documentElement.style.fontSize = ''")


# --- structure, language, links, icons ----------------------------------------------------


def heading_problems(tab) -> list[str]:
    """Exactly one h1, first; no heading level skipped on the way down."""
    levels = tab.evaluate("amCheck.headings()")
    problems = []
    if [level for level, _ in levels].count(1) != 1:
        problems.append(f"{[level for level, _ in levels].count(1)} h1 headings")
    if levels and levels[0][0] != 1:
        problems.append(f"the first heading is h{levels[0][0]}: {levels[0][1]}")
    problems += [f"h{b[0]} {b[1]!r} follows h{a[0]} {a[1]!r}"
                 for a, b in zip(levels, levels[1:]) if b[0] > a[0] + 1]
    return problems


def language_problems(tab, page_lang: str, content_lang: str) -> list[str]:
    """The page's language and direction; the content's (which may be in another language);
    every part marked with a language is laid out in its direction; on a right-to-left page,
    no phrase in Latin letters left marked as the page's language."""
    facts = tab.evaluate("amCheck.document()")
    problems = []
    if (facts["lang"], facts["dir"], facts["direction"]) != (
            page_lang, direction(page_lang), direction(page_lang)):
        problems.append(f"the page is lang={facts['lang']} dir={facts['dir']} "
                        f"({facts['direction']}), not {page_lang} {direction(page_lang)}")
    if (facts["contentLang"], facts["contentDirection"]) != (content_lang,
                                                               direction(content_lang)):
        problems.append(f"the content is {facts['contentLang']} {facts['contentDirection']}, "
                        f"not {content_lang} {direction(content_lang)}")
    for part in tab.evaluate("amCheck.languageParts()"):
        if not LANG_CODE.fullmatch(part["lang"]):
            problems.append(f"{part['where']} has lang={part['lang']!r}")
        elif part["direction"] != direction(part["lang"]):
            problems.append(f"{part['where']} is lang={part['lang']} but {part['direction']}")
    if direction(page_lang) == "rtl":
        problems += [f"{p['where']} {p['text']!r} is marked as {p['lang']}"
                     for p in tab.evaluate("amCheck.latinPhrases()") if p["lang"] == page_lang]
    return problems


def link_problems(tab) -> list[str]:
    """Every link has words, none as vague as "click here", and the same words do not lead to
    different pages. A link to a place on this page (an entry listed again lower down, linked
    back to its details) is the same thing, not another."""
    links = tab.evaluate("amCheck.links()")
    problems = [f"{link['where']} has no words" for link in links if not link["name"]]
    problems += [f"{link['where']} says only {link['name']!r}" for link in links
                 if link["name"].casefold() in VAGUE_LINKS]
    here = urldefrag(tab.url)[0]
    targets: dict[str, set[str]] = {}
    for link in links:
        target = urldefrag(link["href"])[0]
        if link["name"] and target != here:
            targets.setdefault(link["name"].casefold(), set()).add(target)
    problems += [f"{name!r} leads to {sorted(found)}" for name, found in targets.items()
                 if len(found) > 1]
    return problems


def unnamed_pictures(tab) -> list[str]:
    """Pictures (svg, img, icons) that Chromium gives assistive technology with no name: each
    must be hidden from it, or named. Returns their markup."""
    cdp = tab.context.new_cdp_session(tab)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = cdp.send("DOM.querySelectorAll", {
            "nodeId": root, "selector": "svg, img, [role=img], [class*='icon']"})["nodeIds"]
        unnamed = []
        for node in nodes:
            first = cdp.send("Accessibility.getPartialAXTree",
                             {"nodeId": node, "fetchRelatives": False})["nodes"][0]
            role = first.get("role", {}).get("value")
            name = (first.get("name") or {}).get("value", "")
            if not first.get("ignored") and role in PICTURE_ROLES and not name.strip():
                unnamed.append(cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:120])
        return unnamed
    finally:
        cdp.detach()
