"""``nlc export knowledge OUT``: every knowledge item to CSV, XLSX or JSON Lines, in the
columns ``nlc import knowledge`` reads (:mod:`nlc.web.knowledge.transfer`)."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["export_command"]


@click.command("export")
@click.argument("kind", type=click.Choice(["knowledge"]))
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--area", metavar="NAME", help="Export only this area's items.")
@click.pass_context
def export_command(ctx, kind, out, area):
    """Export KIND (knowledge) to OUT (.csv, .xlsx or .jsonl).

    Importing the file again with nlc import knowledge gives back the same items; exporting
    after that gives the same file.
    """
    from nlc.web.bootstrap import setup_django

    setup_django()
    from nlc.errors import InputError
    from nlc.web.knowledge.transfer import export_knowledge
    from nlc.web.registry.models import Area

    try:
        found = None
        if area is not None:
            found = Area.objects.filter(name__iexact=area.strip()).first()
            if found is None:
                raise InputError(f"there is no area named {area!r}")
        count = export_knowledge(out, area=found)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    click.echo(f"{count} knowledge item{'s' if count != 1 else ''} written to {out}")
