"""A small view of an HTML page: every element with the language and direction in effect,
and every piece of text with the element it is in."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "path", "circle", "rect", "polygon", "line", "ellipse", "use"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    lang: str
    dir: str
    parent: Element | None = None
    text: list[str] = field(default_factory=list)


def within(element: Element | None, ancestor: Element) -> bool:
    """Whether ``element`` is ``ancestor`` or inside it."""
    while element is not None:
        if element is ancestor:
            return True
        element = element.parent
    return False


class Page(HTMLParser):
    """Every element with the language and direction in effect, and every piece of text."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.texts: list[tuple[str, str, str, Element | None]] = []  # text, lang, dir, element
        self._open: list[Element] = []
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        parent = self._open[-1] if self._open else None
        element = Element(tag, attrs, attrs.get("lang", parent.lang if parent else ""),
                          attrs.get("dir", parent.dir if parent else ""), parent)
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        element = self._open[-1] if self._open else None
        if element is not None:
            element.text.append(data)
        if data.strip():
            self.texts.append((" ".join(data.split()), element.lang if element else "",
                               element.dir if element else "", element))

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def visible_text(self) -> str:
        return " ".join(t for t, _, _, e in self.texts if e is None or e.tag not in (
            "script", "style"))
