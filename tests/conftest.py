from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
INVENTORY = FIXTURES / "inventory"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="session")
def settings():
    return load_settings(ROOT / "mkdocs.yml")
