"""The GitHub issue forms, made from the schema and the taxonomy.

``assetmap forms`` writes "Propose an asset" and "Report a change or closure" (and the chooser's
``config.yml``) to ``.github/ISSUE_TEMPLATE``. Types, required fields, multiple choice and
the allowed values, with their words, come from ``assetmap.inventory.schema`` and ``data/``;
only the questions people answer, in plain language, live here. The same ``Form`` objects tell
``assetmap.contribute.issue_body`` how to read an issue made with them, so a dropdown label
always maps back to its id.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml

from assetmap.config import Settings
from assetmap.inventory import schema
from assetmap.inventory.problems import UsageError
from assetmap.inventory.taxonomy import Taxonomy, load_taxonomy

PROPOSE_FILE = "propose-asset.yml"
CHANGE_FILE = "report-change.yml"
CONFIG_FILE = "config.yml"
PROPOSAL_LABEL = "proposal"
CHANGE_LABEL = "change-report"
TEMPLATE_FOLDER = Path(".github") / "ISSUE_TEMPLATE"

TEXT_LIMIT = schema.TEXT_MAX_LENGTH  # characters, for the answers that are not a column

# Never asked: stewards' notes are private; last_verified is the date a steward approves.
NOT_ASKED = ("internal_notes", "last_verified")
TEXTAREAS = ("description", "who_for")

# What people read: a question and a hint for each column, in plain language.
WORDING: dict[str, tuple[str, str]] = {
    "id": ("Short web name",
           "Most people leave this empty: we make it from the name, e.g. "
           "`riverside-walking-group`. Use only a-z, 0-9 and '-'."),
    "name": ("Name", "The name people know it by."),
    "category": ("What kind of support is it?",
                 "Choose one or more. The first one you choose is the main one."),
    "neighbourhood": ("Where is it?",
                      "Choose one or more neighbourhoods, or \"Everywhere\" if it is for the "
                      "whole area or online."),
    "kind": ("Who runs it?", "An organisation, or people who get together informally."),
    "description": ("What happens there?",
                    "One to three short sentences in plain language, e.g. \"A friendly walk "
                    "by the river every Tuesday. Everyone welcome.\""),
    "who_for": ("Who is it for?",
                "For example: everyone, seniors 55+, parents of young children, newcomers."),
    "ages": ("What ages is it for?",
             "Leave it empty if every age is welcome. Otherwise write the youngest and oldest "
             "age, e.g. 12-25, or the youngest and a plus for \"and over\", e.g. 55+."),
    "audience": ("Is it meant for particular people?",
                 "Tick everyone it is meant for, or nothing if it is for everyone."),
    "cost": ("Does it cost anything?", ""),
    "cost_note": ("More about the cost", "For example: \"Pay what you can\"."),
    "how_to_join": ("How does someone start?", ""),
    "accepting": ("Is it taking new people now?", ""),
    "hours": ("When is it on?", "In words, e.g. \"Tuesdays 10 am to noon\"."),
    "opening_hours": ("Regular opening hours, in short form (optional)",
                      "Only if they are the same every week. Days Mo Tu We Th Fr Sa Su, times "
                      "in 24 hours, a semicolon between rules, e.g. \"Mo-Fr 09:00-17:00; "
                      "Sa 10:00-12:00\", \"Tu,Th 10:00-14:00\", \"Fr-Sa 22:00-02:00\" (past "
                      "midnight). Leave it empty if it is by appointment: say so above."),
    "address": ("Street address", "Leave it empty if there is no fixed place, or it is online."),
    "postal_code": ("Postal code", ""),
    "latitude": ("Map location: latitude", "Only if you know it, e.g. from a map app: 45.04213"),
    "longitude": ("Map location: longitude", "Only if you know it, e.g. -74.73120"),
    "phone": ("Phone number",
              "The group's or organisation's number, e.g. 613-555-0123 ext. 2"),
    "email": ("Email address", "The group's or organisation's email, e.g. info@example.org"),
    "website": ("Website", "The address starting with https://"),
    "languages": ("Languages spoken there", "Write them in words, e.g. English, French, Arabic."),
    "accessibility": ("Accessibility", "Choose everything that is true."),
    "verified_by": ("Your role (not your name)",
                    "How you know about it, e.g. volunteer, link worker, the organiser."),
    "contact_name": ("A contact person",
                     "Only a person who agreed to have their name on the website, e.g. a "
                     "neighbourhood champion."),
    "contact_consent": ("Did the contact person agree to be on the website?",
                        "We only publish a name when the answer is yes."),
}

# The area-wide answer to "Where is it?", as its hint names it.
EVERYWHERE = "Everywhere: the whole area, or online"

PRIVACY = ("privacy", "Privacy",
           "I have not included anyone's personal details (their name, phone, email or home "
           "address) without their permission.")
CHANGES = (("confirm", "The details are still correct"),
           ("update", "Some details have changed"),
           ("close", "It has closed for good"))


@dataclass(frozen=True)
class Question:
    """One field of a form. ``id`` is the inventory column it fills, or a form-only id."""

    id: str
    label: str
    help: str = ""
    widget: str = "input"  # input, textarea, dropdown or checkboxes
    required: bool = False
    multiple: bool = False
    options: tuple[tuple[str, str], ...] = ()  # (value, label people read)
    limit: int = TEXT_LIMIT
    lines: bool = False  # whether the answer may have several lines
    free_text: bool = True  # prose (which may hold joiners and marks), not a code


@dataclass(frozen=True)
class Form:
    file: str
    name: str
    description: str
    title: str
    label: str
    intro: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


# --- the questions, from the schema -------------------------------------------------------


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _options(fld: schema.Field, taxonomy: Taxonomy) -> tuple[tuple[str, str], ...]:
    if fld.kind == schema.CATEGORIES:
        return tuple((t.id, _category_label(t)) for t in taxonomy.categories.values())
    if fld.kind == schema.AUDIENCE:
        return tuple((t.id, f"{t.label.get('en', t.id)} ({t.id})")
                     for t in taxonomy.audiences.values())
    if fld.kind == schema.NEIGHBOURHOODS:
        terms = tuple((t.id, f"{t.label.get('en', t.id)} ({t.id})")
                      for t in taxonomy.neighbourhoods.values())
        return terms + ((schema.NEIGHBOURHOOD_ALL, f"{EVERYWHERE} ({schema.NEIGHBOURHOOD_ALL})"),)
    # The schema's words for each code: what it means where it says, else its label.
    return tuple((c.code, f"{_sentence(c.help or c.label)} ({c.code})") for c in fld.choices)


def _category_label(term) -> str:
    label = term.label.get("en", term.id)
    about = term.description.get("en", "").strip().rstrip(".")
    if about and not about[1:2].isupper():
        about = about[:1].lower() + about[1:]
    return f"{label} — {about} ({term.id})" if about else f"{label} ({term.id})"


def _with_limit(hint: str, limit: int) -> str:
    """The form's own guidance on length (issue forms cannot set a maxlength)."""
    return " ".join(filter(None, (hint, f"At most {limit:,} characters.")))


def column_question(fld: schema.Field, taxonomy: Taxonomy) -> Question:
    label, hint = WORDING.get(fld.name, (fld.label, fld.description))
    choice = fld.kind in (schema.CATEGORIES, schema.NEIGHBOURHOODS, schema.CHOICE,
                          schema.CHOICES, schema.YES_NO)
    widget = "dropdown" if choice else "textarea" if fld.name in TEXTAREAS else "input"
    if fld.kind == schema.AUDIENCE:  # a short list, all in view: people tick each that fits
        widget, choice = "checkboxes", True
    if fld.free_text or fld.kind == schema.SLUG:
        hint = _with_limit(hint, fld.max_length)
    return Question(
        id=fld.name, label=label, help=hint, widget=widget,
        required=fld.required and fld.name != "id",
        multiple=fld.multiple and choice,
        options=_options(fld, taxonomy) if choice else (),
        limit=fld.max_length,
        # a list of boxes comes back one line per box
        lines=(widget == "textarea" and fld.lines) or widget == "checkboxes",
        free_text=fld.free_text,
    )


def _privacy() -> Question:
    qid, label, option = PRIVACY
    return Question(qid, label, widget="checkboxes", required=True, options=((qid, option),))


def _intro(settings: Settings, opening: str) -> str:
    ways = (f"call {settings.contact_phone}" if settings.contact_phone else "",
            f"email {settings.contact_email}" if settings.contact_email else "")
    contact = " or ".join(way for way in ways if way)
    lines = [
        opening, "",
        "> **This page is public: everyone can read what you write here.** Do not include "
        "anyone's private details — a home address, a personal phone number or email, or "
        "anything about their health — unless they have agreed. Give the group's or "
        "organisation's own contact details instead.",
    ]
    if contact:
        lines += ["", f"No GitHub account? You can also {contact}, and we will do it for you."]
    return "\n".join(lines)


def propose_form(taxonomy: Taxonomy, settings: Settings) -> Form:
    asked = [column_question(f, taxonomy) for f in schema.FIELDS
             if f.name not in NOT_ASKED and f.name != "id"]
    asked.append(column_question(schema.FIELDS_BY_NAME["id"], taxonomy))
    return Form(
        file=PROPOSE_FILE, name="Propose an asset",
        description="Tell us about a group, place, service or person that helps people in "
                    "the community feel well.",
        title="New asset: ", label=PROPOSAL_LABEL,
        intro=_intro(settings, "Thank you for telling us about something that helps people "
                     "feel well. A steward — a volunteer who looks after this map — will read "
                     "your proposal, check it and add it to the map. Questions marked with a "
                     "red star are needed; answer the others if you can."),
        questions=(*asked, _privacy()),
    )


def _only_if_changed(question: Question) -> Question:
    hint = " ".join(filter(None, ("Only if it has changed.", question.help)))
    return replace(question, required=False, help=hint)


def change_form(taxonomy: Taxonomy, settings: Settings) -> Form:
    which = Question("asset_id", "Which asset?", required=True, limit=schema.ID_MAX_LENGTH,
                     free_text=False,
                     help="Its short web name, at the end of its page's address, e.g. "
                          "`riverside-walking-group`. The \"Suggest a change\" link on the "
                          "asset's page fills this in for you.")
    what = Question("change", "What would you like to tell us?", widget="dropdown",
                    required=True, options=CHANGES)
    changed = [_only_if_changed(column_question(f, taxonomy)) for f in schema.FIELDS
               if f.name not in NOT_ASKED and f.name != "id"]
    details = Question("details", "Anything else?", widget="textarea", lines=True,
                       help="For example, what changed and since when. A steward reads this; "
                            "it is not published.")
    return Form(
        file=CHANGE_FILE, name="Report a change or closure",
        description="Tell us that an asset's details are still right, have changed, or that "
                    "it has closed.",
        title="Change: ", label=CHANGE_LABEL,
        intro=_intro(settings, "Thank you for helping keep the map up to date. Only fill in "
                     "what has changed; leave the rest empty. A steward will check it before "
                     "the map changes."),
        questions=(which, what, *changed, details, _privacy()),
    )


def build_forms(taxonomy: Taxonomy, settings: Settings) -> tuple[Form, Form]:
    return propose_form(taxonomy, settings), change_form(taxonomy, settings)


def forms_for(data: Path, settings: Settings) -> tuple[Form, Form]:
    """The forms for the taxonomy in the folder ``data``; UsageError when it has errors."""
    taxonomy = load_taxonomy(Path(data))
    errors = [p.message for p in taxonomy.problems if p.is_error]
    if errors:
        raise UsageError(f"{data}: the forms need a working taxonomy: {' '.join(errors)}")
    return build_forms(taxonomy, settings)


# --- YAML ---------------------------------------------------------------------------------

HEADER = ("# Made by `assetmap forms` from assetmap/inventory/schema.py, data/categories.yml,\n"
          "# data/neighbourhoods.yml and mkdocs.yml. Do not edit: change those and run\n"
          "# `assetmap forms` again.\n")


def _item(question: Question) -> dict:
    attributes: dict = {"label": question.label}
    if question.help:
        attributes["description"] = question.help
    if question.widget == "dropdown":
        if question.multiple:
            attributes["multiple"] = True
        attributes["options"] = [label for _value, label in question.options]
    if question.widget == "checkboxes":
        attributes["options"] = [{"label": label, "required": question.required}
                                 for _value, label in question.options]
    item = {"type": question.widget, "id": question.id, "attributes": attributes}
    if question.required and question.widget != "checkboxes":
        item["validations"] = {"required": True}
    return item


class _Dumper(yaml.SafeDumper):
    """Writes text of several lines as a literal block, so the files read like the page."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def _dump(data: dict) -> str:
    return HEADER + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                              width=100)


def render_form(form: Form) -> str:
    body = [{"type": "markdown", "attributes": {"value": form.intro}}]
    return _dump({"name": form.name, "description": form.description, "title": form.title,
                  "labels": [form.label], "body": body + [_item(q) for q in form.questions]})


def render_config(settings: Settings) -> str:
    """The template chooser: no blank issues, and the phone and email way in."""
    page = contribute_page(settings)
    links = []
    if settings.contact_phone:
        links.append({"name": f"No GitHub account? Call {settings.contact_phone}",
                      "url": page, "about": "Phone us and a volunteer will add or update an "
                                            "asset for you."})
    if settings.contact_email:
        links.append({"name": f"No GitHub account? Email {settings.contact_email}",
                      "url": page, "about": "Write to us and a volunteer will add or update "
                                            "an asset for you."})
    config: dict = {"blank_issues_enabled": False}
    if links:
        config["contact_links"] = links
    return _dump(config)


def render_all(data: Path, settings: Settings) -> dict[str, str]:
    """File name -> text of every file in .github/ISSUE_TEMPLATE."""
    files = {form.file: render_form(form) for form in forms_for(data, settings)}
    files[CONFIG_FILE] = render_config(settings)
    return files


def write_forms(data: Path, folder: Path, settings: Settings, check: bool = False) -> list[Path]:
    """Write the forms into ``folder``; with ``check``, write nothing. Returns the files that
    were out of date (and, unless checking, have been rewritten)."""
    stale = []
    for name, text in render_all(data, settings).items():
        path = Path(folder) / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return stale


# --- links to the forms -------------------------------------------------------------------


def _new_issue(settings: Settings, query: dict[str, str]) -> str:
    repo = settings.repo_url.strip().rstrip("/").removesuffix(".git")
    if not repo:
        return ""
    return f"{repo}/issues/new?{urlencode(query, quote_via=quote, safe='')}"


def change_url(asset, settings: Settings) -> str:
    """The "Report a change" form for ``asset`` (a ``model.Asset``), its id and name filled in.
    '' when mkdocs.yml has no ``repo_url``."""
    name = asset.name if isinstance(asset.name, str) else \
        asset.text("name", settings.default_language, settings.default_language)[0]
    return _new_issue(settings, {"template": CHANGE_FILE, "title": f"Change: {name}",
                                 "asset_id": asset.id})


def propose_url(settings: Settings) -> str:
    """The "Propose an asset" form; '' when mkdocs.yml has no ``repo_url``."""
    return _new_issue(settings, {"template": PROPOSE_FILE})


def contribute_page(settings: Settings) -> str:
    """The site's page on how to contribute, which also gives the phone and email."""
    if settings.site_url:
        return settings.site_url.rstrip("/") + "/contribute/"
    return settings.repo_url.rstrip("/") or "https://github.com"
