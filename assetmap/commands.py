"""What each command does, as plain functions the CLI calls."""

from __future__ import annotations

from pathlib import Path

import click

from assetmap.config import load_settings
from assetmap.inventory.load import load
from assetmap.inventory.problems import UsageError, fails
from assetmap.inventory.report import as_json, as_table


def check(path: Path, fmt: str = "table", strict: bool = False, sheet: str | None = None,
          config_file: Path | None = None) -> bool:
    """Print the inventory's problems; True when the check fails."""
    settings = load_settings(config_file)
    loaded = load(path, settings, sheet=sheet)
    click.echo(as_json(loaded.problems) if fmt == "json" else as_table(loaded.problems))
    return fails(loaded.problems, strict)


def build(path: Path, strict: bool = False, config_file: Path | None = None) -> bool:
    """Check the inventory at ``path``, then build the site from it; True when either
    fails."""
    if check(path, strict=strict, config_file=config_file):
        click.echo("The site was not built: fix the errors above first.", err=True)
        return True
    from assetmap.build.site import build_site

    return not build_site(config_file, data_dir=path)


def serve(lang: str | None = None, dev_addr: str | None = None,
          config_file: Path | None = None) -> bool:
    """Preview the site as it is edited, in one language; True when it could not start."""
    from assetmap.build.site import serve_site

    codes = load_settings(config_file).language_codes
    if lang and lang != "all" and lang not in codes:
        raise UsageError(f"--lang {lang}: the site has no language '{lang}'; choose one of "
                         f"{', '.join(codes)}, or 'all'.")
    return not serve_site(config_file, lang, dev_addr)


def export(path: Path, fmt: str, output: Path, config_file: Path | None = None,
           force: bool = False) -> bool:
    """Write the public inventory in one open format; True when the inventory has errors."""
    from assetmap.export import check_output
    from assetmap.export import export as write_export
    from assetmap.inventory.read import inventory_files

    settings = load_settings(config_file)
    check_output(fmt, output, inventory_files(Path(path)), force=force)
    loaded = load(path, settings)
    if loaded.has_errors:
        click.echo(as_table([p for p in loaded.problems if p.is_error]))
        click.echo("Nothing was exported: fix the errors above first.", err=True)
        return True
    for written in write_export(loaded.inventory, fmt, output):
        click.echo(f"Wrote {written}")
    return False


def import_hsds(source: Path, output: Path, mapping_file: Path | None = None,
                force: bool = False, fmt: str = "table") -> None:
    """Turn an HSDS 3.0 export into an inventory CSV and list what a person must finish."""
    from assetmap.imports import import_hsds as run_import

    default_mapping = output.parent / "mappings" / "hsds.yml"
    if mapping_file is None and default_mapping.is_file():
        mapping_file = default_mapping
    imported = run_import(source, output, mapping_file, force=force)
    click.echo(as_json(imported.problems) if fmt == "json" else as_table(imported.problems))
    click.echo(f"Wrote {len(imported.rows)} asset(s) to {output}. Fill in what is listed "
               f"above, then run: assetmap check {output}", err=fmt == "json")


def forms(data: Path, output: Path, check: bool = False,
          config_file: Path | None = None) -> bool:
    """Write the issue forms (or, with ``check``, compare); True when --check finds them out
    of date."""
    from assetmap.contribute.forms import write_forms

    stale = write_forms(data, output, load_settings(config_file), check=check)
    for path in stale:
        click.echo(f"{path}: out of date; run: assetmap forms" if check else f"Wrote {path}")
    if not stale:
        click.echo(f"The issue forms in {output} are up to date.")
    return check and bool(stale)


def check_issue(event_file: Path, data: Path, out: Path | None, pending: Path | None = None,
                config_file: Path | None = None) -> None:
    """Check an issue as it is opened or edited: one comment, nothing written."""
    from assetmap.contribute import apply as contribute

    outcome = contribute.check_issue(contribute.read_event(event_file), data,
                                     load_settings(config_file), pending=pending)
    _outputs(outcome, out)


def apply_issue(event_file: Path, data: Path, out: Path | None, pending: Path | None = None,
                build_config: Path | None = None, config_file: Path | None = None) -> None:
    """Turn an approved issue into one changed row, or a comment listing the problems."""
    from assetmap.contribute import apply as contribute

    outcome = contribute.apply_issue(contribute.read_event(event_file), data,
                                     load_settings(config_file), pending=pending,
                                     build_config=build_config)
    _outputs(outcome, out)


def _outputs(outcome, out: Path | None) -> None:
    from assetmap.contribute.apply import write_outputs

    if out is not None:
        write_outputs(outcome, out)
    click.echo(outcome.summary)
    if out is None:
        click.echo(outcome.comment or outcome.body)


def review(data: Path, output: Path | None, fmt: str = "markdown", max_chars: int = 0,
           config_file: Path | None = None) -> None:
    """The assets due for review, as Markdown (or JSON), to stdout or a file."""
    from assetmap.contribute.review import review_json, review_markdown

    settings = load_settings(config_file)
    inventory = load(data, settings).inventory
    text = review_json(inventory) if fmt == "json" else review_markdown(inventory,
                                                                        max_chars=max_chars)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote {output}")
