"""The ``assetmap`` command. Each command parses its options and calls one library function."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from assetmap import commands
from assetmap.inventory.problems import UsageError

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
    """Check the inventory (default: data/), then build the site from it into site/."""
    failed = commands.build(path, strict=strict, config_file=config_file)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


@main.command()
@click.option("--lang", default=None,
              help="The language to preview (default: the site's default language); 'all' "
                   "builds every language, more slowly.")
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT",
              help="Where to serve the preview (default: mkdocs.yml's dev_addr, "
                   "127.0.0.1:8000).")
@config_option
@debug_option
def serve(lang: str | None, dev_addr: str | None, config_file: Path | None,
          debug: bool) -> None:
    """Preview the site while you edit the inventory or the pages: it is rebuilt, in one
    language, and reloaded in the browser after every change.

    Exit status: 1 when the first build fails, 2 for a usage problem.
    """
    sys.exit(EXIT_PROBLEMS if commands.serve(lang, dev_addr, config_file) else EXIT_OK)


@main.command()
@click.option("--format", "fmt", required=True,
              type=click.Choice(["csv", "xlsx", "geojson", "hsds"]),
              help="csv, xlsx (a sheet per language), geojson (assets with coordinates) or "
                   "hsds (Open Referral HSDS 3.0: a folder of CSV tables and JSON).")
@click.option("--output", required=True, type=click.Path(path_type=Path),
              help="The file to write; for hsds, a folder.")
@click.option("--data", "path", type=click.Path(path_type=Path), default=Path("data"),
              help="The inventory folder (default: data/).")
@click.option("--force", is_flag=True, help="Replace the output if it exists (never a file of "
                                            "the inventory).")
@config_option
@debug_option
def export(fmt: str, output: Path, path: Path, force: bool, config_file: Path | None,
           debug: bool) -> None:
    """Export the public inventory as open data (never internal notes or unconsented names).

    An existing output is replaced only with --force; a file of the inventory never is.
    Exit status: 0 when written, 1 when the inventory has errors, 2 for a usage problem.
    """
    failed = commands.export(path, fmt, output, config_file=config_file, force=force)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


@main.group(name="import")
def import_() -> None:
    """Import another directory's open data as an inventory file."""


@import_.command(name="hsds")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--output", type=click.Path(path_type=Path), default=Path("data/imported.csv"),
              help="The inventory CSV to write (default: data/imported.csv); categories.yml "
                   "and neighbourhoods.yml beside it give the ids to map to.")
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path), default=None,
              help="The term mapping (default: mappings/hsds.yml beside the output, as "
                   "data/mappings/hsds.yml, when it exists).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              help="What needs a person: a table (default) or JSON for machines.")
@debug_option
def import_hsds(source: Path, output: Path, mapping_file: Path | None, force: bool, fmt: str,
                debug: bool) -> None:
    """Turn the HSDS 3.0 export at SOURCE (a folder of CSV files, its .zip, or a JSON file)
    into an inventory CSV.

    Categories are mapped through the mapping file; neighbourhoods come from postal codes or
    cities listed there, or are left empty for a person to fill in. Everything that could
    not be mapped is listed. Exit status: 0 when written, 2 for a usage problem.
    """
    commands.import_hsds(source, output, mapping_file, force=force, fmt=fmt)


data_folder_option = click.option(
    "--data", "data", type=click.Path(path_type=Path), default=Path("data"),
    help="The inventory folder, with categories.yml and neighbourhoods.yml (default: data/).")


@main.command()
@data_folder_option
@click.option("--output", type=click.Path(path_type=Path),
              default=Path(".github") / "ISSUE_TEMPLATE",
              help="Where the forms go (default: .github/ISSUE_TEMPLATE).")
@click.option("--check", is_flag=True, help="Write nothing; fail when the forms are out of date.")
@config_option
@debug_option
def forms(data: Path, output: Path, check: bool, config_file: Path | None, debug: bool) -> None:
    """Write the GitHub issue forms "Propose an asset" and "Report a change or closure".

    Their choices come from the categories and neighbourhoods in the data folder, their
    questions from the inventory schema, and the phone and email for people without a GitHub
    account from mkdocs.yml. Exit status: 0 when written or up to date, 1 when --check finds
    them out of date, 2 for a usage problem.
    """
    sys.exit(EXIT_PROBLEMS if commands.forms(data, output, check=check,
                                             config_file=config_file) else EXIT_OK)


out_option = click.option(
    "--out", type=click.Path(path_type=Path), default=None,
    help="A folder for the workflow's next steps: result, and branch, title, body.md, "
         "commit.txt, comment.md or label.")
pending_option = click.option(
    "--pending", type=click.Path(path_type=Path), default=None,
    help="A folder with a copy of the data folder of each open pull request: a new asset's id "
         "is kept unique among theirs too.")


@main.command("check-issue")
@click.argument("event_file", metavar="EVENT_JSON", type=click.Path(path_type=Path))
@data_folder_option
@out_option
@pending_option
@config_option
@debug_option
def check_issue(event_file: Path, data: Path, out: Path | None, pending: Path | None,
                config_file: Path | None, debug: bool) -> None:
    """Check an issue made with a form as it is opened or edited, and write one comment.

    The answers are read and tried on a copy of the inventory with every check of `apply-issue`;
    nothing is written to the data folder. The comment says what needs fixing, or that the
    issue is ready for a steward. Exit status: 0 either way, 2 for a usage problem.
    """
    commands.check_issue(event_file, data, out, pending, config_file=config_file)


@main.command("apply-issue")
@click.argument("event_file", metavar="EVENT_JSON", type=click.Path(path_type=Path))
@data_folder_option
@out_option
@pending_option
@click.option("--build", "build_config", type=click.Path(path_type=Path), default=None,
              help="Build the site of this mkdocs.yml with the changed inventory before the "
                   "pull request is described, and say how it went in it.")
@config_option
@debug_option
def apply_issue(event_file: Path, data: Path, out: Path | None, pending: Path | None,
                build_config: Path | None, config_file: Path | None, debug: bool) -> None:
    """Turn an approved issue-form issue into one changed inventory row.

    EVENT_JSON is the 'issues' event GitHub gives the workflow ($GITHUB_EVENT_PATH). When the
    answers pass every check, the row is added, changed or removed in the data folder (the
    rest of the file is kept byte for byte) and a pull request is described; when the map
    already says what the issue asks, a comment says so ('done'); otherwise a comment lists
    the problems and nothing is written. Exit status: 0 either way, 2 for a usage problem.
    """
    commands.apply_issue(event_file, data, out, pending, build_config, config_file=config_file)


@main.command()
@data_folder_option
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="Write the report to this file instead of the screen.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown",
              help="Markdown for people (default) or JSON for machines.")
@click.option("--max-chars", type=click.IntRange(min=0), default=0,
              help="Shorten the Markdown to this many characters (0: no limit).")
@config_option
@debug_option
def review(data: Path, output: Path | None, fmt: str, max_chars: int,
           config_file: Path | None, debug: bool) -> None:
    """List the assets due for review, grouped by neighbourhood.

    An asset is due when its last_verified date is older than review_months (mkdocs.yml,
    default 12). Each one links to its "Report a change" form.
    """
    commands.review(data, output, fmt=fmt, max_chars=max_chars, config_file=config_file)
