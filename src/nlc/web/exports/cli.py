"""``nlc export``: a network's (or an area's) ties and nodes from the database to a file.

Registered with the other web commands (:data:`nlc.web.cli.COMMANDS`). It runs with an
administrator's view (:class:`nlc.web.exports.services.SystemUser`) and writes through
:func:`nlc.network.io.write_ties`, so the file is what the site's export gives an
administrator, in any format NLC writes.
"""

from __future__ import annotations

import click

from nlc.web.bootstrap import setup_django

__all__ = ["export_command"]


@click.command("export")
@click.option("--network", "network_name", metavar="NAME", help="The network to export.")
@click.option("--area", "area_name", metavar="NAME", help="Export every tie of the area.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "tsv", "xlsx", "graphml", "gexf", "pajek", "dl", "kumu"]),
    help="Default: from OUT's extension (.csv .tsv .xlsx .graphml .gexf .net .dl .json).",
)
@click.option(
    "--people/--organisations",
    default=False,
    help="Person ties or organisation ties (default: organisations).",
)
@click.argument("out", type=click.Path(dir_okay=False))
def export_command(network_name, area_name, fmt, people, out):
    """Export a network's (or an area's) ties and nodes from the database to OUT.

    Runs with an administrator's view: real names, every tie. A CSV or TSV export is two
    files, OUT and OUT's name with '-nodes'. Read it back with nlc analyse or nlc convert.
    """
    from pathlib import Path

    from nlc.errors import InputError
    from nlc.files import check_writable
    from nlc.network.io import write_ties

    if (network_name is None) == (area_name is None):
        raise click.UsageError("give one of --network NAME or --area NAME")
    setup_django()
    from nlc.web.exports import services
    from nlc.web.registry.models import Area, Network

    suffix = Path(out).suffix.lower()
    if fmt is not None and services.FORMATS[fmt].suffix != suffix:
        raise click.BadParameter(
            f"a {fmt} file's name ends with {services.FORMATS[fmt].suffix}", param_hint="OUT"
        )
    if suffix not in {kind.suffix for kind in services.FORMATS.values()}:
        raise click.BadParameter("end OUT with .csv .tsv .xlsx .graphml .gexf .net .dl or .json")
    check_writable(out)
    level = "people" if people else "organisations"
    user = services.SystemUser()
    if network_name is not None:
        named = list(Network.objects.filter(name=network_name).select_related("area"))
        if len(named) != 1:
            areas = ", ".join(n.area.name for n in named)
            raise InputError(
                f"{len(named)} networks are called {network_name!r}"
                + (f" (in {areas}); rename one to export it" if named else "")
            )
        found = named[0]
        table = services.network_table(user, found, level)
    else:
        found = Area.objects.filter(name=area_name).first()
        if found is None:
            raise InputError(f"no area called {area_name!r}")
        table = services.area_table(user, found, level)
    for path in write_ties(services.for_format(table, suffix), out):
        click.echo(f"wrote {path}")
    click.echo(f"{len(table.nodes.ids)} {level} and {len(table)} tie arcs of {found.name}")
