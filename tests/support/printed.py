"""Reading a printed page back as a person reads the paper: which pages each entry is printed
on, from the PDF's tagged structure (the tests print with Chromium's ``tagged=True``, or read
the build's sheets)."""

from __future__ import annotations

import pdfplumber


def entries_by_page(pdf: pdfplumber.PDF) -> list[set[int]]:
    """For each entry, the pages it is printed on. An entry is tagged as an article (Art:
    Chromium's, from ``<article>``) or, on the build's sheets, as an item of the list of a
    group's entries (an LI that holds a level-3 heading: its name); the innermost of those
    (not the theme's article that wraps the page's content)."""
    def pages(node) -> set[int]:
        found = {node["page_number"]} if node.get("page_number") else set()
        for child in node.get("children", []):
            found |= pages(child)
        return found

    def holds(node, kind: str) -> bool:
        return any(c.get("type") == kind or holds(c, kind) for c in node.get("children", []))

    def is_entry(node) -> bool:
        return node.get("type") == "Art" or (node.get("type") == "LI" and holds(node, "H3"))

    def holds_entry(node) -> bool:
        return any(is_entry(c) or holds_entry(c) for c in node.get("children", []))

    def entries(node):
        if is_entry(node) and not holds_entry(node):
            yield node
        for child in node.get("children", []):
            yield from entries(child)

    return [pages(entry) for root in pdf.structure_tree for entry in entries(root)]


def split_entries(pdf: pdfplumber.PDF, count: int) -> list:
    """The entries printed on more than one page. Chromium tags each piece of a split entry
    as an article of its own: then there are more articles than entries."""
    entries = entries_by_page(pdf)
    split = [sorted(pages) for pages in entries if len(pages) != 1]
    if len(entries) != count:
        split.append(f"{len(entries)} tagged entries for {count} entries")
    return split
