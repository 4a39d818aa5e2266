"""``nlc import KIND FILE``: load organisations, people, ties, the school census or GIAS group
links into the web app's database, all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

KIND_NAMES = ("organisations", "people", "ties", "census", "gias-links", "activities")


@click.command("import")
@click.argument("kind", type=click.Choice(KIND_NAMES))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--area",
    metavar="NAME",
    help="Area to import into (organisations: created if new; census: all schools "
    "into this one area instead of one area per local authority; people, ties, "
    "gias-links: look names up only there).",
)
@click.option(
    "--network",
    metavar="NAME",
    help="Network the ties belong to (ties, gias-links) and that the organisations or "
    "schools join (organisations, census, gias-links).",
)
@click.option("--dry-run", is_flag=True, help="Check everything and report; write nothing.")
@click.option(
    "--ties",
    "create_ties",
    is_flag=True,
    help="gias-links: also tie every two schools of the same multi-academy trust.",
)
@click.option(
    "--centroids",
    type=click.Path(dir_okay=False, path_type=Path),
    help="census: postcode centroid file (default: "
    "aux_school_postcode_centroids_bng_census2011.csv beside FILE, if there).",
)
@click.option(
    "--local-authority",
    metavar="NAME",
    help="census: import only the schools of this local authority.",
)
@click.pass_context
def import_command(
    ctx, *, kind, file, area, network, dry_run, create_ties, centroids, local_authority
):
    """Import KIND (organisations, people, ties, census, gias-links, activities) from FILE.

    Files are CSV, TSV or XLSX; the columns are described in nlc.web.imports.services.
    Nothing is written unless every row is good: otherwise every row error is listed
    (file, row, column) and the exit code is 2.
    """
    from nlc.web.bootstrap import setup_django

    setup_django()
    from nlc.errors import InputError
    from nlc.web.audit.registration import cli_context
    from nlc.web.imports.services import ImportFailed, run_import

    options = {}
    if kind == "census":
        options = {"centroids": centroids, "local_authority": local_authority}
    elif centroids or local_authority:
        raise click.UsageError("--centroids and --local-authority are for census imports")
    if kind == "gias-links":
        options["create_ties"] = create_ties
    elif create_ties:
        raise click.UsageError("--ties is for gias-links imports")
    try:
        with cli_context("nlc import"):
            result = run_import(kind, file, area=area, network=network, dry_run=dry_run, **options)
    except ImportFailed as exc:
        click.echo(f"error: {exc.report()}", err=True)
        ctx.exit(2)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    click.echo(result.summary())
