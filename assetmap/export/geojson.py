"""The assets that have coordinates, as a GeoJSON FeatureCollection (RFC 7946).

Each feature is a Point at [longitude, latitude] (RFC 7946 order, the reverse of how people
say it) whose properties are the asset's public fields: texts in the default language with the
translations as ``name:fr``-style keys, lists for several values, and ``url``, the asset's page
relative to the site's address.
"""

from __future__ import annotations

import json
from pathlib import Path

from assetmap.export import records
from assetmap.inventory.model import Asset, Inventory
from assetmap.pages.views import asset_url


def feature(asset: Asset, inventory: Inventory) -> dict:
    settings = inventory.settings
    properties = {column: records.value(asset, column, settings)
                  for column in records.columns(settings) if column not in records.NUMERIC}
    properties["last_verified"] = asset.last_verified.isoformat()
    properties["url"] = asset_url(asset.id)
    return {
        "type": "Feature",
        "id": asset.id,
        "geometry": {"type": "Point", "coordinates": [asset.longitude, asset.latitude]},
        "properties": properties,
    }


def feature_collection(inventory: Inventory) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [feature(asset, inventory) for asset in inventory.assets
                     if asset.latitude is not None and asset.longitude is not None],
    }


def write_geojson(inventory: Inventory, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(feature_collection(inventory), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return path
