"""What each command does, as plain functions the CLI calls."""

from __future__ import annotations

from pathlib import Path

import click

from .config import load_settings
from .inventory import load
from .problems import fails
from .report import as_json, as_table


def check(path: Path, fmt: str = "table", strict: bool = False, sheet: str | None = None,
          config_file: Path | None = None) -> bool:
    """Print the inventory's problems; True when the check fails."""
    settings = load_settings(config_file)
    loaded = load(path, settings, sheet=sheet)
    click.echo(as_json(loaded.problems) if fmt == "json" else as_table(loaded.problems))
    return fails(loaded.problems, strict)


def build(path: Path, strict: bool = False, config_file: Path | None = None) -> bool:
    """Check the inventory, then build the site; True when either fails."""
    if check(path, strict=strict, config_file=config_file):
        click.echo("The site was not built: fix the errors above first.", err=True)
        return True
    from .site import build_site

    return not build_site(config_file)
