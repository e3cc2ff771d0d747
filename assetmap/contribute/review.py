"""The review cycle: the assets nobody has checked for ``review_months``, by neighbourhood.

``assetmap review`` prints the report; the monthly workflow puts the same report in one issue
labelled ``review-due``. Each asset links to its "Report a change" form, where a person can say
the details are still correct, or what changed.
"""

from __future__ import annotations

import datetime as dt
import json

from assetmap.contribute import inert
from assetmap.contribute.forms import CHANGES, change_url
from assetmap.inventory import schema
from assetmap.inventory.model import Asset, Inventory
from assetmap.inventory.validate import months_between
from assetmap.language import gettext

REVIEW_LABEL = "review-due"
CONFIRM = dict(CHANGES)["confirm"]


def due(inventory: Inventory, today: dt.date) -> list[Asset]:
    """The assets due for review, the longest unchecked first."""
    months = inventory.settings.review_months
    return sorted((a for a in inventory.assets if a.overdue(today, months)),
                  key=lambda a: (a.last_verified, a.id))


def _name(asset: Asset, inventory: Inventory) -> str:
    lang = inventory.settings.default_language
    return asset.text("name", lang, lang)[0] or asset.id


def _groups(inventory: Inventory, assets: list[Asset]) -> list[tuple[str, list[Asset]]]:
    lang = inventory.settings.default_language
    names = {t.id: t.label.get(lang) or t.label.get("en") or t.id
             for t in inventory.taxonomy.neighbourhoods.values()}
    area_wide = schema.AREA_WIDE  # its words, as the site and the exports have them
    names[area_wide.code] = f"{gettext(lang, area_wide.label)} ({gettext(lang, area_wide.help)})"
    groups = []
    for key, name in names.items():
        members = [a for a in assets if key in a.neighbourhoods]
        if members:
            groups.append((name, members))
    return groups


def _line(asset: Asset, inventory: Inventory, today: dt.date) -> str:
    months = months_between(asset.last_verified, today)
    url = change_url(asset, inventory.settings)
    link = f" — [Report a change]({url})" if url else ""
    return (f"- [ ] {inert.span(_name(asset, inventory))} ({inert.span(asset.id)}): last "
            f"checked {asset.last_verified.isoformat()}, {months} months ago{link}")


def review_markdown(inventory: Inventory, today: dt.date | None = None,
                    max_chars: int = 0) -> str:
    """The report for people. With ``max_chars``, assets that do not fit are counted at the
    end instead (a GitHub issue holds at most 65,536 characters)."""
    today = today or dt.date.today()
    months = inventory.settings.review_months
    assets = due(inventory, today)
    head = ["# Assets due for review", ""]
    if not assets:
        return "\n".join(head + [f"Nothing is due: every asset was checked in the last "
                                 f"{months} months ({today.isoformat()})."])
    count = "1 asset was" if len(assets) == 1 else f"{len(assets)} assets were"
    head += [f"{count} last checked more than "
             f"{months} months ago ({today.isoformat()}). For each one: contact the group or "
             "organisation and check the details, then open its *Report a change* link and "
             f"choose \"{CONFIRM}\", or fill in what changed. When a steward approves it, the "
             "date is updated on the map."]
    lines, shown = list(head), set()
    for name, members in _groups(inventory, assets):
        block = ["", f"## {inert.escape(name)}", ""] + \
                [_line(a, inventory, today) for a in members]
        if max_chars and len("\n".join(lines + block)) > max_chars - 200:
            break
        lines += block
        shown |= {a.id for a in members}
    left = len(assets) - len(shown)
    if left:
        lines += ["", f"…and {left} more. Run `assetmap review` for the full list."]
    return "\n".join(lines)


def review_json(inventory: Inventory, today: dt.date | None = None) -> str:
    """The report for machines: one object per asset due."""
    today = today or dt.date.today()
    return json.dumps([
        {"id": a.id, "name": _name(a, inventory), "neighbourhoods": list(a.neighbourhoods),
         "last_verified": a.last_verified.isoformat(),
         "months": months_between(a.last_verified, today),
         "change_url": change_url(a, inventory.settings)}
        for a in due(inventory, today)
    ], ensure_ascii=False, indent=2)
