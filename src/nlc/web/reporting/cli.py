"""``nlc report``: the network's report (or the area's) from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from nlc.web.bootstrap import setup_django

_OUT = click.Path(dir_okay=False, path_type=Path)


def _find(network_name: str | None, area_name: str | None):
    """The network (and its area) or the area the names point to; a clear message if none
    or several match."""
    from nlc.web.registry.models import Area, Network

    area = None
    if area_name:
        area = Area.objects.filter(name=area_name).first()
        if area is None:
            raise click.ClickException(f"no area named {area_name!r}")
    if network_name is None:
        return None, area
    found = Network.objects.filter(name=network_name).select_related("area")
    if area is not None:
        found = found.filter(area=area)
    networks = list(found[:2])
    if not networks:
        where = f" in {area.name!r}" if area else ""
        raise click.ClickException(f"no network named {network_name!r}{where}")
    if len(networks) > 1:
        raise click.ClickException(
            f"several areas have a network named {network_name!r}: add --area NAME"
        )
    return networks[0], area


@click.command("report")
@click.option("--network", "network_name", metavar="NAME", help="The network's name.")
@click.option(
    "--area",
    "area_name",
    metavar="NAME",
    help="The area: with --network, where to find it; alone, the area's report.",
)
@click.option("--pdf", "pdf_out", type=_OUT, help="Write the report as PDF to this file.")
@click.option("--html", "html_out", type=_OUT, help="Write the report as HTML to this file.")
def report_command(network_name, area_name, pdf_out, html_out):
    """Write a network's report (or with --area alone, the area's) as PDF and/or HTML.

    Read from the database as the operator: people are named in full, pupils never.
    """
    if not network_name and not area_name:
        raise click.UsageError("give --network NAME, or --area NAME for the area's report")
    if not pdf_out and not html_out:
        raise click.UsageError("give --pdf OUT.pdf and/or --html OUT.html")
    for out in (pdf_out, html_out):
        if out is not None and not out.parent.is_dir():
            raise click.UsageError(f"the folder {str(out.parent)!r} does not exist")
    setup_django()
    from nlc.files import write_atomic
    from nlc.reports.network import (
        PdfUnavailable,
        html_to_pdf,
        render_area_report,
        render_network_report,
    )
    from nlc.web.reporting import services

    network, area = _find(network_name, area_name)
    reader = services.operator()
    if network is not None:
        document = render_network_report(services.network_content(network, reader))
    else:
        document = render_area_report(area.name, services.area_content(area, reader))
    if pdf_out:
        try:
            write_atomic(pdf_out, html_to_pdf(document))
        except PdfUnavailable as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"wrote {pdf_out}")
    if html_out:
        write_atomic(html_out, document)
        click.echo(f"wrote {html_out}")
