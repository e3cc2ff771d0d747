"""Quote text that someone else wrote so that GitHub shows it as plain text.

Issue comments, pull-request bodies and the review issue are GitHub Markdown: text from a
contributor could otherwise @mention people, link anywhere, or add markup. Inside a code span
or a fenced code block nothing is interpreted, as long as the text cannot close the fence: the
fence is longer than any run of backticks in the text.
"""

from __future__ import annotations

import re

_BACKTICKS = re.compile(r"`+")
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)


def block(text: str) -> str:
    """A fenced code block showing ``text`` exactly, whatever it contains."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fence = "`" * max(3, _longest_backtick_run(text) + 1)
    return f"{fence}text\n{text}\n{fence}"


def span(text: str) -> str:
    """An inline code span showing ``text`` on one line."""
    text = " ".join(text.split())
    if not text:
        return ""
    ticks = "`" * (_longest_backtick_run(text) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""  # dropped when shown
    return f"{ticks}{pad}{text}{pad}{ticks}"


def escape(text: str) -> str:
    """Backslash-escape Markdown punctuation, for text we trust (e.g. neighbourhood names)."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))
