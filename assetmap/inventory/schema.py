"""The inventory schema, declared once.

Every column of an inventory is declared here with its type, its name in words, whether it is
required, whether it is public, whether it takes translations and a one-line description; every
coded value a column allows is a ``Choice`` with the words readers see for it, on screen and
on paper. The validator, the site's "Inventory format" page, the pages' labels, the issue forms
and the exports are all derived from ``FIELDS``. The words are English messages marked with
``N_``: the catalogues in ``assetmap/locales`` translate them, like the templates' labels.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
OPENING_HOURS = "opening-hours"
AGES = "ages"
AUDIENCE = "audience"


def N_(message: str) -> str:
    """Marks an English label for the catalogues (``pybabel extract -k N_``, see
    assetmap/locales/README.md); it is translated where it is shown, in the reader's
    language."""
    return message


class UnknownCode(ValueError):
    """A coded value the schema does not declare: a page never shows a code in its place."""


@dataclass(frozen=True)
class Choice:
    """One coded value of a column, e.g. cost 'low-cost'.

    ``label`` is what readers see on the site; ``short`` what paper shows, where space is dear
    (the label when empty); ``help`` a few words on what the code means, where the label
    alone would not say it (the issue forms show it). All three are English messages marked
    for translation, translated where they are shown.
    """

    code: str
    label: str
    short: str = ""
    help: str = ""

    @property
    def paper(self) -> str:
        return self.short or self.label


NEIGHBOURHOOD_ALL = "all"
AREA_WIDE = Choice(NEIGHBOURHOOD_ALL, N_("All neighbourhoods"), help=N_("area-wide or online"))

KIND_CHOICES = (
    Choice("formal", N_("Run by an organisation"), N_("Organisation"),
           N_("an organisation, program, service or space")),
    Choice("informal", N_("Community group: run by local people, not an organisation"),
           N_("Community group, run by local people"), N_("a group, champion or network")),
)
COST_CHOICES = (
    Choice("free", N_("Free")),
    Choice("low-cost", N_("Low cost")),
    Choice("fee", N_("There is a fee")),
)
JOIN_CHOICES = (
    Choice("drop-in", N_("Just come along: no need to book."), N_("Just come along"),
           N_("just come")),
    Choice("self-referral", N_("Contact them yourself to join."), N_("Contact them to join"),
           N_("contact them yourself")),
    Choice("referral", N_("You need a referral from a professional, such as your doctor or a "
                          "link worker."), N_("Referral needed"), N_("a professional refers you")),
    Choice("appointment", N_("Book an appointment first."), N_("Book first"),
           N_("book an appointment")),
)
ACCEPTING_CHOICES = (
    Choice("yes", N_("Yes, they are taking new people now."), N_("Yes"),
           N_("yes, new people are welcome")),
    Choice("waitlist", N_("There is a waiting list: ask to be added to it."), N_("Waiting list"),
           N_("there is a waiting list")),
    Choice("no", N_("No, they are not taking new people right now."), N_("Not right now"),
           N_("not right now")),
)
# Accessibility features: a fixed list.
ACCESSIBILITY_CHOICES = (
    Choice("wheelchair", N_("Wheelchair access: step-free entrance and routes"),
           N_("Wheelchair access")),
    Choice("accessible-washroom", N_("Accessible washroom")),
    Choice("hearing-loop", N_("Hearing loop for hearing aids"), N_("Hearing loop")),
    Choice("asl", N_("American Sign Language (ASL) interpretation"), N_("ASL interpretation")),
    Choice("lsq", N_("Quebec Sign Language (LSQ) interpretation"), N_("LSQ interpretation")),
    Choice("large-print", N_("Large-print materials"), N_("Large print")),
    Choice("braille", N_("Braille materials"), N_("Braille")),
    Choice("near-transit", N_("Near a bus stop or transit station"), N_("Near transit")),
    Choice("parking", N_("Parking, including accessible spaces"), N_("Parking")),
    Choice("quiet-space", N_("A quiet space to take a break"), N_("Quiet space")),
    Choice("scent-free", N_("Scent-free space")),
    Choice("gender-neutral-washroom", N_("Gender-neutral washroom")),
)
CONSENT_CHOICES = (
    Choice("yes", N_("Yes, they agreed")),
    Choice("no", N_("No, or I have not asked them")),
)
# code -> its label in English (the HSDS import matches these words too).
ACCESSIBILITY_FEATURES: dict[str, str] = {c.code: c.label for c in ACCESSIBILITY_CHOICES}

# What each kind of value is, in words, for the inventory-format page (its example shows how
# it is written).
KIND_LABELS: dict[str, str] = {
    TEXT: N_("Text"),
    SLUG: N_("Small letters without accents, digits and hyphens"),
    CATEGORIES: N_("Ids of the categories below"),
    NEIGHBOURHOODS: N_("Ids of the neighbourhoods below"),
    CHOICE: N_("One of the values below"),
    CHOICES: N_("Any of the values below"),
    DATE: N_("A date: year, month and day"),
    PHONE: N_("A phone number"),
    EMAIL: N_("An email address"),
    URL: N_("A web address"),
    LATITUDE: N_("A latitude, in decimal degrees"),
    LONGITUDE: N_("A longitude, in decimal degrees"),
    LANGUAGES: N_("Language codes (BCP 47)"),
    YES_NO: N_("One of the values below"),
    OPENING_HOURS: N_("Days and times in OpenStreetMap's opening_hours syntax"),
    AGES: N_("A range of ages in years"),
    AUDIENCE: N_("Ids of the audiences below"),
}


# The longest id: a web address part and a folder name on every file system, with room for
# the language suffix and the sheet's name (file systems stop at 255 bytes a name).
ID_MAX_LENGTH = 80
NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Field:
    """One inventory column.

    ``label`` is the column's name in words (``short_label`` on paper, where it is shorter),
    ``description`` what it holds: English messages marked for translation. ``choices`` are
    the coded values it allows (for neighbourhoods, the one value allowed besides the
    taxonomy's ids). ``consent`` names the column whose 'yes' lets a private column be
    published. ``max_length`` is the most characters a cell may hold (translations too);
    ``lines`` says whether it may hold line breaks. Both apply in ``check``, the issue forms
    and ``apply-issue`` alike (``assetmap.inventory.cells`` has the rules for characters).
    """

    name: str
    kind: str
    label: str
    description: str
    short_label: str = ""
    required: bool = False
    public: bool = True
    consent: str = ""
    translatable: bool = False
    multiple: bool = False
    choices: tuple[Choice, ...] = ()
    example: str = ""
    max_length: int = TEXT_MAX_LENGTH
    lines: bool = False

    @property
    def free_text(self) -> bool:
        """Prose, in any language (not a code): it may hold the joiners and marks real
        text needs."""
        return self.kind == TEXT

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices)

    @property
    def paper_label(self) -> str:
        return self.short_label or self.label

    def choice(self, code: str) -> Choice:
        """The choice ``code`` of this column; ``UnknownCode`` when it has none."""
        for found in self.choices:
            if found.code == code:
                return found
        raise UnknownCode(f"{self.name} has no value {code!r}: declare it in "
                          "assetmap/inventory/schema.py, with its label.")


FIELDS: tuple[Field, ...] = (
    Field("id", SLUG, N_("Short web name"), N_(
        "Stable short name made of a-z, 0-9 and '-'; unique; it becomes the asset's web "
        "address."), required=True, example="riverside-walking-group",
        max_length=ID_MAX_LENGTH),
    Field("name", TEXT, N_("Name"), N_("The name people know it by."), required=True,
          translatable=True, example="Riverside walking group", max_length=NAME_MAX_LENGTH),
    Field("category", CATEGORIES, N_("Categories"), N_(
        "One or more category ids from categories.yml; the first is the main one."),
        required=True, multiple=True, example="nature; belonging"),
    Field("neighbourhood", NEIGHBOURHOODS, N_("Neighbourhoods"), N_(
        "One or more neighbourhood ids from neighbourhoods.yml, or 'all' for area-wide or "
        "online."), required=True, multiple=True, choices=(AREA_WIDE,), example="old-mill"),
    Field("kind", CHOICE, N_("Who runs it"), N_(
        "Formal (organisation, program, service, space) or informal (group, champion, "
        "network)."), required=True, choices=KIND_CHOICES, example="informal"),
    Field("description", TEXT, N_("Description"), N_(
        "What it is, in plain language: one to three short sentences."), required=True,
        translatable=True, lines=True,
        example="A friendly walk by the river every Tuesday. Everyone welcome."),
    Field("who_for", TEXT, N_("Who it is for"), N_(
        "Who can join: population, ages, eligibility."), translatable=True, lines=True,
        example="Adults of every age and fitness"),
    Field("ages", AGES, N_("Ages"), N_(
        "The ages it is for, in years: '12-25', '55+' for 55 and over, '0-5'. Empty when "
        "every age is welcome."), example="55+", max_length=20),
    Field("audience", AUDIENCE, N_("For"), N_(
        "Who it is meant for: one or more audience ids from audiences.yml, e.g. seniors, "
        "newcomers."), multiple=True, example="seniors; newcomers", max_length=300),
    Field("cost", CHOICE, N_("Cost"), N_("What it costs; cost_note explains."),
          choices=COST_CHOICES, example="low-cost"),
    Field("cost_note", TEXT, N_("More about the cost"), N_(
        "More about the cost, e.g. 'Pay what you can'."), translatable=True, lines=True,
        example="Pay what you can"),
    Field("how_to_join", CHOICE, N_("How to join"), N_("How a person starts."),
          short_label=N_("To join"), choices=JOIN_CHOICES, example="drop-in"),
    Field("accepting", CHOICE, N_("Taking new people?"), N_(
        "Whether it takes new people now."), short_label=N_("New people?"),
        choices=ACCEPTING_CHOICES, example="yes"),
    Field("hours", TEXT, N_("When"), N_("When it is on, in words."), translatable=True,
          example="Tuesdays 10 am to noon", lines=True),
    Field("opening_hours", OPENING_HOURS, N_("Opening hours"), N_(
        "Regular opening hours in OpenStreetMap's opening_hours syntax, for 'open now' and "
        "the weekly table: days Mo Tu We Th Fr Sa Su, 24-hour times, rules separated by ';'. "
        "Empty when the hours are not regular (by appointment); 'hours' says them in words."),
        example="Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off", max_length=500),
    Field("address", TEXT, N_("Street address"), N_(
        "The street address, as people write it. Empty when there is no fixed place, or it is "
        "online."),
          example="12 Mill Street", max_length=300),
    Field("postal_code", TEXT, N_("Postal code"), N_("The postal code of the address."),
          example="K6H 2B4", max_length=20),
    Field("latitude", LATITUDE, N_("Latitude"), N_(
        "Latitude in decimal degrees (with longitude)."), example="45.04213", max_length=30),
    Field("longitude", LONGITUDE, N_("Longitude"), N_(
        "Longitude in decimal degrees (with latitude)."), example="-74.73120", max_length=30),
    Field("phone", PHONE, N_("Phone"), N_(
        "Phone number; extensions and short numbers such as 211 are fine."),
        example="613-555-0123 ext. 2", max_length=50),
    Field("email", EMAIL, N_("Email"), N_("The group's or organisation's email address."),
          example="info@example.org", max_length=254),
    Field("website", URL, N_("Website"), N_("Web address starting with https:// or http://."),
          example="https://example.org"),
    Field("languages", LANGUAGES, N_("Languages spoken"), N_(
        "Language codes (BCP 47) of languages spoken there."), short_label=N_("Languages"),
        multiple=True, example="en; fr; ar", max_length=200),
    Field("accessibility", CHOICES, N_("Accessibility"), N_(
        "Accessibility features from the fixed list."), multiple=True,
        choices=ACCESSIBILITY_CHOICES, example="wheelchair; near-transit"),
    Field("last_verified", DATE, N_("Last checked"), N_(
        "Date a person last confirmed the details, YYYY-MM-DD."), short_label=N_("Checked"),
        required=True, example="2026-03-14", max_length=30),
    Field("verified_by", TEXT, N_("Checked by"), N_("Role of who checked it (not their name)."),
          example="Link worker", max_length=NAME_MAX_LENGTH),
    Field("contact_name", TEXT, N_("Person to ask for"), N_(
        "A named person, e.g. a neighbourhood champion; published only when contact_consent "
        "is 'yes'."), public=False, consent="contact_consent", example="Léa Tremblay",
        max_length=NAME_MAX_LENGTH),
    Field("contact_consent", YES_NO, N_("The person agreed to be named"), N_(
        "'yes' when the named contact agreed to be published."), choices=CONSENT_CHOICES,
        example="yes"),
    Field("internal_notes", TEXT, N_("Private notes"), N_(
        "Notes for the people who keep the directory: never published anywhere."),
        public=False, lines=True,
        example="Spoke to the organiser in March; ask again in the autumn.",
        max_length=EXCEL_CELL_LIMIT),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
REQUIRED: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)
TRANSLATABLE: tuple[str, ...] = tuple(f.name for f in FIELDS if f.translatable)
# Columns that hold numbers: a spreadsheet gets them as numbers, never neutralised as text.
NUMBERS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind in (LATITUDE, LONGITUDE))


def choice(field_name: str, code: str) -> Choice:
    """The choice ``code`` of the column ``field_name``; ``UnknownCode`` when there is none."""
    return FIELDS_BY_NAME[field_name].choice(code)


# The oldest age a range may name: '55+' has no upper end; a reader's age above it is taken
# as this one.
AGE_LIMIT = 120
AGES_RANGE = re.compile(r"^\s*(\d{1,3})\s*(?:(\+)|[-\u2013]\s*(\d{1,3}))\s*$")


def parse_ages(value: str) -> tuple[int, int | None] | None:
    """'12-25' -> (12, 25); '55+' -> (55, None); None when it is not a range of ages from
    0 to ``AGE_LIMIT`` with its lower end first."""
    found = AGES_RANGE.match(value)
    if not found:
        return None
    low = int(found[1])
    high = None if found[2] else int(found[3])
    if low > AGE_LIMIT or (high is not None and not low <= high <= AGE_LIMIT):
        return None
    return low, high


AGES_FROM = N_("%(low)s and over")
AGES_BETWEEN = N_("%(low)s to %(high)s")


def ages_words(low: int, high: int | None, translate=lambda message: message) -> str:
    """(55, None) -> '55 and over'; (12, 25) -> '12 to 25', in the language ``translate``
    (a gettext) gives."""
    if high is None:
        return translate(AGES_FROM) % {"low": low}
    return translate(AGES_BETWEEN) % {"low": low, "high": high}


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
