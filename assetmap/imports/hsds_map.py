"""One HSDS service (nested JSON shape) -> one inventory row, and what could not be mapped.

assetmap's own HSDS export round-trips exactly: its 'assetmap ...' taxonomies carry our ids and
coded fields. From any other HSDS export the coded fields are worked out from HSDS's own
columns where a fair reading exists (a cost option of 0 is 'free'); what cannot be is left
empty for a person and reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from babel import Locale

from assetmap.export import hsds as out
from assetmap.imports.hsds_schedules import SYNTAX_NOTE, weekly_row
from assetmap.imports.mapping import Mapping, cell_text, key
from assetmap.inventory import hours, schema
from assetmap.inventory.taxonomy import SLUG, Taxonomy

_ENGLISH_NAMES = {name.casefold(): code for code, name in Locale("en").languages.items()}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
JOIN_WORDS = [("self-referral", ("self-referral", "self referral", "refer yourself",
                                  "contact them yourself")),
              ("referral", ("referral", "referred")),
              ("appointment", ("appointment", "book")),
              ("drop-in", ("drop-in", "drop in", "just come", "walk-in", "walk in"))]
ACCEPTING_WORDS = [("waitlist", ("waiting list", "waitlist", "wait list")),
                   ("no", ("not taking", "not accepting", "no new", "full"))]


@dataclass
class Issue:
    """Something in one service that a person has to look at."""

    column: str
    code: str
    value: str
    message: str


@dataclass
class Context:
    taxonomy: Taxonomy
    mapping: Mapping
    used_ids: set[str] = field(default_factory=set)


def _unique(wanted: str, used: set[str]) -> str:
    candidate = schema.unique_id(wanted, used)
    used.add(candidate)
    return candidate


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _dict(owner: dict, name: str) -> dict:
    """``owner[name]`` when it is an object; {} when missing or of another shape."""
    value = owner.get(name)
    return value if isinstance(value, dict) else {}


def _dicts(owner: dict, name: str) -> list[dict]:
    """The objects in the list ``owner[name]``; [] when missing or of another shape."""
    value = owner.get(name)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _first(owner: dict, name: str) -> dict:
    return next(iter(_dicts(owner, name)), {})


def _taxonomy_name(attribute: dict) -> str:
    term = _dict(attribute, "taxonomy_term")
    return cell_text(_dict(term, "taxonomy_detail").get("name") or term.get("taxonomy"))


def _ours(attributes: list[dict], key_: str) -> list[dict]:
    name = out.TAXONOMIES[key_][0]
    return [a for a in attributes if _taxonomy_name(a) == name]


def _label_index(terms) -> dict[str, str]:
    index = {}
    for term in terms.values():
        for label in term.label.values():
            index.setdefault(key(label), term.id)
    return index


class ServiceMapper:
    """Reads one nested service; ``cells`` is the row, ``issues`` what needs a person."""

    def __init__(self, service: dict, ctx: Context) -> None:
        self.s, self.ctx = service, ctx
        self.org = _dict(service, "organization")
        self.location = next((_dict(link, "location") for link in
                              _dicts(service, "service_at_locations")
                              if _dict(link, "location")), {})
        self.address = _first(self.location, "addresses")
        self.attributes = _dicts(service, "attributes")
        self.fields = {cell_text(_dict(a, "taxonomy_term").get("code")): cell_text(a.get("value"))
                       for a in _ours(self.attributes, "fields")}
        self.issues: list[Issue] = []

    def issue(self, column: str, code: str, value: str, message: str) -> None:
        self.issues.append(Issue(column, code, value, message))

    def coded(self, name: str) -> str:
        value = self.fields.get(name, "").lower()
        return value if value in schema.FIELDS_BY_NAME[name].codes else ""

    # --- the columns that need more than a copy -------------------------------------------

    def asset_id(self) -> str:
        wanted = self.fields.get("id", "")
        if not SLUG.match(wanted):
            wanted = schema.slug(cell_text(self.s.get("name"))) or \
                f"service-{cell_text(self.s.get('id'))[:8]}"
        return _unique(wanted, self.ctx.used_ids)

    def category_of(self, term: dict) -> str | None:
        categories = self.ctx.taxonomy.categories
        for candidate in (term.get("code"), term.get("name")):
            target = self.ctx.mapping.categories.get(key(cell_text(candidate)))
            if target:
                return target
        code = cell_text(term.get("code"))
        if code in categories:
            return code
        return _label_index(categories).get(key(cell_text(term.get("name"))))

    def categories(self) -> str:
        skip = {out.TAXONOMIES[k][0] for k in ("neighbourhoods", "audiences", "fields")}
        found: list[str] = []
        unmapped = False
        for attribute in self.attributes:
            term = _dict(attribute, "taxonomy_term")
            if not term or _taxonomy_name(attribute) in skip:
                continue
            category = self.category_of(term)
            if category:
                found.append(category)
            else:
                unmapped = True
                shown = " — ".join(dict.fromkeys(
                    cell_text(v) for v in (term.get("code"), term.get("name")) if cell_text(v)))
                self.issue("category", "unmapped-category", shown,
                           f"The HSDS term '{shown}' has no category; add it to the "
                           "'categories' section of the mapping file, or fill in category.")
        if not found and not unmapped:
            self.issue("category", "no-category", "", "The service has no taxonomy term; fill "
                       "in category (ids from categories.yml).")
        return "; ".join(dict.fromkeys(found))

    def neighbourhoods(self) -> str:
        known = {**self.ctx.taxonomy.neighbourhoods, out.ALL_AREA: None}
        found = [cell_text(_dict(a, "taxonomy_term").get("code"))
                 for a in _ours(self.attributes, "neighbourhoods")]
        found = [n for n in found if n in known]
        if not found:
            labels = {**_label_index(self.ctx.taxonomy.neighbourhoods),
                      key(out.ALL_AREA_NAME): out.ALL_AREA}
            areas = [labels.get(key(cell_text(a.get("name"))))
                     for a in _dicts(self.s, "service_areas")]
            found = [a for a in areas if a]
        if not found:
            derived = self.ctx.mapping.neighbourhood_for(cell_text(self.address.get("postal_code")),
                                                         cell_text(self.address.get("city")))
            found = [derived] if derived else []
        if not found:
            self.issue("neighbourhood", "no-neighbourhood", "",
                       "No neighbourhood could be worked out; fill in neighbourhood (ids from "
                       "neighbourhoods.yml, or 'all'), or add the postal code or city to the "
                       "mapping file.")
        return "; ".join(dict.fromkeys(found))

    def ages(self) -> str:
        """'55+' or '12-25' from the service's minimum_age and maximum_age."""
        low, high = (_number(self.s.get(k)) for k in ("minimum_age", "maximum_age"))
        if low is None and high is None:
            return ""
        ages = f"{int(low or 0)}+" if high is None else f"{int(low or 0)}-{int(high)}"
        if schema.parse_ages(ages) is None:
            self.issue("ages", "unmapped-ages", ages, "These ages are not a range from 0 to "
                       f"{schema.AGE_LIMIT}; fill in ages, e.g. '12-25' or '55+'.")
            return ""
        return ages

    def audience(self) -> str:
        """Our audience ids: from 'assetmap audiences' attributes, by id or by label."""
        terms = self.ctx.taxonomy.audiences
        labels = _label_index(terms)
        found = []
        for attribute in _ours(self.attributes, "audiences"):
            term = _dict(attribute, "taxonomy_term")
            code = cell_text(term.get("code"))
            code = code if code in terms else labels.get(key(cell_text(term.get("name"))))
            if code:
                found.append(code)
            else:
                self.issue("audience", "unmapped-audience", cell_text(term.get("name")),
                           "Not an audience of audiences.yml; add it there, or fill in "
                           "audience.")
        return "; ".join(dict.fromkeys(found))

    def kind(self) -> str:
        if self.coded("kind"):
            return self.coded("kind")
        status = cell_text(self.org.get("legal_status")).casefold()
        return "informal" if "informal" in status or "unincorporated" in status else "formal"

    def cost(self) -> tuple[str, str]:
        fees = cell_text(self.s.get("fees_description"))
        labels = {word.casefold(): c.code for c in schema.COST_CHOICES
                  for word in (c.code, c.label)}
        note = "" if fees.casefold() in labels else fees
        if self.coded("cost"):
            return self.coded("cost"), note
        amounts = [_number(c.get("amount")) for c in _dicts(self.s, "cost_options")]
        if 0 in amounts or fees.casefold() in ("free", "gratuit") \
                or fees.casefold().startswith("free"):
            return "free", note
        return labels.get(fees.casefold(), ""), note

    def from_words(self, name: str, words) -> str:
        if self.coded(name):
            return self.coded(name)
        text = cell_text(self.s.get("application_process")).casefold()
        return next((code for code, phrases in words if any(p in text for p in phrases)), "")

    def opening_hours(self) -> str:
        """The syntax an assetmap export noted, else the weekly rows' (``byday``, ``opens_at``,
        ``closes_at``); '' when neither gives hours the syntax checks (an issue says why)."""
        schedules = _dicts(self.s, "schedules")
        for schedule in schedules:
            noted = SYNTAX_NOTE.match(cell_text(schedule.get("notes")))
            if noted:
                return self.checked_hours(noted.group(1).strip())
        times = [weekly for schedule in schedules if (weekly := weekly_row(schedule))]
        return self.checked_hours(hours.from_weekly(times)) if times else ""

    def checked_hours(self, value: str) -> str:
        try:
            hours.parse(value)
        except hours.HoursSyntaxError:
            self.issue("opening_hours", "unreadable-schedule", value,
                       f"'{value}': its schedules are not opening hours in a form the "
                       "opening_hours syntax checks; they are left out of opening_hours (the "
                       "schedules' descriptions are in 'hours'). Write them by hand.")
            return ""
        return value

    def hours(self) -> str:
        parts = []
        for schedule in _dicts(self.s, "schedules"):
            text = cell_text(schedule.get("description"))
            if not text and weekly_row(schedule):
                continue  # in opening_hours
            if not text:
                times = "–".join(cell_text(schedule.get(k)) for k in ("opens_at", "closes_at")
                                 if schedule.get(k))
                text = " ".join(p for p in (cell_text(schedule.get("byday")), times) if p)
            parts.append(text)
        return "; ".join(p for p in parts if p)

    def address_text(self) -> str:
        parts = (cell_text(self.address.get(k)) for k in
                 ("address_1", "address_2", "city", "state_province"))
        return ", ".join(p for p in parts if p)

    def phone(self) -> str:
        for owner in (self.s, self.location, self.org):
            number = _first(owner, "phones")
            if cell_text(number.get("number")):
                extension = cell_text(number.get("extension"))
                return cell_text(number["number"]) + (f" ext. {extension}" if extension else "")
        return ""

    def languages(self) -> str:
        codes = []
        for language in [*_dicts(self.s, "languages"), *_dicts(self.location, "languages")]:
            code = cell_text(language.get("code")) or _ENGLISH_NAMES.get(
                cell_text(language.get("name")).casefold(), "")
            if code:
                codes.append(code)
            else:
                self.issue("languages", "unknown-language", cell_text(language.get("name")),
                           "This language has no ISO 639 code; add its code to languages.")
        return "; ".join(dict.fromkeys(codes))

    def accessibility(self) -> str:
        labels = {key(label): code for code, label in schema.ACCESSIBILITY_FEATURES.items()}
        found = []
        for item in _dicts(self.location, "accessibility"):
            text = cell_text(item.get("description"))
            code = (self.ctx.mapping.accessibility.get(key(text)) or labels.get(key(text))
                    or (text if text in schema.ACCESSIBILITY_FEATURES else None))
            if code:
                found.append(code)
            elif text:
                self.issue("accessibility", "unmapped-accessibility", text,
                           "Not one of our accessibility features; add it to the "
                           "'accessibility' section of the mapping file.")
        return "; ".join(dict.fromkeys(found))

    def last_verified(self) -> str:
        date = cell_text(self.s.get("assured_date"))
        return date[:10] if ISO_DATE.match(date) else ""

    def contact(self) -> str:
        name = cell_text(_first(self.s, "contacts").get("name"))
        if name:
            self.issue("contact_name", "contact-needs-consent", name,
                       "Imported without consent: ask the person, then set contact_consent "
                       "to 'yes' to publish the name.")
        return name


REQUIRED_FROM = {
    "name": ("no-name", "The service has no name; fill in name."),
    "description": ("no-description", "Neither the service nor its organization has a "
                    "description; write one to three short sentences in description."),
    "last_verified": ("no-last-verified", "HSDS gave no assured_date; fill in last_verified "
                      "once a person has confirmed the details."),
}


def _required_issues(cells: dict[str, str]) -> Iterator[Issue]:
    for name, (code, message) in REQUIRED_FROM.items():
        if not cells[name]:
            yield Issue(name, code, "", message)


def service_row(service: dict, ctx: Context) -> tuple[dict[str, str], list[Issue]]:
    """The inventory row for ``service``, and the issues a person has to look at."""
    m = ServiceMapper(service, ctx)
    cost, cost_note = m.cost()
    cells = {
        "id": m.asset_id(),
        "name": cell_text(service.get("name")),
        "category": m.categories(),
        "neighbourhood": m.neighbourhoods(),
        "kind": m.kind(),
        "description": cell_text(service.get("description")) or cell_text(m.org.get("description")),
        "who_for": cell_text(service.get("eligibility_description")),
        "ages": m.ages(),
        "audience": m.audience(),
        "cost": cost,
        "cost_note": cost_note,
        "how_to_join": m.from_words("how_to_join", JOIN_WORDS),
        "accepting": m.from_words("accepting", ACCEPTING_WORDS),
        "hours": m.hours(),
        "opening_hours": m.opening_hours(),
        "address": m.address_text(),
        "postal_code": cell_text(m.address.get("postal_code")),
        "latitude": cell_text(m.location.get("latitude")),
        "longitude": cell_text(m.location.get("longitude")),
        "phone": m.phone(),
        "email": cell_text(service.get("email")) or cell_text(m.org.get("email")),
        "website": cell_text(service.get("url")) or cell_text(m.org.get("website")),
        "languages": m.languages(),
        "accessibility": m.accessibility(),
        "last_verified": m.last_verified(),
        "verified_by": m.fields.get("verified_by", ""),
        "contact_name": m.contact(),
        "contact_consent": "",
        "internal_notes": f"Imported from HSDS service {cell_text(service.get('id'))}.",
    }
    return cells, [*m.issues, *_required_issues(cells)]
