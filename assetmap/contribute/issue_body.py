"""Read the body of an issue made with one of the issue forms, trusting nothing in it.

GitHub writes each answer under its question as ``### Question``, then the answer, or
``_No response_``. People can edit that text afterwards, so:

- only headings that are questions of the form become answers; a heading that is not (for
  example ``### Internal notes``) is rejected, and so is a question that appears twice (that is
  how an answer could try to smuggle in another one);
- text before the first heading is ignored;
- an answer longer than its column's limit, a one-line answer on several lines, or characters
  that a cell may not hold (``assetmap.inventory.cells``: control, invisible and direction
  characters) are rejected, by the same rules as ``assetmap check``;
- dropdown answers must be exactly the form's options (or their ids, or an earlier label with
  the id in brackets), and become ids;
- everything else is kept as plain text: HTML, Markdown and shell characters stay inert
  because nothing downstream interprets them (the site escapes every value);
- a contact name is only kept when the form says the person agreed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError

from assetmap.contribute.forms import Form, Question
from assetmap.inventory import hours
from assetmap.inventory.cell_checks import is_language_code
from assetmap.inventory.cells import refused_characters, visible
from assetmap.inventory.problems import Problem, error

NO_RESPONSE = "_No response_"
BODY_LIMIT = 65_536  # GitHub's own limit for an issue body
HEADING = re.compile(r"^ {0,3}###(?:[ \t]+(.*?))?[ \t]*$")
BRACKETED_ID = re.compile(r"\(([a-z0-9]+(?:-[a-z0-9]+)*)\)")
CHECKED = re.compile(r"^\s*[-*] \[[xX]\] (.*)$")
WHERE = "issue"


@dataclass
class Submission:
    """The answers of one issue, by question id (dropdowns as ids joined with '; ')."""

    answers: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _key(heading: str) -> str:
    return " ".join(heading.split()).casefold()


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def sections(body: str, form: Form) -> tuple[dict[str, str], list[Problem]]:
    """Question id -> the raw text under its heading; problems for unknown or repeated
    headings."""
    by_label = {_key(q.label): q for q in form.questions}
    found: dict[str, list[str]] = {}
    problems: list[Problem] = []
    current: list[str] | None = None
    for line in body.split("\n"):
        match = HEADING.match(line)
        if not match:
            if current is not None:
                current.append(line)
            continue
        heading = match.group(1) or ""
        question = by_label.get(_key(heading))
        if question is None:
            problems.append(error(WHERE, None, None, "unknown-heading", _short(heading),
                                  f"The heading '### {_short(heading)}' is not a question of "
                                  f"the \"{form.name}\" form. Edit the issue so that only the "
                                  "form's questions are headings (start the line with something "
                                  "other than ###)."))
            current = None
        elif question.id in found:
            problems.append(error(WHERE, None, question.id, "repeated-heading", question.label,
                                  f"The question '{question.label}' appears more than once. "
                                  "Edit the issue so that it appears once, with one answer."))
            current = None
        else:
            current = found[question.id] = []
    return {qid: "\n".join(lines).strip() for qid, lines in found.items()}, problems


def _check(question: Question, value: str) -> list[Problem]:
    """The rules of a cell (``assetmap.inventory.cells``), as the inventory's check applies them."""
    def problem(code: str, message: str) -> Problem:
        return error(WHERE, None, question.id, code, _short(visible(value)), message)

    if len(value) > question.limit:
        return [problem("too-long", f"'{question.label}' has {len(value):,} characters; "
                                    f"keep it under {question.limit:,}.")]
    if question.widget == "input" and "\n" in value:
        return [problem("not-one-line", f"'{question.label}' must be one line.")]
    refused = refused_characters(value, free_text=question.free_text, lines=question.lines)
    if refused:
        return [problem("bad-characters", f"'{question.label}' contains "
                                              f"{' and '.join(refused)}, which cannot be "
                                              "published; type the answer again.")]
    return []


def _segment(parts: list[str], find, longest: int) -> list[str] | None:
    """Split 'a, b, c' into known options (an option may contain ', ' itself); ``find``
    gives the id of one option's text, or None."""
    paths: dict[int, list[str]] = {0: []}
    for start in range(len(parts)):
        if start not in paths:
            continue
        for end in range(start + 1, len(parts) + 1):
            piece = ", ".join(parts[start:end])
            if len(piece) > longest:
                break
            found = find(piece)
            if found is not None and end not in paths:
                paths[end] = paths[start] + [found]
    return paths.get(len(parts))


def choose(question: Question, value: str) -> list[str] | None:
    """The ids chosen in a dropdown answer, or None when it is not made of the options.

    An option is its label, its id, or any label ending with its id in brackets: an issue
    made with an earlier version of the form (a category renamed since, "Old name (nature)")
    still reads."""
    lookup = {label: v for v, label in question.options} | {v: v for v, _ in question.options}

    def earlier(piece: str) -> str | None:
        """The id of an earlier label: one that ends with an option's id in brackets and
        names no other option's id."""
        ids = [i for i in BRACKETED_ID.findall(piece) if i in lookup]
        return ids[0] if len(ids) == 1 and piece.endswith(f"({ids[0]})") else None

    if not question.multiple:
        found = lookup.get(value) or earlier(value)
        return [found] if found is not None else None
    parts, longest = value.split(", "), max(map(len, lookup))
    chosen = _segment(parts, lookup.get, longest) or \
        _segment(parts, earlier, 2 * longest + 100)
    return list(dict.fromkeys(chosen)) if chosen is not None else None


def _language_names(languages: tuple[str, ...]) -> dict[str, str]:
    names: dict[str, str] = {}
    for display in ("en", *languages):
        try:
            locale = Locale.parse(display.replace("-", "_"))
        except (ValueError, UnknownLocaleError):
            continue
        for code, name in sorted(locale.languages.items(), key=lambda item: len(item[0])):
            names.setdefault(name.casefold(), code.replace("_", "-"))
    return names


def language_codes(value: str, languages: tuple[str, ...]) -> tuple[str, list[str]]:
    """'English, French' -> ('en; fr', []); the words it does not know come second."""
    names = _language_names(languages)
    codes, unknown = [], []
    for word in re.split(r"\s*(?:[,;/]|\band\b|\bet\b)\s*", value):
        if not word.strip():
            continue
        code = word.strip() if is_language_code(word.strip()) else names.get(word.casefold())
        if code is None:
            unknown.append(word.strip())
        elif code not in codes:
            codes.append(code)
    return "; ".join(codes), unknown


def _answer(question: Question, value: str, languages: tuple[str, ...],
            submission: Submission) -> str | None:
    if question.widget == "dropdown":
        chosen = choose(question, value)
        if chosen is None:
            submission.problems.append(error(
                WHERE, None, question.id, "not-an-option", _short(value),
                f"'{_short(value)}' is not one of the choices for '{question.label}'. Choose "
                "from the list in the form."))
            return None
        return "; ".join(chosen)
    if question.widget == "checkboxes":
        ticked = [m.group(1).strip() for m in map(CHECKED.match, value.split("\n")) if m]
        return "; ".join(v for v, label in question.options if label in ticked)
    if question.id == "languages":
        codes, unknown = language_codes(value, languages)
        if unknown:
            submission.problems.append(error(
                WHERE, None, question.id, "unknown-language", ", ".join(unknown),
                f"We do not know the language '{_short(', '.join(unknown))}'. Write each "
                "language's name in English (e.g. Arabic, Cree, Tagalog) or its code."))
        return codes
    if question.id == "opening_hours":
        try:
            hours.parse(value)
        except hours.HoursSyntaxError as exc:
            submission.problems.append(error(
                WHERE, None, question.id, "bad-opening-hours", _short(value),
                f"'{_short(value)}' is not in the short form for opening hours (it goes wrong "
                f"at character {exc.position}). Write it like \"Mo-Fr 09:00-17:00; "
                "Sa 10:00-12:00\", or leave it empty and say the hours in words above."))
            return None
    return value


def parse(body: str | None, form: Form, languages: tuple[str, ...] = ()) -> Submission:
    """The answers in an issue ``body`` made with ``form``, and every problem with them."""
    submission = Submission()
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(body) > BODY_LIMIT:
        submission.problems.append(error(WHERE, None, None, "too-long", None,
                                         f"The issue has {len(body):,} characters; the form "
                                         f"allows at most {BODY_LIMIT:,}."))
        return submission
    raw, submission.problems = sections(body, form)
    for question in form.questions:
        value = raw.get(question.id, "")
        value = "" if value == NO_RESPONSE else value
        if not value:
            continue
        checks = _check(question, value)
        submission.problems += checks
        answer = None if checks else _answer(question, value, languages, submission)
        if answer:
            submission.answers[question.id] = answer
    _required(form, submission)
    _consent(submission)
    return submission


def _required(form: Form, submission: Submission) -> None:
    flagged = {p.column for p in submission.problems}
    for question in form.questions:
        if question.required and question.id not in submission.answers \
                and question.id not in flagged:
            what = "tick the box" if question.widget == "checkboxes" else "answer it"
            submission.problems.append(error(WHERE, None, question.id, "missing-value", "",
                                             f"'{question.label}' is needed: {what}."))


def _consent(submission: Submission) -> None:
    answers = submission.answers
    if answers.get("contact_name") and answers.get("contact_consent") != "yes":
        del answers["contact_name"]
        answers.pop("contact_consent", None)
        submission.notes.append("The contact person's name was not kept: the form does not "
                                "say that they agreed to be on the website.")

