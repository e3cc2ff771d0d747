"""Read an assetmap YAML data file: an inventory, categories.yml, neighbourhoods.yml or an
import mapping. Every one of them is read here, and only here.

Such a file is untrusted and small, and what it holds is plain data, so the loader is PyYAML's
safe one with three refusals:

- no anchors or aliases (``&name``, ``*name``): they are how a few hundred bytes of nested
  aliases become gigabytes of text ("billion laughs"), and a list written in full is clearer
  to the next person anyway;
- no deeper nesting than ``limits.YAML_DEPTH``: ``[[[[...`` otherwise ends in a
  RecursionError;
- no larger file than its kind's ``limits.SizeLimit``, checked before reading.

Parsing is done by libyaml when PyYAML has it (four times faster), composing by PyYAML's own
Python composer, which is where the refusals are made. (``assetmap/config.py`` reads
mkdocs.yml with its own loader: that file is the site's code, not data.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from assetmap.inventory import limits
from assetmap.inventory.problems import FileRefused

try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


ALIASES = ("YAML anchors and aliases (&name, *name) are not allowed in assetmap files: write "
           "the values out in full.")
TOO_DEEP = (f"The values here are nested more than {limits.YAML_DEPTH} levels deep; assetmap "
            "files need no more than 4 (a list of items, an item, a list of values, a value).")


class _Loader(Composer, _Parser, SafeConstructor, Resolver):
    """PyYAML's safe loader whose composer refuses anchors, aliases and deep nesting."""

    def __init__(self, text: str) -> None:
        _Parser.__init__(self, text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise FileRefused("yaml-alias", ALIASES, line)
        if self.depth >= limits.YAML_DEPTH:
            raise FileRefused("yaml-too-deep", TOO_DEEP, line)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass
class Document:
    """A YAML file as read: its text, its node tree (with each value's place in the text) and
    its data."""

    text: str
    node: yaml.Node | None
    data: object


def parse(text: str) -> Document:
    """``text`` read as one YAML document. Raises ``FileRefused`` for anything wrong in it."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        if "exceeded maximum nesting depth" in str(exc):  # libyaml's own limit (PyYAML 6.0.4)
            raise FileRefused("yaml-too-deep", TOO_DEEP, line) from None
        raise FileRefused("bad-yaml", f"This YAML cannot be read: {exc}".replace("\n", " "),
                          line) from None
    except ValueError as exc:  # an impossible date, a number of more than 4,300 digits
        reason = ("it holds a number of more than 4,300 digits; put it in quotes if it is "
                  "text" if "integer string conversion" in str(exc) else str(exc))
        raise FileRefused("bad-yaml", f"This YAML cannot be read: {reason}.") from None
    finally:
        loader.dispose()
    return Document(text, node, data)


def read(path: Path, limit: limits.SizeLimit) -> Document:
    """The YAML file at ``path`` (UTF-8, with or without a byte-order mark), refused with
    ``FileRefused`` when it is larger than ``limit``, is not UTF-8 or not YAML, uses anchors
    or aliases, or nests too deep."""
    try:
        data = limits.read_bytes(path, limit)
    except OSError as exc:
        raise FileRefused("unreadable-file", f"This file cannot be read ({exc.strerror}).") \
            from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused("not-text", f"This YAML file cannot be read as UTF-8 text ({exc}). "
                          "Save it as UTF-8.") from None
    return parse(text)
