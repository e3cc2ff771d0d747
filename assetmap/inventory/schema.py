"""The inventory schema, declared once.

Every column of an inventory is declared here with its type, whether it is required, whether it
is public, whether it takes translations and a one-line description. The validator, the
inventory-format docs page, the issue forms and the exports are all derived from ``FIELDS``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from assetmap.inventory.cells import EXCEL_CELL_LIMIT

# The value kinds a column can have. Each kind has one check in ``assetmap.inventory.validate``.
TEXT = "text"
SLUG = "slug"
CATEGORIES = "categories"
NEIGHBOURHOODS = "neighbourhoods"
CHOICE = "choice"
CHOICES = "choices"
DATE = "date"
PHONE = "phone"
EMAIL = "email"
URL = "url"
LATITUDE = "latitude"
LONGITUDE = "longitude"
LANGUAGES = "languages"
YES_NO = "yes-no"

NEIGHBOURHOOD_ALL = "all"

# Accessibility features: a fixed list, documented on the inventory-format page.
ACCESSIBILITY_FEATURES: dict[str, str] = {
    "wheelchair": "Wheelchair access: step-free entrance and routes",
    "accessible-washroom": "Accessible washroom",
    "hearing-loop": "Hearing loop for hearing aids",
    "asl": "American Sign Language (ASL) interpretation",
    "lsq": "Quebec Sign Language (LSQ) interpretation",
    "large-print": "Large-print materials",
    "braille": "Braille materials",
    "near-transit": "Near a bus stop or transit station",
    "parking": "Parking, including accessible spaces",
    "quiet-space": "A quiet space to take a break",
    "scent-free": "Scent-free space",
    "gender-neutral-washroom": "Gender-neutral washroom",
}


# The longest id: a web address part and a folder name on every file system, with room for
# the language suffix and the sheet's name (file systems stop at 255 bytes a name).
ID_MAX_LENGTH = 80
NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Field:
    """One inventory column.

    ``max_length`` is the most characters a cell may hold (translations too); ``lines`` says
    whether it may hold line breaks. Both apply in ``check``, the issue forms and
    ``apply-issue`` alike (``assetmap.inventory.cells`` has the rules for characters).
    """

    name: str
    kind: str
    description: str
    required: bool = False
    public: bool = True
    translatable: bool = False
    multiple: bool = False
    choices: tuple[str, ...] = ()
    example: str = ""
    choice_help: dict[str, str] = field(default_factory=dict)
    max_length: int = TEXT_MAX_LENGTH
    lines: bool = False

    @property
    def free_text(self) -> bool:
        """Prose, in any language (not a code): it may hold the joiners and marks real
        text needs."""
        return self.kind == TEXT


FIELDS: tuple[Field, ...] = (
    Field("id", SLUG, "Stable short name made of a-z, 0-9 and '-'; unique; "
          "it becomes the asset's web address.", required=True, example="riverside-walking-group",
          max_length=ID_MAX_LENGTH),
    Field("name", TEXT, "Name of the asset.", required=True, translatable=True,
          example="Riverside walking group", max_length=NAME_MAX_LENGTH),
    Field("category", CATEGORIES, "One or more category ids from categories.yml; "
          "the first is the main one.", required=True, multiple=True, example="nature; belonging"),
    Field("neighbourhood", NEIGHBOURHOODS, "One or more neighbourhood ids from "
          "neighbourhoods.yml, or 'all' for area-wide or online.", required=True, multiple=True,
          example="old-mill"),
    Field("kind", CHOICE, "Formal (organisation, program, service, space) or informal "
          "(group, champion, network).", required=True, choices=("formal", "informal"),
          choice_help={"formal": "an organisation, program, service or space",
                       "informal": "a group, champion or network"}),
    Field("description", TEXT, "What it is, in plain language: one to three short sentences.",
          required=True, translatable=True, lines=True),
    Field("who_for", TEXT, "Who can join: population, ages, eligibility.", translatable=True,
          lines=True),
    Field("cost", CHOICE, "What it costs; cost_note explains.",
          choices=("free", "low-cost", "fee")),
    Field("cost_note", TEXT, "More about the cost, e.g. 'Pay what you can'.", translatable=True,
          lines=True),
    Field("how_to_join", CHOICE, "How a person starts.",
          choices=("drop-in", "self-referral", "referral", "appointment"),
          choice_help={"drop-in": "just come", "self-referral": "contact them yourself",
                       "referral": "a professional refers you",
                       "appointment": "book an appointment"}),
    Field("accepting", CHOICE, "Whether it takes new people now.",
          choices=("yes", "waitlist", "no")),
    Field("hours", TEXT, "When, in words.", translatable=True, example="Tuesdays 10 am to noon",
          lines=True),
    Field("address", TEXT, "Street address.", max_length=300),
    Field("postal_code", TEXT, "Postal code.", max_length=20),
    Field("latitude", LATITUDE, "Latitude in decimal degrees (with longitude).",
          example="45.04213", max_length=30),
    Field("longitude", LONGITUDE, "Longitude in decimal degrees (with latitude).",
          example="-74.73120", max_length=30),
    Field("phone", PHONE, "Phone number; extensions and short numbers such as 211 are fine.",
          example="613-555-0123 ext. 2", max_length=50),
    Field("email", EMAIL, "Email address.", example="info@example.org", max_length=254),
    Field("website", URL, "Web address starting with https:// or http://.",
          example="https://example.org"),
    Field("languages", LANGUAGES, "Language codes (BCP 47) of languages spoken there.",
          multiple=True, example="en; fr; ar", max_length=200),
    Field("accessibility", CHOICES, "Accessibility features from the fixed list.",
          multiple=True, choices=tuple(ACCESSIBILITY_FEATURES), example="wheelchair; near-transit",
          choice_help=ACCESSIBILITY_FEATURES),
    Field("last_verified", DATE, "Date a person last confirmed the details, YYYY-MM-DD.",
          required=True, example="2026-03-14", max_length=30),
    Field("verified_by", TEXT, "Role of who checked it (not their name).",
          example="Link worker", max_length=NAME_MAX_LENGTH),
    Field("contact_name", TEXT, "A named person, e.g. a neighbourhood champion; published only "
          "when contact_consent is 'yes'.", public=False, max_length=NAME_MAX_LENGTH),
    Field("contact_consent", YES_NO, "'yes' when the named contact agreed to be published.",
          choices=("yes", "no")),
    Field("internal_notes", TEXT, "For stewards only: never published anywhere.", public=False,
          lines=True, max_length=EXCEL_CELL_LIMIT),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
REQUIRED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)
TRANSLATABLE: tuple[str, ...] = tuple(f.name for f in FIELDS if f.translatable)
# Columns that hold numbers: a spreadsheet gets them as numbers, never neutralised as text.
NUMBERS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind in (LATITUDE, LONGITUDE))
MULTI_SEPARATORS = (";", ",")
TRANSLATION_SEPARATOR = ":"


def slug(text: str, width: int = 60) -> str:
    """An id made from text, cut at a word: 'Café-rencontre des aînés' ->
    'cafe-rencontre-des-aines'; '' when the text has no letter a-z or digit."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > width:
        words = words[:width].rsplit("-", 1)[0]
    return words


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first one not ``taken`` (and never longer
    than an id may be)."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: ID_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def split_column(column: str) -> tuple[str, str | None]:
    """'description:fr' -> ('description', 'fr'); 'name' -> ('name', None)."""
    base, sep, lang = column.partition(TRANSLATION_SEPARATOR)
    return (base, lang) if sep else (base, None)


def split_multi(value: str) -> list[str]:
    """Split a cell with several values on commas or semicolons, dropping blanks."""
    for sep in MULTI_SEPARATORS[1:]:
        value = value.replace(sep, MULTI_SEPARATORS[0])
    return [part.strip() for part in value.split(MULTI_SEPARATORS[0]) if part.strip()]
