"""The ``assetmap`` command. Each command parses its options and calls one library function."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import commands
from .problems import UsageError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

config_option = click.option(
    "--config", "config_file", type=click.Path(path_type=Path), default=None,
    help="The site configuration (default: ./mkdocs.yml when it exists).")
debug_option = click.option("--debug", is_flag=True, help="Show a traceback on failure.")


class Guarded(click.Group):
    """Turns any failure into a one-line message and exit status 2, unless --debug."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"assetmap: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException,
                SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for people
            if "--debug" in sys.argv:
                traceback.print_exc()
            else:
                click.echo(f"assetmap: unexpected failure: {exc.__class__.__name__}: {exc} "
                           "(run again with --debug for details)", err=True)
            sys.exit(EXIT_USAGE)


@click.group(cls=Guarded)
@click.version_option(package_name="assetmap")
def main() -> None:
    """Publish a community asset map as an accessible, multilingual directory."""


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("data"))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              help="A table for people (default) or JSON for machines.")
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--sheet", default=None, help="The sheet to read in .xlsx files (default: first).")
@config_option
@debug_option
def check(path: Path, fmt: str, strict: bool, sheet: str | None, config_file: Path | None,
          debug: bool) -> None:
    """Check the inventory at PATH (a file or a folder; default: data/).

    Exit status: 0 when there is no error, 1 when there are errors (or warnings with
    --strict), 2 for a usage problem.
    """
    failed = commands.check(path, fmt=fmt, strict=strict, sheet=sheet, config_file=config_file)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


@main.command()
@click.option("--data", "path", type=click.Path(path_type=Path), default=Path("data"),
              help="The inventory folder (default: data/).")
@click.option("--strict", is_flag=True, help="Warnings in the inventory fail too.")
@config_option
@debug_option
def build(path: Path, strict: bool, config_file: Path | None, debug: bool) -> None:
    """Check the inventory, then build the site into site/."""
    failed = commands.build(path, strict=strict, config_file=config_file)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)
